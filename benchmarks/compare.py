"""Side by side on the same graph: the hub, the Neo4j GraphQL Library (@neo4j/graphql 5.x and 7.x) and the raw driver.

    python benchmarks/compare.py --data-dir /tmp/hub-bench-1 --repeat 15 --seconds 20

Starts the embedded graph server on --data-dir (writing the scale-1 data set into it on first use, see
generate.py), then over that one Bolt server: `hub serve` (uvicorn, pointed at it as an external graph),
the two peers (benchmarks/peer/server.mjs with @neo4j/graphql 5.x and benchmarks/peer7/server.mjs with 7.x,
each installed with `npm ci` on first use) and the Python driver running hand-written Cypher. Every operation
is first checked to give the same answer from all four (a create by reading back what it stored; if not, it
says where and exits with 1), then timed with requests interleaved (hub, peer5, peer7, raw, hub, ...):
p50/p90/p99 and the ratios of the hub to each.
Then each side in turn takes 8 concurrent clients on a mix of the reads for --seconds.

7.x starts each statement with `CYPHER 5`, which the embedded engine refuses (docs/engine-differences.md,
20): on it, the 7.x peer is started with the library's own `addVersionPrefix: false`, and its statements are
otherwise as the library writes them.

With HUB_NEO4J_URI (and HUB_NEO4J_USER, _PASSWORD, _DATABASE) set, every side runs on that server instead, a
Neo4j 5 for instance: the data set is upserted into it on first use (its records' keys start with `gen-`; a
note in --data-dir says it is there), and the 7.x peer's statements keep their prefix.

The peers are given what the hub works out itself (the places below a place, the themes below a theme, the
visibility of public records), so all answer the same question; they read without the hub's access rules.
Timings are figures to compare, never assertions: the machine is shared. The HTTP client is aiohttp, on kept-alive
connections: it costs the benchmark's process a quarter of httpx's CPU per request on the cores the servers share
(docs/performance.md, "The benchmarks' own HTTP client"), and the hub and the peers are asked through the same one.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import aiohttp  # noqa: E402
import orjson  # noqa: E402

from hub.access import Role, Viewer  # noqa: E402
from hub.auth import tokens  # noqa: E402
from hub.graph import listing  # noqa: E402
from hub.graph.connection import fetch_all, fetch_one  # noqa: E402
from hub.graph.reference import (CLEAN_UP, CREATED_LINKS, RAW_ACTOR, RAW_CREATE, RAW_PAGE, RAW_PROVINCE,  # noqa: E402
                                 RAW_SEARCH, RAW_WHO_PRESENT, RAW_WHO_WORK)
from hub.ids import from_global_id, to_global_id  # noqa: E402
from hub.runtime import Hub  # noqa: E402
from hub.settings import Settings  # noqa: E402

try:
    from benchmarks import generate  # noqa: E402
except ImportError:  # run as a script from anywhere
    import generate  # type: ignore[no-redef]  # noqa: E402

PEERS = {"peer5": Path(__file__).resolve().parent / "peer", "peer7": Path(__file__).resolve().parent / "peer7"}
SIDES = ("hub", "peer5", "peer7", "raw")
PUBLIC = '{OR: [{visibility: null}, {visibility: "PUBLIC"}]}'
FROM, TO = "2024-01-01", "2025-12-31"

# -- the operations, as each side asks them -------------------------------------------------------------------

HUB_PAGE = """query($loc: ID!, $theme: ID!, $first: Int!) {
  initiatives(filter: {locationId: $loc, themeId: $theme, activeDuring: {start: "%s", end: "%s"}}, first: $first) {
    nodes { id title status startDate endDate implementers { role actor { name } } locations { name level } } } }""" % (
    FROM, TO)
PEER_PAGE = """query($places: [String!]!, $themes: [String!]!, $first: Int!) {
  initiatives(where: {AND: [{locations_SOME: {key_IN: $places}}, {themes_SOME: {key_IN: $themes}},
                            {OR: [{endDate: null}, {endDate_GTE: "%s"}]}, {OR: [{startDate: null}, {startDate_LTE: "%s"}]},
                            %s]},
              options: {limit: $first, sort: [{sortName: ASC}, {key: ASC}]}) {
    key title status startDate endDate
    implementersConnection(where: {node: %s}) { edges { properties { role } node { name } } }
    locations { name level } } }""" % (FROM, TO, PUBLIC, PUBLIC)

HUB_ACTOR = """query($id: ID!) { initiatives(filter: {actorId: $id}, first: 20) {
    nodes { id title status startDate endDate } } }"""
PEER_ACTOR = """query($actor: String!) {
  initiatives(where: {AND: [{OR: [{implementers_SOME: {key: $actor}}, {funders_SOME: {key: $actor}}]}, %s]},
              options: {limit: 20, sort: [{sortName: ASC}, {key: ASC}]}) { key title status startDate endDate } }""" % PUBLIC

HUB_PROVINCE = """query($loc: ID!) { initiatives(filter: {locationId: $loc}, first: 50) {
    nodes { id title status startDate endDate } } }"""
PEER_PROVINCE = """query($places: [String!]!) {
  initiatives(where: {AND: [{locations_SOME: {key_IN: $places}}, %s]},
              options: {limit: 50, sort: [{sortName: ASC}, {key: ASC}]}) { key title status startDate endDate } }""" % PUBLIC

# one word, so that the peer can ask the same: a word of the name starting with it (sortName is the name in
# lower-case ASCII words; the generated actors have no aliases, and no acronym starting with the word)
SEARCH_WORD = "peace"
HUB_SEARCH = """query($s: String!) { actors(filter: {search: $s}, first: 50) { nodes { name kind country } } }"""
PEER_SEARCH = """query($w: String!, $spaced: String!) {
  actors(where: {AND: [{OR: [{sortName_STARTS_WITH: $w}, {sortName_CONTAINS: $spaced}]}, %s]},
         options: {limit: 50, sort: [{sortName: ASC}, {key: ASC}]}) { name kind country } }""" % PUBLIC

HUB_WHO = """query($loc: ID!) { whoWorksWhere(locationId: $loc, period: {start: "%s", end: "%s"}) {
    roles actor { name } work { role initiative { title } } } }""" % (FROM, TO)
NOT_SENSITIVE = "{OR: [{sensitive: null}, {sensitive: false}]}"
# what the hub counts as work in the places: live, public, not sensitive initiatives active in the period
WORK = """{AND: [{locations_SOME: {key_IN: $places}}, %s, %s, {NOT: {status: "CANCELLED"}},
              {OR: [{endDate: null}, {endDate_GTE: "%s"}]}, {OR: [{startDate: null}, {startDate_LTE: "%s"}]}]}""" % (
    PUBLIC, NOT_SENSITIVE, FROM, TO)
PEER_WHO = """query($places: [String!]!) {
  actors(where: {AND: [%s, %s, {OR: [{initiatives_SOME: %s}, {fundsInitiatives_SOME: %s},
                                     {operatesIn_SOME: {key_IN: $places}}]}]}) {
    name
    initiativesConnection(where: {node: %s}) { edges { properties { role } node { title } } }
    fundsInitiatives(where: %s) { title }
    operatesIn(where: {key_IN: $places}) { key } } }""" % (PUBLIC, NOT_SENSITIVE, WORK, WORK, WORK, WORK)

HUB_CREATE = """mutation($input: CreateInitiativeInput!) { createInitiative(input: $input) {
    initiative { id title } userErrors { field message code } possibleDuplicates { score } } }"""
# connectOrCreate, not connect: 5.x renders a nested connect as CALL { WITH * ... }, which the embedded engine
# runs without keeping its writes (docs/engine-differences.md, 18)
PEER_CREATE = """mutation($key: String!, $title: String!, $place1: String!, $place2: String!, $theme: String!,
                            $actor: String!) {
  createInitiatives(input: [{key: $key, title: $title, status: "PLANNED", startDate: "2026-03-01", endDate: "2027-12-31",
      source: "benchmark", visibility: "PUBLIC",
      locations: {connectOrCreate: [{where: {node: {key: $place1}}, onCreate: {node: {key: $place1}}},
                                    {where: {node: {key: $place2}}, onCreate: {node: {key: $place2}}}]},
      themes: {connectOrCreate: [{where: {node: {key: $theme}}, onCreate: {node: {key: $theme}}}]},
      implementers: {connectOrCreate: [{where: {node: {key: $actor}},
                                        onCreate: {node: {key: $actor}, edge: {role: "LEAD"}}}]}}]) {
    initiatives { key title locations { key } themes { key } implementers { key } } } }"""

# The same questions in 7.x's syntax: operators in the filters (`{eq: ...}`, `{some: ...}`), `limit` and `sort` as
# arguments. 7.x has no connectOrCreate; its nested connect runs on the embedded engine (compare.py reads back
# the links it stored).
PUBLIC7 = '{OR: [{visibility: {eq: null}}, {visibility: {eq: "PUBLIC"}}]}'
PEER7_PAGE = """query($places: [String!]!, $themes: [String!]!, $first: Int!) {
  initiatives(where: {AND: [{locations: {some: {key: {in: $places}}}}, {themes: {some: {key: {in: $themes}}}},
                            {OR: [{endDate: {eq: null}}, {endDate: {gte: "%s"}}]},
                            {OR: [{startDate: {eq: null}}, {startDate: {lte: "%s"}}]}, %s]},
              limit: $first, sort: [{sortName: ASC}, {key: ASC}]) {
    key title status startDate endDate
    implementersConnection(where: {node: %s}) { edges { properties { role } node { name } } }
    locations { name level } } }""" % (FROM, TO, PUBLIC7, PUBLIC7)
PEER7_ACTOR = """query($actor: String!) {
  initiatives(where: {AND: [{OR: [{implementers: {some: {key: {eq: $actor}}}}, {funders: {some: {key: {eq: $actor}}}}]}, %s]},
              limit: 20, sort: [{sortName: ASC}, {key: ASC}]) { key title status startDate endDate } }""" % PUBLIC7
PEER7_PROVINCE = """query($places: [String!]!) {
  initiatives(where: {AND: [{locations: {some: {key: {in: $places}}}}, %s]},
              limit: 50, sort: [{sortName: ASC}, {key: ASC}]) { key title status startDate endDate } }""" % PUBLIC7
PEER7_SEARCH = """query($w: String!, $spaced: String!) {
  actors(where: {AND: [{OR: [{sortName: {startsWith: $w}}, {sortName: {contains: $spaced}}]}, %s]},
         limit: 50, sort: [{sortName: ASC}, {key: ASC}]) { name kind country } }""" % PUBLIC7
NOT_SENSITIVE7 = "{OR: [{sensitive: {eq: null}}, {sensitive: {eq: false}}]}"
WORK7 = """{AND: [{locations: {some: {key: {in: $places}}}}, %s, %s, {NOT: {status: {eq: "CANCELLED"}}},
              {OR: [{endDate: {eq: null}}, {endDate: {gte: "%s"}}]}, {OR: [{startDate: {eq: null}}, {startDate: {lte: "%s"}}]}]}""" % (
    PUBLIC7, NOT_SENSITIVE7, FROM, TO)
PEER7_WHO = """query($places: [String!]!) {
  actors(where: {AND: [%s, %s, {OR: [{initiatives: {some: %s}}, {fundsInitiatives: {some: %s}},
                                     {operatesIn: {some: {key: {in: $places}}}}]}]}) {
    name
    initiativesConnection(where: {node: %s}) { edges { properties { role } node { title } } }
    fundsInitiatives(where: %s) { title }
    operatesIn(where: {key: {in: $places}}) { key } } }""" % (PUBLIC7, NOT_SENSITIVE7, WORK7, WORK7, WORK7, WORK7)
PEER7_CREATE = """mutation($key: String!, $title: String!, $place1: String!, $place2: String!, $theme: String!,
                            $actor: String!) {
  createInitiatives(input: [{key: $key, title: $title, status: "PLANNED", startDate: "2026-03-01", endDate: "2027-12-31",
      source: "benchmark", visibility: "PUBLIC",
      locations: {connect: [{where: {node: {key: {in: [$place1, $place2]}}}}]},
      themes: {connect: [{where: {node: {key: {eq: $theme}}}}]},
      implementers: {connect: [{where: {node: {key: {eq: $actor}}}, edge: {role: "LEAD"}}]}}]) {
    initiatives { key title locations { key } themes { key } implementers { key } } } }"""


# -- answers in one shape, to compare ------------------------------------------------------------------------

def _hub_rows(data: dict) -> list[dict]:
    rows = []
    for node in data["initiatives"]["nodes"]:
        row = {k: node[k] for k in ("title", "status", "startDate", "endDate")}
        if "implementers" in node:
            row["implementers"] = sorted((i["role"], i["actor"]["name"]) for i in node["implementers"])
        rows.append(row)
    return rows


def _peer_rows(data: dict) -> list[dict]:
    rows = []
    for node in data["initiatives"]:
        row = {k: node[k] for k in ("title", "status", "startDate", "endDate")}
        if "implementersConnection" in node:
            row["implementers"] = sorted((e["properties"]["role"], e["node"]["name"])
                                         for e in node["implementersConnection"]["edges"])
        rows.append(row)
    return rows


def _raw_rows(records: list[dict]) -> list[dict]:
    rows = []
    for record in records:
        row = {k: record[k] for k in ("title", "status", "startDate", "endDate")}
        if "implementers" in record:
            row["implementers"] = sorted((i["role"], i["name"]) for i in record["implementers"])
        rows.append(row)
    return rows


def _hub_actors(data: dict) -> list[tuple]:
    return [(a["name"], a["kind"], a["country"]) for a in data["actors"]["nodes"]]


def _peer_actors(data: dict) -> list[tuple]:
    return [(a["name"], a["kind"], a["country"]) for a in data["actors"]]


def _raw_actors(records: list[dict]) -> list[tuple]:
    return [(r["name"], r["kind"], r["country"]) for r in records]


def _hub_who(data: dict) -> list[tuple]:
    return sorted((a["actor"]["name"], tuple(sorted((w["role"], w["initiative"]["title"]) for w in a["work"])),
                   "PRESENT" in a["roles"]) for a in data["whoWorksWhere"])


def _peer_who(data: dict) -> list[tuple]:
    rows = []
    for actor in data["actors"]:
        work = [(e["properties"]["role"] or "PARTNER", e["node"]["title"]) for e in actor["initiativesConnection"]["edges"]]
        work += [("FUNDER", i["title"]) for i in actor["fundsInitiatives"]]
        rows.append((actor["name"], tuple(sorted(work)), bool(actor["operatesIn"])))
    return sorted(rows)


def _raw_who(found: tuple[list[dict], list[dict]]) -> list[tuple]:
    work, present = found
    present_keys = {row["key"] for row in present}
    rows = [(row["name"], tuple(sorted((w["role"], w["title"]) for w in row["work"])), row["key"] in present_keys)
            for row in work]
    worked = {row["key"] for row in work}
    rows += [(row["name"], (), True) for row in present if row["key"] not in worked]
    return sorted(rows)


# -- the four sides ------------------------------------------------------------------------------------------

class Sides:
    def __init__(self, graph, hub_url: str, peer_urls: dict[str, str], token: str, picks: dict):
        self.graph = graph
        timeout = aiohttp.ClientTimeout(total=120)
        self.hub = aiohttp.ClientSession(base_url=hub_url, timeout=timeout)
        self.peers = {side: aiohttp.ClientSession(base_url=url, timeout=timeout) for side, url in peer_urls.items()}
        self.token = token
        self.p = picks
        self.created: list[str] = []

    async def close(self):
        await self.hub.close()
        for peer in self.peers.values():
            await peer.close()

    async def _post(self, client: aiohttp.ClientSession, query, variables, headers=None) -> dict:
        async with client.post("/graphql", data=orjson.dumps({"query": query, "variables": variables}),
                               headers={"content-type": "application/json", **(headers or {})}) as response:
            status, content = response.status, await response.read()
        try:
            body = orjson.loads(content)
        except orjson.JSONDecodeError:
            raise RuntimeError(f"HTTP {status}, not JSON: {content[:300]!r}") from None
        if body.get("errors"):
            raise RuntimeError(json.dumps(body["errors"])[:500])
        return body["data"]

    async def _raw(self, statement, **params) -> list[dict]:
        return await self.graph.read(lambda tx: fetch_all(tx, statement, **params))

    async def _raw_who(self, places: list[str]) -> tuple[list[dict], list[dict]]:
        """Work and declared presence: two statements of one transaction."""
        async def work(tx):
            params = {"places": places, "from": FROM, "to": TO}
            return await fetch_all(tx, RAW_WHO_WORK, **params), await fetch_all(tx, RAW_WHO_PRESENT, **params)

        return await self.graph.read(work)

    def _peers(self, queries: tuple[str, str], variables: dict) -> dict:
        """The same question to both peers: (5.x query, 7.x query) with the same variables."""
        return {side: (lambda side=side, query=query: self._post(self.peers[side], query, variables))
                for side, query in zip(("peer5", "peer7"), queries)}

    def operations(self) -> dict:
        """name -> {side: async () -> rows in one shape}."""
        p = self.p

        def page(first):
            return {
                "hub": lambda: self._post(self.hub, HUB_PAGE, {"loc": p["country_id"], "theme": p["theme_id"],
                                                               "first": first}),
                **self._peers((PEER_PAGE, PEER7_PAGE), {"places": p["country_places"], "themes": p["themes"],
                                                        "first": first}),
                "raw": lambda: self._raw(RAW_PAGE, places=p["country_places"], themes=p["themes"], first=first,
                                         **{"from": FROM, "to": TO}),
            }

        return {
            "100 initiatives with implementers and places": page(100),
            "10 initiatives, same fields": page(10),
            "an actor's first 20 initiatives": {
                "hub": lambda: self._post(self.hub, HUB_ACTOR, {"id": p["actor_id"]}),
                **self._peers((PEER_ACTOR, PEER7_ACTOR), {"actor": p["actor"]}),
                "raw": lambda: self._raw(RAW_ACTOR, actor=p["actor"]),
            },
            "actor search, first 50": {
                "hub": lambda: self._post(self.hub, HUB_SEARCH, {"s": SEARCH_WORD}),
                **self._peers((PEER_SEARCH, PEER7_SEARCH), {"w": SEARCH_WORD, "spaced": f" {SEARCH_WORD}"}),
                "raw": lambda: self._raw(RAW_SEARCH, word=SEARCH_WORD),
            },
            "first 50 initiatives within a province": {
                "hub": lambda: self._post(self.hub, HUB_PROVINCE, {"loc": p["admin1_id"]}),
                **self._peers((PEER_PROVINCE, PEER7_PROVINCE), {"places": p["admin1_places"]}),
                "raw": lambda: self._raw(RAW_PROVINCE, places=p["admin1_places"]),
            },
            "who works where in a province": {
                "hub": lambda: self._post(self.hub, HUB_WHO, {"loc": p["admin1_id"]}),
                **self._peers((PEER_WHO, PEER7_WHO), {"places": p["admin1_places"]}),
                "raw": lambda: self._raw_who(p["admin1_places"]),
            },
            "create: 2 places, a theme, an implementer": {
                "hub": self._hub_create,
                "peer5": lambda: self._peer_create("peer5", PEER_CREATE),
                "peer7": lambda: self._peer_create("peer7", PEER7_CREATE),
                "raw": self._raw_create,
            },
        }

    def _new(self) -> tuple[str, str]:
        key = f"bench-{uuid.uuid4().hex[:12]}"
        self.created.append(key)
        return key, f"Side-by-side benchmark initiative {key}"

    async def _hub_create(self):
        _, title = self._new()
        data = await self._post(self.hub, HUB_CREATE, {"input": {
            "title": title, "status": "PLANNED", "startDate": "2026-03-01", "endDate": "2027-12-31", "source": "benchmark",
            "locationIds": [to_global_id("Location", k) for k in self.p["create_places"]],
            "themeIds": [to_global_id("Theme", self.p["create_theme"])],
            "implementers": [{"actorId": self.p["actor_id"], "role": "LEAD"}]}},
            headers={"Authorization": f"Bearer {self.token}"})
        created = data["createInitiative"]
        if created["userErrors"]:
            raise RuntimeError(str(created["userErrors"]))
        self.created[-1] = created["initiative"]["id"]
        return data

    async def _peer_create(self, side: str, query: str):
        key, title = self._new()
        place1, place2 = self.p["create_places"]
        return await self._post(self.peers[side], query, {"key": key, "title": title, "place1": place1,
                                                          "place2": place2, "theme": self.p["create_theme"],
                                                          "actor": self.p["actor"]})

    async def stored_links(self) -> dict:
        """What the graph holds for the last initiative created: its places, themes and implementers with roles."""
        last = self.created[-1]
        key = last if last.startswith("bench-") else from_global_id(last)[1]
        row = await self.graph.read(lambda tx: fetch_one(tx, CREATED_LINKS, key=key))
        return {"places": sorted(row["places"]), "themes": sorted(row["themes"]),
                "implementers": sorted((i["actor"], i["role"]) for i in row["implementers"])}

    async def _raw_create(self):
        key, title = self._new()
        return await self.graph.write(lambda tx: fetch_all(
            tx, RAW_CREATE, key=key, title=title, places=self.p["create_places"], theme=self.p["create_theme"],
            actor=self.p["actor"]))

    async def clean_up(self):
        """Removes what the creates made, so the data folder stays as generated."""
        keys = [k if k.startswith("bench-") else from_global_id(k)[1] for k in self.created]
        await self.graph.write(lambda tx: fetch_all(tx, CLEAN_UP, keys=keys))


async def check_answers(sides: Sides) -> bool:
    """Each read gives the same rows on every side; each side's create stores the same links (read back from the
    graph, not taken from the side's answer: a write the engine dropped would still be echoed). True if all agree."""
    ops = sides.operations()
    agree = True
    for name, by_side in ops.items():
        if name.startswith("create"):
            stored = {}
            for side in SIDES:
                await by_side[side]()
                stored[side] = await sides.stored_links()
            verdict = "same" if all(links == stored["raw"] for links in stored.values()) else "DIFFERENT"
            raw = stored["raw"]
            print(f"  {name}: {len(raw['places'])} places, {len(raw['themes'])} theme, "
                  f"{len(raw['implementers'])} implementer stored; hub/peer5/peer7/raw {verdict}")
            if verdict != "same":
                agree = False
                print(f"    stored: {stored}")
            continue
        hub_shape, peer_shape, raw_shape = ((_hub_who, _peer_who, _raw_who) if name.startswith("who") else
                                            (_hub_actors, _peer_actors, _raw_actors) if name.startswith("actor search")
                                            else (_hub_rows, _peer_rows, _raw_rows))
        shapes = {"hub": hub_shape, "peer5": peer_shape, "peer7": peer_shape, "raw": raw_shape}
        answers = {side: shapes[side](await by_side[side]()) for side in SIDES}
        hub = answers["hub"]
        verdict = "same" if all(rows == hub for rows in answers.values()) else "DIFFERENT"
        print(f"  {name}: {len(hub)} rows, hub/peer5/peer7/raw answers {verdict}")
        if verdict != "same":
            agree = False
            for side, rows in answers.items():
                diff = [(a, b) for a, b in zip(hub, rows) if a != b][:1]
                print(f"    hub vs {side}: {len(hub)} vs {len(rows)} rows; first difference {diff}")
    return agree


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def latencies(sides: Sides, repeat: int) -> dict:
    ops = sides.operations()
    times = {(name, side): [] for name in ops for side in SIDES}
    for name, by_side in ops.items():
        for side, call in by_side.items():  # one warm-up each
            await call()
    for _ in range(repeat):
        for name, by_side in ops.items():
            for side, call in by_side.items():
                started = time.perf_counter()
                await call()
                times[(name, side)].append(time.perf_counter() - started)
    print(f"\nlatency, ms ({repeat} interleaved runs each; ratio = hub p50 / other p50, below 1 means the hub is faster)")
    header = (f"{'operation':<44} {'side':<5} {'p50':>8} {'p90':>8} {'p99':>8}   {'hub/raw':>7} {'hub/peer5':>9} "
              f"{'hub/peer7':>9}")
    print(header + "\n" + "-" * len(header))
    table = {}
    for name in ops:
        hub50 = statistics.median(times[(name, "hub")])
        for side in SIDES:
            values = times[(name, side)]
            p50 = statistics.median(values)
            table[(name, side)] = p50
            ratios = ""
            if side == "hub":
                ratios = (f"   {hub50 / statistics.median(times[(name, 'raw')]):>7.2f} "
                          f"{hub50 / statistics.median(times[(name, 'peer5')]):>9.2f} "
                          f"{hub50 / statistics.median(times[(name, 'peer7')]):>9.2f}")
            print(f"{name if side == 'hub' else '':<44} {side:<5} {p50 * 1000:>8.1f} {_pct(values, 0.9) * 1000:>8.1f} "
                  f"{_pct(values, 0.99) * 1000:>8.1f}{ratios}")
    return table


