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
            buttons (sent to the kernel as {"event": "button", "name"}).
  values    {name: value}. The browser writes it; the kernel observes it and
            calls ``update(changed)``; tests set it through ``controls[name].value``.
  scene     {"panels": [...], "caption": str, "main": key of the main panel,
            "caption_at": "bottom" to put a long caption under the panels}.
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

A subclass sets ``kind``, calls ``super().__init__(controls, values)``
(controls from slider_control(), dropdown_control(),
play_control(), button_control() below), and implements
  update(changed)   recompute the state and set self.scene / self.frames
                    (called once at start with every control name);
  show_frame(i)     (if it has a scrub slider) read state i from what
                    update() computed: no drawing, no new arrays;
  figure()          a matplotlib Figure of what it shows now, for the static
                    picture (image/png) carried in the same output as the
                    widget; rendered only when the explorer is displayed.
  on_event(msg)     (optional) a button or a clicked cell.
Widgets do no array arithmetic (tests/test_layout.py): arrays come from the
maths, panels from cnnlib.draw.

Moves without a round trip (``prefetch = True``, for an explorer whose
picture is a function of its controls alone): once a picture is drawn, the
browser asks for the states one control change away (``states_near``:
every value of each slider and dropdown, the others as they are), the
kernel computes them as a move does and sends them once, gzipped, in a
custom message. A key press or a click that lands on one of them is drawn at
once from those numbers; the values still go to the kernel, which follows
(its state stays readable) and whose scene then matches what is drawn.
Nothing is sent to the browser while the neighbours are computed.

Static pages: ``state_table()`` runs every combination of the dropdowns and
non-scrub sliders and returns the scenes, frames and controls; the exporter
(tools/export_html.py) embeds it with the ES module and a stand-in model, so
the explorer works with no kernel. The output also carries EXPORT_MIME
({"module", "class", "args"}) so the exporter can rebuild the explorer.
"""
import gzip
import importlib.resources
import itertools
import json

import anywidget
import ipywidgets as w
import traitlets
from matplotlib.backends.backend_agg import FigureCanvasAgg

from cnnlib.draw.base import png_bytes, rgba_png, theme

EXPORT_MIME = "application/vnd.cnnlib.explorer+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
ESM = importlib.resources.files("cnnlib.widgets") / "js" / "explorer.js"


def esm_source():
    """The explorers' ES module, as text (for the static pages)."""
    return ESM.read_text(encoding="utf-8")


class Control:
    """A control as Python sees it: ``value`` reads and sets the synced value,
    as the browser would; ``min``, ``max``, ``options`` and ``description``
    read (and ``max`` sets) its spec. The headless tests' handle."""

    def __init__(self, explorer, name):
        self._explorer, self.name = explorer, name

    @property
    def spec(self):
        return next(c for c in self._explorer.controls_spec if c["name"] == self.name)

    @property
    def value(self):
        target = self.spec.get("target", self.name)
        index = self._explorer.values.get(target)
        choices = self._explorer.control(target).get("choices")
        return choices[index] if choices is not None else index

    @value.setter
    def value(self, value):
        target = self.spec.get("target", self.name)
        choices = self._explorer.control(target).get("choices")
        if choices is not None:
            value = choice_index(choices, value, target)
        self._explorer.set_values(**{target: value})

    description = property(lambda self: self.spec["label"])
    min = property(lambda self: self._explorer.control(self.spec.get("target", self.name))["min"])
    options = property(lambda self: [label for label, _ in self.spec["options"]])

    @property
    def max(self):
        return self._explorer.control(self.spec.get("target", self.name))["max"]

    @max.setter
    def max(self, value):
        self._explorer.set_control(self.spec.get("target", self.name), max=value)

    def click(self):
        """Press a button control, as the browser would."""
        self._explorer.on_event({"event": "button", "name": self.name})

    def __repr__(self):
        return f"<{self.spec['kind']} {self.name}={self.value!r}>"


