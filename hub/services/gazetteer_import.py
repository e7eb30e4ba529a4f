"""Importing gazetteers (P-code lists, GeoNames extracts) into the places of the graph.

Each place is found again by its code (the P-code; GN-<geonameid> for GeoNames), so the same file twice
changes nothing and a newer one updates what changed (version + 1, audited with before and after). What the
hub already knows is kept: names in other scripts given by hand or by another gazetteer stay (a renamed place
keeps its old name as an alternate name), and coordinates stay when the file has none. Every place goes under
its parent: a P-code's parent P-code (a country's ISO3 code is the country), a GeoNames settlement's province
found by the name GeoNames gives its admin1 code (admin1CodesASCII.txt), else its country. A file is written
in one transaction with provenance on every record (source file, SHA-256, when).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter

import pycountry
from rapidfuzz import fuzz

from hub.access import Viewer
from hub.graph import gazetteer as q
from hub.graph.connection import Graph, fetch_all
from hub.interop.gazetteer import Unit, read
from hub.services.analysis.geography import Place
from hub.services.import_plan import Plan, Report, same, write_plan
from hub.services.records import derived, new_record, now
from hub.text import normalise
from hub.validation import ValidationFailed, validate

MAX_NAMES = 50  # alternate names kept per place (the API's limit)
CONTENT = ("name", "alternateNames", "level", "country", "latitude", "longitude")
SIMILAR_PROVINCE = 75  # rapidfuzz score from which a GeoNames admin1 name is the gazetteer's province ("Chuy", "Chui")


def _iso2(code: str) -> str | None:
    code = (code or "").strip().upper()
    found = pycountry.countries.get(alpha_3=code) if len(code) == 3 else pycountry.countries.get(alpha_2=code)
    return found.alpha_2 if found else None


def _script(name: str) -> str:
    letter = next((ch for ch in name if ch.isalpha()), "")
    return unicodedata.name(letter, "").split(" ")[0] if letter else ""


def pick_names(names: list[str], limit: int = MAX_NAMES) -> list[str]:
    """At most `limit` names, each a valid name (1 to 300 characters), without repeats in another case: one
    in each script first (Latin, Cyrillic, Arabic...), then the other spellings in the file's order."""
    kept: dict[str, str] = {}
    for name in (n.strip() for n in names if n):
        if name and len(name) <= 300:
            kept.setdefault(name.casefold(), name)
    first, rest, scripts = [], [], set()
    for name in kept.values():
        script = _script(name)
        (rest if script in scripts else first).append(name)
        scripts.add(script)
    return (first + rest)[:limit]


def _most_alike(wanted: str, choices: dict[str, str]) -> str | None:
    """The place whose name is clearly the most alike, without administrative words ("Bishkek" and "Bishkek
    (city)", "Chuy" and "Chui", "Republican Subordination" and "Districts of Republican Subordination")."""
    core = Place("", wanted, "", []).core_name
    scores: dict[str, float] = {}
    for name, key in choices.items():
        other = Place("", name, "", []).core_name
        score = max(fuzz.ratio(core, other), fuzz.token_set_ratio(core, other)) if core and other else 0
        scores[key] = max(scores.get(key, 0), score)
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if ranked and ranked[0][1] >= SIMILAR_PROVINCE and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
        return ranked[0][0]
    return None


