"""The network around a record and the actor collaboration network, with its measures.

Both are fetched in a bounded number of statements in one read transaction, with visibility applied to
every record and relationship, so a record the caller may not see neither appears nor changes anyone's
figures. Measures are computed with networkx on the projection.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from hub.access import Viewer
from hub.errors import BadInput
from hub.graph.analysis import network as q
from hub.graph.analysis.presence import present_actors
from hub.graph.connection import Graph, fetch_all, fetch_collected, fetch_one
from hub.model import NODE_TYPES
from hub.services.analysis.scope import LIVE_STATUSES
from hub.services.hierarchy import EXPANSIONS
from hub.services.history import AsOf, removed_links
from hub.services.reads import Reader

DEFAULT_KINDS = ["Actor", "Initiative", "Location", "Mandate"]
MAX_NODES = 1000
LINK_KINDS = {"PARTNERS_WITH": "PARTNERSHIP", "MEMBER_OF": "MEMBERSHIP", "FUNDS": "FUNDING"}


@dataclass
class GraphNode:
    label: str
    key: str
    name: str | None
    kind: str | None = None  # an actor's kind, a place's level, an initiative's status
    depth: int = 0  # steps from the record asked about
    figures: dict = field(default_factory=dict)  # measures, in a network
    acronym: str | None = None
    other_names: list[str] = field(default_factory=list)  # an actor's aliases, a place's alternate names

    @classmethod
    def of(cls, label: str, row: dict, depth: int = 0, figures: dict | None = None) -> GraphNode:
        """From a row of the statements' shared name columns (hub.graph.analysis.network)."""
        return cls(label, row["key"], row["name"], row["kind"], depth, figures or {}, row.get("acronym"),
                   list(row.get("otherNames") or []))


@dataclass
class GraphEdge:
    type: str
    source: tuple[str, str]  # (label, key), in the stored direction
    target: tuple[str, str]
    weight: float = 1.0
    kinds: list[str] = field(default_factory=list)  # a collaboration link: what joins the two actors


@dataclass
class GraphView:
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    capped: bool = False


def _label(labels: list[str]) -> str | None:
    return next((label for label in labels if label in NODE_TYPES), None)


async def neighbourhood(graph: Graph, viewer: Viewer, record: tuple[str, str], *, depth: int, via: list[str] | None,
                        kinds: list[str] | None, start: dt.date | None, end: dt.date | None,
                        max_nodes: int, as_of: AsOf | None = None) -> GraphView | None:
    """The records within `depth` steps of one record, reached only through records of `kinds`; None when the
    record is not there for the caller. One statement per step; as of a moment, two more to find the
    relationships removed since, and per step one per label of their far ends."""
    if not 1 <= depth <= q.MAX_DEPTH:
        raise BadInput(f"depth: must be between 1 and {q.MAX_DEPTH}, got {depth}")
    if not 1 <= max_nodes <= MAX_NODES:
        raise BadInput(f"maxNodes: must be between 1 and {MAX_NODES}, got {max_nodes}")
    vp = viewer.params()
    period = start is not None or end is not None
    params = {"labels": kinds or DEFAULT_KINDS, **vp}
    if period:
        params |= {"activeFrom": (start or dt.date.min).isoformat(), "activeTo": (end or dt.date.max).isoformat()}
    if as_of is not None:
        params |= as_of.params()
    statement = q.step(via, period, as_of is not None)

    async def walk(tx):
        first = await fetch_one(tx, q.start(record[0], as_of is not None), key=record[1], **vp,
                                **(as_of.params() if as_of else {}))
        if first is None:
            return None
        removed = await _removed_by_end(tx, as_of, via)
        nodes = {first["id"]: GraphNode.of(record[0], first)}
        edges: dict[str, GraphEdge] = {}
        frontier, capped = [first["id"]], False
        for level in range(1, depth + 1):
            room = max_nodes - len(nodes)
            rows = await fetch_all(tx, statement, ids=frontier, limit=room * 20 + 1, **params)
            if len(rows) > room * 20:
                capped, rows = True, rows[:-1]
            if removed:
                rows += await _restored_step(tx, removed, {i: nodes[i] for i in frontier}, period, params)
            reached = []
            for row in rows:
                label = _label(row["labels"])
                if label is None:
                    continue
                if row["target"] not in nodes:
                    if len(nodes) >= max_nodes:
                        capped = True
                        continue
                    nodes[row["target"]] = GraphNode.of(label, row, level)
                    reached.append(row["target"])
                if row["link"] not in edges:
                    ends = (nodes[row["source"]], nodes[row["target"]])
                    a, b = ends if row["outgoing"] else ends[::-1]
                    edges[row["link"]] = GraphEdge(row["type"], (a.label, a.key), (b.label, b.key))
            frontier = reached
            if not frontier or capped:
                break
        return GraphView(list(nodes.values()), list(edges.values()), capped)

    return await graph.read(walk)


