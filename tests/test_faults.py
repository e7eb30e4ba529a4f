"""Faults: the embedded graph server dies while the hub runs under load.

The hub must answer UNAVAILABLE meanwhile (never INTERNAL, never a hang), bring the server back by itself
on the same ports, report it on /readyz (503, then 200), and lose no write it acknowledged. Each test runs
a hub of its own in its own data folder, so killing its server disturbs nobody else. They need the
embedded server, so they are skipped when the tests run against an external Neo4j.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import os
import select
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest

from hub.app import create_app
from hub.embedded import EmbeddedGraphServer
from hub.graph.connection import GRAPH_TIMEOUT
from hub.runtime import Hub
from hub.settings import Settings
from tests.conftest import issue_token
from tests.test_embedded_server import _alive, _server_pids, _wait_gone

ROOT = Path(__file__).resolve().parents[1]
LOAD_WORKERS = 4
LOAD_BEFORE_KILL = 3.0  # seconds of load before the kill
LOAD_AFTER_RECOVERY = 3.0  # seconds of load once /readyz is back
RECOVERY_TIMEOUT = 90.0  # seconds the hub has to be ready again
REQUEST_TIMEOUT = 60.0  # a request stuck longer than this is a hang, reported as such
# A small graph restarts in a few seconds, which the hub's retries (GRAPH_TIMEOUT) ride out unseen by
# clients. The fault test holds the restart back this much longer, so the outage outlasts the retries as
# a slow recovery (a big database, a loaded machine) would.
EXTRA_OUTAGE = GRAPH_TIMEOUT + 5.0
# Generous bounds, far below the freeze they must not wait out: a frozen server is reported, not waited for.
UNAVAILABLE_BOUND = GRAPH_TIMEOUT + 10.0
READYZ_BOUND = 5.0

pytestmark = pytest.mark.skipif(bool(os.environ.get("HUB_TEST_NEO4J_URI")),
                                reason="kills the embedded graph server; not run against an external Neo4j")


def _settings(data_dir: Path) -> Settings:
    # a generous rate limit: the load comes from one token, and limits are not what is under test here
    return Settings(data_dir=data_dir, neo4j_uri=None, graphiql=False, rate_limit_points=10**9, _env_file=None)


@dataclasses.dataclass
class Outcome:
    op: str
    at: float  # monotonic time the response arrived
    took: float  # seconds the request took
    code: str | None  # None: success; else extensions.code, or "HTTP <status>" for a non-GraphQL answer
    record_id: str | None = None
    title: str | None = None


def _code_of(response: httpx.Response) -> str | None:
    """The error code of a response (None when it succeeded without errors)."""
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code} (not JSON)"
    errors = body.get("errors") if isinstance(body, dict) else None
    if errors:
        codes = {(e.get("extensions") or {}).get("code") or "NO CODE" for e in errors}
        return ",".join(sorted(codes))
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    return None


class Load:
    """Workers that alternate writes (createNeed with unique titles) and reads, until told to stop."""

    CREATE = "mutation($i: CreateNeedInput!) { createNeed(input: $i) { need { id title } userErrors { code } } }"
    SEARCH = "query($s: String!) { needs(filter: {search: $s}, first: 5) { totalCount nodes { id title } } }"
    LIST = "{ actors(first: 5) { totalCount nodes { id name } } }"
    NODE = "query($id: ID!) { node(id: $id) { id ... on Need { title } } }"

    def __init__(self, http: httpx.AsyncClient, token: str, tag: str):
        self.http = http
        self.auth = {"authorization": f"Bearer {token}"}
        self.tag = tag
        self.outcomes: list[Outcome] = []
        self.stopping = asyncio.Event()
        self.count = 0

    async def post(self, op: str, query: str, variables: dict | None = None, *, anonymous: bool = False,
                   title: str | None = None) -> Outcome:
        began = time.monotonic()
        try:
            response = await asyncio.wait_for(
                self.http.post("/graphql", json={"query": query, "variables": variables or {}},
                               headers={} if anonymous else self.auth),
                REQUEST_TIMEOUT)
        except asyncio.TimeoutError:
            outcome = Outcome(op, time.monotonic(), time.monotonic() - began, f"HANG (> {REQUEST_TIMEOUT:.0f} s)",
                              title=title)
        else:
            outcome = Outcome(op, time.monotonic(), time.monotonic() - began, _code_of(response), title=title)
            if outcome.code is None and op == "createNeed":
                payload = response.json()["data"]["createNeed"]
                if payload["userErrors"]:
                    outcome.code = "USER_ERROR " + ",".join(e["code"] for e in payload["userErrors"])
                else:
                    outcome.record_id = payload["need"]["id"]
        self.outcomes.append(outcome)
        return outcome

    async def worker(self, number: int) -> None:
        step = 0
        while not self.stopping.is_set():
            step += 1
            self.count += 1
            kind = step % 4
            if kind in (1, 3):
                title = f"Fault load {self.tag} w{number} n{step}"
                await self.post("createNeed", self.CREATE, self.create_input(title), title=title)
            elif kind == 2:
                await self.post("needs(search)", self.SEARCH, {"s": f"{self.tag} w{number}"})
            else:
                mine = [o.record_id for o in self.outcomes if o.record_id]
                if mine and step % 8 == 0:
                    await self.post("node", self.NODE, {"id": mine[-1]})
                else:
                    await self.post("actors(anonymous)", self.LIST, anonymous=True)

    @staticmethod
    def create_input(title: str) -> dict:
        """The title doubles as the idempotency key: a retry of the same create sends the same input."""
        return {"i": {"title": title, "severity": "LOW", "clientMutationId": title}}

    def acknowledged(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.record_id]


async def _ready(http: httpx.AsyncClient) -> int:
    return (await http.get("/readyz")).status_code


async def _embedded_metrics(http: httpx.AsyncClient) -> tuple[float, float]:
    """(hub_embedded_graph_server_up, hub_embedded_graph_server_restarts_total) from /metrics."""
    from prometheus_client.parser import text_string_to_metric_families

    found = {s.name: s.value for family in text_string_to_metric_families((await http.get("/metrics")).text)
             for s in family.samples}
    return found["hub_embedded_graph_server_up"], found["hub_embedded_graph_server_restarts_total"]


async def test_killed_graph_server_under_load_recovers_without_losing_acknowledged_writes(tmp_path):
    hub = await Hub(_settings(tmp_path / "data")).start()
    try:
        app = create_app(hub.settings, hub=hub)
        token = await issue_token(hub, name="fault test admin")
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)  # a crash is a 500, not a test error
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test", timeout=REQUEST_TIMEOUT) as http:
            assert await _ready(http) == 200
            up_before, restarts_before = await _embedded_metrics(http)
            assert up_before == 1
            server = hub.server
            ports, first_pid = (server.bolt_port, server.http_port), server.process.pid
            restart = server.restart_async

            async def slow_restart(*args, **kwargs):
                await asyncio.sleep(EXTRA_OUTAGE)
                await restart(*args, **kwargs)

            server.restart_async = slow_restart
            load = Load(http, token, uuid.uuid4().hex[:8])
            workers = [asyncio.create_task(load.worker(n)) for n in range(LOAD_WORKERS)]
            try:
                await asyncio.sleep(LOAD_BEFORE_KILL)
                assert load.acknowledged(), f"no write succeeded before the kill: {load.outcomes[:5]}"

                killed_at = time.monotonic()
                server.kill()  # SIGKILL: no clean shutdown, files as the engine left them
                readiness: list[tuple[float, int]] = []
                up_seen: list[float] = []
                deadline = killed_at + RECOVERY_TIMEOUT
                while time.monotonic() < deadline:
                    status = await _ready(http)
                    readiness.append((time.monotonic() - killed_at, status))
                    up_seen.append((await _embedded_metrics(http))[0])
                    if status == 200 and any(s == 503 for _, s in readiness):
                        break
                    await asyncio.sleep(0.5)
                recovered_at = time.monotonic()
                assert any(s == 503 for _, s in readiness), f"/readyz never said 503 after the kill: {readiness[:10]}"
                assert readiness[-1][1] == 200, f"not ready {RECOVERY_TIMEOUT:.0f} s after the kill: {readiness[-5:]}"

                await asyncio.sleep(LOAD_AFTER_RECOVERY)
            finally:
                load.stopping.set()
                await asyncio.gather(*workers)

            assert hub.restarts == 1, "the supervisor must have restarted the server exactly once"
            assert 0 in up_seen, f"/metrics never showed the embedded server down: {up_seen}"
            assert await _embedded_metrics(http) == (1, restarts_before + 1), "/metrics must count the restart"
            assert (server.bolt_port, server.http_port) == ports, "the server must come back on the same ports"
            assert server.running and server.process.pid != first_pid

            print("outcomes by operation and code:", collections.Counter((o.op, o.code) for o in load.outcomes))
            print("readiness after the kill (s, status):", readiness)
            print("slowest UNAVAILABLE answer: %.1f s" % max((o.took for o in load.outcomes if o.code), default=0))
            errors = [o for o in load.outcomes if o.code is not None]
            codes = {o.code for o in errors}
            assert codes <= {"UNAVAILABLE"}, (
                "during the outage only UNAVAILABLE may be answered; got "
                + "; ".join(f"{o.op}: {o.code} at {o.at - killed_at:+.1f} s" for o in errors if o.code != "UNAVAILABLE")[:2000])
            unavailable = [o for o in errors if o.code == "UNAVAILABLE"]
            assert unavailable, "no request saw the outage"
            assert all(o.at >= killed_at for o in unavailable)
            # sent after recovery (one sent during the outage may be answered UNAVAILABLE after it, at its deadline)
            after = [o for o in load.outcomes if o.at - o.took > recovered_at]
            assert after and all(o.code is None for o in after), "after recovery every request must succeed"
            assert any(o.op == "createNeed" for o in after)

            # every acknowledged write, before, during and after the outage, is there
            acknowledged = load.acknowledged()
            assert any(o.at < killed_at for o in acknowledged) and any(o.at > recovered_at for o in acknowledged)
            missing = await _missing(http, load)
            assert not missing, (f"{len(missing)} of {len(acknowledged)} acknowledged writes are missing: "
                                 + ", ".join(f"{o.title} ({o.at - killed_at:+.1f} s)" for o in missing[:10]))
    finally:
        await hub.stop()
    assert _server_pids(tmp_path / "data") == [], "hub.stop() must leave no graph server behind"


async def _missing(http: httpx.AsyncClient, load: Load) -> list[Outcome]:
    """Acknowledged writes that cannot be read back as acknowledged."""
    acknowledged, missing = load.acknowledged(), []
    for start in range(0, len(acknowledged), 100):
        batch = acknowledged[start:start + 100]
        response = await http.post("/graphql", headers=load.auth, json={
            "query": "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Need { title } } }",
            "variables": {"ids": [o.record_id for o in batch]}})
        found = response.json()["data"]["nodes"]
        missing += [o for o, node in zip(batch, found) if node is None or node["title"] != o.title]
    return missing


async def _titles(http: httpx.AsyncClient, load: Load) -> list[str]:
    """The titles of every need this load stored, one per stored record."""
    titles, after = [], None
    while True:
        response = await http.post("/graphql", headers=load.auth, json={
            "query": "query($s: String!, $a: String) { needs(filter: {search: $s}, first: 100, after: $a) {"
                     " nodes { title } pageInfo { hasNextPage endCursor } } }",
            "variables": {"s": load.tag, "a": after}})
        page = response.json()["data"]["needs"]
        titles += [node["title"] for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            return titles
        after = page["pageInfo"]["endCursor"]


async def test_frozen_graph_server_is_answered_unavailable_and_restarted(tmp_path):
    """A server that lives but answers nothing (SIGSTOP) must not hang the hub: requests answer UNAVAILABLE
    within the graph timeout, /readyz says 503 at once, the supervisor's liveness queries find it stuck and
    restart it, and afterwards writes work and none acknowledged before the freeze is lost."""
    hub = await Hub(_settings(tmp_path / "data")).start()
    frozen_pid = None
    try:
        app = create_app(hub.settings, hub=hub)
        token = await issue_token(hub, name="freeze test admin")
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test", timeout=REQUEST_TIMEOUT) as http:
            assert await _ready(http) == 200
            server = hub.server
            load = Load(http, token, uuid.uuid4().hex[:8])
            workers = [asyncio.create_task(load.worker(n)) for n in range(LOAD_WORKERS)]
            try:
                await asyncio.sleep(LOAD_BEFORE_KILL)
                assert load.acknowledged(), f"no write succeeded before the freeze: {load.outcomes[:5]}"
                frozen_pid = server.process.pid
                os.kill(frozen_pid, signal.SIGSTOP)
                frozen_at = time.monotonic()
                await asyncio.sleep(1.0)  # let the requests in flight reach the frozen server
                asked = time.monotonic()
                status = await asyncio.wait_for(_ready(http), REQUEST_TIMEOUT)
                readyz_took = time.monotonic() - asked
                assert status == 503, "a frozen graph server is not ready"
                assert readyz_took < READYZ_BOUND, f"/readyz took {readyz_took:.1f} s on a frozen server"

                deadline = frozen_at + RECOVERY_TIMEOUT
                while hub.restarts == 0 and time.monotonic() < deadline:
                    await asyncio.sleep(0.5)
                assert hub.restarts == 1 and hub.stuck_kills == 1, "the supervisor must kill and restart a stuck server"
                assert not _alive(frozen_pid)
                while await _ready(http) != 200 and time.monotonic() < deadline:
                    await asyncio.sleep(0.5)
                recovered_at = time.monotonic()
                assert await _ready(http) == 200, f"not ready {RECOVERY_TIMEOUT:.0f} s after the freeze"
                await asyncio.sleep(LOAD_AFTER_RECOVERY)
            finally:
                load.stopping.set()
                await asyncio.gather(*workers)

            print("outcomes by operation and code:", collections.Counter((o.op, o.code) for o in load.outcomes))
            print("restarted %.1f s after the freeze; /readyz took %.2f s" % (recovered_at - frozen_at, readyz_took))
            errors = [o for o in load.outcomes if o.code is not None]
            assert {o.code for o in errors} <= {"UNAVAILABLE"}, (
                "during the freeze only UNAVAILABLE may be answered; got "
                + "; ".join(f"{o.op}: {o.code} after {o.took:.1f} s" for o in errors if o.code != "UNAVAILABLE")[:2000])
            assert errors, "no request saw the freeze"
            slowest = max(o.took for o in errors)
            assert slowest < UNAVAILABLE_BOUND, f"an UNAVAILABLE answer took {slowest:.1f} s: the freeze hung it"
            # sent after recovery (one sent during the outage may be answered UNAVAILABLE after it, at its deadline)
            after = [o for o in load.outcomes if o.at - o.took > recovered_at]
            assert after and all(o.code is None for o in after), "after recovery every request must succeed"
            assert any(o.op == "createNeed" for o in after)
            missing = await _missing(http, load)
            assert not missing, f"{len(missing)} acknowledged writes are missing: {[o.title for o in missing[:10]]}"

            # a client retries each create answered UNAVAILABLE with its key: each is then stored exactly once
            unanswered = [o for o in errors if o.op == "createNeed"]
            for outcome in unanswered:
                retry = await load.post("createNeed", load.CREATE, load.create_input(outcome.title), title=outcome.title)
                assert retry.code is None, f"retry of {outcome.title}: {retry.code}"
            stored = await _titles(http, load)
            twice = [title for title, count in collections.Counter(stored).items() if count > 1]
            assert not twice, f"stored twice: {twice[:10]}"
            assert {o.title for o in load.acknowledged()} <= set(stored)
    finally:
        if frozen_pid is not None and _alive(frozen_pid):
            os.kill(frozen_pid, signal.SIGCONT)  # only the server this test froze, by its pid
        await hub.stop()
    assert _server_pids(tmp_path / "data") == []


def test_restart_keeps_the_ports_and_waits_out_a_busy_port(tmp_path):
    """restart() brings the server back on its own ports with its data; a port someone else holds makes a
    launch fail fast (not after the start timeout), and the next attempt succeeds once the port is free."""
    server = EmbeddedGraphServer(tmp_path / "data", "hub", start_timeout=60)
    server.start()
    holder = None
    try:
        ports, first = (server.bolt_port, server.http_port), server.process.pid
        server.kill()
        holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        holder.bind(("127.0.0.1", server.http_port))
        holder.listen(1)
        log_size = server.log_path.stat().st_size

        def release_after_first_failure():
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                with open(server.log_path, "rb") as log_file:
                    log_file.seek(log_size)
                    if b"Unable to listen to" in log_file.read():
                        break
                time.sleep(0.1)
            holder.close()

        releaser = threading.Thread(target=release_after_first_failure)
        releaser.start()
        try:
            server.restart(attempts=3, retry_delay=0.5, port_timeout=0.5)
        finally:
            releaser.join()
        assert (server.bolt_port, server.http_port) == ports
        assert server.running and server.process.pid != first
        assert len(_server_pids(server.data_dir)) == 1
        assert b"Unable to listen to" in server.log_path.read_bytes()[log_size:], "the first launch should have failed"
    finally:
        if holder is not None:
            holder.close()
        server.stop()
    assert _server_pids(server.data_dir) == []


async def test_stop_during_a_restart_leaves_no_graph_server(tmp_path):
    """The hub may be stopped while its supervisor is restarting the server: nothing may survive that."""
    hub = await Hub(_settings(tmp_path / "data")).start(migrate=False)
    try:
        first = hub.server.process.pid
        hub.server.kill()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the supervisor has launched a new process, not yet ready
            process = hub.server.process
            if process is not None and process.pid != first:
                break
            await asyncio.sleep(0.1)
        else:
            pytest.fail("the supervisor did not relaunch the server within 30 s")
    finally:
        await hub.stop()
    deadline = time.monotonic() + 30
    while _server_pids(tmp_path / "data") and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    assert _server_pids(tmp_path / "data") == []


SUPERVISED_HUB = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from hub.runtime import Hub
    from hub.settings import Settings

    async def main():
        hub = await Hub(Settings(data_dir=Path(sys.argv[1]), neo4j_uri=None, _env_file=None)).start(migrate=False)
        print(hub.server.process.pid, flush=True)
        hub.server.kill()
        while hub.restarts == 0:
            await asyncio.sleep(0.2)
        print(hub.server.process.pid, flush=True)
        await asyncio.sleep(600)

    asyncio.run(main())
    """
)


