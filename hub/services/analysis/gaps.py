"""Coverage gaps and mandates for a place: what is needed or mandated there that nobody is doing."""

from __future__ import annotations

from dataclasses import dataclass

from hub.access import Viewer
from hub.graph.analysis import gaps as q
from hub.graph.analysis.features import PLACE_NEIGHBOURHOOD
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.services.analysis.scope import LIVE_STATUSES, Scope, expand
from hub.services.history import AsOf, ends_of, removed_links
from hub.services.reads import Reader

SEVERITY_RANK = {"CRITICAL": 4, "HIGH": 3, "MEDIUM": 2, "LOW": 1}


@dataclass
class UnaddressedNeed:
    need_key: str
    place_key: str
    severity: str
    theme_keys: list[str]


@dataclass
class UncoveredPlace:
    place_key: str
    need_keys: list[str]
    weight: int  # sum of the needs' severity ranks: what the ranking uses


@dataclass
class IdleTheme:
    theme_key: str
    mandate_keys: list[str]


@dataclass
class CoverageGaps:
    needs: list[UnaddressedNeed]
    places: list[UncoveredPlace]
    mandated_themes: list[IdleTheme]


def _period(scope: Scope) -> dict:
    start, end = scope.period()
    return {"activeFrom": start, "activeTo": end, "statuses": LIVE_STATUSES}


async def coverage_gaps(graph: Graph, viewer: Viewer, scope: Scope) -> CoverageGaps:
    """Round trips: expansions (2), the neighbourhood for mandates, one per kind of gap, and the themes
    already addressed (mandated themes are compared with them here rather than per mandate in Cypher); as of a
    moment, up to four more for the presence and work unlinked since (hub.services.history)."""
    expanded = await expand(Reader(graph), scope)
    params = _period(scope) | viewer.params() | {"placeKeys": expanded.place_keys, "themeKeys": expanded.theme_keys}
    moment = scope.as_of is not None

    async def work(tx):
        if moment:
            params.update(scope.as_of.params())
            params["staffedKeys"] = await _staffed_then(tx, scope.as_of, params)
        around = await fetch_one(tx, PLACE_NEIGHBOURHOOD, keys=[scope.place_key])
        needs = await fetch_all(tx, q.unaddressed_needs(expanded.theme_keys is not None, moment), **params)
        places = await fetch_all(tx, q.places_without_actors(moment), **params)
        mandated = await fetch_all(tx, q.mandated_themes(moment), coverKeys=around["keys"], **params)
        addressed = await fetch_one(tx, q.addressed_themes(moment), **params)
        return needs, places, [t for t in mandated if t["theme"] not in set(addressed["keys"])]

    needs, places, themes = await graph.read(work)
    if expanded.theme_keys is not None:
        themes = [t for t in themes if t["theme"] in expanded.theme_keys]
    return CoverageGaps(
        needs=sorted((UnaddressedNeed(n["need"], n["place"], n["severity"] or "MEDIUM", sorted(n["themes"])) for n in needs),
                     key=lambda n: (-SEVERITY_RANK.get(n.severity, 0), n.need_key)),
        places=sorted((UncoveredPlace(p["place"], sorted(p["needs"]), sum(SEVERITY_RANK.get(s or "MEDIUM", 2) for s in p["severities"]))
                       for p in places), key=lambda p: (-p.weight, p.place_key)),
        mandated_themes=sorted((IdleTheme(t["theme"], sorted(t["mandates"])) for t in themes), key=lambda t: t.theme_key),
    )


async def _staffed_then(tx, moment: AsOf, params: dict) -> list[str]:
    """The places where presence or work unlinked since the moment put a visible actor at it."""
    removed = await removed_links(tx, moment, {"OPERATES_IN", "IMPLEMENTS"})
    present = ends_of(removed, {"OPERATES_IN"}, ("Actor", "actor"), ("Location", "place"))
    implementing = ends_of(removed, {"IMPLEMENTS"}, ("Actor", "actor"), ("Initiative", "initiative"))
    keys = set()
    for statement, links in ((q.present_then(), present), (q.working_then(), implementing)):
        if links:
            keys |= {row["place"] for row in await fetch_all(tx, statement, links=links, **params)}
    return sorted(keys)


