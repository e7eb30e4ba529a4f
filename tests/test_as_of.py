"""The views "as of" a past moment, on a world that changes at known moments captured between real writes:
an actor joins an initiative, a partnership is removed, an actor is created and joins, a hidden broker joins,
an implementer leaves; elsewhere, a need is met and an actor comes and goes; in a third world, mandates are given
and taken away. The neighbourhood, the collaboration network, who works where, the presence matrix, the coverage
gaps, the paths between two actors, the mandate views and the lists answer each moment exactly as built, and the
hidden records change no public figure at any of them."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import uuid

import pytest

from hub.ids import to_global_id

ACTOR = "mutation($i: CreateActorInput!) { createActor(input: $i) { actor { id } userErrors { message } } }"
INITIATIVE = "mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { initiative { id } userErrors { message } } }"
PLACE = "mutation($i: CreateLocationInput!) { createLocation(input: $i) { location { id } userErrors { message } } }"
LINK = "mutation($i: LinkInput!) { link(input: $i) { userErrors { message } } }"
UNLINK = "mutation($i: UnlinkInput!) { unlink(input: $i) { userErrors { message } } }"
MEDIATION = to_global_id("Theme", "community-mediation")

AROUND = """query($id: ID!, $at: DateTime) { neighbourhood(id: $id, depth: 2, kinds: [ACTOR, INITIATIVE], asOf: $at) {
  nodes { id depth } edges { type fromId toId } } }"""
NETWORK = """query($place: ID, $at: DateTime) { collaborationNetwork(locationId: $place, asOf: $at) {
  actorCount linkCount
  byDegree { degree strength betweenness actor { id } }
  export(format: EDGES_CSV) } }"""
WHO = """query($place: ID!, $at: DateTime) { whoWorksWhere(locationId: $place, asOf: $at) {
  actor { id } work { role initiative { id } } } }"""
NEED = "mutation($i: CreateNeedInput!) { createNeed(input: $i) { need { id } userErrors { message } } }"
GAPS = """query($place: ID!, $at: DateTime) { coverageGaps(locationId: $place, asOf: $at) {
  unaddressedNeeds { need { id } } placesWithoutActors { location { id } } } }"""
PATHS = """query($from: ID!, $to: ID!, $at: DateTime) { connections(fromId: $from, toId: $to,
  via: [IMPLEMENTS, PARTNERS_WITH], asOf: $at) { length nodes { id } } }"""
MATRIX = """query($region: ID!, $at: DateTime) { presenceMatrix(locationId: $region, asOf: $at) {
  location { id } initiativeCount actorCount cells { initiativeCount actorCount } } }"""
MANDATE = "mutation($i: CreateMandateInput!) { createMandate(input: $i) { mandate { id } userErrors { message } } }"
MANDATED = """query($place: ID!, $at: DateTime, $period: DateRange) {
  mandatedActors(locationId: $place, period: $period, asOf: $at) { actor { id } mandates { id } active } }"""
OUTSIDE = """query($place: ID, $at: DateTime) { activityOutsideMandates(locationId: $place, asOf: $at) {
  actor { id } initiative { id } } }"""
IDLE = """query($place: ID, $at: DateTime) { idleMandates(locationId: $place, asOf: $at) { mandate { id } holders { id } } }"""
LISTS = """query($search: String, $at: DateTime) {
  actors(filter: {search: $search}, asOf: $at, first: 50) { totalCount edges { node { id } } }
  initiatives(filter: {search: $search}, asOf: $at, first: 50) { totalCount edges { node { id } } } }"""


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


class World:
    def __init__(self, gql, tag: str):
        self.gql, self.tag, self.ids, self.moments = gql, tag, {}, {}

    async def write(self, query: str, data: dict, name: str | None = None) -> None:
        [payload] = (await self.gql(query, {"i": data})).values()
        assert not payload["userErrors"], payload
        if name:
            self.ids[name] = next(v["id"] for k, v in payload.items() if k != "userErrors")

    async def actor(self, name: str, **extra) -> None:
        await self.write(ACTOR, {"name": f"Asof {name} {self.tag}", "kind": "CSO", "country": "KG",
                                 "confirmDistinct": True, **extra}, name)

    async def initiative(self, name: str, actors: list[str], **extra) -> None:
        await self.write(INITIATIVE, {
            "title": f"Asof {name} {self.tag}", "startDate": "2024-01-01", "endDate": "2099-12-31",
            "locationIds": [self.ids["place"]], "themeIds": [MEDIATION],
            "implementers": [{"actorId": self.ids[a], "role": "LEAD" if n == 0 else "PARTNER"}
                             for n, a in enumerate(actors)], **extra}, name)

    async def link(self, mutation: str, rel: str, a: str, b: str) -> None:
        await self.write(mutation, {"type": rel, "fromId": self.ids[a], "toId": self.ids[b]})

    async def mark(self, moment: str) -> None:
        """A moment strictly between the writes before it and those after it."""
        await asyncio.sleep(0.01)
        self.moments[moment] = _now()
        await asyncio.sleep(0.01)

    def name(self, global_id: str) -> str:
        return next(k for k, v in self.ids.items() if v == global_id)


@pytest.fixture(scope="module")
async def world(gql) -> World:
    """before: nothing. t0: A, B partners, C; I1 (A), I2 (hidden H and C), I3 (H and B) in the place, within a
    region; a planned initiative and one long over. t1: B joined I1. t2: the A-B partnership removed. t3: L created
    and joined I1. t4: the hidden H joined I1. t5: B left I3. t6: C left I2. Elsewhere, in a second place: a need
    and the hidden H present from t0, C present from t1 to t6, an initiative on the need from t4."""
    w = World(gql, uuid.uuid4().hex[:6])
    await w.mark("before")
    await w.write(PLACE, {"code": f"ASOF-R-{w.tag}", "name": f"Asof region {w.tag}", "level": "ADMIN1",
                          "country": "KG"}, "region")
    await w.write(PLACE, {"code": f"ASOF-{w.tag}", "name": f"Asof {w.tag}", "level": "ADMIN2", "country": "KG",
                          "parentId": w.ids["region"]}, "place")
    await w.actor("A")
    await w.actor("B", partnerIds=[w.ids["A"]])
    await w.actor("C")
    await w.actor("H", visibility="PRIVATE")
    await w.initiative("I1", ["A"])
    await w.initiative("I2", ["H", "C"])
    await w.initiative("I3", ["H", "B"])
    await w.initiative("planned", ["C"], startDate="2099-01-01", endDate="2099-12-31", status="PLANNED")
    await w.initiative("over", ["C"], startDate="2001-01-01", endDate="2002-12-31", status="COMPLETED")
    await w.write(PLACE, {"code": f"ASOF-E-{w.tag}", "name": f"Asof elsewhere {w.tag}", "level": "ADMIN2",
                          "country": "KG"}, "elsewhere")
    await w.write(NEED, {"title": f"Asof need {w.tag}", "severity": "HIGH", "locationIds": [w.ids["elsewhere"]],
                         "themeIds": [MEDIATION]}, "N")
    await w.link(LINK, "OPERATES_IN", "H", "elsewhere")
    await w.mark("t0")
    await w.link(LINK, "IMPLEMENTS", "B", "I1")
    await w.link(LINK, "OPERATES_IN", "C", "elsewhere")
    await w.mark("t1")
    await w.link(UNLINK, "PARTNERS_WITH", "B", "A")
    await w.mark("t2")
    await w.actor("L")
    await w.link(LINK, "IMPLEMENTS", "L", "I1")
    await w.mark("t3")
    await w.link(LINK, "IMPLEMENTS", "H", "I1")
    await w.write(INITIATIVE, {"title": f"Asof I4 {w.tag}", "startDate": "2024-01-01", "locationIds": [w.ids["elsewhere"]],
                               "themeIds": [MEDIATION]}, "I4")
    await w.mark("t4")
    await w.link(UNLINK, "IMPLEMENTS", "B", "I3")
    await w.mark("t5")
    await w.link(UNLINK, "IMPLEMENTS", "C", "I2")
    await w.link(UNLINK, "OPERATES_IN", "C", "elsewhere")
    await w.mark("t6")
    return w


@pytest.fixture(scope="module")
async def mandated(gql) -> World:
    """t0: in a place, A and the hidden H implement I1; elsewhere, both implement IQ; M1 covers the place on
    mediation, held by A and H; M2 the same, held by B, valid only from tomorrow. t1: B given M1. t2: A left I1.
    t3: A's hold on M1 removed."""
    w = World(gql, uuid.uuid4().hex[:6])
    await w.mark("before")
    await w.write(PLACE, {"code": f"ASOF-M-{w.tag}", "name": f"Asof mandated {w.tag}", "level": "ADMIN2",
                          "country": "KG"}, "place")
    await w.write(PLACE, {"code": f"ASOF-Q-{w.tag}", "name": f"Asof outside {w.tag}", "level": "ADMIN2",
                          "country": "KG"}, "outside")
    for name in "AB":
        await w.actor(name)
    await w.actor("H", visibility="PRIVATE")
    await w.initiative("I1", ["A", "H"])
    await w.initiative("IQ", ["A", "H"], locationIds=[w.ids["outside"]])
    tomorrow = (dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1)).isoformat()
    for name, holders, since in (("M1", "AH", "2020-01-01"), ("M2", "B", tomorrow)):
        await w.write(MANDATE, {"title": f"Asof {name} {w.tag}", "issuer": "Council", "validFrom": since,
                                "locationIds": [w.ids["place"]], "themeIds": [MEDIATION],
                                "holderIds": [w.ids[h] for h in holders]}, name)
    await w.mark("t0")
    await w.link(LINK, "HOLDS", "B", "M1")
    await w.mark("t1")
    await w.link(UNLINK, "IMPLEMENTS", "A", "I1")
    await w.mark("t2")
    await w.link(UNLINK, "HOLDS", "A", "M1")
    await w.mark("t3")
    return w


