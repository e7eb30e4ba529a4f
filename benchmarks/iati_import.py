"""Speed of `hub import iati` on real data scaled up: the three D-Portal files of ../shared/data
(OCHA-DAP__hdx-scraper-iati-viz, see SOURCES.md there) imported --copies times, each copy with its
iati-identifiers suffixed (so every copy is new activities by the same organisations, in the same places).

    python benchmarks/iati_import.py --copies 34     # 10,200 activities

Starts a hub on a fresh temporary data folder (the embedded graph server), imports every file through the
product's importer (in its batches), then imports the first file again (nothing new). Prints activities per
second for the first pass, the CPU seconds the benchmark process and the graph server spent on it (which
say more than the wall time on a shared, loaded machine), the load average, and the seconds of the
re-import. --runs N repeats it all on N fresh graphs and prints the median. Figures, never assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hub.access import Viewer  # noqa: E402
from hub.runtime import Hub  # noqa: E402
from hub.services.iati_import import IatiImporter  # noqa: E402
from hub.settings import Settings  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "OCHA-DAP__hdx-scraper-iati-viz"


def copies(count: int) -> list[tuple[str, bytes]]:
    files = sorted(DATA.glob("dportal_*.xml"))
    found = []
    for n in range(count):
        for f in files:
            data = f.read_bytes()
            if n:
                data = data.replace(b"</iati-identifier>", f"-copy{n}</iati-identifier>".encode())
                data = data.replace(b'<related-activity ref="', f'<related-activity ref="copy{n}-'.encode())
            found.append((f"{f.stem}-{n}.xml", data))
    return found


def _server_cpu(hub: Hub) -> float:
    """CPU seconds of the embedded graph server process so far (user + system, from /proc)."""
    process = getattr(hub.server, "process", None)
    try:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (AttributeError, OSError):
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def run(count: int) -> float:
    """One run on a fresh graph; the activities per second of its first pass."""
    temp = Path(tempfile.mkdtemp(prefix="hub-iati-bench-"))
    hub = await Hub(Settings(data_dir=temp, neo4j_uri=None, _env_file=None)).start()
    try:
        importer, viewer = IatiImporter(hub.graph), Viewer.system("benchmark")
        files = copies(count)
        load = os.getloadavg()[0]
        began, own, server = time.perf_counter(), _own_cpu(), _server_cpu(hub)
        activities = 0
        for name, data in files:
            report = await importer.import_file(data, name, viewer)
            activities += report.activities
        took = time.perf_counter() - began
        own, server = _own_cpu() - own, _server_cpu(hub) - server
        print(f"{activities} activities in {len(files)} files: {took:.1f} s, {activities / took:.0f} activities/s; "
              f"CPU {own:.1f} s importer + {server:.1f} s graph server; load average {load:.1f} -> "
              f"{os.getloadavg()[0]:.1f}")
        began = time.perf_counter()
        report = await importer.import_file(files[0][1], files[0][0], viewer)
        print(f"re-import of {files[0][0]}: {time.perf_counter() - began:.1f} s; {report.summary()}")
        return activities / took
    finally:
        await hub.stop()
        shutil.rmtree(temp, ignore_errors=True)


async def main(count: int, runs: int = 1) -> None:
    rates = [await run(count) for _ in range(runs)]
    if runs > 1:
        print(f"median of {runs} runs: {statistics.median(rates):.0f} activities/s "
              f"({', '.join(f'{r:.0f}' for r in rates)})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=34, help="copies of the three files (default 34: 10,200 activities)")
    parser.add_argument("--runs", type=int, default=1, help="runs on fresh graphs; the median is printed (default 1)")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.copies, arguments.runs))