@dataclass
class MandatedActor:
    actor_key: str
    mandate_keys: list[str]
    active: bool = False  # works at or below the place, on the theme, in the period


async def _cover_keys(graph: Graph, place_key: str | None, *, around: bool) -> list[str] | None:
    """The place and the areas containing it (a national mandate covers every village), plus, if
    `around`, the places within it."""
    if place_key is None:
        return None
    from hub.graph.analysis.features import PLACE_ANCESTRY

    if around:
        row = await graph.read(lambda tx: fetch_one(tx, PLACE_NEIGHBOURHOOD, keys=[place_key]))
        return row["keys"]
    rows = await graph.read(lambda tx: fetch_all(tx, PLACE_ANCESTRY, keys=[place_key]))
    return rows[0]["ancestors"] if rows else []


async def links_then(tx, moment: AsOf | None) -> dict:
    """As of a moment, the holding and implementing links removed since that stood then, as the mandate views'
    $heldThen and $workedThen (up to two statements, hub.services.history); nothing without one."""
    if moment is None:
        return {}
    removed = await removed_links(tx, moment, {"HOLDS", "IMPLEMENTS"})
    return moment.params() | {
        "heldThen": ends_of(removed, {"HOLDS"}, ("Actor", "actor"), ("Mandate", "mandate")),
        "workedThen": ends_of(removed, {"IMPLEMENTS"}, ("Actor", "actor"), ("Initiative", "initiative"))}


async def _read(graph: Graph, scope: Scope, statement: str, **params) -> list[dict]:
    """One mandate view's statement, after the links removed since the moment asked about, if any."""
    async def work(tx):
        return await fetch_all(tx, statement, **params, **await links_then(tx, scope.as_of))

    return await graph.read(work)


async def mandated_actors(graph: Graph, viewer: Viewer, scope: Scope, active: bool | None = None) -> list[MandatedActor]:
    """active: True keeps the holders working on the theme at or below the place in the period, False those
    that are not (mandated here but not active), None both."""
    cover = await _cover_keys(graph, scope.place_key, around=False)
    theme_keys = activity_keys = None
    if scope.theme_key:
        row = await graph.read(lambda tx: fetch_one(tx, q.THEMES_AROUND, key=scope.theme_key))
        theme_keys = sorted(set(row["ups"]) | set(row["downs"])) if row else []
        activity_keys = sorted(row["downs"]) if row else []
    rows = await _read(graph, scope, q.mandated_actors(scope.as_of is not None), coverKeys=cover or [],
                       themeKeys=theme_keys, activityThemeKeys=activity_keys, placeKey=scope.place_key,
                       kinds=scope.kinds or None, active=active, **_period(scope), **viewer.params())
    return sorted((MandatedActor(r["actor"], sorted(r["mandates"]), bool(r["active"])) for r in rows),
                  key=lambda m: m.actor_key)


@dataclass
class OutsideMandate:
    actor_key: str
    initiative_key: str
    place_keys: list[str]


async def activity_outside_mandates(graph: Graph, viewer: Viewer, scope: Scope, actor_key: str | None) -> list[OutsideMandate]:
    expanded = await expand(Reader(graph), scope)
    place_keys = expanded.place_keys if scope.place_key else None
    rows = await _read(graph, scope, q.activity_outside_mandates(scope.as_of is not None), actorKey=actor_key,
                       placeKeys=place_keys, **_period(scope), **viewer.params())
    return sorted((OutsideMandate(r["actor"], r["initiative"], sorted(r["places"])) for r in rows),
                  key=lambda o: (o.actor_key, o.initiative_key))


@dataclass
class IdleMandate:
    mandate_key: str
    holder_keys: list[str]


async def idle_mandates(graph: Graph, viewer: Viewer, scope: Scope) -> list[IdleMandate]:
    cover = await _cover_keys(graph, scope.place_key, around=True)
    rows = await _read(graph, scope, q.idle_mandates(scope.as_of is not None), coverKeys=cover, **_period(scope),
                       **viewer.params())
    return sorted((IdleMandate(r["mandate"], sorted(set(r["holders"]))) for r in rows), key=lambda m: m.mandate_key)
