"""What every file import shares: the report, the plan of records and links to write, finding organisations
again by the hub's actor identity, and writing a file in audited batches that an interrupted import resumes."""

from __future__ import annotations

import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hub.access import Viewer
from hub.graph import bulk
from hub.graph import interop as q
from hub.graph import links
from hub.graph import merges as merge_q
from hub.graph.connection import Graph, GraphUnavailable, fetch_all, fetch_one
from hub.observability import metrics
from hub.services import audit
from hub.services.orgs import resolution
from hub.services.orgs.merges import candidate_props as merge_candidate
from hub.services.records import derived, identity_keys, new_record, now
from hub.text import normalise
from hub.validation import validate


class ImportAborted(ValueError):
    """The file could not be written whole; the message says which batches were, and to import it again."""


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


BATCH = 250  # activities or initiatives per transaction: well within HUB_GRAPH_TIMEOUT on a loaded 2-core machine
Progress = Callable[[int, int], None]  # (units written so far, units of the file), after each batch


@dataclass
class Batch:
    """One transaction of a file's import: its records, their links and audit entries."""

    what: str
    units: int = 0  # activities or table rows it covers (for the progress bar)
    nodes: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    links: dict[tuple[str, str, str, bool], list[dict]] = field(default_factory=lambda: defaultdict(list))
    entries: list[dict] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.nodes or self.links or self.entries)


class Plan:
    """The records and links a file asks for, with an audit entry per record created or changed, cut into
    batches (begin()): the organisations and places first, then the file's units in slices (of BATCH), the
    links between them with the last slice."""

    def __init__(self, report: Report, viewer: Viewer, source: str):
        self.report, self.viewer, self.source = report, viewer, source
        self.batches: list[Batch] = [Batch("organisations and places")]
        self._linked: set[tuple] = set()
        self._created: set[tuple[str, str]] = set()  # records new in this plan: their links cannot exist yet
        self.candidates: list[dict] = []  # uncertain organisation matches for the review queue
        self.aliased: dict[str, tuple[dict, dict]] = {}  # actor key -> its planned alias update, its audit entry

    def begin(self, what: str, units: int) -> None:
        """What follows goes into a batch of its own; the opening batch (organisations and places) takes the
        first slice too when it is small, so that a file of BATCH units or fewer is one transaction."""
        opening = self.batches[-1]
        if len(self.batches) == 1 and not opening.units and sum(map(len, opening.nodes.values())) <= BATCH:
            opening.what, opening.units = f"{opening.what}, {what}", units
            return
        self.batches.append(Batch(what, units))

    def node(self, label: str, key: str, props: dict, before: dict | None = None) -> None:
        batch = self.batches[-1]
        batch.nodes[label].append({"key": key, "props": props})
        if not before:
            self._created.add((label, key))
        (self.report.updated if before else self.report.created)[label] += 1
        batch.entries.append(audit.entry(self.viewer, "UPDATE" if before else "CREATE", label, key, before=before,
                                         after=(before or {}) | props, detail={"import": self.source}))

    def link(self, rel: str, source: tuple[str, str], target: tuple[str, str], **extra) -> None:
        if (rel, source, target) in self._linked:
            return
        self._linked.add((rel, source, target))
        props = {"assertedBy": self.viewer.name, "assertedAt": now(), "source": self.source} | {
            k: v for k, v in extra.items() if v is not None}
        fresh = source in self._created or target in self._created
        self.batches[-1].links[(source[0], rel, target[0], fresh)].append(
            {"from": source[1], "to": target[1], "props": props})


