"""Load test of a running hub over real HTTP: N concurrent clients, mixed reads and writes, for a while.

    python benchmarks/load.py --seconds 60 --clients 8

Starts `hub serve --demo` as a subprocess on a free 127.0.0.1 port with a fresh HUB_DATA_DIR (a temporary
folder, so the embedded graph server; HUB_NEO4J_* are removed from its environment), after issuing an
admin token into that data folder with `python -m hub.cli token create`. Then each client (its own aiohttp
session on one kept-alive connection: a quarter of httpx's CPU per request, on the cores the hub shares) loops
over a weighted mix of operations until --seconds have passed or --max-ops operations were sent:

  reads:  search (actors by text), list (initiatives filtered by place, theme and period, with nested
          implementers, places and themes), node (an actor or initiative by ID, with relationships),
          whoWorksWhere, duplicateCandidates
  writes: createInitiative (with places and themes), updateInitiative (reads the version, sends it, and on
          a CONFLICT user error reads again and retries), link (an actor IMPLEMENTS a created initiative)

Updates and links go to a small shared pool of initiatives the clients created, so clients do collide:
CONFLICTs are expected, retried and counted apart. Anything else that is not success is an unexpected
error and makes the exit status 1. While the clients run, the resident memory (RSS, from /proc) of the hub's
processes (`hub serve` and its Python workers) and of the graph server it started is sampled twice a
second; the report gives the peak of each, and the CPU time each used per operation (on a shared machine
a steadier figure than throughput). At the end the server is stopped (SIGINT, as Ctrl-C: it stops its
graph server) and the temporary folder removed (--keep-data to keep it).

The server's rate limit is raised (HUB_RATE_LIMIT_POINTS) unless --keep-rate-limit: every client uses the
same token, and what is measured here is the hub, not the limiter. Loopback only; nothing is retried
except CONFLICTs. Figures depend on the machine and what else runs on it: compare them, never assert them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import json
import math
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import orjson

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
POOL_SIZE = 12  # shared initiatives that updates and links go to: small, so clients collide
CONFLICT_RETRIES = 10
REQUEST_TIMEOUT = 60.0

# weight of each operation in the mix
MIX = {
    "search": 20,
    "list": 15,
    "node": 20,
    "whoWorksWhere": 8,
    "duplicateCandidates": 7,
    "createInitiative": 10,
    "updateInitiative": 12,
    "link": 8,
}

SEARCH_TERMS = ["fti", "Ош", "osh", "undp", "women", "water", "youth", "peace", "batken", "mediation",
                "foundation", "council", "network", "UN", "Kyrgyz", "Tajik", "zzz-nothing"]

Q_SEARCH = """query Search($s: String!) { actors(filter: {search: $s}, first: 10) {
  totalCount nodes { id name acronym kind country } } }"""

Q_LIST = """query List($loc: ID!, $theme: ID, $first: Int!) {
  initiatives(filter: {locationId: $loc, themeId: $theme, activeDuring: {start: "2023-01-01", end: "2025-12-31"}},
              first: $first, orderBy: {field: START_DATE, direction: DESC}) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id title status startDate endDate
            implementers { role actor { name kind } }
            locations { name level parent { name } }
            themes { code broader { code } } } } }"""

Q_NODE = """query Node($id: ID!) { node(id: $id) { id
  ... on Actor { name kind country initiatives { role initiative { title status } }
                 partners { name } operatesIn { name } }
  ... on Initiative { title status version implementers { role actor { name } }
                      locations { name } themes { code } funders { name } } } }"""

Q_WHO = """query WhoWorksWhere($loc: ID!, $theme: ID) {
  whoWorksWhere(locationId: $loc, themeId: $theme, period: {start: "2024-01-01", end: "2024-12-31"}) {
    roles actor { name } work { role initiative { title } } contacts { name role } } }"""

Q_DUPLICATES = """query DuplicateCandidates($id: ID!) { duplicateCandidates(initiativeId: $id, first: 3) {
  score initiative { title } reasons { factor score detail } } }"""

M_CREATE = """mutation CreateInitiative($i: CreateInitiativeInput!) { createInitiative(input: $i) {
  initiative { id version } userErrors { field message code } possibleDuplicates { score initiative { id } } } }"""

Q_VERSION = "query Version($id: ID!) { node(id: $id) { ... on Initiative { version } } }"

M_UPDATE = """mutation UpdateInitiative($i: UpdateInitiativeInput!) { updateInitiative(input: $i) {
  initiative { id version } userErrors { field message code } } }"""

M_LINK = """mutation Link($i: LinkInput!) { link(input: $i) {
  relationship { type role } userErrors { field message code } } }"""

Q_IDS = """{ actors(first: 100) { nodes { id } }
  initiatives(first: 100) { nodes { id } }
  osh: locations(filter: {search: "Osh", levels: [ADMIN1]}) { nodes { id } }
  batken: locations(filter: {search: "Batken", levels: [ADMIN1]}) { nodes { id } }
  kg: locations(filter: {levels: [COUNTRY]}, first: 10) { nodes { id } }
  villages: locations(filter: {levels: [SETTLEMENT]}, first: 50) { nodes { id } }
  themes(first: 100) { nodes { id } } }"""


class Failure(Exception):
    """An operation did not succeed; `code` says how (extensions.code, a user error code, HTTP...)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # op -> code -> count
    conflicts: Counter = field(default_factory=Counter)  # op -> expected CONFLICTs (retried)
    samples: list[str] = field(default_factory=list)  # a few unexpected errors, for the report
    sent: int = 0


