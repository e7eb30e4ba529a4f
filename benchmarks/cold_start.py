"""The first requests after a restart, with and without the start-up's warm-up (hub.graph.warm_up).

    python benchmarks/cold_start.py --data-dir DIR --rounds 3

On the scale-1 data set (generate.py, written into DIR on first use): one start runs compare.py's reads a few
times and stops, so that the server keeps its most used statements; then --rounds pairs of starts, one with
the warm-up and one without (HUB_WARM_STATEMENTS=0), in turn. Each start restarts the embedded graph server
(a new Java process: nothing planned, nothing compiled), waits until the warm-up is over, and times the first
request of each read, in process (an ASGI call, no socket). Prints the median first request per read, each
side, and the warm-up's own time. Figures to compare, never assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from hub.app import create_app  # noqa: E402
from hub.graph import warm_up  # noqa: E402
from hub.runtime import Hub  # noqa: E402
from hub.settings import Settings  # noqa: E402

try:
    from benchmarks import compare, generate, in_process  # noqa: E402
except ImportError:  # run as a script from anywhere
    import compare  # type: ignore[no-redef]  # noqa: E402
    import generate  # type: ignore[no-redef]  # noqa: E402
    import in_process  # type: ignore[no-redef]  # noqa: E402

READS = ["page100", "page10", "actor", "search", "province", "who"]


async def start(data_dir: Path, warm: bool, work) -> tuple[float | None, dict]:
    """One start of the hub (and its graph server): the warm-up's seconds (None without one) and what `work`
    returned, given the app and the hub."""
    settings = Settings(data_dir=data_dir, neo4j_uri=None, _env_file=None, max_cost=10**9, rate_limit_points=10**9,
                        warm_statements=200 if warm else 0)
    hub = await Hub(settings).start()
    try:
        app = create_app(settings, hub=hub)
        async with app.router.lifespan_context(app):
            while hub.warmed is None:
                await asyncio.sleep(0.01)
            return (hub.warmed.seconds if warm else None), await work(app, hub)
    finally:
        await hub.stop()


async def main(args) -> None:
    data_dir = args.data_dir
    marker = generate.marker(data_dir, 1.0, 7)

    async def picks(app, hub):
        data = generate.build(1.0, 7)
        if not marker.exists():
            print(f"writing the scale-1 data set into {data_dir}", flush=True)
            marker.write_text(json.dumps(await generate.write_batch(hub.graph, generate.to_batch(data))) + "\n")
        found = in_process.operations(await compare.picks_for(hub.graph, data))
        for _ in range(3):  # what the server keeps for its next start
            for name in READS:
                query, variables, _ = found[name]
                await in_process._call(app, query, variables)
        return found

    _, found = await start(data_dir, True, picks)
    kept = len(warm_up.load(data_dir, 10**6))
    print(f"{kept} statements kept by the first start")

    async def first_requests(app, hub):
        timed = {}
        for name in READS:
            query, variables, _ = found[name]
            began = time.perf_counter()
            await in_process._call(app, query, variables)
            timed[name] = (time.perf_counter() - began) * 1000
        return timed

    figures = {True: [], False: []}
    warm_ups = []
    for round_ in range(args.rounds):
        for warm in (round_ % 2 == 0, round_ % 2 != 0):
            seconds, timed = await start(data_dir, warm, first_requests)
            figures[warm].append(timed)
            if warm:
                warm_ups.append(seconds)
            print(f"round {round_ + 1} {'with' if warm else 'without'} the warm-up: "
                  + ", ".join(f"{name} {ms:.0f}" for name, ms in timed.items()), flush=True)

    print(f"\nfirst request after a restart, median of {args.rounds} starts each (ms)")
    print(f"{'read':10s} {'with':>8s} {'without':>8s}  ratio")
    for name in READS:
        with_ = statistics.median(t[name] for t in figures[True])
        without = statistics.median(t[name] for t in figures[False])
        print(f"{name:10s} {with_:8.0f} {without:8.0f}  {with_ / without:5.2f}")
    total_with = statistics.median(sum(t.values()) for t in figures[True])
    total_without = statistics.median(sum(t.values()) for t in figures[False])
    print(f"{'all six':10s} {total_with:8.0f} {total_without:8.0f}  {total_with / total_without:5.2f}")
    print(f"warm-up (in the background, before the first request): median {statistics.median(warm_ups):.2f} s")


def _args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="the data folder (kept between runs)")
    parser.add_argument("--rounds", type=int, default=3, help="starts with, and starts without, the warm-up")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(_args()))
