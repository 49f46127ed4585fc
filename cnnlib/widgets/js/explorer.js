// The browser half of every cnnlib explorer (anywidget ES module).
//
// The kernel sends numbers, the browser draws them as SVG. The protocol (the
// synced traits, the messages both ways, painting, the states near) is
// written once, in cnnlib/widgets/base.py's docstring; the rules shared with
// the kernel (state key, slider clamping) are in ./protocol.js.
// Panels: grid {rows, cols, values, text, boxes, cell, hatch, xlabels, ylabels,
//   reveal: cells after this row-major index are drawn grey and blank,
//   marks: more highlight boxes, the ones a frame moves},
//   labelWidth: room for the ylabels (default 20 px)},
// bars {bars: [{label, value, text, color}], lane: px per bar (30)}, curve {x, series, ylim, marker,
//   fixed: series drawn under the others that frames do not replace,
//   legend [{label, color}], legendAt "upper right" (default) | "lower left" | ...
//   | "below" (under the plot)},
// stack {grids, across: n to a row instead of one above the other},
// strip {parts: sizes, colors (in turn), first: the first part's colour,
//   above, below: lines of text (a string or {bold, text}), label: what a screen reader says},
// text {text, width}. Any panel may have a note: words under its picture
// (as wide as the panel's width). A scene may set gap: CSS px between panels
// in a row. Exported as default {render}; the static pages call render with
// a stand-in model (get/set/on/off/save_changes/send) backed by a table.

import { clampSlider, stateKey } from "./protocol.js";

const SVG = "http://www.w3.org/2000/svg";
// The smallest text drawn, in CSS px: readable from a lecture hall's back row
// on a 1280x720 projector at 150% (tests/browser/test_projector.py measures it).
const MIN_FONT = 12;

