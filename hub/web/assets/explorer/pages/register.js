// Register an initiative (a signed-in member, for its organisation) or edit one. The form checks fields as
// they are typed, asks the API which registered initiatives the draft may duplicate while the title and places
// are typed (debounced, before saving), shows what the API stored, and explains a version conflict.

import { debounce, h, replace } from "../dom.js";
import { gql, token } from "../api.js";
import { t, term } from "../i18n.js";
import { CHECK_DRAFT, CREATE_INITIATIVE, EDIT_INITIATIVE, PICK_ACTORS, PICK_PLACES, PICK_THEMES,
  UPDATE_INITIATIVE } from "../queries.js";
import { picker } from "../picker.js";
import { actorName, href, initiativeLink, list, percent, placeDetail, placeName, placeWithDetail, reasons,
  section, themeLink } from "./common.js";

const STATUSES = ["PLANNED", "ACTIVE", "COMPLETED", "SUSPENDED", "CANCELLED"];
const VISIBILITIES = ["PUBLIC", "NETWORK", "PARTNERS", "PRIVATE"];
const CHECK_DELAY_MS = 400;

function field(id, labelKey, control, help) {
  return h("div", { class: "field" },
    h("label", { for: id }, t(labelKey)), control,
    help ? h("p", { class: "muted", id: `${id}-help` }, t(help)) : null,
    h("p", { class: "field-error", id: `${id}-error`, "aria-live": "polite" }));
}

function select(id, values, group, current) {
  return h("select", { id, name: id }, values.map((v) => h("option", { value: v, selected: v === current }, term(group, v))));
}

const searchPlaces = async (q) => (await gql(PICK_PLACES, { q })).locations.nodes.map((p) => ({
  id: p.id, label: placeName(p), detail: placeDetail(p) }));
const searchActors = async (q) => (await gql(PICK_ACTORS, { q })).actors.nodes.map((a) => ({
  id: a.id, label: actorName(a), detail: [a.acronym, a.country].filter(Boolean).join(" · ") }));
const searchThemes = async (q) => (await gql(PICK_THEMES, { q })).themes.nodes.map((x) => ({ id: x.id, label: x.name }));

function stored(initiative) {
  return h("dl", { class: "facts" },
    h("dt", {}, t("form.title")), h("dd", {}, initiativeLink(initiative)),
    h("dt", {}, t("form.status")), h("dd", {}, term("status", initiative.status)),
    h("dt", {}, t("form.period")), h("dd", {}, `${initiative.startDate || "…"} – ${initiative.endDate || "…"}`),
    h("dt", {}, t("form.places")), h("dd", {}, initiative.locations.map((p, i) => [i ? "; " : "", placeWithDetail(p)])),
    h("dt", {}, t("form.themes")), h("dd", {}, initiative.themes.map((x, i) => [i ? ", " : "", themeLink(x)])),
    h("dt", {}, t("form.implementers")), h("dd", {}, initiative.implementers.map((i) => `${actorName(i.actor)} (${term("role", i.role)})`).join(", ")),
    h("dt", {}, t("form.visibility")), h("dd", {}, term("visibility", initiative.visibility)),
    h("dt", {}, t("form.version")), h("dd", {}, String(initiative.version)));
}

