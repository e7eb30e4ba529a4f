"""Importing IATI activity files: activities become initiatives, participating organisations actors, recipient
countries places and DAC sectors themes (through a mapping the operator can edit).

Idempotent: an activity is found again by its iati-identifier, an organisation by its IATI organisation
identifier or, without one, by the hub's identity key (normalised name and country), so the same file twice
creates nothing, and a newer version updates only what changed. A file is written in batches (organisations
and places, then BATCH activities each, the links between activities with the last), each one transaction with its
audit entries and a record of it: an import that stops part way leaves whole batches, and importing the file
again resumes it without duplicates. Elements the hub cannot take (an activity without
an identifier, a date out of order) are rejected one by one, with the element and the reason, and the rest
of the file is imported.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

import pycountry

from hub.access import Viewer
from hub.graph import bulk
from hub.graph import interop as q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.interop.iati import CHILD, DAC3, DAC5, PARENT, Activity, Org, parse
from hub.model import ActorKind, Visibility
from hub.services.import_plan import (BATCH, OrgGroup, Plan, Progress, Report, known_actor, new_actor,
                                      resolve_organisations, same, write_plan)
from hub.services.records import derived, new_record, now
from hub.text import normalise
from hub.validation import ValidationFailed, validate
from hub.services import permissions

DEFAULT_MAPPING = Path(__file__).resolve().parents[1] / "interop" / "iati_mapping.json"
# what the file says of an initiative; compared to decide between unchanged and updated
CONTENT = ("title", "description", "status", "startDate", "endDate", "budgetAmount", "budgetCurrency",
           "plannedStartDate", "actualStartDate", "plannedEndDate", "actualEndDate", "iatiStatusCode", "narratives",
           "iatiLastUpdated")
DATE_FIELDS = {"plannedStartDate": "1", "actualStartDate": "2", "plannedEndDate": "3", "actualEndDate": "4"}


class MappingError(ValueError):
    """The mapping file is unusable; the message names the entry."""


def load_mapping(path: Path | None = None) -> dict[str, Any]:
    path = path or DEFAULT_MAPPING
    try:
        mapping = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise MappingError(f"{path}: cannot read the mapping ({error})") from None
    for section in ("sectors", "roles", "org_types"):
        if not isinstance(mapping.get(section), dict):
            raise MappingError(f"{path}: '{section}' must be an object")
    for role, rel in mapping["roles"].items():
        if rel not in ("FUNDS", "IMPLEMENTS"):
            raise MappingError(f"{path}: roles.{role} must be FUNDS or IMPLEMENTS, not {rel!r}")
    kinds = {k.value for k in ActorKind}
    for name, kind in [*mapping["org_types"].items(), ("funder_kind", mapping.get("funder_kind")),
                       ("default_kind", mapping.get("default_kind"))]:
        if kind not in kinds:
            raise MappingError(f"{path}: {name} must be an actor kind ({', '.join(sorted(kinds))}), not {kind!r}")
    mapping["not_organisations"] = {normalise(n) for n in mapping.get("not_organisations", [])}
    return mapping


class IatiImporter:
    def __init__(self, graph: Graph, mapping: dict[str, Any] | None = None, batch_size: int = BATCH):
        """batch_size: activities written per transaction."""
        self.graph = graph
        self.mapping = mapping or load_mapping()
        self.batch_size = batch_size

    async def import_file(self, data: bytes, name: str, viewer: Viewer, *, visibility: Visibility = Visibility.PUBLIC,
                          owner_key: str | None = None, dry_run: bool = False,
                          progress: Progress | None = None) -> Report:
        """Raises IatiError (nothing written) when the file cannot be read at all, ImportAborted when it stopped
        part way (the message says which batches were written; importing it again resumes)."""
        permissions.require_admin(viewer, "only admins import files")
        report = Report(file=name, sha256=hashlib.sha256(data).hexdigest(), dry_run=dry_run)
        activities = parse(data, name)
        report.activities = len(activities)
        accepted = [(a, p) for a in self._usable(activities, report) if (p := self._props(a, report, visibility))]
        activities = [a for a, _ in accepted]
        source = f"IATI activity file {name} (sha256 {report.sha256[:12]})"
        plan = Plan(report, viewer, source)
        provenance = {"importSource": name, "importFileSha256": report.sha256, "importedAt": now()}
        existing = await self._existing_initiatives(viewer, activities)
        orgs = await self._organisations(viewer, activities)
        places = await self._countries(activities, plan, provenance)
        themes = await self._themes()
        keys: dict[str, str] = {iati_id: node["key"] for iati_id, node in existing.items()}
        for group in {id(g): g for g in orgs.values()}.values():
            if group.existing:
                known_actor(group, plan)
            else:
                self._new_actor(group, plan, visibility, provenance)
        for n, (activity, props) in enumerate(accepted):
            if n % self.batch_size == 0:
                last = min(n + self.batch_size, len(accepted))
                plan.begin(f"activities {n + 1}-{last}", units=last - n)
            key = self._initiative(activity, props, existing.get(activity.iati_id), orgs, plan, owner_key, provenance)
            keys[activity.iati_id] = key
            self._activity_links(activity, key, orgs, places, themes, plan)
        for activity in activities:
            if activity.iati_id in keys:
                self._hierarchy(activity, keys, existing, plan)
        if not dry_run:
            await write_plan(self.graph, plan, progress)
        return report

    # -- reading the file ----------------------------------------------------------------------------------

    def _usable(self, activities: list[Activity], report: Report) -> list[Activity]:
        usable, seen = [], set()
        for activity in activities:
            if not activity.iati_id:
                report.rejected.append(f"{activity.where}: no iati-identifier")
            elif activity.iati_id in seen:
                report.rejected.append(f"{activity.where}: iati-identifier repeated in the file; the first one is imported")
            else:
                seen.add(activity.iati_id)
                usable.append(activity)
        return usable

    def _org_roles(self, activity: Activity) -> list[tuple[Org, str]]:
        """The activity's organisations that are linked (their role is mapped, their name an organisation's)."""
        found = []
        for org in activity.orgs:
            rel = self.mapping["roles"].get(org.role)
            if rel and normalise(org.name) and normalise(org.name) not in self.mapping["not_organisations"]:
                found.append((org, rel))
        return found

    # -- resolving against the graph -----------------------------------------------------------------------

    async def _existing_initiatives(self, viewer: Viewer, activities: list[Activity]) -> dict[str, dict]:
        ids = sorted({a.iati_id for a in activities} | {ref for a in activities for _, ref in a.related})
        rows = await self.graph.read(lambda tx: fetch_all(tx, q.INITIATIVES_BY_IATI_ID, ids=ids, **viewer.params()))
        return {row["node"]["iatiIdentifier"]: row["node"] for row in rows}

    async def _organisations(self, viewer: Viewer, activities: list[Activity]) -> dict[str, OrgGroup]:
        """Organisation groups by "ref:<ref>" and "name:<normalised name>": one group per organisation of the
        file. A name without a ref joins the organisation that has a ref under the same name."""
        groups: dict[str, OrgGroup] = {}
        pairs = [(org, rel) for a in activities for org, rel in self._org_roles(a)]
        for org, rel in sorted(pairs, key=lambda p: p[0].ref is None):  # refs first
            name = normalise(org.name)
            group = groups.get(f"ref:{org.ref}") if org.ref else groups.get(f"name:{name}")
            if group is None:
                group = OrgGroup(ref=org.ref)
                if org.ref:
                    groups[f"ref:{org.ref}"] = group
                groups.setdefault(f"name:{name}", group)
            for spelling in [org.name, *org.names.values()]:
                if spelling and spelling not in group.names:
                    group.names.append(spelling)
            if org.type:
                group.types[org.type] += 1
            group.implements |= rel == "IMPLEMENTS"
        await resolve_organisations(self.graph, viewer, list({id(g): g for g in groups.values()}.values()))
        return groups

    def _group_of(self, orgs: dict[str, OrgGroup], org: Org) -> OrgGroup:
        return orgs.get(f"ref:{org.ref}") if org.ref else orgs[f"name:{normalise(org.name)}"]

    async def _countries(self, activities: list[Activity], plan: Plan, provenance: dict) -> set[str]:
        codes = sorted({c for a in activities for c in a.countries})
        rows = await self.graph.read(lambda tx: fetch_one(tx, bulk.existing_keys("Location"), keys=codes))
        known = set(rows["keys"])
        for code in codes:
            if code in known:
                continue
            country = pycountry.countries.get(alpha_2=code)
            if country is None:
                plan.report.notes.append(f"recipient-country {code}: not an ISO 3166 country; left out")
                continue
            values = {"code": code, "name": getattr(country, "common_name", None) or country.name, "level": "COUNTRY",
                      "country": code, "source": "ISO 3166-1 (pycountry)"}
            plan.node("Location", code, new_record("Location", code, validate("Location", values), plan.viewer.name)
                      | provenance)
            known.add(code)
        return known

    async def _themes(self) -> set[str]:
        wanted = sorted(set(self.mapping["sectors"].values()))
        row = await self.graph.read(lambda tx: fetch_one(tx, bulk.existing_keys("Theme"), keys=wanted))
        return set(row["keys"])

    # -- building the records ------------------------------------------------------------------------------

    def _new_actor(self, group: OrgGroup, plan: Plan, visibility: Visibility, provenance: dict) -> None:
        types = [t for t, _ in group.types.most_common() if t in self.mapping["org_types"]]
        kind = (self.mapping["org_types"][types[0]] if types else self.mapping["default_kind"]) if group.implements \
            else self.mapping["funder_kind"]
        new_actor(group, plan, kind, visibility.value, f"IATI participating-org {group.ref or '(no identifier)'}",
                  provenance)

    def _props(self, activity: Activity, report: Report, visibility: Visibility) -> dict | None:
        """The initiative's validated properties, or None when the activity is rejected (and said why)."""
        start, end = activity.start, activity.end
        values = {"title": (activity.title or activity.description[:120] or activity.iati_id)[:300],
                  "description": activity.description[:10_000] or None,
                  "status": activity.status or "ACTIVE", "startDate": start, "endDate": end,
                  "iatiIdentifier": activity.iati_id[:150], "visibility": visibility.value,
                  "source": f"IATI activity file {report.file}"}
        if start and end and end < start:
            report.notes.append(f"{activity.where}: end date {end} before start date {start}; end date left out")
            values["endDate"] = None
        if activity.budget:
            values["budgetAmount"], values["budgetCurrency"] = activity.budget
        try:
            props = validate("Initiative", values)
        except ValidationFailed as error:
            report.rejected.append(f"{activity.where}: {error}")
            return None
        if activity.budget_note:
            report.notes.append(f"{activity.where}: {activity.budget_note}")
        if activity.status is None:
            report.notes.append(f"{activity.where}: activity-status {activity.status_code or 'missing'}; taken as ACTIVE")
        props |= {f: activity.dates.get(code) for f, code in DATE_FIELDS.items()}
        props |= {"iatiStatusCode": activity.status_code, "iatiLastUpdated": activity.last_updated,
                  "narratives": json.dumps({"title": activity.titles, "description": activity.descriptions},
                                           ensure_ascii=False, sort_keys=True)}
        return props

    def _initiative(self, activity: Activity, props: dict, stored: dict | None, orgs: dict[str, OrgGroup],
                    plan: Plan, owner_key: str | None, provenance: dict) -> str:
        report = plan.report
        if stored is None:
            implementers = [self._group_of(orgs, o).key for o, rel in self._org_roles(activity) if rel == "IMPLEMENTS"]
            owner = owner_key or (implementers[0] if implementers else None)
            key = uuid.uuid4().hex
            plan.node("Initiative", key, new_record("Initiative", key, props, plan.viewer.name, owner_key=owner)
                      | provenance)
            return key
        key = stored["key"]
        if not stored.get("importSource"):
            report.unchanged["Initiative"] += 1
            report.notes.append(f"{activity.where}: matches initiative {key}, entered in the hub; its fields are "
                                "kept, its links added")
            return key
        changes = {f: props.get(f) for f in CONTENT if not same(props.get(f), stored.get(f))}
        if not changes:
            report.unchanged["Initiative"] += 1
            return key
        merged = stored | changes
        changes |= derived("Initiative", merged) | provenance | {
            "version": int(stored.get("version") or 1) + 1, "updatedAt": now(), "updatedBy": plan.viewer.name}
        plan.node("Initiative", key, changes, before=stored)
        return key

    def _activity_links(self, activity: Activity, key: str, orgs: dict[str, OrgGroup], places: set[str],
                        themes: set[str], plan: Plan) -> None:
        me = ("Initiative", key)
        lead = True
        for org, rel in self._org_roles(activity):
            actor = ("Actor", self._group_of(orgs, org).key)
            if rel == "FUNDS":
                plan.link("FUNDS", actor, me)
            else:
                plan.link("IMPLEMENTS", actor, me, role="LEAD" if lead else "PARTNER")
                lead = False
        for code in activity.countries:
            if code in places:
                plan.link("LOCATED_IN", me, ("Location", code))
        for vocabulary, code in activity.sectors:
            theme = None
            if vocabulary == DAC5:
                theme = self.mapping["sectors"].get(code) or self.mapping["sectors"].get(code[:3])
            elif vocabulary == DAC3:
                theme = self.mapping["sectors"].get(code)
            if theme and theme in themes:
                plan.link("ADDRESSES", me, ("Theme", theme))
            elif theme:
                plan.report.notes.append(f"{activity.where}: sector {code} maps to theme {theme!r}, which the hub does not have")

    def _hierarchy(self, activity: Activity, keys: dict[str, str], existing: dict[str, dict], plan: Plan) -> None:
        for kind, ref in activity.related:
            if kind not in (PARENT, CHILD):
                continue
            if ref not in keys:
                plan.report.notes.append(f"{activity.where}: related {'parent' if kind == PARENT else 'child'} "
                                         f"{ref} is not in the hub; not linked")
                continue
            child, parent = (activity.iati_id, ref) if kind == PARENT else (ref, activity.iati_id)
            if child != parent:
                plan.link("PART_OF", ("Initiative", keys[child]), ("Initiative", keys[parent]))
