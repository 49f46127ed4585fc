"""Run every benchmarks/bench_*.py and print a table, then one JSON line.

Each bench module has `run()` returning a list of (name, value, goal, unit)
rows (goal a ceiling, or a floor for names ending in _accuracy); value may be None when a figure cannot be measured here (say, an
optional extra is missing). The very last line printed is one JSON object
{name: value} of every figure.
"""
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(names=None):
    rows = []
    for path in sorted(HERE.glob("bench_*.py")):
        if names and path.stem.removeprefix("bench_") not in names:
            continue
        rows += load(path).run()
    print(f"{'figure':28} {'value':>12} {'goal':>12}  unit   status")
    for name, value, goal, unit in rows:
        shown = "n/a" if value is None else f"{value:.4g}"
        at_least = name.endswith("_accuracy")        # a floor (>= goal), not a ceiling
        status = "n/a" if value is None or goal is None else ("ok" if (value >= goal if at_least else
                                                               value < goal or (name.endswith("_vs_torch") and value <= goal)) else "MISSED")
        goal_text = "" if goal is None else f"{'>=' if at_least else '<'} {goal:g}"
        print(f"{name:28} {shown:>12} {goal_text:>12}  {unit:6} {status}")
    print(json.dumps({name: (None if value is None else round(value, 6))
                      for name, value, goal, unit in rows}))


if __name__ == "__main__":
    main(sys.argv[1:])
