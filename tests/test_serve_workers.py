"""`hub serve --workers N`: several processes answer on one port from one graph, and stopping the command
stops them all, and the embedded graph server it started."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_workers_share_one_graph_and_stop_together(tmp_path):
    port = _free_port()
    env = os.environ | {"HUB_DATA_DIR": str(tmp_path / "data"), "HUB_LOG_LEVEL": "info"}
    env.pop("HUB_NEO4J_URI", None)
    if os.environ.get("HUB_TEST_NEO4J_URI"):  # the graph under test, as an external one
        env |= {"HUB_NEO4J_URI": os.environ["HUB_TEST_NEO4J_URI"],
                "HUB_NEO4J_USER": os.environ.get("HUB_TEST_NEO4J_USER", "neo4j"),
                "HUB_NEO4J_PASSWORD": os.environ.get("HUB_TEST_NEO4J_PASSWORD", ""),
                "HUB_NEO4J_DATABASE": os.environ.get("HUB_TEST_NEO4J_DATABASE", "neo4j")}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "hub.cli", "serve", "--workers", "2", "--port", str(port)],
                                   cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        ready = False
        while time.monotonic() < deadline and not ready and process.poll() is None:
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200
            except httpx.HTTPError:
                time.sleep(0.5)
        assert ready, log.read_text()[-3000:]
        query = {"query": "{ themes(filter: {search: \"mediation\"}) { totalCount nodes { code } } }"}
        answers = [httpx.post(f"http://127.0.0.1:{port}/graphql", json=query, timeout=30).json() for _ in range(6)]
        assert all(a["data"] == answers[0]["data"] for a in answers) and answers[0]["data"]["themes"]["totalCount"] >= 1
        deadline = time.monotonic() + 60
        while len(set(re.findall(r"Started server process \[(\d+)\]", log.read_text()))) < 2:
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.5)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode == 0, log.read_text()[-3000:]
    assert _processes_mentioning(str(tmp_path / "data")) == []  # the embedded server went with it
