"""Issue: foundation. import_seconds, convolve_us, convolve_batch_us."""
import os
import statistics
import subprocess
import sys

import numpy as np
from timing import best_per_call

import cnnlib


def import_seconds(repeat=7):
    """Median wall time of `import cnnlib` in a fresh process, as a user sees it:
    bytecode caches allowed (one warm-up run writes them)."""
    code = ("import time; t = time.perf_counter(); import cnnlib; "
            "print(time.perf_counter() - t)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, env=env,
                                  text=True, check=True).stdout) for _ in range(repeat + 1)]
    return statistics.median(times[1:])


def run():
    x, d = cnnlib.load_grid("x"), cnnlib.load_feature("diagonal")
    rng = np.random.default_rng(0)
    batch = np.where(rng.random((64, 9, 9)) > 0.5, 1.0, -1.0)
    kernels = np.where(rng.random((8, 3, 3)) > 0.5, 1.0, -1.0)
    return [
        ("import_seconds", import_seconds(), 0.15, "s"),
        ("convolve_us", best_per_call(lambda: cnnlib.convolve(x, d)) * 1e6, 30, "us"),
        ("convolve_batch_us", best_per_call(lambda: cnnlib.convolve(batch, kernels)) * 1e6, 100, "us"),
    ]
