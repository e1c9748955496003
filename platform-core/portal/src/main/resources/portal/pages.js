// The candidate pages. Each takes the context {code, region (GET /regions/{code}), go(path)} and returns
// the nodes of <main>; what a region asks for (fields, login names, recovery channels, languages) is read
// from its data, never from the region's name.
import { t, pick, when, current } from "./i18n.js";
import { call, signedIn, startSession, endSession } from "./api.js";
import { h, link, form, facts, announce } from "./dom.js";

const api = (code, rest) => "/api/v1/regions/" + encodeURIComponent(code) + rest;

function title(text) {
  document.title = text + " — " + t("portal.name");
  return h("h1", {}, text);
}

function back(code) {
  return link("/" + code + "/", t("nav.regionHome"), { class: "back" });
}

// ---- landing ----

export async function landing({ go }) {
  const answer = await call("GET", "/api/v1/regions");
  const nodes = [title(t("landing.title")), h("p", {}, t("landing.intro"))];
  if (!answer.ok) {
    nodes.push(h("p", { class: "alert", role: "alert" }, answer.problem.detail));
    return nodes;
  }
  nodes.push(h("h2", { id: "regions-title" }, t("landing.choose")));
  nodes.push(h("ul", { class: "links", "aria-labelledby": "regions-title" },
    answer.data.map((r) => h("li", {}, link("/" + r.code + "/", pick(r.names), { "data-region": r.code })))));
  return nodes;
}

// ---- region home: calendar now, and every page of the region ----

export async function home({ code, region }) {
  const now = region.calendar && region.calendar.now;
  const nodes = [title(pick(region.names))];
  const status = h("section", { class: "card", "aria-labelledby": "calendar-title", id: "calendar" }, h("h2", { id: "calendar-title" }, t("calendar.title")));
  const sittings = (region.calendar && region.calendar.sittings) || [];
  const sittingName = (c) => { const s = sittings.find((x) => x.code === c); return s ? pick(s.names) : c; };
  const today = now ? now.at.slice(0, 10) : "";
  const currentSitting = sittings.find((s) => (s.sessions || []).some((x) => x.date >= today)) || sittings[sittings.length - 1];
  if (currentSitting) status.append(h("p", {}, t("calendar.sitting", { sitting: pick(currentSitting.names) })));
  if (now && now.enrollmentOpen) {
    status.append(h("p", { class: "ok" }, t("calendar.enrollmentOpen", { sitting: sittingName(now.enrollmentOpen.sitting), closes: when(now.enrollmentOpen.closes) })));
  } else {
    status.append(h("p", {}, t("calendar.enrollmentClosed")));
    if (now && now.nextEnrollment) status.append(h("p", {}, t("calendar.nextEnrollment", { sitting: sittingName(now.nextEnrollment.sitting), opens: when(now.nextEnrollment.opens) })));
  }
  if (now && now.locked) {
    const lock = ((region.calendar && region.calendar.dailyLocks) || [])[0];
    status.append(h("p", { class: "warn", id: "locked" }, t("calendar.locked", { until: when(now.lockedUntil) }) + " "
      + (lock && lock.reason ? pick(lock.reason, t("calendar.lockReason")) : "")));
  }
  if (region.messages && region.messages["calendar.sample"]) status.append(h("p", { class: "hint" }, t("calendar.sample")));
  nodes.push(status);
  const flow = region.registration || {};
  const pages = [];
  if (signedIn(code)) pages.push(["/" + code + "/me", t("nav.me")]);
  else pages.push(["/" + code + "/login", t("nav.login")]);
  pages.push(["/" + code + "/register", t("nav.register")]);
  if ((flow.returningCandidates || []).length) pages.push(["/" + code + "/returning", t("nav.returning")]);
  pages.push(["/" + code + "/ticket-number", t("nav.lookup")]);
  pages.push(["/" + code + "/scores", t("nav.scores")]);
  pages.push(["/" + code + "/recover", t("nav.recover")]);
  nodes.push(h("nav", { "aria-label": t("nav.regionPages") }, h("ul", { class: "links" }, pages.map(([href, text]) => h("li", {}, link(href, text))))));
  nodes.push(h("p", {}, link("/", t("nav.otherRegion"))));
  return nodes;
}

