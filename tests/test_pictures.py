"""`hub draw`: pictures of a neighbourhood, a collaboration network and a presence matrix, on a world whose
shape is known: two cliques of districts A and B joined by a broker with a Cyrillic name, and a private actor
that must appear in no picture drawn for the public."""

from __future__ import annotations

import argparse
import struct
import uuid
import xml.etree.ElementTree as ET

import pytest

from hub.commands import draw
from hub.commands.export import viewer_for
from tests.test_network import ACTOR, PLACE, World, _hub_export, _id

SVG = "{http://www.w3.org/2000/svg}"


class Place(World):
    async def place(self, name: str, level: str = "ADMIN2", parent: str | None = None) -> str:
        data = {"code": f"P-{self.tag}-{name}", "name": f"{name} {self.tag}", "level": level, "country": "KG"}
        if parent:
            data["parentId"] = self.ids[parent]
        self.ids[name] = await _id(self.gql, PLACE, data, "location")
        return self.ids[name]


@pytest.fixture(scope="module")
async def world(gql) -> Place:
    w = Place(gql, uuid.uuid4().hex[:6])
    await w.place("region", "ADMIN1")
    for side in "AB":
        await w.place(side, parent="region")
        for n in range(1, 4):
            await w.actor(f"{side}{n}")
        await w.initiative(f"{side}-work", side, [f"{side}{n}" for n in range(1, 4)], endDate=None)
    w.ids["x"] = await _id(gql, ACTOR, {"name": f"Фонд Толерантность {w.tag}", "kind": "CSO", "country": "KG"}, "actor")
    await w.initiative("xa", "A", ["x", "A1"], endDate=None)
    await w.initiative("xb", "B", ["x", "B1"], endDate=None)
    await w.actor("secret", visibility="PRIVATE")
    await w.initiative("hidden-work", "A", ["secret", "A2"], endDate=None, visibility="PRIVATE")
    await w.actor("lone")  # works with the private actor only: the private actor brokers, for those who see it
    await w.initiative("hidden-more", "A", ["secret", "lone"], endDate=None, visibility="PRIVATE")
    return w


def _args(**values) -> argparse.Namespace:
    defaults = {"place": None, "theme": None, "start": None, "end": None, "audience": "public", "depth": 1, "via": None,
                "kinds": None, "max_nodes": 200, "level": None, "count": "actors", "roll_up_themes": False,
                "as_of": None}
    return argparse.Namespace(**(defaults | values))


async def _svg(hub, picture: str, audience: str = "public", **values) -> ET.Element:
    data = await draw.render(hub, viewer_for(audience), _args(picture=picture, audience=audience, **values), "SVG")
    return ET.fromstring(data)


def _texts(svg: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]


def _communities(svg: ET.Element) -> set[str]:
    return {g.get("id") for g in svg.iter(f"{SVG}g") if (g.get("id") or "").startswith("community-")}


def _cells(svg: ET.Element) -> dict[str, str]:
    return {g.get("id"): "".join(g.itertext()).strip() for g in svg.iter(f"{SVG}g")
            if (g.get("id") or "").startswith("cell-")}


async def test_the_network_is_coloured_by_community_and_names_its_brokers(hub, world):
    svg = await _svg(hub, "network", place=world.ids["region"])
    texts = _texts(svg)
    assert f"Фонд Толерантность {world.tag}" in texts  # the broker, named in Cyrillic
    assert f"Network A1 {world.tag}" in texts and f"Network B1 {world.tag}" in texts
    assert _communities(svg) == {"community-0", "community-1"}  # the two cliques, the broker with one of them
    assert not any(f"Network secret {world.tag}" in t for t in texts)
    everything = await _svg(hub, "network", "all", place=world.ids["region"])
    assert any(f"Network secret {world.tag}" in t for t in _texts(everything))


async def test_the_neighbourhood_names_what_the_caller_may_see(hub, world):
    svg = await _svg(hub, "around", around=world.ids["A2"])
    texts = _texts(svg)
    assert f"Network A2 {world.tag}" in texts and f"Network A-work {world.tag}" in texts
    assert not any(world.tag in t and ("secret" in t or "hidden-work" in t) for t in texts)
    kinds = {g.get("id") for g in svg.iter(f"{SVG}g") if (g.get("id") or "").startswith("kind-")}
    assert kinds == {"kind-Actor", "kind-Initiative"}
    admin = _texts(await _svg(hub, "around", "all", around=world.ids["A2"]))
    assert f"Network hidden-work {world.tag}" in admin


async def test_the_presence_matrix_counts_visible_actors_per_district_and_theme(hub, world):
    svg = await _svg(hub, "presence", place=world.ids["region"])
    assert f"A {world.tag}" in _texts(svg) and f"B {world.tag}" in _texts(svg)
    assert _cells(svg) == {"cell-0-0": "4", "cell-1-0": "4"}  # A1-A3 and x; B1-B3 and x, on mediation
    admin = await _svg(hub, "presence", "all", place=world.ids["region"])
    assert _cells(admin) == {"cell-0-0": "6", "cell-1-0": "4"}  # with the private actor and lone, for those who see them


async def test_the_draw_command_writes_png_and_the_same_svg_twice(hub, world, tmp_path):
    done = _hub_draw(hub, tmp_path, "network", "--place", world.ids["region"], "-o", "network.png")
    assert done.returncode == 0, done.stderr
    data = (tmp_path / "network.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert 600 <= width <= 3000 and 400 <= height <= 3000
    assert "missing from" not in done.stderr  # every glyph of the Cyrillic name is in the font
    first = _hub_draw(hub, tmp_path, "presence", "--place", world.ids["region"], "--format", "svg")
    second = _hub_draw(hub, tmp_path, "presence", "--place", world.ids["region"], "--format", "svg")
    assert first.returncode == 0 and first.stdout == second.stdout and "<svg" in first.stdout
    bad = _hub_draw(hub, tmp_path, "presence")
    assert bad.returncode == 2 and "place" in bad.stderr


def _hub_draw(hub, tmp_path, *args: str):
    return _hub_export(hub, tmp_path, *args, command=("draw",))


async def test_an_unknown_place_or_a_hidden_record_is_named_in_the_error(hub, world):
    from hub.errors import BadInput

    with pytest.raises(BadInput, match="^place: no place"):
        await _svg(hub, "network", place=f"P-{world.tag}-nowhere")
    with pytest.raises(BadInput, match="^around: no record"):
        await _svg(hub, "around", around=world.ids["secret"])
