"""List queries: filters, ordering and pages for every node type, plus the hierarchy expansions they use.

A filter is a named condition on `n`; the service layer picks the ones a request uses. Place and theme
filters take the keys of the place or theme and everything below it, expanded beforehand by the EXPAND_*
statements (or kept from an earlier expansion: hub.services.hierarchy), so every list costs a fixed number of
round trips. A sensitive record
matches a place filter only when the place is a province or a country ($placeCoarse), unless the
viewer may see it unmasked. A filter naming a record the viewer may not see matches nothing, so
filters cannot probe hidden records.
"""

from hub.graph.access import unmasked, visible
from hub.graph.history import existed, there
from hub.graph.links import neighbours_of
from hub.graph.nodes import projection
from hub.graph.rows import collected

PLACES_BELOW = """
MATCH (l:Location)<-[:PART_OF*0..]-(d:Location)
WHERE l.key IN $keys
RETURN collect(DISTINCT d.key) AS keys
"""

THEMES_BELOW = """
MATCH (t:Theme)<-[:BROADER*0..]-(d:Theme)
WHERE t.key IN $keys
RETURN collect(DISTINCT d.key) AS keys
"""

# A list's place and theme filters, expanded in one statement (one round trip rather than three): the
# levels of the chosen places (is the filter coarse, see the module's docstring), the places at or below
# them and the themes at or below the chosen themes, with the hierarchies' stamp they were read under
# (hub.graph.hierarchy). Aggregates grouped by the stamp alone: always one row.
_STAMP = "OPTIONAL MATCH (s:HierarchyStamp {key: 'hierarchy'}) WITH s.value AS stamp "
_PLACES_BELOW_CHOSEN = "OPTIONAL MATCH (l:Location)<-[:PART_OF*0..]-(d:Location) WHERE l.key IN $placeKeys "
_THEMES_BELOW_CHOSEN = "OPTIONAL MATCH (t:Theme)<-[:BROADER*0..]-(e:Theme) WHERE t.key IN $themeKeys "

EXPAND_PLACES = (
    _STAMP + _PLACES_BELOW_CHOSEN
    + "RETURN stamp, collect(DISTINCT l.level) AS levels, collect(DISTINCT d.key) AS places, [] AS themes"
)

EXPAND_THEMES = _STAMP + _THEMES_BELOW_CHOSEN + "RETURN stamp, [] AS levels, [] AS places, collect(DISTINCT e.key) AS themes"

EXPAND_PLACES_AND_THEMES = (
    _STAMP + _PLACES_BELOW_CHOSEN
    + "WITH stamp, collect(DISTINCT l.level) AS levels, collect(DISTINCT d.key) AS places "
    + _THEMES_BELOW_CHOSEN + "RETURN stamp, levels, places, collect(DISTINCT e.key) AS themes"
)


def expansion(places: bool, themes: bool) -> str | None:
    """The statement expanding a list's place and theme filters, or None when it has neither."""
    if places:
        return EXPAND_PLACES_AND_THEMES if themes else EXPAND_PLACES
    return EXPAND_THEMES if themes else None


_ACTIVE = {
    # label: (start property, end property)
    "Initiative": ("startDate", "endDate"),
    "Mandate": ("validFrom", "validTo"),
}

_COMMON = {
    # every word of the query starts a word of the name, acronym or an alias ("tol" finds "Tolerance")
    "search": (
        "all(word IN $search WHERE any(term IN coalesce(n.searchTerms, [])"
        " WHERE term STARTS WITH word OR term CONTAINS (' ' + word)))"
    ),
}