// ---- fields of a region ----

const IDENTIFIER_FIELD = { ID_NUMBER: "idNumber", TICKET_NUMBER: "ticketNumber", EMAIL: "email", MOBILE: "mobile" };

function fieldSpec(name, region, required) {
  const r = required !== false;
  switch (name) {
    case "name": return { name, label: t("field.name"), autocomplete: "name", required: r };
    case "idType": return { name, label: t("field.idType"), required: r, value: "RESIDENT_ID",
      options: (region.identityDocuments || ["RESIDENT_ID"]).map((d) => ({ value: d, text: t("idType." + d) })) };
    case "idNumber": return { name, label: t("field.idNumber"), hint: t("hint.idNumber"), dir: "ltr", required: r };
    case "mobile": return { name, label: t("field.mobile"), type: "tel", autocomplete: "tel", inputmode: "numeric", dir: "ltr", required: r };
    case "email": return { name, label: t("field.email"), type: "email", autocomplete: "email", dir: "ltr", required: r };
    case "password": return { name, label: t("field.password"), type: "password", autocomplete: "new-password", hint: t("hint.password"), required: r };
    case "office": return { name, label: t("field.office"), required: r, value: region.defaultRegistrationOffice,
      options: (region.offices || []).filter((o) => o.level !== "PROVINCE").map((o) => ({ value: o.code, text: pick(o.names) })) };
    case "examLanguage": return { name, label: t("field.examLanguage"), required: r,
      value: (region.examLanguages || []).some((l) => l.code === current().split("-")[0]) ? current().split("-")[0] : undefined,
      options: (region.examLanguages || []).map((l) => ({ value: l.code, text: pick(l.names) })) };
    case "ticketNumber": return { name, label: t("field.ticketNumber"), inputmode: "numeric", dir: "ltr", required: r };
    case "securityQuestion": return { name, label: t("field.securityQuestion"), required: r };
    case "securityAnswer": return { name, label: t("field.securityAnswer"), required: r, autocomplete: "off" };
    default: return { name, label: t("field." + name), required: r };
  }
}

/** The fields the candidate's first step asks for, and those that later steps of this region need (recovery channels). */
function registrationFields(region, steps, extra) {
  const first = (steps || []).find((s) => s.actor === "CANDIDATE") || { requiredFields: [] };
  const known = ["name", "idType", "idNumber", "mobile", "email", "password", "office", "examLanguage", "ticketNumber"];
  const names = first.requiredFields.filter((f) => known.includes(f));
  const specs = names.map((n) => fieldSpec(n, region, true));
  const has = (n) => names.includes(n);
  for (const n of extra || []) if (!has(n)) specs.push(fieldSpec(n, region, n === "password" || n === "name" || n === "idType"));
  const channels = (region.passwordRecovery && region.passwordRecovery.channels) || [];
  if (!has("email") && channels.includes("EMAIL_LINK")) specs.push(fieldSpec("email", region, region.emailRequired === true));
  if ((region.examLanguages || []).length > 1 && !has("examLanguage")) specs.push(fieldSpec("examLanguage", region, true));
  if (channels.includes("SECURITY_QUESTION")) {
    specs.push(fieldSpec("securityQuestion", region, false), fieldSpec("securityAnswer", region, false));
  }
  return specs;
}

// ---- registration ----

export async function register({ code, region, go }) {
  const flow = region.registration || {};
  const steps = (flow.newCandidates || []);
  const nodes = [back(code), title(t("register.title"))];
  const first = steps[0];
  if (first) nodes.push(h("p", {}, t("register.step", { step: pick(first.names, t("stepKind." + first.kind)) })));
  if (region.calendar && region.calendar.now && region.calendar.now.locked) {
    nodes.push(h("p", { class: "warn" }, t("calendar.locked", { until: when(region.calendar.now.lockedUntil) })));
  }
  const result = h("div", { id: "register-result", tabindex: "-1" });
  const f = form({ id: "register", fields: registrationFields(region, steps, ["name", "idType", "idNumber", "mobile", "password"]),
    submit: t("register.submit"), onSubmit: async (v) => {
      const answer = await call("POST", api(code, "/candidates"), v);
      if (answer.ok) {
        const c = answer.data;
        f.element.hidden = true;
        result.replaceChildren(h("div", { class: "ok" }, h("h2", {}, t("register.done")),
          facts([[t("field.status"), t("status." + c.status)], [t("field.ticketNumber"), c.ticketNumber]]),
          c.status === "PENDING_REVIEW" ? h("p", { id: "pending-review" }, t("registration.pendingReview")) : null),
          h("p", {}, link("/" + code + "/login", t("nav.login"))));
        result.focus();
        announce(t("register.done"));
      }
      return answer;
    } });
  nodes.push(f.element, result);
  return nodes;
}

