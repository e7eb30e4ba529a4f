"""`hub backup FILE` and `hub restore FILE`: the whole graph to one file, and back into an empty graph."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path


def register(commands) -> dict:
    backup = commands.add_parser("backup", help="write the whole graph to a file (gzip JSON lines)")
    backup.add_argument("file", help="the backup file to write; replaced atomically if it exists")
    restore = commands.add_parser("restore", help="load a backup into an empty graph")
    restore.add_argument("file", help="a file written by `hub backup`")
    return {"backup": _backup, "restore": _restore}


def _backup(args, settings) -> int:
    from hub.cli import _with_hub
    from hub.services.backup import BackupError, write_backup

    async def work(hub):
        began = time.monotonic()
        try:
            header = await write_backup(hub.graph, Path(args.file))
        except (BackupError, OSError) as error:
            print(f"hub backup: {error}", file=sys.stderr)
            return 1
        nodes, links = sum(header["nodes"].values()), sum(header["relationships"].values())
        print(f"wrote {args.file}: {nodes} nodes, {links} relationships in {time.monotonic() - began:.1f} s")
        return 0

    return asyncio.run(_with_hub(settings, work))


def _restore(args, settings) -> int:
    from hub.cli import _with_hub
    from hub.services.backup import BackupError, Restore, read_header

    try:
        read_header(Path(args.file))  # a file that is no backup is refused before a graph is started
    except BackupError as error:
        print(f"hub restore: {error}", file=sys.stderr)
        return 1

    async def work(hub):
        began = time.monotonic()
        try:
            counts = await Restore(hub.graph, hub.migrate).run(Path(args.file))
        except BackupError as error:
            print(f"hub restore: {error}", file=sys.stderr)
            return 1
        print(f"restored {args.file}: {counts['nodes']} nodes, {counts['relationships']} relationships "
              f"in {time.monotonic() - began:.1f} s")
        return 0

    return asyncio.run(_with_hub(settings, work, migrate=False))
