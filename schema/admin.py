"""Administration: API tokens and the audit trail. Admins only: anonymous callers get UNAUTHENTICATED, others FORBIDDEN."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from hub.access import Role
from hub.auth import tokens
from hub.ids import from_global_id, to_global_id
from hub.services import audit
from hub.services.reads import DEFAULT_PAGE, MAX_PAGE
from resolvers.analysis import _keys
from resolvers.reads import decode_cursor, page_size
from schema.connections import Connection, page_connection


@strawberry.enum(description="What a token may do: ADMIN everything; MEMBER act for its actors; ANALYST read.")
class TokenRole(Enum):
    ADMIN = strawberry.enum_value("ADMIN", description="Sees and changes everything: registers actors, places and "
                                  "themes, issues tokens, reads the audit trail, verifies actors.")
    MEMBER = strawberry.enum_value("MEMBER", description="Acts for its actors (actorIds): creates their initiatives, "
                                   "needs, contacts and mandates, edits and deletes what they own, and sees what is "
                                   "shared with them.")
    ANALYST = strawberry.enum_value("ANALYST", description="Reads everything shared with signed-in users (NETWORK and "
                                    "PUBLIC records); changes nothing.")


@strawberry.type(description="An API token as stored: never its secret.")
class ApiToken:
    id: strawberry.ID = strawberry.field(
        description="The token's ID (not a global ID): pass it to revokeApiToken.")
    name: str = strawberry.field(description="Who or what uses it, as given when issued.")
    role: TokenRole = strawberry.field(description="What it may do.")
    actor_ids: list[strawberry.ID] = strawberry.field(description="The actors a member token acts for.")
    created_at: str = strawberry.field(description="When it was issued: ISO 8601 date and time in UTC.")
    created_by: str | None = strawberry.field(description="Who issued it (token or user name).")
    revoked_at: str | None = strawberry.field(
        description="When it was revoked: ISO 8601 date and time in UTC; null while it works.")


def _token(record: dict) -> ApiToken:
    return ApiToken(id=strawberry.ID(record["key"]), name=record["name"], role=TokenRole(record["role"]),
                    actor_ids=[strawberry.ID(to_global_id("Actor", k)) for k in record.get("actorKeys") or []],
                    created_at=record["createdAt"], created_by=record.get("createdBy"), revoked_at=record.get("revokedAt"))


@strawberry.input(description="A new API token.")
class CreateApiTokenInput:
    name: str = strawberry.field(description="Who or what uses it, e.g. 'FTI data officer'.")
    role: TokenRole = strawberry.field(description="What it may do; a MEMBER token needs actorIds.")
    actor_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="For MEMBER: the actors it acts for.")


@strawberry.type(description="A new token: `token` is shown this once and cannot be recovered.")
class CreateApiTokenPayload:
    token: str = strawberry.field(
        description="The secret to send as Authorization: Bearer <token>. Shown this once: only a hash is stored.")
    api_token: ApiToken = strawberry.field(description="The token as stored.")


@strawberry.type(description="One change: who made it, when, and the record before and after.")
class AuditEntry:
    at: str = strawberry.field(description="When: ISO 8601 date and time in UTC.")
    by: str = strawberry.field(description="Who (token or user name).")
    role: str = strawberry.field(description="The role they acted in: ADMIN, MEMBER or ANALYST.")
    action: str = strawberry.field(description="CREATE, UPDATE, DELETE, LINK, UNLINK, VERIFY, OBSERVE or TRUST.")
    record_id: strawberry.ID = strawberry.field(description="The record changed (it may since have been deleted).")
    before: JSON | None = strawberry.field(
        description="The record's stored properties before the change; null for CREATE and for entries that do not change"
                    " the record's properties.")
    after: JSON | None = strawberry.field(
        description="Its stored properties after the change; null for DELETE and for entries that do not change the "
                    "record's properties.")
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
    async def audit_trail(
            self, info: Info,
            record_id: Annotated[strawberry.ID | None, strawberry.argument(
                description="Only the changes to this record (a global ID; it may since have been deleted).")] = None,
            by: Annotated[str | None, strawberry.argument(
                description="Only the changes made by this token or user name.")] = None,
            first: Annotated[int | None, strawberry.argument(
                description=f"Page size: default {DEFAULT_PAGE}, at most {MAX_PAGE}.")] = None,
            after: Annotated[str | None, strawberry.argument(
                description="Continue after this cursor (a previous page's pageInfo.endCursor).")] = None,
    ) -> Connection[AuditEntry]:
        limit = page_size(first)
        record_key = from_global_id(record_id, None, "recordId")[1] if record_id else None
        page = await audit.trail(info.context.reader.graph, info.context.viewer, record_key=record_key, by=by,
                                 offset=decode_cursor(after), limit=limit)
        return page_connection(page.entries, page.total, page.offset, _entry)


@strawberry.type
class AdminMutation:
    @strawberry.mutation(description="Issue an API token (admins only). The secret is in the payload, once.")
    async def create_api_token(self, info: Info, input: Annotated[CreateApiTokenInput, strawberry.argument(  # noqa: A002
            description="Its name, role and, for a member, actors.")]) -> CreateApiTokenPayload:
        actor_keys = sorted(_keys(input.actor_ids, "Actor", "actorIds"))
        issued = await tokens.issue(info.context.reader.graph, info.context.viewer, name=input.name,
                                    role=Role(input.role.value), actor_keys=actor_keys)
        return CreateApiTokenPayload(token=issued.token, api_token=_token(issued.record))

    @strawberry.mutation(description="Revoke an API token (admins only); it stops working at once.")
    async def revoke_api_token(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(  # noqa: A002
            description="The token's id, as listed by apiTokens.")]) -> ApiToken | None:
        record = await tokens.revoke(info.context.reader.graph, info.context.viewer, str(id))
        return _token(record) if record else None
