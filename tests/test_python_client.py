"""The Python client (clients/python) against the real hub: typed helpers, pagination, auth, user errors,
retries after RATE_LIMITED and HTTP 503 (with the idempotency key that makes a retried create safe), and
persisted operations sent by hash."""

from __future__ import annotations

import ast
import importlib.util
import sys
import tomllib
import uuid
from pathlib import Path

import httpx
import pytest

from hub.access import Role
from hub.app import create_app
from hub.demo.loader import load_demo
from hub.graph.connection import GraphUnavailable
from hub.ids import to_global_id
from tests.conftest import issue_token

ROOT = Path(__file__).resolve().parent.parent
CLIENT = ROOT / "clients" / "python"
try:
    import hub_client
except ImportError:  # not installed: use the sources (`pip install clients/python` installs it on its own)
    sys.path.insert(0, str(CLIENT / "src"))
    import hub_client
from hub_client import HubClient, HubError, Implementer, UserInputError

NARIMAN = to_global_id("Location", "DEMO-KG-NARIMAN")
OSH = to_global_id("Location", "KG06000000000")
MEDIATION = to_global_id("Theme", "mediation")
MEDIATORS = {to_global_id("Initiative", "demo-yntymak-osh-mediators-2022"),
             to_global_id("Initiative", "demo-undp-osh-community-mediators")}


@pytest.fixture(scope="module")
async def demo(hub):
    return await load_demo(hub.graph, force=True)


class Sleeps(list):
    """Records each wait the client asks for; `real` makes it actually wait (a rate-limit bucket refills in
    real time), else it returns at once."""

    def __init__(self, real: bool = False):
        super().__init__()
        self.real = real

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)
        if self.real:
            import asyncio
            await asyncio.sleep(seconds)


@pytest.fixture
async def connect(hub, unique):
    """Makes a HubClient of an in-process app with the given settings, from an address of its own."""
    opened = []

    async def make(token: str | None = None, *, sleep=None, client_kwargs=None, **settings) -> HubClient:
        app = create_app(hub.settings.model_copy(update=settings), hub=hub)
        transport = httpx.ASGITransport(app=app, client=(f"py-{unique}-{len(opened)}", 4711))
        http = httpx.AsyncClient(transport=transport)
        opened.append(http)
        return HubClient("http://hub.test/graphql", token, http=http, sleep=Sleeps() if sleep is None else sleep,
                         **(client_kwargs or {}))

    yield make
    for http in opened:
        await http.aclose()


@pytest.fixture
async def admin_token(hub, unique):
    return await issue_token(hub, Role.ADMIN, name=f"py client {unique}")


