"""How alike two texts are in what they say, across the languages of the field.

A text becomes a bag of informative terms: words are transliterated (so scripts do not matter), stop words
and generic project words dropped, words of the field's glossary mapped to one concept whatever the
language (молодёжь, жаштар, ҷавонон, yoshlar, jeunes and youth are all "youth"), other words stemmed
(Snowball for English, French and Russian; the first letters for Kyrgyz, Tajik and Uzbek, whose suffixes pile
up), and the names of places left out (the place factor speaks for them; the names a title gives are kept
apart, since two titles naming different villages are about different people). Terms are weighted by how rare they are
among the texts compared (inverse document frequency), so "mediators" counts for more than "support".
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import snowballstemmer
import stopwordsiso
from rapidfuzz import fuzz, process

from hub.text import normalise

_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# letters Russian lacks: a Cyrillic text with them is Kyrgyz, Tajik, Uzbek or Kazakh
_NON_RUSSIAN_CYRILLIC = re.compile(r"[ңөүҷӣқӯҳғўәұіһ]", re.IGNORECASE)
_PREFIX_LENGTH = 6  # the stem of a word in a language without a stemmer here

# Words that say nothing about what an initiative does, in the languages of the field.
GENERIC_WORDS = {
    "project", "programme", "program", "initiative", "support", "supporting", "strengthening", "strengthen",
    "phase", "ii", "iii", "iv", "activity", "activities", "implementation", "enhancing", "enhance", "promoting",
    "promote", "improving", "improve", "increase", "increasing", "through", "within", "based", "level", "levels",
    "establishing", "establish", "building", "new", "local", "national", "regional", "district", "districts",
    "province", "oblast", "rayon", "rayons", "region", "city", "country", "area", "areas", "target",
    "проект", "программа", "программы", "поддержка", "поддержке", "укрепление", "фаза", "этап", "деятельность",
    "повышение", "развитие", "содействие", "рамках", "области", "района", "районе", "районов", "области",
    "долбоор", "долбоору", "колдоо", "боюнча", "менен", "жана", "үчүн", "аркылуу", "лойиҳа", "дастгирӣ",
    "барои", "дар", "ва", "бо", "аз", "loyiha", "qo'llab", "uchun", "va", "bilan", "orqali",
}


@dataclass(frozen=True)
class Terms:
    """A text as weighted terms, with a readable word for each term (for the reasons), and the place names
    it gives."""

    counts: Counter
    shown: dict[str, str]
    places: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.counts)


@lru_cache(maxsize=1)
def _glossary() -> tuple[dict[str, str], dict[str, str], list[tuple[list[str], str]]]:
    """Whole-word entries, word beginnings, and phrases (whose last word may be a beginning), each mapped
    to its concept."""
    raw = json.loads(resources.files("hub.services.analysis").joinpath("glossary.json").read_text("utf-8"))
    whole: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    phrases: list[tuple[list[str], str]] = []
    for concept, entries in raw.items():
        if concept.startswith("_"):
            continue
        for entry in entries:
            words = normalise(entry.rstrip("=")).split()
            if len(words) > 1:
                phrases.append((words, concept))
            elif words and entry.endswith("="):
                whole[words[0]] = concept
            elif words:
                prefixes[words[0]] = concept
    phrases.sort(key=lambda p: -len(p[0]))
    return whole, prefixes, phrases


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    words = set().union(*(stopwordsiso.stopwords(lang) for lang in ("en", "ru", "fr"))) | GENERIC_WORDS
    return frozenset(normalise(w).replace(" ", "") for w in words if w)


_FRENCH_MARKERS = frozenset({"le", "la", "les", "des", "du", "et", "pour", "dans", "une", "au", "aux", "avec", "sur", "de"})
_ENGLISH_MARKERS = frozenset({"the", "and", "of", "for", "in", "with", "to", "on", "a", "an", "by"})


def _latin_language(forms: list[str]) -> str:
    french = sum(1 for f in forms if f in _FRENCH_MARKERS)
    english = sum(1 for f in forms if f in _ENGLISH_MARKERS)
    return "french" if french > english else "english"


@lru_cache(maxsize=3)
def _stemmer(language: str):
    return snowballstemmer.stemmer(language)


def _concept(form: str) -> str | None:
    whole, prefixes, _ = _glossary()
    if form in whole:
        return whole[form]
    for length in range(len(form), 2, -1):
        concept = prefixes.get(form[:length])
        if concept:
            return concept
    return None


@lru_cache(maxsize=50_000)  # words recur from text to text: stemming was two thirds of a new text's analysis
def _stem(word: str, form: str, russian: bool, latin: str) -> str:
    if _CYRILLIC.search(word):
        if russian:
            return normalise(_stemmer("russian").stemWord(word.lower()))
        return form[:_PREFIX_LENGTH]
    if latin == "french":
        return normalise(_stemmer("french").stemWord(word.lower())).replace(" ", "")
    if form.isascii():
        return _stemmer("english").stemWord(form)
    return form[:_PREFIX_LENGTH]


def _phrases(forms: list[str]) -> dict[int, tuple[int, str]]:
    """Where a glossary phrase starts: position -> (its length in words, its concept). Phrases are taken in the
    glossary's order (longest first), each at every place it fits that an earlier one did not take. Every
    phrase has two words or more, and all but its last must be there as they are: a phrase is tried only where
    its first word is (trying every phrase at every position took half a millisecond for a 30-word text)."""
    found: dict[int, tuple[int, str]] = {}
    taken: set[int] = set()
    starts: dict[str, list[int]] = {}
    for i, form in enumerate(forms):
        starts.setdefault(form, []).append(i)
    for words, concept in _glossary()[2]:
        n = len(words)
        for i in starts.get(words[0], ()):
            if i + n > len(forms) or any(j in taken for j in range(i, i + n)):
                continue
            if forms[i:i + n - 1] == words[:-1] and forms[i + n - 1].startswith(words[-1]):
                found[i] = (n, concept)
                taken.update(range(i, i + n))
    return found


@dataclass(frozen=True)
class _Analysed:
    """A text's words in order (a glossary phrase is one, with no form: no place name replaces it), each
    with its normalised form, its term (None when the word says nothing: a stop word, a number, a single
    letter) and the readable word shown for the term. Strings are interned: texts share their words."""

    forms: tuple[str | None, ...]
    terms: tuple[str | None, ...]
    labels: tuple[str, ...]


@lru_cache(maxsize=20_000)
def _analysed(text: str) -> _Analysed:
    """The costly part (phrases, glossary, stemming), done once per text whatever the place names of the
    comparison it is in."""
    russian = not _NON_RUSSIAN_CYRILLIC.search(text)
    words = _WORD.findall(text)
    forms = [normalise(w).replace(" ", "") for w in words]
    latin = _latin_language(forms)
    phrases = _phrases(forms)
    stop = _stop_words()
    kept: list[str | None] = []
    found: list[str | None] = []
    labels: list[str] = []
    i = 0
    while i < len(words):
        if i in phrases:
            n, concept = phrases[i]
            kept.append(None)
            found.append(sys.intern("@" + concept))
            labels.append(sys.intern(" ".join(w.lower() for w in words[i:i + n])))
            i += n
            continue
        word, form = words[i], forms[i]
        i += 1
        term = None
        if len(form) >= 2 and not form.isdigit() and form not in stop:
            concept = _concept(form)
            term = "@" + concept if concept else _stem(word, form, russian, latin)
            if not term or term in stop:
                term = None
        kept.append(sys.intern(form))
        found.append(term and sys.intern(term))
        labels.append(sys.intern(word.lower()))
    return _Analysed(tuple(kept), tuple(found), tuple(labels))


def terms(text: str, place_words: frozenset[str] = frozenset()) -> Terms:
    """The informative terms of a text; `place_words` are normalised words of place names to leave out."""
    if not text:
        return Terms(Counter(), {})
    # only the place words the text contains change its terms: a comparison's thousands of place words
    # leave most texts as they are, so the result is kept by text and those words
    named = place_words.intersection(_analysed(text).forms) if place_words else frozenset()
    return _terms(text, named)


@lru_cache(maxsize=20_000)
def _terms(text: str, place_words: frozenset[str]) -> Terms:
    analysed = _analysed(text)
    counts: Counter = Counter()
    shown: dict[str, str] = {}
    named: set[str] = set()
    for form, term, label in zip(analysed.forms, analysed.terms, analysed.labels):
        if form is not None and form in place_words:
            named.add(form)
            continue
        if term is None:
            continue
        counts[term] += 1
        shown.setdefault(term, label)
    return Terms(counts, shown, frozenset(named))


def place_words(names) -> frozenset[str]:
    """The words of place names, normalised, to keep them out of the text comparison."""
    words = set()
    for name in names:
        parts = normalise(name).split()
        words.update(w for w in parts if len(w) > 2 or len(parts) > 1 and len(w) == 2)
    return frozenset(words)


class Corpus:
    """The texts being compared: how rare each term is among them (inverse document frequency), and one
    spelling for the near-identical spellings of a word (a transliteration variant, another inflection),
    so that each text becomes one weighted vector, computed once however many pairs it is in."""

    MIN_DOCUMENTS = 20  # fewer texts than this say little about rarity: weights are smoothed towards 1
    SAME_WORD = 85  # rapidfuzz ratio from which two spellings of five letters or more are one word

    def __init__(self, documents: list[Terms]):
        self.size = len(documents)
        seen: Counter = Counter()
        for doc in documents:
            seen.update(set(doc.counts))
        self.spelling: dict[str, str] = {}
        buckets: dict[str, list[str]] = defaultdict(list)
        for term, _ in sorted(seen.items(), key=lambda item: (-item[1], item[0])):
            if term.startswith("@") or len(term) < 5:
                self.spelling[term] = term
                continue
            bucket = buckets[term[:2]]
            match = process.extractOne(term, bucket, scorer=fuzz.ratio, score_cutoff=self.SAME_WORD) if bucket else None
            self.spelling[term] = match[0] if match else term
            if not match:
                bucket.append(term)
        self.frequency: Counter = Counter()
        for doc in documents:
            self.frequency.update({self.spelling.get(t, t) for t in doc.counts})
        self._vectors: dict[int, tuple[dict[str, float], float, Terms]] = {}
        self._weights: dict[str, float] = {}
        self._weighted: dict[str, tuple[str, float]] = {}  # term -> its spelling and weight

    def weight(self, term: str) -> float:
        found = self._weights.get(term)
        if found is None:
            n = max(self.size, self.MIN_DOCUMENTS)
            frequency = self.frequency.get(self.spelling.get(term, term), 0)
            found = self._weights[term] = math.log(1 + (n + 1) / (frequency + 0.5))
        return found

    def share(self, term: str) -> float:
        """The share of the texts that contain the term."""
        return self.frequency.get(self.spelling.get(term, term), 0) / max(1, self.size)

    def vector(self, doc: Terms) -> tuple[dict[str, float], float]:
        found = self._vectors.get(id(doc))
        if found is None or found[2] is not doc:
            weighted = self._weighted
            vec: dict[str, float] = {}
            for term, count in doc.counts.items():
                entry = weighted.get(term)
                if entry is None:
                    entry = weighted[term] = (self.spelling.get(term, term), self.weight(term))
                spelled, weight = entry
                vec[spelled] = vec.get(spelled, 0.0) + count * weight
            norm = math.sqrt(sum(v * v for v in vec.values()))
            found = self._vectors[id(doc)] = (vec, norm, doc)
        return found[0], found[1]

    def vectorised(self, doc: Terms) -> dict[str, float] | None:
        """The document's vector if it was already worked out."""
        found = self._vectors.get(id(doc))
        return found[0] if found is not None and found[2] is doc else None

    def shares_a_term(self, doc: Terms, vector: dict[str, float]) -> bool:
        """Whether the document has a term of this vector (in its spelling), without working out its own."""
        spelling = self.spelling
        return any(spelling.get(term, term) in vector for term in doc.counts)


