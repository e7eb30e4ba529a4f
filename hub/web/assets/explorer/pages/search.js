// Search across places, actors, initiatives and themes in one request: any script, acronyms, typos (the API's
// search does the matching); places carry their parents so same-name places can be told apart. Each list
// shows its first page; a "more" button asks the next one from its cursor.

import { h, replace } from "../dom.js";
import { gql } from "../api.js";
import { t } from "../i18n.js";
import { MORE_ACTORS, MORE_INITIATIVES, MORE_PLACES, MORE_THEMES, SEARCH } from "../queries.js";
import { actorLink, badge, initiativeLink, pagedList, placeWithDetail, section, themeLink } from "./common.js";

export async function searchPage(main, id, params) {
  const q = (params.get("q") || "").trim();
  const input = h("input", { type: "search", id: "search", name: "q", value: q, required: true,
    autocomplete: "off", placeholder: t("search.placeholder") });
  const form = h("form", { role: "search", class: "search" },
    h("label", { for: "search" }, t("search.label")), input,
    h("button", { type: "submit" }, t("search.submit")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/search?q=${encodeURIComponent(input.value.trim())}`;
  });
  const results = h("div", { id: "results", "aria-live": "polite" });
  replace(main, h("h1", {}, t("search.title")), h("p", { class: "lead" }, t("search.intro")), form, results);
  if (!q) {
    input.focus();
    return;
  }
  const data = await gql(SEARCH, { q });
  const total = ["locations", "actors", "initiatives", "themes"].reduce((sum, key) => sum + data[key].totalCount, 0);
  replace(results,
    h("p", { class: "count" }, t("search.count", { count: total, q })),
    section("search.places", pagedList(data.locations, placeWithDetail, MORE_PLACES, { q })),
    section("search.actors", pagedList(data.actors, (actor) => [
      actorLink(actor), actor.acronym ? ` (${actor.acronym})` : "", " ", badge("kind", actor.kind)], MORE_ACTORS, { q })),
    section("search.initiatives", pagedList(data.initiatives, (initiative) => [
      initiativeLink(initiative), " ", badge("status", initiative.status)], MORE_INITIATIVES, { q })),
    section("search.themes", pagedList(data.themes, themeLink, MORE_THEMES, { q })));
}
