"""`hub draw`: pictures of the network views, as SVG or PNG: a record's neighbourhood, the collaboration network
of a place (coloured by community, sized by betweenness) and a place's presence matrix (places by themes)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PICTURES = {"svg": "SVG", "png": "PNG"}


def register(commands) -> dict:
    from hub.commands.export_graph import around_arguments, common_arguments

    group = commands.add_parser("draw", help="draw a neighbourhood, a collaboration network or a presence matrix "
                                "as SVG or PNG")
    kinds = group.add_subparsers(dest="picture", required=True)
    around = kinds.add_parser("around", help="the records within some steps of a record, coloured by type")
    around_arguments(around, option=False)
    common_arguments(around, network=False)
    network = kinds.add_parser("network", help="the actor collaboration network (of a place or theme), coloured by "
                               "community and sized by betweenness, the top brokers named")
    common_arguments(network, prefix="")
    presence = kinds.add_parser("presence", help="a place's parts by themes: how many actors (or initiatives) work "
                                "in each on each")
    common_arguments(presence, prefix="")
    presence.add_argument("--level", choices=["ADMIN1", "ADMIN2", "ADMIN3", "SETTLEMENT"],
                          help="rows: the place's descendants at this level (default: its direct parts)")
    presence.add_argument("--count", choices=["actors", "initiatives"], default="actors",
                          help="what each cell counts (default actors)")
    presence.add_argument("--roll-up-themes", action="store_true", help="columns: the top themes of the taxonomy")
    for parser in (around, network, presence):
        parser.add_argument("--format", choices=sorted(PICTURES),
                            help="picture format (default: from the --output suffix, else svg)")
    return {"draw": _draw}


def _format(args) -> str:
    if args.format:
        return PICTURES[args.format]
    suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
    return PICTURES.get(suffix, "SVG")


def _draw(args, settings) -> int:
    from hub.commands.export import run

    if args.picture == "presence" and not args.place:
        print("hub draw: place: a presence matrix is of a place (--place)", file=sys.stderr)
        return 2
    fmt = _format(args)

    async def picture(hub, viewer, _scope):
        yield await render(hub, viewer, args, fmt)

    return run(args, settings, picture, command="hub draw")


async def render(hub, viewer, args, fmt: str) -> bytes:
    """The picture asked for by the arguments of `hub draw around|network|presence`."""
    from hub.commands.export import _key
    from hub.commands.export_graph import view_of
    from hub.errors import BadInput
    from hub.services.analysis import pictures

    place = _key(args.place, "Location")
    names = await _names(hub, viewer, "Location", [place] if place else [])
    if place and place not in names:
        raise BadInput(f"place: no place {args.place}")
    where = f" in {names[place]}" if place else ""
    if args.picture == "around":
        view = await view_of(hub, viewer, args)
        return pictures.neighbourhood(view, fmt, f"Around {view.nodes[0].name or view.nodes[0].key}")
    if args.picture == "network":
        view = await view_of(hub, viewer, argparse.Namespace(**vars(args), around=None))
        return pictures.network(view, fmt, f"Who works with whom{where}")
    return await _presence(hub, viewer, args, place, fmt, f"Who works where{where}, on what")


async def _presence(hub, viewer, args, place: str, fmt: str, title: str) -> bytes:
    from hub.commands.export import _key
    from hub.services.analysis import pictures
    from hub.services.analysis.presence import presence_matrix
    from hub.services.analysis.scope import Scope
    from hub.services.history import as_of

    scope = Scope(place_key=place, theme_key=_key(args.theme, "Theme"), start=args.start, end=args.end,
                  as_of=as_of(args.as_of, "as-of"))
    matrix = await presence_matrix(hub.graph, viewer, scope, level=args.level, theme_roll_up=args.roll_up_themes)
    count = (lambda c: len(c.actor_keys)) if args.count == "actors" else (lambda c: len(c.initiative_keys))
    totals: dict[str, int] = {}
    for cell in matrix.cells:
        totals[cell.theme_key] = totals.get(cell.theme_key, 0) + count(cell)
    themes = sorted(totals, key=lambda k: (-totals[k], k))
    grid = {(c.place_key, c.theme_key): count(c) for c in matrix.cells}
    places = await _names(hub, viewer, "Location", matrix.place_keys)
    theme_names = await _names(hub, viewer, "Theme", themes)
    counts = [[grid.get((p, t), 0) for t in themes] for p in matrix.place_keys]
    return pictures.presence([places.get(p, p) for p in matrix.place_keys], [theme_names.get(t, t) for t in themes],
                             counts, fmt, title, args.count)


async def _names(hub, viewer, label: str, keys: list[str]) -> dict[str, str]:
    records = await hub.reader.get_many(label, keys, viewer) if keys else {}
    return {k: r.props.get("name") or k for k, r in records.items()}
