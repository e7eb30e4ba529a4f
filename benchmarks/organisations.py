"""Organisation resolution quality on the labelled pairs of benchmarks/quality/org_pairs.json.

    python benchmarks/organisations.py [--json out.json] [--verbose]

Prints the precision and recall of automatic merges, the share of true duplicates that reach the review
queue, the share of queue entries that are wrong, and (with --verbose) every false merge and missed duplicate
with its reasons. tests/test_org_resolution_quality.py holds the floors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if __package__ in (None, ""):
    sys.path.insert(0, str(HERE.parent))
    sys.path.insert(0, str(HERE))

from quality import organisations  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--verbose", action="store_true", help="print every false merge and missed duplicate")
    args = parser.parse_args()
    scores = organisations.evaluate(organisations.load_pairs())
    figures = scores.figures
    for name, value in figures.items():
        print(f"{name:>16}: {value}")
    if args.verbose:
        for pair, verdict in scores.wrong:
            print("-", organisations.describe(pair, verdict))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
