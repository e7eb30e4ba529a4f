"""The whole visible graph and the network views as files over HTTP (GET /export/graph.*) and from
`hub export graph --all`: every format read back with networkx's readers (or csv/json) to the same nodes and
edges, and nothing the caller may not see: no private record, no relationship to one, no exact place of a
sensitive actor."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import uuid

import networkx as nx
import pytest

from hub.access import Role
from tests.conftest import GraphQLClient, issue_token
from tests.test_network import World, _hub_export, cli_env

EXTENSIONS = ("graphml", "gexf", "json", "nodes.csv", "edges.csv")


@pytest.fixture(scope="module")
async def world(gql) -> World:
    w = World(gql, uuid.uuid4().hex[:6])
    await w.place("p", alternateNames=[f"Пэ {w.tag}"])
    await w.actor("one", acronym=f"N1-{w.tag}", aliases=[f"Сеть один {w.tag}", f"Réseau un {w.tag}"])
    await w.actor("two", partnerIds=[w.ids["one"]])
    await w.initiative("work", "p", ["one", "two"])
    await w.actor("hidden", visibility="PRIVATE")
    await w.initiative("secret", "p", ["one"], visibility="PRIVATE")
    await w.actor("shy", sensitive=True, locationIds=[w.ids["p"]])
    return w


@pytest.fixture(scope="module")
async def analyst(client, hub) -> GraphQLClient:
    return GraphQLClient(client, await issue_token(hub, Role.ANALYST, name="graph export analyst"))


async def _files(client, caller: GraphQLClient, **params) -> dict[str, bytes]:
    files = {}
    for extension in EXTENSIONS:
        answer = await client.get(f"/export/graph.{extension}", params=params, headers=caller.headers())
        assert answer.status_code == 200, answer.text
        assert "content-length" not in answer.headers  # streamed
        files[extension] = answer.content
    return files


def _read(files: dict[str, bytes]) -> tuple[set[str], list[tuple[str, str, str]], nx.MultiDiGraph]:
    """Every format to (nodes, edges); all must agree. Returns them with the GraphML graph."""
    graphml = nx.read_graphml(io.BytesIO(files["graphml"]), force_multigraph=True)
    gexf = nx.read_gexf(io.BytesIO(files["gexf"]))
    as_json = json.loads(files["json"])
    node_rows = list(csv.DictReader(io.StringIO(files["nodes.csv"].decode())))
    edge_rows = list(csv.DictReader(io.StringIO(files["edges.csv"].decode())))
    nodes = set(graphml.nodes)
    edges = sorted((u, v, d["type"]) for u, v, d in graphml.edges(data=True))
    assert set(gexf.nodes) == nodes and {n["id"] for n in as_json["nodes"]} == nodes
    assert {r["id"] for r in node_rows} == nodes and len(node_rows) == len(nodes) == len(as_json["nodes"])
    assert sorted((u, v, d["type"]) for u, v, d in gexf.edges(data=True)) == edges
    assert sorted((e["source"], e["target"], e["type"]) for e in as_json["edges"]) == edges
    assert sorted((r["source"], r["target"], r["type"]) for r in edge_rows) == edges
    kinds = ("Actor", "Initiative", "Location", "Mandate", "Theme", "Need", "Contact")
    assert all(graphml.nodes[n]["label"] in kinds and gexf.nodes[n]["type"] == graphml.nodes[n]["label"] for n in nodes)
    assert all(gexf.nodes[n]["label"] == (graphml.nodes[n].get("name") or graphml.nodes[n]["key"]) for n in nodes)
    return nodes, edges, graphml


async def test_the_whole_graph_in_every_format_holds_what_the_caller_may_see(client, analyst, gql, world):
    files = await _files(client, analyst, view="all")
    nodes, edges, graph = _read(files)
    ids = world.ids
    assert {ids["one"], ids["two"], ids["work"], ids["p"], ids["shy"]} <= nodes
    assert ids["hidden"] not in nodes and ids["secret"] not in nodes
    assert graph.nodes[ids["one"]]["name"] == f"Network one {world.tag}" and graph.nodes[ids["p"]]["kind"] == "ADMIN2"
    # what the explorer shows: the acronym and the names in other scripts (a list in JSON, joined by ";" elsewhere)
    assert graph.nodes[ids["one"]]["acronym"] == f"N1-{world.tag}"
    assert graph.nodes[ids["one"]]["otherNames"] == f"Сеть один {world.tag};Réseau un {world.tag}"
    assert graph.nodes[ids["p"]]["otherNames"] == f"Пэ {world.tag}" and "acronym" not in graph.nodes[ids["p"]]
    [one] = [n for n in json.loads(files["json"])["nodes"] if n["id"] == ids["one"]]
    assert one["otherNames"] == [f"Сеть один {world.tag}", f"Réseau un {world.tag}"]
    [row] = [r for r in csv.DictReader(io.StringIO(files["nodes.csv"].decode())) if r["id"] == ids["one"]]
    assert row["acronym"] == f"N1-{world.tag}" and row["otherNames"] == graph.nodes[ids["one"]]["otherNames"]
    assert {(ids["one"], ids["work"], "IMPLEMENTS"), (ids["two"], ids["one"], "PARTNERS_WITH"),
            (ids["work"], ids["p"], "LOCATED_IN")} <= set(edges)
    assert not [e for e in edges if ids["secret"] in e or ids["hidden"] in e]
    assert (ids["shy"], ids["p"], "OPERATES_IN") not in edges  # a sensitive actor's exact place
    assert all(u in nodes and v in nodes for u, v, _ in edges)
    everything, all_edges, _ = _read(await _files(client, gql, view="all"))
    assert {ids["hidden"], ids["secret"]} <= everything
    assert {(ids["one"], ids["secret"], "IMPLEMENTS"), (ids["shy"], ids["p"], "OPERATES_IN")} <= set(all_edges)


async def test_the_views_over_http(client, analyst, world):
    nodes, edges, _ = _read(await _files(client, analyst, view="neighbourhood", id=world.ids["one"],
                                         via="implements,partners_with"))
    assert nodes == {world.ids[k] for k in ("one", "two", "work")}
    assert len(edges) == 2
    nodes, edges, graph = _read(await _files(client, analyst, view="collaboration", locationId=world.ids["p"]))
    assert nodes == {world.ids["one"], world.ids["two"]}
    assert graph.nodes[world.ids["one"]]["degree"] == 1 and graph.nodes[world.ids["one"]]["community"] == 0
    [(_u, _v, data)] = graph.edges(data=True)
    assert data["weight"] == 2 and data["kinds"] == "JOINT_WORK;PARTNERSHIP"


@pytest.mark.parametrize("params, status, field", [
    ({"view": "all"}, 401, None), ({}, 400, "view"), ({"view": "every"}, 400, "view"),
    ({"view": "all", "depth": "2"}, 400, "depth"), ({"view": "neighbourhood"}, 400, "id"),
    ({"view": "neighbourhood", "id": "x", "via": "KNOWS"}, 400, "via"),
    ({"view": "neighbourhood", "id": "x", "depth": "two"}, 400, "depth"),
    ({"view": "collaboration", "from": "2024-13-01"}, 400, "from"),
    ({"view": "collaboration", "asOf": "yesterday"}, 400, "asOf"),
    ({"view": "neighbourhood", "id": "x", "asOf": "2999-01-01T00:00:00Z"}, 400, "asOf"),
    ({"view": "all", "asOf": "2024-01-01T00:00:00Z"}, 400, "asOf")])
async def test_bad_graph_export_requests_name_the_field(client, analyst, params, status, field):
    headers = analyst.headers() if status != 401 else {}
    answer = await client.get("/export/graph.graphml", params=params, headers=headers)
    assert answer.status_code == status
    if field:
        assert answer.json()["errors"][0]["message"].startswith(field)
    assert (await client.get("/export/graph.svg", params={"view": "all"}, headers=analyst.headers())).status_code == 404


async def test_the_export_command_writes_the_whole_graph(hub, world, tmp_path):
    done = _hub_export(hub, tmp_path, "--all", "--format", "gexf", "-o", "all.gexf")
    assert done.returncode == 0, done.stderr
    graph = nx.read_gexf(tmp_path / "all.gexf")
    assert world.ids["one"] in graph and world.ids["hidden"] not in graph
    assert graph.has_edge(world.ids["one"], world.ids["work"])
    done = _hub_export(hub, tmp_path, "--all", "--audience", "all", "--format", "edges-csv")
    assert done.returncode == 0, done.stderr
    assert "records" not in done.stderr  # no progress bar off a terminal
    assert (world.ids["one"], world.ids["secret"]) in {(r["source"], r["target"]) for r in csv.DictReader(io.StringIO(done.stdout))}
    refused = _hub_export(hub, tmp_path, "--all", "--place", world.ids["p"])
    assert refused.returncode == 2 and "all:" in refused.stderr


def test_a_terminal_shows_the_progress_of_the_whole_graph(hub, world, tmp_path):
    master, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    command = [sys.executable, "-m", "hub.cli", "export", "graph", "--all", "--format", "json", "-o", "all.json"]
    with subprocess.Popen(command, cwd=tmp_path, env=cli_env(hub), stdout=subprocess.DEVNULL, stderr=terminal) as run:
        os.close(terminal)
        shown = b""
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:  # the command has closed the terminal
                break
            if not data:
                break
            shown += data
        assert run.wait(timeout=300) == 0, shown
    os.close(master)
    text = shown.decode(errors="replace")
    exported = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    totals = {int(t) for t in re.findall(r"\d+/(\d+) \[", text)}
    assert "hub export graph" in text and "records" in text
    assert totals == {2 * len(exported["nodes"])}  # every record read twice: for the nodes, then for the edges