def _read_pid(process: subprocess.Popen, timeout: float) -> int:
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    assert ready, f"the hub process reported no graph server pid within {timeout:.0f} s"
    line = process.stdout.readline().strip()
    assert line.isdigit(), f"unexpected output {line!r}; stderr:\n{process.stderr.read() if process.poll() is not None else ''}"
    return int(line)


def test_sigkilled_hub_leaves_no_restarted_graph_server(tmp_path):
    """A server the supervisor restarted must die with the hub too (PR_SET_PDEATHSIG follows the thread
    that launched it: the supervisor launches from the event loop's thread, which lives as long as the hub).
    The first start is covered by test_embedded_server.test_killed_hub_leaves_no_graph_server."""
    data_dir = tmp_path / "data"
    hub = subprocess.Popen([sys.executable, "-c", SUPERVISED_HUB, str(data_dir)], cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pids = []
    try:
        pids.append(_read_pid(hub, 120))
        pids.append(_read_pid(hub, 120))
        assert pids[0] != pids[1]
        assert not _alive(pids[0]) and _alive(pids[1])
        time.sleep(2)  # the restarted server outlives a while of the hub's life, not just the launch
        assert _alive(pids[1]), "the restarted server died while the hub lives"

        hub.send_signal(signal.SIGKILL)
        hub.wait(10)
        assert _wait_gone(pids[1], 10), f"restarted graph server {pids[1]} outlived the killed hub"
        assert _server_pids(data_dir) == []
    finally:
        if hub.poll() is None:
            hub.kill()
            hub.wait()
        for pid in pids:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)  # only the servers this test started, by their pid