@dataclass
class World:
    actors: list[str]
    initiatives: list[str]
    places: list[str]
    villages: list[str]
    themes: list[str]
    pool: list[str] = field(default_factory=list)  # initiatives created here, shared by all clients


# -- the server -----------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path, keep_rate_limit: bool, request_log: bool = False) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_NEO4J_")}
    env.update({"HUB_DATA_DIR": str(data_dir), "HUB_GRAPHIQL": "false", "HUB_LOG_LEVEL": "warning"})
    if request_log:  # one JSON line per request, read back by request_report (it costs the hub some CPU)
        env.update({"HUB_LOG_LEVEL": "info", "HUB_LOG_FORMAT": "json"})
    if not keep_rate_limit:
        env["HUB_RATE_LIMIT_POINTS"] = str(10**9)
    return env


def issue_token(env: dict[str, str]) -> str:
    """An admin token, issued into the data folder before the server starts (the CLI starts its own graph)."""
    done = subprocess.run([sys.executable, "-m", "hub.cli", "token", "create", "--name", "load test", "--role", "admin"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"token create failed ({done.returncode}):\n{done.stderr[-3000:]}")
    token = done.stdout.strip().splitlines()[-1].strip()
    if not token.startswith("hub_"):
        raise SystemExit(f"unexpected output of token create:\n{done.stdout}")
    return token


async def wait_ready(base: str, server: subprocess.Popen, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"the hub exited with code {server.returncode}:\n{log_path.read_text()[-3000:]}")
            with contextlib.suppress(aiohttp.ClientError, asyncio.TimeoutError):
                async with http.get(f"{base}/readyz") as ready:
                    if ready.status == 200:
                        return
            await asyncio.sleep(0.5)
    raise SystemExit(f"the hub was not ready within {timeout:.0f} s:\n{log_path.read_text()[-3000:]}")


def _die_with_us() -> None:
    """In the server's child before exec (Linux): SIGTERM to it if this process dies, so nothing is left
    running however the load test ends."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def stop_server(server: subprocess.Popen) -> None:
    """SIGINT (as Ctrl-C): uvicorn shuts down, the hub stops its graph server. Killed if it will not."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGINT)
    try:
        server.wait(60)
    except subprocess.TimeoutExpired:
        server.kill()  # its graph server dies with it (PR_SET_PDEATHSIG)
        server.wait()


# -- memory --------------------------------------------------------------------------------------------------

def _descendants(pid: int) -> list[int]:
    """The process and all its children, grandchildren... (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo.extend(int(c) for c in children.read().split())
    return found


def _rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _is_graph_server(pid: int) -> bool:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/comm") as comm:
        return "java" in comm.read()
    return False


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far (/proc/PID/stat, fields 14 and 15)."""
    with contextlib.suppress(OSError, ValueError, IndexError), open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


@dataclass
class Memory:
    """Peak resident memory seen while the clients ran, in MB: the hub's processes and the graph server's;
    and the CPU seconds each side used meanwhile (what an operation costs, whatever else runs on the machine)."""
    hub: float = 0.0
    graph: float = 0.0
    hub_cpu: float = 0.0
    graph_cpu: float = 0.0
    _cpu_at_start: dict[int, float] = field(default_factory=dict)

    def sample(self, pid: int) -> None:
        hub = graph = hub_cpu = graph_cpu = 0.0
        for process in _descendants(pid):
            cpu = _cpu_seconds(process) - self._cpu_at_start.setdefault(process, _cpu_seconds(process))
            if _is_graph_server(process):
                graph += _rss_mb(process)
                graph_cpu += cpu
            else:
                hub += _rss_mb(process)
                hub_cpu += cpu
        self.hub, self.graph = max(self.hub, hub), max(self.graph, graph)
        self.hub_cpu, self.graph_cpu = max(self.hub_cpu, hub_cpu), max(self.graph_cpu, graph_cpu)


async def watch_memory(pid: int, memory: Memory, until: asyncio.Event) -> None:
    while not until.is_set():
        memory.sample(pid)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(until.wait(), 0.5)


# -- the client side ------------------------------------------------------------------------------------------

class Client:
    def __init__(self, http: aiohttp.ClientSession, token: str, world: World, stats: Stats, rng: random.Random, tag: str):
        self.http = http
        self.headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
        self.world = world
        self.stats = stats
        self.rng = rng
        self.tag = tag
        self.created = 0

    async def gql(self, query: str, variables: dict) -> dict:
        """The data of an operation, or Failure with the first error's code."""
        self.stats.sent += 1
        try:
            async with self.http.post("/graphql", data=orjson.dumps({"query": query, "variables": variables}),
                                      headers=self.headers) as response:
                status, content = response.status, await response.read()
        except asyncio.TimeoutError as error:
            raise Failure("TIMEOUT", type(error).__name__) from error
        except aiohttp.ClientError as error:
            raise Failure("TRANSPORT", f"{type(error).__name__}: {error}") from error
        try:
            body = orjson.loads(content)
        except ValueError:
            raise Failure(f"HTTP {status}", content[:200].decode(errors="replace")) from None
        if body.get("errors"):
            first = body["errors"][0]
            raise Failure((first.get("extensions") or {}).get("code") or "NO_CODE", first.get("message", ""))
        if status != 200 or body.get("data") is None:
            raise Failure(f"HTTP {status}", str(body)[:200])
        return body["data"]

    @staticmethod
    def payload(data: dict, name: str) -> dict:
        result = data[name]
        if result["userErrors"]:
            error = result["userErrors"][0]
            raise Failure(error["code"], f"{error['field']}: {error['message']}")
        return result

    def pick(self, items: list[str]) -> str:
        return self.rng.choice(items)

    # each returns when the operation succeeded, raises Failure otherwise

    async def search(self) -> None:
        await self.gql(Q_SEARCH, {"s": self.pick(SEARCH_TERMS)})

    async def list(self) -> None:
        theme = self.pick(self.world.themes) if self.rng.random() < 0.5 else None
        await self.gql(Q_LIST, {"loc": self.pick(self.world.places), "theme": theme, "first": 10})

    async def node(self) -> None:
        await self.gql(Q_NODE, {"id": self.pick(self.world.actors + self.world.initiatives)})

    async def whoWorksWhere(self) -> None:
        theme = self.pick(self.world.themes) if self.rng.random() < 0.5 else None
        await self.gql(Q_WHO, {"loc": self.pick(self.world.places), "theme": theme})

    async def duplicateCandidates(self) -> None:
        await self.gql(Q_DUPLICATES, {"id": self.pick(self.world.initiatives + self.world.pool)})

    async def createInitiative(self) -> None:
        self.created += 1
        data = await self.gql(M_CREATE, {"i": {
            "title": f"Load test initiative {self.tag} {self.created}: youth dialogue and water sharing",
            "description": "Created by benchmarks/load.py.",
            "status": "ACTIVE", "startDate": "2024-01-01", "endDate": "2026-12-31",
            "targetGroups": ["YOUTH", "WOMEN"],
            "locationIds": self.rng.sample(self.world.villages, k=min(2, len(self.world.villages))),
            "themeIds": self.rng.sample(self.world.themes, k=min(2, len(self.world.themes))),
            "clientMutationId": f"{self.tag}-create-{self.created}",  # as a client that may retry would send
        }})
        created = self.payload(data, "createInitiative")["initiative"]["id"]
        pool = self.world.pool
        if len(pool) < POOL_SIZE:
            pool.append(created)
        else:
            pool[self.rng.randrange(POOL_SIZE)] = created

    async def updateInitiative(self) -> None:
        target = self.pick(self.world.pool or self.world.initiatives)
        for _ in range(CONFLICT_RETRIES):
            version = (await self.gql(Q_VERSION, {"id": target}))["node"]["version"]
            data = await self.gql(M_UPDATE, {"i": {
                "id": target, "version": version,
                "description": f"Updated by {self.tag} at {time.time():.3f}",
                "status": self.pick(["ACTIVE", "PLANNED", "ACTIVE"])}})
            try:
                self.payload(data, "updateInitiative")
                return
            except Failure as failure:
                if failure.code != "CONFLICT":
                    raise
                self.stats.conflicts["updateInitiative"] += 1
        raise Failure("CONFLICT_RETRIES_EXHAUSTED", f"{CONFLICT_RETRIES} conflicts in a row on {target}")

    async def link(self) -> None:
        data = await self.gql(M_LINK, {"i": {
            "type": "IMPLEMENTS", "fromId": self.pick(self.world.actors),
            "toId": self.pick(self.world.pool or self.world.initiatives),
            "role": self.pick(["LEAD", "PARTNER"]), "source": "load test",
            "clientMutationId": f"{self.tag}-link-{uuid.uuid4().hex}"}})
        self.payload(data, "link")


async def run_client(number: int, base: str, token: str, world: World, stats: Stats, deadline: float,
                     max_ops: int, seed: int) -> None:
    rng = random.Random(seed * 1000 + number)
    names, weights = list(MIX), list(MIX.values())
    async with aiohttp.ClientSession(base_url=base, timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT),
                                     connector=aiohttp.TCPConnector(limit=1)) as http:
        client = Client(http, token, world, stats, rng, f"c{number}-{uuid.uuid4().hex[:6]}")
        while time.monotonic() < deadline and stats.sent < max_ops:
            op = rng.choices(names, weights)[0]
            began = time.perf_counter()
            try:
                await getattr(client, op)()
            except Failure as failure:
                stats.errors[op][failure.code] += 1
                if len(stats.samples) < 10:
                    stats.samples.append(f"{op}: {failure}")
            else:
                stats.latencies[op].append(time.perf_counter() - began)


