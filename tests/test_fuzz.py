"""Property-based fuzzing of every public function, explorer constructor and
exercise check.

Each call, whatever it is given, either succeeds with a valid result or raises
a ValueError/TypeError from inside cnnlib whose message names an argument
(tests/fuzz_cases.py says what good and junk values each function gets and
sorts the outcomes). Hypothesis draws the arguments, derandomised so that CI
runs the same examples every time; a census of seeded inputs counts the outcomes.
"""
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzz_cases as fz

CASES = fz.cases()
# Functions that train or search: fewer examples, so the whole file stays well under a minute.
HEAVY = {"train_model", "train_dense", "adversarial_training", "make_sound_dataset",
         "sticker_map", "fewest_flips", "smallest_epsilon", "universal_noise", "train_epoch",
         "make_dataset", "sticker", "robustness", "pgd", "fooling_rate", "nudge_step",
         "compare", "data_hunger", "learning_curves", "accuracies", "transfer_curve", "order_experiment",
         "compare_tables", "classical_accuracy",
         "train_substitute", "train", "train_drawings", "examples_experiment", "train_cnn", "logistic_accuracy",
         "transfer_table", "unit_summaries", "fit_tree", "deep_explorer",
         "training_explorer", "descent_explorer", "fgsm_explorer", "sticker_explorer",
         "drawing_explorer"}


@pytest.fixture(autouse=True)
def scratch_folder(tmp_path, monkeypatch):
    """Junk such as "abc" given as a folder lands in a scratch folder."""
    monkeypatch.chdir(tmp_path)


def _examples(case):
    return 6 if case.func.__name__ in HEAVY else 15


@pytest.mark.parametrize("case", CASES, ids=[c.name.removeprefix("cnnlib.") for c in CASES])
def test_each_call_succeeds_or_fails_clearly(case):
    arguments = st.fixed_dictionaries({p: st.sampled_from(case.options(p)) for p in case.params()})

    @settings(max_examples=_examples(case), deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(arguments)
    def call(kwargs):
        outcome, detail = fz.attempt(case, kwargs)
        assert outcome in ("accepted", "clear"), f"{outcome}: {detail}"

    call()


def test_every_junk_value_listed_for_a_function_is_tried():
    """Hypothesis draws a few examples per function, so a junk value listed for one
    argument (window_counts' n=10**6, say) may never be drawn: each is tried here,
    the other arguments good."""
    failures = []
    for case in CASES:
        for param, values in case.junk.items():
            if case.fuzzed is not None and param not in case.fuzzed:
                continue
            for value in values:
                kwargs = {**{p: case.good[p][0] for p in case.params()}, param: value}
                outcome, detail = fz.attempt(case, kwargs)
                if outcome not in ("accepted", "clear"):
                    failures.append((case.name, param, fz._shown({param: value}), outcome, detail))
    assert not failures, failures[:10]


def test_every_public_function_is_fuzzed_or_named_an_engine():
    fuzzed = {c.name for c in CASES}
    missing = fz.public_functions() - fuzzed - fz.ENGINES - fz.SLOW_ONLY - fz.PENDING
    assert not missing, f"add these to tests/fuzz_cases.py: {sorted(missing)}"
    assert len(fuzzed) >= 200
    import explorer_cases as ec
    assert {c.name for c in ec.CASES} == ec.explorer_functions()     # and every explorer


def test_the_census_has_no_unclear_silent_or_slow_outcome(capsys):
    counts, failures = fz.census(count=6, seed=1)
    with capsys.disabled():
        print(f"\nfuzz census: {sum(counts.values())} inputs, {dict(counts)}")
    assert not failures, failures[:10]
    assert counts["clear"] > 200 and counts["accepted"] > 200, counts


def _busy(seconds):
    """Work for `seconds` of the process's CPU time."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return 1.0


def _waiting(seconds):
    """Wait `seconds` of wall time, using no CPU (a call on a busy machine)."""
    time.sleep(seconds)
    return 1.0


def test_the_runaway_guard_counts_cpu_time_not_waiting(monkeypatch):
    """A call working past SLOW seconds of CPU is "slow"; one that only waits as
    long (a call niced beside CI's browser tests) is not."""
    monkeypatch.setattr(fz, "SLOW", 0.3)
    assert fz.attempt(fz.Case(_busy, {"seconds": [2.0]}), {"seconds": 2.0})[0] == "slow"
    assert fz.attempt(fz.Case(_waiting, {"seconds": [0.6]}), {"seconds": 0.6}) == \
        ("accepted", "")
