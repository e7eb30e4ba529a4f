"""Ranking metrics over 1-based ranks (None: not returned at all)."""

from __future__ import annotations

from collections.abc import Iterable


def reciprocal_rank(ranks: Iterable[int | None]) -> float:
    """1 / the best rank among the relevant items; 0 when none was returned."""
    found = [r for r in ranks if r is not None]
    return 1.0 / min(found) if found else 0.0


def hits_at(ranks: Iterable[int | None], k: int) -> int:
    return sum(1 for r in ranks if r is not None and r <= k)


def recall_at(ranks: list[int | None], k: int) -> float:
    """Share of the relevant items ranked within the first k (out of at most k of them)."""
    return hits_at(ranks, k) / min(k, len(ranks)) if ranks else 0.0


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def share(count: int, total: int) -> float | None:
    return count / total if total else None


def expected_hit(ranks: list[int], k: int) -> float:
    """Chance that an item whose rank is any of `ranks` (equally likely; none: not returned) is within k."""
    return sum(1 for r in ranks if r <= k) / len(ranks) if ranks else 0.0


def expected_reciprocal_rank(ranks: list[int]) -> float:
    return sum(1 / r for r in ranks) / len(ranks) if ranks else 0.0
