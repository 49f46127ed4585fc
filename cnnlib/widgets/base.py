"""Widget plumbing shared by every explorer: draw in the browser, compute in the kernel.

Design (read this before writing an explorer)
---------------------------------------------
An explorer is an anywidget (``Explorer`` below). The kernel computes numbers
with the maths in cnnlib and describes the picture as a *scene*: a list of
panels (plain dicts made by cnnlib.draw.base.grid_panel and friends: a grid
of cells with numbers and highlight boxes, bars, a curve, a line of text).
The browser (cnnlib/widgets/js/explorer.js, one shared ES module) draws the
scene as SVG and draws the controls itself (native range inputs, selects,
buttons), so keyboard use is the browser's own: Tab, arrows, Enter.

Synced traits (the whole protocol):
  controls  [{name, kind, label, ...}]: sliders (min, max, step, track px),
            dropdowns (options [[label, value]...]), play (target, interval),
            buttons, text boxes (Enter or the box's button sends what was
            typed and empties the box; no value in ``values``).
  values    {name: value}. The browser writes it; the kernel observes it and
            calls ``update(changed)``; tests set it through ``controls[name].value``.
  scene     {"panels": [...], "caption": str, "main": key of the main panel,
            "caption_at": "bottom" to put a long caption under the panels,
            "beside": n to set the other panels in n columns beside the main
            one, which spans their rows (a picture and its readouts on one screen)}.
            (Synced as JSON text, trait scene_json; set self.scene in Python,
            in JavaScript model.set("scene_json", JSON.stringify(scene)).)
  frames    (synced as frames_json)
            [{panel key: {fields to override}, "caption": str}] for the
            *scrub* slider: every state it can step through, sent once. Moving
            it redraws in the browser with no kernel work; the kernel only
            follows along (``show_frame``) so its state stays readable.
  scrub     the name of that slider, "" if none.
  theme     colours, limits and font from cnnlib.draw.base.theme(): the same
            source as the matplotlib figures. Numbers arrive as text, formatted
            by cnnlib.draw.base.cell_text, so they read as the figures do.
  error     the last error, shown in red under the controls ("" if none).
  kind      the explorer's name (data-kind on its root); prefetch: see Moves
            without a round trip; static, static_note: true on a static page
            (no kernel: text boxes off, static_note shown under the panels).
Messages, browser to kernel: {"event": "button", "name"}, {"event": "text",
"name", "text"}, {"event": "cell", "key", "r", "c"} (a clicked cell; these
three go to on_event), {"event": "paint", ...} (Painting, below), {"event":
"near", "have"} (Moves without a round trip); kernel to browser: {"event":
"states", ...} and {"event": "forget"} (the same).

A subclass sets ``kind``, calls ``super().__init__(controls, args, scrub)``
(controls from the factories in cnnlib/widgets/controls.py) and implements
  update(changed)   recompute the state and set self.scene / self.frames
                    (called once at start with every control name);
  show_frame(i)     (if it has a scrub slider) read state i from what
                    update() computed: no drawing, no new arrays
                    (update() ends with follow_frames(): the slider's range
                    and the kernel's state follow the frames);
  on_event(msg)     (optional) a button, a clicked cell or a text box's text.
  paint_grid(cells) (optional, an explorer with a paintable picture: a grid
                    panel with paint=True) take the browser's newest drawing.

Painting (the one hook: paint_grid): the browser flips a clicked cell (or
paints a drag) at once and sends the whole grid, {"event": "paint", "key",
"seq", "grid": the cells row by row}, keeping at most one in flight; newer
strokes wait, and the newest grid goes when a scene comes back with
"ack" >= its seq (so fast drawing never builds a backlog; a button first
sends the strokes waiting). The base takes the message: it counts it
(``painted``), keeps ``seq``, calls paint_grid(cells), which checks the cells
(ValueError/TypeError), sets the picture and recomputes the scene; and it
stamps every scene of an explorer that implements paint_grid with "ack":
seq. A drawing refused is acknowledged all the same (the scene goes again
with the new ack) and its error shown, so the browser sends its next one.
``paint(cells)`` sends a drawing from code as the browser does.
The static picture (image/png, in the same output as the widget) is the
scene drawn by matplotlib: the base's figure(), cnnlib.draw.scene.

Speaking (screen readers): the scene and frames setters pass through
cnnlib.draw.base.spoken(), which gives every panel a "name" and a
"description" of its numbers (a frame: of each panel it overrides) and the
scene and each frame an "announce" sentence (a *_scene may set its own). The
browser sets them on each panel's picture, shows each number grid also as a
visually hidden table, and puts the announce sentence of what it draws in
one polite live region when it changes. The static picture's alt text is
cnnlib.draw.scene.scene_description (image/png metadata "alt").

Widgets do no array arithmetic (tests/test_layout.py): arrays come from the
maths, panels from cnnlib.draw.

Moves without a round trip (``prefetch = True``, for an explorer whose
picture is a function of its controls alone): once a picture is drawn, and
after each move, the browser asks for the states one control change away
(``near_states``: every value of each slider and dropdown, the others as
they are) and says which it holds; the kernel sends the others it has in one
custom message, each state gzipped in a buffer of its own. What a hub pays
is bounded: a state is computed once (kept, gzipped, NEAR_CACHE of them),
and an answer computes at most NEAR_COMPUTE new ones (NEAR_FIRST for the
picture just drawn), nearest first (a slider's next positions, the control
moved last first), so the farther ones come with the next answers. A key
press or a click that lands on a state held is drawn at once from those
numbers; the values still go to the kernel, which follows (its state stays
readable) and whose scene then matches what is drawn. Nothing is sent to
the browser while the neighbours are computed.

Safe to poke: every value set in ``values`` (by the browser or from code)
is checked against its control's spec first (a slider: a whole number in
its range, on its step; a dropdown: one of its options); a bad one is
refused with a ValueError/TypeError naming the control, and the explorer
keeps its last good values. A slider's max set from code (``controls[name].max``)
is checked the same way before it is stored: a position of the slider no
further than the explorer's own max (code can narrow a slider, never make
it offer what the explorer cannot show). An error inside update() or
on_event() puts the explorer back on its last good values and shows the
message in the widget (the synced ``error`` line) as well as raising it to
code that set the value; so does a malformed message from the browser,
never an exception out of the comm handler. ``close()`` releases the widget
and the arrays the explorer holds (IPython's Out[n] keeps the explorer
object itself); re-running a notebook cell closes the explorers the cell's
previous run made (``track_cells``, cnnlib/widgets/cells.py).

Static pages: ``state_table()`` runs every combination of the dropdowns and
non-scrub sliders (a slider's range read after the controls before it are
set, so only states the explorer can reach) and returns the scenes, frames
and controls; the exporter (tools/export_html.py) embeds it with the ES
module and a stand-in model, so the explorer works with no kernel. The output also carries EXPORT_MIME
({"module", "class", "args"}) so the exporter can rebuild the explorer.

Where each job lives: this module holds Explorer and the protocol above;
the rules the browser shares (the state key, slider clamping, value checks)
are in protocol.py, written once per language (js/protocol.js); the states
near in near.py, static pages in export.py (both mixins of Explorer), the
headless handle in handle.py, the control factories in controls.py, cell
tracking in cells.py.
"""
import collections
import inspect
import json

