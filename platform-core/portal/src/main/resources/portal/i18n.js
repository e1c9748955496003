// Languages: the core bundles (one JSON per language, served as fingerprinted assets) overlaid by the
// region's own messages (GET /api/v1/regions/{code} "messages": key -> language -> text).
const bundles = JSON.parse(document.body.dataset.bundles || "{}");
let lang = document.documentElement.lang || "zh-CN";
let core = {};
let region = {};
const loaded = {};

/** Every language the portal has a core bundle for: [{tag, name, dir}] */
export function languages() {
  return Object.entries(bundles).map(([tag, b]) => ({ tag, name: b.name, dir: b.dir }));
}

export function current() {
  return lang;
}

/** Shows the page in {@code tag} (the default when the portal has no such bundle). */
export async function use(tag) {
  if (!bundles[tag]) tag = "zh-CN";
  if (!loaded[tag]) {
    const r = await fetch(bundles[tag].url, { credentials: "same-origin" });
    loaded[tag] = await r.json();
  }
  lang = tag;
  core = loaded[tag];
  document.documentElement.lang = tag;
  document.documentElement.dir = bundles[tag].dir === "rtl" ? "rtl" : "ltr";
}

/** Remembers the choice (a preference, not a secret: a cookie the server reads to draw the next page in it). */
export function remember(tag) {
  document.cookie = "kaowu-lang=" + encodeURIComponent(tag) + "; path=/; max-age=31536000; samesite=lax";
}

export function regionMessages(messages) {
  region = messages || {};
}

/** The text of {@code key} in the current language, {name} placeholders filled from {@code vars}. */
export function t(key, vars) {
  // the region's text in this language, else the core bundle's (complete in every language: PortalMessagesTest),
  // else the region's text in Chinese or English (a region key the core does not have), never a bare key
  const own = region[key];
  let text = (own && own[lang]) ?? core[key] ?? (own && (own["zh-CN"] ?? own.en ?? Object.values(own)[0])) ?? key;
  if (vars) {
    for (const [k, v] of Object.entries(vars)) text = text.split("{" + k + "}").join(String(v));
  }
  return text;
}

/** A region-data name map ({"zh-CN": ..., "en": ...}) in the current language, else Chinese, else any. */
export function pick(names, fallback) {
  if (!names) return fallback ?? "";
  return names[lang] ?? (fallback !== undefined && lang !== "zh-CN" && lang !== "en" ? fallback : undefined)
    ?? names["zh-CN"] ?? Object.values(names)[0] ?? "";
}

/** A date-time of the region's calendar ("2026-03-08T17:00") shown the way the language writes it. */
export function when(local) {
  if (!local) return "";
  const d = new Date(local.length <= 16 ? local + ":00" : local);
  if (isNaN(d)) return local;
  try {
    return new Intl.DateTimeFormat(lang === "ug" ? "ug-CN" : lang, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })
      .format(new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes())));
  } catch (e) {
    return local.replace("T", " ");
  }
}

/** An instant ("2027-03-02T02:00:00Z") in the region's time zone (else the browser's), the way the language writes it. */
export function at(instant, timeZone) {
  const d = new Date(instant);
  if (isNaN(d)) return instant || "";
  try {
    return new Intl.DateTimeFormat(lang === "ug" ? "ug-CN" : lang, { dateStyle: "medium", timeStyle: "short", timeZone: timeZone || undefined }).format(d);
  } catch (e) {
    return d.toISOString();
  }
}
