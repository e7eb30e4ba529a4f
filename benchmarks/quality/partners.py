"""Labelled partner cases (partner_cases.json): ask partnerSuggestions for a plan or an asking actor and
judge the whole answer (positions as a user sees them) against the case's good and bad actors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from quality import metrics as m
from quality.world import Api, demo_actor, gid

CASES = Path(__file__).with_name("partner_cases.json")
ASK = """query($plan: PlanInput, $actor: ID) { partnerSuggestions(plan: $plan, actorId: $actor, first: 100) {
  score actor { id name } reasons { factor score detail } } }"""
BAD_WITHIN = 10  # a bad candidate must not be among the first this many


def load_cases(path: Path = CASES) -> list[dict]:
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    for case in cases:
        assert case.get("why"), f"{case.get('id')}: every case says why"
        assert ("plan" in case) != ("actor" in case), f"{case['id']}: either a plan or an asking actor"
        assert case.get("good"), f"{case['id']}: at least one good partner"
        assert not set(case["good"]) & set(case.get("bad", [])), f"{case['id']}: an actor is either good or bad"
    return cases


def plan_input(plan: dict) -> dict:
    data = {"locationIds": [gid("Location", p) for p in plan.get("places", [])],
            "themeIds": [gid("Theme", t) for t in plan.get("themes", [])], "targetGroups": plan.get("targetGroups")}
    return {k: v for k, v in data.items() if v}


@dataclass
class PartnerResult:
    case: dict
    answer: list[dict]
    good_ranks: dict[str, int | None]
    bad_ranks: dict[str, int | None]

    @property
    def bad_in_top(self) -> list[str]:
        return [ref for ref, r in self.bad_ranks.items() if r is not None and r <= BAD_WITHIN]

    def failures(self) -> list[str]:
        found = [f"bad '{ref}' at #{self.bad_ranks[ref]}" for ref in self.bad_in_top]
        if not any(r is not None and r <= 5 for r in self.good_ranks.values()):
            found.append("no good partner in the top 5")
        return found


async def evaluate(api: Api, case: dict) -> PartnerResult:
    variables = {"plan": plan_input(case["plan"])} if "plan" in case else {"actor": demo_actor(case["actor"])}
    answer = (await api.ask(ASK, variables))["partnerSuggestions"]
    position = {c["actor"]["id"]: n for n, c in enumerate(answer, 1) if c["actor"]}
    return PartnerResult(case, answer, {ref: position.get(demo_actor(ref)) for ref in case["good"]},
                         {ref: position.get(demo_actor(ref)) for ref in case.get("bad", [])})


def summary(results: list[PartnerResult]) -> dict:
    return {
        "cases": len(results),
        "precision_at_5": m.mean(m.hits_at(r.good_ranks.values(), 5) / 5 for r in results),
        "precision_at_5_best_possible": m.mean(min(5, len(r.good_ranks)) / 5 for r in results),
        "recall_at_10": m.mean(m.recall_at(list(r.good_ranks.values()), 10) for r in results),
        "mrr": m.mean(m.reciprocal_rank(r.good_ranks.values()) for r in results),
        "bad_in_top_10": sum(len(r.bad_in_top) for r in results),
        "cases_with_bad_in_top_10": sum(1 for r in results if r.bad_in_top),
        "failing_cases": [r.case["id"] for r in results if r.failures()],
    }


def describe(result: PartnerResult) -> list[str]:
    lines = [f"{result.case['id']}: " + "; ".join(result.failures() or ["passes"])]
    labels = {demo_actor(ref): "good" for ref in result.good_ranks} | {demo_actor(ref): "BAD" for ref in result.bad_ranks}
    for n, c in enumerate(result.answer[:10], 1):
        reasons = "; ".join(f"{r['factor']} {r['score']:.2f}" if r["score"] is not None else f"{r['factor']} n/a"
                            for r in c["reasons"])
        lines.append(f"    #{n:<2} {labels.get(c['actor']['id'], ''):<4} {c['score']:.3f}  {c['actor']['name'][:60]}  [{reasons}]")
    missing = [ref for ref, r in result.good_ranks.items() if r is None or r > 10]
    if missing:
        lines.append("    good partners below the top 10: " + ", ".join(
            f"{ref} (#{result.good_ranks[ref]})" if result.good_ranks[ref] else f"{ref} (not returned)" for ref in missing))
    return lines


def to_json(result: PartnerResult) -> dict:
    return {"id": result.case["id"], "failures": result.failures(), "good_ranks": result.good_ranks,
            "bad_ranks": result.bad_ranks,
            "top_10": [{"actor": c["actor"]["name"], "score": c["score"], "reasons": c["reasons"]} for c in result.answer[:10]]}
