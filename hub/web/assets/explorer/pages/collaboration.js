// Who works with whom in a place: the collaboration network the API measures, drawn from its graph file
// (`collaborationNetwork(locationId:) { export(format: JSON) }`) as `hub draw network` draws it: actors coloured
// by community (the ten largest; smaller groups and isolated actors grey), sized by betweenness, the top brokers
// named. Every actor links to its own neighbourhood; the brokers are listed too, for keyboard and screen readers.

import { h, replace, s } from "../dom.js";
import { gql } from "../api.js";
import { t } from "../i18n.js";
import { COLLABORATION } from "../queries.js";
import { layout } from "../force.js";
import { href, list, placeLink, placeName, section } from "./common.js";
import { graphName } from "./network.js";

const WIDTH = 640;
const HEIGHT = 480;
const COLOURED = 10; // as many communities as `hub draw network` colours
const BROKERS = 12; // as many brokers as it names

function short(node) {
  const name = graphName(node);
  return node.acronym || (name.length > 24 ? `${name.slice(0, 23)}…` : name);
}

/** Community index -> colour slot, for the ten largest groups of more than one actor (indices are largest first). */
function colours(nodes) {
  const sizes = new Map();
  for (const node of nodes) sizes.set(node.community, (sizes.get(node.community) || 0) + 1);
  const slots = [...sizes].filter(([c, n]) => c >= 0 && n > 1).map(([c]) => c).sort((a, b) => a - b).slice(0, COLOURED);
  return new Map(slots.map((c, i) => [c, i]));
}

export async function collaborationPage(main, id) {
  const data = await gql(COLLABORATION, { id });
  const place = data.node;
  if (!place || !place.level || !data.collaborationNetwork) {
    replace(main, h("h1", {}, t("common.notFound")));
    return;
  }
  const graph = JSON.parse(data.collaborationNetwork.export);
  const slot = colours(graph.nodes);
  const top = Math.max(0, ...graph.nodes.map((node) => node.betweenness || 0)) || 1;
  const ranked = [...graph.nodes].sort((a, b) => (b.betweenness - a.betweenness) || (b.degree - a.degree)
    || a.key.localeCompare(b.key));
  const brokers = ranked.filter((node) => node.betweenness > 0).slice(0, BROKERS);
  const named = new Set(brokers.map((node) => node.id));
  const nodes = graph.nodes.map((node) => ({ ...node }));
  const { links } = layout(nodes, graph.edges.map((edge) => [edge.source, edge.target]), { width: WIDTH, height: HEIGHT });
  const weights = new Map(graph.edges.map((edge) => [`${edge.source} ${edge.target}`, edge.weight]));
  const label = t("collaboration.label", { name: placeName(place) });
  const svg = s("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "network collaboration", role: "group", "aria-label": label },
    links.map(([a, b]) => s("line", { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
      "stroke-width": Math.min(1 + (weights.get(`${a.id} ${b.id}`) || 1) / 2, 4) })),
    // the brokers last, so they are drawn on top
    [...nodes].sort((a, b) => a.betweenness - b.betweenness).map((node) => s("a", {
      href: `#/network/${encodeURIComponent(node.id)}`, "aria-label": graphName(node),
      class: `actor ${named.has(node.id) ? "broker" : ""} ${slot.has(node.community) ? `community-${slot.get(node.community)}` : "community-other"}` },
    s("title", {}, `${graphName(node)}: ${t("collaboration.figures", { degree: node.degree, betweenness: node.betweenness.toFixed(3) })}`),
    s("circle", { cx: node.x.toFixed(1), cy: node.y.toFixed(1), r: (4 + (14 * node.betweenness) / top).toFixed(1) }),
    named.has(node.id) ? s("text", { x: (node.x > WIDTH * 0.6 ? node.x - 10 : node.x + 10).toFixed(1), y: (node.y + 4).toFixed(1),
      "text-anchor": node.x > WIDTH * 0.6 ? "end" : "start" }, short(node)) : null)));
  const groups = [...slot].map(([community, i]) => {
    const members = ranked.filter((node) => node.community === community);
    return h("li", {}, h("span", { class: `swatch community-${i}`, "aria-hidden": "true" }),
      t("collaboration.group", { count: members.length, broker: short(members[0]) }));
  });
  replace(main,
    h("h1", {}, label),
    h("p", {}, placeLink(place), " · ", t("collaboration.hint", { actors: graph.nodes.length, links: graph.edges.length })),
    graph.nodes.length ? [svg, h("ul", { class: "legend", "aria-label": t("collaboration.legend") }, groups)]
      : h("p", { class: "muted" }, t("common.none")),
    section("collaboration.brokers", list(brokers, (node) => [h("a", { href: href("Actor", node.id) }, graphName(node)), " ",
      h("span", { class: "muted" }, t("collaboration.figures", { degree: node.degree, betweenness: node.betweenness.toFixed(3) }))])));
}