FILTERS: dict[str, dict[str, str]] = {
    "Actor": {
        "kinds": "n.kind IN $kinds",
        "countries": "n.country IN $countries",
        "placeKeys": (
            f"(($placeCoarse OR {unmasked('n')}) AND (EXISTS {{ MATCH (n)-[:OPERATES_IN]->(l:Location) WHERE l.key IN $placeKeys }}"
            " OR EXISTS { MATCH (n)-[:IMPLEMENTS]->(i:Initiative)-[:LOCATED_IN]->(l:Location)"
            f" WHERE l.key IN $placeKeys AND {visible('i')} AND ($placeCoarse OR {unmasked('i')}) }}))"
        ),
        "themeKeys": (
            "(EXISTS { MATCH (n)-[:IMPLEMENTS]->(i:Initiative)-[:ADDRESSES]->(t:Theme)"
            f" WHERE t.key IN $themeKeys AND {visible('i')} }}"
            " OR EXISTS { MATCH (n)-[:HOLDS]->(m:Mandate)-[:ADDRESSES]->(t:Theme)"
            f" WHERE t.key IN $themeKeys AND {visible('m')} }})"
        ),
    },
    "Initiative": {
        "statuses": "n.status IN $statuses",
        "targetGroups": "any(g IN coalesce(n.targetGroups, []) WHERE g IN $targetGroups)",
        "placeKeys": (
            f"($placeCoarse OR {unmasked('n')})"
            " AND EXISTS { MATCH (n)-[:LOCATED_IN]->(l:Location) WHERE l.key IN $placeKeys }"
        ),
        "themeKeys": "EXISTS { MATCH (n)-[:ADDRESSES]->(t:Theme) WHERE t.key IN $themeKeys }",
        "actorKey": f"EXISTS {{ MATCH (n)<-[:IMPLEMENTS|FUNDS]-(a:Actor) WHERE a.key = $actorKey AND {visible('a')} }}",
        "activeFrom": "(n.endDate IS NULL OR n.endDate >= $activeFrom)",
        "activeTo": "(n.startDate IS NULL OR n.startDate <= $activeTo)",
    },
    "Mandate": {
        "placeKeys": "EXISTS { MATCH (n)-[:COVERS]->(l:Location) WHERE l.key IN $placeKeys }",
        "themeKeys": "EXISTS { MATCH (n)-[:ADDRESSES]->(t:Theme) WHERE t.key IN $themeKeys }",
        "actorKey": f"EXISTS {{ MATCH (n)<-[:HOLDS]-(a:Actor) WHERE a.key = $actorKey AND {visible('a')} }}",
        "activeFrom": "(n.validTo IS NULL OR n.validTo >= $activeFrom)",
        "activeTo": "(n.validFrom IS NULL OR n.validFrom <= $activeTo)",
    },
    "Location": {
        "levels": "n.level IN $levels",
        "countries": "n.country IN $countries",
        "placeKeys": "(n.key IN $placeKeys AND n.key <> $withinKey)",
    },
    "Theme": {
        "themeKeys": "(n.key IN $themeKeys AND n.key <> $underKey)",
    },
    "Need": {
        "severities": "n.severity IN $severities",
        "placeKeys": "EXISTS { MATCH (n)-[:AT]->(l:Location) WHERE l.key IN $placeKeys }",
        "themeKeys": "EXISTS { MATCH (n)-[:ADDRESSES]->(t:Theme) WHERE t.key IN $themeKeys }",
        "actorKey": f"EXISTS {{ MATCH (n)<-[:REPORTED]-(a:Actor) WHERE a.key = $actorKey AND {visible('a')} }}",
    },
    "Contact": {
        "actorKey": f"EXISTS {{ MATCH (n)-[:LIAISON_FOR]->(a:Actor) WHERE a.key = $actorKey AND {visible('a')} }}",
    },
}
for _label, _filters in FILTERS.items():
    _filters.update(_COMMON)
    # as of a moment ($asOf, $asOfDay): created by then, and running on its day where the record has dates
    _filters["asOf"] = there("n") if _label in _ACTIVE else existed("n")

ORDER_FIELDS = {"NAME": "sortName", "CREATED_AT": "createdAt", "UPDATED_AT": "updatedAt", "START_DATE": "startDate"}


# Where a list may start instead of scanning every record of its label: from the indexed key of the
# filter's own record (an actor, the places of a place filter), along the relationship the filter tests.
# The first one whose filter a request uses wins, and that filter's EXISTS test is then implied.
_STARTS: dict[str, list[tuple[str, str]]] = {
    "Initiative": [
        ("actorKey", f"MATCH (a:Actor {{key: $actorKey}})-[:IMPLEMENTS|FUNDS]->(n:Initiative) WHERE {visible('a')}"),
        ("placeKeys", "UNWIND $placeKeys AS placeKey MATCH (:Location {key: placeKey})<-[:LOCATED_IN]-(n:Initiative)"),
    ],
    "Mandate": [
        ("actorKey", f"MATCH (a:Actor {{key: $actorKey}})-[:HOLDS]->(n:Mandate) WHERE {visible('a')}"),
        ("placeKeys", "UNWIND $placeKeys AS placeKey MATCH (:Location {key: placeKey})<-[:COVERS]-(n:Mandate)"),
    ],
    "Need": [
        ("actorKey", f"MATCH (a:Actor {{key: $actorKey}})-[:REPORTED]->(n:Need) WHERE {visible('a')}"),
        ("placeKeys", "UNWIND $placeKeys AS placeKey MATCH (:Location {key: placeKey})<-[:AT]-(n:Need)"),
    ],
    "Contact": [
        ("actorKey", f"MATCH (a:Actor {{key: $actorKey}})<-[:LIAISON_FOR]-(n:Contact) WHERE {visible('a')}"),
    ],
}
# what a start leaves of its filter: the sensitive-place rule stays with the place filter
_IMPLIED_REST = {("Initiative", "placeKeys"): f"($placeCoarse OR {unmasked('n')})"}