async def discover(base: str, token: str) -> World:
    async with aiohttp.ClientSession(base_url=base, timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)) as http:
        async with http.post("/graphql", json={"query": Q_IDS}, headers={"authorization": f"Bearer {token}"}) as response:
            body = await response.json()
        if body.get("errors"):
            raise SystemExit(f"could not read the demo data: {body['errors']}")
    d = body["data"]
    ids = {key: [n["id"] for n in value["nodes"]] for key, value in d.items()}
    world = World(actors=ids["actors"], initiatives=ids["initiatives"],
                  places=ids["osh"] + ids["batken"] + ids["kg"], villages=ids["villages"], themes=ids["themes"])
    for name in ("actors", "initiatives", "places", "villages", "themes"):
        if not getattr(world, name):
            raise SystemExit(f"the demo data has no {name}: was it loaded?")
    return world


# -- the report -----------------------------------------------------------------------------------------------

def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), math.ceil(fraction * len(sorted_values))))
    return sorted_values[rank - 1]


def report(stats: Stats, elapsed: float, clients: int, memory: Memory | None = None, own_cpu: float | None = None) -> int:
    """own_cpu: the CPU seconds this load generator used while the clients ran (it shares the machine)."""
    ops = sorted(set(stats.latencies) | set(stats.errors), key=list(MIX).index)
    total_ok = sum(len(v) for v in stats.latencies.values())
    total_err = sum(sum(c.values()) for c in stats.errors.values())
    total = total_ok + total_err
    print(f"\n{clients} clients, {elapsed:.1f} s: {total} operations ({total_ok} succeeded, {total_err} failed), "
          f"{total / elapsed:.1f} ops/s overall; {stats.sent} HTTP requests ({stats.sent / elapsed:.1f}/s)")
    print(f"\n{'operation':<22}{'ok':>7}{'ops/s':>8}{'median ms':>11}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}  errors")
    for op in ops:
        values = sorted(stats.latencies.get(op, []))
        errors = stats.errors.get(op, Counter())
        count = len(values) + sum(errors.values())
        ms = [1000 * percentile(values, f) for f in (0.5, 0.9, 0.99)]
        print(f"{op:<22}{len(values):>7}{count / elapsed:>8.1f}{ms[0]:>11.0f}{ms[1]:>9.0f}{ms[2]:>9.0f}"
              f"{1000 * (values[-1] if values else float('nan')):>9.0f}  {dict(errors) or '-'}")
    all_values = sorted(v for values in stats.latencies.values() for v in values)
    if all_values:
        print(f"{'(all)':<22}{len(all_values):>7}{total / elapsed:>8.1f}{1000 * statistics.median(all_values):>11.0f}"
              f"{1000 * percentile(all_values, 0.9):>9.0f}{1000 * percentile(all_values, 0.99):>9.0f}"
              f"{1000 * all_values[-1]:>9.0f}")
    if memory is not None:
        print(f"\npeak resident memory: hub {memory.hub:.0f} MB (hub serve and its workers), "
              f"graph server {memory.graph:.0f} MB")
        if total:
            own = f", load generator {1000 * own_cpu / total:.1f} ms" if own_cpu is not None else ""
            print(f"CPU per operation: hub {1000 * memory.hub_cpu / total:.1f} ms, graph server "
                  f"{1000 * memory.graph_cpu / total:.1f} ms{own} (load average {os.getloadavg()[0]:.1f})")
    by_code = Counter()
    for errors in stats.errors.values():
        by_code.update(errors)
    print(f"\nexpected CONFLICTs (retried): {sum(stats.conflicts.values())} {dict(stats.conflicts) or ''}")
    print(f"unexpected errors by code: {dict(by_code) or 'none'}")
    for sample in stats.samples:
        print(f"  e.g. {sample[:300]}")
    return 1 if total_err else 0


