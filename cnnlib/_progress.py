"""Progress for long work: a bar in a notebook, nothing in tests or scripts.

Functions that train for many epochs, generate big datasets or search take
progress=None (the default): a bar when they run in a Jupyter kernel, none
elsewhere; True: always a bar (a widget in Jupyter, text on stderr in a
terminal); False: never. The environment variable CNNLIB_PROGRESS=0 turns
the automatic bars off: tools/notebooks.py and the tests set it, so committed
notebook outputs carry no bar. The bar is tqdm's (tqdm.auto).

Stopping the kernel (the notebook's stop button, KeyboardInterrupt) stops
the work between two steps; the bar stays where it stopped. Training keeps
the model as it was after its last whole step (cnnlib.training).
"""
import os
import sys

from cnnlib._checks import as_bool

OFF = ("0", "false", "no", "off")


def wanted(progress):
    """Whether to show a bar: progress True/False, or None for automatic (a
    Jupyter kernel is running, and CNNLIB_PROGRESS is not 0)."""
    if progress is not None:
        return as_bool(progress, "progress")
    if os.environ.get("CNNLIB_PROGRESS", "").strip().lower() in OFF:
        return False
    kernel = sys.modules.get("ipykernel.kernelapp")      # only if a kernel imported it
    return kernel is not None and kernel.IPKernelApp.initialized()


class Silent:
    """The stand-in when no bar is wanted: takes the same calls, shows nothing."""

    n = 0

    def update(self, n=1):
        self.n += n

    def set_postfix_str(self, text):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def bar(total, what, unit, progress=None):
    """A progress bar over `total` units of work (a context manager): tqdm's
    (a notebook widget in Jupyter, text in a terminal) when wanted(progress),
    else a Silent one. what: a few words for the work, e.g. "training"."""
    if not wanted(progress):
        return Silent()
    # tqdm (and its notebook widgets) only when a bar is shown
    from tqdm.auto import tqdm
    return tqdm(total=total, desc=what, unit=f" {unit}", leave=True, dynamic_ncols=True)