class Explorer(anywidget.AnyWidget):
    """The base of every explorer: see the module docstring."""

    _esm = ESM
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
    # may draw a move from states_near() before the kernel answers.
    prefetch = traitlets.Bool(False).tag(sync=True)
    NEAR_LIMIT = 64      # states in one answer to the browser's "near" request

    @property
    def scene(self):
        """{"panels": [...], "caption", "main"}: what the browser draws."""
        return self._scene

    @scene.setter
    def scene(self, scene):
        self._scene = scene
        self.scene_json = json.dumps(scene, separators=(",", ":"))

    @property
    def frames(self):
        """[{panel key: {fields}}]: the scrub slider's states (see the module doc)."""
        return self._frames

    @frames.setter
    def frames(self, frames):
        self._frames = frames
        self.frames_json = json.dumps(frames, separators=(",", ":"))

    def __init__(self, controls, args=None, scrub=""):
        """controls: specs from slider_control() and friends, each with
        its start value; args: the keyword arguments that rebuild this
        explorer (for the static pages)."""
        start = {c["name"]: c.pop("value") for c in controls if "value" in c}
        self._scene, self._frames = {}, []
        super().__init__(theme=theme(), scrub=scrub)
        self.args = dict(args or {})
        self.moves = 0
        self._busy = False
        with self.hold_sync():
            self.set_trait("controls_spec", controls)
            self.set_trait("values", start)
            self.update(set(start))
        self.observe(self._on_values, names="values")
        self.on_msg(self._on_msg)
        self.controls = {c["name"]: Control(self, c["name"]) for c in controls}

    # --- what a subclass implements -------------------------------------
    def update(self, changed):
        raise NotImplementedError

    def show_frame(self, index):
        """Follow the scrub slider (state already computed by update())."""

    def figure(self):
        raise NotImplementedError

    def on_event(self, message):
        """A button press or a clicked cell from the browser."""

    # --- the machinery -----------------------------------------------------
    def control(self, name):
        """The spec (a dict) of one control."""
        return next(c for c in self.controls_spec if c["name"] == name)

    def set_control(self, name, **changes):
        """Change a control's spec (e.g. a slider's max); keeps the value in range."""
        spec = [dict(c, **changes) if c["name"] == name else c for c in self.controls_spec]
        self.controls_spec = spec
        c = self.control(name)
        if c["kind"] == "slider" and "max" in changes and self.values.get(name, 0) > c["max"]:
            self.values = {**self.values, name: c["max"]}

    def set_values(self, **values):
        """Set control values as the browser does (a test's way to move a control)."""
        self.values = {**self.values, **values}

    def _on_msg(self, widget, content, buffers):
        if isinstance(content, dict) and content.get("event") == "near":
            if self.prefetch:
                self.send_near(content.get("have"), compress=content.get("gzip", True))
        else:
            self.on_event(content)

    def send_state(self, key=None):
        if not getattr(self, "_quiet", False):    # quiet while states_near() works
            super().send_state(key)

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

    def _state(self):
        return {"scene": self.scene, "frames": self.frames, "controls": self.controls_spec}

    def _move_quietly(self, values):
        """Recompute for values as a move does, nothing sent, no move counted."""
        old = self.values
        changed = {k for k in values if old.get(k) != values.get(k)}
        self._busy = True
        try:
            self.set_trait("values", dict(values))
            self.update(changed)
        finally:
            self._busy = False

    def states_near(self, have=(), limit=None):
        """The states one control change away from the current values (every
        value of each slider and dropdown, the others as they are), leaving
        out the keys in have: {table_key: {"scene", "frames", "controls",
        "values"}}, at most limit of them. "values": the controls the move
        changed besides the one asked (a control may narrow another's range). Nothing is sent to the browser meanwhile, and the
        explorer ends where it started."""
        have, limit = set(have or ()), limit or self.NEAR_LIMIT
        start, names = dict(self.values), self.table_names()
        before = {name: getattr(self, name) for name in ("values", "scene_json", "frames_json",
                                                         "controls_spec")}
        states = {}
        self._quiet = True
        try:
            for name in names:
                for value in self.control_values(name):
                    values = {**start, name: value}
                    key = table_key(values, names)
                    if key in have or key in states or len(states) >= limit:
                        continue
                    self._move_quietly(values)
                    # under the key asked for; "values" says where the move
                    # ends (a control may narrow another's range)
                    states[key] = {**self._state(), "values": {
                        n: self.values[n] for n in names if self.values[n] != values[n]}}
            self._move_quietly(start)
        finally:
            self._quiet = False
        stale = [name for name, value in before.items() if getattr(self, name) != value]
        if stale:
            self.send_state(stale)
        return states

    def send_near(self, have=(), compress=True):
        """Answer the browser's "near" request: states_near() in a custom
        message, as gzipped JSON in a buffer (or plain JSON if not compress)."""
        states = self.states_near([k for k in (have or []) if isinstance(k, str)])
        text = json.dumps(states, separators=(",", ":"), ensure_ascii=False)
        if compress:
            self.send({"event": "states", "count": len(states)},
                      buffers=[gzip.compress(text.encode("utf-8"), compresslevel=1)])
        else:
            self.send({"event": "states", "count": len(states), "states": text})
        return len(states)

    def _on_values(self, change):
        if self._busy:
            return
        old, new = change["old"], change["new"]
        changed = {k for k in new if old.get(k) != new.get(k)}
        if not changed:
            return
        self.moves += 1
        self._busy = True
        try:
            if changed == {self.scrub}:
                self.show_frame(new[self.scrub])
            else:
                with self.hold_sync():
                    self.update(changed)
        finally:
            self._busy = False

    @property
    def view(self):
        """explorer.view.fig: the old spelling of explorer.figure(), for
        notebooks written for the PNG explorers."""
        return StaticView(self)

    def picture_png(self):
        """The static picture of what the explorer shows now (matplotlib, PNG)."""
        return png_bytes(self.figure())

    def snapshot(self, name="explorer"):
        """What the explorer shows now as a static picture (a matplotlib PNG)."""
        from cnnlib.draw.base import Picture
        return Picture(self.figure(), name)

    def _repr_mimebundle_(self, **kwargs):
        """The live widget and, in the same output, a static picture of its
        view for places that cannot run widgets (GitHub, nbviewer, an unrun
        notebook), and what the static-page exporter needs to rebuild it."""
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data = dict(data)
        data["image/png"] = self.picture_png()
        data["text/plain"] = repr(self)
        data[EXPORT_MIME] = {"module": type(self).__module__, "class": type(self).__name__,
                             "args": self.args}
        return data

    def state_table(self, options=None):
        """Every state the browser can reach without the scrub slider, for a
        static page: {"start": values, "scrub", "theme", "states": {key:
        {"scene", "frames", "controls"}}}. key: json of the non-scrub values
        in control order (see table_key). options: {control name: [values]}
        to offer fewer choices in the page (the page's dropdowns then offer
        just those)."""
        options = dict(options or {})
        names, choices = [], []
        for c in self.controls_spec:
            if c["name"] == self.scrub or c["kind"] not in ("slider", "dropdown"):
                continue
            if c["kind"] == "slider":
                every = list(range(c["min"], c["max"] + 1, c.get("step", 1)))
            else:
                every = [v for _, v in c["options"]]
            names.append(c["name"])
            choices.append([v for v in every if v in options.get(c["name"], every)])
        start = dict(self.values)
        states = {}
        for combo in itertools.product(*choices):
            self.set_values(**dict(zip(names, combo)))
            spec = [dict(c, options=[o for o in c["options"] if o[1] in options[c["name"]]])
                    if c["kind"] == "dropdown" and c["name"] in options else c
                    for c in self.controls_spec]
            states[table_key(self.values, names)] = {
                "scene": self.scene, "frames": self.frames, "controls": spec}
        self.set_values(**start)
        return {"start": start, "names": names, "scrub": self.scrub, "kind": self.kind,
                "theme": self.theme, "states": states}

    def close(self):
        """Close the widget and drop what it holds (observers, frames, controls)."""
        self.unobserve_all()
        self.controls = {}
        self.frames, self.scene = [], {}
        super().close()

    def __repr__(self):
        return f"<{type(self).__name__}: {', '.join(c['name'] for c in self.controls_spec)}>"