// ---- returning candidates: take up the records on file, choose the ticket number to keep ----

export async function returning({ code, region }) {
  const steps = (region.registration && region.registration.returningCandidates) || [];
  const nodes = [back(code), title(t("returning.title")), h("p", {}, t("returning.intro"))];
  const chooses = steps.some((s) => s.kind === "CHOOSE_TICKET_NUMBER");
  const fields = registrationFields(region, steps, ["name", "idType", "idNumber", "mobile", "password"])
    .filter((s) => s.name !== "ticketNumber" && s.name !== "office");
  fields.push(Object.assign(fieldSpec("ticketNumber", region, false), { hint: chooses ? t("returning.ticketHint") : null }));
  const result = h("div", { id: "returning-result", tabindex: "-1" });
  // A server that lists the numbers on file (masked, with their office) is answered by choosing one of them
  const choices = h("div", { id: "returning-choices" });
  const f = form({ id: "returning", fields, submit: t("returning.submit"), onSubmit: async (v) => {
    const picked = choices.querySelector("input[name=ticketChoice]:checked");
    if (picked && !v.ticketNumber) v.ticketChoice = Number(picked.value);
    const answer = await call("POST", api(code, "/returning-candidates"), v);
    if (answer.ok) {
      f.element.hidden = true;
      result.replaceChildren(h("div", { class: "ok" }, h("h2", {}, t("returning.done")),
        facts([[t("field.ticketNumber"), answer.data.ticketNumber], [t("field.status"), t("status." + answer.data.status)]])),
        h("p", {}, link("/" + code + "/login", t("nav.login"))));
      result.focus();
      announce(t("returning.done"));
    } else if (answer.problem.code === "TICKET_CHOICE_REQUIRED" && Array.isArray(answer.problem.choices) && answer.problem.choices.length) {
      const office = (c) => { const o = (region.offices || []).find((x) => x.code === c); return o ? pick(o.names) : c; };
      choices.replaceChildren(h("fieldset", {}, h("legend", {}, t("returning.choose")), ...answer.problem.choices.map((c, i) =>
        h("div", { class: "choice" }, h("input", { type: "radio", name: "ticketChoice", id: "returning-choice-" + c.choice, value: String(c.choice),
          checked: i === 0 }), h("label", { for: "returning-choice-" + c.choice }, h("span", { class: "ltr" }, c.ticketNumber), " — ", office(c.office))))));
      answer.problem.field = undefined;
      choices.querySelector("input").focus();
    } else if (answer.problem.code === "TICKET_CHOICE_REQUIRED") {
      answer.problem.field = "ticketNumber";
    }
    return answer;
  } });
  f.element.insertBefore(choices, f.element.querySelector("[role=alert]"));
  nodes.push(f.element, result);
  return nodes;
}

// ---- login, logout ----

export async function login({ code, region, go }) {
  const ids = (region.registration && region.registration.loginIdentifiers) || [];
  const names = ids.map((i) => t("identifier." + i)).join(t("list.or"));
  const nodes = [back(code), title(t("login.title"))];
  const f = form({ id: "login", fields: [
    { name: "login", label: t("login.name", { names }), autocomplete: "username", dir: "ltr" },
    { name: "password", label: t("field.password"), type: "password", autocomplete: "current-password" }],
  submit: t("login.submit"), onSubmit: async (v) => {
    const answer = await call("POST", api(code, "/sessions"), v);
    if (answer.ok) {
      startSession(code, answer.data);
      go("/" + code + "/me");
    }
    return answer;
  } });
  nodes.push(f.element, h("p", {}, link("/" + code + "/recover", t("nav.recover"))), h("p", {}, link("/" + code + "/ticket-number", t("nav.lookup"))));
  return nodes;
}

