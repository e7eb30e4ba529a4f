// Pieces shared by the pages: links to records in the reader's script, tables, sections, reasons.

import { h } from "../dom.js";
import { gql } from "../api.js";
import { date, language, nameIn, t, term } from "../i18n.js";

const KIND_ROUTE = { Actor: "actor", Initiative: "initiative", Location: "place", Theme: "theme" };

/** Whether a record type has a page of its own (a mandate has none). */
export function hasPage(kind) {
  return kind in KIND_ROUTE;
}

export function href(kind, id) {
  return `#/${KIND_ROUTE[kind] || kind}/${encodeURIComponent(id)}`;
}

export function actorName(actor) {
  return nameIn(actor.name, actor.aliases);
}

export function placeName(place) {
  return nameIn(place.name, place.alternateNames);
}

/** "Osh · Kyrgyzstan": a place with its parents, so that places of the same name can be told apart. */
export function placeTrail(place) {
  const names = [];
  for (let at = place.parent; at; at = at.parent) names.push(placeName(at));
  return names.join(" · ");
}

/**
 * What tells a place apart from others of its name: in English the API's label without the name ("district,
 * Sughd, TJ"); in other languages its level and parents in the reader's script (the label is in English).
 */
export function placeDetail(place) {
  const prefix = `${place.name} - `;
  if (language() === "en" && place.label) return place.label.startsWith(prefix) ? place.label.slice(prefix.length) : place.label;
  return [place.level ? term("level", place.level) : "", placeTrail(place)].filter(Boolean).join(" · ");
}

/** A place link followed by what tells it apart. */
export function placeWithDetail(place) {
  if (!place) return t("common.hidden");
  const detail = placeDetail(place);
  return [placeLink(place), detail ? [" ", h("span", { class: "muted" }, detail)] : ""];
}

export function actorLink(actor) {
  return actor ? h("a", { href: href("Actor", actor.id) }, actorName(actor)) : t("common.hidden");
}

export function placeLink(place) {
  return place ? h("a", { href: href("Location", place.id) }, placeName(place)) : t("common.hidden");
}

export function initiativeLink(initiative) {
  return initiative ? h("a", { href: href("Initiative", initiative.id) }, initiative.title) : t("common.hidden");
}

export function themeLink(theme) {
  return theme ? h("a", { href: href("Theme", theme.id) }, theme.name) : t("common.hidden");
}

/** A titled section; an empty list shows `empty` instead of nothing, so absence is stated, not guessed. */
export function section(titleKey, content, empty = "common.none") {
  const isEmpty = content === null || (Array.isArray(content) && content.length === 0);
  const id = `section-${titleKey.replaceAll(".", "-")}`;
  return h("section", { "aria-labelledby": id },
    h("h2", { id }, t(titleKey)),
    isEmpty ? h("p", { class: "muted" }, t(empty)) : content);
}

/** A table with a caption-less header row; rows are arrays of cells (strings or elements). */
export function table(headers, rows, label) {
  return h("div", { class: "table-wrap", role: "region", "aria-label": label, tabindex: "0" },
    h("table", {},
      h("thead", {}, h("tr", {}, headers.map((key) => h("th", { scope: "col" }, t(key))))),
      h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((cell) => h("td", {}, cell)))))));
}

export function list(items, render) {
  return items.length ? h("ul", {}, items.map((item) => h("li", {}, render(item)))) : [];
}

/** A score as a percentage with the reasons the API gave for it. */
export function reasons(items) {
  return h("ul", { class: "reasons" }, items.map((reason) =>
    h("li", {}, h("span", { class: "factor" }, term("factor", reason.factor)), " ", reason.detail)));
}

export function percent(score) {
  return `${Math.round(score * 100)}%`;
}

export function badge(group, value) {
  return h("span", { class: `badge ${group}-${String(value).toLowerCase()}` }, term(group, value));
}

export function dates(record) {
  return [record.startDate, record.endDate].some(Boolean)
    ? `${date(record.startDate) || "…"} – ${date(record.endDate) || "…"}` : "";
}

/**
 * A "more" button under a list that can be long: it asks the next page from the connection's endCursor
 * (`query` answers `list { pageInfo nodes }`), hands the new nodes to `append`, and goes when no page follows.
 */
export function moreButton(connection, query, variables, append) {
  let after = connection.pageInfo.endCursor;
  const button = h("button", { type: "button", class: "more" }, t("common.more"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    const next = (await gql(query, { ...variables, after })).list;
    append(next.nodes);
    after = next.pageInfo.endCursor;
    if (next.pageInfo.hasNextPage && after) button.disabled = false;
    else button.remove();
  });
  return connection.pageInfo.hasNextPage && after ? h("p", {}, button) : null;
}

/** A list of records with a "more" button when further pages exist. */
export function pagedList(connection, render, query, variables) {
  if (!connection.nodes.length) return [];
  const items = h("ul", {}, connection.nodes.map((node) => h("li", {}, render(node))));
  return [items, moreButton(connection, query, variables,
    (nodes) => items.append(...nodes.map((node) => h("li", {}, render(node)))))];
}

const CHANGE_NAME = (record) => record.title || nameIn(record.name, record.aliases || record.alternateNames);

/** The change feed: when, what was done, to which record; a deletion (a tombstone) shows no content. */
export function changeList(changes) {
  return list(changes, (change) => {
    const what = change.action === "DELETE" ? h("span", { class: "deleted" }, t("change.deleted"))
      : !change.record ? t("common.hidden")
        : KIND_ROUTE[change.record.__typename] ? h("a", { href: href(change.record.__typename, change.record.id) }, CHANGE_NAME(change.record))
          : CHANGE_NAME(change.record);
    return [h("span", { class: "muted" }, date(change.at)), " ",
      change.action === "DELETE" ? "" : `${term("action", change.action)} `, term("record", change.recordType || ""), ": ", what,
      change.relationship ? h("span", { class: "muted" }, ` (${term("relationship", change.relationship)})`) : ""];
  });
}
