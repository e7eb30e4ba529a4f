"""Importing HXL-tagged 3W/4W tables: who (#org) does what (#sector, #activity) where (#country, #adm1-3).

The rows of one organisation, sector and activity (or activity identifier) are one initiative, found again by
a reference built from them (`importRef`), so the same table twice creates nothing. Organisations are found
again by identifier, acronym or name through the hub's actor identity keys; places by P-code (created under
their parent from the table's codes and names when missing), or by name within the country when the table
has no codes. A table is written in batches of initiatives, each one transaction with its audit entries (see
import_plan.write_plan: an interrupted import resumes); a row without an organisation is rejected with its
line number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry

from hub.access import Viewer
from hub.graph import bulk
from hub.graph import interop as q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.interop.hxl import Table, read_table
from hub.interop.iati import NO_REF, canonical_ref
from hub.model import ActorKind, InitiativeStatus, Visibility
from hub.services.iati_import import load_mapping as iati_mapping
from hub.services.import_plan import (BATCH, OrgGroup, Plan, Progress, Report, known_actor, new_actor,
                                      resolve_organisations, same, write_plan)
from hub.services.records import derived, new_record, now
from hub.text import normalise
from hub.validation import ValidationFailed, validate
from hub.services import permissions

DEFAULT_MAPPING = Path(__file__).resolve().parents[1] / "interop" / "hxl_mapping.json"
ROLES = {"impl": "IMPLEMENTS", "prog": "IMPLEMENTS", "funder": "FUNDS"}
LEVELS = {"adm1": "ADMIN1", "adm2": "ADMIN2", "adm3": "ADMIN3"}
CONTENT = ("title", "status", "startDate", "endDate", "hxlSectors")


class HxlMappingError(ValueError):
    """The mapping file is unusable; the message names the entry."""


def load_mapping(path: Path | None = None) -> dict[str, Any]:
    path = path or DEFAULT_MAPPING
    try:
        mapping = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise HxlMappingError(f"{path}: cannot read the mapping ({error})") from None
    kinds, statuses = {k.value for k in ActorKind}, {s.value for s in InitiativeStatus}
    for name, kind in [*mapping.get("org_types", {}).items(), ("default_kind", mapping.get("default_kind"))]:
        if kind not in kinds:
            raise HxlMappingError(f"{path}: {name} must be an actor kind, not {kind!r}")
    for name, status in mapping.get("statuses", {}).items():
        if status not in statuses:
            raise HxlMappingError(f"{path}: statuses.{name} must be an initiative status, not {status!r}")
    for section in ("sectors", "org_types", "statuses"):
        mapping[section] = {normalise(k): v for k, v in mapping.get(section, {}).items()}
    return mapping


MULTI = ("org.", "sector.")  # cells that may list several values, separated by ";" (IATI Datastore CSV)


@dataclass
class _Row:
    line: int
    values: dict[str, list[str]]  # meaning -> the values of the first non-empty cell of that meaning

    def get(self, meaning: str) -> str | None:
        return (self.values.get(meaning) or [None])[0]

    def all(self, meaning: str) -> list[str]:
        return self.values.get(meaning) or []


@dataclass
class _Work:
    """One initiative: the rows of one organisation, sector and activity."""

    ref: str
    title: str
    orgs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # role -> org keys (group ids)
    sectors: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    starts: list[str] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


def _date(text: str | None) -> str | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y", "%Y-%m"):
        try:
            return dt.datetime.strptime((text or "").strip()[:10], pattern).date().isoformat()
        except ValueError:
            continue
    return None


def _country(code_or_name: str | None) -> str | None:
    if not code_or_name:
        return None
    try:
        return pycountry.countries.lookup(code_or_name.strip()).alpha_2
    except LookupError:
        return None


class HxlImporter:
    def __init__(self, graph: Graph, mapping: dict[str, Any] | None = None, dac: dict[str, str] | None = None,
                 batch_size: int = BATCH):
        """dac: DAC purpose codes to themes for #sector+code cells (default: the IATI mapping's); batch_size:
        initiatives written per transaction."""
        self.graph = graph
        self.batch_size = batch_size
        self.mapping = mapping or load_mapping()
        self.dac = dac if dac is not None else iati_mapping()["sectors"]

    def _theme(self, sector: str) -> str | None:
        """A sector name through the table mapping, or a DAC code through the IATI mapping."""
        if sector.isdigit():
            return self.dac.get(sector) or self.dac.get(sector[:3])
        return self.mapping["sectors"].get(normalise(sector))

    async def import_file(self, data: bytes, name: str, viewer: Viewer, *, visibility: Visibility = Visibility.PUBLIC,
                          owner_key: str | None = None, country: str | None = None, dry_run: bool = False,
                          progress: Progress | None = None) -> Report:
        """country: ISO code of the table's country when it has no #country column. Raises HxlError (nothing
        written) when the table cannot be read at all."""
        permissions.require_admin(viewer, "only admins import files")
        table = read_table(data, name)
        report = Report(file=name, sha256=hashlib.sha256(data).hexdigest(), dry_run=dry_run, unit="rows",
                        activities=len(table.rows) + len(table.refused), rejected=list(table.refused),
                        notes=list(table.notes))
        report.columns = {"understood": table.understood(), "ignored": table.ignored()}
        source = f"HXL table {name} (sha256 {report.sha256[:12]})"
        plan = Plan(report, viewer, source)
        provenance = {"importSource": name, "importFileSha256": report.sha256, "importedAt": now()}
        rows = self._rows(table)
        default_country = _country(country) if country else None
        if country and not default_country:
            raise ValueError(f"country: {country!r} is not an ISO 3166 country")
        orgs = self._organisations(rows)
        await resolve_organisations(self.graph, viewer, list({id(g): g for g in orgs.values()}.values()))
        places = await self._places(rows, default_country, plan, provenance)
        works = self._works(rows, orgs, places, report)
        themes = await self._themes()
        existing = await self._existing(viewer, list(works))
        for group in {id(g): g for g in orgs.values()}.values():
            if group.existing:
                known_actor(group, plan)
            elif group.key in {k for w in works.values() for keys in w.orgs.values() for k in keys}:
                kind = self._kind(group)
                new_actor(group, plan, kind, visibility.value, f"HXL table {name}", provenance)
        for n, (ref, work) in enumerate(works.items()):
            if n % self.batch_size == 0:
                last = min(n + self.batch_size, len(works))
                plan.begin(f"initiatives {n + 1}-{last}", units=last - n)
            key = self._initiative(work, existing.get(ref), plan, visibility, owner_key, provenance)
            if key is None:
                continue
            me = ("Initiative", key)
            for role, keys in work.orgs.items():
                for n, actor in enumerate(dict.fromkeys(keys)):
                    if ROLES[role] == "FUNDS":
                        plan.link("FUNDS", ("Actor", actor), me)
                    else:
                        plan.link("IMPLEMENTS", ("Actor", actor), me, role="LEAD" if role == "impl" and n == 0 else "PARTNER")
            for place in dict.fromkeys(work.places):
                plan.link("LOCATED_IN", me, ("Location", place))
            for sector in work.sectors:
                theme = self._theme(sector)
                if theme in themes:
                    plan.link("ADDRESSES", me, ("Theme", theme))
        unmapped = sorted({s for w in works.values() for s in w.sectors if self._theme(s) not in themes})
        if unmapped:
            more = f" and {len(unmapped) - 20} more" if len(unmapped) > 20 else ""
            report.notes.append(f"{len(unmapped)} sectors have no theme in the mapping: {', '.join(unmapped[:20])}{more}")
        if not dry_run:
            await write_plan(self.graph, plan, progress)
        return report

    # -- reading the rows ----------------------------------------------------------------------------------

    @staticmethod
    def _rows(table: Table) -> list[_Row]:
        found = []
        for line, cells in table.rows:
            values: dict[str, list[str]] = {}
            for column in table.columns:
                if column.meaning and column.index < len(cells) and cells[column.index].strip():
                    cell = " ".join(cells[column.index].split())
                    parts = cell.split(";") if column.meaning.startswith(MULTI) else [cell]
                    values.setdefault(column.meaning, [p.strip() for p in parts])
            found.append(_Row(line, values))
        return found

    @staticmethod
    def _orgs_of(row: _Row, role: str) -> list[tuple[str | None, str | None, str | None, str | None]]:
        """(identifier, acronym, name, type) of each of the row's organisations in a role ("A;B" lists two)."""
        parts = [row.all(f"org.{role}.{part}") for part in ("id", "acronym", "name", "type")]
        found = []
        for n in range(max(map(len, parts))):
            ref, acronym, name, kind = ((p[n] if n < len(p) and p[n] else None) for p in parts)
            found.append((None if (ref or '').upper() in NO_REF else canonical_ref(ref), acronym, name, kind))
        return [o for o in found if o[1] or o[2]]  # an identifier alone names no organisation

    def _organisations(self, rows: list[_Row]) -> dict[str, OrgGroup]:
        """Organisation groups by "ref:", "acronym:" and "name:" keys; one group per organisation of the table."""
        groups: dict[str, OrgGroup] = {}
        seen = [(org, role) for r in rows for role in ROLES for org in self._orgs_of(r, role)]
        for (ref, acronym, name, kind), role in sorted(seen, key=lambda s: (s[0][0] is None, s[0][1] is None)):
            keys = [k for k in (ref and f"ref:{ref}", acronym and f"acronym:{normalise(acronym)}",
                                name and f"name:{normalise(name)}") if k]
            group = next((groups[k] for k in keys if k in groups), None)
            if group is None:
                group = OrgGroup(ref=ref, acronym=acronym)
            for k in keys:
                groups.setdefault(k, group)
            group.acronym = group.acronym or acronym
            if name and name not in group.names:
                group.names.append(name)
            if kind:
                group.types[normalise(kind)] += 1
            group.implements |= ROLES[role] == "IMPLEMENTS"
        for group in groups.values():
            if not group.names and group.acronym:
                group.names.append(group.acronym)
        return groups

    def _group_keys(self, orgs: dict[str, OrgGroup], row: _Row, role: str) -> list[str]:
        found = []
        for ref, acronym, name, _ in self._orgs_of(row, role):
            for k in (ref and f"ref:{ref}", acronym and f"acronym:{normalise(acronym)}", name and f"name:{normalise(name)}"):
                if k and k in orgs:
                    found.append(orgs[k].key)
                    break
        return list(dict.fromkeys(found))

    def _kind(self, group: OrgGroup) -> str:
        if not group.implements:
            return "DONOR"
        for kind, _ in group.types.most_common():
            if kind in self.mapping["org_types"]:
                return self.mapping["org_types"][kind]
        return self.mapping["default_kind"]

    async def _places(self, rows: list[_Row], default_country: str | None, plan: Plan, provenance: dict) -> dict[int, str]:
        """Each row's finest place (line -> place key): P-coded places are created under their parent when
        missing; named ones are looked up in their country, else the row is placed at the coarser level."""
        report = plan.report
        per_row: dict[int, list[tuple[str, str | None, str | None]]] = {}  # line -> [(level tag, code, name)]
        countries: dict[int, str | None] = {}
        for row in rows:
            chain = [(tag, row.get(f"{tag}.code"), row.get(f"{tag}.name")) for tag in LEVELS]
            chain = [(tag, code, name) for tag, code, name in chain if code or name]
            code = _country(row.get("country.code")) or _country(row.get("country.name"))
            if code is None:
                prefixes = [c for _, c, _ in chain if c]
                code = _country(prefixes[0][:2]) if prefixes and prefixes[0][:2].isalpha() else None
            countries[row.line] = code or default_country
            per_row[row.line] = chain
        codes = sorted({c for chain in per_row.values() for _, c, _ in chain if c} | {c for c in countries.values() if c})
        names = sorted({normalise(n) for chain in per_row.values() for _, c, n in chain if n and not c})
        known_countries = sorted({c for c in countries.values() if c})

        async def work(tx):
            keys = await fetch_one(tx, bulk.existing_keys("Location"), keys=codes)
            named = await fetch_all(tx, q.PLACES_BY_NAME, countries=known_countries, names=names) if names else []
            return set(keys["keys"]), named

        known, named = await self.graph.read(work)
        by_name = {(r["country"], r["name"], r["level"]): r["key"] for r in named}
        # every P-coded place of the table, with every name it is given there and its parent
        coded: dict[str, dict] = {}
        for line, chain in per_row.items():
            country, parent = countries[line], countries[line]
            if country is None:
                continue
            for tag, code, name in chain:
                if not code:
                    continue
                place = coded.setdefault(code, {"level": LEVELS[tag], "country": country, "names": [], "parent": parent})
                if name and name not in place["names"]:
                    place["names"].append(name)
                parent = code
        for country in known_countries:
            if country not in known:
                info = pycountry.countries.get(alpha_2=country)
                self._create(plan, known, country, getattr(info, "common_name", None) or info.name, [], "COUNTRY",
                             country, None, provenance)
        for code, place in coded.items():
            names = place["names"] or [code]
            if self._create(plan, known, code, names[0], names[1:], place["level"], place["country"], place["parent"],
                            provenance):
                for name in names:
                    by_name.setdefault((place["country"], normalise(name), place["level"]), code)
        missing_names: set[str] = set()
        finest: dict[int, str] = {}
        for line, chain in per_row.items():
            parent = countries[line]
            if parent is None:
                continue
            for tag, code, name in chain:
                if code and code in known:
                    parent = code
                elif not code:
                    found = by_name.get((countries[line], normalise(name), LEVELS[tag]))
                    if found:
                        parent = found
                    else:
                        missing_names.add(f"{LEVELS[tag].lower()} {name!r} ({countries[line]})")
            finest[line] = parent
        for place in sorted(missing_names):
            report.notes.append(f"{place} is not in the gazetteer and the table gives no P-code; its rows are "
                                "placed at the nearest coarser place")
        return finest

    @staticmethod
    def _create(plan: Plan, known: set[str], code: str, name: str, alternates: list[str], level: str, country: str,
                parent: str | None, provenance: dict) -> bool:
        """A missing place, under its parent; False (and a note) when its code or name is not valid."""
        if code in known:
            return True
        values = {"code": code, "name": name, "alternate_names": alternates[:50], "level": level, "country": country,
                  "source": plan.source}
        try:
            props = validate("Location", values)
        except ValidationFailed as error:
            plan.report.notes.append(f"place {code}: {error}; not created")
            return False
        plan.node("Location", code, new_record("Location", code, props, plan.viewer.name) | provenance)
        known.add(code)
        if parent and parent != code and parent in known:
            plan.link("PART_OF", ("Location", code), ("Location", parent))
        return True

    def _works(self, rows: list[_Row], orgs: dict[str, OrgGroup], places: dict[int, str], report: Report) -> dict[str, _Work]:
        works: dict[str, _Work] = {}
        for row in rows:
            keys = {role: self._group_keys(orgs, row, role) for role in ROLES}
            first = (keys["impl"] or keys["prog"] or keys["funder"] or [None])[0]
            if first is None:
                report.rejected.append(f"line {row.line}: no organisation (#org)")
                continue
            sectors = [x for x in row.all("sector.code") + row.all("sector.name") if x]
            activity = row.get("activity.id") or row.get("activity.name") or ""
            identity = "|".join([first, normalise(";".join(sectors)), normalise(activity)])
            ref = "hxl:" + hashlib.sha256(identity.encode()).hexdigest()[:24]
            if ref not in works:
                org = next(g for g in orgs.values() if g.key == first)
                named = [x for x in row.all("sector.name") if x] or sectors or ["Work"]
                title = row.get("activity.name") or f"{named[0]} by {org.display_name}"
                works[ref] = _Work(ref=ref, title=title[:300])
            work = works[ref]
            for role, found in keys.items():
                for key in found:
                    if key not in work.orgs[role]:
                        work.orgs[role].append(key)
            for sector in sectors:
                if sector not in work.sectors:
                    work.sectors.append(sector)
            if row.line in places:
                work.places.append(places[row.line])
            year = row.get("date.year")
            start = _date(row.get("date.start")) or (f"{year}-01-01" if year and year.isdigit() and len(year) == 4 else None)
            end = _date(row.get("date.end")) or (f"{year}-12-31" if year and year.isdigit() and len(year) == 4 else None)
            work.starts += [start] if start else []
            work.ends += [end] if end else []
            if row.get("status"):
                work.statuses.append(row.get("status"))
            work.lines.append(row.line)
        return works

    async def _themes(self) -> set[str]:
        wanted = sorted(set(self.mapping["sectors"].values()))
        row = await self.graph.read(lambda tx: fetch_one(tx, bulk.existing_keys("Theme"), keys=wanted))
        return set(row["keys"])

    async def _existing(self, viewer: Viewer, refs: list[str]) -> dict[str, dict]:
        rows = await self.graph.read(lambda tx: fetch_all(tx, q.INITIATIVES_BY_IMPORT_REF, refs=refs, **viewer.params()))
        return {row["node"]["importRef"]: row["node"] for row in rows}

    def _initiative(self, work: _Work, stored: dict | None, plan: Plan, visibility: Visibility, owner_key: str | None,
                    provenance: dict) -> str | None:
        report = plan.report
        status = "ACTIVE"
        if work.statuses:
            status = self.mapping["statuses"].get(normalise(work.statuses[-1]), "ACTIVE")
        start, end = min(work.starts, default=None), max(work.ends, default=None)
        values = {"title": work.title, "status": status, "startDate": start, "endDate": end,
                  "visibility": visibility.value, "source": f"HXL table {report.file}"}
        try:
            props = validate("Initiative", values)
        except ValidationFailed as error:
            report.rejected.append(f"lines {', '.join(map(str, work.lines[:5]))}: {error}")
            return None
        props |= {"importRef": work.ref, "hxlSectors": work.sectors}
        if stored is None:
            key = uuid.uuid4().hex
            lead = (work.orgs.get("impl") or work.orgs.get("prog") or [None])[0]
            plan.node("Initiative", key, new_record("Initiative", key, props, plan.viewer.name,
                                                    owner_key=owner_key or lead) | provenance)
            return key
        key = stored["key"]
        changes = {f: props.get(f) for f in CONTENT if not same(props.get(f), stored.get(f))}
        if not changes:
            report.unchanged["Initiative"] += 1
            return key
        changes |= derived("Initiative", stored | changes) | provenance | {
            "version": int(stored.get("version") or 1) + 1, "updatedAt": now(), "updatedBy": plan.viewer.name}
        plan.node("Initiative", key, changes, before=stored)
        return key
