"""Relay connections: pages of records with cursors, page info and the total count."""

from __future__ import annotations

from typing import Generic, TypeVar

import strawberry

from hub.services.reads import Page
from resolvers.reads import encode_cursor

T = TypeVar("T")


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="A record in a list, with the cursor to continue after it.")
class Edge(Generic[T]):
    node: T
    cursor: str


@strawberry.type(description="A page of a list. Pass `endCursor` as `after` for the next page.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
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
