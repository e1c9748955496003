// The office desk's pages. Each returns the nodes of <main>; everything shown comes from the API with the
// staff member's token (in api.js's memory). A refusal of the API (401, 403) is shown as such and draws
// nothing else: the server decides what a staff member may see.
import { t, pick, current } from "./i18n.js";
import { call, download, startSession, endSession } from "./api.js";
import { h, link, form, facts, announce } from "./dom.js";
import { dailyBars } from "./chart.js";
import { photoCapture } from "./camera.js";

const QUEUES = ["review", "confirmation", "proof", "merge"];
const PAGE = 20;
let me = null;

function api(code, rest) {
  return "/api/v1/regions/" + encodeURIComponent(code) + rest;
}

function officeName(region, code) {
  const o = (region.offices || []).find((x) => x.code === code) || (region.assistanceUnits || []).find((x) => x.code === code);
  return o ? pick(o.names) + " (" + code + ")" : code || "";
}

let zone = "UTC"; // until a region names its own

/** An instant shown in the region's time zone (the time of its calendar and its offices), the way the language writes it. */
function time(iso) {
  if (!iso) return "";
  try {
    return new Intl.DateTimeFormat(current() === "ug" ? "ug-CN" : current(), { dateStyle: "medium", timeStyle: "short", timeZone: zone })
      .format(new Date(iso));
  } catch (e) {
    return iso;
  }
}

function languageName(region, code) {
  const l = (region.examLanguages || []).find((x) => x.code === code);
  return l ? pick(l.names, code) : code;
}

function stepOf(region, code) {
  const steps = [...((region.registration || {}).newCandidates || []), ...((region.registration || {}).returningCandidates || [])];
  return steps.find((s) => s.code === code) || null;
}

/** The page that says the API refused: 401 (log in again) or 403 (outside the scope), with the server's own text. */
function refused(answer, code) {
  const status = answer.status;
  return [h("h1", { id: "refused", "data-status": String(status) }, status === 401 ? t("refused.login") : t("refused.title")),
    h("p", { class: "alert", role: "alert" }, answer.problem.detail || answer.problem.title || String(status)),
    status === 401 ? link("/office/" + code + "/login", t("login.title")) : link("/office/" + code + "/", t("nav.home"))];
}