function esc(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

// The index of v's colour in theme.colors (and its number's in theme.inks).
function step(theme, v) {
  const [lo, hi] = theme.limits, n = theme.colors.length;
  return Math.round(((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (n - 1));
}

function colour(theme, v) {
  if (v === null || v === undefined) return theme.bad;
  return theme.colors[step(theme, v)];
}

// A number's colour on its cell: theme.inks (cnnlib.draw.base.ink, 4.5:1 or more).
function ink(theme, v) {
  if (v === null || v === undefined) return "black";
  if (theme.inks) return theme.inks[step(theme, v)];
  return Math.abs(v) > theme.strong ? "white" : "black";
}

// A number's width in em (DejaVu Sans digits are 0.636 em, '.' 0.318, '-' 0.361).
function emWidth(text) {
  let w = 0;
  for (const ch of String(text)) w += ch === "." ? 0.318 : ch === "-" ? 0.361 : 0.636;
  return w;
}

// The font size for one cell's number: the panel's size, shrunk for a long
// number ('-1.58') so it stays inside its cell, but not below p.minFont
// (default MIN_FONT; a cell too small for its number at that size needs a
// bigger cell: cnnlib/draw sets cell sizes for it).
function numberSize(text, fs, cell, minFont) {
  return Math.min(fs, Math.max(minFont || MIN_FONT, (0.96 * cell) / emWidth(text)));
}

// An SVG's opening tag: its class, size and what a screen reader says.
function svgTag(cls, w, h, label) {
  return `<svg xmlns="${SVG}" class="${cls}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" ` +
    `role="img" aria-label="${esc(label)}">`;
}

export function gridSVG(p, theme) {
  const cell = p.cell || 24, left = p.ylabels ? (p.labelWidth || 20) : 0, top = p.xlabels ? 16 : 0;
  const W = left + p.cols * cell, H = top + p.rows * cell, fs = Math.max(MIN_FONT, p.fontsize || cell * 0.46);
  const out = [svgTag("cnn-grid", W, H, p.title || p.key)];
  for (let i = 0; i < p.rows; i++) {
    for (let j = 0; j < p.cols; j++) {
      const k = i * p.cols + j, x = left + j * cell, y = top + i * cell;
      const hidden = p.reveal !== undefined && p.reveal !== null && k > p.reveal;
      const v = hidden ? null : p.values[k];
      out.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${colour(theme, v)}" ` +
               `stroke="white" stroke-width="1"${p.clickable || p.paint ? ` class="cnn-cell" data-r="${i}" data-c="${j}"` : ""}/>`);
      if (p.numbers !== false && !hidden && p.text[k]) {
        out.push(`<text class="cnn-num" x="${x + cell / 2}" y="${y + cell / 2}" ` +
                 `font-size="${+numberSize(p.text[k], fs, cell, p.minFont).toFixed(2)}" ` +
                 `fill="${ink(theme, v)}" text-anchor="middle" dominant-baseline="central">${esc(p.text[k])}</text>`);
      }
    }
  }
  if (p.hatch) {
    const [r0, c0] = p.hatch, m = theme.muted;
    const hatched = (x, y, w, h) => out.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" ` +
      `fill="url(#cnn-hatch)" stroke="none"/>`);
    out.push(`<defs><pattern id="cnn-hatch" width="6" height="6" patternUnits="userSpaceOnUse" ` +
             `patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="${m}" ` +
             `stroke-width="1.5"/></pattern></defs>`);
    if (r0 < p.rows) hatched(left, top + r0 * cell, p.cols * cell, (p.rows - r0) * cell);
    if (c0 < p.cols) hatched(left + c0 * cell, top, (p.cols - c0) * cell, p.rows * cell);
  }
  for (const b of [...(p.boxes || []), ...(p.marks || [])]) {
    const c = b.color || theme.highlight, lw = b.lw || (b.dash ? 2 : 3.5), off = lw / 2 + (b.inset || 0);
    out.push(`<rect class="cnn-box" x="${left + b.c * cell + off}" y="${top + b.r * cell + off}" ` +
             `width="${b.w * cell - 2 * off}" height="${b.h * cell - 2 * off}" fill="none" stroke="${c}" ` +
             `stroke-width="${lw}"${b.dash ? ' stroke-dasharray="5 3"' : ""}/>`);
  }
  const small = MIN_FONT;
  (p.xlabels || []).forEach((t, j) => out.push(`<text x="${left + j * cell + cell / 2}" y="${top - 4}" ` +
    `font-size="${small}" fill="${theme.muted}" text-anchor="middle">${esc(t)}</text>`));
  (p.ylabels || []).forEach((t, i) => out.push(`<text x="${left - 4}" y="${top + i * cell + cell / 2}" ` +
    `font-size="${small}" fill="${theme.muted}" text-anchor="end" dominant-baseline="central">${esc(t)}</text>`));
  return out.join("") + "</svg>";
}

// A bar's number's width in CSS px (14 px bold; '%' is 1 em), as cnnlib.draw.scene measures it.
function barTextWidth(text) {
  return 14 * 1.1 * [...String(text)].reduce((w, ch) => w + (ch === "%" ? 1 : emWidth(ch)), 0);
}

export function barsSVG(p, theme) {
  const bars = p.bars || [], label = p.labelWidth || 110, w = p.width || 300, lane = p.lane || 30;
  const track = w - label - 8, H = bars.length * lane + 4, max = p.max || 1;
  const out = [svgTag("cnn-bars", w, H, p.title || p.key)];
  bars.forEach((b, i) => {
    const y = 2 + i * lane, len = Math.max(0, Math.min(1, b.value / max)) * track;
    out.push(`<text x="${label - 6}" y="${y + lane / 2}" font-size="13" text-anchor="end" ` +
             `dominant-baseline="central">${esc(b.label)}</text>`);
    out.push(`<rect x="${label}" y="${y + 3}" width="${track}" height="${lane - 6}" fill="#eeeeee"/>`);
    out.push(`<rect class="cnn-bar" x="${label}" y="${y + 3}" width="${len}" height="${lane - 6}" ` +
             `fill="${b.color || theme.highlight}"/>`);
    // the number on the bar in its ink, or after a bar too short to hold it, in black on the
    // track (if it fits there: else on the bar all the same)
    const tw = barTextWidth(b.text ?? ""), inside = len >= tw + 8 || label + len + 4 + tw > w;
    out.push(`<text class="cnn-num" x="${inside ? label + 4 : label + len + 4}" y="${y + lane / 2}" ` +
             `font-size="14" font-weight="bold" fill="${inside ? b.ink || "black" : "black"}" ` +
             `dominant-baseline="central">${esc(b.text ?? "")}</text>`);
  });
  return out.join("") + "</svg>";
}

const SWATCH = 18;     // CSS px: a legend's sample of its line

export function curveSVG(p, theme) {
  const w = p.width || 300, h = p.height || 170, l = 36, r = 8, t = 8, b = 28;
  const xs = p.x || [], [y0, y1] = p.ylim || [0, 1];
  const series = [...(p.fixed || []), ...(p.series || [])];
  const allx = xs.concat(...series.map((s) => s.x || []));
  const x0 = p.xlim ? p.xlim[0] : Math.min(...allx), x1 = p.xlim ? p.xlim[1] : Math.max(...allx);
  const X = (v) => l + (x1 === x0 ? 0 : (v - x0) / (x1 - x0)) * (w - l - r);
  const Y = (v) => t + (1 - (v - y0) / (y1 - y0 || 1)) * (h - t - b);
  const legend = p.legend || [], at = p.legendAt || "upper right", low = at.startsWith("lower");
  const below = at === "below", left = below || at.endsWith("left");
  // a legend under the plot: the picture grows to hold it
  const out = [svgTag("cnn-curve", w, below && legend.length ? h + 15 * legend.length + 2 : h, p.title || p.key),
               `<rect x="${l}" y="${t}" width="${w - l - r}" height="${h - t - b}" fill="none" stroke="#bbb"/>`];
  for (const v of [y0, y1]) out.push(`<text x="${l - 4}" y="${Y(v)}" font-size="12" text-anchor="end" ` +
    `dominant-baseline="central">${esc(v)}</text>`);
  out.push(`<text x="${l}" y="${h - 8}" font-size="12">${esc(x0)}</text>`,
           `<text x="${w - r}" y="${h - 8}" font-size="12" text-anchor="end">${esc(x1)}</text>`);
  if (p.xlabel) out.push(`<text x="${(l + w - r) / 2}" y="${h - 8}" font-size="12" text-anchor="middle">${esc(p.xlabel)}</text>`);
  if (p.marker !== undefined && p.marker !== null) {
    out.push(`<line class="cnn-marker" x1="${X(p.marker)}" x2="${X(p.marker)}" y1="${t}" y2="${h - b}" ` +
             `stroke="${theme.highlight}" stroke-width="2.5"/>`);
  }
  for (const s of series) {
    const sx = s.x || xs;
    const pts = s.y.map((v, i) => (v === null ? null : `${X(sx[i]).toFixed(1)},${Y(v).toFixed(1)}`))
      .filter((v) => v !== null).join(" ");
    if (s.line !== false) {
      out.push(`<polyline class="cnn-series" points="${pts}" fill="none" stroke="${s.color || theme.muted}" ` +
               `stroke-width="${s.width || 2.5}"${s.dash ? ' stroke-dasharray="6 4"' : ""}/>`);
    }
    if (s.dots) {
      for (const pt of pts.split(" ").filter(Boolean)) {
        const [cx, cy] = pt.split(",");
        out.push(`<circle class="cnn-dot" cx="${cx}" cy="${cy}" r="${s.dots}" fill="${s.color || theme.muted}" ` +
                 `stroke="white" stroke-width="1"/>`);
      }
    }
  }
  const lx = below ? 4 : left ? l + 6 : w - r - 4;
  const ly = below ? h + 10 : low ? h - b - 8 - 15 * (legend.length - 1) : t + 14;
  // each label in dark text beside a sample of its line (colour, width, dashes): not colour alone
  legend.forEach((item, i) => {
    const y = ly + 15 * i, x = left ? lx + SWATCH + 4 : lx - SWATCH - 4, sx = left ? lx : lx - SWATCH;
    out.push(`<line class="cnn-swatch" x1="${sx}" x2="${sx + SWATCH}" y1="${y - 4}" y2="${y - 4}" ` +
             `stroke="${item.color || theme.muted}" stroke-width="${Math.min(6, item.width || 2.5)}"` +
             `${item.dash ? ' stroke-dasharray="4 3"' : ""}/>`,
             `<text x="${x}" y="${y}" font-size="12" text-anchor="${left ? "start" : "end"}" ` +
             `fill="#111111">${esc(item.label)}</text>`);
  });
  return out.join("") + "</svg>";
}

// A column of grids one above the other (a stage's maps), each with its title.
// across: n grids to a row instead (e.g. learned features, three to a row).
export function stackSVG(p, theme) {
  const items = (p.grids || []).map((g) => (g.title ? `<div class="cnn-subtitle">${esc(g.title)}</div>` : "") +
    gridSVG(g, theme));
  return p.across ? `<div class="cnn-across" style="grid-template-columns: repeat(${Number(p.across)}, auto)">` +
    `${items.map((i) => `<div>${i}</div>`).join("")}</div>` : items.join("");
}

// A bar cut into parts as wide as their sizes (an epoch's batches), colours
// taken in turn, the first part in p.first if given; lines of text over it
// (p.above) and under it (p.below), each a string or {bold, text} (a bold
// lead, then plain text), all in one SVG p.width wide.
export function stripSVG(p, theme) {
  const w = p.width || 600, bar = p.barHeight || 10, line = 15, above = p.above || [], below = p.below || [];
  const parts = p.parts || [], total = parts.reduce((a, b) => a + b, 0) || 1, colors = p.colors || [theme.muted];
  const top = above.length * line + 3, H = top + bar + 2 + below.length * line;
  const text = (t, y) => {
    const [lead, rest] = typeof t === "string" ? ["", t] : [t.bold || "", t.text || ""];
    return `<text class="cnn-line" x="0" y="${y}" font-size="13">` +
      (lead ? `<tspan font-weight="bold">${esc(lead)}</tspan> ` : "") + `${esc(rest)}</text>`;
  };
  const out = [svgTag("cnn-strip", w, H, p.label || p.title || p.key)];
  above.forEach((t, i) => out.push(text(t, (i + 1) * line - 4)));
  let x = 0;
  parts.forEach((n, i) => {
    const width = (n / total) * w, gap = width >= 4 ? 1 : 0;
    const fill = i === 0 && p.first ? p.first : colors[i % colors.length];
    out.push(`<rect class="cnn-part" x="${x.toFixed(2)}" y="${top}" width="${Math.max(0.5, width - gap).toFixed(2)}" ` +
             `height="${bar}" fill="${fill}"/>`);
    x += width;
  });
  below.forEach((t, i) => out.push(text(t, top + bar + 2 + (i + 1) * line - 4)));
  return out.join("") + "</svg>";
}

const DRAW = { grid: gridSVG, bars: barsSVG, curve: curveSVG, stack: stackSVG, strip: stripSVG };

const CSS = `
.cnn-explorer { font-family: var(--cnn-font); font-size: 13px; color: #111; max-width: 100%; }
.cnn-controls { display: flex; flex-wrap: wrap; gap: 2px 14px; align-items: center; margin-bottom: 2px; }
.cnn-control { display: flex; align-items: center; gap: 6px; white-space: nowrap; min-height: 26px; }
.cnn-control input[type=range] { margin: 0; height: 22px; width: var(--cnn-track, 300px); max-width: 70vw; accent-color: #444; }
.cnn-control select, .cnn-control button, .cnn-control input[type=text] { font-size: 13px; padding: 2px 6px; }
.cnn-control .cnn-readout { min-width: 2.2em; font-variant-numeric: tabular-nums; font-weight: bold; }
.cnn-caption { margin: 2px 0 4px; line-height: 1.3; white-space: pre-line; }
.cnn-across { display: grid; gap: 2px 10px; justify-content: start; }
.cnn-subtitle { font-size: 12px; color: #333; margin: 1px 0; min-height: 1em; }
.cnn-paint svg { touch-action: none; cursor: crosshair; }
.cnn-paint .cnn-num, .cnn-paint .cnn-box { pointer-events: none; }
.cnn-paint svg:focus-visible { outline: 3px solid #111111; }
.cnn-panels { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: flex-start; }
.cnn-panels.cnn-beside { display: grid; justify-content: start; align-items: start; }
.cnn-panel { max-width: 100%; }
.cnn-panel svg { display: block; max-width: 100%; height: auto; }
.cnn-panel svg.cnn-grid + svg.cnn-grid { margin-top: 3px; }
.cnn-text { white-space: pre-line; line-height: 1.35; max-width: 320px; }
.cnn-title { font-size: 13px; font-weight: bold; margin: 2px 0; white-space: pre-line; max-width: 320px; }
.cnn-note { font-style: italic; color: #555; margin: 4px 0; }
.cnn-error { color: #b00020; font-weight: bold; margin: 2px 0; white-space: pre-line; }
.cnn-error:empty { display: none; }
.cnn-explorer :focus-visible { outline: 3px solid #111111; outline-offset: 2px; }
.cnn-play svg.cnn-icon { vertical-align: -2px; }
.cnn-more { font-weight: bold; margin: 2px 0; }
.cnn-more:empty { display: none; }
/* Zoom: a narrow notebook (200% zoom on a 1280-px window is 640 CSS px)
   stacks the panels and lets the controls wrap instead of scrolling sideways. */
.cnn-explorer { container-type: inline-size; }
@container (max-width: 620px) {
  .cnn-panels.cnn-beside { display: flex; }
  .cnn-control { white-space: normal; flex-wrap: wrap; }
  .cnn-text, .cnn-title { max-width: 100%; }
}
/* Motion on request only: nothing slides or fades by itself. */
@media (prefers-reduced-motion: reduce) {
  .cnn-explorer *, .cnn-explorer *::before, .cnn-explorer *::after {
    transition: none !important; animation: none !important; scroll-behavior: auto !important; }
}
.cnn-sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.cnn-explorer .cnn-paint:focus-visible { outline: 3px solid #111; outline-offset: 2px; }
`;

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

// A button that does act() when pressed (and nothing else: no form submits).
function buttonEl(cls, text, act) {
  const button = el("button", cls, text);
  button.type = "button";
  button.addEventListener("click", (e) => { e.preventDefault(); act(); });
  return button;
}

// Below, `view` is one explorer on the page, made by render(): its model,
// its parts (root, controlsBox, errorLine, caption, panelsBox, note) and
// what it keeps between draws (the controls' inputs, the panels drawn, the
// states near, the painting in progress).

// --- The traits ---------------------------------------------------------------
const themeOf = (view) => view.model.get("theme") || {};
const values = (view) => view.model.get("values") || {};

// A JSON trait, parsed once per change of its text.
function parsedTrait(view, name, empty) {
  const text = view.model.get(name), seen = view.parsed[name];
  if (!seen || seen[0] !== text) view.parsed[name] = [text, text ? JSON.parse(text) : empty];
  return view.parsed[name][1];
}
const getScene = (view) => parsedTrait(view, "scene_json", {});
const getFrames = (view) => parsedTrait(view, "frames_json", []);

// --- States one control change away ("Moves without a round trip", base.py) -----
// At most one request is in flight; a newer position asks again when it returns.
const live = (view) => !!view.model.get("prefetch") && !view.model.get("static");

function tableNames(view) {
  const scrub = view.model.get("scrub");
  return (view.model.get("controls_spec") || [])
    .filter((c) => c.name !== scrub && (c.kind === "slider" || c.kind === "dropdown"))
    .map((c) => c.name);
}

function nearState(view, v) {
  return live(view) ? view.near.states.get(stateKey(v || values(view), tableNames(view))) : undefined;
}

// What is drawn now: a state from near, or what the kernel sent last.
function current(view) {
  return nearState(view) ||
    { scene: getScene(view), frames: getFrames(view), controls: view.model.get("controls_spec") || [] };
}

function spec(view, name) {
  return (current(view).controls || []).find((c) => c.name === name);
}

function askNear(view) {
  const near = view.near;
  if (!live(view)) return;
  if (near.inflight) { near.again = true; return; }
  near.inflight = true;
  near.again = false;
  view.model.send({ event: "near", have: [...near.states.keys()] });
}

// gzipped JSON (a buffer from the kernel, or a static page's bytes) as its value
export async function gunzip(b) {
  const bytes = b.buffer ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(stream).text());
}

