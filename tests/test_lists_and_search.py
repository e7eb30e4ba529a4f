"""Lists: filters over place and theme hierarchies, periods and groups; ordering; paging; and search that
ignores case, accents and script."""

from __future__ import annotations

import pytest

from tests.test_links import LINK
from tests.test_registry_mutations import create


async def link(gql, rel, a, b, **extra):
    result = await gql(LINK, {"i": {"type": rel, "fromId": a, "toId": b, **extra}})
    assert result["link"]["userErrors"] == []


@pytest.fixture
async def world(gql, unique):
    """Region > district > village; a theme with a narrower one; initiatives placed at each level."""
    ids = {}
    for name, level in (("region", "ADMIN1"), ("district", "ADMIN2"), ("village", "SETTLEMENT"), ("elsewhere", "ADMIN1")):
        data = {"code": f"{name}-{unique}", "name": f"{name} {unique}", "level": level, "country": "KG"}
        ids[name] = (await create(gql, "Location", data))["location"]["id"]
    await link(gql, "PART_OF", ids["district"], ids["region"])
    await link(gql, "PART_OF", ids["village"], ids["district"])
    for name in ("broad", "narrow", "unrelated"):
        ids[name] = (await create(gql, "Theme", {"code": f"{name}-{unique}", "name": f"{name} {unique}"}))["theme"]["id"]
    await link(gql, "BROADER", ids["narrow"], ids["broad"])
    ids["actor"] = (await create(gql, "Actor", {"name": f"Actor {unique}", "kind": "CSO", "country": "KG"}))["actor"]["id"]
    specs = {
        # name: (place, theme, start, end, status, groups)
        "at-village": ("village", "narrow", "2023-01-01", "2023-12-31", "COMPLETED", ["WOMEN"]),
        "at-district": ("district", "broad", "2024-01-01", "2025-12-31", "ACTIVE", ["YOUTH"]),
        "at-region": ("region", "unrelated", "2026-01-01", None, "PLANNED", ["POLICE", "WOMEN"]),
        "away": ("elsewhere", "narrow", None, "2022-01-01", "COMPLETED", []),
    }
    for name, (place, theme, start, end, status, groups) in specs.items():
        data = {"title": f"{name} {unique}", "startDate": start, "endDate": end, "status": status, "targetGroups": groups}
        ids[name] = (await create(gql, "Initiative", {k: v for k, v in data.items() if v is not None}))["initiative"]["id"]
        await link(gql, "LOCATED_IN", ids[name], ids[place])
        await link(gql, "ADDRESSES", ids[name], ids[theme])
    await link(gql, "IMPLEMENTS", ids["actor"], ids["at-village"], role="LEAD")
    return ids


async def titles(gql, filter_: dict, unique: str, **args) -> list[str]:
    query = """query($f: InitiativeFilter, $o: OrderBy) { initiatives(filter: $f, orderBy: $o, first: 50) {
      totalCount nodes { title } } }"""
    data = (await gql(query, {"f": {"search": unique, **filter_}, "o": args.get("order")}))["initiatives"]
    assert data["totalCount"] == len(data["nodes"])
    return [node["title"].removesuffix(f" {unique}") for node in data["nodes"]]


async def test_place_filter_includes_everything_below(gql, world, unique):
    assert await titles(gql, {"locationId": world["region"]}, unique) == ["at-district", "at-region", "at-village"]
    assert await titles(gql, {"locationId": world["district"]}, unique) == ["at-district", "at-village"]
    assert await titles(gql, {"locationId": world["village"]}, unique) == ["at-village"]


async def test_theme_filter_includes_narrower_themes(gql, world, unique):
    assert await titles(gql, {"themeId": world["broad"]}, unique) == ["at-district", "at-village", "away"]
    assert await titles(gql, {"themeId": world["narrow"]}, unique) == ["at-village", "away"]


@pytest.mark.parametrize("period,expected", [
    ({"start": "2023-06-01", "end": "2023-06-30"}, ["at-village"]),
    ({"start": "2023-12-31", "end": "2024-01-01"}, ["at-district", "at-village"]),  # both ends touch
    ({"start": "2030-01-01"}, ["at-region"]),  # open end
    ({"end": "2021-12-31"}, ["away"]),  # open start; the undated start counts as always
])
async def test_active_during_a_period(gql, world, unique, period, expected):
    assert await titles(gql, {"activeDuring": period}, unique) == expected


async def test_status_target_group_and_actor_filters(gql, world, unique):
    assert await titles(gql, {"statuses": ["COMPLETED"]}, unique) == ["at-village", "away"]
    assert await titles(gql, {"targetGroups": ["WOMEN"]}, unique) == ["at-region", "at-village"]
    assert await titles(gql, {"actorId": world["actor"]}, unique) == ["at-village"]
    assert await titles(gql, {"targetGroups": ["WOMEN"], "locationId": world["district"]}, unique) == ["at-village"]


