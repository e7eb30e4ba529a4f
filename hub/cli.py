"""The `hub` command: serve the API, apply migrations, load the demo data, import files, export the schema."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from collections import Counter

from hub.commands import backup as backup_command
from hub.commands import draw as draw_command
from hub.commands import export as export_command
from hub.observability.logs import configure_logging
from hub.observability.tracing import configure_tracing
from hub.settings import Settings


def _serve(args, settings: Settings) -> int:
    import uvicorn

    from hub.app import create_app

    on_started = None
    if args.demo:
        from hub.demo.loader import load_demo

        async def on_started(hub):
            summary = await load_demo(hub.graph)
            logging.getLogger("hub").info("demo data: %s", summary)

    if settings.embedded:  # a second server on the folder could not open the database: say so in one line
        from hub.embedded import DataFolderInUse, in_use_message, running_server

        running = running_server(settings.data_dir)
        if running is not None:
            raise DataFolderInUse(in_use_message(settings.data_dir.resolve(), running.hub_pid))
    configure_tracing(settings.otel_traces)
    host = args.host or settings.host
    port = args.port or settings.port
    if args.workers > 1:
        return _serve_workers(args.workers, settings, host, port, on_started)
    app = create_app(settings, on_started=on_started)
    print(f"GraphQL (and GraphiQL) at http://{host}:{port}/graphql", flush=True)
    # the hub logs each request itself (hub.observability); uvicorn's loggers go through the same handler
    uvicorn.run(app, host=host, port=port, log_level=settings.log_level, log_config=None, access_log=False)
    return 0


def _serve_workers(workers: int, settings: Settings, host: str, port: int, on_started) -> int:
    """Several processes answer on one port; one graph. This process starts the graph connection (and with
    the embedded server, the server and its supervisor), migrates and loads the demo once, then the workers
    connect to that graph as to an external one."""
    import os
    import threading

    import uvicorn

    from hub.runtime import Hub

    loop = asyncio.new_event_loop()
    hub = loop.run_until_complete(Hub(settings).start())
    try:
        if on_started is not None:
            loop.run_until_complete(on_started(hub))
        if settings.embedded:
            credentials = hub.server.credentials
            os.environ |= {"HUB_NEO4J_URI": hub.server.uri, "HUB_NEO4J_USER": credentials.user,
                           "HUB_NEO4J_PASSWORD": credentials.password, "HUB_NEO4J_DATABASE": settings.neo4j_database}
        # the supervisor restarts the embedded server if it dies, while the workers serve
        threading.Thread(target=loop.run_forever, name="graph-supervisor", daemon=True).start()
        print(f"GraphQL (and GraphiQL) at http://{host}:{port}/graphql ({workers} workers)", flush=True)
        uvicorn.run("hub.app:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level=settings.log_level)
    finally:
        if loop.is_running():
            asyncio.run_coroutine_threadsafe(hub.stop(), loop).result(timeout=60)
            loop.call_soon_threadsafe(loop.stop)
        else:
            loop.run_until_complete(hub.stop())
    return 0


async def _with_hub(settings: Settings, work, *, migrate: bool = True):
    from hub.runtime import Hub

    hub = Hub(settings, attach=True)  # beside a running `hub serve`, its graph server
    await hub.start(migrate=migrate)
    try:
        return await work(hub)
    finally:
        await hub.stop()


def _migrate(args, settings: Settings) -> int:
    from graph_migrations.runner import MigrationRunner

    async def work(hub):
        if args.info:
            for state in await MigrationRunner(hub.graph).info():
                print(f"{state.version:>8}  {state.state:<8} {state.installed_on or '':<35} {state.description}")
        else:
            applied = await hub.migrate()
            print(f"applied {len(applied)} migration(s): {', '.join(applied) or 'none pending'}")

    asyncio.run(_with_hub(settings, work, migrate=False))
    return 0


def _demo(args, settings: Settings) -> int:
    from hub.demo.loader import load_demo

    async def work(hub):
        print(await load_demo(hub.graph, force=True))

    asyncio.run(_with_hub(settings, work))
    return 0


def _token(args, settings: Settings) -> int:
    from hub.access import Role, Viewer
    from hub.auth import tokens

    admin = Viewer.system("cli")

    async def work(hub):
        if args.token_command == "create":
            keys = [_actor_key(a) for a in args.actor]
            issued = await tokens.issue(hub.graph, admin, name=args.name, role=Role(args.role.upper()), actor_keys=keys)
            print(f"token id {issued.record['key']} ({issued.record['role']}); keep this secret, it is shown once:")
            print(issued.token)
        elif args.token_command == "revoke":
            record = await tokens.revoke(hub.graph, admin, args.id)
            print(f"revoked {args.id}" if record else f"no token {args.id}")
            return 0 if record else 1
        else:
            for t in await tokens.listing(hub.graph, admin):
                state = f"revoked {t['revokedAt']}" if t.get("revokedAt") else "active"
                print(f"{t['key']}  {t['role']:<8} {state:<40} {t['name']}  {','.join(t.get('actorKeys') or [])}")
        return 0

    return asyncio.run(_with_hub(settings, work))


def _actor_key(value: str) -> str:
    """An actor's global ID, or its key as stored."""
    from hub.errors import BadInput
    from hub.ids import from_global_id

    try:
        return from_global_id(value, "Actor", "--actor")[1]
    except BadInput:
        return value


