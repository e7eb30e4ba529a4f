"""Is an organisation named in a file one the hub already knows? A score with its reasons, and a decision.

Files name one organisation many ways: "UNDP", "United Nations Development Programme", "PNUD", "ПРООН", with
and without its IATI identifier, with typos ("Restless Developmen") and country-office suffixes ("Plan
International Inc. (Sierra Leone Country Office)"). The comparison, strongest evidence first:

- the same reliable IATI identifier: the same organisation; two different reliable identifiers: not merged
  automatically, whatever the names say (a national affiliate has its own registration);
- an identifier that cannot be one organisation's (a DAC category such as 41000, "99999", or a bare donor
  code of fewer than five digits such as "12", which one published file gives UNDP) is set aside, and said so;
- both names are spellings of one well-known organisation (well_known.json: several languages and scripts),
  or of two different ones;
- the names, transliterated and without legal forms, are equal, or one is the acronym of the other;
- the names differ by a typo (edit similarity) or only by a country or office suffix, or one contains the
  other: these go to review, since "BRAC Sierra Leone" may be BRAC's country office or an affiliate.

SAME is confident enough to resolve without asking; REVIEW asks an admin; NEW creates a separate actor.
The floors are measured on benchmarks/quality/org_pairs.json (benchmarks/quality/organisations.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import pycountry
from rapidfuzz import fuzz

from hub.text import normalise

SAME, REVIEW, NEW = "SAME", "REVIEW", "NEW"
SAME_AT = 0.9  # score from which an import resolves to the existing actor
REVIEW_AT = 0.6  # score from which an admin is asked

# words that do not tell organisations apart: articles and legal forms, in the languages of the files
_NOISE = {"the", "of", "for", "and", "de", "la", "le", "les", "du", "des", "et", "pour", "del", "y", "e", "v",
          "inc", "ltd", "limited", "gmbh", "plc", "bv", "ry", "llc", "co", "corp", "asbl", "ev", "a", "an"}
_OFFICE = {"country", "office", "regional", "field", "sub", "suboffice", "representation", "mission", "co",
           "bureau", "branch", "chapter", "for", "in", "to"}
_ACRONYM_IN_NAME = re.compile(r"\(([^()]{2,15})\)")
_DAC_REF = re.compile(r"^XM-DAC-(\d+)$")


@dataclass(frozen=True)
class OrgName:
    """What is known of one organisation: its name, acronym, identifier and other spellings."""

    name: str
    acronym: str | None = None
    ref: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> list[str]:
        return [s for s in (self.name, self.acronym, *self.aliases) if s]


@dataclass
class Verdict:
    """The comparison of two organisations: a score in [0, 1], the decision it leads to, and why (sentences)."""

    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def decision(self) -> str:
        return SAME if self.score >= SAME_AT else REVIEW if self.score >= REVIEW_AT else NEW


def unreliable_ref(ref: str | None) -> str | None:
    """Why an identifier cannot be trusted to name one organisation, or None when it can."""
    if not ref:
        return None
    found = _DAC_REF.match(ref.strip())
    if not found:
        return None
    code = found.group(1)
    if code == "99999" or (len(code) == 5 and code.endswith("000")):
        return f"{code} is a DAC category or placeholder, not one organisation's identifier"
    if len(code) < 5 or code.startswith("0") or len(code) > 5:
        return f"{code} is not a DAC channel code (five digits); a bare donor or internal code names no organisation reliably"
    return None


@lru_cache(maxsize=1)
def _well_known() -> dict[str, str]:
    raw = json.loads(resources.files("hub.services.orgs").joinpath("well_known.json").read_text("utf-8"))
    found: dict[str, str] = {}
    for entry, names in raw.items():
        if not entry.startswith("_"):
            for name in names:
                found[normalise(name)] = entry
    return found


def well_known_entry(name: str) -> str | None:
    """The well-known organisation a name is a spelling of, if any."""
    return _well_known().get(normalise(name))


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Country names and codes, normalised: the suffixes of country offices ("Sierra Leone", "UK", "USA")."""
    names = {"uk", "usa", "us", "u s", "great britain", "england", "europe", "africa", "asia"}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(normalise(value))
        names.add(country.alpha_3.lower())
    return frozenset(names)


