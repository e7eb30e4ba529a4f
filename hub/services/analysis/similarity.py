"""How alike two initiatives are, factor by factor, with the figures behind each factor.

Pure functions over plain data, so the scoring can be reasoned about and tested without a graph.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

from hub.services.analysis import weights as w
from hub.text import normalise


@dataclass
class Profile:
    """An initiative (registered or draft) as the comparison sees it."""

    key: str | None
    title: str
    description: str = ""
    places: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    target_groups: set[str] = field(default_factory=set)
    funders: set[str] = field(default_factory=set)
    family: set[str] = field(default_factory=set)  # programmes it belongs to and its own components
    start: dt.date | None = None
    end: dt.date | None = None

    @cached_property
    def title_text(self) -> str:
        return normalise(self.title)

    @cached_property
    def description_text(self) -> str:
        return normalise(self.description)


@dataclass
class Factor:
    name: str
    score: float | None  # None: not compared
    detail: str


@dataclass
class Comparison:
    score: float
    factors: list[Factor]


@dataclass
class Taxonomies:
    """Ancestors (including self) of every place and theme concerned, and their names for the reasons."""

    place_ancestors: dict[str, set[str]]
    theme_ancestors: dict[str, set[str]]
    names: dict[str, str]
    theme_root_keys: set[str]

    def name(self, key: str) -> str:
        return self.names.get(key, key)


def weighted(factors: list[Factor], weights: dict[str, float]) -> float:
    compared = [f for f in factors if f.score is not None]
    total = sum(weights[f.name] for f in compared)
    if not total:
        return 0.0
    return round(sum(weights[f.name] * f.score for f in compared) / total, 4)


def _names(keys, tax: Taxonomies, most: int = 4) -> str:
    names = sorted(tax.name(k) for k in keys)
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


def place_factor(a: Profile, b: Profile, tax: Taxonomies) -> Factor:
    if not a.places or not b.places:
        return Factor("place", None, "not compared: places unknown")
    shared = a.places & b.places
    exact = len(shared) / min(len(a.places), len(b.places))
    nested = {(x, y) for x in a.places for y in b.places if x != y and
              (x in tax.place_ancestors.get(y, set()) or y in tax.place_ancestors.get(x, set()))}
    if exact >= w.NESTED_PLACE or not nested:
        detail = f"{len(shared)} of {min(len(a.places), len(b.places))} places shared" + (
            f": {_names(shared, tax)}" if shared else "")
        return Factor("place", round(exact, 4), detail)
    x, y = sorted(nested)[0]
    return Factor("place", w.NESTED_PLACE, f"nested places: {tax.name(x)} and {tax.name(y)}")


def theme_match(x: str, ys: set[str], tax: Taxonomies) -> float:
    if x in ys:
        return 1.0
    ax = tax.theme_ancestors.get(x, {x})
    best = 0.0
    for y in ys:
        ay = tax.theme_ancestors.get(y, {y})
        if x in ay or y in ax:
            best = max(best, w.NARROWER_THEME)
        elif (ax & ay) - tax.theme_root_keys - {x, y}:
            best = max(best, w.SIBLING_THEME)
    return best


def theme_factor(a: Profile, b: Profile, tax: Taxonomies) -> Factor:
    if not a.themes or not b.themes:
        return Factor("theme", None, "not compared: themes unknown")
    forward = sum(theme_match(x, b.themes, tax) for x in a.themes) / len(a.themes)
    backward = sum(theme_match(y, a.themes, tax) for y in b.themes) / len(b.themes)
    shared = a.themes & b.themes
    detail = (f"{len(shared)} of {len(a.themes | b.themes)} themes shared: {_names(shared, tax)}" if shared
              else "related themes only" if forward or backward else "no related themes")
    return Factor("theme", round((forward + backward) / 2, 4), detail)


def text_similarity(x: str, y: str) -> float:
    if not x or not y:
        return 0.0
    return (fuzz.token_set_ratio(x, y) + fuzz.token_sort_ratio(x, y)) / 200


def text_factor(a: Profile, b: Profile) -> Factor:
    title = text_similarity(a.title_text, b.title_text)
    if a.description_text and b.description_text:
        description = text_similarity(a.description_text, b.description_text)
        score = w.TITLE_SHARE * title + (1 - w.TITLE_SHARE) * description
        return Factor("text", round(score, 4), f"titles {title:.0%} alike, descriptions {description:.0%} alike")
    return Factor("text", round(title, 4), f"titles {title:.0%} alike")


def _end(p: Profile, today: dt.date) -> dt.date:
    return p.end or max(p.start, today) + dt.timedelta(days=w.OPEN_END_DAYS)


def period_factor(a: Profile, b: Profile, today: dt.date | None = None) -> Factor:
    if a.start is None or b.start is None:
        return Factor("period", None, "not compared: start dates unknown")
    today = today or dt.date.today()
    a_end, b_end = _end(a, today), _end(b, today)
    overlap = (min(a_end, b_end) - max(a.start, b.start)).days
    if overlap >= 0:
        shortest = max(1, min((a_end - a.start).days, (b_end - b.start).days))
        share = min(1.0, overlap / shortest)
        return Factor("period", round(0.5 + 0.5 * share, 4), f"periods overlap by {overlap} days ({share:.0%} of the shorter)")
    gap = -overlap
    return Factor("period", round(0.5 * max(0.0, 1 - gap / w.PERIOD_DECAY_DAYS), 4), f"{gap} days apart")


def _jaccard(name: str, x: set[str], y: set[str], what: str, tax: Taxonomies | None = None) -> Factor:
    if not x or not y:
        return Factor(name, None, f"not compared: {what} unknown")
    shared = x & y
    listed = _names(shared, tax) if tax else ", ".join(sorted(shared))
    return Factor(name, round(len(shared) / len(x | y), 4),
                  f"{len(shared)} of {len(x | y)} {what} shared" + (f": {listed}" if shared else ""))


def compare(a: Profile, b: Profile, tax: Taxonomies, today: dt.date | None = None) -> Comparison:
    factors = [
        place_factor(a, b, tax),
        theme_factor(a, b, tax),
        text_factor(a, b),
        period_factor(a, b, today),
        _jaccard("target_groups", a.target_groups, b.target_groups, "target groups"),
        _jaccard("funders", a.funders, b.funders, "funders", tax),
    ]
    score = weighted(factors, w.DUPLICATION)
    if factors[0].score == 0:
        score = round(score * w.DISJOINT_PLACES, 4)
        factors[0].detail += f"; different places: score multiplied by {w.DISJOINT_PLACES}"
    return Comparison(score, factors)


def same_programme(a: Profile, b: Profile) -> bool:
    """A programme and its own components are parts of one whole, not duplicates."""
    return (a.key is not None and a.key in b.family) or (b.key is not None and b.key in a.family)