export async function initiativeForm(main, id) {
  if (!token()) {
    replace(main, h("h1", {}, t(id ? "form.editTitle" : "form.registerTitle")),
      h("p", {}, t("form.signInFirst"), " ", h("a", { href: `#/signin?next=${encodeURIComponent(location.hash)}` }, t("nav.signIn"))));
    return;
  }
  const existing = id ? (await gql(EDIT_INITIATIVE, { id })).node : null;
  if (id && !existing) {
    replace(main, h("h1", {}, t("common.notFound")));
    return;
  }
  const title = h("input", { id: "title", name: "title", required: true, maxlength: 300, "aria-describedby": "title-error",
    value: existing?.title || "" });
  const description = h("textarea", { id: "description", name: "description", rows: 4 }, existing?.description || "");
  const status = select("status", STATUSES, "status", existing?.status || "ACTIVE");
  const visibility = select("visibility", VISIBILITIES, "visibility", existing?.visibility || "PUBLIC");
  const start = h("input", { id: "start", type: "date", value: existing?.startDate || "", "aria-describedby": "start-error" });
  const end = h("input", { id: "end", type: "date", value: existing?.endDate || "", "aria-describedby": "end-error" });
  const duplicates = h("div", { id: "duplicates", "aria-live": "polite" });
  const outcome = h("div", { id: "outcome", role: "status" });

  const check = debounce(async () => {
    const draft = draftInput();
    if (draft.title.length < 3) {
      replace(duplicates);
      return;
    }
    const found = (await gql(CHECK_DRAFT, { draft })).duplicateCandidates.filter((d) => d.initiative && d.initiative.id !== id);
    replace(duplicates, found.length ? h("div", { class: "warning", role: "alert" },
      h("h2", {}, t("form.duplicatesTitle", { count: found.length })), h("p", {}, t("form.duplicatesHelp")),
      list(found, (d) => [initiativeLink(d.initiative), ` ${percent(d.score)}`, reasons(d.reasons)])) : []);
  }, CHECK_DELAY_MS);

  const places = picker({ id: "places", label: t("form.places"), search: searchPlaces, onChange: check });
  const themes = picker({ id: "themes", label: t("form.themes"), search: searchThemes, onChange: check });
  const owner = picker({ id: "owner", label: t("form.owner"), search: searchActors, single: true, required: true,
    onChange: () => validate("owner") });

  const errors = {
    title: () => (title.value.trim().length === 0 ? t("form.required") : title.value.trim().length < 3 ? t("form.tooShort", { min: 3 }) : ""),
    end: () => (start.value && end.value && end.value < start.value ? t("form.endBeforeStart") : ""),
    owner: () => (!id && owner.chosen().length === 0 ? t("form.required") : ""),
  };
  function show(name, message) {
    const box = main.querySelector(`#${name}-error`);
    if (box) box.textContent = message;
    const control = { title, end, start, owner: owner.input, places: places.input, themes: themes.input }[name];
    if (control) control.setAttribute("aria-invalid", message ? "true" : "false");
  }
  function validate(name) {
    const message = errors[name]();
    show(name, message);
    return !message;
  }
  function draftInput() {
    return { title: title.value.trim(), description: description.value.trim() || null,
      locationIds: places.chosen().map((p) => p.id), themeIds: themes.chosen().map((x) => x.id),
      startDate: start.value || null, endDate: end.value || null };
  }

  title.addEventListener("input", () => { validate("title"); check(); });
  for (const date of [start, end]) date.addEventListener("change", () => { validate("end"); check(); });

  const fields = [
    field("title", "form.title", title),
    existing ? null : h("div", { class: "field" }, places.element, h("p", { class: "field-error", id: "places-error", "aria-live": "polite" })),
    duplicates,
    field("description", "form.description", description),
    h("div", { class: "row" }, field("start", "form.start", start), field("end", "form.end", end)),
    field("status", "form.status", status),
    existing ? null : themes.element,
    existing ? null : h("div", { class: "field" }, owner.element, h("p", { class: "muted" }, t("form.ownerHelp")),
      h("p", { class: "field-error", id: "owner-error", "aria-live": "polite" })),
    field("visibility", "form.visibility", visibility, "form.visibilityHelp"),
  ];
  const submit = h("button", { type: "submit" }, t(existing ? "form.save" : "form.register"));
  const form = h("form", { class: "stack", novalidate: true }, fields, submit, outcome);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const ok = ["title", "end", "owner"].map(validate).every(Boolean);
    if (!ok) {
      form.querySelector("[aria-invalid=true]")?.focus();
      return;
    }
    submit.disabled = true;
    replace(outcome, t("form.saving"));
    try {
      const common = { title: title.value.trim(), description: description.value.trim() || null, status: status.value,
        startDate: start.value || null, endDate: end.value || null, visibility: visibility.value };
      const payload = existing
        ? (await gql(UPDATE_INITIATIVE, { input: { id, version: existing.version, ...common } })).updateInitiative
        : (await gql(CREATE_INITIATIVE, { input: { ...common,
          locationIds: places.chosen().map((p) => p.id), themeIds: themes.chosen().map((x) => x.id),
          ownerId: owner.chosen()[0].id, implementers: [{ actorId: owner.chosen()[0].id, role: "LEAD" }] } })).createInitiative;
      if (payload.userErrors.length) {
        const conflict = payload.userErrors.find((e) => e.code === "CONFLICT");
        replace(outcome, conflict
          ? h("div", { class: "warning", role: "alert" }, h("h2", {}, t("form.conflictTitle")),
            h("p", {}, t("form.conflict", { version: existing.version })), h("p", { class: "muted" }, conflict.message),
            h("a", { href: href("Initiative", id) }, t("form.conflictReload")))
          : h("div", { class: "error", role: "alert" }, t("form.fixErrors")));
        for (const error of payload.userErrors) show(error.field === "ownerId" ? "owner" : error.field === "locationIds" ? "places" : error.field, error.message);
        return;
      }
      replace(main, h("h1", {}, t(existing ? "form.savedTitle" : "form.storedTitle")),
        h("p", { role: "status", id: "stored" }, t(existing ? "form.saved" : "form.stored")),
        stored(payload.initiative),
        payload.possibleDuplicates?.length ? section("form.duplicatesAfter",
          list(payload.possibleDuplicates.filter((d) => d.initiative), (d) => [initiativeLink(d.initiative), ` ${percent(d.score)}`, reasons(d.reasons)])) : null,
        h("p", {}, h("a", { href: "#/register", class: "button" }, t("form.another"))));
      main.querySelector("h1").focus?.();
    } catch (error) {
      replace(outcome, h("p", { class: "error", role: "alert" }, error.code === "FORBIDDEN" ? t("form.forbidden", { message: error.message }) : t("app.error", { message: error.message })));
    } finally {
      submit.disabled = false;
    }
  });

  replace(main, h("h1", {}, existing ? t("form.editTitleOf", { title: existing.title }) : t("form.registerTitle")),
    h("p", { class: "lead" }, t(existing ? "form.editIntro" : "form.registerIntro")), form);
  title.focus();
}