async def write_plan(graph: Graph, plan: Plan, progress: Progress | None = None) -> None:
    """Each batch in one transaction with its audit entries and a record of it (an IMPORT audit entry of the
    file's sha256 naming the run and the batch): places and actors first, then initiatives with their links.
    An interrupted import leaves whole batches behind; run again, the file finds what they wrote (by
    identifier) and writes the rest, and the report says that it resumed an earlier run. Links from or to a
    record new in this file are created outright; others only where missing (an existing one is kept)."""
    report = plan.report
    batches = [b for b in plan.batches if b or b.units]  # a file with nothing to write still records its run
    earlier = await _unfinished_run(graph, report.sha256)
    if earlier:
        report.notes.append(f"an earlier import of this file stopped after batch {earlier['batch']} of "
                            f"{earlier['of']} ({earlier['at']}); this one resumed it: what that one wrote is "
                            "counted as unchanged")
    run, total = uuid.uuid4().hex, sum(b.units for b in batches)
    done = 0

    async def work(tx, batch: Batch, number: int):
        for label in ("Location", "Actor", "Initiative"):
            if batch.nodes[label]:
                await fetch_one(tx, bulk.upsert_nodes(label), rows=batch.nodes[label])
        written = Counter()
        for (source, rel, target, fresh), rows in batch.links.items():
            if fresh:  # from or to a record new in this file, which cannot have links yet: no look for one
                row = await fetch_one(tx, links.create_links(source, rel, target), rows=rows)
                row["written"] = row["created"]
            else:
                row = await fetch_one(tx, q.merge_links(source, rel, target), rows=rows)
            if row["written"] != len(rows):  # an end vanished since it was read: write nothing of this batch
                raise ImportAborted(f"a {source} or {target} it links to was deleted during the import")
            written[rel] += row["created"]
        record = audit.entry(plan.viewer, "IMPORT", "ImportFile", report.sha256, detail={
            "import": plan.source, "file": report.file, "run": run, "batch": number, "of": len(batches),
            "what": batch.what})
        if number == 1 and plan.candidates:  # the opening batch writes the new actors they name
            await fetch_one(tx, merge_q.QUEUE_CANDIDATES, rows=plan.candidates)
        await audit.record_all(tx, [*batch.entries, record])
        return written

    with metrics.IMPORTS_IN_PROGRESS.track_inprogress():
        for number, batch in enumerate(batches, 1):
            try:
                report.linked += await graph.write(lambda tx, b=batch, n=number: work(tx, b, n))
            except (ImportAborted, GraphUnavailable) as error:
                metrics.IMPORT_FILES.labels("aborted").inc()
                kept = f"batches 1-{number - 1} are written" if number > 1 else "nothing is written"
                raise ImportAborted(f"{report.file}: {error}; stopped at batch {number} of {len(batches)} "
                                    f"({batch.what}): {kept}; import the file again to resume") from error
            done += batch.units
            if progress:
                progress(done, total)
    metrics.IMPORT_FILES.labels("written").inc()
    for change, counts in (("created", report.created), ("updated", report.updated)):
        for label, count in counts.items():
            metrics.IMPORT_RECORDS.labels(label, change).inc(count)


async def _unfinished_run(graph: Graph, sha256: str) -> dict | None:
    """The last run of this file (same sha256) when it stopped before its last batch: {batch, of, at}."""
    rows = await graph.read(lambda tx: fetch_all(tx, q.IMPORT_RECORDS, sha256=sha256))
    runs: dict[str, dict] = {}
    for row in rows:
        detail = json.loads(row["detail"])
        run = runs.setdefault(detail["run"], {"batch": 0, "of": detail["of"], "at": row["at"]})
        run["batch"], run["at"] = max(run["batch"], detail["batch"]), max(run["at"], row["at"])
    last = max(runs.values(), key=lambda r: r["at"], default=None)
    return last if last and last["batch"] < last["of"] else None


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
        entry["after"] = audit.snapshot(stored | pending)
        return
    ref = group.ref if group.ref and not resolution.unreliable_ref(group.ref) and not stored.get("iatiOrgRef") else None
    if not group.stored or (aliases == list(stored.get("aliases") or []) and not ref):
        plan.report.unchanged["Actor"] += 1
        return
    changes = {"aliases": aliases, "version": int(stored.get("version") or 1) + 1, "updatedAt": now(),
               "updatedBy": plan.viewer.name} | ({"iatiOrgRef": ref} if ref else {})
    changes |= derived("Actor", stored | changes)
    plan.node("Actor", group.key, changes, before=stored)
    plan.aliased[group.key] = (changes, plan.batches[-1].entries[-1])


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
