"""Safe retries: creates and links sent with a clientMutationId are done once per caller and key, even when
retried after UNAVAILABLE, sent twice at once, or sent to two hub processes at once."""

from __future__ import annotations

import asyncio

import pytest

from hub.access import Viewer
from hub.graph.connection import Graph, GraphUnavailable
from hub.services.idempotency import Idempotency
from hub.services.registry import Registry
from tests.conftest import GraphQLClient, issue_token

CREATE_NEED = """mutation($i: CreateNeedInput!) { createNeed(input: $i) {
  need { id title } userErrors { field message code } } }"""
COUNT_NEEDS = "query($s: String!) { needs(filter: {search: $s}) { totalCount } }"
CREATE_ACTOR = "mutation($i: CreateActorInput!) { createActor(input: $i) { actor { id } userErrors { code } } }"
LINK = """mutation($i: LinkInput!) { link(input: $i) {
  relationship { role assertedAt } userErrors { field message code } } }"""


async def _count(gql, text: str) -> int:
    return (await gql(COUNT_NEEDS, {"s": text}))["needs"]["totalCount"]


async def test_a_retry_with_the_same_key_returns_the_first_record_and_writes_nothing(gql, unique):
    data = {"title": f"Idempotent need {unique}", "severity": "LOW", "clientMutationId": f"retry-{unique}"}
    first = (await gql(CREATE_NEED, {"i": data}))["createNeed"]
    again = (await gql(CREATE_NEED, {"i": data}))["createNeed"]
    assert not first["userErrors"] and not again["userErrors"]
    assert again["need"]["id"] == first["need"]["id"]
    assert await _count(gql, unique) == 1


async def test_the_same_key_with_other_input_is_refused(gql, unique):
    key = f"reused-{unique}"
    await gql(CREATE_NEED, {"i": {"title": f"First need {unique}", "severity": "LOW", "clientMutationId": key}})
    other = (await gql(CREATE_NEED, {"i": {"title": f"Other need {unique}", "severity": "LOW", "clientMutationId": key}}))
    errors = other["createNeed"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [("clientMutationId", "IDEMPOTENCY_KEY_REUSED")]
    assert other["createNeed"]["need"] is None
    assert await _count(gql, unique) == 1


async def test_keys_belong_to_their_caller(gql, client, hub, unique):
    other = GraphQLClient(client, await issue_token(hub, name=f"other caller {unique}"))
    data = {"title": f"Two callers {unique}", "severity": "LOW", "clientMutationId": "same-key"}
    mine = (await gql(CREATE_NEED, {"i": data}))["createNeed"]["need"]
    theirs = (await other(CREATE_NEED, {"i": data}))["createNeed"]["need"]
    assert mine["id"] != theirs["id"]
    assert await _count(gql, unique) == 2


@pytest.mark.parametrize("key, code", [("", "INVALID"), ("   ", "INVALID"), ("k" * 201, "TOO_LONG")])
async def test_a_bad_key_is_a_user_error(gql, unique, key, code):
    body = (await gql(CREATE_NEED, {"i": {"title": f"Bad key {unique}", "severity": "LOW", "clientMutationId": key}}))
    assert [(e["field"], e["code"]) for e in body["createNeed"]["userErrors"]] == [("clientMutationId", code)]
    assert await _count(gql, unique) == 0


async def test_concurrent_creates_with_one_key_store_one_record(gql, unique):
    data = {"title": f"Raced need {unique}", "severity": "LOW", "clientMutationId": f"race-{unique}"}
    results = await asyncio.gather(*(gql(CREATE_NEED, {"i": data}) for _ in range(6)))
    ids = {r["createNeed"]["need"]["id"] for r in results}
    assert all(not r["createNeed"]["userErrors"] for r in results)
    assert len(ids) == 1
    assert await _count(gql, unique) == 1


async def test_two_hub_processes_racing_on_one_key_store_one_record(hub, gql, unique):
    """Each registry has a driver of its own, as two hub processes behind a load balancer would."""
    if hub.server is not None:
        user, password = hub.server.credentials.user, hub.server.credentials.password
    else:
        user, password = hub.settings.neo4j_user, hub.settings.neo4j_password or ""
    graphs = [Graph(hub.graph.uri, user, password, hub.graph.database) for _ in range(2)]
    try:
        viewer = Viewer.system(f"two processes {unique}")
        values = {"title": f"Two processes {unique}", "severity": "LOW"}
        idem = Idempotency.of(f"process-race-{unique}", "createNeed", values)
        results = await asyncio.gather(*(Registry(graphs[n % 2]).create("Need", dict(values), viewer, idempotency=idem)
                                         for n in range(6)))
    finally:
        for graph in graphs:
            await graph.close()
    assert all(not r.user_errors for r in results), [r.user_errors for r in results]
    assert len({r.record.key for r in results}) == 1
    assert sum(not r.replayed for r in results) == 1, "exactly one call wrote; the others replayed its outcome"
    assert await _count(gql, unique) == 1


async def test_a_retry_after_unavailable_stores_nothing_twice(hub, client, gql, unique, monkeypatch):
    """The commit went through but its acknowledgement was lost: the client saw UNAVAILABLE (HTTP 503 with
    Retry-After, since the operation as a whole could not run) and retries."""
    original = hub.graph.write

    async def acknowledgement_lost(work, **kwargs):
        await original(work, **kwargs)
        monkeypatch.setattr(hub.graph, "write", original)
        raise GraphUnavailable("the graph server went away while committing; outcome unknown")

    monkeypatch.setattr(hub.graph, "write", acknowledgement_lost)
    data = {"title": f"Lost answer {unique}", "severity": "LOW", "clientMutationId": f"lost-{unique}"}
    response = await client.post("/graphql", json={"query": CREATE_NEED, "variables": {"i": data}}, headers=gql.headers())
    assert response.status_code == 503 and int(response.headers["retry-after"]) > 0
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["UNAVAILABLE"]
    assert await _count(gql, unique) == 1, "the first attempt was stored"
    retried = (await gql(CREATE_NEED, {"i": data}))["createNeed"]
    assert not retried["userErrors"] and retried["need"]["title"] == data["title"]
    assert await _count(gql, unique) == 1


async def test_a_link_retried_with_its_key_writes_nothing_new(gql, unique):
    actor = (await gql(CREATE_ACTOR, {"i": {"name": f"Linking org {unique}", "kind": "CSO"}}))["createActor"]["actor"]["id"]
    initiative = (await gql("mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { initiative { id } } }",
                            {"i": {"title": f"Linked initiative {unique}"}}))["createInitiative"]["initiative"]["id"]
    data = {"type": "IMPLEMENTS", "fromId": actor, "toId": initiative, "role": "LEAD", "clientMutationId": f"link-{unique}"}
    results = await asyncio.gather(*(gql(LINK, {"i": data}) for _ in range(4)))
    stamps = {r["link"]["relationship"]["assertedAt"] for r in results}
    assert all(not r["link"]["userErrors"] for r in results) and len(stamps) == 1
    again = (await gql(LINK, {"i": data}))["link"]
    assert again["relationship"] == {"role": "LEAD", "assertedAt": stamps.pop()}
    other = (await gql(LINK, {"i": data | {"role": "PARTNER"}}))["link"]
    assert [e["code"] for e in other["userErrors"]] == ["IDEMPOTENCY_KEY_REUSED"]
    role = await gql("query($id: ID!) { node(id: $id) { ... on Initiative { implementers { role } } } }", {"id": initiative})
    assert role["node"]["implementers"] == [{"role": "LEAD"}]