def request_report(log_path: Path) -> None:
    """Per operation name, from the hub's request log: transactions, statements and the graph's share of the
    time, as the hub counted them (the figures to look at first when an operation gets slower)."""
    rows: dict[str, list[dict]] = defaultdict(list)
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            if not line.startswith("{"):
                continue
            with contextlib.suppress(ValueError):
                entry = json.loads(line)
                if entry.get("path") == "/graphql" and "round_trips" in entry:
                    rows[entry.get("operation") or "-"].append(entry)
    print(f"\n{'request (hub log)':<22}{'count':>7}{'median ms':>11}{'transactions':>14}{'statements':>12}"
          f"{'graph ms':>10}")
    for name in sorted(rows):
        entries = rows[name]
        def mean(key):
            return statistics.fmean(e[key] for e in entries)
        print(f"{name:<22}{len(entries):>7}{statistics.median(e['duration_ms'] for e in entries):>11.1f}"
              f"{mean('round_trips'):>14.2f}{mean('statements'):>12.2f}{mean('statement_ms'):>10.1f}")


async def run(args) -> int:
    data_dir = Path(tempfile.mkdtemp(prefix="hub-load-"))
    env = server_env(data_dir, args.keep_rate_limit, args.request_log)
    server = None
    try:
        print(f"data folder {data_dir}; issuing an admin token...", flush=True)
        token = issue_token(env)
        port = free_port()
        base = f"http://{HOST}:{port}"
        log_path = data_dir / "hub-serve.log"
        with open(log_path, "ab") as log_file:
            server = subprocess.Popen([sys.executable, "-m", "hub.cli", "serve", "--demo", "--host", HOST,
                                       "--port", str(port)], cwd=ROOT, env=env, stdout=log_file,
                                      stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, preexec_fn=_die_with_us)
        print(f"starting hub serve --demo at {base} (pid {server.pid})...", flush=True)
        began = time.monotonic()
        await wait_ready(base, server, log_path, args.start_timeout)
        print(f"ready after {time.monotonic() - began:.1f} s", flush=True)
        world = await discover(base, token)

        stats = Stats()
        print(f"running {args.clients} clients for {args.seconds:.0f} s (at most {args.max_ops} requests)...", flush=True)
        started, started_cpu = time.monotonic(), time.process_time()
        deadline = started + args.seconds
        memory, done = Memory(), asyncio.Event()
        watcher = asyncio.create_task(watch_memory(server.pid, memory, done))
        await asyncio.gather(*(run_client(n, base, token, world, stats, deadline, args.max_ops, args.seed)
                               for n in range(args.clients)))
        elapsed, own_cpu = time.monotonic() - started, time.process_time() - started_cpu
        done.set()
        await watcher
        memory.sample(server.pid)
        status = report(stats, elapsed, args.clients, memory, own_cpu)
        if args.request_log:
            request_report(log_path)
        if server.poll() is not None:
            print(f"the hub exited during the run with code {server.returncode}", file=sys.stderr)
            status = 1
        return status
    finally:
        if server is not None:
            stop_server(server)
        if args.keep_data:
            print(f"data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the clients run (default 60)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--max-ops", type=int, default=200_000, help="stop after this many requests (default 200000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start-timeout", type=float, default=300.0, help="seconds the hub has to become ready")
    parser.add_argument("--keep-rate-limit", action="store_true", help="leave the server's rate limit as configured")
    parser.add_argument("--keep-data", action="store_true", help="keep the temporary data folder")
    parser.add_argument("--request-log", action="store_true",
                        help="log every request and report transactions, statements and graph time per operation")
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.clients < 1 or args.max_ops < 1:
        parser.error("--seconds, --clients and --max-ops must be positive")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
