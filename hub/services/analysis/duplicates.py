"""Duplication alerts: the initiatives that risk duplicating one (registered or draft), ranked with the
reasons behind each score; and clusters of likely duplicates across a place.

Round trips: the profile of the initiative asked about (if registered), the neighbourhood of its places,
the candidates, their profiles, and the ancestry and names of the places, themes and funders involved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hub.access import Viewer
from hub.graph.analysis import features as q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.services.analysis import weights as w
from hub.services.analysis.scope import LIVE_STATUSES
from hub.services.analysis.similarity import Comparison, Profile, Taxonomies, compare, same_programme


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


async def profiles(graph: Graph, keys: list[str], viewer: Viewer) -> dict[str, Profile]:
    if not keys:
        return {}
    rows = await graph.read(lambda tx: fetch_all(tx, q.INITIATIVE_FEATURES, keys=keys, **viewer.params()))
    return {row["initiative"]["key"]: profile_from_row(row) for row in rows}


async def taxonomies(graph: Graph, items: list[Profile], viewer: Viewer) -> Taxonomies:
    place_keys = sorted({k for p in items for k in p.places})
    funder_keys = sorted({k for p in items for k in p.funders})

    async def work(tx):
        places = await fetch_all(tx, q.PLACE_ANCESTRY, keys=place_keys)
        themes = await fetch_all(tx, q.THEME_ANCESTRY)
        funders = await fetch_all(tx, q.ACTOR_NAMES, keys=funder_keys, **viewer.params())
        return places, themes, funders

    places, themes, funders = await graph.read(work)
    names = {r["key"]: r["name"] for r in places + themes + funders}
    return Taxonomies(
        place_ancestors={r["key"]: set(r["ancestors"]) for r in places},
        theme_ancestors={r["key"]: set(r["ancestors"]) for r in themes},
        names=names,
        theme_root_keys={r["key"] for r in themes if r["ancestors"] == [r["key"]]},
    )


async def find_duplicates(graph: Graph, viewer: Viewer, subject: Profile, *, limit: int = 10,
                          min_score: float = 0.0) -> list[DuplicateCandidate]:
    exclude = [subject.key] if subject.key else []
    params = {"statuses": LIVE_STATUSES, "exclude": exclude, "limit": w.CANDIDATE_LIMIT} | viewer.params()
    if subject.places:
        around = await graph.read(lambda tx: fetch_one(tx, q.PLACE_NEIGHBOURHOOD, keys=sorted(subject.places)))
        rows = await graph.read(lambda tx: fetch_all(tx, q.CANDIDATES_BY_PLACE, placeKeys=around["keys"], **params))
    elif subject.themes:
        rows = await graph.read(lambda tx: fetch_all(tx, q.CANDIDATES_BY_THEME, themeKeys=sorted(subject.themes), **params))
    else:
        return []
    candidates = await profiles(graph, [r["key"] for r in rows], viewer)
    tax = await taxonomies(graph, [subject, *candidates.values()], viewer)
    today = dt.date.today()
    found = [DuplicateCandidate(key, compare(subject, other, tax, today)) for key, other in candidates.items()
             if not same_programme(subject, other)]
    found = [f for f in found if f.comparison.score >= min_score]
    found.sort(key=lambda f: (-f.comparison.score, f.initiative_key))
    return found[:limit]


async def duplicate_clusters(graph: Graph, viewer: Viewer, place_key: str, *, threshold: float = w.DUPLICATE_REPORT_THRESHOLD,
                             ) -> list[DuplicateCluster]:
    """Every pair of live initiatives at or below the place scoring at least `threshold`, grouped into
    clusters (pairs that share an initiative join one cluster)."""
    below = await graph.read(lambda tx: fetch_one(tx, q.PLACE_NEIGHBOURHOOD, keys=[place_key]))
    # only the place and what lies within it: the neighbourhood minus the place's ancestors
    ancestry = await graph.read(lambda tx: fetch_all(tx, q.PLACE_ANCESTRY, keys=[place_key]))
    above = set(ancestry[0]["ancestors"]) - {place_key} if ancestry else set()
    keys = [k for k in below["keys"] if k not in above]
    rows = await graph.read(lambda tx: fetch_all(tx, q.INITIATIVES_IN_PLACES, placeKeys=keys, statuses=LIVE_STATUSES,
                                                 limit=w.CANDIDATE_LIMIT, **viewer.params()))
    items = await profiles(graph, [r["key"] for r in rows], viewer)
    tax = await taxonomies(graph, list(items.values()), viewer)
    today = dt.date.today()
    ordered = sorted(items)
    pairs = []
    for n, a in enumerate(ordered):
        for b in ordered[n + 1:]:
            if same_programme(items[a], items[b]):
                continue
            result = compare(items[a], items[b], tax, today)
            if result.score >= threshold:
                pairs.append((a, b, result))
    return _complete_linkage(pairs)


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
