"""The embedded graph server: ArcadeDB (from the arcadedb-embedded package) speaking Bolt and Cypher.

It runs as a child process rather than in-process through JPype: a crash of the engine cannot take the
hub down with it, its memory is its own, and stopping it is a plain signal. The child is started with a
parent-death signal so it never outlives a hub that is killed. Every listener binds to loopback.
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
ROOT_USER = "root"
_PR_SET_PDEATHSIG = 1
READY_MARKER = "ArcadeDB Server started"
# Lines after which the engine will not start, although its JVM lives on (a failed plugin leaves non-daemon
# threads behind): waiting for the start timeout would only delay the same answer.
FATAL_MARKERS = ("Exception in thread \"main\"", "Unable to listen for", "Unable to listen to", "Error starting plugin")
RESTART_ATTEMPTS = 5
PORT_RELEASE_TIMEOUT = 10.0
# arcadedb.txWalFlush: 0 = no flush at commit, 1 = flush without metadata (fdatasync), 2 = full flush (fsync)
WAL_FLUSH = {"off": 0, "data": 1, "full": 2}


SERVER_FILE = "graph-server.json"
LOCKED_MARKER = "is locked by another process"


class GraphServerError(RuntimeError):
    """The embedded graph server could not be started; the message says why."""


class DataFolderInUse(GraphServerError):
    """Another process's graph server holds the data folder; the message (one line) says what to do."""


@dataclass(frozen=True)
class RunningServer:
    """The graph server another hub process runs on a data folder, as it announced it in SERVER_FILE."""

    uri: str
    database: str
    hub_pid: int
    credentials: "Credentials"


def _process_alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def running_server(data_dir: Path) -> RunningServer | None:
    """The live graph server announced in the data folder, if its hub process lives and its Bolt port answers;
    None otherwise (no file, or one left behind by a hub that was killed)."""
    data_dir = Path(data_dir).resolve()
    try:
        stored = json.loads((data_dir / SERVER_FILE).read_text())
        uri, database, pid = str(stored["uri"]), str(stored["database"]), stored["hubPid"]
        port = int(uri.rsplit(":", 1)[1])
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    if not _process_alive(pid):
        return None
    try:
        with socket.create_connection((LOOPBACK, port), timeout=2):
            pass
    except OSError:
        return None
    return RunningServer(uri, database, pid, load_or_create_credentials(data_dir))


def in_use_message(data_dir: Path, pid: int | None = None) -> str:
    holder = f"another hub process (pid {pid})" if pid else "another process"
    return (f"the data folder {data_dir} is in use by {holder}'s graph server: stop that process, or give this one "
            f"another HUB_DATA_DIR (other hub commands connect to a running `hub serve` by themselves)")


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str


def _package_dir() -> Path:
    import arcadedb_embedded

    return Path(arcadedb_embedded.__file__).parent


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def loopback_port_is_free(port: int) -> bool:
    """Whether a listener could bind the port now (connections of a dead process in TIME_WAIT do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def load_or_create_credentials(data_dir: Path) -> Credentials:
    """Generated once per data folder and kept in a file only the user can read."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "graph-credentials.json"
    if path.exists():
        stored = json.loads(path.read_text())
        return Credentials(stored["user"], stored["password"])
    creds = Credentials(ROOT_USER, secrets.token_urlsafe(24))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump({"user": creds.user, "password": creds.password}, handle)
    return creds


def _die_with_parent(parent_pid: int):
    """Runs in the child before exec: the kernel kills it if the hub dies, however the hub dies.

    The signal follows the thread that started the child, so the hub starts (and its supervisor restarts)
    it from the event loop's thread, which lives as long as the hub."""

    def arm() -> None:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent_pid:  # the hub died before the signal was armed
            os._exit(1)

    return arm