function table(caption, headers, rows, id) {
  return h("div", { class: "table-wrap" }, h("table", { id },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col", class: x.num ? "num" : null }, x.text || x)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c, i) => h("td", { class: headers[i].num ? "num" : null }, c)))))));
}

/** Paging: "21–40 of 57" with the previous and next pages. */
function pager(id, total, offset, limit, onPage) {
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(total, offset + limit);
  return h("div", { class: "pager", id },
    h("p", { id: id + "-range" }, t("page.range", { from, to, total })),
    h("button", { type: "button", class: "secondary", disabled: offset === 0, onclick: () => onPage(Math.max(0, offset - limit)) }, t("page.previous")),
    h("button", { type: "button", class: "secondary", disabled: to >= total, onclick: () => onPage(offset + limit) }, t("page.next")));
}

async function who(code) {
  if (!me || me.region !== code) {
    const answer = await call("GET", api(code, "/staff/me"));
    if (!answer.ok) return answer;
    me = { region: code, view: answer.data };
  }
  return { ok: true, data: me.view };
}

function canAudit(role) {
  return role === "PROVINCE_OFFICE" || role === "PLATFORM_ADMIN";
}

function canAdminister(role) {
  return role === "PROVINCE_OFFICE" || role === "PLATFORM_ADMIN" || role === "CITY_OFFICE";
}

function hasCandidates(role) {
  return role !== "PLATFORM_ADMIN";
}

/** The desk's navigation for this staff member (a link for what the role may open; the server checks anyway). */
function deskNav(ctx, staff, current) {
  const base = "/office/" + ctx.code + "/";
  const items = [["", "nav.home"]];
  if (hasCandidates(staff.role)) items.push(["search", "nav.search"], ["statistics", "nav.statistics"]);
  if (staff.role === "PROVINCE_OFFICE") items.push(["scores", "nav.scores"]);
  if (["PROVINCE_OFFICE", "CITY_OFFICE", "COUNTY_OFFICE"].includes(staff.role)) items.push(["rechecks", "nav.rechecks"]);
  if (canAudit(staff.role)) items.push(["audit", "nav.audit"]);
  if (canAdminister(staff.role)) items.push(["staff", "nav.staff"]);
  const logout = h("button", { type: "button", class: "secondary", id: "logout", onclick: async () => {
    await call("DELETE", api(ctx.code, "/staff/sessions/current"));
    endSession();
    me = null;
    ctx.go("/office/" + ctx.code + "/login");
  } }, t("nav.logout"));
  return h("nav", { class: "desk-nav", "aria-label": t("nav.desk") },
    items.map(([p, key]) => link(base + p, t(key), { "aria-current": p === current ? "page" : null })), logout);
}

/** The signed-in frame of a page: navigation, then the page's own nodes; a refusal of /staff/me is shown as such. */
async function signedIn(ctx, current, body) {
  zone = ctx.region.timeZone || zone;
  const w = await who(ctx.code);
  if (!w.ok) return refused(w, ctx.code);
  return [deskNav(ctx, w.data, current), ...(await body(w.data))];
}

export async function landing() {
  const answer = await call("GET", "/api/v1/regions");
  const list = answer.ok ? answer.data : [];
  return [h("h1", {}, t("landing.title")), h("p", {}, t("landing.intro")),
    h("ul", { class: "links", id: "regions" }, list.map((r) => h("li", {}, link("/office/" + r.code + "/login", pick(r.names, r.code)))))];
}

export function notFound() {
  return [h("h1", {}, t("notFound.title")), link("/office/", t("nav.regions"))];
}

export async function login(ctx) {
  const nodes = [h("h1", {}, t("login.title") + " · " + pick(ctx.region.names, ctx.code))];
  if (ctx.required) nodes.push(h("p", { class: "warn", id: "signin-required" }, t("login.required")));
  const f = form({ id: "login", submit: t("login.submit"), fields: [
    { name: "username", label: t("login.username"), autocomplete: "username", dir: "ltr" },
    { name: "password", label: t("login.password"), type: "password", autocomplete: "current-password" },
  ], onSubmit: async (v) => {
    const answer = await call("POST", api(ctx.code, "/staff/sessions"), { username: v.username, password: v.password });
    if (!answer.ok) return answer;
    startSession(ctx.code, answer.data);
    me = null;
    await ctx.go(ctx.next && !ctx.next.endsWith("/login") ? ctx.next : "/office/" + ctx.code + "/");
    return answer;
  } });
  nodes.push(f.element);
  return nodes;
}

export async function home(ctx) {
  return signedIn(ctx, "", async (staff) => {
    const nodes = [h("h1", {}, t("home.title")),
      h("p", { class: "who", id: "who" }, t("home.who", { user: staff.username, role: t("role." + staff.role),
        office: staff.office ? officeName(ctx.region, staff.office) : pick(ctx.region.names, ctx.code) }))];
    if (!hasCandidates(staff.role)) {
      nodes.push(h("p", {}, t("home.admin")));
      return nodes;
    }
    const counts = await call("GET", api(ctx.code, "/office/queues"));
    if (!counts.ok) return refused(counts, ctx.code);
    nodes.push(h("h2", {}, t("home.queues")), h("ul", { class: "queues", id: "queues" }, QUEUES.map((q) =>
      h("li", {}, link("/office/" + ctx.code + "/queue/" + q, [h("span", {}, t("queue." + q)),
        h("span", { class: "count", id: "count-" + q }, String(counts.data[q.toUpperCase()]))])))));
    return nodes;
  });
}

function candidateRows(ctx, list) {
  return list.map((c) => [link("/office/" + ctx.code + "/candidates/" + c.id, c.name, { class: "open" }), h("span", { class: "ltr" }, c.idNumber),
    officeName(ctx.region, c.office), time(c.registeredAt), t("status." + c.status),
    c.nextStep ? pick((stepOf(ctx.region, c.nextStep) || {}).names, c.nextStep) : "—"]);
}

function candidateHeaders() {
  return [t("col.name"), t("col.idNumber"), t("col.office"), t("col.registeredAt"), t("col.status"), t("col.nextStep")];
}

export async function queue(ctx) {
  const kind = ctx.param;
  if (!QUEUES.includes(kind)) return notFound();
  return signedIn(ctx, "", async () => {
    const results = h("div", { id: "queue-results", "aria-live": "polite" });
    let filter = {};
    async function show(offset) {
      const answer = await call("POST", api(ctx.code, "/office/queues/" + kind.toUpperCase()), Object.assign({ offset, limit: PAGE }, filter));
      if (!answer.ok) {
        results.replaceChildren(...refused(answer, ctx.code));
        return answer;
      }
      const p = answer.data;
      results.replaceChildren(
        p.total === 0 ? h("p", { id: "queue-empty" }, t("queue.empty")) : table(t("queue." + kind), candidateHeaders(), candidateRows(ctx, p.candidates), "queue-table"),
        pager("queue-pager", p.total, p.offset, p.limit, show));
      announce(t("page.range", { from: p.total === 0 ? 0 : p.offset + 1, to: Math.min(p.total, p.offset + p.limit), total: p.total }));
      return answer;
    }
    const offices = (ctx.region.offices || []).map((o) => ({ value: o.code, text: pick(o.names) + " (" + o.code + ")" }));
    const f = form({ id: "queue-filter", submit: t("filter.apply"), fields: [
      { name: "office", label: t("filter.office"), options: [{ value: "", text: t("filter.all") }, ...offices], required: false },
      { name: "text", label: t("filter.text"), hint: t("filter.textHint"), required: false },
    ], onSubmit: (v) => {
      filter = { office: v.office, text: v.text };
      return show(0);
    } });
    const first = await show(0);
    if (!first.ok && (first.status === 401 || first.status === 403)) return refused(first, ctx.code);
    return [h("h1", {}, t("queue." + kind)), h("div", { class: "filters" }, f.element), results];
  });
}

export async function search(ctx) {
  return signedIn(ctx, "search", async () => {
    const results = h("div", { id: "search-results", "aria-live": "polite" });
    const f = form({ id: "search", submit: t("search.submit"), fields: [
      { name: "text", label: t("search.text"), hint: t("search.hint"), required: false },
    ], onSubmit: async (v) => {
      // the text may be an ID number: it goes in the body of a POST, never in the address
      const answer = await call("POST", api(ctx.code, "/office/candidate-searches"), { text: v.text, limit: 50 });
      if (!answer.ok) return answer;
      results.replaceChildren(answer.data.length === 0 ? h("p", { id: "search-empty" }, t("search.none"))
        : table(t("search.results", { count: answer.data.length }), candidateHeaders(), candidateRows(ctx, answer.data), "search-table"));
      announce(t("search.results", { count: answer.data.length }));
      return answer;
    } });
    return [h("h1", {}, t("search.title")), h("p", { class: "hint" }, t("search.masked")), f.element, results];
  });
}

export async function candidate(ctx) {
  return signedIn(ctx, "", async (staff) => {
    // opening the page is the request for the full record: the server audits the read
    const answer = await call("GET", api(ctx.code, "/office/candidates/" + encodeURIComponent(ctx.param)));
    if (!answer.ok) return refused(answer, ctx.code);
    const c = answer.data;
    const step = c.nextStep ? stepOf(ctx.region, c.nextStep) : null;
    const message = h("div", { id: "decision-result", "aria-live": "polite" });
    const reload = async (text) => {
      await ctx.go(ctx.path);
      const done = document.getElementById("decision-result");
      if (done) done.replaceChildren(h("p", { class: "ok" }, text));
      announce(text);
    };
    const nodes = [h("h1", {}, c.name), message, h("h2", {}, t("record.title")), facts([
      [t("col.idNumber"), h("span", { class: "ltr", id: "full-id" }, c.idNumber)],
      [t("col.status"), h("span", { id: "status" }, t("status." + c.status))],
      [t("col.nextStep"), step ? pick(step.names, c.nextStep) : (c.nextStep || "—")],
      [t("record.ticket"), c.ticketNumber ? h("span", { class: "ltr" }, c.ticketNumber) : "—"],
      [t("col.office"), officeName(ctx.region, c.office)],
      [t("record.unit"), c.assistanceUnit ? officeName(ctx.region, c.assistanceUnit) : null],
      [t("record.mobile"), h("span", { class: "ltr" }, c.mobile)],
      [t("record.email"), c.email],
      [t("record.language"), c.examLanguage ? languageName(ctx.region, c.examLanguage) : null],
      [t("col.registeredAt"), time(c.registeredAt)],
      [t("record.rejection"), c.rejectionReason],
      [t("record.confirmation"), c.confirmationMethod],
    ])];
    const office = ["COUNTY_OFFICE", "CITY_OFFICE", "PROVINCE_OFFICE"].includes(staff.role);
    if (step && step.kind === "OFFICE_APPROVAL" && office) {
      const approve = h("button", { type: "button", id: "approve", onclick: async () => {
        approve.disabled = true;
        const r = await call("POST", api(ctx.code, "/office/candidates/" + c.id + "/review"), { decision: "APPROVE" });
        approve.disabled = false;
        if (r.ok) await reload(t("review.approved"));
        else message.replaceChildren(h("p", { class: "alert", role: "alert" }, r.problem.detail));
      } }, t("review.approve"));
      const reject = form({ id: "reject", submit: t("review.reject"), fields: [{ name: "reason", label: t("review.reason"), hint: t("review.reasonHint") }],
        onSubmit: async (v) => {
          const r = await call("POST", api(ctx.code, "/office/candidates/" + c.id + "/review"), { decision: "REJECT", reason: v.reason });
          if (r.ok) await reload(t("review.rejected"));
          return r;
        } });
      nodes.push(h("section", { "aria-labelledby": "review-title", class: "card" }, h("h2", { id: "review-title" }, t("review.title")), approve, reject.element));
    }
    if (step && step.kind === "IDENTITY_CONFIRMATION" && (office || staff.role === "ASSISTANCE_UNIT")) {
      const capture = photoCapture("photo", ctx.region.photo);
      const confirmResult = h("p", { class: "alert", role: "alert", id: "confirm-alert" });
      const confirm = h("button", { type: "button", id: "confirm", onclick: async () => {
        if (!capture.photo()) {
          confirmResult.textContent = t("photo.missing");
          return;
        }
        const r = await call("POST", api(ctx.code, "/office/candidates/" + c.id + "/confirmation"),
          { method: staff.role === "ASSISTANCE_UNIT" ? "ASSISTANCE_UNIT" : "ON_SITE", photo: capture.photo() });
        if (r.ok) await reload(t("confirm.done"));
        else confirmResult.textContent = r.problem.detail;
      } }, t("confirm.submit"));
      nodes.push(h("section", { "aria-labelledby": "confirm-title", class: "card" }, h("h2", { id: "confirm-title" }, t("confirm.title")),
        h("p", { class: "hint" }, t("confirm.hint")), capture.element, confirmResult, confirm));
    }
    if (c.priorEducation && c.priorEducation.status === "PROOF_SUBMITTED" && office) {
      const proofAlert = h("p", { class: "alert", role: "alert" });
      const open = h("button", { type: "button", class: "secondary", id: "proof-open", onclick: async () => {
        const r = await download("GET", api(ctx.code, "/office/candidates/" + c.id + "/prior-education/proof"), "application/pdf, image/jpeg");
        if (!r.ok) {
          proofAlert.textContent = r.problem.detail;
          return;
        }
        save(r.blob, "proof-" + c.id + (r.blob.type === "image/jpeg" ? ".jpg" : ".pdf"));
      } }, t("proof.open"));
      const decide = (accept) => async (v) => {
        const r = await call("POST", api(ctx.code, "/office/candidates/" + c.id + "/prior-education/review"),
          { decision: accept ? "ACCEPT" : "REJECT", reason: v ? v.reason : undefined });
        if (r.ok) await reload(accept ? t("proof.accepted") : t("proof.rejected"));
        return r;
      };
      const accept = h("button", { type: "button", id: "proof-accept", onclick: async () => {
        const r = await decide(true)(null);
        if (!r.ok) proofAlert.textContent = r.problem.detail;
      } }, t("proof.accept"));
      const reject = form({ id: "proof-reject", submit: t("proof.reject"), fields: [{ name: "reason", label: t("review.reason") }], onSubmit: decide(false) });
      nodes.push(h("section", { "aria-labelledby": "proof-title", class: "card" }, h("h2", { id: "proof-title" }, t("proof.title")),
        facts([[t("proof.major"), c.priorEducation.major]]), h("div", { class: "actions" }, open, accept), proofAlert, reject.element));
    }
    const merges = (c.mergedTickets || []).filter((m) => !m.undoneAt);
    if (merges.length > 0 && office) {
      nodes.push(h("section", { "aria-labelledby": "merge-title", class: "card" }, h("h2", { id: "merge-title" }, t("merge.title")),
        table(t("merge.title"), [t("record.ticket"), t("merge.at"), t("merge.action")], merges.map((m) => [h("span", { class: "ltr" }, m.ticketNumber),
          time(m.mergedAt), h("button", { type: "button", class: "secondary", onclick: async () => {
            const r = await call("DELETE", api(ctx.code, "/office/candidates/" + c.id + "/merges/" + m.id));
            if (r.ok) await reload(t("merge.undone"));
            else message.replaceChildren(h("p", { class: "alert", role: "alert" }, r.problem.detail));
          } }, t("merge.undo"))]), "merge-table")));
    }
    const history = await call("GET", api(ctx.code, "/office/candidates/" + c.id + "/history"));
    nodes.push(h("h2", { id: "history-title" }, t("history.title")));
    nodes.push(history.ok ? auditTable(t("history.title"), history.data, "history-table")
      : h("p", { class: "alert", role: "alert" }, history.problem.detail));
    return nodes;
  });
}

function auditTable(caption, entries, id) {
  return table(caption, [t("audit.at"), t("audit.actor"), t("audit.action"), t("audit.candidate"), t("audit.outcome"), t("audit.detail")],
    entries.map((e) => [time(e.at), h("span", { class: "ltr" }, e.actor), h("span", { class: "ltr" }, e.action),
      e.subject ? h("span", { class: "ltr" }, e.subject) : "", e.outcome, e.detail || ""]), id);
}

/** Saves a fetched file: an object URL in a link with a download name, clicked, then let go. */
function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name, hidden: true, id: "download-link" });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 60000);
}

