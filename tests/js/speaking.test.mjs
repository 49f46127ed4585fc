// The browser's half of "Speaking" (cnnlib/widgets/base.py): a number grid
// as a table, each cell the text the SVG draws (blank where the picture is).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

// Loaded from its text, its import of ./protocol.js pointed at that file's text.
const url = (name) => new URL(`../../cnnlib/widgets/js/${name}`, import.meta.url);
const asData = (text) => "data:text/javascript;base64," + Buffer.from(text).toString("base64");
const SOURCE = readFileSync(url("explorer.js"), "utf8")
  .replace('"./protocol.js"', JSON.stringify(asData(readFileSync(url("protocol.js"), "utf8"))));
const { gridSVG, gridTable } = await import(asData(SOURCE));

const THEME = { colors: ["#0000ff", "#ffffff", "#ff0000"], limits: [-1, 1], bad: "#d9d9d9",
                highlight: "#ffb000", muted: "#555555", strong: 0.55 };
const cells = (html) => [...html.split("<tbody>")[1].matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
const drawn = (html) => [...html.matchAll(/<text class="cnn-num"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

test("a grid's table holds the SVG's numbers, its name and its labels", () => {
  const p = { type: "grid", key: "map", name: "map 2×3", rows: 2, cols: 3, cell: 24,
              values: [0.77, -0.11, null, 0.33, 1, -1], text: [".77", "-.11", "", ".33", "1.00", "-1.00"],
              reveal: 3, xlabels: ["-1", "0", "1"] };
  const table = gridTable(p);
  assert.match(table, /<caption>map 2×3<\/caption>/);
  assert.deepEqual([...table.matchAll(/scope="col">([^<]*)</g)].map((m) => m[1]),
                   ["column -1", "column 0", "column 1"]);
  assert.deepEqual([...table.matchAll(/scope="row">([^<]*)</g)].map((m) => m[1]), ["row 0", "row 1"]);
  assert.deepEqual(cells(table), [".77", "-.11", "", ".33", "", ""]);
  // the same numbers as the picture, in the same order
  assert.deepEqual(cells(table).filter(Boolean), drawn(gridSVG(p, THEME)));
});

test("a grid of colours only has no table, unless it is painted: then its values", () => {
  assert.equal(gridTable({ rows: 1, cols: 2, values: [1, -1], text: [], numbers: false }), "");
  const painted = gridTable({ rows: 1, cols: 2, values: [1, -1], text: [], numbers: false, paint: true });
  assert.deepEqual(cells(painted), ["1", "-1"]);
});
