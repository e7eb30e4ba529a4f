"""Due diligence and protection of people at risk: verification that expires, observation history,
and sensitive records shown only coarsely to those who may not see more."""

from __future__ import annotations

import pytest

from hub.access import Role, Viewer
from hub.services import trust
from tests.conftest import GraphQLClient, issue_token
from tests.test_auth import ACTOR, INITIATIVE, actor_key

VERIFICATION = "query($id: ID!) { node(id: $id) { ... on Actor { verification { status verifiedBy evidence expiresAt } } } }"
VERIFY = """mutation($i: VerifyActorInput!) { verifyActor(input: $i) { verification { status verifiedBy evidence } } }"""


@pytest.fixture
async def cso(gql, unique) -> str:
    return (await gql(ACTOR, {"i": {"name": f"Women of Vorukh {unique}", "kind": "CSO", "country": "TJ"}}))["createActor"]["actor"]["id"]


async def test_an_actor_is_unverified_until_an_admin_verifies_it(gql, public, cso):
    assert (await public(VERIFICATION, {"id": cso}))["node"]["verification"]["status"] == "UNVERIFIED"
    verified = await gql(VERIFY, {"i": {"actorId": cso, "evidence": "registration certificate checked; site visit"}})
    assert verified["verifyActor"]["verification"] == {"status": "VERIFIED", "verifiedBy": "token:test admin",
                                                       "evidence": "registration certificate checked; site visit"}
    shown = (await public(VERIFICATION, {"id": cso}))["node"]["verification"]
    assert shown["status"] == "VERIFIED" and shown["expiresAt"]


async def test_verification_expires(hub, gql, cso):
    await gql(VERIFY, {"i": {"actorId": cso, "evidence": "checked"}})
    # The latest verification counts; one made with a validity that has already run out is expired.
    await trust.verify(hub.graph, Viewer.system(), actor_key(cso), "re-checked under an old rule", valid_days=-1)
    data = await gql(VERIFICATION, {"id": cso})
    assert data["node"]["verification"]["status"] == "EXPIRED"


async def test_a_trusted_network_verifies_its_members_only(gql, client, hub, cso, unique):
    network = (await gql(ACTOR, {"i": {"name": f"Trusted Net {unique}", "kind": "NETWORK"}}))["createActor"]["actor"]["id"]
    outsider = (await gql(ACTOR, {"i": {"name": f"Outsider {unique}", "kind": "CSO"}}))["createActor"]["actor"]["id"]
    await gql("mutation($i: LinkInput!) { link(input: $i) { userErrors { code } } }",
              {"i": {"type": "MEMBER_OF", "fromId": cso, "toId": network}})
    net = GraphQLClient(client, await issue_token(hub, Role.MEMBER, [actor_key(network)], name="network officer"))
    body = await net.raw(VERIFY, {"i": {"actorId": cso, "evidence": "known member since 2019"}})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # not trusted yet
    await gql("mutation($id: ID!) { setTrustedVerifier(actorId: $id, trusted: true) { id } }", {"id": network})
    done = await net(VERIFY, {"i": {"actorId": cso, "evidence": "known member since 2019"}})
    assert done["verifyActor"]["verification"]["status"] == "VERIFIED"
    body = await net.raw(VERIFY, {"i": {"actorId": outsider, "evidence": "?"}})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_observations_keep_their_history_and_are_not_public(gql, public, cso):
    add = """mutation($i: AddObservationInput!) { addObservation(input: $i) { kind text by } }"""
    await gql(add, {"i": {"actorId": cso, "kind": "RISK_FLAG", "text": "staff threatened after a radio interview"}})
    await gql(add, {"i": {"actorId": cso, "kind": "RISK_CLEARED", "text": "situation calmed; keep low profile"}})
    query = "query($id: ID!) { node(id: $id) { ... on Actor { observations { kind text } } } }"
    history = (await gql(query, {"id": cso}))["node"]["observations"]
    assert [o["kind"] for o in history] == ["RISK_CLEARED", "RISK_FLAG"]
    assert (await public(query, {"id": cso}))["node"]["observations"] == []


async def test_freshness_is_shown_on_every_actor(public, cso):
    data = await public("query($id: ID!) { node(id: $id) { ... on Actor { freshness { daysSinceUpdate updatedAt verification { status } } } } }",
                        {"id": cso})
    assert data["node"]["freshness"]["daysSinceUpdate"] == 0 and data["node"]["freshness"]["verification"]["status"]


