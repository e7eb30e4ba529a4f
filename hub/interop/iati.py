"""IATI activity XML (2.01-2.03) read into plain records, tolerant of extra namespaces such as D-Portal's.

Only what the hub models is read; codes are decoded with the IATI codelists (ActivityStatus,
ActivityDateType, OrganisationRole, RelatedActivityType, SectorVocabulary). A file that declares a DTD is
refused before it is parsed (expat stops at the root element; a DTD can only come before it), so entity
expansion and external entities never run; without a DTD the C parser knows no entity but XML's five.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from xml.parsers import expat

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_BYTES = 200 * 1024 * 1024
MAX_ATTRIBUTE = 10_000  # characters of one attribute value (codes, refs, dates: a few dozen in real files)

# ActivityStatus codelist: 1 pipeline, 2 implementation, 3 finalisation, 4 closed, 5 cancelled, 6 suspended
STATUS = {"1": "PLANNED", "2": "ACTIVE", "3": "COMPLETED", "4": "COMPLETED", "5": "CANCELLED", "6": "SUSPENDED"}
# ActivityDateType codelist
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
# RelatedActivityType codelist
PARENT, CHILD = "1", "2"
# SectorVocabulary codelist: 1 DAC 5-digit purpose codes, 2 DAC 3-digit categories
DAC5, DAC3 = "1", "2"
NO_REF = {"", "N/A", "NA", "-", "NONE", "NULL", "0"}


def canonical_ref(ref: str | None) -> str | None:
    """An IATI organisation identifier in its current form: a bare DAC channel code ("41114", as older files
    and the IATI Datastore CSV give it) is the identifier "XM-DAC-41114" of the same organisation."""
    if not ref:
        return None
    ref = ref.strip()
    return f"XM-DAC-{ref}" if ref.isdigit() else ref


class IatiError(ValueError):
    """The file is not an IATI activity file the hub can read; the message says where."""


@dataclass
class Org:
    role: str  # OrganisationRole code: 1 funding, 2 accountable, 3 extending, 4 implementing
    ref: str | None  # the IATI organisation identifier, None when missing or "N/A"
    name: str
    names: dict[str, str]  # language -> narrative
    type: str | None


@dataclass
class Activity:
    index: int  # position in the file, from 1, to name the element in reports
    iati_id: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    status_code: str | None
    dates: dict[str, str]  # ActivityDateType code -> ISO date
    budget: tuple[float, str] | None
    budget_note: str | None
    orgs: list[Org]
    countries: list[str]
    sectors: list[tuple[str, str]]  # (vocabulary, code)
    related: list[tuple[str, str]]  # (RelatedActivityType code, iati identifier)
    last_updated: str | None
    default_lang: str = "en"
    problems: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"iati-activity #{self.index} ({self.iati_id or 'no iati-identifier'})"

    def text(self, narratives: dict[str, str]) -> str:
        return narratives.get("en") or narratives.get(self.default_lang) or next(iter(narratives.values()), "")

    @property
    def title(self) -> str:
        return self.text(self.titles)

    @property
    def description(self) -> str:
        return self.text(self.descriptions)

    @property
    def status(self) -> str | None:
        return STATUS.get(self.status_code or "")

    @property
    def start(self) -> str | None:
        return self.dates.get(ACTUAL_START) or self.dates.get(PLANNED_START)

    @property
    def end(self) -> str | None:
        return self.dates.get(ACTUAL_END) or self.dates.get(PLANNED_END)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name: str) -> list:
    """Children by local name, whatever namespace a publisher or aggregator put them in."""
    return [c for c in element if _local(c.tag) == name]


def _by_name(element) -> dict[str, list]:
    """All children by local name at once (an activity is asked for a dozen of them)."""
    found: dict[str, list] = defaultdict(list)
    for child in element:
        found[_local(child.tag)].append(child)
    return found


def _child(element, name: str):
    found = _children(element, name)
    return found[0] if found else None


def _attr(element, name: str) -> str | None:
    value = element.get(name)
    return value.strip() if value and value.strip() else None


def _narratives(element, default_lang: str) -> dict[str, str]:
    """Every narrative of an element by language (lower case); the activity's language when unmarked."""
    found: dict[str, str] = {}
    if element is None:
        return found
    for narrative in _children(element, "narrative"):
        text = " ".join((narrative.text or "").split())
        lang = (narrative.get(XML_LANG) or default_lang).lower()
        if text and lang not in found:
            found[lang] = text
    return found


