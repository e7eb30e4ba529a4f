"""The change feed query: what was created, updated, linked, unlinked or deleted, newest first, with the
caller's visibility applied to every entry when it is read, place and theme roll-up, tombstones for
deletions, and cursor pagination."""

from __future__ import annotations

import datetime as dt

import pytest

from hub.access import Role
from tests.conftest import GraphQLClient, issue_token
from tests.test_links import LINK, UNLINK
from tests.test_registry_mutations import create, delete, update

FEED = """query($loc: ID, $theme: ID, $actor: ID, $since: String, $first: Int, $after: String) {
  changes(locationId: $loc, themeId: $theme, actorId: $actor, since: $since, first: $first, after: $after) {
    edges { cursor node { id at action recordType recordId relationship record { id ... on Initiative { title } } } }
    pageInfo { hasNextPage hasPreviousPage endCursor } } }"""


def started() -> str:
    """A moment just before the test's first change: bounds the reading to the test's own changes."""
    return (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)).isoformat()


async def feed(client, **args) -> list[dict]:
    found = (await client(FEED, args))["changes"]
    return [edge["node"] for edge in found["edges"]]


async def place(gql, unique: str, name: str, level: str = "SETTLEMENT", within: str | None = None) -> str:
    made = await create(gql, "Location", {"code": f"F-{name}-{unique}", "name": f"{name} {unique}", "level": level,
                                          "country": "KG"})
    assert made["userErrors"] == []
    if within:
        linked = await gql(LINK, {"i": {"type": "PART_OF", "fromId": made["location"]["id"], "toId": within}})
        assert linked["link"]["userErrors"] == []
    return made["location"]["id"]


async def initiative(gql, title: str, **fields) -> str:
    made = await create(gql, "Initiative", {"title": title, **fields})
    assert made["userErrors"] == []
    return made["initiative"]["id"]


async def test_a_place_shows_the_changes_of_records_within_it_newest_first(gql, public, unique):
    since = started()
    province = await place(gql, unique, "Province", "ADMIN1")
    district = await place(gql, unique, "District", "ADMIN2", within=province)
    elsewhere = await place(gql, unique, "Elsewhere")
    inside = await initiative(gql, f"Mediators {unique}", locationIds=[district])
    await initiative(gql, f"Elsewhere {unique}", locationIds=[elsewhere])
    renamed = await update(gql, "Initiative", {"id": inside, "version": 1, "title": f"Mediators II {unique}"})
    assert renamed["userErrors"] == []

    events = await feed(public, loc=province, since=since)
    about_inside = [(e["action"], e["recordId"]) for e in events if e["recordType"] == "INITIATIVE"]
    assert about_inside[0] == ("UPDATE", inside)  # a create and its links share their moment: any order
    assert sorted(about_inside[1:]) == [("CREATE", inside), ("LINK", inside)]
    assert [e["at"] for e in events] == sorted((e["at"] for e in events), reverse=True)
    assert {e["recordId"] for e in events if e["recordType"] == "LOCATION"} == {province, district}
    link = next(e for e in events if e["action"] == "LINK" and e["recordId"] == inside)
    assert link["relationship"] == "LOCATED_IN" and link["record"]["title"] == f"Mediators II {unique}"


async def test_a_record_made_private_later_leaves_the_feed_of_those_who_may_not_see_it(gql, public, unique):
    since = started()
    village = await place(gql, unique, "Village")
    made = await initiative(gql, f"Open at first {unique}", locationIds=[village])
    assert made in {e["recordId"] for e in await feed(public, loc=village, since=since)}
    hidden = await update(gql, "Initiative", {"id": made, "version": 1, "visibility": "PRIVATE"})
    assert hidden["userErrors"] == []
    assert made not in {e["recordId"] for e in await feed(public, loc=village, since=since)}
    assert {e["action"] for e in await feed(gql, loc=village, since=since) if e["recordId"] == made} == {
        "CREATE", "LINK", "UPDATE"}


async def test_deletions_are_tombstones_for_those_who_could_see_the_record(gql, public, unique):
    since = started()
    village = await place(gql, unique, "Village")
    shown = await initiative(gql, f"Public then deleted {unique}", locationIds=[village])
    hidden = await initiative(gql, f"Private then deleted {unique}", locationIds=[village], visibility="PRIVATE")
    for record in (shown, hidden):
        assert (await delete(gql, "Initiative", {"id": record}))["userErrors"] == []

    seen = await feed(public, loc=village, since=since)
    assert [(e["action"], e["record"], e["relationship"]) for e in seen if e["recordId"] == shown] == [
        ("DELETE", None, None)]  # only the tombstone: the record's earlier changes went with it
    assert hidden not in {e["recordId"] for e in seen}
    elsewhere = await place(gql, unique, "Elsewhere")
    assert shown not in {e["recordId"] for e in await feed(public, loc=elsewhere, since=since)}
    admin = await feed(gql, loc=village, since=since)
    assert {e["recordId"] for e in admin if e["action"] == "DELETE"} == {shown, hidden}