async def test_the_mandate_views_at_each_moment(gql, public, mandated):
    w = mandated

    def ours(rows: list, field: str) -> list:
        return [r for r in rows if r[field]["id"] in w.ids.values()]

    async def holders(client, moment: str | None, period: dict | None = None) -> dict[str, tuple]:
        rows = (await client(MANDATED, {"place": w.ids["place"], "at": w.moments.get(moment),
                                        "period": period}))["mandatedActors"]
        return {w.name(r["actor"]["id"]): (sorted(w.name(m["id"]) for m in r["mandates"]), r["active"])
                for r in ours(rows, "actor")}

    async def outside(client, moment: str | None) -> list[tuple]:
        rows = (await client(OUTSIDE, {"place": w.ids["outside"], "at": w.moments.get(moment)}))["activityOutsideMandates"]
        return sorted((w.name(r["actor"]["id"]), w.name(r["initiative"]["id"])) for r in ours(rows, "actor"))

    async def idle(client, moment: str | None) -> list[tuple]:
        rows = (await client(IDLE, {"place": w.ids["place"], "at": w.moments.get(moment)}))["idleMandates"]
        return sorted((w.name(r["mandate"]["id"]), sorted(w.name(h["id"]) for h in r["holders"]))
                      for r in ours(rows, "mandate"))

    assert await holders(public, "before") == {}
    # A's work on I1 (left at t2) and hold on M1 (removed at t3) are rebuilt from the trail before then; B was
    # given M1 at t1; M2 is not valid on the day of any moment; the hidden H, mandated and active, never shows
    assert await holders(public, "t0") == {"A": (["M1"], True)}
    assert await holders(public, "t1") == {"A": (["M1"], True), "B": (["M1"], False)}
    assert await holders(public, "t2") == {"A": (["M1"], False), "B": (["M1"], False)}
    assert await holders(public, "t3") == await holders(public, None) == {"B": (["M1"], False)}
    assert await holders(gql, "t0") == {"A": (["M1"], True), "H": (["M1"], True)}
    later = {"start": dt.date.today().isoformat(), "end": "2099-12-31"}  # a period reaching M2's validity
    assert await holders(public, None, later) == {"B": (["M1", "M2"], False)}
    assert await holders(public, "t3", later) == {"B": (["M1"], False)}  # not valid on the moment's day

    # A works outside its mandate while it holds one; the hidden H, who does too, only for an admin
    assert await outside(public, "before") == []
    assert await outside(public, "t0") == await outside(public, "t2") == [("A", "IQ")]
    assert await outside(public, "t3") == await outside(public, None) == []
    assert await outside(gql, "t3") == [("H", "IQ")]

    # M1 is idle once A left I1, for the public: an admin sees the hidden H work on I1 under it
    assert await idle(public, "before") == []
    assert await idle(public, "t0") == await idle(public, "t1") == []
    assert await idle(public, "t2") == [("M1", ["A", "B"])]
    assert await idle(public, "t3") == await idle(public, None) == [("M1", ["B"])]
    assert await idle(gql, "t2") == await idle(gql, None) == []


