"""Partner finding: for an actor or a planned initiative, the actors worth talking to, ranked, with why.

Geography counts the same and nested places, places across a border (the nearer the border the more:
a village across the border counts more than the country across it) and mandates covering the places;
then shared or related themes, target groups the candidate reaches that the seeker does not, partners
in common (friend of a friend), shared networks, and whether a liaison contact is available.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hub.access import Viewer
from hub.graph.analysis import features as fq
from hub.graph.analysis import partners as q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.graph.listing import PLACES_BELOW
from hub.services.analysis import weights as w
from hub.services.analysis.scope import LIVE_STATUSES
from hub.services.analysis.similarity import Factor, Taxonomies, theme_match, weighted

BORDER_DECAY = 0.8  # per level above the seeker's place at which the border is crossed
MAX_BORDER_DEPTH = 2  # borders of the place, its parent and grandparent; a country's border is too broad


@dataclass
class Seeker:
    actor_key: str | None
    places: set[str]
    themes: set[str]
    target_groups: set[str]
    partners: set[str] = field(default_factory=set)
    networks: set[str] = field(default_factory=set)


@dataclass
class PartnerSuggestion:
    actor_key: str
    score: float
    factors: list[Factor]


async def seeker_for_actor(graph: Graph, viewer: Viewer, key: str) -> Seeker | None:
    row = await graph.read(lambda tx: fetch_one(tx, q.SEEKER, key=key, **viewer.params()))
    if row is None:
        return None
    groups = {g for lst in row["groups"] for g in lst}
    return Seeker(key, set(row["places"]), set(row["themes"]), groups, set(row["partners"]), set(row["networks"]))


async def find_partners(graph: Graph, viewer: Viewer, seeker: Seeker, *, include_current: bool = False,
                        limit: int = 10, kinds: list[str] | None = None) -> list[PartnerSuggestion]:
    vp = viewer.params()
    today = dt.date.today().isoformat()

    depth = await graph.read(lambda tx: fetch_all(tx, q.ANCESTOR_DEPTHS, keys=sorted(seeker.places)))
    names = {row["ancestor"]: row["name"] for row in depth}
    ancestors = {row["ancestor"] for row in depth}
    steps_up: dict[str, int] = {}
    for row in depth:
        steps_up[row["ancestor"]] = min(steps_up.get(row["ancestor"], 99), row["depth"])
    border_keys = sorted(k for k, d in steps_up.items() if d <= MAX_BORDER_DEPTH)
    borders = await graph.read(lambda tx: fetch_all(tx, q.BORDERS_OF, keys=border_keys))
    across: dict[str, float] = {}  # place across a border -> its geography score
    for row in borders:
        for key in row["across"]:
            across[key] = max(across.get(key, 0.0), w.GEO_BORDERING * BORDER_DECAY ** steps_up[row["key"]])

    async def candidates(tx):
        below = await fetch_one(tx, PLACES_BELOW, keys=sorted(seeker.places | set(across)))
        zone = sorted(set(below["keys"]) | ancestors)
        present = await fetch_all(tx, q.PRESENT_IN, zone=zone, **vp)
        active = await fetch_all(tx, q.ACTIVE_IN, zone=zone, statuses=LIVE_STATUSES, **vp)
        mandated = await fetch_all(tx, q.MANDATED_IN, zone=zone, today=today, **vp)
        friends = await fetch_all(tx, q.PARTNERS_OF_PARTNERS, partners=sorted(seeker.partners), **vp)
        peers = await fetch_all(tx, q.NETWORK_PEERS, networks=sorted(seeker.networks), **vp)
        return present, active, mandated, friends, peers

    present, active, mandated, friends, peers = await graph.read(candidates)
    places_of: dict[str, set[str]] = {}
    mandated_in: dict[str, set[str]] = {}
    for row in present + active:
        places_of.setdefault(row["actor"], set()).update(row["places"])
    for row in mandated:
        mandated_in.setdefault(row["actor"], set()).update(row["places"])
    keys = set(places_of) | set(mandated_in) | {r["actor"] for r in friends + peers}
    keys.discard(seeker.actor_key)
    if not include_current:
        keys -= seeker.partners
    if not keys:
        return []

    async def profile(tx):
        feats = await fetch_all(tx, q.CANDIDATE_FEATURES, keys=sorted(keys), **vp)
        all_places = sorted({p for ps in list(places_of.values()) + list(mandated_in.values()) for p in ps})
        place_rows = await fetch_all(tx, fq.PLACE_ANCESTRY, keys=all_places)
        themes = await fetch_all(tx, fq.THEME_ANCESTRY)
        actors = await fetch_all(tx, fq.ACTOR_NAMES, keys=sorted(seeker.partners | seeker.networks), **vp)
        return feats, place_rows, themes, actors

    feats, place_rows, theme_rows, actor_names = await graph.read(profile)
    place_anc = {r["key"]: set(r["ancestors"]) for r in place_rows}
    names |= {r["key"]: r["name"] for r in place_rows + theme_rows + actor_names}
    levels = {r["key"]: r["level"] for r in place_rows}
    tax = Taxonomies(place_anc, {r["key"]: set(r["ancestors"]) for r in theme_rows}, names,
                     {r["key"] for r in theme_rows if r["ancestors"] == [r["key"]]})
    results = []
    for feat in feats:
        if kinds and feat["kind"] not in kinds:
            continue
        factors = [
            _geography(seeker, places_of.get(feat["key"], set()), mandated_in.get(feat["key"], set()), place_anc,
                       levels, ancestors, across, names),
            _themes(seeker, set(feat["themes"]), tax),
        ]
        groups = {g for lst in feat["groups"] for g in lst}
        factors.append(_complementarity(seeker, groups, factors[1]))
        factors.append(_friends(seeker, set(feat["collaborators"]), names))
        factors.append(_networks(seeker, set(feat["networks"]), names))
        factors.append(Factor("contact", 1.0 if feat["contacts"] else 0.0,
                              f"{feat['contacts']} liaison contact(s) you can see" if feat["contacts"] else "no liaison contact you can see"))
        results.append(PartnerSuggestion(feat["key"], weighted(factors, w.PARTNER), factors))
    results.sort(key=lambda s: (-s.score, s.actor_key))
    return results[:limit]


def _geography(seeker: Seeker, places: set[str], mandated: set[str], place_anc: dict[str, set[str]], levels: dict[str, str],
               seeker_ancestors: set[str], across: dict[str, float], names: dict[str, str]) -> Factor:
    if not seeker.places:
        return Factor("geography", None, "not compared: no places given")
    best, detail = 0.0, "not active, present or mandated near these places"
    same = places & seeker.places
    if same:
        best = max(w.GEO_SAME * w.GEO_LEVEL.get(levels.get(p, ""), 1.0) for p in same)
        detail = "active in " + _list(same, names)
    nested = {p: w.GEO_NESTED * (w.GEO_LEVEL.get(levels.get(p, ""), 1.0) if p in seeker_ancestors else 1.0)
              for p in places if place_anc.get(p, set()) & seeker.places or p in seeker_ancestors}
    if nested and max(nested.values()) > best:
        best, detail = max(nested.values()), "active within or around your places: " + _list(nested, names)
    covered = {p for p in mandated if p in seeker_ancestors or place_anc.get(p, set()) & seeker.places}
    if covered and w.GEO_MANDATED > best:
        best, detail = w.GEO_MANDATED, "mandated for " + _list(covered, names)
    for p in places | mandated:
        for a in place_anc.get(p, {p}):
            if a in across and across[a] > best:
                where = names.get(p, p) if p == a else f"{names.get(p, p)} in {names.get(a, a)}"
                best, detail = across[a], f"across the border: {where}"
    return Factor("geography", round(best, 4), detail)


def _themes(seeker: Seeker, themes: set[str], tax) -> Factor:
    if not seeker.themes:
        return Factor("themes", None, "not compared: no themes given")
    if not themes:
        return Factor("themes", 0.0, "no registered work on any theme")
    score = sum(theme_match(t, themes, tax) for t in seeker.themes) / len(seeker.themes)
    shared = seeker.themes & themes
    return Factor("themes", round(score, 4), ("works on " + _list(shared, tax.names)) if shared else
                  ("works on related themes" if score else "works on other themes"))


def _complementarity(seeker: Seeker, groups: set[str], themes: Factor) -> Factor:
    if not groups or not themes.score:
        return Factor("complementarity", None, "not compared: no shared themes or no target groups")
    new = groups - seeker.target_groups
    return Factor("complementarity", round(len(new) / len(groups), 4),
                  ("reaches " + ", ".join(sorted(new)) + " which you do not") if new else "reaches the same groups")


def _friends(seeker: Seeker, collaborators: set[str], names: dict[str, str]) -> Factor:
    if not seeker.partners:
        return Factor("friend_of_friend", None, "not compared: no partners known")
    common = collaborators & seeker.partners
    score = min(1.0, len(common) / w.FRIENDS_FOR_FULL_SCORE)
    return Factor("friend_of_friend", round(score, 4),
                  (f"works with {len(common)} of your partners: " + _list(common, names)) if common else "no partners in common")


def _networks(seeker: Seeker, networks: set[str], names: dict[str, str]) -> Factor:
    if not seeker.networks:
        return Factor("networks", None, "not compared: no networks known")
    shared = networks & seeker.networks
    return Factor("networks", 1.0 if shared else 0.0, ("both members of " + _list(shared, names)) if shared else "no shared network")


def _list(keys, names: dict[str, str], most: int = 3) -> str:
    shown = sorted(names.get(k, k) for k in keys)
    return ", ".join(shown[:most]) + (f" and {len(shown) - most} more" if len(shown) > most else "")
