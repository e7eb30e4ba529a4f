"""IATI activity import: the real D-Portal files of ../shared/data (SOURCES.md there) load whole, field by
field as the XML says, organisations are never created twice, a second import changes nothing, a newer
version updates what changed, and unreadable or hostile files leave the graph as it was.

The imports run on a graph of their own (conftest's import_hub), so the other tests' counts are untouched."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest
from prometheus_client import REGISTRY

from hub.access import Role, Viewer
from hub.ids import to_global_id
from hub.interop.iati import XML_LANG, IatiError, parse
from hub.model import Visibility
from hub.services.iati_import import IatiImporter, MappingError, load_mapping
from tests.conftest import issue_token

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "OCHA-DAP__hdx-scraper-iati-viz"
FILES = sorted(DATA.glob("dportal_*.xml"))
ADMIN = Viewer.system("iati import test")

pytestmark = pytest.mark.skipif(not FILES, reason=f"no IATI files in {DATA}")


@pytest.fixture(scope="module")
def iati_hub(import_hub):
    return import_hub


@pytest.fixture(scope="module")
def iati_gql(import_gql):
    return import_gql


@pytest.fixture(scope="module")
async def imported(iati_hub):
    """The three real files, imported once; their reports."""
    importer = IatiImporter(iati_hub.graph)
    return [await importer.import_file(f.read_bytes(), f.name, ADMIN) for f in FILES]


INITIATIVE = """query($q: String!) { initiatives(filter: {search: $q}, first: 5) { nodes {
  id title description status startDate endDate budget { amount currency } iatiIdentifier visibility
  provenance { source createdBy }
  implementers { role actor { id name kind } } funders { name } locations { code level } themes { code } parent { iatiIdentifier }
} } }"""


def _source(path: Path, iati_id: str) -> ET.Element:
    root = ET.parse(path).getroot()
    return next(a for a in root.iter("iati-activity") if a.findtext("iati-identifier").strip() == iati_id)


async def test_every_activity_of_the_real_files_is_imported(imported):
    assert [r.activities for r in imported] == [100, 100, 100]
    for report in imported:
        assert report.rejected == []
        assert report.created["Initiative"] + report.unchanged["Initiative"] + report.updated["Initiative"] == 100
    total_links = sum(sum(r.linked.values()) for r in imported)
    assert total_links > 0 or all(not r.created for r in imported)


async def test_an_activity_is_field_by_field_what_the_file_says(imported, iati_gql):
    """UNDP's community-security output in Tajikistan, checked against the XML read here independently."""
    path, iati_id = DATA / "dportal_100.xml", "XM-DAC-41114-OUTPUT-00113801"
    source = _source(path, iati_id)
    data = await iati_gql(INITIATIVE, {"q": iati_id})
    [node] = [n for n in data["initiatives"]["nodes"] if n["iatiIdentifier"] == iati_id]
    assert node["title"] == " ".join(source.find("title/narrative").text.split())
    assert node["title"].startswith("Strengthening community securi")
    assert node["status"] == {"1": "PLANNED", "2": "ACTIVE", "3": "COMPLETED", "4": "COMPLETED"}[
        source.find("activity-status").get("code")]
    dates = {d.get("type"): d.get("iso-date")[:10] for d in source.findall("activity-date")}
    assert node["startDate"] == (dates.get("2") or dates.get("1"))
    assert node["endDate"] == (dates.get("4") or dates.get("3"))
    assert [loc["code"] for loc in node["locations"]] == ["TJ"]
    assert node["locations"][0]["level"] == "COUNTRY"
    implementers = [p for p in source.findall("participating-org") if p.get("role") == "4"]
    assert [i["actor"]["name"].lower() for i in node["implementers"]] == [
        implementers[0].find("narrative").text.lower()]
    assert node["implementers"][0]["role"] == "LEAD"
    funder_refs = {p.get("ref") for p in source.findall("participating-org") if p.get("role") == "1"}
    assert len(node["funders"]) == len(funder_refs)
    budgets = source.findall("budget")
    if budgets:
        assert node["budget"]["currency"] == (budgets[0].find("value").get("currency") or source.get("default-currency"))
    sectors = {s.get("code") for s in source.findall("sector") if s.get("vocabulary", "1") == "1"}
    mapping = load_mapping()
    themes = {mapping["sectors"].get(c) or mapping["sectors"].get(c[:3]) for c in sectors}
    assert None not in themes  # every DAC code has a theme, through its category at least
    assert {t["code"] for t in node["themes"]} == themes
    assert node["visibility"] == "PUBLIC"
    assert "dportal_100.xml" in node["provenance"]["source"]


