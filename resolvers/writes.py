"""Mutations: input objects in, registry calls out, user errors back for anything the client can fix."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import strawberry

from hub.errors import BadInput
from hub.ids import from_global_id
from hub.services.registry import WriteResult
from resolvers.context import HubContext

# Input fields that steer the mutation rather than describe the record.
_CONTROL_FIELDS = {"id", "version", "confirm_distinct", "cascade", "client_mutation_id"}


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
        if value is not strawberry.UNSET and name not in _CONTROL_FIELDS
    }


def _camel_keys(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, value in values.items():
        head, *rest = name.split("_")
        out[head + "".join(p.title() for p in rest)] = value
    return out


def _id_or_error(global_id: str, label: str | tuple[str, ...] | None, field: str) -> tuple[tuple[str, str] | None, WriteResult | None]:
    try:
        return from_global_id(global_id, label, field), None
    except BadInput as error:
        return None, WriteResult.error(field, error.message.removeprefix(f"{field}: "), "INVALID_ID")


async def create(ctx: HubContext, label: str, data: Any, *, confirm_distinct: bool = False) -> WriteResult:
    values = {name: value for name, value in record_values(data).items() if value is not None}
    return await ctx.registry.create(label, values, ctx.viewer, confirm_distinct=confirm_distinct)


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
        return await ctx.registry.unlink(rel, source, target)
    role = None if data.role in (None, strawberry.UNSET) else data.role.value
    note = None if data.source in (None, strawberry.UNSET) else data.source
    if note is not None and len(note) > 300:
        return WriteResult.error("source", "at most 300 characters", "TOO_LONG")
    return await ctx.registry.link(rel, source, target, ctx.viewer, role=role, source_note=note)
