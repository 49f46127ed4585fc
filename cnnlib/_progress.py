"""Progress for long work: one bar per notebook cell, nothing in tests or scripts.

Functions that train for many epochs, generate big datasets or search take
progress=None (the default): a bar when they run in a Jupyter kernel, none
elsewhere; True: always a bar (a widget in Jupyter, text on stderr in a
terminal); False: never. The environment variable CNNLIB_PROGRESS=0 turns
the automatic bars off: tools/notebooks.py and the tests set it, so committed
notebook outputs carry no bar. The bar is tqdm's (tqdm.auto).

One bar at a time: work that asks for a bar while another is open (each
training inside an experiment's loop) shows none of its own and stays silent
under the open one, which counts its own units only. In a notebook all the
bars of one cell share one output slot, each taking the place of the last,
and a bar that ends (finished, or stopped early) is taken away with its
widget, so nothing is left above what the cell shows (a reveal). In a
terminal the bar is tqdm's text line, left finished.

Stopping the kernel (the notebook's stop button, KeyboardInterrupt) stops
the work between two steps; the bar gives way to one line saying how far it
got. Training keeps the model as it was after its last whole step
(cnnlib.training).
"""
import os
import sys
import uuid

from cnnlib._checks import as_bool

OFF = ("0", "false", "no", "off")
_OPEN = []     # the bars open now (shown or silent), outermost first
_SLOT = {}     # the notebook output showing bars: {"cell": whose, "id": display id}


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
    """A bar that shows nothing and counts its units (n of total): the
    stand-in when no bar is wanted, and for work inside an open bar. A context
    manager; while it is open, any bar asked for is silent."""

    def __init__(self, total=0, what="", unit=""):
        self.n, self.total, self.what, self.unit = 0, total, what, unit
        self.closed = False

    def update(self, n=1):
        self.n += n

    def set_postfix_str(self, text):
        pass

    def close(self, stopped=False):
        """End the bar (again: nothing); stopped: it ends by an error or an interrupt."""
        if not self.closed:
            self.closed = True
            self._end(stopped)

    def _end(self, stopped):
        pass

    def __enter__(self):
        _OPEN.append(self)
        return self

    def __exit__(self, kind, value, traceback):
        _OPEN.remove(self)
        self.close(stopped=kind is not None)
        return False


class Text(Silent):
    """tqdm's text bar on stderr (a terminal): left finished when it ends."""

    def __init__(self, tqdm, total, what, unit):
        super().__init__(total, what, unit)
        self.shown = tqdm(total=total, desc=what, unit=f" {unit}", leave=True, dynamic_ncols=True)

    def update(self, n=1):
        super().update(n)
        self.shown.update(n)

    def set_postfix_str(self, text):
        self.shown.set_postfix_str(text)

    def _end(self, stopped):
        self.shown.close()


class Widget(Text):
    """tqdm's notebook widget, shown in its cell's bar slot; when it ends the
    widget closes and the slot is emptied (stopped: one line says how far)."""

    def __init__(self, tqdm, total, what, unit):
        Silent.__init__(self, total, what, unit)
        self.shown = tqdm(total=total, desc=what, unit=f" {unit}", leave=False,
                          dynamic_ncols=True, display=False)
        self.slot, new = _slot()
        _show(self.shown.container, self.slot, new)

    def _end(self, stopped):
        self.shown.close()
        line = f"{self.what}: stopped after {self.n} of {self.total} {self.unit}s"
        _show({"text/plain": line} if stopped else {}, self.slot, new=False, raw=True)
        _close(self.shown.container)          # a bar stopped early too (tqdm keeps those)


def _close(widget):
    """Close a widget and the widgets it holds (children, layout, style): 11
    for a tqdm bar, whose own close() closes only the outer box."""
    parts = [*getattr(widget, "children", ()), getattr(widget, "layout", None),
             getattr(widget, "style", None)]
    widget.close()
    for part in parts:
        if part is not None:
            _close(part)


def bar(total, what, unit, progress=None):
    """A progress bar over `total` units of work (a context manager): tqdm's
    (a notebook widget in Jupyter, text in a terminal) when wanted(progress)
    and no other bar is open, else a Silent one. what: a few words for the
    work, e.g. "training"; unit: one unit's name, e.g. "epoch"."""
    if not wanted(progress) or _OPEN:
        return Silent(total, what, unit)
    tqdm = _tqdm()
    notebook = sys.modules.get("tqdm.notebook")
    if notebook is not None and issubclass(tqdm, notebook.tqdm_notebook):
        return Widget(tqdm, total, what, unit)
    return Text(tqdm, total, what, unit)


def _tqdm():
    """tqdm.auto's bar: the notebook widget in Jupyter, else text."""
    # tqdm (and its notebook widgets) only when a bar is shown
    from tqdm.auto import tqdm
    return tqdm


def _shell():
    """The running Jupyter kernel's IPython shell (a Widget bar is only made
    in one): its display publisher shows the bars' slot."""
    return sys.modules["ipykernel.kernelapp"].IPKernelApp.instance().shell


def _slot():
    """(display id, new): this cell's bar slot. The cell's first bar makes it
    (new), the next ones take its place. A cell is the kernel request running
    now (one run of a cell, or one widget event)."""
    shell = _shell()
    header = (getattr(shell, "parent_header", None) or {}).get("header") or {}
    cell = header.get("msg_id", shell.execution_count)
    if _SLOT.get("cell") == cell:
        return _SLOT["id"], False
    _SLOT.update(cell=cell, id=f"cnnlib-progress-{uuid.uuid4().hex}")
    return _SLOT["id"], True


def _show(obj, slot, new, raw=False):
    """Show obj (raw: a dict {mime type: data}) in the slot, as a new output or
    in the slot's place: what IPython's display() and update_display() do."""
    shell = _shell()
    data, metadata = (obj, {}) if raw else shell.display_formatter.format(obj)
    shell.display_pub.publish(data, metadata, transient={"display_id": slot}, update=not new)
