"""Partner finding: for an actor or a planned initiative, the actors worth talking to, ranked, with why.

Geography is where a candidate actually works or is present: in the plan's places or within them first,
then across the border from them, then nearby in the same district or province, then in the places
containing them (a national office); holding a mandate for the area counts less than working there, and an
actor whose work is all in other countries is not suggested. Then the themes it works on, whether it
reaches the plan's target groups, what it brings that the seeker lacks (a funder for an implementer, a
local group for an agency, a government body for a CSO), partners and networks in common, and whether a
liaison contact is at hand. Never the seeker itself or its own offices; current partners only when asked,
and marked as such.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from hub.access import Viewer
from hub.graph.analysis import features as fq
from hub.graph.analysis import partners as q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.services.analysis import weights as w
from hub.services.analysis.geography import Gazetteer
from hub.services.analysis.kept_facts import FACTS, Facts
from hub.services.analysis.scope import LIVE_STATUSES
from hub.services.analysis.similarity import Factor, ThemeTree


@dataclass
class Seeker:
    actor_key: str | None
    places: set[str]
    themes: set[str]
    target_groups: set[str]
    partners: set[str] = field(default_factory=set)
    networks: set[str] = field(default_factory=set)
    kind: str | None = None
    exclude: set[str] = field(default_factory=set)  # the asking actor(s) and their own offices
    planned: bool = False  # the places are a plan's, not where the actor works


@dataclass
class PartnerSuggestion:
    actor_key: str
    score: float
    factors: list[Factor]
    current_partner: bool = False


@dataclass(frozen=True)
class CoImplementer:
    actor_key: str
    shared: int  # initiatives both carry out


async def co_implementers(graph: Graph, viewer: Viewer, keys: list[str]) -> dict[str, list[CoImplementer]]:
    """For each actor, the organisations carrying out initiatives with it, most shared initiatives first: one
    round trip for every actor asked about. Initiatives and actors the viewer may not see, or may see only
    coarsely (sensitive), count for nothing."""
    rows = await graph.read(lambda tx: fetch_all(tx, q.CO_IMPLEMENTERS, keys=keys, **viewer.params()))
    found: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        found[row["key"]].append((-row["shared"], row["sortName"] or "", row["other"]))
    return {key: [CoImplementer(other, -shared) for shared, _, other in sorted(items)] for key, items in found.items()}


async def seeker_for_actor(graph: Graph, viewer: Viewer, key: str) -> Seeker | None:
    row = await graph.read(lambda tx: fetch_one(tx, q.SEEKER, key=key, **viewer.params()))
    if row is None:
        return None
    groups = {g for lst in row["groups"] for g in lst}
    busiest = [place for place, _ in Counter(row["places"]).most_common(w.SEEKER_PLACES)]
    return Seeker(key, set(busiest), set(row["themes"]), groups, set(row["partners"]), set(row["networks"]),
                  kind=row["kind"])


@dataclass
class _Where:
    """The places around the seeker's, by how they relate."""

    inside: set[str]  # the places and everything within them
    above: dict[str, int]  # the places containing them -> steps up
    across: dict[str, str]  # places across a border (and within them) -> the place of ours they face
    nearby: set[str]  # elsewhere in the same district or province
    gazetteer: Gazetteer
    ours: str = "the plan's places"  # how the reasons speak of the seeker's places


async def _where(tx, kept: Facts, places: set[str]) -> _Where:
    facts = Gazetteer.from_rows(await kept.place_facts(places))
    places = _finest(places, facts)
    keys = sorted(places)
    inside = await kept.places_below(keys) | places
    borders = await fetch_all(tx, q.BORDERS_WITHIN, keys=keys)
    above: dict[str, int] = {}
    areas: set[str] = set()
    facing: dict[str, str] = {row["across"]: row["inside"] for row in borders if row["across"] not in inside}
    reach = 2 if len(places) <= 3 else 1  # many places (an actor asking): their districts are neighbourhood enough
    for key in places:
        chain = facts.places[key].ancestors if key in facts.places else [key]
        for steps, up in enumerate(chain[1:], start=1):
            above[up] = min(above.get(up, 99), steps)
            if facts.level(up) not in ("COUNTRY",) and steps <= reach:
                areas.add(up)
                for across in facts.places[up].borders:
                    if facts.level(up) != "ADMIN1":
                        facing.setdefault(across, up)
    below = await kept.below_each(set(facing) | areas)
    across = {}
    for key, ours in facing.items():
        for place in below.get(key) or [key]:
            if place not in inside:
                across.setdefault(place, ours)
    nearby = {p for area in areas for p in below[area]} - inside - set(across) - set(above)
    return _Where(inside, above, across, nearby, facts)


