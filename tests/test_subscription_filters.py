"""The field stories' live filters over a real WebSocket (graphql-transport-ws): changes in the places where
the subscriber's actor works, possible duplicates of its initiatives, and tombstones of deletions for
subscribers who could see the record and whose filters it matched. Each subscription resumes after the
newest event of the change feed query, so nothing made by the test can fall before it listens."""

from __future__ import annotations

import asyncio
import itertools

from hub.access import Role
from hub.ids import from_global_id, to_global_id
from tests.conftest import issue_token
from tests.test_change_feed import initiative, place
from tests.test_links import LINK
from tests.test_registry_mutations import create, delete
from tests.test_subscriptions import WAIT, next_event, sockets

LIVE = """subscription($after: ID, $types: [RecordType!], $places: [ID!], $mine: Boolean!, $dups: Boolean!) {
  changes(after: $after, recordTypes: $types, locationIds: $places, whereIWork: $mine,
          possibleDuplicatesOfMine: $dups) {
    id action recordType recordId record { id ... on Initiative { title } ... on Need { title } } } }"""
NEWEST = "{ changes(first: 1) { edges { cursor } } }"
ids = itertools.count(1)


async def listen(ws, gql, *, types=None, places=None, mine=False, dups=False) -> None:
    """Subscribes from the newest change now in the trail (resuming from it: no race with what follows)."""
    edges = (await gql(NEWEST))["changes"]["edges"]
    newest = edges[0]["cursor"] if edges else None
    await ws.send_json({"id": str(next(ids)), "type": "subscribe", "payload": {"query": LIVE, "variables": {
        "after": newest, "types": types, "places": places, "mine": mine, "dups": dups}}})


async def until(ws, record_id: str, action: str) -> list[dict]:
    """Events up to and including `action` on `record_id`."""
    found = []
    while True:
        found.append(await next_event(ws))
        if (found[-1]["recordId"], found[-1]["action"]) == (record_id, action):
            return found


async def member_of(gql, hub, unique: str, works_in: str) -> tuple[str, str]:
    """(a token acting for a new actor present in `works_in`, the actor's id)."""
    actor = (await create(gql, "Actor", {"name": f"Field office {unique}", "kind": "CSO", "country": "KG"}))["actor"]["id"]
    assert (await gql(LINK, {"i": {"type": "OPERATES_IN", "fromId": actor, "toId": works_in}}))["link"]["userErrors"] == []
    return await issue_token(hub, Role.MEMBER, [from_global_id(actor)[1]], name=f"live {unique}"), actor


async def need_at(gql, title: str, where: str) -> str:
    made = (await create(gql, "Need", {"title": title, "severity": "HIGH"}))["need"]["id"]
    assert (await gql(LINK, {"i": {"type": "AT", "fromId": made, "toId": where}}))["link"]["userErrors"] == []
    return made


async def test_a_new_need_where_my_actor_works_is_announced_and_one_elsewhere_is_not(gql, hub, unique):
    district = await place(gql, unique, "District", "ADMIN2")
    village = await place(gql, unique, "Village", within=district)
    elsewhere = await place(gql, unique, "Elsewhere")
    token, _ = await member_of(gql, hub, unique, district)
    async with sockets(hub) as websocket:
        ws = await websocket(token)
        await listen(ws, gql, types=["NEED"], mine=True)
        far = await need_at(gql, f"Far away {unique}", elsewhere)
        near = await need_at(gql, f"Water dispute {unique}", village)
        events = await until(ws, near, "LINK")  # placed by a link: from then on the need is where I work
    assert {e["recordId"] for e in events} == {near}
    assert events[-1]["record"]["title"] == f"Water dispute {unique}"
    assert far not in {e["recordId"] for e in events}


async def test_a_possible_duplicate_of_my_initiative_is_announced(gql, hub, unique):
    village = await place(gql, unique, "Village", "ADMIN3")
    token, actor = await member_of(gql, hub, unique, village)
    theme = to_global_id("Theme", "community-mediation")
    details = {"locationIds": [village], "themeIds": [theme], "startDate": "2025-01-01", "endDate": "2026-12-31",
               "targetGroups": ["WOMEN", "YOUTH"],
               "description": "Training women and young people as community mediators for land and water disputes."}
    await initiative(gql, f"Community mediators network {unique}", implementers=[{"actorId": actor}], **details)
    async with sockets(hub) as websocket:
        ws = await websocket(token)
        await listen(ws, gql, types=["INITIATIVE"], dups=True)
        unrelated = await initiative(gql, f"Journalism school {unique}", startDate="2019-01-01", endDate="2019-06-30",
                                     description="A course for radio reporters.")
        twin = await initiative(gql, f"Community mediators {unique}", **details)
        events = await until(ws, twin, "CREATE")
    assert unrelated not in {e["recordId"] for e in events}
    assert events[-1]["record"]["title"] == f"Community mediators {unique}"


async def test_deletions_reach_subscribers_who_could_see_the_record_as_tombstones(gql, hub, unique):
    province = await place(gql, unique, "Province", "ADMIN1")
    district = await place(gql, unique, "District", "ADMIN2", within=province)
    async with sockets(hub) as websocket:
        ws = await websocket()  # anonymous: public records only
        await listen(ws, gql, types=["INITIATIVE"], places=[province])
        secret = await initiative(gql, f"Private {unique}", locationIds=[district], visibility="PRIVATE")
        assert (await delete(gql, "Initiative", {"id": secret}))["userErrors"] == []
        shown = await initiative(gql, f"Public {unique}", locationIds=[district])
        assert (await delete(gql, "Initiative", {"id": shown}))["userErrors"] == []
        events = await until(ws, shown, "DELETE")
        last = events[-1]
        assert last["record"] is None and last["recordType"] == "INITIATIVE"
        assert secret not in {e["recordId"] for e in events}
        # nothing else about the private record comes after either
        done = await initiative(gql, f"Marker {unique}", locationIds=[district])
        assert secret not in {e["recordId"] for e in await until(ws, done, "CREATE")}


async def test_where_i_work_needs_an_actor(hub, gql, unique):
    token = await issue_token(hub, Role.ANALYST, name=f"no actor {unique}")
    async with sockets(hub) as websocket:
        ws = await websocket(token)
        await listen(ws, gql, mine=True)
        message = await asyncio.wait_for(ws.receive_json(), WAIT)
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["message"].startswith("whereIWork")
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
