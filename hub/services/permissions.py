"""Who may change what. Reads are governed by visibility in hub/graph/access.py; this is the write side.

- Anonymous callers change nothing and reach no admin field (UNAUTHENTICATED: signing in may help);
  analysts change nothing (FORBIDDEN), nor do members reach admin fields.
- Admins change everything.
- Members act for one or more actors. They create initiatives, needs, contacts and mandates owned by one
  of those actors, edit and delete records owned by them (an actor owns itself), and make or remove a
  relationship when they own its start and, where the end is itself an owned record (an initiative,
  need, contact or mandate), its end too. Actors, places and themes are registered by admins.
"""

from __future__ import annotations

from hub.access import Role, Viewer
from hub.errors import Forbidden, Unauthenticated

MEMBER_CREATES = {"Initiative", "Need", "Contact", "Mandate"}
OWNED_ENDS = {"Initiative", "Need", "Contact", "Mandate"}


def require_writer(viewer: Viewer) -> None:
    if viewer.role is Role.PUBLIC:
        raise Unauthenticated("sign in to change the registry")
    if viewer.role is Role.ANALYST:
        raise Forbidden("analysts cannot change the registry")


def require_admin(viewer: Viewer, message: str) -> None:
    """Admins only: an anonymous caller is told to sign in, a signed-in one that it may not."""
    if not viewer.signed_in:
        raise Unauthenticated(f"sign in as an admin: {message}")
    if not viewer.admin:
        raise Forbidden(message)


def owner_for_new(viewer: Viewer, label: str, owner_key: str | None) -> str | None:
    """The actor a new record belongs to; raises if the viewer may not create it on that actor's behalf."""
    require_writer(viewer)
    if viewer.admin:
        return owner_key
    if label not in MEMBER_CREATES:
        raise Forbidden(f"only admins register a new {label.lower()}")
    if owner_key is None:
        if len(viewer.actor_keys) != 1:
            raise Forbidden("ownerId: say which of your organisations this record belongs to")
        return viewer.actor_keys[0]
    if not viewer.acts_for(owner_key):
        raise Forbidden("ownerId: you do not act for this organisation")
    return owner_key


def check_edit(viewer: Viewer, label: str, props: dict) -> None:
    require_writer(viewer)
    if viewer.admin:
        return
    if not _owns(viewer, label, props):
        raise Forbidden(f"this {label.lower()} belongs to another organisation")


def check_delete(viewer: Viewer, label: str, props: dict) -> None:
    if label == "Actor" and not viewer.admin:
        require_writer(viewer)
        raise Forbidden("only admins delete an actor")
    check_edit(viewer, label, props)


def _owns(viewer: Viewer, label: str, props: dict) -> bool:
    return viewer.acts_for(props.get("key") if label == "Actor" else props.get("ownerKey"))


def check_link(viewer: Viewer, source: tuple[str, dict], target: tuple[str, dict]) -> None:
    require_writer(viewer)
    if viewer.admin:
        return
    ends = (source, target)
    if not any(_owns(viewer, label, props) for label, props in ends):
        raise Forbidden("you own neither end of this relationship")
    for label, props in ends:
        if label in OWNED_ENDS and not _owns(viewer, label, props):
            raise Forbidden(f"the {label.lower()} belongs to another organisation")
