"""The canonical client operations (clients/operations/*.graphql): each is one named operation valid against
schema/schema.graphql, they cover the README's examples, and the persisted-operations file made from them is
accepted by the hub, which then runs each by its hash alone."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from pathlib import Path

import httpx
import pytest
from graphql import OperationDefinitionNode, build_schema, parse, validate

from hub.access import Role
from hub.app import create_app
from hub.demo.loader import load_demo
from hub.ids import to_global_id
from tests.conftest import issue_token

ROOT = Path(__file__).resolve().parent.parent
OPERATIONS = ROOT / "clients" / "operations"


def _load_persist():
    spec = importlib.util.spec_from_file_location("persist", OPERATIONS / "persist.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


persist = _load_persist()
SCHEMA = build_schema((ROOT / "schema" / "schema.graphql").read_text(encoding="utf-8"))


def root_fields(text: str) -> set[str]:
    return {selection.name.value for definition in parse(text).definitions
            if isinstance(definition, OperationDefinitionNode)
            for selection in definition.selection_set.selections if hasattr(selection, "name")}


@pytest.mark.parametrize("name", sorted(persist.operations()))
def test_each_operation_is_one_named_valid_operation(name):
    text = persist.operations()[name]
    document = parse(text)
    [operation] = document.definitions
    assert isinstance(operation, OperationDefinitionNode) and operation.name.value == name
    assert [error.message for error in validate(SCHEMA, document)] == []
    assert not text.startswith("#") and text == text.strip()


def test_the_readme_examples_are_valid_and_covered_by_canonical_operations():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"```graphql\n(.*?)```", readme, re.S)
    assert len(examples) >= 8
    covered = set().union(*(root_fields(text) for text in persist.operations().values()))
    for example in examples:
        assert [error.message for error in validate(SCHEMA, parse(example))] == [], example
        assert root_fields(example) <= covered, (root_fields(example) - covered, example)


def test_an_invalid_operation_is_caught(tmp_path):
    (tmp_path / "Broken.graphql").write_text("# a typo\nquery Broken { actorz { totalCount } }\n")
    [(name, text)] = persist.operations(tmp_path).items()
    assert name == "Broken" and text == "query Broken { actorz { totalCount } }"
    assert validate(SCHEMA, parse(text))


def test_the_persisted_file_maps_each_text_to_its_sha256(tmp_path):
    output = tmp_path / "persisted.json"
    persist.main([str(output)])
    entries = json.loads(output.read_text(encoding="utf-8"))
    assert sorted(entries.values()) == sorted(persist.operations().values())
    assert all(hashlib.sha256(text.encode()).hexdigest() == key for key, text in entries.items())


@pytest.fixture(scope="module")
async def demo(hub):
    return await load_demo(hub.graph, force=True)


def gid(kind: str, key: str) -> str:
    return to_global_id(kind, key)


OSH = gid("Location", "KG06000000000")
MEDIATION = gid("Theme", "mediation")
YEAR_2024 = {"start": "2024-01-01", "end": "2024-12-31"}
QUERIES = {
    "SearchActors": ({"search": "fti"}, lambda d: "Foundation for Tolerance International"
                     in [n["name"] for n in d["actors"]["nodes"]]),
    "SearchLocations": ({"search": "Ош", "levels": ["ADMIN1"]},
                        lambda d: OSH in [n["id"] for n in d["locations"]["nodes"]]),
    "SearchThemes": ({"search": "mediation"}, lambda d: "mediation" in [n["code"] for n in d["themes"]["nodes"]]),
    "InitiativesInPlace": ({"locationId": OSH, "themeId": MEDIATION, "activeDuring": YEAR_2024},
                           lambda d: d["initiatives"]["totalCount"] >= 2),
    "WhoWorksWhere": ({"locationId": gid("Location", "DEMO-KG-NARIMAN"), "themeId": MEDIATION, "period": YEAR_2024},
                      lambda d: "UNDP Kyrgyzstan" in [a["actor"]["name"] for a in d["whoWorksWhere"]]),
    "DuplicateCandidates": ({"initiativeId": gid("Initiative", "demo-yntymak-osh-mediators-2022"), "first": 3},
                            lambda d: d["duplicateCandidates"][0]["initiative"]["id"]
                            == gid("Initiative", "demo-undp-osh-community-mediators")),
    "CheckDraft": ({"draft": {"title": "Training of community mediators in villages of Kara-Suu and Aravan",
                              "locationIds": [gid("Location", "DEMO-KG-NARIMAN")], "themeIds": [MEDIATION]}},
                   lambda d: len(d["duplicateCandidates"]) >= 1),
    "PartnerSuggestions": ({"plan": {"locationIds": [gid("Location", "DEMO-TJ-VORUKH")],
                                     "themeIds": [gid("Theme", "natural-resources")], "targetGroups": ["YOUTH"]},
                            "actorId": gid("Actor", "demo-fti"), "first": 5},
                           lambda d: len(d["partnerSuggestions"]) == 5
                           and gid("Actor", "demo-fti") not in [s["actor"]["id"] for s in d["partnerSuggestions"]]),
    "CoverageGaps": ({"locationId": gid("Location", "KG05000000000")},
                     lambda d: len(d["coverageGaps"]["unaddressedNeeds"]) >= 1),
    "MandatedActors": ({"locationId": OSH, "themeId": MEDIATION, "actorKinds": ["UN_AGENCY"], "active": False},
                       lambda d: len(d["mandatedActors"]) >= 1 and not any(m["active"] for m in d["mandatedActors"])
                       and {m["actor"]["kind"] for m in d["mandatedActors"]} == {"UN_AGENCY"}),
    "CoImplementers": ({"actorId": gid("Actor", "demo-undp-kg")},
                       lambda d: len(d["node"]["coImplementers"]) >= 1
                       and all(c["sharedInitiatives"] >= 1 for c in d["node"]["coImplementers"])),
    "Connections": ({"fromId": gid("Actor", "demo-fti"), "toId": gid("Actor", "demo-wanep")},
                    lambda d: d["connections"][0]["length"] == 2),
    "Node": ({"id": gid("Actor", "demo-fti")}, lambda d: d["node"]["__typename"] == "Actor"),
    "Neighbourhood": ({"id": gid("Actor", "demo-osh-mayor"), "depth": 2, "kinds": ["ACTOR", "INITIATIVE"]},
                      lambda d: "Osh State University" in [n["name"] for n in d["neighbourhood"]["nodes"]]
                      and d["neighbourhood"]["nodes"][0]["depth"] == 0),
    "CollaborationNetwork": ({"locationId": gid("Location", "KG"), "first": 3},
                             lambda d: d["collaborationNetwork"]["actorCount"] >= 20
                             and d["collaborationNetwork"]["brokers"][0]["betweenness"] > 0
                             and len(d["collaborationNetwork"]["communities"]) >= 2),
    # anonymous: only public records, and tombstones without content
    "ChangeFeed": ({"first": 20}, lambda d: all((n["record"] is None) == (n["action"] == "DELETE")
                                                for n in d["changes"]["nodes"])),
}


def test_every_query_is_exercised_below():
    queries = {name for name, text in persist.operations().items() if text.startswith("query")}
    assert queries == set(QUERIES)


@pytest.fixture
async def persisted_api(hub, tmp_path, unique):
    """An app that lets anonymous callers run only the persisted canonical operations."""
    path = tmp_path / "persisted.json"
    persist.main([str(path)])
    settings = hub.settings.model_copy(update={"persisted_operations_file": path,
                                               "require_persisted_for_anonymous": True})
    transport = httpx.ASGITransport(app=create_app(settings, hub=hub), client=(f"ops-{unique}", 4711))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        yield http


async def by_hash(http: httpx.AsyncClient, name: str, variables: dict, token: str | None = None) -> dict:
    digest = hashlib.sha256(persist.operations()[name].encode()).hexdigest()
    response = await http.post("/graphql", headers={"authorization": f"Bearer {token}"} if token else {}, json={
        "operationName": name, "variables": variables,
        "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}})
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    return body["data"]


@pytest.mark.parametrize("name", sorted(QUERIES))
async def test_anonymous_callers_run_each_query_by_its_hash(persisted_api, demo, name):
    variables, expected = QUERIES[name]
    assert expected(await by_hash(persisted_api, name, variables)), name


async def test_an_operation_not_in_the_file_is_refused(persisted_api):
    body = (await persisted_api.post("/graphql", json={"query": "{ themes(first: 3) { totalCount } }"})).json()
    assert body["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"


async def test_mutations_run_by_their_hash(persisted_api, hub, demo, unique):
    token = await issue_token(hub, Role.ADMIN, name=f"ops {unique}")
    created = await by_hash(persisted_api, "CreateInitiative", {"input": {
        "title": f"Persisted dialogue clubs {unique}", "locationIds": [OSH], "clientMutationId": f"c-{unique}"}}, token)
    initiative = created["createInitiative"]["initiative"]
    assert created["createInitiative"]["userErrors"] == [] and initiative["version"] == 1
    linked = await by_hash(persisted_api, "Link", {"input": {
        "type": "IMPLEMENTS", "fromId": gid("Actor", "demo-fti"), "toId": initiative["id"], "role": "LEAD"}}, token)
    assert linked["link"]["userErrors"] == []
    assert linked["link"]["relationship"]["to"]["id"] == initiative["id"]
    added = await by_hash(persisted_api, "AddSettlement", {"input": {
        "parentId": gid("Location", "3505220"), "name": "Voruh", "latitude": 39.86, "longitude": 70.59}}, token)
    assert [e["code"] for e in added["addSettlement"]["userErrors"]] == ["SIMILAR_PLACE"]
    assert added["addSettlement"]["similarPlaces"][0]["location"]["id"] == gid("Location", "DEMO-TJ-VORUKH")
    need = await by_hash(persisted_api, "CreateNeed", {"input": {
        "title": f"Persisted pasture dispute {unique}", "severity": "HIGH", "locationIds": [OSH], "themeIds": [MEDIATION],
        "reportedByIds": [gid("Actor", "demo-fti")], "clientMutationId": f"n-{unique}"}}, token)
    assert need["createNeed"]["userErrors"] == []
    assert [a["name"] for a in need["createNeed"]["need"]["reportedBy"]] == ["Foundation for Tolerance International"]
    assert [p["id"] for p in need["createNeed"]["need"]["locations"]] == [OSH]
