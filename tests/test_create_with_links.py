"""Every create mutation takes the record's natural relationships in its input and makes them in the same
transaction: one call registers a need where it was identified, on its themes, with who reported it; an
unknown ID creates nothing; a retry with the same clientMutationId makes nothing twice; a contact registered
for an organisation is its liaison point."""

from __future__ import annotations

import json

import pytest

from hub.access import Role, Viewer
from hub.graph import nodes
from hub.graph.connection import fetch_collected
from hub.ids import from_global_id
from hub.services import audit
from tests.conftest import GraphQLClient, issue_token


async def _make(gql, label: str, data: dict) -> str:
    name = label[0].lower() + label[1:]
    query = f"mutation($i: Create{label}Input!) {{ create{label}(input: $i) {{ {name} {{ id }} userErrors {{ field message code }} }} }}"
    answer = (await gql(query, {"i": data}))[f"create{label}"]
    assert answer["userErrors"] == [], answer
    return answer[name]["id"]


@pytest.fixture
async def world(gql, unique) -> dict:
    """Two places, two themes and three actors of the test's own."""
    w = {"district": await _make(gql, "Location", {"code": f"D-{unique}", "name": f"District {unique}",
                                                   "level": "ADMIN2", "country": "KG"}),
         "theme": await _make(gql, "Theme", {"code": f"water-{unique}", "name": f"Water {unique}"})}
    w["village"] = await _make(gql, "Location", {"code": f"V-{unique}", "name": f"Village {unique}",
                                                 "level": "SETTLEMENT", "country": "KG"})
    w["theme2"] = await _make(gql, "Theme", {"code": f"pasture-{unique}", "name": f"Pasture {unique}"})
    for name in ("wg", "agency", "donor"):
        w[name] = await _make(gql, "Actor", {"name": f"{name} {unique}", "kind": "CSO", "country": "KG"})
    return w


NEED = """mutation($i: CreateNeedInput!) { createNeed(input: $i) {
  need { id locations { id } themes { id } reportedBy { id } }
  userErrors { field message code } } }"""
COUNT_NEEDS = "query($s: String!) { needs(filter: {search: $s}) { totalCount } }"


async def test_a_need_is_registered_with_its_place_themes_and_reporter_in_one_call(gql, world, unique):
    data = {"title": f"Pasture dispute {unique}", "severity": "HIGH", "locationIds": [world["village"]],
            "themeIds": [world["theme"], world["theme2"]], "reportedByIds": [world["wg"]],
            "clientMutationId": f"need-{unique}"}
    answer = (await gql(NEED, {"i": data}))["createNeed"]
    assert answer["userErrors"] == []
    need = answer["need"]
    assert [p["id"] for p in need["locations"]] == [world["village"]]
    assert {t["id"] for t in need["themes"]} == {world["theme"], world["theme2"]}
    assert [a["id"] for a in need["reportedBy"]] == [world["wg"]]
    # the relationships are the model's own: coverage analyses and filters find the need by its place and theme
    found = await gql("query($l: ID!, $t: ID!) { needs(filter: {locationId: $l, themeId: $t}) { nodes { id } } }",
                      {"l": world["village"], "t": world["theme2"]})
    assert [n["id"] for n in found["needs"]["nodes"]] == [need["id"]]
    reported = await gql("query($id: ID!) { node(id: $id) { ... on Actor { reportedNeeds { id } } } }", {"id": world["wg"]})
    assert [n["id"] for n in reported["node"]["reportedNeeds"]] == [need["id"]]
    # a retry stores no second need and no second relationship
    again = (await gql(NEED, {"i": data}))["createNeed"]
    assert again["need"] == need and (await gql(COUNT_NEEDS, {"s": unique}))["needs"]["totalCount"] == 1


async def test_an_unknown_id_creates_nothing_and_names_the_field(gql, world, unique):
    missing_theme = "VGhlbWU6bm8tc3VjaC10aGVtZQ"  # Theme:no-such-theme
    data = {"title": f"Orphan need {unique}", "locationIds": [world["village"]], "themeIds": [world["theme"], missing_theme]}
    answer = (await gql(NEED, {"i": data}))["createNeed"]
    assert answer["need"] is None
    assert [(e["field"], e["code"]) for e in answer["userErrors"]] == [("themeIds.1", "NOT_FOUND")]
    wrong_type = (await gql(NEED, {"i": {"title": f"Wrong {unique}", "reportedByIds": [world["village"]]}}))["createNeed"]
    assert [(e["field"], e["code"]) for e in wrong_type["userErrors"]] == [("reportedByIds.0", "INVALID_ID")]
    assert (await gql(COUNT_NEEDS, {"s": unique}))["needs"]["totalCount"] == 0


