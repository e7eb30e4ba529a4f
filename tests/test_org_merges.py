"""Organisations across sources: an import resolves a spelling it is sure of to the existing actor (keeping
the spelling as an alias), queues the ones it is unsure of, and an admin confirms, rejects or undoes merges
through GraphQL, atomically, audited and version-checked."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from hub.access import Role, Viewer
from hub.graph import interop
from hub.graph import merges as q
from hub.graph.connection import fetch_all
from hub.services.hxl_import import HxlImporter
from hub.services.iati_import import IatiImporter
from hub.services.orgs import merges
from tests.conftest import GraphQLClient, issue_token
from tests.test_auth import ACTOR, actor_key

ADMIN = Viewer.system()
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
QUEUE = """query($status: MergeCandidateStatus) { mergeCandidates(status: $status, first: 100) { totalCount nodes {
  id status version score reasons spelling source survivor { id name aliases } merged { id name }
  merge { id status version mergedActorId relationshipsMoved } } } }"""
CONFIRM = """mutation($i: DecideMergeInput!) { confirmMerge(input: $i) { candidate { id status version }
  merge { id status version mergedActorId relationshipsMoved survivor { id } } userErrors { field code message } } }"""
REJECT = """mutation($i: DecideMergeInput!) { rejectMerge(input: $i) { candidate { id status version }
  userErrors { field code message } } }"""
UNDO = """mutation($i: UndoMergeInput!) { undoMerge(input: $i) { candidate { id status } merge { id status version }
  userErrors { field code message } } }"""
ACTOR_VIEW = """query($id: ID!) { node(id: $id) { ... on Actor { id name aliases version
  initiatives { role initiative { id title } } } } }"""


def _table(*orgs: str, activity: str) -> bytes:
    lines = ["Org,Sector,Activity,Country", "#org+impl,#sector,#activity,#country"]
    lines += [f'"{org}",Protection,"{activity} {n}",Kyrgyzstan' for n, org in enumerate(orgs)]
    return ("\n".join(lines) + "\n").encode()


async def _import(hub, body: bytes, name: str):
    return await HxlImporter(hub.graph).import_file(body, name, ADMIN)


async def _candidates_of(gql, survivor_id: str, status: str = "PENDING") -> list[dict]:
    nodes = (await gql(QUEUE, {"status": status}))["mergeCandidates"]["nodes"]
    return [c for c in nodes if c["survivor"] and c["survivor"]["id"] == survivor_id]


@pytest.fixture
async def foundation(gql, unique) -> tuple[str, str]:
    name = f"Zorgo Peace Foundation {unique}"
    created = await gql(ACTOR, {"i": {"name": name, "kind": "CSO", "country": "KG"}})
    return created["createActor"]["actor"]["id"], name


async def test_an_import_keeps_a_typo_as_an_alias_and_queues_a_country_office(hub, gql, foundation, unique):
    actor_id, name = foundation
    typo = name.replace("Foundation", "Foundaton")
    office = f"{name} Sierra Leone"
    report = await _import(hub, _table(typo, office, activity=f"Mediation {unique}"), f"w3-{unique}.csv")
    assert report.updated["Actor"] == 1 and report.created["Actor"] == 1, report.summary()
    actor = (await gql(ACTOR_VIEW, {"id": actor_id}))["node"]
    assert typo in actor["aliases"] and office not in actor["aliases"]
    assert [i["initiative"]["title"] for i in actor["initiatives"]] == [f"Mediation {unique} 0"]
    [queued] = await _candidates_of(gql, actor_id)
    assert queued["spelling"] == office and queued["merged"]["name"] == office
    assert 0.6 <= queued["score"] < 0.9 and queued["reasons"] and all(r.endswith(".") for r in queued["reasons"])
    assert f"w3-{unique}.csv" in queued["source"]

    again = await _import(hub, _table(typo, office, activity=f"Mediation {unique}"), f"w3-{unique}.csv")
    assert not again.created and not again.updated, again.summary()
    assert len(await _candidates_of(gql, actor_id)) == 1


async def test_a_confirmed_merge_moves_everything_and_undo_restores_it_exactly(hub, gql, foundation, unique):
    actor_id, name = foundation
    office = f"{name} Tajikistan"
    await _import(hub, _table(office, activity=f"Dialogue {unique}"), f"office-{unique}.csv")
    [queued] = await _candidates_of(gql, actor_id)
    merged_id = queued["merged"]["id"]
    before_merged = (await gql(ACTOR_VIEW, {"id": merged_id}))["node"]
    before_survivor = (await gql(ACTOR_VIEW, {"id": actor_id}))["node"]
    assert [i["initiative"]["title"] for i in before_merged["initiatives"]] == [f"Dialogue {unique} 0"]

    done = (await gql(CONFIRM, {"i": {"candidateId": queued["id"], "version": queued["version"]}}))["confirmMerge"]
    assert done["userErrors"] == [] and done["candidate"]["status"] == "CONFIRMED"
    assert done["merge"]["mergedActorId"] == merged_id and done["merge"]["relationshipsMoved"] == 1
    assert (await gql(ACTOR_VIEW, {"id": merged_id}))["node"] is None
    survivor = (await gql(ACTOR_VIEW, {"id": actor_id}))["node"]
    assert office in survivor["aliases"]
    assert [i["initiative"]["title"] for i in survivor["initiatives"]] == [f"Dialogue {unique} 0"]
    trail = await gql("query($id: ID!) { auditTrail(recordId: $id, first: 10) { nodes { action } } }", {"id": actor_id})
    assert "ABSORB" in [e["action"] for e in trail["auditTrail"]["nodes"]]

    twice = (await gql(CONFIRM, {"i": {"candidateId": queued["id"], "version": queued["version"]}}))["confirmMerge"]
    assert [e["code"] for e in twice["userErrors"]] == ["CONFLICT"] and twice["merge"] is None

    merge = done["merge"]
    stale = (await gql(UNDO, {"i": {"mergeId": merge["id"], "version": merge["version"] + 1}}))["undoMerge"]
    assert [e["field"] for e in stale["userErrors"]] == ["version"]
    undone = (await gql(UNDO, {"i": {"mergeId": merge["id"], "version": merge["version"]}}))["undoMerge"]
    assert undone["userErrors"] == [] and undone["merge"]["status"] == "UNDONE"
    assert undone["candidate"]["status"] == "UNDONE"
    assert (await gql(ACTOR_VIEW, {"id": merged_id}))["node"] == before_merged
    restored = (await gql(ACTOR_VIEW, {"id": actor_id}))["node"]
    assert restored["aliases"] == before_survivor["aliases"] and restored["initiatives"] == before_survivor["initiatives"]
    again = (await gql(UNDO, {"i": {"mergeId": merge["id"], "version": undone["merge"]["version"]}}))["undoMerge"]
    assert [e["code"] for e in again["userErrors"]] == ["CONFLICT"]


async def test_undo_brings_back_relationship_properties_and_owned_records(hub, gql, foundation, unique):
    actor_id, name = foundation
    await _import(hub, _table(f"{name} Uzbekistan", activity=f"Youth {unique}"), f"uz-{unique}.csv")
    [queued] = await _candidates_of(gql, actor_id)
    merged_key = actor_key(queued["merged"]["id"])
    partner = (await gql(ACTOR, {"i": {"name": f"Partner of {unique}", "kind": "CSO"}}))["createActor"]["actor"]["id"]
    linked = await gql("mutation($i: LinkInput!) { link(input: $i) { userErrors { code } } }",
                       {"i": {"type": "PARTNERS_WITH", "fromId": queued["merged"]["id"], "toId": partner}})
    assert linked["link"]["userErrors"] == []

    async def links_of(key):
        rows = await hub.graph.read(lambda tx: fetch_all(tx, q.ACTOR_LINKS, key=key, **ADMIN.params()))
        return sorted((r["type"], r["outgoing"], r["other"], tuple(sorted((r["props"] or {}).items()))) for r in rows)

    original = await links_of(merged_key)
    outcome = await merges.confirm(hub.graph, ADMIN, queued["id"], queued["version"])
    assert not outcome.user_errors
    assert any(t == "PARTNERS_WITH" for t, *_ in await links_of(actor_key(actor_id)))
    undone = await merges.undo(hub.graph, ADMIN, outcome.merge["key"], outcome.merge["version"])
    assert not undone.user_errors
    assert await links_of(merged_key) == original
    assert not any(t == "PARTNERS_WITH" for t, *_ in await links_of(actor_key(actor_id)))


async def test_two_admins_confirming_the_same_candidate_merge_once(hub, gql, foundation, unique):
    actor_id, name = foundation
    await _import(hub, _table(f"{name} Kazakhstan", activity=f"Water {unique}"), f"kz-{unique}.csv")
    [queued] = await _candidates_of(gql, actor_id)
    first, second = await asyncio.gather(
        merges.confirm(hub.graph, Viewer.system(), queued["id"], queued["version"]),
        merges.confirm(hub.graph, Viewer.system(), queued["id"], queued["version"]))
    outcomes = sorted([first, second], key=lambda o: bool(o.user_errors))
    assert not outcomes[0].user_errors and outcomes[0].merge is not None
    assert [e.code for e in outcomes[1].user_errors] == ["CONFLICT"]
    [confirmed] = await _candidates_of(gql, actor_id, "CONFIRMED")
    assert confirmed["merge"]["id"] == outcomes[0].merge["key"]


async def test_a_rejected_candidate_is_not_asked_again(hub, gql, foundation, unique):
    actor_id, name = foundation
    body = _table(f"{name} Mongolia", activity=f"Land {unique}")
    await _import(hub, body, f"mn-{unique}.csv")
    [queued] = await _candidates_of(gql, actor_id)
    stale = (await gql(REJECT, {"i": {"candidateId": queued["id"], "version": queued["version"] + 1}}))["rejectMerge"]
    assert [e["code"] for e in stale["userErrors"]] == ["CONFLICT"]
    rejected = (await gql(REJECT, {"i": {"candidateId": queued["id"], "version": queued["version"]}}))["rejectMerge"]
    assert rejected["candidate"]["status"] == "REJECTED"
    await _import(hub, body, f"mn-{unique}-again.csv")
    assert await _candidates_of(gql, actor_id) == []
    missing = (await gql(REJECT, {"i": {"candidateId": "0" * 32, "version": 1}}))["rejectMerge"]
    assert [e["code"] for e in missing["userErrors"]] == ["NOT_FOUND"]


async def test_only_admins_review_merges(client, hub, public, foundation):
    assert (await public.raw(QUEUE))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    member = GraphQLClient(client, await issue_token(hub, Role.MEMBER, [actor_key(foundation[0])], name="member"))
    assert (await member.raw(QUEUE))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await member.raw(CONFIRM, {"i": {"candidateId": "abc", "version": 1}})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bad = await member.raw(UNDO, {"i": {"mergeId": "not an id!", "version": 1}})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_undp_with_the_junk_identifier_12_stays_one_actor(import_hub, import_gql):
    """iati-sierraleone.csv gives UNDP the identifier "12" (read as XM-DAC-12) 22 times and 41114 47 times;
    dportal_100.xml gives it XM-DAC-41114: one actor, with 41114."""
    await HxlImporter(import_hub.graph).import_file(
        (DATA / "HXLStandard__hxl-showcase" / "iati-sierraleone.csv").read_bytes(), "iati-sierraleone.csv", ADMIN)
    await IatiImporter(import_hub.graph).import_file(
        (DATA / "OCHA-DAP__hdx-scraper-iati-viz" / "dportal_100.xml").read_bytes(), "dportal_100.xml", ADMIN)
    found = await import_gql("""{ actors(filter: {search: "United Nations Development Programme"}, first: 20) {
      nodes { id name aliases } } }""")
    undp = [a for a in found["actors"]["nodes"] if a["name"].lower() == "united nations development programme"]
    assert len(undp) == 1, found
    rows = await import_hub.graph.read(lambda tx: fetch_all(
        tx, interop.ACTORS_BY_IATI_REF, refs=["XM-DAC-12", "XM-DAC-41114"], **ADMIN.params()))
    assert [(r["key"], r["ref"]) for r in rows] == [(actor_key(undp[0]["id"]), "XM-DAC-41114")]