export async function statistics(ctx) {
  return signedIn(ctx, "statistics", async () => {
    const sittings = ((ctx.region.calendar || {}).sittings || []).map((s) => ({ value: s.code, text: pick(s.names, s.code) + " (" + s.code + ")" }));
    const open = ((ctx.region.calendar || {}).now || {}).enrollmentOpen;
    const chosen = open ? open.sitting : (sittings.length ? sittings[0].value : "");
    const results = h("div", { id: "statistics-results", "aria-live": "polite" });
    let sitting = chosen;
    async function show() {
      const q = "?sitting=" + encodeURIComponent(sitting);
      const [stats, daily] = await Promise.all([call("GET", api(ctx.code, "/office/enrollment-statistics" + q)),
        call("GET", api(ctx.code, "/office/daily-activity" + q))]);
      if (!stats.ok) {
        results.replaceChildren(...refused(stats, ctx.code));
        return stats;
      }
      const areaName = (code) => {
        const a = (ctx.region.examAreas || []).find((x) => x.code === code);
        return a ? pick(a.names) + " (" + code + ")" : (code || "—");
      };
      const courseName = (code) => {
        const c = ((ctx.region.catalogue || {}).courses || []).find((x) => x.code === code);
        return c ? pick(c.names) + " (" + code + ")" : code;
      };
      const csv = h("button", { type: "button", class: "secondary", id: "statistics-csv", onclick: async () => {
        const r = await download("GET", api(ctx.code, "/office/enrollment-statistics" + q), "text/csv");
        if (r.ok) save(r.blob, r.filename);
        else announce(r.problem.detail);
      } }, t("statistics.csv"));
      const nodes = [h("h2", {}, t("statistics.table")), csv,
        stats.data.rows.length === 0 ? h("p", { id: "statistics-empty" }, t("statistics.none"))
          : table(t("statistics.caption", { sitting }), [t("statistics.area"), t("statistics.course"), { text: t("statistics.candidates"), num: true },
            { text: t("statistics.lines"), num: true }, { text: t("statistics.paid"), num: true }, { text: t("statistics.amount", { currency: stats.data.currency }), num: true }],
          stats.data.rows.map((r) => [areaName(r.examArea), courseName(r.course), String(r.candidates), String(r.courseEnrollments), String(r.paid), r.amountPaid]),
          "statistics-table")];
      if (daily.ok) {
        const days = daily.data.days.map((d) => ({ date: d.date, a: d.registrations, b: d.enrollments }));
        const dayLabel = (iso) => {
          try {
            return new Intl.DateTimeFormat(current() === "ug" ? "ug-CN" : current(), { month: "numeric", day: "numeric", timeZone: "UTC" })
              .format(new Date(iso + "T00:00:00Z"));
          } catch (e) {
            return iso.slice(5);
          }
        };
        nodes.push(h("h2", { id: "chart-heading" }, t("statistics.chart")),
          h("figure", { class: "chart" }, dailyBars({ days, title: t("statistics.chartTitle", { sitting }), nameA: t("statistics.registrations"),
            nameB: t("statistics.enrollments"), rtl: document.documentElement.dir === "rtl", dayLabel }),
          h("figcaption", {}, h("ul", { class: "legend" }, h("li", {}, h("span", { class: "swatch reg", "aria-hidden": "true" }), t("statistics.registrations")),
            h("li", {}, h("span", { class: "swatch enr", "aria-hidden": "true" }), t("statistics.enrollments"))))),
          h("details", {}, h("summary", {}, t("statistics.chartData")),
            table(t("statistics.chartTitle", { sitting }), [t("statistics.day"), { text: t("statistics.registrations"), num: true },
              { text: t("statistics.enrollments"), num: true }], days.map((d) => [d.date, String(d.a), String(d.b)]), "daily-table")));
      }
      results.replaceChildren(...nodes);
      return stats;
    }
    const f = form({ id: "statistics-sitting", submit: t("statistics.show"), fields: [
      { name: "sitting", label: t("statistics.sitting"), options: sittings, value: chosen },
    ], onSubmit: (v) => {
      sitting = v.sitting;
      return show();
    } });
    const first = await show();
    if (!first.ok && (first.status === 401 || first.status === 403)) return refused(first, ctx.code);
    return [h("h1", {}, t("statistics.title")), f.element, results];
  });
}

