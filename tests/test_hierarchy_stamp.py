"""Expanded place and theme filters are kept while the hierarchies stay the same (hub.services.hierarchy): every
write that changes a hierarchy renews the stamp in its own transaction, whoever writes it, and a list reads
the change at once; the writes the hub makes all day (initiatives, their links) leave the stamp alone."""

from __future__ import annotations

import asyncio
import re

import pytest

from hub.graph import bulk, hierarchy, links, listing, nodes
from hub.graph.catalogue import all_statements
from hub.graph.connection import fetch_all, fetch_one
from hub.ids import from_global_id
from tests.test_links import UNLINK
from tests.test_lists_and_search import link, titles, world  # noqa: F401 - the fixture
from tests.test_registry_mutations import create
from tests.test_round_trips import statements  # noqa: F401 - the fixture

# Catalogue statements that may change a hierarchy or the facts kept with it: places and themes made, changed or
# deleted, PART_OF, BROADER and BORDERS links made or removed (between any records: an actor's unit counts, harmlessly)
_NODE_WRITERS = re.compile(r"^(nodes\.(create|update|delete|set_derived|upsert_nodes|create_linked)|backup\.create_nodes)"
                           r"\[(Location|Theme)\b")
_LINK_WRITERS = re.compile(r"^(links\.(write_link|create_links|unlink)|bulk\.upsert_links|"
                           r"interop\.merge_links|backup\.create_links)\[\w+-(PART_OF|BROADER|BORDERS)-\w+(,[\w,]+)?\]$")
# a link's lock reading the link already there counts too (harmlessly: the link is written in the same transaction)
_LOCKS_READING_LINK = re.compile(r"^links\.lock_pair\[\w+-(PART_OF|BROADER|BORDERS)-\w+,existing\]$")
_OTHER_WRITERS = {"hub.graph.gazetteer.ADD_UNDER", "merges.add_links[PART_OF,in,Actor]",
                  "merges.add_links[PART_OF,out,Actor]",
                  # a new actor or initiative with every kind of link, PART_OF among them
                  "nodes.create_linked[Actor,all]", "nodes.create_linked[Initiative,all]",
                  "nodes.create_linked[Actor,all,receipt]", "nodes.create_linked[Initiative,all,receipt]"}


def test_the_statements_that_change_a_hierarchy_are_recognised():
    found = {name: hierarchy.changes_hierarchy(text) for name, text in all_statements()}
    expected = {name for name in found
                if _NODE_WRITERS.match(name) or _LINK_WRITERS.match(name) or _LOCKS_READING_LINK.match(name)
                or name in _OTHER_WRITERS}
    assert {name for name, changes in found.items() if changes} == expected
    # what the hub writes all day leaves the stamp alone: a new initiative with its places, themes and implementer,
    # its links, locks taken on places while they are linked to
    everyday = [nodes.create_linked("Initiative", (("LOCATED_IN", "Location", True), ("ADDRESSES", "Theme", True),
                                                   ("IMPLEMENTS", "Actor", False))),
                nodes.update("Initiative", audited=True), links.write_link("Initiative", "LOCATED_IN", "Location", False, new=True, receipt=True),
                links.lock_pair("Initiative", "Location"), links.unlink("Initiative", "LOCATED_IN", "Location", False),
                nodes.lock("Location")]
    assert not any(hierarchy.changes_hierarchy(text) for text in everyday)


async def _stamp(hub) -> str:
    return (await hub.graph.read(lambda tx: fetch_one(tx, hierarchy.READ)))["stamp"]


async def test_a_hierarchy_change_renews_the_stamp_and_nothing_else_does(hub, gql, world, unique):  # noqa: F811
    before = await _stamp(hub)
    assert before
    await create(gql, "Initiative", {"title": f"everyday {unique}"})
    await link(gql, "LOCATED_IN", world["away"], world["village"])
    assert await _stamp(hub) == before
    hamlet = (await create(gql, "Location", {"code": f"hamlet-{unique}", "name": f"hamlet {unique}",
                                              "level": "SETTLEMENT", "country": "KG"}))["location"]["id"]
    made = await _stamp(hub)
    assert made != before
    await link(gql, "PART_OF", hamlet, world["district"])
    assert await _stamp(hub) not in (before, made)


