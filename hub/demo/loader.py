"""Loads hub/demo/data/*.json into the graph: places, actors, mandates, initiatives, needs, contacts.

Keys are derived from the data set's own refs ("demo-<ref>"), so loading twice changes nothing. Each
record belongs to an actor (an initiative to its lead, a need to who reported it, a contact to its
actor, a mandate to its first holder), whose members may then edit it.
"""

from __future__ import annotations

import json
from pathlib import Path

from hub.access import Viewer
from hub.graph.connection import Graph
from hub.services.importer import Batch, actor_count, write_batch

DATA = Path(__file__).with_name("data")
SOURCE = "coordination hub demo data set"


def _key(ref: str) -> str:
    return f"demo-{ref}"


def build_batch(places: dict, registry: dict, viewer: Viewer) -> Batch:
    batch = Batch()
    for place in places["locations"]:
        values = {k: place.get(k) for k in ("code", "name", "level", "country", "latitude", "longitude")}
        values["alternate_names"] = place.get("alternateNames") or []
        values["source"] = place.get("source") or SOURCE
        batch.add_node("Location", place["code"], values, viewer, f"places.json {place['code']}")
    for place in places["locations"]:
        if place.get("parent"):
            batch.add_link("PART_OF", ("Location", place["code"]), ("Location", place["parent"]), viewer, SOURCE)
    for a, b in places.get("borders", []):
        batch.add_link("BORDERS", ("Location", a), ("Location", b), viewer, SOURCE)

    def node(label: str, item: dict, fields: tuple[str, ...], where: str, owner: str | None = None) -> tuple[str, str]:
        values = {f: item.get(f) for f in (*fields, "visibility") if item.get(f) is not None}
        values["source"] = item.get("source") or SOURCE
        batch.add_node(label, _key(item["ref"]), values, viewer, f"{where} {item['ref']}",
                       owner_key=_key(owner) if owner else None)
        return label, _key(item["ref"])

    for actor in registry["actors"]:
        ref = node("Actor", actor, ("name", "acronym", "aliases", "kind", "description", "website", "country"), "actor")
        for code in actor.get("operatesIn", []):
            batch.add_link("OPERATES_IN", ref, ("Location", code), viewer, SOURCE)
    for mandate in registry["mandates"]:
        holders = mandate.get("holders", [])
        ref = node("Mandate", mandate, ("title", "issuer", "sourceReference", "description", "validFrom", "validTo"), "mandate",
                   owner=holders[0] if holders else None)
        for theme in mandate.get("themes", []):
            batch.add_link("ADDRESSES", ref, ("Theme", theme), viewer, SOURCE)
        for code in mandate.get("covers", []):
            batch.add_link("COVERS", ref, ("Location", code), viewer, SOURCE)
        for holder in mandate.get("holders", []):
            batch.add_link("HOLDS", ("Actor", _key(holder)), ref, viewer, SOURCE)
    for item in registry["initiatives"]:
        leads = [i["actor"] for i in item.get("implementers", []) if i.get("role") == "LEAD"]
        ref = node("Initiative", item, ("title", "description", "status", "startDate", "endDate", "budgetAmount",
                                        "budgetCurrency", "targetGroups", "iatiIdentifier"), "initiative",
                   owner=(leads or [None])[0])
        for code in item.get("locations", []):
            batch.add_link("LOCATED_IN", ref, ("Location", code), viewer, SOURCE)
        for theme in item.get("themes", []):
            batch.add_link("ADDRESSES", ref, ("Theme", theme), viewer, SOURCE)
        for implementer in item.get("implementers", []):
            batch.add_link("IMPLEMENTS", ("Actor", _key(implementer["actor"])), ref, viewer, SOURCE,
                           role=implementer.get("role", "PARTNER"))
        for funder in item.get("funders", []):
            batch.add_link("FUNDS", ("Actor", _key(funder)), ref, viewer, SOURCE)
        if item.get("partOf"):
            batch.add_link("PART_OF", ref, ("Initiative", _key(item["partOf"])), viewer, SOURCE)
    for need in registry["needs"]:
        ref = node("Need", need, ("title", "description", "severity", "reportedOn"), "need", owner=need.get("reportedBy"))
        batch.add_link("AT", ref, ("Location", need["location"]), viewer, SOURCE)
        for theme in need.get("themes", []):
            batch.add_link("ADDRESSES", ref, ("Theme", theme), viewer, SOURCE)
        if need.get("reportedBy"):
            batch.add_link("REPORTED", ("Actor", _key(need["reportedBy"])), ref, viewer, SOURCE)
    for contact in registry["contacts"]:
        ref = node("Contact", contact, ("name", "role", "email", "phone", "languages"), "contact", owner=contact["actor"])
        batch.add_link("LIAISON_FOR", ref, ("Actor", _key(contact["actor"])), viewer, SOURCE)
    for rel in registry.get("relationships", []):
        batch.add_link(rel["type"], ("Actor", _key(rel["from"])), ("Actor", _key(rel["to"])), viewer, SOURCE)
    return batch


def load_files(directory: Path = DATA) -> tuple[dict, dict]:
    places = json.loads((directory / "places.json").read_text(encoding="utf-8"))
    registry = json.loads((directory / "registry.json").read_text(encoding="utf-8"))
    return places, registry


async def load_demo(graph: Graph, *, force: bool = False) -> dict[str, int] | str:
    """Loads the demo set unless the graph already holds actors (force: load anyway, upserting)."""
    if not force and await actor_count(graph) > 0:
        return "skipped: the graph already holds actors"
    places, registry = load_files()
    return await write_batch(graph, build_batch(places, registry, Viewer.system("demo loader")))