def _words(text: str) -> list[str]:
    return [w for w in normalise(text).split() if w not in _NOISE]


def _core(text: str) -> tuple[str, str | None]:
    """The name without a trailing country, place or office suffix ("Plan International Inc. (Sierra Leone
    Country Office)" -> "plan international"), and the suffix set aside."""
    words = _words(_ACRONYM_IN_NAME.sub(" ", text).replace("(", " ").replace(")", " "))
    places = _places()
    cut = len(words)
    while cut > 1:
        for size in (3, 2, 1):
            tail = " ".join(words[cut - size:cut]) if cut - size >= 1 else None
            if tail and (tail in places or tail in _OFFICE):
                cut -= size
                break
        else:
            break
    return " ".join(words[:cut]), " ".join(words[cut:]) or None


def _acronyms(org: OrgName) -> set[str]:
    """Acronyms the organisation goes by: given, written in brackets in a name, or a one-word name in capitals."""
    found = set()
    for spelling in org.spellings:
        for inner in _ACRONYM_IN_NAME.findall(spelling):
            found.add(normalise(inner).replace(" ", ""))
        bare = spelling.strip()
        if bare and " " not in bare and (bare.isupper() or len(bare) <= 6) and len(bare) >= 2:
            found.add(normalise(bare).replace(" ", ""))
    if org.acronym:
        found.add(normalise(org.acronym).replace(" ", ""))
    return {a for a in found if a}


def _initials(text: str) -> str:
    words = [w for w in normalise(_ACRONYM_IN_NAME.sub(" ", text)).split() if w not in _NOISE and not w.isdigit()]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def compare(known: OrgName, incoming: OrgName) -> Verdict:
    """How sure is it that `incoming` (from a file) is `known` (in the hub)?"""
    reasons: list[str] = []
    refs = []
    for org in (known, incoming):
        why = unreliable_ref(org.ref)
        if why and org is incoming:
            reasons.append(f"The identifier {org.ref} given with {org.name!r} is set aside: {why}.")
        refs.append(None if why else org.ref)
    if refs[0] and refs[1]:
        if refs[0].strip().upper() == refs[1].strip().upper():
            score, why = _by_name(known, incoming)
            if score >= REVIEW_AT:
                return Verdict(1.0, [f"Both carry the IATI identifier {refs[1]}.", why])
            return Verdict(SAME_AT - 0.05, [f"Both carry the IATI identifier {refs[1]}, but the names disagree: "
                                             "a file may give a unit or a partner its parent's identifier.", why])
        reasons.append(f"They carry different identifiers ({refs[0]}, {refs[1]}): a different registration, or "
                       "one mistyped; never merged without review.")
    ceiling = SAME_AT - 0.05 if refs[0] and refs[1] else 1.0

    score, why = _by_name(known, incoming)
    reasons.append(why)
    return Verdict(round(min(score, ceiling), 3), reasons)


def _by_name(known: OrgName, incoming: OrgName) -> tuple[float, str]:
    well_known = _well_known()
    entries_a = {well_known[n] for s in known.spellings if (n := normalise(s)) in well_known}
    entries_b = {well_known[n] for s in incoming.spellings if (n := normalise(s)) in well_known}
    if entries_a & entries_b:
        entry = sorted(entries_a & entries_b)[0]
        return 0.97, f"{incoming.name!r} and {known.name!r} are both names of {entry} in the list of well-known organisations."
    if entries_a and entries_b:
        return 0.05, (f"{incoming.name!r} is {sorted(entries_b)[0]} and {known.name!r} is {sorted(entries_a)[0]}: "
                      "two different well-known organisations.")

    best, reason = 0.0, f"{incoming.name!r} and {known.name!r} have little in common."
    for a in known.spellings:
        for b in incoming.spellings:
            score, why = _two_names(a, b)
            if score > best:
                best, reason = score, why
    return best, reason


