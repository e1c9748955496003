// The office desk's entry module: the router (addresses are a contract: "/office/", "/office/{region}/",
// "/office/{region}/<page>", "/office/{region}/queue/{queue}", "/office/{region}/candidates/{id}"), the
// language switcher and in-page navigation (the staff token stays in memory between pages, as in the portal).
import { use, remember, languages, current, t } from "./i18n.js";
import { call, signedIn } from "./api.js";
import { h } from "./dom.js";
import * as pages from "./pages.js";

const ROUTES = {
  "": pages.home, "login": pages.login, "search": pages.search, "statistics": pages.statistics, "audit": pages.audit, "staff": pages.staff,
  "scores": pages.scores, "rechecks": pages.rechecks,
};
const regions = {};

async function regionDetails(code) {
  if (!regions[code]) {
    const answer = await call("GET", "/api/v1/regions/" + encodeURIComponent(code));
    if (!answer.ok) return null;
    regions[code] = answer.data;
  }
  return regions[code];
}

function route(rest) {
  if (rest.length === 2 && rest[0] === "queue") return { page: pages.queue, param: rest[1] };
  if (rest.length === 2 && rest[0] === "candidates") return { page: pages.candidate, param: rest[1] };
  const page = ROUTES[rest.join("/")];
  return page ? { page, param: null } : null;
}

async function render(path, focus) {
  const main = document.getElementById("main");
  if (new URLSearchParams(location.search).has("lang")) history.replaceState(null, "", location.pathname);
  const parts = path.split("/").filter(Boolean).slice(1);
  await ensureLanguage();
  let nodes;
  if (parts.length === 0) {
    nodes = await pages.landing({ go });
  } else {
    const code = parts[0];
    const region = await regionDetails(code);
    const found = route(parts.slice(1));
    if (!region || !found) {
      nodes = pages.notFound();
    } else if (found.page !== pages.login && !signedIn(code)) {
      // no session (a new tab, a reload, or never logged in): nothing of the page is drawn, the login asks first
      nodes = await pages.login({ code, region, go, next: path, required: true });
    } else {
      nodes = await found.page({ code, region, go, param: found.param, path });
    }
  }
  main.replaceChildren(...nodes);
  switcher();
  document.getElementById("skip").textContent = t("nav.skip");
  document.getElementById("brand").textContent = t("desk.name");
  document.title = t("desk.name");
  if (focus) {
    const h1 = main.querySelector("h1");
    (h1 || main).setAttribute("tabindex", "-1");
    (h1 || main).focus();
  }
}

async function ensureLanguage() {
  const wanted = document.documentElement.dataset.wanted || current();
  document.documentElement.dataset.wanted = wanted;
  await use(wanted);
}

function switcher() {
  const nav = document.getElementById("languages");
  nav.setAttribute("aria-label", t("nav.language"));
  nav.replaceChildren(...languages().map((l) => h("a", {
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