def test_generated_operations_are_current():
    # loaded from its path: benchmarks/generate.py may already be imported as "generate" by other tests
    spec = importlib.util.spec_from_file_location("hub_client_generate", CLIENT / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    assert (CLIENT / "src" / "hub_client" / "operations.py").read_text(encoding="utf-8") == generate.render(), \
        "run python clients/python/generate.py"


def test_the_client_stands_on_its_own():
    project = tomllib.loads((CLIENT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["dependencies"] == ["httpx>=0.28", "websockets>=13"]
    for path in (CLIENT / "src" / "hub_client").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and not getattr(node, "level", 0):
                roots = {(alias.name if isinstance(node, ast.Import) else node.module).split(".")[0]
                         for alias in node.names}
                assert not roots & {"hub", "schema", "resolvers", "graph_migrations", "strawberry"}, path


async def test_who_works_where_is_typed(connect, demo):
    hub = await connect()
    activities = await hub.who_works_where(NARIMAN, theme_id=MEDIATION, period=("2024-01-01", "2024-12-31"))
    undp = next(a for a in activities if a.actor and a.actor.name == "UNDP Kyrgyzstan")
    assert undp.roles == ["LEAD"] and undp.actor.kind == "UN_AGENCY"
    assert {w.initiative.id for w in undp.work if w.initiative} & MEDIATORS
    assert all(a.contacts == [] for a in activities), "contacts are never public by default"


async def test_check_draft_finds_the_registered_duplicate(connect, demo):
    hub = await connect()
    found = await hub.check_draft("Training of community mediators in villages of Kara-Suu and Aravan",
                                  location_ids=[NARIMAN], theme_ids=[MEDIATION], first=3)
    assert found[0].initiative.id in MEDIATORS and 0 < found[0].score <= 1, [c.initiative.title for c in found]
    assert {r.factor for r in found[0].reasons} >= {"place", "theme", "text"}


async def test_paginate_walks_every_page_once(connect, demo):
    hub = await connect()
    total = (await hub.run("SearchActors", kinds=["CSO"], first=1))["actors"]["totalCount"]
    ids = [node["id"] async for node in hub.paginate("SearchActors", "actors", page_size=7, kinds=["CSO"])]
    assert total > 7 and len(ids) == total == len(set(ids))


async def test_register_initiative_and_link_with_idempotency_keys(connect, demo, admin_token, unique):
    hub = await connect(admin_token)
    made = await hub.register_initiative(
        f"Village mediators in Nariman {unique}", location_ids=[NARIMAN], theme_ids=[MEDIATION],
        implementers=[Implementer(to_global_id("Actor", "demo-fti"), "LEAD")],
        startDate="2024-03-01", endDate="2025-12-31", targetGroups=["WOMEN"])
    assert made.version == 1 and uuid.UUID(made.client_mutation_id)
    assert {d.initiative.id for d in made.possible_duplicates} & MEDIATORS
    again = await hub.register_initiative(f"Village mediators in Nariman {unique}", location_ids=[NARIMAN],
                                          theme_ids=[MEDIATION], client_mutation_id=made.client_mutation_id,
                                          implementers=[Implementer(to_global_id("Actor", "demo-fti"), "LEAD")],
                                          startDate="2024-03-01", endDate="2025-12-31", targetGroups=["WOMEN"])
    assert again.id == made.id, "the same key stores nothing new"

    relationship = await hub.link("FUNDS", to_global_id("Actor", "demo-pbf"), made.id)
    assert (relationship.type, relationship.from_id, relationship.to_id) == (
        "FUNDS", to_global_id("Actor", "demo-pbf"), made.id)

    with pytest.raises(UserInputError) as refused:
        await hub.register_initiative(f"Backwards {unique}", startDate="2025-03-01", endDate="2025-01-31")
    assert [(e.field, e.code) for e in refused.value.user_errors] == [("endDate", "INVALID")]


async def test_auth_errors_carry_the_hubs_codes(connect, demo):
    with pytest.raises(HubError) as bad_token:
        await (await connect("not-a-token")).run("SearchThemes")
    assert bad_token.value.code == "UNAUTHENTICATED" and bad_token.value.status == 401
    with pytest.raises(HubError) as anonymous:
        await (await connect()).register_initiative("Anonymous attempt")
    assert anonymous.value.code in {"UNAUTHENTICATED", "FORBIDDEN"}


async def test_rate_limited_operations_wait_for_retry_after(connect, demo):
    sleeps = Sleeps(real=True)
    # SearchThemes with first: 5 costs 20 points; a 30-point bucket refilling in 2 s holds one at a time
    hub = await connect(sleep=sleeps, rate_limit_points=30, rate_limit_window=2)
    for _ in range(3):
        assert len((await hub.run("SearchThemes", first=5))["themes"]["nodes"]) == 5
    assert sleeps and all(s >= 1 for s in sleeps), sleeps


async def test_an_operation_that_can_never_fit_is_not_retried(connect, demo):
    sleeps = Sleeps()
    hub = await connect(sleep=sleeps, rate_limit_points=10, rate_limit_window=60)
    with pytest.raises(HubError) as refused:
        await hub.run("SearchThemes", first=50)
    assert refused.value.code == "RATE_LIMITED" and sleeps == []


def lose_acknowledgements(hub, monkeypatch, times: int):
    """The commit goes through but its answer is lost `times` times: the hub answers 503 UNAVAILABLE."""
    original, lost = hub.graph.write, []

    async def write(work, **kwargs):
        result = await original(work, **kwargs)
        if len(lost) < times:
            lost.append(work)
            raise GraphUnavailable("connection broke while committing; outcome unknown")
        return result

    monkeypatch.setattr(hub.graph, "write", write)
    return lost


async def count_titled(connect, token, title) -> int:
    data = await (await connect(token)).execute(
        "query($s: String!) { initiatives(filter: {search: $s}) { nodes { title } } }", {"s": title})
    return sum(node["title"] == title for node in data["initiatives"]["nodes"])


async def test_a_create_whose_answer_was_lost_is_retried_once_stored(connect, hub, admin_token, unique, monkeypatch):
    sleeps = Sleeps()
    client = await connect(admin_token, sleep=sleeps)
    title = f"Lost answer dialogue {unique}"
    lost = lose_acknowledgements(hub, monkeypatch, times=1)
    made = await client.register_initiative(title)
    monkeypatch.undo()
    assert lost and sleeps == [5.0], "waited the hub's Retry-After, then retried with the same key"
    assert made.version == 1 and await count_titled(connect, admin_token, title) == 1


async def test_a_mutation_without_key_is_not_retried_after_503(connect, hub, admin_token, unique, monkeypatch):
    sleeps = Sleeps()
    client = await connect(admin_token, sleep=sleeps)
    made = await client.register_initiative(f"Unkeyed update {unique}")
    lose_acknowledgements(hub, monkeypatch, times=1)
    with pytest.raises(HubError) as unavailable:
        await client.execute("mutation($i: UpdateInitiativeInput!) { updateInitiative(input: $i) { userErrors { code } } }",
                             {"i": {"id": made.id, "version": made.version, "status": "COMPLETED"}})
    monkeypatch.undo()
    assert unavailable.value.code == "UNAVAILABLE" and unavailable.value.status == 503 and sleeps == []


async def test_persisted_operations_are_sent_by_hash(connect, demo, tmp_path):
    sys.path.insert(0, str(ROOT / "clients" / "operations"))
    try:
        import persist
    finally:
        sys.path.remove(str(ROOT / "clients" / "operations"))
    path = tmp_path / "persisted.json"
    persist.main([str(path)])
    strict = await connect(client_kwargs={"persisted": True}, persisted_operations_file=path,
                           require_persisted_for_anonymous=True)
    assert "FTI" in [n["acronym"] for n in (await strict.run("SearchActors", search="fti"))["actors"]["nodes"]]
    with pytest.raises(HubError) as refused:
        await strict.execute("{ themes(first: 3) { totalCount } }")
    assert refused.value.code == "PERSISTED_QUERY_REQUIRED"
    # a hub without the file: the client falls back to sending the text
    plain = await connect(client_kwargs={"persisted": True})
    assert "FTI" in [n["acronym"] for n in (await plain.run("SearchActors", search="fti"))["actors"]["nodes"]]


async def test_an_unknown_operation_name_is_refused_with_the_names():
    with pytest.raises(ValueError, match="SearchActors"):
        await HubClient("http://hub.test/graphql").run("NoSuchOperation")