def _import(args, settings: Settings) -> int:
    """Imports files one by one; prints each file's summary and what was rejected or left out."""
    import json
    from pathlib import Path

    from hub.access import Viewer
    from hub.graph.connection import GraphUnavailable
    from hub.model import Visibility
    from hub.services import hxl_import, iati_import
    from hub.services.import_plan import ImportAborted

    if args.format == "gazetteer":
        return _import_gazetteer(args, settings)
    mapping_path = Path(args.mapping) if args.mapping else None
    try:
        if args.format == "iati":
            mapping = iati_import.load_mapping(mapping_path)
        else:
            mapping = hxl_import.load_mapping(mapping_path)
    except (iati_import.MappingError, hxl_import.HxlMappingError) as error:
        print(f"hub import: {error}", file=sys.stderr)
        return 2
    viewer = Viewer.system("hub import")
    options = {"visibility": Visibility(args.visibility), "dry_run": args.dry_run,
               "owner_key": _actor_key(args.owner) if args.owner else None}
    if args.format == "hxl":
        options["country"] = args.country

    async def work(hub):
        importer = (iati_import.IatiImporter if args.format == "iati" else hxl_import.HxlImporter)(hub.graph, mapping)
        totals = _Totals()
        for path in args.files:
            try:
                with _ProgressBar(Path(path).name) as bar:
                    report = await importer.import_file(Path(path).read_bytes(), Path(path).name, viewer, **options,
                                                        progress=bar.update)
            except ImportAborted as error:  # part of it written; the message says what and how to resume
                print(f"hub import: {error}", file=sys.stderr)
                totals.failed += 1
                continue
            except (OSError, ValueError, GraphUnavailable) as error:  # IatiError, HxlError, a bad --country
                print(f"hub import: {error}; nothing imported from it", file=sys.stderr)
                totals.failed += 1
                continue
            totals.add(report)
            if args.json:
                print(json.dumps(report.as_dict(), ensure_ascii=False))
                continue
            print(report.summary())
            for kind in ("understood", "ignored"):
                for line in report.columns.get(kind, []):
                    print(f"  {kind} {line}")
            for line in report.rejected[:args.notes]:
                print(f"  rejected {line}")
            for line in report.notes[:args.notes]:
                print(f"  note {line}")
            hidden = max(len(report.notes) - args.notes, 0) + max(len(report.rejected) - args.notes, 0)
            if hidden:
                print(f"  ... {hidden} more (--notes N, or --json for all)")
        if not args.json:
            print(totals.summary(len(args.files), args.dry_run))
        return 1 if totals.failed else 0

    return asyncio.run(_with_hub(settings, work))


class _ProgressBar:
    """A file's progress on stderr (tqdm), drawn only when stderr is a terminal; removed when the file is done,
    whose summary line takes its place."""

    def __init__(self, name: str):
        self.name, self.bar = name, None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=self.name, unit="record", file=sys.stderr, leave=False,
                            disable=not sys.stderr.isatty())
        self.bar.update(done - self.bar.n)

    def __enter__(self) -> "_ProgressBar":
        return self

    def __exit__(self, *_) -> None:
        if self.bar is not None:
            self.bar.close()


class _Totals:
    """The summary of a whole `hub import` run, over its files."""

    def __init__(self):
        self.began, self.failed, self.units, self.rejected = time.monotonic(), 0, 0, 0
        self.created, self.updated, self.unit = Counter(), Counter(), "records"

    def add(self, report) -> None:
        self.units += report.activities
        self.unit = report.unit
        self.rejected += len(report.rejected)
        self.created.update(report.created)
        self.updated.update(report.updated)

    def summary(self, files: int, dry_run: bool) -> str:
        took = time.monotonic() - self.began

        def counts(c) -> str:
            return ", ".join(f"{n} {label}" for label, n in sorted(c.items()) if n) or "none"

        failed = f" ({self.failed} refused or stopped)" if self.failed else ""
        return (f"{files} file(s){failed}: {self.units} {self.unit} in {took:.1f} s "
                f"({self.units / took if took else 0:.0f}/s); {'would create' if dry_run else 'created'} "
                f"{counts(self.created)}; updated {counts(self.updated)}; rejected {self.rejected}")