def _edges(w: World, view: dict) -> set[tuple[str, frozenset]]:
    return {(e["type"], frozenset((w.name(e["fromId"]), w.name(e["toId"])))) for e in view["edges"]}


async def test_the_neighbourhood_at_each_moment(public, world):
    w = world

    async def around(moment: str | None):
        return (await public(AROUND, {"id": w.ids["A"], "at": w.moments.get(moment)}))["neighbourhood"]

    assert await around("before") is None  # A did not exist yet
    imp = "IMPLEMENTS"
    partners = ("PARTNERS_WITH", frozenset("AB"))
    expected = {
        # the partnership, removed at t2, is rebuilt from the audit trail before it
        "t0": ({"A": 0, "I1": 1, "B": 1, "I3": 2}, {(imp, frozenset(("A", "I1"))), partners, (imp, frozenset(("B", "I3")))}),
        "t1": ({"A": 0, "I1": 1, "B": 1, "I3": 2}, {(imp, frozenset(("A", "I1"))), partners, (imp, frozenset(("B", "I3"))),
                                                     (imp, frozenset(("B", "I1")))}),
        "t2": ({"A": 0, "I1": 1, "B": 2}, {(imp, frozenset(("A", "I1"))), (imp, frozenset(("B", "I1")))}),
        "t3": ({"A": 0, "I1": 1, "B": 2, "L": 2}, {(imp, frozenset(("A", "I1"))), (imp, frozenset(("B", "I1"))),
                                                    (imp, frozenset(("L", "I1")))}),
    }
    expected["t4"] = expected["t5"] = expected[None] = expected["t3"]  # the hidden H changes nothing
    for moment, (nodes, edges) in expected.items():
        view = await around(moment)
        assert {w.name(n["id"]): n["depth"] for n in view["nodes"]} == nodes, moment
        assert _edges(w, view) == edges, moment


