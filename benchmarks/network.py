"""How long the network views take on the generated graph: the actor collaboration network (fetch, measures,
GraphML export) and the neighbourhood of a busy actor.

    python benchmarks/network.py --data-dir DIR [--scale 1] [--seed 7]

DIR is a data folder written by `generate.py --data-dir DIR` (or `run.py --data-dir DIR`), read as an admin sees
it, with the embedded graph server. Prints sizes and the median of --repeat runs; nothing is written.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hub.access import Viewer  # noqa: E402
from hub.runtime import Hub  # noqa: E402
from hub.services.analysis import graph_formats, network  # noqa: E402
from hub.services.history import as_of  # noqa: E402
from hub.settings import Settings  # noqa: E402


async def _timed(repeat: int, work):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = await work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


async def main(data_dir: Path, repeat: int) -> None:
    hub = await Hub(Settings(data_dir=data_dir, neo4j_uri=None, _env_file=None), attach=True).start(migrate=False)
    viewer = Viewer.system("benchmark")
    try:
        fetch_s, graph = await _timed(repeat, lambda: network.collaboration_network(hub.reader, viewer,
                                                                                     network.NetworkScope()))
        print(f"collaboration network: {graph.number_of_nodes()} actors, {graph.number_of_edges()} links")
        print(f"  fetch (4 statements):           {fetch_s * 1000:8.0f} ms")

        async def measured():
            return network.measure(graph)

        measure_s, measures = await _timed(repeat, measured)
        print(f"  measures ({len(measures.communities)} communities):     {measure_s * 1000:8.0f} ms")

        async def exported():
            return sum(len(c) for c in graph_formats.render(network.network_view(graph, measures), "GRAPHML"))

        export_s, size = await _timed(repeat, exported)
        print(f"  GraphML export ({size / 1e6:.1f} MB):     {export_s * 1000:8.0f} ms")
        print(f"  total:                          {(fetch_s + measure_s) * 1000:8.0f} ms (+ export)")
        moment = as_of(dt.datetime.now(dt.timezone.utc))
        past_s, past = await _timed(repeat, lambda: network.collaboration_network(
            hub.reader, viewer, network.NetworkScope(as_of=moment)))
        print(f"  fetch as of now (+2 statements): {past_s * 1000:7.0f} ms ({past.number_of_edges()} links)")
        busy = max(graph.degree, key=lambda pair: pair[1])[0]
        for depth in (1, 2, 3):
            took, view = await _timed(repeat, lambda: network.neighbourhood(
                hub.graph, viewer, ("Actor", busy), depth=depth, via=None, kinds=None, start=None, end=None,
                max_nodes=network.MAX_NODES))
            print(f"neighbourhood of the busiest actor, depth {depth}: {len(view.nodes)} records, {len(view.edges)} "
                  f"relationships{', capped' if view.capped else ''}: {took * 1000:.0f} ms")
            took, view = await _timed(repeat, lambda: network.neighbourhood(
                hub.graph, viewer, ("Actor", busy), depth=depth, via=None, kinds=None, start=None, end=None,
                max_nodes=network.MAX_NODES, as_of=moment))
            print(f"  as of now: {len(view.nodes)} records: {took * 1000:.0f} ms")
    finally:
        await hub.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.data_dir, arguments.repeat))
