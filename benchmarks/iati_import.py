"""Speed of `hub import iati` on real data scaled up: the three D-Portal files of ../shared/data
(OCHA-DAP__hdx-scraper-iati-viz, see SOURCES.md there) imported --copies times, each copy with its
iati-identifiers suffixed (so every copy is new activities by the same organisations, in the same places).

    python benchmarks/iati_import.py --copies 34     # 10,200 activities

Starts a hub on a fresh temporary data folder (the embedded graph server), imports every file through the
product's importer (one transaction per file), then imports the first file again (nothing new). Prints
activities per second for the first pass and the seconds of the re-import. Figures, never assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
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


async def main(count: int) -> None:
    temp = Path(tempfile.mkdtemp(prefix="hub-iati-bench-"))
    hub = await Hub(Settings(data_dir=temp, neo4j_uri=None, _env_file=None)).start()
    try:
        importer, viewer = IatiImporter(hub.graph), Viewer.system("benchmark")
        files = copies(count)
        began = time.perf_counter()
        activities = 0
        for name, data in files:
            report = await importer.import_file(data, name, viewer)
            activities += report.activities
        took = time.perf_counter() - began
        print(f"{activities} activities in {len(files)} files: {took:.1f} s, {activities / took:.0f} activities/s")
        began = time.perf_counter()
        report = await importer.import_file(files[0][1], files[0][0], viewer)
        print(f"re-import of {files[0][0]}: {time.perf_counter() - began:.1f} s; {report.summary()}")
    finally:
        await hub.stop()
        shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=34, help="copies of the three files (default 34: 10,200 activities)")
    asyncio.run(main(parser.parse_args().copies))
