"""Benchmark of the GraphQL API on synthetic data: latency and Bolt round trips per operation.

    python benchmarks/run.py --scale 1 --repeat 7

Starts a hub on a fresh temporary data folder (the embedded graph server; or the Neo4j of HUB_NEO4J_URI,
HUB_NEO4J_USER, HUB_NEO4J_PASSWORD, HUB_NEO4J_DATABASE if set), generates the synthetic data set
(benchmarks/generate.py) at --scale, then sends each operation below through the in-process app
(httpx + ASGITransport, as the tests do): one warm-up, then --repeat timed runs. Prints per operation the
median and p90 latency of the timed runs, the transactions (Graph.read / Graph.write calls) and the
statements (tx.run calls) of one run, and for slow operations the slowest statements.

Round trips are counted by wrapping, at run time and only in this process, the hub's Graph.read/write,
neo4j's AsyncManagedTransaction.run and hub.graph.connection.fetch_all (for per-statement timings).
No product code is changed. Timings are figures to compare, never assertions: the machine is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from neo4j import AsyncManagedTransaction  # noqa: E402

import hub.graph.connection as connection  # noqa: E402
from hub.access import Role, Viewer  # noqa: E402
from hub.app import create_app  # noqa: E402
from hub.auth import tokens  # noqa: E402
from hub.ids import to_global_id  # noqa: E402
from hub.runtime import Hub  # noqa: E402
from hub.settings import Settings  # noqa: E402

try:
    from benchmarks import generate  # noqa: E402
except ImportError:  # run as a script from anywhere
    import generate  # type: ignore[no-redef]  # noqa: E402


# -- counting round trips ------------------------------------------------------------------------------------

@dataclass
class Tally:
    reads: int = 0
    writes: int = 0
    statements: int = 0
    timings: list[tuple[float, int, str]] = field(default_factory=list)  # (seconds, rows, statement)

    @property
    def transactions(self) -> int:
        return self.reads + self.writes


class Meter:
    """Counts transaction functions and statements while `active` is set."""

    def __init__(self):
        self.tally: Tally | None = None

    def start(self) -> Tally:
        self.tally = Tally()
        return self.tally

    def stop(self) -> Tally:
        tally, self.tally = self.tally, None
        return tally

    def install(self, graph: connection.Graph) -> None:
        meter = self
        read, write = graph.read, graph.write

        async def counted_read(work):
            if meter.tally is not None:
                meter.tally.reads += 1
            return await read(work)

        async def counted_write(work, **kwargs):
            if meter.tally is not None:
                meter.tally.writes += 1
            return await write(work, **kwargs)

        graph.read, graph.write = counted_read, counted_write  # the instance only

        original_run = AsyncManagedTransaction.run

        async def counted_run(self, query, parameters=None, **kwargs):
            if meter.tally is not None:
                meter.tally.statements += 1
            return await original_run(self, query, parameters, **kwargs)

        AsyncManagedTransaction.run = counted_run

        original_fetch_all = connection.fetch_all

        async def timed_fetch_all(tx, query, **params):
            started = time.perf_counter()
            rows = await original_fetch_all(tx, query, **params)
            if meter.tally is not None:
                meter.tally.timings.append((time.perf_counter() - started, len(rows), query))
            return rows

        # every module that imported fetch_all by name, and fetch_one's own global lookup
        for module in list(sys.modules.values()):
            if getattr(module, "fetch_all", None) is original_fetch_all and (module.__name__ or "").split(".")[0] in (
                    "hub", "resolvers", "schema", "graph_migrations"):
                module.fetch_all = timed_fetch_all


# -- the operations ------------------------------------------------------------------------------------------

INITIATIVE_PAGE = """
query($loc: ID!, $theme: ID!, $first: Int!) {
  initiatives(filter: {locationId: $loc, themeId: $theme, activeDuring: {start: "2024-01-01", end: "2025-12-31"}},
              first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id title status startDate endDate
            implementers { role actor { name } }
            locations { name level } }
  }
}"""

NODE_ACTOR = """
query($id: ID!) {
  node(id: $id) {
    ... on Actor {
      name kind country
      initiatives { role initiative { title status } }
      partners { name kind }
      contacts { name role email }
    }
  }
}"""

DELETE_INITIATIVE = "mutation($id: ID!) { deleteInitiative(input: {id: $id}) { deletedIds } }"

REASONS = "score reasons { factor score weight detail }"


def operations(p: dict[str, str]) -> list[tuple[str, str, dict]]:
    """(name, query, variables); p holds the global IDs of the records asked about."""
    return [
        ("actors search", """query($s: String!) { actors(filter: {search: $s}, first: 50) {
            totalCount nodes { id name acronym kind country } } }""", {"s": "public foundation"}),
        ("initiatives country+theme+period first:100", INITIATIVE_PAGE,
         {"loc": p["country"], "theme": p["theme"], "first": 100}),
        ("initiatives country+theme+period first:10", INITIATIVE_PAGE,
         {"loc": p["country"], "theme": p["theme"], "first": 10}),
        ("node(actor) + initiatives/partners/contacts", NODE_ACTOR, {"id": p["busy_actor"]}),
        ("initiatives of an actor first:20", """query($id: ID!) { initiatives(filter: {actorId: $id}, first: 20) {
            nodes { id title status startDate endDate } } }""", {"id": p["busy_actor"]}),
        ("initiatives within an admin1 first:50", """query($loc: ID!) { initiatives(filter: {locationId: $loc},
            first: 50) { nodes { id title status startDate endDate } } }""", {"loc": p["admin1"]}),
        ("whoWorksWhere admin1", """query($loc: ID!) { whoWorksWhere(locationId: $loc) {
            roles actor { name kind } work { role initiative { title } } contacts { name } } }""", {"loc": p["admin1"]}),
        ("whoWorksWhere country", """query($loc: ID!) { whoWorksWhere(locationId: $loc) {
            roles actor { name kind } work { role initiative { title } } contacts { name } } }""", {"loc": p["country"]}),
        ("presenceMatrix country rollUpThemes", """query($loc: ID!) { presenceMatrix(locationId: $loc, rollUpThemes: true) {
            initiativeCount actorCount location { name } cells { initiativeCount actorCount theme { code } } } }""",
         {"loc": p["country"]}),
        ("duplicateCandidates initiativeId", f"""query($id: ID!) {{ duplicateCandidates(initiativeId: $id, first: 10) {{
            {REASONS} initiative {{ title }} }} }}""", {"id": p["duplicated_initiative"]}),
        ("duplicateCandidates draft", f"""query($d: DraftInitiativeInput!) {{ duplicateCandidates(draft: $d, first: 10) {{
            {REASONS} initiative {{ title }} }} }}""", {"d": p["draft"]}),
        ("duplicateClusters admin2", f"""query($loc: ID!) {{ duplicateClusters(locationId: $loc) {{
            score initiatives {{ title }} pairs {{ {REASONS} }} }} }}""", {"loc": p["admin2"]}),
        ("duplicateClusters admin1", f"""query($loc: ID!) {{ duplicateClusters(locationId: $loc) {{
            score initiatives {{ title }} pairs {{ {REASONS} }} }} }}""", {"loc": p["admin1_of_duplicates"]}),
        ("partnerSuggestions actorId", f"""query($id: ID!) {{ partnerSuggestions(actorId: $id, first: 10) {{
            {REASONS} actor {{ name kind }} }} }}""", {"id": p["busy_actor"]}),
        ("partnerSuggestions plan", f"""query($plan: PlanInput!) {{ partnerSuggestions(plan: $plan, first: 10) {{
            {REASONS} actor {{ name kind }} }} }}""", {"plan": p["plan"]}),
        ("coverageGaps admin1", """query($loc: ID!) { coverageGaps(locationId: $loc) {
            unaddressedNeeds { severity need { title } location { name } }
            placesWithoutActors { weight location { name } needs { title } }
            mandatedThemesWithoutActivity { theme { code } mandates { title } } } }""", {"loc": p["admin1"]}),
        ("mandatedActors admin1", """query($loc: ID!) { mandatedActors(locationId: $loc) {
            actor { name } mandates { title } } }""", {"loc": p["admin1"]}),
        ("idleMandates (all)", """{ idleMandates { mandate { title } holders { name } } }""", {}),
        ("idleMandates country", """query($loc: ID!) { idleMandates(locationId: $loc) {
            mandate { title } holders { name } } }""", {"loc": p["country"]}),
        ("activityOutsideMandates (all)", """{ activityOutsideMandates {
            actor { name } initiative { title } locations { name } } }""", {}),
        ("activityOutsideMandates actor", """query($id: ID!) { activityOutsideMandates(actorId: $id) {
            actor { name } initiative { title } locations { name } } }""", {"id": p["mandate_holder"]}),
        ("connections actor-actor maxLength:4", """query($a: ID!, $b: ID!) {
            connections(fromId: $a, toId: $b, maxLength: 4) { length nodes { id } steps { type fromId toId } } }""",
         {"a": p["busy_actor"], "b": p["far_actor"]}),
        ("createInitiative (write)", """mutation($input: CreateInitiativeInput!) { createInitiative(input: $input) {
            initiative { id title } userErrors { field message code }
            possibleDuplicates { score initiative { title } } } }""", {"input": p["create"]}),
    ]


def global_picks(data: generate.Synthetic) -> dict:
    picks = data.picks
    ids = {name: to_global_id("Location", key) for name, key in picks.items()
           if name in ("country", "admin1", "admin2", "admin1_of_duplicates", "settlement")}
    ids |= {"busy_actor": to_global_id("Actor", picks["busy_actor"]),
            "far_actor": to_global_id("Actor", picks["far_actor"]),
            "mandate_holder": to_global_id("Actor", picks["mandate_holder"]),
            "duplicated_initiative": to_global_id("Initiative", picks["duplicated_initiative"]),
            "theme": to_global_id("Theme", "peacebuilding")}
    dup = next(values for _, key, values in data.nodes if key == picks["duplicated_initiative"])
    dup_places = [target[1] for rel, source, target, _ in data.links
                  if rel == "LOCATED_IN" and source[1] == picks["duplicated_initiative"]]
    dup_themes = [target[1] for rel, source, target, _ in data.links
                  if rel == "ADDRESSES" and source[1] == picks["duplicated_initiative"]]
    location_ids = [to_global_id("Location", k) for k in dup_places]
    theme_ids = [to_global_id("Theme", k) for k in dup_themes]
    title = dup["title"].replace("Establishing", "Launching").replace("Strengthening", "Consolidating")
    ids["draft"] = {"title": title, "description": dup.get("description"), "locationIds": location_ids,
                    "themeIds": theme_ids, "targetGroups": dup.get("targetGroups") or [],
                    "startDate": "2026-03-01", "endDate": "2027-12-31"}
    ids["plan"] = {"locationIds": [ids["admin2"]], "themeIds": [to_global_id("Theme", "community-mediation"),
                                                                to_global_id("Theme", "youth")],
                   "targetGroups": ["WOMEN", "YOUTH"]}
    ids["create"] = {"title": title, "description": dup.get("description"), "startDate": "2026-03-01",
                     "endDate": "2027-12-31", "locationIds": location_ids, "themeIds": theme_ids,
                     "targetGroups": dup.get("targetGroups") or [], "source": "benchmark",
                     "implementers": [{"actorId": ids["busy_actor"], "role": "LEAD"}]}
    return ids


# -- running -------------------------------------------------------------------------------------------------

@dataclass
class Result:
    name: str
    times: list[float]
    tallies: list[Tally]
    error: str | None = None
    size: int = 0
    cost: int | None = None  # the API's own estimate (extensions.cost.requested)
    created: list[str] = field(default_factory=list)  # IDs of the records a write created

    def percentile(self, q: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _span(values: list[int]) -> str:
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}-{high}"


async def measure(http: httpx.AsyncClient, meter: Meter, name: str, query: str, variables: dict, repeat: int,
                  slow_after: float, headers: dict | None = None) -> Result:
    result = Result(name, [], [])
    runs = repeat + 1
    n = 0
    while n < runs:
        if name.startswith("createInitiative"):  # a new record each time, not an upsert
            variables = {"input": variables["input"] | {"title": f"{variables['input']['title']} ({n})"[:300]}}
        tally = meter.start()
        started = time.perf_counter()
        response = await http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
        elapsed = time.perf_counter() - started
        meter.stop()
        body = response.json()
        created = ((body.get("data") or {}).get("createInitiative") or {}).get("initiative")
        if created:
            result.created.append(created["id"])
        if body.get("errors"):
            result.error = "; ".join(f"{e.get('message')} [{(e.get('extensions') or {}).get('code')}]"
                                     for e in body["errors"])[:300]
        if n == 0:
            result.size = len(response.content)
            result.cost = ((body.get("extensions") or {}).get("cost") or {}).get("requested")
            if elapsed > slow_after and repeat > 2:
                runs = 3  # a very slow operation: warm-up and two timed runs are enough
        else:
            result.times.append(elapsed)
            result.tallies.append(tally)
        n += 1
    return result


def print_table(results: list[Result], title: str) -> None:
    print(f"\n{title}")
    header = (f"{'operation':<46} {'n':>2} {'median ms':>10} {'p90 ms':>9} {'tx':>5} {'stmts':>6} {'resp KB':>8} "
              f"{'cost':>6}  note")
    print(header)
    print("-" * len(header))
    for r in results:
        note = f"ERROR: {r.error}" if r.error else ""
        med = statistics.median(r.times) * 1000
        p90 = r.percentile(0.9) * 1000
        if not note and med > 5000:
            note = "SLOW (> 5 s median)"
        if r.cost is not None and r.cost > DEFAULT_MAX_COST:
            note = (note + "; " if note else "") + f"cost over the default HUB_MAX_COST {DEFAULT_MAX_COST}: refused"
        print(f"{r.name:<46} {len(r.times):>2} {med:>10.1f} {p90:>9.1f} {_span([t.transactions for t in r.tallies]):>5} "
              f"{_span([t.statements for t in r.tallies]):>6} {r.size / 1024:>8.1f} {r.cost if r.cost is not None else '-':>6}"
              f"  {note}")


DEFAULT_MAX_COST = Settings.model_fields["max_cost"].default
# The benchmark sends far more than one client's budget and measures operations the default cost limit
# would refuse (the table says which), so both limits are lifted here.
UNLIMITED = {"max_cost": 10**9, "rate_limit_points": 10**9}


def statement_difference(small: Tally, large: Tally) -> list[tuple[int, int, str]]:
    """Statements run a different number of times by the two runs: (times in small, times in large, text)."""
    def counts(tally):  # noqa: E306
        found: dict[str, int] = defaultdict(int)
        for _, _, query in tally.timings:
            found[" ".join(query.split())] += 1
        return found
    a, b = counts(small), counts(large)
    return [(a.get(t, 0), b.get(t, 0), t) for t in sorted(set(a) | set(b)) if a.get(t, 0) != b.get(t, 0)]


def print_slow_statements(results: list[Result], threshold_ms: float, top: int) -> None:
    slow = [r for r in results if statistics.median(r.times) * 1000 > threshold_ms]
    if not slow:
        return
    print(f"\nslowest statements of operations over {threshold_ms:.0f} ms (their last timed run; ms until all rows "
          "were read, rows, statement):")
    for r in slow:
        tally = r.tallies[-1]
        db = sum(s for s, _, _ in tally.timings)
        print(f"\n* {r.name}: {statistics.median(r.times) * 1000:.0f} ms in all, {db * 1000:.0f} ms in statements, "
              f"{tally.transactions} transactions, {tally.statements} statements")
        by_text: dict[str, list] = defaultdict(lambda: [0.0, 0, 0])
        for seconds, rows, query in tally.timings:
            entry = by_text[query]
            entry[0] += seconds
            entry[1] += rows
            entry[2] += 1
        for query, (seconds, rows, count) in sorted(by_text.items(), key=lambda kv: -kv[1][0])[:top]:
            text = " ".join(query.split())
            print(f"    {seconds * 1000:8.1f} ms  {rows:6d} rows  x{count}  {text[:400]}{'...' if len(text) > 400 else ''}")


async def main(args) -> None:
    external = os.environ.get("HUB_NEO4J_URI")
    temp_dir = None
    if external:
        settings = Settings(**UNLIMITED)
        where = f"external graph {external} database {settings.neo4j_database}"
    elif args.data_dir:
        settings = Settings(data_dir=args.data_dir, neo4j_uri=None, _env_file=None, **UNLIMITED)
        where = f"embedded graph server (heap {settings.embedded_heap}), data kept in {args.data_dir}"
    else:
        temp_dir = Path(tempfile.mkdtemp(prefix="hub-bench-"))
        settings = Settings(data_dir=temp_dir, neo4j_uri=None, _env_file=None, **UNLIMITED)
        where = f"embedded graph server (heap {settings.embedded_heap}), data in {temp_dir}"
    began = time.perf_counter()
    print(f"scale {args.scale}, seed {args.seed}, {args.repeat} timed runs after 1 warm-up; {where}")

    started = time.perf_counter()
    hub = await Hub(settings).start()
    print(f"hub started and migrated in {time.perf_counter() - started:.1f} s")
    try:
        started = time.perf_counter()
        data = generate.build(args.scale, args.seed)
        built = time.perf_counter() - started
        marker = generate.marker(args.data_dir, args.scale, args.seed) if args.data_dir else None
        if marker is not None and marker.exists():
            print(f"data: built {built:.1f} s; already written into {args.data_dir} ({marker.read_text().strip()})")
        else:
            batch = generate.to_batch(data)
            validated = time.perf_counter() - started - built
            started = time.perf_counter()
            counts = await generate.write_batch(hub.graph, batch)
            written = time.perf_counter() - started
            nodes = sum(counts[label] for label in batch.nodes)
            rels = sum(len(rows) for rows in batch.links.values())
            print(f"data: built {built:.1f} s, validated {validated:.1f} s, written {written:.1f} s "
                  f"({nodes} nodes, {rels} relationships: {(nodes + rels) / written:.0f} records/s)")
            print("counts: " + json.dumps(counts))
            if marker is not None:
                marker.write_text(json.dumps(counts) + "\n")
        print("asked about: " + json.dumps(data.picks))

        issued = await tokens.issue(hub.graph, Viewer.system("benchmark"), name="benchmark writer", role=Role.ADMIN,
                                    actor_keys=[])
        writer = {"Authorization": f"Bearer {issued.token}"}  # mutations need a token; reads are anonymous
        meter = Meter()
        meter.install(hub.graph)
        picks = global_picks(data)
        app = create_app(hub.settings, hub=hub)
        results = []
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.bench",
                                     timeout=httpx.Timeout(600.0)) as http:
            for name, query, variables in operations(picks):
                if args.only and not any(o.lower() in name.lower() for o in args.only):
                    continue
                t = time.perf_counter()
                result = await measure(http, meter, name, query, variables, args.repeat, args.slow_after,
                                       headers=writer if query.lstrip().startswith("mutation") else None)
                results.append(result)
                print(f"  {name}: {statistics.median(result.times) * 1000:.0f} ms median "
                      f"({time.perf_counter() - t:.0f} s in all){' ERROR' if result.error else ''}", flush=True)
            if args.data_dir:  # leave the reused data set as it was for the next run
                for created in (c for r in results for c in r.created):
                    await http.post("/graphql", headers=writer, json={"query": DELETE_INITIATIVE,
                                                                      "variables": {"id": created}})
        print_table(results, f"scale {args.scale}: {data.stats['initiatives']} initiatives, {data.stats['actors']} "
                             f"actors, {data.stats['places']} places")
        pages = {r.name: r for r in results if r.name.startswith("initiatives country")}
        if len(pages) == 2:
            small = pages["initiatives country+theme+period first:10"].tallies[-1]
            large = pages["initiatives country+theme+period first:100"].tallies[-1]
            extra = statement_difference(small, large)
            if not extra and small.transactions == large.transactions:
                verdict = "the same: no N+1"
            elif all(b - a <= 1 for a, b, _ in extra):
                verdict = ("a few more, each statement once per page (batched, not per row): "
                           "no N+1, but the count depends on the rows (see below)")
            else:
                verdict = "GROWS WITH PAGE SIZE: N+1 (see below)"
            print(f"\nround trips of the initiatives page: first:10 -> {small.transactions} transactions / "
                  f"{small.statements} statements; first:100 -> {large.transactions} / {large.statements}: {verdict}")
            for a, b, text in extra:
                print(f"    first:10 x{a}, first:100 x{b}: {text[:300]}")
        print_slow_statements(results, args.explain_over, args.top)
        print(f"\nwhole benchmark: {time.perf_counter() - began:.0f} s")
    finally:
        await hub.stop()
        if temp_dir is not None and not args.keep:
            shutil.rmtree(temp_dir, ignore_errors=True)


def _args():
    parser = argparse.ArgumentParser(description="Latency and round trips of the hub's GraphQL operations.")
    parser.add_argument("--scale", type=float, default=1.0, help="data size factor (1: ~10,000 initiatives)")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per operation, after one warm-up")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", nargs="*", help="run only operations whose name contains one of these")
    parser.add_argument("--slow-after", type=float, default=30.0,
                        help="an operation whose warm-up takes longer (s) gets only 2 timed runs")
    parser.add_argument("--explain-over", type=float, default=1000.0,
                        help="list the slowest statements of operations slower than this median (ms)")
    parser.add_argument("--top", type=int, default=4, help="statements listed per slow operation")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    parser.add_argument("--data-dir", type=Path,
                        help="embedded server data folder to reuse: the data set is written into it once, on the "
                             "first run with this --scale and --seed, and read by later runs")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(_args()))
