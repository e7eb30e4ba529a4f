"""HXL 3W/4W import: the real tables of ../shared/data (SOURCES.md there) are read by hashtag and attributes,
with a report of understood and ignored columns; rows become initiatives of their organisations in their
places, checked against the CSV; a second import changes nothing; unreadable tables are refused whole."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from hub.access import Viewer
from hub.ids import to_global_id
from hub.interop import hxl
from hub.interop.hxl import HxlError, meaning_of, read_csv, read_table
from hub.services.hxl_import import HxlImporter

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ROWCA = DATA / "HXLStandard__hxl-showcase" / "rowca-3w-hxl.csv"
SIERRA_LEONE = DATA / "HXLStandard__hxl-showcase" / "iati-sierraleone.csv"
LEBANON = DATA / "OCHA-DAP__hdx-scraper-operationalpresence" / "lbn_sectorsreporting_bydistrict_20240902_hxlated.csv"
TABLES = [ROWCA, SIERRA_LEONE, LEBANON]
ADMIN = Viewer.system("hxl import test")

pytestmark = pytest.mark.skipif(not all(t.exists() for t in TABLES), reason=f"no HXL tables under {DATA}")


@pytest.mark.parametrize("spec, meaning", [
    ("#org", "org.impl.name"), ("#org+impl+name", "org.impl.name"), ("#org +funder", "org.funder.name"),
    ("#org+prog+acronym", "org.prog.acronym"), ("#org+type", "org.impl.type"), ("#funder_id", "org.funder.id"),
    ("#impl", "org.impl.name"), ("#sector+cluster+name", "sector.name"), ("#sector_id", "sector.code"),
    ("#adm2+code", "adm2.code"), ("#ADM1", "adm1.name"), ("#activity+code", "activity.id"),
    ("#date+start", "date.start"), ("#date+year", "date.year"), ("#country+code", "country.code"), ("#status", "status"),
    ("#reached", None), ("#date+month", None), ("#geo+lat", None), ("Organisation", None), ("", None),
])
def test_columns_are_recognised_by_hashtag_and_attributes(spec, meaning):
    assert meaning_of(spec)[0] == meaning


def test_the_report_says_which_columns_were_understood_and_which_ignored():
    table = read_csv(LEBANON.read_bytes(), LEBANON.name)
    assert "'partner.name' #org+acronym: implementing organisation's acronym" in table.understood()
    assert "'Admin2Code' #adm2+code: adm2 P-code" in table.understood()
    assert any(line.startswith("'month' #date+month") for line in table.ignored())
    rowca = read_csv(ROWCA.read_bytes(), ROWCA.name)
    assert "'Indicator': no HXL hashtag" in rowca.ignored()
    assert len(rowca.understood()) + len(rowca.ignored()) == len(next(csv.reader(ROWCA.open(encoding="utf-8"))))


def _rows(path: Path) -> list[dict[str, str]]:
    """The table's rows by hashtag, read here with the csv module alone."""
    lines = list(csv.reader(path.open(encoding="utf-8-sig")))
    tags = lines[1]
    return [{t: cell for t, cell in zip(tags, line) if t} for line in lines[2:] if any(c.strip() for c in line)]


@pytest.fixture(scope="module")
async def imported(import_hub):
    importer = HxlImporter(import_hub.graph)
    return {t.name: await importer.import_file(t.read_bytes(), t.name, ADMIN) for t in TABLES}


async def test_every_row_of_the_real_tables_is_imported_or_rejected_with_its_line(imported):
    for table in TABLES:
        report = imported[table.name]
        assert report.activities == len(_rows(table))
    assert imported[ROWCA.name].rejected == [] and imported[LEBANON.name].rejected == []
    without_org = [r for r in _rows(SIERRA_LEONE) if not any(r.get(t, "").strip() for t in ("#funder", "#prog", "#impl"))]
    assert len(imported[SIERRA_LEONE.name].rejected) == len(without_org) > 0
    assert all(" no organisation (#org)" in line for line in imported[SIERRA_LEONE.name].rejected)


