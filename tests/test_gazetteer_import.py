"""Gazetteer import: the real P-code list and GeoNames extract of ../shared/data (SOURCES.md there, section 4)
load with their hierarchy, codes, names in every script and coordinates; the same file twice changes nothing,
a newer one updates what changed and keeps what the hub knew; unreadable and hostile files write nothing.

The imports run on the import graph (conftest's import_hub), restricted to Kyrgyzstan and Tajikistan."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from hub.access import Viewer
from hub.ids import to_global_id
from hub.interop import gazetteer as reader
from hub.interop.gazetteer import GazetteerError, read_admin1_names
from hub.services.gazetteer_import import GazetteerImporter, pick_names

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PCODES = DATA / "OCHA-DAP__hdx-scraper-operationalpresence" / "download-global-pcodes-adm-1-2.csv"
CITIES = DATA / "geonames__via_davidtom-worldcities" / "cities15000.zip"
ADMIN1 = DATA / "geonames__via_pmsourcedump-geonames" / "admin1CodesASCII.txt"
ADMIN = Viewer.system("gazetteer import test")
COUNTRIES = {"KG", "TJ"}

pytestmark = pytest.mark.skipif(not (PCODES.exists() and CITIES.exists() and ADMIN1.exists()),
                                reason=f"no gazetteer files in {DATA}")

PLACE = """query($id: ID!) { node(id: $id) { ... on Location {
  code name level country alternateNames latitude longitude label parent { code } provenance { source } } } }"""


def _source_rows(iso3: set[str]) -> list[dict]:
    with PCODES.open(encoding="utf-8-sig", newline="") as f:
        return [row for row in csv.DictReader(f) if row["Location"] in iso3]


def _cities(countries: set[str]) -> list[list[str]]:
    with zipfile.ZipFile(CITIES) as archive:
        text = archive.read("cities15000.txt").decode("utf-8")
    return [row for row in csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
            if len(row) == 19 and row[8] in countries and row[6] == "P"]


@pytest.fixture(scope="module")
async def imported(import_hub):
    importer = GazetteerImporter(import_hub.graph)
    pcodes = await importer.import_file(PCODES.read_bytes(), PCODES.name, ADMIN, countries=COUNTRIES)
    cities = await importer.import_file(CITIES.read_bytes(), CITIES.name, ADMIN, countries=COUNTRIES,
                                        admin1_names=read_admin1_names(ADMIN1.read_bytes(), ADMIN1.name))
    return pcodes, cities


async def test_the_p_code_list_loads_with_its_hierarchy(imported, import_gql):
    pcodes, _ = imported
    rows = _source_rows({"KGZ", "TJK"})
    assert len(rows) == 143 and pcodes.activities == 143 and not pcodes.rejected
    iso2 = {"KGZ": "KG", "TJK": "TJ"}
    for start in (0, 100):  # every row, field by field
        batch = rows[start:start + 100]
        found = (await import_gql("query($ids: [ID!]!) { nodes(ids: $ids) { ... on Location { code name level country "
                                  "parent { code } } } }",
                                  {"ids": [to_global_id("Location", r["P-Code"]) for r in batch]}))["nodes"]
        assert found == [{"code": r["P-Code"], "name": r["Name"], "level": f"ADMIN{r['Admin Level']}",
                          "country": iso2[r["Location"]],
                          "parent": {"code": iso2.get(r["Parent P-Code"], r["Parent P-Code"])}} for r in batch]
    for code, name, level, parent, label in (
            ("KG03207000000", "Bazar-Korgon", "ADMIN2", "KG03000000000", "Bazar-Korgon - district, Jalal-Abad, KG"),
            ("3505220", "Isfara", "ADMIN2", "3505000", "Isfara - district, Sughd, TJ"),
            ("3505000", "Sughd", "ADMIN1", "TJ", "Sughd - province, TJ")):
        place = (await import_gql(PLACE, {"id": to_global_id("Location", code)}))["node"]
        assert (place["name"], place["level"], place["parent"], place["label"]) == (name, level, {"code": parent}, label)
    every = {row["P-Code"]: row for row in rows}
    sample = (await import_gql(PLACE, {"id": to_global_id("Location", "KG05214000000")}))["node"]
    assert sample["name"] == every["KG05214000000"]["Name"] and sample["parent"] == {"code": "KG05000000000"}
    assert "valid from 2018-11-19" in sample["provenance"]["source"]


async def test_geonames_settlements_come_with_every_script_coordinates_and_their_province(imported, import_gql):
    _, cities = imported
    rows = _cities(COUNTRIES)
    assert cities.activities == len(rows) > 20 and not cities.rejected
    assert not [n for n in cities.notes if "matched no province" in n]  # "Chüy" is Chui, "Bishkek" Bishkek (city)
    isfara = (await import_gql(PLACE, {"id": to_global_id("Location", "GN-1514896")}))["node"]
    source = next(row for row in rows if row[0] == "1514896")
    assert (isfara["name"], isfara["level"], isfara["country"]) == ("Isfara", "SETTLEMENT", "TJ")
    assert (isfara["latitude"], isfara["longitude"]) == (float(source[4]), float(source[5]))
    assert {"Исфара", "Ісфара", "イスファラ", "اسفره"} <= set(isfara["alternateNames"])
    assert isfara["parent"] == {"code": "3505000"}  # TJ.03 Sughd in admin1CodesASCII.txt, the P-coded province
    assert isfara["label"] == "Isfara - settlement, Sughd, TJ"
    osh = next(row for row in rows if row[1] == "Osh")
    found = (await import_gql(PLACE, {"id": to_global_id("Location", f"GN-{osh[0]}")}))["node"]
    assert found["parent"]["code"] in {"KG06000000000", "KG21000000000"}  # Osh oblast or Osh city


async def test_search_finds_imported_places_by_any_script_with_their_labels(imported, import_gql):
    found = (await import_gql('{ locations(filter: {search: "Исфара"}) { nodes { code label } } }'))["locations"]["nodes"]
    assert {"code": "GN-1514896", "label": "Isfara - settlement, Sughd, TJ"} in found


async def test_the_same_files_again_change_nothing(imported, import_hub):
    importer = GazetteerImporter(import_hub.graph)
    again = await importer.import_file(PCODES.read_bytes(), PCODES.name, ADMIN, countries=COUNTRIES)
    assert not again.created and not again.updated and again.unchanged["Location"] == 143
    assert sum(again.linked.values()) == 0
    cities = await importer.import_file(CITIES.read_bytes(), CITIES.name, ADMIN, countries=COUNTRIES,
                                        admin1_names=read_admin1_names(ADMIN1.read_bytes(), ADMIN1.name))
    assert not cities.created and not cities.updated and sum(cities.linked.values()) == 0


async def test_a_newer_list_updates_what_changed_and_keeps_the_old_name(imported, import_hub, import_gql):
    header = "Location,Admin Level,P-Code,Name,Parent P-Code,Valid from date\n"
    newer = (header + "KGZ,2,KG05214000000,Batken rayon,KG05000000000,2024-01-01\n").encode()
    importer = GazetteerImporter(import_hub.graph)
    dry = await importer.import_file(newer, "newer.csv", ADMIN, dry_run=True)
    assert dry.updated["Location"] == 1
    before = (await import_gql(PLACE, {"id": to_global_id("Location", "KG05214000000")}))["node"]
    report = await importer.import_file(newer, "newer.csv", ADMIN)
    assert report.updated["Location"] == 1 and not report.created
    after = (await import_gql(PLACE, {"id": to_global_id("Location", "KG05214000000")}))["node"]
    assert after["name"] == "Batken rayon" and before["name"] in after["alternateNames"]
    assert after["parent"] == {"code": "KG05000000000"}


def test_alternate_names_keep_every_spelling_first():
    names = ["Osh", "OSH", "Ош", "Oš", "Ош", "x" * 301, "Օշ"] + [f"Osh {n}" for n in range(60)]
    picked = pick_names(names)
    assert len(picked) == 50 and picked[:3] == ["Osh", "Ош", "Օշ"] and "x" * 301 not in picked


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("body, reason", [
    (b"name,code\nOsh,1\n", "neither a P-code list"),
    ("Location,Admin Level,P-Code,Name,Parent P-Code\nKGZ,1,KG9,Ош\n".encode("cp1251"), "not UTF-8"),
    (b"Location,Admin Level,P-Code,Name,Parent P-Code\nKGZ,1,KG9,\x00,KGZ\n", "NUL"),
    (_zip({"a.txt": b"1", "b.txt": b"2"}), "one .txt file"),
    (b"PK\x03\x04 not really a zip", "not a readable zip"),
    (_zip({"bomb.txt": b"\t" * (3 * 1024 * 1024)}), "unpacks to more than"),
    (("Location,Admin Level,P-Code,Name,Parent P-Code\nKGZ,1,KG9," + "x" * 30_000 + ",KGZ\n").encode(), "at most"),
])
async def test_unreadable_and_hostile_files_are_refused_and_nothing_is_written(import_hub, monkeypatch, body, reason):
    monkeypatch.setattr(reader, "MAX_UNZIPPED_BYTES", 1024 * 1024)
    with pytest.raises(GazetteerError, match=reason):
        await GazetteerImporter(import_hub.graph).import_file(body, "bad.csv", ADMIN)


async def test_rows_that_cannot_be_places_are_rejected_with_their_line(imported, import_hub, unique):
    header = "Location,Admin Level,P-Code,Name,Parent P-Code,Valid from date\n"
    body = (header + f"KGZ,4,X{unique},Deep,KG05000000000,\nZZZ,1,Y{unique},Nowhere,ZZZ,\n"
            f"KGZ,2,Z{unique},{'n' * 301},KG05000000000,\nKGZ,2,,Nameless,KG05000000000,\n").encode()
    report = await GazetteerImporter(import_hub.graph).import_file(body, "rows.csv", ADMIN)
    assert [line.split(" ")[1].rstrip(":") for line in report.rejected] == ["2", "5", "3", "4"], report.rejected
    assert "admin level '4'" in report.rejected[0] and "no P-Code" in report.rejected[1]
    assert "'ZZZ' is not an ISO 3166 code" in report.rejected[2] and "name" in report.rejected[3]
    assert not report.created and not report.updated
