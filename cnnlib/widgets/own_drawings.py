"""The drawing explorer: draw examples of your own classes, train the CNN on
them, and test it on new drawings.

Only wiring. The browser paints the grid (the shared paintable grid of
cnnlib/widgets/js/explorer.js) and sends it; cnnlib.own_drawings keeps the
collection and its folder (every saved drawing is written at once, so a
kernel restart loses nothing) and trains; cnnlib.draw.own_drawings describes
what the browser draws.
"""
import os
import warnings

from cnnlib._checks import as_int, as_seed, describe
from cnnlib.draw.own_drawings import drawings_scene, status_text
from cnnlib.own_drawings import (SHIFTS, as_class_name, is_blank, load_drawings, train_drawings,
                                 training_counts)
from cnnlib.transforms import blank, from_cells
from cnnlib.widgets.base import Explorer
from cnnlib.widgets.controls import button_control, dropdown_control, text_control

PER_CLASS = (("2", 2), ("5", 5), ("20", 20), ("all", 0))
SHIFTED = (("no", "no"), ("yes, 4 each", "yes"))
BUTTONS = (("save", "save drawing"), ("clear", "clear"), ("undo", "remove last"),
           ("train", "train"), ("remove", "remove chosen"))
NONE_CHOSEN = ("none", "")         # the saved-drawing dropdown's first choice


