"""GraphiQL at /graphql, served wholly by the hub: the page, its start script and the pinned bundles.

Strawberry's own page loads React and GraphiQL from a public CDN; this one references only files under
/assets/graphiql/ (built by tools/graphiql/build.py) and is sent with a same-origin Content-Security-Policy.
"""

from __future__ import annotations

import functools
from pathlib import Path

from starlette.responses import HTMLResponse
from starlette.routing import Mount

from hub.web.static import assets_mount, page_headers

PAGE = Path(__file__).resolve().parent / "graphiql.html"


@functools.cache
def _html() -> str:
    return PAGE.read_text(encoding="utf-8")


def page() -> HTMLResponse:
    return HTMLResponse(_html(), headers=page_headers())


def mount() -> Mount:
    return assets_mount("graphiql")
