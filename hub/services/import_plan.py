"""What every file import shares: the report, the plan of records and links to write, finding organisations
again by the hub's actor identity, and writing a whole file in one audited transaction."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from hub.access import Viewer
from hub.graph import bulk
from hub.graph import interop as q
from hub.graph import merges as merge_q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.observability import metrics
from hub.services import audit
from hub.services.orgs import resolution
from hub.services.orgs.merges import candidate_props as merge_candidate
from hub.services.records import derived, identity_keys, new_record, now
from hub.text import normalise
from hub.validation import validate


class ImportAborted(ValueError):
    """The file could not be written; nothing of it was."""


@dataclass
class Report:
    """What an import did (or, dry, would do): counts per kind of record, and every element left out."""

    file: str
    sha256: str
    dry_run: bool
    unit: str = "activities"  # what the file is read as: activities, rows
    activities: int = 0  # how many of them the file holds
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    linked: Counter = field(default_factory=Counter)  # new relationships per type
    rejected: list[str] = field(default_factory=list)  # "<element>: <reason>", nothing of it imported
    notes: list[str] = field(default_factory=list)  # something left out of an imported record, and why
    columns: dict[str, list[str]] = field(default_factory=dict)  # tables: understood and ignored columns

    def as_dict(self) -> dict[str, Any]:
        found = {"file": self.file, "sha256": self.sha256, "dryRun": self.dry_run, self.unit: self.activities,
                 "created": dict(self.created), "updated": dict(self.updated), "unchanged": dict(self.unchanged),
                 "linked": {k: v for k, v in self.linked.items() if v}, "rejected": self.rejected, "notes": self.notes}
        return found | ({"columns": self.columns} if self.columns else {})

    def summary(self) -> str:
        def counts(c: Counter) -> str:
            return ", ".join(f"{n} {label}" for label, n in sorted(c.items()) if n) or "none"
        verb = "would create" if self.dry_run else "created"
        return (f"{self.file}: {self.activities} {self.unit}; {verb} {counts(self.created)}; updated "
                f"{counts(self.updated)}; unchanged {counts(self.unchanged)}; rejected {len(self.rejected)}")


def same(new: Any, stored: Any) -> bool:
    """Is a stored value what the file says? An empty list is not stored, so it reads back as nothing."""
    return (None if new == [] else new) == (None if stored == [] else stored)


class Plan:
    """The records and links a file asks for, with an audit entry per record created or changed."""

    def __init__(self, report: Report, viewer: Viewer, source: str):
        self.report, self.viewer, self.source = report, viewer, source
        self.nodes: dict[str, list[dict]] = defaultdict(list)
        self.links: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
        self._linked: set[tuple] = set()
        self.entries: list[dict] = []
        self.candidates: list[dict] = []  # uncertain organisation matches for the review queue
        self.aliased: dict[str, tuple[dict, int]] = {}  # actor key -> its planned alias update, audit entry

    def node(self, label: str, key: str, props: dict, before: dict | None = None) -> None:
        self.nodes[label].append({"key": key, "props": props})
        (self.report.updated if before else self.report.created)[label] += 1
        self.entries.append(audit.entry(self.viewer, "UPDATE" if before else "CREATE", label, key, before=before,
                                        after=(before or {}) | props, detail={"import": self.source}))

    def link(self, rel: str, source: tuple[str, str], target: tuple[str, str], **extra) -> None:
        if (rel, source, target) in self._linked:
            return
        self._linked.add((rel, source, target))
        props = {"assertedBy": self.viewer.name, "assertedAt": now(), "source": self.source} | {
            k: v for k, v in extra.items() if v is not None}
        self.links[(source[0], rel, target[0])].append({"from": source[1], "to": target[1], "props": props})


async def write_plan(graph: Graph, plan: Plan) -> None:
    """The whole file in one transaction with its audit entries: places, actors and initiatives first, then
    the links (an existing link is left as it is)."""

    async def work(tx):
        for label in ("Location", "Actor", "Initiative"):
            if plan.nodes[label]:
                await fetch_one(tx, bulk.upsert_nodes(label), rows=plan.nodes[label])
        written = Counter()
        for (source, rel, target), rows in plan.links.items():
            row = await fetch_one(tx, q.merge_links(source, rel, target), rows=rows)
            if row["written"] != len(rows):  # an end vanished since it was read: write nothing
                raise ImportAborted(f"{plan.report.file}: a {source} or {target} it links to was deleted during "
                                    "the import; nothing imported, run it again")
            written[rel] += row["created"]
        if plan.candidates:
            await fetch_one(tx, merge_q.QUEUE_CANDIDATES, rows=plan.candidates)
        if plan.entries:
            await audit.record_all(tx, plan.entries)
        return written

    with metrics.IMPORTS_IN_PROGRESS.track_inprogress():
        try:
            plan.report.linked = await graph.write(work)
        except ImportAborted:
            metrics.IMPORT_FILES.labels("aborted").inc()
            raise
    metrics.IMPORT_FILES.labels("written").inc()
    for change, counts in (("created", plan.report.created), ("updated", plan.report.updated)):
        for label, count in counts.items():
            metrics.IMPORT_RECORDS.labels(label, change).inc(count)


@dataclass
class OrgGroup:
    """One organisation of a file, with every spelling and type it appears under."""

    ref: str | None = None  # an identifier of the source (IATI organisation identifier)
    names: list[str] = field(default_factory=list)
    acronym: str | None = None
    types: Counter = field(default_factory=Counter)
    implements: bool = False
    key: str | None = None  # resolved or new actor key
    existing: bool = False
    distinct: bool = False  # new, though another organisation has the same name
    stored: dict | None = None  # the existing actor it resolved to, as stored
    review: tuple[str, float, list[str]] | None = None  # new, but perhaps this actor: (key, score, reasons)
    folded: bool = False  # the same organisation as another group of the file (its identifier was junk)
    folded_into: "OrgGroup | None" = None

    @property
    def display_name(self) -> str:
        """The first spelling not in capitals only ("United Nations Development Programme"), else the first."""
        return next((n for n in self.names if not n.isupper()), self.names[0] if self.names else self.acronym or "")[:300]

    @property
    def identity(self) -> str:
        """The hub's identity key of the organisation, without a country (the files give none)."""
        return f"{normalise(self.display_name)}|-"

    @property
    def probes(self) -> list[str]:
        return [self.identity] + ([f"{normalise(self.acronym)}|-"] if self.acronym else [])


