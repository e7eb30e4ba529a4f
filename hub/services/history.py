"""Asking a view "as of" a past moment: the moment checked, and the relationships removed since then that
stood at it, rebuilt from the audit trail in two statements whatever their number.

What counts at a moment: records created by then (createdAt) whose own period covers its day, and the
relationships made by then that were not removed before it. Records show their current properties;
deleted records stay out (see the README's network section for why).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from hub.errors import BadInput
from hub.graph import history as q
from hub.graph.connection import fetch_all
from hub.model import RELATIONSHIP_TYPES


@dataclass(frozen=True)
class AsOf:
    at: str  # ISO 8601 in UTC to the millisecond: the format of createdAt, assertedAt and the audit trail's `at`
    day: str  # its UTC day, compared with the records' own dates

    def params(self) -> dict[str, str]:
        return {"asOf": self.at, "asOfDay": self.day}


def as_of(value: dt.datetime | str | None, field: str = "asOf") -> AsOf | None:
    """A moment (or its ISO 8601 text, from the command line or a URL) without a time zone is read as UTC; a moment
    in the future is refused (nothing is known of it)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, dt.datetime):
        raise BadInput(f"{field}: not a date and time (ISO 8601, e.g. 2025-06-30T00:00:00Z)")
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    value = value.astimezone(dt.timezone.utc)
    if value > dt.datetime.now(dt.timezone.utc):
        raise BadInput(f"{field}: must not be in the future, got {value.isoformat()}")
    return AsOf(value.isoformat(timespec="milliseconds"), value.date().isoformat())


@dataclass(frozen=True)
class Link:
    """A relationship as the audit trail names it, in the direction it was made."""

    type: str
    source: tuple[str, str]  # (label, key)
    target: tuple[str, str]
    role: str | None = None  # an IMPLEMENTS link's role when last made


def _parse(row: dict) -> Link | None:
    detail = json.loads(row["detail"] or "{}")
    rel, other = detail.get("type"), detail.get("to") or ""
    label, _, key = other.partition(":")
    if rel not in RELATIONSHIP_TYPES or not key:
        return None
    return Link(rel, (row["label"], row["recordKey"]), (label, key), detail.get("role"))


def _pair(link: Link) -> tuple:
    """The identity of a relationship: a symmetric one is the same whichever end it was made from."""
    ends = (link.source, link.target)
    if RELATIONSHIP_TYPES[link.type].symmetric:
        ends = tuple(sorted(ends))
    return (link.type, *ends)


def ends_of(links: list[Link], types: set[str], source: tuple[str, str], target: tuple[str, str]) -> list[dict]:
    """Of these links, those of `types` from a record labelled source[0] to one labelled target[0], each as
    {source[1]: its key, target[1]: its key}: the rows the as-of statements take (`UNWIND $links AS link`)."""
    return [{source[1]: link.source[1], target[1]: link.target[1]} for link in links
            if link.type in types and link.source[0] == source[0] and link.target[0] == target[0]]


async def removed_links(tx, moment: AsOf, types: set[str] | None = None) -> list[Link]:
    """The relationships (of `types`, by default any) that stood at the moment and were removed since. One was
    there if the last LINK or UNLINK entry for it at or before the moment is a LINK; or, with none by then, if
    the first one after is an UNLINK (it was written before the trail recorded links: seed data, a data set).
    Relationships still in the graph are judged by their own assertedAt instead (hub.graph.history.linked)."""
    rows = await fetch_all(tx, q.UNLINKED_SINCE, asOf=moment.at)
    candidates = {_pair(link) for link in map(_parse, rows) if link and (types is None or link.type in types)}
    if not candidates:
        return []
    keys = sorted({end[1] for pair in candidates for end in pair[1:]})
    history: dict[tuple, list[tuple[str, str, str, Link]]] = {}
    for row in await fetch_all(tx, q.LINK_HISTORY, keys=keys):
        link = _parse(row)
        if link is not None and _pair(link) in candidates:
            history.setdefault(_pair(link), []).append((row["at"], row["entry"], row["action"], link))
    found = []
    for pair, entries in history.items():
        entries.sort(key=lambda e: (e[0], e[1]))
        before = [e for e in entries if e[0] <= moment.at]
        after = [e for e in entries if e[0] > moment.at]
        if before:
            if before[-1][2] == "LINK":
                found.append(before[-1][3])
        elif after and after[0][2] == "UNLINK":
            found.append(after[0][3])
    return sorted(found, key=lambda link: (link.type, link.source, link.target))
