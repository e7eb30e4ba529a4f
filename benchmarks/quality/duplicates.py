"""Labelled duplicate cases (duplicate_cases.json): create each case's records through the API, ask
duplicateCandidates for its subject, and judge the answer by the ranks and scores of the case's own
labelled initiatives only, so that the demo's records and the other cases' records do not disturb the
labels (how often such an unlabelled record outranks the true duplicate is reported as a note)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from quality import metrics as m
from quality.world import Api, demo_actor, gid

CASES = Path(__file__).with_name("duplicate_cases.json")
LABELS = {"duplicate", "lookalike"}
ASK = """query($d: DraftInitiativeInput, $id: ID) { duplicateCandidates(draft: $d, initiativeId: $id, first: 100) {
  score %s initiative { id title } reasons { factor score detail } } }"""
OPTIONAL = ("confidence",)  # read when the schema has it, and reported beside the score


def load_cases(path: Path = CASES) -> list[dict]:
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    seen = set()
    for case in cases:
        where = case.get("id", "?")
        assert where not in seen, f"{where}: case ids must be unique"
        seen.add(where)
        assert case.get("why"), f"{where}: every case says why"
        assert len(case.get("subject", {})) == 1 and next(iter(case["subject"])) in ("draft", "registered"), \
            f"{where}: subject is either a draft or a registered initiative"
        names = [i["name"] for i in case["initiatives"]]
        assert len(set(names)) == len(names) and "subject" not in names, f"{where}: initiative names must be unique"
        for item in case["initiatives"]:
            assert item.get("label") in LABELS, f"{where}/{item['name']}: label must be one of {sorted(LABELS)}"
    return cases


def _record_input(spec: dict, ids: dict[str, str]) -> dict:
    data = {"title": spec["title"], "description": spec.get("description"), "startDate": spec.get("startDate"),
            "endDate": spec.get("endDate"), "status": spec.get("status", "ACTIVE"),
            "targetGroups": spec.get("targetGroups"),
            "locationIds": [gid("Location", p) for p in spec.get("places", [])],
            "themeIds": [gid("Theme", t) for t in spec.get("themes", [])],
            "implementers": [{"actorId": demo_actor(spec["lead"]), "role": "LEAD"}] if spec.get("lead") else None,
            "funderIds": [demo_actor(f) for f in spec.get("funders", [])],
            "partOfId": ids[spec["partOf"]] if spec.get("partOf") else None,
            "source": "quality benchmark case"}
    return {k: v for k, v in data.items() if v not in (None, [])}


def draft_input(spec: dict) -> dict:
    data = {"title": spec["title"], "description": spec.get("description"),
            "locationIds": [gid("Location", p) for p in spec.get("places", [])],
            "themeIds": [gid("Theme", t) for t in spec.get("themes", [])],
            "targetGroups": spec.get("targetGroups"), "funderIds": [demo_actor(f) for f in spec.get("funders", [])],
            "startDate": spec.get("startDate"), "endDate": spec.get("endDate")}
    return {k: v for k, v in data.items() if v not in (None, [])}


async def create_records(api: Api, case: dict) -> dict[str, str]:
    """The case's registered initiatives (and its subject, if registered), programmes before their parts."""
    pending = {i["name"]: i for i in case["initiatives"]}
    if "registered" in case["subject"]:
        pending["subject"] = case["subject"]["registered"]
    ids: dict[str, str] = {}
    while pending:
        ready = [n for n, spec in pending.items() if not spec.get("partOf") or spec["partOf"] in ids]
        if not ready:
            raise ValueError(f"{case['id']}: partOf refers to a record of no case or to a cycle: {sorted(pending)}")
        for name in ready:
            ids[name] = await api.create("Initiative", _record_input(pending.pop(name), ids), what=f"{case['id']}/{name}")
    return ids


@dataclass
class Judged:
    name: str
    label: str
    title: str
    score: float | None  # None: not among the candidates returned
    rank: int | None  # among the case's labelled initiatives that were returned
    shown_rank: int | None  # in the whole answer, as a user sees it
    reasons: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # what a newer schema adds, e.g. {"confidence": 0.8}


@dataclass
class CaseResult:
    case: dict
    judged: list[Judged]
    above_duplicate: list[str]  # unlabelled records ranked above the best true duplicate ("demo: title" / "case: title")

    @property
    def duplicates(self) -> list[Judged]:
        return [j for j in self.judged if j.label == "duplicate"]

    @property
    def lookalikes(self) -> list[Judged]:
        return [j for j in self.judged if j.label == "lookalike"]

    def failures(self, threshold: float) -> list[str]:
        """The floors: every true duplicate ranked first among the labelled initiatives; no lookalike at
        or above the report threshold."""
        found = []
        for d in self.duplicates:
            if d.rank is None:
                found.append(f"true duplicate '{d.name}' was not returned at all")
            elif any(o.rank is not None and o.rank < d.rank for o in self.lookalikes):
                found.append(f"true duplicate '{d.name}' ranked {d.rank} among the labelled (score {d.score:.3f})")
        for x in self.lookalikes:
            if x.score is not None and x.score >= threshold:
                found.append(f"lookalike '{x.name}' scored {x.score:.3f} >= {threshold}")
        return found