// The kernel's custom messages: the states near, or "forget" them.
async function onCustom(view, msg, buffers) {
  const near = view.near;
  if (msg && msg.event === "forget") { near.states.clear(); schedule(view); return; }
  if (!msg || msg.event !== "states") return;
  try {
    // gzipped: one buffer per state, in the order of msg.keys
    const states = await Promise.all((msg.keys || []).map(async (key, i) => [key, await gunzip(buffers[i])]));
    for (const [key, state] of states) {
      near.states.delete(key);
      near.states.set(key, state);
    }
    while (near.states.size > near.limit) near.states.delete(near.states.keys().next().value);
    view.root.dataset.near = String(near.states.size);
  } finally {
    near.inflight = false;
    if (near.again) askNear(view);
  }
}

// A control moved: the values go to the kernel (landing on a state held,
// where the move ends as the kernel will have it).
function setValue(view, name, v) {
  const model = view.model;
  let next = { ...values(view), [name]: v };
  const hit = nearState(view, next);
  if (hit) {
    next = { ...next, ...(hit.values || {}) };
    const scrub = model.get("scrub"), s = scrub && hit.controls.find((c) => c.name === scrub);
    if (s) next[scrub] = onSlider(s, next[scrub]);
  }
  model.set("values", next);
  model.save_changes();
  if (name !== model.get("scrub")) askNear(view);
}