async def resolve_organisations(graph: Graph, viewer: Viewer, groups: list[OrgGroup]) -> None:
    """Sets each group's actor key: the actor with its identifier, else the one whose name or acronym is its
    name or acronym (the keys that refuse duplicate registrations), else one the organisation resolver is
    confident of (hub.services.orgs.resolution), else a new one, queued for review when the resolver is
    unsure. By name only an actor without another identifier, and one actor for one group of the file. An
    identifier that names no organisation reliably ("12", "99999") is not used to identify."""
    resolution.fold_junk_refs(groups)
    live = [g for g in groups if not g.folded]
    refs = sorted({g.ref for g in live if g.ref and not resolution.unreliable_ref(g.ref)})
    probes = sorted({p for g in live for p in g.probes})

    async def work(tx):
        by_ref = await fetch_all(tx, q.ACTORS_BY_IATI_REF, refs=refs, **viewer.params()) if refs else []
        by_identity = await fetch_all(tx, q.ACTORS_BY_IDENTITY, keys=probes, **viewer.params())
        return by_ref, by_identity

    by_ref, by_identity = await graph.read(work)
    ref_keys = {row["ref"]: row["key"] for row in by_ref}
    named: dict[str, dict] = {}
    for row in by_identity:
        for k in (row["identityKey"], row["acronymKey"]):
            named.setdefault(k, row)
    taken: set[str] = set()
    for group in live:
        trusted = group.ref if group.ref and not resolution.unreliable_ref(group.ref) else None
        found = ref_keys.get(trusted) if trusted else None
        if found is None:
            for probe in group.probes:
                same = named.get(probe)
                if same and same["key"] not in taken and (not trusted or not same.get("ref") or same["ref"] == trusted
                                                          or resolution.unreliable_ref(same["ref"])):
                    found = same["key"]
                    break
        group.key, group.existing = (found, True) if found else (uuid.uuid4().hex, False)
        group.distinct = not found and any(p in named or p in taken for p in group.probes)
        taken |= set(group.probes) | ({found} if found else set())
    await resolution.resolve_by_likeness(graph, viewer, [g for g in live if not g.existing and not g.distinct])
    for group in groups:
        if group.folded:
            group.key, group.existing = group.folded_into.key, group.folded_into.existing
    await resolution.load_stored(graph, viewer, [g for g in live if g.existing])


