"""The taxonomy and the gazetteer users need: every DAC purpose code has a theme named in English and Russian,
every place label names its parents, and members add missing settlements after a check for the same place
nearby (any script, any spelling), atomically, audited and safe to retry."""

from __future__ import annotations

import asyncio
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hub.access import Role, Viewer
from hub.ids import to_global_id
from hub.services.iati_import import IatiImporter, load_mapping
from tests.conftest import GraphQLClient, issue_token
from tests.test_round_trips import statements  # noqa: F401 - the fixture

CODELISTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "IATI__IATI-Codelists-NonEmbedded"
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def _codes(name: str) -> list[str]:
    return [item.findtext("code") for item in ET.parse(CODELISTS / name).getroot().iter("codelist-item")]


THEMES = """query($after: String) { themes(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor } nodes { code name names { language text } dacCodes broader { code } } } }"""


async def _all_themes(public) -> dict[str, dict]:
    """Every theme, page by page (other tests add themes of their own to the shared graph)."""
    themes, after = {}, None
    while True:
        page = (await public(THEMES, {"after": after}))["themes"]
        themes |= {t["code"]: t for t in page["nodes"]}
        if not page["pageInfo"]["hasNextPage"]:
            return themes
        after = page["pageInfo"]["endCursor"]


@pytest.mark.skipif(not (CODELISTS / "Sector.xml").exists(), reason=f"no IATI codelists in {CODELISTS}")
async def test_every_dac_purpose_code_and_category_maps_to_a_theme_named_in_english_and_russian(public):
    themes = await _all_themes(public)
    sectors = load_mapping()["sectors"]
    codes = _codes("Sector.xml")
    categories = _codes("SectorCategory.xml")
    assert len(codes) == 325 and len(categories) == 44
    for code in codes + categories:
        theme = sectors.get(code) or sectors.get(code[:3])
        assert theme in themes, f"DAC {code} maps to {theme!r}"
        assert code in themes[theme]["dacCodes"], (code, theme)
    shipped = set(sectors.values())
    while True:  # the themes the mapping reaches, and the broader themes above them
        wider = {themes[c]["broader"]["code"] for c in shipped if themes[c]["broader"]} - shipped
        if not wider:
            break
        shipped |= wider
    for code in shipped:
        names = {n["language"]: n["text"] for n in themes[code]["names"]}
        assert names.get("en") and CYRILLIC.search(names.get("ru", "")), themes[code]
    assert sectors["15180"] == "gender-based-violence"
    assert themes["gender-based-violence"]["broader"] == {"code": "gender"}
    for field in ("education", "health", "water-sanitation", "livelihoods", "food-security", "peacebuilding"):
        assert field in themes
    assert themes["community-mediation"]["broader"] == {"code": "mediation"}  # the peacebuilding themes stay
    assert themes["basic-education"]["broader"] == {"code": "education"}
    assert "15220" in themes["mediation"]["dacCodes"]  # the first taxonomy's codes are kept


async def test_a_theme_is_found_by_its_russian_name(public):
    found = (await public('{ themes(filter: {search: "гендерное насилие"}) { nodes { code } } }'))["themes"]["nodes"]
    assert [t["code"] for t in found] == ["gender-based-violence"]
    found = (await public('{ themes(filter: {search: "Образование"}) { nodes { code } } }'))["themes"]["nodes"]
    assert {t["code"] for t in found} >= {"education", "basic-education", "secondary-education", "higher-education"}


async def test_iati_sectors_outside_peacebuilding_become_themes(import_hub, unique):
    activity = (f'<iati-activity default-currency="USD" xml:lang="en"><iati-identifier>XM-TEST-{unique}-S</iati-identifier>'
                f'<title><narrative>Shelters and schools {unique}</narrative></title>'
                '<participating-org ref="N/A" role="4" type="22"><narrative>Safe Space Foundation</narrative></participating-org>'
                '<activity-status code="2"/><recipient-country code="KG"/>'
                '<sector vocabulary="1" code="15180"/><sector vocabulary="1" code="11220"/>'
                '<sector vocabulary="1" code="14031"/><sector vocabulary="2" code="121"/></iati-activity>')
    body = f'<?xml version="1.0"?><iati-activities version="2.03">{activity}</iati-activities>'.encode()
    report = await IatiImporter(import_hub.graph).import_file(body, "sectors.xml", Viewer.system("gazetteer test"))
    assert report.linked["ADDRESSES"] == 4, report.summary()
    admin = GraphQLClient(None, None)  # noqa: F841 - read through the service below
    rows = await import_hub.reader.page("Initiative", {"search": [unique]}, Viewer.system(), fields=None)
    key = rows.records[0].key
    themes = await import_hub.reader.neighbours("Initiative", "ADDRESSES", "OUT", "Theme", [key], Viewer.system())
    assert {record.key for record, _ in themes[key]} == {"gender-based-violence", "basic-education",
                                                         "water-sanitation", "health"}


# -- places ------------------------------------------------------------------------------------------------

