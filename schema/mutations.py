"""Mutations: create, update and delete for every record type, and link / unlink for every relationship.

Each takes one `input` and returns a payload with the result and `userErrors` for anything the client
can fix. The per-type fields are generated from one table so every type behaves the same way.
"""

from typing import Annotated

import strawberry
from strawberry.types import Info

from hub.ids import to_global_id
from hub.services import permissions
from resolvers import analysis, reads, writes
from schema.analysis import DuplicateCandidate, duplicate_candidate
from schema.selection import fields_of
from schema import inputs
from schema.enums import ImplementerRole, RelationshipType
from schema.types import Actor, Contact, Initiative, Location, Mandate, Need, Node, Theme, to_type


@strawberry.type(description="A problem with the input that the client can fix.")
class UserError:
    field: str = strawberry.field(description="Path of the input field at fault, e.g. endDate, or input.")
    message: str = strawberry.field(
        description="What is wrong, in English, for the person filling the form, e.g. must not be before startDate.")
    code: str = strawberry.field(
        description="REQUIRED, INVALID, TOO_LONG, UNKNOWN_FIELD, INVALID_ID, NOT_FOUND, CONFLICT, DUPLICATE, "
        "IMMUTABLE, HAS_DEPENDENTS, WRONG_TYPE, CYCLE or IDEMPOTENCY_KEY_REUSED.")


USER_ERRORS_DOC = "Problems with the input that the client can fix; empty when the mutation succeeded."


def _user_errors(result) -> list[UserError]:
    return [UserError(field=e.field, message=e.message, code=e.code) for e in result.user_errors]


@strawberry.type(description="The result of a deletion.")
class DeletePayload:
    deleted_ids: list[strawberry.ID] = strawberry.field(
        description="Every record removed: the one asked for, and with cascade its contacts and orphaned initiatives.")
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS_DOC)


@strawberry.type(description="A relationship between two records, with who asserted it and when.")
class Relationship:
    type: RelationshipType = strawberry.field(description="The kind of relationship.")
    from_id: strawberry.Private[str]
    to_id: strawberry.Private[str]

    # the ends are read only when selected: a client that links records knows them already
    @strawberry.field(name="from", description="The record it starts from (the actor of IMPLEMENTS); null if the "
                                               "caller may not see it.")
    async def from_node(self, info: Info) -> Node | None:
        return to_type(await reads.node(info.context, self.from_id))

    @strawberry.field(name="to", description="The record it points to (the initiative of IMPLEMENTS); null if the "
                                             "caller may not see it.")
    async def to_node(self, info: Info) -> Node | None:
        return to_type(await reads.node(info.context, self.to_id))

    role: ImplementerRole | None = strawberry.field(
        description="For IMPLEMENTS: the actor's part, LEAD or PARTNER; null for other types.")
    asserted_by: str | None = strawberry.field(description="Who made it (token or user name).")
    asserted_at: str | None = strawberry.field(
        description="When it was made or last changed: ISO 8601 date and time in UTC.")
    source: str | None = strawberry.field(
        description="Where the information comes from, as given when linking; null when none was given.")


@strawberry.type(description="The result of linking or unlinking.")
class LinkPayload:
    relationship: Relationship | None = strawberry.field(description="The relationship as stored; null after unlink.")
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS_DOC)


_TYPES = {
    "Actor": (Actor, inputs.CreateActorInput, inputs.UpdateActorInput),
    "Mandate": (Mandate, inputs.CreateMandateInput, inputs.UpdateMandateInput),
    "Initiative": (Initiative, inputs.CreateInitiativeInput, inputs.UpdateInitiativeInput),
    "Location": (Location, inputs.CreateLocationInput, inputs.UpdateLocationInput),
    "Theme": (Theme, inputs.CreateThemeInput, inputs.UpdateThemeInput),
    "Need": (Need, inputs.CreateNeedInput, inputs.UpdateNeedInput),
    "Contact": (Contact, inputs.CreateContactInput, inputs.UpdateContactInput),
}


def _a(label: str) -> str:
    return ("an " if label[0] in "AEIOU" else "a ") + label.lower()


def _payload_type(label: str, cls) -> type:
    field = label[0].lower() + label[1:]
    namespace = {
        "__annotations__": {field: cls | None, "user_errors": list[UserError]},
        field: strawberry.field(description=f"The {label.lower()} as stored; null if there were user errors."),
        "user_errors": strawberry.field(description=USER_ERRORS_DOC),
    }
    return strawberry.type(type(f"{label}Payload", (), namespace), description=f"The result of {_a(label)} mutation.")


PAYLOADS = {label: _payload_type(label, cls) for label, (cls, _, _) in _TYPES.items() if label != "Initiative"}


@strawberry.type(description="The result of an initiative mutation.")
class InitiativePayload:
    initiative: Initiative | None = strawberry.field(description="The initiative as stored; null if there were user errors.")
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS_DOC)
    possible_duplicates: list[DuplicateCandidate] = strawberry.field(
        description="On creation: up to 5 registered initiatives it may duplicate (score 0.4 or more, the report "
        "threshold), best first, with reasons; empty on update. Checked only when this field is selected.")


