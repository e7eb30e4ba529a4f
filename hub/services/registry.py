"""Creating, changing, deleting and linking records, with the checks a shared registry needs.

Every write is one transaction: it either happens whole or not at all. Updates carry the version the
client last saw, and the record is locked before the check, so concurrent edits cannot overwrite each
other unseen.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from neo4j.exceptions import ConstraintError

from hub.access import Viewer
from hub.errors import UserError
from hub.graph import feed as feed_q
from hub.graph import links as link_q
from hub.graph import nodes as node_q
from hub.graph import trust as trust_q
from hub.graph.connection import Graph, fetch_all, fetch_collected, fetch_one
from hub.model import NODE_TYPES, RELATIONSHIP_TYPES, ImplementerRole, RelationshipType
from hub.services import audit, permissions
from hub.services.idempotency import FIELD as IDEMPOTENCY_FIELD
from hub.services.idempotency import Idempotency, Receipts
from hub.services.records import SYSTEM_FIELDS, Record, derived, identity_keys, new_key, new_record, now
from hub.validation import ValidationFailed, validate


@dataclass
class WriteResult:
    record: Record | None = None
    user_errors: list[UserError] = field(default_factory=list)
    deleted_keys: list[tuple[str, str]] = field(default_factory=list)  # (label, key) of everything removed
    relationship: dict[str, Any] | None = None
    replayed: bool = False  # the outcome of an earlier mutation with the same clientMutationId; nothing written
    alongside: Any = None  # what a create's `alongside` work returned, when the record was written

    @classmethod
    def error(cls, field_name: str, message: str, code: str) -> "WriteResult":
        return cls(user_errors=[UserError(field_name, message, code)])


@dataclass(frozen=True)
class NewLink:
    """A relationship to make while creating a record: `other` is (label, key) of the record at the other end."""

    field: str
    rel: str
    other: tuple[str, str]
    outgoing: bool  # the new record is the start of the relationship
    role: str | None = None


class _Abort(Exception):
    """Rolls a transaction back and carries the user error that explains why."""

    def __init__(self, result: WriteResult):
        self.result = result


class _Replay(Exception):
    """Rolls a transaction back: a mutation with the same clientMutationId was done already."""

    def __init__(self, receipt: dict):
        self.receipt = receipt


def _validation_result(error: ValidationFailed) -> WriteResult:
    return WriteResult(user_errors=[UserError(e.field, e.message, e.code) for e in error.errors])


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in SYSTEM_FIELDS}


def _as_updated(stored: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The record as node_q.update leaves it, worked out from its locked read: its audit entry is written by
    the update's own statement. A null change removes the property; the version goes up by one (a record
    without one keeps none, as `null + 1` is null); the lock is let go."""
    after = {k: v for k, v in (stored | changes).items() if v is not None and k != "lockToken"}
    after.pop("version", None)
    if stored.get("version") is not None:
        after["version"] = stored["version"] + 1
    return after


