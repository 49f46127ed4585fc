"""A class on one server: N students, each a kernel driven through the
Jupyter protocol on 127.0.0.1 (benchmarks/kernels.py), each with the
filtering explorer on screen, making one move a second as the browser
makes it (the new values, then the request for the states near, with the
keys it holds). MOVES timed moves each, started together, after the
browser's first request for the states near and one untimed first move.

class_of_30_move_p95_vs_one: the p95 move time (a move sent until the
    kernel is done with it: its new picture sent) with 30 students, over
    the same with one. Goal <= 2.
class_move_p95_ms_1 / _10 / _30: those p95 times, ms.
class_kernel_mb_30: the median memory (RSS) of a student's kernel after
    its moves, with 30 students.
class_moves_lost: moves sent with no answer, an error, or a kernel whose
    values at the end are not the last ones sent, over every N. Goal 0.
"""
import ast
import os
import random
import statistics
import threading
import time

from kernels import Failed, Kernel

MOVES = 20
CLASSES = (1, 10, 30)
SETUP = ("from cnnlib.widgets.filtering import filtering_explorer\n"
         "e = filtering_explorer()\ne")
EXPRESSIONS = {"id": "e.comm.comm_id", "names": "e.table_names()",
               "choices": "{n: e.control_values(n) for n in e.table_names()}",
               "values": "dict(e.values)"}


def student(kernel, seed, start, times):
    """Set up the explorer, wait for the class to start, make MOVES moves a
    second apart; the move times go into times. Returns moves lost."""
    got = {k: ast.literal_eval(v)
           for k, v in kernel.run(SETUP, cell_id="explorer", expressions=EXPRESSIONS).items()}
    comm, names, choices, values = got["id"], got["names"], got["choices"], got["values"]
    have, rng = set(), random.Random(seed)

    def heard(msg):
        data = msg["content"].get("data", {}) if msg["header"]["msg_type"] == "comm_msg" else {}
        content = data.get("content") or {}
        if data.get("method") == "custom" and content.get("event") == "states":
            have.update(content["keys"])

    # the browser's first request, once the picture is drawn, and a first
    # move (a kernel's first comm message loads code): not timed
    kernel.wait_idle({kernel.comm_message(comm, {"method": "custom", "content": {
        "event": "near", "have": [], "gzip": True}})}, heard)
    start.wait()
    t0 = time.perf_counter() + rng.random()            # students are not in step
    lost = 0
    for i in range(-1, MOVES):
        time.sleep(max(0.0, t0 + i - time.perf_counter()))
        name = rng.choice(names)
        values = {**values, name: rng.choice([v for v in choices[name] if v != values[name]])}
        sent = time.perf_counter()
        move = kernel.comm_message(comm, {"method": "update", "state": {"values": values},
                                          "buffer_paths": []})
        near = kernel.comm_message(comm, {"method": "custom", "content": {
            "event": "near", "have": sorted(have), "gzip": True}})
        try:
            done = kernel.wait_idle({move, near}, heard)
        except Failed:
            lost += 1
            continue
        if i >= 0:
            times.append(1000 * (done[move] - sent))
    final = ast.literal_eval(kernel.run("", expressions={"v": "dict(e.values)"})["v"])
    lost += any(final[n] != values[n] for n in names)
    return lost


def measure(n, seed=0):
    """(move times in ms, median kernel MB, moves lost) for a class of n."""
    kernels = [Kernel(wait=False) for _ in range(n)]
    try:
        for k in kernels:
            k.ready()
        start, times, lost = threading.Barrier(n), [], [0]     # the setups are not timed

        def one(i):
            try:
                lost[0] += student(kernels[i], seed * 1000 + i, start, times)
            except Exception as error:          # a student whose kernel failed: all lost
                print(f"student {i}: {type(error).__name__}: {error}")
                lost[0] += MOVES
                start.abort()
        threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        mb = statistics.median(k.rss_mb() for k in kernels)
    finally:
        for k in kernels:
            k.close()
    return times, mb, lost[0]


def p95(times):
    return statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else float("nan")


def run():
    results, load = {}, {}
    for n in CLASSES:
        load[n] = os.getloadavg()[0]           # the machine's other work, for reading the times
        results[n] = measure(n)
    for n, (times, mb, lost) in results.items():
        print(f"class of {n}: {len(times)} moves, p95 {p95(times):.1f} ms, median "
              f"{statistics.median(times):.1f} ms, kernel {mb:.0f} MB, lost {lost} "
              f"(load average {load[n]:.1f} before)")
    one, thirty = p95(results[1][0]), p95(results[30][0])
    return [
        ("class_of_30_move_p95_vs_one", thirty / one, 2, "ratio"),
        *[(f"class_move_p95_ms_{n}", p95(results[n][0]), None, "ms") for n in CLASSES],
        ("class_kernel_mb_30", results[30][1], None, "MB"),
        ("class_moves_lost", sum(lost for _, _, lost in results.values()), 1, "moves"),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
