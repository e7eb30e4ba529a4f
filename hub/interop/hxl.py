"""HXL-tagged tables (CSV): columns are recognised by their hashtag and attributes (#org+impl+name,
#adm2+code, #date+start ...), never by their header text, and each column is reported as understood (and
as what) or ignored (and why). Older HXL 0.x tags seen in real files (#funder, #impl, #prog, #activity_id,
#country_code) are read as their HXL 1.x equivalents."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

MAX_BYTES = 100 * 1024 * 1024
MAX_ROWS = 500_000
MAX_COLUMNS = 1_000
MAX_CELL = 10_000
TAG_ROW_WITHIN = 25
_TAG = re.compile(r"^#([a-z][a-z0-9_]*)((?:\s*\+\s*[a-z][a-z0-9_]*)*)$", re.IGNORECASE)
_ORG_ROLES = {"impl": "impl", "funder": "funder", "prog": "prog"}
_LEGACY = {  # HXL 0.x tag -> (tag, attributes) in HXL 1.x
    "funder": ("org", {"funder"}), "impl": ("org", {"impl"}), "prog": ("org", {"prog"}),
    "funder_id": ("org", {"funder", "id"}), "impl_id": ("org", {"impl", "id"}), "prog_id": ("org", {"prog", "id"}),
    "org_id": ("org", {"id"}), "activity_id": ("activity", {"id"}), "country_code": ("country", {"code"}),
    "adm1_code": ("adm1", {"code"}), "adm2_code": ("adm2", {"code"}), "sector_id": ("sector", {"code"}),
}
NOT_MODELLED = {"indicator", "reached", "targeted", "inneed", "affected", "population", "value", "beneficiary",
                "output", "meta", "contact", "capacity", "currency", "period_date", "report_date", "source", "source_id"}


class HxlError(ValueError):
    """The table cannot be read as HXL; the message says where."""


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    spec: str  # the hashtag and attributes as written
    meaning: str | None  # e.g. "org.impl.name", "adm2.code", "date.start"; None: ignored
    reason: str  # what it is read as, or why it is ignored

    def describe(self) -> str:
        label = f"{self.header!r} {self.spec}".strip() if self.header else self.spec or f"column {self.index + 1}"
        return f"{label}: {self.reason}"


def meaning_of(spec: str) -> tuple[str | None, str]:
    """What a column means to the hub, from its hashtag and attributes; (None, why) when ignored."""
    found = _TAG.match(spec.strip())
    if not found:
        return None, "no HXL hashtag" if not spec.strip() else f"not a valid HXL hashtag ({spec.strip()})"
    tag = found.group(1).lower()
    attrs = {a.strip().lower() for a in found.group(2).split("+") if a.strip()}
    if tag in _LEGACY:
        tag, extra = _LEGACY[tag]
        attrs |= extra
    if tag == "org":
        role = next((r for a, r in _ORG_ROLES.items() if a in attrs), "impl")
        part = "acronym" if "acronym" in attrs else "type" if "type" in attrs else "id" if attrs & {"id", "code"} else "name"
        if part == "type" and "code" in attrs:
            return None, "organisation type code (the type's name is read when given)"
        return f"org.{role}.{part}", f"{ {'impl': 'implementing', 'funder': 'funding', 'prog': 'programming'}[role]} organisation's {part}"
    if tag == "sector":
        return ("sector.code", "sector code") if "code" in attrs else ("sector.name", "sector (to a theme)")
    if tag == "activity":
        if attrs & {"id", "code"}:
            return "activity.id", "activity identifier"
        return "activity.name", "activity (the initiative's title)"
    if tag == "country":
        return ("country.code", "country code") if "code" in attrs else ("country.name", "country name")
    if tag in ("adm1", "adm2", "adm3"):
        return (f"{tag}.code", f"{tag} P-code") if "code" in attrs else (f"{tag}.name", f"{tag} name")
    if tag == "date":
        for part in ("start", "end", "year"):
            if part in attrs:
                return f"date.{part}", f"{part} date" if part != "year" else "year"
        return None, "a date that is neither +start, +end nor +year"
    if tag == "status":
        return "status", "status"
    if tag == "geo":
        return None, "coordinates are not read yet (places come from the P-codes and names)"
    if tag in NOT_MODELLED or tag.startswith("x_"):
        return None, f"#{tag} is not modelled by the hub"
    return None, f"#{tag} is not used by the hub"


@dataclass
class Table:
    columns: list[Column]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)
    tag_line: int

    def understood(self) -> list[str]:
        return [c.describe() for c in self.columns if c.meaning]

    def ignored(self) -> list[str]:
        return [c.describe() for c in self.columns if not c.meaning]


def _is_tag_row(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    return bool(filled) and all(_TAG.match(c) for c in filled)


def read_csv(data: bytes, name: str = "file") -> Table:
    """The table of an HXL-tagged CSV file (UTF-8): its tag row is the first row, within the first 25, whose
    every filled cell is a hashtag; the row above it, if any, holds the headers."""
    if len(data) > MAX_BYTES:
        raise HxlError(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise HxlError(f"{name}: not UTF-8 text (byte {error.start}); save the table as UTF-8 CSV") from None
    if "\x00" in text:
        raise HxlError(f"{name}: holds NUL characters; not a CSV table")
    csv.field_size_limit(MAX_CELL + 1)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    header: list[str] = []
    tags: list[str] | None = None
    tag_line = 0
    try:
        for cells in reader:
            line = reader.line_num
            if len(cells) > MAX_COLUMNS:
                raise HxlError(f"{name}: line {line} has {len(cells)} columns (at most {MAX_COLUMNS})")
            if tags is None:
                if _is_tag_row(cells):
                    tags, tag_line = cells, line
                elif line > TAG_ROW_WITHIN:
                    break
                else:
                    header = cells
                continue
            if len(rows) >= MAX_ROWS:
                raise HxlError(f"{name}: more than {MAX_ROWS} rows")
            if any(c.strip() for c in cells):
                rows.append((line, cells))
    except csv.Error as error:
        raise HxlError(f"{name}: line {reader.line_num}: not a CSV table ({error})") from None
    if tags is None:
        raise HxlError(f"{name}: no HXL hashtag row in the first {TAG_ROW_WITHIN} rows (a row such as #org,#sector,#adm1)")
    columns = []
    for index, spec in enumerate(tags):
        meaning, reason = meaning_of(spec)
        columns.append(Column(index, header[index].strip() if index < len(header) else "", spec.strip(), meaning, reason))
    return Table(columns, rows, tag_line)
