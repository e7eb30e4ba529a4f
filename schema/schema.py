"""The schema object: queries, mutations and the extensions every operation runs with."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import strawberry
from strawberry.tools import merge_types
from strawberry.types import Info

from hub.errors import BadInput
from hub.ids import from_global_id
from hub.observability import tracing
from resolvers import reads
from schema import inputs
from schema.admin import AdminMutation, AdminQuery
from schema.changes import ChangeQuery, Subscription
from schema.analysis import AnalysisQuery
from schema.network import NetworkQuery
from schema.imports import ImportMutation
from schema.gazetteer import GazetteerMutation
from schema.connections import Connection, connection
from schema.documents import DocumentCache
from schema.errors import CodedErrors
from schema.execution import PlainFieldExecutor
from schema.limits import ApiLimits
from schema.merges import MergeMutation, MergeQuery
from schema.observe import Observed
from schema.mutations import Mutation
from schema.trust import TrustMutation
from schema.selection import ConnectionSelection
from schema.types import (TYPES_BY_LABEL, Actor, Contact, Initiative, Location, Mandate, Need, Node, Theme, keep_nested,
                          nested_reads, read_along, to_type)

SDL_PATH = Path(__file__).with_name("schema.graphql")
FIRST_DOC = f"Page size: default {reads.DEFAULT_PAGE}, at most {reads.MAX_PAGE}."
First = Annotated[int | None, strawberry.argument(description=FIRST_DOC)]
After = Annotated[str | None, strawberry.argument(
    description="Return the records after this cursor (a previous page's pageInfo.endCursor); by default from the "
    "start. Use it with the same filter and orderBy.")]
Order = Annotated[inputs.OrderBy | None, strawberry.argument(description="Sort order; by default by name (or title), A first.")]


def _filter(filter_type, what: str):
    return Annotated[filter_type | None, strawberry.argument(description=f"Which {what} to list; all the caller may "
                                                                         "see by default.")]


async def _list(info: Info, label: str, filter_input, first, after, order_by, as_of=None) -> Connection:
    """Counts only when totalCount is selected, reads only the properties the selected fields need, and reads the
    records' selected relations along with them (schema.types.nested_reads)."""
    order = order_by or inputs.OrderBy()
    filters = reads.listing_filters(vars(filter_input)) if filter_input else {}
    filters |= reads.as_of_filters(as_of)
    selection = ConnectionSelection(info)
    cls = TYPES_BY_LABEL[label]
    nested = nested_reads(cls, selection.records)
    page = await reads.page(info.context, label, filters, first=first, after=after, order_field=order.field.value,
                            descending=order.direction == inputs.OrderDirection.DESC, count=selection.total_count,
                            fields=cls.stored_props(selection.node_fields), nested=read_along(nested))
    keep_nested(info, label, nested, page.nested)
    return connection(page, to_type)


async def _node(info: Info, global_id: str):
    """A record by ID. With relations selected, it reads them along in its own statement, as a list's page does
    (schema.types.nested_reads); without, it joins the other records asked for at that level (a data loader)."""
    label, key = from_global_id(global_id)
    nested = nested_reads(TYPES_BY_LABEL[label], info.selected_fields) if label in TYPES_BY_LABEL else []
    if not nested:
        return await reads.node(info.context, global_id)
    record, found = await reads.record_with_neighbours(info.context, label, key, read_along(nested))
    keep_nested(info, label, nested, found)
    return record


