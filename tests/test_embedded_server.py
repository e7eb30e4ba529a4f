"""The embedded graph server (hub/embedded.py) as the hub uses it: a real ArcadeDB child process per test,
each with its own data folder. These run whatever HUB_TEST_NEO4J_URI says: the embedded server is what a
hub without a configured Neo4j starts, so it is always under test."""

from __future__ import annotations

import ipaddress
import os
import select
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from hub.embedded import EmbeddedGraphServer, GraphServerError
from hub.graph.connection import Graph, fetch_all, fetch_one

DATABASE = "hub"
ROOT = Path(__file__).resolve().parents[1]


# --- helpers: what the kernel says about a process --------------------------------------------------------


def _process_state(pid: int) -> str | None:
    """The state letter of /proc/<pid>/stat, or None when there is no such process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text.rsplit(")", 1)[1].split()[0]


def _alive(pid: int) -> bool:
    """A zombie has exited (only its parent has not reaped it yet)."""
    return _process_state(pid) not in (None, "Z", "X")


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return not _alive(pid)


def _server_pids(data_dir: Path) -> list[int]:
    """Live java processes serving this data folder, found by their command line."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if "com.arcadedb.server.ArcadeDBServer" in cmdline and str(data_dir) in cmdline and _alive(int(entry.name)):
            pids.append(int(entry.name))
    return pids


def _decode_address(hex_address: str) -> tuple[str, int]:
    """/proc/net/tcp{,6} writes addresses as host-order 32-bit words in hex, then the port."""
    host_hex, port_hex = hex_address.split(":")
    raw = bytes.fromhex(host_hex)
    host = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    family = socket.AF_INET if len(host) == 4 else socket.AF_INET6
    return socket.inet_ntop(family, host), int(port_hex, 16)


