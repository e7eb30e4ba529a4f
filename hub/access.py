"""Who is asking: the caller's identity as the graph's read rules need it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Viewer:
    """signed_in: any authenticated caller; actor_keys: the organisations the caller acts for."""

    name: str = "anonymous"
    signed_in: bool = False
    admin: bool = False
    actor_keys: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def anonymous(cls) -> "Viewer":
        return cls()

    @classmethod
    def system(cls, name: str = "system") -> "Viewer":
        """The hub itself (migrations, demo loader, CLI): sees and may change everything."""
        return cls(name=name, signed_in=True, admin=True)

    def params(self) -> dict:
        return {"viewerAdmin": self.admin, "viewerSignedIn": self.signed_in, "viewerActorKeys": list(self.actor_keys)}