// --- Controls -------------------------------------------------------------------
// A slider's position for v (clampSlider, the rule the kernel shares); not a number: as it is.
export function onSlider(c, v) {
  return typeof v === "number" ? clampSlider(v, c.min, c.max, c.step || 1) : v;
}

function stopPlay(view) {
  if (view.timer !== null) clearInterval(view.timer);
  view.timer = null;
  for (const b of view.root.querySelectorAll(".cnn-play")) playFace(b, false);
}

// The controls' make-up (not their ranges or readout labels): the inputs
// are rebuilt only when it changes, so a focused slider keeps its focus.
function shapeOf(specs) {
  return JSON.stringify((specs || []).map(({ min, max, labels, choices, ...rest }) => rest));
}

function buildControls(view) {
  const specs = view.model.get("controls_spec"), next = shapeOf(specs);
  if (next === view.shape) return syncControls(view);
  view.shape = next;
  stopPlay(view);
  // text being typed survives a rebuild (a control's spec changed meanwhile)
  const typed = Array.from(view.controlsBox.querySelectorAll(".cnn-text-box input")).map((t) =>
    [t.closest(".cnn-control").dataset.name, t.value, t === document.activeElement]);
  view.controlsBox.replaceChildren();
  view.inputs = {};
  for (const c of specs || []) view.controlsBox.append(controlBox(view, c));
  for (const [name, text, focused] of typed) {
    const t = view.controlsBox.querySelector(`.cnn-control[data-name="${name}"] .cnn-text-box input`);
    if (t) { t.value = text; if (focused) t.focus(); }
  }
  syncControls(view);
}

