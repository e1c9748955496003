// The portal's entry module: the router (addresses are a contract: "/", "/{region}/", "/{region}/<page>"),
// the language switcher, and in-page navigation (the session token stays in memory between pages).
import { use, remember, languages, current, t, regionMessages } from "./i18n.js";
import { call } from "./api.js";
import { h } from "./dom.js";
import * as pages from "./pages.js";

const ROUTES = {
  "": pages.home, "register": pages.register, "returning": pages.returning, "login": pages.login, "me": pages.me,
  "password": pages.password, "ticket-number": pages.lookup, "scores": pages.scores, "recover": pages.recover, "password/reset": pages.reset,
  "mobile": pages.mobile, "identity": pages.identity,
};
const regions = {};
let resetLink = null;

async function regionDetails(code) {
  if (!regions[code]) {
    const answer = await call("GET", "/api/v1/regions/" + encodeURIComponent(code));
    if (!answer.ok) return null;
    regions[code] = answer.data;
  }
  return regions[code];
}

async function render(path, focus) {
  const main = document.getElementById("main");
  const search = new URLSearchParams(location.search);
  if (search.has("lang")) {
    history.replaceState(null, "", location.pathname);
  }
  if (path === "/portal/reset.html") {
    // The e-mailed link: its secret leaves the address bar (and history) before anything else happens.
    resetLink = { recovery: search.get("recovery"), token: search.get("token") };
    path = "/" + (search.get("region") || "").replace(/[^a-z0-9-]/g, "") + "/password/reset";
    history.replaceState(null, "", path);
  }
  const parts = path.split("/").filter(Boolean);
  let nodes;
  let pageLanguages = languages().map((l) => l.tag);
  if (parts.length === 0) {
    regionMessages({});
    await ensureLanguage(pageLanguages);
    nodes = await pages.landing({ go });
  } else {
    const code = parts[0];
    const region = await regionDetails(code);
    const page = ROUTES[parts.slice(1).join("/")];
    if (!region || !page) {
      await ensureLanguage(pageLanguages);
      nodes = await pages.notFound();
    } else {
      pageLanguages = (region.locales || ["zh-CN"]).filter((l) => pageLanguages.includes(l));
      await ensureLanguage(pageLanguages);
      regionMessages(region.messages);
      nodes = await page({ code, region, go, params: page === pages.reset ? resetLink : null });
    }
  }
  main.replaceChildren(...nodes);
  switcher(pageLanguages);
  document.getElementById("skip").textContent = t("nav.skip");
  document.getElementById("brand").textContent = t("portal.name");
  if (focus) {
    const h1 = main.querySelector("h1");
    (h1 || main).setAttribute("tabindex", "-1");
    (h1 || main).focus();
  }
}

/** The remembered language when this page has it, else the default (the preference itself is kept). */
async function ensureLanguage(available) {
  const wanted = document.documentElement.dataset.wanted || current();
  document.documentElement.dataset.wanted = wanted;
  await use(available.includes(wanted) ? wanted : (available.includes("zh-CN") ? "zh-CN" : available[0]));
}

function switcher(available) {
  const nav = document.getElementById("languages");
  nav.setAttribute("aria-label", t("nav.language"));
  nav.replaceChildren(...languages().filter((l) => available.includes(l.tag)).map((l) => h("a", {
    href: location.pathname + "?lang=" + encodeURIComponent(l.tag), lang: l.tag, dir: l.dir, hreflang: l.tag,
    "aria-current": l.tag === current() ? "true" : null,
    onclick: async (ev) => {
      ev.preventDefault();
      remember(l.tag);
      document.documentElement.dataset.wanted = l.tag;
      await render(location.pathname, false);
      document.querySelector("#languages a[aria-current]").focus();
    } }, l.name)));
}

export function go(path) {
  history.pushState(null, "", path);
  return render(path, true);
}

document.addEventListener("click", (ev) => {
  const a = ev.target.closest && ev.target.closest("a[data-nav]");
  if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
  ev.preventDefault();
  go(a.getAttribute("href"));
});
window.addEventListener("popstate", () => render(location.pathname, true));
render(location.pathname, false);