async def test_narratives_in_every_language_and_planned_and_actual_dates_are_kept(imported, iati_hub):
    path = DATA / "dportal_78.xml"
    iati_id = "XI-IATI-EC_FPI-2019/409-820"
    [activity] = [a for a in parse(path.read_bytes()) if a.iati_id == iati_id]
    importer = IatiImporter(iati_hub.graph)
    stored = (await importer._existing_initiatives(ADMIN, [activity]))[iati_id]
    assert json.loads(stored["narratives"])["title"] == activity.titles
    assert "Kyrgyzstan" in stored["title"]
    assert stored.get("plannedStartDate") == activity.dates.get("1")
    assert stored.get("actualStartDate") == activity.dates.get("2")
    assert stored["importFileSha256"] == imported[1].sha256


async def test_an_organisation_is_one_actor_across_roles_and_spellings(imported, iati_gql):
    """UNDP reports its outputs with itself as funder ("UNITED NATIONS DEVELOPMENT PROGRAMME") and as implementer
    ("United Nations Development Programme"), under one identifier: one actor, named in mixed case."""
    data = await iati_gql("""{ initiatives(filter: {search: "XM-DAC-41114-OUTPUT"}, first: 100) { nodes {
        iatiIdentifier implementers { actor { id name } } funders { id name } } } }""")
    nodes = [n for n in data["initiatives"]["nodes"] if n["iatiIdentifier"].startswith("XM-DAC-41114-OUTPUT")]
    assert len(nodes) == 100
    undp = {i["actor"]["id"]: i["actor"]["name"] for n in nodes for i in n["implementers"]
            if i["actor"]["name"].lower() == "united nations development programme"}
    assert list(undp.values()) == ["United Nations Development Programme"]
    funders = {f["id"] for n in nodes for f in n["funders"] if f["name"].lower() == "united nations development programme"}
    assert funders == set(undp)


async def test_a_second_import_changes_nothing(imported, iati_hub):
    importer = IatiImporter(iati_hub.graph)
    again = [await importer.import_file(f.read_bytes(), f.name, ADMIN) for f in FILES]
    for report in again:
        assert not report.created and not report.updated, report.summary()
        assert sum(report.linked.values()) == 0
        assert report.unchanged["Initiative"] == 100


HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _activity(iati_id: str, title: str, *, extra: str = "", status: str = "2") -> str:
    return (f'<iati-activity default-currency="USD" xml:lang="en" xmlns:x="http://example.org/x" x:note="1">'
            f'<iati-identifier>{iati_id}</iati-identifier>'
            f'<title><narrative>{title}</narrative><narrative xml:lang="ru">Заголовок {title}</narrative></title>'
            f'<participating-org ref="N/A" role="4" type="22"><narrative>Yntymak {iati_id} Foundation</narrative></participating-org>'
            f'<participating-org role="1" ref="XM-TEST-{iati_id}"><narrative>Fund {iati_id}</narrative></participating-org>'
            f'<activity-status code="{status}"/><activity-date type="1" iso-date="2024-01-01"/>'
            f'<recipient-country code="KG"/><sector vocabulary="1" code="15220"/>{extra}</iati-activity>')


