"""`hub export hxl`: a 3W table of a place (and a period) as HXL-tagged CSV."""

from __future__ import annotations

NAME = "hxl"


def register(formats):
    from hub.commands.export import scope_arguments

    parser = formats.add_parser(NAME, help="a place's 3W table (who, what, where, when) as HXL-tagged CSV")
    scope_arguments(parser, place_required=True)
    return _export


def _export(args, settings) -> int:
    from hub.commands.export import run
    from hub.services import export

    return run(args, settings, lambda hub, viewer, scope: export.hxl(hub.reader, hub.graph, viewer, scope))
