"""RequestObserver: opens the request record, and when the response is sent turns it into metrics.

Pure ASGI (no response buffering); the work per request is a few dictionary look-ups and counter updates.
"""

from __future__ import annotations

import time
import uuid

from hub.observability import metrics
from hub.observability.request import RequestRecord, begin_request, end_request

# outcome codes of GraphQL requests answered before (or instead of) a GraphQL result
_STATUS_CODES = {400: "BAD_REQUEST", 401: "UNAUTHENTICATED", 405: "METHOD_NOT_ALLOWED", 413: "PAYLOAD_TOO_LARGE",
                 415: "UNSUPPORTED_MEDIA_TYPE", 500: "INTERNAL", 503: "UNAVAILABLE"}


class RequestObserver:
    def __init__(self, app, *, graphql_path: str = "/graphql"):
        self.app = app
        self.graphql_path = graphql_path

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        record = RequestRecord(request_id=uuid.uuid4().hex)
        response = {"status": 500, "html": False}

        async def observed_send(message):
            if message["type"] == "http.response.start":
                response["status"] = message["status"]
                response["html"] = any(name.lower() == b"content-type" and value.startswith(b"text/html")
                                       for name, value in message.get("headers") or ())
            await send(message)

        graphql = scope["path"] == self.graphql_path and scope["method"] in ("GET", "POST")
        if graphql:
            metrics.IN_PROGRESS.inc()
        token = begin_request(record)
        try:
            await self.app(scope, receive, observed_send)
        finally:
            end_request(token)
            if graphql:
                metrics.IN_PROGRESS.dec()
                if not response["html"]:  # GraphiQL's page is not an operation
                    self._count(record, response["status"], time.perf_counter() - started)

    @staticmethod
    def _count(record: RequestRecord, status: int, seconds: float) -> None:
        if record.code is None:
            record.code = _STATUS_CODES.get(status, "OK" if status < 400 else f"HTTP_{status}")
        operation = record.operation_label or metrics.OTHER
        code = metrics.code_label(record.code)
        metrics.OPERATIONS.labels(operation, code).inc()
        metrics.OPERATION_SECONDS.labels(operation, code).observe(seconds)
        if record.cost_outcome == "spent":
            metrics.SPENT.inc(record.cost or 0)
        elif record.cost_outcome == "refused":
            metrics.REFUSED.inc(record.cost or 0)
            if record.code == "RATE_LIMITED":
                metrics.RATE_LIMITED.inc()