class GazetteerImporter:
    def __init__(self, graph: Graph):
        self.graph = graph

    async def import_file(self, data: bytes, name: str, viewer: Viewer, *, dry_run: bool = False,
                          countries: set[str] | None = None, admin1_names: dict[str, str] | None = None) -> Report:
        """countries: ISO 3166-1 alpha-2 codes to import (None: all). admin1_names: GeoNames admin1 codes to
        names ("KG.09" -> "Batken"), to put settlements under their provinces."""
        report = Report(name, hashlib.sha256(data).hexdigest(), dry_run, unit="places")
        gazetteer = read(data, name)
        report.rejected += gazetteer.rejected
        units: dict[str, Unit] = {}
        country_of: dict[str, str] = {}
        for unit in gazetteer.units:
            iso2 = _iso2(unit.country)
            if countries is not None and (iso2 or unit.country) not in countries:
                continue
            if iso2 is None:
                report.rejected.append(f"{unit.where} ({unit.code}): country {unit.country!r} is not an ISO 3166 code")
                continue
            if unit.code in units:
                report.rejected.append(f"{unit.where}: code {unit.code} repeated; the first one is imported")
                continue
            units[unit.code] = unit
            country_of[unit.code] = iso2
        report.activities = len(units)
        plan = Plan(report, viewer, f"gazetteer {name}")
        provenance = {"importSource": name, "importFileSha256": report.sha256, "importedAt": now()}
        wanted_countries = sorted(set(country_of.values()))
        keys = sorted(set(units) | set(wanted_countries))

        async def work(tx):
            stored = await fetch_all(tx, q.STORED_PLACES, keys=keys)
            provinces = await fetch_all(tx, q.PLACES_AT_LEVEL, level="ADMIN1", countries=wanted_countries)
            return {row["node"]["key"]: row["node"] for row in stored}, provinces

        stored, provinces = await self.graph.read(work)
        known = set(stored) | {row["key"] for row in provinces}
        for country in wanted_countries:
            if country not in known:
                info = pycountry.countries.get(alpha_2=country)
                values = {"code": country, "name": getattr(info, "common_name", None) or info.name, "level": "COUNTRY",
                          "country": country, "source": "ISO 3166-1 (pycountry)"}
                plan.node("Location", country, new_record("Location", country, validate("Location", values),
                                                          viewer.name) | provenance)
                known.add(country)
        source = f"{gazetteer.kind} {name}"
        for code, unit in units.items():
            if self._place(plan, unit, country_of[code], stored.get(code), source, provenance):
                known.add(code)
        province_of = self._provinces(units, country_of, provinces, admin1_names or {}, report)
        for code, unit in units.items():
            if code not in known:
                continue
            parent = self._parent(unit, country_of[code], province_of)
            if parent and parent != code and parent in known:
                plan.link("PART_OF", ("Location", code), ("Location", parent))
            elif parent and parent != code:
                report.notes.append(f"{unit.where} ({code}): parent {parent} is neither in the file nor in the "
                                    f"gazetteer; placed under its country")
                plan.link("PART_OF", ("Location", code), ("Location", country_of[code]))
        if not dry_run:
            await write_plan(self.graph, plan)
        return report

    @staticmethod
    def _place(plan: Plan, unit: Unit, country: str, stored: dict | None, source: str, provenance: dict) -> bool:
        """Creates or updates one place; False (and a rejection) when the file's values are not valid."""
        report = plan.report
        names = list(unit.alternate_names)
        if stored:
            names = list(stored.get("alternateNames") or []) + names
            if stored.get("name") and stored["name"] != unit.name:
                names.insert(0, stored["name"])  # a renamed place is still found by its old name
        values = {"code": unit.code, "name": unit.name, "level": unit.level, "country": country,
                  "alternateNames": [n for n in pick_names(names) if n != unit.name],
                  "latitude": unit.latitude if unit.latitude is not None else (stored or {}).get("latitude"),
                  "longitude": unit.longitude if unit.longitude is not None else (stored or {}).get("longitude"),
                  "source": source + (f" (valid from {unit.valid_from})" if unit.valid_from else "")}
        if len(unit.alternate_names) > MAX_NAMES:
            report.notes.append(f"{unit.where} ({unit.code} {unit.name}): {len(unit.alternate_names)} alternate "
                                f"names; the first {MAX_NAMES} distinct spellings are kept")
        try:
            props = validate("Location", values)
        except ValidationFailed as error:
            report.rejected.append(f"{unit.where} ({unit.code}): {error}")
            return False
        if stored is None:
            plan.node("Location", unit.code, new_record("Location", unit.code, props, plan.viewer.name) | provenance)
            return True
        changes = {f: props.get(f) for f in CONTENT if not same(props.get(f), stored.get(f))}
        if not changes:
            report.unchanged["Location"] += 1
            return True
        changes |= derived("Location", stored | changes) | provenance | {
            "version": int(stored.get("version") or 1) + 1, "updatedAt": now(), "updatedBy": plan.viewer.name}
        plan.node("Location", unit.code, changes, before=stored)
        return True

    @staticmethod
    def _parent(unit: Unit, country: str, province_of: dict[str, str]) -> str | None:
        if unit.parent:
            return country if _iso2(unit.parent) == country and len(unit.parent) <= 3 else unit.parent
        if unit.admin1 and unit.admin1 in province_of:
            return province_of[unit.admin1]
        return country

    @staticmethod
    def _provinces(units: dict[str, Unit], country_of: dict[str, str], stored: list[dict],
                   admin1_names: dict[str, str], report: Report) -> dict[str, str]:
        """GeoNames admin1 code -> the gazetteer's province of that name in that country (the same name, else
        the one clearly most alike)."""
        by_country: dict[str, dict[str, str]] = {}
        for row in stored:
            for name in [row["name"], *(row.get("alternateNames") or [])]:
                by_country.setdefault(row["country"], {}).setdefault(normalise(name), row["key"])
        for code, unit in units.items():
            if unit.level == "ADMIN1":
                by_country.setdefault(country_of[code], {}).setdefault(normalise(unit.name), code)
        found: dict[str, str] = {}
        missing: Counter = Counter()
        for unit in units.values():
            if not unit.admin1 or unit.admin1 in found:
                continue
            name = admin1_names.get(unit.admin1)
            choices = by_country.get(unit.admin1.split(".")[0], {})
            if not name:
                missing[unit.admin1] += 1
                continue
            wanted = normalise(name)
            if wanted in choices:
                found[unit.admin1] = choices[wanted]
                continue
            province = _most_alike(wanted, choices)
            if province:
                found[unit.admin1] = province
            else:
                missing[unit.admin1] += 1
        if missing:
            report.notes.append(f"{len(missing)} admin1 codes ({', '.join(sorted(missing)[:5])}"
                                f"{', ...' if len(missing) > 5 else ''}) matched no province of the gazetteer"
                                f"{'' if admin1_names else ' (no admin1CodesASCII.txt given)'}; their settlements "
                                "are placed under their country")
        return found
