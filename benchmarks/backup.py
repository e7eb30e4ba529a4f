"""Speed of `hub backup` and `hub restore` on generated data, embedded engine to embedded engine.

    python benchmarks/backup.py --scale 0.1

Generates data (benchmarks/generate.py) into a new embedded data folder, backs it up, restores the file into
another new data folder, and prints records per second each way and the file's size.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from hub.runtime import Hub  # noqa: E402
from hub.services.backup import Restore, census, write_backup  # noqa: E402
from hub.settings import Settings  # noqa: E402


async def main(scale: float, seed: int) -> None:
    with tempfile.TemporaryDirectory(prefix="hub-backup-bench-") as folder:
        folder = Path(folder)
        file = folder / "graph.jsonl.gz"
        source = await Hub(Settings(data_dir=folder / "a", neo4j_uri=None, _env_file=None)).start()
        try:
            await generate(source.graph, scale=scale, seed=seed)
            counts = await census(source.graph)
            began = time.perf_counter()
            await write_backup(source.graph, file)
            backup_s = time.perf_counter() - began
        finally:
            await source.stop()
        target = await Hub(Settings(data_dir=folder / "b", neo4j_uri=None, _env_file=None)).start(migrate=False)
        try:
            began = time.perf_counter()
            await Restore(target.graph, target.migrate).run(file)
            restore_s = time.perf_counter() - began
            assert await census(target.graph) == counts
        finally:
            await target.stop()
        nodes, links = sum(counts.nodes.values()), sum(counts.links.values())
        total = nodes + links
        print(f"scale {scale}: {nodes:,} nodes, {links:,} relationships; file {file.stat().st_size / 1e6:.1f} MB")
        print(f"backup  {backup_s:6.1f} s  {total / backup_s:8,.0f} records/s")
        print(f"restore {restore_s:6.1f} s  {total / restore_s:8,.0f} records/s (migrations included)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.scale, arguments.seed))
