"""Text carrying characters XML 1.0 forbids (as text pasted from a PDF or a word processor does): every XML the hub
writes (IATI activities, GraphML, GEXF, SVG pictures) still parses, the IATI file still validates against the 2.03
schema, and the text reads back with its breaks as spaces, its invisible controls gone and its broken characters as
U+FFFD. The records themselves keep the text as it was written."""

from __future__ import annotations

import io
import uuid
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
import xmlschema

from hub.commands import draw
from hub.commands.export import viewer_for
from hub.interop import iati_export
from hub.services.analysis import graph_formats, pictures
from hub.services.analysis.network import GraphEdge, GraphNode, GraphView
from hub.services.export import Item
from hub.xml_text import xml_text
from tests.test_export import SCHEMA, activities
from tests.test_network import ACTOR, INITIATIVE, PLACE, _id
from tests.test_pictures import SVG, _args, _texts

DROPPED = "".join(map(chr, [*range(0x01, 0x09), *range(0x0E, 0x1C)]))  # controls that show nothing
BREAKS = "\x0b\x0c\x1c\x1d\x1e\x1f"  # vertical tab, form feed, the information separators
NONCHARACTERS = "\ufffe\uffff"


def pasted(name: str) -> tuple[str, str]:
    """name with every kind of forbidden character the API stores, and name as an XML export must show it."""
    written = f"{name}{DROPPED}:" + "".join(f"{b}line {n}" for n, b in enumerate(BREAKS, 1)) + f" {NONCHARACTERS}."
    return written, f"{name}: line 1 line 2 line 3 line 4 line 5 line 6 \ufffd\ufffd."


def broken(name: str) -> tuple[str, str]:
    """pasted() with what no record can hold (NUL is refused on input; lone surrogates cannot travel to the graph
    as UTF-8), for the writers on their own."""
    written, shown = pasted(name)
    return f"{written}\x00 \ud800 \udfff|\udc00\ud800", f"{shown} \ufffd \ufffd|\ufffd\ufffd"


def _allowed(c: int) -> bool:
    """XML 1.0's Char production (section 2.2)."""
    return c in (0x9, 0xA, 0xD) or 0x20 <= c <= 0xD7FF or 0xE000 <= c <= 0xFFFD or 0x10000 <= c <= 0x10FFFF


def test_every_code_point_xml_forbids_is_replaced_or_dropped_and_every_other_kept():
    everything = "".join(map(chr, range(0x110000)))
    cleaned = xml_text(everything)
    expected = "".join(chr(c) if _allowed(c) else " " if chr(c) in BREAKS else "" if c < 0x20 else "\ufffd"
                       for c in range(0x110000))
    assert cleaned == expected
    escaped = cleaned.replace("&", "&amp;").replace("<", "&lt;")
    ET.fromstring(f"<t a='{escaped.replace(chr(39), '&apos;')}'>{escaped}</t>")  # expat's own judgement
    assert xml_text("plain text, Ош, 😀\t\r\n") == "plain text, Ош, 😀\t\r\n"


@pytest.fixture(scope="module")
async def world(gql) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """A place, an actor and an initiative with pasted names, the initiative's description pasted too."""
    tag = uuid.uuid4().hex[:6]
    written = {what: pasted(f"{what} {tag}") for what in ("place", "actor", "title", "description")}
    ids = {"p": await _id(gql, PLACE, {"code": f"X-{tag}", "name": written["place"][0], "level": "ADMIN2",
                                       "country": "KG"}, "location"),
           "a": await _id(gql, ACTOR, {"name": written["actor"][0], "kind": "CSO", "confirmDistinct": True}, "actor")}
    ids["i"] = await _id(gql, INITIATIVE, {"title": written["title"][0], "description": written["description"][0],
                                           "startDate": "2024-01-01", "locationIds": [ids["p"]],
                                           "implementers": [{"actorId": ids["a"], "role": "LEAD"}]}, "initiative")
    return ids, written


async def test_the_records_keep_the_text_as_written(gql, world):
    ids, written = world
    node = (await gql("query($id: ID!) { node(id: $id) { ... on Initiative { title description "
                      "implementers { actor { name } } locations { name } } } }", {"id": ids["i"]}))["node"]
    assert node["title"] == written["title"][0] and node["description"] == written["description"][0]
    assert node["implementers"][0]["actor"]["name"] == written["actor"][0]
    assert node["locations"] == [{"name": written["place"][0]}]


async def test_the_iati_export_parses_and_validates(client, gql, world):
    ids, written = world
    answer = await client.get("/export/iati.xml", params={"place": ids["p"]}, headers=gql.headers())
    assert answer.status_code == 200, answer.text
    errors = list(xmlschema.XMLSchema(str(SCHEMA)).iter_errors(answer.content.decode("utf-8")))
    assert not errors, [f"{e.path}: {e.reason}" for e in errors[:5]]
    [activity] = activities(answer.content).values()
    assert activity.findtext("title/narrative") == written["title"][1]
    assert activity.findtext("description/narrative") == written["description"][1]
    assert activity.findtext("participating-org[@role='4']/narrative") == written["actor"][1]
    assert activity.findtext("location/name/narrative") == written["place"][1]


