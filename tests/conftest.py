"""Test fixtures: one real graph server for the session (embedded by default, or the Neo4j named by
HUB_TEST_NEO4J_URI / _USER / _PASSWORD / _DATABASE), migrated, with the API mounted in-process."""

from __future__ import annotations

import os
import uuid

import httpx
import pytest

from hub.access import Role, Viewer
from hub.app import create_app
from hub.auth import tokens
from hub.runtime import Hub
from hub.settings import Settings


def test_settings(data_dir) -> Settings:
    uri = os.environ.get("HUB_TEST_NEO4J_URI")
    if uri:
        return Settings(neo4j_uri=uri, neo4j_user=os.environ.get("HUB_TEST_NEO4J_USER", "neo4j"),
                        neo4j_password=os.environ.get("HUB_TEST_NEO4J_PASSWORD", ""),
                        neo4j_database=os.environ.get("HUB_TEST_NEO4J_DATABASE", "neo4j"), _env_file=None)
    return Settings(data_dir=data_dir, neo4j_uri=None, _env_file=None)


@pytest.fixture(scope="session")
async def hub(tmp_path_factory):
    started = await Hub(test_settings(tmp_path_factory.mktemp("hub-data"))).start()
    yield started
    await started.stop()


@pytest.fixture(scope="session")
async def import_hub(tmp_path_factory):
    """A graph of its own for the file imports, which add hundreds of public records: the other tests' counts
    stay as they are (on an external Neo4j it is the same graph)."""
    started = await Hub(test_settings(tmp_path_factory.mktemp("import-hub"))).start()
    yield started
    await started.stop()


@pytest.fixture(scope="session")
async def import_gql(import_hub):
    """An admin of the import graph."""
    app = create_app(import_hub.settings, hub=import_hub)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        yield GraphQLClient(http, await issue_token(import_hub, name="import admin"))


@pytest.fixture(scope="session")
async def client(hub):
    app = create_app(hub.settings, hub=hub)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        yield http


class GraphQLClient:
    """Posts operations with a bearer token (None: anonymously)."""

    def __init__(self, http: httpx.AsyncClient, token: str | None):
        self.http = http
        self.token = token

    def headers(self) -> dict:
        return {"authorization": f"Bearer {self.token}"} if self.token else {}

    async def raw(self, query: str, variables: dict | None = None) -> dict:
        response = await self.http.post("/graphql", json={"query": query, "variables": variables or {}},
                                        headers=self.headers())
        return response.json()

    async def __call__(self, query: str, variables: dict | None = None) -> dict:
        """The data of a query that must succeed without GraphQL errors."""
        body = await self.raw(query, variables)
        assert not body.get("errors"), body["errors"]
        return body["data"]


async def issue_token(hub, role: Role = Role.ADMIN, actor_keys: list[str] | None = None, name: str = "tests") -> str:
    issued = await tokens.issue(hub.graph, Viewer.system(), name=name, role=role, actor_keys=actor_keys or [])
    return issued.token


@pytest.fixture(scope="session")
async def gql(client, hub) -> GraphQLClient:
    """An admin: sees and may change everything."""
    return GraphQLClient(client, await issue_token(hub, name="test admin"))


@pytest.fixture(scope="session")
def public(client) -> GraphQLClient:
    """An anonymous caller: reads public records only."""
    return GraphQLClient(client, None)


@pytest.fixture
def unique() -> str:
    """A token that makes a test's names its own, so tests never see each other's records."""
    return uuid.uuid4().hex[:8]