async def _removed_by_end(tx, as_of: AsOf | None, via: list[str] | None) -> dict[tuple[str, str], list]:
    """The relationships removed since the moment that stood at it, under each of their two ends."""
    if as_of is None:
        return {}
    found: dict[tuple[str, str], list] = defaultdict(list)
    for link in await removed_links(tx, as_of, set(via) if via else None):
        found[link.source].append(link)
        found[link.target].append(link)
    return found


async def _restored_step(tx, removed: dict, frontier: dict[str, GraphNode], period: bool, params: dict) -> list[dict]:
    """The neighbours of a frontier through relationships removed since the moment: one statement per label of
    their far ends, with the checks of a step."""
    by_label: dict[str, list[dict]] = defaultdict(list)
    for element_id, node in frontier.items():
        for link in removed.get((node.label, node.key), []):
            outgoing = link.source == (node.label, node.key)
            far = link.target if outgoing else link.source
            if far[0] in params["labels"]:
                by_label[far[0]].append({"id": element_id, "far": far[1], "outgoing": outgoing, "type": link.type,
                                         "link": f"removed:{link.type}:{link.source}:{link.target}"})
    rows = []
    for label, items in by_label.items():
        rows += await fetch_all(tx, q.restored_step(label, "activeFrom" in params), rows=items, **params)
    return rows


@dataclass
class NetworkScope:
    place_key: str | None = None
    theme_key: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    as_of: AsOf | None = None


NETWORK_LINKS = {"IMPLEMENTS", "FUNDS", "PARTNERS_WITH", "MEMBER_OF"}


async def collaboration_network(reader: Reader, viewer: Viewer, scope: NetworkScope) -> nx.Graph:
    """Actors joined by joint initiatives (weight: how many), funding, partnership and membership (one each).
    Without a place or theme, every visible actor is a node; with one, the actors working there on it. As of a
    moment: the actors, initiatives and links there then, with the links removed since brought back (two more
    statements), and their actors checked with the others."""
    expanded = await reader.graph.read(lambda tx: EXPANSIONS.expand(
        tx, [scope.place_key] if scope.place_key else None, [scope.theme_key] if scope.theme_key else None))
    places, themes = expanded.places or [], expanded.themes
    vp = viewer.params()
    conditions, params = ["statuses"], {"statuses": LIVE_STATUSES}
    if themes is not None:
        conditions.append("themeKeys")
        params["themeKeys"] = themes
    if scope.start or scope.end:
        conditions += ["activeFrom", "activeTo"]
        params |= {"activeFrom": (scope.start or dt.date.min).isoformat(),
                   "activeTo": (scope.end or dt.date.max).isoformat()}
    moment = scope.as_of is not None
    at = scope.as_of.params() if moment else {}
    if moment:
        conditions.append("asOf")
        params |= at
    scoped = scope.place_key is not None or themes is not None

    async def fetch(tx):
        by_place = bool(scope.place_key)
        work = await fetch_all(tx, q.joint_work(by_place, conditions, moment), placeKeys=places, **params, **vp)
        removed = await removed_links(tx, scope.as_of, NETWORK_LINKS) if moment else []
        if removed:
            work = _with_removed_work(work, removed)
        if not scoped:
            actors = await fetch_all(tx, q.all_actors(moment), **vp, **at)
            links = await fetch_all(tx, q.all_actor_links(moment), **vp, **at)
            return work, actors, links + _removed_actor_links(removed)
        keys = {k for row in work for k in row["actors"]}
        if scope.place_key and themes is None:
            keys |= {row["actor"] for row in await fetch_collected(tx, present_actors(kinds=False, as_of=moment),
                                                             placeKeys=places, **vp, **at)}
        actors = await fetch_all(tx, q.actors_by_key(moment, masked=moment and by_place), keys=sorted(keys), **vp, **at)
        links = await fetch_all(tx, q.actor_links_among(moment), keys=sorted(keys), **vp, **at)
        return work, actors, links + _removed_actor_links(removed)

    work, actors, links = await reader.graph.read(fetch)
    network = nx.Graph()
    for row in actors:
        network.add_node(row["key"], row=row)
    joint: dict[tuple[str, str], int] = defaultdict(int)
    for row in work:
        members = sorted(k for k in row["actors"] if k in network)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                joint[(a, b)] += 1
    for (a, b), count in joint.items():
        network.add_edge(a, b, weight=count, kinds={"JOINT_WORK"})
    for row in links:
        a, b = row["source"], row["target"]
        if a == b or a not in network or b not in network:
            continue
        if network.has_edge(a, b):
            edge = network.edges[a, b]
            if LINK_KINDS[row["type"]] not in edge["kinds"]:
                edge["weight"] += 1
                edge["kinds"].add(LINK_KINDS[row["type"]])
        else:
            network.add_edge(a, b, weight=1, kinds={LINK_KINDS[row["type"]]})
    return network


