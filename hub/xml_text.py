"""Text that an XML 1.0 document can hold, for every XML the hub writes (IATI, GraphML, GEXF, SVG pictures).

Stored text may carry characters XML 1.0 forbids even escaped (`&#1;` is no more allowed than the raw byte):
control characters that come with text pasted from PDFs and word processors, and, from a broken source, lone
surrogates or the non-characters U+FFFE and U+FFFF. The records keep them as written; a document written from
them must still parse. So, in the written text only: the controls that stand for a break (vertical tab, a line
break in word processors; form feed, a page break in PDFs; the four information separators) become a space, so
the words on either side stay apart; the other controls, which show nothing, are dropped; a lone surrogate or
non-character becomes U+FFFD, the mark of a character that could not be kept. Tab, newline and carriage return
are allowed and kept.
"""

from __future__ import annotations

import re

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f")
REPLACEMENT = "\ufffd"


def _replace(match: re.Match) -> str:
    char = match.group()
    if char in _BREAKS:
        return " "
    return "" if char < " " else REPLACEMENT


def xml_text(text: str) -> str:
    """text with every character XML 1.0 forbids replaced or dropped (see the module's docstring)."""
    return _FORBIDDEN.sub(_replace, text)
