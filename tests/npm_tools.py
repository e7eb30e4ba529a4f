"""The npm packages some tests run (Neo4j's Cypher analyser, the schema linter, the TypeScript tools):
installed from their lock files with `npm ci` on first use, offline afterwards. A missing Node.js or npm
fails the test, never skips it."""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

import pytest


@functools.cache
def npm_installed(folder: Path, what: str) -> Path:
    """Installs folder's locked packages once; `what` names them in the failure message."""
    if shutil.which("node") is None:
        pytest.fail(f"`node` is not on PATH: install Node.js 20+ for {what}")
    if not (folder / "node_modules").is_dir():
        if shutil.which("npm") is None:
            pytest.fail(f"`npm` is not on PATH: needed once to install {what} in {folder}")
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=folder, capture_output=True, text=True)
        if done.returncode != 0:
            pytest.fail(f"npm ci in {folder} failed:\n{done.stdout}\n{done.stderr}")
    return folder