function needsLogin(code, go) {
  if (signedIn(code)) return null;
  return [back(code), title(t("login.needed")), h("p", {}, link("/" + code + "/login", t("nav.login")))];
}

// ---- the candidate's own page: data, status, next step ----

export async function me({ code, region, go }) {
  const gate = needsLogin(code, go);
  if (gate) return gate;
  const answer = await call("GET", api(code, "/candidates/me"));
  if (!answer.ok) return [back(code), title(t("me.title")), h("p", { class: "alert", role: "alert" }, answer.problem.detail)];
  const c = answer.data;
  const flow = region.registration || {};
  const allSteps = [...(flow.newCandidates || []), ...(flow.returningCandidates || [])];
  const step = allSteps.find((s) => s.code === c.nextStep);
  const nodes = [back(code), title(t("me.title"))];
  const next = h("section", { class: "card", id: "next-step", "aria-labelledby": "next-title" }, h("h2", { id: "next-title" }, t("me.next")));
  if (c.status === "REJECTED") {
    next.append(h("p", { class: "alert" }, t("me.rejected", { reason: c.rejectionReason || "" })));
  } else if (!step) {
    next.append(h("p", { class: "ok" }, t("me.complete")));
  } else {
    next.append(h("p", { id: "next-step-name" }, h("strong", {}, pick(step.names, t("stepKind." + step.kind)))));
    if (step.kind === "OFFICE_APPROVAL") next.append(h("p", {}, t("registration.pendingReview")));
    else if (step.actor === "OFFICE") {
      next.append(h("p", {}, t("me.byOffice")));
      for (const m of region.identityConfirmation || []) if (m.kind === "ON_SITE" && step.kind === "IDENTITY_CONFIRMATION") next.append(h("p", {}, pick(m.appliesWhen)));
    } else if (step.kind === "IDENTITY_CONFIRMATION") next.append(h("p", {}, link("/" + code + "/identity", t("nav.identity"))));
    else if (step.kind === "MOBILE_BINDING") next.append(h("p", {}, link("/" + code + "/mobile", t("nav.mobile"))));
  }
  nodes.push(next);
  const office = (region.offices || []).find((o) => o.code === c.office);
  nodes.push(h("section", { class: "card", "aria-labelledby": "data-title" }, h("h2", { id: "data-title" }, t("me.data")), facts([
    [t("field.name"), c.name], [t("field.idNumber"), h("span", { class: "ltr" }, c.idNumber)], [t("field.status"), t("status." + c.status)],
    [t("field.ticketNumber"), c.ticketNumber ? h("span", { class: "ltr", id: "my-ticket" }, c.ticketNumber) : t("me.noTicket")],
    [t("field.mobile"), c.mobile ? h("span", { class: "ltr" }, c.mobile + (c.mobileVerified ? " ✓" : "")) : null],
    [t("field.email"), c.email ? h("span", { class: "ltr" }, c.email) : null],
    [t("field.office"), office ? pick(office.names) : c.office],
    [t("field.examLanguage"), c.examLanguage ? pick(((region.examLanguages || []).find((l) => l.code === c.examLanguage) || {}).names, c.examLanguage) : null],
    [t("me.merged"), (c.mergedTickets || []).filter((m) => !m.undoneAt).map((m) => m.ticketNumber).join(", ") || null]])));
  nodes.push(h("ul", { class: "links" },
    h("li", {}, link("/" + code + "/scores", t("nav.scores"))),
    h("li", {}, link("/" + code + "/password", t("nav.password"))),
    h("li", {}, link("/" + code + "/mobile", t("nav.mobile")))));
  nodes.push(h("button", { type: "button", class: "secondary", id: "logout", onclick: async () => {
    await call("DELETE", api(code, "/sessions/current"));
    endSession();
    go("/" + code + "/");
    announce(t("logout.done"));
  } }, t("nav.logout")));
  return nodes;
}

// ---- password change ----

