"""Administration: API tokens and the audit trail. Admins only; others get FORBIDDEN."""

from __future__ import annotations

import json
from enum import Enum

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from hub.access import Role
from hub.auth import tokens
from hub.ids import from_global_id, to_global_id
from hub.services import audit
from resolvers.analysis import _keys
from resolvers.reads import decode_cursor, page_size
from schema.connections import Connection, page_connection


@strawberry.enum(description="What a token may do: ADMIN everything; MEMBER act for its actors; ANALYST read.")
class TokenRole(Enum):
    ADMIN = "ADMIN"
    MEMBER = "MEMBER"
    ANALYST = "ANALYST"


@strawberry.type(description="An API token as stored: never its secret.")
class ApiToken:
    id: strawberry.ID
    name: str
    role: TokenRole
    actor_ids: list[strawberry.ID] = strawberry.field(description="The actors a member token acts for.")
    created_at: str
    created_by: str | None
    revoked_at: str | None


def _token(record: dict) -> ApiToken:
    return ApiToken(id=strawberry.ID(record["key"]), name=record["name"], role=TokenRole(record["role"]),
                    actor_ids=[strawberry.ID(to_global_id("Actor", k)) for k in record.get("actorKeys") or []],
                    created_at=record["createdAt"], created_by=record.get("createdBy"), revoked_at=record.get("revokedAt"))


@strawberry.input(description="A new API token.")
class CreateApiTokenInput:
    name: str = strawberry.field(description="Who or what uses it, e.g. 'FTI data officer'.")
    role: TokenRole
    actor_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="For MEMBER: the actors it acts for.")


@strawberry.type(description="A new token: `token` is shown this once and cannot be recovered.")
class CreateApiTokenPayload:
    token: str
    api_token: ApiToken


@strawberry.type(description="One change: who made it, when, and the record before and after.")
class AuditEntry:
    at: str
    by: str
    role: str
    action: str = strawberry.field(description="CREATE, UPDATE, DELETE, LINK or UNLINK.")
    record_id: strawberry.ID = strawberry.field(description="The record changed (it may since have been deleted).")
    before: JSON | None
    after: JSON | None
    detail: JSON | None = strawberry.field(description="For links: the relationship; for cascades: what went with it.")


def _entry(row: dict) -> AuditEntry:
    def load(value):
        return json.loads(value) if value else None

    return AuditEntry(at=row["at"], by=row["by"], role=row.get("role", ""), action=row["action"],
                      record_id=strawberry.ID(to_global_id(row["label"], row["recordKey"])),
                      before=load(row.get("before")), after=load(row.get("after")), detail=load(row.get("detail")))


@strawberry.type
class AdminQuery:
    @strawberry.field(description="API tokens (admins only).")
    async def api_tokens(self, info: Info) -> list[ApiToken]:
        return [_token(t) for t in await tokens.listing(info.context.reader.graph, info.context.viewer)]

    @strawberry.field(description="The audit trail, newest first (admins only): of one record, or by one person.")
    async def audit_trail(self, info: Info, record_id: strawberry.ID | None = None, by: str | None = None,
                          first: int | None = None, after: str | None = None) -> Connection[AuditEntry]:
        limit = page_size(first)
        record_key = from_global_id(record_id, None, "recordId")[1] if record_id else None
        page = await audit.trail(info.context.reader.graph, info.context.viewer, record_key=record_key, by=by,
                                 offset=decode_cursor(after), limit=limit)
        return page_connection(page.entries, page.total, page.offset, _entry)


@strawberry.type
class AdminMutation:
    @strawberry.mutation(description="Issue an API token (admins only). The secret is in the payload, once.")
    async def create_api_token(self, info: Info, input: CreateApiTokenInput) -> CreateApiTokenPayload:  # noqa: A002
        actor_keys = sorted(_keys(input.actor_ids, "Actor", "actorIds"))
        issued = await tokens.issue(info.context.reader.graph, info.context.viewer, name=input.name,
                                    role=Role(input.role.value), actor_keys=actor_keys)
        return CreateApiTokenPayload(token=issued.token, api_token=_token(issued.record))

    @strawberry.mutation(description="Revoke an API token (admins only); it stops working at once.")
    async def revoke_api_token(self, info: Info, id: strawberry.ID) -> ApiToken | None:  # noqa: A002
        record = await tokens.revoke(info.context.reader.graph, info.context.viewer, str(id))
        return _token(record) if record else None
