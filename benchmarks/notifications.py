"""How long a committed change takes to reach a live subscriber: starts a hub on a fresh temporary data
folder (or HUB_NEO4J_* when set), serves it with uvicorn on a loopback port, opens a graphql-transport-ws
subscription, then creates initiatives one at a time and times each from the mutation's answer to the
event's arrival. The feed polls the audit trail every 0.5 s, so about 0.25 s is expected on an idle
machine. Prints the median, p90 and maximum; never asserted anywhere.

    python benchmarks/notifications.py [--count 40] [--subscribers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import uvicorn
from httpx_ws import aconnect_ws

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hub.access import Role, Viewer  # noqa: E402
from hub.app import create_app  # noqa: E402
from hub.auth import tokens  # noqa: E402
from hub.runtime import Hub  # noqa: E402
from hub.settings import Settings  # noqa: E402

SUBSCRIBE = "subscription { changes(recordTypes: [INITIATIVE]) { id recordId } }"
CREATE = "mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { initiative { id } } }"


def settings(data_dir: Path) -> Settings:
    if os.environ.get("HUB_NEO4J_URI"):
        return Settings(_env_file=None)
    return Settings(data_dir=data_dir, neo4j_uri=None, _env_file=None)


async def subscriber(url: str, arrivals: dict[str, float], ready: asyncio.Event) -> None:
    async with httpx.AsyncClient() as http, aconnect_ws(url, http, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send_json({"type": "connection_init", "payload": {}})
        await ws.receive_json()
        await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}})
        ready.set()
        while True:
            message = await ws.receive_json()
            if message["type"] == "next":
                arrivals.setdefault(message["payload"]["data"]["changes"]["recordId"], time.perf_counter())


async def main(count: int, subscribers: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        hub = await Hub(settings(Path(folder))).start()
        try:
            token = (await tokens.issue(hub.graph, Viewer.system(), name="notifications benchmark", role=Role.ADMIN,
                                        actor_keys=[])).token
            server = uvicorn.Server(uvicorn.Config(create_app(hub.settings, hub=hub), host="127.0.0.1", port=0,
                                                   lifespan="off", log_level="warning"))
            serving = asyncio.create_task(server.serve())
            while not server.started:
                await asyncio.sleep(0.05)
            base = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}/graphql"
            arrivals = [dict() for _ in range(subscribers)]
            readies = [asyncio.Event() for _ in range(subscribers)]
            listening = [asyncio.create_task(subscriber(base, a, r)) for a, r in zip(arrivals, readies)]
            await asyncio.gather(*(r.wait() for r in readies))
            await asyncio.sleep(1)  # the subscriptions attach to the feed
            delays = []
            async with httpx.AsyncClient(headers={"authorization": f"Bearer {token}"}) as http:
                for n in range(count):
                    await asyncio.sleep(random.uniform(0, 0.5))  # out of step with the feed's polls
                    answer = await http.post(base, json={"query": CREATE, "variables": {"i": {"title": f"Bench {n}"}}})
                    committed = time.perf_counter()
                    made = answer.json()["data"]["createInitiative"]["initiative"]["id"]
                    while not all(made in a for a in arrivals):
                        await asyncio.sleep(0.005)
                    delays += [max(0.0, a[made] - committed) for a in arrivals]
            for task in listening:
                task.cancel()
            server.should_exit = True
            await serving
        finally:
            await hub.stop()
    delays.sort()
    print(f"{count} changes, {subscribers} subscriber(s): commit-to-event median "
          f"{statistics.median(delays) * 1000:.0f} ms, p90 {delays[int(len(delays) * 0.9) - 1] * 1000:.0f} ms, "
          f"max {delays[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--subscribers", type=int, default=1)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.count, arguments.subscribers))
