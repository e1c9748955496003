// Building pages without innerHTML: every text from the API or a bundle goes in as text, never as markup.
import { t } from "./i18n.js";

export function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** Says {@code text} to screen readers (the polite live region of the shell). */
export function announce(text) {
  const a = document.getElementById("announce");
  a.textContent = "";
  setTimeout(() => { a.textContent = text; }, 50);
}

/** A link inside the portal: followed without reloading the page (the session stays in memory). */
export function link(href, text, attrs) {
  return h("a", Object.assign({ href, "data-nav": true }, attrs || {}), text);
}

/**
 * A form of labelled fields. A field is {name, label, type, hint, options: [{value, text}], value,
 * autocomplete, required, inputmode, dir}. onSubmit(values) returns an API answer; a problem is shown next to
 * the field it names (aria-invalid, aria-describedby, focused, announced) or above the button.
 */
export function form({ id, fields, submit, onSubmit }) {
  const inputs = {};
  const summary = h("div", { class: "alert", role: "alert", id: id + "-alert" });
  const button = h("button", { type: "submit" }, submit);
  const f = h("form", { id, novalidate: true });
  for (const spec of fields) {
    const fid = id + "-" + spec.name;
    const hintId = spec.hint ? fid + "-hint" : null;
    const errorId = fid + "-error";
    let input;
    if (spec.options) {
      input = h("select", { id: fid, name: spec.name, required: spec.required !== false });
      for (const o of spec.options) input.append(h("option", { value: o.value, selected: o.value === spec.value }, o.text));
    } else {
      input = h("input", { id: fid, name: spec.name, type: spec.type || "text", autocomplete: spec.autocomplete || "off",
        inputmode: spec.inputmode, required: spec.required !== false, dir: spec.dir, value: spec.value, accept: spec.accept,
        spellcheck: spec.type === "password" || spec.dir === "ltr" ? "false" : null });
    }
    input.setAttribute("aria-describedby", [hintId, errorId].filter(Boolean).join(" "));
    inputs[spec.name] = input;
    f.append(...[h("label", { for: fid }, spec.label), spec.hint ? h("p", { class: "hint", id: hintId }, spec.hint) : null, input,
      h("p", { class: "error", id: errorId })].filter(Boolean));
  }
  f.append(summary, button);
  f.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    for (const [name, input] of Object.entries(inputs)) {
      input.removeAttribute("aria-invalid");
      document.getElementById(id + "-" + name + "-error").textContent = "";
    }
    summary.textContent = "";
    const values = {};
    for (const [name, input] of Object.entries(inputs)) {
      if (input.type === "file") values[name] = input.files[0] || null;
      else values[name] = input.value.trim() === "" ? undefined : (input.type === "password" ? input.value : input.value.trim());
    }
    const missing = fields.find((s) => s.required !== false && (values[s.name] === undefined || values[s.name] === null));
    if (missing) {
      showProblem({ field: missing.name, detail: t("error.required", { field: missing.label }) });
      return;
    }
    button.disabled = true;
    try {
      const answer = await onSubmit(values);
      if (answer && answer.ok === false) showProblem(answer.problem);
    } finally {
      button.disabled = false;
    }
  });

  function showProblem(problem) {
    const text = problem.detail || problem.title || t("error.status", { status: "" });
    const input = problem.field && inputs[problem.field];
    if (input) {
      input.setAttribute("aria-invalid", "true");
      document.getElementById(id + "-" + problem.field + "-error").textContent = text;
      summary.textContent = t("error.field", { field: labelOf(problem.field) });
      input.focus();
    } else {
      summary.textContent = text;
    }
    announce(text);
  }

  function labelOf(name) {
    const s = fields.find((x) => x.name === name);
    return s ? s.label : name;
  }

  return { element: f, inputs, showProblem };
}

/** A list of facts: [[term, value], ...] (a value of null is left out). */
export function facts(rows) {
  const dl = h("dl", { class: "facts" });
  for (const [term, value] of rows) {
    if (value === null || value === undefined || value === "") continue;
    dl.append(h("dt", {}, term), h("dd", {}, value));
  }
  return dl;
}