async def throughput(sides: Sides, seconds: float, clients: int) -> None:
    ops = {name: by_side for name, by_side in sides.operations().items() if not name.startswith("create")}
    print(f"\nthroughput: {clients} concurrent clients, each running the reads above in turn, {seconds:.0f} s per side")
    header = f"{'side':<5} {'ops/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}"
    print(header + "\n" + "-" * len(header))
    for side in SIDES:
        calls = [by_side[side] for by_side in ops.values()]
        times: list[float] = []
        errors = 0
        deadline = time.perf_counter() + seconds

        async def client(offset: int):
            nonlocal errors
            n = offset
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    await calls[n % len(calls)]()
                    times.append(time.perf_counter() - started)
                except Exception:  # noqa: BLE001 - counted, the run goes on
                    errors += 1
                n += 1

        began = time.perf_counter()
        await asyncio.gather(*(client(i) for i in range(clients)))
        elapsed = time.perf_counter() - began
        print(f"{side:<5} {len(times) / elapsed:>7.1f} {statistics.median(times) * 1000:>8.1f} "
              f"{_pct(times, 0.99) * 1000:>8.1f} {errors:>6}")


# -- set-up --------------------------------------------------------------------------------------------------

def install_peers() -> None:
    for folder in PEERS.values():
        if not (folder / "node_modules" / "@neo4j" / "graphql").exists():
            print(f"installing a peer (npm ci in benchmarks/{folder.name})", flush=True)
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=folder, check=True)


