"""The labelled organisation pairs of benchmarks/quality/org_pairs.json as a regression test: automatic merges
stay precise, and true duplicates keep reaching either a merge or the review queue. The floors sit just
under the figures measured by `python benchmarks/organisations.py` (README, "Organisations across sources")."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from hub.services.orgs.matching import NEW, REVIEW, SAME, OrgName, compare, unreliable_ref  # noqa: E402
from quality import organisations  # noqa: E402

FLOORS = {"merge_precision": 0.95, "merge_recall": 0.6, "found_recall": 0.9}
CEILINGS = {"queue_wrong": 0.4, "false_merges": 3}


def test_the_labelled_pairs_meet_the_floors():
    pairs = organisations.load_pairs()
    scores = organisations.evaluate(pairs)
    figures = scores.figures
    assert figures["pairs"] >= 150 and figures["different"] >= 50
    low = {k: figures[k] for k, floor in FLOORS.items() if figures[k] < floor}
    high = {k: figures[k] for k, ceiling in CEILINGS.items() if figures[k] > ceiling}
    assert not low and not high, "\n".join([str(low), str(high)] + [organisations.describe(p, v) for p, v in scores.wrong])


@pytest.mark.parametrize("known, incoming, decision", [
    (OrgName("United Nations Development Programme", ref="XM-DAC-41114"),
     OrgName("UNITED NATIONS DEVELOPMENT PROGRAMME", ref="XM-DAC-12"), SAME),  # the junk identifier "12"
    (OrgName("UNDP"), OrgName("ПРООН"), SAME),
    (OrgName("United Nations Development Programme"), OrgName("PNUD"), SAME),
    (OrgName("Restless Development"), OrgName("Restless Developmen"), SAME),
    (OrgName("Plan International"), OrgName("Plan International Inc. (Sierra Leone Country Office)"), SAME),
    (OrgName("BRAC USA"), OrgName("BRAC Sierra Leone"), REVIEW),
    (OrgName("CDC Group plc", ref="GB-COH-03877777"), OrgName("CDC Group plc", ref="GB-COH-0387777"), REVIEW),
    (OrgName("UNICEF"), OrgName("UNHCR"), NEW),
    (OrgName("United Nations Children's Fund"), OrgName("United Nations Capital Development Fund"), NEW),
])
def test_decisions_on_the_cases_the_issue_names(known, incoming, decision):
    verdict = compare(known, incoming)
    assert verdict.decision == decision, verdict.reasons
    assert all(r.endswith(".") for r in verdict.reasons)


@pytest.mark.parametrize("ref, junk", [("XM-DAC-12", True), ("XM-DAC-99999", True), ("XM-DAC-41000", True),
                                       ("XM-DAC-00089", True), ("XM-DAC-41114", False), ("GB-CHC-202918", False),
                                       ("XM-DAC-21-1", False), (None, False)])
def test_identifiers_that_name_no_single_organisation_are_set_aside(ref, junk):
    assert bool(unreliable_ref(ref)) is junk
