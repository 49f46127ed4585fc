"""Re-running a notebook cell closes the explorers its last run made."""
import weakref

# cell id -> the explorers made while that cell last ran (weakly held: an
# explorer closed and dropped leaves by itself).
_MADE = {}
_CELL = {"current": None, "shell": None}


def track_cells(shell):
    """Close, whenever a notebook cell starts running, the explorers its
    previous run made: re-running an explorer's cell replaces it, so the
    old one's widget, comm and arrays are released. Called with IPython's
    shell by the first explorer made; the cell id comes from the notebook."""
    if shell is None or _CELL["shell"] is shell:
        return
    shell.events.register("pre_run_cell", _cell_started)
    shell.events.register("post_run_cell", _cell_finished)
    _CELL["shell"] = shell
    try:                               # the cell running now, which made the first explorer
        _CELL["current"] = shell.kernel.get_parent()["metadata"].get("cellId")
    except (AttributeError, KeyError, TypeError):
        _CELL["current"] = None


def _cell_started(info=None):
    cell = getattr(info, "cell_id", None)
    _CELL["current"] = cell
    for old in list(_MADE.pop(cell, ())) if cell is not None else ():
        old.close()


def _cell_finished(result=None):
    _CELL["current"] = None


def track(explorer):
    """Remember which cell made explorer (see track_cells)."""
    try:
        from IPython import get_ipython
        track_cells(get_ipython())
    except ImportError:
        return
    cell = _CELL["current"]
    if cell is not None:
        _MADE.setdefault(cell, weakref.WeakSet()).add(explorer)


def untrack(explorer):
    for made in _MADE.values():
        made.discard(explorer)
