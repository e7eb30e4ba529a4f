"""How long a page of the change feed query takes: starts a hub on a fresh temporary data folder (or
HUB_NEO4J_* when set), makes a province with ten districts and `--count` initiatives spread over them (each a
CREATE and a LINK entry in the trail), then times pages of 20 for an anonymous caller: the whole feed, one
province (every initiative within it), one district (a tenth of them: the reading scans past the rest), and
the second page of the district. Prints the median and p90 of each; never asserted anywhere.

    python benchmarks/change_feed.py [--count 500] [--repeat 20]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.notifications import settings  # noqa: E402
from hub.access import Role, Viewer  # noqa: E402
from hub.app import create_app  # noqa: E402
from hub.auth import tokens  # noqa: E402
from hub.runtime import Hub  # noqa: E402

FEED = """query($loc: ID, $after: String) { changes(locationId: $loc, first: 20, after: $after) {
  edges { node { id action recordId record { id ... on Initiative { title } } } } pageInfo { endCursor } } }"""
PLACE = """mutation($i: CreateLocationInput!) { createLocation(input: $i) { location { id } } }"""
LINK = """mutation($i: LinkInput!) { link(input: $i) { userErrors { code } } }"""
CREATE = "mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { initiative { id } } }"


async def main(count: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        hub = await Hub(settings(Path(folder))).start()
        try:
            token = (await tokens.issue(hub.graph, Viewer.system(), name="feed benchmark", role=Role.ADMIN,
                                        actor_keys=[])).token
            app = create_app(hub.settings, hub=hub)
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.bench",
                                         timeout=120) as http:
                async def gql(query, variables, auth=True):
                    response = await http.post("/graphql", json={"query": query, "variables": variables},
                                               headers={"authorization": f"Bearer {token}"} if auth else {})
                    body = response.json()
                    assert not body.get("errors"), body
                    return body["data"]

                province = (await gql(PLACE, {"i": {"code": "BENCH-P", "name": "Province", "level": "ADMIN1",
                                                    "country": "KG"}}))["createLocation"]["location"]["id"]
                districts = []
                for n in range(10):
                    made = (await gql(PLACE, {"i": {"code": f"BENCH-D{n}", "name": f"District {n}", "level": "ADMIN2",
                                                    "country": "KG"}}))["createLocation"]["location"]["id"]
                    await gql(LINK, {"i": {"type": "PART_OF", "fromId": made, "toId": province}})
                    districts.append(made)
                for n in range(count):
                    await gql(CREATE, {"i": {"title": f"Initiative {n}", "locationIds": [districts[n % 10]]}})
                second = (await gql(FEED, {"loc": districts[3]}, auth=False))["changes"]["pageInfo"]["endCursor"]
                cases = {"whole feed": {}, "province": {"loc": province}, "one district": {"loc": districts[3]},
                         "district, page 2": {"loc": districts[3], "after": second}}
                print(f"{count} initiatives, {2 * count + 21} trail entries; pages of 20, anonymous caller")
                for name, variables in cases.items():
                    times = []
                    for _ in range(repeat):
                        started = time.perf_counter()
                        await gql(FEED, variables, auth=False)
                        times.append((time.perf_counter() - started) * 1000)
                    times.sort()
                    print(f"  {name:18} median {statistics.median(times):6.1f} ms   "
                          f"p90 {times[int(0.9 * (len(times) - 1))]:6.1f} ms")
        finally:
            await hub.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.count, args.repeat))
