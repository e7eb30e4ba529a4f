"""How long the lists of a record's relations really are, per GraphQL field: what the cost estimate's
expected list length (schema/limits/cost.py, RELATION_FAN_OUT) is checked against.

    python benchmarks/relation_lengths.py [--scale 1]

Reads the demo data set and the generated data set (benchmarks/generate.py) as the importer's batches;
nothing touches a graph. Prints, per list field, the mean, 90th and 99th percentile and maximum length over
every record of the type (records without any relation count as 0), then the same over all stored
relation lists (the derived `Actor.coImplementers` is shown, not included).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import build, to_batch  # noqa: E402
from hub.access import Viewer  # noqa: E402
from hub.demo.loader import build_batch, load_files  # noqa: E402

# GraphQL list field -> (type, relationship, the type's end: "from", "to" or "both")
FIELDS = {
    "Actor.initiatives": ("Actor", "IMPLEMENTS", "from"), "Actor.fundsInitiatives": ("Actor", "FUNDS", "from"),
    "Actor.fundedBy": ("Actor", "FUNDS", "to"), "Actor.operatesIn": ("Actor", "OPERATES_IN", "from"),
    "Actor.mandates": ("Actor", "HOLDS", "from"), "Actor.partners": ("Actor", "PARTNERS_WITH", "both"),
    "Actor.memberOf": ("Actor", "MEMBER_OF", "from"), "Actor.members": ("Actor", "MEMBER_OF", "to"),
    "Actor.units": ("Actor", "PART_OF", "to"), "Actor.contacts": ("Actor", "LIAISON_FOR", "to"),
    "Actor.reportedNeeds": ("Actor", "REPORTED", "from"),
    "Initiative.implementers": ("Initiative", "IMPLEMENTS", "to"), "Initiative.funders": ("Initiative", "FUNDS", "to"),
    "Initiative.locations": ("Initiative", "LOCATED_IN", "from"), "Initiative.themes": ("Initiative", "ADDRESSES", "from"),
    "Initiative.components": ("Initiative", "PART_OF", "to"),
    "Mandate.holders": ("Mandate", "HOLDS", "to"), "Mandate.themes": ("Mandate", "ADDRESSES", "from"),
    "Mandate.covers": ("Mandate", "COVERS", "from"),
    "Need.locations": ("Need", "AT", "from"), "Need.themes": ("Need", "ADDRESSES", "from"),
    "Need.reportedBy": ("Need", "REPORTED", "to"),
    "Location.children": ("Location", "PART_OF", "to"), "Location.borders": ("Location", "BORDERS", "both"),
}


def lengths(batch) -> dict[str, list[int]]:
    keys = {label: [row["key"] for row in rows] for label, rows in batch.nodes.items()}
    out = {}
    for name, (label, rel, end) in FIELDS.items():
        degree: Counter = Counter()
        for (source_label, link_rel, target_label), rows in batch.links.items():
            if link_rel != rel:
                continue
            for row in rows:
                if end in ("from", "both") and source_label == label:
                    degree[row["from"]] += 1
                if end in ("to", "both") and target_label == label:
                    degree[row["to"]] += 1
        out[name] = [degree.get(key, 0) for key in keys.get(label, [])]
    # derived: the organisations an actor shares initiatives with
    by_initiative: dict[str, set[str]] = {}
    for row in batch.links.get(("Actor", "IMPLEMENTS", "Initiative"), []):
        by_initiative.setdefault(row["to"], set()).add(row["from"])
    others: dict[str, set[str]] = {}
    for actors in by_initiative.values():
        for actor in actors:
            others.setdefault(actor, set()).update(actors - {actor})
    out["Actor.coImplementers"] = [len(others.get(key, ())) for key in keys.get("Actor", [])]
    return out


def _pct(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0


def report(title: str, batch) -> list[int]:
    print(f"\n{title}\n{'field':<26} {'records':>7} {'mean':>6} {'p90':>5} {'p99':>5} {'max':>5}")
    every: list[int] = []
    for name, values in lengths(batch).items():
        if not values:
            continue
        if name in FIELDS:  # the derived coImplementers are printed, not summed with the stored relations
            every += values
        print(f"{name:<26} {len(values):>7} {statistics.fmean(values):>6.2f} {_pct(values, .9):>5} "
              f"{_pct(values, .99):>5} {max(values):>5}")
    print(f"{'all relation lists':<26} {len(every):>7} {statistics.fmean(every):>6.2f} {_pct(every, .9):>5} "
          f"{_pct(every, .99):>5} {max(every):>5}")
    return every


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    viewer = Viewer.system("relation lengths")
    report("demo data set", build_batch(*load_files(), viewer))
    report(f"generated data set, scale {args.scale}", to_batch(build(args.scale), viewer))


if __name__ == "__main__":
    main()
