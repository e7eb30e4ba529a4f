"""A request body larger than the configured size is refused with 413 before it is parsed."""

from __future__ import annotations

from starlette.responses import JSONResponse

from hub.observability.request import error_extensions


class _BodyTooLarge(Exception):
    pass


class BodySizeLimit:
    """Refuses request bodies over `limit` bytes with 413: by Content-Length before reading anything, and
    while reading a body sent without one (chunked). Multipart requests (file imports, admins only, which
    the GraphQL endpoint checks before reading the body) may reach `upload_limit`."""

    def __init__(self, app, limit: int, upload_limit: int | None = None):
        self.app = app
        self.limit = limit
        self.upload_limit = max(upload_limit or limit, limit)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        limit = self.upload_limit if headers.get(b"content-type", b"").startswith(b"multipart/form-data") else self.limit
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(scope, receive, send, limit)
            return
        received, started = 0, False

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge
            return message

        async def tracked_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracked_send)
        except _BodyTooLarge:
            if not started:
                await self._refuse(scope, receive, send, limit)

    async def _refuse(self, scope, receive, send, limit: int):
        body = {"data": None, "errors": [{"message": f"the request body is larger than {limit} bytes",
                                          "extensions": error_extensions("PAYLOAD_TOO_LARGE")}]}
        await JSONResponse(body, status_code=413)(scope, receive, send)