async def test_a_lebanon_row_is_an_initiative_of_its_partner_in_its_district(imported, import_gql):
    """The first data row: ACF, Food Security, 'In Kind Food Assistance: Meals (Quantity)', South / Sour, 2024."""
    first = _rows(LEBANON)[0]
    actors = await import_gql("""query($q: String!) { actors(filter: {search: $q}, first: 20) { nodes { id name acronym } } }""",
                              {"q": first["#org+acronym"]})
    [acf] = [a for a in actors["actors"]["nodes"] if first["#org+acronym"] in (a["name"], a["acronym"])]
    data = await import_gql("""query($actor: ID!, $q: String!) { initiatives(filter: {actorId: $actor, search: $q}, first: 5) {
        nodes { title status startDate endDate implementers { role actor { id } } themes { code }
                locations { code name level parent { code parent { code } } } } } }""",
                            {"actor": acf["id"], "q": first["#activity"]})
    [node] = [n for n in data["initiatives"]["nodes"] if n["title"] == first["#activity"]]
    assert node["implementers"] == [{"role": "LEAD", "actor": {"id": acf["id"]}}]
    assert (node["startDate"], node["endDate"]) == (f"{first['#date+year']}-01-01", f"{first['#date+year']}-12-31")
    assert node["themes"] == [{"code": "livelihoods"}]  # Food Security, through the default mapping
    place = next(p for p in node["locations"] if p["code"] == first["#adm2+code"])
    assert (place["name"], place["level"]) == (first["#adm2+name"], "ADMIN2")
    assert place["parent"] == {"code": first["#adm1+code"], "parent": {"code": "LB"}}


async def test_a_place_named_several_ways_keeps_every_name(imported, import_gql):
    names = {r["#adm2+name"] for r in _rows(LEBANON) if r["#adm2+code"] == "LB31"}
    data = await import_gql("""query($id: ID!) { node(id: $id) { ... on Location { name alternateNames } } }""",
                            {"id": to_global_id("Location", "LB31")})
    assert {data["node"]["name"], *data["node"]["alternateNames"]} == names and len(names) > 1


async def test_places_without_p_codes_are_found_by_name_or_placed_at_the_country(imported):
    report = imported[ROWCA.name]
    assert any("'Sikasso' (ML)" in note for note in report.notes)
    assert report.linked["LOCATED_IN"] == report.created["Initiative"] or not report.created


async def test_a_second_import_changes_nothing(imported, import_hub):
    importer = HxlImporter(import_hub.graph)
    for table in TABLES:
        again = await importer.import_file(table.read_bytes(), table.name, ADMIN)
        assert not again.created and not again.updated, again.summary()
        assert sum(again.linked.values()) == 0


async def test_rows_without_an_organisation_are_rejected_and_the_rest_imported(import_hub, unique):
    body = (f"Org,Sector,Country\n#org,#sector,#country\nFoundation {unique},Protection,Kyrgyzstan\n,Protection,Kyrgyzstan\n")
    report = await HxlImporter(import_hub.graph).import_file(body.encode(), "small.csv", ADMIN)
    assert report.created["Initiative"] == 1 and report.rejected == ["line 4: no organisation (#org)"]
    assert report.linked["ADDRESSES"] == 1 and report.linked["LOCATED_IN"] == 1


@pytest.mark.parametrize("body, reason", [
    ("Org,Sector\nUNDP,Protection\n".encode(), "no HXL hashtag row"),
    ("#org,#sector\nPNUD,Protección\n".encode("latin-1"), "not UTF-8"),
    (b"#org,#sector\nA\x00B,x\n", "NUL"),
    (("#org\n" + "x" * 20_000 + "\n").encode(), "not a CSV table"),
])
async def test_unreadable_tables_are_refused_whole(import_hub, body, reason):
    with pytest.raises(HxlError, match=reason):
        await HxlImporter(import_hub.graph).import_file(body, "bad.csv", ADMIN)


AUDIT_TOTAL = "{ auditTrail(first: 1) { totalCount } }"