export async function audit(ctx) {
  return signedIn(ctx, "audit", async () => {
    const results = h("div", { id: "audit-results", "aria-live": "polite" });
    let criteria = {};
    const instant = (v) => (v ? new Date(v).toISOString() : undefined);
    async function show(offset) {
      const answer = await call("POST", api(ctx.code, "/office/audit-searches"), Object.assign({ offset, limit: 50 }, criteria));
      if (!answer.ok) {
        results.replaceChildren(...refused(answer, ctx.code));
        return answer;
      }
      const p = answer.data;
      const csv = h("button", { type: "button", class: "secondary", id: "audit-csv", onclick: async () => {
        const r = await download("POST", api(ctx.code, "/office/audit-searches"), "text/csv", Object.assign({ offset: 0, limit: 10000 }, criteria));
        if (r.ok) save(r.blob, r.filename);
        else announce(r.problem.detail);
      } }, t("audit.csv"));
      results.replaceChildren(csv, auditTable(t("audit.results", { total: p.total }), p.entries, "audit-table"), pager("audit-pager", p.total, p.offset, p.limit, show));
      return answer;
    }
    const f = form({ id: "audit-filter", submit: t("filter.apply"), fields: [
      { name: "actor", label: t("audit.actor"), hint: t("audit.actorHint"), required: false, dir: "ltr" },
      { name: "candidate", label: t("audit.candidate"), hint: t("audit.candidateHint"), required: false, dir: "ltr" },
      { name: "action", label: t("audit.action"), hint: t("audit.actionHint"), required: false, dir: "ltr" },
      { name: "from", label: t("audit.from"), type: "datetime-local", required: false },
      { name: "to", label: t("audit.to"), type: "datetime-local", required: false },
    ], onSubmit: (v) => {
      criteria = { actor: v.actor, candidate: v.candidate, action: v.action, from: instant(v.from), to: instant(v.to) };
      return show(0);
    } });
    const first = await show(0);
    if (!first.ok && (first.status === 401 || first.status === 403)) return refused(first, ctx.code);
    return [h("h1", {}, t("audit.title")), h("div", { class: "filters" }, f.element), results];
  });
}

