"""The explorer's page weight on the wire and its GraphQL requests per page, measured in headless Chromium
(Debian's, at /usr/bin/chromium) against a running hub with the demo data:

    hub serve --demo &   # then
    python benchmarks/explorer_weight.py --url http://127.0.0.1:8000

Each page is opened in a fresh browser context (an empty cache: a first visit), and again in the same
context (a return visit: static files revalidated with ETags, 304s). Bytes are as transferred (gzip where
the hub compresses), headers included. Figures to record in docs/explorer.md, never asserted anywhere.
"""

from __future__ import annotations

import argparse
import asyncio

from playwright.async_api import async_playwright

from hub.ids import to_global_id

PAGES = {
    "search (“Ош”)": "#/search?q=%D0%9E%D1%88",
    "place (Osh province)": f"#/place/{to_global_id('Location', 'KG06000000000')}",
    "actor (FTI)": f"#/actor/{to_global_id('Actor', 'demo-fti')}",
    "initiative": f"#/initiative/{to_global_id('Initiative', 'demo-yntymak-osh-mediators-2022')}",
    "network (FTI)": f"#/network/{to_global_id('Actor', 'demo-fti')}",
    "register (signed out)": "#/register",
}


async def visit(context, url: str) -> tuple[int, int, int]:
    """(bytes transferred, requests, GraphQL requests) of one page load, once the page has rendered."""
    page = await context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    await page.goto(url)
    await page.locator("main[data-render]").wait_for(timeout=60_000)
    await page.wait_for_load_state("networkidle")
    total = 0
    for request in finished:
        sizes = await request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"] + sizes["requestBodySize"] + sizes["requestHeadersSize"]
    graphql = sum(1 for request in finished if request.url.endswith("/graphql"))
    await page.close()
    return total, len(finished), graphql


async def main(base: str) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                   args=["--headless", "--no-sandbox", "--disable-gpu"])
        print("| page | first visit | requests | GraphQL requests | return visit |")
        print("|---|---|---|---|---|")
        for name, route in PAGES.items():
            context = await browser.new_context()
            first, requests, graphql = await visit(context, f"{base}/{route}")
            again, _, _ = await visit(context, f"{base}/{route}")
            await context.close()
            print(f"| {name} | {first / 1024:.0f} KB | {requests} | {graphql} | {again / 1024:.0f} KB |")
        await browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the hub's base URL")
    asyncio.run(main(parser.parse_args().url.rstrip("/")))