// A control's visible label: its input carries the same words as its aria-label, so a
// screen reader hears them once.
function shownLabel(text) {
  const label = el("span", "cnn-label", text);
  label.setAttribute("aria-hidden", "true");
  return label;
}

// One control: its label and input, wired to the model.
function controlBox(view, c) {
  // a <label> only round a slider or a dropdown (named by aria-label anyway): a
  // button wrapped in one would take the label's (empty) name, not its text
  const box = el(c.kind === "slider" || c.kind === "dropdown" ? "label" : "div", "cnn-control");
  box.dataset.name = c.name;
  if (c.kind === "slider") {
    const input = el("input"), readout = el("span", "cnn-readout");
    Object.assign(input, { type: "range", min: c.min, max: c.max, step: c.step || 1 });
    input.setAttribute("aria-label", c.label);
    if (c.track) input.style.setProperty("--cnn-track", c.track + "px");
    input.addEventListener("input", () => setValue(view, c.name, Number(input.value)));
    readout.setAttribute("aria-hidden", "true");      // the slider's own value says it
    box.append(shownLabel(c.label), input, readout);
    view.inputs[c.name] = { input, readout };
  } else if (c.kind === "dropdown") {
    const select = el("select");
    select.setAttribute("aria-label", c.label);
    c.options.forEach(([label], i) => select.append(Object.assign(el("option", "", label), { value: i })));
    select.addEventListener("change", () => setValue(view, c.name, c.options[Number(select.value)][1]));
    box.append(shownLabel(c.label), select);
    view.inputs[c.name] = { select, options: c.options };
  } else if (c.kind === "play") {
    const button = buttonEl("cnn-play", "", () => togglePlay(view, c));
    button.dataset.label = c.label;
    playFace(button, false);
    box.append(button);
  } else if (c.kind === "button") {
    box.append(buttonEl("cnn-button", c.label, () => {
      flushPaint(view);                // the button acts on the newest drawing
      view.model.send({ event: "button", name: c.name });
    }));
  } else if (c.kind === "text") {
    box.append(shownLabel(c.label), textBox(view, c));
  }
  return box;
}

// A text box and its button: Enter or the button sends the trimmed text
// (empty too: the kernel says what to type) and empties the box. Keys typed here stay here (the
// root stops keydown), so JupyterLab's shortcuts never see them.
function textBox(view, c) {
  const span = el("span", "cnn-text-box"), input = el("input");
  Object.assign(input, { type: "text", size: c.size || 10, placeholder: c.placeholder || "" });
  input.setAttribute("aria-label", c.label);
  input.disabled = !!view.model.get("static");
  const send = () => {
    const text = input.value.trim();
    if (input.disabled) return;
    view.model.send({ event: "text", name: c.name, text });
    input.value = "";
  };
  input.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); send(); } });
  span.append(input);
  if (c.button) {
    const button = buttonEl("cnn-button", c.button, send);
    button.disabled = input.disabled;
    span.append(button);
  }
  return span;
}

// --- Symbols drawn, not left to fonts (a missing glyph is an empty box) ------------
const ICONS = { play: "M4 3l8 5-8 5z", pause: "M4 3h3v10H4zM9 3h3v10H9z" };

// A Play/Pause button's face: the drawn shape, then its words; its name for a screen reader.
function playFace(button, playing) {
  const label = playing ? "Pause" : button.dataset.label;
  button.innerHTML = `<svg class="cnn-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" ` +
    `focusable="false"><path d="${ICONS[playing ? "pause" : "play"]}" fill="currentColor"/></svg> ${esc(label)}`;
  button.setAttribute("aria-label", label);
}

function togglePlay(view, c) {
  if (view.timer !== null) return stopPlay(view);      // pause: the position stays where it is
  const target = spec(view, c.target);
  if (!target) return;
  if (values(view)[c.target] >= target.max) setValue(view, c.target, target.min);
  const button = view.root.querySelector(`.cnn-control[data-name="${c.name}"] .cnn-play`);
  playFace(button, true);
  view.timer = setInterval(() => {
    const t = spec(view, c.target), v = values(view)[c.target];
    if (!t || v >= t.max) return stopPlay(view);
    setValue(view, c.target, onSlider(t, v + (t.step || 1)));
  }, c.interval || 500);
}

function syncControls(view) {
  const v = values(view);
  for (const [name, ui] of Object.entries(view.inputs)) {
    if (ui.input) {
      const c = spec(view, name);
      if (c) { ui.input.min = c.min; ui.input.max = c.max; }
      if (String(ui.input.value) !== String(v[name])) ui.input.value = v[name];
      ui.readout.textContent = c && c.labels ? c.labels[(v[name] - c.min) / (c.step || 1)] : v[name];
      ui.input.setAttribute("aria-valuetext", ui.readout.textContent);   // "X", not its index
    } else if (ui.select) {
      const i = ui.options.findIndex((o) => JSON.stringify(o[1]) === JSON.stringify(v[name]));
      if (i >= 0 && Number(ui.select.value) !== i) ui.select.value = i;
    }
  }
}

// --- Paintable grids (panel.paint: "Painting" in base.py) ------------------------
// A drag paints the cells it crosses with the first cell's new value; while a
// drawing is in flight, newer strokes only mark the grid dirty.
function withPaint(view, p) {
  const paint = view.paint;
  if (!p.paint) return p;
  const boxes = paint.focus ? [...(p.boxes || []), ...cursorRing(paint.cursor)] : p.boxes;
  if (!paint.local) return { ...p, boxes };
  return { ...p, boxes, values: paint.local, text: paint.local.map((v) => (v > 0 ? "1" : "-1")) };
}

function sendPaint(view) {
  const paint = view.paint;
  if (paint.inflight) { paint.dirty = true; return; }
  paint.dirty = false;
  paint.seq += 1;
  paint.inflight = paint.seq;
  view.model.send({ event: "paint", key: paint.key, seq: paint.seq, grid: paint.local.slice() });
}