def _file(*activities: str) -> bytes:
    return (HEADER + '<iati-activities version="2.03">' + "".join(activities) + "</iati-activities>").encode()


async def test_parents_rejections_and_a_newer_version(iati_hub, unique):
    importer = IatiImporter(iati_hub.graph)
    parent, child = f"XM-TEST-{unique}-P", f"XM-TEST-{unique}-C"
    first = _file(_activity(parent, "Programme"),
                  _activity(child, "Component", extra=f'<related-activity ref="{parent}" type="1"/>'),
                  '<iati-activity><title><narrative>nameless</narrative></title></iati-activity>',
                  _activity(f"XM-TEST-{unique}-B", "Bad money",
                            extra='<budget type="1"><period-start iso-date="2024-01-01"/><value currency="ZZZ">5</value></budget>'))
    report = await importer.import_file(first, "test.xml", ADMIN, visibility=Visibility.NETWORK)
    assert report.created["Initiative"] == 2 and report.created["Actor"] == 4
    assert len(report.rejected) == 2
    assert report.rejected[0].startswith("iati-activity #3 (no iati-identifier)")
    assert "iati-activity #4" in report.rejected[1] and "budgetCurrency" in report.rejected[1]
    assert report.linked["PART_OF"] == 1
    stored = await importer._existing_initiatives(ADMIN, parse(first))
    assert stored[child]["visibility"] == "NETWORK"
    assert json.loads(stored[child]["narratives"])["title"]["ru"] == "Заголовок Component"

    newer = _file(_activity(parent, "Programme, second phase", status="3"),
                  _activity(child, "Component", extra=f'<related-activity ref="{parent}" type="1"/>'))
    update = await importer.import_file(newer, "test-v2.xml", ADMIN)
    assert update.updated["Initiative"] == 1 and update.unchanged["Initiative"] == 1 and not update.created
    after = (await importer._existing_initiatives(ADMIN, parse(newer)))[parent]
    assert (after["title"], after["status"], after["version"]) == ("Programme, second phase", "COMPLETED", 2)
    assert after["key"] == stored[parent]["key"]


async def test_imports_are_counted_in_the_metrics(iati_hub, unique):
    def sample(name, **labels):
        return REGISTRY.get_sample_value(name, labels) or 0.0

    files, created = sample("hub_import_files_total", outcome="written"), sample(
        "hub_import_records_total", label="Initiative", change="created")
    await IatiImporter(iati_hub.graph).import_file(_file(_activity(f"XM-TEST-{unique}-M", "Counted")), "m.xml", ADMIN)
    assert sample("hub_import_files_total", outcome="written") == files + 1
    assert sample("hub_import_records_total", label="Initiative", change="created") == created + 1
    assert sample("hub_imports_in_progress") == 0


async def test_import_is_audited(iati_hub, iati_gql, unique):
    importer = IatiImporter(iati_hub.graph)
    iati_id = f"XM-TEST-{unique}-A"
    await importer.import_file(_file(_activity(iati_id, "Audited")), "audit.xml", ADMIN)
    key = (await importer._existing_initiatives(ADMIN, parse(_file(_activity(iati_id, "x")))))[iati_id]["key"]
    data = await iati_gql("""query($id: ID!) { auditTrail(recordId: $id) { nodes { action by detail } } }""",
                          {"id": to_global_id("Initiative", key)})
    [entry] = data["auditTrail"]["nodes"]
    assert entry["action"] == "CREATE" and entry["by"] == ADMIN.name and "audit.xml" in json.dumps(entry["detail"])


