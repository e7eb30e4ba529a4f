"""What an operator sees: Prometheus metrics at /metrics, the request log and request ids."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from hub.app import create_app
from hub.observability import logs, tracing
from hub.observability.request import RequestRecord, begin_request, end_request
from schema.limits.persisted import operation_hash
from tests.conftest import issue_token

NAMED = "query ActorPage($first: Int!) { actors(first: $first) { totalCount nodes { name } } }"
SECRET_VALUE = "Zebra-7f3c-variable-value"


@pytest.fixture
async def app_client(hub, unique):
    """Makes an HTTP client of an app with the given settings, calling from this test's own address."""
    async with contextlib.AsyncExitStack() as stack:
        async def make(**updates) -> httpx.AsyncClient:
            app = create_app(hub.settings.model_copy(update=updates), hub=hub)
            transport = httpx.ASGITransport(app=app, client=(f"observer-{unique}", 4711))
            return await stack.enter_async_context(httpx.AsyncClient(transport=transport, base_url="http://hub.test"))

        yield make


async def scrape(http: httpx.AsyncClient, headers: dict | None = None) -> dict[tuple, float]:
    """{(sample name, ((label, value), ...)): value} of /metrics."""
    response = await http.get("/metrics", headers=headers or {})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.text) for s in family.samples}


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def delta(before: dict, after: dict, name: str, **labels) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


async def post(http: httpx.AsyncClient, query: str, variables: dict | None = None, **extra) -> dict:
    response = await http.post("/graphql", json={"query": query, "variables": variables or {}, **extra})
    return response.json()