async def find_partners(graph: Graph, viewer: Viewer, seeker: Seeker, *, include_current: bool = False,
                        limit: int = 10, kinds: list[str] | None = None) -> list[PartnerSuggestion]:
    vp = viewer.params()
    today = dt.date.today().isoformat()
    seeker.exclude |= {k for k in [seeker.actor_key, *viewer.actor_keys] if k}

    async def gather(tx):
        kept = await FACTS.read(tx)
        where = await _where(tx, kept, seeker.places) if seeker.places else None
        if where and seeker.actor_key and not seeker.planned:
            where.ours = "your places"
        zone = sorted(where.inside | set(where.across) | where.nearby | set(where.above)) if where else []
        present = await fetch_all(tx, q.PRESENT_IN, zone=zone, **vp) if where else []
        active = await fetch_all(tx, q.ACTIVE_IN, zone=zone, statuses=LIVE_STATUSES, **vp) if where else []
        mandated = await fetch_all(tx, q.MANDATED_IN, zone=sorted(where.inside | set(where.above)), today=today,
                                   **vp) if where else []
        friends = await fetch_all(tx, q.PARTNERS_OF_PARTNERS, partners=sorted(seeker.partners), **vp)
        peers = await fetch_all(tx, q.NETWORK_PEERS, networks=sorted(seeker.networks), **vp)
        family = await fetch_one(tx, q.OWN_FAMILY, keys=sorted(seeker.exclude), **vp)
        if where:
            used = {p for row in present + active + mandated for p in row["places"]} | set(where.across.values())
            where.gazetteer.add_names(await fetch_all(tx, fq.PLACE_NAMES, keys=sorted(used - set(where.gazetteer.places))))
        if seeker.kind is None and viewer.actor_keys:
            kinds_ = await fetch_all(tx, q.ACTOR_KINDS, keys=sorted(viewer.actor_keys), **vp)
            seeker.kind = next((r["kind"] for r in kinds_), None)
        return where, present, active, mandated, friends, peers, family, await kept.theme_tree()

    where, present, active, mandated, friends, peers, family, tree = await graph.read(gather)
    seeker.exclude |= set(family["family"] if family else [])

    works: dict[str, set[str]] = defaultdict(set)
    initiatives: dict[str, set[str]] = defaultdict(set)
    for row in present + active:
        works[row["actor"]].update(row["places"])
    for row in active:
        initiatives[row["actor"]].update(row["initiatives"])
    mandates: dict[str, tuple[set[str], list[str]]] = {}
    for row in mandated:
        mandates[row["actor"]] = (set(row["places"]), row["mandates"])

    geography = {key: _geography(where, works.get(key, set()), mandates.get(key)) for key in
                 set(works) | set(mandates)} if where else {}
    keys = set(geography) | {r["actor"] for r in friends + peers}
    if where:
        keys = {k for k in keys if k in geography and geography[k].score >= w.PARTNER_MIN_GEOGRAPHY}
    keys -= seeker.exclude
    if not include_current:
        keys -= seeker.partners
    if not keys:
        return []
    # the nearest first: features are read for at most PARTNER_CANDIDATES actors
    shortlist = sorted(keys, key=lambda k: (-(geography[k].score if k in geography else 0.0), k))[:w.PARTNER_CANDIDATES]

    mandate_only = [k for k in shortlist if k in mandates and k not in works]

    async def profile(tx):
        feats = await fetch_all(tx, q.CANDIDATE_FEATURES, keys=shortlist, **vp)
        local = sorted({i for k in shortlist for i in initiatives.get(k, ())})
        local_rows = await fetch_all(tx, q.INITIATIVE_THEMES, keys=local, **vp)
        names = await fetch_all(tx, fq.ACTOR_NAMES, keys=sorted(seeker.partners | seeker.networks), **vp)
        collaborators = await fetch_all(tx, q.COLLABORATORS, keys=shortlist, partners=sorted(seeker.partners),
                                        **vp) if seeker.partners else []
        countries_ = await fetch_all(tx, q.WORK_COUNTRIES, keys=mandate_only, **vp) if mandate_only and where else []
        return feats, local_rows, names, collaborators, countries_

    feats, local_rows, name_rows, collaborator_rows, country_rows = await graph.read(profile)
    collaborators_of = {r["key"]: set(r["collaborators"]) for r in collaborator_rows}
    work_countries = {r["key"]: set(r["countries"]) for r in country_rows}
    local_themes = {r["key"]: set(r["themes"]) for r in local_rows}
    names = {r["key"]: r["name"] for r in name_rows}
    countries = _countries(where) if where else set()
    results = []
    for feat in feats:
        key = feat["key"]
        if kinds and feat["kind"] not in kinds:
            continue
        if work_countries.get(key) and countries and not work_countries[key] & countries:
            continue  # only a mandate here, and all its work is in other countries
        near_themes = {t for i in initiatives.get(key, ()) for t in local_themes.get(i, ())}
        groups = {g for lst in feat["groups"] for g in lst}
        factors = [
            geography.get(key) or Factor("geography", None, "No places were given to compare with.", 0.0),
            _themes(seeker, near_themes, set(feat["workThemes"]), set(feat["mandateThemes"]), tree),
            _groups(seeker, groups),
            _complement(seeker.kind, feat["kind"]),
            _friends(seeker, collaborators_of.get(key, set()), names),
            _networks(seeker, set(feat["networks"]), names),
            Factor("contact", 1.0 if feat["contacts"] else 0.0,
                   "Has a liaison contact you can reach." if feat["contacts"] else "No liaison contact you can see.",
                   w.PARTNER["contact"]),
        ]
        current = key in seeker.partners
        if current:
            factors.append(Factor("current_partner", None, "Already your partner.", 0.0))
        results.append(PartnerSuggestion(key, _score(factors), factors, current))
    results.sort(key=lambda s: (-s.score, s.actor_key))
    return results[:limit]


