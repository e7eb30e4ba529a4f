// A place in one request: who works there on what (table and point map), presence by theme, needs and
// coverage gaps, mandated actors with no activity there, and the initiatives most recently changed there.

import { h, replace } from "../dom.js";
import { gql } from "../api.js";
import { t, term, date } from "../i18n.js";
import { PLACE } from "../queries.js";
import { pointMap } from "../map.js";
import { actorLink, badge, href, initiativeLink, list, placeLink, placeName, placeTrail, section,
  table, themeLink } from "./common.js";

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

export async function placePage(main, id) {
  const data = await gql(PLACE, { id });
  const place = data.node;
  if (!place || !place.level) {
    replace(main, h("h1", {}, t("common.notFound")));
    return;
  }
  const activities = data.whoWorksWhere.filter((a) => a.actor);
  const active = new Set(activities.map((a) => a.actor.id));
  const idle = data.mandatedActors.filter((m) => m.actor && !active.has(m.actor.id));
  const gaps = data.coverageGaps;
  replace(main,
    h("p", { class: "trail" }, placeTrail(place)),
    h("h1", {}, placeName(place)),
    h("p", { class: "muted" }, term("level", place.level), ` · ${place.code}`),
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
      gap.location ? [" · ", placeLink(gap.location)] : ""]), "place.noNeeds"),
    section("place.emptyPlaces", list(gaps.placesWithoutActors, (gap) => [placeLink(gap.location)]), "place.noEmptyPlaces"),
    section("place.themeGaps", list(gaps.mandatedThemesWithoutActivity, (gap) => [
      themeLink(gap.theme), ": ", gap.mandates.map((m) => m.title).join("; ")])),
    section("place.idle", list(idle, (m) => [actorLink(m.actor), " — ", m.mandates.map((x) => x.title).join("; ")]),
      "place.noIdle"),
    section("place.recent", list(data.recent.nodes, (initiative) => [
      initiativeLink(initiative), " ", h("span", { class: "muted" },
        t("place.updated", { when: date(initiative.provenance.updatedAt), by: initiative.provenance.updatedBy || "" }))])));
}
