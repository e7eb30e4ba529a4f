"""The network views on worlds whose measures are known by construction: a star, two cliques joined by one
actor, and the same cliques with a hidden broker that must not change what others see; the neighbourhood of
a record; the exports read back with networkx's own GraphML and GEXF readers."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import uuid

import networkx as nx
import pytest

from hub.ids import to_global_id

ACTOR = "mutation($i: CreateActorInput!) { createActor(input: $i) { actor { id } userErrors { message } } }"
INITIATIVE = "mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { initiative { id } userErrors { message } } }"
PLACE = "mutation($i: CreateLocationInput!) { createLocation(input: $i) { location { id } userErrors { message } } }"
MEDIATION = to_global_id("Theme", "community-mediation")

NETWORK = """query($place: ID, $period: DateRange) { collaborationNetwork(locationId: $place, period: $period) {
  actorCount linkCount communityCount isolatedCount
  byDegree { degree strength betweenness community actor { id name } }
  brokers { betweenness actor { id } }
  communities { index size members { actor { id } } }
  isolated { id }
  bridges { weight kinds separates fromCommunity toCommunity fromActor { id } toActor { id } } } }"""
AROUND = """query($id: ID!, $depth: Int, $via: [RelationshipType!], $kinds: [RecordKind!], $period: DateRange,
  $max: Int) { neighbourhood(id: $id, depth: $depth, via: $via, kinds: $kinds, period: $period, maxNodes: $max) {
  capped nodes { id kind name category depth record { id } } edges { type fromId toId } } }"""


async def _id(gql, query: str, data: dict, field: str) -> str:
    [payload] = (await gql(query, {"i": data})).values()
    assert not payload["userErrors"], payload
    return payload[field]["id"]


class World:
    def __init__(self, gql, tag: str):
        self.gql, self.tag, self.ids = gql, tag, {}

    async def place(self, name: str, **extra) -> str:
        self.ids[name] = await _id(self.gql, PLACE, {"code": f"N-{self.tag}-{name}", "name": f"{name} {self.tag}",
                                                     "level": "ADMIN2", "country": "KG", **extra}, "location")
        return self.ids[name]

    async def actor(self, name: str, **extra) -> str:
        self.ids[name] = await _id(self.gql, ACTOR, {"name": f"Network {name} {self.tag}", "kind": "CSO",
                                                     "country": "KG", "confirmDistinct": True, **extra}, "actor")
        return self.ids[name]

    async def initiative(self, name: str, place: str, actors: list[str], **extra) -> str:
        self.ids[name] = await _id(self.gql, INITIATIVE, {
            "title": f"Network {name} {self.tag}", "startDate": "2024-01-01", "endDate": "2026-12-31",
            "locationIds": [self.ids[place]], "themeIds": [MEDIATION],
            "implementers": [{"actorId": self.ids[a], "role": "LEAD" if n == 0 else "PARTNER"}
                             for n, a in enumerate(actors)], **extra}, "initiative")
        return self.ids[name]

    def name(self, global_id: str) -> str:
        return next(k for k, v in self.ids.items() if v == global_id)


@pytest.fixture(scope="module")
async def world(gql) -> World:
    """star: centre s with leaves l1-l4 (shared initiatives) and l5 (partner), l6 present alone, an initiative
    long over (old) and a private one (secret). cliques: a1-a4 and b1-b4 each sharing one initiative, x sharing
    one with a1 and one with b1. hidden: the same with a private x; twins: the same without x at all."""
    w = World(gql, uuid.uuid4().hex[:6])
    await w.place("star")
    await w.actor("s", acronym=f"S-{w.tag}", aliases=[f"Центр {w.tag}"])
    for n in range(1, 5):
        await w.actor(f"l{n}")
        await w.initiative(f"i{n}", "star", ["s", f"l{n}"])
    await w.actor("l5", locationIds=[w.ids["star"]], partnerIds=[w.ids["s"]])
    await w.actor("l6", locationIds=[w.ids["star"]])
    await w.actor("o1")
    await w.initiative("old", "star", ["s", "o1"], startDate="2001-01-01", endDate="2002-12-31", status="COMPLETED")
    await w.actor("p1")
    await w.initiative("secret", "star", ["s", "p1"], visibility="PRIVATE")
    for prefix, broker in (("c", {"acronym": f"X-{w.tag}"}), ("h", {"visibility": "PRIVATE"}), ("t", None)):
        place = await w.place(f"{prefix}-place")
        for side in "ab":
            for n in range(1, 5):
                await w.actor(f"{prefix}-{side}{n}")
            await w.initiative(f"{prefix}-{side}", f"{prefix}-place", [f"{prefix}-{side}{n}" for n in range(1, 5)])
        if broker is not None:
            await w.actor(f"{prefix}-x", **broker)
            await w.initiative(f"{prefix}-xa", f"{prefix}-place", [f"{prefix}-x", f"{prefix}-a1"])
            await w.initiative(f"{prefix}-xb", f"{prefix}-place", [f"{prefix}-x", f"{prefix}-b1"])
        assert place
    return w


async def _network(client, w: World, place: str, period: dict | None = None) -> dict:
    return (await client(NETWORK, {"place": w.ids[place], "period": period}))["collaborationNetwork"]


async def test_a_star_has_its_centre_first_by_degree_and_betweenness(public, world):
    net = await _network(public, world, "star")
    top = net["byDegree"][0]
    assert world.name(top["actor"]["id"]) == "s"
    # s, l1-l5, l6 alone, o1 on a completed initiative (any time by default); p1's initiative is private.
    assert net["actorCount"] == 8 and net["linkCount"] == 6
    # all 15 pairs of its 6 neighbours pass through s, of the 21 pairs of others (l6, alone, counts as one)
    assert top["degree"] == 6 and top["betweenness"] == pytest.approx(15 / 21, abs=1e-6)
    assert [world.name(b["actor"]["id"]) for b in net["brokers"]] == ["s"]
    assert [world.name(a["id"]) for a in net["isolated"]] == ["l6"] and net["isolatedCount"] == 1
    leaves = {world.name(f["actor"]["id"]): f for f in net["byDegree"][1:]}
    assert {k: (f["degree"], f["betweenness"]) for k, f in leaves.items()} == {
        **{f"l{n}": (1, 0.0) for n in range(1, 6)}, "o1": (1, 0.0), "l6": (0, 0.0)}


async def test_a_period_narrows_the_joint_work_and_admins_see_the_private_initiative(gql, public, world):
    net = await _network(public, world, "star", {"start": "2024-06-01", "end": "2024-06-30"})
    names = {world.name(f["actor"]["id"]) for f in net["byDegree"]}
    assert "o1" not in names and net["byDegree"][0]["degree"] == 5
    admin = await _network(gql, world, "star")
    assert admin["byDegree"][0]["degree"] == 7 and admin["actorCount"] == 9


async def test_a_bridge_between_two_cliques_is_the_top_broker_and_the_cliques_are_the_communities(public, world):
    net = await _network(public, world, "c-place")
    assert net["actorCount"] == 9 and net["linkCount"] == 6 + 6 + 2
    assert world.name(net["brokers"][0]["actor"]["id"]) == "c-x"
    assert net["brokers"][0]["betweenness"] == pytest.approx(16 / 28, abs=1e-6)  # 4 x 4 of 28 pairs pass through x
    assert net["brokers"][1]["betweenness"] == pytest.approx(15 / 28, abs=1e-6)  # a1 or b1: 3 x 5
    communities = [{world.name(m["actor"]["id"]) for m in c["members"]} for c in net["communities"]]
    assert len(communities) == 2 and net["communityCount"] == 2
    a, b = {f"c-a{n}" for n in range(1, 5)}, {f"c-b{n}" for n in range(1, 5)}
    assert any(a <= c for c in communities) and any(b <= c for c in communities)
    assert not any(a & c and b & c for c in communities)
    [bridge] = net["bridges"]
    ends = {world.name(bridge["fromActor"]["id"]), world.name(bridge["toActor"]["id"])}
    assert "c-x" in ends and ends & {"c-a1", "c-b1"}
    assert bridge["separates"] and bridge["kinds"] == ["JOINT_WORK"] and bridge["weight"] == 1


async def test_a_hidden_broker_changes_nobody_s_figures(gql, public, world):
    def figures(net, prefix):
        return sorted((world.name(f["actor"]["id"]).removeprefix(prefix), f["degree"], f["strength"], f["betweenness"])
                      for f in net["byDegree"])

    hidden, twins = await _network(public, world, "h-place"), await _network(public, world, "t-place")
    assert figures(hidden, "h-") == figures(twins, "t-")
    assert (hidden["actorCount"], hidden["linkCount"], hidden["communityCount"], hidden["brokers"], hidden["bridges"]) == (
        8, 12, 2, [], [])
    admin = await _network(gql, world, "h-place")
    assert world.name(admin["brokers"][0]["actor"]["id"]) == "h-x"  # it is a broker for those who may see it


async def _around(client, w: World, record: str, **variables) -> dict:
    return (await client(AROUND, {"id": w.ids[record], **variables}))["neighbourhood"]


async def test_the_neighbourhood_of_an_actor_step_by_step(public, world):
    one = await _around(public, world, "s")
    assert {(world.name(n["id"]), n["depth"]) for n in one["nodes"]} == {
        ("s", 0), ("i1", 1), ("i2", 1), ("i3", 1), ("i4", 1), ("old", 1), ("l5", 1)}
    assert one["nodes"][0]["kind"] == "ACTOR" and one["nodes"][0]["record"]["id"] == world.ids["s"]
    assert {(e["type"], world.name(e["fromId"]), world.name(e["toId"])) for e in one["edges"]} == {
        *{("IMPLEMENTS", "s", f"i{n}") for n in range(1, 5)}, ("IMPLEMENTS", "s", "old"), ("PARTNERS_WITH", "l5", "s")}
    two = await _around(public, world, "s", depth=2)
    reached = {world.name(n["id"]): n["depth"] for n in two["nodes"]}
    assert reached["star"] == 2 and reached["l1"] == 2 and reached["o1"] == 2 and "p1" not in reached
    assert "secret" not in reached and not two["capped"]
    assert "l6" not in reached  # present in the star place: a step further
    three = await _around(public, world, "s", depth=3)
    assert {world.name(n["id"]): n["depth"] for n in three["nodes"]}["l6"] == 3
    assert {n["kind"] for n in two["nodes"]} == {"ACTOR", "INITIATIVE", "LOCATION"}


async def test_the_neighbourhood_filters_by_relationship_kind_and_period_and_is_capped(gql, public, world):
    via = await _around(public, world, "s", via=["PARTNERS_WITH"], depth=3)
    assert {world.name(n["id"]) for n in via["nodes"]} == {"s", "l5"}
    actors = await _around(public, world, "s", kinds=["ACTOR"], depth=3)
    assert {world.name(n["id"]) for n in actors["nodes"]} == {"s", "l5"}
    dated = await _around(public, world, "s", period={"start": "2024-06-01", "end": "2024-06-30"})
    assert "old" not in {world.name(n["id"]) for n in dated["nodes"]}
    capped = await _around(public, world, "s", depth=2, max=3)
    assert capped["capped"] and len(capped["nodes"]) == 3
    admin = await _around(gql, world, "s")
    assert "secret" in {world.name(n["id"]) for n in admin["nodes"]}
    hidden = await public.raw(AROUND, {"id": world.ids["h-x"]})
    assert hidden["data"]["neighbourhood"] is None


@pytest.mark.parametrize("variables, field", [({"depth": 4}, "depth"), ({"depth": 0}, "depth"), ({"max": 0}, "maxNodes"),
                                              ({"period": {"start": "2024-02-01", "end": "2024-01-01"}}, "period")])
async def test_bad_neighbourhood_arguments_name_the_field(public, world, variables, field):
    answer = await public.raw(AROUND, {"id": world.ids["s"], **variables})
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["message"].startswith(field)


async def test_exports_read_back_with_networkx(public, world):
    query = """query($id: ID!, $place: ID!) { neighbourhood(id: $id, depth: 2) {
      nodes { id } edges { fromId toId } graphml: export(format: GRAPHML) gexf: export(format: GEXF)
      json: export(format: JSON) nodesCsv: export(format: NODES_CSV) edgesCsv: export(format: EDGES_CSV) }
      collaborationNetwork(locationId: $place) { brokers { betweenness actor { id } } export(format: GRAPHML) } }"""
    data = await public(query, {"id": world.ids["s"], "place": world.ids["c-place"]})
    around = data["neighbourhood"]
    ids = {n["id"] for n in around["nodes"]}
    pairs = sorted((e["fromId"], e["toId"]) for e in around["edges"])
    for graph in (nx.read_graphml(io.BytesIO(around["graphml"].encode())),
                  nx.read_gexf(io.BytesIO(around["gexf"].encode()))):
        assert set(graph.nodes) == ids
        assert sorted(graph.edges()) == pairs
    assert nx.read_graphml(io.BytesIO(around["graphml"].encode())).nodes[world.ids["s"]]["label"] == "Actor"
    gexf = nx.read_gexf(io.BytesIO(around["gexf"].encode()))
    assert gexf.nodes[world.ids["s"]]["type"] == "Actor"  # Gephi shows a node's label: its name
    assert gexf.nodes[world.ids["s"]]["label"] == gexf.nodes[world.ids["s"]]["name"] != ""
    as_json = json.loads(around["json"])
    assert {n["id"] for n in as_json["nodes"]} == ids and as_json["capped"] is False
    [centre] = [n for n in as_json["nodes"] if n["id"] == world.ids["s"]]  # what the explorer draws
    assert (centre["acronym"], centre["otherNames"], centre["depth"]) == (f"S-{world.tag}", [f"Центр {world.tag}"], 0)
    assert {r["id"] for r in csv.DictReader(io.StringIO(around["nodesCsv"]))} == ids
    assert sorted((r["source"], r["target"]) for r in csv.DictReader(io.StringIO(around["edgesCsv"]))) == pairs
    network = nx.read_graphml(io.BytesIO(data["collaborationNetwork"]["export"].encode()))
    top = data["collaborationNetwork"]["brokers"][0]
    assert network.number_of_nodes() == 9 and network.number_of_edges() == 14
    assert network.nodes[top["actor"]["id"]]["betweenness"] == pytest.approx(top["betweenness"])
    assert network.nodes[world.ids["c-x"]]["acronym"] == f"X-{world.tag}"
    assert nx.betweenness_centrality(nx.Graph(network.to_undirected()))[top["actor"]["id"]] == pytest.approx(16 / 28)


def _hub_export(hub, tmp_path, *args: str, command: tuple[str, ...] = ("export", "graph")) -> subprocess.CompletedProcess:
    """`hub export graph ...` beside the test hub: on its data folder it attaches to the same graph server."""
    return subprocess.run([sys.executable, "-m", "hub.cli", *command, *args], cwd=tmp_path, env=cli_env(hub),
                          capture_output=True, text=True, timeout=300)


def cli_env(hub) -> dict:
    env = os.environ | {"HUB_DATA_DIR": str(hub.settings.data_dir), "HUB_LOG_LEVEL": "warning"}
    env.pop("HUB_NEO4J_URI", None)
    if os.environ.get("HUB_TEST_NEO4J_URI"):
        env |= {"HUB_NEO4J_URI": os.environ["HUB_TEST_NEO4J_URI"],
                "HUB_NEO4J_USER": os.environ.get("HUB_TEST_NEO4J_USER", "neo4j"),
                "HUB_NEO4J_PASSWORD": os.environ.get("HUB_TEST_NEO4J_PASSWORD", ""),
                "HUB_NEO4J_DATABASE": os.environ.get("HUB_TEST_NEO4J_DATABASE", "neo4j")}
    return env


async def test_the_export_command_writes_graph_files(hub, world, tmp_path):
    place = world.ids["h-place"]
    done = _hub_export(hub, tmp_path, "--place", place, "--format", "gexf", "-o", "network.gexf")
    assert done.returncode == 0, done.stderr
    network = nx.read_gexf(tmp_path / "network.gexf")
    assert network.number_of_nodes() == 8 and network.number_of_edges() == 12  # the private broker left out
    assert {d["community"] for _, d in network.nodes(data=True)} == {0, 1}
    done = _hub_export(hub, tmp_path, "--place", place, "--audience", "all", "--format", "graphml")
    assert done.returncode == 0, done.stderr
    everything = nx.read_graphml(io.StringIO(done.stdout))
    assert everything.nodes[world.ids["h-x"]]["betweenness"] == pytest.approx(16 / 28)
    done = _hub_export(hub, tmp_path, "--around", world.ids["s"], "--depth", "2", "--via", "IMPLEMENTS",
                       "--format", "edges-csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {r["type"] for r in rows} == {"IMPLEMENTS"} and len(rows) == 10  # s and l1-l4 on i1-i4, s and o1 on old
    done = _hub_export(hub, tmp_path, "--around", world.ids["h-x"])
    assert done.returncode == 2 and "around: no record" in done.stderr