async def test_an_existing_actor_is_reused_by_name(iati_hub, iati_gql, unique):
    created = await iati_gql("""mutation($name: String!) { createActor(input: {name: $name, kind: CSO}) {
        actor { id } userErrors { message } } }""", {"name": f"Yntymak XM-TEST-{unique}-R Foundation"})
    actor_id = created["createActor"]["actor"]["id"]
    importer = IatiImporter(iati_hub.graph)
    report = await importer.import_file(_file(_activity(f"XM-TEST-{unique}-R", "Reused")), "reuse.xml", ADMIN)
    assert report.unchanged["Actor"] == 1 and report.created["Actor"] == 1  # the funder is new
    listed = await iati_gql(INITIATIVE, {"q": f"XM-TEST-{unique}-R"})
    [node] = listed["initiatives"]["nodes"]
    assert [i["actor"]["id"] for i in node["implementers"]] == [actor_id]


@pytest.mark.parametrize("body, reason", [
    (HEADER + '<!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><iati-activities>&b;</iati-activities>',
     "DTD or entities"),
    (HEADER + '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><iati-activities>&e;</iati-activities>',
     "DTD or entities"),
    (HEADER + "<iati-activities><iati-activity>", "not well-formed"),
    (HEADER + "<html><body/></html>", "root element is <html>"),
    (HEADER + '<iati-activities version="1.05"/>', "only 2.01-2.03"),
    (HEADER + '<iati-activities version="2.03"><iati-activity default-currency="' + "U" * 20_000 + '"/></iati-activities>',
     "attribute 'default-currency' of <iati-activity> holds 20000 characters"),
    ('<?xml version="1.0" encoding="UTF-8"?><iati-activities version="2.03"><iati-activity><title><narrative>Protecci'
     '\xf3n</narrative></title></iati-activity></iati-activities>', "not well-formed XML"),
])
async def test_unreadable_and_hostile_files_are_refused_and_nothing_is_written(iati_hub, iati_gql, body, reason):
    importer = IatiImporter(iati_hub.graph)
    before = await iati_gql("{ auditTrail(first: 1) { totalCount } }")
    with pytest.raises(IatiError, match=reason):
        await importer.import_file(body.encode("latin-1" if "\xf3" in body else "utf-8"), "hostile.xml", ADMIN)
    assert await iati_gql("{ auditTrail(first: 1) { totalCount } }") == before


async def test_a_dry_run_reports_and_writes_nothing(iati_hub, unique):
    importer = IatiImporter(iati_hub.graph)
    body = _file(_activity(f"XM-TEST-{unique}-D", "Dry"))
    dry = await importer.import_file(body, "dry.xml", ADMIN, dry_run=True)
    assert dry.created["Initiative"] == 1
    assert await importer._existing_initiatives(ADMIN, parse(body)) == {}
    real = await importer.import_file(body, "dry.xml", ADMIN)
    assert real.created == dry.created


async def test_only_admins_import(iati_hub):
    from hub.errors import Forbidden

    with pytest.raises(Forbidden):
        await IatiImporter(iati_hub.graph).import_file(_file(), "x.xml", Viewer(name="m", role=Role.MEMBER))


def test_a_bad_mapping_is_refused_naming_the_entry(tmp_path):
    mapping = json.loads((Path(__file__).resolve().parents[1] / "hub" / "interop" / "iati_mapping.json").read_text())
    mapping["roles"]["3"] = "PARTNERS"
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(mapping))
    with pytest.raises(MappingError, match="roles.3 must be FUNDS or IMPLEMENTS"):
        load_mapping(path)


IMPORT = """mutation($file: Upload!, $dry: Boolean!) { importIati(input: {file: $file, dryRun: $dry, visibility: NETWORK}) {
  report { file dryRun activities created { type count } unchanged { type count } linked { type count } rejected }
  userErrors { field message code } } }"""


async def _upload(http: httpx.AsyncClient, token: str | None, body: bytes, dry: bool = False) -> httpx.Response:
    """A GraphQL multipart request (github.com/jaydenseric/graphql-multipart-request-spec)."""
    operations = json.dumps({"query": IMPORT, "variables": {"file": None, "dry": dry}})
    return await http.post("/graphql", data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
                           files={"0": ("upload.xml", body, "application/xml")},
                           headers={"authorization": f"Bearer {token}"} if token else {})