def _with_removed_work(work: list[dict], removed: list) -> list[dict]:
    """The initiatives in scope with the actors whose work on them was unlinked since the moment; those actors
    are checked (visible, there then) with the others, so each row names candidates only."""
    found = {row["initiative"]: set(row["actors"]) for row in work}
    for link in removed:
        if link.type in ("IMPLEMENTS", "FUNDS") and link.target[0] == "Initiative" and link.target[1] in found:
            found[link.target[1]].add(link.source[1])
    return [{"initiative": key, "actors": sorted(actors)} for key, actors in found.items()]


def _removed_actor_links(removed: list) -> list[dict]:
    return [{"source": link.source[1], "target": link.target[1], "type": link.type} for link in removed
            if link.type in LINK_KINDS and link.source[0] == link.target[0] == "Actor"]


@dataclass
class ActorFigures:
    key: str
    degree: int  # how many actors it works with
    strength: float  # the weights of its links: joint initiatives and direct links
    betweenness: float  # share of shortest paths between other actors that pass through it (0 to 1)
    community: int  # index into Measures.communities


@dataclass
class Bridge:
    source: str
    target: str
    weight: float
    kinds: list[str]
    communities: tuple[int, int]
    separates: bool  # removing the link splits a connected group in two


@dataclass
class Measures:
    figures: dict[str, ActorFigures]
    communities: list[list[str]]  # largest first; each sorted by betweenness, then key
    bridges: list[Bridge]
    isolated: list[str]
    link_count: int


def measure(network: nx.Graph) -> Measures:
    """Degree, exact betweenness (unweighted shortest paths), Louvain communities (weighted, with a fixed seed
    so the same network gives the same answer), isolated actors and the links between communities. igraph
    computes them: in C, it measures the scale-1 network in about a second where networkx took most of a
    minute (benchmarks/network.py). Imported here, not at start-up: igraph imports matplotlib's pyplot whenever
    matplotlib is installed (it is, for `hub draw`), half a second that a server not measuring need not pay."""
    import igraph

    keys = sorted(network)
    index = {k: i for i, k in enumerate(keys)}
    pairs = [(index[a], index[b]) for a, b in network.edges()]
    g = igraph.Graph(n=len(keys), edges=pairs)
    g.es["weight"] = [network.edges[a, b]["weight"] for a, b in network.edges()]
    n = len(keys)
    scale = (n - 1) * (n - 2) / 2 if n > 2 else 1
    betweenness = {k: b / scale for k, b in zip(keys, g.betweenness(directed=False))}
    igraph.set_random_number_generator(random.Random(0))
    try:
        membership = g.community_multilevel(weights="weight").membership if n else []
    finally:
        igraph.set_random_number_generator(random)
    members: dict[int, list[str]] = defaultdict(list)
    for k, m in zip(keys, membership):
        members[m].append(k)
    groups = [sorted(g_, key=lambda k: (-betweenness[k], k)) for g_ in members.values()]
    groups.sort(key=lambda g_: (-len(g_), g_[0]))
    community = {k: i for i, g_ in enumerate(groups) for k in g_}
    figures = {k: ActorFigures(k, network.degree(k), network.degree(k, weight="weight"), betweenness[k], community[k])
               for k in network}
    cut = {frozenset((keys[g.es[e].source], keys[g.es[e].target])) for e in g.bridges()}
    bridges = []
    for a, b, data in network.edges(data=True):
        if community[a] != community[b]:
            a, b = sorted((a, b))
            bridges.append(Bridge(a, b, data["weight"], sorted(data["kinds"]), (community[a], community[b]),
                                  frozenset((a, b)) in cut))
    bridges.sort(key=lambda x: (not x.separates, -(betweenness[x.source] + betweenness[x.target]), x.source, x.target))
    isolated = sorted(k for k in network if network.degree(k) == 0)
    return Measures(figures, groups, bridges, isolated, network.number_of_edges())


def network_view(network: nx.Graph, measures: Measures | None = None) -> GraphView:
    """The collaboration network as nodes and edges, each actor with its figures when measured."""
    nodes = []
    for key, data in network.nodes(data=True):
        figures = {}
        if measures is not None:
            f = measures.figures[key]
            figures = {"degree": f.degree, "strength": f.strength, "betweenness": f.betweenness,
                       "community": f.community}
        nodes.append(GraphNode.of("Actor", data["row"], 0, figures))
    edges = [GraphEdge("COLLABORATES", ("Actor", a), ("Actor", b), d["weight"], sorted(d["kinds"]))
             for a, b, d in sorted(network.edges(data=True), key=lambda e: (min(e[0], e[1]), max(e[0], e[1])))]
    return GraphView(sorted(nodes, key=lambda n: n.key), edges)