def known_actor(group: OrgGroup, plan: Plan) -> None:
    """An organisation the hub has: the file's other spellings become its aliases, and its IATI identifier the
    actor's when it had none (the audit entry says from which file); else it is unchanged. Several groups of a file may resolve to one actor: one update."""
    if group.folded:
        return
    stored = group.stored or {}
    pending, entry = plan.aliased.get(group.key, (None, None))
    aliases = list((pending or stored).get("aliases") or [])
    have = {normalise(stored.get(f)) for f in ("name", "acronym")} | {normalise(a) for a in aliases}
    fresh = [n[:300] for n in dict.fromkeys(group.names + ([group.acronym] if group.acronym else []))
             if normalise(n) and normalise(n) not in have]
    aliases += fresh[:max(0, 50 - len(aliases))]
    if pending is not None:  # the update is planned already: it takes these spellings too
        pending["aliases"] = aliases
        pending |= derived("Actor", stored | pending)
        plan.entries[entry]["after"] = audit.snapshot(stored | pending)
        return
    ref = group.ref if group.ref and not resolution.unreliable_ref(group.ref) and not stored.get("iatiOrgRef") else None
    if not group.stored or (aliases == list(stored.get("aliases") or []) and not ref):
        plan.report.unchanged["Actor"] += 1
        return
    changes = {"aliases": aliases, "version": int(stored.get("version") or 1) + 1, "updatedAt": now(),
               "updatedBy": plan.viewer.name} | ({"iatiOrgRef": ref} if ref else {})
    changes |= derived("Actor", stored | changes)
    plan.node("Actor", group.key, changes, before=stored)
    plan.aliased[group.key] = (changes, len(plan.entries) - 1)


def merge_q_candidate(plan: Plan, survivor: str, group: OrgGroup, score: float, reasons: list[str]) -> dict:
    return merge_candidate(plan.viewer.name, survivor, group.key, group.display_name, score, reasons, plan.source)


def new_actor(group: OrgGroup, plan: Plan, kind: str, visibility: str, source: str, provenance: dict) -> None:
    if group.folded:
        return
    name = group.display_name
    acronym = group.acronym if group.acronym and normalise(group.acronym) != normalise(name) else None
    aliases = list(dict.fromkeys(n[:300] for n in group.names if normalise(n) != normalise(name)))[:50]
    values = {"name": name, "acronym": acronym[:40] if acronym else None, "kind": kind, "aliases": aliases,
              "visibility": visibility, "source": source}
    props = new_record("Actor", group.key, validate("Actor", values), plan.viewer.name)
    if group.distinct:  # another organisation of the same name (another identifier): a different one
        props |= identity_keys(props, group.key, True) | {"distinctConfirmed": True}
    if group.ref and not resolution.unreliable_ref(group.ref):
        props["iatiOrgRef"] = group.ref
    plan.node("Actor", group.key, props | provenance)
    if group.review:
        survivor, score, reasons = group.review
        plan.candidates.append(merge_q_candidate(plan, survivor, group, score, reasons))
