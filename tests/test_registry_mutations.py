"""Create, update and delete for every record type, with their failure paths: bad input, stale versions,
duplicates and missing references. Each must report a userError naming the field and change nothing."""

from __future__ import annotations

import asyncio

import pytest

PAYLOAD = "{ %s { id version } userErrors { field message code } }"


def valid_input(label: str, unique: str) -> dict:
    return {
        "Actor": {"name": f"Women's Peace Network {unique}", "kind": "CSO", "country": "KG"},
        "Mandate": {"title": f"Mandate {unique}", "issuer": "UN Security Council", "validFrom": "2020-01-01"},
        "Initiative": {"title": f"Youth dialogue {unique}", "startDate": "2024-01-01", "endDate": "2025-06-30"},
        "Location": {"code": f"TEST-{unique}", "name": f"Village {unique}", "level": "SETTLEMENT", "country": "KG"},
        "Theme": {"code": f"theme-{unique}", "name": f"Theme {unique}"},
        "Need": {"title": f"Water dispute {unique}", "severity": "HIGH"},
        # Contacts default to NETWORK visibility; this one is public so an anonymous caller can read it back.
        "Contact": {"name": f"Aida {unique}", "email": "aida@example.org", "visibility": "PUBLIC"},
    }[label]


# (label, an input with one bad field, the field that must be named)
BAD_INPUTS = [
    ("Actor", {"name": "", "kind": "CSO"}, "name"),
    ("Actor", {"name": "X", "kind": "CSO", "country": "XX"}, "country"),
    ("Actor", {"name": "X", "kind": "CSO", "website": "javascript:alert(1)"}, "website"),
    ("Actor", {"name": "X" * 301, "kind": "CSO"}, "name"),
    ("Mandate", {"title": "M", "issuer": "I", "validFrom": "2024-01-01", "validTo": "2023-01-01"}, "validTo"),
    ("Initiative", {"title": "I", "startDate": "2024-05-01", "endDate": "2024-04-30"}, "endDate"),
    ("Initiative", {"title": "I", "budgetAmount": -5, "budgetCurrency": "USD"}, "budgetAmount"),
    ("Initiative", {"title": "I", "budgetAmount": 5}, "budgetCurrency"),
    ("Initiative", {"title": "I", "budgetAmount": 5, "budgetCurrency": "XYZ"}, "budgetCurrency"),
    ("Location", {"code": "bad code!", "name": "N", "level": "ADMIN1", "country": "KG"}, "code"),
    ("Location", {"code": "OK1", "name": "N", "level": "ADMIN1", "country": "KG", "latitude": 91}, "latitude"),
    ("Theme", {"code": "t-ok", "name": "T", "dacCodes": ["15220x"]}, "dacCodes.0"),
    ("Need", {"title": "\u0000"}, "title"),
    ("Contact", {"name": "C", "email": "not-an-email"}, "email"),
]

LABELS = ["Actor", "Mandate", "Initiative", "Location", "Theme", "Need", "Contact"]


def field_name(label: str) -> str:
    return label[0].lower() + label[1:]


async def create(gql, label: str, data: dict) -> dict:
    name = field_name(label)
    query = f"mutation($i: Create{label}Input!) {{ create{label}(input: $i) {PAYLOAD % name} }}"
    return (await gql(query, {"i": data}))[f"create{label}"]


async def update(gql, label: str, data: dict) -> dict:
    name = field_name(label)
    query = f"mutation($i: Update{label}Input!) {{ update{label}(input: $i) {PAYLOAD % name} }}"
    return (await gql(query, {"i": data}))[f"update{label}"]


async def delete(gql, label: str, data: dict) -> dict:
    query = f"mutation($i: DeleteInput!) {{ delete{label}(input: $i) {{ deletedIds userErrors {{ field message code }} }} }}"
    return (await gql(query, {"i": data}))[f"delete{label}"]


async def exists(gql, global_id: str) -> bool:
    return (await gql("query($id: ID!) { node(id: $id) { id } }", {"id": global_id}))["node"] is not None


