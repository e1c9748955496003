// Charts drawn here as inline SVG (no library, no CDN): elements made with createElementNS, presentation
// attributes only (no style attributes: the CSP has no 'unsafe-inline'), text as text nodes.
const NS = "http://www.w3.org/2000/svg";

function el(tag, attrs, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten, at least max. */
export function niceMax(max) {
  if (max <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(max)));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/**
 * Two series per day as grouped bars: days [{date, a, b}], with the series' names and the chart's title
 * (also its accessible name). Right to left pages get the days from right to left.
 */
export function dailyBars({ days, title, nameA, nameB, rtl, dayLabel }) {
  const width = 880;
  const height = 320;
  const pad = { top: 16, right: 16, bottom: 56, left: 48 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  // counts: whole numbers on each of the four grid lines
  const top = Math.ceil(niceMax(Math.max(0, ...days.map((d) => Math.max(d.a, d.b)))) / 4) * 4;
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": "chart-title", id: "daily-chart" });
  svg.append(el("title", { id: "chart-title" }, title));
  const y = (v) => pad.top + plotH - (v / top) * plotH;
  for (let i = 0; i <= 4; i++) {
    const v = (top / 4) * i;
    svg.append(el("line", { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), stroke: "#d0d7de", "stroke-width": 1 }));
    svg.append(el("text", { x: pad.left - 6, y: y(v) + 4, "text-anchor": "end", "font-size": 12, fill: "#1d2733" },
      String(v)));
  }
  const n = Math.max(1, days.length);
  const slot = plotW / n;
  const bar = Math.max(1, Math.min(18, slot / 2 - 2));
  const every = Math.max(1, Math.ceil(n / 12));
  days.forEach((d, i) => {
    const index = rtl ? n - 1 - i : i;
    const x0 = pad.left + index * slot + slot / 2;
    const a = el("rect", { x: x0 - bar, y: y(d.a), width: bar, height: Math.max(0, pad.top + plotH - y(d.a)), fill: "#0b5cad", class: "bar-a" });
    a.append(el("title", {}, `${dayLabel(d.date)}: ${nameA} ${d.a}`));
    const b = el("rect", { x: x0, y: y(d.b), width: bar, height: Math.max(0, pad.top + plotH - y(d.b)), fill: "#b35900", class: "bar-b" });
    b.append(el("title", {}, `${dayLabel(d.date)}: ${nameB} ${d.b}`));
    svg.append(a, b);
    if (i % every === 0) {
      svg.append(el("text", { x: x0, y: height - pad.bottom + 18, "text-anchor": "middle", "font-size": 12, fill: "#1d2733" }, dayLabel(d.date)));
    }
  });
  svg.append(el("line", { x1: pad.left, x2: width - pad.right, y1: pad.top + plotH, y2: pad.top + plotH, stroke: "#1d2733", "stroke-width": 1 }));
  return svg;
}
