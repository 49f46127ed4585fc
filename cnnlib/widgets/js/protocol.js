// The rules the browser shares with the kernel, each written once in
// JavaScript (their Python twins: cnnlib/widgets/protocol.py). Both are
// checked against tests/protocol_cases.json (tests/js/protocol.test.mjs).
// explorer.js imports them; esm_source() inlines this file in its place, and
// the static pages take them from that module.

// The key of a state (the states near, a static page's table): the values of
// the controls names, null where missing, as JSON. Numbers, strings,
// true/false or null only (TypeError); NaN or infinity: RangeError.
export function stateKey(values, names) {
  return JSON.stringify(names.map((name) => {
    const v = values[name];
    if (v === undefined || v === null) return null;
    if (typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v !== "number") {
      throw new TypeError(`${name}: a state key holds numbers, strings, true/false or null, got ${typeof v}`);
    }
    if (!Number.isFinite(v)) throw new RangeError(`${name} must be a finite number in a state key, got ${v}`);
    return v;
  }));
}

// A slider's position for value: within lo..hi, on its step (the last
// position at or below value, at least lo). value must be a number
// (TypeError), not NaN (RangeError); lo, hi, step whole, step >= 1, hi >= lo.
export function clampSlider(value, lo, hi, step = 1) {
  for (const [name, v] of [["lo", lo], ["hi", hi], ["step", step]]) {
    if (!Number.isInteger(v)) throw new TypeError(`clampSlider's ${name} must be an integer, got ${v}`);
  }
  if (step < 1 || hi < lo) throw new RangeError(`a slider needs step >= 1 and hi >= lo, got ${lo}, ${hi}, ${step}`);
  if (typeof value !== "number") throw new TypeError(`a slider's value must be a number, got ${typeof value}`);
  if (Number.isNaN(value)) throw new RangeError("a slider's value must be a number, got NaN");
  const v = Math.min(Math.max(value, lo), hi);
  return lo + Math.floor((v - lo) / step) * step;
}
