// Sign in with a bearer token (an API token or an OIDC access token). The token stays in this tab's
// sessionStorage only, and is kept only once the API has accepted it.

import { h, replace } from "../dom.js";
import { signIn } from "../api.js";
import { t } from "../i18n.js";

export async function signInPage(main, id, params, render) {
  const input = h("input", { id: "token", name: "token", type: "password", required: true, autocomplete: "off",
    "aria-describedby": "token-help" });
  const message = h("p", { id: "sign-in-message", role: "alert" });
  const form = h("form", { class: "stack" },
    h("label", { for: "token" }, t("signin.token")), input,
    h("p", { id: "token-help", class: "muted" }, t("signin.help")),
    h("button", { type: "submit" }, t("signin.submit")), message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await signIn(input.value.trim());
      const next = params.get("next") || "#/register";
      if (location.hash === next) render();
      else location.hash = next;
    } catch (error) {
      replace(message, error.code === "UNAUTHENTICATED" ? t("signin.refused") : t("app.error", { message: error.message }));
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
  });
  replace(main, h("h1", {}, t("signin.title")), form);
  input.focus();
}