// A button (save, clear, ...) must reach the kernel after the newest
// drawing, not before strokes still waiting their turn: those go now, so
// the kernel takes the drawing, then the button, and the scene the button
// sends back (ack = the newest seq) is the one that stays.
function flushPaint(view) {
  if (!view.paint.dirty) return;
  view.paint.inflight = 0;
  sendPaint(view);
}

function setCell(view, key, r, c, v) {
  const paint = view.paint, p = currentPanels(view).find((q) => q.key === key);
  if (!p) return;
  const k = r * p.cols + c;
  paint.cursor = [r, c];
  if ((paint.local || p.values)[k] === v) return;   // no change: nothing to draw or send
  if (!paint.local) paint.local = p.values.slice();
  paint.local[k] = v;
  paint.key = key;
  sendPaint(view);                                 // the kernel starts on it first,
  draw(view);                                      // and the cell flips now, not at the next frame
}

function paintCell(view, target, first) {
  const cell = target.closest && target.closest(".cnn-paint .cnn-cell");
  if (!cell) return;
  const key = cell.closest(".cnn-panel").dataset.key, r = Number(cell.dataset.r), c = Number(cell.dataset.c);
  if (first) {
    const p = currentPanels(view).find((q) => q.key === key);
    view.paint.value = -p.values[r * p.cols + c];
  }
  setCell(view, key, r, c, view.paint.value);
}

// A new scene from the kernel: it acknowledges the painting sent (ack).
function onScene(view) {
  const paint = view.paint;
  view.root.dataset.sceneAt = performance.now().toFixed(2);
  const ack = getScene(view).ack || 0;
  if (paint.inflight && ack >= paint.inflight) {
    paint.inflight = 0;
    if (paint.dirty) sendPaint(view); else paint.local = null;
  }
  schedule(view);
}

// Keys on a paintable grid: the arrows move its cursor, Enter or Space flips a cell.
function onPaintKey(view, e) {
  const node = e.target.closest && e.target.closest(".cnn-paint");
  if (!node) return;
  const paint = view.paint, p = currentPanels(view).find((q) => q.key === node.dataset.key);
  const [r, c] = paint.cursor, move = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[e.key];
  if (move) {
    paint.cursor = [Math.max(0, Math.min(p.rows - 1, r + move[0])), Math.max(0, Math.min(p.cols - 1, c + move[1]))];
    draw(view);
  } else if (e.key === "Enter" || e.key === " ") {
    const v = (paint.local || p.values)[r * p.cols + c];
    setCell(view, p.key, r, c, -v);
  } else return;
  sayCell(view, node.dataset.key);
  e.preventDefault();
}

// The pointer, keys and focus on the panels' paintable grids; returns the
// window's pointerup listener (removed when the view goes).
function listenPaint(view) {
  const box = view.panelsBox, paint = view.paint;
  box.addEventListener("pointerdown", (e) => {
    if (!e.target.closest(".cnn-paint .cnn-cell")) return;
    e.preventDefault();
    paint.down = true;
    paintCell(view, e.target, true);
  });
  box.addEventListener("pointerover", (e) => { if (paint.down) paintCell(view, e.target, false); });
  const release = () => { paint.down = false; };
  window.addEventListener("pointerup", release);
  box.addEventListener("keydown", (e) => onPaintKey(view, e));
  const focus = (on) => (e) => {
    if (e.target.classList && e.target.classList.contains("cnn-paint")) { paint.focus = on; draw(view); }
  };
  box.addEventListener("focusin", focus(true));
  box.addEventListener("focusout", focus(false));
  return release;
}

// --- Speaking (screen readers: "Speaking" in base.py) ----------------------------
// The words are the kernel's (cnnlib.draw.base.spoken): each panel's name and
// description, each scene's and frame's announce sentence. Here they are only
// placed: on each picture (aria-label, aria-describedby), in a visually
// hidden table per number grid, and in one polite live region.
// ids unique on the page, where each explorer may load its own copy of this module
const SPOKEN = `cnn-said-${Math.random().toString(36).slice(2, 10)}-`;
let spokenIds = 0;

// The painting cursor: a black ring outside a white one, one of them seen on any cell.
function cursorRing([r, c]) {
  return [{ r, c, h: 1, w: 1, color: "#000000", lw: 2 }, { r, c, h: 1, w: 1, color: "#ffffff", lw: 2, inset: 2 }];
}

