"""Initiatives written as an HXL-tagged 3W table (CSV): who (organisation), what (sector, activity), where
(country, admin1, admin2, place), when (dates, status); a header row, then the HXL hashtag row.

One row per implementing organisation and place of an initiative (one row with empty cells where it has
none), as 3W tables are kept; several funders or sectors in one cell are separated by `;`, as the importer
reads them. Every text cell is neutralised against spreadsheet formulas. The tags are those
`hub import hxl` understands, so an exported table can be imported elsewhere.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from hub.interop.spreadsheet import neutralise

if TYPE_CHECKING:
    from hub.services.export import Item

COLUMNS = (  # (header, HXL hashtag and attributes)
    ("Organisation", "#org+impl+name"),
    ("Acronym", "#org+impl+acronym"),
    ("Organisation identifier", "#org+impl+code"),
    ("Role", "#meta+role"),
    ("Funders", "#org+funder+name"),
    ("Sector", "#sector+name"),
    ("Activity", "#activity+name"),
    ("Activity identifier", "#activity+code"),
    ("Country", "#country+code"),
    ("Admin 1", "#adm1+name"),
    ("Admin 1 P-code", "#adm1+code"),
    ("Admin 2", "#adm2+name"),
    ("Admin 2 P-code", "#adm2+code"),
    ("Place", "#loc+name"),
    ("Place code", "#loc+code"),
    ("Latitude", "#geo+lat"),
    ("Longitude", "#geo+lon"),
    ("Start", "#date+start"),
    ("End", "#date+end"),
    ("Status", "#status"),
)
NUMBERS = {"Latitude", "Longitude"}  # written by the hub from numbers: never a formula
LEVEL_COLUMNS = {"ADMIN1": ("Admin 1", "Admin 1 P-code"), "ADMIN2": ("Admin 2", "Admin 2 P-code")}


def _csv(rows: Iterable[Iterable[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def header() -> bytes:
    """The header row and the hashtag row, after a UTF-8 byte order mark so that spreadsheets read the names
    in every script."""
    return "\ufeff".encode("utf-8") + _csv([[h for h, _ in COLUMNS], [t for _, t in COLUMNS]])


def rows(item: "Item", chains: dict[str, list[dict]]) -> bytes:
    """The rows of one initiative; chains: each place's key -> the place and every place above it."""
    i = item.initiative
    common = {
        "Funders": "; ".join(a.get("name") or "" for a in item.funders),
        "Sector": "; ".join(t.get("name") or t["key"] for t in item.themes),
        "Activity": i.get("title"),
        "Activity identifier": i.get("iatiIdentifier") or i["key"],
        "Start": i.get("startDate"), "End": i.get("endDate"), "Status": i.get("status"),
    }
    orgs = [(a, role) for a, role in item.implementers] or [({}, None)]
    places = item.places or [None]
    found = []
    for actor, role in orgs:
        for place in places:
            row = dict(common)
            row |= {"Organisation": actor.get("name"), "Acronym": actor.get("acronym"),
                    "Organisation identifier": actor.get("iatiOrgRef"), "Role": role}
            if place is not None:
                row |= _where(place, chains.get(place["key"], [place]))
            found.append([row.get(h) or "" if h in NUMBERS else neutralise(row.get(h)) for h, _ in COLUMNS])
    return _csv(found)


def _where(place: dict, chain: list[dict]) -> dict:
    row = {"Country": place.get("country")}
    for above in chain:
        if above.get("level") in LEVEL_COLUMNS:
            name, code = LEVEL_COLUMNS[above["level"]]
            row |= {name: above.get("name"), code: above["key"]}
    if place.get("level") in ("ADMIN3", "SETTLEMENT"):
        row |= {"Place": place.get("name"), "Place code": place["key"]}
    if place.get("latitude") is not None and place.get("longitude") is not None:
        row |= {"Latitude": f"{place['latitude']:g}", "Longitude": f"{place['longitude']:g}"}
    return row