async def test_operations_are_counted_and_timed_by_known_name_and_outcome(app_client):
    http = await app_client(metrics_operations=["ActorPage"])
    before = await scrape(http)
    assert not (await post(http, NAMED, {"first": 2})).get("errors")
    assert not (await post(http, NAMED.replace("ActorPage", "SomeClientsOwnName"), {"first": 1})).get("errors")
    assert not (await post(http, "{ actors(first: 1) { totalCount } }")).get("errors")
    invalid = await post(http, "query ActorPage { noSuchField }")
    assert invalid["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    unauthenticated = await http.post("/graphql", json={"query": NAMED}, headers={"authorization": "Bearer nope"})
    assert unauthenticated.status_code == 401
    after = await scrape(http)

    ops = "hub_graphql_operations_total"
    assert delta(before, after, ops, operation="ActorPage", code="OK") == 1
    assert delta(before, after, ops, operation="other", code="OK") == 2  # an unknown name and no name
    assert delta(before, after, ops, operation="ActorPage", code="GRAPHQL_VALIDATION_FAILED") == 1
    assert delta(before, after, ops, operation="other", code="UNAUTHENTICATED") == 1
    latency = "hub_graphql_operation_duration_seconds"
    assert delta(before, after, f"{latency}_count", operation="ActorPage", code="OK") == 1
    assert delta(before, after, f"{latency}_sum", operation="ActorPage", code="OK") > 0
    labels = {v for (_, pairs) in after for (_, v) in pairs}
    assert "SomeClientsOwnName" not in labels


async def test_persisted_operations_name_their_own_label(app_client, tmp_path):
    query = "query PersistedThemes { themes(first: 1) { totalCount } }"
    path = tmp_path / "persisted.json"
    path.write_text(json.dumps({operation_hash(query): query}))
    http = await app_client(persisted_operations_file=path)
    before = await scrape(http)
    assert not (await post(http, query)).get("errors")
    after = await scrape(http)
    assert delta(before, after, "hub_graphql_operations_total", operation="PersistedThemes", code="OK") == 1


async def test_cost_spent_and_refused_and_rate_limited_callers(app_client):
    http = await app_client(rate_limit_points=30, rate_limit_window=3600)
    before = await scrape(http)
    ok = await post(http, NAMED, {"first": 10})  # 1 + 1 + (1 + 10) = 13 points
    spent = ok["extensions"]["cost"]["requested"]
    assert spent == 13 and not ok.get("errors")
    assert not (await post(http, NAMED, {"first": 10})).get("errors")  # 26 of 30 spent
    refused = await post(http, NAMED, {"first": 10})
    assert refused["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    too_costly = await post(http, "{ actors(first: 100) { nodes { initiatives { initiative { implementers { actor { "
                                   "initiatives { initiative { title } } } } } } } } }")  # 68102 points
    assert too_costly["errors"][0]["extensions"]["code"] == "COST_LIMIT_EXCEEDED"
    after = await scrape(http)
    assert delta(before, after, "hub_cost_points_total", outcome="spent") == 2 * spent
    assert delta(before, after, "hub_cost_points_total", outcome="refused") == spent + 68102
    assert delta(before, after, "hub_rate_limited_operations_total") == 1
    assert delta(before, after, "hub_graphql_operations_total", operation="other", code="RATE_LIMITED") == 1


async def test_graph_round_trips_and_statements_are_counted(app_client):
    http = await app_client()
    before = await scrape(http)
    assert not (await post(http, NAMED, {"first": 3})).get("errors")
    after = await scrape(http)
    transactions = delta(before, after, "hub_graph_transactions_total", access="read")
    statements = delta(before, after, "hub_graph_statements_total")
    assert transactions >= 1 and statements >= transactions
    assert delta(before, after, "hub_graph_statement_duration_seconds_count") == statements
    assert delta(before, after, "hub_graph_statement_duration_seconds_sum") > 0


async def test_no_variable_value_reaches_the_metrics(app_client):
    http = await app_client()
    await post(http, "query($s: String!) { actors(filter: {search: $s}) { totalCount } }", {"s": SECRET_VALUE})
    text = (await http.get("/metrics")).text
    assert SECRET_VALUE not in text and "hub_graphql_operations_total" in text


async def test_the_metrics_token_guards_the_endpoint(app_client):
    http = await app_client(metrics_token="scrape-secret")
    assert (await http.get("/metrics")).status_code == 401
    assert (await http.get("/metrics", headers={"authorization": "Bearer wrong"})).status_code == 401
    samples = await scrape(http, {"authorization": "Bearer scrape-secret"})
    assert any(name == "hub_graphql_operations_total" for name, _ in samples)


async def test_metrics_can_be_turned_off(app_client):
    assert (await (await app_client(metrics=False)).get("/metrics")).status_code == 404


# -- the request log -----------------------------------------------------------------------------------------

@pytest.fixture
def log_lines():
    """Captures every log line of the process, formatted as JSON as the hub writes them; returns a reader of
    (the text, its lines parsed). The test client's own request log (httpx) is not the hub's and is left out."""
    stream = io.StringIO()
    handler = logs.handler(stream, "json")
    root, client_log = logging.getLogger(), logging.getLogger("httpx")
    levels = root.level, client_log.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    client_log.setLevel(logging.WARNING)
    try:
        yield lambda: (stream.getvalue(), [json.loads(line) for line in stream.getvalue().splitlines()])
    finally:
        root.removeHandler(handler)
        root.setLevel(levels[0])
        client_log.setLevel(levels[1])


def access_lines(lines: list[dict], request_id: str | None = None) -> list[dict]:
    return [line for line in lines if line["logger"] == "hub.access"
            and (request_id is None or line["request_id"] == request_id)]


async def test_one_json_line_per_request_with_its_id_and_figures(app_client, hub, log_lines):
    token = await issue_token(hub, name="log test admin")
    http = await app_client()
    auth = {"authorization": f"Bearer {token}"}
    response = await http.post("/graphql", headers=auth,
                               json={"query": NAMED, "variables": {"first": 4}, "operationName": "ActorPage"})
    body = response.json()
    assert not body.get("errors")
    request_id = response.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)

    _, lines = log_lines()
    [line] = access_lines(lines, request_id)
    assert line["level"] == "INFO" and line["method"] == "POST" and line["path"] == "/graphql"
    assert line["status"] == 200 and line["code"] == "OK"
    assert line["operation"] == "ActorPage" and line["operation_type"] == "query" and line["role"] == "ADMIN"
    assert line["cost"] == body["extensions"]["cost"]["requested"] == 7 and line["cost_outcome"] == "spent"
    assert line["round_trips"] >= 1 and line["statements"] >= 2  # the page, after the token's look-up
    assert line["statements"] >= line["round_trips"] and line["duration_ms"] > 0 and line["statement_ms"] > 0
    assert "time" in line


async def test_no_token_variable_or_contact_data_reaches_the_log(app_client, hub, log_lines, unique):
    token = await issue_token(hub, name="log test contact writer")
    http = await app_client()
    auth = {"authorization": f"Bearer {token}"}
    email, phone, name = f"liaison-{unique}@example.org", f"+996 555 {int(unique, 16) % 10**6:06d}", f"Aigul Secretova {unique}"
    created = await http.post("/graphql", headers=auth, json={
        "query": "mutation NewContact($i: CreateContactInput!) { createContact(input: $i) { contact { id email } "
                 "userErrors { field message } } }",
        "variables": {"i": {"name": name, "email": email, "phone": phone, "visibility": "NETWORK"}}})
    assert created.json()["data"]["createContact"]["contact"]["email"] == email, created.json()
    listed = await http.post("/graphql", headers=auth, json={
        "query": "query($s: String!) { contacts(filter: {search: $s}) { nodes { name email phone } } }",
        "variables": {"s": name}})
    assert listed.status_code == 200
    bad = await http.post("/graphql", headers=auth, json={  # a variable that does not fit its type
        "query": "query($first: Int!) { actors(first: $first) { totalCount } }", "variables": {"first": SECRET_VALUE}})
    assert bad.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    refused = await http.post(f"/graphql?query=%7B__typename%7D&variables=%7B%22v%22%3A%22{SECRET_VALUE}%22%7D",
                              headers={"authorization": "Bearer hub_definitely-not-a-token"})
    assert refused.status_code == 401

    text, lines = log_lines()
    assert len(access_lines(lines)) == 4
    for secret in (token, "definitely-not-a-token", email, phone, name, SECRET_VALUE, unique):
        assert secret not in text, f"{secret!r} is in the log"


async def test_a_sane_incoming_request_id_is_kept_and_any_other_replaced(app_client, log_lines):
    http = await app_client()
    kept = await http.post("/graphql", json={"query": "{ __typename }"}, headers={"x-request-id": "lb-42.abc:7"})
    assert kept.headers["x-request-id"] == "lb-42.abc:7"
    for insane in ("has spaces in it", "x" * 200, "<script>", "-starts-with-a-dash"):
        replaced = await http.post("/graphql", json={"query": "{ __typename }"}, headers={"x-request-id": insane})
        assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["x-request-id"])
    assert access_lines(log_lines()[1], "lb-42.abc:7")
    assert (await http.get("/healthz")).headers["x-request-id"]  # every response has one


async def test_errors_carry_the_request_id(app_client, hub):
    http = await app_client(max_body_bytes=1024)
    invalid = await http.post("/graphql", json={"query": "{ noSuchField }"})
    unauthenticated = await http.post("/graphql", json={"query": "{ __typename }"},
                                      headers={"authorization": "Bearer nope"})
    too_large = await http.post("/graphql", json={"query": "{ __typename }", "variables": {"v": "x" * 2048}})
    for response in (invalid, unauthenticated, too_large):
        [error] = response.json()["errors"]
        assert error["extensions"]["requestId"] == response.headers["x-request-id"], response.json()
    assert [r.status_code for r in (invalid, unauthenticated, too_large)] == [200, 401, 413]


def test_text_and_json_formats_carry_the_request_id():
    record = logging.LogRecord("hub.api", logging.WARNING, __file__, 1, "graph slow: %s", ("x",), None)
    record.color_message = "graph \x1b[1mslow\x1b[0m: %s"  # as uvicorn adds to its lines
    token = begin_request(RequestRecord(request_id="rid-123"))
    try:
        for fmt in ("text", "json"):
            stream = io.StringIO()
            handler = logs.handler(stream, fmt)
            handler.handle(record)
            assert "rid-123" in stream.getvalue() and "graph slow: x" in stream.getvalue()
    finally:
        end_request(token)
    line = json.loads(stream.getvalue())
    assert line["request_id"] == "rid-123" and "color_message" not in line


def test_configured_logging_writes_json_lines_to_stderr(capsys):
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        logs.configure_logging("INFO", "json")
        logging.getLogger("hub.test").info("configured %d", 1)
        logging.getLogger("hub.test").debug("not at info")
        logs.stop_logging()
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    [line] = capsys.readouterr().err.splitlines()
    assert json.loads(line)["message"] == "configured 1" and json.loads(line)["level"] == "INFO"


def test_log_settings_are_checked(monkeypatch):
    from pydantic import ValidationError

    from hub.settings import Settings

    monkeypatch.setenv("HUB_LOG_FORMAT", "JSON")
    monkeypatch.setenv("HUB_LOG_LEVEL", "WARNING")
    settings = Settings(_env_file=None)
    assert (settings.log_format, settings.log_level) == ("json", "warning")
    monkeypatch.setenv("HUB_LOG_FORMAT", "xml")
    with pytest.raises(ValidationError, match="log_format"):
        Settings(_env_file=None)


# -- traces --------------------------------------------------------------------------------------------------

@pytest.fixture
def spans():
    """Turns tracing on, into memory, for one test; returns a reader of the finished spans."""
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.use_provider(provider)
    try:
        yield exporter.get_finished_spans
    finally:
        tracing.use_provider(None)
        provider.shutdown()


def test_tracing_is_off_by_default():
    from hub.settings import Settings

    assert Settings(_env_file=None).otel_traces is False and tracing.provider() is None
    assert "TracedOperation" not in [type(e).__name__ for e in schema_extensions()]


def schema_extensions():
    from schema.schema import schema

    return schema.get_extensions()


async def test_a_trace_follows_a_request_through_resolvers_to_each_statement(app_client, spans):
    http = await app_client()
    parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    response = await http.post("/graphql", headers={"traceparent": parent}, json={
        "query": "query Search($s: String!) { actors(filter: {search: $s}, first: 3) { totalCount nodes { name } } }",
        "variables": {"s": SECRET_VALUE}, "operationName": "Search"})
    assert not response.json().get("errors")
    finished = spans()
    by_id = {s.context.span_id: s for s in finished}
    [request] = [s for s in finished if s.name == "POST /graphql"]
    assert format(request.context.trace_id, "032x") == "0af7651916cd43dd8448eb211c80319c"  # the caller's trace
    assert request.attributes["hub.request_id"] == response.headers["x-request-id"]
    assert request.attributes["http.response.status_code"] == 200 and request.attributes["hub.code"] == "OK"
    assert request.attributes["graphql.operation.name"] == "Search"

    def ancestors(span) -> list[str]:
        names = []
        while span.parent is not None and span.parent.span_id in by_id:
            span = by_id[span.parent.span_id]
            names.append(span.name)
        return names

    [operation] = [s for s in finished if s.name == "GraphQL operation Search"]
    assert ancestors(operation) == ["POST /graphql"]
    [resolver] = [s for s in finished if s.name == "GraphQL Resolving: actors"]
    assert "GraphQL operation Search" in ancestors(resolver)
    statements = [s for s in finished if s.name == "graph statement"]
    assert statements and all("GraphQL Resolving: actors" in ancestors(s) for s in statements)
    assert all("MATCH" in s.attributes["db.query.text"] for s in statements)
    for span in finished:  # no variable value, no argument, no query text in any span
        assert SECRET_VALUE not in span.name
        assert all(SECRET_VALUE not in str(v) for v in span.attributes.values()), span.attributes
        assert "query" not in span.attributes and not any(k.startswith("graphql.param") for k in span.attributes)
