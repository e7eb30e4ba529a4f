// Translations live in i18n/<language>.json (flat keys, {name} placeholders) so a translator edits JSON only.
// Names come from the graph: a record shown to a Russian reader uses a Cyrillic alternate name or alias when the
// graph has one, to an English reader a Latin one.

export const LANGUAGES = { en: "English", ru: "Русский" };
const STORE = "explorer.language";
let messages = {};
let fallback = {};
let current = "en";

export function language() {
  return current;
}

function preferred() {
  const stored = localStorage.getItem(STORE);
  if (stored && stored in LANGUAGES) return stored;
  const browser = (navigator.language || "en").slice(0, 2);
  return browser in LANGUAGES ? browser : "en";
}

async function load(code) {
  const response = await fetch(new URL(`i18n/${code}.json`, import.meta.url));
  if (!response.ok) throw new Error(`translations ${code}: HTTP ${response.status}`);
  return response.json();
}

/** Loads the reader's language (and English for any key a translation lacks). */
export async function setLanguage(code = preferred()) {
  fallback = await load("en");
  messages = code === "en" ? fallback : await load(code);
  current = code;
  localStorage.setItem(STORE, code);
  document.documentElement.lang = code;
}

/** The message for key with {placeholders} filled; the key itself if no file has it. */
export function t(key, params = {}) {
  const text = messages[key] ?? fallback[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** A value of an enum (kind, status, role...) in the reader's language, or the value itself. */
export function term(group, value) {
  const key = `${group}.${value}`;
  const text = t(key);
  return text === key ? String(value).toLowerCase().replaceAll("_", " ") : text;
}

const CYRILLIC = /[\u0400-\u04FF]/;
const LATIN = /[A-Za-z]/;

/** The record's name in the reader's script: the first alternate in that script, else the main name. */
export function nameIn(name, alternates = []) {
  const wanted = current === "ru" ? CYRILLIC : LATIN;
  if (wanted.test(name || "")) return name;
  return (alternates || []).find((other) => wanted.test(other) && !(current === "en" && CYRILLIC.test(other))) || name;
}

/** A date (YYYY-MM-DD or a timestamp) in the reader's locale. */
export function date(value) {
  if (!value) return "";
  const parsed = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(parsed.getTime()) ? value : parsed.toLocaleDateString(current, { timeZone: "UTC" });
}
