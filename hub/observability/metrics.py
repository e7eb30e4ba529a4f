"""Prometheus metrics of this process, served at /metrics (prometheus-client; docs/observability.md says
why not OpenTelemetry's exporter).

Label values are bounded by construction: operation names only from a list the operator controls (the
persisted operations and HUB_METRICS_OPERATIONS; any other name, and unnamed operations, are "other"),
outcome codes only from the hub's own error codes. No variable value, token, or caller identity is ever
a label. The metrics are per process: several hub processes are several scrape targets.
"""

from __future__ import annotations

import hmac
import re

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

OTHER = "other"
_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,39}")

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
STATEMENT_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)

OPERATIONS = Counter("hub_graphql_operations", "GraphQL operations answered, by operation name and outcome code",
                     ["operation", "code"])
OPERATION_SECONDS = Histogram("hub_graphql_operation_duration_seconds",
                              "Time from request to response of GraphQL operations", ["operation", "code"],
                              buckets=LATENCY_BUCKETS)
IN_PROGRESS = Gauge("hub_graphql_operations_in_progress", "GraphQL requests being answered now")
COST_POINTS = Counter("hub_cost_points", "Estimated cost points: spent (charged) or refused (by the cost or "
                      "rate limit)", ["outcome"])
RATE_LIMITED = Counter("hub_rate_limited_operations", "Operations refused because the caller's bucket was empty")
GRAPH_TRANSACTIONS = Counter("hub_graph_transactions", "Graph round trips: transaction functions run, retries "
                             "included", ["access"])
GRAPH_STATEMENTS = Counter("hub_graph_statements", "Cypher statements run")
GRAPH_STATEMENT_SECONDS = Histogram("hub_graph_statement_duration_seconds",
                                    "Time of each statement until all its rows are in", buckets=STATEMENT_BUCKETS)
GRAPH_UNAVAILABLE = Counter("hub_graph_unavailable", "Graph work given up because the server could not be reached")
EMBEDDED_UP = Gauge("hub_embedded_graph_server_up", "1 while the embedded graph server this process started is "
                    "running, 0 while it is down or restarting (always 0 with an external Neo4j)")
EMBEDDED_RESTARTS = Counter("hub_embedded_graph_server_restarts", "Times the embedded graph server was restarted "
                            "after it died")
IMPORT_FILES = Counter("hub_import_files", "Files imported (IATI, HXL), by outcome: written or aborted",
                       ["outcome"])
IMPORT_RECORDS = Counter("hub_import_records", "Records written by file imports, by record type and change "
                         "(created or updated)", ["label", "change"])
IMPORTS_IN_PROGRESS = Gauge("hub_imports_in_progress", "File imports writing now")
CHANGE_SUBSCRIBERS = Gauge("hub_change_subscribers", "Live change subscriptions open in this process")
CHANGE_EVENTS = Counter("hub_change_events", "Changes read from the audit trail by this process's change feed")
CHANGE_CUT_OFF = Counter("hub_change_subscribers_cut_off", "Subscriptions ended for falling too far behind "
                         "(SLOW_SUBSCRIBER)")

READS, WRITES = GRAPH_TRANSACTIONS.labels("read"), GRAPH_TRANSACTIONS.labels("write")
SPENT, REFUSED = COST_POINTS.labels("spent"), COST_POINTS.labels("refused")


def code_label(code: str | None) -> str:
    """The hub's own codes pass; anything else (never expected) is folded into one value."""
    return code if code is not None and _CODE.fullmatch(code) else "ERROR"


def metrics_endpoint(token: str | None):
    """The /metrics handler; with a token, only `Authorization: Bearer <token>` is answered."""
    expected = f"Bearer {token}".encode() if token else None

    async def metrics(request: Request) -> Response:
        if expected is not None:
            given = request.headers.get("authorization", "").encode()
            if not hmac.compare_digest(given, expected):
                return JSONResponse({"error": "a bearer token is required for /metrics"}, status_code=401,
                                    headers={"WWW-Authenticate": "Bearer"})
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)

    return metrics
