"""Held-out partner check on real IATI activity files (../shared/data/OCHA-DAP__hdx-scraper-iati-viz/, see
../shared/data/SOURCES.md): load the activities as initiatives through the API, then for a sample of
activities hide one implementing organisation's links to it and ask partnerSuggestions for the activity's
countries and themes: does the hidden organisation come back? Compared with baselines computed here from
the same data (the busiest implementers of the activity's countries).

Mapping (hub/interop/iati_mapping.json, the product's default): recipient-country -> the country Location (created with its ISO code and the
codelist's name when missing); DAC sectors -> themes; participating-org role 1 -> FUNDS, role 4 ->
IMPLEMENTS; organisations deduplicated by ref, or by normalised name when the ref is missing or N/A; names
that are DAC channel categories ("Recipient Government", "N/A", ...) are not organisations and are left out.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from quality import metrics as m
from quality.world import Api, gid

MAPPING = Path(__file__).resolve().parents[2] / "hub" / "interop" / "iati_mapping.json"
STATUS = {"1": "PLANNED", "2": "ACTIVE", "3": "COMPLETED", "4": "COMPLETED", "5": "CANCELLED", "6": "SUSPENDED"}
NO_REF = {"", "N/A", "NA", "-", "NONE"}
ASK = """query($plan: PlanInput!) { partnerSuggestions(plan: $plan, first: 100) { score actor { id } } }"""


def data_dir(repo: Path) -> Path:
    return repo.parent / "shared" / "data"


def norm(name: str | None) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w]+", " ", (name or "").lower())).strip()


@dataclass
class Org:
    key: str
    name: str
    types: list[str] = field(default_factory=list)
    implements: bool = False


@dataclass
class Activity:
    iati_id: str
    title: str
    description: str
    status: str
    start: str | None
    end: str | None
    countries: list[str]
    themes: list[str]
    funders: list[str]  # org keys
    implementers: list[str]


def _text(element) -> str:
    """The English (or first) narrative of an element."""
    if element is None:
        return ""
    narratives = element.findall("narrative")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    chosen = next((n for n in narratives if (n.get(lang) or "en").lower() == "en"), narratives[0] if narratives else None)
    return " ".join((chosen.text or "").split()) if chosen is not None else ""


def _date(activity, *types: str) -> str | None:
    for t in types:
        found = activity.find(f"activity-date[@type='{t}']")
        if found is not None and found.get("iso-date"):
            return found.get("iso-date")[:10]
    return None


def parse(files: list[Path], mapping: dict) -> tuple[list[Activity], dict[str, Org]]:
    """Activities and organisations of the files. ElementTree keeps D-Portal's extra namespaced
    attributes (dstore:*, iati-activities:version) as plain attributes, which are not needed here."""
    raw = [a for f in files for a in ET.parse(f).getroot().iter("iati-activity")]
    skip = {norm(name) for name in mapping["not_organisations"]}
    by_name: dict[str, str] = {}
    for a in raw:  # organisations with a ref first, so that a nameless ref's twin by name joins them
        for o in a.findall("participating-org"):
            ref = (o.get("ref") or "").strip()
            if ref.upper() not in NO_REF and norm(_text(o)) not in skip:
                by_name.setdefault(norm(_text(o)), f"ref:{ref}")
    orgs: dict[str, Org] = {}
    activities = []
    for a in raw:
        roles: dict[str, list[str]] = {"1": [], "4": []}
        for o in a.findall("participating-org"):
            role, name, ref = o.get("role"), _text(o), (o.get("ref") or "").strip()
            if role not in roles or not norm(name) or norm(name) in skip:
                continue
            key = f"ref:{ref}" if ref.upper() not in NO_REF else by_name.get(norm(name), f"name:{norm(name)}")
            org = orgs.setdefault(key, Org(key, name))
            if o.get("type"):
                org.types.append(o.get("type"))
            org.implements |= role == "4"
            if key not in roles[role]:
                roles[role].append(key)
        themes = []
        for s in a.findall("sector"):
            vocabulary, code = s.get("vocabulary", "1"), s.get("code", "")
            theme = mapping["sectors"].get(code) if vocabulary in ("1", "2") else None
            if theme and theme not in themes:
                themes.append(theme)
        status = a.find("activity-status")
        start, end = _date(a, "2", "1"), _date(a, "4", "3")
        description = _text(a.find("description"))[:2000]
        activities.append(Activity(
            iati_id=(a.findtext("iati-identifier") or "").strip(),
            title=(_text(a.find("title")) or description[:120] or "(untitled)")[:300], description=description,
            status=STATUS.get(status.get("code") if status is not None else "", "ACTIVE"),
            start=start, end=end if not (start and end and end < start) else None,
            countries=sorted({c.get("code").upper() for c in a.findall("recipient-country") if c.get("code")}),
            themes=themes, funders=roles["1"], implementers=roles["4"]))
    return activities, orgs


def country_names(codelists: Path) -> dict[str, str]:
    root = ET.parse(codelists / "Country.xml").getroot()
    return {item.findtext("code"): _text(item.find("name")).title() for item in root.iter("codelist-item")}


def kind_of(org: Org, mapping: dict) -> str:
    if not org.implements:
        return mapping["funder_kind"]
    types = Counter(t for t in org.types if t in mapping["org_types"])
    return mapping["org_types"][types.most_common(1)[0][0]] if types else mapping["default_kind"]


async def load(api: Api, activities: list[Activity], orgs: dict[str, Org], names: dict[str, str], mapping: dict,
               log=print) -> tuple[dict[str, str], dict[str, str]]:
    """Creates the places, organisations and activities; returns the IDs of organisations and activities."""
    for code in sorted({c for a in activities for c in a.countries}):
        if not await api.exists(gid("Location", code)):
            await api.create("Location", {"code": code, "name": names.get(code, code), "level": "COUNTRY", "country": code,
                                          "source": "IATI Country codelist"}, what=f"country {code}")
    org_ids = {}
    for key, org in sorted(orgs.items()):
        org_ids[key] = await api.create("Actor", {"name": org.name[:200], "kind": kind_of(org, mapping), "confirmDistinct": True,
                                                  "source": f"IATI participating-org {key}"}, what=f"organisation {key}")
    log(f"  {len(org_ids)} organisations created")
    activity_ids = {}
    for a in activities:
        data = {"title": a.title, "description": a.description or None, "status": a.status, "startDate": a.start,
                "endDate": a.end, "iatiIdentifier": a.iati_id, "source": "IATI activity file",
                "locationIds": [gid("Location", c) for c in a.countries], "themeIds": [gid("Theme", t) for t in a.themes],
                "implementers": [{"actorId": org_ids[k], "role": "LEAD" if n == 0 else "PARTNER"} for n, k in enumerate(a.implementers)],
                "funderIds": [org_ids[k] for k in a.funders]}
        activity_ids[a.iati_id] = await api.create("Initiative", {k: v for k, v in data.items() if v not in (None, [])},
                                                   what=f"activity {a.iati_id}")
    log(f"  {len(activity_ids)} activities created")
    return org_ids, activity_ids


def sample(activities: list[Activity], size: int) -> list[tuple[Activity, str]]:
    """(activity, hidden implementer): activities in a country with an implementer that implements at
    least one other activity (the one with the fewest, then by key); taken one organisation at a time in
    turn, so that the two busiest implementers do not fill the sample."""
    implemented = Counter(k for a in activities for k in a.implementers)
    by_org: dict[str, list[tuple[Activity, str]]] = defaultdict(list)
    for a in sorted(activities, key=lambda a: a.iati_id):
        eligible = sorted((k for k in a.implementers if implemented[k] >= 2), key=lambda k: (implemented[k], k))
        if a.countries and eligible and a.status != "CANCELLED":
            by_org[eligible[0]].append((a, eligible[0]))
    chosen = []
    queues = [by_org[k] for k in sorted(by_org)]
    while len(chosen) < size and any(queues):
        for queue in queues:
            if queue and len(chosen) < size:
                chosen.append(queue.pop(0))
    return chosen


def baseline_ranks(activities: list[Activity], held: Activity, hidden: str) -> dict[str, list[int]]:
    """Where simple rankings place the hidden organisation: the busiest implementers in the activity's
    countries ("country"), and those busiest on the activity's themes there ("country+theme"), ties (and
    organisations not active there) by their activity anywhere, then key; and the implementers active in
    the countries in random order ("random": every rank equally likely; none when it is not active
    there). The held-out link is not counted."""
    in_country, on_theme, overall = Counter(), Counter(), Counter()
    countries, themes = set(held.countries), set(held.themes)
    for a in activities:
        for k in a.implementers:
            if a is held and k == hidden:
                continue
            overall[k] += 1
            if countries & set(a.countries):
                in_country[k] += 1
                if themes & set(a.themes):
                    on_theme[k] += 1
    everyone = sorted(set(overall) | {hidden})
    by_country = sorted(everyone, key=lambda k: (-in_country[k], -overall[k], k))
    by_theme = sorted(everyone, key=lambda k: (-on_theme[k], -in_country[k], -overall[k], k))
    return {"country": [by_country.index(hidden) + 1], "country+theme": [by_theme.index(hidden) + 1],
            "random": list(range(1, len(in_country) + 1)) if hidden in in_country else []}


def tied_ranks(answer: list[dict], actor: str) -> list[int]:
    """The ranks the actor could have among suggestions of equal score (their order among themselves is
    arbitrary, so each is taken as equally likely); none when it was not suggested."""
    score = next((c["score"] for c in answer if c["actor"] and c["actor"]["id"] == actor), None)
    if score is None:
        return []
    above = sum(1 for c in answer if c["score"] > score)
    tied = sum(1 for c in answer if c["score"] == score)
    return list(range(above + 1, above + tied + 1))


async def held_out(api: Api, activities: list[Activity], orgs: dict[str, Org], org_ids: dict[str, str],
                   activity_ids: dict[str, str], size: int) -> dict:
    rows = []
    for held, hidden in sample(activities, size):
        actor, initiative = org_ids[hidden], activity_ids[held.iati_id]
        role = "LEAD" if held.implementers[0] == hidden else "PARTNER"
        await api.link("IMPLEMENTS", actor, initiative, unlink=True)
        if hidden in held.funders:
            await api.link("FUNDS", actor, initiative, unlink=True)
        try:
            plan = {"locationIds": [gid("Location", c) for c in held.countries],
                    "themeIds": [gid("Theme", t) for t in held.themes]}
            answer = (await api.ask(ASK, {"plan": {k: v for k, v in plan.items() if v}}))["partnerSuggestions"]
        finally:
            await api.link("IMPLEMENTS", actor, initiative, role=role)
            if hidden in held.funders:
                await api.link("FUNDS", actor, initiative)
        rows.append({"activity": held.iati_id, "title": held.title, "countries": held.countries, "themes": held.themes,
                     "hidden": orgs[hidden].name, "hub": tied_ranks(answer, actor), **baseline_ranks(activities, held, hidden)})
    return summary(rows) | {"rows": rows}


COLUMNS = {"hub": "hub", "country": "baseline_country", "country+theme": "baseline_country_theme",
           "random": "baseline_random_in_country"}


def summary(rows: list[dict]) -> dict:
    """Expected recall@5, recall@10 and MRR per ranking (over equally likely ranks, see tied_ranks)."""
    def scores(column: str) -> dict:
        ranks = [r[column] for r in rows]
        return {"recall_at_5": m.mean(m.expected_hit(x, 5) for x in ranks),
                "recall_at_10": m.mean(m.expected_hit(x, 10) for x in ranks),
                "mrr": m.mean(m.expected_reciprocal_rank(x) for x in ranks),
                "not_returned": sum(1 for x in ranks if not x)}

    return {"held_out": len(rows), "organisations": len({r["hidden"] for r in rows})} | {
        name: scores(column) for column, name in COLUMNS.items()}


async def run(api: Api, repo: Path, size: int, log=print) -> dict:
    mapping = json.loads(MAPPING.read_text(encoding="utf-8"))
    data = data_dir(repo)
    files = sorted((data / "OCHA-DAP__hdx-scraper-iati-viz").glob("dportal_*.xml"))
    if not files:
        raise FileNotFoundError(f"no IATI files in {data / 'OCHA-DAP__hdx-scraper-iati-viz'}")
    activities, orgs = parse(files, mapping)
    log(f"  parsed {len(activities)} activities, {len(orgs)} organisations from {len(files)} files")
    org_ids, activity_ids = await load(api, activities, orgs, country_names(data / "IATI__IATI-Codelists-NonEmbedded"),
                                       mapping, log)
    return await held_out(api, activities, orgs, org_ids, activity_ids, size) | {
        "activities": len(activities), "organisations_loaded": len(orgs)}
