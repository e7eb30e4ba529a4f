"""Link and unlink: every relationship type between the right records, idempotent, never dangling."""

from __future__ import annotations

import asyncio

import pytest

from hub.model import RELATIONSHIP_TYPES
from tests.test_registry_mutations import create, delete, valid_input

LINK = """mutation($i: LinkInput!) { link(input: $i) {
  relationship { type role source assertedBy from { id } to { id } } userErrors { field message code } } }"""
UNLINK = "mutation($i: UnlinkInput!) { unlink(input: $i) { userErrors { field message code } } }"


async def make(gql, label: str, unique: str, n: int = 0) -> str:
    data = valid_input(label, f"{unique}{n}")
    record = await create(gql, label, data)
    assert record["userErrors"] == []
    return record[label[0].lower() + label[1:]]["id"]


@pytest.mark.parametrize("rel,source,target", sorted(
    (rel.name, a, b) for rel in RELATIONSHIP_TYPES.values() for a, b in rel.ends))
async def test_every_relationship_links_and_unlinks(gql, unique, rel, source, target):
    from_id = await make(gql, source, unique, 1)
    to_id = await make(gql, target, unique, 2)
    linked = (await gql(LINK, {"i": {"type": rel, "fromId": from_id, "toId": to_id, "source": "field visit"}}))["link"]
    assert linked["userErrors"] == []
    assert linked["relationship"]["type"] == rel and linked["relationship"]["source"] == "field visit"
    assert (linked["relationship"]["from"]["id"], linked["relationship"]["to"]["id"]) == (from_id, to_id)
    assert (await gql(UNLINK, {"i": {"type": rel, "fromId": from_id, "toId": to_id}}))["unlink"]["userErrors"] == []
    again = (await gql(UNLINK, {"i": {"type": rel, "fromId": from_id, "toId": to_id}}))["unlink"]
    assert [e["code"] for e in again["userErrors"]] == ["NOT_FOUND"]


async def test_linking_twice_keeps_one_relationship_with_the_newer_role(gql, unique):
    actor = await make(gql, "Actor", unique)
    initiative = await make(gql, "Initiative", unique)
    for role in ("LEAD", "PARTNER"):
        await gql(LINK, {"i": {"type": "IMPLEMENTS", "fromId": actor, "toId": initiative, "role": role}})
    data = await gql("query($id: ID!) { node(id: $id) { ... on Initiative { implementers { role actor { id } } } } }",
                     {"id": initiative})
    assert data["node"]["implementers"] == [{"role": "PARTNER", "actor": {"id": actor}}]


async def test_concurrent_links_create_one_relationship(gql, unique):
    actor = await make(gql, "Actor", unique)
    place = await make(gql, "Location", unique)
    results = await asyncio.gather(*(gql(LINK, {"i": {"type": "OPERATES_IN", "fromId": actor, "toId": place}})
                                     for _ in range(5)))
    assert all(r["link"]["userErrors"] == [] for r in results)
    data = await gql("query($id: ID!) { node(id: $id) { ... on Actor { operatesIn { id } } } }", {"id": actor})
    assert data["node"]["operatesIn"] == [{"id": place}]


async def test_symmetric_relationships_read_both_ways_and_are_not_doubled(gql, unique):
    a = await make(gql, "Actor", unique, 1)
    b = await make(gql, "Actor", unique, 2)
    await gql(LINK, {"i": {"type": "PARTNERS_WITH", "fromId": a, "toId": b}})
    await gql(LINK, {"i": {"type": "PARTNERS_WITH", "fromId": b, "toId": a}})
    query = "query($a: ID!, $b: ID!) { a: node(id: $a) { ... on Actor { partners { id } } } b: node(id: $b) { ... on Actor { partners { id } } } }"
    data = await gql(query, {"a": a, "b": b})
    assert data == {"a": {"partners": [{"id": b}]}, "b": {"partners": [{"id": a}]}}
    assert (await gql(UNLINK, {"i": {"type": "PARTNERS_WITH", "fromId": b, "toId": a}}))["unlink"]["userErrors"] == []
    assert (await gql(query, {"a": a, "b": b}))["a"]["partners"] == []