@dataclass
class TextMatch:
    score: float
    shared: list[str]  # the shared terms
    corpus: Corpus | None = None
    shown: dict[str, str] | None = None

    def words(self) -> list[str]:
        """Readable words for the shared terms, most informative first."""
        if not self.shared or self.corpus is None:
            return []
        spelled = {self.corpus.spelling.get(t, t): label for t, label in (self.shown or {}).items()}
        return [spelled.get(t, t) for t in sorted(self.shared, key=lambda t: -self.corpus.weight(t))]


def similarity(a: Terms, b: Terms, corpus: Corpus) -> TextMatch:
    """Cosine of the two texts' term vectors weighted by rarity, in [0, 1]."""
    if not a or not b:
        return TextMatch(0.0, [])
    # a text compared with many (a check's subject) has its vector already: one that shares none of its terms
    # scores 0 without its own being worked out
    known, other = (a, b) if corpus.vectorised(b) is None else (b, a)
    if corpus.vectorised(other) is None and not corpus.shares_a_term(other, corpus.vector(known)[0]):
        return TextMatch(0.0, [])
    va, na = corpus.vector(a)
    vb, nb = corpus.vector(b)
    if len(va) > len(vb):
        shared = [t for t in vb if t in va]
    else:
        shared = [t for t in va if t in vb]
    if not shared or not na or not nb:
        return TextMatch(0.0, [])
    dot = sum(va[t] * vb[t] for t in shared)
    return TextMatch(min(1.0, dot / (na * nb)), shared, corpus, a.shown)
