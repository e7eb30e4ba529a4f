"""A fresh hub for the quality benchmark and a client that talks to it only through the public GraphQL API.

The hub is started as the tests start it: the embedded graph server on a temporary folder, or the Neo4j
named by HUB_TEST_NEO4J_URI / _USER / _PASSWORD / _DATABASE. Records are created with the API's
mutations (an admin token); questions are asked anonymously, as a visitor of the public hub would. On an
external Neo4j every record the benchmark created is deleted again at the end, so runs do not pile up;
the demo data set stays there (it is upserted by its own keys), so on an external Neo4j the IATI check
runs beside it rather than in an empty graph.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from hub.access import Role, Viewer
from hub.app import create_app
from hub.auth import tokens
from hub.ids import to_global_id
from hub.runtime import Hub
from hub.settings import Settings

# The benchmark asks many questions in a row: lift the per-client cost and rate limits.
UNLIMITED = {"max_cost": 10**9, "rate_limit_points": 10**9}


def gid(label: str, key: str) -> str:
    """The global ID of a record whose key is known: a place's code, a theme's code, a demo actor's
    "demo-<ref>" (see hub/demo/loader.py)."""
    return to_global_id(label, key)


def demo_actor(ref: str) -> str:
    return gid("Actor", f"demo-{ref}")


def external_settings() -> Settings | None:
    uri = os.environ.get("HUB_TEST_NEO4J_URI")
    if not uri:
        return None
    return Settings(neo4j_uri=uri, neo4j_user=os.environ.get("HUB_TEST_NEO4J_USER", "neo4j"),
                    neo4j_password=os.environ.get("HUB_TEST_NEO4J_PASSWORD", ""),
                    neo4j_database=os.environ.get("HUB_TEST_NEO4J_DATABASE", "neo4j"), _env_file=None, **UNLIMITED)


class ApiError(RuntimeError):
    pass


class Api:
    """Posts GraphQL operations to the in-process app; remembers what it created, to delete it later."""

    def __init__(self, http: httpx.AsyncClient, admin_token: str):
        self.http = http
        self.admin = {"authorization": f"Bearer {admin_token}"}
        self.created: list[tuple[str, str]] = []  # (mutation name, global ID), in creation order

    async def ask(self, query: str, variables: dict | None = None, *, admin: bool = False) -> dict:
        response = await self.http.post("/graphql", json={"query": query, "variables": variables or {}},
                                        headers=self.admin if admin else {})
        body = response.json()
        if body.get("errors"):
            raise ApiError(f"{body['errors']} for {query.split('(')[0].strip()} {variables}")
        return body["data"]

    async def create(self, kind: str, data: dict, *, what: str) -> str:
        """Creates an Actor / Initiative / Location with createX(input:) and returns its ID; any user
        error is fatal and names the record (`what`)."""
        field = f"create{kind}"
        query = f"mutation($i: Create{kind}Input!) {{ {field}(input: $i) {{ {kind.lower()} {{ id }} userErrors {{ field message }} }} }}"
        result = (await self.ask(query, {"i": data}, admin=True))[field]
        if result["userErrors"]:
            raise ApiError(f"{what}: {result['userErrors']}")
        record_id = result[kind.lower()]["id"]
        self.created.append((f"delete{kind}", record_id))
        return record_id

    async def link(self, rel: str, from_id: str, to_id: str, *, unlink: bool = False, **extra) -> None:
        field = "unlink" if unlink else "link"
        kind = "UnlinkInput" if unlink else "LinkInput"
        query = f"mutation($i: {kind}!) {{ {field}(input: $i) {{ userErrors {{ message }} }} }}"
        result = (await self.ask(query, {"i": {"type": rel, "fromId": from_id, "toId": to_id, **extra}}, admin=True))[field]
        if result["userErrors"]:
            raise ApiError(f"{field} {rel} {from_id} -> {to_id}: {result['userErrors']}")

    async def fields_of(self, type_name: str) -> set[str]:
        """The fields a type of the schema has (empty when introspection is off), so that the benchmark
        can also read what a newer scoring adds (e.g. a confidence) without requiring it."""
        try:
            found = await self.ask("query($t: String!) { __type(name: $t) { fields { name } } }", {"t": type_name})
        except ApiError:
            return set()
        return {f["name"] for f in (found["__type"] or {}).get("fields") or []}

    async def exists(self, global_id: str) -> bool:
        return (await self.ask("query($id: ID!) { node(id: $id) { id } }", {"id": global_id}))["node"] is not None

    async def delete_created(self) -> None:
        """Initiatives first (components before their programmes), then actors and places."""
        order = {"deleteInitiative": 0, "deleteActor": 1, "deleteLocation": 2}
        for mutation, record_id in sorted(reversed(self.created), key=lambda c: order.get(c[0], 3)):
            extra = ", cascade: true" if mutation == "deleteActor" else ""
            await self.ask(f'mutation {{ {mutation}(input: {{id: "{record_id}"{extra}}}) {{ userErrors {{ message }} }} }}',
                           admin=True)
        self.created.clear()


@asynccontextmanager
async def fresh_hub(*, demo: bool, log=print):
    """A migrated hub (with the demo data set if asked) and an Api on it; everything stopped afterwards."""
    settings = external_settings()
    temp_dir = None
    if settings is None:
        temp_dir = Path(tempfile.mkdtemp(prefix="hub-quality-"))
        settings = Settings(data_dir=temp_dir, neo4j_uri=None, _env_file=None, **UNLIMITED)
    hub = await Hub(settings).start()
    try:
        if demo:
            from hub.demo.loader import load_demo
            await load_demo(hub.graph, force=temp_dir is None)
        issued = await tokens.issue(hub.graph, Viewer.system("quality benchmark"), name="quality benchmark",
                                    role=Role.ADMIN, actor_keys=[])
        app = create_app(hub.settings, hub=hub)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.quality",
                                     timeout=httpx.Timeout(600.0)) as http:
            api = Api(http, issued.token)
            try:
                yield api
            finally:
                if temp_dir is None:
                    log(f"deleting the {len(api.created)} records the benchmark created in the external graph")
                    await api.delete_created()
    finally:
        await hub.stop()
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