async def test_wrong_endpoint_types_are_refused(gql, unique):
    actor = await make(gql, "Actor", unique)
    theme = await make(gql, "Theme", unique)
    result = (await gql(LINK, {"i": {"type": "LOCATED_IN", "fromId": actor, "toId": theme}}))["link"]
    assert [(e["field"], e["code"]) for e in result["userErrors"]] == [("type", "WRONG_TYPE")]
    assert "Initiative to Location" in result["userErrors"][0]["message"]


async def test_role_only_for_implements(gql, unique):
    actor = await make(gql, "Actor", unique)
    place = await make(gql, "Location", unique)
    result = (await gql(LINK, {"i": {"type": "OPERATES_IN", "fromId": actor, "toId": place, "role": "LEAD"}}))["link"]
    assert [(e["field"], e["code"]) for e in result["userErrors"]] == [("role", "INVALID")]


async def test_missing_records_are_named(gql, unique):
    actor = await make(gql, "Actor", unique)
    initiative = await make(gql, "Initiative", unique)
    await delete(gql, "Initiative", {"id": initiative})
    result = (await gql(LINK, {"i": {"type": "IMPLEMENTS", "fromId": actor, "toId": initiative}}))["link"]
    assert [(e["field"], e["code"]) for e in result["userErrors"]] == [("toId", "NOT_FOUND")]
    bad = (await gql(LINK, {"i": {"type": "IMPLEMENTS", "fromId": "garbage", "toId": initiative}}))["link"]
    assert [(e["field"], e["code"]) for e in bad["userErrors"]] == [("fromId", "INVALID_ID")]


async def test_hierarchies_stay_acyclic(gql, unique):
    region = await make(gql, "Location", unique, 1)
    district = await make(gql, "Location", unique, 2)
    village = await make(gql, "Location", unique, 3)
    await gql(LINK, {"i": {"type": "PART_OF", "fromId": district, "toId": region}})
    await gql(LINK, {"i": {"type": "PART_OF", "fromId": village, "toId": district}})
    for from_id, to_id in ((region, village), (region, region)):
        result = (await gql(LINK, {"i": {"type": "PART_OF", "fromId": from_id, "toId": to_id}}))["link"]
        assert [e["code"] for e in result["userErrors"]] == ["CYCLE"]


async def test_deleting_never_leaves_dangling_relationships(gql, unique):
    actor = await make(gql, "Actor", unique)
    place = await make(gql, "Location", unique)
    await gql(LINK, {"i": {"type": "OPERATES_IN", "fromId": actor, "toId": place}})
    deleted = await delete(gql, "Location", {"id": place})
    assert deleted["userErrors"] == []
    data = await gql("query($id: ID!) { node(id: $id) { ... on Actor { operatesIn { id } } } }", {"id": actor})
    assert data["node"]["operatesIn"] == []


async def test_actor_with_initiatives_is_deleted_only_with_cascade(gql, unique):
    actor = await make(gql, "Actor", unique, 1)
    other = await make(gql, "Actor", unique, 2)
    own = await make(gql, "Initiative", unique, 1)
    shared = await make(gql, "Initiative", unique, 2)
    contact = (await create(gql, "Contact", valid_input("Contact", unique)))["contact"]["id"]
    for rel, a, b in (("IMPLEMENTS", actor, own), ("IMPLEMENTS", actor, shared), ("IMPLEMENTS", other, shared),
                      ("LIAISON_FOR", contact, actor)):
        await gql(LINK, {"i": {"type": rel, "fromId": a, "toId": b}})
    refused = await delete(gql, "Actor", {"id": actor})
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("cascade", "HAS_DEPENDENTS")]
    assert "2 initiatives" in refused["userErrors"][0]["message"]
    cascaded = await delete(gql, "Actor", {"id": actor, "cascade": True})
    assert sorted(cascaded["deletedIds"]) == sorted([actor, own, contact])
    data = await gql("query($id: ID!) { node(id: $id) { ... on Initiative { implementers { actor { id } } } } }", {"id": shared})
    assert data["node"]["implementers"] == [{"actor": {"id": other}}]


async def test_a_place_with_places_inside_cannot_be_deleted(gql, unique):
    region = await make(gql, "Location", unique, 1)
    district = await make(gql, "Location", unique, 2)
    await gql(LINK, {"i": {"type": "PART_OF", "fromId": district, "toId": region}})
    refused = await delete(gql, "Location", {"id": region})
    assert [e["code"] for e in refused["userErrors"]] == ["HAS_DEPENDENTS"]
