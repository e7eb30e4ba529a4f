"""Typed results of the helpers, built from the canonical operations' selections."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Implementer:
    """An actor implementing an initiative, in a given role (LEAD, PARTNER, ...)."""
    actor_id: str
    role: str = "PARTNER"


@dataclass(frozen=True)
class ActorRef:
    id: str
    name: str
    acronym: str | None = None
    kind: str | None = None

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> "ActorRef | None":
        return None if data is None else cls(data["id"], data["name"], data.get("acronym"), data.get("kind"))


@dataclass(frozen=True)
class InitiativeRef:
    id: str
    title: str

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> "InitiativeRef | None":
        return None if data is None else cls(data["id"], data["title"])


@dataclass(frozen=True)
class Work:
    role: str
    initiative: InitiativeRef | None


@dataclass(frozen=True)
class Contact:
    name: str
    role: str | None
    email: str | None


@dataclass(frozen=True)
class ActorActivity:
    """One actor working in a place: its roles there, its work and the contacts the caller may see."""
    actor: ActorRef | None
    roles: list[str]
    work: list[Work]
    contacts: list[Contact]

    @classmethod
    def of(cls, data: dict[str, Any]) -> "ActorActivity":
        return cls(ActorRef.of(data["actor"]), list(data["roles"]),
                   [Work(w["role"], InitiativeRef.of(w["initiative"])) for w in data["work"]],
                   [Contact(c["name"], c.get("role"), c.get("email")) for c in data["contacts"]])


@dataclass(frozen=True)
class Reason:
    factor: str
    score: float | None
    detail: str


@dataclass(frozen=True)
class DuplicateCandidate:
    """An initiative that may duplicate another (or a draft), with the score's reasons in words."""
    score: float
    confidence: float
    initiative: InitiativeRef | None
    reasons: list[Reason]

    @classmethod
    def of(cls, data: dict[str, Any]) -> "DuplicateCandidate":
        return cls(data["score"], data["confidence"], InitiativeRef.of(data["initiative"]),
                   [Reason(r["factor"], r["score"], r["detail"]) for r in data["reasons"]])


@dataclass(frozen=True)
class RegisteredInitiative:
    """A stored initiative and the existing ones it may duplicate."""
    id: str
    version: int
    title: str
    client_mutation_id: str
    possible_duplicates: list[DuplicateCandidate] = field(default_factory=list)


@dataclass(frozen=True)
class Relationship:
    type: str
    from_id: str | None
    to_id: str | None
    role: str | None


@dataclass(frozen=True)
class Change:
    """A committed change of a record (from the change feed or a live subscription). A deletion is a
    tombstone: its record is None. `id` resumes a subscription after this change; `relationship` names
    what a LINK or UNLINK made or removed."""
    id: str
    at: str
    action: str
    record_type: str | None
    record_id: str
    relationship: str | None = None
    record: dict[str, Any] | None = None

    @property
    def tombstone(self) -> bool:
        return self.action == "DELETE"

    @classmethod
    def of(cls, data: dict[str, Any]) -> "Change":
        return cls(data["id"], data["at"], data["action"], data.get("recordType"), data["recordId"],
                   data.get("relationship"), data.get("record"))