@pytest.fixture
async def sensitive_world(gql, unique):
    ids = {}
    for name, level, parent in (("prov", "ADMIN1", None), ("dist", "ADMIN2", "prov"), ("vill", "SETTLEMENT", "dist")):
        data = {"code": f"{name}-{unique}", "name": f"{name} {unique}", "level": level, "country": "RU"}
        ids[name] = (await gql("mutation($i: CreateLocationInput!) { createLocation(input: $i) { location { id } } }",
                               {"i": data}))["createLocation"]["location"]["id"]
        if parent:
            await gql("mutation($i: LinkInput!) { link(input: $i) { userErrors { code } } }",
                      {"i": {"type": "PART_OF", "fromId": ids[name], "toId": ids[parent]}})
    ids["club"] = (await gql(ACTOR, {"i": {"name": f"Youth club {unique}", "kind": "CSO", "country": "RU",
                                           "sensitive": True}}))["createActor"]["actor"]["id"]
    created = await gql(INITIATIVE, {"i": {"title": f"Safe space for young people {unique}", "sensitive": True,
                                           "ownerId": ids["club"], "locationIds": [ids["vill"]],
                                           "implementers": [{"actorId": ids["club"], "role": "LEAD"}]}})
    ids["work"] = created["createInitiative"]["initiative"]["id"]
    contact = (await gql("mutation($i: CreateContactInput!) { createContact(input: $i) { contact { id } } }",
                         {"i": {"name": f"Club lead {unique}", "visibility": "PUBLIC"}}))["createContact"]["contact"]["id"]
    await gql("mutation($i: LinkInput!) { link(input: $i) { userErrors { code } } }",
              {"i": {"type": "LIAISON_FOR", "fromId": contact, "toId": ids["club"]}})
    await gql("mutation($i: LinkInput!) { link(input: $i) { userErrors { code } } }",
              {"i": {"type": "OPERATES_IN", "fromId": ids["club"], "toId": ids["vill"]}})
    return ids


async def test_sensitive_records_show_only_provinces_and_no_contacts(public, gql, client, hub, sensitive_world):
    w = sensitive_world
    query = """query($a: ID!, $i: ID!) { a: node(id: $a) { ... on Actor { sensitive operatesIn { id } contacts { name } } }
      i: node(id: $i) { ... on Initiative { locations { id } } } }"""
    outside = await public(query, {"a": w["club"], "i": w["work"]})
    assert outside["a"] == {"sensitive": True, "operatesIn": [{"id": w["prov"]}], "contacts": []}
    assert outside["i"]["locations"] == [{"id": w["prov"]}]
    owner = GraphQLClient(client, await issue_token(hub, Role.MEMBER, [actor_key(w["club"])], name="club"))
    inside = await owner(query, {"a": w["club"], "i": w["work"]})
    assert inside["a"]["operatesIn"] == [{"id": w["vill"]}] and len(inside["a"]["contacts"]) == 1
    assert (await gql(query, {"a": w["club"], "i": w["work"]}))["i"]["locations"] == [{"id": w["vill"]}]


async def test_sensitive_records_match_only_coarse_place_filters_and_stay_off_maps(public, gql, sensitive_world):
    w = sensitive_world
    lists = "query($p: ID!) { initiatives(filter: {locationId: $p}) { totalCount } actors(filter: {locationId: $p}) { totalCount } }"
    assert await public(lists, {"p": w["vill"]}) == {"initiatives": {"totalCount": 0}, "actors": {"totalCount": 0}}
    assert await public(lists, {"p": w["prov"]}) == {"initiatives": {"totalCount": 1}, "actors": {"totalCount": 1}}
    assert await gql(lists, {"p": w["vill"]}) == {"initiatives": {"totalCount": 1}, "actors": {"totalCount": 1}}
    maps = "query($p: ID!) { whoWorksWhere(locationId: $p) { actor { id } } presenceMatrix(locationId: $p) { initiativeCount } }"
    outside = await public(maps, {"p": w["prov"]})
    assert outside["whoWorksWhere"] == [] and all(r["initiativeCount"] == 0 for r in outside["presenceMatrix"])
    admin = await gql(maps, {"p": w["prov"]})
    assert [x["actor"]["id"] for x in admin["whoWorksWhere"]] == [w["club"]]