async def test_the_collaboration_network_at_each_moment(gql, public, world):
    w = world

    async def network(client, moment: str | None) -> dict:
        return (await client(NETWORK, {"place": w.ids["place"], "at": w.moments.get(moment)}))["collaborationNetwork"]

    def links(net: dict) -> dict[frozenset, str]:
        rows = csv.DictReader(io.StringIO(net["export"]))
        return {frozenset((w.name(r["source"]), w.name(r["target"]))): f"{float(r['weight'])}:{r['kinds']}" for r in rows}

    before = await network(public, "before")
    assert before["actorCount"] == 0 and before["linkCount"] == 0
    t0 = await network(public, "t0")  # I2 and I3 count, their hidden H does not; the planned and past ones do not
    assert t0["actorCount"] == 3 and links(t0) == {frozenset("AB"): "1.0:PARTNERSHIP"}
    t1 = await network(public, "t1")
    assert links(t1) == {frozenset("AB"): "2.0:JOINT_WORK;PARTNERSHIP"}
    t2 = await network(public, "t2")
    assert links(t2) == {frozenset("AB"): "1.0:JOINT_WORK"}
    t3 = await network(public, "t3")
    assert t3["actorCount"] == 4 and links(t3) == {frozenset(p): "1.0:JOINT_WORK" for p in ("AB", "AL", "BL")}
    # the hidden broker joins I1 at t4: no public figure changes, at t4, t5 or now; an admin sees it broker
    t4 = await network(public, "t4")
    assert {k: t4[k] for k in ("actorCount", "linkCount", "byDegree")} == {
        k: t3[k] for k in ("actorCount", "linkCount", "byDegree")}
    admin = await network(gql, "t4")
    assert admin["actorCount"] == 5 and w.name(admin["byDegree"][0]["actor"]["id"]) == "H"
    assert admin["byDegree"][0]["betweenness"] > 0
    # B left I3 at t5: before it, an admin sees B and H share I1 and I3 (rebuilt from the trail); after, I1 only
    assert links(admin)[frozenset("BH")] == "2.0:JOINT_WORK"
    assert links(await network(gql, "t5"))[frozenset("BH")] == "1.0:JOINT_WORK"