export async function staff(ctx) {
  return signedIn(ctx, "staff", async (self) => {
    const answer = await call("GET", api(ctx.code, "/office/staff"));
    if (!answer.ok) return refused(answer, ctx.code);
    const notice = h("div", { id: "staff-result", "aria-live": "polite" });
    const rows = answer.data.map((s) => [h("span", { class: "ltr" }, s.username), t("role." + s.role), officeName(ctx.region, s.office), time(s.createdAt),
      s.disabledAt ? t("staff.disabledAt", { at: time(s.disabledAt) }) : t("staff.active"),
      h("div", { class: "actions" },
        s.disabledAt ? null : h("button", { type: "button", class: "secondary", "data-user": s.username, "data-action": "disable", onclick: async () => {
          const r = await call("PUT", api(ctx.code, "/office/staff/" + encodeURIComponent(s.username) + "/disabled"));
          if (!r.ok) return notice.replaceChildren(h("p", { class: "alert", role: "alert" }, r.problem.detail));
          await ctx.go(ctx.path);
          announce(t("staff.disabled", { user: s.username }));
        } }, t("staff.disable")),
        h("button", { type: "button", class: "secondary", "data-user": s.username, "data-action": "reset", onclick: async () => {
          const r = await call("POST", api(ctx.code, "/office/staff/" + encodeURIComponent(s.username) + "/password-resets"));
          if (!r.ok) return notice.replaceChildren(h("p", { class: "alert", role: "alert" }, r.problem.detail));
          notice.replaceChildren(h("p", { class: "ok" }, t("staff.newPassword", { user: r.data.username }), " ",
            h("span", { class: "secret", id: "new-password" }, r.data.password)));
          announce(t("staff.newPassword", { user: r.data.username }));
        } }, t("staff.reset")))]);
    const nodes = [h("h1", {}, t("staff.title")), notice,
      table(t("staff.caption", { count: answer.data.length }), [t("staff.username"), t("staff.role"), t("col.office"), t("staff.createdAt"), t("col.status"), t("staff.actions")],
        rows, "staff-table")];
    // creating accounts (POST /regions/{code}/staff): administrators, the province office below it, a city office its counties'
    const roles = self.role === "PLATFORM_ADMIN" ? ["PROVINCE_OFFICE", "CITY_OFFICE", "COUNTY_OFFICE", "ASSISTANCE_UNIT"]
      : self.role === "PROVINCE_OFFICE" ? ["CITY_OFFICE", "COUNTY_OFFICE", "ASSISTANCE_UNIT"] : self.role === "CITY_OFFICE" ? ["COUNTY_OFFICE"] : [];
    if (roles.length > 0) {
      const offices = (ctx.region.offices || []).filter((o) => self.role !== "CITY_OFFICE" || o.parent === self.office);
      const units = self.role === "CITY_OFFICE" ? [] : (ctx.region.assistanceUnits || []);
      const places = [...offices.map((o) => ({ value: o.code, text: pick(o.names) + " (" + o.code + ")" })),
        ...units.map((u) => ({ value: u.code, text: pick(u.names) + " (" + u.code + ")" }))];
      const f = form({ id: "staff-create", submit: t("staff.create"), fields: [
        { name: "username", label: t("staff.username"), hint: t("staff.usernameHint"), dir: "ltr", autocomplete: "off" },
        { name: "password", label: t("login.password"), type: "password", autocomplete: "new-password" },
        { name: "role", label: t("staff.role"), options: roles.map((r) => ({ value: r, text: t("role." + r) })) },
        { name: "office", label: t("col.office"), options: places },
      ], onSubmit: async (v) => {
        const r = await call("POST", api(ctx.code, "/staff"), v);
        if (r.ok) {
          await ctx.go(ctx.path);
          const done = document.getElementById("staff-result");
          if (done) done.replaceChildren(h("p", { class: "ok" }, t("staff.createdDone", { user: r.data.username })));
          announce(t("staff.createdDone", { user: r.data.username }));
        }
        return r;
      } });
      nodes.push(h("h2", {}, t("staff.createTitle")), f.element);
    }
    return nodes;
  });
}

