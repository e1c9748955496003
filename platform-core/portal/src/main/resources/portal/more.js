// The candidate's notices, the prior-education proof upload and the region's calendar (loaded on demand).
import { t, pick, when, at } from "./i18n.js";
import { call } from "./api.js";
import { h, link, form, facts, announce } from "./dom.js";
import { needsLogin, back } from "./pages.js";

const api = (code, rest) => "/api/v1/regions/" + encodeURIComponent(code) + rest;

function title(text) {
  document.title = text + " — " + t("portal.name");
  return h("h1", {}, text);
}

// ---- notices: what happened to the candidate (also sent by e-mail or SMS) ----

export async function notifications({ code, region, go }) {
  const gate = needsLogin(code, go);
  if (gate) return gate;
  const nodes = [link("/" + code + "/me", t("nav.me"), { class: "back" }), title(t("notices.title"))];
  const answer = await call("GET", api(code, "/candidates/me/notifications"));
  if (!answer.ok) {
    nodes.push(h("p", { class: "alert", role: "alert" }, answer.problem.detail));
    return nodes;
  }
  if (!answer.data.length) {
    nodes.push(h("p", { id: "no-notices" }, t("notices.none")));
    return nodes;
  }
  nodes.push(h("ul", { class: "notices", id: "notices" }, answer.data.map((n) => h("li", { class: "card", "data-kind": n.kind },
    h("p", {}, h("strong", {}, t("notice." + n.kind))), n.detail ? h("p", { class: "detail" }, t("notice." + n.kind + ".detail", { detail: n.detail })) : null,
    h("p", { class: "hint" }, h("time", { datetime: n.at }, at(n.at, region.timeZone)))))));
  return nodes;
}

// ---- prior education (associate-to-bachelor): check the diploma, else upload proof ----

function base64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ""));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

export async function education({ code, region, go }) {
  const gate = needsLogin(code, go);
  if (gate) return gate;
  const me = await call("GET", api(code, "/candidates/me"));
  const nodes = [link("/" + code + "/me", t("nav.me"), { class: "back" }), title(t("education.title")), h("p", {}, t("education.intro"))];
  if (!me.ok) {
    nodes.push(h("p", { class: "alert", role: "alert" }, me.problem.detail));
    return nodes;
  }
  const pe = me.data.priorEducation;
  const status = h("p", { id: "education-status", class: pe && (pe.status === "VERIFIED" || pe.status === "ACCEPTED") ? "ok" : null },
    pe ? t("education.status." + pe.status) + (pe.reason ? " — " + pe.reason : "") : t("education.none"));
  nodes.push(status);
  const result = h("div", { id: "education-result", tabindex: "-1" });
  const majors = ((region.catalogue && region.catalogue.majors) || []).filter((m) => m.level === "ASSOCIATE_TO_BACHELOR");
  if (!pe || pe.status === "NOT_FOUND" || pe.status === "REJECTED") {
    if (!pe) {
      const check = form({ id: "education", fields: [
        { name: "major", label: t("education.major"), options: majors.map((m) => ({ value: m.code, text: pick(m.names) + " (" + m.code + ")" })) },
        { name: "diplomaNumber", label: t("education.diploma"), dir: "ltr", autocomplete: "off" }],
      submit: t("education.check"), onSubmit: async (v) => {
        const answer = await call("POST", api(code, "/candidates/me/prior-education"), v);
        // not found in the records: the page shows that status and the proof upload next
        if (answer.ok || answer.problem.code === "PRIOR_EDUCATION_NOT_VERIFIED") {
          await go("/" + code + "/prior-education");
          announce(document.getElementById("education-status").textContent);
          return { ok: true };
        }
        return answer;
      } });
      nodes.push(check.element);
    } else {
      const p = form({ id: "proof", fields: [{ name: "document", label: t("education.proof"), type: "file", accept: "application/pdf,image/jpeg",
        hint: t("education.proofHint") }], submit: t("education.upload"), onSubmit: async (v) => {
        if (v.document.size > 5 * 1024 * 1024) return { ok: false, problem: { field: "document", detail: t("education.tooLarge") } };
        const answer = await call("POST", api(code, "/candidates/me/prior-education/proof"), { document: await base64(v.document) });
        if (answer.ok) {
          p.element.hidden = true;
          result.replaceChildren(h("p", { class: "ok" }, t("education.uploaded")));
          status.textContent = t("education.status.PROOF_SUBMITTED");
          result.focus();
          announce(t("education.uploaded"));
        }
        return answer;
      } });
      nodes.push(p.element);
    }
  }
  nodes.push(result);
  return nodes;
}

// ---- the region's calendar: windows, timetable, deadlines on working days ----

export async function calendar({ code, region }) {
  const c = region.calendar || {};
  const nodes = [back(code), title(t("calendar.title"))];
  const wd = c.workingDays || {};
  const d = c.deadlines || {};
  // the public holidays and make-up working days of the coming year (the data may list many years)
  const from = c.now ? c.now.at.slice(0, 10) : "";
  const until = from ? String(Number(from.slice(0, 4)) + 1) + from.slice(4) : "";
  const coming = (days) => (days || []).filter((x) => x >= from && x < until).length;
  nodes.push(h("p", {}, t("calendar.workingDays", { weekend: (wd.weekend || []).map((x) => t("day." + x)).join(t("list.and")),
    holidays: coming(wd.holidays), makeUp: coming(wd.makeUpWorkingDays) })));
  if (c.now && c.now.locked) nodes.push(h("p", { class: "warn" }, t("calendar.locked", { until: when(c.now.lockedUntil) })));
  for (const lock of c.dailyLocks || []) {
    nodes.push(h("p", { class: "hint" }, t("calendar.dailyLock", { from: lock.from, to: lock.to, reason: pick(lock.reason, t("calendar.lockReason")) })));
  }
  const today = c.now ? c.now.at.slice(0, 10) : "";
  for (const s of c.sittings || []) {
    const last = (s.sessions || []).map((x) => x.date).sort().pop() || "";
    if (last && last < today && s !== (c.sittings || [])[c.sittings.length - 1]) continue; // past sittings are left out
    const id = "sitting-" + s.code;
    const open = c.now && c.now.enrollmentOpen && c.now.enrollmentOpen.sitting === s.code;
    nodes.push(h("section", { class: "card", id, "aria-labelledby": id + "-title" }, h("h2", { id: id + "-title" }, pick(s.names, s.code)),
      open ? h("p", { class: "ok" }, t("calendar.enrollmentOpen", { sitting: pick(s.names, s.code), closes: when(c.now.enrollmentOpen.closes) })) : null,
      facts([
        ...(s.enrollment || []).map((w) => [t("calendar.window"), when(w.opens) + " – " + when(w.closes)]),
        ...(s.sessions || []).map((x) => [x.date, x.starts + "–" + x.ends]),
        [t("calendar.scores"), s.scorePublication ? when(s.scorePublication) : null],
        [t("calendar.recheck", { days: d.recheckWorkingDays }), s.recheckCloses],
        [t("calendar.certificate", { days: d.passCertificateWorkingDays }), s.passCertificateCloses],
        [t("calendar.collection", { days: d.passCertificateCollectionWorkingDays }), s.passCertificateCollection]]),
      s.timetableSample ? h("p", { class: "hint" }, t("calendar.sample")) : null));
  }
  return nodes;
}
