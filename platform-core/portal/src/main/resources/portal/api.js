// The REST API, in the page's language (Accept-Language: the server answers problem title/detail in it).
// The session token lives in this module's memory only: never in a URL, a cookie readable by script, or
// localStorage/sessionStorage; a reload of the page asks for the password again (README: "Portal").
import { current, t } from "./i18n.js";

let session = null;

export function signedIn(region) {
  return session !== null && session.region === region && Date.parse(session.expiresAt) > Date.now();
}

export function startSession(region, answer) {
  session = { region, token: answer.token, expiresAt: answer.expiresAt };
}

export function endSession() {
  session = null;
}

/**
 * One call: {ok, status, data} or {ok: false, status, problem: {code, title, detail, field}}.
 * A network failure is a problem too, so every caller shows something.
 */
export async function call(method, path, body, contentType) {
  const headers = { "Accept": "application/json, application/problem+json", "Accept-Language": current() };
  // a file (Blob) is sent as it is, with its content type (e.g. an office's CSV import); anything else as JSON
  const raw = typeof Blob !== "undefined" && body instanceof Blob;
  if (body !== undefined) headers["Content-Type"] = raw ? (contentType || body.type || "application/octet-stream") : "application/json";
  if (session && path.startsWith("/api/v1/regions/" + session.region + "/")) headers["Authorization"] = "Bearer " + session.token;
  let r;
  try {
    r = await fetch(path, { method, headers, body: body === undefined ? undefined : raw ? body : JSON.stringify(body), credentials: "same-origin",
      cache: "no-store" });
  } catch (e) {
    return { ok: false, status: 0, problem: { code: "NETWORK", detail: t("error.network") } };
  }
  let data = null;
  if (r.status !== 204) {
    try { data = await r.json(); } catch (e) { data = null; }
  }
  if (r.ok) return { ok: true, status: r.status, data };
  const problem = data && typeof data === "object" ? data : {};
  if (!problem.detail) problem.detail = t("error.status", { status: r.status });
  if (r.status === 401 && session) endSession();
  return { ok: false, status: r.status, problem, retryAfter: r.headers.get("Retry-After") };
}

/**
 * A call whose answer is a file (a CSV export, a proof): {ok, status, blob, filename} or {ok: false, status, problem}.
 * The token goes in the header as for every call, so a file is fetched, never linked.
 */
export async function download(method, path, accept, body) {
  const headers = { "Accept": accept + ", application/problem+json", "Accept-Language": current() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (session && path.startsWith("/api/v1/regions/" + session.region + "/")) headers["Authorization"] = "Bearer " + session.token;
  let r;
  try {
    r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin",
      cache: "no-store" });
  } catch (e) {
    return { ok: false, status: 0, problem: { code: "NETWORK", detail: t("error.network") } };
  }
  if (!r.ok) {
    let problem = {};
    try { problem = await r.json(); } catch (e) { problem = {}; }
    if (!problem.detail) problem.detail = t("error.status", { status: r.status });
    return { ok: false, status: r.status, problem };
  }
  const disposition = r.headers.get("Content-Disposition") || "";
  const m = /filename="([^"]+)"/.exec(disposition);
  return { ok: true, status: r.status, blob: await r.blob(), filename: m ? m[1] : "download" };
}