async def test_a_list_sees_a_hierarchy_change_at_once(gql, world, unique, statements):  # noqa: F811
    """The region's list is kept; a new place under it, moving a place out and a changed level show at once."""
    assert await titles(gql, {"locationId": world["region"]}, unique) == ["at-district", "at-region", "at-village"]
    statements.clear()
    assert await titles(gql, {"locationId": world["region"]}, unique) == ["at-district", "at-region", "at-village"]
    # the kept expansion, checked by the page statement itself
    assert hierarchy.READ not in statements and listing.EXPAND_PLACES not in statements
    assert any(s.startswith("MATCH (stamp:HierarchyStamp") for s in statements)

    hamlet = (await create(gql, "Location", {"code": f"hamlet-{unique}", "name": f"hamlet {unique}",
                                              "level": "SETTLEMENT", "country": "KG"}))["location"]["id"]
    await link(gql, "PART_OF", hamlet, world["district"])
    there = (await create(gql, "Initiative", {"title": f"at-hamlet {unique}"}))["initiative"]["id"]
    await link(gql, "LOCATED_IN", there, hamlet)
    assert await titles(gql, {"locationId": world["region"]}, unique) == [
        "at-district", "at-hamlet", "at-region", "at-village"]

    result = await gql(UNLINK, {"i": {"type": "PART_OF", "fromId": world["village"], "toId": world["district"]}})
    assert result["unlink"]["userErrors"] == []
    assert await titles(gql, {"locationId": world["region"]}, unique) == ["at-district", "at-hamlet", "at-region"]


async def test_a_theme_moved_under_another_is_found_under_it_at_once(gql, world, unique):  # noqa: F811
    assert await titles(gql, {"themeId": world["broad"]}, unique) == ["at-district", "at-village", "away"]
    await link(gql, "BROADER", world["unrelated"], world["broad"])
    assert await titles(gql, {"themeId": world["broad"]}, unique) == ["at-district", "at-region", "at-village", "away"]


async def test_a_change_by_any_writer_renews_the_stamp(hub, gql, world, unique):  # noqa: F811
    """Not only the API: a statement any service runs in a write transaction (here the bulk importers' link
    upsert) renews it too, and the region's kept list then includes the new place's initiative."""
    assert await titles(gql, {"locationId": world["region"]}, unique) == ["at-district", "at-region", "at-village"]
    hamlet = (await create(gql, "Location", {"code": f"hamlet-{unique}", "name": f"hamlet {unique}",
                                              "level": "SETTLEMENT", "country": "KG"}))["location"]["id"]
    there = (await create(gql, "Initiative", {"title": f"at-hamlet {unique}"}))["initiative"]["id"]
    await link(gql, "LOCATED_IN", there, hamlet)
    before = await _stamp(hub)
    await hub.graph.write(lambda tx: fetch_all(tx, bulk.upsert_links("Location", "PART_OF", "Location"), rows=[
        {"from": f"hamlet-{unique}", "to": f"district-{unique}", "props": {}}]))
    assert await _stamp(hub) != before
    assert "at-hamlet" in await titles(gql, {"locationId": world["region"]}, unique)


