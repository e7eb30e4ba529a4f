"""Per-request cost of the hub's HTTP layers (security headers, request id, metrics, the access log line,
CORS), measured on /healthz so that nothing else is in the time: the app as create_app builds it against
the same routes with no middleware. No graph server is needed. Prints microseconds per request.

    python benchmarks/http_overhead.py [--requests 20000] [--format json|text]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from starlette.applications import Starlette  # noqa: E402

from hub.app import create_app  # noqa: E402
from hub.observability import logs  # noqa: E402
from hub.runtime import Hub  # noqa: E402
from hub.settings import Settings  # noqa: E402


async def timed(app, path: str, requests: int, headers: list[tuple[bytes, bytes]]) -> float:
    """Seconds per request, calling the ASGI app directly (no client, no socket)."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000)}

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        pass

    began = time.perf_counter()
    for _ in range(requests):
        await app(dict(scope), receive, send)
    return (time.perf_counter() - began) / requests


async def main(requests: int, fmt: str) -> None:
    settings = Settings(cors_origins=["https://app.example.org"], _env_file=None)
    hub = Hub(settings)  # never started: /healthz does not touch the graph
    full = create_app(settings, hub=hub)
    bare = Starlette(routes=full.router.routes)
    root = logging.getLogger()
    root.handlers[:] = [logs.handler(open(os.devnull, "w"), fmt)]
    root.setLevel(logging.DEBUG)  # so that /healthz writes its access line, as /graphql does at INFO
    headers = [(b"host", b"hub.test"), (b"origin", b"https://app.example.org")]
    rounds = {"bare": [], "hub": []}
    for _ in range(5):
        rounds["bare"].append(await timed(bare, "/healthz", requests, headers))
        rounds["hub"].append(await timed(full, "/healthz", requests, headers))
    bare_us, hub_us = (statistics.median(rounds[k]) * 1e6 for k in ("bare", "hub"))
    print(f"{requests} requests x 5 rounds, access log format {fmt}, medians:")
    print(f"  routes only:              {bare_us:7.1f} us/request")
    print(f"  with the hub's layers:    {hub_us:7.1f} us/request")
    print(f"  overhead of the layers:   {hub_us - bare_us:7.1f} us/request")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--format", choices=("json", "text"), default="json")
    args = parser.parse_args()
    asyncio.run(main(args.requests, args.format))