async def test_deleting_an_actor_leaves_tombstones_of_what_went_with_it(gql, public, unique):
    since = started()
    actor = (await create(gql, "Actor", {"name": f"Closing down {unique}", "kind": "CSO", "country": "KG"}))["actor"]["id"]
    solo = await initiative(gql, f"Only theirs {unique}", implementers=[{"actorId": actor}])
    assert (await gql("mutation($i: DeleteInput!) { deleteActor(input: $i) { userErrors { code } } }",
                      {"i": {"id": actor, "cascade": True}}))["deleteActor"]["userErrors"] == []
    events = await feed(public, actor=None, since=since)
    assert {(e["action"], e["recordId"]) for e in events if e["action"] == "DELETE"} >= {("DELETE", actor), ("DELETE", solo)}


async def test_themes_roll_up_and_actors_show_their_own_work(gql, public, unique):
    since = started()
    broad = (await create(gql, "Theme", {"code": f"broad-{unique}", "name": f"Broad {unique}"}))["theme"]["id"]
    narrow = (await create(gql, "Theme", {"code": f"narrow-{unique}", "name": f"Narrow {unique}"}))["theme"]["id"]
    assert (await gql(LINK, {"i": {"type": "BROADER", "fromId": narrow, "toId": broad}}))["link"]["userErrors"] == []
    actor = (await create(gql, "Actor", {"name": f"Feed actor {unique}", "kind": "CSO", "country": "KG"}))["actor"]["id"]
    on_theme = await initiative(gql, f"On the narrow theme {unique}", themeIds=[narrow])
    other = await initiative(gql, f"Not on it {unique}")
    assert (await gql(LINK, {"i": {"type": "IMPLEMENTS", "fromId": actor, "toId": other}}))["link"]["userErrors"] == []
    assert (await gql(UNLINK, {"i": {"type": "IMPLEMENTS", "fromId": actor, "toId": other}}))["unlink"]["userErrors"] == []
    assert (await gql(LINK, {"i": {"type": "IMPLEMENTS", "fromId": actor, "toId": other}}))["link"]["userErrors"] == []

    by_theme = await feed(public, theme=broad, since=since)
    assert {e["recordId"] for e in by_theme} == {broad, narrow, on_theme}
    by_actor = await feed(public, actor=actor, since=since)
    assert [(e["action"], e["recordId"]) for e in by_actor] == [
        ("LINK", actor), ("UNLINK", actor), ("LINK", actor), ("CREATE", other), ("CREATE", actor)]


async def test_pages_follow_each_other_without_gaps_or_repeats(gql, public, unique):
    since = started()
    village = await place(gql, unique, "Village")
    made = [await initiative(gql, f"Paged {unique} {n}", locationIds=[village]) for n in range(5)]
    everything = await feed(public, loc=village, since=since, first=100)
    seen, after, pages = [], None, 0
    while True:
        page = (await public(FEED, {"loc": village, "since": since, "first": 3, "after": after}))["changes"]
        seen += [edge["node"]["id"] for edge in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [e["id"] for e in everything] and len(seen) == 11  # a place, 5 creates, 5 links
    assert pages == 4
    assert set(made) <= {e["recordId"] for e in everything}


async def test_a_member_sees_its_own_private_work_and_a_hidden_actor_matches_nothing(gql, client, hub, unique):
    since = started()
    mine = (await create(gql, "Actor", {"name": f"Mine {unique}", "kind": "CSO", "country": "KG"}))["actor"]["id"]
    hidden = (await create(gql, "Actor", {"name": f"Hidden {unique}", "kind": "CSO", "country": "KG",
                                          "visibility": "PRIVATE"}))["actor"]["id"]
    secret = await initiative(gql, f"Ours only {unique}", visibility="PRIVATE", ownerId=mine,
                              implementers=[{"actorId": mine}])
    from hub.ids import from_global_id
    member = GraphQLClient(client, await issue_token(hub, Role.MEMBER, [from_global_id(mine)[1]], name=f"feed {unique}"))
    assert secret in {e["recordId"] for e in await feed(member, actor=mine, since=since)}
    assert await feed(member, actor=hidden, since=since) == []


@pytest.mark.parametrize("args,field", [
    ({"since": "last tuesday"}, "since"),
    ({"loc": "not-an-id"}, "locationId"),
    ({"after": "nonsense"}, "after"),
    ({"first": 500}, "first"),
])
async def test_bad_arguments_are_named(public, args, field):
    body = await public.raw(FEED, args)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["message"].startswith(field)
