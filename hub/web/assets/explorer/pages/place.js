// A place in one request: who works there on what (table and point map), presence by theme, needs and
// coverage gaps, mandated actors with no activity there, its initiatives (paged), and what changed there lately.

import { h, replace } from "../dom.js";
import { gql } from "../api.js";
import { t, term } from "../i18n.js";
import { MORE_PLACE_INITIATIVES, PLACE } from "../queries.js";
import { pointMap } from "../map.js";
import { actorLink, badge, changeList, dates, href, initiativeLink, list, moreButton, placeLink, placeName,
  placeTrail, placeWithDetail, section, table, themeLink } from "./common.js";

function mapPoints(place, within, activities) {
  const weight = new Map();
  for (const activity of activities) {
    for (const work of activity.work) for (const at of work.locations) weight.set(at.id, (weight.get(at.id) || 0) + 1);
  }
  const seen = new Map();
  for (const at of [place, ...place.children, ...within]) if (!seen.has(at.id)) seen.set(at.id, at);
  return [...seen.values()].map((at) => ({
    id: at.id, label: placeName(at), latitude: at.latitude, longitude: at.longitude, href: href("Location", at.id),
    weight: weight.get(at.id) || 0,
    title: t("place.mapPoint", { name: placeName(at), count: weight.get(at.id) || 0 }),
  }));
}

function presence(rows) {
  const themes = new Map();
  for (const row of rows) for (const cell of row.cells) if (cell.theme) themes.set(cell.theme.id, cell.theme);
  if (!themes.size) return [];
  const columns = [...themes.values()];
  return h("div", { class: "table-wrap", role: "region", "aria-label": t("place.presence"), tabindex: "0" },
    h("table", { class: "presence" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("place.part")),
        columns.map((theme) => h("th", { scope: "col" }, themeLink(theme))))),
      h("tbody", {}, rows.map((row) => h("tr", {},
        h("th", { scope: "row" }, placeLink(row.location)),
        columns.map((theme) => {
          const cell = row.cells.find((c) => c.theme && c.theme.id === theme.id);
          return h("td", { class: cell && cell.initiativeCount ? "present" : "absent" },
            cell ? t("place.cell", { initiatives: cell.initiativeCount, actors: cell.actorCount }) : "–");
        }))))));
}

function initiativeRow(initiative) {
  return [initiativeLink(initiative), badge("status", initiative.status), dates(initiative),
    initiative.themes.map((x, i) => [i ? ", " : "", themeLink(x)])];
}

/** The place's initiatives, a page at a time ("more" asks the next page from the cursor). */
function initiatives(connection, id) {
  if (!connection.nodes.length) return [];
  const wrap = table(["place.initiative", "place.status", "place.period", "place.themes"],
    connection.nodes.map(initiativeRow), t("place.initiativesTable"));
  const body = wrap.querySelector("tbody");
  const row = (cells) => h("tr", {}, cells.map((cell) => h("td", {}, cell)));
  return [h("p", { class: "muted" }, t("place.initiativeCount", { count: connection.totalCount })), wrap,
    moreButton(connection, MORE_PLACE_INITIATIVES, { id }, (nodes) => body.append(...nodes.map((n) => row(initiativeRow(n)))))];
}

/** Mandated actors with no activity here, with a filter by kind when there are several kinds. */
function idleActors(idle) {
  const rows = idle.filter((m) => m.actor);
  const items = rows.map((m) => h("li", { dataset: { kind: m.actor.kind } },
    actorLink(m.actor), " ", badge("kind", m.actor.kind), " — ", m.mandates.map((x) => x.title).join("; ")));
  if (!items.length) return [];
  const kinds = [...new Set(rows.map((m) => m.actor.kind))].sort();
  if (kinds.length < 2) return h("ul", {}, items);
  const filter = h("select", { id: "idle-kind" }, h("option", { value: "" }, t("place.allKinds")),
    kinds.map((kind) => h("option", { value: kind }, term("kind", kind))));
  filter.addEventListener("change", () => {
    for (const item of items) item.hidden = Boolean(filter.value) && item.dataset.kind !== filter.value;
  });
  return [h("p", { class: "filter" }, h("label", { for: "idle-kind" }, t("place.kindFilter")), filter), h("ul", {}, items)];
}

export async function placePage(main, id) {
  const data = await gql(PLACE, { id });
  const place = data.node;
  if (!place || !place.level) {
    replace(main, h("h1", {}, t("common.notFound")));
    return;
  }
  const activities = data.whoWorksWhere.filter((a) => a.actor);
  const gaps = data.coverageGaps;
  replace(main,
    h("p", { class: "trail" }, placeTrail(place)),
    h("h1", {}, placeName(place)),
    h("p", { class: "muted" }, term("level", place.level), ` · ${place.code}`),
    h("p", {}, h("a", { href: `#/collaboration/${encodeURIComponent(place.id)}`, class: "button" }, t("place.collaboration"))),
    section("place.who", activities.length ? [
      pointMap(mapPoints(place, data.within.nodes, activities), t("place.mapLabel", { name: placeName(place) })),
      table(["place.actor", "place.roles", "place.work", "place.contacts"], activities.map((a) => [
        actorLink(a.actor),
        a.roles.map((role) => term("role", role)).join(", "),
        list(a.work.filter((w) => w.initiative), (w) => [initiativeLink(w.initiative), ` (${term("role", w.role)})`]),
        list(a.contacts, (c) => [c.name, c.role ? `, ${c.role}` : "", c.email ? ` <${c.email}>` : ""]),
      ]), t("place.table")),
    ] : []),
    section("place.presence", presence(data.presenceMatrix)),
    section("place.needs", list(gaps.unaddressedNeeds, (gap) => [
      badge("severity", gap.severity), " ", gap.need ? gap.need.title : t("common.hidden"),
      gap.location ? [" · ", placeWithDetail(gap.location)] : ""]), "place.noNeeds"),
    section("place.emptyPlaces", list(gaps.placesWithoutActors, (gap) => placeWithDetail(gap.location)), "place.noEmptyPlaces"),
    section("place.themeGaps", list(gaps.mandatedThemesWithoutActivity, (gap) => [
      themeLink(gap.theme), ": ", gap.mandates.map((m) => m.title).join("; ")])),
    section("place.idle", idleActors(data.idle), "place.noIdle"),
    section("place.initiatives", initiatives(data.initiatives, place.id)),
    section("place.recent", changeList(data.changes.nodes), "place.noChanges"));
}
