"""Who is asking: the caller's identity and role, as the read rules and the write policy need them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Role(str, Enum):
    ADMIN = "ADMIN"  # sees and changes everything, manages tokens and verifications
    MEMBER = "MEMBER"  # acts for one or more actors: creates and edits their records
    ANALYST = "ANALYST"  # reads everything shared with signed-in users; changes nothing
    PUBLIC = "PUBLIC"  # anonymous: public records only


@dataclass(frozen=True)
class Viewer:
    """actor_keys: the organisations a member acts for."""

    name: str = "anonymous"
    role: Role = Role.PUBLIC
    actor_keys: tuple[str, ...] = field(default_factory=tuple)

    @property
    def signed_in(self) -> bool:
        return self.role is not Role.PUBLIC

    @property
    def admin(self) -> bool:
        return self.role is Role.ADMIN

    @classmethod
    def anonymous(cls) -> "Viewer":
        return cls()

    @classmethod
    def system(cls, name: str = "system") -> "Viewer":
        """The hub itself (migrations, demo loader, CLI): sees and may change everything."""
        return cls(name=name, role=Role.ADMIN)

    def acts_for(self, owner_key: str | None) -> bool:
        return owner_key is not None and owner_key in self.actor_keys

    def params(self) -> dict:
        return {"viewerAdmin": self.admin, "viewerSignedIn": self.signed_in, "viewerActorKeys": list(self.actor_keys)}
