"""The `hub` command: serve the API, apply migrations, load the demo data, export the schema."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

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

    app = create_app(settings, on_started=on_started)
    host = args.host or settings.host
    port = args.port or settings.port
    print(f"GraphQL (and GraphiQL) at http://{host}:{port}/graphql", flush=True)
    uvicorn.run(app, host=host, port=port, log_level=settings.log_level)
    return 0


async def _with_hub(settings: Settings, work, *, migrate: bool = True):
    from hub.runtime import Hub

    hub = Hub(settings)
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
    migrate = commands.add_parser("migrate", help="apply pending graph migrations")
    migrate.add_argument("--info", action="store_true", help="list migrations and their state instead")
    commands.add_parser("demo", help="load (or refresh) the demo data set")
    commands.add_parser("export-schema", help="write schema/schema.graphql from the code")
    args = parser.parse_args(argv)
    settings = Settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    handler = {"serve": _serve, "migrate": _migrate, "demo": _demo, "export-schema": _export_schema}[args.command]
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
