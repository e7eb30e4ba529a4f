"""Live changes over WebSocket (graphql-transport-ws, through the `websockets` library): an async iterator
that reconnects when the connection drops or the hub cuts a slow subscriber off, and resumes after the
last event it yielded, so the caller sees every change once, in order, without gaps."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from .errors import HubError

PROTOCOL = "graphql-transport-ws"
# the hub ends these with an error the subscriber can recover from by resuming
RESUMABLE = {"SLOW_SUBSCRIBER", "UNAVAILABLE"}


def websocket_url(url: str) -> str:
    """The WebSocket address of a GraphQL endpoint given as http(s)://."""
    if url.startswith("https://"):
        return "wss://" + url[len("https://"):]
    if url.startswith("http://"):
        return "ws://" + url[len("http://"):]
    return url


async def subscribe(url: str, query: str, variables: dict[str, Any], *, field: str, token: str | None = None,
                    after: str | None = None, max_retries: int = 5, backoff: float = 0.5,
                    max_backoff: float = 30.0, headers: dict[str, str] | None = None,
                    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> AsyncIterator[dict[str, Any]]:
    """Yields `data[field]` of every event of a subscription whose events carry an `id` and which takes an
    `$after: ID` variable. After a dropped connection or a resumable error it reconnects with `after` set to
    the last event's id; it gives up (HubError) after `max_retries` failures in a row, and at once on an
    error the subscriber must fix (a bad argument, a refused credential)."""
    failures = 0
    ids = itertools.count(1)
    while True:
        try:
            async with connect(websocket_url(url), subprotocols=[PROTOCOL], additional_headers=headers) as ws:
                await ws.send(json.dumps({"type": "connection_init",
                                          "payload": {"authorization": f"Bearer {token}"} if token else {}}))
                ack = json.loads(await ws.recv())
                if ack.get("type") != "connection_ack":
                    raise HubError("UNAVAILABLE", f"the hub did not acknowledge the connection: {ack}")
                operation = str(next(ids))
                await ws.send(json.dumps({"id": operation, "type": "subscribe", "payload": {
                    "query": query, "variables": {**variables, "after": after}}}))
                async for raw in ws:
                    message = json.loads(raw)
                    if message.get("id") != operation:
                        if message.get("type") == "ping":
                            await ws.send(json.dumps({"type": "pong"}))
                        continue
                    kind = message.get("type")
                    if kind == "complete":
                        return
                    errors = message["payload"] if kind == "error" else message["payload"].get("errors")
                    if errors:
                        code = (errors[0].get("extensions") or {}).get("code", "INTERNAL")
                        raise HubError(code, errors[0].get("message", ""), errors=errors)
                    event = message["payload"]["data"][field]
                    after = event["id"]
                    failures = 0
                    yield event
        except HubError as error:
            if error.code not in RESUMABLE:
                raise
            reason: Exception = error
        except ConnectionClosed as error:
            if error.rcvd is not None and error.rcvd.code == 4403:
                raise HubError("UNAUTHENTICATED", "the hub refused the credential") from error
            reason = error
        except InvalidStatus as error:
            if error.response.status_code in (401, 403):
                raise HubError("FORBIDDEN", f"the hub refused the connection ({error.response.status_code})") from error
            reason = error
        except (OSError, InvalidHandshake, asyncio.TimeoutError) as error:
            reason = error
        failures += 1
        if failures > max_retries:
            raise HubError("UNAVAILABLE", f"live changes stopped after {max_retries} retries: {reason!r}")
        await sleep(min(max_backoff, backoff * 2 ** (failures - 1)))