class EmbeddedGraphServer:
    """Starts and stops one ArcadeDB server process holding one database in `data_dir`.

    Its Bolt and HTTP ports are chosen (free, on loopback) at the first launch and kept for its life:
    `restart()` brings the server back where the hub's driver already points."""

    def __init__(self, data_dir: Path, database: str, heap: str = "1g", start_timeout: float = 90.0,
                 wal_flush: str = "full", statement_timeout: float = 10.0):
        if wal_flush not in WAL_FLUSH:
            raise ValueError(f"wal_flush must be one of {', '.join(WAL_FLUSH)}, not {wal_flush!r}")
        self.data_dir = Path(data_dir).resolve()
        self.wal_flush = wal_flush
        self.statement_timeout = statement_timeout
        self.database = database
        self.heap = heap
        self.start_timeout = start_timeout
        self.credentials = load_or_create_credentials(self.data_dir)
        self.bolt_port: int | None = None
        self.http_port: int | None = None
        self.process: subprocess.Popen | None = None
        self.log_path = self.data_dir / "graph-server.log"

    @property
    def uri(self) -> str:
        return f"bolt://{LOOPBACK}:{self.bolt_port}"

    def command(self) -> list[str]:
        pkg = _package_dir()
        root = self.data_dir / "graph"
        settings = {
            "arcadedb.server.rootPath": root,
            "arcadedb.server.databaseDirectory": root / "databases",
            "arcadedb.server.rootPassword": self.credentials.password,
            "arcadedb.server.defaultDatabases": f"{self.database}[{ROOT_USER}]",
            "arcadedb.server.mode": "production",
            # set explicitly, not left to the mode: an acknowledged commit must survive a power cut
            "arcadedb.txWalFlush": WAL_FLUSH[self.wal_flush],
            # the engine ignores the transaction timeout a Bolt client sends; this bounds every statement instead
            "arcadedb.command.timeout": max(1, round(self.statement_timeout * 1000)),
            "arcadedb.server.plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "arcadedb.bolt.host": LOOPBACK,
            "arcadedb.bolt.port": self.bolt_port,
            "arcadedb.server.httpIncomingHost": LOOPBACK,
            "arcadedb.server.httpIncomingPort": self.http_port,
            "arcadedb.server.httpsIncomingPort": self.http_port,
        }
        return [
            str(pkg / "jre" / "bin" / "java"),
            f"-Xmx{self.heap}",
            "-Djava.awt.headless=true",
            "-Duser.timezone=UTC",  # Cypher datetime()/date() follow the JVM zone; Neo4j's default is UTC
            *(f"-D{key}={value}" for key, value in settings.items()),
            "-cp",
            str(pkg / "jars" / "*"),
            "com.arcadedb.server.ArcadeDBServer",
        ]

    def start(self) -> None:
        self.launch()
        self.wait_until_ready()

    def launch(self) -> None:
        """Starts the process, without waiting for it to be ready. Free ports are picked at the first launch
        only; later launches reuse them.

        Call it from the thread that will outlive the child: its death signal follows that thread."""
        if self.running:
            raise GraphServerError(f"the embedded graph server is already running (pid {self.process.pid})")
        (self.data_dir / "graph").mkdir(parents=True, exist_ok=True)
        if self.bolt_port is None or self.http_port is None:
            self.bolt_port = free_loopback_port()
            self.http_port = free_loopback_port()
            while self.http_port == self.bolt_port:
                self.http_port = free_loopback_port()
        self._log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log_file = open(self.log_path, "ab")
        log.info("starting embedded graph server (bolt %s, data %s)", self.uri, self.data_dir)
        self.process = subprocess.Popen(
            self.command(),
            cwd=self.data_dir / "graph",
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches the hub, which then stops the server in order
            preexec_fn=_die_with_parent(os.getpid()),
        )
        log_file.close()

    def wait_until_ready(self) -> None:
        """Returns once Bolt accepts connections; otherwise stops the process and says why."""
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        process, offset = self.process, self._log_offset  # stop() from another thread clears self.process
        if process is None:
            raise GraphServerError("the embedded graph server is not running")
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise GraphServerError(
                    f"the embedded graph server exited with code {process.returncode}.\n{self.log_tail()}"
                )
            if self.process is not process:
                raise GraphServerError("the embedded graph server was stopped while starting")
            output = self._log_since(offset)
            if LOCKED_MARKER in output:
                raise DataFolderInUse(in_use_message(self.data_dir))
            fatal = next((marker for marker in FATAL_MARKERS if marker in output), None)
            if fatal is not None:
                raise GraphServerError(f"the embedded graph server failed to start ({fatal}).\n{self.log_tail()}")
            if READY_MARKER in output and self._bolt_accepts():
                self._announce(process)
                return
            time.sleep(0.2)
        raise GraphServerError(f"the embedded graph server did not start within {self.start_timeout:.0f}s.\n{self.log_tail()}")

    def _announce(self, process: subprocess.Popen) -> None:
        """Writes SERVER_FILE (readable by the user only, replaced atomically): other hub commands on this
        data folder connect to this server instead of starting a second one, which could not open the database."""
        path = self.data_dir / SERVER_FILE
        temporary = path.with_name(f".{SERVER_FILE}.{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump({"uri": self.uri, "database": self.database, "hubPid": os.getpid(), "serverPid": process.pid},
                      handle)
        os.replace(temporary, path)

    def _withdraw(self) -> None:
        """Removes SERVER_FILE if this process wrote it."""
        path = self.data_dir / SERVER_FILE
        try:
            if json.loads(path.read_text()).get("hubPid") == os.getpid():
                path.unlink()
        except (OSError, ValueError, AttributeError):
            pass

    def _log_since(self, offset: int) -> str:
        with open(self.log_path, "rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", "replace")

    def _bolt_accepts(self) -> bool:
        try:
            with socket.create_connection((LOOPBACK, self.bolt_port), timeout=1):
                return True
        except OSError:
            return False

    def log_tail(self, lines: int = 25) -> str:
        if not self.log_path.exists():
            return "(no server log)"
        tail = self.log_path.read_text(errors="replace").splitlines()[-lines:]
        return "last lines of the graph server log (" + str(self.log_path) + "):\n" + "\n".join(tail)

    def stop(self, timeout: float = 30.0) -> None:
        """Asks the server to shut down cleanly (it flushes its files), and kills it if it will not."""
        process, self.process = self.process, None
        self._withdraw()
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def prepare_restart(self, port_timeout: float = PORT_RELEASE_TIMEOUT) -> None:
        """Before launching again: stops a process still there and waits (up to port_timeout seconds) until
        its ports can be bound again. Blocking: run it off the event loop."""
        self.stop()
        deadline = time.monotonic() + port_timeout
        while not self._ports_free() and time.monotonic() < deadline:
            time.sleep(0.2)

    def _ports_free(self) -> bool:
        return all(loopback_port_is_free(port) for port in (self.bolt_port, self.http_port) if port is not None)

    def restart(self, attempts: int = RESTART_ATTEMPTS, retry_delay: float = 1.0,
                port_timeout: float = PORT_RELEASE_TIMEOUT) -> None:
        """Starts the server again on the same ports and waits until it is ready. A port still held for a
        moment, or a failed start, is retried up to `attempts` times; then the last error is raised.

        Synchronous: launches from the calling thread (see launch). The hub uses `restart_async`."""
        last: GraphServerError | None = None
        for attempt in range(1, attempts + 1):
            self.prepare_restart(port_timeout)
            try:
                self.launch()
                self.wait_until_ready()
                return
            except GraphServerError as error:
                last = error
                self._log_failed_restart(attempt, attempts, error)
                if attempt < attempts:
                    time.sleep(retry_delay * attempt)
        raise last  # type: ignore[misc]

    async def restart_async(self, attempts: int = RESTART_ATTEMPTS, retry_delay: float = 1.0,
                            port_timeout: float = PORT_RELEASE_TIMEOUT) -> None:
        """restart() for an event loop: the process is launched from the loop's own thread (so the death
        signal follows the thread that runs the hub), and only the waiting happens in worker threads."""
        last: GraphServerError | None = None
        for attempt in range(1, attempts + 1):
            await asyncio.to_thread(self.prepare_restart, port_timeout)
            try:
                self.launch()
                await asyncio.to_thread(self.wait_until_ready)
                return
            except GraphServerError as error:
                last = error
                self._log_failed_restart(attempt, attempts, error)
                if attempt < attempts:
                    await asyncio.sleep(retry_delay * attempt)
        raise last  # type: ignore[misc]

    def _log_failed_restart(self, attempt: int, attempts: int, error: GraphServerError) -> None:
        busy = [port for port in (self.bolt_port, self.http_port)
                if port is not None and not loopback_port_is_free(port)]
        log.warning("restart %d/%d of the embedded graph server failed%s: %s", attempt, attempts,
                    f" (port {', '.join(map(str, busy))} busy)" if busy else "", str(error).splitlines()[0])

    def kill(self) -> None:
        """Kills the server without letting it shut down: for fault tests."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None
