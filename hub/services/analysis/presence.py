"""Who works where (3W/4W): the actors active in a place and below it, with their work and contacts;
and the presence matrix of a place's parts by theme, for maps and heat-tables."""

from __future__ import annotations

from dataclasses import dataclass, field

from hub.access import Viewer
from hub.graph.analysis import presence as q
from hub.graph.connection import Graph, fetch_all, fetch_collected
from hub.services.analysis.scope import Scope, expand, expand_in
from hub.services.history import AsOf, ends_of, removed_links
from hub.services.reads import Reader, records_of_kinds
from hub.services.records import Record


@dataclass
class Work:
    initiative_key: str
    relation: str  # IMPLEMENTS or FUNDS
    role: str  # LEAD, PARTNER or FUNDER
    place_keys: list[str]


@dataclass
class ActorActivity:
    actor_key: str
    work: list[Work] = field(default_factory=list)
    declared_place_keys: list[str] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)

    @property
    def roles(self) -> list[str]:
        roles = {w.role for w in self.work}
        if self.declared_place_keys:
            roles.add("PRESENT")
        return sorted(roles)

    @property
    def place_keys(self) -> list[str]:
        return sorted({k for w in self.work for k in w.place_keys} | set(self.declared_place_keys))


@dataclass
class WhoWorksWhere:
    activities: list[ActorActivity]
    records: dict[tuple[str, str], Record]  # (label, key): the answer's actors and initiatives asked for


async def who_works_where(graph: Graph, viewer: Viewer, scope: Scope, *, contacts: bool = True,
                          records: dict[str, tuple[str, ...] | None] | None = None) -> WhoWorksWhere:
    """One transaction: the place and theme expanded (one statement), the initiatives' actors with their work,
    declared presence, contacts when asked for, and the answer's places when asked for (`records`: label -> the
    properties to read, None for all; a transaction each cost a BEGIN and a COMMIT round trip more). The answer's
    actors and initiatives come with the work and the presence, not from statements of their own; as of a moment,
    three statements more for the work unlinked since (hub.services.history), whose records are read apart."""
    moment = scope.as_of is not None
    records = records or {}

    async def work(tx):
        expanded = await expand_in(tx, scope)
        conditions, params = expanded.initiative_conditions()
        params |= {"placeKeys": expanded.place_keys, "kinds": scope.kinds} | viewer.params()
        rows = await fetch_collected(tx, q.actor_work(conditions, bool(scope.kinds), moment, records), **params)
        if moment:
            rows += await _removed_work(tx, scope.as_of, conditions, bool(scope.kinds), params)
        present = []
        if expanded.theme_keys is None and not scope.target_groups:
            # Declared presence says nothing of themes or groups, so it counts only when neither is asked for.
            present = await fetch_collected(tx, q.present_actors(bool(scope.kinds), moment, records), **params)
        actors = sorted({row["actor"] for row in rows} | {row["actor"] for row in present})
        liaisons = await fetch_all(tx, q.contacts_of(moment), keys=actors, **viewer.params(),
                                   **(scope.as_of.params() if moment else {})) if actors and contacts else []
        keys = {"Actor": lambda: actors,
                "Initiative": lambda: sorted({item["initiative"] for row in rows for item in row["work"]}),
                "Location": lambda: sorted({k for row in rows for item in row["work"] for k in item["places"]}
                                           | {k for row in present for k in row["places"]})}
        found = _records_with_work(rows, present)
        kinds = [(label, [key for key in keys[label]() if (label, key) not in found], fields)
                 for label, fields in records.items()]
        kinds = [kind for kind in kinds if kind[1]]
        read = await records_of_kinds(tx, kinds, viewer) if kinds else []
        return rows, present, liaisons, found | {(label, key): record for (label, _, _), more in zip(kinds, read)
                                                 for key, record in more.items()}

    rows, present, liaisons, answer_records = await graph.read(work)
    found: dict[str, ActorActivity] = {}
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        activity = found.setdefault(row["actor"], ActorActivity(row["actor"]))
        for item in row["work"]:
            if (row["actor"], item["initiative"], item["relation"]) in seen:
                continue
            seen.add((row["actor"], item["initiative"], item["relation"]))
            role = "FUNDER" if item["relation"] == "FUNDS" else (item["role"] or "PARTNER")
            activity.work.append(Work(item["initiative"], item["relation"], role, sorted(item["places"])))
    for row in present:
        found.setdefault(row["actor"], ActorActivity(row["actor"])).declared_place_keys = sorted(row["places"])
    for row in liaisons:
        found[row["actor"]].contacts.append(row["contact"])
    for activity in found.values():
        activity.work.sort(key=lambda w: (w.role, w.initiative_key))
    return WhoWorksWhere(sorted(found.values(), key=lambda a: (-len(a.work), a.actor_key)), answer_records)