@pytest.mark.parametrize("label", LABELS)
async def test_create_update_delete_round_trip(gql, unique, label):
    created = await create(gql, label, valid_input(label, unique))
    assert created["userErrors"] == []
    record = created[field_name(label)]
    assert record["version"] == 1 and await exists(gql, record["id"])

    change = {"Location": {"name": "Renamed"}, "Theme": {"name": "Renamed"}, "Contact": {"role": "Liaison officer"}}
    changes = change.get(label) or ({"title": "Renamed"} if "title" in valid_input(label, unique) else {"name": "Renamed"})
    updated = await update(gql, label, {"id": record["id"], "version": 1, **changes})
    assert updated["userErrors"] == [] and updated[field_name(label)]["version"] == 2

    stale = await update(gql, label, {"id": record["id"], "version": 1, **changes})
    assert [(e["field"], e["code"]) for e in stale["userErrors"]] == [("version", "CONFLICT")]
    assert stale[field_name(label)] is None

    deleted = await delete(gql, label, {"id": record["id"], "version": 2})
    assert deleted == {"deletedIds": [record["id"]], "userErrors": []}
    assert not await exists(gql, record["id"])

    again = await delete(gql, label, {"id": record["id"]})
    assert [(e["field"], e["code"]) for e in again["userErrors"]] == [("id", "NOT_FOUND")]


@pytest.mark.parametrize("label,data,field", BAD_INPUTS)
async def test_bad_input_names_the_field_and_stores_nothing(gql, label, data, field):
    created = await create(gql, label, data)
    assert created[field_name(label)] is None
    assert field in [e["field"] for e in created["userErrors"]], created["userErrors"]
    assert all(e["message"] for e in created["userErrors"])


async def test_update_is_validated_against_the_whole_record(gql, unique):
    created = await create(gql, "Initiative", valid_input("Initiative", unique))
    record = created["initiative"]
    bad = await update(gql, "Initiative", {"id": record["id"], "version": 1, "endDate": "2023-12-31"})
    assert [(e["field"], e["code"]) for e in bad["userErrors"]] == [("endDate", "INVALID")]
    data = await gql("query($id: ID!) { node(id: $id) { ... on Initiative { endDate version } } }", {"id": record["id"]})
    assert data["node"] == {"endDate": "2025-06-30", "version": 1}


async def test_update_changes_only_named_fields_and_null_clears(gql, unique):
    created = await create(gql, "Actor", valid_input("Actor", unique) | {"acronym": f"WPN{unique}", "aliases": ["a", "b"]})
    actor = created["actor"]
    await update(gql, "Actor", {"id": actor["id"], "version": 1, "aliases": None})
    data = await gql("query($id: ID!) { node(id: $id) { ... on Actor { name acronym aliases version } } }", {"id": actor["id"]})
    assert data["node"] == {"name": f"Women's Peace Network {unique}", "acronym": f"WPN{unique}", "aliases": [], "version": 2}


# (label, extra fields at creation, a change: values set, replaced, cleared with null, a list emptied)
UPDATES = [
    ("Initiative", {"description": "Dialogue", "budgetAmount": 1200.5, "budgetCurrency": "USD",
                    "targetGroups": ["YOUTH", "WOMEN"]},
     {"title": "Renamed", "description": None, "budgetAmount": 99.0, "targetGroups": [], "sensitive": True}),
    ("Actor", {"acronym": "WPN", "aliases": ["a", "b"], "website": "https://example.org"},
     {"aliases": ["c"], "website": None, "acronym": "WPNX"}),
    ("Location", {"latitude": 40.5, "longitude": 72.8}, {"latitude": None, "name": "Renamed"}),
]


@pytest.mark.parametrize("label,extra,change", UPDATES)
async def test_the_trail_of_an_update_holds_the_record_as_stored(gql, hub, unique, label, extra, change):
    """An update's audit entry is written by the update's own statement, worked out from the record as it was
    locked: it must be what the graph keeps afterwards."""
    import json

    from hub.access import Viewer
    from hub.graph import nodes
    from hub.graph.connection import fetch_collected
    from hub.ids import from_global_id
    from hub.services import audit

    created = await create(gql, label, valid_input(label, unique) | extra)
    assert created["userErrors"] == [], created["userErrors"]
    record_id = created[field_name(label)]["id"]
    updated = await update(gql, label, {"id": record_id, "version": 1, **change})
    assert updated["userErrors"] == [] and updated[field_name(label)]["version"] == 2

    key = from_global_id(record_id, label, "id")[1]
    stored = (await hub.graph.read(lambda tx: fetch_collected(tx, nodes.get_by_keys(label), keys=[key],
                                                         **Viewer.system("test").params())))[0]["node"]
    trail = (await gql("query($id: ID!) { auditTrail(recordId: $id) { nodes { action before after } } }",
                       {"id": record_id}))["auditTrail"]["nodes"]
    entry = next(e for e in trail if e["action"] == "UPDATE")
    assert entry["after"] == json.loads(audit.snapshot(stored))
    assert entry["before"]["version"] == 1 and entry["after"]["version"] == 2


