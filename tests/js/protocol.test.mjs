// The browser's half of the shared rules (cnnlib/widgets/js/protocol.js)
// against the table of cases the kernel's half is checked against too
// (tests/protocol_cases.json; tests/widgets/test_protocol.py runs this file).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

// Loaded as the static pages load the explorers' module, from its text (and
// so on any Node with node --test, whatever it makes of a .js file).
const SOURCE = readFileSync(new URL("../../cnnlib/widgets/js/protocol.js", import.meta.url), "utf8");
const { clampSlider, stateKey } = await import(
  "data:text/javascript;base64," + Buffer.from(SOURCE).toString("base64"));
const CASES = JSON.parse(readFileSync(new URL("../protocol_cases.json", import.meta.url), "utf8"));
const ERRORS = { type: TypeError, value: RangeError };
const NONFINITE = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };

// The case's arguments, with the values JSON cannot hold put in by name.
function withNonfinite(args, nonfinite) {
  const out = { ...args };
  for (const [name, word] of Object.entries(nonfinite || {})) out[name] = NONFINITE[word];
  return out;
}

function check(c, call, expected) {
  if (c.error) assert.throws(call, ERRORS[c.error], c.why);
  else assert.equal(call(), expected, c.why);
}

for (const c of CASES.state_key) {
  test(`stateKey: ${c.why}`, () => {
    const values = withNonfinite(c.values, c.nonfinite);
    check(c, () => stateKey(values, c.names), c.key);
  });
}

for (const c of CASES.clamp_slider) {
  test(`clampSlider: ${c.why}`, () => {
    const { value, lo, hi, step } = withNonfinite(c, c.nonfinite);
    check(c, () => clampSlider(value, lo, hi, step), c.position);
  });
}
