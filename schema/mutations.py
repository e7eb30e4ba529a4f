"""Mutations: create, update and delete for every record type, and link / unlink for every relationship.

Each takes one `input` and returns a payload with the result and `userErrors` for anything the client
can fix. The per-type fields are generated from one table so every type behaves the same way.
"""

import asyncio

import strawberry
from strawberry.types import Info

from hub.ids import to_global_id
from resolvers import analysis, reads, writes
from schema.analysis import DuplicateCandidate, duplicate_candidate
from schema.selection import fields_of
from schema import inputs
from schema.enums import ImplementerRole, RelationshipType
from schema.types import Actor, Contact, Initiative, Location, Mandate, Need, Node, Theme, to_type


@strawberry.type(description="A problem with the input that the client can fix.")
class UserError:
    field: str = strawberry.field(description="Path of the input field at fault, e.g. endDate, or input.")
    message: str
    code: str = strawberry.field(
        description="REQUIRED, INVALID, TOO_LONG, UNKNOWN_FIELD, INVALID_ID, NOT_FOUND, CONFLICT, DUPLICATE, "
        "IMMUTABLE, HAS_DEPENDENTS, WRONG_TYPE, CYCLE or IDEMPOTENCY_KEY_REUSED.")


def _user_errors(result) -> list[UserError]:
    return [UserError(field=e.field, message=e.message, code=e.code) for e in result.user_errors]


@strawberry.type(description="The result of a deletion.")
class DeletePayload:
    deleted_ids: list[strawberry.ID] = strawberry.field(
        description="Every record removed: the one asked for, and with cascade its contacts and orphaned initiatives.")
    user_errors: list[UserError]


@strawberry.type(description="A relationship between two records, with who asserted it and when.")
class Relationship:
    type: RelationshipType
    from_node: Node | None = strawberry.field(name="from")
    to_node: Node | None = strawberry.field(name="to")
    role: ImplementerRole | None
    asserted_by: str | None
    asserted_at: str | None
    source: str | None


@strawberry.type(description="The result of linking or unlinking.")
class LinkPayload:
    relationship: Relationship | None = strawberry.field(description="The relationship as stored; null after unlink.")
    user_errors: list[UserError]


_TYPES = {
    "Actor": (Actor, inputs.CreateActorInput, inputs.UpdateActorInput),
    "Mandate": (Mandate, inputs.CreateMandateInput, inputs.UpdateMandateInput),
    "Initiative": (Initiative, inputs.CreateInitiativeInput, inputs.UpdateInitiativeInput),
    "Location": (Location, inputs.CreateLocationInput, inputs.UpdateLocationInput),
    "Theme": (Theme, inputs.CreateThemeInput, inputs.UpdateThemeInput),
    "Need": (Need, inputs.CreateNeedInput, inputs.UpdateNeedInput),
    "Contact": (Contact, inputs.CreateContactInput, inputs.UpdateContactInput),
}


def _payload_type(label: str, cls) -> type:
    field = label[0].lower() + label[1:]
    namespace = {
        "__annotations__": {field: cls | None, "user_errors": list[UserError]},
        field: strawberry.field(description=f"The {label.lower()} as stored; null if there were user errors."),
    }
    return strawberry.type(type(f"{label}Payload", (), namespace), description=f"The result of a {label.lower()} mutation.")


PAYLOADS = {label: _payload_type(label, cls) for label, (cls, _, _) in _TYPES.items() if label != "Initiative"}


@strawberry.type(description="The result of an initiative mutation.")
class InitiativePayload:
    initiative: Initiative | None = strawberry.field(description="The initiative as stored; null if there were user errors.")
    user_errors: list[UserError]
    possible_duplicates: list[DuplicateCandidate] = strawberry.field(
        description="On creation: registered initiatives it may duplicate (scoring at least the report threshold, "
                    "0.4), best first, with reasons. Checked only when this field is selected.")


PAYLOADS["Initiative"] = InitiativePayload


async def _to_payload(info: Info, label: str, result, *, check_duplicates: bool = False):
    field = label[0].lower() + label[1:]
    values = {field: to_type(result.record), "user_errors": _user_errors(result)}
    if label == "Initiative":
        check = check_duplicates and result.record is not None and _selects(info, "possibleDuplicates")
        found = await analysis.duplicates_of_new(info.context, result.record.key) if check else []
        values["possible_duplicates"] = [duplicate_candidate(f) for f in found]
    return PAYLOADS[label](**values)


def _selects(info: Info, name: str) -> bool:
    """Whether the payload's selection asks for this field (fragments included)."""
    return any(f.name == name for f in fields_of(s for field in info.selected_fields for s in field.selections))


def _create(label: str, input_type):
    async def resolve(info: Info, input):  # noqa: A002 - the convention's name
        confirm = bool(getattr(input, "confirm_distinct", False))
        result = await writes.create(info.context, label, input, confirm_distinct=confirm)
        return await _to_payload(info, label, result, check_duplicates=True)

    resolve.__annotations__ = {"info": Info, "input": input_type, "return": PAYLOADS[label]}
    return strawberry.mutation(resolver=resolve, description=f"Register a new {label.lower()}.")


def _update(label: str, input_type):
    async def resolve(info: Info, input):  # noqa: A002
        return await _to_payload(info, label, await writes.update(info.context, label, input))

    resolve.__annotations__ = {"info": Info, "input": input_type, "return": PAYLOADS[label]}
    return strawberry.mutation(resolver=resolve, description=f"Change fields of a {label.lower()}; needs its current version.")


def _delete(label: str):
    async def resolve(info: Info, input: inputs.DeleteInput) -> DeletePayload:  # noqa: A002
        result = await writes.delete(info.context, label, input)
        return DeletePayload(deleted_ids=[strawberry.ID(to_global_id(lbl, key)) for lbl, key in result.deleted_keys],
                             user_errors=_user_errors(result))

    return strawberry.mutation(resolver=resolve, description=f"Delete a {label.lower()} and its relationships.")


async def _relationship(info: Info, data, stored: dict | None) -> Relationship | None:
    if stored is None:
        return None
    ends = [to_type(r) for r in await asyncio.gather(reads.node(info.context, data.from_id),
                                                      reads.node(info.context, data.to_id))]
    role = stored.get("role")
    return Relationship(type=data.type, from_node=ends[0], to_node=ends[1],
                        role=ImplementerRole(role) if role else None, asserted_by=stored.get("assertedBy"),
                        asserted_at=stored.get("assertedAt"), source=stored.get("source"))


async def _link(info: Info, input: inputs.LinkInput) -> LinkPayload:  # noqa: A002
    result = await writes.link(info.context, input)
    return LinkPayload(relationship=await _relationship(info, input, result.relationship),
                       user_errors=_user_errors(result))


async def _unlink(info: Info, input: inputs.UnlinkInput) -> LinkPayload:  # noqa: A002
    result = await writes.link(info.context, input, remove=True)
    return LinkPayload(relationship=None, user_errors=_user_errors(result))


_fields = {}
for _label, (_cls, _create_input, _update_input) in _TYPES.items():
    _fields[f"create_{_label.lower()}"] = _create(_label, _create_input)
    _fields[f"update_{_label.lower()}"] = _update(_label, _update_input)
    _fields[f"delete_{_label.lower()}"] = _delete(_label)
_fields["link"] = strawberry.mutation(
    resolver=_link, description="Create a relationship (idempotent: linking twice keeps one, with the newer role).")
_fields["unlink"] = strawberry.mutation(resolver=_unlink, description="Remove a relationship.")

Mutation = strawberry.type(type("Mutation", (), _fields), description="Change the registry.")
