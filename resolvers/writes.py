"""Mutations: input objects in, registry calls out, user errors back for anything the client can fix."""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from typing import Any

import strawberry
from pydantic.alias_generators import to_camel

from hub.errors import BadInput
from hub.ids import from_global_id
from hub.services.idempotency import Idempotency
from hub.services.analysis.duplicates import profile_of_new
from hub.services.registry import NewLink, WriteResult
from resolvers import analysis
from resolvers.context import HubContext

# Input fields that steer the mutation rather than describe the record.
_CONTROL_FIELDS = {"id", "version", "confirm_distinct", "cascade", "client_mutation_id", "owner_id"}
# Relationship fields of each create input: input field -> (relationship, label at the other end, whether
# the new record is its start). The same field name means the natural relationship of each type: a need's
# places are where it was identified (AT), a mandate's its scope (COVERS), an actor's where it is present.
_LINK_FIELDS: dict[str, dict[str, tuple[str, str, bool]]] = {
    "Initiative": {
        "location_ids": ("LOCATED_IN", "Location", True),
        "theme_ids": ("ADDRESSES", "Theme", True),
        "funder_ids": ("FUNDS", "Actor", False),
        "part_of_id": ("PART_OF", "Initiative", True),
    },
    "Need": {
        "location_ids": ("AT", "Location", True),
        "theme_ids": ("ADDRESSES", "Theme", True),
        "reported_by_ids": ("REPORTED", "Actor", False),
    },
    "Mandate": {
        "location_ids": ("COVERS", "Location", True),
        "theme_ids": ("ADDRESSES", "Theme", True),
        "holder_ids": ("HOLDS", "Actor", False),
    },
    "Actor": {
        "location_ids": ("OPERATES_IN", "Location", True),
        "parent_id": ("PART_OF", "Actor", True),
        "member_of_ids": ("MEMBER_OF", "Actor", True),
        "partner_ids": ("PARTNERS_WITH", "Actor", True),
        "funder_ids": ("FUNDS", "Actor", False),
    },
    "Location": {
        "parent_id": ("PART_OF", "Location", True),
        "border_ids": ("BORDERS", "Location", True),
    },
    "Theme": {
        "broader_id": ("BROADER", "Theme", True),
    },
    "Contact": {},
}
_ALL_LINK_FIELDS = {name for fields in _LINK_FIELDS.values() for name in fields} | {"implementers"}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def record_values(data: Any) -> dict[str, Any]:
    """The record fields an input sets; UNSET ones are left out, so an update changes only what it names."""
    return {
        name: _plain(value)
        for name, value in vars(data).items()
        if value is not strawberry.UNSET and name not in _CONTROL_FIELDS and name not in _ALL_LINK_FIELDS
    }


def new_links(label: str, data: Any) -> list[NewLink]:
    """The relationships a create input asks for, each ID checked and named by its input field."""
    links: list[NewLink] = []
    seen: set[tuple[str, str]] = set()
    for name, (rel, other_label, outgoing) in _LINK_FIELDS[label].items():
        value = getattr(data, name, None)
        ids = [] if value in (None, strawberry.UNSET) else (value if isinstance(value, list) else [value])
        field = to_camel(name)
        for n, global_id in enumerate(ids):
            path = f"{field}.{n}" if isinstance(value, list) else field
            other = from_global_id(global_id, other_label, path)
            if (rel, other[1]) not in seen:
                seen.add((rel, other[1]))
                links.append(NewLink(path, rel, other, outgoing))
    for n, implementer in enumerate(getattr(data, "implementers", None) or []):
        path = f"implementers.{n}.actorId"
        other = from_global_id(implementer.actor_id, "Actor", path)
        if ("IMPLEMENTS", other[1]) not in seen:
            seen.add(("IMPLEMENTS", other[1]))
            links.append(NewLink(path, "IMPLEMENTS", other, False, implementer.role.value))
    return links