def _xlsx(*sheets: tuple[str, list[list]]) -> bytes:
    """A workbook written with openpyxl: (title, rows) per sheet."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


async def test_an_xlsx_table_is_the_same_table_as_its_csv(imported, import_hub):
    """ROWCA's 3W as a workbook (a notes sheet first, the table on the second): every row is what the CSV
    import already wrote, so nothing changes."""
    lines = list(csv.reader(ROWCA.open(encoding="utf-8-sig")))
    body = _xlsx(("About", [["3W of ROWCA, see the next sheet"]]), ("3W", lines))
    report = await HxlImporter(import_hub.graph).import_file(body, "rowca-3w.xlsx", ADMIN)
    assert report.activities == imported[ROWCA.name].activities == len(_rows(ROWCA))
    assert report.rejected == [] and not report.created and not report.updated, report.summary()
    assert report.unchanged["Initiative"] == imported[ROWCA.name].created["Initiative"]
    assert report.columns == imported[ROWCA.name].columns


async def test_xlsx_formulas_are_never_evaluated_and_their_rows_reported(import_hub, import_gql, unique):
    link = f'=HYPERLINK("http://example.org","Evil {unique}")'
    body = _xlsx(("3W", [["Organisation", "Sector", "Country", "Started", "Reached"],
                         ["#org", "#sector", "#country", "#date+start", "#reached"],
                         [f"Formula Foundation {unique}", "Protection", "KG", dt.datetime(2024, 3, 1), "=SUM(1,2)"],
                         [link, "Protection", "KG", None, 5],
                         [f"Second Foundation {unique}", "=A3", "KG", None, None]]))
    report = await HxlImporter(import_hub.graph).import_file(body, "formulas.xlsx", ADMIN)
    assert report.activities == 3 and report.created["Initiative"] == 1
    assert report.rejected == [
        f"line 4: cell A4 (#org) holds a formula ({link[:40]}), which is not evaluated; "
        "nothing of the row is imported (type its value)",
        "line 5: cell B5 (#sector) holds a formula (=A3), which is not evaluated; nothing of the row is imported "
        "(type its value)"]
    assert report.notes[0] == "1 formula cell(s) in ignored columns left out (formulas are never evaluated)"
    data = await import_gql("""query($q: String!) { actors(filter: {search: $q}) { nodes { name } } }""",
                            {"q": unique})
    assert [a["name"] for a in data["actors"]["nodes"]] == [f"Formula Foundation {unique}"]
    found = await import_gql("""query($q: String!) { initiatives(filter: {search: $q}) { nodes { startDate } } }""",
                             {"q": f"Formula Foundation {unique}"})
    assert [n["startDate"] for n in found["initiatives"]["nodes"]] == ["2024-03-01"]


def _entity_workbook() -> bytes:
    """A workbook whose sheet XML declares nested entities (a billion laughs)."""
    plain = io.BytesIO(_xlsx(("3W", [["#org", "#sector"], ["UNDP", "Protection"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>' + data
                data = data.replace(b"<t>UNDP", b"<t>&b;UNDP", 1)
                assert b"&b;" in data
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize("name, body, reason", [
    ("latin1.csv", "Org,Sector\n#org,#sector\nPNUD,Protección\n".encode("latin-1"), r"not UTF-8 text \(line 3, byte 37"),
    ("entities.xlsx", _entity_workbook(), "declares a DTD or entities"),
    ("long-cell.xlsx", _xlsx(("3W", [["#org", "#sector"], ["x" * 20_000, "Protection"]])),
     "line 2, column 1: a cell of 20000 characters"),
    ("wide.xlsx", _xlsx(("3W", [["#org", "#sector"], ["UNDP", *["x"] * 1_200]])), r"line \d has 1201 columns \(at most 1000\)"),
    ("no-tags.xlsx", _xlsx(("3W", [["Org", "Sector"], ["UNDP", "Protection"]])), "no sheet has an HXL hashtag row"),
    ("broken.xlsx", b"PK\x03\x04 not really a zip", "not an XLSX workbook"),
])
async def test_hostile_tables_are_refused_with_a_reason_and_the_graph_unchanged(import_hub, import_gql, name, body, reason):
    before = await import_gql(AUDIT_TOTAL)
    with pytest.raises(HxlError, match=reason):
        await HxlImporter(import_hub.graph).import_file(body, name, ADMIN)
    assert await import_gql(AUDIT_TOTAL) == before


async def test_a_zip_bomb_is_refused_unopened(import_hub, monkeypatch):
    body = _xlsx(("3W", [["#org", "#sector"], *[["UNDP", "Protection"]] * 50]))
    monkeypatch.setattr(hxl, "MAX_UNZIPPED", 1024)  # the real bound is 400 MB; the check is the same
    with pytest.raises(HxlError, match=r"unpacks to 0 MB \(at most 0 MB\); refused unopened"):
        await HxlImporter(import_hub.graph).import_file(body, "bomb.xlsx", ADMIN)


async def test_a_utf16_table_is_read(import_hub, unique):
    body = f"Org,Sector,Country\n#org,#sector,#country\nФонд {unique},Protection,Kyrgyzstan\n".encode("utf-16")
    report = await HxlImporter(import_hub.graph).import_file(body, "utf16.csv", ADMIN)
    assert report.created["Initiative"] == 1 and report.rejected == []


def test_the_operational_presence_output_has_no_hashtag_row_and_is_refused_whole():
    """HAPI's normalised output (4,999 rows) is the only 3W table of shared/data without HXL tags: it is refused
    by name, not read by its header text."""
    path = DATA / "OCHA-DAP__hdx-scraper-operationalpresence" / "hdx_hapi_operational_presence_global.csv"
    with pytest.raises(HxlError, match="no HXL hashtag row in the first 25 rows"):
        read_table(path.read_bytes(), path.name)
