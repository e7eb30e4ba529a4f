"""Whether two initiatives duplicate each other: the same kind of work, for overlapping people, in
overlapping places, at overlapping times.

The score multiplies substance (themes and wording: what is done) by gates for place, period and people,
so place and time without substance stay low, and substance far away or decades apart stays low too. A
factor that cannot be compared (the draft gives no dates, say) neither confirms nor refutes: its gate
takes a middling value and the confidence drops. Pure functions over plain data.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Callable
from functools import cached_property

from hub.services.analysis import weights as w
from hub.services.analysis import wording
from hub.services.analysis.geography import Gazetteer


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
    place_words: frozenset[str] = frozenset()  # names of places, left out of the wording
    inferred_themes: set[str] = field(default_factory=set)  # read from the wording when none were given

    @cached_property
    def title_terms(self) -> wording.Terms:
        return wording.terms(self.title, self.place_words)

    @cached_property
    def text_terms(self) -> wording.Terms:
        """Title and description together, the title counted twice."""
        return wording.terms(f"{self.title}. {self.title}. {self.description}", self.place_words)

    @property
    def theme_keys(self) -> set[str]:
        return self.themes or self.inferred_themes

    def leave_out_place_names(self, words: frozenset[str]) -> None:
        self.place_words = words
        self.__dict__.pop("title_terms", None)
        self.__dict__.pop("text_terms", None)


@dataclass
class Factor:
    name: str
    score: float | None  # None: not known on both sides
    explain: str | Callable[[], str]  # the sentence, or how to write it: only shown results are written out
    weight: float = 0.0  # how much it counts towards the confidence

    @property
    def detail(self) -> str:
        if callable(self.explain):
            self.explain = self.explain()
        return self.explain


@dataclass
class Comparison:
    score: float
    confidence: float
    factors: list[Factor]


@dataclass
class ThemeTree:
    """The theme taxonomy: each theme's broader theme and name."""

    broader: dict[str, str | None]
    names: dict[str, str]
    _chains: dict[str, list[str]] = field(default_factory=dict)
    _pairs: dict[tuple[str, str], float] = field(default_factory=dict)

    def ancestors(self, key: str) -> list[str]:
        chain = self._chains.get(key)
        if chain is None:
            chain = [key]
            while self.broader.get(chain[-1]) and len(chain) < 20:
                chain.append(self.broader[chain[-1]])
            self._chains[key] = chain
        return chain

    def depth(self, key: str) -> int:
        return len(self.ancestors(key)) - 1

    def below(self, keys: set[str]) -> set[str]:
        """The themes among these and every narrower one."""
        return {key for key in self.names if not keys.isdisjoint(self.ancestors(key))}

    def name(self, key: str) -> str:
        return self.names.get(key, key)

    def match(self, x: str, ys: set[str]) -> float:
        """How well theme x is matched by any of ys."""
        return max((self.pair(x, y) for y in ys), default=0.0)

    def pair(self, x: str, y: str) -> float:
        """The same theme (a broad one says less), one narrower or broader than the other, or two under the
        same broader theme (below the top of the taxonomy)."""
        found = self._pairs.get((x, y))
        if found is not None:
            return found
        ax, ay = self.ancestors(x), self.ancestors(y)
        if x == y:
            found = w.SAME_THEME_BY_DEPTH[min(self.depth(x), 2)]
        elif y in ax or x in ay:
            broad = y if y in ax else x
            found = w.NARROWER_THEME ** abs(len(ax) - len(ay)) * w.SAME_THEME_BY_DEPTH[min(self.depth(broad), 2)]
        elif set(ax[1:]) & set(ay[1:]) - {ax[-1]}:
            found = w.SIBLING_THEME
        else:
            found = 0.0
        self._pairs[(x, y)] = found
        return found

    def infer(self, terms: wording.Terms) -> set[str]:
        """The themes a text speaks of, by the words of their names (the glossary bridging languages):
        the most specific ones."""
        found = {key for key, name in self.names.items() if _speaks_of(terms, wording.terms(f"{name} {key}"))}
        return {k for k in found if not any(k != o and k in self.ancestors(o) for o in found)}