async def test_who_works_where_at_each_moment(public, world):
    w = world

    async def who(moment: str | None) -> dict[str, set]:
        rows = (await public(WHO, {"place": w.ids["place"], "at": w.moments.get(moment)}))["whoWorksWhere"]
        return {w.name(r["actor"]["id"]): {(x["role"], w.name(x["initiative"]["id"])) for x in r["work"]} for r in rows}

    assert await who("before") == {}
    t0 = {"A": {("LEAD", "I1")}, "B": {("PARTNER", "I3")}, "C": {("PARTNER", "I2")}}
    assert await who("t0") == t0
    t1 = t0 | {"B": {("PARTNER", "I1"), ("PARTNER", "I3")}}
    assert await who("t1") == t1 and await who("t2") == t1
    t3 = t1 | {"L": {("PARTNER", "I1")}}
    assert await who("t3") == t3 and await who("t4") == t3  # B's work on I3, removed at t5, rebuilt with its role
    assert await who("t5") == t3 | {"B": {("PARTNER", "I1")}}


async def test_the_presence_matrix_at_each_moment(gql, public, world):
    w = world

    async def matrix(client, moment: str | None) -> tuple[int, int, list]:
        [row] = (await client(MATRIX, {"region": w.ids["region"], "at": w.moments.get(moment)}))["presenceMatrix"]
        assert row["location"]["id"] == w.ids["place"]
        return row["initiativeCount"], row["actorCount"], [(c["initiativeCount"], c["actorCount"]) for c in row["cells"]]

    assert await matrix(public, "before") == (0, 0, [])
    # I1-I3 ran (not the planned one nor the one long over) with A, B and C; the hidden H is not counted
    assert await matrix(public, "t0") == (3, 3, [(3, 3)])
    assert await matrix(public, "t2") == (3, 3, [(3, 3)])
    assert await matrix(public, "t3") == (3, 4, [(3, 4)])
    # H joins I1 at t4: nothing changes for the public; C, who left I2 at t6, is rebuilt from the trail before it
    assert await matrix(public, "t4") == await matrix(public, "t5") == (3, 4, [(3, 4)])
    assert await matrix(public, "t6") == await matrix(public, None) == (3, 3, [(3, 3)])
    assert await matrix(gql, "t0") == (3, 4, [(3, 4)]) and await matrix(gql, "t5") == (3, 5, [(3, 5)])
    assert await matrix(gql, "t6") == (3, 4, [(3, 4)])