class StaticView:
    """What explorer.view gives: .fig, a new static Figure of what it shows now."""

    def __init__(self, explorer):
        self._explorer = explorer

    @property
    def fig(self):
        return self._explorer.figure()


def table_key(values, names):
    """The key of a state in a state_table (the JavaScript builds the same)."""
    return json.dumps([values.get(n) for n in names], separators=(",", ":"), ensure_ascii=False)


def slider_control(name, label, value, lo, hi, step=1, track=None):
    """A slider spec. track: its length in CSS px (default: long enough to
    aim, about 7 px a position, at least 300 px for many positions)."""
    positions = (hi - lo) // step + 1
    return {"name": name, "kind": "slider", "label": label, "value": value, "min": lo,
            "max": hi, "step": step, "track": track or max(90, min(360, 7 * positions))}


def choice_slider_control(name, label, choices, value, labels=None, track=None):
    """A slider over a list of values (e.g. epsilons 0.00..0.60, or measured
    fractions): the synced value is the index into choices, the readout
    shows labels[index] (default str of the value), and the headless
    handle's .value reads and sets the value itself (Control)."""
    choices = list(choices)
    spec = slider_control(name, label, choice_index(choices, value, name), 0, len(choices) - 1,
                          track=track)
    spec.update(choices=choices, labels=list(labels) if labels is not None
                else [str(c) for c in choices])
    return spec


def choice_index(choices, value, name):
    """Where value is in choices (a slider's list of values), or a ValueError."""
    for i, c in enumerate(choices):
        if c == value and not isinstance(value, bool):
            return i
    raise ValueError(f"{name} must be one of {choices}, got {value!r}")


