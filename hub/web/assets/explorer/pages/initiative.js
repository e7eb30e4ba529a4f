// An initiative in one request: details, implementers and funders, places, and the initiatives the API
// thinks may duplicate it, each with its reasons. Signed-in readers get an edit link (the API decides).

import { h, replace } from "../dom.js";
import { gql, token } from "../api.js";
import { date, t, term } from "../i18n.js";
import { INITIATIVE } from "../queries.js";
import { actorLink, badge, dates, initiativeLink, list, percent, placeWithDetail, reasons, section,
  themeLink } from "./common.js";

export async function initiativePage(main, id) {
  const data = await gql(INITIATIVE, { id });
  const initiative = data.node;
  if (!initiative || !initiative.status) {
    replace(main, h("h1", {}, t("common.notFound")));
    return;
  }
  const p = initiative.provenance;
  const facts = [
    ["initiative.status", badge("status", initiative.status)],
    ["initiative.period", dates(initiative)],
    ["initiative.budget", initiative.budget ? `${initiative.budget.amount.toLocaleString()} ${initiative.budget.currency}` : ""],
    ["initiative.targetGroups", initiative.targetGroups.map((g) => term("target", g)).join(", ")],
    ["initiative.themes", initiative.themes.map((x, i) => [i ? ", " : "", themeLink(x)])],
    ["initiative.partOf", initiative.parent ? initiativeLink(initiative.parent) : ""],
    ["initiative.iati", initiative.iatiIdentifier],
    ["initiative.recorded", t("initiative.recordedBy", { by: p.updatedBy || p.createdBy || "", when: date(p.updatedAt || p.createdAt), version: initiative.version })],
    ["initiative.source", p.source],
  ].filter(([, value]) => value && (!Array.isArray(value) || value.length));
  replace(main,
    h("h1", {}, initiative.title),
    token() ? h("p", {}, h("a", { href: `#/edit/${encodeURIComponent(initiative.id)}`, class: "button" }, t("initiative.edit"))) : null,
    initiative.description ? h("p", { class: "lead" }, initiative.description) : null,
    h("dl", { class: "facts" }, facts.map(([key, value]) => [h("dt", {}, t(key)), h("dd", {}, value)])),
    section("initiative.implementers", list(initiative.implementers, (i) => [actorLink(i.actor), ` (${term("role", i.role)})`])),
    section("initiative.funders", list(initiative.funders, actorLink)),
    section("initiative.places", list(initiative.locations, placeWithDetail)),
    section("initiative.components", list(initiative.components, initiativeLink)),
    section("initiative.duplicates", list(data.duplicateCandidates.filter((d) => d.initiative), (d) => [
      initiativeLink(d.initiative), ` ${percent(d.score)}`, reasons(d.reasons)]), "initiative.noDuplicates"));
}
