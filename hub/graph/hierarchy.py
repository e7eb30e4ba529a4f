"""The stamp of the place and theme hierarchies, and which statements change them.

A list filtered by a place or a theme takes everything below it (hub.graph.listing.EXPAND_*): for a country
some 3,500 places, the traversal costing more than the rest of the list's statements. The hierarchies change
seldom, so a process keeps the expansions it has read (hub.services.hierarchy) and the places' and themes'
facts its analyses compare (hub.services.analysis.kept_facts: names, levels, coordinates, borders) with the
stamp they were read under, and uses them again only while the graph's stamp is unchanged.

The stamp is a random value on one node. Every write transaction that changes either hierarchy sets a new one
in the same transaction: hub.graph.connection does it for any transaction that ran a statement
`changes_hierarchy` recognises, whoever wrote it (the API, an importer, a restore, a migration). A random value
rather than a counter: a restored or copied graph cannot bring back a value a process kept for other contents.
The node is made at start-up (ENSURE, after the migrations); where it is missing, nothing is kept.
"""

from __future__ import annotations

import functools
import re

READ = "OPTIONAL MATCH (s:HierarchyStamp {key: 'hierarchy'}) RETURN s.value AS stamp"
RENEW = "MATCH (s:HierarchyStamp {key: 'hierarchy'}) SET s.value = $stamp"
# At every start and after a restore (which empties the graph, stamp included: it is never backed up)
ENSURE = "MERGE (s:HierarchyStamp {key: 'hierarchy'}) ON CREATE SET s.value = $stamp RETURN s.value AS stamp"

_WRITES = re.compile(r"\b(?:CREATE|MERGE|DELETE|SET|REMOVE)\b")
# a PART_OF, BROADER or BORDERS relationship matched, made or removed one step at a time (reads of the
# hierarchy use variable lengths, [:PART_OF*0..]); between places and themes or not, a write beside one counts
_LINK = re.compile(r"\[\w*:(?:PART_OF|BROADER|BORDERS)\]")
_NODE = re.compile(r"\((\w+):(?:Location|Theme)\b")
_CLAUSE = re.compile(r"\b(SET|REMOVE)\b(.*?)(?=\b(?:RETURN|WITH|SET|REMOVE|MATCH|OPTIONAL|CREATE|MERGE|UNWIND|DELETE|"
                     r"DETACH|FOREACH|CALL)\b|$)", re.DOTALL)
_ITEM = re.compile(r"^\s*(\w+)\s*(?:\.\s*(\w+))?\s*(?:\+?=|:|$)")
# properties a write sets only to hold a record while it is changed: they change nothing a list reads
_BOOKKEEPING = {"lockToken", "linkLock"}


@functools.lru_cache(maxsize=8192)
def changes_hierarchy(statement: str) -> bool:
    """Whether the statement may create, change or delete a place or a theme, or a PART_OF, BROADER or BORDERS link.
    Errs on the side of yes (an actor's PART_OF link counts): a needless new stamp costs one expansion."""
    if not _WRITES.search(statement):
        return False
    if _LINK.search(statement):
        return True
    aliases = set(_NODE.findall(statement))
    if not aliases:
        return False
    for alias in aliases:
        if re.search(rf"\b(?:CREATE|MERGE)\s*\({alias}:|\bDELETE\s+{alias}\b", statement):
            return True
    for _, clause in _CLAUSE.findall(statement):
        for item in clause.split(","):
            found = _ITEM.match(item)
            if found and found.group(1) in aliases and found.group(2) not in _BOOKKEEPING:
                return True
    return False
