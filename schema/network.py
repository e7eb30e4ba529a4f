"""The network views: the neighbourhood of a record and the actor collaboration network with its measures,
each also as a file other tools read (GraphML, GEXF, CSV, JSON)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import networkx as nx
import strawberry
from strawberry.types import Info

from hub import model
from hub.graph.analysis.network import MAX_DEPTH
from hub.ids import to_global_id
from hub.services.analysis import graph_formats
from hub.services.analysis import network as network_service
from resolvers import network as resolvers
from resolvers.analysis import MAX_RESULTS
from schema.analysis import _load, _many
from schema.enums import RelationshipType, _described
from schema.inputs import AsOf, DateRange
from schema.types import Actor, Node, to_type

RecordKind = _described(
    Enum("RecordKind", {label.upper(): label for label in model.NODE_TYPES}),
    "A type of record.",
    {"ACTOR": "An organisation or unit.", "MANDATE": "A formal authority to act.",
     "INITIATIVE": "A project, programme, working group, mini-grant or dialogue platform.",
     "LOCATION": "A place of the gazetteer.", "THEME": "A theme of the taxonomy.",
     "NEED": "A locally identified need or early-warning concern.", "CONTACT": "A liaison point for an actor."})


@strawberry.enum(description="A file format for a graph view.")
class GraphFormat(Enum):
    GRAPHML = strawberry.enum_value("GRAPHML", description="GraphML (XML), read by Gephi, yEd, Cytoscape, networkx "
                                    "and igraph.")
    GEXF = strawberry.enum_value("GEXF", description="GEXF 1.2 (XML), Gephi's own format.")
    JSON = strawberry.enum_value("JSON", description="One JSON object: capped, nodes and edges, with the fields of the "
                                 "CSV lists.")
    NODES_CSV = strawberry.enum_value("NODES_CSV", description="The nodes as CSV: id, label, key, name, kind, depth, "
                                      "then any figures (degree, strength, betweenness, community).")
    EDGES_CSV = strawberry.enum_value("EDGES_CSV", description="The edges as CSV: source, target, type, weight, and "
                                      "kinds for collaboration links.")


@strawberry.enum(description="What joins two actors in the collaboration network.")
class CollaborationKind(Enum):
    JOINT_WORK = strawberry.enum_value("JOINT_WORK", description="They implement or fund the same initiative; each "
                                       "shared initiative adds 1 to the link's weight.")
    FUNDING = strawberry.enum_value("FUNDING", description="One funds the other (FUNDS); adds 1.")
    PARTNERSHIP = strawberry.enum_value("PARTNERSHIP", description="They are partners (PARTNERS_WITH); adds 1.")
    MEMBERSHIP = strawberry.enum_value("MEMBERSHIP", description="One is a member of the other (MEMBER_OF); adds 1.")


FormatArg = Annotated[GraphFormat, strawberry.argument(description="The file format.")]


def _export(view: network_service.GraphView, fmt: GraphFormat) -> str:
    return "".join(graph_formats.render(view, fmt.value))


# -- neighbourhood ---------------------------------------------------------------------------------------------

@strawberry.type(description="A record of a neighbourhood.")
class NeighbourhoodNode:
    node: strawberry.Private[network_service.GraphNode]

    @strawberry.field(description="Global ID of the record.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id(self.node.label, self.node.key))

    @strawberry.field(description="Its type of record.")
    def kind(self) -> RecordKind:
        return RecordKind(self.node.label)

    @strawberry.field(description="Its name or title.")
    def name(self) -> str | None:
        return self.node.name

    @strawberry.field(description="An actor's kind, a place's level or an initiative's status; null for others.")
    def category(self) -> str | None:
        return self.node.kind

    @strawberry.field(description="Steps from the record asked about: 0 for it, up to the depth asked.")
    def depth(self) -> int:
        return self.node.depth

    @strawberry.field(description="The record with every field the caller may see.")
    async def record(self, info: Info) -> Node | None:
        return to_type(await _load(info, self.node.label, self.node.key))


@strawberry.type(description="A relationship of a neighbourhood, in its stored direction.")
class NeighbourhoodEdge:
    type: RelationshipType = strawberry.field(description="The kind of relationship.")
    from_id: strawberry.ID = strawberry.field(description="Global ID of the record it starts from, as stored.")
    to_id: strawberry.ID = strawberry.field(description="Global ID of the record it points to, as stored.")


@strawberry.type(description="The records within some steps of a record, and the relationships by which they were "
                 "reached: only what the caller may see.")
class Neighbourhood:
    view: strawberry.Private[network_service.GraphView]

    @strawberry.field(description="The records, the one asked about first, then by depth.")
    def nodes(self) -> list[NeighbourhoodNode]:
        return [NeighbourhoodNode(node=n) for n in self.view.nodes]

    @strawberry.field(description="The relationships walked, each once. Relationships between two records of the "
                      "outermost step are not walked.")
    def edges(self) -> list[NeighbourhoodEdge]:
        return [NeighbourhoodEdge(type=RelationshipType[e.type], from_id=strawberry.ID(to_global_id(*e.source)),
                                  to_id=strawberry.ID(to_global_id(*e.target))) for e in self.view.edges]

    @strawberry.field(description="Whether maxNodes was reached: more records lie within the depth asked.")
    def capped(self) -> bool:
        return self.view.capped

    @strawberry.field(description="The neighbourhood as a file: node IDs are the records' global IDs.")
    def export(self, format: FormatArg) -> str:  # noqa: A002
        return _export(self.view, format)


# -- collaboration network -------------------------------------------------------------------------------------

@strawberry.type(description="An actor's place in the collaboration network.")
class ActorFigures:
    actor_key: strawberry.Private[str]
    degree: int = strawberry.field(description="How many actors it is linked with.")
    strength: float = strawberry.field(
        description="The weights of its links added up: shared initiatives plus direct links.")
    betweenness: float = strawberry.field(
        description="Share of the shortest paths between two other actors that pass through it, 0 to 1: how much it "
                    "brokers between others.")
    community: int = strawberry.field(description="Index of its community in communities (0: the largest).")

    @strawberry.field(description="The actor.")
    async def actor(self, info: Info) -> Actor | None:
        return to_type(await _load(info, "Actor", self.actor_key))


def _figures(f: network_service.ActorFigures) -> ActorFigures:
    return ActorFigures(actor_key=f.key, degree=f.degree, strength=f.strength, betweenness=round(f.betweenness, 6),
                        community=f.community)


@strawberry.type(description="A group of actors linked more among themselves than with others (Louvain modularity).")
class ActorCommunity:
    index: int = strawberry.field(description="Its index: 0 for the largest.")
    size: int = strawberry.field(description="How many actors it has.")
    members: list[ActorFigures] = strawberry.field(description="Its actors, biggest brokers first, at most first.")


@strawberry.type(description="A link between actors of two different communities.")
class CollaborationBridge:
    from_key: strawberry.Private[str]
    to_key: strawberry.Private[str]
    weight: float = strawberry.field(description="Shared initiatives plus direct links.")
    kinds: list[CollaborationKind] = strawberry.field(description="What joins the two actors.")
    from_community: int = strawberry.field(description="The community of the first actor.")
    to_community: int = strawberry.field(description="The community of the second actor.")
    separates: bool = strawberry.field(
        description="Whether removing this link would split the actors it joins into two unconnected groups.")

    @strawberry.field(description="One actor of the link.")
    async def from_actor(self, info: Info) -> Actor | None:
        return to_type(await _load(info, "Actor", self.from_key))

    @strawberry.field(description="The other actor of the link.")
    async def to_actor(self, info: Info) -> Actor | None:
        return to_type(await _load(info, "Actor", self.to_key))


@strawberry.type(description="The actor collaboration network: actors linked by joint initiatives, funding, "
                 "partnership and membership, with its measures as ranked lists. Computed on what the caller may "
                 "see only.")
class CollaborationNetwork:
    network: strawberry.Private[nx.Graph]
    measures: strawberry.Private[network_service.Measures]
    first: strawberry.Private[int]

    @strawberry.field(description="How many actors it has.")
    def actor_count(self) -> int:
        return self.network.number_of_nodes()

    @strawberry.field(description="How many pairs of actors are linked.")
    def link_count(self) -> int:
        return self.measures.link_count

    def _ranked(self, key) -> list[ActorFigures]:
        ranked = sorted(self.measures.figures.values(), key=key)
        return [_figures(f) for f in ranked[:self.first]]

    @strawberry.field(description="The best-connected actors: most links first (then strength).")
    def by_degree(self) -> list[ActorFigures]:
        return self._ranked(lambda f: (-f.degree, -f.strength, f.key))

    @strawberry.field(description="The brokers: highest betweenness first; actors with none are left out.")
    def brokers(self) -> list[ActorFigures]:
        return [f for f in self._ranked(lambda f: (-f.betweenness, -f.degree, f.key)) if f.betweenness > 0]

    @strawberry.field(description="How many communities: isolated actors are one each.")
    def community_count(self) -> int:
        return len(self.measures.communities)

    @strawberry.field(description="The communities, largest first (at most first; those of one actor left out).")
    def communities(self) -> list[ActorCommunity]:
        figures = self.measures.figures
        return [ActorCommunity(index=i, size=len(g), members=[_figures(figures[k]) for k in g[:self.first]])
                for i, g in enumerate(self.measures.communities[:self.first]) if len(g) > 1]

    @strawberry.field(description="How many actors have no link at all.")
    def isolated_count(self) -> int:
        return len(self.measures.isolated)

    @strawberry.field(description="Actors with no link at all (at most first).")
    async def isolated(self, info: Info) -> list[Actor]:
        return await _many(info, "Actor", self.measures.isolated[:self.first])

    @strawberry.field(description="Links between communities: those whose removal splits a group first, then by "
                      "how much their actors broker (at most first).")
    def bridges(self) -> list[CollaborationBridge]:
        return [CollaborationBridge(from_key=b.source, to_key=b.target, weight=b.weight,
                                    kinds=[CollaborationKind[k] for k in b.kinds], from_community=b.communities[0],
                                    to_community=b.communities[1], separates=b.separates)
                for b in self.measures.bridges[:self.first]]

    @strawberry.field(description="The whole network as a file, every actor with its figures (degree, strength, "
                      "betweenness, community) and every link with its weight and kinds.")
    def export(self, format: FormatArg) -> str:  # noqa: A002
        return _export(network_service.network_view(self.network, self.measures), format)


# -- the queries -----------------------------------------------------------------------------------------------

@strawberry.type
class NetworkQuery:
    @strawberry.field(description="The records within depth steps of a record, as a graph, through what the caller "
                      "may see. Null when the record is not there for the caller.")
    async def neighbourhood(self, info: Info,
                            id: Annotated[strawberry.ID, strawberry.argument(  # noqa: A002
                                description="Global ID of the record at the centre.")],
                            depth: Annotated[int, strawberry.argument(
                                description=f"How many steps out: 1 to {MAX_DEPTH}; 1 by default.")] = 1,
                            via: Annotated[list[RelationshipType] | None, strawberry.argument(
                                description="Only through these relationship types; by default all.")] = None,
                            kinds: Annotated[list[RecordKind] | None, strawberry.argument(
                                description="Only records of these types are reached (and walked through); by "
                                "default actors, initiatives, places and mandates.")] = None,
                            period: Annotated[DateRange | None, strawberry.argument(
                                description="Initiatives and mandates active at some time in this period; records "
                                "without dates always. By default any time.")] = None,
                            max_nodes: Annotated[int, strawberry.argument(
                                description=f"At most this many records, 1 to {network_service.MAX_NODES}; 200 by "
                                "default. capped says when more were within reach.")] = 200,
                            as_of: AsOf = None,
                            ) -> Neighbourhood | None:
        view = await resolvers.neighbourhood(info.context, record_id=id, depth=depth, via=via, kinds=kinds,
                                             period=period, max_nodes=max_nodes, as_of=as_of)
        return None if view is None else Neighbourhood(view=view)

    @strawberry.field(description="The actor collaboration network with its measures: who is best connected, who "
                      "brokers between others, which groups work together, who stands alone and which links join "
                      "the groups.")
    async def collaboration_network(self, info: Info,
                                    location_id: Annotated[strawberry.ID | None, strawberry.argument(
                                        description="A Location ID: only actors working on initiatives in this place "
                                        "or any place within it, or present there; by default every actor.")] = None,
                                    theme_id: Annotated[strawberry.ID | None, strawberry.argument(
                                        description="A Theme ID: only actors working on initiatives on this theme or "
                                        "a narrower one.")] = None,
                                    period: Annotated[DateRange | None, strawberry.argument(
                                        description="Only initiatives active at some time in this period count as "
                                        "joint work; by default any time.")] = None,
                                    first: Annotated[int, strawberry.argument(
                                        description=f"How many of each ranked list: 1 to {MAX_RESULTS}; 20 by "
                                        "default.")] = 20,
                                    as_of: AsOf = None) -> CollaborationNetwork:
        network, measures = await resolvers.collaboration_network(info.context, location_id=location_id,
                                                                  theme_id=theme_id, period=period, as_of=as_of)
        return CollaborationNetwork(network=network, measures=measures, first=resolvers.limit(first))
