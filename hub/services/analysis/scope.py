"""The common arguments of the analyses: a place, a theme, a period, actor kinds, target groups.

Places and themes are expanded once to everything below them, so each analysis filters on plain key
lists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hub.model import InitiativeStatus
from hub.services.hierarchy import EXPANSIONS
from hub.services.history import AsOf
from hub.services.reads import Reader

LIVE_STATUSES = [s.value for s in InitiativeStatus if s is not InitiativeStatus.CANCELLED]


@dataclass
class Scope:
    place_key: str | None = None
    theme_key: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    kinds: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    as_of: AsOf | None = None  # the view as it stood at a past moment

    def period(self) -> tuple[str, str]:
        """The period asked for; with none, today (what is active now), or the day of the moment asked about."""
        if self.start is None and self.end is None:
            day = self.as_of.day if self.as_of else dt.date.today().isoformat()
            return day, day
        return (self.start or dt.date.min).isoformat(), (self.end or dt.date.max).isoformat()


@dataclass
class ExpandedScope:
    scope: Scope
    place_keys: list[str]
    theme_keys: list[str] | None  # None: no theme filter

    def initiative_conditions(self) -> tuple[list[str], dict]:
        start, end = self.scope.period()
        conditions = ["activeFrom", "activeTo", "statuses"]
        params = {"activeFrom": start, "activeTo": end, "statuses": LIVE_STATUSES}
        if self.theme_keys is not None:
            conditions.append("themeKeys")
            params["themeKeys"] = self.theme_keys
        if self.scope.target_groups:
            conditions.append("targetGroups")
            params["targetGroups"] = self.scope.target_groups
        if self.scope.as_of is not None:
            conditions.append("asOf")
            params |= self.scope.as_of.params()
        return conditions, params


async def expand(reader: Reader, scope: Scope) -> ExpandedScope:
    """The scope's place and theme, each with everything below it, in a transaction of its own."""
    return await reader.graph.read(lambda tx: expand_in(tx, scope))


async def expand_in(tx, scope: Scope) -> ExpandedScope:
    """The same as expand, within the caller's transaction (hub.services.hierarchy: one statement, or two when
    the hierarchies changed since it was last expanded)."""
    expanded = await EXPANSIONS.expand(tx, [scope.place_key] if scope.place_key else None,
                                       [scope.theme_key] if scope.theme_key else None)
    return ExpandedScope(scope, expanded.places or [], expanded.themes)
