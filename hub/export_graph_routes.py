"""Graph files over HTTP, for signed-in callers: GET /export/graph.{graphml,gexf,json,nodes.csv,edges.csv}.

Like the IATI and 3W exports, plain HTTP rather than GraphQL so a large answer streams: the whole graph
(view=all) is read and written a page of records at a time, never held as one document. The caller's token
decides what is in it. Query parameters:
- view=all: every record the caller may see and the relationships between them;
- view=neighbourhood&id=ID, with depth, via and kinds (comma-separated), from, to, maxNodes, asOf;
- view=collaboration, with locationId, themeId, from, to, asOf: the actor collaboration network with its measures.
asOf is a moment (ISO 8601; UTC without an offset): the view as it stood then.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hub.auth.identify import Identifier
from hub.errors import BadInput
from hub.export_routes import _date, _error, _key, streamed
from hub.ids import from_global_id
from hub.model import NODE_TYPES, RELATIONSHIP_TYPES
from hub.services.analysis import graph_formats, network, whole_graph
from hub.services.history import as_of

EXTENSIONS = {"graphml": "GRAPHML", "gexf": "GEXF", "json": "JSON", "nodes.csv": "NODES_CSV", "edges.csv": "EDGES_CSV"}
PARAMETERS = {"all": {"view"},
              "neighbourhood": {"view", "id", "depth", "via", "kinds", "from", "to", "maxNodes", "asOf"},
              "collaboration": {"view", "locationId", "themeId", "from", "to", "asOf"}}


def routes(hub, settings) -> list[Route]:
    identifier = Identifier(settings, lambda: hub.graph)

    async def endpoint(request: Request) -> Response:
        extension = request.path_params["extension"]
        if extension not in EXTENSIONS:
            return _error(f"format: one of {', '.join('graph.' + e for e in EXTENSIONS)}", "NOT_FOUND", 404)
        fmt = EXTENSIONS[extension]
        return await streamed(identifier, request, lambda viewer: _chunks(hub, viewer, fmt, request.query_params),
                              graph_formats.MEDIA[fmt] + "; charset=utf-8", f"graph.{extension}")

    return [Route("/export/graph.{extension}", endpoint, methods=["GET"], name="export-graph")]


async def _chunks(hub, viewer, fmt: str, params):
    view = params.get("view")
    if view not in PARAMETERS:
        raise BadInput(f"view: one of {', '.join(PARAMETERS)}")
    unknown = set(params) - PARAMETERS[view]
    if unknown:
        raise BadInput(f"{sorted(unknown)[0]}: not a parameter of view={view} ({', '.join(sorted(PARAMETERS[view]))})")
    if view == "all":
        return graph_formats.stream(fmt, graph_formats.WHOLE, whole_graph.nodes(hub.graph, viewer),
                                    whole_graph.edges(hub.graph, viewer))
    start, end = _date(params.get("from"), "from"), _date(params.get("to"), "to")
    if start and end and end < start:
        raise BadInput("to: must not be before from")
    moment = as_of(params.get("asOf"), "asOf")
    if view == "neighbourhood":
        if not params.get("id"):
            raise BadInput("id: the record at the centre of the neighbourhood is required")
        depth, max_nodes = _int(params, "depth", 1), _int(params, "maxNodes", 200)
        via, kinds = _names(params, "via", RELATIONSHIP_TYPES), _names(params, "kinds", NODE_TYPES)
        found = await network.neighbourhood(hub.graph, viewer, from_global_id(params["id"], None, "id"), depth=depth,
                                            via=via, kinds=kinds, start=start, end=end, max_nodes=max_nodes,
                                            as_of=moment)
        if found is None:
            raise BadInput(f"id: no record {params['id']} for this caller")
    else:
        scope = network.NetworkScope(place_key=_key(params.get("locationId"), "Location", "locationId"),
                                     theme_key=_key(params.get("themeId"), "Theme", "themeId"), start=start, end=end,
                                     as_of=moment)
        graph = await network.collaboration_network(hub.reader, viewer, scope)
        found = network.network_view(graph, network.measure(graph))
    return _aiter(graph_formats.render(found, fmt))


async def _aiter(chunks):
    for chunk in chunks:
        yield chunk


def _int(params, name: str, default: int) -> int:
    value = params.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise BadInput(f"{name}: not a whole number") from None


def _names(params, name: str, allowed: dict) -> list[str] | None:
    """Comma-separated names of relationship types or record types, in any case."""
    if not params.get(name):
        return None
    by_upper = {k.upper(): k for k in allowed}
    chosen = []
    for item in params[name].split(","):
        if item.strip().upper() not in by_upper:
            raise BadInput(f"{name}: {item.strip()!r} is not one of {', '.join(allowed)}")
        chosen.append(by_upper[item.strip().upper()])
    return chosen
