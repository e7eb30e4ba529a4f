"""The demo data set loads, is idempotent, and shows the situations of the field stories."""

from __future__ import annotations

import pytest

from hub.demo.loader import load_demo, load_files, build_batch
from hub.access import Viewer
from hub.ids import to_global_id
from hub.model import ActorKind
from hub.services.importer import ImportError_


@pytest.fixture(scope="module")
async def demo(hub):
    return await load_demo(hub.graph, force=True)


async def test_demo_has_the_promised_breadth(gql, demo):
    kinds = {}
    for kind in ActorKind:
        data = await gql("query($k: [ActorKind!]) { actors(filter: {kinds: $k}) { totalCount } }", {"k": [kind.name]})
        kinds[kind.name] = data["actors"]["totalCount"]
    assert all(count >= 2 for count in kinds.values()), kinds
    counts = await gql("{ actors { totalCount } initiatives { totalCount } mandates { totalCount } needs { totalCount } }")
    assert counts["actors"]["totalCount"] >= 60
    assert counts["initiatives"]["totalCount"] >= 40
    assert counts["mandates"]["totalCount"] >= 10
    assert counts["needs"]["totalCount"] >= 10


@pytest.mark.parametrize("country", ["KG", "TJ"])
async def test_demo_places_go_down_to_villages(gql, demo, country):
    query = "query($c: [String!], $l: [LocationLevel!]) { locations(filter: {countries: $c, levels: $l}) { totalCount } }"
    for level in ("COUNTRY", "ADMIN1", "ADMIN2", "SETTLEMENT"):
        assert (await gql(query, {"c": [country], "l": [level]}))["locations"]["totalCount"] >= 1, level


async def test_osh_mediators_duplicate_each_other(gql, demo):
    query = """query($a: ID!, $b: ID!) {
      a: node(id: $a) { ... on Initiative { locations { code } themes { code } implementers { actor { name } } } }
      b: node(id: $b) { ... on Initiative { locations { code } themes { code } implementers { actor { name } } } } }"""
    data = await gql(query, {"a": to_global_id("Initiative", "demo-yntymak-osh-mediators-2022"),
                             "b": to_global_id("Initiative", "demo-undp-osh-community-mediators")})
    assert data["a"]["locations"] == data["b"]["locations"] and len(data["a"]["locations"]) >= 3
    assert {"code": "community-mediation"} in data["a"]["themes"] and {"code": "community-mediation"} in data["b"]["themes"]
    assert not {a["actor"]["name"] for a in data["a"]["implementers"]} & {a["actor"]["name"] for a in data["b"]["implementers"]}


async def test_cross_border_pair_faces_each_other(gql, demo):
    query = """query($id: ID!) { node(id: $id) { ... on Initiative {
      locations { code country borders { code } } } } }"""
    kg = (await gql(query, {"id": to_global_id("Initiative", "demo-tynchtyk-ak-sai-water")}))["node"]["locations"]
    tj = (await gql(query, {"id": to_global_id("Initiative", "demo-obi-zulol-chorkuh-water")}))["node"]["locations"]
    assert {p["country"] for p in kg} == {"KG"} and {p["country"] for p in tj} == {"TJ"}
    tj_codes = {p["code"] for p in tj}
    assert any(b["code"] in tj_codes for p in kg for b in p["borders"])


async def test_who_works_in_osh_oblast(gql, demo):
    osh = await gql('{ locations(filter: {search: "Ош", levels: [ADMIN1]}) { nodes { id name } } }')
    [oblast] = [n for n in osh["locations"]["nodes"] if n["name"] == "Osh"]
    data = await gql("query($id: ID!) { actors(filter: {locationId: $id}, first: 100) { totalCount nodes { name } } }",
                     {"id": oblast["id"]})
    names = {n["name"] for n in data["actors"]["nodes"]}
    assert data["actors"]["totalCount"] >= 5
    assert any("UNDP" in name or "United Nations Development" in name for name in names)


async def test_sensitive_demo_records_are_not_public(public, demo):
    assert (await public("query($id: ID!) { node(id: $id) { id } }", {"id": to_global_id("Actor", "demo-mir-khasavyurt")}))["node"] is None


async def test_loading_twice_changes_nothing(gql, hub, demo):
    before = await gql("{ actors { totalCount } initiatives { totalCount } locations { totalCount } }")
    await load_demo(hub.graph, force=True)
    assert await gql("{ actors { totalCount } initiatives { totalCount } locations { totalCount } }") == before
    assert await load_demo(hub.graph) == "skipped: the graph already holds actors"


def test_invalid_demo_data_is_refused_with_the_record_named():
    places, registry = load_files()
    registry["initiatives"][0] = registry["initiatives"][0] | {"endDate": "1900-01-01"}
    with pytest.raises(ImportError_, match=registry["initiatives"][0]["ref"] + ".*endDate"):
        build_batch(places, registry, Viewer.system())


async def test_osh_mediators_are_each_others_first_duplicate(gql, demo):
    query = "query($id: ID!) { duplicateCandidates(initiativeId: $id, first: 5) { score initiative { id } } }"
    pair = [to_global_id("Initiative", "demo-yntymak-osh-mediators-2022"),
            to_global_id("Initiative", "demo-undp-osh-community-mediators")]
    for this, other in (pair, pair[::-1]):
        found = (await gql(query, {"id": this}))["duplicateCandidates"]
        assert found[0]["initiative"]["id"] == other
        assert found[0]["score"] - found[1]["score"] >= 0.15  # unrelated work in the same villages scores clearly lower


async def test_cross_border_partner_is_found_for_a_plan_in_vorukh(gql, demo):
    query = """query($plan: PlanInput!) { partnerSuggestions(plan: $plan, first: 20) { actor { id } reasons { factor detail } } }"""
    plan = {"locationIds": [to_global_id("Location", "DEMO-TJ-VORUKH")], "themeIds": [to_global_id("Theme", "natural-resources")]}
    found = (await gql(query, {"plan": plan}))["partnerSuggestions"]
    across = [f for f in found if any("across the border" in r["detail"] for r in f["reasons"])]
    assert across, "no partner suggested from across the Kyrgyz-Tajik border"


async def test_demo_shows_unaddressed_needs_in_batken(gql, demo):
    query = "query($p: ID!) { coverageGaps(locationId: $p) { unaddressedNeeds { need { title } } } }"
    gaps = (await gql(query, {"p": to_global_id("Location", "KG05000000000")}))["coverageGaps"]
    assert len(gaps["unaddressedNeeds"]) >= 2
