"""Relay connections: pages of records with cursors, page info and the total count."""

from __future__ import annotations

from typing import Generic, TypeVar

import strawberry

from hub.services.reads import Page
from resolvers.reads import encode_cursor

T = TypeVar("T")


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more records follow this page.")
    has_previous_page: bool = strawberry.field(
        description="Whether records come before this page (the page was asked for with after).")
    start_cursor: str | None = strawberry.field(description="Cursor of the page's first record; null on an empty page.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the page's last record, to pass as after for the next page; null on an empty page.")


@strawberry.type(description="A record in a list, with the cursor to continue after it.")
class Edge(Generic[T]):
    node: T = strawberry.field(description="The record.")
    cursor: str = strawberry.field(
        description="Opaque position of this record in the list: pass it as after to continue after it. Valid for the "
                    "same filter and order only.")


@strawberry.type(description="A page of a list. Pass `endCursor` as `after` for the next page.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(
        description="The records of this page with their cursors, in the order asked.")
    page_info: PageInfo = strawberry.field(
        description="Where this page sits in the whole list, and the cursors to page on.")
    total_count: int = strawberry.field(description="How many records match, over all pages.")

    @strawberry.field(description="The records of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def connection(page: Page, to_type) -> Connection:
    return page_connection(page.records, page.total, page.offset, to_type, has_next=page.has_next)


def page_connection(items: list, total: int | None, offset: int, to_type, has_next: bool | None = None) -> Connection:
    """A page of any items starting at `offset` of `total`, with offset cursors. total is None only when
    the selection does not ask for it; has_next then says whether more follow."""
    edges = [Edge(node=to_type(item), cursor=encode_cursor(offset + i)) for i, item in enumerate(items)]
    if has_next is None:
        has_next = offset + len(edges) < total
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=has_next, has_previous_page=offset > 0,
                           start_cursor=edges[0].cursor if edges else None,
                           end_cursor=edges[-1].cursor if edges else None),
        total_count=total,
    )
