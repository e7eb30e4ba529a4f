"""The explorer at /: pages for people who will not write GraphQL (search, places, actors, initiatives, an
actor's network, registering and editing initiatives), in their language.

It is a client of the public GraphQL API only: the page and its plain ES modules under /assets/explorer/
call POST /graphql with the reader's token, so it can show no more than the API shows that reader. There is
no build step; the files served are the files in the repository, under the same-origin policy of every page.
"""

from __future__ import annotations

import functools
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Mount

from hub.web.static import assets_mount, page_headers

PAGE = Path(__file__).resolve().parent / "explorer.html"


@functools.cache
def _html() -> str:
    return PAGE.read_text(encoding="utf-8")


async def page(request: Request) -> HTMLResponse:
    return HTMLResponse(_html(), headers=page_headers())


def mount() -> Mount:
    return assets_mount("explorer")