def _records_with_work(rows: list[dict], present: list[dict]) -> dict[tuple[str, str], Record]:
    """The actors and initiatives read with the work and the presence (`node`, when asked for)."""
    found = {}
    for row in rows + present:
        if "node" in row:
            found[("Actor", row["actor"])] = Record("Actor", row["node"])
        for item in row.get("work", ()):
            if "node" in item:
                found[("Initiative", item["initiative"])] = Record("Initiative", item["node"])
    return found


async def _removed_work(tx, moment: AsOf, conditions: list[str], kinds: bool, params: dict) -> list[dict]:
    """Implementing and funding links removed since the moment that stood at it, with the role they had then,
    kept when their initiative and actor pass the same tests as the others."""
    rows = [{"actor": link.source[1], "initiative": link.target[1], "relation": link.type, "role": link.role}
            for link in await removed_links(tx, moment, {"IMPLEMENTS", "FUNDS"})
            if link.source[0] == "Actor" and link.target[0] == "Initiative"]
    if not rows:
        return []
    return await fetch_all(tx, q.removed_work(conditions, kinds), rows=rows, **params)


async def _removed_cells(tx, moment: AsOf, conditions: list[str], params: dict) -> list[dict]:
    """The matrix's share of the implementing and funding links removed since the moment that stood at it."""
    links = ends_of(await removed_links(tx, moment, {"IMPLEMENTS", "FUNDS"}), {"IMPLEMENTS", "FUNDS"},
                    ("Actor", "actor"), ("Initiative", "initiative"))
    if not links:
        return []
    return await fetch_all(tx, q.removed_cells(conditions), links=links, **params)


@dataclass
class MatrixCell:
    place_key: str
    theme_key: str
    initiative_keys: set[str]
    actor_keys: set[str]


@dataclass
class PresenceMatrix:
    place_keys: list[str]
    cells: list[MatrixCell]
    totals: dict[str, MatrixCell]  # per row place, over all themes


async def presence_matrix(graph: Graph, viewer: Viewer, scope: Scope, *, level: str | None = None,
                          theme_roll_up: bool = False) -> PresenceMatrix:
    """Rows: the place's children, or its descendants at `level`; columns: themes (rolled up to the top
    of the taxonomy if asked). Round trips: rows, expansions, cells, and the roll-up map if asked; as of a
    moment, three more for the work unlinked since (hub.services.history)."""
    reader = Reader(graph)
    rows = await graph.read(lambda tx: fetch_all(tx, q.matrix_places(level is not None), key=scope.place_key, level=level))
    row_keys = [r["key"] for r in rows]
    expanded = await expand(reader, Scope(None, scope.theme_key, scope.start, scope.end, scope.kinds, scope.target_groups,
                                          scope.as_of))
    conditions, params = expanded.initiative_conditions()
    params |= {"rowKeys": row_keys} | viewer.params()
    moment = scope.as_of is not None
    cells_raw = await graph.read(lambda tx: fetch_all(tx, q.matrix_cells(conditions, moment), **params))
    if moment:
        cells_raw += await graph.read(lambda tx: _removed_cells(tx, scope.as_of, conditions, params))
    roots = {}
    if theme_roll_up:
        roots = {r["theme"]: r["root"] for r in await graph.read(lambda tx: fetch_all(tx, q.THEME_ROOTS))}
    cells: dict[tuple[str, str], MatrixCell] = {}
    totals: dict[str, MatrixCell] = {k: MatrixCell(k, "", set(), set()) for k in row_keys}
    for raw in cells_raw:
        theme = roots.get(raw["theme"], raw["theme"])
        cell = cells.setdefault((raw["place"], theme), MatrixCell(raw["place"], theme, set(), set()))
        cell.initiative_keys.update(raw["initiatives"])
        cell.actor_keys.update(k for k in raw["actors"] if k)
        totals[raw["place"]].initiative_keys.update(raw["initiatives"])
        totals[raw["place"]].actor_keys.update(k for k in raw["actors"] if k)
    ordered = sorted(cells.values(), key=lambda c: (c.place_key, c.theme_key))
    return PresenceMatrix(row_keys, ordered, totals)