@strawberry.type(description="Read the registry: records by ID, and filtered, ordered, paged lists.")
class RegistryQuery:
    @strawberry.field(description="Any record by its global ID; null if there is none the caller may see.")
    async def node(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(  # noqa: A002
            description="A global ID, as in any record's id.")]) -> Node | None:
        return to_type(await _node(info, id))

    @strawberry.field(description="Several records by global ID, in the order asked; null where none is visible.")
    async def nodes(self, info: Info, ids: Annotated[list[strawberry.ID], strawberry.argument(
            description=f"Global IDs, at most {reads.MAX_PAGE}.")]) -> list[Node | None]:
        if len(ids) > reads.MAX_PAGE:
            raise BadInput(f"ids: at most {reads.MAX_PAGE} at once")
        found = await asyncio.gather(*(reads.node(info.context, i) for i in ids))
        return [to_type(record) for record in found]

    @strawberry.field(description="Organisations and units.")
    async def actors(self, info: Info, filter: _filter(inputs.ActorFilter, "actors") = None,
                     first: First = None,
                     after: After = None, order_by: Order = None, as_of: inputs.AsOf = None) -> Connection[Actor]:
        return await _list(info, "Actor", filter, first, after, order_by, as_of)

    @strawberry.field(description="Projects, programmes, working groups, mini-grants, dialogue platforms.")
    async def initiatives(self, info: Info, filter: _filter(inputs.InitiativeFilter, "initiatives") = None,
                          first: First = None,
                          after: After = None, order_by: Order = None, as_of: inputs.AsOf = None) -> Connection[Initiative]:
        return await _list(info, "Initiative", filter, first, after, order_by, as_of)

    @strawberry.field(description="Formal authorities to act.")
    async def mandates(self, info: Info, filter: _filter(inputs.MandateFilter, "mandates") = None,
                       first: First = None,
                       after: After = None, order_by: Order = None, as_of: inputs.AsOf = None) -> Connection[Mandate]:
        return await _list(info, "Mandate", filter, first, after, order_by, as_of)

    @strawberry.field(description="Places of the gazetteer.")
    async def locations(self, info: Info, filter: _filter(inputs.LocationFilter, "places") = None,
                        first: First = None,
                        after: After = None, order_by: Order = None, as_of: inputs.AsOf = None) -> Connection[Location]:
        return await _list(info, "Location", filter, first, after, order_by, as_of)

    @strawberry.field(description="Themes of the taxonomy.")
    async def themes(self, info: Info, filter: _filter(inputs.ThemeFilter, "themes") = None,
                     first: First = None,
                     after: After = None, order_by: Order = None, as_of: inputs.AsOf = None) -> Connection[Theme]:
        return await _list(info, "Theme", filter, first, after, order_by, as_of)

    @strawberry.field(description="Locally identified needs and early-warning concerns.")
    async def needs(self, info: Info, filter: _filter(inputs.NeedFilter, "needs") = None,
                    first: First = None,
                    after: After = None, order_by: Order = None, as_of: inputs.AsOf = None) -> Connection[Need]:
        return await _list(info, "Need", filter, first, after, order_by, as_of)

    @strawberry.field(description="Liaison contacts the caller may see.")
    async def contacts(self, info: Info, filter: _filter(inputs.ContactFilter, "contacts") = None,
                       first: First = None,
                       after: After = None, order_by: Order = None, as_of: inputs.AsOf = None) -> Connection[Contact]:
        return await _list(info, "Contact", filter, first, after, order_by, as_of)


class HubSchema(strawberry.Schema):
    """Errors are logged by CodedErrors (unexpected ones only); user mistakes are not server errors."""

    def process_errors(self, errors, execution_context=None) -> None:
        return None

    def get_extensions(self, sync: bool = False):
        """With tracing on (hub.observability.tracing), the operation and its resolvers are spans too."""
        extensions = super().get_extensions(sync)
        if tracing.provider() is not None:
            from schema.tracing import TracedOperation

            extensions.insert(0, TracedOperation(tracer_provider=tracing.provider()))
        return extensions


Query = merge_types("Query", (RegistryQuery, AnalysisQuery, NetworkQuery, AdminQuery, ChangeQuery, MergeQuery))
Query.__strawberry_definition__.description = (
    "Read the registry (records by ID, filtered and paged lists) and ask the coordination questions.")

AllMutations = merge_types("Mutation", (Mutation, AdminMutation, TrustMutation, ImportMutation, GazetteerMutation,
                                                   MergeMutation))
AllMutations.__strawberry_definition__.description = (
    "Change the registry; verify actors and record observations; manage tokens, import files and review "
    "organisation merges (admins).")

schema = HubSchema(
    query=Query,
    mutation=AllMutations,
    subscription=Subscription,
    types=[Actor, Mandate, Initiative, Location, Theme, Need, Contact],
    # Observed first: it finishes last, once the errors have their codes. ApiLimits after CodedErrors: its
    # errors are coded first. DocumentCache last: it validates with the rules ApiLimits adds.
    extensions=[Observed, CodedErrors, ApiLimits, DocumentCache],
    execution_context_class=PlainFieldExecutor,
)


def export_sdl() -> str:
    return schema.as_str() + "\n"
