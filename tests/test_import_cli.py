"""`hub import` on the command line: a progress bar on a terminal only, each file's summary, a summary of the
run, and a refused file named with its reason while the others are imported."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path


def _env(tmp_path: Path) -> dict[str, str]:
    env = os.environ | {"HUB_DATA_DIR": str(tmp_path / "data"), "HUB_LOG_LEVEL": "warning"}
    env.pop("HUB_NEO4J_URI", None)
    if os.environ.get("HUB_TEST_NEO4J_URI"):  # the graph under test, as an external one
        env |= {"HUB_NEO4J_URI": os.environ["HUB_TEST_NEO4J_URI"],
                "HUB_NEO4J_USER": os.environ.get("HUB_TEST_NEO4J_USER", "neo4j"),
                "HUB_NEO4J_PASSWORD": os.environ.get("HUB_TEST_NEO4J_PASSWORD", ""),
                "HUB_NEO4J_DATABASE": os.environ.get("HUB_TEST_NEO4J_DATABASE", "neo4j")}
    return env


def _hub_import(tmp_path: Path, *args: str, terminal: bool) -> tuple[int, str, str]:
    """Runs `hub import ...`; stderr on a pseudo-terminal when `terminal`. (exit code, stdout, stderr)."""
    command = [sys.executable, "-m", "hub.cli", "import", *args]
    if not terminal:
        done = subprocess.run(command, cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True, timeout=300)
        return done.returncode, done.stdout, done.stderr
    controller, terminal_end = pty.openpty()
    fcntl.ioctl(terminal_end, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal of 100 columns
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the other end closed
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    process = subprocess.Popen(command, cwd=tmp_path, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=terminal_end,
                               text=True)
    os.close(terminal_end)
    out, _ = process.communicate(timeout=300)
    reader.join(timeout=10)
    os.close(controller)
    return process.returncode, out, b"".join(chunks).decode(errors="replace")


def test_a_run_shows_a_bar_on_a_terminal_and_summaries(tmp_path):
    good = tmp_path / "three-w.csv"
    good.write_text("Org,Sector,Country\n#org,#sector,#country\nCLI Foundation,Protection,Kyrgyzstan\n"
                    "CLI Association,Protection,Kyrgyzstan\n", encoding="utf-8")
    bad = tmp_path / "latin.csv"
    bad.write_bytes("#org,#sector\nPNUD,Protección\n".encode("latin-1"))

    code, out, err = _hub_import(tmp_path, "hxl", str(good), str(bad), terminal=True)
    assert code == 1  # one file refused
    lines = out.splitlines()
    assert lines[0].startswith("three-w.csv: 2 rows; created 2 Actor, 2 Initiative, ")
    assert lines[-1].startswith("2 file(s) (1 refused or stopped): 2 rows in ")
    assert "created 2 Actor, 2 Initiative" in lines[-1] and lines[-1].endswith("rejected 0")
    assert "three-w.csv: " in err and "/2 [" in err and "record/s]" in err  # the bar, drawn on the terminal
    assert "latin.csv: not UTF-8 text (line 2, byte 26" in err and "nothing imported from it" in err

    code, out, err = _hub_import(tmp_path, "hxl", str(good), "--dry-run", terminal=False)
    assert code == 0
    assert out.splitlines()[0].startswith("three-w.csv: 2 rows; would create none; updated none; unchanged 2 Actor, "
                                          "2 Initiative")
    assert "/2 [" not in err and "\r" not in err  # no bar when stderr is not a terminal
