// A theme: its place in the taxonomy and who works on it (the theme and every narrower one).

import { h, replace } from "../dom.js";
import { gql } from "../api.js";
import { t } from "../i18n.js";
import { THEME } from "../queries.js";
import { actorLink, badge, initiativeLink, list, section, themeLink } from "./common.js";

export async function themePage(main, id) {
  const data = await gql(THEME, { id, themeId: id });
  const theme = data.node;
  if (!theme || !theme.code) {
    replace(main, h("h1", {}, t("common.notFound")));
    return;
  }
  replace(main,
    h("h1", {}, theme.name),
    theme.description ? h("p", { class: "lead" }, theme.description) : null,
    theme.broader ? h("p", {}, t("theme.broader"), " ", themeLink(theme.broader)) : null,
    section("theme.narrower", list(theme.narrower, themeLink)),
    section("theme.actors", list(data.actors.nodes, (a) => [actorLink(a), " ", badge("kind", a.kind)])),
    section("theme.initiatives", list(data.initiatives.nodes, (i) => [initiativeLink(i), " ", badge("status", i.status)])));
}
