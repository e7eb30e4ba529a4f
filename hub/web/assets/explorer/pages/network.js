// A record's neighbourhood as a clickable graph, drawn from the API's own graph file
// (`neighbourhood { export(format: JSON) }`, the JSON `hub export graph --around` writes): records coloured by
// type, the centre larger; every other record links to its own neighbourhood; a list repeats the graph for
// keyboard and screen-reader users.

import { h, replace, s } from "../dom.js";
import { gql } from "../api.js";
import { nameIn, t, term } from "../i18n.js";
import { NETWORK } from "../queries.js";
import { layout } from "../force.js";
import { hasPage, href, list } from "./common.js";

const WIDTH = 640;
const HEIGHT = 480;
const DEPTHS = [1, 2, 3];
const DEFAULT_DEPTH = 2;
const ALL_LABELS = 30; // past this many records, only the centre and its direct neighbours are named
const RADIUS = [12, 8, 6, 5];

/** A record's name in the reader's script, from the file's name and otherNames. */
export function graphName(node) {
  return nameIn(node.name || node.key, node.otherNames);
}

function short(node) {
  const name = graphName(node);
  return node.acronym || (name.length > 24 ? `${name.slice(0, 23)}…` : name);
}

function networkHref(id, depth) {
  return `#/network/${encodeURIComponent(id)}${depth === DEFAULT_DEPTH ? "" : `?depth=${depth}`}`;
}

/** The relationships that reached a record: those to records one step nearer the centre. */
function reachedBy(graph) {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const found = new Map(graph.nodes.map((node) => [node.id, []]));
  for (const edge of graph.edges) {
    const [a, b] = [byId.get(edge.source), byId.get(edge.target)];
    if (!a || !b || a.depth === b.depth) continue;
    const [near, far] = a.depth < b.depth ? [a, b] : [b, a];
    found.get(far.id).push({ type: edge.type, from: near });
  }
  return found;
}

function legend(graph) {
  const labels = [...new Set(graph.nodes.map((node) => node.label))];
  return h("ul", { class: "legend", "aria-label": t("network.legend") }, labels.map((label) =>
    h("li", {}, h("span", { class: `swatch kind-${label.toLowerCase()}`, "aria-hidden": "true" }),
      term("record", label.toUpperCase()))));
}

function picture(graph, depth, label) {
  const [centre] = graph.nodes;
  const nodes = graph.nodes.map((node) => ({ ...node, fixed: node === centre }));
  const { links } = layout(nodes, graph.edges.map((edge) => [edge.source, edge.target]), { width: WIDTH, height: HEIGHT });
  const named = (node) => nodes.length <= ALL_LABELS || node.depth <= 1;
  return s("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "network", role: "group", "aria-label": label },
    links.map(([a, b]) => s("line", { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1) })),
    nodes.map((node) => s("a", {
      href: node.fixed ? (hasPage(node.label) ? href(node.label, node.id) : null) : networkHref(node.id, depth),
      class: `${node.fixed ? "centre" : "neighbour"} kind-${node.label.toLowerCase()}`, "aria-label": graphName(node) },
    s("title", {}, `${graphName(node)} (${term("record", node.label.toUpperCase())})`),
    s("circle", { cx: node.x.toFixed(1), cy: node.y.toFixed(1), r: RADIUS[Math.min(node.depth, RADIUS.length - 1)] }),
    named(node) ? s("text", { x: (node.x > WIDTH * 0.6 ? node.x - 12 : node.x + 12).toFixed(1), y: (node.y + 4).toFixed(1),
      "text-anchor": node.x > WIDTH * 0.6 ? "end" : "start" }, short(node)) : null)));
}

export async function networkPage(main, id, params) {
  const asked = Number(params?.get("depth"));
  const depth = DEPTHS.includes(asked) ? asked : DEFAULT_DEPTH;
  const data = await gql(NETWORK, { id, depth });
  if (!data.neighbourhood) {
    replace(main, h("h1", {}, t("common.notFound")));
    return;
  }
  const graph = JSON.parse(data.neighbourhood.export);
  const [centre, ...around] = graph.nodes;
  const reached = reachedBy(graph);
  const label = t("network.label", { name: graphName(centre) });
  const steps = h("p", { class: "steps" }, t("network.depth"), " ", DEPTHS.map((n) => [" ",
    n === depth ? h("strong", { "aria-current": "page" }, String(n)) : h("a", { href: networkHref(centre.id, n) }, String(n))]));
  replace(main,
    h("h1", {}, label),
    h("p", {}, hasPage(centre.label) ? h("a", { href: href(centre.label, centre.id) }, graphName(centre)) : graphName(centre),
      " · ", t("network.hint")),
    steps,
    around.length ? [picture(graph, depth, label), legend(graph)] : h("p", { class: "muted" }, t("common.none")),
    graph.capped ? h("p", { class: "muted" }, t("network.capped", { count: graph.nodes.length })) : null,
    h("h2", {}, t("network.list")),
    list(around, (node) => [h("a", { href: networkHref(node.id, depth) }, graphName(node)), " ",
      h("span", { class: "muted" }, [term("record", node.label.toUpperCase()),
        ...reached.get(node.id).map((by) => node.depth > 1 ? `${term("relationship", by.type)} (${short(by.from)})`
          : term("relationship", by.type))].join(" · "))]));
}