export async function password({ code, go }) {
  const gate = needsLogin(code, go);
  if (gate) return gate;
  const done = h("div", { id: "password-result", tabindex: "-1" });
  const f = form({ id: "password", fields: [
    { name: "oldPassword", label: t("field.oldPassword"), type: "password", autocomplete: "current-password" },
    { name: "newPassword", label: t("field.newPassword"), type: "password", autocomplete: "new-password", hint: t("hint.password") },
    { name: "confirm", label: t("field.confirm"), type: "password", autocomplete: "new-password" }],
  submit: t("password.submit"), onSubmit: async (v) => {
    const answer = await call("PUT", api(code, "/candidates/me/password"), v);
    if (answer.ok) {
      f.element.hidden = true;
      done.replaceChildren(h("p", { class: "ok" }, t("password.done")), link("/" + code + "/me", t("nav.me")));
      done.focus();
      announce(t("password.done"));
    }
    return answer;
  } });
  return [link("/" + code + "/me", t("nav.me"), { class: "back" }), title(t("password.title")), f.element, done];
}

// ---- ticket-number lookup ----

export async function lookup({ code, region }) {
  const result = h("div", { id: "lookup-result", tabindex: "-1" });
  const f = form({ id: "lookup", fields: [fieldSpec("name", region), fieldSpec("idNumber", region)], submit: t("lookup.submit"),
    onSubmit: async (v) => {
      const answer = await call("POST", api(code, "/ticket-number-lookups"), v);
      if (answer.ok) {
        result.replaceChildren(h("p", { class: "ok" }, t("lookup.found"), " ", h("strong", { class: "ltr", id: "found-ticket" }, answer.data.ticketNumber)));
        result.focus();
        announce(t("lookup.found") + " " + answer.data.ticketNumber);
      }
      return answer;
    } });
  return [back(code), title(t("lookup.title")), h("p", {}, t("lookup.intro")), f.element, result];
}

// ---- scores: the public lookup, and the logged-in candidate's scores with re-check ----

function courseName(region, course) {
  const c = ((region.catalogue && region.catalogue.courses) || []).find((x) => x.code === course);
  return c ? course + " " + pick(c.names) : course;
}

function scoreText(s) {
  return (s.grade ? t("grade." + s.grade) : s.score) + " · " + (s.passed ? t("scores.passed") : t("scores.failed"))
    + (s.corrected ? " · " + t("scores.corrected") : "");
}

function sittingName(region, sitting) {
  const s = ((region.calendar && region.calendar.sittings) || []).find((x) => x.code === sitting);
  return s ? pick(s.names) : sitting;
}

export async function scores({ code, region }) {
  const nodes = [back(code), title(t("scores.title"))];
  if (signedIn(code)) {
    const mine = h("section", { class: "card", "aria-labelledby": "my-scores-title", id: "my-scores" }, h("h2", { id: "my-scores-title" }, t("scores.mine")));
    const answer = await call("GET", api(code, "/candidates/me/scores"));
    if (!answer.ok) mine.append(h("p", { class: "alert", role: "alert" }, answer.problem.detail));
    else if (!answer.data.courses.length) mine.append(h("p", {}, t("scores.none")));
    for (const c of (answer.ok ? answer.data.courses : [])) {
      const best = c.best;
      const status = h("p", { class: "hint", id: "recheck-" + best.sitting + "-" + c.course, "aria-live": "polite" });
      const recheck = h("button", { type: "button", class: "secondary", onclick: async () => {
        const applied = await call("POST", api(code, "/candidates/me/rechecks"), { sitting: best.sitting, course: c.course });
        status.textContent = applied.ok ? t("scores.recheckApplied") : applied.problem.detail;
        announce(status.textContent);
      } }, t("scores.recheck"));
      mine.append(h("h3", {}, courseName(region, c.course)), facts([
        [t("scores.best"), scoreText(best)],
        [t("scores.sitting"), sittingName(region, best.sitting)],
        [t("scores.validUntil"), c.passedOn ? (c.validUntil || pick(c.validity, t("scores.never"))) : null],
        [t("scores.attempts"), c.attempts.length > 1 ? c.attempts.map((a) => sittingName(region, a.sitting) + ": " + scoreText(a)).join("; ") : null]]),
        recheck, status);
    }
    for (const m of (answer.ok ? answer.data.majors : [])) {
      mine.append(h("h3", {}, t("scores.missing", { major: m.major + " " + pick(m.names) })),
        m.missing.length ? h("p", {}, m.missing.map((x) => courseName(region, x)).join(", ")) : h("p", { class: "ok" }, t("scores.complete")));
    }
    nodes.push(mine);
  }
  const result = h("div", { id: "scores-result", tabindex: "-1" });
  const f = form({ id: "scores-lookup", fields: [fieldSpec("ticketNumber", region), fieldSpec("idNumber", region)], submit: t("scores.submit"),
    onSubmit: async (v) => {
      const answer = await call("POST", api(code, "/score-lookups"), v);
      if (answer.ok) {
        result.replaceChildren(h("h2", {}, sittingName(region, answer.data.sitting)),
          facts(answer.data.scores.map((s) => [courseName(region, s.course), scoreText(s)])));
        result.focus();
        announce(t("scores.found"));
      }
      return answer;
    } });
  nodes.push(h("section", { class: "card", "aria-labelledby": "scores-lookup-title" }, h("h2", { id: "scores-lookup-title" }, t("scores.lookup")),
    h("p", {}, t("scores.intro")), f.element, result));
  return nodes;
}

