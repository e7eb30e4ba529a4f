"""API limits against the real API: depth, aliases, tokens, estimated cost, rate limit, introspection and
persisted operations. Every refusal has a code and a message naming the limit, runs nothing and is not
charged; every response reports extensions.cost."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re

import httpx
import pytest

from hub.access import Role
from hub.app import create_app
from hub.demo.loader import load_demo
from tests.conftest import GraphQLClient, issue_token

LEAKS = ("Traceback", 'File "', "MATCH ", "RETURN ", "neo4j", "strawberry", "graphql.")
ACTOR = "mutation($i: CreateActorInput!) { createActor(input: $i) { actor { id } userErrors { code } } }"
COUNT_ACTORS = "query($s: String!) { actors(filter: {search: $s}) { totalCount } }"


@pytest.fixture
async def demo(hub):
    """Actors to list: the demo data set, unless the graph has actors already."""
    await load_demo(hub.graph)


@pytest.fixture
async def api(hub, unique):
    """Makes a client of an app with the given settings. Each test calls from its own address, so its
    rate-limit bucket is its own."""
    async with contextlib.AsyncExitStack() as stack:
        async def make(token: str | None = None, **updates) -> GraphQLClient:
            app = create_app(hub.settings.model_copy(update=updates), hub=hub)
            transport = httpx.ASGITransport(app=app, client=(f"client-{unique}", 4711))
            http = await stack.enter_async_context(httpx.AsyncClient(transport=transport, base_url="http://hub.test"))
            return GraphQLClient(http, token)

        yield make


def refusal(body: dict, code: str) -> dict:
    """The one error of a refused operation, checked for its code, no data and no internals."""
    assert body.get("data") is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == code, error
    for leak in LEAKS:
        assert leak not in error["message"], error
    return error


DEEP = "{ actors { nodes { partners { name } } } }"  # depth 3
ALIASES = "{ a: themes(first: 1) { totalCount } b: themes(first: 1) { totalCount } c: themes(first: 1) { totalCount } }"
TOKENS_20 = "{ actors(first: 1) { nodes { id name acronym kind country website description } } }"  # 20 tokens
TOKENS_22 = "{ actors(first: 1) { nodes { id name acronym kind country website description aliases createdAt } } }"
# 100 actors, their initiatives, those initiatives' implementers and all of their initiatives: some 30,000
# initiatives on the generated data set (68102 points, docs/cost-model.md)
COSTLY = ("{ actors(first: 100) { nodes { initiatives { initiative { implementers { actor { "
          "initiatives { initiative { title } } } } } } } } }")
# an ordinary first page: 100 actors with where they work, their partners and their initiatives' places and themes
ORDINARY = """{ actors(first: 100) { totalCount pageInfo { endCursor hasNextPage } nodes { id name acronym kind country
    operatesIn { id name } partners { id name }
    initiatives { role initiative { id title status startDate endDate locations { id name } themes { id name } } } } } }"""
INTROSPECTION = "{ __schema { queryType { name } } }"


@pytest.mark.parametrize("settings,query,code,message", [
    ({"max_query_depth": 2}, DEEP, "QUERY_TOO_DEEP", "query depth 3 exceeds the limit of 2"),
    ({"max_aliases": 2}, ALIASES, "TOO_MANY_ALIASES", "3 aliases exceed the limit of 2"),
    ({"max_tokens": 20}, TOKENS_22, "TOO_MANY_TOKENS", "the document has 22 tokens, more than the limit of 20"),
    ({}, COSTLY, "COST_LIMIT_EXCEEDED", "operation cost 68102 exceeds the limit of 50000 points"),
    ({"max_cost": 21}, "{ actors { nodes { name } } }", "COST_LIMIT_EXCEEDED",
     "operation cost 22 exceeds the limit of 21 points"),
    ({"introspection": False}, INTROSPECTION, "INTROSPECTION_DISABLED",
     "introspection is disabled on this server; the query asks for '__schema'"),
    ({"introspection": False}, '{ __type(name: "Actor") { fields { name } } }', "INTROSPECTION_DISABLED",
     "introspection is disabled on this server; the query asks for '__type'"),
], ids=["depth", "aliases", "tokens", "cost", "cost-default-page", "introspection-schema", "introspection-type"])
async def test_limits_refuse_with_a_code_and_the_figures(api, settings, query, code, message):
    public = await api(**settings)
    body = await public.raw(query)
    cost = body["extensions"]["cost"]
    limits = {"limit": settings.get("max_cost", 50000), "remaining": 200000}
    assert refusal(body, code)["message"] == message
    assert {k: cost[k] for k in limits} == limits, "a refusal is not charged"


async def test_with_the_defaults_an_ordinary_first_page_runs_and_an_abusive_query_is_refused(api, demo):
    """The defaults (docs/cost-model.md): a client's first page of 100 actors with a few nested lists runs;
    nesting lists of relations three deep over 100 records does not."""
    public = await api()
    body = await public.raw(ORDINARY)
    assert not body.get("errors"), body
    assert 0 < len(body["data"]["actors"]["nodes"]) <= 100
    assert body["extensions"]["cost"]["requested"] == 23006 < body["extensions"]["cost"]["limit"] == 50000
    assert refusal(await public.raw(COSTLY), "COST_LIMIT_EXCEEDED")["message"] == (
        "operation cost 68102 exceeds the limit of 50000 points")


async def test_fragments_spread_many_times_are_refused_before_validation(public):
    """A small document whose fragments spread each other twice expands to 2^30 fields: strawberry's depth
    and alias rules would walk every one; the cost estimate (memoised) refuses it first."""
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(30)]
    document = "{ ...F0 }\n" + "\n".join(fragments) + "\nfragment F30 on Query { a: __typename }"
    body = await public.raw(document)
    assert refusal(body, "COST_LIMIT_EXCEEDED")["message"].endswith("exceeds the limit of 50000 points")
    assert body["extensions"]["cost"]["requested"] == 2**30


@pytest.mark.parametrize("settings,accepted", [
    ({"max_query_depth": 2}, "{ actors { nodes { name } } }"),
    ({"max_aliases": 2}, "{ a: themes(first: 1) { totalCount } b: themes(first: 1) { totalCount } }"),
    ({"max_tokens": 20}, TOKENS_20),
    ({"max_cost": 23}, "{ actors { totalCount nodes { name } } }"),
    ({"introspection": False}, "{ __typename themes(first: 1) { totalCount } }"),
], ids=["depth", "aliases", "tokens", "cost", "typename"])
async def test_operations_at_the_limit_run(api, settings, accepted):
    body = await (await api(**settings)).raw(accepted)
    assert not body.get("errors") and body["data"], body


async def test_introspection_is_answered_by_default(public):
    body = await public.raw(INTROSPECTION)
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"
    assert body["extensions"]["cost"]["requested"] == 3


@pytest.mark.parametrize("query,variables,cost", [
    ("{ actors(first: 5) { totalCount nodes { name } } }", None, 1 + 1 + (1 + 5 * 1)),
    ("{ actors { totalCount nodes { name } } }", None, 1 + 1 + (1 + 20 * 1)),  # default page size 20
    ("query($n: Int) { actors(first: $n) { edges { cursor node { name } } } }", {"n": 3}, 1 + (1 + 3 * (1 + 2))),
    ("query($n: Int = 4) { actors(first: $n) { nodes { name } } }", None, 1 + (1 + 4 * 1)),
    ("{ actors(first: 2) { nodes { partners { name } } } }", None, 1 + (1 + 2 * (1 + 3 * 1))),  # a relation list: 3
    ("{ actors(first: 2) { nodes { initiatives { role } } } }", None, 1 + (1 + 2 * (1 + 10 * 1))),  # measured: 10
    ('{ whoWorksWhere(locationId: "TG9jYXRpb246bm9uZQ") { roles } }', None, 1 + 50 + 10 * 1),  # at the root: 10
    ('{ duplicateCandidates(initiativeId: "SW5pdGlhdGl2ZTpub25l", first: 3) { score } }', None, 1 + 100 + 3 * 1),
    ('{ nodes(ids: ["QWN0b3I6YQ", "QWN0b3I6Yg"]) { id ... on Actor { name } } }', None, 1 + 2 * 2),
    ("{ actors(first: 2) { nodes { ...F } } } fragment F on Actor { name acronym }", None, 1 + (1 + 2 * 2)),
    ("{ __schema { types { name fields { name } } } }", None, 5),  # introspection: no multipliers
])
async def test_cost_is_estimated_from_page_sizes_and_reported(api, query, variables, cost):
    slow_refill = {"rate_limit_points": 50000, "rate_limit_window": 10**6}  # so that `remaining` is exact
    body = await (await api(**slow_refill)).raw(query, variables)
    assert body["extensions"]["cost"] == {"requested": cost, "limit": 50000, "remaining": 50000 - cost}, body


async def test_refused_mutations_change_nothing(api, hub, unique):
    token = await issue_token(hub, Role.ADMIN, name=f"limits {unique}")
    name = f"Limits {unique}"
    twice = ("mutation($i: CreateActorInput!) { a: createActor(input: $i) { actor { id } } "
             "b: createActor(input: $i) { actor { id } } }")
    variables = {"i": {"name": name, "kind": "CSO", "confirmDistinct": True}}
    refusal(await (await api(token, max_aliases=1)).raw(twice, variables), "TOO_MANY_ALIASES")
    refusal(await (await api(token, max_cost=3)).raw(ACTOR, variables), "COST_LIMIT_EXCEEDED")
    refusal(await (await api(token, max_query_depth=1)).raw(ACTOR, variables), "QUERY_TOO_DEEP")
    admin = await api(token)
    assert (await admin(COUNT_ACTORS, {"s": name}))["actors"]["totalCount"] == 0


async def test_rate_limit_in_cost_points_per_client(api, hub, unique):
    token = await issue_token(hub, Role.ADMIN, name=f"rate {unique}")
    budget = {"rate_limit_points": 120, "rate_limit_window": 3600}
    signed_in = await api(token, **budget)
    query = "{ actors(first: 10) { nodes { name partners { name } } } }"  # 1 + (1 + 10 * (1 + 1 + 3)) = 52 points
    remaining = []
    for _ in range(2):
        body = await signed_in.raw(query)
        assert not body.get("errors"), body
        remaining.append(body["extensions"]["cost"]["remaining"])
    assert remaining == [68, 16]

    response = await signed_in.http.post("/graphql", json={"query": query}, headers=signed_in.headers())
    body = response.json()
    error = refusal(body, "RATE_LIMITED")
    retry = int(re.fullmatch(r"rate limit exceeded: the operation costs 52 points and 16 of the 120 points per "
                             r"3600 s are left; retry in (\d+) s", error["message"]).group(1))
    assert 1068 <= retry <= 1080 and response.headers["retry-after"] == str(retry)
    assert body["extensions"]["cost"] == {"requested": 52, "limit": 50000, "remaining": 16}, "a refusal is not charged"

    # a refused mutation changes nothing
    name = f"Rate {unique}"
    costly_mutation = ("mutation($i: CreateActorInput!) { createActor(input: $i) { actor { id "
                       "partners { name } members { name } units { name } mandates { title } contacts { name } "
                       "operatesIn { name } } } }")  # 1 + (1 + 1 + 6 * (1 + 3)) = 27 points
    refusal(await signed_in.raw(costly_mutation, {"i": {"name": name, "kind": "CSO"}}), "RATE_LIMITED")
    assert (await signed_in(COUNT_ACTORS, {"s": name}))["actors"]["totalCount"] == 0

    # the bucket is the caller's: an anonymous caller from the same address still has its whole budget
    anonymous = await api(**budget)
    body = await anonymous.raw(query)
    assert not body.get("errors") and body["extensions"]["cost"]["remaining"] == 68


async def test_an_operation_dearer_than_the_whole_budget_is_refused_for_good(api):
    body = await (await api(rate_limit_points=50, rate_limit_window=3600)).raw("{ actors(first: 60) { nodes { name } } }")
    assert refusal(body, "RATE_LIMITED")["message"] == (
        "rate limit exceeded: the operation costs 62 points, more than the budget of 50 points per 3600 s")
    assert body["extensions"]["cost"] == {"requested": 62, "limit": 50000, "remaining": 50}


@pytest.fixture
def persisted(tmp_path):
    allowed = "query Themes { themes(first: 2) { totalCount } }"
    digest = hashlib.sha256(allowed.encode()).hexdigest()
    path = tmp_path / "persisted.json"
    path.write_text(json.dumps({digest: allowed, "0" * 64: "{ actors { totalCount } }"}), encoding="utf-8")
    return {"path": path, "query": allowed, "hash": digest}


async def test_anonymous_callers_may_be_held_to_persisted_operations(api, hub, unique, persisted):
    settings = {"require_persisted_for_anonymous": True, "persisted_operations_file": persisted["path"]}
    public = await api(**settings)
    allowed = await public.raw(persisted["query"])
    assert allowed["data"]["themes"]["totalCount"] > 0 and not allowed.get("errors")

    unknown = "{ themes(first: 3) { totalCount } }"
    error = refusal(await public.raw(unknown), "PERSISTED_QUERY_REQUIRED")
    assert hashlib.sha256(unknown.encode()).hexdigest() in error["message"]
    # an invalid document is refused the same way: validation messages would describe the schema
    error = refusal(await public.raw("{ themez { totalCount } }"), "PERSISTED_QUERY_REQUIRED")
    assert "themes" not in error["message"]
    # an entry whose key is not the hash of its text is not persisted
    refusal(await public.raw("{ actors { totalCount } }"), "PERSISTED_QUERY_REQUIRED")

    # Apollo-style: the hash alone, in extensions.persistedQuery
    by_hash = await public.http.post("/graphql", json={
        "operationName": "Themes", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": persisted["hash"]}}})
    assert by_hash.json()["data"]["themes"]["totalCount"] > 0
    missing = await public.http.post("/graphql", json={
        "operationName": "Themes", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "ab" * 32}}})
    refusal(missing.json(), "PERSISTED_QUERY_NOT_FOUND")
    mismatch = await public.http.post("/graphql", json={
        "query": unknown, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": persisted["hash"]}}})
    refusal(mismatch.json(), "BAD_USER_INPUT")

    # callers with a token run anything
    signed_in = await api(await issue_token(hub, Role.ANALYST, name=f"persisted {unique}"), **settings)
    assert (await signed_in(unknown))["themes"]["totalCount"] > 0


async def test_persisted_operations_are_optional_by_default(api, persisted):
    public = await api(persisted_operations_file=persisted["path"])
    assert (await public("{ themes(first: 3) { totalCount } }"))["themes"]["totalCount"] > 0
    by_hash = await public.http.post("/graphql", json={"extensions": {"persistedQuery": {"sha256Hash": persisted["hash"]}}})
    assert by_hash.json()["data"]["themes"]["totalCount"] > 0


@pytest.mark.parametrize("settings,query,code", [
    ({"max_query_depth": 2}, DEEP, "QUERY_TOO_DEEP"),
    ({"max_aliases": 2}, ALIASES, "TOO_MANY_ALIASES"),
    ({"max_tokens": 20}, TOKENS_20.replace("description }", "description } totalCount"), "TOO_MANY_TOKENS"),
    ({"introspection": False}, INTROSPECTION, "INTROSPECTION_DISABLED"),
], ids=["depth", "aliases", "tokens", "introspection"])
async def test_a_text_parsed_and_validated_before_still_meets_each_servers_limits(api, settings, query, code):
    """Documents, their standard validation and a pass of the limits are cached by text (schema/documents.py);
    the limits are each server's own, and a pass is kept only for the same limits: the same text runs on one
    server and is refused on another, then runs again."""
    lenient, strict = await api(), await api(**settings)
    for client, refused in ((lenient, False), (strict, True), (lenient, False), (strict, True)):
        body = await client.raw(query)
        if refused:
            refusal(body, code)
        else:
            assert not body.get("errors") and body["data"], body


async def test_an_invalid_text_is_reported_each_time_it_is_sent(public):
    for _ in range(2):
        body = await public.raw("{ actors { nodes { nosuchfield } } }")
        assert body.get("data") is None
        [error] = body["errors"]
        assert "nosuchfield" in error["message"] and error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", error
    for _ in range(2):
        body = await public.raw("{ actors { nodes { name }")
        [error] = body["errors"]
        assert body.get("data") is None and error["message"].startswith("Syntax Error"), body