CREATE_PLACE = """mutation($i: CreateLocationInput!) { createLocation(input: $i) { location { id } userErrors { field code } } }"""
LINK = """mutation($i: LinkInput!) { link(input: $i) { userErrors { field message } } }"""


async def _place(gql, code, name, level, country, parent=None, **extra) -> str:
    made = (await gql(CREATE_PLACE, {"i": {"code": code, "name": name, "level": level, "country": country, **extra}}))
    assert not made["createLocation"]["userErrors"], made
    place_id = made["createLocation"]["location"]["id"]
    if parent:
        linked = await gql(LINK, {"i": {"type": "PART_OF", "fromId": place_id, "toId": parent}})
        assert not linked["link"]["userErrors"]
    return place_id


@pytest.fixture
async def valley(gql, unique):
    """Two provinces of one country, each with a district called Isfara-<unique>, and a village in one."""
    country = await _place(gql, f"T{unique}", f"Testland {unique}", "COUNTRY", "TJ")
    sughd = await _place(gql, f"T{unique}-1", f"Sughd {unique}", "ADMIN1", "TJ", country)
    batken = await _place(gql, f"T{unique}-2", f"Batken {unique}", "ADMIN1", "TJ", country)
    isfara = await _place(gql, f"T{unique}-11", f"Isfara {unique}", "ADMIN2", "TJ", sughd)
    other = await _place(gql, f"T{unique}-21", f"Isfara {unique}", "ADMIN2", "TJ", batken)
    vorukh = await _place(gql, f"T{unique}-111", f"Vorukh{unique}", "SETTLEMENT", "TJ", isfara,
                          alternateNames=[f"Ворух{unique}"], latitude=39.85, longitude=70.58)
    return {"country": country, "sughd": sughd, "isfara": isfara, "other": other, "vorukh": vorukh}


SEARCH = """query($s: String!, $n: Int) { locations(filter: {search: $s}, first: $n) { nodes { name label parent { label } } } }"""


async def test_place_labels_carry_their_parents_so_namesakes_are_told_apart(public, valley, unique):
    found = (await public(SEARCH, {"s": f"Isfara {unique}", "n": 10}))["locations"]["nodes"]
    assert sorted(p["label"] for p in found) == [f"Isfara {unique} - district, Batken {unique}, TJ",
                                                 f"Isfara {unique} - district, Sughd {unique}, TJ"]
    village = (await public(SEARCH, {"s": f"Ворух{unique}", "n": 10}))["locations"]["nodes"]
    assert village == [{"name": f"Vorukh{unique}", "label": f"Vorukh{unique} - settlement, Isfara {unique}, Sughd {unique}, TJ",
                        "parent": {"label": f"Isfara {unique} - district, Sughd {unique}, TJ"}}]
    country = (await public("query($id: ID!) { node(id: $id) { ... on Location { label } } }", {"id": valley["country"]}))
    assert country["node"]["label"] == f"Testland {unique} - country"


async def test_labels_cost_one_statement_per_level_whatever_the_page_size(public, valley, unique, statements):  # noqa: F811
    """The page's labels and their parents' in one statement: the parents come with the page (see
    tests/test_nested_reads.py), so both levels ask for their labels at once (a label is loaded once per request)."""
    await public(SEARCH, {"s": unique, "n": 2})
    few = len(statements)
    assert sum("PART_OF*1..8" in s for s in statements) == 1
    statements.clear()
    many = (await public(SEARCH, {"s": unique, "n": 20}))["locations"]["nodes"]
    assert len(many) == 5 and all(p["label"] for p in many)
    assert len(statements) <= few
    assert 1 <= sum("PART_OF*1..8" in s for s in statements) <= 2


ADD = """mutation($i: AddSettlementInput!) { addSettlement(input: $i) {
  location { id name level country latitude longitude alternateNames addedBy label provenance { createdBy source } parent { id } }
  similarPlaces { label distanceKm reason location { id } }
  userErrors { field message code } } }"""


@pytest.fixture
async def member(client, hub):
    return GraphQLClient(client, await issue_token(hub, Role.MEMBER, ["demo-fti"], name="FTI field officer"))


async def test_a_member_adds_a_settlement_under_a_district_with_provenance(member, gql, valley, unique):
    added = (await member(ADD, {"i": {"parentId": valley["isfara"], "name": f"Chorku{unique}", "latitude": 39.98,
                                      "longitude": 70.55, "alternateNames": [f"Чорку{unique}"]}}))["addSettlement"]
    assert added["userErrors"] == [] and added["similarPlaces"] == []
    place = added["location"]
    assert (place["level"], place["country"], place["addedBy"], place["parent"]) == (
        "SETTLEMENT", "TJ", "token:FTI field officer", {"id": valley["isfara"]})
    assert place["provenance"] == {"createdBy": "token:FTI field officer", "source": "added by a member of the hub"}
    assert place["label"] == f"Chorku{unique} - settlement, Isfara {unique}, Sughd {unique}, TJ"
    trail = await gql("query($id: ID!) { auditTrail(recordId: $id) { nodes { action by } } }", {"id": place["id"]})
    assert {(e["action"], e["by"]) for e in trail["auditTrail"]["nodes"]} == {("CREATE", "token:FTI field officer"),
                                                                             ("LINK", "token:FTI field officer")}