def _two_names(a: str, b: str) -> tuple[float, str]:
    na, nb = " ".join(_words(a)), " ".join(_words(b))
    if not na or not nb:
        return 0.0, "One of the names is empty."
    if na == nb:
        return 0.95, f"{b!r} is {a!r} written differently (case, accents, script or legal form)."
    acr_a, acr_b = _acronyms(OrgName(a)), _acronyms(OrgName(b))
    compact_a, compact_b = na.replace(" ", ""), nb.replace(" ", "")
    if compact_a in acr_b and compact_b in acr_a:
        return 0.93, f"{b!r} and {a!r} give the same acronym."
    if (compact_b in acr_b and compact_b == _initials(a)) or (compact_a in acr_a and compact_a == _initials(b)):
        short = min(compact_a, compact_b, key=len)
        if len(short) >= 4:
            return 0.91, f"{short.upper()} is the acronym of the other name's words."
        return 0.75, f"{short.upper()} is the initials of the other name, but so short an acronym is often shared."
    core_a, suffix_a = _core(a)
    core_b, suffix_b = _core(b)
    if (suffix_a or suffix_b) and suffix_a == suffix_b and core_a and core_b and len(min(core_a, core_b, key=len)) >= 3 \
            and (core_a.replace(" ", "") == _initials(core_b) or core_b.replace(" ", "") == _initials(core_a)):
        return 0.8, f"With {suffix_a!r} set aside, one name is the acronym of the other."
    if acr_a & acr_b:
        return 0.8, f"Both names carry the acronym {sorted(acr_a & acr_b)[0].upper()}, their words differ."
    if core_a and core_a == core_b and (suffix_a or suffix_b):
        suffixes = " and ".join(repr(s) for s in (suffix_a, suffix_b) if s)
        if all(s is None or "office" in s.split() for s in (suffix_a, suffix_b)):
            return 0.9, f"The names agree once the office suffix {suffixes} is set aside (a country or regional office)."
        return 0.78, (f"The names agree once {suffixes} is set aside: a country office of the same organisation, "
                      "or a national affiliate with its own registration.")
    similar = fuzz.ratio(na, nb) / 100
    if similar >= 0.94 and min(len(na), len(nb)) >= 10:
        return 0.92, f"{b!r} and {a!r} differ by a letter or two (a typo): {similar:.0%} alike."
    if similar >= 0.85 and min(len(na), len(nb)) >= 8:
        return 0.7, f"{b!r} and {a!r} are {similar:.0%} alike: perhaps a typo, perhaps another organisation."
    words_a, words_b = set(na.split()), set(nb.split())
    shorter = min(words_a, words_b, key=len)
    if shorter and shorter < (words_a | words_b) and shorter <= (words_a & words_b) and len(" ".join(shorter)) >= 4:
        return 0.65, (f"Every word of {(a if words_a == shorter else b)!r} is in the other name: the same "
                      "organisation, a unit of it, or another one with a longer name.")
    return similar * 0.6, f"{b!r} and {a!r} are only {similar:.0%} alike."


def best_match(incoming: OrgName, candidates: dict[str, OrgName]) -> tuple[str | None, Verdict]:
    """The known organisation `incoming` most likely is (its key and the verdict), None when none is worth
    asking about. Two candidates both confident is itself uncertain: it goes to review."""
    scored = sorted(((compare(org, incoming), key) for key, org in candidates.items()),
                    key=lambda p: (-p[0].score, p[1]))
    if not scored or scored[0][0].decision == NEW:
        return None, scored[0][0] if scored else Verdict(0.0, ["The hub knows no organisation yet."])
    verdict, key = scored[0]
    if len(scored) > 1 and scored[1][0].decision == SAME and verdict.decision == SAME:
        verdict = Verdict(SAME_AT - 0.01, verdict.reasons + [
            f"Another known organisation ({candidates[scored[1][1]].name!r}) matches as well; an admin decides."])
    return key, verdict
