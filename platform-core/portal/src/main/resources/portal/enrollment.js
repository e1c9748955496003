// Enrollment (报考) step by step, as the API's strict sequence has it: sitting -> majors -> courses -> exam
// area -> payment method -> pay (the gateway's pay page, in a tab of its own) -> paid -> the confirmation.
// Every choice is checked by the server; its problem is shown where the choice is made. Loaded only when a
// candidate opens an enrollment page (dynamic import: the landing page does not carry it).
import { t, pick, when, at } from "./i18n.js";
import { call, download } from "./api.js";
import { h, link, form, facts, announce } from "./dom.js";
import { needsLogin } from "./pages.js";

const api = (code, rest) => "/api/v1/regions/" + encodeURIComponent(code) + rest;
const STEPS = ["MAJORS", "COURSES", "EXAM_AREA", "PAYMENT_METHOD", "PAY"];

function title(text) {
  document.title = text + " — " + t("portal.name");
  return h("h1", {}, text);
}

function meLink(code) {
  return link("/" + code + "/me", t("nav.me"), { class: "back" });
}

function sittingOf(region, code) {
  return ((region.calendar && region.calendar.sittings) || []).find((s) => s.code === code);
}

function courseName(region, code) {
  const c = ((region.catalogue && region.catalogue.courses) || []).find((x) => x.code === code);
  return (c ? pick(c.names) : code) + " (" + code + ")";
}

function majorOf(region, code) {
  return ((region.catalogue && region.catalogue.majors) || []).find((m) => m.code === code);
}

function alertBox(id) {
  return h("div", { class: "alert", role: "alert", id });
}

function showProblem(box, answer) {
  const text = (answer.problem && (answer.problem.detail || answer.problem.title)) || t("error.status", { status: answer.status });
  box.textContent = text;
  announce(text);
}

// ---- the candidate's enrollments, and a new one where a window is open ----

export async function enroll({ code, region, go }) {
  const gate = needsLogin(code, go);
  if (gate) return gate;
  const nodes = [meLink(code), title(t("enroll.title"))];
  const mine = await call("GET", api(code, "/candidates/me/enrollments"));
  if (mine.ok && mine.data.length) {
    nodes.push(h("h2", { id: "enrollments-title" }, t("enroll.mine")));
    nodes.push(h("ul", { class: "links", "aria-labelledby": "enrollments-title", id: "my-enrollments" }, mine.data.map((e) => {
      const s = sittingOf(region, e.sitting);
      return h("li", {}, link("/" + code + "/enrollments/" + e.id, (s ? pick(s.names) : e.sitting) + " — " + t("enrollmentStatus." + e.status)));
    })));
  }
  const now = region.calendar && region.calendar.now;
  const open = now && now.enrollmentOpen;
  if (!open) {
    nodes.push(h("p", { class: "warn" }, t("calendar.enrollmentClosed")));
    if (now && now.nextEnrollment) {
      const s = sittingOf(region, now.nextEnrollment.sitting);
      nodes.push(h("p", {}, t("calendar.nextEnrollment", { sitting: s ? pick(s.names) : now.nextEnrollment.sitting, opens: when(now.nextEnrollment.opens) })));
    }
    return nodes;
  }
  const s = sittingOf(region, open.sitting);
  const f = form({ id: "enroll", fields: [{ name: "sitting", label: t("enroll.sitting"), value: open.sitting,
    options: [{ value: open.sitting, text: s ? pick(s.names) : open.sitting }], hint: t("calendar.enrollmentOpen", {
      sitting: s ? pick(s.names) : open.sitting, closes: when(open.closes) }) }],
  submit: t("enroll.start"), onSubmit: async (v) => {
    const answer = await call("POST", api(code, "/candidates/me/enrollments"), { sitting: v.sitting });
    if (answer.ok) go("/" + code + "/enrollments/" + answer.data.id);
    else if (answer.problem.code === "ALREADY_ENROLLED") answer.problem.field = "sitting";
    return answer;
  } });
  nodes.push(h("h2", {}, t("enroll.new")), f.element);
  return nodes;
}

// ---- one enrollment: the step that is open now ----

