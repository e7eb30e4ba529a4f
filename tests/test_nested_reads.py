"""A page reads its records' selected relations along with them (schema.types.nested_reads): the answers are
those each record gives on its own, for every viewer, in the same order, and the first level costs no
statement of its own."""

from __future__ import annotations

import pytest

from tests.test_lists_and_search import link, world  # noqa: F401 - the fixture
from tests.test_registry_mutations import create
from tests.test_round_trips import statements, transactions  # noqa: F401 - the fixtures

# six relation fields (more than a page reads along: the rest load after it), one of them twice under an alias
# with another selection, and a second level
RECORD = """id title
    implementers { role actor { name } }
    leads: implementers { actor { id kind partners { name } } }
    locations { name level }
    themes { code broader { code } }
    funders { name }
    components { title }"""


@pytest.fixture
async def around(gql, world, unique):  # noqa: F811
    """The world's village initiative with three implementers (one private, names out of creation order), a
    funder, a component, and a sensitive initiative placed at the village."""
    ids = dict(world)
    for name, visibility in (("Zeta", "PUBLIC"), ("Hidden", "PRIVATE"), ("Alpha", "PUBLIC")):
        ids[name] = (await create(gql, "Actor", {"name": f"{name} {unique}", "kind": "INTERNATIONAL_NGO", "visibility": visibility}))["actor"]["id"]
        await link(gql, "IMPLEMENTS", ids[name], world["at-village"], role="PARTNER")
    await link(gql, "PARTNERS_WITH", ids["Zeta"], ids["Alpha"])
    await link(gql, "FUNDS", ids["Zeta"], world["at-district"])
    await link(gql, "PART_OF", world["at-region"], world["at-village"])
    ids["sensitive"] = (await create(gql, "Initiative", {"title": f"sensitive {unique}", "sensitive": True}))["initiative"]["id"]
    await link(gql, "LOCATED_IN", ids["sensitive"], world["village"])
    await link(gql, "IMPLEMENTS", ids["Alpha"], ids["sensitive"], role="LEAD")
    return ids


async def _listed(client, unique: str) -> list[dict]:
    query = """query($s: String) { initiatives(filter: {search: $s}, first: 20) { totalCount nodes { %s }
                                   edges { node { id other: implementers { actor { name } } } } } }""" % RECORD
    found = (await client(query, {"s": unique}))["initiatives"]
    assert found["totalCount"] == len(found["nodes"]) == len(found["edges"])
    for node, edge in zip(found["nodes"], found["edges"]):
        assert edge["node"]["other"] == [{"actor": i["actor"]} for i in node["implementers"]]
    return found["nodes"]


async def _alone(client, global_id: str) -> dict:
    return (await client("query($id: ID!) { node(id: $id) { ... on Initiative { %s } } }" % RECORD,
                         {"id": global_id}))["node"]


@pytest.mark.parametrize("viewer", ["admin", "anonymous"])
async def test_a_pages_relations_are_what_each_record_shows_on_its_own(gql, public, around, unique, viewer):
    client = gql if viewer == "admin" else public
    listed = await _listed(client, unique)
    assert len(listed) == 5
    for node in listed:
        assert node == await _alone(client, node["id"])
    village = next(n for n in listed if n["id"] == around["at-village"])
    names = [i["actor"]["name"].removesuffix(f" {unique}") for i in village["implementers"]]
    assert names == (["Actor", "Alpha", "Hidden", "Zeta"] if viewer == "admin" else ["Actor", "Alpha", "Zeta"])
    assert village["components"] == [{"title": f"at-region {unique}"}]
    assert [lead["actor"]["partners"] for lead in village["leads"]][1] == [{"name": f"Zeta {unique}"}]
    sensitive = next(n for n in listed if n["id"] == around["sensitive"])
    expected = ("village", "SETTLEMENT") if viewer == "admin" else ("region", "ADMIN1")  # shown coarsely
    assert sensitive["locations"] == [{"name": f"{expected[0]} {unique}", "level": expected[1]}]


async def test_a_pages_first_level_of_relations_comes_with_it(gql, around, unique, statements, transactions):  # noqa: F811
    """The page with its records' implementers and places in one statement, sent on its own (no BEGIN, no
    COMMIT), the look-up of the caller's token beside it."""
    query = """query($s: String) { initiatives(filter: {search: $s}, first: 20) {
      nodes { title implementers { role actor { name } } locations { name } } } }"""
    village = next(n for n in (await gql(query, {"s": unique}))["initiatives"]["nodes"]
                   if n["title"] == f"at-village {unique}")
    assert len(village["implementers"]) == 4 and village["locations"] == [{"name": f"village {unique}"}]
    assert len(transactions) == 1 + 1 and len(statements) == 1 + 1


@pytest.mark.parametrize("viewer", ["admin", "anonymous"])
async def test_a_record_by_id_reads_its_relations_with_it(gql, public, around, unique, viewer,
                                                          statements, transactions):  # noqa: F811
    """node(id:) reads the relations its selection asks for in its own statement (a fragment on another type
    asks for nothing); its answers are those of nodes(ids:), which loads them after the records, for every
    viewer: the private implementer hidden, the sensitive record's places coarse."""
    client = gql if viewer == "admin" else public
    ids = [around[name] for name in ("at-village", "sensitive", "Alpha")]
    loaded = (await client("query($ids: [ID!]!) { nodes(ids: $ids) { ... on Initiative { %s } } }" % RECORD,
                           {"ids": ids}))["nodes"]
    for global_id, expected in zip(ids, loaded):
        assert await _alone(client, global_id) == expected
    assert loaded[0]["implementers"] != [] and loaded[2] == {}

    statements.clear()
    transactions.clear()
    query = """query($id: ID!) { node(id: $id) { ... on Initiative { title implementers { role actor { name } }
                                                                    locations { name level } }
                                                 ... on Actor { partners { name } } } }"""
    village = (await client(query, {"id": around["at-village"]}))["node"]
    names = [i["actor"]["name"].removesuffix(f" {unique}") for i in village["implementers"]]
    assert names == (["Actor", "Alpha", "Hidden", "Zeta"] if viewer == "admin" else ["Actor", "Alpha", "Zeta"])
    assert village["locations"] == [{"name": f"village {unique}", "level": "SETTLEMENT"}]
    assert len(transactions) == len(statements) == (1 + 1 if viewer == "admin" else 1)  # the token's look-up beside
    sensitive = (await client(query, {"id": around["sensitive"]}))["node"]
    expected = ("village", "SETTLEMENT") if viewer == "admin" else ("region", "ADMIN1")
    assert sensitive["locations"] == [{"name": f"{expected[0]} {unique}", "level": expected[1]}]
