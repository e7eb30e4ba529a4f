"""The change feed's statements: pages of the audit trail newest first, which of their records a caller may
see and which match a place, theme or actor filter, and the scope a deletion leaves in its tombstone.

A tombstone (the DELETE entry) keeps the deleted record's visibility, owner, sensitivity and the keys of
its places, themes and actors, so the same access rule and filters apply to it after the record is gone.
"""

from hub.graph.access import unmasked, visible
from hub.graph.listing import FILTERS

ACTIONS = ["CREATE", "UPDATE", "DELETE", "LINK", "UNLINK"]

# a tombstone is shown to a caller who could have seen the record and whose filters its scope matches;
# entries written before tombstones kept a scope are shown to admins only
_TOMBSTONE = (
    "(a.action = 'DELETE' AND (a.visibility IS NOT NULL OR $viewerAdmin) AND " + visible("a") +
    f" AND ($placeKeys IS NULL OR (($placeCoarse OR {unmasked('a')})"
    " AND any(k IN coalesce(a.placeKeys, []) WHERE k IN $placeKeys)))"
    " AND ($themeKeys IS NULL OR any(k IN coalesce(a.themeKeys, []) WHERE k IN $themeKeys))"
    " AND ($actorKey IS NULL OR $actorKey IN coalesce(a.actorKeys, [])))"
)

# newest first from a position (exclusive) down to $since, from the audit_at index
PAGE = f"""
MATCH (a:AuditEntry)
WHERE a.at >= $since AND a.at <= $untilAt AND (a.at < $untilAt OR a.key < $untilKey)
  AND a.label IN $labels AND a.action IN $actions
WITH a ORDER BY a.at DESC, a.key DESC LIMIT $limit
RETURN a {{.key, .at, .action, .label, .recordKey, .detail}} AS entry, {_TOMBSTONE} AS tombstone
"""

# one deletion announced live: may this subscriber be told of it (from the audit_record index)?
TOMBSTONE = f"""
MATCH (a:AuditEntry {{recordKey: $recordKey}})
WHERE a.key = $key
RETURN {_TOMBSTONE} AS shown
"""

# what a record's feed filters test: its places, its themes, its actors (None: the filter matches nothing)
_OWN = {
    "Actor": {"actorKey": "n.key = $actorKey"},
    "Location": {"placeKeys": "n.key IN $placeKeys"},
    "Theme": {"themeKeys": "n.key IN $themeKeys"},
}
FILTER_NAMES = ("placeKeys", "themeKeys", "actorKey")


def conditions(label: str) -> dict[str, str]:
    """The filters a record of this label can match, by parameter name; a missing one never matches."""
    found = {name: FILTERS.get(label, {}).get(name) for name in FILTER_NAMES}
    found |= _OWN.get(label, {})
    return {name: condition for name, condition in found.items() if condition}


def admit(label: str) -> str:
    """The keys, among $keys, of records the viewer may see that match every given filter (a null
    parameter is no filter); filters this label cannot match are left to the caller."""
    tests = [visible("n")] + [f"(${name} IS NULL OR {condition})" for name, condition in conditions(label).items()]
    return f"UNWIND $keys AS key MATCH (n:{label} {{key: key}}) WHERE {' AND '.join(tests)} RETURN n.key AS key"


# where a record of each label is, what it is about and whose it is, as kept in its tombstone
_SCOPE = {
    "Actor": ("(n)-[:OPERATES_IN]->(l:Location)", None, None),
    "Initiative": ("(n)-[:LOCATED_IN]->(l:Location)", "(n)-[:ADDRESSES]->(t:Theme)", "(n)<-[:IMPLEMENTS|FUNDS]-(o:Actor)"),
    "Mandate": ("(n)-[:COVERS]->(l:Location)", "(n)-[:ADDRESSES]->(t:Theme)", "(n)<-[:HOLDS]-(o:Actor)"),
    "Need": ("(n)-[:AT]->(l:Location)", "(n)-[:ADDRESSES]->(t:Theme)", "(n)<-[:REPORTED]-(o:Actor)"),
    "Contact": (None, None, "(n)-[:LIAISON_FOR]->(o:Actor)"),
    "Location": (None, None, None),
    "Theme": (None, None, None),
}


def deletion_scope(label: str) -> str:
    """For each of $keys about to be deleted: its access properties and the keys its tombstone matches on."""
    places, themes, actors = _SCOPE[label]
    parts = [f"UNWIND $keys AS key MATCH (n:{label} {{key: key}})"]
    carried = "key, n"
    for pattern, alias, name in ((places, "l", "placeKeys"), (themes, "t", "themeKeys"), (actors, "o", "actorKeys")):
        if pattern is None:
            parts.append(f"WITH {carried}, [] AS {name}")
        else:
            parts.append(f"OPTIONAL MATCH {pattern} WITH {carried}, collect(DISTINCT {alias}.key) AS {name}")
        carried += f", {name}"
    parts.append("RETURN key, coalesce(n.visibility, 'PUBLIC') AS visibility, n.ownerKey AS ownerKey, "
                 "coalesce(n.sensitive, false) AS sensitive, placeKeys, themeKeys, actorKeys")
    return " ".join(parts)


# where the viewer's own actors work (the places they operate in and those of the initiatives they
# implement), the themes of those initiatives, and the initiatives themselves
MY_WORK = f"""
UNWIND $viewerActorKeys AS actorKey
MATCH (a:Actor {{key: actorKey}})
WHERE {visible('a')}
OPTIONAL MATCH (a)-[:OPERATES_IN]->(l:Location)
WITH a, collect(DISTINCT l.key) AS operates
OPTIONAL MATCH (a)-[:IMPLEMENTS]->(i:Initiative)
WHERE {visible('i')}
OPTIONAL MATCH (i)-[:LOCATED_IN]->(il:Location)
WITH a, operates, collect(DISTINCT il.key) AS sited, collect(DISTINCT i.key) AS initiatives
OPTIONAL MATCH (a)-[:IMPLEMENTS]->(j:Initiative)-[:ADDRESSES]->(t:Theme)
WHERE {visible('j')}
RETURN operates + sited AS places, collect(DISTINCT t.key) AS themes, initiatives
"""
