// An actor's neighbourhood as a clickable graph: partners, networks, parent and units, funders, and the
// co-implementers of its initiatives. Each other actor links to its own neighbourhood; a list repeats the
// graph for keyboard and screen-reader users.

import { h, replace, s } from "../dom.js";
import { gql } from "../api.js";
import { t } from "../i18n.js";
import { NETWORK } from "../queries.js";
import { layout } from "../force.js";
import { actorLink, actorName, href, list } from "./common.js";

const WIDTH = 640;
const HEIGHT = 480;
const MAX_NEIGHBOURS = 40;

function short(actor) {
  const name = actorName(actor);
  return actor.acronym || (name.length > 24 ? `${name.slice(0, 23)}…` : name);
}

function neighbourhood(actor) {
  const found = new Map();
  const add = (other, relation) => {
    if (!other || other.id === actor.id) return;
    const entry = found.get(other.id) || { actor: other, relations: new Set() };
    entry.relations.add(relation);
    found.set(other.id, entry);
  };
  actor.partners.forEach((a) => add(a, "network.partner"));
  actor.memberOf.forEach((a) => add(a, "network.memberOf"));
  actor.members.forEach((a) => add(a, "network.member"));
  add(actor.parent, "network.parent");
  actor.units.forEach((a) => add(a, "network.unit"));
  actor.fundedBy.forEach((a) => add(a, "network.fundedBy"));
  actor.fundsActors.forEach((a) => add(a, "network.funds"));
  for (const work of actor.initiatives) {
    for (const implementer of work.initiative?.implementers || []) add(implementer.actor, "network.coImplementer");
  }
  return [...found.values()].slice(0, MAX_NEIGHBOURS);
}

export async function networkPage(main, id) {
  const data = await gql(NETWORK, { id });
  const actor = data.node;
  if (!actor || !actor.kind) {
    replace(main, h("h1", {}, t("common.notFound")));
    return;
  }
  const around = neighbourhood(actor);
  const nodes = [{ id: actor.id, fixed: true, actor }, ...around.map((entry) => ({ id: entry.actor.id, actor: entry.actor }))];
  const { links } = layout(nodes, around.map((entry) => [actor.id, entry.actor.id]), { width: WIDTH, height: HEIGHT });
  const label = t("network.label", { name: actorName(actor) });
  const svg = s("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "network", role: "group", "aria-label": label },
    links.map(([a, b]) => s("line", { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1) })),
    nodes.map((node) => s("a", { href: node.fixed ? href("Actor", node.id) : `#/network/${encodeURIComponent(node.id)}`,
      class: node.fixed ? "centre" : "neighbour", "aria-label": actorName(node.actor) },
      s("title", {}, actorName(node.actor)),
      s("circle", { cx: node.x.toFixed(1), cy: node.y.toFixed(1), r: node.fixed ? 12 : 8 }),
      s("text", { x: (node.x > WIDTH * 0.6 ? node.x - 12 : node.x + 12).toFixed(1), y: (node.y + 4).toFixed(1),
        "text-anchor": node.x > WIDTH * 0.6 ? "end" : "start" }, short(node.actor)))));
  replace(main,
    h("h1", {}, label),
    h("p", {}, actorLink(actor), " · ", t("network.hint")),
    around.length ? svg : h("p", { class: "muted" }, t("common.none")),
    h("h2", {}, t("network.list")),
    list(around, (entry) => [h("a", { href: `#/network/${encodeURIComponent(entry.actor.id)}` }, actorName(entry.actor)),
      " ", h("span", { class: "muted" }, [...entry.relations].map((key) => t(key)).join(", "))]));
}