def _score(factors: list[Factor]) -> float:
    known = [f for f in factors if f.score is not None and f.weight]
    total = sum(f.weight for f in known)
    return round(sum(f.weight * f.score for f in known) / total, 4) if total else 0.0


def _finest(places: set[str], facts: Gazetteer) -> set[str]:
    """The places that contain none of the others: an actor present across a country and working in three of its
    villages is looked for partners around the villages."""
    inner = {p for p in places if not any(o != p and p in facts.get(o).ancestors[1:]
                                          for o in places)}
    return inner or places


def _countries(where: _Where) -> set[str]:
    """The countries (ISO codes) of the seeker's places."""
    return {where.gazetteer.places[k].country for k in where.inside | set(where.above)
            if k in where.gazetteer.places and where.gazetteer.places[k].country}


def _geography(where: _Where, places: set[str], mandate: tuple[set[str], list[str]] | None) -> Factor:
    g = where.gazetteer
    options: list[tuple[float, str]] = []
    inside = places & where.inside
    if inside:
        options.append((1.0, f"Works in {_list(inside, g.name)}, among {where.ours}."))
    across = {p: where.across[p] for p in places if p in where.across}
    if across:
        ours = sorted(across.items())[0][1]
        options.append((w.GEO_ACROSS_BORDER, f"Works across the border in {_list(across, g.name)}, facing {g.name(ours)}."))
    nearby = places & where.nearby
    if nearby:
        options.append((w.GEO_NEARBY, f"Works nearby in {_list(nearby, g.name)}."))
    above = {p: where.above[p] for p in places if p in where.above}
    if above:
        place = min(above, key=lambda p: above[p])
        score = w.GEO_CONTAINING.get(g.level(place), 0.3)
        options.append((score, f"Works across {g.name(place)}, which contains {where.ours}."))
    if mandate:
        covered, titles = mandate
        score = max((w.GEO_MANDATE.get(g.level(p), 0.3) for p in covered), default=0.0)
        options.append((score, f"Holds a mandate for {_list(covered, g.name)} ({titles[0]})."))
    if not options:
        return Factor("geography", 0.0, "Works elsewhere.", w.PARTNER["geography"])
    score, sentence = max(options, key=lambda o: o[0])
    return Factor("geography", round(score, 4), sentence, w.PARTNER["geography"])


