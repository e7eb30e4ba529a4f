"""The labelled organisation pairs (org_pairs.json) through the resolver's comparison: how many true
duplicates are merged automatically, how many reach the review queue, how many are missed, and how many
automatic merges and queue entries are wrong. Pure computation: no graph server needed."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hub.interop.iati import NO_REF, canonical_ref
from hub.services.orgs.matching import NEW, REVIEW, SAME, OrgName, Verdict, compare

PAIRS = Path(__file__).with_name("org_pairs.json")


def load_pairs(path: Path = PAIRS) -> list[dict]:
    pairs = json.loads(path.read_text(encoding="utf-8"))["pairs"]
    for n, pair in enumerate(pairs):
        assert isinstance(pair.get("same"), bool) and pair.get("reason"), f"pair {n}: label and reason required"
        assert pair["known"].get("name") and pair["incoming"].get("name"), f"pair {n}: both names required"
    return pairs


def _org(side: dict) -> OrgName:
    """As an importer reads it: "N/A" and the like are no identifier, a bare DAC code is XM-DAC-code."""
    ref = side.get("ref")
    return OrgName(side["name"], ref=None if (ref or "").upper() in NO_REF else canonical_ref(ref))


@dataclass
class Scores:
    counts: Counter = field(default_factory=Counter)  # (decision, same) -> pairs
    wrong: list[tuple[dict, Verdict]] = field(default_factory=list)  # false merges and missed duplicates

    def ratio(self, num: int, den: int) -> float | None:
        return round(num / den, 3) if den else None

    @property
    def figures(self) -> dict:
        c = self.counts
        same = c[(SAME, True)] + c[(REVIEW, True)] + c[(NEW, True)]
        merged, queued = c[(SAME, True)] + c[(SAME, False)], c[(REVIEW, True)] + c[(REVIEW, False)]
        return {
            "pairs": sum(c.values()), "same": same, "different": sum(c.values()) - same,
            "merge_precision": self.ratio(c[(SAME, True)], merged),
            "merge_recall": self.ratio(c[(SAME, True)], same),
            "queue_recall": self.ratio(c[(REVIEW, True)], same),
            "found_recall": self.ratio(c[(SAME, True)] + c[(REVIEW, True)], same),
            "queue_wrong": self.ratio(c[(REVIEW, False)], queued),
            "false_merges": c[(SAME, False)], "missed": c[(NEW, True)],
            "merged": merged, "queued": queued,
        }


def evaluate(pairs: list[dict]) -> Scores:
    scores = Scores()
    for pair in pairs:
        verdict = compare(_org(pair["known"]), _org(pair["incoming"]))
        scores.counts[(verdict.decision, pair["same"])] += 1
        if (verdict.decision == SAME) != pair["same"] and (verdict.decision == NEW or not pair["same"]):
            scores.wrong.append((pair, verdict))
    return scores


def describe(pair: dict, verdict: Verdict) -> str:
    label = "same" if pair["same"] else "different"
    return (f"{pair['incoming']['name']!r} vs {pair['known']['name']!r}: labelled {label} ({pair['reason']}); "
            f"{verdict.decision} at {verdict.score}: {' '.join(verdict.reasons)}")