# label -> (extra input naming the world's records, the read-back selection, what it must return)
CASES = {
    "Mandate": ({"locationIds": ["district"], "themeIds": ["theme"], "holderIds": ["agency"]},
                "covers { id } themes { id } holders { id }",
                {"covers": ["district"], "themes": ["theme"], "holders": ["agency"]}),
    "Actor": ({"locationIds": ["village"], "parentId": "agency", "memberOfIds": ["wg"], "partnerIds": ["donor"],
               "funderIds": ["donor"]},
              "operatesIn { id } parent { id } memberOf { id } partners { id } fundedBy { id }",
              {"operatesIn": ["village"], "parent": "agency", "memberOf": ["wg"], "partners": ["donor"],
               "fundedBy": ["donor"]}),
    "Location": ({"parentId": "district", "borderIds": ["village"]}, "parent { id } borders { id }",
                 {"parent": "district", "borders": ["village"]}),
    "Theme": ({"broaderId": "theme"}, "broader { id }", {"broader": "theme"}),
}
BASE = {
    "Mandate": lambda u: {"title": f"Decree {u}", "issuer": "Government"},
    "Actor": lambda u: {"name": f"Field office {u}", "kind": "UN_AGENCY", "country": "KG"},
    "Location": lambda u: {"code": f"N-{u}", "name": f"Hamlet {u}", "level": "SETTLEMENT", "country": "KG"},
    "Theme": lambda u: {"code": f"wells-{u}", "name": f"Wells {u}"},
}


def _resolve(world: dict, value):
    return [world[v] for v in value] if isinstance(value, list) else world[value]


@pytest.mark.parametrize("label", sorted(CASES))
async def test_every_create_takes_its_natural_relationships(gql, world, unique, label):
    extra, selection, expected = CASES[label]
    data = BASE[label](unique) | {field: _resolve(world, value) for field, value in extra.items()}
    record_id = await _make(gql, label, data)
    read = (await gql(f"query($id: ID!) {{ node(id: $id) {{ ... on {label} {{ {selection} }} }} }}", {"id": record_id}))["node"]
    for field, value in expected.items():
        got = read[field]
        assert ([r["id"] for r in got] if isinstance(got, list) else got["id"]) == _resolve(world, value), field


CONTACT = """mutation($i: CreateContactInput!) { createContact(input: $i) {
  contact { id actor { id } } userErrors { field message code } } }"""
CONTACTS = "query($id: ID!) { node(id: $id) { ... on Actor { contacts { id name } } } }"


async def test_a_contact_is_the_liaison_point_of_the_organisation_it_is_registered_for(gql, client, hub, world, unique):
    made = (await gql(CONTACT, {"i": {"name": f"Aida {unique}", "ownerId": world["wg"]}}))["createContact"]
    assert made["userErrors"] == [] and made["contact"]["actor"]["id"] == world["wg"]
    assert [c["id"] for c in (await gql(CONTACTS, {"id": world["wg"]}))["node"]["contacts"]] == [made["contact"]["id"]]
    # a member acting for one organisation may leave ownerId out: the contact is that organisation's
    member = GraphQLClient(client, await issue_token(hub, Role.MEMBER, [from_global_id(world["agency"], "Actor", "id")[1]],
                                                     name=f"member {unique}"))
    own = (await member(CONTACT, {"i": {"name": f"Bakyt {unique}", "clientMutationId": f"c-{unique}"}}))["createContact"]
    assert own["userErrors"] == [] and own["contact"]["actor"]["id"] == world["agency"]
    again = (await member(CONTACT, {"i": {"name": f"Bakyt {unique}", "clientMutationId": f"c-{unique}"}}))["createContact"]
    assert again["contact"]["id"] == own["contact"]["id"]
    assert [c["name"] for c in (await gql(CONTACTS, {"id": world["agency"]}))["node"]["contacts"]] == [f"Bakyt {unique}"]
    # without an owner (an admin's choice) nothing is linked
    loose = (await gql(CONTACT, {"i": {"name": f"Chynara {unique}"}}))["createContact"]
    assert loose["userErrors"] == [] and loose["contact"]["actor"] is None


@pytest.mark.parametrize("label", sorted(CASES))
async def test_the_trail_of_a_create_holds_the_record_as_stored(gql, hub, world, unique, label):
    """The record, its links and its audit entries are written by one statement, so the CREATE entry is
    made from the properties sent, not read back: they must be what the graph keeps."""
    extra, _, _ = CASES[label]
    record_id = await _make(gql, label, BASE[label](unique) | {field: _resolve(world, value) for field, value in extra.items()})
    key = from_global_id(record_id, label, "id")[1]
    stored = (await hub.graph.read(lambda tx: fetch_collected(tx, nodes.get_by_keys(label), keys=[key],
                                                         **Viewer.system("test").params())))[0]["node"]
    trail = (await gql("query($id: ID!) { auditTrail(recordId: $id) { nodes { action after } } }",
                       {"id": record_id}))["auditTrail"]["nodes"]
    assert [e["after"] for e in trail if e["action"] == "CREATE"] == [json.loads(audit.snapshot(stored))]
