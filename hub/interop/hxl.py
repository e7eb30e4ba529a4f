"""HXL-tagged tables (CSV and XLSX): columns are recognised by their hashtag and attributes (#org+impl+name,
#adm2+code, #date+start ...), never by their header text, and each column is reported as understood (and
as what) or ignored (and why). Older HXL 0.x tags seen in real files (#funder, #impl, #prog, #activity_id,
#country_code) are read as their HXL 1.x equivalents.

Hostile tables are refused whole before anything is written: too large (bytes, unzipped bytes, rows, columns,
a cell), not UTF-8 or UTF-16 text (CSV), NUL characters, XML entities inside a workbook (openpyxl parses with
defusedxml). Workbook formulas are never evaluated: a row whose understood cell holds one is rejected with the
cell named, a formula in an ignored column is left out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

MAX_BYTES = 100 * 1024 * 1024
MAX_ROWS = 500_000
MAX_COLUMNS = 1_000
MAX_CELL = 10_000
MAX_UNZIPPED = 400 * 1024 * 1024  # an XLSX workbook's parts, uncompressed (a zip bomb is refused unopened)
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
    refused: list[str] = field(default_factory=list)  # "<line>: <reason>": rows left out whole (formulas)
    notes: list[str] = field(default_factory=list)

    def understood(self) -> list[str]:
        return [c.describe() for c in self.columns if c.meaning]

    def ignored(self) -> list[str]:
        return [c.describe() for c in self.columns if not c.meaning]


def _is_tag_row(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    return bool(filled) and all(_TAG.match(c) for c in filled)


def read_table(data: bytes, name: str = "file") -> Table:
    """A CSV or XLSX table, told apart by the content (an XLSX workbook is a zip archive), not the name."""
    return read_xlsx(data, name) if data[:4] == b"PK\x03\x04" else read_csv(data, name)


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without a byte order mark), or UTF-16 with its mark (Excel's "Unicode text"); anything
    else is refused with the line and byte where it stops being text."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise HxlError(f"{name}: not UTF-16 text after its byte order mark (byte {error.start})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise HxlError(f"{name}: not UTF-8 text (line {line}, byte {error.start}: {data[error.start:error.start + 1]!r}); "
                       "save the table as CSV UTF-8") from None


def read_csv(data: bytes, name: str = "file") -> Table:
    """The table of an HXL-tagged CSV file (UTF-8, or UTF-16 with a byte order mark): its tag row is the first
    row, within the first 25, whose every filled cell is a hashtag; the row above it, if any, holds the
    headers."""
    if len(data) > MAX_BYTES:
        raise HxlError(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    text = _decode(data, name)
    if "\x00" in text:
        raise HxlError(f"{name}: holds NUL characters; not a CSV table")
    csv.field_size_limit(MAX_CELL + 1)
    reader = csv.reader(io.StringIO(text, newline=""))

    def lines() -> Iterator[tuple[int, list[str]]]:
        try:
            for cells in reader:
                yield reader.line_num, cells
        except csv.Error as error:
            raise HxlError(f"{name}: line {reader.line_num}: not a CSV table ({error})") from None

    return _table(lines(), name)


def read_xlsx(data: bytes, name: str = "file") -> Table:
    """The table of the first sheet of an XLSX workbook with an HXL hashtag row (in its first 25 rows), read
    in openpyxl's read-only mode; lines are the sheet's row numbers."""
    from openpyxl import load_workbook
    from defusedxml import DefusedXmlException

    if len(data) > MAX_BYTES:
        raise HxlError(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        unzipped = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except zipfile.BadZipFile as error:
        raise HxlError(f"{name}: not an XLSX workbook ({error})") from None
    if unzipped > MAX_UNZIPPED:
        raise HxlError(f"{name}: unpacks to {unzipped // (1024 * 1024)} MB (at most {MAX_UNZIPPED // (1024 * 1024)} "
                       "MB); refused unopened")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a broken workbook
        cause = error
        while cause is not None and not isinstance(cause, DefusedXmlException):  # openpyxl wraps it
            cause = cause.__cause__ or cause.__context__
        if cause is not None:
            raise HxlError(f"{name}: refused, the workbook's XML declares a DTD or entities ({cause})") from None
        first = str(error).splitlines()[0] if str(error) else ""
        raise HxlError(f"{name}: not an XLSX workbook ({type(error).__name__}: {first})") from None
    try:
        for sheet in workbook.worksheets:
            formulas: dict[int, list[tuple[int, str]]] = {}
            try:
                table = _table(_sheet_rows(sheet, formulas), f"{name} sheet {sheet.title!r}")
            except _NoTagRow:
                continue
            except DefusedXmlException as error:
                raise HxlError(f"{name}: refused, the workbook's XML declares a DTD or entities ({error})") from None
            _neutralise(table, formulas)
            return table
    finally:
        workbook.close()
    raise HxlError(f"{name}: no sheet has an HXL hashtag row in its first {TAG_ROW_WITHIN} rows "
                   "(a row such as #org,#sector,#adm1)")


def _sheet_rows(sheet, formulas: dict[int, list[tuple[int, str]]]) -> Iterator[tuple[int, list[str]]]:
    """The sheet's rows as text; formula cells read as empty and listed in `formulas` by row."""
    for counted, row in enumerate(sheet.iter_rows(), 1):
        number = next((c.row for c in row if getattr(c, "row", None)), counted)
        cells = []
        for index, cell in enumerate(row):
            if getattr(cell, "data_type", None) == "f":
                formulas.setdefault(number, []).append((index, str(cell.value)[:40]))
                cells.append("")
            else:
                cells.append(_text(cell.value))
        yield number, cells