def dropdown_control(name, label, options, value):
    """A dropdown spec. options: a list of values, or of (label, value) pairs."""
    pairs = [list(o) if isinstance(o, (tuple, list)) else [str(o), o] for o in options]
    return {"name": name, "kind": "dropdown", "label": label, "value": value, "options": pairs}


def play_control(name, label, target, interval_ms=500):
    """A Play button that steps the slider `target` up to its end (in the
    browser); pressed again it pauses where it is."""
    return {"name": name, "kind": "play", "label": label, "target": target,
            "interval": interval_ms}


def button_control(name, label):
    """A button: the kernel gets on_event({"event": "button", "name": name})."""
    return {"name": name, "kind": "button", "label": label}


# ---------------------------------------------------------------------------
# The PNG-in-kernel machinery, kept until the last explorers move to Explorer.
# ---------------------------------------------------------------------------

# Wide enough for the description, so every control says what it does.
DESCRIPTION = {"description_width": "initial"}


class FigureView:
    """Shows a persistent Figure as a PNG in an ipywidgets.Image."""

    def __init__(self, fig, width=None):
        self.fig = fig
        layout = w.Layout(width=width) if width else w.Layout(max_width="100%")
        self.image = w.Image(format="png", layout=layout)
        self.renders = 0
        self.refresh()

    def refresh(self):
        """Render the figure (already updated in place) into the Image widget."""
        self.image.value = png_bytes(self.fig)
        self.renders += 1


class BlitFigureView(FigureView):
    """A FigureView that, between full redraws, re-renders only what moves.

    moving() returns the artists (whole axes, patches) that change when a
    slider moves; they are marked animated, so a full draw leaves them out
    and keeps the rest as a background. refresh() pastes the background and
    draws just those artists over it: a few dozen texts instead of hundreds.
    refresh(full=True) after anything else changed (layout, static panels).
    """

    def __init__(self, fig, moving, width=None):
        self.moving, self.background = moving, None
        self.canvas = FigureCanvasAgg(fig)
        super().__init__(fig, width)

    def refresh(self, full=False):
        artists = list(self.moving())
        if full or self.background is None:
            for artist in artists:
                artist.set_animated(True)
            self.canvas.draw()
            self.background = self.canvas.copy_from_bbox(self.fig.bbox)
        else:
            self.canvas.restore_region(self.background)
        renderer = self.canvas.get_renderer()   # ours, even if fig.canvas was swapped
        for artist in artists:
            artist.draw(renderer)
        self.image.value = rgba_png(self.canvas.buffer_rgba())
        self.renders += 1


class Snapshot:
    """The PNG a view shows right now, as a static notebook image (no re-render):
    the figure that reads on GitHub above a live widget."""

    def __init__(self, view, name="figure"):
        self.png, self.name = bytes(view.image.value), name

    def _repr_png_(self):
        return self.png

    def __repr__(self):
        return f"<{self.name}>"


class PngExplorer:
    """What every explorer shares: .controls (name -> control), .view (a
    FigureView), .widget (the ipywidgets container). It displays as its
    container, and snapshot() gives what it shows now as a static image
    (no re-render): the figure that reads on GitHub above the live widget."""

    def snapshot(self, name="explorer"):
        return Snapshot(self.view, name)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self):
        return f"<{type(self).__name__}: {', '.join(self.controls)}>"


def slider(description, value, min, max, step=1, **kwargs):
    """An IntSlider with a description wide enough to read, keyboard-driven."""
    return w.IntSlider(value=value, min=min, max=max, step=step, description=description,
                       style=DESCRIPTION, continuous_update=True, **kwargs)


def dropdown(description, options, value, **kwargs):
    """A Dropdown with a readable description. options: list or (label, value) pairs."""
    return w.Dropdown(options=options, value=value, description=description,
                      style=DESCRIPTION, **kwargs)


def play_for(control, interval_ms=600, description="Play"):
    """A Play button linked to an IntSlider: animates the slider from min to max."""
    play = w.Play(value=control.value, min=control.min, max=control.max, step=1,
                  interval=interval_ms, description=description, tooltip=description)
    # A kernel-side link (not jslink), so tests without a browser can press Play too.
    w.link((play, "value"), (control, "value"))
    # Keep the Play's range in step when the slider's range changes.
    control.observe(lambda change: setattr(play, "max", change["new"]), names="max")
    return play


def on_change(callback, *controls):
    """Call callback() whenever any of the controls' values change."""
    for control in controls:
        control.observe(lambda change: callback(), names="value")