def _themes(seeker: Seeker, near: set[str], work: set[str], mandated: set[str], tree: ThemeTree) -> Factor:
    if not seeker.themes:
        return Factor("themes", None, "No themes were given to compare with.", 0.0)
    best, source = 0.0, ""
    for themes, label, discount in ((near, "works here on", 1.0), (work, "works on", w.THEME_ELSEWHERE),
                                    (mandated, "is mandated for", w.THEME_MANDATED_ONLY)):
        if not themes:
            continue
        score = discount * sum(tree.match(t, themes) for t in seeker.themes) / len(seeker.themes)
        if score > best:
            shared = seeker.themes & themes or {t for t in themes if any(tree.match(s, {t}) for s in seeker.themes)}
            best, source = score, f"{label[0].upper()}{label[1:]} {_list(shared, tree.name).lower()}."
    if not best:
        return Factor("themes", 0.0, "Works on other themes.", w.PARTNER["themes"])
    return Factor("themes", round(best, 4), source, w.PARTNER["themes"])


def _groups(seeker: Seeker, groups: set[str]) -> Factor:
    if not seeker.target_groups:
        return Factor("target_groups", None, "No target groups were given.", 0.0)
    shared = seeker.target_groups & groups
    if not shared:
        return Factor("target_groups", 0.0, "Has not worked with these groups yet.", w.PARTNER["target_groups"])
    readable = _list(shared, lambda g: g.replace("_", " ").lower())
    return Factor("target_groups", round(len(shared) / len(seeker.target_groups), 4),
                  f"Already works with {readable}.", w.PARTNER["target_groups"])


def _complement(seeker_kind: str | None, kind: str) -> Factor:
    if not seeker_kind:
        return Factor("complementarity", None, "Who is asking is not known.", 0.0)
    score, sentence = w.complementarity(seeker_kind, kind)
    return Factor("complementarity", score, sentence, w.PARTNER["complementarity"])


def _friends(seeker: Seeker, collaborators: set[str], names: dict[str, str]) -> Factor:
    if not seeker.partners:
        return Factor("friend_of_friend", None, "You have no partners registered.", 0.0)
    common = collaborators & seeker.partners
    score = min(1.0, len(common) / w.FRIENDS_FOR_FULL_SCORE)
    return Factor("friend_of_friend", round(score, 4),
                  f"Works with your partners {_list(common, names.get)}." if common else "No partners in common.",
                  w.PARTNER["friend_of_friend"])


def _networks(seeker: Seeker, networks: set[str], names: dict[str, str]) -> Factor:
    if not seeker.networks:
        return Factor("networks", None, "You belong to no registered network.", 0.0)
    shared = networks & seeker.networks
    return Factor("networks", 1.0 if shared else 0.0,
                  f"A fellow member of {_list(shared, names.get)}." if shared else "No network in common.",
                  w.PARTNER["networks"])


def _list(keys, name_of, most: int = 3) -> str:
    shown = sorted({name_of(k) or k for k in keys})
    if len(shown) > most:
        return ", ".join(shown[:most]) + f" and {len(shown) - most} more"
    return " and ".join([", ".join(shown[:-1]), shown[-1]]) if len(shown) > 1 else "".join(shown)