import anywidget
import traitlets

from cnnlib._checks import as_int
from cnnlib.draw.base import png_bytes, spoken, theme
from cnnlib.draw.scene import controls_text, scene_description, scene_figure
from cnnlib.widgets.cells import track, untrack
from cnnlib.widgets.export import EXPORT_MIME, StaticExport
from cnnlib.widgets.handle import Control
from cnnlib.widgets.near import Prefetch
from cnnlib.widgets.protocol import BadType, BadValue, clamp_slider, control_value, esm_source


class Explorer(Prefetch, StaticExport, anywidget.AnyWidget):
    """The base of every explorer: see the module docstring."""

    # The module's text, not its path: given a path, anywidget ties every
    # instance to the file's change signal for ever (no explorer would be freed).
    _esm = esm_source()
    # True for explorers that need the kernel (a trained network, training):
    # their output carries no EXPORT_MIME, so a static page shows their
    # picture and says a kernel is needed.
    needs_kernel = False
    kind = traitlets.Unicode("").tag(sync=True)
    theme = traitlets.Dict().tag(sync=True)
    controls_spec = traitlets.List().tag(sync=True)
    values = traitlets.Dict().tag(sync=True)
    # The scene and the frames travel as JSON text: one string for the
    # widget protocol to pass on, not thousands of nested lists to walk.
    scene_json = traitlets.Unicode("{}").tag(sync=True)
    frames_json = traitlets.Unicode("[]").tag(sync=True)
    scrub = traitlets.Unicode("").tag(sync=True)
    static = traitlets.Bool(False).tag(sync=True)
    static_note = traitlets.Unicode("").tag(sync=True)
    # True: the picture is a function of the controls alone, so the browser
    # may draw a move from near_states() before the kernel answers.
    prefetch = traitlets.Bool(False).tag(sync=True)
    # The last error, shown under the controls ("" when the last move worked).
    error = traitlets.Unicode("").tag(sync=True)
    seq = 0          # the newest drawing taken (its "seq"), acknowledged in each scene
    painted = 0      # drawings taken

    @property
    def scene(self):
        """{"panels": [...], "caption", "main"}: what the browser draws."""
        return self._scene

    @scene.setter
    def scene(self, scene):
        scene, _ = spoken(scene)             # each panel's words (see Speaking)
        if self.paintable:                   # see Painting in the module docstring
            scene = {**scene, "ack": self.seq}
        self._scene = scene
        self.scene_json = json.dumps(scene, separators=(",", ":"))

    @property
    def frames(self):
        """[{panel key: {fields}}]: the scrub slider's states (see the module doc)."""
        return self._frames

    @frames.setter
    def frames(self, frames):
        _, frames = spoken(self._scene, frames)     # set after the scene they go over
        self._frames = frames
        self.frames_json = json.dumps(frames, separators=(",", ":"))

    def __init__(self, controls, args=None, scrub=""):
        """controls: specs from slider_control() and friends, each with
        its start value; args: the keyword arguments that rebuild this
        explorer (for the static pages). A start value outside its control
        is refused before any widget is made."""
        start = {c["name"]: control_value(c, c.pop("value")) for c in controls if "value" in c}
        self._scene, self._frames = {}, []
        # each slider's max as the explorer last set it: the most code may give it
        self._ceiling = {c["name"]: c["max"] for c in controls if c["kind"] == "slider"}
        self._near_cache = collections.OrderedDict()     # see near_states
        self._moved = set()                                # the controls moved last
        super().__init__(theme=theme(), scrub=scrub)
        try:
            self.args = dict(args or {})
            self.moves = 0
            self._busy = self._from_browser = False
            with self.hold_sync():
                self.set_trait("controls_spec", controls)
                self.set_trait("values", start)
                self.update(set(start))
            self.observe(self._on_values, names="values")
            self.on_msg(self._on_msg)
            self.controls = {c["name"]: Control(self, c["name"]) for c in controls}
        except BaseException:
            self.close()
            raise
        track(self)

    # --- what a subclass implements -------------------------------------
    def update(self, changed):
        raise NotImplementedError

    def show_frame(self, index):
        """Follow the scrub slider (state already computed by update())."""

    def figure(self):
        """The static picture: the scene as drawn now (the scrub slider's frame
        over it) under the controls' values, by cnnlib.draw.scene."""
        frame = self.frames[self.values[self.scrub]] if self.scrub else None
        return scene_figure(self.scene, frame, controls_text(self.controls_spec, self.values))

    def on_event(self, message):
        """A button press or a clicked cell from the browser."""

    def paint_grid(self, cells):
        """Take the browser's newest drawing (the cells row by row): check
        it, set the picture, recompute the scene (see Painting above)."""
        raise TypeError(f"{type(self).__name__} has no picture to paint")

    @property
    def paintable(self):
        """True for an explorer that implements paint_grid."""
        return type(self).paint_grid is not Explorer.paint_grid

    def paint(self, cells):
        """Send a drawing as the browser does: the picture's values, row by
        row (a bad one is refused, shown in the error line, and raised)."""
        self._on_message({"event": "paint", "seq": self.seq + 1, "grid": list(cells)},
                         raise_error=True)

    def _on_paint(self, message):
        """The browser's newest drawing, acknowledged even when refused."""
        self.seq = int(message.get("seq", 0))
        self.painted += 1
        try:
            with self.hold_sync():
                self.paint_grid(message.get("grid"))
        except Exception:
            self.scene = self.scene          # the new ack: the browser sends its next drawing
            raise

    # --- the machinery -----------------------------------------------------
    def redraw(self, changed=()):
        """Recompute the state and the scene now, sent in one message (after
        a new picture, a button, or a move)."""
        with self.hold_sync():
            self.update(set(changed))

    def follow_frames(self):
        """The end of update() for a scrub slider (see show_frame above); not
        show_frame while the states near are computed: they put the state back."""
        last = len(self.frames) - 1
        if self.control(self.scrub)["max"] != last:
            self.set_control(self.scrub, max=last)
        if not self.computing_near:
            self.show_frame(self.values[self.scrub])

    def control(self, name):
        """The spec (a dict) of one control."""
        return next(c for c in self.controls_spec if c["name"] == name)

    def set_control(self, name, **changes):
        """Change a control's spec as the explorer's own range follows another
        control (e.g. a slider's max: the last position at this stride); keeps
        the value in range. A max set here is also the most the slider may be
        given from code (narrow)."""
        if "max" in changes:
            self._ceiling[name] = changes["max"]
        self._change_spec(name, changes)

    def narrow(self, name, maximum):
        """Give the slider `name` a new max from code (``controls[name].max =
        ...``), checked as "Safe to poke" says."""
        c = self.control(name)
        try:
            if c["kind"] != "slider":
                raise TypeError(f"{name} is a {c['kind']} control; only a slider has a max")
            lo, step = c["min"], c.get("step", 1)
            top = self._ceiling.get(name, c["max"])
            maximum = as_int(maximum, f"{name}.max", lo, top,
                             hint=f"the explorer can show {name} {lo}..{top}; a max narrows "
                                  f"the slider within that")
            if (maximum - lo) % step:
                raise ValueError(f"{name}.max must be one of the slider's positions "
                                 f"{lo}, {lo + step}, ... {top}, got {maximum}")
        except (TypeError, ValueError) as error:
            self.show_error(error)
            raise (BadType if isinstance(error, TypeError) else BadValue)(str(error)) from None
        self._change_spec(name, {"max": maximum})
        self.forget_near()

    def _change_spec(self, name, changes):
        spec = [dict(c, **changes) if c["name"] == name else c for c in self.controls_spec]
        self.controls_spec = spec
        c, value = self.control(name), self.values.get(name)
        if c["kind"] == "slider" and "max" in changes and value is not None:
            position = clamp_slider(value, c["min"], c["max"], c.get("step", 1))
            if position != value:
                self.values = {**self.values, name: position}

    def set_values(self, **values):
        """Set control values as the browser does (a test's way to move a control)."""
        self.values = {**self.values, **values}

    def _on_msg(self, widget, content, buffers):
        if isinstance(content, dict) and content.get("event") == "near":
            if self.prefetch:
                self._on_near(content)
        else:
            self._on_message(content)

    def table_names(self):
        """The controls whose values pick a state (not the scrub slider): the
        sliders and dropdowns, in control order."""
        return [c["name"] for c in self.controls_spec
                if c["name"] != self.scrub and c["kind"] in ("slider", "dropdown")]

    def control_values(self, name):
        """Every value a slider or dropdown offers."""
        c = self.control(name)
        if c["kind"] == "slider":
            return list(range(c["min"], c["max"] + 1, c.get("step", 1)))
        return [v for _, v in c["options"]]


    @traitlets.validate("values")
    def _check_values(self, proposal):
        try:
            values = self._checked(proposal["value"])
        except (BadValue, BadType) as error:       # refused: say so in the widget too
            self.show_error(error)
            raise
        self.error = ""
        return values

    def _checked(self, values):
        """values (a dict) with every value checked against its control."""
        specs = {c["name"]: c for c in self.controls_spec}
        if not isinstance(values, dict):
            raise BadType(f"values must be a dict {{control name: value}}, got {values!r}")
        unknown = [n for n in values
                   if n not in specs or specs[n]["kind"] not in ("slider", "dropdown")]
        if unknown:
            raise BadValue(f"no control {unknown[0]!r} holds a value; the controls are "
                           f"{', '.join(n for n, c in specs.items() if c['kind'] in ('slider', 'dropdown'))}")
        return {n: control_value(specs[n], v) for n, v in values.items()}

    def _on_values(self, change):
        if self._busy:
            return
        old, new = change["old"], change["new"]
        changed = {k for k in new if old.get(k) != new.get(k)}
        if not changed:
            return
        self.moves += 1
        self._moved = changed - {self.scrub}
        self._busy, spec, ceiling = True, self.controls_spec, dict(self._ceiling)
        try:
            if changed == {self.scrub}:
                self.show_frame(new[self.scrub])
            else:
                self.redraw(changed)
        except Exception as error:
            self._restore(spec, old, ceiling)
            self.show_error(error)
            raise
        finally:
            self._busy = False

    def _restore(self, spec, old, ceiling):
        """After a failed move: the last good controls and values, and the
        state for them."""
        self.set_trait("controls_spec", spec)
        self._ceiling = ceiling
        self.set_trait("values", old)
        try:
            self.redraw(old)            # everything: a half-done move leaves nothing behind
        except Exception:               # the error shown is the first one
            pass

    def _on_message(self, content, raise_error=False):
        """A message from the browser: an error goes to the widget's error
        line (and the log), never only to the log. raise_error: raise it
        too (a button pressed from code)."""
        self.error = ""                 # (an explorer may set its own in on_event)
        try:
            if isinstance(content, dict) and content.get("event") == "paint":
                self._on_paint(content)
            else:
                self.on_event(content)
        except Exception as error:
            self.show_error(error)
            if raise_error:
                raise
            self.log.warning("%s: %s", type(self).__name__, error, exc_info=True)

    def set_state(self, sync_data):
        """Values from the browser: a refused one is shown in the widget and
        the browser is sent the kernel's values back."""
        self._from_browser = True
        try:
            super().set_state(sync_data)
        except Exception as error:
            self.show_error(error)
            self.log.warning("%s: %s", type(self).__name__, error)
            if self.comm is not None:
                self.send_state(list(k for k in sync_data if k in self.keys))
        else:
            self.error = ""
        finally:
            self._from_browser = False

    def show_error(self, error):
        """Show an error in the widget's error line (the browser draws it red)."""
        kind = next((k for k in (ValueError, TypeError) if isinstance(error, k)), type(error))
        self.error = f"{kind.__name__}: {error}"

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, its static picture (for GitHub, nbviewer, an unrun
        notebook) and EXPORT_MIME, in one output."""
        if self.comm is None:                   # closed: its arrays are gone
            return {"text/plain": f"{self!r} (closed: its cell ran again)"}
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data = dict(data)
        metadata = dict(bundle[1]) if isinstance(bundle, tuple) and len(bundle) > 1 else {}
        data["image/png"] = png_bytes(self.figure())
        metadata["image/png"] = {"alt": self.description()}
        data["text/plain"] = repr(self)
        if not self.needs_kernel:
            data[EXPORT_MIME] = {"module": type(self).__module__, "class": type(self).__name__,
                                 "args": self.args}
        return data, metadata

    def description(self):
        """The static picture's alternative text: the controls' values, the
        caption and each panel's name and description, as drawn now."""
        frame = self.frames[self.values[self.scrub]] if self.scrub else None
        return scene_description(self.scene, frame, controls_text(self.controls_spec, self.values))

    def close(self):
        """Release the widget (see Safe to poke): its comm and its layout's,
        the observers, frames, scene, controls, the states near and the
        explorer's own arrays. Safe to call twice; a closed explorer keeps
        its controls' specs and values (its repr)."""
        self.unobserve_all()
        for name, value in list(vars(self).items()):
            if not name.startswith("_") and not inspect.isroutine(value):
                delattr(self, name)
        self.controls = {}
        self._frames, self._scene, self._near_cache = [], {}, collections.OrderedDict()
        layout = getattr(self, "layout", None)
        super().close()
        if layout is not None:
            layout.close()
        # what the notebook's output cache may still hold on to: keep it small
        self.set_trait("frames_json", "[]")
        self.set_trait("scene_json", "{}")
        untrack(self)

    def __repr__(self):
        return f"<{type(self).__name__}: {', '.join(c['name'] for c in self.controls_spec)}>"


# --- re-running a cell closes what its last run made ----------------------------
