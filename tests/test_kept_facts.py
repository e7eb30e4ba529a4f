"""The places' and themes' facts a duplicate check or a partner search compares are kept under the hierarchies'
stamp (hub.services.analysis.kept_facts): a repeated check reads none of them again, and a renamed place, a
new border or a theme moved under another shows in the very next check."""

from __future__ import annotations

import uuid

import pytest

from hub.graph.analysis import features
from tests.test_analysis import CREATE_INITIATIVE, World, create_places, link
from tests.test_links import UNLINK
from tests.test_matching import DRAFT, PLAN
from tests.test_round_trips import statements  # noqa: F401 - the fixture

FACT_STATEMENTS = {features.PLACE_FACTS, features.ZONE_FACTS, features.PLACES_BELOW_EACH, features.THEME_TREE}
CREATE_THEME = "mutation($i: CreateThemeInput!) { createTheme(input: $i) { theme { id } userErrors { message } } }"
READ_VERSION = "query($id: ID!) { node(id: $id) { ... on Location { version } } }"
RENAME = """mutation($i: UpdateLocationInput!) { updateLocation(input: $i) { userErrors { field message } } }"""


@pytest.fixture(scope="module")
async def land(gql) -> World:
    w = World(uuid.uuid4().hex[:6])
    await create_places(gql, w, [
        ("kg", "Kyrgyzstan", "COUNTRY", "KG", None), ("prov", f"Chui {w.tag}", "ADMIN1", "KG", "kg"),
        ("other", f"Naryn {w.tag}", "ADMIN1", "KG", "kg"),
        ("district", f"Sokuluk {w.tag}", "ADMIN2", "KG", "prov"), ("village", f"Shopokov {w.tag}", "SETTLEMENT", "KG", "district"),
        ("faraway", f"Kochkor {w.tag}", "ADMIN2", "KG", "other"),
    ])
    for name, theme_name, broader in (("parent", "Water governance", None), ("child", "Irrigation councils", "parent")):
        data = {"code": f"{name}-{w.tag}", "name": f"{theme_name} {w.tag}", **({"broaderId": w[broader]} if broader else {})}
        made = (await gql(CREATE_THEME, {"i": data}))["createTheme"]
        assert made["userErrors"] == [], made
        w.ids[name] = made["theme"]["id"]
    for name, place, theme_key in (("in-village", "village", "child"), ("far-off", "faraway", "child")):
        data = {"title": f"Irrigation council support {w.tag} {name}", "status": "ACTIVE", "startDate": "2025-01-01",
                "endDate": "2026-12-31", "locationIds": [w[place]], "themeIds": [w[theme_key]]}
        made = (await gql(CREATE_INITIATIVE, {"i": data}))["createInitiative"]
        assert made["userErrors"] == [], made
        w.ids[name] = made["initiative"]["id"]
    return w


def _found(answer: list[dict], land: World) -> dict[str, dict]:
    return {land.name_of(f["initiative"]["id"]): f for f in answer if f["initiative"]["id"] in land.ids.values()}


async def _check(public, land: World, **draft) -> dict[str, dict]:
    draft = {"title": f"Support to irrigation councils {land.tag}", **draft}
    return _found((await public(DRAFT, {"d": draft}))["duplicateCandidates"], land)


async def test_a_repeated_check_reads_no_place_or_theme_facts_again(public, land, statements):  # noqa: F811
    first = await _check(public, land, locationIds=[land["district"]])
    assert set(first) == {"in-village"}
    statements.clear()
    again = await _check(public, land, locationIds=[land["district"]])
    assert again == first
    assert not FACT_STATEMENTS & set(statements), [s[:60] for s in statements]


async def test_a_renamed_place_is_named_so_by_the_next_check(gql, public, land):
    place = {r["factor"]: r for r in (await _check(public, land, locationIds=[land["district"]]))["in-village"]["reasons"]}
    assert place["place"]["detail"].startswith(f"Shopokov {land.tag} lies within Sokuluk {land.tag}")
    version = (await gql(READ_VERSION, {"id": land["village"]}))["node"]["version"]
    renamed = await gql(RENAME, {"i": {"id": land["village"], "version": version, "name": f"Kyzyl-Tuu {land.tag}"}})
    assert renamed["updateLocation"]["userErrors"] == []
    place = {r["factor"]: r for r in (await _check(public, land, locationIds=[land["district"]]))["in-village"]["reasons"]}
    assert place["place"]["detail"].startswith(f"Kyzyl-Tuu {land.tag} lies within Sokuluk {land.tag}")


async def test_a_new_border_brings_the_work_across_it_into_the_next_check_and_its_removal_takes_it_out(gql, public, land):
    assert "far-off" not in await _check(public, land, locationIds=[land["district"]])
    await link(gql, "BORDERS", land["district"], land["faraway"])
    across = await _check(public, land, locationIds=[land["district"]])
    assert "far-off" in across
    plan = {"locationIds": [land["district"]], "themeIds": [land["child"]]}
    assert (await public(PLAN, {"plan": plan}))["partnerSuggestions"] is not None  # the partner search reads them too
    removed = await gql(UNLINK, {"i": {"type": "BORDERS", "fromId": land["district"], "toId": land["faraway"]}})
    assert removed["unlink"]["userErrors"] == []
    assert "far-off" not in await _check(public, land, locationIds=[land["district"]])


async def test_a_theme_moved_under_another_is_compared_under_it_at_once(gql, public, land):
    """A draft with themes and no places is compared with the work on its themes and every narrower one."""
    found = await _check(public, land, themeIds=[land["parent"]])
    assert {"in-village", "far-off"} <= set(found)
    removed = await gql(UNLINK, {"i": {"type": "BROADER", "fromId": land["child"], "toId": land["parent"]}})
    assert removed["unlink"]["userErrors"] == []
    assert not {"in-village", "far-off"} & set(await _check(public, land, themeIds=[land["parent"]]))
    await link(gql, "BROADER", land["child"], land["parent"])
    assert {"in-village", "far-off"} <= set(await _check(public, land, themeIds=[land["parent"]]))