def _match(label: str, filters: list[str]) -> str:
    """The first clause of a list: its bound start and the remaining conditions, always with visible(n), tested
    last: most records are visible, so the filters rule out more for less (a search over 2,000 actors: 6.1 ms
    against 7.1 ms with visible(n) first)."""
    for name, start in _STARTS.get(label, []):
        if name in filters:
            rest = [FILTERS[label][f] for f in filters if f != name]
            if (label, name) in _IMPLIED_REST:
                rest.append(_IMPLIED_REST[(label, name)])
            return f"{start} WITH DISTINCT n WHERE {' AND '.join(rest + [visible('n')])}"
    return f"MATCH (n:{label}) WHERE {' AND '.join([FILTERS[label][f] for f in filters] + [visible('n')])}"


def start_filter(label: str, filters: list[str]) -> str | None:
    """The filter a list of these filters starts from, if any (for the catalogue and the tests)."""
    return next((name for name, _ in _STARTS.get(label, []) if name in filters), None)


# A page that uses place or theme expansions the process kept (hub.services.hierarchy) first checks that the
# hierarchies' stamp is still the one they were read under ($keptStamp): if it is not, the page matches nothing,
# and the reader, finding it empty, reads the stamp and expands again. Saves reading the stamp on its own.
_STAMP_STILL = "MATCH (stamp:HierarchyStamp {key: 'hierarchy'}) WHERE stamp.value = $keptStamp "


def _ordered(label: str, filters: list[str], order_field: str, descending: bool, stamped: bool) -> str:
    """Records without the sort value come last in either direction."""
    direction = "DESC" if descending else "ASC"
    prop = ORDER_FIELDS[order_field]
    return (f"{_STAMP_STILL if stamped else ''}{_match(label, filters)} "
            f"WITH n ORDER BY n.{prop} IS NULL, n.{prop} {direction}, n.key {direction} ")


# A page's records may bring their neighbours along: each (relationship type, direction, target label, fields), as
# in hub.graph.links.neighbours_of; one more column per kind, in the order given.
Nested = tuple[tuple[str, str, str, tuple[str, ...] | None], ...]


def _columns(fields: tuple[str, ...] | None, nested: Nested) -> dict[str, str]:
    columns = {"node": projection("n", fields)}
    for i, (rel_type, direction, target, target_fields) in enumerate(nested):
        columns[f"nested{i}"] = neighbours_of("n", rel_type, direction, target, target_fields)
    return columns


def page(label: str, filters: list[str], order_field: str, descending: bool, fields: tuple[str, ...] | None = None,
         nested: Nested = (), stamped: bool = False) -> str:
    """Rows collected into one (hub.graph.rows): the record, then its neighbours of each nested kind. stamped: with
    kept expansions, checked against $keptStamp (see _STAMP_STILL)."""
    return (
        f"{_ordered(label, filters, order_field, descending, stamped)}SKIP $skip LIMIT $limit "
        + collected(_columns(fields, nested))
    )


def record_with_neighbours(label: str, nested: Nested) -> str:
    """One record by $key, all its properties, with its neighbours of each nested kind as a page brings them
    along: node(id:) and the relations its selection asks for in one statement. Rows collected (none or one)."""
    return f"MATCH (n:{label} {{key: $key}}) WHERE {visible('n')} " + collected(_columns(None, nested))


def counted_page(label: str, filters: list[str], order_field: str, descending: bool,
                 fields: tuple[str, ...] | None = None, nested: Nested = (), stamped: bool = False) -> str:
    """The page and the number of all matches from one pass over them (a count apart would match twice). Each
    of `nodes` is a list: the record, then its neighbours of each nested kind. stamped: as for `page`."""
    row = ", ".join(_columns(fields, nested).values())
    return (
        f"{_ordered(label, filters, order_field, descending, stamped)}WITH collect(n) AS matched "
        f"RETURN size(matched) AS total, [n IN matched[$skip..($skip + $limit)] | [{row}]] AS nodes"
    )


def coarse_places(fields: tuple[str, ...] | None = None) -> str:
    """Each place's province (or its country, above that level) with the properties asked for (None: all): what a
    sensitive record shows of its places. Rows collected into one (hub.graph.rows)."""
    return (
        "UNWIND $keys AS key MATCH (l:Location {key: key})-[:PART_OF*0..]->(a:Location) "
        "WHERE a.level IN ['ADMIN1', 'COUNTRY'] "
        "WITH key, a ORDER BY CASE a.level WHEN 'ADMIN1' THEN 0 ELSE 1 END "
        f"WITH key, collect(a)[0] AS coarse WHERE {visible('coarse')} "
        + collected({"key": "key", "node": projection("coarse", fields)})
    )