// ---- scores: the province office imports a marking centre's file and reads a course's sheet ----

function sittingOptions(region) {
  return ((region.calendar || {}).sittings || []).map((s) => ({ value: s.code, text: pick(s.names, s.code) + " (" + s.code + ")" }));
}

function scoreText(s) {
  return (s.grade ? t("grade." + s.grade) : s.score) + (s.passed ? "" : " · " + t("scores.failed")) + (s.corrected ? " · " + t("scores.corrected") : "");
}

export async function scores(ctx) {
  return signedIn(ctx, "scores", async () => {
    const sittings = sittingOptions(ctx.region);
    const result = h("div", { id: "scores-import-result", "aria-live": "polite" });
    const importForm = form({ id: "scores-import", submit: t("scores.import"), fields: [
      { name: "sitting", label: t("statistics.sitting"), options: sittings, value: sittings.length ? sittings[0].value : "" },
      { name: "file", label: t("scores.file"), type: "file", accept: ".csv,text/csv", hint: t("scores.fileHint") },
    ], onSubmit: async (v) => {
      const file = document.getElementById("scores-import-file").files[0];
      if (!file) return { ok: false, status: 400, problem: { code: "FIELD_REQUIRED", field: "file", detail: t("scores.fileMissing") } };
      const answer = await call("POST", api(ctx.code, "/office/scores/" + encodeURIComponent(v.sitting)), file, "text/csv");
      if (answer.ok) {
        result.replaceChildren(h("p", { class: "ok", id: "scores-imported" }, t("scores.imported", { count: answer.data.imported,
          courses: answer.data.courses.join(", "), replaced: answer.data.replaced })));
        announce(result.textContent);
      } else if (answer.problem.errors) {
        result.replaceChildren(table(t("scores.errors", { count: answer.problem.errors.length }), [{ text: t("scores.line"), num: true }, t("scores.field"),
          t("scores.code"), t("scores.detail")], answer.problem.errors.map((e) => [String(e.line), e.field || "", e.code, e.detail]), "scores-errors"));
      } else {
        result.replaceChildren();
      }
      return answer;
    } });
    const sheet = h("div", { id: "scores-sheet-result", "aria-live": "polite" });
    const sheetForm = form({ id: "scores-sheet", submit: t("scores.show"), fields: [
      { name: "sitting", label: t("statistics.sitting"), options: sittings, value: sittings.length ? sittings[0].value : "" },
      { name: "course", label: t("scores.course"), dir: "ltr", inputmode: "numeric" },
    ], onSubmit: async (v) => {
      const answer = await call("GET", api(ctx.code, "/office/scores/" + encodeURIComponent(v.sitting) + "?course=" + encodeURIComponent(v.course)));
      if (answer.ok) {
        sheet.replaceChildren(answer.data.scores.length === 0 ? h("p", {}, t("scores.none"))
          : table(t("scores.sheet", { sitting: v.sitting, course: v.course }), [t("scores.ticket"), t("scores.score")],
            answer.data.scores.map((r) => [h("span", { class: "ltr" }, r.ticketNumber), scoreText(r)]), "scores-sheet-table"));
      }
      return answer;
    } });
    return [h("h1", {}, t("scores.title")), h("h2", {}, t("scores.importTitle")), importForm.element, result,
      h("h2", {}, t("scores.sheetTitle")), sheetForm.element, sheet];
  });
}