async def evaluate(api: Api, case: dict, ids: dict[str, str], all_case_ids: set[str], optional: list[str]) -> CaseResult:
    subject = case["subject"]
    variables = {"d": draft_input(subject["draft"])} if "draft" in subject else {"id": ids["subject"]}
    answer = (await api.ask(ASK % " ".join(optional), variables))["duplicateCandidates"]
    by_id = {v: k for k, v in ids.items() if k != "subject"}
    specs = {i["name"]: i for i in case["initiatives"]}
    # Among the labelled, a lookalike with the same score as a duplicate goes first: the order of equal
    # scores is arbitrary (by generated keys), and a tie is no answer to "which is the duplicate?".
    def order(candidate):
        name = by_id[candidate["initiative"]["id"]]
        return -candidate["score"], specs[name]["label"] != "lookalike", name

    labelled = sorted((c for c in answer if c["initiative"] and c["initiative"]["id"] in by_id), key=order)
    judged = []
    for name, spec in specs.items():
        shown = next((n for n, c in enumerate(answer, 1) if c["initiative"] and c["initiative"]["id"] == ids[name]), None)
        rank = next((n for n, c in enumerate(labelled, 1) if c["initiative"]["id"] == ids[name]), None)
        hit = answer[shown - 1] if shown else None
        judged.append(Judged(name, spec["label"], spec["title"], hit["score"] if hit else None, rank, shown,
                             hit["reasons"] if hit else [], {k: hit[k] for k in optional} if hit else {}))
    best = min((j.shown_rank for j in judged if j.label == "duplicate" and j.shown_rank), default=None)
    above = []
    if best:
        for c in answer[:best - 1]:
            if c["initiative"] and c["initiative"]["id"] not in by_id:
                origin = "case" if c["initiative"]["id"] in all_case_ids else "demo"
                above.append(f"{origin}: {c['initiative']['title']} ({c['score']:.3f})")
    return CaseResult(case, judged, above)


def summary(results: list[CaseResult], threshold: float) -> dict:
    with_duplicate = [r for r in results if r.duplicates]
    duplicates = [d for r in results for d in r.duplicates]
    lookalikes = [x for r in results for x in r.lookalikes]
    top = [min(r.judged, key=lambda j: j.rank if j.rank is not None else 10**6) for r in with_duplicate]
    false_alarms = [x for x in lookalikes if x.score is not None and x.score >= threshold]
    caught = [d for d in duplicates if d.score is not None and d.score >= threshold]
    shown_recall = [m.recall_at([d.shown_rank for d in r.duplicates], 5) for r in with_duplicate]
    situations: dict[str, list[CaseResult]] = {}
    for r in results:
        for s in r.case.get("situations", []):
            situations.setdefault(s, []).append(r)
    return {
        "cases": len(results), "cases_with_duplicate": len(with_duplicate),
        "true_duplicates": len(duplicates), "lookalikes": len(lookalikes), "threshold": threshold,
        "precision_at_1": m.mean(1.0 if t.label == "duplicate" and t.rank is not None else 0.0 for t in top),
        "recall_at_5": m.mean(m.recall_at([d.rank for d in r.duplicates], 5) for r in with_duplicate),
        "mrr": m.mean(m.reciprocal_rank([d.rank for d in r.duplicates]) for r in with_duplicate),
        "recall_at_threshold": m.share(len(caught), len(duplicates)),
        "false_alarm_rate": m.share(len(false_alarms), len(lookalikes)),
        "false_alarms": len(false_alarms),
        "notes": {
            "recall_at_5_as_shown": m.mean(shown_recall),
            "cases_where_unlabelled_outranks_duplicate": sum(1 for r in with_duplicate if r.above_duplicate),
            "of_which_demo_record": sum(1 for r in with_duplicate if any(a.startswith("demo") for a in r.above_duplicate)),
            "of_which_other_case_record": sum(1 for r in with_duplicate if any(a.startswith("case") for a in r.above_duplicate)),
        },
        "by_situation": {
            s: {"cases": len(rs), "failing": sum(1 for r in rs if r.failures(threshold))} for s, rs in sorted(situations.items())
        },
        "failing_cases": [r.case["id"] for r in results if r.failures(threshold)],
    }


def describe(result: CaseResult, threshold: float) -> list[str]:
    """A failing (or any) case in words: its floors, then each labelled initiative's score and reasons."""
    lines = [f"{result.case['id']}: " + "; ".join(result.failures(threshold) or ["passes"])]
    for j in sorted(result.judged, key=lambda j: (j.rank is None, j.rank or 0)):
        score = f"{j.score:.3f}" if j.score is not None else "not returned"
        extra = "".join(f" {k} {v:.3f}" if isinstance(v, float) else f" {k} {v}" for k, v in j.extra.items())
        lines.append(f"    {j.label:<9} #{j.rank or '-'} (shown #{j.shown_rank or '-'}) {score}{extra}  {j.title}")
        for r in j.reasons:
            factor_score = f"{r['score']:.2f}" if r["score"] is not None else "n/a"
            lines.append(f"        {r['factor']:<14} {factor_score:>5}  {r['detail']}")
    if result.above_duplicate:
        lines.append("    unlabelled records above the true duplicate: " + "; ".join(result.above_duplicate[:5])
                     + (" ..." if len(result.above_duplicate) > 5 else ""))
    return lines


def to_json(result: CaseResult, threshold: float) -> dict:
    return {"id": result.case["id"], "situations": result.case.get("situations", []),
            "failures": result.failures(threshold), "above_duplicate": result.above_duplicate,
            "initiatives": [{"name": j.name, "label": j.label, "score": j.score, "rank": j.rank,
                             "shown_rank": j.shown_rank, "reasons": j.reasons, **j.extra} for j in result.judged]}
