"""The gazetteer users need: places labelled with their parents, and settlements added by members.

Gazetteers are never complete, so a member may add a village under its district, with coordinates. Before
it is stored, places of a similar name nearby are looked for (the same district or province, or within
NEAR_KM of the point, across borders too): a village already there under another spelling or script
("Ворух", "Vorukh", "Voruh") is reported instead of being added twice, unless the caller confirms that
the place is a different one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from rapidfuzz import fuzz

from hub.access import Viewer
from hub.errors import UserError
from hub.graph import gazetteer as q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.model import LocationLevel
from hub.services import audit, permissions
from hub.services.analysis.geography import Place, distance_km
from hub.services.idempotency import Idempotency, Receipts
from hub.services.records import new_record
from hub.services.registry import Registry, WriteResult, Record
from hub.validation import ValidationFailed, validate

LEVEL_WORDS = {"COUNTRY": "country", "ADMIN1": "province", "ADMIN2": "district", "ADMIN3": "municipality",
               "SETTLEMENT": "settlement"}
_LEVEL_ORDER = ["SETTLEMENT", "ADMIN3", "ADMIN2", "ADMIN1", "COUNTRY"]
PARENT_LEVELS = {"ADMIN2", "ADMIN3"}  # a settlement is added under a district or a municipality
NEAR_KM = 15.0  # a place of a similar name this close is probably the same place
BOX_DEGREES = 0.25  # the box read around the point (about 28 km north-south), then cut to NEAR_KM
SIMILAR_NAME = 85  # rapidfuzz ratio (0-100) of the names' cores from which two names are alike
SOURCE = "added by a member of the hub"


def label(name: str, level: str | None, country: str | None, parents: list[dict]) -> str:
    """"Isfara - district, Sughd, TJ": the place, what it is, the places it lies in (nearest first, without the
    country) and its country code; enough to tell apart places that share a name."""
    ordered = sorted((p for p in parents if p and p.get("level") != "COUNTRY"),
                     key=lambda p: _LEVEL_ORDER.index(p["level"]) if p.get("level") in _LEVEL_ORDER else 0)
    parts = [p["name"] for p in ordered if p.get("name")]
    if level != "COUNTRY" and country:
        parts.append(country)
    word = LEVEL_WORDS.get(level or "", "place")
    return f"{name} - {word}" + (", " + ", ".join(parts) if parts else "")


async def place_labels(graph: Graph, keys: list[str]) -> dict[str, str]:
    """The labels of many places in one statement."""
    rows = await graph.read(lambda tx: fetch_all(tx, q.PLACE_CHAINS, keys=keys))
    return {row["key"]: label(row["name"] or row["key"], row["level"], row["country"], row["parents"]) for row in rows}


@dataclass(frozen=True)
class SimilarPlace:
    key: str
    label: str
    distance_km: float | None
    reason: str


@dataclass
class AddResult:
    write: WriteResult
    similar: list[SimilarPlace]


class _Refused(Exception):
    """Rolls the transaction back with the answer that explains why."""

    def __init__(self, result: AddResult):
        self.result = result


class _Replay(Exception):
    """Rolls the transaction back: the same clientMutationId was used already."""

    def __init__(self, receipt: dict):
        self.receipt = receipt


def _cores(names: list[str]) -> set[str]:
    """Names without their administrative words ("Batken town" and "город Баткен" are both "batken")."""
    return {core for core in (Place("", n, "SETTLEMENT", []).core_name for n in names if n) if core}


def _alike(mine: set[str], theirs: set[str]) -> int:
    return max((int(fuzz.ratio(a, b)) for a in mine for b in theirs), default=0)


class Gazetteer:
    def __init__(self, registry: Registry):
        self.registry = registry
        self.graph: Graph = registry.graph
        self.receipts: Receipts = registry.receipts

    async def add_settlement(self, parent_key: str, values: dict, viewer: Viewer, *, confirm_new: bool = False,
                             idempotency: Idempotency | None = None) -> AddResult:
        """Adds a settlement under a district (or municipality) in one transaction with its audit entry and
        receipt, after the check for a similar place nearby (made under the parent's lock, so two members
        adding the same village at once cannot both pass it)."""
        permissions.require_writer(viewer)
        if idempotency is not None:
            replay = await self.registry.replay_of_create(idempotency, viewer)
            if replay is not None:
                return AddResult(replay, [])
        for required in ("latitude", "longitude"):
            if values.get(required) is None:
                return AddResult(WriteResult.error(required, "is required: say where the place is", "REQUIRED"), [])
        code = f"HUB-{uuid.uuid4().hex[:12].upper()}"
        token = uuid.uuid4().hex

        async def work(tx):
            parent = await fetch_one(tx, q.LOCK_PARENT, key=parent_key, token=token)
            if parent is None:
                raise _Refused(AddResult(WriteResult.error("parentId", "no place with this id", "NOT_FOUND"), []))
            parent = parent["node"]
            if parent.get("level") not in PARENT_LEVELS:
                raise _Refused(AddResult(WriteResult.error(
                    "parentId", f"a settlement is added under a district or municipality (ADMIN2 or ADMIN3), "
                                f"not under a {LEVEL_WORDS.get(parent.get('level'), 'place')}", "INVALID"), []))
            try:
                props = validate("Location", values | {"code": code, "level": LocationLevel.SETTLEMENT.value,
                                                       "country": parent.get("country")})
            except ValidationFailed as error:
                raise _Refused(AddResult(WriteResult(user_errors=[UserError(e.field, e.message, e.code)
                                                                  for e in error.errors]), [])) from None
            similar = await self._similar(tx, parent, props)
            if similar and not confirm_new:
                names = "; ".join(f"{s.label} ({s.reason})" for s in similar[:3])
                raise _Refused(AddResult(WriteResult.error(
                    "name", f"a place of a similar name is already nearby: {names}. Use it, or send "
                            "confirmNew: true if this is a different place", "SIMILAR_PLACE"), similar))
            if idempotency is not None:
                prior = await self.receipts.prior(tx, idempotency, viewer)
                if prior is not None:
                    raise _Replay(prior)
            props = new_record("Location", code, props | {"source": props.get("source") or SOURCE,
                                                          "addedBy": viewer.name}, viewer.name)
            row = await fetch_one(tx, q.ADD_UNDER, parentKey=parent_key, props=props, by=viewer.name,
                                  at=props["createdAt"], source=props["source"])
            await audit.record_all(tx, [
                audit.entry(viewer, "CREATE", "Location", code, after=row["node"]),
                audit.entry(viewer, "LINK", "Location", code, detail={"type": "PART_OF", "to": f"Location:{parent_key}"}),
            ])
            if idempotency is not None:
                await self.receipts.store(tx, idempotency, viewer, props["createdAt"], label="Location", recordKey=code)
            return AddResult(WriteResult(record=Record("Location", row["node"])), similar)

        try:
            return await self.graph.write(work)
        except _Refused as refused:
            return refused.result
        except _Replay as replay:
            return AddResult(await self.registry.replay_receipt(replay.receipt, idempotency, viewer), [])

    async def _similar(self, tx, parent: dict, props: dict) -> list[SimilarPlace]:
        """Places of a similar name in the parent's province or within NEAR_KM of the point, closest first."""
        chain = await fetch_one(tx, q.PLACE_CHAINS, keys=[parent["key"]])
        province = next((p["key"] for p in chain["parents"] if p and p["level"] == "ADMIN1"), parent["key"])
        lat, lon = props["latitude"], props["longitude"]
        rows = await fetch_all(tx, q.PLACES_WITHIN, areaKey=province)
        rows += await fetch_all(tx, q.PLACES_NEAR, south=lat - BOX_DEGREES, north=lat + BOX_DEGREES,
                                west=lon - BOX_DEGREES, east=lon + BOX_DEGREES)
        mine = _cores([props["name"], *props.get("alternateNames", [])])
        point = Place("", props["name"], "SETTLEMENT", [], lat=lat, lon=lon)
        found: dict[str, tuple[float, dict, int]] = {}
        for row in rows:
            place = row["place"]
            if place["key"] in found or place["key"] == parent["key"] or place.get("level") in ("COUNTRY", "ADMIN1"):
                continue  # a settlement is not its province, nor the district it is added to
            score = _alike(mine, _cores([place.get("name"), *(place.get("alternateNames") or [])]))
            if score < SIMILAR_NAME:
                continue
            other = Place(place["key"], place.get("name") or "", place.get("level") or "", [],
                          lat=place.get("latitude"), lon=place.get("longitude"))
            km = distance_km(point, other) if other.level in ("SETTLEMENT", "ADMIN3") else None
            if km is not None and km > NEAR_KM:
                continue
            found[place["key"]] = (km if km is not None else NEAR_KM, place, score)
        if not found:
            return []
        labels = {row["key"]: label(row["name"] or row["key"], row["level"], row["country"], row["parents"])
                  for row in await fetch_all(tx, q.PLACE_CHAINS, keys=sorted(found))}
        similar = []
        for key, (km, place, score) in sorted(found.items(), key=lambda item: (item[1][0], -item[1][2])):
            exact = km if place.get("level") in ("SETTLEMENT", "ADMIN3") and place.get("latitude") is not None else None
            where = f"{exact:.1f} km away" if exact is not None else "in the same area, without coordinates to compare"
            km = None if exact is None else round(exact, 1)
            similar.append(SimilarPlace(key, labels.get(key, key), km, f"{place.get('name')}: names {score}% alike, {where}"))
        return similar
