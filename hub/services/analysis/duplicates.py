"""Duplication alerts: the initiatives that risk duplicating one (registered or draft), ranked with the
reasons behind each score; and clusters of likely duplicates across a place.

Candidates come from around the initiative's places: the places themselves, what lies within them, what
contains them, their siblings in the same district or province, places across their borders and namesakes
next to them. A draft with no places is compared with initiatives on its themes (given, or read from its
wording). One read transaction whatever the number of candidates; the wording is compared after it closes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from hub.access import Viewer
from hub.graph.analysis import features as q
from hub.graph.connection import Graph, fetch_all, fetch_collected
from hub.services.analysis import weights as w
from hub.services.analysis import wording
from hub.services.analysis.geography import Gazetteer
from hub.services.analysis.kept_facts import FACTS, Facts
from hub.services.analysis.scope import LIVE_STATUSES
from hub.services.analysis.similarity import Comparison, Context, Profile, ThemeTree, compare, same_programme

MAX_POSTING = 300  # a theme shared by more initiatives than this does not pair them for clustering
MAX_WORD_SHARE = 0.05  # nor does a title word found in more than this share of them
_ROUNDING = 1e-4  # scores are rounded to 4 decimal places


@dataclass
class DuplicateCandidate:
    initiative_key: str
    comparison: Comparison


@dataclass
class DuplicateCluster:
    initiative_keys: list[str]
    score: float  # the strongest pair in the cluster
    pairs: list[tuple[str, str, Comparison]]


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def profile_from_row(row: dict) -> Profile:
    i = row["initiative"]
    return Profile(key=i["key"], title=i["title"], description=i.get("description") or "",
                   places=set(row["places"]), themes=set(row["themes"]),
                   target_groups=set(i.get("targetGroups") or []), funders=set(row["funders"]), family=set(row["family"]),
                   start=_date(i.get("startDate")), end=_date(i.get("endDate")))


def profile_of_new(key: str, props: dict, *, places: list[str], themes: list[str], funders: list[str],
                   family: list[str]) -> Profile:
    """A record being created as INITIATIVE_FEATURES will read it once written: its stored properties and
    the keys it links to (each already found visible, or the create fails), so its check need not wait for
    the write."""
    row = {"initiative": props, "places": places, "themes": themes, "funders": funders, "family": family}
    return profile_from_row(row)


@dataclass
class _Facts:
    """What the graph says about the places, themes and funders involved: read inside the transaction, made
    into a Context after it, so the wording work (thousands of candidates' words) never holds it open."""
    places: list[dict]
    themes: ThemeTree
    funders: list[dict]


async def _facts(tx, kept: Facts, viewer: Viewer, items: list[Profile], named: set[str] | None = None) -> _Facts:
    """named: the funders whose names a reason may give (only shared funders are named), when fewer than all."""
    place_keys = {k for p in items for k in p.places}
    funder_keys = sorted({k for p in items for k in p.funders} if named is None else named)
    places = await kept.place_facts(place_keys)
    funders = await fetch_all(tx, q.ACTOR_NAMES, keys=funder_keys, **viewer.params()) if funder_keys else []
    return _Facts(places, await kept.theme_tree(), funders)


def _context(facts: _Facts, items: list[Profile]) -> Context:
    """Each profile learns which words are place names and, lacking themes, which themes its wording speaks of."""
    places = Gazetteer.from_rows(facts.places)
    words = wording.place_words(p.name for p in places.places.values())
    for item in items:
        item.leave_out_place_names(words)
        if not item.themes:
            item.inferred_themes = facts.themes.infer(item.text_terms)
    corpus = wording.Corpus([p.text_terms for p in items])
    return Context(places, facts.themes, corpus, {r["key"]: r["name"] for r in facts.funders}, dt.date.today())


async def _zone(kept: Facts, places: set[str]) -> list[str]:
    """The places whose initiatives may duplicate work in these places."""
    rows = await kept.zone_facts(places)
    facts = Gazetteer.from_rows(rows)
    areas: set[str] = set()
    above: set[str] = set()
    for key in places:
        chain = facts.places[key].ancestors if key in facts.places else [key]
        above.update(chain)
        parent = chain[1] if len(chain) > 1 else None
        area = parent if parent and facts.level(parent) not in ("COUNTRY", "ADMIN1") else key
        areas.add(area)
        for near in chain[:2]:
            if near in facts.places and facts.level(near) not in ("COUNTRY", "ADMIN1"):
                areas.update(facts.places[near].borders)
    for row in rows:
        areas.update(row["namesakes"])
    return sorted(await kept.places_below(areas) | above)


async def find_duplicates(graph: Graph, viewer: Viewer, subject: Profile | str, *, limit: int = 10,
                          min_score: float = 0.0) -> list[DuplicateCandidate]:
    """subject: a draft's profile, or the key of a registered initiative. One read transaction."""

    async def work(tx):
        kept = await FACTS.read(tx)
        if isinstance(subject, str):
            rows = await fetch_collected(tx, q.INITIATIVE_FEATURES, keys=[subject], **viewer.params())
            if not rows:
                return None, {}, None
            me = profile_from_row(rows[0])
        else:
            me = subject
        if not me.places and not me.themes:
            me.inferred_themes = (await kept.theme_tree()).infer(me.text_terms)
        params = {"statuses": LIVE_STATUSES, "exclude": [me.key] if me.key else [], "limit": w.CANDIDATE_LIMIT}
        if me.places:
            zone = await _zone(kept, me.places)
            rows = await fetch_collected(tx, q.CANDIDATE_FEATURES_BY_PLACE, placeKeys=zone, **params, **viewer.params())
        elif me.theme_keys:
            below = (await kept.theme_tree()).below(me.theme_keys)
            rows = await fetch_collected(tx, q.CANDIDATE_FEATURES_BY_THEME, themeKeys=sorted(below), **params, **viewer.params())
        else:
            rows = []
        if not rows:
            return me, {}, None
        others = {row["initiative"]["key"]: profile_from_row(row) for row in rows}
        # each candidate is compared with the subject only, so a shared funder is one of the subject's
        return me, others, await _facts(tx, kept, viewer, [me, *others.values()], named=me.funders)

    me, others, facts = await graph.read(work)
    if facts is None:
        return []
    ctx = _context(facts, [me, *others.values()])
    # a candidate whose substance alone keeps it below min_score is not scored further (the margin: scores
    # are rounded to 4 places before the comparison with min_score)
    at_least = max(0.0, min_score - _ROUNDING)
    found = [DuplicateCandidate(key, result) for key, other in others.items()
             if not same_programme(me, other) and (result := compare(me, other, ctx, at_least=at_least)) is not None]
    found = [f for f in found if f.comparison.score >= min_score]
    found.sort(key=lambda f: (-f.comparison.score, -f.comparison.confidence, f.initiative_key))
    return found[:limit]


async def duplicate_clusters(graph: Graph, viewer: Viewer, place_key: str, *, threshold: float = w.DUPLICATE_REPORT_THRESHOLD,
                             ) -> list[DuplicateCluster]:
    """Every pair of live initiatives at or below the place scoring at least `threshold`, grouped into
    clusters of initiatives that are each likely duplicates of every other."""

    async def gather(tx):
        kept = await FACTS.read(tx)
        below = await kept.places_below([place_key])
        rows = await fetch_all(tx, q.INITIATIVES_IN_PLACES, placeKeys=sorted(below), statuses=LIVE_STATUSES,
                               limit=w.CANDIDATE_LIMIT, **viewer.params())
        found = await fetch_collected(tx, q.INITIATIVE_FEATURES, keys=[r["key"] for r in rows], **viewer.params())
        items = {row["initiative"]["key"]: profile_from_row(row) for row in found}
        return items, await _facts(tx, kept, viewer, list(items.values()))

    items, facts = await graph.read(gather)
    ctx = _context(facts, list(items.values()))
    pairs = []
    for a, b in sorted(_pairs_worth_comparing(items, ctx)):
        if same_programme(items[a], items[b]):
            continue
        result = compare(items[a], items[b], ctx, at_least=threshold)
        if result is not None and result.score >= threshold:
            pairs.append((a, b, result))
    return _complete_linkage(pairs)


def _pairs_worth_comparing(items: dict[str, Profile], ctx: Context) -> set[tuple[str, str]]:
    """Pairs sharing an informative word or a theme below the top of the taxonomy: without either, the
    substance of a pair is nil and so is its score."""
    postings: dict[str, list[str]] = defaultdict(list)
    for key, item in items.items():
        for term in item.title_terms.counts:
            if ctx.corpus.share(term) <= MAX_WORD_SHARE:
                postings["w:" + term].append(key)
        for theme in item.theme_keys:
            for up in ctx.themes.ancestors(theme)[:-1]:
                postings["t:" + up].append(key)
    pairs: set[tuple[str, str]] = set()
    for keys in postings.values():
        if len(keys) <= MAX_POSTING:
            pairs.update(combinations(sorted(set(keys)), 2))
    return pairs


def _complete_linkage(pairs: list[tuple[str, str, Comparison]]) -> list[DuplicateCluster]:
    """Strongest pairs first; an initiative joins a cluster only if it is a likely duplicate of every
    member, so a chain of loosely alike initiatives never becomes one cluster."""
    close = {frozenset((a, b)): result for a, b, result in pairs}
    member_of: dict[str, DuplicateCluster] = {}
    clusters: list[DuplicateCluster] = []
    for a, b, result in sorted(pairs, key=lambda p: -p[2].score):
        ca, cb = member_of.get(a), member_of.get(b)
        if ca is None and cb is None:
            cluster = DuplicateCluster([a, b], result.score, [(a, b, result)])
            clusters.append(cluster)
            member_of[a] = member_of[b] = cluster
        elif (ca is None) != (cb is None):
            cluster, newcomer = (ca, b) if ca is not None else (cb, a)
            links = [close.get(frozenset((newcomer, m))) for m in cluster.initiative_keys]
            if all(links):
                cluster.pairs += [(m, newcomer, r) for m, r in zip(cluster.initiative_keys, links)]
                cluster.initiative_keys.append(newcomer)
                member_of[newcomer] = cluster
    for cluster in clusters:
        cluster.initiative_keys.sort()
        cluster.pairs.sort(key=lambda p: -p[2].score)
    return sorted(clusters, key=lambda c: (-c.score, c.initiative_keys))