export async function enrollment({ code, region, go, params }) {
  const gate = needsLogin(code, go);
  if (gate) return gate;
  const answer = await call("GET", api(code, "/candidates/me/enrollments/" + encodeURIComponent(params.id)));
  const nodes = [link("/" + code + "/enroll", t("nav.enroll"), { class: "back" }), title(t("enrollment.title"))];
  if (!answer.ok) {
    nodes.push(h("p", { class: "alert", role: "alert" }, answer.problem.detail));
    return nodes;
  }
  const e = answer.data;
  const base = api(code, "/candidates/me/enrollments/" + encodeURIComponent(e.id));
  const sitting = sittingOf(region, e.sitting) || { sessions: [] };
  const reload = () => go("/" + code + "/enrollments/" + e.id);
  // where the candidate is in the sequence
  const at = e.status === "DRAFT" ? STEPS.indexOf(e.next) : STEPS.length;
  nodes.push(h("ol", { class: "steps", "aria-label": t("enrollment.steps") }, STEPS.map((s, i) => h("li", {
    class: i < at ? "done" : i === at ? "current" : null, "aria-current": i === at ? "step" : null }, t("enrollmentStep." + s)))));
  const area = ((region.examAreas) || []).find((a) => a.code === e.examArea);
  nodes.push(h("section", { class: "card", "aria-labelledby": "enrollment-facts" }, h("h2", { id: "enrollment-facts" }, pick(sitting.names, e.sitting)),
    facts([[t("field.status"), h("span", { id: "enrollment-status" }, t("enrollmentStatus." + e.status))],
      [t("enrollment.majors"), e.majors.map((m) => { const x = majorOf(region, m); return x ? pick(x.names) : m; }).join(t("list.and")) || null],
      [t("enrollment.courses"), e.lines.length ? h("ul", { class: "plain" }, e.lines.map((l) => h("li", {}, courseName(region, l.course)))) : null],
      [t("enrollment.examArea"), area ? pick(area.names) : e.examArea],
      [t("enrollment.paymentMethod"), e.paymentMethod ? t("paymentMethod." + e.paymentMethod) : null],
      [t("enrollment.amount"), e.amount ? h("span", { class: "ltr", id: "enrollment-amount" }, e.amount.value + " " + e.amount.currency) : null]])));
  if (e.status === "PAID") {
    nodes.push(paid(code, base, e));
    return nodes;
  }
  if (e.status === "EXPIRED") {
    nodes.push(h("p", { class: "alert" }, t("enrollment.expired")));
    return nodes;
  }
  if (e.status === "AWAITING_PAYMENT" || e.next === "PAY") {
    nodes.push(pay(code, region, base, e, reload));
    return nodes;
  }
  nodes.push(step(code, region, sitting, base, e, reload));
  return nodes;
}

/** The form of the open choice (majors, courses, exam area, payment method). */
function step(code, region, sitting, base, e, reload) {
  const alert = alertBox("step-alert");
  const put = async (path, body) => {
    alert.textContent = "";
    const answer = await call("PUT", base + path, body);
    if (answer.ok) {
      announce(t("enrollment.saved"));
      reload();
    } else {
      showProblem(alert, answer);
    }
    return answer;
  };
  if (e.next === "MAJORS") {
    const majors = ((region.catalogue && region.catalogue.majors) || []);
    return choices("majors", t("enrollment.chooseMajors"), majors.map((m) => ({ value: m.code,
      text: pick(m.names) + " (" + m.code + ", " + t("level." + m.level) + ")" + (m.groupOnly ? " — " + t("enrollment.groupOnly") : "") })),
    alert, (values) => put("/majors", { majors: values }));
  }
  if (e.next === "COURSES") {
    const sessions = sitting.sessions || [];
    const options = [];
    for (const m of e.majors) {
      const major = majorOf(region, m);
      for (const c of (major ? major.courses : [])) {
        const s = sessions.find((x) => (x.courses || []).includes(c));
        if (!s) continue; // not examined in this sitting
        options.push({ value: m + "|" + c, text: courseName(region, c) + " — " + s.date + " " + s.starts + "–" + s.ends });
      }
    }
    return choices("courses", t("enrollment.chooseCourses"), options, alert,
      (values) => put("/courses", { courses: values.map((v) => ({ major: v.split("|")[0], course: v.split("|")[1] })) }),
      t("enrollment.coursesHint"));
  }
  if (e.next === "EXAM_AREA") {
    const f = form({ id: "exam-area", fields: [{ name: "examArea", label: t("enrollment.examArea"),
      options: (region.examAreas || []).map((a) => ({ value: a.code, text: pick(a.names) })) }],
    submit: t("enrollment.next"), onSubmit: (v) => put("/exam-area", { examArea: v.examArea }) });
    return h("div", {}, f.element, alert);
  }
  const f = form({ id: "payment-method", fields: [{ name: "method", label: t("enrollment.paymentMethod"), value: "ONLINE",
    options: ["ONLINE", "GROUP"].map((m) => ({ value: m, text: t("paymentMethod." + m) })) }],
  submit: t("enrollment.next"), onSubmit: (v) => put("/payment-method", { method: v.method }) });
  return h("div", {}, f.element, alert);
}

