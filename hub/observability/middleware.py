"""RequestObserver: opens the request record (and, with tracing on, the request's span), returns its id
in X-Request-Id, and when the response is sent turns the record into metrics and one log line.

Pure ASGI (no response buffering); the work per request is a few dictionary look-ups, counter updates and
the formatting of one log line (written by another thread, see hub.observability.logs).
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from hub.observability import metrics, tracing
from hub.observability.request import RequestRecord, begin_request, end_request

access_log = logging.getLogger("hub.access")
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})  # probes and scrapes: logged at DEBUG only
ROUTES = QUIET_PATHS | {"/graphql"}  # paths that may name a span (any other path could be anything)
REQUEST_ID_HEADER = b"x-request-id"
_SANE_ID = re.compile(rb"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")  # what a proxy or client may hand us to reuse

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
        record = RequestRecord(request_id=_request_id(scope))
        response = {"status": 500, "html": False}

        async def observed_send(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*(message.get("headers") or ()), (REQUEST_ID_HEADER, record.request_id.encode())]
                response["status"] = message["status"]
                response["html"] = any(name.lower() == b"content-type" and value.startswith(b"text/html")
                                       for name, value in message.get("headers") or ())
            await send(message)

        graphql = scope["path"] == self.graphql_path and scope["method"] in ("GET", "POST")
        if graphql:
            metrics.IN_PROGRESS.inc()
        token = begin_request(record)
        path = scope["path"]
        with tracing.request_span(f"{scope['method']} {path}" if path in ROUTES else scope["method"],
                                  scope.get("headers") or (), {"hub.request_id": record.request_id}) as span:
            try:
                await self.app(scope, receive, observed_send)
            finally:
                end_request(token)
                seconds = time.perf_counter() - started
                if graphql:
                    metrics.IN_PROGRESS.dec()
                    if not response["html"]:  # GraphiQL's page is not an operation
                        self._count(record, response["status"], seconds)
                if span is not None:
                    _describe(span, scope, record, response["status"])
                level = logging.DEBUG if path in QUIET_PATHS else logging.INFO
                if access_log.isEnabledFor(level):
                    _log(level, scope, record, response["status"], seconds)

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


def _request_id(scope) -> str:
    for name, value in scope.get("headers") or ():
        if name == REQUEST_ID_HEADER:
            if _SANE_ID.fullmatch(value):
                return value.decode()
            break
    return uuid.uuid4().hex


def _log(level: int, scope, record: RequestRecord, status: int, seconds: float) -> None:
    """One line per request. Only the path (a query string may hold a GET operation and its variables)."""
    fields = {"request_id": record.request_id, "method": scope["method"], "path": scope["path"], "status": status,
              "operation": record.operation, "operation_type": record.operation_type, "role": record.role,
              "code": record.code, "duration_ms": round(seconds * 1000, 2), "cost": record.cost,
              "cost_outcome": record.cost_outcome, "round_trips": record.transactions,
              "statements": record.statements, "statement_ms": round(record.statement_seconds * 1000, 2)}
    access_log.log(level, "%s %s %s %s %s %.1f ms, round trips %d", scope["method"], scope["path"], status,
                   record.operation or "-", record.code or "-", seconds * 1000, record.transactions, extra=fields)


def _describe(span, scope, record: RequestRecord, status: int) -> None:
    span.set_attribute("http.request.method", scope["method"])
    span.set_attribute("url.path", scope["path"] if scope["path"] in ROUTES else "other")
    span.set_attribute("http.response.status_code", status)
    for key, value in (("graphql.operation.name", record.operation), ("graphql.operation.type", record.operation_type),
                       ("hub.code", record.code), ("hub.role", record.role)):
        if value is not None:
            span.set_attribute(key, value)
