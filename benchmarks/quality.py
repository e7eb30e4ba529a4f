"""Quality benchmark of the hub's two coordination answers: "is someone already doing this?"
(duplicateCandidates) and "who should I work with?" (partnerSuggestions).

    python benchmarks/quality.py [--check] [--json out.json] [--only duplicates partners iati]

1. A fresh hub (the embedded graph server, or the Neo4j of HUB_TEST_NEO4J_*) with the demo data set and
   the labelled cases' own records, created through the GraphQL API; the questions are asked through the
   API as an anonymous visitor. Labelled duplicate cases (quality/duplicate_cases.json): precision@1,
   recall@5, MRR, recall at the report threshold and the false-alarm rate of lookalikes. Labelled partner
   cases (quality/partner_cases.json): precision@5, recall@10, MRR, bad candidates in the top 10.
2. A second fresh hub with the real IATI activity files of ../shared/data: an implementing organisation of
   each sampled activity is hidden and looked for among the suggestions for the activity's countries and
   themes (recall@5, recall@10, MRR), against baselines computed from the same data.

--check exits with 1 when a floor is violated (every true duplicate ranked first among its case's labelled
initiatives; no lookalike at or above the report threshold) and prints each failing case with its scores
and reasons. Figures are printed, never asserted in the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if __package__ in (None, ""):
    sys.path.insert(0, str(HERE.parent))
    sys.path.insert(0, str(HERE))

from hub.services.analysis.weights import DUPLICATE_REPORT_THRESHOLD  # noqa: E402
from quality import duplicates, iati, partners  # noqa: E402
from quality.world import fresh_hub  # noqa: E402

STAGES = ("duplicates", "partners", "iati")


def _f(value) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


async def labelled_cases(args, report: dict) -> tuple[list, list]:
    dup_cases = duplicates.load_cases() if "duplicates" in args.only else []
    partner_cases = partners.load_cases() if "partners" in args.only else []
    started = time.perf_counter()
    async with fresh_hub(demo=True) as api:
        print(f"hub with the demo data set ready in {time.perf_counter() - started:.0f} s")
        # The partner cases are labelled against the demo world: ask them before the duplicate cases add
        # their initiatives (which give demo actors more work), so that --only does not change them.
        partner_results = [await partners.evaluate(api, case) for case in partner_cases]
        started = time.perf_counter()
        ids = {case["id"]: await duplicates.create_records(api, case) for case in dup_cases}
        everything = {i for case_ids in ids.values() for i in case_ids.values()}
        print(f"{sum(len(v) for v in ids.values())} case initiatives created in {time.perf_counter() - started:.0f} s")
        optional = sorted(set(duplicates.OPTIONAL) & await api.fields_of("DuplicateCandidate"))
        dup_results = [await duplicates.evaluate(api, case, ids[case["id"]], everything, optional) for case in dup_cases]
    threshold = DUPLICATE_REPORT_THRESHOLD
    if dup_results:
        report["duplicates"] = duplicates.summary(dup_results, threshold)
        report["duplicate_cases"] = [duplicates.to_json(r, threshold) for r in dup_results]
    if partner_results:
        report["partners"] = partners.summary(partner_results)
        report["partner_cases"] = [partners.to_json(r) for r in partner_results]
    return dup_results, partner_results


async def iati_check(args, report: dict) -> None:
    started = time.perf_counter()
    async with fresh_hub(demo=False) as api:
        print(f"hub for the IATI check ready in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        report["iati"] = await iati.run(api, HERE.parent, args.sample)
        print(f"IATI check done in {time.perf_counter() - started:.0f} s")


def print_tables(report: dict) -> None:
    if "duplicates" in report:
        d = report["duplicates"]
        notes = d["notes"]
        print(f"\nduplicates: {d['cases']} cases, {d['true_duplicates']} true duplicates in {d['cases_with_duplicate']} "
              f"of them, {d['lookalikes']} lookalikes; report threshold {d['threshold']}")
        rows = [("precision@1", d["precision_at_1"], "the top labelled candidate is a true duplicate"),
                ("recall@5", d["recall_at_5"], "true duplicates within the first 5 labelled candidates"),
                ("MRR", d["mrr"], "1 / rank of the first true duplicate among the labelled"),
                ("recall at threshold", d["recall_at_threshold"], "true duplicates scoring >= the threshold"),
                ("false-alarm rate", d["false_alarm_rate"], f"lookalikes scoring >= the threshold ({d['false_alarms']})")]
        for name, value, meaning in rows:
            print(f"  {name:<22} {_f(value):>6}   {meaning}")
        print(f"  note: recall@5 as shown (among all records) {_f(notes['recall_at_5_as_shown'])}; an unlabelled record "
              f"outranks the true duplicate in {notes['cases_where_unlabelled_outranks_duplicate']} of "
              f"{d['cases_with_duplicate']} cases (a demo record in {notes['of_which_demo_record']}, another case's "
              f"in {notes['of_which_other_case_record']})")
        print("  failing cases by situation: " + ", ".join(
            f"{s} {v['failing']}/{v['cases']}" for s, v in d["by_situation"].items()))
    if "partners" in report:
        p = report["partners"]
        print(f"\npartners: {p['cases']} cases")
        rows = [("precision@5", p["precision_at_5"], f"good partners among the first 5 (best possible with these "
                                                      f"labels {_f(p['precision_at_5_best_possible'])})"),
                ("recall@10", p["recall_at_10"], "good partners within the first 10"),
                ("MRR", p["mrr"], "1 / rank of the first good partner"),
                ("bad in top 10", p["bad_in_top_10"], f"bad candidates among the first 10, over "
                                                      f"{p['cases_with_bad_in_top_10']} cases")]
        for name, value, meaning in rows:
            print(f"  {name:<22} {_f(value):>6}   {meaning}")
    if "iati" in report:
        r = report["iati"]
        print(f"\nIATI held-out partners: {r['held_out']} activities, {r['organisations']} hidden organisations "
              f"({r['activities']} activities, {r['organisations_loaded']} organisations loaded)")
        columns = ("hub", "baseline_country", "baseline_country_theme", "baseline_random_in_country")
        print(f"  {'':<14} {'hub':>8} {'country':>9} {'country+theme':>14} {'random in country':>18}")
        for metric in ("recall_at_5", "recall_at_10", "mrr", "not_returned"):
            print(f"  {metric.replace('_at_', '@'):<14}" + "".join(
                f" {_f(r[c][metric]):>{w}}" for c, w in zip(columns, (8, 9, 14, 18))))
        print("  baselines: the busiest implementers in the activity's countries, then anywhere (country); the same, "
              "busiest on its themes first (country+theme); the implementers active in its countries in random order "
              "('not returned': not active there); suggestions of equal score count as in any order among themselves "
              "(expected values)")


def print_failures(dup_results, partner_results, *, verbose: bool) -> None:
    threshold = DUPLICATE_REPORT_THRESHOLD
    failing = [r for r in dup_results if r.failures(threshold)]
    if dup_results:
        print(f"\nduplicate floors: {len(failing)} of {len(dup_results)} cases fail"
              + (": " + ", ".join(r.case["id"] for r in failing) if failing else ""))
    if verbose:
        for r in failing:
            print("\n".join(duplicates.describe(r, threshold)))
    off = [r for r in partner_results if r.failures()]
    if partner_results:
        print(f"partner cases with a bad candidate in the top 10 or no good one in the top 5 (not a floor): "
              f"{len(off)} of {len(partner_results)}" + (": " + ", ".join(r.case["id"] for r in off) if off else ""))
    if verbose:
        for r in off:
            print("\n".join(partners.describe(r)))


async def main(args) -> int:
    began = time.perf_counter()
    report: dict = {}
    dup_results, partner_results = [], []
    if {"duplicates", "partners"} & set(args.only):
        dup_results, partner_results = await labelled_cases(args, report)
    if "iati" in args.only:
        await iati_check(args, report)
    print_tables(report)
    print_failures(dup_results, partner_results, verbose=args.check or args.verbose)
    print(f"\nwhole benchmark: {time.perf_counter() - began:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    violated = any(r.failures(DUPLICATE_REPORT_THRESHOLD) for r in dup_results)
    return 1 if args.check and violated else 0


def _args():
    parser = argparse.ArgumentParser(description="Quality of duplicate alerts and partner suggestions on labelled cases.")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a duplicate floor is violated, printing each failing case with its scores and reasons")
    parser.add_argument("--json", metavar="FILE", help="write every figure and every case's ranks and scores here")
    parser.add_argument("--only", nargs="+", choices=STAGES, default=list(STAGES), help="run only these parts")
    parser.add_argument("--sample", type=int, default=60, help="IATI activities held out (default 60)")
    parser.add_argument("--verbose", action="store_true", help="describe failing cases even without --check")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(_args())))
