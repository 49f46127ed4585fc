"""What the prefetch costs a hub: the kernel CPU of a student's moves,
the states near included, against a naive matplotlib redraw.

explorer_kernel_cpu_with_prefetch_vs_naive: for every explorer that
    prefetches, a seeded walk of MOVES moves as a student makes them (each
    picks a slider or dropdown other than the scrub slider, and another of
    its values: the moves that ask for the states near). The kernel CPU
    of the walk (time.process_time): the first near request (the picture
    drawn), then for each move the value set as the browser sets it, the
    explorer's update, the message serialised, and the near request the
    browser sends after it, answered with the keys the browser holds (up
    to 600, as explorer.js keeps). Divided by MOVES, then by the naive
    redraw's CPU (bench_explorers.naive_redraw, timed here on the same
    clock); the worst explorer. Goal <= 0.02.
explorer_near_states_per_move: the states computed per move in that
    worst walk (each once: the kernel keeps them).
explorer_moves_drawn_at_once: the share of a walk's moves that landed on a
    state the browser held (drawn with no round trip); the lowest explorer.
    A walk that picks any value of any control at random is a hard case.
explorer_steps_drawn_at_once: the same for walks of arrow-key moves (each
    control's next or previous value, fetched first).
"""
import random
import statistics
import time

from bench_explorers import EXPLORERS, naive_redraw

from cnnlib.widgets.protocol import table_key

MOVES = 40
BROWSER_HOLDS = 600          # explorer.js: near.limit


class Browser:
    """Stands in for explorer.js: what the kernel sends, the keys it holds."""

    def __init__(self, explorer):
        self.keys, self.sent = {}, 0
        explorer._send = self.receive

    def receive(self, msg, buffers=None):
        self.sent += len(repr(msg)) + sum(len(b) for b in buffers or ())
        content = msg.get("content", {})
        if content.get("event") == "states":
            for key in content["keys"]:
                self.keys.pop(key, None)
                self.keys[key] = True
            while len(self.keys) > BROWSER_HOLDS:
                self.keys.pop(next(iter(self.keys)))

    def ask(self, explorer):
        explorer._on_msg(explorer, {"event": "near", "have": list(self.keys)}, [])


def step(explorer, name, rng):
    """The value an arrow key gives: the next or the previous one."""
    offered = explorer.control_values(name)
    i = offered.index(explorer.values[name])
    j = i + rng.choice((-1, 1))
    return offered[j if 0 <= j < len(offered) else 2 * i - j]


def walk(factory, seed=0, moves=MOVES, steps=False):
    """(kernel CPU seconds of the walk, states computed, moves the browser
    could draw at once from the states it held). steps: each move an arrow
    key's (the next or the previous value), not any value."""
    rng = random.Random(seed)
    explorer = factory()
    browser = Browser(explorer)
    names = explorer.table_names()
    cpu, at_once = 0.0, 0
    for i in range(moves + 1):
        start = time.process_time()
        browser.ask(explorer)              # the picture drawn or the move made: what is near?
        cpu += time.process_time() - start
        if i == moves:
            break
        name = rng.choice(names)
        value = step(explorer, name, rng) if steps else rng.choice(
            [v for v in explorer.control_values(name) if v != explorer.values[name]])
        at_once += table_key({**explorer.values, name: value}, names) in browser.keys
        start = time.process_time()
        explorer.set_values(**{name: value})
        cpu += time.process_time() - start
    computed = len(explorer._near_cache)
    explorer.close()
    return cpu, computed, at_once


def run():
    naive_redraw()
    naive = []
    for _ in range(5):
        start = time.process_time()
        naive_redraw()
        naive.append(time.process_time() - start)
    naive = statistics.median(naive)
    walks = {name: walk(factory) for name, factory, _ in EXPLORERS if factory().prefetch}
    per_move = {name: cpu / MOVES for name, (cpu, _, _) in walks.items()}
    worst = max(per_move, key=per_move.get)
    print(f"prefetch: naive redraw {1000 * naive:.0f} ms CPU; kernel CPU per move with the states "
          f"near: " + ", ".join(f"{k} {1000 * v:.1f} ms ({walks[k][1]} states, "
                                f"{walks[k][2]}/{MOVES} moves drawn at once)"
                                for k, v in per_move.items()))
    stepped = {name: walk(factory, steps=True)[2] for name, factory, _ in EXPLORERS
               if factory().prefetch}
    print("arrow-key walks, moves drawn at once: "
          + ", ".join(f"{k} {v}/{MOVES}" for k, v in stepped.items()))
    return [
        ("explorer_kernel_cpu_with_prefetch_vs_naive", per_move[worst] / naive, 0.02, "ratio"),
        ("explorer_steps_drawn_at_once", min(stepped.values()) / MOVES, None, "share"),
        ("explorer_near_states_per_move", walks[worst][1] / MOVES, None, "states"),
        ("explorer_moves_drawn_at_once", min(a for _, _, a in walks.values()) / MOVES, None,
         "share"),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