async def test_an_admin_imports_an_uploaded_file_through_graphql(iati_gql, unique):
    body = _file(_activity(f"XM-TEST-{unique}-U", "Uploaded"))
    dry = (await _upload(iati_gql.http, iati_gql.token, body, dry=True)).json()["data"]["importIati"]
    assert dry["report"]["dryRun"] and {"type": "Initiative", "count": 1} in dry["report"]["created"]
    answer = (await _upload(iati_gql.http, iati_gql.token, body)).json()["data"]["importIati"]
    assert answer["userErrors"] == [] and answer["report"]["file"] == "upload.xml"
    assert {"type": "Initiative", "count": 1} in answer["report"]["created"]
    again = (await _upload(iati_gql.http, iati_gql.token, body)).json()["data"]["importIati"]["report"]
    assert again["created"] == [] and again["linked"] == []
    assert {"type": "Initiative", "count": 1} in again["unchanged"]
    listed = await iati_gql(INITIATIVE, {"q": f"XM-TEST-{unique}-U"})
    assert [n["visibility"] for n in listed["initiatives"]["nodes"]] == ["NETWORK"]


async def test_an_upload_that_is_not_iati_is_a_user_error(iati_gql):
    answer = (await _upload(iati_gql.http, iati_gql.token, b"<html/>")).json()["data"]["importIati"]
    assert answer["report"] is None
    assert answer["userErrors"][0]["field"] == "file" and "root element is <html>" in answer["userErrors"][0]["message"]


async def test_only_admins_may_send_files(iati_hub, iati_gql):
    """Anonymous: sign in (401, UNAUTHENTICATED); signed in without the admin role: no (403, FORBIDDEN)."""
    analyst = await issue_token(iati_hub, Role.ANALYST, name="iati analyst")
    for token, status, code in ((None, 401, "UNAUTHENTICATED"), (analyst, 403, "FORBIDDEN")):
        response = await _upload(iati_gql.http, token, _file())
        assert (response.status_code, response.json()["errors"][0]["extensions"]["code"]) == (status, code)
        if status == 401:
            assert response.headers["www-authenticate"] == "Bearer"


SLICES = """query($q: String!) { initiatives(filter: {search: $q}, first: 50) { totalCount nodes {
  iatiIdentifier implementers { actor { id } } funders { id } } } }"""


class Interrupted(Exception):
    """The operator stopping an import between two batches."""


async def test_an_interrupted_import_resumes_without_duplicates(iati_hub, iati_gql, unique):
    ids = [f"XM-TEST-{unique}-S{n}" for n in range(7)]
    body = _file(*(_activity(i, f"Slice {n}") for n, i in enumerate(ids)))
    importer = IatiImporter(iati_hub.graph, batch_size=2)  # organisations and 2 activities, 2, 2, then 1

    def stop_after_two_batches(done: int, total: int) -> None:
        assert total == 7
        if done == 4:
            raise Interrupted

    with pytest.raises(Interrupted):
        await importer.import_file(body, "slices.xml", ADMIN, progress=stop_after_two_batches)
    written = await importer._existing_initiatives(ADMIN, parse(body))
    assert sorted(written) == sorted(ids[:4])

    seen: list[tuple[int, int]] = []
    resumed = await importer.import_file(body, "slices.xml", ADMIN, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(2, 7), (4, 7), (6, 7), (7, 7)]
    assert any("stopped after batch 2 of 4" in note for note in resumed.notes), resumed.notes
    assert resumed.created == {"Initiative": 3} and resumed.unchanged == {"Initiative": 4, "Actor": 14}
    assert resumed.linked == {"IMPLEMENTS": 3, "FUNDS": 3, "LOCATED_IN": 3, "ADDRESSES": 3}

    data = await iati_gql(SLICES, {"q": f"XM-TEST-{unique}-S"})
    nodes = data["initiatives"]["nodes"]
    assert sorted(n["iatiIdentifier"] for n in nodes) == sorted(ids)  # each once
    for node in nodes:  # each relationship once
        assert len(node["implementers"]) == 1 and len(node["funders"]) == 1

    again = await importer.import_file(body, "slices.xml", ADMIN)
    assert not again.created and not again.updated and sum(again.linked.values()) == 0
    assert not any("stopped after" in note for note in again.notes)