// ---- re-checks: the offices record the outcome of the re-checks in their scope ----

export async function rechecks(ctx) {
  return signedIn(ctx, "rechecks", async () => {
    const answer = await call("GET", api(ctx.code, "/office/rechecks"));
    if (!answer.ok) return refused(answer, ctx.code);
    const notice = h("div", { id: "rechecks-result", "aria-live": "polite" });
    const nodes = [h("h1", {}, t("rechecks.title")), notice];
    if (answer.data.length === 0) {
      nodes.push(h("p", { id: "rechecks-none" }, t("rechecks.none")));
      return nodes;
    }
    nodes.push(table(t("rechecks.caption", { count: answer.data.length }), [t("statistics.sitting"), t("scores.course"), t("rechecks.before"),
      t("col.status"), t("rechecks.after"), t("rechecks.appliedAt")], answer.data.map((r) => [r.sitting, r.course, scoreText(r.before),
      t("rechecks.status." + r.status), r.after ? scoreText(r.after) : "", time(r.appliedAt)]), "rechecks-table"));
    for (const r of answer.data.filter((x) => x.status === "APPLIED")) {
      const f = form({ id: "recheck-" + r.id, submit: t("rechecks.record"), fields: [
        { name: "outcome", label: t("rechecks.outcome", { sitting: r.sitting, course: r.course }), options: [
          { value: "UNCHANGED", text: t("rechecks.status.UNCHANGED") }, { value: "CORRECTED", text: t("rechecks.status.CORRECTED") }], value: "UNCHANGED" },
        { name: "score", label: t("rechecks.newScore"), required: false, dir: "ltr" },
      ], onSubmit: async (v) => {
        const decided = await call("POST", api(ctx.code, "/office/rechecks/" + encodeURIComponent(r.id) + "/outcome"),
          v.outcome === "CORRECTED" ? { outcome: v.outcome, score: v.score } : { outcome: v.outcome });
        if (decided.ok) {
          await ctx.go(ctx.path);
          announce(t("rechecks.recorded"));
        }
        return decided;
      } });
      nodes.push(h("section", { class: "card" }, f.element));
    }
    return nodes;
  });
}
