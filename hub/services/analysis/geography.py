"""How close two places, or two sets of places, are on the real map of the gazetteer.

Containment at any depth (the broader the container, the weaker), shared borders, siblings under the same
district or province, places that share a name and sit side by side (a district and its town), and the
distance between coordinates where both places have them. Each judgement comes with a sentence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from hub.text import normalise

SAME = {"COUNTRY": 0.6, "ADMIN1": 0.85}  # the same place; 1.0 at finer levels
WITHIN = {"COUNTRY": 0.3, "ADMIN1": 0.55, "ADMIN2": 0.8, "ADMIN3": 0.9, "SETTLEMENT": 0.95}  # by the container's level
NAMESAKE = {"ADMIN1": 0.7}  # a place and its namesake next to it (a district and its town); 0.85 below provinces
NAMESAKE_DEFAULT = 0.85
BORDERING = {"COUNTRY": 0.15, "ADMIN1": 0.35}  # places sharing a border; 0.6 below provinces
BORDERING_DEFAULT = 0.6
ACROSS_PARENTS = 0.45  # the places' districts (or settlements' parents) share a border
ACROSS_PROVINCES = {"ADMIN1": 0.25}  # their provinces share a border; countries sharing one say nothing
SIBLINGS = {"ADMIN1": 0.3, "ADMIN2": 0.5, "ADMIN3": 0.6, "SETTLEMENT": 0.6}  # by the shared parent's level
NEAR_KM, FAR_KM = 5.0, 40.0  # coordinates this close score 0.7, decreasing to 0 at FAR_KM
NEAR_SCORE = 0.7
POINT_LEVELS = {"ADMIN3", "SETTLEMENT"}  # coordinates of larger areas are centroids, not positions

_ADMIN_WORDS = re.compile(r"\b(city|town|rayon|raion|district|oblast|province|region|shaary|shahri|gorod|"
                          r"nohiyai|nohiya|viloyati|tumani|aiyl|okmotu|selo|village)\b")


@dataclass
class Place:
    key: str
    name: str
    level: str
    ancestors: list[str]  # from the place itself upwards
    borders: set[str] = field(default_factory=set)
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 code

    @property
    def core_name(self) -> str:
        return " ".join(_ADMIN_WORDS.sub(" ", normalise(self.name)).split())


@dataclass
class Nearness:
    score: float
    sentence: str


class Gazetteer:
    """The places an analysis needs, with their ancestors' facts."""

    def __init__(self, places: dict[str, Place]):
        self.places = places
        self._near: dict[tuple[str, str], Nearness] = {}

    @classmethod
    def from_rows(cls, rows: list[dict]) -> Gazetteer:
        """Rows of PLACE_FACTS: one per (place, ancestor) with the ancestor's facts and depth."""
        facts: dict[str, dict] = {}
        chains: dict[str, list[tuple[int, str]]] = {}
        for row in rows:
            facts[row["ancestor"]] = row
            chains.setdefault(row["key"], []).append((row["depth"], row["ancestor"]))
        places = {}
        for key, fact in facts.items():
            places[key] = Place(key, fact["name"] or key, fact["level"] or "", [], set(fact["borders"] or []),
                                fact.get("lat"), fact.get("lon"), fact.get("country"))
        for chain in chains.values():
            ordered = [a for _, a in sorted(chain)]
            for i, key in enumerate(ordered):
                if not places[key].ancestors:
                    places[key].ancestors = ordered[i:]
        for place in places.values():
            if not place.ancestors:
                place.ancestors = [place.key]
        return cls(places)

    def add_names(self, rows: list[dict]) -> None:
        """Places known only by name, level and country (PLACE_NAMES rows), for the reasons."""
        for row in rows:
            if row["key"] not in self.places:
                self.places[row["key"]] = Place(row["key"], row["name"] or row["key"], row["level"] or "", [row["key"]],
                                                country=row.get("country"))

    def name(self, key: str) -> str:
        place = self.places.get(key)
        return place.name if place else key

    def level(self, key: str) -> str:
        place = self.places.get(key)
        return place.level if place else ""

    def get(self, key: str) -> Place:
        return self.places.get(key) or Place(key, key, "", [key])

    def nearness(self, x: str, y: str) -> Nearness:
        """How close two places are, with the reason in words (remembered: pairs recur across candidates)."""
        found = self._near.get((x, y))
        if found is None:
            found = self._near[(x, y)] = self._nearness(x, y)
        return found

    def _nearness(self, x: str, y: str) -> Nearness:
        a, b = self.get(x), self.get(y)
        if x == y:
            return Nearness(SAME.get(a.level, 1.0), f"both in {a.name}")
        if y in a.ancestors or x in b.ancestors:
            inner, outer = (a, b) if y in a.ancestors else (b, a)
            return Nearness(WITHIN.get(outer.level, 0.5), f"{inner.name} lies within {outer.name}")
        best = Nearness(0.0, f"{a.name} and {b.name} are far apart")
        shared = [p for p in a.ancestors[1:] if p in b.ancestors[1:]]
        same_name = bool(a.core_name) and a.core_name == b.core_name
        side_by_side = y in a.borders or bool(shared) and (
            self.get(shared[0]).level != "COUNTRY" or a.level == b.level == "ADMIN1")
        if same_name and side_by_side:
            best = _better(best, NAMESAKE.get(a.level, NAMESAKE_DEFAULT),
                           f"{a.name} and {b.name} share a name and lie side by side")
        if y in a.borders:
            level = max(a.level, b.level, key=_coarseness)
            best = _better(best, BORDERING.get(level, BORDERING_DEFAULT), f"{a.name} and {b.name} share a border")
        for p in a.ancestors[:3]:
            for q in b.ancestors[:3]:
                if (p, q) == (x, y) or q not in self.get(p).borders:
                    continue
                level = max(self.get(p).level, self.get(q).level, key=_coarseness)
                fine = _coarseness(level) <= _coarseness("ADMIN2")
                best = _better(best, ACROSS_PARENTS if fine else ACROSS_PROVINCES.get(level, 0.0),
                               f"{a.name} and {b.name} lie on either side of the border between "
                               f"{self.name(p)} and {self.name(q)}")
        if shared:
            parent = self.get(shared[0])
            score = SIBLINGS.get(parent.level, 0.05 if parent.level == "COUNTRY" else 0.3)
            best = _better(best, score, f"{a.name} and {b.name} are both in {parent.name}")
        km = distance_km(a, b)
        if km is not None and km < FAR_KM:
            score = NEAR_SCORE if km <= NEAR_KM else NEAR_SCORE * (FAR_KM - km) / (FAR_KM - NEAR_KM)
            best = _better(best, score, f"{a.name} and {b.name} are {km:.0f} km apart")
        return best

    def set_nearness(self, xs: set[str], ys: set[str]) -> tuple[float, list[str]]:
        """For each place of the smaller set, its nearest place in the other; the mean, and the sentences
        of the closest matches first."""
        small, large = (xs, ys) if len(xs) <= len(ys) else (ys, xs)
        found = []
        for x in sorted(small):
            best = max((self.nearness(x, y) for y in sorted(large)), key=lambda n: n.score)
            found.append(best)
        score = sum(n.score for n in found) / len(found)
        sentences = []
        for n in sorted(found, key=lambda n: -n.score):
            if n.sentence not in sentences:
                sentences.append(n.sentence)
        return score, sentences


_LEVEL_ORDER = ["SETTLEMENT", "ADMIN3", "ADMIN2", "ADMIN1", "COUNTRY"]


def _coarseness(level: str) -> int:
    return _LEVEL_ORDER.index(level) if level in _LEVEL_ORDER else 2


def _better(current: Nearness, score: float, sentence: str) -> Nearness:
    return Nearness(score, sentence) if score > current.score else current


def distance_km(a: Place, b: Place) -> float | None:
    """Kilometres between two point places (settlements, municipalities) with coordinates; else None."""
    if a.level not in POINT_LEVELS or b.level not in POINT_LEVELS:
        return None
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))
