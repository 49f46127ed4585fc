"""Small timing helpers shared by the bench_*.py files."""
import time


def best_per_call(fn, repeat=7, min_seconds=0.05):
    """Best-of-`repeat` seconds per call of fn(), each repeat looping >= min_seconds."""
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_seconds:
        fn()
        n += 1
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - start) / n)
    return best