async def test_a_similar_name_nearby_is_reported_and_can_be_overridden(member, valley, unique):
    attempt = {"parentId": valley["isfara"], "name": f"Voruh{unique}", "latitude": 39.86, "longitude": 70.59}
    refused = (await member(ADD, {"i": attempt}))["addSettlement"]
    assert refused["location"] is None
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("name", "SIMILAR_PLACE")]
    assert f"Vorukh{unique} - settlement, Isfara {unique}" in refused["userErrors"][0]["message"]
    [similar] = refused["similarPlaces"]
    assert similar["location"] == {"id": valley["vorukh"]} and 1 < similar["distanceKm"] < 2
    # written in another script, the same village is found too
    cyrillic = (await member(ADD, {"i": attempt | {"name": f"Ворух{unique}"}}))["addSettlement"]
    assert [s["location"]["id"] for s in cyrillic["similarPlaces"]] == [valley["vorukh"]]
    # far away the same name is another place; and the caller may insist that a near one is another place
    far = (await member(ADD, {"i": attempt | {"latitude": 40.5, "longitude": 71.5}}))["addSettlement"]
    assert far["userErrors"] == [] and far["location"]["name"] == f"Voruh{unique}"
    confirmed = (await member(ADD, {"i": attempt | {"name": f"Vorukh-{unique}", "confirmNew": True}}))["addSettlement"]
    assert confirmed["userErrors"] == [] and confirmed["location"]
    assert [s["location"]["id"] for s in confirmed["similarPlaces"]] == [valley["vorukh"]]


async def test_adding_is_idempotent_with_a_client_mutation_id(member, valley, unique):
    data = {"parentId": valley["isfara"], "name": f"Surh{unique}", "latitude": 40.01, "longitude": 70.62,
            "clientMutationId": f"add-{unique}"}
    first = (await member(ADD, {"i": data}))["addSettlement"]
    again = (await member(ADD, {"i": data}))["addSettlement"]
    assert again["userErrors"] == [] and again["location"]["id"] == first["location"]["id"]
    other = (await member(ADD, {"i": data | {"name": f"Somewhere{unique}"}}))["addSettlement"]
    assert [e["code"] for e in other["userErrors"]] == ["IDEMPOTENCY_KEY_REUSED"]
    children = await member("query($id: ID!) { node(id: $id) { ... on Location { children { name } } } }",
                            {"id": valley["isfara"]})
    assert [c["name"] for c in children["node"]["children"]].count(f"Surh{unique}") == 1


async def test_two_members_adding_the_same_village_at_once_store_it_once(member, valley, unique):
    data = {"parentId": valley["isfara"], "name": f"Tangi{unique}", "latitude": 39.9, "longitude": 70.6}
    results = await asyncio.gather(*(member(ADD, {"i": data}) for _ in range(3)))
    stored = [r["addSettlement"]["location"] for r in results if r["addSettlement"]["location"]]
    refused = [r["addSettlement"]["userErrors"][0]["code"] for r in results if not r["addSettlement"]["location"]]
    assert len(stored) == 1 and refused == ["SIMILAR_PLACE", "SIMILAR_PLACE"]


@pytest.mark.parametrize("change, field, code", [
    ({"parentId": "sughd"}, "parentId", "INVALID"),
    ({"parentId": "vorukh"}, "parentId", "INVALID"),
    ({"parentId": to_global_id("Location", "NO-SUCH-PLACE")}, "parentId", "NOT_FOUND"),
    ({"parentId": to_global_id("Actor", "demo-fti")}, "parentId", "INVALID_ID"),
    ({"latitude": 91.0}, "latitude", None),
    ({"name": ""}, "name", None),
])
async def test_bad_input_is_a_user_error_naming_the_field(member, valley, unique, change, field, code):
    data = {"parentId": valley["isfara"], "name": f"Nowhere{unique}", "latitude": 39.0, "longitude": 70.0}
    data |= {k: valley.get(v, v) if k == "parentId" else v for k, v in change.items()}
    errors = (await member(ADD, {"i": data}))["addSettlement"]["userErrors"]
    assert [e["field"] for e in errors] == [field], errors
    if code:
        assert errors[0]["code"] == code


async def test_only_members_and_admins_add_places(client, hub, public, valley, unique):
    data = {"parentId": valley["isfara"], "name": f"Kulkent{unique}", "latitude": 39.9, "longitude": 70.4}
    analyst = GraphQLClient(client, await issue_token(hub, Role.ANALYST, name="analyst"))
    for caller, code in ((public, "UNAUTHENTICATED"), (analyst, "FORBIDDEN")):
        body = await caller.raw(ADD, {"i": data})
        assert body["errors"][0]["extensions"]["code"] == code