@pytest.mark.parametrize("extension", ["graphml", "gexf"])
async def test_the_graph_files_parse(client, gql, world, extension):
    ids, written = world
    answer = await client.get(f"/export/graph.{extension}", params={"view": "neighbourhood", "id": ids["i"]},
                              headers=gql.headers())
    assert answer.status_code == 200, answer.text
    graph = (nx.read_graphml if extension == "graphml" else nx.read_gexf)(io.BytesIO(answer.content))
    name = "name" if extension == "graphml" else "label"
    assert {graph.nodes[ids[r]][name] for r in ("i", "a", "p")} == \
        {written["title"][1], written["actor"][1], written["place"][1]}


async def test_the_svg_picture_parses(hub, world):
    ids, written = world
    data = await draw.render(hub, viewer_for("all"), _args(picture="around", audience="all", around=ids["i"]), "SVG")
    texts = _texts(ET.fromstring(data))
    assert f"Around {written['title'][1]}" in texts
    assert {written["actor"][1], written["place"][1]} <= set(texts)


def _item(texts: dict[str, str]) -> Item:
    initiative = {"key": "xml-text", "title": texts["title"], "description": texts["description"],
                  "status": "ACTIVE", "startDate": "2024-01-01", "iatiIdentifier": f"XX-HUB-{texts['identifier']}"}
    return Item(initiative, implementers=[({"name": texts["actor"], "kind": "CSO"}, "LEAD")],
                places=[{"key": "XML-P", "name": texts["place"], "level": "ADMIN2", "country": "KG"}],
                themes=[{"key": "xml-theme", "name": texts["theme"]}])


def test_the_iati_writer_alone_with_what_no_record_holds():
    parts = {what: broken(what) for what in ("title", "description", "actor", "place", "theme", "identifier")}
    document = (iati_export.header() + iati_export.activity(_item({k: v[0] for k, v in parts.items()}),
                                                            iati_export.Reporter()) + iati_export.FOOTER)
    errors = list(xmlschema.XMLSchema(str(SCHEMA)).iter_errors(document.decode("utf-8")))
    assert not errors, [f"{e.path}: {e.reason}" for e in errors[:5]]
    [(identifier, activity)] = activities(document).items()
    assert identifier == f"XX-HUB-{parts['identifier'][1]}"
    for what, path in (("title", "title/narrative"), ("description", "description/narrative"),
                       ("actor", "participating-org/narrative"), ("place", "location/name/narrative"),
                       ("theme", "sector[@vocabulary='99']/narrative")):
        assert activity.findtext(path) == parts[what][1], what


def test_the_graph_and_picture_writers_alone_with_what_no_record_holds():
    name, acronym, alias = broken("name"), broken("acr"), broken("alias")
    view = GraphView([GraphNode("Actor", "a", name[0], "CSO", acronym=acronym[0], other_names=[alias[0]]),
                      GraphNode("Location", "p", broken("place")[0], "ADMIN2", depth=1)],
                     [GraphEdge("LOCATED_IN", ("Actor", "a"), ("Location", "p"))])
    graphml = "".join(graph_formats.render(view, "GRAPHML")).encode("utf-8")
    gexf = "".join(graph_formats.render(view, "GEXF")).encode("utf-8")
    for graph, label in ((nx.read_graphml(io.BytesIO(graphml)), "name"), (nx.read_gexf(io.BytesIO(gexf)), "label")):
        [actor] = [d for _n, d in graph.nodes(data=True) if d["key"] == "a"]
        assert (actor[label], actor["acronym"], actor["otherNames"]) == (name[1], acronym[1], alias[1])
    svg = ET.fromstring(pictures.neighbourhood(view, "SVG", f"Around {name[0]}"))
    assert f"Around {name[1]}" in _texts(svg) and svg.tag == f"{SVG}svg"


def test_a_name_with_dollar_signs_is_drawn_as_written():
    """matplotlib reads text between two dollar signs as mathtext: a name is drawn as written, never parsed."""
    names = ["Fund $5 to $6", r"Group $\frac{$ x", r"Escaped \$ sign"]
    svg = ET.fromstring(pictures.presence(names, ["Theme $a$"], [[1], [2], [3]], "SVG", "Costs $1 and $2"))
    assert set(names) | {"Theme $a$", "Costs $1 and $2"} <= set(_texts(svg))
    assert pictures.presence(names, ["Theme $a$"], [[1], [2], [3]], "PNG", "Costs $1 and $2")[:4] == b"\x89PNG"
