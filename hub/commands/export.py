"""`hub export FORMAT ...`: the command group of every export; each format's command lives in a module of its own
and registers itself here."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from hub.commands import export_graph, export_hxl, export_iati

FORMATS = (export_iati, export_hxl, export_graph)  # modules with register(formats) -> handler


def register(commands) -> dict:
    group = commands.add_parser("export", help="export the graph's data in published formats")
    formats = group.add_subparsers(dest="export_format", required=True)
    handlers = {module.NAME: module.register(formats) for module in FORMATS}
    return {"export": lambda args, settings: handlers[args.export_format](args, settings)}


# -- what the format commands share -------------------------------------------------------------------------

AUDIENCES = {"public": "what anyone may see (the default)", "network": "what every signed-in user may see",
             "all": "everything, exact places of sensitive records included (for the operator only)"}


def scope_arguments(parser, *, place_required: bool = False) -> None:
    parser.add_argument("--place", required=place_required,
                        help="a place's code (P-code, ISO country) or ID: initiatives in it or any place within it")
    parser.add_argument("--theme", help="a theme's code or ID: initiatives on it or a narrower theme")
    parser.add_argument("--actor", help="an actor's key or ID: initiatives it implements or funds")
    parser.add_argument("--from", dest="start", type=_date, help="active on or after this day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="end", type=_date, help="active on or before this day (YYYY-MM-DD)")
    parser.add_argument("--audience", choices=sorted(AUDIENCES), default="public",
                        help="whose view to export: " + "; ".join(f"{k}: {v}" for k, v in AUDIENCES.items()))
    parser.add_argument("--output", "-o", help="file to write (default: standard output)")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _key(value: str | None, label: str) -> str | None:
    """A record's global ID, or its key as stored."""
    from hub.errors import BadInput
    from hub.ids import from_global_id

    if not value:
        return None
    try:
        return from_global_id(value, label, label.lower())[1]
    except BadInput:
        return value


def viewer_for(audience: str):
    from hub.access import Role, Viewer

    return {"public": Viewer.anonymous(), "network": Viewer(name="hub export", role=Role.ANALYST),
            "all": Viewer.system("hub export")}[audience]


def scope_of(args):
    from hub.services.export import Scope

    return Scope(place=_key(args.place, "Location"), theme=_key(args.theme, "Theme"), actor=_key(args.actor, "Actor"),
                 start=args.start, end=args.end)


def run(args, settings, stream_of, command: str = "hub export") -> int:
    """Writes what stream_of(hub, viewer, scope) yields to --output (atomically) or standard output."""
    from hub.cli import _with_hub
    from hub.errors import BadInput

    async def work(hub):
        try:
            chunks = stream_of(hub, viewer_for(args.audience), scope_of(args))
            if not args.output:
                async for chunk in chunks:
                    sys.stdout.buffer.write(chunk)
                sys.stdout.buffer.flush()
                return 0
            target = Path(args.output)
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            try:
                with os.fdopen(handle, "wb") as out:
                    async for chunk in chunks:
                        out.write(chunk)
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            return 0
        except BadInput as error:
            print(f"{command}: {error.message}", file=sys.stderr)
            return 2

    return asyncio.run(_with_hub(settings, work))
