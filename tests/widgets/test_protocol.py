"""The rules the kernel and the browser share, written once in each language
(cnnlib/widgets/protocol.py, cnnlib/widgets/js/protocol.js), checked against
one table of cases (tests/protocol_cases.json): here the Python half, and
``node --test`` the JavaScript half. Also the base's paint protocol."""
import json
import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cnnlib.widgets.base import Explorer
from cnnlib.widgets.controls import slider_control
from cnnlib.widgets.matching import matching_explorer
from cnnlib.widgets.protocol import clamp_slider, esm_source, table_key

ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((ROOT / "tests" / "protocol_cases.json").read_text(encoding="utf-8"))
ERRORS = {"type": TypeError, "value": ValueError}
NONFINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def with_nonfinite(args, nonfinite):
    """The case's arguments, with the values JSON cannot hold put in by name."""
    return {**args, **{name: NONFINITE[word] for name, word in (nonfinite or {}).items()}}


def check(case, call, expected):
    if "error" in case:
        with pytest.raises(ERRORS[case["error"]]):
            call()
    else:
        assert call() == expected, case["why"]


@pytest.mark.parametrize("case", CASES["state_key"], ids=lambda c: c["why"])
def test_state_key(case):
    values = with_nonfinite(case["values"], case.get("nonfinite"))
    check(case, lambda: table_key(values, case["names"]), case.get("key"))


@pytest.mark.parametrize("case", CASES["clamp_slider"], ids=lambda c: c["why"])
def test_clamp_slider(case):
    args = with_nonfinite(case, case.get("nonfinite"))
    check(case, lambda: clamp_slider(args["value"], args["lo"], args["hi"], args["step"]),
          case.get("position"))


def test_the_table_covers_both_rules_and_their_errors():
    for rule in ("state_key", "clamp_slider"):
        kinds = {c.get("error", "ok") for c in CASES[rule]}
        assert kinds == {"ok", "type", "value"}, rule


def test_node_checks_the_javascript_against_the_same_table():
    node = shutil.which("node")
    if node is None:
        if IN_CI:
            pytest.fail("node is required in CI (.ci/run installs nodejs): the JavaScript "
                        "half of tests/protocol_cases.json went unchecked")
        pytest.skip("node is not installed: the JavaScript half of the rules is unchecked "
                    "(apt-get install nodejs)")
    tests = sorted(str(p) for p in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert tests, "no tests/js/*.test.mjs"
    run = subprocess.run([node, "--test", *tests], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    cases = len(CASES["state_key"]) + len(CASES["clamp_slider"])
    # every case, and the other files' own tests (one test( call each)
    others = sum(Path(t).read_text().count("\ntest(") for t in tests
                 if not t.endswith("protocol.test.mjs"))
    assert f"# pass {cases + others}" in run.stdout, run.stdout[-1000:]


def test_the_browser_module_carries_the_shared_rules_once():
    source = esm_source()
    assert 'from "./protocol.js"' not in source          # inlined: anywidget's module is one text
    assert source.count("export function stateKey(") == 1
    assert source.count("export function clampSlider(") == 1


class Steps(Explorer):
    """A made-up explorer with a slider on a step of 3, and one that sets its max."""

    def __init__(self):
        super().__init__([slider_control("top", "top", 9, 0, 9),
                          slider_control("n", "n", 9, 0, 9, step=3)])

    def update(self, changed):
        self.set_control("n", max=self.values["top"])
        self.scene = {"panels": [], "caption": str(self.values["n"])}


def test_a_narrowed_slider_lands_on_its_last_position():
    e = Steps()
    e.controls["top"].value = 7                # positions 0, 3, 6 now: 9 becomes 6, not 7
    assert e.values["n"] == 6 and e.error == ""
    e.controls["top"].value = 2
    assert e.values["n"] == 0


def test_an_explorer_with_nothing_to_paint_says_so():
    e = matching_explorer()
    e._on_message({"event": "paint", "seq": 1, "grid": [1.0] * 81})        # as the browser
    assert "has no picture to paint" in e.error and "ack" not in e.scene
    assert not e.paintable