def start_process(command: list[str], env: dict, ready: str, cwd: Path | None = None,
                  timeout: float = 120) -> tuple[subprocess.Popen, str]:
    """Starts a server and waits for the line that says it listens; returns it and that line."""
    process = subprocess.Popen(command, env=os.environ | env, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + timeout
    for line in process.stdout:
        if ready in line:
            return process, line
        if time.monotonic() > deadline:
            break
    process.kill()
    raise RuntimeError(f"{command[0]} did not start")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def picks_for(graph, data: generate.Synthetic) -> dict:
    p = data.picks

    async def below(tx):
        country = await fetch_one(tx, listing.PLACES_BELOW, keys=[p["country"]])
        admin1 = await fetch_one(tx, listing.PLACES_BELOW, keys=[p["admin1"]])
        themes = await fetch_one(tx, listing.THEMES_BELOW, keys=["peacebuilding"])
        return country["keys"], admin1["keys"], themes["keys"]

    country, admin1, themes = await graph.read(below)
    return {"country_id": to_global_id("Location", p["country"]), "country_places": sorted(country),
            "admin1_id": to_global_id("Location", p["admin1"]), "admin1_places": sorted(admin1),
            "theme_id": to_global_id("Theme", "peacebuilding"), "themes": sorted(themes),
            "actor": p["busy_actor"], "actor_id": to_global_id("Actor", p["busy_actor"]),
            "create_places": [p["settlement"], p["admin2"]], "create_theme": "community-mediation"}


def _external_marker(data_dir: Path, settings: Settings, scale: float, seed: int) -> Path:
    """The file that says the external graph of `settings` already holds the data set of this scale and seed."""
    where = hashlib.sha256(f"{settings.neo4j_uri}|{settings.neo4j_database}".encode()).hexdigest()[:12]
    return Path(data_dir) / f"written-{where}-{scale}-{seed}.json"


async def main(args) -> int:
    install_peers()
    external = bool(os.environ.get("HUB_NEO4J_URI"))
    if external:  # every side on that server: HUB_NEO4J_URI, _USER, _PASSWORD, _DATABASE
        settings = Settings()
        Path(args.data_dir).mkdir(parents=True, exist_ok=True)
        marker = _external_marker(args.data_dir, settings, args.scale, args.seed)
    else:
        settings = Settings(data_dir=args.data_dir, neo4j_uri=None, _env_file=None)
        marker = generate.marker(args.data_dir, args.scale, args.seed)
    graph_hub = await Hub(settings).start()
    processes = []
    try:
        data = generate.build(args.scale, args.seed)
        if not marker.exists():
            where = settings.neo4j_uri if external else args.data_dir
            print(f"writing the scale-{args.scale} data set into {where}", flush=True)
            counts = await generate.write_batch(graph_hub.graph, generate.to_batch(data))
            marker.write_text(json.dumps(counts) + "\n")
        if external:
            bolt = {"uri": settings.neo4j_uri, "user": settings.neo4j_user, "password": settings.neo4j_password or "",
                    "database": settings.neo4j_database}
        else:
            creds = graph_hub.server.credentials
            bolt = {"uri": graph_hub.server.uri, "user": creds.user, "password": creds.password,
                    "database": settings.neo4j_database}
        issued = await tokens.issue(graph_hub.graph, Viewer.system("benchmark"), name="side-by-side benchmark",
                                    role=Role.ADMIN, actor_keys=[])

        hub_port = free_port()
        hub_env = {"HUB_NEO4J_URI": bolt["uri"], "HUB_NEO4J_USER": bolt["user"], "HUB_NEO4J_PASSWORD": bolt["password"],
                   "HUB_NEO4J_DATABASE": bolt["database"], "HUB_MAX_COST": str(10**9),
                   "HUB_RATE_LIMIT_POINTS": str(10**9), "HUB_LOG_LEVEL": "warning"}
        hub_process, _ = start_process([sys.executable, "-m", "hub.cli", "serve", "--port", str(hub_port),
                                        "--workers", str(args.hub_workers)], hub_env,
                                       "GraphQL (and GraphiQL)", cwd=Path(__file__).resolve().parents[1])
        processes.append(hub_process)
        peer_urls = {}
        for side, folder in PEERS.items():
            port = free_port()
            peer_env = {"NEO4J_URI": bolt["uri"], "NEO4J_USER": bolt["user"], "NEO4J_PASSWORD": bolt["password"],
                        "NEO4J_DATABASE": bolt["database"], "PORT": str(port),
                        "CYPHER_VERSION_PREFIX": "1" if external else "0"}
            peer_process, _ = start_process(["node", "server.mjs"], peer_env, "ready", cwd=folder)
            processes.append(peer_process)
            peer_urls[side] = f"http://127.0.0.1:{port}"
        hub_url = f"http://127.0.0.1:{hub_port}"
        async with aiohttp.ClientSession() as probe:  # hub serve prints its address before it listens
            for _ in range(600):
                try:
                    async with probe.get(f"{hub_url}/readyz") as ready:
                        if ready.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.2)

        sides = Sides(graph_hub.graph, hub_url, peer_urls, issued.token,
                      await picks_for(graph_hub.graph, data))
        try:
            print(f"scale {args.scale}: {data.stats['initiatives']} initiatives, {data.stats['actors']} actors, "
                  f"{data.stats['places']} places; one {'external' if external else 'embedded'} graph server at "
                  f"{bolt['uri']} (database {bolt['database']}); "
                  f"hub serve --workers {args.hub_workers}")
            print("\nanswers:")
            if not await check_answers(sides):
                print("\nthe sides do not answer the same: nothing timed", file=sys.stderr)
                return 1
            await latencies(sides, args.repeat)
            await throughput(sides, args.seconds, args.clients)
            return 0
        finally:
            await sides.clean_up()
            await sides.close()
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        await graph_hub.stop()


def _args():
    parser = argparse.ArgumentParser(description="The hub, @neo4j/graphql and the raw driver on the same graph.")
    parser.add_argument("--data-dir", type=Path, required=True,
                        help="embedded server data folder; the data set is written into it on first use (with "
                             "HUB_NEO4J_URI set: where the note that the data set is in that graph is kept)")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=15, help="interleaved timed runs per operation and side")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each side's throughput run")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--hub-workers", type=int, default=1, help="hub serve --workers")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(_args())))
