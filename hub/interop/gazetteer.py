"""Readers of published gazetteers: OCHA's P-code lists (HDX Global P-codes, COD-AB) and GeoNames extracts.

- P-code list: CSV with the columns Location (ISO3), Admin Level, P-Code, Name, Parent P-Code (and Valid from
  date); each row an administrative unit under its parent (a country's ISO3 code for admin level 1).
- GeoNames: the tab-separated export (cities15000.txt, cities500.txt, a country's file, or their .zip): geonameid, name,
  asciiname, alternatenames, latitude, longitude, feature class and code, country code, admin1 code, ...;
  populated places (feature class P) become settlements. GeoNames' admin1CodesASCII.txt ("KG.09<TAB>Batken
  ...") names the admin1 codes, so a settlement can be put under its province.

The files are read with the standard library's csv module; sizes, rows and cells are bounded, so a hostile
file (a zip bomb, an endless row) is refused before it costs memory.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # cities500.txt (every place of 500 people or more) is about 35 MB
MAX_ROWS = 1_000_000
MAX_CELL = 20_000  # GeoNames' alternatenames of a capital run to a few thousand characters
PCODE_COLUMNS = ("Location", "Admin Level", "P-Code", "Name", "Parent P-Code")
GEONAMES_COLUMNS = 19


class GazetteerError(ValueError):
    """The file cannot be read as a gazetteer; nothing of it is imported."""


@dataclass
class Unit:
    """One place as the file gives it."""

    code: str
    name: str
    level: str  # ADMIN1 .. ADMIN3, SETTLEMENT
    country: str  # ISO 3166-1 alpha-2 or alpha-3 as the file has it; the importer resolves it
    parent: str | None  # the parent's code in the same file's scheme (a P-code, an ISO3 code), if given
    where: str  # "line 12", for the report
    alternate_names: list[str] = field(default_factory=list)
    latitude: float | None = None
    longitude: float | None = None
    admin1: str | None = None  # GeoNames: "KG.09", resolved through admin1CodesASCII.txt
    valid_from: str | None = None


@dataclass
class Gazetteer:
    kind: str  # "P-code list" or "GeoNames"
    units: list[Unit]
    rejected: list[str]


def _text(data: bytes, name: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise GazetteerError(f"{name} is over {MAX_FILE_BYTES // 1024 // 1024} MB")
    if data[:4] == b"PK\x03\x04":
        data = _unzip(data, name)
    if b"\x00" in data:
        raise GazetteerError(f"{name} holds NUL characters: not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GazetteerError(f"{name} is not UTF-8 (byte {error.start})") from None


def _unzip(data: bytes, name: str) -> bytes:
    """The one .txt member of a GeoNames zip, read no further than its bound (a zip bomb is refused)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if m.filename.endswith(".txt") and not m.is_dir()]
        if len(members) != 1:
            raise GazetteerError(f"{name}: a gazetteer zip holds one .txt file, this one {len(members)}")
        with archive.open(members[0]) as stream:
            out = stream.read(MAX_UNZIPPED_BYTES + 1)
    except zipfile.BadZipFile as error:
        raise GazetteerError(f"{name} is not a readable zip file: {error}") from None
    if len(out) > MAX_UNZIPPED_BYTES:
        raise GazetteerError(f"{name} unpacks to more than {MAX_UNZIPPED_BYTES // 1024 // 1024} MB")
    return out


def _rows(text: str, delimiter: str, name: str):
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter,
                        quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE)
    try:
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise GazetteerError(f"{name} has more than {MAX_ROWS} rows")
            yield number, row
    except csv.Error as error:
        raise GazetteerError(f"{name}: {error} (cells are at most {MAX_CELL} characters)") from None


def read(data: bytes, name: str) -> Gazetteer:
    """A P-code list or a GeoNames extract, recognised by its first line."""
    text = _text(data, name)
    first = text.split("\n", 1)[0]
    if all(column in first for column in PCODE_COLUMNS):
        return _pcodes(text, name)
    if first.count("\t") == GEONAMES_COLUMNS - 1:
        return _geonames(text, name)
    raise GazetteerError(f"{name} is neither a P-code list (columns {', '.join(PCODE_COLUMNS)}) nor a GeoNames "
                         f"export ({GEONAMES_COLUMNS} tab-separated columns)")


def _pcodes(text: str, name: str) -> Gazetteer:
    rows = _rows(text, ",", name)
    _, header = next(rows)
    column = {title.strip(): i for i, title in enumerate(header)}
    units, rejected = [], []
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        cell = {title: row[i].strip() if i < len(row) else "" for title, i in column.items()}
        where = f"line {number}"
        level = cell["Admin Level"]
        if level not in ("1", "2", "3"):
            rejected.append(f"{where} ({cell['P-Code'] or 'no P-code'}): admin level {level!r} is not 1, 2 or 3")
            continue
        if not cell["P-Code"] or not cell["Name"]:
            rejected.append(f"{where}: no {'P-Code' if not cell['P-Code'] else 'Name'}")
            continue
        units.append(Unit(cell["P-Code"], cell["Name"], f"ADMIN{level}", cell["Location"], cell["Parent P-Code"] or None,
                          where, valid_from=cell.get("Valid from date") or None))
    return Gazetteer("P-code list", units, rejected)


def _geonames(text: str, name: str) -> Gazetteer:
    units, rejected = [], []
    for number, row in _rows(text, "\t", name):
        if len(row) != GEONAMES_COLUMNS:
            if any(cell.strip() for cell in row):
                rejected.append(f"line {number}: {len(row)} columns, not {GEONAMES_COLUMNS}")
            continue
        geonameid, title, ascii_name, alternates, lat, lon, feature_class, _, country, _, admin1 = row[:11]
        where = f"line {number} (geonameid {geonameid})"
        if feature_class != "P":
            continue  # administrative areas come from the P-code lists; only populated places are read here
        try:
            latitude, longitude = float(lat), float(lon)
        except ValueError:
            rejected.append(f"{where}: coordinates {lat!r}, {lon!r} are not numbers")
            continue
        if not geonameid.isdigit() or not title:
            rejected.append(f"{where}: no geonameid or name")
            continue
        names = [n for n in [ascii_name, *alternates.split(",")] if n and n != title]
        units.append(Unit(f"GN-{geonameid}", title, "SETTLEMENT", country, None, where, list(dict.fromkeys(names)),
                          latitude, longitude, admin1=f"{country}.{admin1}" if admin1 else None))
    return Gazetteer("GeoNames", units, rejected)


def read_admin1_names(data: bytes, name: str) -> dict[str, str]:
    """GeoNames' admin1CodesASCII.txt: "KG.09" -> "Batken"."""
    names = {}
    for number, row in _rows(_text(data, name), "\t", name):
        if len(row) >= 2 and "." in row[0]:
            names[row[0].strip()] = row[1].strip()
        elif any(cell.strip() for cell in row):
            raise GazetteerError(f"{name} line {number}: not an admin1CodesASCII row (CC.code, name, ...)")
    return names