async def test_the_coverage_gaps_at_each_moment(gql, public, world):
    w = world

    async def gaps(client, moment: str | None) -> tuple[list, list]:
        found = (await client(GAPS, {"place": w.ids["elsewhere"], "at": w.moments.get(moment)}))["coverageGaps"]
        return ([w.name(n["need"]["id"]) for n in found["unaddressedNeeds"]],
                [w.name(p["location"]["id"]) for p in found["placesWithoutActors"]])

    assert await gaps(public, "before") == ([], [])
    # the need is unmet and nobody the public may see is there: the hidden H, present, changes nothing
    assert await gaps(public, "t0") == (["N"], ["elsewhere"])
    assert await gaps(gql, "t0") == (["N"], [])
    # C came at t1; I4 meets the need from t4; C left at t6, its presence rebuilt from the trail before then
    assert await gaps(public, "t1") == await gaps(public, "t3") == (["N"], [])
    assert await gaps(public, "t4") == await gaps(public, "t5") == ([], [])
    assert await gaps(public, "t6") == await gaps(public, None) == ([], ["elsewhere"])
    assert await gaps(gql, "t6") == ([], [])


async def test_the_paths_at_each_moment(gql, public, world):
    w = world

    async def paths(client, a: str, b: str, moment: str | None) -> list[list[str]]:
        found = (await client(PATHS, {"from": w.ids[a], "to": w.ids[b], "at": w.moments.get(moment)}))["connections"]
        assert all(p["length"] == len(p["nodes"]) - 1 for p in found)
        return sorted([w.name(n["id"]) for n in p["nodes"]] for p in found)

    assert await paths(public, "A", "B", "before") == []  # neither existed
    # the partnership, removed at t2, is rebuilt from the trail before it; then B is reached through I1
    assert await paths(public, "A", "B", "t0") == await paths(public, "A", "B", "t1") == [["A", "B"]]
    assert await paths(public, "A", "B", "t2") == await paths(public, "A", "B", None) == [["A", "I1", "B"]]
    # C and B meet only through the hidden H: never for the public; for an admin through I3 (B left it at t5,
    # rebuilt before), through I1 too once H joined it at t4, and not at all once C left I2 at t6
    for moment in ("t0", "t3", "t4", "t5", "t6", None):
        assert await paths(public, "C", "B", moment) == [], moment
    assert await paths(gql, "C", "B", "t3") == [["C", "I2", "H", "I3", "B"]]
    assert await paths(gql, "C", "B", "t4") == [["C", "I2", "H", "I1", "B"], ["C", "I2", "H", "I3", "B"]]
    assert await paths(gql, "C", "B", "t5") == [["C", "I2", "H", "I1", "B"]]
    assert await paths(gql, "C", "B", "t6") == await paths(gql, "C", "B", None) == []


async def test_the_lists_at_each_moment(public, world):
    w = world

    async def lists(moment: str | None) -> tuple[set, set]:
        found = await public(LISTS, {"search": f"Asof {w.tag}", "at": w.moments.get(moment)})
        names = [{w.name(e["node"]["id"]) for e in found[k]["edges"]} for k in ("actors", "initiatives")]
        assert [found[k]["totalCount"] for k in ("actors", "initiatives")] == [len(n) for n in names]
        return names[0], names[1]

    assert await lists("before") == (set(), set())
    # the planned initiative had not started and the other was long over: neither ran on the day
    assert await lists("t0") == ({"A", "B", "C"}, {"I1", "I2", "I3"})
    assert await lists("t2") == ({"A", "B", "C"}, {"I1", "I2", "I3"})
    assert await lists("t3") == ({"A", "B", "C", "L"}, {"I1", "I2", "I3"})
    assert await lists(None) == ({"A", "B", "C", "L"}, {"I1", "I2", "I3", "I4", "planned", "over"})


