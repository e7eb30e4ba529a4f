"""Who works with whom, and who is mandated but idle: Actor.coImplementers (organisations sharing initiatives,
counted, with visibility applied to the initiatives and to the actors), mandatedActors narrowed by actor kind
and by activity, on a small world made here."""

from __future__ import annotations

import pytest

from hub.ids import to_global_id

ACTOR = "mutation($i: CreateActorInput!) { createActor(input: $i) { actor { id } userErrors { message } } }"
INITIATIVE = "mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { initiative { id } userErrors { message } } }"
MANDATE = "mutation($i: CreateMandateInput!) { createMandate(input: $i) { mandate { id } userErrors { message } } }"
PLACE = "mutation($i: CreateLocationInput!) { createLocation(input: $i) { location { id } userErrors { message } } }"
CO = """query($id: ID!) { node(id: $id) { ... on Actor { coImplementers { sharedInitiatives actor { id } } } } }"""
MEDIATION = to_global_id("Theme", "mediation")
COMMUNITY_MEDIATION = to_global_id("Theme", "community-mediation")


async def _id(gql, query: str, data: dict, field: str) -> str:
    answer = (await gql(query, {"i": data}))
    [payload] = answer.values()
    assert not payload["userErrors"], payload
    return payload[field]["id"]


@pytest.fixture
async def world(gql, unique) -> dict:
    w = {}
    w["region"] = await _id(gql, PLACE, {"code": f"R-{unique}", "name": f"Region {unique}", "level": "ADMIN1",
                                         "country": "KG"}, "location")
    w["village"] = await _id(gql, PLACE, {"code": f"V-{unique}", "name": f"Village {unique}", "level": "SETTLEMENT",
                                          "country": "KG", "parentId": w["region"]}, "location")
    for name, kind, extra in (("agency", "UN_AGENCY", {}), ("idle", "UN_AGENCY", {}), ("cso", "CSO", {}),
                              ("ngo", "INTERNATIONAL_NGO", {}), ("hidden", "CSO", {"visibility": "PRIVATE"}),
                              ("shy", "CSO", {"sensitive": True})):
        w[name] = await _id(gql, ACTOR, {"name": f"{name} {unique}", "kind": kind, "country": "KG", **extra}, "actor")

    async def initiative(title, implementers, **extra):
        return await _id(gql, INITIATIVE, {
            "title": f"{title} {unique}", "startDate": "2024-01-01", "endDate": "2026-12-31",
            "locationIds": [w["village"]], "themeIds": [COMMUNITY_MEDIATION],
            "implementers": [{"actorId": w[a], "role": "LEAD" if n == 0 else "PARTNER"} for n, a in enumerate(implementers)],
            **extra}, "initiative")

    await initiative("Village mediators", ["agency", "cso"])
    await initiative("Mediation clubs", ["agency", "cso", "ngo"])
    await initiative("Private pilot", ["agency", "ngo"], visibility="PRIVATE")
    await initiative("With a hidden partner", ["agency", "hidden"])
    await initiative("With people at risk", ["agency", "shy"])
    for name in ("agency", "idle", "cso"):
        await _id(gql, MANDATE, {"title": f"Mandate of {name} {unique}", "issuer": "Council", "validFrom": "2020-01-01",
                                 "locationIds": [w["region"]], "themeIds": [MEDIATION], "holderIds": [w[name]]}, "mandate")
    return w


async def test_co_implementers_count_shared_initiatives_the_caller_may_see(gql, public, world):
    def shared(answer):
        return [(c["actor"]["id"], c["sharedInitiatives"]) for c in answer["node"]["coImplementers"]]

    assert shared(await public(CO, {"id": world["agency"]})) == [(world["cso"], 2), (world["ngo"], 1)]
    admin = dict(shared(await gql(CO, {"id": world["agency"]})))
    assert admin == {world["cso"]: 2, world["ngo"]: 2, world["hidden"]: 1, world["shy"]: 1}
    assert shared(await public(CO, {"id": world["cso"]})) == [(world["agency"], 2), (world["ngo"], 1)]
    assert shared(await public(CO, {"id": world["shy"]})) == []  # a sensitive actor's work stays its own
    assert shared(await public(CO, {"id": world["idle"]})) == []


async def test_co_implementers_on_a_page_of_actors(public, world, unique):
    query = """query($s: String!) { actors(filter: {search: $s}, first: 10) { nodes { name coImplementers {
      sharedInitiatives actor { name } } } } }"""
    nodes = (await public(query, {"s": unique}))["actors"]["nodes"]
    by_name = {n["name"].split()[0]: [(c["actor"]["name"].split()[0], c["sharedInitiatives"]) for c in n["coImplementers"]]
               for n in nodes}
    assert by_name["ngo"] == [("agency", 1), ("cso", 1)]
    assert "hidden" not in by_name and by_name["shy"] == []


MANDATED = """query($p: ID!, $t: ID, $kinds: [ActorKind!], $active: Boolean, $period: DateRange) {
  mandatedActors(locationId: $p, themeId: $t, actorKinds: $kinds, active: $active, period: $period) {
    active actor { id } mandates { id } } }"""
Y2025 = {"start": "2025-01-01", "end": "2025-12-31"}


async def test_mandated_actors_by_kind_and_activity(public, world):
    async def found(**variables):
        answer = await public(MANDATED, {"p": world["village"], "t": MEDIATION, "period": Y2025} | variables)
        return {m["actor"]["id"]: m["active"] for m in answer["mandatedActors"]}

    everyone = await found()
    assert everyone == {world["agency"]: True, world["idle"]: False, world["cso"]: True}
    # "which UN agencies are mandated here but not active": one query
    assert await found(kinds=["UN_AGENCY"], active=False) == {world["idle"]: False}
    assert await found(kinds=["UN_AGENCY"], active=True) == {world["agency"]: True}
    assert await found(kinds=["CSO", "INTERNATIONAL_NGO"]) == {world["cso"]: True}
    # activity is judged in the period: nothing of theirs runs in 2023
    assert await found(period={"start": "2023-01-01", "end": "2023-12-31"}, active=True) == {}
    # and on the theme or a narrower one: work on community mediation is not work on a sibling theme
    gender = await public(MANDATED, {"p": world["village"], "t": to_global_id("Theme", "gender"), "period": Y2025})
    assert gender["mandatedActors"] == []
