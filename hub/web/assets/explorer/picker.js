// A labelled search box that offers records as buttons and keeps the chosen ones as removable chips: usable
// with the keyboard alone (Tab to a suggestion, Enter to choose it) and announced to screen readers.

import { debounce, h, replace } from "./dom.js";
import { t } from "./i18n.js";

/**
 * search(text) -> [{id, label, detail}]; onChange(chosen) after every change; single: keep one choice only.
 * Returns {element, chosen(), set(items)}.
 */
export function picker({ id, label, search, onChange = () => {}, single = false, required = false }) {
  let chosen = [];
  const input = h("input", { id, type: "search", autocomplete: "off", "aria-describedby": `${id}-chosen`,
    "aria-required": required ? "true" : null });
  const offers = h("ul", { class: "offers", id: `${id}-offers`, "aria-live": "polite", "aria-label": t("form.suggestions") });
  const chips = h("ul", { class: "chips", id: `${id}-chosen`, "aria-label": t("form.chosen", { field: label }) });
  const drawChips = () => replace(chips, chosen.map((item) => h("li", {}, item.label,
    h("button", { type: "button", class: "remove", "aria-label": t("form.remove", { name: item.label }),
      onclick: () => { chosen = chosen.filter((c) => c.id !== item.id); drawChips(); onChange(chosen); } }, "×"))));
  const choose = (item) => {
    chosen = single ? [item] : [...chosen.filter((c) => c.id !== item.id), item];
    input.value = "";
    replace(offers);
    drawChips();
    onChange(chosen);
    input.focus();
  };
  const lookUp = debounce(async () => {
    const text = input.value.trim();
    if (text.length < 2) {
      replace(offers);
      return;
    }
    const found = await search(text);
    if (input.value.trim() !== text) return; // typing went on: a newer look-up will answer
    replace(offers, found.length ? found.map((item) => h("li", {},
      h("button", { type: "button", class: "offer", onclick: () => choose(item) }, item.label,
        item.detail ? h("span", { class: "muted" }, ` ${item.detail}`) : null))) : h("li", { class: "muted" }, t("common.none")));
  }, 250);
  input.addEventListener("input", lookUp);
  const element = h("div", { class: "field picker" }, h("label", { for: id }, label), input, offers, chips);
  return {
    element,
    input,
    chosen: () => chosen,
    set(items) { chosen = items; drawChips(); },
  };
}