async def test_location_code_is_permanent(gql, unique):
    created = await create(gql, "Location", valid_input("Location", unique))
    location = created["location"]
    query = "mutation($i: UpdateLocationInput!) { updateLocation(input: $i) { userErrors { field code } } }"
    body = await gql.raw(query, {"i": {"id": location["id"], "version": 1, "code": "OTHER"}})
    [error] = body["errors"]  # code is not a field of the update input at all
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "'code'" in error["message"]


async def test_duplicate_natural_key_is_refused(gql, unique):
    assert (await create(gql, "Theme", valid_input("Theme", unique)))["userErrors"] == []
    again = await create(gql, "Theme", valid_input("Theme", unique))
    assert [(e["field"], e["code"]) for e in again["userErrors"]] == [("code", "DUPLICATE")]


async def test_duplicate_actor_is_refused_unless_confirmed(gql, unique):
    first = await create(gql, "Actor", {"name": f"Fond Tolerantnost {unique}", "acronym": f"FT{unique}", "kind": "CSO", "country": "KG"})
    existing = first["actor"]["id"]
    for attempt in (
        {"name": f"FOND   tolérantnost {unique}", "kind": "CSO", "country": "KG"},  # case, spacing and accents
        {"name": "Another name", "acronym": f"ft{unique}", "kind": "CSO", "country": "KG"},  # same acronym
    ):
        refused = await create(gql, "Actor", attempt)
        assert refused["actor"] is None
        [error] = refused["userErrors"]
        assert error["code"] == "DUPLICATE" and existing in error["message"]
    other_country = await create(gql, "Actor", {"name": f"Fond Tolerantnost {unique}", "kind": "CSO", "country": "TJ"})
    assert other_country["userErrors"] == []
    confirmed = await create(gql, "Actor", {"name": f"Fond Tolerantnost {unique}", "kind": "CSO", "country": "KG",
                                            "confirmDistinct": True})
    assert confirmed["userErrors"] == []


async def test_renaming_onto_an_existing_actor_is_refused(gql, unique):
    await create(gql, "Actor", {"name": f"Alpha {unique}", "kind": "CSO", "country": "KG"})
    beta = (await create(gql, "Actor", {"name": f"Beta {unique}", "kind": "CSO", "country": "KG"}))["actor"]
    refused = await update(gql, "Actor", {"id": beta["id"], "version": 1, "name": f"alpha {unique}"})
    assert [e["code"] for e in refused["userErrors"]] == ["DUPLICATE"]


async def test_a_name_equal_to_another_actors_acronym_is_a_possible_duplicate(gql, unique):
    """An organisation registered once by its full name and acronym and again by its acronym alone (or the other
    way round) is flagged in the same country, not in another; confirmDistinct registers it anyway."""
    full = await create(gql, "Actor", {"name": f"Foundation for Tolerance {unique}", "acronym": f"FTI-{unique}",
                                       "kind": "CSO", "country": "KG"})
    by_acronym = await create(gql, "Actor", {"name": f"fti {unique}", "kind": "CSO", "country": "KG"})
    [error] = by_acronym["userErrors"]
    assert (error["field"], error["code"]) == ("name", "DUPLICATE") and full["actor"]["id"] in error["message"]
    short = await create(gql, "Actor", {"name": f"YPN {unique}", "kind": "CSO", "country": "KG"})
    long_form = await create(gql, "Actor", {"name": f"Youth Peace Network {unique}", "acronym": f"ypn {unique}",
                                            "kind": "NETWORK", "country": "KG"})
    assert [e["code"] for e in long_form["userErrors"]] == ["DUPLICATE"] and short["actor"]["id"] in long_form["userErrors"][0]["message"]
    elsewhere = await create(gql, "Actor", {"name": f"FTI {unique}", "kind": "CSO", "country": "TJ"})
    assert elsewhere["userErrors"] == []
    confirmed = await create(gql, "Actor", {"name": f"FTI {unique}", "kind": "CSO", "country": "KG", "confirmDistinct": True})
    assert confirmed["userErrors"] == []