/** A group of checkboxes with a legend; at least one must be ticked. */
function choices(id, legend, options, alert, onSubmit, hint) {
  const f = h("form", { id, novalidate: true });
  const hintId = hint ? id + "-hint" : null;
  const set = h("fieldset", { "aria-describedby": hintId }, h("legend", {}, legend), hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    ...options.map((o, i) => h("div", { class: "choice" }, h("input", { type: "checkbox", id: id + "-" + i, name: id, value: o.value }),
      h("label", { for: id + "-" + i }, o.text))));
  const button = h("button", { type: "submit" }, t("enrollment.next"));
  f.append(set, alert, button);
  f.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const values = [...f.querySelectorAll("input:checked")].map((i) => i.value);
    if (!values.length) {
      alert.textContent = t("enrollment.chooseOne");
      announce(alert.textContent);
      const first = f.querySelector("input");
      if (first) first.focus();
      return;
    }
    button.disabled = true;
    try {
      await onSubmit(values);
    } finally {
      button.disabled = false;
    }
  });
  return f;
}

/** Pay: the one payment order of the enrollment, paid on the gateway's page in a tab of its own; this page follows its status. */
function pay(code, region, base, e, reload) {
  const section = h("section", { class: "card", id: "payment", "aria-labelledby": "payment-title" }, h("h2", { id: "payment-title" }, t("enrollment.pay")));
  const alert = alertBox("payment-alert");
  const status = h("p", { id: "payment-status", role: "status" });
  const start = h("button", { type: "button", id: "pay" }, e.status === "AWAITING_PAYMENT" ? t("enrollment.payAgain") : t("enrollment.payNow"));
  if (e.status !== "AWAITING_PAYMENT") section.append(h("p", {}, t("enrollment.payWarning")));
  section.append(start, alert, status);
  start.addEventListener("click", async () => {
    start.disabled = true;
    alert.textContent = "";
    const answer = await call("POST", base + "/payments", {});
    start.disabled = false;
    if (!answer.ok) {
      showProblem(alert, answer);
      return;
    }
    const o = answer.data;
    start.hidden = true;
    const go = h("a", { href: o.payUrl, id: "pay-link", class: "button", target: "_blank", rel: "noopener noreferrer" }, t("enrollment.toPayPage"));
    const check = h("button", { type: "button", class: "secondary", id: "payment-check" }, t("enrollment.checkPaid"));
    section.insertBefore(h("div", {}, facts([[t("enrollment.amount"), h("span", { class: "ltr", id: "payment-amount" }, o.amount.value + " " + o.amount.currency)],
      [t("enrollment.payBefore"), at(o.expiresAt, region.timeZone)]]), h("p", {}, t("enrollment.payHint")), h("p", {}, go), check), alert);
    check.addEventListener("click", () => follow(true));
    go.focus();
    follow(false);
  });
  // the order's state comes back by the gateway's callback: this page asks until the enrollment is paid
  let asking = false;
  async function follow(once) {
    if (asking && !once) return;
    asking = true;
    for (let i = 0; i < (once ? 1 : 200) && document.body.contains(section); i++) {
      const now = await call("GET", base);
      if (now.ok && now.data.status === "PAID") {
        announce(t("enrollment.paid"));
        reload();
        return;
      }
      if (now.ok && now.data.status === "EXPIRED") {
        reload();
        return;
      }
      if (once) status.textContent = t("enrollment.notYetPaid");
      else await new Promise((r) => setTimeout(r, 2000));
    }
    asking = false;
  }
  if (e.status === "AWAITING_PAYMENT") follow(false);
  return section;
}

/** Paid: the printable confirmation (报考确认单), fetched with the session and handed to the browser as a file. */
function paid(code, base, e) {
  const alert = alertBox("confirmation-alert");
  const button = h("button", { type: "button", id: "confirmation" }, t("enrollment.confirmation"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    const answer = await download("GET", base + "/confirmation.pdf", "application/pdf");
    button.disabled = false;
    if (!answer.ok) {
      showProblem(alert, answer);
      return;
    }
    const url = URL.createObjectURL(answer.blob);
    const a = h("a", { href: url, download: "confirmation-" + e.sitting + ".pdf", id: "confirmation-file" }, t("enrollment.confirmationSaved"));
    const done = h("p", { class: "ok" }, a);
    button.after(done);
    a.click();
    announce(t("enrollment.confirmationSaved"));
  });
  return h("section", { class: "card", id: "paid", "aria-labelledby": "paid-title" }, h("h2", { id: "paid-title" }, t("enrollment.paid")),
    h("p", { class: "ok" }, t("enrollment.paidText")), button, alert);
}
