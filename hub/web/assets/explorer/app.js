// The explorer's shell: header (search, language, sign-in), and a hash router that renders one page at a time.
// Hash routes (#/place/<id>) keep the hub's server side to a single page at /.

import { h, replace } from "./dom.js";
import { LANGUAGES, language, setLanguage, t } from "./i18n.js";
import { signOut, token } from "./api.js";
import { searchPage } from "./pages/search.js";
import { placePage } from "./pages/place.js";
import { actorPage } from "./pages/actor.js";
import { initiativePage } from "./pages/initiative.js";
import { networkPage } from "./pages/network.js";
import { collaborationPage } from "./pages/collaboration.js";
import { themePage } from "./pages/theme.js";
import { signInPage } from "./pages/signin.js";
import { initiativeForm } from "./pages/register.js";

const ROUTES = {
  "": searchPage,
  search: searchPage,
  place: placePage,
  actor: actorPage,
  initiative: initiativePage,
  network: networkPage,
  collaboration: collaborationPage,
  theme: themePage,
  signin: signInPage,
  register: (main) => initiativeForm(main, null),
  edit: initiativeForm,
};

function route() {
  const [path, query = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const [name, ...rest] = path.split("/");
  return { name, id: rest.map(decodeURIComponent).join("/") || null, params: new URLSearchParams(query) };
}

function header() {
  const select = h("select", { id: "language", "aria-label": t("nav.language") },
    Object.entries(LANGUAGES).map(([code, label]) => h("option", { value: code, selected: code === language() }, label)));
  select.addEventListener("change", async () => {
    await setLanguage(select.value);
    render();
  });
  const account = token()
    ? [h("a", { href: "#/register" }, t("nav.register")),
       h("button", { type: "button", id: "sign-out", onclick: () => { signOut(); render(); } }, t("nav.signOut"))]
    : [h("a", { href: "#/signin" }, t("nav.signIn"))];
  return h("nav", { "aria-label": t("nav.label") },
    h("a", { href: "#/", class: "brand" }, t("app.title")),
    h("div", { class: "nav-actions" }, account, h("label", { class: "language" }, select)),
  );
}

async function render() {
  const { name, id, params } = route();
  const page = ROUTES[name] || searchPage;
  replace(document.querySelector("header"), header());
  const main = document.querySelector("main");
  main.setAttribute("aria-busy", "true");
  replace(main, h("p", { class: "loading" }, t("app.loading")));
  try {
    await page(main, id, params, render);
  } catch (error) {
    replace(main, h("p", { class: "error", role: "alert" }, t("app.error", { message: error.message })));
  } finally {
    main.removeAttribute("aria-busy");
    const heading = main.querySelector("h1");
    if (heading) document.title = `${heading.textContent} · ${t("app.title")}`;
    main.dataset.render = Math.random().toString(36).slice(2); // a new mark per finished render, for tests
  }
}

await setLanguage();
window.addEventListener("hashchange", render);
render();
