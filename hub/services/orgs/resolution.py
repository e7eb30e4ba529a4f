"""Resolving an import's organisations against the actors the hub has, beyond exact identifiers and names.

The documented rule: an organisation the file names is
1. the actor with its (reliable) IATI identifier, else the actor whose normalised name or acronym is its own
   (hub.services.import_plan.resolve_organisations);
2. else the actor the comparison of hub.services.orgs.matching is confident of (score from 0.9): linked to
   it, the file's spellings kept as aliases;
3. else a new actor; and when the comparison is unsure (0.6 to 0.9) a review-queue entry asks an admin
   whether the new actor is the existing one (mergeCandidates, confirmMerge, rejectMerge, undoMerge).
An identifier that names no organisation reliably ("12", "99999", a DAC category) is set aside: a group of
the file with such an identifier joins the group of the same name, so UNDP stays one actor.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from hub.access import Viewer
from hub.graph import merges as q
from hub.graph import nodes as node_q
from hub.graph.connection import Graph, fetch_all, fetch_collected
from hub.services.orgs.matching import SAME, REVIEW, OrgName, best_match, unreliable_ref, well_known_entry
from hub.text import normalise

if TYPE_CHECKING:
    from hub.services.import_plan import OrgGroup

__all__ = ["fold_junk_refs", "load_stored", "resolve_by_likeness", "unreliable_ref"]
COMMON = 400  # a word shared by more actors than this does not select candidates on its own


def fold_junk_refs(groups: list["OrgGroup"]) -> None:
    """A group whose identifier is unreliable joins another group of the file with one of its names (one
    with a reliable identifier first), so the file names each organisation once."""
    by_name: dict[str, "OrgGroup"] = {}
    ordered = sorted(groups, key=lambda g: bool(g.ref and unreliable_ref(g.ref)))  # stable: reliable first
    for group in ordered:
        weak = bool(group.ref and unreliable_ref(group.ref))
        other = next((by_name[n] for n in map(normalise, group.names) if n in by_name), None) if weak else None
        if other is not None and other is not group:
            other.names += [n for n in group.names if n not in other.names]
            other.types.update(group.types)
            other.implements |= group.implements
            other.acronym = other.acronym or group.acronym
            group.folded, group.folded_into = True, other
            continue
        for name in group.names:
            by_name.setdefault(normalise(name), group)


def _tokens(org: OrgName) -> set[str]:
    found = set()
    for spelling in org.spellings:
        words = normalise(spelling).split()
        found |= {w for w in words if len(w) >= 3}
        found.add("".join(words))
        entry = well_known_entry(spelling)
        if entry:
            found.add(f"=entry:{entry}")
        if len(words) >= 2:
            found.add("".join(w[0] for w in words if w not in ("of", "for", "the", "and")))
    return found


async def resolve_by_likeness(graph: Graph, viewer: Viewer, groups: list["OrgGroup"]) -> None:
    if not groups:
        return
    rows = await graph.read(lambda tx: fetch_all(tx, q.ACTOR_NAMES, **viewer.params()))
    known = {r["key"]: OrgName(r["name"] or "", r.get("acronym"), r.get("ref"), tuple(r.get("aliases") or []))
             for r in rows}
    index: dict[str, set[str]] = defaultdict(set)
    for key, org in known.items():
        for token in _tokens(org):
            index[token].add(key)
    for group in groups:
        incoming = OrgName(group.display_name, group.acronym, group.ref, tuple(group.names))
        tokens = [t for t in _tokens(incoming) if t in index]
        picked = set().union(*(index[t] for t in tokens if len(index[t]) <= COMMON)) if tokens else set()
        key, verdict = best_match(incoming, {k: known[k] for k in picked})
        if key is None:
            continue
        if verdict.decision == SAME:
            group.key, group.existing = key, True
        elif verdict.decision == REVIEW:
            group.review = (key, verdict.score, verdict.reasons)


async def load_stored(graph: Graph, viewer: Viewer, groups: list["OrgGroup"]) -> None:
    """The stored actor of each resolved group, to add the file's spellings to its aliases."""
    keys = sorted({g.key for g in groups})
    if not keys:
        return
    rows = await graph.read(lambda tx: fetch_collected(tx, node_q.get_by_keys("Actor"), keys=keys, **viewer.params()))
    stored = {r["node"]["key"]: r["node"] for r in rows}
    for group in groups:
        group.stored = stored.get(group.key)