async def test_concurrent_registrations_of_one_organisation_create_one(gql, unique):
    data = {"name": f"Race Foundation {unique}", "kind": "CSO", "country": "TJ"}
    results = await asyncio.gather(*(create(gql, "Actor", data) for _ in range(6)))
    created = [r for r in results if r["actor"]]
    assert len(created) == 1
    assert all(r["userErrors"][0]["code"] == "DUPLICATE" for r in results if not r["actor"])
    listed = await gql("query($s: String) { actors(filter: {search: $s}) { totalCount } }", {"s": f"race foundation {unique}"})
    assert listed["actors"]["totalCount"] == 1


async def test_concurrent_updates_with_one_version_let_exactly_one_win(gql, unique):
    record = (await create(gql, "Initiative", valid_input("Initiative", unique)))["initiative"]
    results = await asyncio.gather(*(update(gql, "Initiative", {"id": record["id"], "version": 1, "title": f"Edit {n}"})
                                     for n in range(5)))
    winners = [r for r in results if r["initiative"]]
    assert len(winners) == 1
    assert all(r["userErrors"][0]["code"] == "CONFLICT" for r in results if not r["initiative"])
    data = await gql("query($id: ID!) { node(id: $id) { ... on Initiative { title version } } }", {"id": record["id"]})
    assert data["node"]["version"] == 2


async def test_sequential_concurrent_edits_lose_no_update(gql, unique):
    """Clients that reload on CONFLICT and retry get every change in."""
    record = (await create(gql, "Actor", valid_input("Actor", unique)))["actor"]
    query = "query($id: ID!) { node(id: $id) { ... on Actor { version aliases } } }"

    async def add_alias(alias: str):
        while True:
            current = (await gql(query, {"id": record["id"]}))["node"]
            result = await update(gql, "Actor", {"id": record["id"], "version": current["version"],
                                                 "aliases": current["aliases"] + [alias]})
            if not result["userErrors"]:
                return
            assert result["userErrors"][0]["code"] == "CONFLICT"

    await asyncio.gather(*(add_alias(f"alias {n}") for n in range(4)))
    final = (await gql(query, {"id": record["id"]}))["node"]
    assert sorted(final["aliases"]) == [f"alias {n}" for n in range(4)] and final["version"] == 5


async def test_wrong_or_malformed_ids_are_user_errors(gql, unique):
    initiative = (await create(gql, "Initiative", valid_input("Initiative", unique)))["initiative"]
    wrong_type = await update(gql, "Actor", {"id": initiative["id"], "version": 1, "name": "x"})
    assert [(e["field"], e["code"]) for e in wrong_type["userErrors"]] == [("id", "INVALID_ID")]
    malformed = await delete(gql, "Actor", {"id": "%%%not-an-id"})
    assert [(e["field"], e["code"]) for e in malformed["userErrors"]] == [("id", "INVALID_ID")]


async def test_update_with_nothing_to_change_is_refused(gql, unique):
    record = (await create(gql, "Need", valid_input("Need", unique)))["need"]
    result = await update(gql, "Need", {"id": record["id"], "version": 1})
    assert [(e["field"], e["code"]) for e in result["userErrors"]] == [("input", "REQUIRED")]


async def test_contacts_are_not_public_by_default(gql, public, unique):
    actor = (await create(gql, "Actor", valid_input("Actor", unique)))["actor"]
    contact = (await create(gql, "Contact", {"name": f"Hidden {unique}", "email": "h@example.org"}))["contact"]
    link = "mutation($i: LinkInput!) { link(input: $i) { userErrors { code } } }"
    await gql(link, {"i": {"type": "LIAISON_FOR", "fromId": contact["id"], "toId": actor["id"]}})
    assert await exists(gql, contact["id"]) and not await exists(public, contact["id"])
    data = await public("query($id: ID!, $s: String) { node(id: $id) { ... on Actor { contacts { id } } } "
                     "contacts(filter: {search: $s}) { totalCount } }", {"id": actor["id"], "s": f"hidden {unique}"})
    assert data == {"node": {"contacts": []}, "contacts": {"totalCount": 0}}
