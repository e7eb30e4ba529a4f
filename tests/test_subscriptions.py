"""Live notifications over a real WebSocket (graphql-transport-ws, through httpx-ws): changes are announced
once committed, with the subscriber's visibility, resumable from the last event id; a bad credential closes
the connection; a subscriber too slow to keep up is cut off instead of growing the hub's memory."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import itertools

import httpx
import pytest
from prometheus_client import REGISTRY
from httpx_ws import WebSocketDisconnect, WebSocketUpgradeError, aconnect_ws
from httpx_ws.transport import ASGIWebSocketTransport

from hub.app import create_app
from hub.services.changes import ChangeFeed, SlowSubscriber, parse_event_id
from hub.errors import BadInput

SUBSCRIBE = """subscription($after: ID, $types: [RecordType!]) {
  changes(after: $after, recordTypes: $types) { id action recordId record { id ... on Initiative { title } } } }"""
CREATE = "mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { initiative { id } userErrors { code } } }"
DELETE = "mutation($i: DeleteInput!) { deleteInitiative(input: $i) { deletedIds } }"
WAIT = 30  # seconds before a test gives up on a message instead of hanging (not a timing assertion)
ids = itertools.count(1)


@contextlib.asynccontextmanager
async def sockets(hub, **settings):
    """Opens graphql-transport-ws connections to the in-process app; gives connect(token). A context
    manager used inside the test, not a fixture: the transport's task group must end in the task it began."""
    async with contextlib.AsyncExitStack() as stack:
        http = await stack.enter_async_context(
            httpx.AsyncClient(transport=ASGIWebSocketTransport(
                app=create_app(hub.settings.model_copy(update=settings), hub=hub)),
                              base_url="http://hub.test"))

        async def connect(token: str | None = None, headers: dict | None = None):
            ws = await stack.enter_async_context(
                aconnect_ws("http://hub.test/graphql", http, subprotocols=["graphql-transport-ws"], headers=headers or {}))
            await ws.send_json({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"} if token else {}})
            assert (await asyncio.wait_for(ws.receive_json(), WAIT))["type"] == "connection_ack"
            return ws

        yield connect


async def subscribe(ws, after: str | None = None) -> str:
    operation = str(next(ids))
    await ws.send_json({"id": operation, "type": "subscribe", "payload": {
        "query": SUBSCRIBE, "variables": {"after": after, "types": ["INITIATIVE"]}}})
    return operation


async def next_event(ws) -> dict:
    message = await asyncio.wait_for(ws.receive_json(), WAIT)
    assert message["type"] == "next", message
    assert not message["payload"].get("errors"), message
    return message["payload"]["data"]["changes"]


async def create(gql, title: str, **fields) -> str:
    made = (await gql(CREATE, {"i": {"title": title, **fields}}))["createInitiative"]
    assert made["userErrors"] == []
    return made["initiative"]["id"]


async def until_live(ws, gql, unique: str) -> list[dict]:
    """Creates markers until one is announced: from then on the subscription is certainly listening."""
    seen = []
    for n in range(20):
        await create(gql, f"Marker {unique} {n}")
        with contextlib.suppress(asyncio.TimeoutError):
            while True:  # earlier changes the follower had not yet read may come first
                seen.append(await asyncio.wait_for(next_event(ws), 3))
                if "record" not in seen[-1] or (seen[-1]["record"] or {}).get("title", "").startswith(f"Marker {unique}"):
                    return seen
    raise AssertionError("no change was ever announced")


async def events_until(ws, title: str) -> list[dict]:
    """Events up to and including the one about the initiative titled `title`, markers left out."""
    found = []
    while True:
        event = await next_event(ws)
        if event["record"] and event["record"]["title"].startswith("Marker"):
            continue
        found.append(event)
        if event["record"] and event["record"]["title"] == title:
            return found


async def test_anonymous_subscribers_hear_only_of_public_records(hub, gql, unique):
    async with sockets(hub) as websocket:
        ws = await websocket()
        await subscribe(ws)
        await until_live(ws, gql, unique)
        hidden = await create(gql, f"Signed-in only {unique}", visibility="NETWORK")
        shown = await create(gql, f"For everyone {unique}", visibility="PUBLIC")
        events = await events_until(ws, f"For everyone {unique}")
    assert [(e["action"], e["recordId"]) for e in events] == [("CREATE", shown)]
    assert hidden not in {e["recordId"] for e in events}


async def test_a_subscriber_resumes_after_its_last_event_without_gaps(gql, unique, hub):
    token = gql.token  # an admin: also told of deletions, with no record
    async with sockets(hub) as websocket:
        ws = await websocket(token)
        await subscribe(ws)
        last = (await until_live(ws, gql, unique))[-1]["id"]
    # disconnected
    missed = [await create(gql, f"While away {unique} {n}") for n in range(3)]
    await gql(DELETE, {"i": {"id": missed[0]}})
    await create(gql, f"Last while away {unique}")

    async with sockets(hub) as websocket:
        again = await websocket(token)
        await subscribe(again, after=last)
        events = await events_until(again, f"Last while away {unique}")
    assert [(e["action"], e["recordId"]) for e in events[:4]] == [("CREATE", i) for i in missed] + [("DELETE", missed[0])]
    assert events[3]["record"] is None and len(events) == 5
    assert len({e["id"] for e in events}) == 5


async def test_a_bad_credential_closes_the_connection(hub):
    async with sockets(hub) as websocket:
        with pytest.raises(WebSocketDisconnect) as refused:
            await websocket("not-a-token")
    assert refused.value.code == 4403


async def test_a_bad_event_id_is_refused_with_the_argument_named(hub):
    async with sockets(hub) as websocket:
        ws = await websocket()
        operation = await subscribe(ws, after="not-an-event")
        message = await asyncio.wait_for(ws.receive_json(), WAIT)
    assert message["id"] == operation and message["type"] in {"error", "next"}
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["message"].startswith("after:")
    with pytest.raises(BadInput):
        parse_event_id("bm90IGFuIGlk")


async def test_a_slow_subscriber_is_cut_off(hub, gql, unique):
    feed = ChangeFeed(lambda: hub.graph, poll_interval=3600, settle=hub.settings.graph_timeout + 1, queue_size=2)
    cut_before = REGISTRY.get_sample_value("hub_change_subscribers_cut_off_total")
    open_before = REGISTRY.get_sample_value("hub_change_subscribers")
    try:
        stream = feed.subscribe()
        waiting = asyncio.ensure_future(stream.__anext__())  # subscribed, then reads nothing
        while not feed.subscribers:
            await asyncio.sleep(0.05)
        assert REGISTRY.get_sample_value("hub_change_subscribers") == open_before + 1
        for n in range(4):
            await create(gql, f"Flood {unique} {n}")
        assert len(await feed.poll()) >= 4
        with pytest.raises(SlowSubscriber):
            await waiting
        assert feed.cut_off == 1 and feed.subscribers == 0
        assert REGISTRY.get_sample_value("hub_change_subscribers_cut_off_total") == cut_before + 1
        assert REGISTRY.get_sample_value("hub_change_subscribers") == open_before
    finally:
        await feed.stop()


async def test_over_tcp_with_uvicorn(hub, gql, unique):
    """The same over a real socket: uvicorn (as `hub serve` runs it, WebSockets by wsproto) on a loopback port."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(create_app(hub.settings, hub=hub), host="127.0.0.1", port=0, ws="wsproto",
                                           lifespan="off", log_level="warning"))
    serving = asyncio.create_task(server.serve())
    try:
        while not server.started:
            await asyncio.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        async with httpx.AsyncClient() as http, aconnect_ws(f"http://127.0.0.1:{port}/graphql", http,
                                                            subprotocols=["graphql-transport-ws"]) as ws:
            await ws.send_json({"type": "connection_init", "payload": {}})
            assert (await asyncio.wait_for(ws.receive_json(), WAIT))["type"] == "connection_ack"
            await subscribe(ws)
            await until_live(ws, gql, unique)
            shown = await create(gql, f"Over TCP {unique}")
            got = await events_until(ws, f"Over TCP {unique}")
            assert [e["recordId"] for e in got] == [shown], [(e["action"], e["record"]) for e in got]
    finally:
        server.should_exit = True
        await serving


async def test_anonymous_subscribers_may_be_held_to_persisted_operations(hub, gql, unique, tmp_path):
    path = tmp_path / "persisted.json"
    canonical = "subscription Changes { changes { id action } }"
    path.write_text(json.dumps({hashlib.sha256(canonical.encode()).hexdigest(): canonical}), encoding="utf-8")
    async with sockets(hub, persisted_operations_file=path, require_persisted_for_anonymous=True) as websocket:
        ws = await websocket()
        await ws.send_json({"id": "free", "type": "subscribe", "payload": {"query": SUBSCRIBE}})
        refused = await asyncio.wait_for(ws.receive_json(), WAIT)
        errors = refused["payload"] if refused["type"] == "error" else refused["payload"]["errors"]
        assert refused["id"] == "free" and errors[0]["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"
        await ws.send_json({"id": "known", "type": "subscribe", "payload": {"query": canonical}})
        [event] = await until_live(ws, gql, unique)  # the persisted one runs
        assert event["action"] == "CREATE"


async def test_a_record_made_private_later_is_not_announced(gql, unique, hub):
    """Visibility is applied when an event is delivered, not when it happened: resuming after a record was
    hidden, an anonymous subscriber hears of neither its creation nor its change."""
    async with sockets(hub) as websocket:
        ws = await websocket()
        await subscribe(ws)
        last = (await until_live(ws, gql, unique))[-1]["id"]
    hidden = await create(gql, f"Public at first {unique}", visibility="PUBLIC")
    update = "mutation($i: UpdateInitiativeInput!) { updateInitiative(input: $i) { userErrors { code } } }"
    assert (await gql(update, {"i": {"id": hidden, "version": 1, "visibility": "NETWORK"}}))["updateInitiative"] == {
        "userErrors": []}
    shown = await create(gql, f"Still public {unique}", visibility="PUBLIC")

    async with sockets(hub) as websocket:
        again = await websocket()
        await subscribe(again, after=last)
        events = await events_until(again, f"Still public {unique}")
    assert [(e["action"], e["recordId"]) for e in events] == [("CREATE", shown)]


async def test_pages_of_other_origins_may_not_open_a_socket(hub):
    """Browsers apply no CORS to WebSockets: the hub admits only its own origin and HUB_CORS_ORIGINS."""
    async with sockets(hub, cors_origins=["https://app.example.org"]) as websocket:
        with pytest.raises((WebSocketUpgradeError, WebSocketDisconnect)):
            await websocket(headers={"origin": "https://evil.example"})
        assert await websocket(headers={"origin": "https://app.example.org"})
        assert await websocket(headers={"origin": "http://hub.test"})  # the hub's own
