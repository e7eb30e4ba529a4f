"""What an operator sees: Prometheus metrics at /metrics (and, below, the request log)."""

from __future__ import annotations

import contextlib
import json

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from hub.app import create_app
from schema.limits.persisted import operation_hash

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
    too_costly = await post(http, "{ actors(first: 100) { nodes { initiatives { initiative { funders { name } } } } } }")
    assert too_costly["errors"][0]["extensions"]["code"] == "COST_LIMIT_EXCEEDED"
    after = await scrape(http)
    assert delta(before, after, "hub_cost_points_total", outcome="spent") == 2 * spent
    assert delta(before, after, "hub_cost_points_total", outcome="refused") == spent + 12102
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