async def test_actors_by_place_and_theme_through_their_work(gql, world, unique):
    query = "query($f: ActorFilter) { actors(filter: $f) { totalCount nodes { name } } }"
    for f, count in (({"locationId": world["region"]}, 1), ({"locationId": world["elsewhere"]}, 0),
                     ({"themeId": world["broad"]}, 1), ({"themeId": world["unrelated"]}, 0)):
        data = await gql(query, {"f": {"search": unique, **f}})
        assert data["actors"]["totalCount"] == count, f


async def test_places_within_a_place(gql, world, unique):
    query = "query($f: LocationFilter) { locations(filter: $f) { nodes { code } } }"
    data = await gql(query, {"f": {"withinId": world["region"]}})
    assert [n["code"] for n in data["locations"]["nodes"]] == [f"district-{unique}", f"village-{unique}"]
    data = await gql(query, {"f": {"withinId": world["region"], "levels": ["SETTLEMENT"]}})
    assert [n["code"] for n in data["locations"]["nodes"]] == [f"village-{unique}"]


async def test_ordering(gql, world, unique):
    by_start = await titles(gql, {}, unique, order={"field": "START_DATE", "direction": "DESC"})
    assert by_start[:3] == ["at-region", "at-district", "at-village"]
    assert await titles(gql, {}, unique, order={"field": "NAME", "direction": "DESC"}) == [
        "away", "at-village", "at-region", "at-district"]


async def test_paging_walks_the_whole_list_once(gql, world, unique):
    query = """query($s: String, $after: String) { initiatives(filter: {search: $s}, first: 3, after: $after) {
      totalCount edges { cursor node { title } } pageInfo { hasNextPage hasPreviousPage endCursor } } }"""
    first = (await gql(query, {"s": unique}))["initiatives"]
    assert first["totalCount"] == 4 and len(first["edges"]) == 3
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    second = (await gql(query, {"s": unique, "after": first["pageInfo"]["endCursor"]}))["initiatives"]
    assert len(second["edges"]) == 1 and not second["pageInfo"]["hasNextPage"] and second["pageInfo"]["hasPreviousPage"]
    seen = [e["node"]["title"] for e in first["edges"] + second["edges"]]
    assert len(set(seen)) == 4


@pytest.mark.parametrize("args,message", [
    ("first: 101", "first"), ("first: -1", "first"), ('after: "not-a-cursor"', "after"),
])
async def test_bad_paging_arguments_are_refused(gql, args, message):
    body = await gql.raw(f"{{ actors({args}) {{ totalCount }} }}")
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["message"].startswith(message)


async def test_filter_ids_of_the_wrong_type_are_refused(gql, world):
    body = await gql.raw("query($id: ID!) { initiatives(filter: {locationId: $id}) { totalCount } }", {"id": world["broad"]})
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "filter.locationId" in error["message"]


@pytest.fixture
async def osh(gql, unique):
    data = {"name": f"Osh {unique}", "acronym": None, "kind": "LOCAL_AUTHORITY", "country": "KG",
            "aliases": [f"Ош {unique}", f"Ош шаары {unique}"]}
    await create(gql, "Actor", {k: v for k, v in data.items() if v is not None})
    await create(gql, "Actor", {"name": f"Foundation for Tolerance International {unique}", "acronym": f"FTI{unique}",
                                "kind": "CSO", "country": "KG", "aliases": [f"Фонд за международную толерантность {unique}"]})
    await create(gql, "Actor", {"name": f"Université de Bamako {unique}", "kind": "ACADEMIC", "country": "ML"})


@pytest.mark.parametrize("term,expected", [
    ("Ош", "Osh"), ("osh", "Osh"), ("OSH", "Osh"), ("ош шаары", "Osh"),
    ("fti", "Foundation for Tolerance International"), ("tolerance", "Foundation for Tolerance International"),
    ("толерантность", "Foundation for Tolerance International"), ("TOLERANTNOST", "Foundation for Tolerance International"),
    ("universite", "Université de Bamako"), ("UNIVERSITÉ", "Université de Bamako"),
])
async def test_search_ignores_case_accents_and_script(gql, osh, unique, term, expected):
    query = "query($s: String) { actors(filter: {search: $s}) { nodes { name } } }"
    data = await gql(query, {"s": f"{term} {unique}" if term not in ("fti",) else f"fti{unique}"})
    assert [n["name"] for n in data["actors"]["nodes"]] == [f"{expected} {unique}"]


async def test_search_for_places_by_other_scripts(gql, unique):
    await create(gql, "Location", {"code": f"isf-{unique}", "name": f"Isfara {unique}", "level": "ADMIN2", "country": "TJ",
                                   "alternateNames": [f"Исфара {unique}"]})
    data = await gql("query($s: String) { locations(filter: {search: $s}) { nodes { name } } }", {"s": f"исфара {unique}"})
    assert [n["name"] for n in data["locations"]["nodes"]] == [f"Isfara {unique}"]


async def test_search_that_normalises_to_nothing_matches_everything_it_would_otherwise(gql):
    punctuation = await gql('{ themes(filter: {search: "!!!"}) { totalCount } }')
    everything = await gql("{ themes { totalCount } }")
    assert punctuation == everything


async def test_overlong_search_is_refused(gql):
    body = await gql.raw("query($s: String) { actors(filter: {search: $s}) { totalCount } }", {"s": "x" * 201})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
