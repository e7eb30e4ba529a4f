"""The hub's own CPU per create with its duplicate check, measured in process.

    python benchmarks/create_cpu.py --data-dir DIR --creates 30

Starts a hub on the data folder (the scale-1 data set of generate.py, written on first use), runs the app's
start-up as a server would (its lifespan), then sends compare.py's create (2 places, a theme, an implementer,
possibleDuplicates selected) through the in-process app (httpx + ASGITransport) 3 times to warm up and
--creates times measured. Prints per create the wall time and the process's CPU time (time.process_time: the
hub's Python, not the graph server's), medians and p90, and the garbage collector's collections and time by
generation during the measured creates. Removes what it created. To compare two versions of the code, run it
from each checkout in turn on the same data folder, alternating. Figures to compare, never assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import sys
import time
import uuid
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402

from hub.access import Role, Viewer  # noqa: E402
from hub.app import create_app  # noqa: E402
from hub.auth import tokens  # noqa: E402
from hub.graph.connection import fetch_all  # noqa: E402
from hub.graph.reference import CLEAN_UP  # noqa: E402
from hub.ids import from_global_id, to_global_id  # noqa: E402
from hub.runtime import Hub  # noqa: E402
from hub.settings import Settings  # noqa: E402

try:
    from benchmarks import generate  # noqa: E402
except ImportError:  # run as a script from anywhere
    import generate  # type: ignore[no-redef]  # noqa: E402

CREATE = """mutation($input: CreateInitiativeInput!) { createInitiative(input: $input) {
    initiative { id title } userErrors { field message code } possibleDuplicates { score } } }"""
WARM_UP = 3


class Collections:
    """The collector's collections and their time by generation, from gc.callbacks."""

    def __init__(self):
        self.counts = [0, 0, 0]
        self.seconds = [0.0, 0.0, 0.0]
        self._began = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.counts[info["generation"]] += 1
            self.seconds[info["generation"]] += time.perf_counter() - self._began

    def reset(self) -> None:
        self.counts, self.seconds = [0, 0, 0], [0.0, 0.0, 0.0]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def main(args) -> None:
    settings = Settings(data_dir=args.data_dir, neo4j_uri=None, _env_file=None, max_cost=10**9,
                        rate_limit_points=10**9)
    hub = await Hub(settings).start()
    collections = Collections()
    created: list[str] = []
    try:
        marker = generate.marker(args.data_dir, 1.0, 7)
        data = generate.build(1.0, 7)
        if not marker.exists():
            print(f"writing the scale-1 data set into {args.data_dir}", flush=True)
            marker.write_text(json.dumps(await generate.write_batch(hub.graph, generate.to_batch(data))) + "\n")
        p = data.picks
        issued = await tokens.issue(hub.graph, Viewer.system("benchmark"), name="create CPU benchmark",
                                    role=Role.ADMIN, actor_keys=[])
        headers = {"Authorization": f"Bearer {issued.token}"}
        app = create_app(hub.settings, hub=hub)
        wall, cpu = [], []
        gc.callbacks.append(collections)
        async with app.router.lifespan_context(app), httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://hub.bench", timeout=120) as http:
            for i in range(WARM_UP + args.creates):
                if i == WARM_UP:
                    collections.reset()
                variables = {"input": {
                    "title": f"Side-by-side benchmark initiative bench-{uuid.uuid4().hex[:12]}", "status": "PLANNED",
                    "startDate": "2026-03-01", "endDate": "2027-12-31", "source": "benchmark",
                    "locationIds": [to_global_id("Location", k) for k in (p["settlement"], p["admin2"])],
                    "themeIds": [to_global_id("Theme", "community-mediation")],
                    "implementers": [{"actorId": to_global_id("Actor", p["busy_actor"]), "role": "LEAD"}]}}
                began, began_cpu = time.perf_counter(), time.process_time()
                body = (await http.post("/graphql", json={"query": CREATE, "variables": variables}, headers=headers)).json()
                seconds, cpu_seconds = time.perf_counter() - began, time.process_time() - began_cpu
                answer = (body.get("data") or {}).get("createInitiative")
                if not answer or answer["userErrors"]:
                    raise RuntimeError(json.dumps(body)[:500])
                created.append(from_global_id(answer["initiative"]["id"])[1])
                if i >= WARM_UP:
                    wall.append(seconds * 1000)
                    cpu.append(cpu_seconds * 1000)
        gc.callbacks.remove(collections)
        print(f"{args.creates} creates after {WARM_UP} to warm up (code in {Path(__file__).resolve().parents[1]})")
        print(f"  wall ms: p50 {statistics.median(wall):.1f}, p90 {_pct(wall, 0.9):.1f}, max {max(wall):.1f}")
        print(f"  hub CPU ms: p50 {statistics.median(cpu):.1f}, p90 {_pct(cpu, 0.9):.1f}, mean {statistics.mean(cpu):.1f}, "
              f"max {max(cpu):.1f}")
        print("  garbage collections (count, ms) by generation: " + ", ".join(
            f"{g}: {n}, {s * 1000:.1f}" for g, (n, s) in enumerate(zip(collections.counts, collections.seconds))))
    finally:
        if collections in gc.callbacks:
            gc.callbacks.remove(collections)
        if created:
            await hub.graph.write(lambda tx: fetch_all(tx, CLEAN_UP, keys=created))
        await hub.stop()


def _args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="the data folder (kept between runs)")
    parser.add_argument("--creates", type=int, default=30, help="measured creates, after 3 to warm up")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(_args()))