class DrawingsExplorer(Explorer):
    """State: drawings (a cnnlib.own_drawings.Drawings kept in its folder), grid
    (9, 9) of ±1 being drawn, model (None until trained), stages (the
    model's answer for grid), error (the last problem, in words, or ""),
    saved (the files saved from this explorer, newest last: "remove last"
    takes the newest). Choosing a saved drawing ("saved drawing") puts it on
    the grid; "remove chosen" deletes it."""

    # Drawing, saving and training need the kernel (and the student's folder):
    # a static page shows the explorer's picture and says so.
    needs_kernel = True

    def __init__(self, folder, classes=("x", "o"), seed=0, size=9):
        seed, size = as_seed(seed), as_int(size, "size", 3, 64, hint="the grid's side")
        if isinstance(classes, (str, bytes)) or not isinstance(classes, (list, tuple)) \
                or not classes:
            raise TypeError(f"classes must be a list of class names such as ('x', 'o'), got "
                            f"{describe(classes)}")
        classes = [as_class_name(name, f"classes[{i}]") for i, name in enumerate(classes)]
        if not isinstance(folder, (str, os.PathLike)):
            raise TypeError(f"folder must be a folder's path (a string or a Path), got "
                            f"{describe(folder)}")
        with warnings.catch_warnings(record=True) as skipped:    # said in the error line
            warnings.simplefilter("always")
            self.drawings = load_drawings(folder, create=True)
        if self.drawings.shape is not None and self.drawings.shape != (size, size):
            raise ValueError(f"folder holds {self.drawings.shape[0]}x{self.drawings.shape[1]} "
                             f"drawings, but size is {size}: use size="
                             f"{self.drawings.shape[0]} or another folder")
        for name in classes:
            self.drawings.add_class(name)
        self.seed, self.size = seed, size
        self.grid, self.model, self.stages, self.error = blank(size), None, None, ""
        self.trained_with, self.saved = None, []
        names = list(self.drawings.classes)
        controls = [dropdown_control("label", "save as", names, names[0]),
                    *[button_control(name, label) for name, label in BUTTONS[:4]],
                    text_control("new_class", "new class", button="add class",
                                 placeholder="e.g. T", size=8),
                    dropdown_control("per_class", "per class", PER_CLASS, 0),
                    dropdown_control("shifted", "shifted copies", SHIFTED, "no"),
                    dropdown_control("chosen", "saved drawing", self._saved_choices(), ""),
                    button_control(*BUTTONS[4])]
        self.kind = "drawings"
        super().__init__(controls, args={"folder": str(folder), "classes": list(classes),
                                         "seed": seed})
        self.static_note = "Drawing and training need a running notebook."
        if skipped:
            self.error = (f"Skipped {len(skipped)} file(s) in {folder} that are not drawings "
                          f"(fix or move them, then run this cell again): "
                          + "; ".join(str(w.message).removeprefix("skipped ") for w in skipped))

    def _saved_choices(self):
        """The saved-drawing dropdown's choices: none, then every drawing's file."""
        return [NONE_CHOSEN, *[(name, name) for name in self.drawings.file_names()]]

    def _choices_changed(self):
        """The saved-drawing dropdown after a save or a removal: the files now,
        none chosen."""
        with self.hold_sync():
            self.set_control("chosen", options=[list(c) for c in self._saved_choices()])
            self.set_values(chosen="")

    # --- the scene ---------------------------------------------------------
    def update(self, changed):
        if "chosen" in changed and self.values.get("chosen"):     # a saved drawing, on the grid
            self.grid = self.drawings.grids[self.drawings.index_of(self.values["chosen"])]
        history = self.model.history if self.model is not None else None
        self.stages = self.model.stages(self.grid) if self.model is not None else None
        # a problem (a class with no drawing, a bad class name) goes to the
        # base's error line, shown in red under the controls; the caption keeps the status
        counts = self.drawings.counts()
        caption = status_text(counts, self.model is not None, *(self.trained_with or (None, False)))
        per_class, shifted = self.training_settings()
        shifts = len(SHIFTS) if shifted else 0
        plan = (per_class, shifts, training_counts(counts, per_class, shifted))
        self.scene = {"panels": drawings_scene(self.grid, counts,
                                               self.values.get("label", ""), history, self.stages,
                                               self.model.classes if self.model else (), plan,
                                               self.values.get("chosen", "")),
                      "caption": caption, "main": "picture", "beside": 2}

    def training_settings(self):
        """(per_class or None for all, shifted copies or not), as chosen."""
        return self.values.get("per_class") or None, self.values.get("shifted") == "yes"

    # --- events ---------------------------------------------------------------
    def on_event(self, message):
        """A button, or a new class's name typed in the text box."""
        self.error = ""
        if message.get("event") == "text" and message.get("name") == "new_class":
            if not str(message.get("text", "")).strip():
                self.error = "No new class yet: type its name in the box first (e.g. T)"
                return self.redraw()
            try:
                self._add_class(message.get("text"))
            except (TypeError, ValueError) as problem:
                self.error = f"No new class: {problem}"
        elif message.get("event") == "button":
            action = getattr(self, message.get("name", ""), None)
            if message.get("name") in dict(BUTTONS) and action is not None:
                try:
                    action()
                except ValueError as problem:     # shown, not lost in the kernel's log
                    self.error = f"Not yet: {problem}"
                except OSError as problem:        # a full disk, a folder gone
                    self.error = f"Not saved: {problem}"
        self.redraw()

    def paint_grid(self, cells):
        """The browser's newest drawing: size*size values, row by row."""
        self.grid = from_cells(cells, self.size)
        if self.values.get("chosen"):             # drawn over: a new drawing now
            self.set_values(chosen="")
        self.redraw()

    def save(self):
        """Add the grid as an example of the chosen label (written to the
        folder); a blank grid is refused."""
        if is_blank(self.grid):
            raise ValueError(f"the grid is blank: draw a {self.values['label']!r} first "
                             f"(click or drag across the cells), then save it")
        if self.values.get("chosen"):
            raise ValueError(f"this is {self.values['chosen']}, saved already: draw over it "
                             f"to save a changed copy, or press clear to start a new drawing")
        self.drawings.add(self.grid, self.values["label"])
        self.saved.append(self.drawings.file_names()[-1])
        self.grid = blank(self.size)
        self._choices_changed()

    def clear(self):
        self.grid = blank(self.size)
        self.set_values(chosen="")

    def undo(self):
        """Remove the last drawing saved from this explorer (and its file)."""
        if not self.saved:
            raise ValueError("nothing saved from this explorer to remove; to remove an "
                             "earlier drawing, choose it under 'saved drawing', then press "
                             "'remove chosen'")
        self._remove(self.saved[-1])

    def remove(self):
        """Remove the drawing chosen under "saved drawing" (and its file)."""
        if not self.values.get("chosen"):
            raise ValueError("no drawing chosen: choose one under 'saved drawing' (it shows "
                             "on the grid), then press 'remove chosen'")
        self._remove(self.values["chosen"])
        self.grid = blank(self.size)

    def _remove(self, name):
        with warnings.catch_warnings(record=True) as kept:     # a file changed on disk: kept
            warnings.simplefilter("always")
            self.drawings.remove(self.drawings.index_of(name))
        if name in self.saved:
            self.saved.remove(name)
        self._choices_changed()               # (a move: clears the error line)
        self.error = " ".join(f"Removed from the list, but {w.message}." for w in kept)

    def train(self):
        """Train the CNN on the drawings, the curve redrawn after every epoch."""
        per_class, shifted = self.training_settings()
        self.model = None

        def epoch(number, model):
            self.model = model
            self.redraw()
        self.model = train_drawings(self.drawings, self.seed, per_class=per_class,
                                    augmented=shifted, callback=epoch)
        self.trained_with = (per_class, shifted)

    def add_class(self, name):
        """A new class (its folder is made); it joins the label choices and
        is chosen, ready to draw. (The "new class" box does the same.)"""
        name = self._add_class(name)
        self.redraw()
        return name

    def _add_class(self, name):
        name = self.drawings.add_class(name)
        with self.hold_sync():
            self.set_control("label", options=[[c, c] for c in self.drawings.classes])
            self.set_values(label=name)
        return name


def drawing_explorer(folder, classes=("x", "o"), seed=0):
    """Draw, label, train and test your own classes. folder: where the drawings
    live (one subfolder per class; made if missing, read back if there);
    classes: the classes to offer (more from the "new class" box, or
    .add_class("T")); seed: the
    network's starting weights and shuffles."""
    return DrawingsExplorer(folder, classes, seed)