def _import_gazetteer(args, settings: Settings) -> int:
    """P-code lists and GeoNames extracts, file by file, each whole or not at all."""
    import json
    from pathlib import Path

    from hub.access import Viewer
    from hub.interop.gazetteer import GazetteerError, read_admin1_names
    from hub.services.gazetteer_import import GazetteerImporter

    try:
        admin1 = read_admin1_names(Path(args.admin1).read_bytes(), args.admin1) if args.admin1 else None
    except (OSError, GazetteerError) as error:
        print(f"hub import: {error}", file=sys.stderr)
        return 2
    countries = {c.strip().upper() for c in args.countries.split(",") if c.strip()} if args.countries else None
    viewer = Viewer.system("hub import")

    async def work(hub):
        importer, failed = GazetteerImporter(hub.graph), 0
        for path in args.files:
            try:
                report = await importer.import_file(Path(path).read_bytes(), Path(path).name, viewer,
                                                    dry_run=args.dry_run, countries=countries, admin1_names=admin1)
            except (OSError, ValueError) as error:  # GazetteerError, ImportAborted
                print(f"hub import: {error}; nothing imported from it", file=sys.stderr)
                failed += 1
                continue
            if args.json:
                print(json.dumps(report.as_dict(), ensure_ascii=False))
                continue
            print(report.summary())
            for kind, lines in (("rejected", report.rejected), ("note", report.notes)):
                for line in lines[:args.notes]:
                    print(f"  {kind} {line}")
                if len(lines) > args.notes:
                    print(f"  ... {len(lines) - args.notes} more {kind} (--notes N, or --json for all)")
        return 1 if failed else 0

    return asyncio.run(_with_hub(settings, work))


def _export_schema(args, settings: Settings) -> int:
    from schema.schema import SDL_PATH, export_sdl

    SDL_PATH.write_text(export_sdl(), encoding="utf-8")
    print(f"wrote {SDL_PATH}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hub", description="Coordination hub: who works where on what.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve GraphQL at /graphql (starts the embedded graph if none is configured)")
    serve.add_argument("--demo", action="store_true", help="load the demo data set if the graph has no actors yet")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, default=1,
                       help="processes answering requests (default 1); they share one graph")
    migrate = commands.add_parser("migrate", help="apply pending graph migrations")
    migrate.add_argument("--info", action="store_true", help="list migrations and their state instead")
    commands.add_parser("demo", help="load (or refresh) the demo data set")
    commands.add_parser("export-schema", help="write schema/schema.graphql from the code")
    imports = commands.add_parser("import", help="import published data files into the graph")
    formats = imports.add_subparsers(dest="format", required=True)
    for fmt, about in (("iati", "IATI activity XML files (2.01-2.03)"), ("hxl", "HXL-tagged 3W/4W tables, CSV or XLSX")):
        each = formats.add_parser(fmt, help=about)
        each.add_argument("files", nargs="+", help="files to import, in batches; a stopped import resumes when run again")
        each.add_argument("--dry-run", action="store_true", help="report what would be created or updated; write nothing")
        each.add_argument("--visibility", default="PUBLIC", choices=["PUBLIC", "NETWORK", "PARTNERS", "PRIVATE"],
                          help="visibility of the new records (default PUBLIC)")
        each.add_argument("--owner", help="actor key or ID owning the new initiatives (default: each one's lead implementer)")
        each.add_argument("--mapping", help=f"the mapping to use (default hub/interop/{fmt}_mapping.json)")
        each.add_argument("--json", action="store_true", help="print each file's full report as one JSON line")
        each.add_argument("--notes", type=int, default=10, help="rejections and notes shown per file (default 10)")
        if fmt == "hxl":
            each.add_argument("--country", help="ISO code of the table's country, when it has no #country column "
                                                "and its P-codes do not start with one")
    places = formats.add_parser("gazetteer", help="gazetteers: P-code lists (HDX Global P-codes) and GeoNames "
                                                  "extracts (cities15000.txt or .zip)")
    places.add_argument("files", nargs="+", help="files to import; each is imported whole or not at all")
    places.add_argument("--dry-run", action="store_true", help="report what would be created or updated; write nothing")
    places.add_argument("--countries", help="comma-separated ISO 3166-1 alpha-2 codes to import (default: all)")
    places.add_argument("--admin1", help="GeoNames admin1CodesASCII.txt, to put settlements under their provinces")
    places.add_argument("--json", action="store_true", help="print each file's full report as one JSON line")
    places.add_argument("--notes", type=int, default=10, help="rejections and notes shown per file (default 10)")
    token = commands.add_parser("token", help="manage API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create", help="issue a token and print it once")
    create.add_argument("--name", required=True, help="who or what uses it")
    create.add_argument("--role", required=True, choices=["admin", "member", "analyst"])
    create.add_argument("--actor", action="append", default=[], help="actor key or ID a member acts for (repeatable)")
    revoke = token_commands.add_parser("revoke", help="revoke a token by id")
    revoke.add_argument("id")
    token_commands.add_parser("list", help="list tokens (never their secrets)")
    handlers = {"serve": _serve, "migrate": _migrate, "demo": _demo, "export-schema": _export_schema, "import": _import,
                "token": _token}
    handlers |= backup_command.register(commands) | export_command.register(commands) | draw_command.register(commands)
    args = parser.parse_args(argv)
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    handler = handlers[args.command]
    try:
        return handler(args, settings)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the operator gets the reason, not a traceback
        from graph_migrations.runner import MigrationError
        from hub.embedded import GraphServerError

        if isinstance(error, (MigrationError, GraphServerError)):
            print(f"hub: {error}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
