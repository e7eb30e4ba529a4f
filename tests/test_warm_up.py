"""Plans warmed at start-up: a server keeps the read statements it used most when it stops (text and
parameter types, never values) and plans them ahead at its next start, whatever state the file is in."""

from __future__ import annotations

import asyncio
import json
import re

import httpx
import pytest

from hub.app import create_app
from hub.graph import warm_up
from tests.conftest import GraphQLClient, issue_token

SEARCH = "query($s: String!) { actors(filter: {search: $s}, first: 5) { nodes { id name } } }"
# a clause that writes (not the words inside a string: the change feed reads entries whose action is 'DELETE')
WRITES = re.compile(r"\b(?:CREATE|MERGE)\s*\(|\bSET\s+\w+(?:\.\w+)?\s*\+?=|\bREMOVE\s+\w+\.|\b(?:DETACH\s+)?DELETE\s+\w+\s*(?:$|,|RETURN|WITH)")
CREATE = """mutation($input: CreateActorInput!) { createActor(input: $input) { actor { id } } }"""


def _settings(hub, data_dir, **changes):
    return hub.settings.model_copy(update={"data_dir": data_dir, **changes})


@pytest.fixture(autouse=True)
def counted_here(monkeypatch):
    """Only this test's statements are counted and kept: the process has run every other test's too."""
    monkeypatch.setattr(warm_up, "USE", warm_up.StatementUse())


async def _serve(hub, settings, work=None):
    """Runs an app over the test graph from start-up to shutdown, as `hub serve` would; returns its warm-up."""
    app = create_app(settings, hub=hub)
    hub.warmed = None
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
            if work is not None:
                await work(GraphQLClient(http, await issue_token(hub, name="warm-up test")))
        for _ in range(600):  # the warm-up runs beside the requests; wait for it before shutting down
            if hub.warmed is not None:
                break
            await asyncio.sleep(0.05)
    return hub.warmed


async def test_shutdown_keeps_the_read_statements_used_not_their_values(hub, tmp_path, unique):
    word = f"zebrafinch{unique}"

    async def work(gql):
        await gql(CREATE, {"input": {"name": f"Warm-up Trust {unique}", "kind": "CSO", "country": "KG"}})
        for _ in range(3):
            assert (await gql(SEARCH, {"s": word}))["actors"]["nodes"] == []

    await _serve(hub, _settings(hub, tmp_path, warm_statements=warm_up.TRACKED), work)

    kept = json.loads((tmp_path / warm_up.FILE_NAME).read_text())
    texts = [item["text"] for item in kept["statements"]]
    assert any("searchTerms" in text for text in texts), "the search's statement is kept"
    assert not [text for text in texts if WRITES.search(text)], "a write's statement is not kept"
    as_written = (tmp_path / warm_up.FILE_NAME).read_text()
    assert word not in as_written and unique not in as_written, "no value a caller sent is kept"
    search = next(item for item in kept["statements"] if "searchTerms" in item["text"])
    assert search["parameters"]["search"] == [""], "the parameter's type is kept, as a blank of that type"


async def test_next_start_plans_the_kept_statements(hub, tmp_path, unique):
    settings = _settings(hub, tmp_path, warm_statements=50)

    async def work(gql):
        await gql(SEARCH, {"s": f"warm{unique}"})

    first = await _serve(hub, settings, work)
    assert first.planned == 0, "nothing was kept before the first start"
    kept = len(json.loads((tmp_path / warm_up.FILE_NAME).read_text())["statements"])
    assert 0 < kept <= 50

    again = await _serve(hub, settings)
    assert (again.planned, again.failed) == (kept, 0), "every kept statement plans on this engine"


async def test_a_broken_or_foreign_file_is_ignored(hub, tmp_path):
    path = tmp_path / warm_up.FILE_NAME
    for content in ("{not json", json.dumps({"format": 99, "statements": []}), json.dumps([1, 2])):
        path.write_text(content)
        warmed = await _serve(hub, _settings(hub, tmp_path))
        assert (warmed.planned, warmed.failed) == (0, 0)

    path.write_text(json.dumps({"format": warm_up.FORMAT, "statements": [
        {"text": "MATCH (n:Actor) WHERE n.key = $key RETURN n.name AS name", "parameters": {"key": ""}},
        {"text": "THIS IS NOT CYPHER", "parameters": {}},
    ]}))
    warmed = await _serve(hub, _settings(hub, tmp_path, warm_statements=0))
    assert warmed.planned == 0, "0 turns the warm-up off"
    warmed = await _serve(hub, _settings(hub, tmp_path))
    assert (warmed.planned, warmed.failed) == (1, 1), "a statement that no longer plans is skipped"


def test_a_kept_statement_says_nothing_of_the_values_it_ran_with():
    use = warm_up.StatementUse()
    values = {"key": "secret", "keys": ["a", "b"], "limit": 20, "score": 0.5, "flag": True, "none": None, "empty": [],
              "rows": [{"name": "Ada", "tags": ["x"]}], "props": {"private note": "x"}}
    use.note("MATCH (n) RETURN n", values)
    use.note("MATCH (n) RETURN n", values | {"key": "another"})
    assert use.most_used(5) == [{"text": "MATCH (n) RETURN n", "uses": 2, "parameters": {
        "key": "", "keys": [""], "limit": 0, "score": 0.0, "flag": False, "none": None, "empty": [], "rows": [{}],
        "props": {}}}]
