"""Text normalisation for search and duplicate detection: case-, accent- and script-insensitive.

Every script is transliterated to ASCII (anyascii), so "Ош", "Oš" and "OSH" all become "osh".
"""

import re

from anyascii import anyascii

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise(text: str | None) -> str:
    if not text:
        return ""
    return _NOT_ALNUM.sub(" ", anyascii(text).lower()).strip()


def search_terms(*values: str | list[str] | None) -> list[str]:
    """The normalised forms a record can be found by, without repeats."""
    terms: list[str] = []
    for value in values:
        for item in value if isinstance(value, list) else [value]:
            term = normalise(item)
            if term and term not in terms:
                terms.append(term)
    return terms
