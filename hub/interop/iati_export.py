"""Initiatives written as IATI activity XML 2.03, one <iati-activity> at a time so that an export streams.

Elements come in the order of the 2.03 schema (tests validate the output against the XSDs in
../shared/data/IATI__IATI-Schemas). The reporting organisation is the hub's operator. What the hub does not
hold is left out rather than invented, except where the schema requires an element: an initiative without
dates gets its registration date as planned start (the schema requires one activity-date), one without a
description an empty one, one without a visible organisation the publisher as accountable organisation.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element, SubElement, tostring

from hub.interop.spreadsheet import neutralise
from hub.xml_text import xml_text

if TYPE_CHECKING:
    from hub.services.export import Item

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VERSION = "2.03"
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"
# the hub's statuses as ActivityStatus codes (1 pipeline, 2 implementation, 4 closed, 5 cancelled, 6 suspended)
STATUS_CODES = {"PLANNED": "1", "ACTIVE": "2", "COMPLETED": "4", "CANCELLED": "5", "SUSPENDED": "6"}
# actor kinds as IATI OrganisationType codes (the inverse of hub/interop/iati_mapping.json where one fits)
ORG_TYPES = {"GOVERNMENT": "10", "LOCAL_AUTHORITY": "11", "INTERNATIONAL_NGO": "21", "CSO": "22",
             "COMMUNITY_GROUP": "22", "RELIGIOUS_ORGANISATION": "22", "NETWORK": "21", "UN_AGENCY": "40",
             "REGIONAL_ORGANISATION": "40", "ACADEMIC": "80", "PRIVATE_SECTOR": "70", "MEDIA": "70"}
FUNDING, ACCOUNTABLE, IMPLEMENTING = "1", "2", "4"
OWN_VOCABULARY = "99"  # SectorVocabulary: the reporting organisation's own (the hub's theme codes)
DAC5 = "1"


@dataclass(frozen=True)
class Reporter:
    """The organisation publishing the file: the hub's operator."""

    ref: str = "XX-COORDINATION-HUB"
    name: str = "Coordination hub"
    type: str = "90"  # OrganisationType 90: other

    def identifier(self, initiative: dict) -> str:
        """An initiative's IATI identifier: its own when it has one, else one under the reporter's prefix."""
        return initiative.get("iatiIdentifier") or f"{self.ref}-{initiative['key']}"