// A grid's numbers as a table: caption its name, its row and column labels as
// headers, each cell's text as drawn (blank where the picture is blank).
// A grid drawn in colours only has no table, except a paintable one: its
// cells' values (1, -1), so a student who cannot see it knows what is painted.
export function gridTable(p) {
  const text = (p.text || []).length && p.numbers !== false ? p.text
    : p.paint ? (p.values || []).map((v) => (v === null ? "" : String(v))) : null;
  if (!text) return "";
  const label = (labels, i) => esc(labels && labels[i] !== undefined ? labels[i] : i);
  const head = Array.from({ length: p.cols }, (_, j) => `<th scope="col">column ${label(p.xlabels, j)}</th>`);
  const rows = [];
  for (let i = 0; i < p.rows; i++) {
    const cells = [];
    for (let j = 0; j < p.cols; j++) {
      const k = i * p.cols + j, hidden = p.reveal !== undefined && p.reveal !== null && k > p.reveal;
      cells.push(`<td>${hidden || p.values[k] === null ? "" : esc(text[k] || "")}</td>`);
    }
    rows.push(`<tr><th scope="row">row ${label(p.ylabels, i)}</th>${cells.join("")}</tr>`);
  }
  // hidden in a 1-px box: a table keeps its content's width whatever its own (at 200% zoom
  // a 684-px table widened the notebook)
  return `<div class="cnn-sr"><table class="cnn-table"><caption>${esc(p.name || p.title || p.key)}</caption>` +
    `<thead><tr><td></td>${head.join("")}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

// A panel just drawn: its pictures named and described, its grids as tables.
function speakPanel(node, p) {
  const parts = p.type === "stack" ? (p.grids || []) : [p];
  node.querySelectorAll("svg").forEach((svg, i) => {
    const q = parts[i];
    if (!q) return;
    if (q.name) svg.setAttribute("aria-label", q.name);
    if (q.description) {
      const desc = el("div", "cnn-sr", q.description);
      desc.id = SPOKEN + ++spokenIds;
      desc.setAttribute("aria-hidden", "true");       // read as the picture's description only
      svg.setAttribute("aria-describedby", desc.id);
      svg.after(desc);
    }
    if (q.type === "grid" || p.type === "stack") {
      const table = gridTable(q);
      if (table) svg.insertAdjacentHTML("afterend", table);
    }
  });
}

function liveRegion() {
  const live = el("div", "cnn-sr cnn-live");
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "true");
  return live;
}

function say(view, text) {
  view.live.textContent = text;
  view.root.dataset.said = String((Number(view.root.dataset.said) || 0) + 1);
}

// The scene's (or the frame's) sentence, when it changed since the last draw.
function announce(view, text) {
  if (text === view.announced) return;
  view.announced = text;
  say(view, text);
}

// The painting cursor's cell and its value, after a key on a paintable grid.
function sayCell(view, key) {
  const p = currentPanels(view).find((q) => q.key === key);
  if (!p) return;
  const [r, c] = view.paint.cursor, k = r * p.cols + c;
  say(view, `${p.name || p.title || p.key}: row ${r}, column ${c}, ${p.text[k] ?? p.values[k]}`);
}

// --- Drawing --------------------------------------------------------------------
function frameOf(view, state) {
  const scrub = view.model.get("scrub");
  if (!scrub) return null;
  const s = state.controls.find((c) => c.name === scrub), v = values(view)[scrub];
  return state.frames[s ? onSlider(s, v) : v] || null;
}

function currentPanels(view) {
  const state = current(view), scene = state.scene, frame = frameOf(view, state);
  return (scene.panels || []).map((p) => withPaint(view, frame && frame[p.key] ? { ...p, ...frame[p.key] } : p));
}

// A panel's inner HTML: its title, its picture, its note.
function panelHTML(p, theme) {
  const width = p.width ? ` style="width: ${Number(p.width)}px"` : "";
  const body = p.type === "text" ? `<div class="cnn-text"${width}>${esc(p.text)}</div>`
    : (DRAW[p.type] || (() => ""))(p, theme);
  const note = p.note ? `<div class="cnn-text cnn-panel-note"${width}>${esc(p.note)}</div>` : "";
  // a picture's title is also its accessible name (speakPanel): said once, with the picture
  const hidden = p.type !== "text" && p.name ? ' aria-hidden="true"' : "";
  return (p.title ? `<div class="cnn-title"${hidden}>${esc(p.title)}</div>` : "") + body + note;
}

// The node of a panel, made the first time its key is drawn.
function panelNode(view, p, scene) {
  const [, old] = view.drawn.get(p.key) || [];
  if (old) return old;
  const node = el("div", "cnn-panel");
  node.dataset.key = p.key;
  if (p.key === scene.main) node.dataset.main = "true";
  if (p.paint) {
    node.classList.add("cnn-paint");
    node.tabIndex = 0;
    node.setAttribute("aria-label", (p.name || p.title || p.key) + ": arrows move, Enter or Space flips a cell");
    node.setAttribute("role", "application");
  }
  view.drawn.set(p.key, [null, node]);
  return node;
}

// The caption above (or under) the panels, and the panels' arrangement:
// beside: n other panels in n columns beside the main one, which spans their rows.
function layOut(view, scene, frame, count) {
  const { root, caption, panelsBox, note } = view;
  caption.textContent = (frame && frame.caption) || scene.caption || "";
  // a long caption (a formula) may go under the picture, keeping it on screen
  if (scene.caption_at === "bottom" && caption.nextSibling !== note) root.insertBefore(caption, note);
  if (scene.caption_at !== "bottom" && caption.nextSibling !== panelsBox) root.insertBefore(caption, panelsBox);
  panelsBox.style.columnGap = scene.gap !== undefined ? `${Number(scene.gap)}px` : "";
  const beside = Number(scene.beside) || 0, main = panelsBox.querySelector(".cnn-panel[data-main]");
  panelsBox.classList.toggle("cnn-beside", beside > 0);
  panelsBox.style.gridTemplateColumns = beside ? `repeat(${beside + 1}, auto)` : "";
  if (main) main.style.gridRow = beside ? `span ${Math.max(1, Math.ceil((count - 1) / beside))}` : "";
}

function draw(view) {
  const { model, root, panelsBox, drawn, paint } = view;
  view.drawQueued = false;
  const started = performance.now();
  root.dataset.drawAt = started.toFixed(2);
  const state = current(view), scene = state.scene, frame = frameOf(view, state);
  root.dataset.from = state === nearState(view) ? "near" : "kernel";
  const seen = new Set();
  let order = 0;
  for (const p of currentPanels(view)) {
    seen.add(p.key);
    const text = JSON.stringify(p), node = panelNode(view, p, scene);
    // keep the scene's order, touching the page only when it changes
    if (panelsBox.children[order] !== node) panelsBox.insertBefore(node, panelsBox.children[order] || null);
    order += 1;
    if (drawn.get(p.key)[0] === text) continue;
    node.innerHTML = panelHTML(p, themeOf(view));
    speakPanel(node, p);
    drawn.set(p.key, [text, node]);
  }
  for (const [key, [, node]] of drawn) {
    if (!seen.has(key)) { node.remove(); drawn.delete(key); }
  }
  layOut(view, scene, frame, order);
  announce(view, (frame && frame.announce) || scene.announce || "");
  view.note.textContent = model.get("static") ? (model.get("static_note") || "") : "";
  // for tests: the newest grid drawn is the one the votes were computed for
  root.dataset.painting = paint.inflight || paint.dirty || paint.local ? "true" : "";
  root.dataset.drawn = String((Number(root.dataset.drawn) || 0) + 1);
  root.dataset.drawMs = (performance.now() - started).toFixed(2);
  fit(view);
}

// --- Fit the screen (a projector's 853x480 CSS px; tests/browser/test_projector.py) ----
// The notebook's visible height: the nearest box around the explorer that
// scrolls (an output area's own overflow box does not), else the window's.
function visibleHeight(root) {
  for (let n = root.parentElement; n; n = n.parentElement) {
    const y = getComputedStyle(n).overflowY;
    if ((y === "auto" || y === "scroll") && n.scrollHeight > n.clientHeight + 1) return n.clientHeight;
  }
  return window.innerHeight;
}

// The pictures grow (never shrink) to use the width the explorer is given, as
// far as the visible height allows; when the explorer is taller than what is
// visible, a line under the controls names the panels further down.
function fit(view) {
  const { root, panelsBox, more } = view;
  if (!root.isConnected || !root.clientWidth) return;
  const svgs = Array.from(panelsBox.querySelectorAll(".cnn-panel svg"));
  for (const svg of svgs) svg.style.width = "";
  const box = panelsBox.getBoundingClientRect(), panels = Array.from(panelsBox.children);
  const used = Math.max(1, ...panels.map((p) => p.getBoundingClientRect().right - box.left));
  const area = visibleHeight(root), tall = root.getBoundingClientRect().height;
  const k = Math.min(1.5, box.width / used, 1 + (area - tall - 8) / Math.max(1, box.height));
  const rows = () => new Set(panels.map((p) => Math.round(p.getBoundingClientRect().top))).size;
  if (k > 1.05) {
    const before = rows();
    for (const svg of svgs) svg.style.width = `${(Number(svg.getAttribute("width")) * k).toFixed(1)}px`;
    if (rows() > before) for (const svg of svgs) svg.style.width = "";    // a panel wrapped: not that
  }
  const top = root.getBoundingClientRect().top, below = panels.filter((p) =>
    p.getBoundingClientRect().bottom > top + area && !p.dataset.main);
  const names = below.map((p) => (p.querySelector(".cnn-title") || {}).textContent || p.dataset.key)
    .map((t) => t.split("\n")[0].trim()).filter(Boolean);
  more.textContent = names.length ? `Scroll down for: ${names.join("; ")}` : "";
}

// Draw once the current task's changes are in (a message from the kernel
// may change several traits), before the browser paints: no frame waited.
function schedule(view) {
  if (view.drawQueued) return;
  view.drawQueued = true;
  queueMicrotask(() => { if (view.drawQueued) draw(view); });
}

// A click on a clickable (not paintable) grid's cell goes to the kernel.
function onCellClick(view, e) {
  const cell = e.target.closest(".cnn-cell");
  if (!cell || cell.closest(".cnn-paint")) return;
  const key = cell.closest(".cnn-panel").dataset.key;
  view.model.send({ event: "cell", key, r: Number(cell.dataset.r), c: Number(cell.dataset.c) });
}

// --- The explorer -----------------------------------------------------------------
// The page's parts (controls, error line, caption, panels, note), the
// model's changes wired to the functions above; returns the clean-up.
function render({ model, el: host }) {
  const root = el("div", "cnn-explorer");
  const view = {
    model, root, controlsBox: el("div", "cnn-controls"), caption: el("div", "cnn-caption"),
    panelsBox: el("div", "cnn-panels"), note: el("div", "cnn-note"), errorLine: el("div", "cnn-error"),
    more: el("div", "cnn-more"),
    timer: null, drawQueued: false, inputs: {}, shape: null,
    parsed: {},                 // trait -> [text, value]: parse each JSON text once
    drawn: new Map(),           // panel key -> [JSON drawn, node]
    near: { states: new Map(), inflight: false, again: false, limit: 600 },
  };
  view.paint = { local: null, key: null, seq: getScene(view).ack || 0,
                 inflight: 0, dirty: false, value: null, down: false, cursor: [4, 4], focus: false };
  root.dataset.kind = model.get("kind") || "";
  root.style.setProperty("--cnn-font", themeOf(view).font || "sans-serif");
  // Keys pressed in the explorer are its own: JupyterLab's command mode must
  // not turn ArrowDown on a dropdown into "next cell".
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  const keep = (e) => e.stopPropagation();
  root.addEventListener("keydown", keep);
  const style = el("style", "", CSS);
  view.errorLine.setAttribute("role", "alert");
  view.live = liveRegion();
  root.append(style, view.controlsBox, view.more, view.errorLine, view.caption, view.panelsBox,
              view.note, view.live);
  const onError = () => { view.errorLine.textContent = model.get("error") || ""; };
  onError();
  host.appendChild(root);

  const release = listenPaint(view);
  view.panelsBox.addEventListener("click", (e) => onCellClick(view, e));
  const on = {
    "change:controls_spec": () => { buildControls(view); schedule(view); },
    "change:values": () => { syncControls(view); schedule(view); },
    "change:scene_json": () => onScene(view),
    "change:frames_json": () => schedule(view),
    "msg:custom": (msg, buffers) => onCustom(view, msg, buffers),
    "change:error": onError,
  };
  for (const [event, handler] of Object.entries(on)) model.on(event, handler);
  buildControls(view);
  draw(view);
  askNear(view);
  // refit when the notebook's width changes (a sidebar, a zoom, a window)
  let width = 0;
  const resized = new ResizeObserver(() => {
    if (Math.abs(root.clientWidth - width) < 2) return;
    width = root.clientWidth;
    fit(view);
  });
  resized.observe(root);
  return () => {
    resized.disconnect();
    stopPlay(view);
    view.drawQueued = false;
    for (const [event, handler] of Object.entries(on)) model.off(event, handler);
    window.removeEventListener("pointerup", release);
    root.removeEventListener("keydown", keep);
    root.remove();
  };
}

export default { render };
