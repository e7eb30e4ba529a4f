"""Due diligence in the API: verification, freshness and observations of actors."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry.types import Info

from hub.services.records import Record
from resolvers import trust
from schema.types import Actor, to_type


@strawberry.enum(description="Whether an actor's profile has been checked, and whether that check still holds.")
class VerificationStatus(Enum):
    VERIFIED = "VERIFIED"
    EXPIRED = "EXPIRED"
    UNVERIFIED = "UNVERIFIED"


@strawberry.type(description="The latest verification of an actor: who checked it, when, on what evidence, until when.")
class Verification:
    status: VerificationStatus
    verified_by: str | None
    verified_at: str | None
    evidence: str | None
    expires_at: str | None


def _verification(state) -> Verification:
    r = state.record or {}
    return Verification(status=VerificationStatus(state.status), verified_by=r.get("by"), verified_at=r.get("at"),
                        evidence=r.get("evidence"), expires_at=r.get("expiresAt"))


@strawberry.enum(description="NOTE: information; RISK_FLAG: a concern; RISK_CLEARED: a concern resolved.")
class ObservationKind(Enum):
    NOTE = "NOTE"
    RISK_FLAG = "RISK_FLAG"
    RISK_CLEARED = "RISK_CLEARED"


@strawberry.type(description="An observation about an actor. Never edited or removed: the history stays.")
class Observation:
    kind: ObservationKind
    text: str
    by: str
    at: str


def _observation(row: dict) -> Observation:
    return Observation(kind=ObservationKind(row["kind"]), text=row["text"], by=row["by"], at=row["at"])


@strawberry.type(description="How current and how checked an actor's profile is, so users can judge what they read.")
class Freshness:
    updated_at: str | None
    days_since_update: int | None
    verification: Verification


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
    actor_id: strawberry.ID
    evidence: str = strawberry.field(description="What was checked, e.g. 'registration certificate 2024/117, site visit'.")


@strawberry.type(description="The actor with its new verification.")
class VerifyActorPayload:
    actor: Actor | None
    verification: Verification | None


@strawberry.input(description="An observation about an actor.")
class AddObservationInput:
    actor_id: strawberry.ID
    kind: ObservationKind
    text: str


@strawberry.type
class TrustMutation:
    @strawberry.mutation(description="Verify an actor (admins, or a trusted network the actor belongs to).")
    async def verify_actor(self, info: Info, input: VerifyActorInput) -> VerifyActorPayload:  # noqa: A002
        key, record = await trust.verify(info.context, input.actor_id, input.evidence)
        if record is None:
            return VerifyActorPayload(actor=None, verification=None)
        actor = to_type(await info.context.record_loader("Actor").load(key))
        state = await trust.verification_state(info.context, key)
        return VerifyActorPayload(actor=actor, verification=_verification(state))

    @strawberry.mutation(description="Record an observation or risk flag about an actor (admins and trusted networks).")
    async def add_observation(self, info: Info, input: AddObservationInput) -> Observation | None:  # noqa: A002
        row = await trust.observe(info.context, input.actor_id, input.kind.value, input.text)
        return _observation(row) if row else None

    @strawberry.mutation(description="Let a network actor verify its members, or stop it (admins only).")
    async def set_trusted_verifier(self, info: Info, actor_id: strawberry.ID, trusted: bool) -> Actor | None:
        row = await trust.set_trusted(info.context, actor_id, trusted)
        return Actor.from_record(Record("Actor", row)) if row else None