def header(generated: dt.datetime | None = None) -> bytes:
    generated = (generated or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<iati-activities version="{VERSION}" generated-datetime="{generated}">\n').encode("utf-8")


FOOTER = b"</iati-activities>\n"


def activity(item: "Item", reporter: Reporter) -> bytes:
    """One <iati-activity> element, serialised. ElementTree escapes markup but writes characters XML 1.0 forbids
    as they are: the serialised element, whose only text is the record's, goes through xml_text as a whole."""
    i = item.initiative
    attrs = {XML_LANG: "en"}
    if i.get("updatedAt") or i.get("iatiLastUpdated"):
        attrs["last-updated-datetime"] = _datetime(i.get("iatiLastUpdated") or i.get("updatedAt"))
    if i.get("budgetCurrency"):
        attrs["default-currency"] = i["budgetCurrency"]
    root = Element("iati-activity", attrs)
    SubElement(root, "iati-identifier").text = reporter.identifier(i)
    org = SubElement(root, "reporting-org", {"ref": reporter.ref, "type": reporter.type})
    _narratives(org, {"en": reporter.name})
    stored = json.loads(i["narratives"]) if i.get("narratives") else {}
    _narratives(SubElement(root, "title"), stored.get("title") or {"en": i.get("title") or ""})
    description = stored.get("description") or ({"en": i["description"]} if i.get("description") else {})
    # the schema requires a description: without one, an empty narrative (read back as none)
    _narratives(SubElement(root, "description", {"type": "1"}), description or {"en": ""})
    for actor in item.funders:
        _organisation(root, actor, FUNDING)
    for actor, _role in item.implementers:  # the lead first: an importer takes the first as lead
        _organisation(root, actor, IMPLEMENTING)
    if not item.funders and not item.implementers:  # the schema requires one: the publisher, as accountable
        publisher = SubElement(root, "participating-org", {"role": ACCOUNTABLE, "ref": reporter.ref, "type": reporter.type})
        _narratives(publisher, {"en": reporter.name})
    SubElement(root, "activity-status", {"code": i.get("iatiStatusCode") or STATUS_CODES.get(i.get("status"), "2")})
    for kind, iso in _dates(i):
        SubElement(root, "activity-date", {"type": kind, "iso-date": iso})
    for country in dict.fromkeys(p["country"] for p in item.places if p.get("country")):
        SubElement(root, "recipient-country", {"code": country})
    for place in item.places:
        if place.get("level") != "COUNTRY":
            _location(root, place)
    for code in dict.fromkeys(t["dacCodes"][0] for t in item.themes if t.get("dacCodes")):
        SubElement(root, "sector", {"vocabulary": DAC5, "code": code})
    for theme in item.themes:
        own = SubElement(root, "sector", {"vocabulary": OWN_VOCABULARY, "code": theme["key"]})
        _narratives(own, {"en": theme.get("name") or theme["key"]})
    start, end = i.get("startDate"), i.get("endDate")
    if i.get("budgetAmount") is not None and i.get("budgetCurrency") and start and end:
        budget = SubElement(root, "budget", {"type": "1", "status": "1"})
        SubElement(budget, "period-start", {"iso-date": start})
        SubElement(budget, "period-end", {"iso-date": end})
        value = SubElement(budget, "value", {"currency": i["budgetCurrency"], "value-date": start})
        value.text = _amount(i["budgetAmount"])
    for parent in item.parents:
        SubElement(root, "related-activity", {"type": "1", "ref": reporter.identifier(parent)})
    return xml_text(tostring(root, encoding="unicode")).encode("utf-8") + b"\n"


def _narratives(element: Element, texts: dict[str, str]) -> None:
    for lang, text in texts.items():
        narrative = SubElement(element, "narrative", {XML_LANG: lang} if lang != "en" else {})
        narrative.text = neutralise(text)


def _organisation(root: Element, actor: dict, role: str) -> None:
    attrs = {"role": role}
    if actor.get("iatiOrgRef"):
        attrs["ref"] = actor["iatiOrgRef"]
    if actor.get("kind") in ORG_TYPES:
        attrs["type"] = ORG_TYPES[actor["kind"]]
    _narratives(SubElement(root, "participating-org", attrs), {"en": actor.get("name") or ""})


def _location(root: Element, place: dict) -> None:
    """A place below country level: its code (P-code) as the location's reference, its name, its point."""
    location = SubElement(root, "location", {"ref": place["key"]})
    _narratives(SubElement(location, "name"), {"en": place.get("name") or place["key"]})
    if place.get("latitude") is not None and place.get("longitude") is not None:
        point = SubElement(location, "point", {"srsName": WGS84})
        SubElement(point, "pos").text = f"{place['latitude']:g} {place['longitude']:g}"


def _dates(i: dict) -> Iterable[tuple[str, str]]:
    """The activity dates as stored by an import, else from the start and end dates and the status."""
    stored = [(code, i.get(name)) for code, name in (("1", "plannedStartDate"), ("2", "actualStartDate"),
                                                     ("3", "plannedEndDate"), ("4", "actualEndDate"))]
    found = [(code, iso) for code, iso in stored if iso]
    if found:
        return found
    begun = i.get("status") in ("ACTIVE", "COMPLETED", "SUSPENDED")
    if i.get("startDate"):
        found.append(("2" if begun else "1", i["startDate"]))
    if i.get("endDate"):
        found.append(("4" if i.get("status") == "COMPLETED" else "3", i["endDate"]))
    if not found:
        found.append(("1", str(i.get("createdAt") or dt.date.today().isoformat())[:10]))
    return found


def _amount(value) -> str:
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def _datetime(value) -> str:
    """An xsd:dateTime, whatever form the stored timestamp has."""
    text = str(value)
    return text if "T" in text else f"{text[:10]}T00:00:00Z"