def _speaks_of(text: wording.Terms, name: wording.Terms) -> bool:
    if not name:
        return False
    shared = sum(1 for t in name.counts if t in text.counts)
    return shared >= max(1, math.ceil(len(name.counts) / 2))


@dataclass
class Context:
    """What a comparison needs besides the two profiles."""

    places: Gazetteer
    themes: ThemeTree
    corpus: wording.Corpus
    funder_names: dict[str, str]
    today: dt.date


def _names(keys, name_of, most: int = 3) -> str:
    names = sorted({name_of(k) for k in keys})
    if len(names) > most:
        return ", ".join(names[:most]) + f" and {len(names) - most} more"
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def _named(words: frozenset[str], ctx: Context) -> str:
    """The gazetteer names made of these words (a title's "Ak-Sai" is the words ak and sai)."""
    names = {p.name for p in ctx.places.places.values() if set(wording.place_words([p.name])) <= words}
    return _names(names, str) if names else ", ".join(sorted(words))


def place_factor(a: Profile, b: Profile, ctx: Context) -> Factor:
    if not a.places or not b.places:
        return Factor("place", None, "Where one of them works is not known.", 0.0)
    score, sentences = ctx.places.set_nearness(a.places, b.places)
    named_a, named_b = a.title_terms.places, b.title_terms.places
    apart = score < 0.99 and named_a and named_b and not named_a & named_b
    if apart:  # "... in Vorukh" and "... of Ak-Sai": each about its own community
        score *= w.TITLES_NAME_OTHER_PLACES

    def explain() -> str:
        shared = a.places & b.places
        if shared and score >= 0.99:
            return f"Both work in {_names(shared, ctx.places.name)}."
        detail = "; ".join(sentences[:2]) + "."
        if apart:
            detail += (f" The titles name different places: {_named(named_a, ctx)} against {_named(named_b, ctx)}.")
        return detail[0].upper() + detail[1:]
    return Factor("place", round(score, 4), explain, w.EVIDENCE["place"])


def theme_factor(a: Profile, b: Profile, ctx: Context) -> Factor:
    xs, ys = a.theme_keys, b.theme_keys
    if not xs or not ys:
        return Factor("theme", None, "The themes of one of them are not known.", 0.0)
    forward = sum(ctx.themes.match(x, ys) for x in xs) / len(xs)
    backward = sum(ctx.themes.match(y, xs) for y in ys) / len(ys)
    score = round(max(forward, backward) * 0.6 + min(forward, backward) * 0.4, 4)
    inferred = not (a.themes and b.themes)

    def explain() -> str:
        shared = xs & ys
        if shared:
            detail = f"Both work on {_names(shared, ctx.themes.name).lower()}."
        elif score:
            detail = f"Related themes: {_names(xs, ctx.themes.name).lower()} and {_names(ys, ctx.themes.name).lower()}."
        else:
            detail = f"Different themes: {_names(xs, ctx.themes.name).lower()} against {_names(ys, ctx.themes.name).lower()}."
        return detail + (" (Themes read from the wording where none were given.)" if inferred else "")
    return Factor("theme", score, explain, w.EVIDENCE["theme"] * (w.INFERRED_THEME_EVIDENCE if inferred else 1.0))


def text_factor(a: Profile, b: Profile, ctx: Context) -> Factor:
    title = wording.similarity(a.title_terms, b.title_terms, ctx.corpus)
    both_described = bool(a.description.strip() and b.description.strip())
    whole = wording.similarity(a.text_terms, b.text_terms, ctx.corpus) if both_described else title
    score = max(title.score, 0.5 * title.score + 0.5 * whole.score)
    informative = min(len(a.title_terms.counts), len(b.title_terms.counts))
    reliability = min(1.0, (informative + (2 if both_described else 0)) / w.INFORMATIVE_WORDS_FOR_FULL_TRUST)

    def explain() -> str:
        words = title.words() or whole.words()
        if not words:
            return "The titles and descriptions share no informative word."
        return (f"The {'titles' if title.shared else 'descriptions'} share the words "
                f"{_names(words[:4], str, most=4)} ({score:.0%} alike, rare words weighing more).")
    return Factor("text", round(score, 4), explain, w.EVIDENCE["text"] * reliability)


def _end(start: dt.date, end: dt.date | None, today: dt.date) -> dt.date:
    return end or max(start, today) + dt.timedelta(days=w.OPEN_END_DAYS)


