"""How long the test tiers take (see the README's table).

unit_tier_seconds: `make test`'s pytest command (the unit tests and every
    notebook through nbval, on every core), read from the Makefile and run
    once from this checkout's .venv; goal <= 300 s on a 2-core machine.
    null if the run fails (its last lines are printed).
ci_seconds is `.ci/run` on a fresh clone: too long to run inside the bench,
    it prints its own total at the end (goal <= 900 s).
"""
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def unit_tier_command():
    """The test target's pytest arguments, as the Makefile spells them."""
    recipe = re.search(r"^test:[^\n]*\n\t([^\n]*)", (REPO / "Makefile").read_text(), re.M).group(1)
    return [sys.executable] + shlex.split(recipe.split("$(BIN)/python", 1)[1])


def run():
    start = time.perf_counter()
    done = subprocess.run(unit_tier_command(), cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    print("make test:", done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "",
          f"({seconds:.0f} s)")
    if done.returncode:
        print(done.stdout[-2000:], done.stderr[-1000:])
    return [("unit_tier_seconds", seconds if done.returncode == 0 else None, 300, "s")]
