"""Due diligence in the API: verification, freshness and observations of actors."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from hub.services.records import Record
from resolvers import trust
from schema.types import Actor, to_type


@strawberry.enum(description="Whether an actor's profile has been checked, and whether that check still holds.")
class VerificationStatus(Enum):
    VERIFIED = strawberry.enum_value("VERIFIED", description="Verified by an admin or a trusted network it belongs "
                                     "to, and the verification has not expired.")
    EXPIRED = strawberry.enum_value("EXPIRED", description="Verified once, but longer ago than "
                                    "HUB_VERIFICATION_VALID_DAYS (365 by default): to be checked again.")
    UNVERIFIED = strawberry.enum_value("UNVERIFIED", description="Never verified: nobody has vouched for its profile.")


@strawberry.type(description="The latest verification of an actor: who checked it, when, on what evidence, until when.")
class Verification:
    status: VerificationStatus = strawberry.field(description="VERIFIED, EXPIRED or UNVERIFIED (never verified).")
    verified_by: str | None = strawberry.field(
        description="Who verified it (token or user name); null when UNVERIFIED.")
    verified_at: str | None = strawberry.field(
        description="When: ISO 8601 date and time in UTC, e.g. 2026-03-01T09:30:00.000+00:00; null when UNVERIFIED.")
    evidence: str | None = strawberry.field(
        description="On what evidence, as the verifier wrote it (1 to 2,000 characters); null when UNVERIFIED.")
    expires_at: str | None = strawberry.field(
        description="When it stops holding (HUB_VERIFICATION_VALID_DAYS, 365 by default, after verifiedAt): ISO 8601 date"
                    " and time in UTC, e.g. 2026-03-01T09:30:00.000+00:00; null when UNVERIFIED.")


def _verification(state) -> Verification:
    r = state.record or {}
    return Verification(status=VerificationStatus(state.status), verified_by=r.get("by"), verified_at=r.get("at"),
                        evidence=r.get("evidence"), expires_at=r.get("expiresAt"))


@strawberry.enum(description="What an observation about an actor is.")
class ObservationKind(Enum):
    NOTE = strawberry.enum_value("NOTE", description="Information worth knowing about the actor.")
    RISK_FLAG = strawberry.enum_value("RISK_FLAG", description="A concern about the actor or about working "
                                      "with it.")
    RISK_CLEARED = strawberry.enum_value("RISK_CLEARED", description="An earlier concern resolved. The flag itself "
                                         "stays in the history.")


@strawberry.type(description="An observation about an actor. Never edited or removed: the history stays.")
class Observation:
    kind: ObservationKind = strawberry.field(description="A note, a risk flag, or the clearing of one.")
    text: str = strawberry.field(description="What was observed, 1 to 5,000 characters.")
    by: str = strawberry.field(description="Who recorded it (token or user name).")
    at: str = strawberry.field(
        description="When it was recorded: ISO 8601 date and time in UTC, e.g. 2026-03-01T09:30:00.000+00:00.")


def _observation(row: dict) -> Observation:
    return Observation(kind=ObservationKind(row["kind"]), text=row["text"], by=row["by"], at=row["at"])


@strawberry.type(description="How current and how checked an actor's profile is, so users can judge what they read.")
class Freshness:
    updated_at: str | None = strawberry.field(
        description="When the actor's record was changed last (its creation until then): ISO 8601 date and time in UTC, "
                    "e.g. 2026-03-01T09:30:00.000+00:00.")
    days_since_update: int | None = strawberry.field(description="Whole days since updatedAt, counted when asked.")
    verification: Verification = strawberry.field(description="Its latest verification, as in Actor.verification.")


async def actor_verification(root: Actor, info: Info) -> Verification:
    return _verification(await trust.verification_state(info.context, root.key))


async def actor_observations(root: Actor, info: Info) -> list[Observation]:
    return [_observation(o) for o in await trust.observations(info.context, root.key)]


async def actor_freshness(root: Actor, info: Info) -> Freshness:
    updated = root.props.get("updatedAt")
    days = None
    if isinstance(updated, str):
        days = (dt.datetime.now(dt.timezone.utc) - dt.datetime.fromisoformat(updated)).days
    return Freshness(updated_at=updated if isinstance(updated, str) else None, days_since_update=days,
                     verification=await actor_verification(root, info))


@strawberry.input(description="A verification of an actor's profile.")
class VerifyActorInput:
    actor_id: strawberry.ID = strawberry.field(description="Global ID of the actor to verify.")
    evidence: str = strawberry.field(description="What was checked, e.g. 'registration certificate 2024/117, site visit'.")


@strawberry.type(description="The actor with its new verification.")
class VerifyActorPayload:
    actor: Actor | None = strawberry.field(description="The actor verified; null if there is none the caller may see.")
    verification: Verification | None = strawberry.field(
        description="The new verification; null if the actor was not found.")


@strawberry.input(description="An observation about an actor.")
class AddObservationInput:
    actor_id: strawberry.ID = strawberry.field(description="Global ID of the actor it is about.")
    kind: ObservationKind = strawberry.field(description="A note, a risk flag, or the clearing of one.")
    text: str = strawberry.field(
        description="What was observed, 1 to 5,000 characters. Seen by every signed-in caller who may see the actor.")


@strawberry.type
class TrustMutation:
    @strawberry.mutation(description="Verify an actor (admins, or a trusted network the actor belongs to).")
    async def verify_actor(self, info: Info, input: Annotated[VerifyActorInput, strawberry.argument(  # noqa: A002
            description="The actor and the evidence.")]) -> VerifyActorPayload:
        key, record = await trust.verify(info.context, input.actor_id, input.evidence)
        if record is None:
            return VerifyActorPayload(actor=None, verification=None)
        actor = to_type(await info.context.record_loader("Actor").load(key))
        state = await trust.verification_state(info.context, key)
        return VerifyActorPayload(actor=actor, verification=_verification(state))

    @strawberry.mutation(description="Record an observation or risk flag about an actor (admins and trusted networks).")
    async def add_observation(self, info: Info, input: Annotated[AddObservationInput, strawberry.argument(  # noqa: A002
            description="The actor, the kind and the text.")]) -> Observation | None:
        row = await trust.observe(info.context, input.actor_id, input.kind.value, input.text)
        return _observation(row) if row else None

    @strawberry.mutation(description="Let a network actor verify its members, or stop it (admins only).")
    async def set_trusted_verifier(
            self, info: Info,
            actor_id: Annotated[strawberry.ID, strawberry.argument(description="Global ID of the network actor.")],
            trusted: Annotated[bool, strawberry.argument(
                description="true: it may verify its members and record observations about them; false: no longer.")],
    ) -> Actor | None:
        row = await trust.set_trusted(info.context, actor_id, trusted)
        return Actor.from_record(Record("Actor", row)) if row else None