def _listening_sockets(pid: int) -> list[tuple[str, int]]:
    """(address, port) of every TCP socket in LISTEN state that this process holds open."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    listeners = []
    for table in ("tcp", "tcp6"):
        lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and inode in inodes:  # 0A = TCP_LISTEN
                listeners.append(_decode_address(local))
    return listeners


def _is_loopback(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def _port_is_free(port: int) -> bool:
    """True when nothing listens on the port any more (SO_REUSEADDR: closed connections in TIME_WAIT do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen(1)
        except OSError:
            return False
    return True


def _graph(server: EmbeddedGraphServer) -> Graph:
    return Graph(server.uri, server.credentials.user, server.credentials.password, server.database)


@pytest.fixture
def server(tmp_path):
    """A started server in its own data folder, stopped (or killed) whatever the test did."""
    started = EmbeddedGraphServer(tmp_path / "data", DATABASE)
    started.start()
    yield started
    started.stop()


# --- tests ------------------------------------------------------------------------------------------------


def test_every_listener_binds_to_loopback_only(server):
    """The engine's defaults listen on all interfaces; the hub must expose nothing beyond this machine."""
    listeners = _listening_sockets(server.process.pid)
    assert len(listeners) >= 2, f"expected at least the Bolt and HTTP listeners, found {listeners}"
    ports = {port for _, port in listeners}
    assert {server.bolt_port, server.http_port} <= ports, listeners
    wide_open = [(address, port) for address, port in listeners if not _is_loopback(address)]
    assert not wide_open, f"listeners not bound to loopback: {wide_open}"


async def test_credentials_file_is_private_and_reused(tmp_path):
    """The generated root password is readable by the user alone, and survives restarts so the data stays reachable."""
    data_dir = tmp_path / "data"
    first = EmbeddedGraphServer(data_dir, DATABASE)
    path = data_dir / "graph-credentials.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first.start()
    first.stop()

    second = EmbeddedGraphServer(data_dir, DATABASE)
    assert second.credentials == first.credentials
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second.start()
    try:
        graph = _graph(second)
        try:
            assert await graph.ping(timeout=30), "the reused credentials must still open the database"
        finally:
            await graph.close()
        intruder = Graph(second.uri, second.credentials.user, "not-the-password", DATABASE, max_attempts=1)
        try:
            assert not await intruder.ping(), "a wrong password must be refused"
        finally:
            await intruder.close()
    finally:
        second.stop()


async def test_data_persists_across_restart(tmp_path):
    """Stopping the server flushes the graph: what was written is there after the next start."""
    data_dir = tmp_path / "data"
    first = EmbeddedGraphServer(data_dir, DATABASE)
    first.start()
    try:
        graph = _graph(first)
        try:
            await graph.write(lambda tx: fetch_all(tx, "CREATE (:PersistProbe {key: 'kept', tags: ['a', 'b']})"))
        finally:
            await graph.close()
    finally:
        first.stop()

    second = EmbeddedGraphServer(data_dir, DATABASE)
    second.start()
    try:
        graph = _graph(second)
        try:
            row = await graph.read(lambda tx: fetch_one(tx, "MATCH (p:PersistProbe) RETURN p.key AS key, p.tags AS tags"))
        finally:
            await graph.close()
    finally:
        second.stop()
    assert row == {"key": "kept", "tags": ["a", "b"]}


def test_failing_start_reports_why_and_leaves_no_process(tmp_path):
    """An operator sees the engine's own complaint, and a failed start leaves nothing running."""
    data_dir = tmp_path / "data"
    server = EmbeddedGraphServer(data_dir, DATABASE, heap="notaheap")
    with pytest.raises(GraphServerError) as failure:
        server.start()
    message = str(failure.value)
    assert "exited with code" in message
    assert "notaheap" in message, "the message must carry the tail of the server log"
    assert str(server.log_path) in message
    assert server.process is None
    assert not server.running
    assert _server_pids(server.data_dir) == []


def test_start_timeout_stops_the_half_started_server(tmp_path):
    """A server that is not ready in time is stopped, not left behind holding the data folder."""
    server = EmbeddedGraphServer(tmp_path / "data", DATABASE, start_timeout=0.3)
    with pytest.raises(GraphServerError, match="did not start within"):
        server.start()
    assert server.process is None
    deadline = time.monotonic() + 30
    while _server_pids(server.data_dir) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _server_pids(server.data_dir) == []


KILLED_HUB = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from hub.embedded import EmbeddedGraphServer

    async def main():
        server = EmbeddedGraphServer(Path(sys.argv[1]), "hub")
        server.launch()  # from the event-loop thread, then wait in a worker, as hub.runtime.Hub does
        await asyncio.to_thread(server.wait_until_ready)
        print(server.process.pid, flush=True)
        await asyncio.sleep(600)

    asyncio.run(main())
    """
)


def test_killed_hub_leaves_no_graph_server(tmp_path):
    """kill -9 of the hub gives it no chance to stop the server: the kernel must (PR_SET_PDEATHSIG)."""
    data_dir = tmp_path / "data"
    hub = subprocess.Popen(
        [sys.executable, "-c", KILLED_HUB, str(data_dir)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    java_pid = None
    try:
        ready, _, _ = select.select([hub.stdout], [], [], 120)
        assert ready, "the hub process did not report its graph server within 120 s"
        line = hub.stdout.readline().strip()
        assert line.isdigit(), f"unexpected output {line!r}; stderr:\n{hub.stderr.read() if hub.poll() is not None else ''}"
        java_pid = int(line)
        assert _alive(java_pid)

        hub.send_signal(signal.SIGKILL)
        hub.wait(10)
        assert _wait_gone(java_pid, 10), f"graph server {java_pid} outlived the killed hub"
        assert _server_pids(data_dir) == []
    finally:
        if hub.poll() is None:
            hub.kill()
            hub.wait()
        if java_pid is not None and _alive(java_pid):
            os.kill(java_pid, signal.SIGKILL)  # only the server this test started, by its pid


async def test_stop_is_clean(server):
    """After stop() the process has exited and its ports can be taken again, e.g. by the next start."""
    graph = _graph(server)
    try:
        assert await graph.ping(timeout=30)
    finally:
        await graph.close()
    process, ports = server.process, (server.bolt_port, server.http_port)
    server.stop()
    assert process.poll() is not None, "the server process must have exited"
    assert server.process is None and not server.running
    assert _server_pids(server.data_dir) == []
    assert all(_port_is_free(port) for port in ports), f"a port of {ports} is still taken"
    server.stop()  # stopping twice is harmless


async def test_datetime_is_utc_whatever_the_host_time_zone(tmp_path, monkeypatch):
    """Neo4j's datetime() is UTC by default; the embedded engine follows the JVM's zone, so the hub pins it to UTC."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")  # +05:30 all year; inherited by the child JVM
    server = EmbeddedGraphServer(tmp_path / "data", DATABASE)
    server.start()
    try:
        graph = _graph(server)
        try:
            row = await graph.read(lambda tx: fetch_one(tx, "RETURN datetime().offset AS offset, datetime() AS now"))
        finally:
            await graph.close()
    finally:
        server.stop()
    assert row["offset"] == "Z", row
    assert row["now"].utcoffset().total_seconds() == 0