PAYLOADS["Initiative"] = InitiativePayload


async def _to_payload(info: Info, label: str, result, *, check_duplicates: bool = False):
    field = label[0].lower() + label[1:]
    values = {field: to_type(result.record), "user_errors": _user_errors(result)}
    if label == "Initiative":
        check = check_duplicates and result.record is not None and _selects(info, "possibleDuplicates")
        found = [] if not check else result.alongside if result.alongside is not None else (
            await analysis.duplicates_of_new(info.context, result.record.key))  # a replayed create
        values["possible_duplicates"] = [duplicate_candidate(f) for f in found]
    return PAYLOADS[label](**values)


def _selects(info: Info, name: str) -> bool:
    """Whether the payload's selection asks for this field (fragments included)."""
    return any(f.name == name for f in fields_of(s for field in info.selected_fields for s in field.selections))


_MEMBERS = "Members, for an organisation they act for (ownerId), and admins."
_WHO_CREATES = {label: _MEMBERS if label in permissions.MEMBER_CREATES else "Admins only." for label in _TYPES}
_WHO_EDITS = {label: "Admins only." if label in ("Location", "Theme") else
              "Members of the organisation that owns it (an actor owns itself), and admins." for label in _TYPES}
_WHO_DELETES = {"Actor": "Admins only."}


def _input(input_type, description: str):
    """The `input` argument of a mutation, described."""
    return Annotated[input_type, strawberry.argument(description=description)]


def _create(label: str, input_type):
    async def resolve(info: Info, input):  # noqa: A002 - the convention's name
        confirm = bool(getattr(input, "confirm_distinct", False))
        result = await writes.create(info.context, label, input, confirm_distinct=confirm,
                                     check_duplicates=_selects(info, "possibleDuplicates"))
        return await _to_payload(info, label, result, check_duplicates=True)

    resolve.__annotations__ = {"info": Info, "input": _input(input_type, f"The new {label.lower()}."),
                               "return": PAYLOADS[label]}
    return strawberry.mutation(resolver=resolve, description=f"Register a new {label.lower()}. {_WHO_CREATES[label]}")


def _update(label: str, input_type):
    async def resolve(info: Info, input):  # noqa: A002
        return await _to_payload(info, label, await writes.update(info.context, label, input))

    resolve.__annotations__ = {"info": Info, "input": _input(input_type, f"The {label.lower()}, its version and the "
                                                             "fields to change."),
                               "return": PAYLOADS[label]}
    return strawberry.mutation(resolver=resolve, description=f"Change fields of {_a(label)}; needs its current version. "
                               f"{_WHO_EDITS[label]}")


def _delete(label: str):
    async def resolve(info: Info, input: _input(inputs.DeleteInput, f"The {label.lower()} to delete.")  # noqa: A002
                      ) -> DeletePayload:
        result = await writes.delete(info.context, label, input)
        return DeletePayload(deleted_ids=[strawberry.ID(to_global_id(lbl, key)) for lbl, key in result.deleted_keys],
                             user_errors=_user_errors(result))

    return strawberry.mutation(resolver=resolve, description=f"Delete {_a(label)} and its relationships. "
                               f"{_WHO_DELETES.get(label, _WHO_EDITS[label])}")


def _relationship(data, stored: dict | None) -> Relationship | None:
    if stored is None:
        return None
    role = stored.get("role")
    return Relationship(type=data.type, from_id=data.from_id, to_id=data.to_id,
                        role=ImplementerRole(role) if role else None, asserted_by=stored.get("assertedBy"),
                        asserted_at=stored.get("assertedAt"), source=stored.get("source"))


async def _link(info: Info, input: _input(inputs.LinkInput, "The relationship to make.")) -> LinkPayload:  # noqa: A002
    result = await writes.link(info.context, input)
    return LinkPayload(relationship=_relationship(input, result.relationship),
                       user_errors=_user_errors(result))


async def _unlink(info: Info, input: _input(inputs.UnlinkInput, "The relationship to remove.")) -> LinkPayload:  # noqa: A002
    result = await writes.link(info.context, input, remove=True)
    return LinkPayload(relationship=None, user_errors=_user_errors(result))


_fields = {}
for _label, (_cls, _create_input, _update_input) in _TYPES.items():
    _fields[f"create_{_label.lower()}"] = _create(_label, _create_input)
    _fields[f"update_{_label.lower()}"] = _update(_label, _update_input)
    _fields[f"delete_{_label.lower()}"] = _delete(_label)
_fields["link"] = strawberry.mutation(
    resolver=_link, description="Create a relationship (idempotent: linking twice keeps one, with the newer role). "
    "Admins, or members who own its start or end; an initiative, need, contact or mandate at either end must be theirs.")
_fields["unlink"] = strawberry.mutation(
    resolver=_unlink, description="Remove a relationship. Who may: as for link.")

Mutation = strawberry.type(type("Mutation", (), _fields), description="Change the registry.")
