// An actor in one request: who it is, how fresh and verified that is, its mandates, initiatives, places,
// partners and co-implementers, the contacts this viewer may see, partners the API suggests with its reasons,
// and its recent changes.

import { h, replace } from "../dom.js";
import { gql } from "../api.js";
import { date, t, term } from "../i18n.js";
import { ACTOR } from "../queries.js";
import { actorLink, actorName, badge, changeList, dates, initiativeLink, list, percent, placeLink,
  placeWithDetail, reasons, section, table, themeLink } from "./common.js";

function facts(actor) {
  const rows = [
    ["actor.kind", term("kind", actor.kind)],
    ["actor.country", actor.country],
    ["actor.acronym", actor.acronym],
    ["actor.otherNames", [actor.name, ...actor.aliases].filter((n) => n !== actorName(actor)).join("; ")],
    ["actor.website", actor.website && /^https?:\/\//.test(actor.website)
      ? h("a", { href: actor.website, rel: "noopener noreferrer" }, actor.website) : actor.website],
    ["actor.verification", [badge("verification", actor.verification.status),
      actor.verification.verifiedBy ? ` ${t("actor.verifiedBy", { by: actor.verification.verifiedBy, when: date(actor.verification.verifiedAt) })}` : "",
      actor.verification.expiresAt ? ` ${t("actor.expires", { when: date(actor.verification.expiresAt) })}` : ""]],
    ["actor.freshness", actor.freshness.daysSinceUpdate === null ? "" :
      t("actor.updatedDaysAgo", { days: actor.freshness.daysSinceUpdate, when: date(actor.freshness.updatedAt) })],
    ["actor.visibility", term("visibility", actor.visibility)],
  ].filter(([, value]) => value && (!Array.isArray(value) || value.length));
  return h("dl", { class: "facts" }, rows.map(([key, value]) => [h("dt", {}, t(key)), h("dd", {}, value)]));
}

export async function actorPage(main, id) {
  const data = await gql(ACTOR, { id });
  const actor = data.node;
  if (!actor || !actor.kind) {
    replace(main, h("h1", {}, t("common.notFound")));
    return;
  }
  const related = [
    ...actor.partners.map((a) => [a, "actor.partner"]),
    ...actor.memberOf.map((a) => [a, "actor.memberOf"]),
    ...actor.members.map((a) => [a, "actor.member"]),
    ...(actor.parent ? [[actor.parent, "actor.parentOrg"]] : []),
    ...actor.units.map((a) => [a, "actor.unit"]),
    ...actor.fundedBy.map((a) => [a, "actor.funder"]),
  ];
  replace(main,
    h("h1", {}, actorName(actor)),
    h("p", {}, h("a", { href: `#/network/${encodeURIComponent(actor.id)}`, class: "button" }, t("actor.network"))),
    actor.description ? h("p", { class: "lead" }, actor.description) : null,
    facts(actor),
    section("actor.initiatives", actor.initiatives.length || actor.fundsInitiatives.length ? table(
      ["actor.initiative", "actor.role", "actor.status", "actor.period"],
      [...actor.initiatives.map((w) => [initiativeLink(w.initiative), term("role", w.role),
        badge("status", w.initiative.status), dates(w.initiative)]),
       ...actor.fundsInitiatives.map((i) => [initiativeLink(i), term("role", "FUNDER"), badge("status", i.status), ""])],
      t("actor.initiatives")) : []),
    section("actor.mandates", list(actor.mandates, (m) => [
      h("strong", {}, m.title), ` — ${m.issuer}`, dates({ startDate: m.validFrom, endDate: m.validTo }) ? ` (${dates({ startDate: m.validFrom, endDate: m.validTo })})` : "",
      m.themes.length ? [h("br"), t("actor.onThemes"), " ", m.themes.map((x, i) => [i ? ", " : "", themeLink(x)])] : "",
      m.covers.length ? [h("br"), t("actor.covers"), " ", m.covers.map((x, i) => [i ? ", " : "", placeLink(x)])] : ""])),
    section("actor.places", list(actor.operatesIn, placeWithDetail)),
    section("actor.related", list(related, ([a, key]) => [actorLink(a), " ", h("span", { class: "muted" }, t(key))])),
    section("actor.coImplementers", list(actor.coImplementers.filter((c) => c.actor), (c) => [actorLink(c.actor), " ",
      h("span", { class: "muted" }, t("actor.sharedInitiatives", { count: c.sharedInitiatives }))])),
    section("actor.contacts", list(actor.contacts, (c) => [
      h("strong", {}, c.name), c.role ? `, ${c.role}` : "",
      c.email ? [" · ", h("a", { href: `mailto:${c.email}` }, c.email)] : "", c.phone ? ` · ${c.phone}` : "",
      c.languages.length ? ` · ${c.languages.join(", ")}` : ""]), "actor.noContacts"),
    section("actor.suggestions", list(data.partnerSuggestions.filter((s) => s.actor), (s) => [
      actorLink(s.actor), ` ${percent(s.score)}`, s.currentPartner ? ` · ${t("actor.currentPartner")}` : "",
      reasons(s.reasons)])),
    section("actor.recent", changeList(data.changes.nodes), "actor.noChanges"));
}