def _database_settings(server: EmbeddedGraphServer) -> dict:
    """The settings the running engine applies to the hub's database, read back over its HTTP API (loopback)."""
    import httpx

    response = httpx.post(f"http://127.0.0.1:{server.http_port}/api/v1/command/{server.database}",
                          json={"language": "sql", "command": "SELECT FROM schema:database"},
                          auth=(server.credentials.user, server.credentials.password), timeout=30)
    response.raise_for_status()
    return {entry["key"]: entry["value"] for entry in response.json()["result"][0]["settings"]}


def test_commits_are_flushed_to_disk_by_default(server):
    """A commit the hub acknowledges must survive a power cut: the running server fsyncs its log at commit."""
    assert _database_settings(server)["arcadedb.txWalFlush"] == 2


def test_wal_flush_setting_reaches_the_running_server(tmp_path):
    started = EmbeddedGraphServer(tmp_path / "data", DATABASE, wal_flush="off")
    started.start()
    try:
        assert _database_settings(started)["arcadedb.txWalFlush"] == 0
    finally:
        started.stop()
    with pytest.raises(ValueError, match="wal_flush"):
        EmbeddedGraphServer(tmp_path / "other", DATABASE, wal_flush="sometimes")


async def test_a_frozen_server_is_answered_within_the_deadline_and_used_again_once_thawed(server):
    """SIGSTOP: connections are still accepted but nothing is answered. Each call gives up at its deadline
    with GraphUnavailable instead of waiting for the freeze to end; after SIGCONT the same process serves again."""
    from hub.graph.connection import GraphUnavailable

    graph = Graph(server.uri, server.credentials.user, server.credentials.password, server.database, timeout=2.0)
    try:
        assert await graph.ping(timeout=30)
        os.kill(server.process.pid, signal.SIGSTOP)
        try:
            began = time.monotonic()
            with pytest.raises(GraphUnavailable, match="did not answer within 2 s"):
                await graph.read(lambda tx: fetch_one(tx, "RETURN 1 AS one"))
            with pytest.raises(GraphUnavailable):
                await graph.write(lambda tx: fetch_one(tx, "CREATE (n:FreezeProbe) RETURN 1 AS one"))
            assert not await graph.ping(timeout=1.0)
            assert time.monotonic() - began < 20, "the calls waited for the freeze instead of giving up"
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
        assert await graph.ping(timeout=30)
        row = await graph.read(lambda tx: fetch_one(tx, "RETURN 1 AS one"))
        assert row == {"one": 1}
    finally:
        await graph.close()


async def test_statement_timeout_aborts_a_long_statement(tmp_path):
    """The embedded engine ignores the transaction timeout a Bolt client sends (docs/engine-differences.md,
    18); the hub bounds every statement with the server's own setting instead, and reports it as UNAVAILABLE."""
    from neo4j.exceptions import ClientError

    from hub.graph.connection import GraphUnavailable

    started = EmbeddedGraphServer(tmp_path / "data", DATABASE, statement_timeout=0.5)
    started.start()
    long_statement = "UNWIND range(1, 5000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS c"
    graph = _graph(started)
    try:
        assert _database_settings(started)["arcadedb.command.timeout"] == 500
        async with graph.driver.session(database=DATABASE) as session:
            with pytest.raises(ClientError) as raised:
                await (await session.run(long_statement)).single()
        assert raised.value.code == "Neo.ClientError.Transaction.TransactionTimedOut"
        with pytest.raises(GraphUnavailable, match="did not answer"):
            await graph.read(lambda tx: fetch_one(tx, long_statement))
        assert await graph.read(lambda tx: fetch_one(tx, "RETURN 1 AS one")) == {"one": 1}
    finally:
        await graph.close()
        started.stop()


def test_the_hub_starts_its_server_with_its_settings(hub):
    """The running server of the hub (not only the command line built for it) applies the hub's settings."""
    if hub.server is None:
        pytest.skip("the tests run against an external Neo4j")
    applied = _database_settings(hub.server)
    assert applied["arcadedb.txWalFlush"] == {"off": 0, "data": 1, "full": 2}[hub.settings.embedded_wal_flush]
    assert applied["arcadedb.command.timeout"] == round(hub.settings.graph_timeout * 1000)