def _budget(budgets: list, default_currency: str | None) -> tuple[tuple[float, str] | None, str | None]:
    """The sum of the activity's budget periods, the revised budget (type 2) of a period replacing its
    original; in the most used currency (periods in another currency are left out, and said so)."""
    periods: dict[str, tuple[str, float, str]] = {}
    for budget in budgets:
        value = _child(budget, "value")
        start = _child(budget, "period-start")
        if value is None or not (value.text or "").strip():
            continue
        try:
            amount = float(value.text.strip())
        except ValueError:
            continue
        currency = (_attr(value, "currency") or default_currency or "").upper()
        period = start.get("iso-date", "") if start is not None else ""
        kind = budget.get("type", "1")
        if period not in periods or kind == "2":
            periods[period] = (kind, amount, currency)
    if not periods:
        return None, None
    currencies = Counter(c for _, _, c in periods.values() if c)
    if not currencies:
        return None, "budget without a currency"
    currency = currencies.most_common(1)[0][0]
    total = sum(a for _, a, c in periods.values() if c == currency)
    note = None
    if len(currencies) > 1:
        note = f"budget periods in {', '.join(sorted(set(currencies) - {currency}))} left out of the {currency} total"
    return (round(total, 2), currency), note


def _activity(element, index: int) -> Activity:
    lang = (element.get(XML_LANG) or "en").lower()
    kids = _by_name(element)
    first = {name: found[0] for name, found in kids.items()}
    iati_id = " ".join((first["iati-identifier"].text or "").split()) if "iati-identifier" in first else ""
    orgs = []
    for org in kids["participating-org"]:
        names = _narratives(org, lang)
        ref = _attr(org, "ref")
        orgs.append(Org(role=_attr(org, "role") or "", ref=None if (ref or "").upper() in NO_REF else canonical_ref(ref),
                        name=names.get("en") or names.get(lang) or next(iter(names.values()), ""),
                        names=names, type=_attr(org, "type")))
    dates = {}
    for date in kids["activity-date"]:
        kind, iso = _attr(date, "type"), _attr(date, "iso-date")
        if kind and iso:
            dates.setdefault(kind, iso[:10])
    status = first.get("activity-status")
    budget, note = _budget(kids["budget"], _attr(element, "default-currency"))
    return Activity(
        index=index, iati_id=iati_id, default_lang=lang,
        titles=_narratives(first.get("title"), lang),
        descriptions=_narratives(next((d for d in kids["description"] if d.get("type", "1") == "1"),
                                      first.get("description")), lang),
        status_code=_attr(status, "code") if status is not None else None,
        dates=dates, budget=budget, budget_note=note, orgs=orgs,
        countries=list(dict.fromkeys(c.get("code").strip().upper() for c in kids["recipient-country"]
                                     if _attr(c, "code"))),
        sectors=[(_attr(s, "vocabulary") or DAC5, _attr(s, "code")) for s in kids["sector"] if _attr(s, "code")],
        related=[(_attr(r, "type") or "", _attr(r, "ref")) for r in kids["related-activity"] if _attr(r, "ref")],
        last_updated=_attr(element, "last-updated-datetime"))


class _DtdDeclared(Exception):
    pass


class _RootReached(Exception):
    pass


def _refuse_dtd(data: bytes) -> None:
    """Raises _DtdDeclared when the document has a DTD (internal or external). Reads only the prologue: the
    first element ends the look, since a DTD cannot come after it."""
    probe = expat.ParserCreate()

    def declared(*_):
        raise _DtdDeclared

    def root(*_):
        raise _RootReached

    probe.StartDoctypeDeclHandler = declared
    probe.EntityDeclHandler = declared
    probe.StartElementHandler = root
    try:
        probe.Parse(data, True)
    except _RootReached:
        pass


def parse(data: bytes, name: str = "file") -> list[Activity]:
    """The activities of one IATI activity file; IatiError names the file and what is wrong with it."""
    if len(data) > MAX_BYTES:
        raise IatiError(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        _refuse_dtd(data)
        root = ET.fromstring(data)
    except _DtdDeclared:
        raise IatiError(f"{name}: refused, the file declares a DTD or entities (IATI files have none)") from None
    except (ET.ParseError, expat.ExpatError) as error:
        raise IatiError(f"{name}: not well-formed XML ({error})") from None
    for element in root.iter():
        for attribute, value in element.attrib.items():
            if len(value) > MAX_ATTRIBUTE:
                raise IatiError(f"{name}: refused, attribute {_local(attribute)!r} of <{_local(element.tag)}> holds "
                                f"{len(value)} characters (at most {MAX_ATTRIBUTE})")
    if _local(root.tag) == "iati-activity":
        elements = [root]
    elif _local(root.tag) == "iati-activities":
        elements = _children(root, "iati-activity")
    else:
        raise IatiError(f"{name}: the root element is <{_local(root.tag)}>, not <iati-activities>")
    version = root.get("version")
    if version and not version.startswith("2."):
        raise IatiError(f"{name}: IATI version {version}; only 2.01-2.03 files are read")
    return [_activity(element, n) for n, element in enumerate(elements, 1)]
