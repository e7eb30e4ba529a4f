"""Cross-origin access for browser apps on other origins: an explicit allow-list, nothing else.

Starlette's CORSMiddleware does the protocol; this subclass keeps every Access-Control-* header (the
credentials flag included) away from origins that are not on the list, where Starlette would still send
some of them.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse

ALLOWED_METHODS = ("GET", "POST")
ALLOWED_HEADERS = ("Authorization", "Content-Type", "X-Request-Id")
EXPOSED_HEADERS = ("X-Request-Id", "Retry-After")


class OriginAllowList(CORSMiddleware):
    """Listed origins get the full answer, credentials included; others get no Access-Control-* header
    at all (a refused preflight answers 400)."""

    def __init__(self, app, origins: list[str], max_age: int):
        super().__init__(app, allow_origins=list(origins), allow_methods=ALLOWED_METHODS,
                         allow_headers=ALLOWED_HEADERS, expose_headers=EXPOSED_HEADERS,
                         allow_credentials=True, max_age=max_age)
        self.origins = frozenset(origins)

    def is_allowed_origin(self, origin: str) -> bool:
        return origin in self.origins

    def preflight_response(self, request_headers):
        if not self.is_allowed_origin(request_headers["origin"]):
            return PlainTextResponse("Disallowed CORS origin", status_code=400, headers={"Vary": "Origin"})
        return super().preflight_response(request_headers)

    async def send(self, message, send, request_headers) -> None:
        origin = request_headers.get("origin")
        if message["type"] == "http.response.start" and origin is not None and not self.is_allowed_origin(origin):
            message.setdefault("headers", [])
            MutableHeaders(scope=message).add_vary_header("Origin")
            await send(message)
            return
        await super().send(message, send, request_headers)
