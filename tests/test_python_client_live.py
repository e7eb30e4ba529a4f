"""The Python client's change feed and live changes against a hub served by uvicorn on a loopback port:
the feed pages newest first with tombstones; the live iterator survives the hub going away and coming
back, resuming after the last change it yielded, so nothing made meanwhile is missed or repeated."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path

import pytest
import uvicorn

from hub.app import create_app
from tests.test_change_feed import initiative, place, started
from tests.test_registry_mutations import delete

CLIENT = Path(__file__).resolve().parent.parent / "clients" / "python"
try:
    import hub_client
except ImportError:  # not installed: use the sources (`pip install clients/python` installs it on its own)
    sys.path.insert(0, str(CLIENT / "src"))
    import hub_client
from hub_client import Change, HubClient, HubError

WAIT = 60  # seconds before a test gives up on a change instead of hanging (not a timing assertion)


@contextlib.asynccontextmanager
async def served(hub, port: int = 0):
    """The hub over TCP (as `hub serve` runs it); yields the port."""
    server = uvicorn.Server(uvicorn.Config(create_app(hub.settings, hub=hub), host="127.0.0.1", port=port,
                                          ws="wsproto", lifespan="off", log_level="warning"))
    serving = asyncio.create_task(server.serve())
    while not server.started:
        if serving.done():
            serving.result()
        await asyncio.sleep(0.05)
    try:
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        server.should_exit = True
        server.force_exit = True
        await serving


async def newest(gql) -> str | None:
    edges = (await gql("{ changes(first: 1) { edges { cursor } } }"))["changes"]["edges"]
    return edges[0]["cursor"] if edges else None


async def test_the_change_feed_pages_newest_first_with_tombstones(hub, gql, unique):
    since = started()
    village = await place(gql, unique, "Village")
    made = [await initiative(gql, f"Fed {unique} {n}", locationIds=[village]) for n in range(3)]
    assert (await delete(gql, "Initiative", {"id": made[0]}))["userErrors"] == []
    async with served(hub) as port:
        async with HubClient(f"http://127.0.0.1:{port}/graphql") as client:  # anonymous
            changes = [c async for c in client.change_feed(location_id=village, since=since, page_size=2)]
    assert all(isinstance(c, Change) for c in changes)
    assert [c.at for c in changes] == sorted((c.at for c in changes), reverse=True)
    assert changes[0].tombstone and changes[0].record_id == made[0] and changes[0].record is None
    assert {(c.action, c.record_id) for c in changes[1:] if c.record_type == "INITIATIVE"} == {
        (action, i) for i in made[1:] for action in ("CREATE", "LINK")}


async def test_live_changes_resume_after_the_hub_comes_back(hub, gql, unique):
    village = await place(gql, unique, "Village")
    after = await newest(gql)
    async with served(hub) as port:
        client = HubClient(f"http://127.0.0.1:{port}/graphql", gql.token, max_retries=50, backoff=0.2,
                           max_retry_wait=1.0)
        stream = client.changes(after=after, record_types=["INITIATIVE"], location_ids=[village],
                                actions=["CREATE"])
        first = await initiative(gql, f"Before the outage {unique}", locationIds=[village])
        got = [await asyncio.wait_for(anext(stream), WAIT)]
    # the hub is gone; a change is made meanwhile (through another way in)
    missed = await initiative(gql, f"During the outage {unique}", locationIds=[village])
    async with served(hub, port):
        later = await initiative(gql, f"After the outage {unique}", locationIds=[village])
        while got[-1].record_id != later:
            got.append(await asyncio.wait_for(anext(stream), WAIT))
        await stream.aclose()
        await client.aclose()
    assert [c.record_id for c in got] == [first, missed, later]
    assert got[1].record["title"] == f"During the outage {unique}"


async def test_a_bad_argument_is_raised_not_retried(hub, gql):
    async with served(hub) as port:
        async with HubClient(f"http://127.0.0.1:{port}/graphql") as client:
            with pytest.raises(HubError) as raised:
                await asyncio.wait_for(anext(client.changes(after="not-an-event")), WAIT)
    assert raised.value.code == "BAD_USER_INPUT"
