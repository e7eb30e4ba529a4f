"""GraphiQL in a real browser with no way out: headless Chromium (Debian's, never a downloaded one) against
the hub served on a loopback port, every request to another origin blocked and recorded. The page must
render, run a query typed into its editor and show the result, with nothing leaving the hub's origin."""

from __future__ import annotations

from playwright.async_api import expect

from hub.web.static import content_security_policy
from tests.browser import PATIENCE_MS, browser, origin, served_hub  # noqa: F401 (fixtures)


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
