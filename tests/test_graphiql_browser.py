"""GraphiQL in a real browser with no way out: headless Chromium (Debian's, never a downloaded one) against
the hub served on a loopback port, every request to another origin blocked and recorded. The page must
render, run a query typed into its editor and show the result, with nothing leaving the hub's origin."""

from __future__ import annotations

import asyncio
import os
import socket
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.async_api import async_playwright, expect

from hub.app import create_app
from hub.web.static import content_security_policy

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


async def test_graphiql_runs_a_typed_query_with_no_outside_request(served_hub, browser, gql, unique):
    name = f"Offline Peace Forum {unique}"
    created = await gql("mutation($i: CreateActorInput!) { createActor(input: $i) { userErrors { field } } }",
                        {"i": {"name": name, "kind": "CSO", "country": "KG"}})
    assert created["createActor"]["userErrors"] == []

    blocked, requested, problems = [], [], []

    async def only_the_hub(route):
        if origin(route.request.url) == served_hub:
            await route.continue_()
        else:
            blocked.append(route.request.url)
            await route.abort()

    context = await browser.new_context()
    await context.route("**/*", only_the_hub)
    page = await context.new_page()
    page.on("request", lambda request: requested.append(request.url))
    page.on("websocket", lambda socket_: requested.append(socket_.url))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    try:
        response = await page.goto(f"{served_hub}/graphql")
        assert response.status == 200
        assert response.headers["content-security-policy"] == content_security_policy()

        editor = page.locator(".graphiql-query-editor .CodeMirror")
        await editor.wait_for(timeout=PATIENCE_MS)
        await expect(page.locator(".graphiql-container")).to_be_visible()
        await editor.click()
        await page.keyboard.press("Control+A")
        await page.keyboard.press("Delete")
        await page.keyboard.type(f'{{ actors(filter: {{search: "{name}"}}) {{ totalCount nodes {{ name }} }} }}')
        await page.locator(".graphiql-execute-button").click()

        result = page.locator(".graphiql-response")
        await expect(result).to_contain_text(f'"name": "{name}"', timeout=PATIENCE_MS)
        await expect(result).to_contain_text('"totalCount": 1')

        await page.get_by_role("button", name="Show GraphiQL Explorer").click()  # the explorer plugin works too
        await expect(page.locator(".graphiql-explorer-root")).to_contain_text("whoWorksWhere", timeout=PATIENCE_MS)
    finally:
        await context.close()

    assert blocked == []
    assert [url for url in requested if origin(url) != served_hub] == []
    assert any(url.endswith("/assets/graphiql/vendor/graphiql.min.js") for url in requested)
    assert problems == []
