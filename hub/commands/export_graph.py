"""`hub export graph`: the actor collaboration network with its measures, or the neighbourhood of a record, as
GraphML, GEXF, JSON or CSV node and edge lists."""

from __future__ import annotations

NAME = "graph"
FORMATS = {"graphml": "GRAPHML", "gexf": "GEXF", "json": "JSON", "nodes-csv": "NODES_CSV", "edges-csv": "EDGES_CSV"}


def register(formats):
    from hub.commands.export import AUDIENCES, _date
    from hub.graph.analysis.network import MAX_DEPTH
    from hub.model import RELATIONSHIP_TYPES
    from hub.services.analysis.network import DEFAULT_KINDS, MAX_NODES

    parser = formats.add_parser(NAME, help="the actor collaboration network (or a record's neighbourhood) as a graph "
                                "file: GraphML, GEXF, JSON, CSV")
    parser.add_argument("--format", choices=sorted(FORMATS), default="graphml", help="file format (default graphml)")
    parser.add_argument("--around", metavar="ID",
                        help="a record's global ID: export its neighbourhood instead of the collaboration network")
    parser.add_argument("--depth", type=int, default=1, help=f"with --around: steps out, 1 to {MAX_DEPTH} (default 1)")
    parser.add_argument("--via", nargs="+", choices=sorted(RELATIONSHIP_TYPES),
                        help="with --around: only through these relationship types")
    parser.add_argument("--kinds", nargs="+", choices=sorted(DEFAULT_KINDS + ["Theme", "Need", "Contact"]),
                        help="with --around: only records of these types (default: " + ", ".join(DEFAULT_KINDS) + ")")
    parser.add_argument("--max-nodes", type=int, default=MAX_NODES,
                        help=f"with --around: at most this many records (default {MAX_NODES})")
    parser.add_argument("--place", help="network: a place's code or ID: actors working in it or any place within it")
    parser.add_argument("--theme", help="network: a theme's code or ID: actors working on it or a narrower theme")
    parser.add_argument("--from", dest="start", type=_date, help="only work active on or after this day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="end", type=_date, help="only work active on or before this day (YYYY-MM-DD)")
    parser.add_argument("--as-of", dest="as_of", type=_moment, metavar="MOMENT",
                        help="the view as it stood at this moment (ISO 8601, e.g. 2025-06-30T00:00:00Z; UTC without "
                        "an offset): records and links there then, from their periods and the audit trail")
    parser.add_argument("--audience", choices=sorted(AUDIENCES), default="public",
                        help="whose view to export: " + "; ".join(f"{k}: {v}" for k, v in AUDIENCES.items()))
    parser.add_argument("--output", "-o", help="file to write (default: standard output)")
    parser.set_defaults(actor=None)
    return _export


def _moment(value: str):
    import argparse
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date and time (ISO 8601): {value!r}") from None


def _export(args, settings) -> int:
    from hub.commands.export import _key, run

    async def stream(hub, viewer, _scope):
        from hub.errors import BadInput
        from hub.ids import from_global_id
        from hub.services.analysis import graph_formats
        from hub.services.analysis import network
        from hub.services.history import as_of

        moment = as_of(args.as_of, "as-of")
        if args.around:
            record = from_global_id(args.around, None, "around")
            view = await network.neighbourhood(hub.graph, viewer, record, depth=args.depth, via=args.via,
                                               kinds=args.kinds, start=args.start, end=args.end,
                                               max_nodes=args.max_nodes, as_of=moment)
            if view is None:
                raise BadInput(f"around: no record {args.around} in the {args.audience} view")
        else:
            if args.start and args.end and args.end < args.start:
                raise BadInput("to: must not be before from")
            scope = network.NetworkScope(place_key=_key(args.place, "Location"), theme_key=_key(args.theme, "Theme"),
                                         start=args.start, end=args.end, as_of=moment)
            graph = await network.collaboration_network(hub.reader, viewer, scope)
            view = network.network_view(graph, network.measure(graph))
        for chunk in graph_formats.render(view, FORMATS[args.format]):
            yield chunk.encode()

    return run(args, settings, stream)