def period_factor(a: Profile, b: Profile, today: dt.date) -> Factor:
    """A draft without dates is taken to start today: it is being planned now."""
    assumed = [p for p in (a, b) if p.start is None and p.key is None]
    a_start = a.start or (today if a in assumed else None)
    b_start = b.start or (today if b in assumed else None)
    if a_start is None or b_start is None:
        return Factor("period", None, "When one of them runs is not known.", 0.0)
    a_end, b_end = _end(a_start, a.end, today), _end(b_start, b.end, today)
    overlap = (min(a_end, b_end) - max(a_start, b_start)).days
    weight = w.EVIDENCE["period"] * (w.ASSUMED_PERIOD_EVIDENCE if assumed else 1.0)
    note = " (The draft gives no dates: taken as starting today.)" if assumed else ""
    if overlap >= 0:
        return Factor("period", 1.0, f"They run at the same time: {overlap} days in common.{note}", weight)
    gap = -overlap
    score = max(0.0, 1 - gap / w.PERIOD_DECAY_DAYS)
    years = f"{gap / 365:.1f} years" if gap >= 365 else f"{gap} days"
    return Factor("period", round(score, 4), f"One ended {years} before the other began.{note}", weight)


def _groups(keys) -> str:
    return _names(keys, lambda g: g.replace("_", " ").lower())


def people_factor(a: Profile, b: Profile) -> Factor:
    if not a.target_groups or not b.target_groups:
        return Factor("target_groups", None, "Whom one of them works with is not known.", 0.0)
    shared = a.target_groups & b.target_groups
    score = len(shared) / min(len(a.target_groups), len(b.target_groups))

    def explain() -> str:
        if shared:
            return f"Both work with {_groups(shared)}."
        return f"They work with different people: {_groups(a.target_groups)} against {_groups(b.target_groups)}."
    return Factor("target_groups", round(score, 4), explain, w.EVIDENCE["target_groups"])


def funder_factor(a: Profile, b: Profile, ctx: Context) -> Factor:
    if not a.funders or not b.funders:
        return Factor("funders", None, "The funders of one of them are not known.", 0.0)
    shared = a.funders & b.funders
    score = len(shared) / len(a.funders | b.funders)
    return Factor("funders", round(score, 4),
                  (lambda: f"Both funded by {_names(shared, lambda k: ctx.funder_names.get(k, k))}.") if shared
                  else "Different funders.", w.EVIDENCE["funders"])


def _gate(factor: Factor, floor: float, unknown: float) -> float:
    return unknown if factor.score is None else floor + (1 - floor) * factor.score


def compare(a: Profile, b: Profile, ctx: Context, at_least: float = 0.0) -> Comparison | None:
    """The comparison of two initiatives; None when `at_least` is given and their substance alone rules it out."""
    theme, text = theme_factor(a, b, ctx), text_factor(a, b, ctx)
    substance = text.score if theme.score is None else max(
        text.score, w.SUBSTANCE_THEME_SHARE * theme.score + (1 - w.SUBSTANCE_THEME_SHARE) * text.score)
    if at_least and substance * (1 + w.SHARED_FUNDER_BONUS) < at_least:
        return None
    place, period = place_factor(a, b, ctx), period_factor(a, b, ctx.today)
    people, funders = people_factor(a, b), funder_factor(a, b, ctx)
    score = (substance
             * _gate(place, w.PLACE_GATE_FLOOR, w.PLACE_UNKNOWN)
             * _gate(period, w.PERIOD_GATE_FLOOR, w.PERIOD_UNKNOWN)
             * _gate(people, w.PEOPLE_GATE_FLOOR, w.PEOPLE_UNKNOWN))
    if funders.score:
        score = min(1.0, score * (1 + w.SHARED_FUNDER_BONUS))
    factors = [place, theme, text, period, people, funders]
    confidence = sum(f.weight for f in factors) / sum(w.EVIDENCE.values())
    return Comparison(round(score, 4), round(confidence, 4), factors)


def same_programme(a: Profile, b: Profile) -> bool:
    """A programme and its own components are parts of one whole, not duplicates."""
    return (a.key is not None and a.key in b.family) or (b.key is not None and b.key in a.family)
