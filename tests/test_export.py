"""Exports: IATI activity XML that the IATI 2.03 schema accepts (validated with xmlschema against the XSDs in
../shared/data), an HXL 3W table of a place; both show each caller only what it may see, coarsen sensitive
places, neutralise spreadsheet formulas, and an IATI export imported into another graph gives the same
initiatives, organisations and places."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema

from hub.access import Role, Viewer
from hub.demo.loader import load_demo
from hub.graph import export as export_q
from hub.graph import interop as interop_q
from hub.graph.connection import fetch_all
from hub.interop.iati_export import Reporter
from hub.interop.spreadsheet import neutralise
from hub.runtime import Hub
from hub.services import export
from hub.services.export import Scope
from hub.services.hxl_import import HxlImporter
from hub.services.iati_import import IatiImporter
from hub.services.reads import Reader
from hub.services.registry import NewLink
from tests import conftest
from tests.conftest import GraphQLClient, issue_token

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "data" / "IATI__IATI-Schemas" / "iati-activities-schema.xsd"
ADMIN = Viewer.system("export test")
ANALYST = Viewer(name="analyst", role=Role.ANALYST)
OSH = "KG06000000000"  # Osh oblast
NARIMAN = "DEMO-KG-NARIMAN"  # a village in it


@pytest.fixture(scope="module")
def iati_schema():
    return xmlschema.XMLSchema(str(SCHEMA))


@pytest.fixture(scope="module")
async def demo(hub):
    return await load_demo(hub.graph, force=True)


async def collect(stream) -> bytes:
    return b"".join([chunk async for chunk in stream])


def activities(xml: bytes) -> dict[str, ElementTree.Element]:
    root = ElementTree.fromstring(xml)
    return {a.findtext("iati-identifier"): a for a in root.findall("iati-activity")}


def table(data: bytes) -> list[dict]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    tags = rows[1]
    return [dict(zip(tags, row)) for row in rows[2:]]


async def sensitive_and_private(hub, unique: str) -> tuple[str, str]:
    """A sensitive initiative in a village and a private one, both of the FTI, with formula-like titles."""
    keys = []
    for title, extra in ((f"=HYPERLINK(\"http://x\",\"{unique} safe houses\")", {"sensitive": True}),
                         (f"@SUM(1) {unique} private plans", {"visibility": "PRIVATE"})):
        made = await hub.registry.create(
            "Initiative", {"title": title, "startDate": "2024-01-01", "endDate": "2026-12-31", **extra}, ADMIN,
            owner_key="demo-fti",
            links=[NewLink("locationIds", "LOCATED_IN", ("Location", NARIMAN), True),
                   NewLink("implementers", "IMPLEMENTS", ("Actor", "demo-fti"), False, role="LEAD"),
                   NewLink("themeIds", "ADDRESSES", ("Theme", "community-security"), True)])
        assert not made.user_errors, made.user_errors
        keys.append(made.record.key)
    return keys[0], keys[1]


async def test_iati_export_validates_against_the_2_03_schema(hub, demo, iati_schema, unique):
    await sensitive_and_private(hub, unique)
    xml = await collect(export.iati(hub.reader, ADMIN, Scope()))
    errors = list(iati_schema.iter_errors(xml.decode("utf-8")))
    assert not errors, [f"{e.path}: {e.reason}" for e in errors[:5]]
    found = activities(xml)
    assert len(found) >= demo["Initiative"] + 2
    mediators = next(a for a in found.values() if a.findtext("title/narrative", "").startswith("Community mediators for peace"))
    assert {o.findtext("narrative") for o in mediators.findall("participating-org[@role='4']")} >= {"UNDP Kyrgyzstan"}
    assert mediators.find("recipient-country").get("code") == "KG"


async def test_exports_show_each_caller_what_it_may_see(hub, demo, unique):
    sensitive, private = await sensitive_and_private(hub, unique)
    reporter = Reporter()
    member = Viewer(name="fti member", role=Role.MEMBER, actor_keys=("demo-fti",))
    seen = {}
    for name, viewer in (("public", Viewer.anonymous()), ("analyst", ANALYST), ("member", member), ("admin", ADMIN)):
        seen[name] = activities(await collect(export.iati(hub.reader, viewer, Scope(place=OSH))))
    ids = {key: reporter.identifier({"key": key}) for key in (sensitive, private)}
    assert ids[private] not in seen["public"] and ids[private] not in seen["analyst"]
    assert ids[private] in seen["member"] and ids[private] in seen["admin"]
    for name in ("public", "analyst"):  # the sensitive one: its province only, never the village
        places = [loc.get("ref") for loc in seen[name][ids[sensitive]].findall("location")]
        assert places == [OSH], (name, places)
    for name in ("member", "admin"):
        assert [loc.get("ref") for loc in seen[name][ids[sensitive]].findall("location")] == [NARIMAN]
    # a place filter finer than a province does not find a sensitive initiative for others
    village = activities(await collect(export.iati(hub.reader, ANALYST, Scope(place=NARIMAN))))
    assert ids[sensitive] not in village
    assert ids[sensitive] in activities(await collect(export.iati(hub.reader, member, Scope(place=NARIMAN))))

    rows = table(await collect(export.hxl(hub.reader, hub.graph, ANALYST, Scope(place=OSH))))
    mine = [r for r in rows if unique in r["#activity+name"]]
    assert len(mine) == 1 and mine[0]["#activity+code"] == sensitive
    assert mine[0]["#adm1+code"] == OSH and not mine[0]["#adm2+code"] and not mine[0]["#loc+code"]
    rows = table(await collect(export.hxl(hub.reader, hub.graph, member, Scope(place=OSH))))
    mine = {r["#activity+code"]: r for r in rows if unique in r["#activity+name"]}
    assert set(mine) == {sensitive, private}
    assert mine[sensitive]["#loc+code"] == NARIMAN and mine[sensitive]["#adm1+code"] == OSH
    assert mine[sensitive]["#adm2+code"], "the village's district is named"
    assert mine[sensitive]["#org+impl+name"] == "Foundation for Tolerance International"


async def test_formulas_are_neutralised(hub, demo, unique):
    sensitive, private = await sensitive_and_private(hub, unique)
    xml = activities(await collect(export.iati(hub.reader, ADMIN, Scope(place=NARIMAN))))
    titles = {a.findtext("title/narrative") for a in xml.values() if unique in a.findtext("title/narrative")}
    assert titles == {f"'=HYPERLINK(\"http://x\",\"{unique} safe houses\")", f"'@SUM(1) {unique} private plans"}
    rows = table(await collect(export.hxl(hub.reader, hub.graph, ADMIN, Scope(place=NARIMAN))))
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert f"'@SUM(1) {unique} private plans" in cells


async def test_scope_filters(hub, demo):
    reader: Reader = hub.reader
    everything = activities(await collect(export.iati(reader, ADMIN, Scope())))
    osh = activities(await collect(export.iati(reader, ADMIN, Scope(place=OSH))))
    mediation = activities(await collect(export.iati(reader, ADMIN, Scope(place=OSH, theme="mediation"))))
    period = Scope(place=OSH, start=_date("2024-01-01"), end=_date("2024-12-31"))
    in_2024 = activities(await collect(export.iati(reader, ADMIN, period)))
    assert set(mediation) < set(osh) < set(everything) and set(in_2024) <= set(osh)
    items = [item.initiative async for page in export.items(reader, ADMIN, period) for item in page]
    assert len(items) == len(in_2024)
    for initiative in items:  # no dates: active at any time
        assert (initiative.get("startDate") or "") <= "2024-12-31" and (initiative.get("endDate") or "9999") >= "2024-01-01"
    with pytest.raises(Exception, match="place: no location"):
        await collect(export.iati(reader, ADMIN, Scope(place="NO-SUCH-PLACE")))
    with pytest.raises(Exception, match="place"):
        await collect(export.hxl(reader, hub.graph, ADMIN, Scope()))


def _date(text):
    import datetime as dt

    return dt.date.fromisoformat(text)


async def test_iati_export_imports_into_another_graph_as_the_same_initiatives(hub, demo, tmp_path, unique):
    """export -> import: the same initiatives (title, status, dates, budget), organisations and countries."""
    reporter = Reporter(ref=f"XX-TEST-{unique}")
    items = [item async for page in export.items(hub.reader, ADMIN, Scope(place="KG")) for item in page]
    xml = await collect(export.iati(hub.reader, ADMIN, Scope(place="KG"), reporter))
    assert len(items) > 20
    target = await Hub(conftest.test_settings(tmp_path / "target")).start()
    try:
        report = await IatiImporter(target.graph).import_file(xml, "export.xml", ADMIN)
        assert not report.rejected, report.rejected[:3]
        ids = [reporter.identifier(item.initiative) for item in items]
        rows = await target.graph.read(lambda tx: fetch_all(tx, interop_q.INITIATIVES_BY_IATI_ID, ids=ids,
                                                            **ADMIN.params()))
        imported = {row["node"]["iatiIdentifier"]: row["node"] for row in rows}
        assert set(imported) == set(ids)
        keys = [node["key"] for node in imported.values()]
        around = {rel: await target.reader.neighbours("Initiative", rel, "IN", "Actor", keys, ADMIN)
                  for rel in ("IMPLEMENTS", "FUNDS")}
        places = await target.reader.neighbours("Initiative", "LOCATED_IN", "OUT", "Location", keys, ADMIN)
        for item in items:
            source, copy = item.initiative, imported[reporter.identifier(item.initiative)]
            for name in ("title", "description", "status", "startDate", "endDate", "budgetAmount", "budgetCurrency"):
                if name.startswith("budget") and not (source.get("startDate") and source.get("endDate")):
                    continue  # a budget needs its period in IATI
                expected = source.get(name)
                if name == "startDate" and not source.get("startDate") and not source.get("endDate"):
                    expected = str(source["createdAt"])[:10]  # the schema needs a date: the registration day
                if name in ("title", "description") and expected:
                    expected = neutralise(expected)  # a formula-like text comes back quoted, by design
                assert copy.get(name) == expected, (source["key"], name)
            key = copy["key"]
            assert {a.props["name"] for a, _ in around["IMPLEMENTS"][key]} == {a["name"] for a, _ in item.implementers}
            assert {a.props["name"] for a, _ in around["FUNDS"][key]} == {a["name"] for a in item.funders}
            assert {p.key for p, _ in places[key]} == {p["country"] for p in item.places}
            leads = [a.props["name"] for a, rel in around["IMPLEMENTS"][key] if rel.get("role") == "LEAD"]
            assert leads == [a["name"] for a, role in item.implementers[:1]]
        again = await IatiImporter(target.graph).import_file(xml, "export.xml", ADMIN)
        assert not again.created and not again.updated, "the same file twice changes nothing"

        csv_data = await collect(export.hxl(hub.reader, hub.graph, ADMIN, Scope(place=OSH)))
        hxl = await HxlImporter(target.graph).import_file(csv_data, "3w.csv", ADMIN, dry_run=True)
        understood = " ".join(hxl.columns["understood"])
        for tag in ("#org+impl+name", "#sector+name", "#activity+name", "#adm1+code", "#adm2+code", "#date+start"):
            assert tag in understood, (tag, hxl.columns)
    finally:
        await target.stop()


async def test_exports_over_http_are_for_signed_in_callers_and_streamed(client, hub, demo):
    anonymous = await client.get("/export/iati.xml")
    assert anonymous.status_code == 401 and anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    analyst = GraphQLClient(client, await issue_token(hub, Role.ANALYST, name="export analyst"))
    answer = await client.get("/export/iati.xml", params={"place": OSH, "from": "2024-01-01"}, headers=analyst.headers())
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/xml")
    assert answer.headers.get("transfer-encoding") == "chunked" or "content-length" not in answer.headers
    assert activities(answer.content)
    table_answer = await client.get("/export/hxl.csv", params={"place": OSH}, headers=analyst.headers())
    assert table_answer.status_code == 200 and table(table_answer.content)
    for params, field in (({"place": OSH, "from": "2024-13-01"}, "from"), ({}, "place"),
                          ({"place": "NOWHERE"}, "place"), ({"place": OSH, "colour": "red"}, "colour")):
        refused = await client.get("/export/hxl.csv", params=params, headers=analyst.headers())
        assert refused.status_code == 400, params
        body = refused.json()["errors"][0]
        assert body["extensions"]["code"] == "BAD_USER_INPUT" and body["message"].startswith(field)