// ---- password recovery by each of the region's channels ----

export async function recover({ code, region }) {
  const rules = region.passwordRecovery || { identifyBy: [], channels: [] };
  const nodes = [back(code), title(t("recover.title"))];
  const online = rules.channels.filter((c) => c !== "IN_PERSON");
  if (rules.channels.includes("IN_PERSON")) nodes.push(h("p", { class: "hint" }, t("recover.inPerson")));
  if (!online.length) return nodes;
  const area = h("div", { id: "recover-step", tabindex: "-1" });
  const identify = rules.identifyBy.map((i) => fieldSpec(IDENTIFIER_FIELD[i], region));
  const fields = [{ name: "channel", label: t("recover.channel"), options: online.map((c) => ({ value: c, text: t("channel." + c) })) }, ...identify];
  if (online.includes("SMS_CODE") && !rules.identifyBy.includes("MOBILE")) fields.push(Object.assign(fieldSpec("mobile", region, false), { hint: t("recover.mobileHint") }));
  const f = form({ id: "recover", fields, submit: t("recover.submit"), onSubmit: async (v) => {
    const answer = await call("POST", api(code, "/password-recoveries"), v);
    if (answer.ok) {
      f.element.hidden = true;
      const r = answer.data;
      if (r.channel === "EMAIL_LINK") {
        area.replaceChildren(h("p", { class: "ok" }, t("recover.emailSent")));
      } else {
        area.replaceChildren(
          r.channel === "SECURITY_QUESTION" ? h("p", {}, t("recover.question"), " ", h("strong", {}, r.securityQuestion)) : h("p", {}, t("recover.smsSent")),
          completion(code, r.id, r.channel === "SECURITY_QUESTION" ? t("field.securityAnswer") : t("field.smsCode")).element);
      }
      area.focus();
      announce(area.textContent);
    }
    return answer;
  } });
  nodes.push(f.element, area);
  return nodes;
}

function completion(code, id, secretLabel, secret) {
  const done = h("div", { id: "reset-result", tabindex: "-1" });
  const fields = [];
  if (secret === undefined) fields.push({ name: "secret", label: secretLabel, autocomplete: "one-time-code" });
  fields.push({ name: "newPassword", label: t("field.newPassword"), type: "password", autocomplete: "new-password", hint: t("hint.password") },
    { name: "confirm", label: t("field.confirm"), type: "password", autocomplete: "new-password" });
  const f = form({ id: "reset", fields, submit: t("password.submit"), onSubmit: async (v) => {
    if (secret !== undefined) v.secret = secret;
    const answer = await call("POST", api(code, "/password-recoveries/" + encodeURIComponent(id) + "/completion"), v);
    if (answer.ok) {
      f.element.hidden = true;
      done.replaceChildren(h("p", { class: "ok", id: "reset-done" }, t("reset.done")), link("/" + code + "/login", t("nav.login")));
      done.focus();
      announce(t("reset.done"));
    }
    return answer;
  } });
  const wrap = h("div", {}, f.element, done);
  return { element: wrap };
}