@pytest.mark.parametrize("query, variables", [
    (AROUND, {"id": to_global_id("Actor", "x")}),
    (NETWORK, {}),
    (WHO, {"place": to_global_id("Location", "KG")}),
    (MATRIX, {"region": to_global_id("Location", "KG")}),
    (GAPS, {"place": to_global_id("Location", "KG")}),
    (PATHS, {"from": to_global_id("Actor", "x"), "to": to_global_id("Actor", "y")}),
    (MANDATED, {"place": to_global_id("Location", "KG")}),
    (OUTSIDE, {}),
    (IDLE, {}),
    (LISTS, {}),
])
async def test_a_moment_in_the_future_is_refused_naming_the_field(public, query, variables):
    future = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)).isoformat()
    body = await public.raw(query, variables | {"at": future})
    [error] = body["errors"][:1]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("asOf: must not be in the future")


async def test_a_malformed_moment_is_refused_naming_the_field(public):
    body = await public.raw("{ actors(asOf: \"last tuesday\") { totalCount } }")
    assert body["errors"][0]["message"].startswith("asOf: Value cannot represent a DateTime")
    body = await public.raw(LISTS, {"at": "2025-13-45T00:00:00Z"})
    assert body["errors"][0]["message"].startswith("Variable '$at' has invalid value")
    assert "DateTime" in body["errors"][0]["message"]


async def test_the_export_command_and_route_export_a_past_network(hub, client, gql, world, tmp_path):
    from tests.test_network import _hub_export

    w = world
    done = _hub_export(hub, tmp_path, "--place", w.ids["place"], "--as-of", w.moments["t1"], "--format", "edges-csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(frozenset((w.name(r["source"]), w.name(r["target"]))), r["kinds"]) for r in rows] == [
        (frozenset("AB"), "JOINT_WORK;PARTNERSHIP")]
    answer = await client.get("/export/graph.edges.csv", headers=gql.headers(), params={
        "view": "collaboration", "locationId": w.ids["place"], "asOf": w.moments["t1"]})
    assert answer.status_code == 200, answer.text
    done = _hub_export(hub, tmp_path, "--place", w.ids["place"], "--as-of", w.moments["t1"], "--format", "edges-csv",
                       "--audience", "all")
    assert answer.text == done.stdout  # an admin's view: the private H's joint work too
    assert len(list(csv.DictReader(io.StringIO(answer.text)))) > len(rows)
    future = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).isoformat()
    done = _hub_export(hub, tmp_path, "--around", w.ids["A"], "--as-of", future)
    assert done.returncode == 2 and "as-of: must not be in the future" in done.stderr
    done = _hub_export(hub, tmp_path, "--around", w.ids["A"], "--as-of", "yesterday")
    assert done.returncode == 2 and "not a date and time" in done.stderr


async def test_the_presence_picture_of_a_past_moment(hub, world, tmp_path):
    from tests.test_network import _hub_export

    w = world
    counts = {}
    for moment in ("t3", None):
        extra = ("--as-of", w.moments[moment]) if moment else ()
        done = _hub_export(hub, tmp_path, "presence", "--place", w.ids["region"], *extra, command=("draw",))
        assert done.returncode == 0, done.stderr
        counts[moment] = _cell_counts(done.stdout)[0]  # the one cell's count (the colour scale's ticks follow)
    assert counts == {"t3": 4, None: 3}  # L joined at t3; C left I2 at t6


def _cell_counts(svg: str) -> list[int]:
    """The numbers written in the presence picture: its cells' counts, then its colour scale's ticks."""
    import re
    from xml.etree import ElementTree

    texts = ["".join(t.itertext()).strip() for t in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    return [int(t) for t in texts if re.fullmatch(r"\d+", t)]