class Registry:
    def __init__(self, graph: Graph, receipts: Receipts | None = None):
        self.graph = graph
        self.receipts = receipts or Receipts(retention_hours=24)

    # -- records -----------------------------------------------------------------------------------------

    async def create(self, label: str, values: dict[str, Any], viewer: Viewer, *, confirm_distinct: bool = False,
                     links: list["NewLink"] = (), owner_key: str | None = None,
                     idempotency: Idempotency | None = None,
                     alongside: Callable[[str, dict[str, Any]], Awaitable[Any]] | None = None) -> WriteResult:
        """links: relationships to other records made in the same transaction; a missing record is a
        NOT_FOUND user error on the link's field and nothing is created. owner_key: the actor the record
        belongs to (checked against what the viewer may do). idempotency: a retry with the same key gets
        the record the first call created (see hub.services.idempotency). alongside: a read that needs only
        the new record's key and stored properties (the duplicate check), run while the write runs rather
        than after it; its outcome is WriteResult.alongside, dropped when nothing was written."""
        if idempotency is not None:
            problem = idempotency.problem()
            if problem is not None:
                return WriteResult(user_errors=[problem])
            # the write looks for the key's receipt first; an actor's duplicate check, before the write, would
            # take the actor a first call created for a duplicate, so its receipt is looked for before that
            replay = await self._check_key(idempotency, viewer, self._replay_create) if label == "Actor" else None
            if replay is not None:
                return replay
        owner_key = permissions.owner_for_new(viewer, label, owner_key)
        if label in OWNER_LINKS and owner_key is not None:
            links = [*links, *_owner_link(label, owner_key, links)]
        try:
            props = validate(label, values)
        except ValidationFailed as error:
            return _validation_result(error)
        key = new_key(label, props)
        props = new_record(label, key, props, viewer.name, owner_key=owner_key, distinct=confirm_distinct)
        stamp = props["createdAt"]
        if label == "Actor":
            duplicate = await self._duplicate_of(props, None, viewer)
            if duplicate:
                return _duplicate_error(duplicate)

        async def work(tx):
            """The records linked to, found in one statement (do they exist, may the viewer see them), then
            the record, its links and their audit entries in one more, whatever the number of links."""
            if idempotency is not None:
                prior = await self.receipts.prior(tx, idempotency, viewer)
                if prior is not None:
                    raise _Replay(prior)
            labels = tuple(dict.fromkeys(link.other[0] for link in links))
            keys = {f"keys{i}": sorted({link.other[1] for link in links if link.other[0] == other_label})
                    for i, other_label in enumerate(labels)}
            rows = await fetch_all(tx, node_q.get_linked(labels), **keys, **viewer.params()) if labels else []
            found = {(r["label"], r["node"]["key"]): r["node"] for r in rows}
            stored = {k: v for k, v in props.items() if v is not None}  # what `SET n = $props` keeps
            entries = [audit.entry(viewer, "CREATE", label, key, after=stored)]
            groups: dict[tuple[str, str, bool], list[dict]] = {}
            for link in links:
                if link.other not in found:
                    raise _Abort(WriteResult.error(link.field, f"no {link.other[0].lower()} with this id", "NOT_FOUND"))
                source, target = ((label, key), link.other) if link.outgoing else (link.other, (label, key))
                other = (link.other[0], found[link.other])
                mine = (label, stored)
                permissions.check_link(viewer, *((mine, other) if link.outgoing else (other, mine)))
                rel_props = {"assertedBy": viewer.name, "assertedAt": stamp, "role": link.role, "source": props.get("source")}
                groups.setdefault((link.rel, link.other[0], link.outgoing), []).append(
                    {"key": link.other[1], "props": {k: v for k, v in rel_props.items() if v is not None}})
                entries.append(audit.entry(viewer, "LINK", source[0], source[1],
                                           detail={"type": link.rel, "to": f"{target[0]}:{target[1]}", "role": link.role}))
            made = {f"links{i}": group for i, group in enumerate(groups.values())}
            receipt = {} if idempotency is None else {
                "receipt": self.receipts.receipt(idempotency, viewer, stamp, label=label, recordKey=key)}
            row = await fetch_one(tx, node_q.create_linked(label, tuple(groups), bool(receipt)), props=props,
                                  entries=entries, **made, **receipt)
            if row is None or row["made"] != [len(group) for group in groups.values()]:
                raise RuntimeError(f"a new {label.lower()}'s links were not all made")  # found above: cannot happen
            return row

        side = asyncio.ensure_future(alongside(key, props)) if alongside is not None else None
        if side is not None:  # its error, if nothing awaits it, must not be reported as never retrieved
            side.add_done_callback(lambda task: task.cancelled() or task.exception())
        written = False
        try:
            row = await self.graph.write(work)
            written = True
        except _Abort as abort:
            return abort.result
        except _Replay as replay:
            return await self._replay_create(replay.receipt, idempotency, viewer)
        except ConstraintError:
            if idempotency is not None:  # lost a race on the same key? then answer with the winner's record
                replay = await self._check_key(idempotency, viewer, self._replay_create)
                if replay is not None:
                    return replay
            if label == "Actor":
                duplicate = await self._duplicate_of(props, None, viewer)
                if duplicate:
                    return _duplicate_error(duplicate)
            natural = NODE_TYPES[label].key_field or "id"
            return WriteResult.error(natural, f"a {label.lower()} with this {natural} already exists", "DUPLICATE")
        finally:
            if side is not None and not written:
                side.cancel()
        return WriteResult(record=Record(label, row["node"]), alongside=await side if side is not None else None)

    async def replay_of_create(self, idempotency: Idempotency, viewer: Viewer) -> WriteResult | None:
        """For creates made elsewhere (a member's new place): the outcome of a key already used, a user error for a
        malformed key, or None to go on."""
        return await self._check_key(idempotency, viewer, self._replay_create)

    async def replay_receipt(self, receipt: dict, idempotency: Idempotency, viewer: Viewer) -> WriteResult:
        """The record a receipt found inside a create's transaction names, as it is now."""
        return await self._replay_create(receipt, idempotency, viewer)

    async def _check_key(self, idempotency: Idempotency, viewer: Viewer, replay) -> WriteResult | None:
        """A user error for a malformed key, the replayed outcome of a key already used, or None to go on."""
        problem = idempotency.problem()
        if problem is not None:
            return WriteResult(user_errors=[problem])
        receipt = await self.receipts.find(self.graph, idempotency, viewer)
        return None if receipt is None else await replay(receipt, idempotency, viewer)

    async def _replay_create(self, receipt: dict, idempotency: Idempotency, viewer: Viewer) -> WriteResult:
        """The record the first call created, as it is now."""
        mismatch = Receipts.mismatch(receipt, idempotency)
        if mismatch is not None:
            return WriteResult(user_errors=[mismatch])
        label = receipt["label"]
        rows = await self.graph.read(lambda tx: fetch_collected(tx, node_q.get_by_keys(label), keys=[receipt["recordKey"]],
                                                          **viewer.params()))
        if not rows:
            return WriteResult.error(IDEMPOTENCY_FIELD, f"the {label.lower()} created with this clientMutationId has "
                                                        "been deleted since", "NOT_FOUND")
        return WriteResult(record=Record(label, rows[0]["node"]), replayed=True)

    async def _duplicate_of(self, props: dict[str, Any], own_key: str | None, viewer: Viewer) -> dict | None:
        return await self.graph.read(lambda tx: fetch_one(
            tx, node_q.find_by_identity(), identityKey=props["identityKey"], acronymKey=props["acronymKey"], key=own_key,
            **viewer.params()))

    async def update(self, label: str, key: str, version: int, changes: dict[str, Any], viewer: Viewer) -> WriteResult:
        natural = NODE_TYPES[label].key_field
        token = uuid.uuid4().hex

        permissions.require_writer(viewer)

        async def work(tx):
            row = await fetch_one(tx, node_q.lock(label), key=key, token=token, **viewer.params())
            if row is None:
                raise _Abort(WriteResult.error("id", f"no {label.lower()} with this id", "NOT_FOUND"))
            stored = row["node"]
            permissions.check_edit(viewer, label, stored)
            if int(stored.get("version") or 1) != version:
                raise _Abort(WriteResult.error(
                    "version", f"the record changed since version {version}: it is now at version "
                               f"{stored.get('version')}; reload it and apply your change again", "CONFLICT"))
            if natural and natural in changes and changes[natural] != stored.get(natural):
                raise _Abort(WriteResult.error(natural, f"{natural} is the record's permanent key and cannot change", "IMMUTABLE"))
            merged = _clean(stored) | changes
            try:
                props = validate(label, merged)
            except ValidationFailed as error:
                raise _Abort(_validation_result(error)) from None
            new = {k: props.get(k) for k in changes}
            new |= {"updatedAt": now(), "updatedBy": viewer.name}
            new |= derived(label, _clean(stored) | props)
            if label == "Actor":
                new |= identity_keys(props, key, bool(stored.get("distinctConfirmed")))
                duplicate = await fetch_one(tx, node_q.find_by_identity(), identityKey=new["identityKey"],
                                            acronymKey=new["acronymKey"], key=key, **viewer.params())
                if duplicate:
                    raise _Abort(_duplicate_error(duplicate))
            entry = audit.entry(viewer, "UPDATE", label, key, before=stored, after=_as_updated(stored, new))
            updated = await fetch_one(tx, node_q.update(label, audited=True), key=key, changes=new, entries=[entry])
            return WriteResult(record=Record(label, updated["node"]))

        try:
            return await self.graph.write(work)
        except _Abort as abort:
            return abort.result
        except ConstraintError:
            return WriteResult.error("name", "another actor already has this name or acronym in this country", "DUPLICATE")

    async def delete(self, label: str, key: str, version: int | None, viewer: Viewer, *, cascade: bool = False) -> WriteResult:
        token = uuid.uuid4().hex

        permissions.require_writer(viewer)

        async def work(tx):
            row = await fetch_one(tx, node_q.lock(label), key=key, token=token, **viewer.params())
            if row is None:
                raise _Abort(WriteResult.error("id", f"no {label.lower()} with this id", "NOT_FOUND"))
            permissions.check_delete(viewer, label, row["node"])
            if version is not None and int(row["node"].get("version") or 1) != version:
                raise _Abort(WriteResult.error("version", f"the record changed since version {version}", "CONFLICT"))
            deps = await fetch_one(tx, node_q.dependents(label), key=key)
            if deps["parts"] or deps["narrower"]:
                raise _Abort(WriteResult.error(
                    "id", f"{deps['parts'] + deps['narrower']} records are placed below this one; move or delete them first",
                    "HAS_DEPENDENTS"))
            scope = await self._tombstones(tx, [(label, key)])
            removed: list[tuple[str, str]] = []
            if label == "Actor":
                if deps["implements"] and not cascade:
                    raise _Abort(WriteResult.error(
                        "cascade", f"this actor still implements {deps['implements']} initiatives; unlink them, or set "
                                   "cascade to delete the actor with its contacts and the initiatives only it implements",
                        "HAS_DEPENDENTS"))
                await fetch_all(tx, trust_q.DELETE_ABOUT, key=key)
                targets = await fetch_one(tx, node_q.ACTOR_CASCADE_TARGETS, key=key)
                scope |= await self._tombstones(tx, [("Initiative", k) for k in targets["initiatives"]] +
                                                [("Contact", k) for k in targets["contacts"]])
                await fetch_all(tx, node_q.DELETE_INITIATIVES, keys=targets["initiatives"])
                await fetch_all(tx, node_q.DELETE_CONTACTS, keys=targets["contacts"])
                removed += [("Initiative", k) for k in targets["initiatives"]] + [("Contact", k) for k in targets["contacts"]]
            await fetch_one(tx, node_q.delete(label), key=key)
            await audit.record_all(tx, [audit.entry(
                viewer, "DELETE", label, key, before=row["node"], scope=scope[(label, key)],
                detail={"cascade": [f"{lbl}:{k}" for lbl, k in removed]} if removed else None)] + [
                audit.entry(viewer, "DELETE", lbl, k, scope=scope[(lbl, k)], detail={"cascadeOf": f"{label}:{key}"})
                for lbl, k in removed])
            return WriteResult(deleted_keys=[(label, key)] + removed)

        try:
            return await self.graph.write(work)
        except _Abort as abort:
            return abort.result

    @staticmethod
    async def _tombstones(tx, records: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        """What each record's DELETE entry keeps so the change feed can show it as a tombstone to those who
        could see the record, under the same filters: read before the record goes."""
        found = {}
        for label in dict.fromkeys(lbl for lbl, _ in records):
            keys = [k for lbl, k in records if lbl == label]
            for row in await fetch_all(tx, feed_q.deletion_scope(label), keys=keys):
                scope = {k: v for k, v in row.items() if k != "key"}
                own = {"Actor": "actorKeys", "Location": "placeKeys", "Theme": "themeKeys"}.get(label)
                if own:
                    scope[own] = [row["key"], *scope[own]]
                found[(label, row["key"])] = scope
        return found

    # -- relationships -------------------------------------------------------------------------------------

    async def link(self, rel_name: str, source: tuple[str, str], target: tuple[str, str], viewer: Viewer, *,
                   role: str | None = None, source_note: str | None = None,
                   idempotency: Idempotency | None = None) -> WriteResult:
        """idempotency: a retry with the same key gets the relationship back and writes nothing (not even a
        newer role or assertion time)."""
        rel = RELATIONSHIP_TYPES[rel_name]
        (from_label, from_key), (to_label, to_key) = source, target
        if not rel.allows(from_label, to_label):
            allowed = ", ".join(f"{a} to {b}" for a, b in sorted(rel.ends))
            return WriteResult.error("type", f"{rel_name} joins {allowed}, not {from_label} to {to_label}", "WRONG_TYPE")
        if role is not None and rel_name != "IMPLEMENTS":
            return WriteResult.error("role", "a role is given only for IMPLEMENTS", "INVALID")
        if rel_name == "IMPLEMENTS":
            role = role or ImplementerRole.PARTNER.value
        if source == target:
            return WriteResult.error("toId", "a record cannot be linked to itself", "CYCLE" if rel.hierarchical else "INVALID")
        permissions.require_writer(viewer)
        if idempotency is not None and (problem := idempotency.problem()) is not None:
            return WriteResult(user_errors=[problem])
        params = {"from": from_key, "to": to_key, "token": uuid.uuid4().hex} | viewer.params()

        async def work(tx):
            if idempotency is not None:
                prior = await self.receipts.prior(tx, idempotency, viewer)
                if prior is not None:
                    raise _Replay(prior)
            ends = await self._lock_ends(tx, viewer, from_label, to_label, params, rel)
            if rel.hierarchical:
                cycle = await fetch_one(tx, link_q.would_cycle(from_label, rel_name), **params)
                if cycle["cycle"]:
                    raise _Abort(WriteResult.error("toId", f"this {rel_name} link would make a cycle", "CYCLE"))
            # the link, the ends unlocked, the audit entry and the receipt: one statement
            new = ends["rel"] is None
            if new:
                props = {"assertedBy": viewer.name, "assertedAt": now(), "source": source_note, "role": role}
                change = {"props": {k: v for k, v in props.items() if v is not None}}
            else:
                change = {"changes": {"role": role} if role else {}}
            entries = [audit.entry(viewer, "LINK", from_label, from_key,
                                   detail={"type": rel_name, "to": f"{to_label}:{to_key}", "role": role})]
            receipt = {} if idempotency is None else {"receipt": self.receipts.receipt(
                idempotency, viewer, now(), rel=rel_name, fromLabel=from_label, fromKey=from_key, toLabel=to_label,
                toKey=to_key)}
            statement = link_q.write_link(from_label, rel_name, to_label, rel.symmetric, new=new, receipt=bool(receipt))
            row = await fetch_one(tx, statement, entries=entries, **change, **receipt, **params)
            return WriteResult(relationship=row["rel"])

        try:
            return await self.graph.write(work)
        except _Abort as abort:
            return abort.result
        except _Replay as replay:
            return await self._replay_link(replay.receipt, idempotency, viewer)
        except ConstraintError:
            replay = None if idempotency is None else await self._check_key(idempotency, viewer, self._replay_link)
            if replay is None:
                raise
            return replay

    async def _replay_link(self, receipt: dict, idempotency: Idempotency, viewer: Viewer) -> WriteResult:
        """The relationship the first call made, as it is now."""
        mismatch = Receipts.mismatch(receipt, idempotency)
        if mismatch is not None:
            return WriteResult(user_errors=[mismatch])
        rel = RELATIONSHIP_TYPES[receipt["rel"]]
        statement = link_q.existing(receipt["fromLabel"], rel.name, receipt["toLabel"], rel.symmetric)
        row = await self.graph.read(lambda tx: fetch_one(tx, statement, **{"from": receipt["fromKey"], "to": receipt["toKey"]}))
        if row is None:
            return WriteResult.error(IDEMPOTENCY_FIELD, "the relationship made with this clientMutationId has been "
                                                        "removed since", "NOT_FOUND")
        return WriteResult(relationship=row["rel"], replayed=True)

    @staticmethod
    async def _lock_ends(tx, viewer: Viewer, from_label: str, to_label: str, params: dict,
                         rel: RelationshipType | None = None) -> dict:
        """Both ends locked, visible to the viewer, and the viewer allowed to relate them; or an abort. With
        rel, also the relationship of that type already between them (`rel`: None when there is none)."""
        statement = link_q.lock_pair(from_label, to_label) if rel is None else \
            link_q.lock_pair(from_label, to_label, rel.name, rel.symmetric)
        ends = await fetch_one(tx, statement, **params)
        for end, props in (("fromId", ends["source"]), ("toId", ends["target"])):
            if props is None:
                raise _Abort(WriteResult.error(end, "no record with this id", "NOT_FOUND"))
        permissions.check_link(viewer, (from_label, ends["source"]), (to_label, ends["target"]))
        return ends

    async def unlink(self, rel_name: str, source: tuple[str, str], target: tuple[str, str], viewer: Viewer) -> WriteResult:
        rel = RELATIONSHIP_TYPES[rel_name]
        (from_label, from_key), (to_label, to_key) = source, target
        if not rel.allows(from_label, to_label):
            return WriteResult.error("type", f"{rel_name} does not join {from_label} to {to_label}", "WRONG_TYPE")
        permissions.require_writer(viewer)
        params = {"from": from_key, "to": to_key, "token": uuid.uuid4().hex} | viewer.params()

        async def work(tx):
            await self._lock_ends(tx, viewer, from_label, to_label, params)
            row = await fetch_one(tx, link_q.unlink(from_label, rel_name, to_label, rel.symmetric), **params)
            if not row["removed"]:
                raise _Abort(WriteResult.error("toId", f"there is no {rel_name} relationship between these records", "NOT_FOUND"))
            await fetch_all(tx, link_q.unlock_pair(from_label, to_label), **params)
            await audit.record(tx, viewer, "UNLINK", from_label, from_key, detail={"type": rel_name, "to": f"{to_label}:{to_key}"})
            return WriteResult(relationship={})

        try:
            return await self.graph.write(work)
        except _Abort as abort:
            return abort.result


OWNER_LINKS = {"Contact": "LIAISON_FOR"}
"""Records whose owner is also their natural relation: a contact registered for an organisation is its
liaison point (Contact)-[:LIAISON_FOR]->(Actor), linked in the same transaction as the contact."""


def _owner_link(label: str, owner_key: str, links) -> list[NewLink]:
    rel, owner = OWNER_LINKS[label], ("Actor", owner_key)
    if any(link.rel == rel and link.other == owner for link in links):
        return []
    return [NewLink("ownerId", rel, owner, True)]


def _duplicate_error(existing: dict) -> WriteResult:
    """Names the existing organisation only to a viewer who may see it."""
    from hub.ids import to_global_id

    known = (f" as \"{existing['name']}\" (id {to_global_id('Actor', existing['key'])})"
             if existing.get("shown") else "")
    return WriteResult.error(
        "name",
        f"this organisation looks already registered{known}; set confirmDistinct if it is a different organisation",
        "DUPLICATE",
    )
