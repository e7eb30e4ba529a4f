"""What an export holds: the initiatives a caller may see, with their organisations, places and themes, page by
page so that a large export streams instead of being built in memory.

Everything goes through the reads every list uses (hub.services.reads), so visibility and the sensitive-place
rules are the API's own: an initiative, actor or place the caller may not see is left out; a sensitive
initiative the caller does not own shows its places at province level only, and does not match a place
filter finer than a province.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from hub.access import Viewer
from hub.errors import BadInput
from hub.graph import export as export_q
from hub.graph.connection import Graph, fetch_all
from hub.services.reads import Reader

PAGE = 100  # initiatives read per round (with their neighbours: about seven statements in all)


@dataclass(frozen=True)
class Scope:
    """Which initiatives to export: within a place (and every place within it), on a theme (and narrower
    ones), involving an actor (implementing or funding), active during a period. All optional."""

    place: str | None = None  # location key
    theme: str | None = None  # theme key
    actor: str | None = None  # actor key
    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self):
        if self.start and self.end and self.end < self.start:
            raise BadInput("end: must not be before start")

    def filters(self) -> dict:
        found: dict = {}
        if self.place:
            found["placeKeys"] = [self.place]
        if self.theme:
            found["themeKeys"] = [self.theme]
        if self.actor:
            found["actorKey"] = self.actor
        if self.start:
            found["activeFrom"] = self.start.isoformat()
        if self.end:
            found["activeTo"] = self.end.isoformat()
        return found


@dataclass
class Item:
    """One initiative as an export shows it to its caller."""

    initiative: dict
    implementers: list[tuple[dict, str | None]] = field(default_factory=list)  # (actor, role), lead first
    funders: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)  # provinces only, when coarsened
    themes: list[dict] = field(default_factory=list)
    parents: list[dict] = field(default_factory=list)
    coarsened: bool = False


def masked(viewer: Viewer, props: dict) -> bool:
    """A sensitive record the viewer may see only coarsely (mirrors hub.graph.access.unmasked)."""
    return bool(props.get("sensitive")) and not viewer.admin and not viewer.acts_for(props.get("ownerKey"))


async def items(reader: Reader, viewer: Viewer, scope: Scope, page: int = PAGE) -> AsyncIterator[list[Item]]:
    """The scope's initiatives the viewer may see, a page at a time, ordered by title."""
    for key, label in (("place", "Location"), ("theme", "Theme"), ("actor", "Actor")):
        value = getattr(scope, key)
        if value and await reader.get(label, value, viewer) is None:
            raise BadInput(f"{key}: no {label.lower()} {value!r}")
    offset = 0
    while True:
        found = await reader.page("Initiative", scope.filters(), viewer, offset=offset, limit=page, count=False)
        if found.records:
            yield await _complete([r.props for r in found.records], reader, viewer)
        if not found.has_next:
            return
        offset += page


async def _complete(initiatives: list[dict], reader: Reader, viewer: Viewer) -> list[Item]:
    keys = [i["key"] for i in initiatives]

    async def around(rel: str, direction: str, label: str):
        return await reader.neighbours("Initiative", rel, direction, label, keys, viewer)

    implementers = await around("IMPLEMENTS", "IN", "Actor")
    funders = await around("FUNDS", "IN", "Actor")
    places = await around("LOCATED_IN", "OUT", "Location")
    themes = await around("ADDRESSES", "OUT", "Theme")
    parents = await around("PART_OF", "OUT", "Initiative")
    hidden = [i for i in initiatives if masked(viewer, i)]
    coarse_of = await reader.coarse_places(sorted({p.key for i in hidden for p, _ in places[i["key"]]}),
                                           viewer) if hidden else {}
    done = []
    for initiative in initiatives:
        key = initiative["key"]
        item = Item(initiative,
                    implementers=sorted(((a.props, rel.get("role")) for a, rel in implementers[key]),
                                        key=lambda pair: pair[1] != "LEAD"),
                    funders=[a.props for a, _ in funders[key]], themes=[t.props for t, _ in themes[key]],
                    parents=[p.props for p, _ in parents[key]], places=[p.props for p, _ in places[key]])
        if masked(viewer, initiative):
            wanted = {coarse_of[p["key"]].key: coarse_of[p["key"]] for p in item.places if p["key"] in coarse_of}
            item.places = [record.props for record in wanted.values()]
            item.coarsened = True
        done.append(item)
    return done


async def iati(reader: Reader, viewer: Viewer, scope: Scope, reporter=None) -> AsyncIterator[bytes]:
    """IATI activity XML 2.03, an activity at a time; reporter: the publisher (hub.interop.iati_export.Reporter)."""
    from hub.interop import iati_export

    reporter = reporter or iati_export.Reporter()
    pages = items(reader, viewer, scope)
    first = await anext(pages, None)  # a bad filter fails here, before anything is sent
    yield iati_export.header()
    while first is not None:
        for item in first:
            yield iati_export.activity(item, reporter)
        first = await anext(pages, None)
    yield iati_export.FOOTER


async def hxl(reader: Reader, graph: Graph, viewer: Viewer, scope: Scope) -> AsyncIterator[bytes]:
    """An HXL-tagged 3W table (CSV) of a place, a page of initiatives at a time."""
    from hub.interop import hxl_export

    if not scope.place:
        raise BadInput("place: a 3W table is for a place; name one")
    pages = items(reader, viewer, scope)
    first = await anext(pages, None)
    yield hxl_export.header()
    while first is not None:
        keys = sorted({p["key"] for item in first for p in item.places})
        rows = await graph.read(lambda tx: fetch_all(tx, export_q.PLACE_CHAINS, keys=keys))
        chains = {row["key"]: row["chain"] for row in rows}
        yield b"".join(hxl_export.rows(item, chains) for item in first)
        first = await anext(pages, None)
