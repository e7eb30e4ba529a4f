"""The other `hub` commands work while `hub serve` runs on the same data folder: the serving process announces
its embedded graph server in the data folder (a file only the user can read) and the commands connect to it
instead of starting a second server, which could not open the locked database. A second `hub serve` on the
folder is refused with one line saying what to do, without a stack trace."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from hub.embedded import SERVER_FILE, running_server
from tests.test_serve_workers import _free_port

pytestmark = pytest.mark.skipif(bool(os.environ.get("HUB_TEST_NEO4J_URI")),
                                reason="about the embedded graph server's data folder")

ROOT = Path(__file__).resolve().parents[1]


def _hub(env: dict, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hub.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_commands_use_the_graph_server_of_a_running_hub(tmp_path):
    data = tmp_path / "data"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")} | {"HUB_DATA_DIR": str(data)}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        serve = subprocess.Popen([sys.executable, "-m", "hub.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                                 stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        ready = False
        while time.monotonic() < deadline and not ready and serve.poll() is None:
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200
            except httpx.HTTPError:
                time.sleep(0.5)
        assert ready, log.read_text()[-3000:]
        announced = data / SERVER_FILE
        assert stat.S_IMODE(announced.stat().st_mode) == 0o600
        assert json.loads(announced.read_text())["hubPid"] == serve.pid
        assert running_server(data) is not None

        created = _hub(env, "token", "create", "--name", "beside serve", "--role", "admin")
        assert created.returncode == 0, created.stderr[-3000:]
        token = created.stdout.strip().splitlines()[-1]
        # the token is in the serving hub's graph: the command wrote there, not to a second server
        answer = httpx.post(f"http://127.0.0.1:{port}/graphql", headers={"authorization": f"Bearer {token}"},
                            json={"query": "{ apiTokens { name } }"}, timeout=30).json()
        assert "beside serve" in [t["name"] for t in answer["data"]["apiTokens"]], answer
        listed = _hub(env, "token", "list")
        assert listed.returncode == 0 and "beside serve" in listed.stdout, listed.stderr[-3000:]
        migrated = _hub(env, "migrate", "--info")
        assert migrated.returncode == 0 and "Exception" not in migrated.stderr, migrated.stderr[-3000:]

        second = _hub(env, "serve", "--port", str(_free_port()), timeout=120)
        assert second.returncode == 1
        [line] = second.stderr.strip().splitlines()
        assert "is in use by another hub process" in line and str(serve.pid) in line and "HUB_DATA_DIR" in line
    finally:
        serve.send_signal(signal.SIGINT)
        try:
            serve.wait(timeout=90)
        except subprocess.TimeoutExpired:
            serve.kill()
            raise
    assert not (data / SERVER_FILE).exists()  # withdrawn with the server
    # with no hub running, a command starts the embedded server itself, on the same data
    alone = _hub(env, "token", "list")
    assert alone.returncode == 0 and "beside serve" in alone.stdout, alone.stderr[-3000:]


def test_a_file_left_by_a_killed_hub_is_ignored(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (data / SERVER_FILE).write_text(json.dumps({"uri": "bolt://127.0.0.1:1", "database": "hub", "hubPid": dead.pid}))
    assert running_server(data) is None
    (data / SERVER_FILE).write_text(json.dumps({"uri": "bolt://127.0.0.1:1", "database": "hub", "hubPid": os.getpid()}))
    assert running_server(data) is None  # the process lives but nothing answers on the port
    (data / SERVER_FILE).write_text("{not json")
    assert running_server(data) is None
