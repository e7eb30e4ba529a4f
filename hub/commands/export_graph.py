"""`hub export graph`: the actor collaboration network with its measures, the neighbourhood of a record, or the
whole graph the audience may see, as GraphML, GEXF, JSON or CSV node and edge lists."""

from __future__ import annotations

NAME = "graph"
FORMATS = {"graphml": "GRAPHML", "gexf": "GEXF", "json": "JSON", "nodes-csv": "NODES_CSV", "edges-csv": "EDGES_CSV"}


def around_arguments(parser, *, option: bool = True) -> None:
    """The neighbourhood's arguments; `hub draw around` takes the record as a positional argument."""
    from hub.graph.analysis.network import MAX_DEPTH
    from hub.model import RELATIONSHIP_TYPES
    from hub.services.analysis.network import DEFAULT_KINDS, MAX_NODES

    prefix = "with --around: " if option else ""
    if option:
        parser.add_argument("--around", metavar="ID",
                            help="a record's global ID: export its neighbourhood instead of the collaboration network")
    else:
        parser.add_argument("around", metavar="ID", help="the global ID of the record at the centre")
    parser.add_argument("--depth", type=int, default=1, help=f"{prefix}steps out, 1 to {MAX_DEPTH} (default 1)")
    parser.add_argument("--via", nargs="+", choices=sorted(RELATIONSHIP_TYPES),
                        help=f"{prefix}only through these relationship types")
    parser.add_argument("--kinds", nargs="+", choices=sorted(DEFAULT_KINDS + ["Theme", "Need", "Contact"]),
                        help=f"{prefix}only records of these types (default: " + ", ".join(DEFAULT_KINDS) + ")")
    parser.add_argument("--max-nodes", type=int, default=MAX_NODES if option else 200,
                        help=f"{prefix}at most this many records (default {MAX_NODES if option else 200})")


def common_arguments(parser, *, network: bool = True, prefix: str = "network: ") -> None:
    from hub.commands.export import AUDIENCES, _date

    if network:
        parser.add_argument("--place", help=f"{prefix}a place's code or ID: actors working in it or any place within it")
        parser.add_argument("--theme", help=f"{prefix}a theme's code or ID: actors working on it or a narrower theme")
    parser.add_argument("--from", dest="start", type=_date, help="only work active on or after this day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="end", type=_date, help="only work active on or before this day (YYYY-MM-DD)")
    parser.add_argument("--as-of", dest="as_of", metavar="MOMENT",
                        help="the view as it stood at this moment (ISO 8601, e.g. 2025-06-30T00:00:00Z; UTC without "
                        "an offset): records and links there then, from their periods and the audit trail")
    parser.add_argument("--audience", choices=sorted(AUDIENCES), default="public",
                        help="whose view to export: " + "; ".join(f"{k}: {v}" for k, v in AUDIENCES.items()))
    parser.add_argument("--output", "-o", help="file to write (default: standard output)")
    parser.set_defaults(actor=None, place=None, theme=None)


def register(formats):
    parser = formats.add_parser(NAME, help="the actor collaboration network (or a record's neighbourhood) as a graph "
                                "file: GraphML, GEXF, JSON, CSV")
    parser.add_argument("--format", choices=sorted(FORMATS), default="graphml", help="file format (default graphml)")
    parser.add_argument("--all", action="store_true", dest="whole",
                        help="every record the audience may see and every relationship between them, streamed")
    around_arguments(parser)
    common_arguments(parser)
    return _export


async def view_of(hub, viewer, args):
    """The neighbourhood asked for (--around), or the collaboration network with its measures, as of --as-of."""
    from hub.commands.export import _key
    from hub.errors import BadInput
    from hub.ids import from_global_id
    from hub.services.analysis import network
    from hub.services.history import as_of

    moment = as_of(args.as_of, "as-of")
    if args.start and args.end and args.end < args.start:
        raise BadInput("to: must not be before from")
    if args.around:
        record = from_global_id(args.around, None, "around")
        view = await network.neighbourhood(hub.graph, viewer, record, depth=args.depth, via=args.via,
                                           kinds=args.kinds, start=args.start, end=args.end,
                                           max_nodes=args.max_nodes, as_of=moment)
        if view is None:
            raise BadInput(f"around: no record {args.around} in the {args.audience} view")
        return view
    scope = network.NetworkScope(place_key=_key(args.place, "Location"), theme_key=_key(args.theme, "Theme"),
                                 start=args.start, end=args.end, as_of=moment)
    graph = await network.collaboration_network(hub.reader, viewer, scope)
    return network.network_view(graph, network.measure(graph))


def _export(args, settings) -> int:
    from hub.commands.export import run

    async def stream(hub, viewer, _scope):
        from hub.errors import BadInput
        from hub.services.analysis import graph_formats, whole_graph

        if args.whole:
            given = [name for name in ("around", "place", "theme", "start", "end", "as_of") if getattr(args, name)]
            if given:
                raise BadInput(f"all: the whole graph takes no {given[0].replace('start', 'from').replace('end', 'to').replace('as_of', 'as-of')}")
            fmt = FORMATS[args.format]
            with await _progress(hub, viewer, args, passes=1 if fmt.endswith("CSV") else 2) as bar:
                chunks = graph_formats.stream(fmt, graph_formats.WHOLE, whole_graph.nodes(hub.graph, viewer, bar.update),
                                              whole_graph.edges(hub.graph, viewer, bar.update))
                async for chunk in chunks:
                    yield chunk.encode()
            return
        view = await view_of(hub, viewer, args)
        for chunk in graph_formats.render(view, FORMATS[args.format]):
            yield chunk.encode()

    return run(args, settings, stream)


async def _progress(hub, viewer, args, passes: int):
    """A progress bar on standard error, only when it is a terminal and the file does not go to the same one:
    records read, once for the nodes and once for the edges (an edge list reads them once)."""
    import sys

    from tqdm import tqdm

    from hub.services.analysis import whole_graph

    shown = sys.stderr.isatty() and (bool(args.output) or not sys.stdout.isatty())
    total = await whole_graph.count(hub.graph, viewer) * passes if shown else None
    return tqdm(total=total, unit=" records", desc="hub export graph", disable=not shown, file=sys.stderr,
                leave=False)