def idempotency(data: Any, operation: str) -> Idempotency | None:
    """The input's clientMutationId with a fingerprint of everything else it asks for."""
    key = getattr(data, "client_mutation_id", None)
    if key in (None, strawberry.UNSET):
        return None
    request = {name: value for name, value in dataclasses.asdict(data).items() if name != "client_mutation_id"}
    return Idempotency.of(key, operation, request)


def _camel_keys(values: dict[str, Any]) -> dict[str, Any]:
    return {to_camel(name): value for name, value in values.items()}


def _id_or_error(global_id: str, label: str | tuple[str, ...] | None, field: str) -> tuple[tuple[str, str] | None, WriteResult | None]:
    try:
        return from_global_id(global_id, label, field), None
    except BadInput as error:
        return None, WriteResult.error(field, error.message.removeprefix(f"{field}: "), "INVALID_ID")


def _duplicate_check(ctx: HubContext, links: list[NewLink]):
    """A new initiative's duplicate check, to run while it is written (registry.create's `alongside`)."""
    def linked(rel: str) -> list[str]:
        return [link.other[1] for link in links if link.rel == rel]

    async def check(key: str, props: dict[str, Any]) -> list:
        profile = profile_of_new(key, props, places=linked("LOCATED_IN"), themes=linked("ADDRESSES"),
                                 funders=linked("FUNDS"), family=linked("PART_OF"))
        return await analysis.duplicates_of_new(ctx, profile)

    return check


async def create(ctx: HubContext, label: str, data: Any, *, confirm_distinct: bool = False,
                 check_duplicates: bool = False) -> WriteResult:
    """check_duplicates: an initiative's possible duplicates are wanted (WriteResult.alongside)."""
    values = {name: value for name, value in record_values(data).items() if value is not None}
    try:
        links = new_links(label, data)
        owner = getattr(data, "owner_id", None)
        owner_key = from_global_id(owner, "Actor", "ownerId")[1] if owner else None
    except BadInput as error:
        field, _, message = error.message.partition(": ")
        return WriteResult.error(field, message, "INVALID_ID")
    alongside = _duplicate_check(ctx, links) if check_duplicates and label == "Initiative" else None
    return await ctx.registry.create(label, values, ctx.viewer, confirm_distinct=confirm_distinct, links=links,
                                     owner_key=owner_key, idempotency=idempotency(data, f"create{label}"),
                                     alongside=alongside)


async def update(ctx: HubContext, label: str, data: Any) -> WriteResult:
    ref, error = _id_or_error(data.id, label, "id")
    if error:
        return error
    changes = _camel_keys(record_values(data))
    if not changes:
        return WriteResult.error("input", "name at least one field to change", "REQUIRED")
    return await ctx.registry.update(label, ref[1], data.version, changes, ctx.viewer)


async def delete(ctx: HubContext, label: str, data: Any) -> WriteResult:
    ref, error = _id_or_error(data.id, label, "id")
    if error:
        return error
    version = None if data.version is strawberry.UNSET else data.version
    cascade = bool(getattr(data, "cascade", False))
    return await ctx.registry.delete(label, ref[1], version, ctx.viewer, cascade=cascade)


async def link(ctx: HubContext, data: Any, *, remove: bool = False) -> WriteResult:
    source, error = _id_or_error(data.from_id, None, "fromId")
    if error:
        return error
    target, error = _id_or_error(data.to_id, None, "toId")
    if error:
        return error
    rel = data.type.value
    if remove:
        return await ctx.registry.unlink(rel, source, target, ctx.viewer)
    role = None if data.role in (None, strawberry.UNSET) else data.role.value
    note = None if data.source in (None, strawberry.UNSET) else data.source
    if note is not None and len(note) > 300:
        return WriteResult.error("source", "at most 300 characters", "TOO_LONG")
    return await ctx.registry.link(rel, source, target, ctx.viewer, role=role, source_note=note,
                                   idempotency=idempotency(data, "link"))