@pytest.mark.parametrize("level,coarse", [("ADMIN1", True), ("ADMIN2", False)])
async def test_a_changed_level_changes_what_a_sensitive_record_matches(gql, public, world, unique, level, coarse):  # noqa: F811
    """A sensitive record matches a place filter only at province or country level: the level is part of what is
    kept, so changing it shows at once."""
    hidden = (await create(gql, "Initiative", {"title": f"sensitive {unique}", "sensitive": True}))["initiative"]["id"]
    await link(gql, "LOCATED_IN", hidden, world["village"])
    query = """query($p: ID!) { initiatives(filter: {locationId: $p}) { nodes { id } } }"""
    assert hidden not in [n["id"] for n in (await public(query, {"p": world["district"]}))["initiatives"]["nodes"]]
    update = """mutation($i: UpdateLocationInput!) { updateLocation(input: $i) { userErrors { field message } } }"""
    result = await gql(update, {"i": {"id": world["district"], "version": 1, "level": level}})
    assert result["updateLocation"]["userErrors"] == []
    found = hidden in [n["id"] for n in (await public(query, {"p": world["district"]}))["initiatives"]["nodes"]]
    assert found == coarse


async def test_kept_expansions_hold_under_concurrent_requests(hub, gql, world, unique):  # noqa: F811
    """Requests expanding more filters at once than are kept push each other's out between reading the stamp and
    using what they kept; each still gets its own expansion."""
    from hub.services.hierarchy import Expansions

    kept = Expansions(size=2)
    places = [world[name] for name in ("region", "district", "village", "elsewhere")]
    keys = [from_global_id(place)[1] for place in places]

    async def expand(key):
        return await hub.graph.read(lambda tx: kept.expand(tx, [key], None))

    first = await asyncio.gather(*(expand(key) for key in keys))
    again = await asyncio.gather(*(expand(key) for key in keys * 5))
    assert [sorted(e.places) for e in again] == [sorted(e.places) for e in first] * 5
    assert sorted(first[0].places) == sorted(keys[:3]) and len(kept.places) <= 2


async def test_places_and_themes_are_kept_apart_so_a_new_pair_needs_no_expansion(gql, world, unique, statements):  # noqa: F811
    """A list names a few places and many themes: each filter's expansion is kept on its own, so a place and a
    theme listed together for the first time are already expanded (the page checks the stamp itself)."""
    assert await titles(gql, {"locationId": world["region"], "themeId": world["unrelated"]}, unique) == ["at-region"]
    assert await titles(gql, {"locationId": world["district"], "themeId": world["broad"]}, unique) == ["at-district", "at-village"]
    statements.clear()
    assert await titles(gql, {"locationId": world["region"], "themeId": world["broad"]}, unique) == ["at-district", "at-village"]
    assert await titles(gql, {"locationId": world["district"], "themeId": world["unrelated"]}, unique) == []
    expanding = listing.EXPAND_PLACES_AND_THEMES[:60]  # every expansion begins so, reading the stamp along
    assert expanding == listing.EXPAND_THEMES[:60] and not any(s.startswith(expanding) for s in statements)


async def test_an_empty_page_on_kept_expansions_is_checked_not_trusted(gql, world, unique, statements):  # noqa: F811
    """A stamped page that comes back empty may be stale: the stamp is read, and the page is empty only if the
    stamp did not move (one statement more); a page past the end still counts what matched."""
    query = """query($p: ID!, $after: String) { initiatives(filter: {locationId: $p, search: "%s"}, after: $after) {
      totalCount nodes { title } } }""" % unique
    empty = (await create(gql, "Location", {"code": f"empty-{unique}", "name": f"empty {unique}",
                                             "level": "ADMIN2", "country": "KG"}))["location"]["id"]
    assert (await gql(query, {"p": empty}))["initiatives"] == {"totalCount": 0, "nodes": []}
    statements.clear()
    assert (await gql(query, {"p": empty}))["initiatives"] == {"totalCount": 0, "nodes": []}
    assert hierarchy.READ in statements and listing.EXPAND_PLACES not in statements
    past = "b2Zmc2V0OjEw"  # the cursor of the 11th record: beyond the region's three
    assert (await gql(query, {"p": world["region"]}))["initiatives"]["totalCount"] == 3
    statements.clear()
    assert (await gql(query, {"p": world["region"], "after": past}))["initiatives"] == {"totalCount": 3, "nodes": []}
    assert hierarchy.READ not in statements