def _copied(count: int, tag: str) -> bytes:
    """One file of `count` real activities: the D-Portal files' activities, repeated with suffixed identifiers."""
    activities = []
    for copy in range(count // 300 + 1):
        for path in FILES:
            root = ET.parse(path).getroot()
            for activity in root.iter("iati-activity"):
                ident = activity.find("iati-identifier")
                ident.text = f"{ident.text.strip()}-{tag}-{copy}"
                for related in activity.iter("related-activity"):
                    related.set("ref", f"{related.get('ref')}-{tag}-{copy}")
                activities.append(ET.tostring(activity, encoding="unicode"))
    return (HEADER + '<iati-activities version="2.03">' + "".join(activities[:count]) + "</iati-activities>").encode()


async def test_a_file_of_more_than_a_thousand_activities_imports_with_the_default_settings(iati_hub, unique):
    """1,200 real activities in one file, with the default HUB_GRAPH_TIMEOUT: batches keep each transaction
    small, so the file is not one transaction that outgrows the deadline."""
    assert iati_hub.settings.graph_timeout == 10
    body = _copied(1200, f"big{unique}")
    seen: list[int] = []
    report = await IatiImporter(iati_hub.graph).import_file(body, "big.xml", ADMIN, progress=lambda d, t: seen.append(d))
    assert report.activities == 1200 and report.rejected == []
    assert report.created["Initiative"] == 1200
    assert seen == [250, 500, 750, 1000, 1200]
    stored = await IatiImporter(iati_hub.graph)._existing_initiatives(ADMIN, parse(body))
    assert len(stored) == 1200


async def test_a_sample_of_every_file_is_field_by_field_what_the_file_says(imported, iati_hub):
    """Every tenth activity of each real file, read here with ElementTree alone, against what the graph holds."""
    importer = IatiImporter(iati_hub.graph)
    checked = 0
    for path, report in zip(FILES, imported):
        root = ET.parse(path).getroot()
        sample = root.findall("iati-activity")[::10]
        ids = [" ".join(a.findtext("iati-identifier").split()) for a in sample]
        stored = await importer._existing_initiatives(ADMIN, [parse(_file(_activity(i, "x")))[0] for i in ids])
        for source, iati_id in zip(sample, ids):
            node = stored[iati_id]
            lang = (source.get(XML_LANG) or "en").lower()
            titles: dict[str, str] = {}
            for narrative in source.findall("title/narrative"):
                text = " ".join((narrative.text or "").split())
                titles.setdefault((narrative.get(XML_LANG) or lang).lower(), text) if text else None
            assert json.loads(node["narratives"])["title"] == titles
            assert node["title"] == (titles.get("en") or titles.get(lang) or next(iter(titles.values())))[:300]
            status = source.find("activity-status")
            assert node.get("iatiStatusCode") == (status.get("code") if status is not None else None)
            dates = {d.get("type"): d.get("iso-date")[:10] for d in reversed(source.findall("activity-date"))}
            for field, kind in (("plannedStartDate", "1"), ("actualStartDate", "2"), ("plannedEndDate", "3"),
                                ("actualEndDate", "4")):
                assert node.get(field) == dates.get(kind), (iati_id, field)
            currencies = {(b.find("value").get("currency") or source.get("default-currency")) for b in source.findall("budget")}
            if currencies:
                assert node["budgetCurrency"] in currencies
            assert node["importFileSha256"] == report.sha256 and node["importSource"] == path.name
            checked += 1
    assert checked == 30