/** The page an e-mailed reset link opens; the link's secret came in the address and was taken out of it at once. */
export async function reset({ code, params }) {
  const nodes = [back(code), title(t("reset.title"))];
  if (!params || !params.recovery || !params.token) {
    nodes.push(h("p", { class: "alert", role: "alert" }, t("reset.noLink")), link("/" + code + "/recover", t("nav.recover")));
    return nodes;
  }
  nodes.push(completion(code, params.recovery, null, params.token).element);
  return nodes;
}

// ---- mobile binding ----

export async function mobile({ code, region, go }) {
  const gate = needsLogin(code, go);
  if (gate) return gate;
  const area = h("div", { id: "mobile-step", tabindex: "-1" });
  const f = form({ id: "mobile", fields: [fieldSpec("mobile", region)], submit: t("mobile.send"), onSubmit: async (v) => {
    const answer = await call("POST", api(code, "/candidates/me/mobile-bindings"), v);
    if (answer.ok) {
      const id = answer.data && answer.data.id;
      f.element.hidden = true;
      const c = form({ id: "mobile-code", fields: [{ name: "code", label: t("field.smsCode"), autocomplete: "one-time-code", inputmode: "numeric", dir: "ltr" }],
        submit: t("mobile.confirm"), onSubmit: async (w) => {
          const done = await call("POST", api(code, "/candidates/me/mobile-bindings/" + encodeURIComponent(id)), w);
          if (done.ok) {
            c.element.hidden = true;
            area.append(h("p", { class: "ok" }, t("mobile.done")), link("/" + code + "/me", t("nav.me")));
            announce(t("mobile.done"));
          }
          return done;
        } });
      area.replaceChildren(h("p", {}, t("recover.smsSent")), c.element);
      area.focus();
    }
    return answer;
  } });
  return [link("/" + code + "/me", t("nav.me"), { class: "back" }), title(t("mobile.title")), f.element, area];
}

// ---- online identity confirmation: the photo rules first, then the three images ----

function base64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ""));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

export async function identity({ code, region, go }) {
  const gate = needsLogin(code, go);
  if (gate) return gate;
  const nodes = [link("/" + code + "/me", t("nav.me"), { class: "back" }), title(t("identity.title"))];
  const methods = region.identityConfirmation || [];
  for (const m of methods) nodes.push(h("section", { class: "card" }, h("h2", {}, pick(m.names)), h("p", {}, pick(m.appliesWhen))));
  if (!methods.some((m) => m.kind === "ONLINE")) return nodes;
  const p = region.photo || {};
  nodes.push(h("section", { class: "card", id: "photo-policy", "aria-labelledby": "photo-title" }, h("h2", { id: "photo-title" }, t("identity.photoRules")),
    h("p", {}, pick(p.description)),
    facts([[t("identity.formats"), (p.formats || []).join(", ").toUpperCase()], [t("identity.maxBytes"), p.maxBytes ? Math.round(p.maxBytes / 1024) + " KB" : null],
      [t("identity.pixels"), p.minWidth ? p.minWidth + "×" + p.minHeight + " – " + p.maxWidth + "×" + p.maxHeight : null]])));
  const result = h("div", { id: "identity-result", tabindex: "-1" });
  const file = (name) => ({ name, label: t("field." + name), type: "file", accept: "image/jpeg" });
  const f = form({ id: "identity", fields: [file("idCardImage"), file("faceImage"), file("idPhoto")], submit: t("identity.submit"),
    onSubmit: async (v) => {
      if (p.maxBytes && v.idPhoto.size > p.maxBytes) return { ok: false, problem: { field: "idPhoto", detail: t("identity.tooLarge", { max: Math.round(p.maxBytes / 1024) + " KB" }) } };
      const body = { idCardImage: await base64(v.idCardImage), faceImage: await base64(v.faceImage), idPhoto: await base64(v.idPhoto) };
      const answer = await call("POST", api(code, "/candidates/me/identity-confirmations"), body);
      if (answer.ok) {
        f.element.hidden = true;
        result.replaceChildren(h("p", { class: "ok" }, t("identity.done")), facts([[t("field.ticketNumber"), answer.data.ticketNumber]]), link("/" + code + "/me", t("nav.me")));
        result.focus();
        announce(t("identity.done"));
      }
      return answer;
    } });
  nodes.push(f.element, result);
  return nodes;
}

export async function notFound() {
  return [title(t("notFound.title")), h("p", {}, link("/", t("nav.home")))];
}