def _text(value) -> str:
    """A cell's value as the table's text: whole numbers without ".0", dates as ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _neutralise(table: Table, formulas: dict[int, list[tuple[int, str]]]) -> None:
    """Rows with a formula in an understood column are left out whole (the value a spreadsheet would show is
    not known); formulas in ignored columns are only counted."""
    understood = {c.index: c for c in table.columns if c.meaning}
    bad = {}
    ignored = 0
    for line, found in formulas.items():
        if line <= table.tag_line:
            continue
        hits = [(i, f) for i, f in found if i in understood]
        ignored += len(found) - len(hits)
        if hits:
            i, formula = hits[0]
            bad[line] = (f"line {line}: cell {_column_letter(i)}{line} ({understood[i].spec}) holds a formula "
                         f"({formula}), which is not evaluated; nothing of the row is imported (type its value)")
    table.rows = [(line, cells) for line, cells in table.rows if line not in bad]
    table.refused = list(bad.values())
    if ignored:
        table.notes.append(f"{ignored} formula cell(s) in ignored columns left out (formulas are never evaluated)")


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _NoTagRow(HxlError):
    pass


def _table(lines: Iterable[tuple[int, list[str]]], name: str) -> Table:
    rows: list[tuple[int, list[str]]] = []
    header: list[str] = []
    tags: list[str] | None = None
    tag_line = 0
    for line, cells in lines:
        if len(cells) > MAX_COLUMNS:
            raise HxlError(f"{name}: line {line} has {len(cells)} columns (at most {MAX_COLUMNS})")
        long = next((n for n, c in enumerate(cells) if len(c) > MAX_CELL), None)
        if long is not None:
            raise HxlError(f"{name}: line {line}, column {long + 1}: a cell of {len(cells[long])} characters "
                           f"(at most {MAX_CELL})")
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
    if tags is None:
        raise _NoTagRow(f"{name}: no HXL hashtag row in the first {TAG_ROW_WITHIN} rows (a row such as #org,#sector,#adm1)")
    columns = []
    for index, spec in enumerate(tags):
        meaning, reason = meaning_of(spec)
        columns.append(Column(index, header[index].strip() if index < len(header) else "", spec.strip(), meaning, reason))
    return Table(columns, rows, tag_line)
