"""The gazetteer members extend: adding a settlement under its district, after a check for the same place."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers import gazetteer
from schema.inputs import CLIENT_MUTATION_ID_DOC
from schema.mutations import UserError
from schema.types import Location, to_type


@strawberry.input(description="A settlement missing from the gazetteer (a village, a hamlet, a town).")
class AddSettlementInput:
    parent_id: strawberry.ID = strawberry.field(
        description="Global ID of the district (ADMIN2) or municipality (ADMIN3) it lies in; its country is the parent's.")
    name: str = strawberry.field(description="Its usual name, 1 to 300 characters.")
    alternate_names: list[str] | None = strawberry.field(
        default=None, description="Its names in other languages and scripts (at most 50, each 1 to 300 characters); "
                                  "they are compared too when looking for the same place.")
    latitude: float = strawberry.field(description="WGS 84 latitude in decimal degrees, -90 to 90.")
    longitude: float = strawberry.field(description="WGS 84 longitude in decimal degrees, -180 to 180.")
    source: str | None = strawberry.field(
        default=None, description="Where the place is known from (a field visit, a local map); at most 300 characters. "
                                  "Default: added by a member of the hub.")
    confirm_new: bool = strawberry.field(
        default=False, description="True: add it even though places of a similar name lie nearby (similarPlaces of a "
                                   "first attempt), because it is a different place.")
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.type(description="A place already in the gazetteer that may be the one being added.")
class SimilarPlace:
    label: str = strawberry.field(description="The place's label with its parents, e.g. \"Vorukh - settlement, "
                                              "Isfara, Sughd, TJ\".")
    distance_km: float | None = strawberry.field(
        description="Kilometres from the point given, to 0.1 km; null when the place has no coordinates (it lies in the same "
                    "province).")
    reason: str = strawberry.field(description="Why it was found, in a sentence: how alike the names are and how far.")
    key: strawberry.Private[str]

    @strawberry.field(description="The place itself.")
    async def location(self, info: Info) -> Location | None:
        record = await info.context.record_loader("Location").load(self.key)
        return to_type(record) if record else None


@strawberry.type(description="The result of addSettlement.")
class AddSettlementPayload:
    location: Location | None = strawberry.field(description="The place as stored; null if there were user errors.")
    similar_places: list[SimilarPlace] = strawberry.field(
        description="Places of a similar name nearby, closest first: with the user error SIMILAR_PLACE when the place "
                    "was not added; beside the new place when confirmNew added it anyway.")
    user_errors: list[UserError] = strawberry.field(
        description="Problems the client can fix: REQUIRED, INVALID, NOT_FOUND, INVALID_ID, TOO_LONG, "
                    "IDEMPOTENCY_KEY_REUSED, or SIMILAR_PLACE on name (see similarPlaces).")


@strawberry.type
class GazetteerMutation:
    @strawberry.mutation(description="Add a settlement missing from the gazetteer under its district, with its "
                                     "coordinates, marked as added by the caller (addedBy, provenance). Refused with "
                                     "SIMILAR_PLACE when a place of a similar name (any script) lies within 15 km or in "
                                     "the same province without coordinates, unless confirmNew is true. One "
                                     "transaction with its audit entries; members and admins.")
    async def add_settlement(self, info: Info, input: Annotated[AddSettlementInput, strawberry.argument(  # noqa: A002
            description="The settlement and the district it lies in.")]) -> AddSettlementPayload:
        result = await gazetteer.add_settlement(info.context, input)
        similar = [SimilarPlace(label=s.label, distance_km=s.distance_km, reason=s.reason, key=s.key)
                   for s in result.similar]
        errors = [UserError(field=e.field, message=e.message, code=e.code) for e in result.write.user_errors]
        return AddSettlementPayload(location=to_type(result.write.record), similar_places=similar, user_errors=errors)
