"""The order tests run in.

The unit tests run in any order: pytest-randomly shuffles them with a new
seed each run and the last line of the report names it, so that
`python -m pytest --randomly-seed=N` repeats a run exactly (`-p no:randomly`
keeps file order, `--reverse` reverses it). Two kinds of test follow a
sequence by design and run last, in file order, whatever the shuffle:
the notebooks (nbval runs a notebook's cells top to bottom in one kernel) and
the browser tests (one JupyterLab page per notebook, its checks in turn).

No progress bars (cnnlib._progress) in any run, nor in the notebook kernels
nbval starts: they inherit this environment, so a notebook's outputs are the
same as when tools/notebooks.py saved them.
"""
import itertools
import os

import pytest

os.environ["CNNLIB_PROGRESS"] = "0"

COLLECTED = pytest.StashKey[int]()
_count = itertools.count()


def keeps_file_order(item):
    """A notebook cell, or a browser test."""
    return item.path.suffix == ".ipynb" or "browser" in item.path.parent.parts[-1:]


def pytest_itemcollected(item):
    item.stash[COLLECTED] = next(_count)


def shared_params(item):
    """The indices of the item's parameters that belong to a module- or
    session-wide fixture (one notebook's tab): tests sharing them run
    together, so the fixture is set up once per value, not once per test."""
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return ()
    defs = item._fixtureinfo.name2fixturedefs
    return tuple(index for name, index in sorted(callspec.indices.items())
                 if name in defs and defs[name][-1].scope in ("module", "package", "session"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After any shuffle or reversal: the browser tests and notebook cells
    move to the end, back in the order they were collected, file by file;
    within a file, the tests of one value of a module-wide fixture together
    (each notebook opened and run once, then its checks in file order)."""
    ordered = sorted((i for i in items if keeps_file_order(i)), key=lambda i: i.stash[COLLECTED])
    first = {}
    for item in ordered:
        first.setdefault(item.path, item.stash[COLLECTED])
    ordered.sort(key=lambda i: (first[i.path], shared_params(i), i.stash[COLLECTED]))
    items[:] = [i for i in items if not keeps_file_order(i)] + ordered


def pytest_terminal_summary(terminalreporter, config):
    if config.pluginmanager.hasplugin("randomly") and config.getoption("randomly_reorganize"):
        seed = config.getoption("randomly_seed")
        terminalreporter.write_line(f"unit tests shuffled with --randomly-seed={seed} "
                                    f"(pass it to pytest to repeat this order)")
