"""The hub's reads against the raw driver, in one process: where the hub's own time goes, without HTTP.

    python benchmarks/in_process.py --data-dir DIR --requests 30 [--profile] [OPERATION ...]

Starts a hub on the data folder (the scale-1 data set of generate.py, written on first use) and runs
compare.py's read operations through the app itself (an ASGI call, no socket), each request followed by the
raw driver's statement for the same answer on the same connection pool. Prints per operation the medians of
the hub's and the raw driver's wall time, their ratio, and the hub's CPU time per request (time.process_time:
the hub's Python, not the graph server's; steadier than wall time on a shared machine). With --profile, a
cProfile of the hub's requests per operation, written next to the data folder. To compare two versions of the
code, run it from each checkout in turn, on copies of the same data folder (a newer version may migrate it).
Figures to compare, never assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from hub.app import create_app  # noqa: E402
from hub.graph.connection import fetch_all  # noqa: E402
from hub.graph.reference import (RAW_ACTOR, RAW_PAGE, RAW_PROVINCE, RAW_SEARCH, RAW_WHO_PRESENT,  # noqa: E402
                                 RAW_WHO_WORK)
from hub.runtime import Hub  # noqa: E402
from hub.settings import Settings  # noqa: E402

try:
    from benchmarks import compare, generate  # noqa: E402
except ImportError:  # run as a script from anywhere
    import compare  # type: ignore[no-redef]  # noqa: E402
    import generate  # type: ignore[no-redef]  # noqa: E402

WARM_UP = 3


def operations(p: dict) -> dict[str, tuple[str, dict, list[tuple[str, dict]]]]:
    """name -> (the hub's query, its variables, the raw driver's statements with their parameters)."""
    period = {"from": compare.FROM, "to": compare.TO}

    def page(first: int):
        return (compare.HUB_PAGE, {"loc": p["country_id"], "theme": p["theme_id"], "first": first},
                [(RAW_PAGE, {"places": p["country_places"], "themes": p["themes"], "first": first, **period})])

    who = {"places": p["admin1_places"], **period}
    return {
        "page100": page(100),
        "page10": page(10),
        "actor": (compare.HUB_ACTOR, {"id": p["actor_id"]}, [(RAW_ACTOR, {"actor": p["actor"]})]),
        "search": (compare.HUB_SEARCH, {"s": compare.SEARCH_WORD}, [(RAW_SEARCH, {"word": compare.SEARCH_WORD})]),
        "province": (compare.HUB_PROVINCE, {"loc": p["admin1_id"]}, [(RAW_PROVINCE, {"places": p["admin1_places"]})]),
        "who": (compare.HUB_WHO, {"loc": p["admin1_id"]}, [(RAW_WHO_WORK, who), (RAW_WHO_PRESENT, who)]),
    }


async def _call(app, query: str, variables: dict) -> dict:
    """One POST /graphql through the app, as a server would hand it over."""
    body = json.dumps({"query": query, "variables": variables}).encode()
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/graphql", "raw_path": b"/graphql", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"hub.bench"), (b"content-type", b"application/json"),
                         (b"content-length", str(len(body)).encode())],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000), "app": app}
    parts: list[bytes] = []
    sent = False

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()

    async def send(message):
        if message["type"] == "http.response.body":
            parts.append(message.get("body", b""))

    await app(scope, receive, send)
    answer = json.loads(b"".join(parts))
    if answer.get("errors"):
        raise RuntimeError(json.dumps(answer["errors"])[:500])
    return answer


async def main(args) -> None:
    settings = Settings(data_dir=args.data_dir, neo4j_uri=None, _env_file=None, max_cost=10**9,
                        rate_limit_points=10**9)
    hub = await Hub(settings).start()
    try:
        data = generate.build(1.0, 7)
        marker = generate.marker(args.data_dir, 1.0, 7)
        if not marker.exists():
            print(f"writing the scale-1 data set into {args.data_dir}", flush=True)
            marker.write_text(json.dumps(await generate.write_batch(hub.graph, generate.to_batch(data))) + "\n")
        found = operations(await compare.picks_for(hub.graph, data))
        del data
        gc.collect()
        app = create_app(settings, hub=hub)

        async def raw(statements):
            async def work(tx):
                return [await fetch_all(tx, statement, **params) for statement, params in statements]
            return await hub.graph.read(work)

        print(f"{args.requests} requests each after {WARM_UP} to warm up (code in {Path(__file__).resolve().parents[1]})")
        async with app.router.lifespan_context(app):
            for name in args.operations or list(found):
                query, variables, statements = found[name]
                for _ in range(WARM_UP):
                    await _call(app, query, variables)
                    await raw(statements)
                profile = cProfile.Profile() if args.profile else None
                hub_ms, raw_ms, cpu_ms = [], [], []
                for _ in range(args.requests):
                    began, began_cpu = time.perf_counter(), time.process_time()
                    if profile:
                        profile.enable()
                    await _call(app, query, variables)
                    if profile:
                        profile.disable()
                    hub_ms.append((time.perf_counter() - began) * 1000)
                    cpu_ms.append((time.process_time() - began_cpu) * 1000)
                    began = time.perf_counter()
                    await raw(statements)
                    raw_ms.append((time.perf_counter() - began) * 1000)
                hub_p50, raw_p50 = statistics.median(hub_ms), statistics.median(raw_ms)
                print(f"{name:9s} hub p50 {hub_p50:6.1f} ms  raw p50 {raw_p50:6.1f} ms  hub / raw {hub_p50 / raw_p50:4.2f}"
                      f"  hub CPU p50 {statistics.median(cpu_ms):5.1f} ms", flush=True)
                if profile:
                    path = Path(args.data_dir).resolve().parent / f"in_process-{name}.prof"
                    profile.dump_stats(path)
                    print(f"          profile: {path}")
    finally:
        await hub.stop()


def _args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="the data folder (kept between runs)")
    parser.add_argument("--requests", type=int, default=30, help="measured requests per operation")
    parser.add_argument("--profile", action="store_true", help="write a cProfile of the hub's requests")
    parser.add_argument("operations", nargs="*", help="the operations to run: page100, page10, actor, search, "
                                                      "province, who (all by default)")
    args = parser.parse_args()
    unknown = set(args.operations) - {"page100", "page10", "actor", "search", "province", "who"}
    if unknown:
        parser.error(f"unknown operation(s): {', '.join(sorted(unknown))}")
    return args


if __name__ == "__main__":
    asyncio.run(main(_args()))
