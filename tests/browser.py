"""Headless Chromium against the hub served on a loopback port: Debian's chromium driven by Playwright,
never a downloaded browser. Test modules import these fixtures."""

from __future__ import annotations

import asyncio
import os
import socket
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.async_api import async_playwright

from hub.app import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PATIENCE_MS = 60_000  # an upper bound for slow machines, not a measurement


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture(scope="module")
async def served_hub(hub):
    """The hub's app on a free loopback port, in the tests' own event loop (it shares the session's graph)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(hub.settings, hub=hub), lifespan="off", log_level="warning"))
    serving = asyncio.create_task(server.serve(sockets=[listener]))
    for _ in range(400):
        if server.started or serving.done():
            break
        await asyncio.sleep(0.05)
    assert server.started, "the hub did not start serving"
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    server.should_exit = True
    await serving
    listener.close()


@pytest.fixture(scope="module")
async def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run)")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        await chromium.close()
