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
            buttons (sent to the kernel as {"event": "button", "name"}),
            text boxes (Enter or the box's button sends what was typed as
            {"event": "text", "name", "text"} and empties the box; they hold
            no value in ``values``).
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

A subclass sets ``kind``, calls ``super().__init__(controls, values)``
(controls from slider_control(), choice_slider_control() (a slider over a
list of values such as epsilons, synced as an index, read out by labels),
dropdown_control(), play_control(), button_control(), text_control() below),
and implements
  update(changed)   recompute the state and set self.scene / self.frames
                    (called once at start with every control name);
  show_frame(i)     (if it has a scrub slider) read state i from what
                    update() computed: no drawing, no new arrays;
  on_event(msg)     (optional) a button, a clicked cell or a text box's text.
The static picture (image/png, in the same output as the widget) is the
scene drawn by matplotlib: the base's figure(), cnnlib.draw.scene.
Widgets do no array arithmetic (tests/test_layout.py): arrays come from the
maths, panels from cnnlib.draw.

Moves without a round trip (``prefetch = True``, for an explorer whose
picture is a function of its controls alone): once a picture is drawn, and
after each move, the browser asks for the states one control change away
(``states_near``: every value of each slider and dropdown, the others as
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
previous run made (``track_cells``).

Static pages: ``state_table()`` runs every combination of the dropdowns and
non-scrub sliders (a slider's range read after the controls before it are
set, so only states the explorer can reach) and returns the scenes, frames and controls; the exporter
(tools/export_html.py) embeds it with the ES module and a stand-in model, so
the explorer works with no kernel. The output also carries EXPORT_MIME
({"module", "class", "args"}) so the exporter can rebuild the explorer.
"""
import collections
import gzip
import heapq
import importlib.resources
import inspect
import itertools
import json
import weakref

import anywidget
import traitlets

from cnnlib._checks import as_choice, as_int, describe, same_choice
from cnnlib.draw.base import png_bytes, theme
from cnnlib.draw.scene import controls_text, scene_figure

EXPORT_MIME = "application/vnd.cnnlib.explorer+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
ESM = importlib.resources.files("cnnlib.widgets") / "js" / "explorer.js"


def esm_source():
    """The explorers' ES module, as text (for the static pages)."""
    return ESM.read_text(encoding="utf-8")


class BadValue(traitlets.TraitError, ValueError):
    """A control value refused (a ValueError, and a TraitError so that
    traitlets puts the old value back)."""


class BadType(traitlets.TraitError, TypeError):
    """A control value of the wrong type (a TypeError, and a TraitError)."""


def control_value(spec, value):
    """value checked for the control described by spec, as the plain value to
    sync: a slider's a whole number (numpy ints too) from min to max on its
    step; a dropdown's one of its options (np.float64(0.5) gives 0.5).
    Anything else raises BadValue/BadType naming the control."""
    name, kind = spec["name"], spec["kind"]
    try:
        if kind == "slider":
            lo, hi, step = spec["min"], spec["max"], spec.get("step", 1)
            hint = (f"the slider's positions are {lo}..{hi}" if step == 1
                    else f"the slider's positions are {lo}, {lo + step}, ... {hi}")
            if "choices" in spec:
                hint = f"an index into {spec['choices']}"
            value = as_int(value, name, lo, hi, hint=hint)
            if (value - lo) % step:
                raise ValueError(f"{name} must be one of {list(range(lo, hi + 1, step))}, "
                                 f"got {value}")
            return value
        if kind == "dropdown":
            return as_choice(value, name, [v for _, v in spec["options"]])
    except TypeError as error:
        raise BadType(str(error)) from None
    except ValueError as error:
        raise BadValue(str(error)) from None
    raise BadType(f"{name} is a {kind} control and holds no value")


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
        if self.spec["kind"] == "text":
            return ""                   # a text box empties once its text is sent
        target = self.spec.get("target", self.name)
        index = self._explorer.values.get(target)
        choices = self._explorer.control(target).get("choices")
        return choices[index] if choices is not None else index

    @value.setter
    def value(self, value):
        if self.spec["kind"] == "text":
            return self.submit(value)
        target = self.spec.get("target", self.name)
        choices = self._explorer.control(target).get("choices")
        if choices is not None:
            try:
                value = choice_index(choices, value, target)
            except ValueError as error:       # refused: say so in the widget too
                self._explorer.show_error(error)
                raise BadValue(str(error)) from None
        self._explorer.set_values(**{target: value})

    description = property(lambda self: self.spec["label"])
    min = property(lambda self: self._explorer.control(self.spec.get("target", self.name))["min"])
    options = property(lambda self: [label for label, _ in self.spec["options"]])

    @property
    def max(self):
        return self._explorer.control(self.spec.get("target", self.name))["max"]

    @max.setter
    def max(self, value):
        self._explorer.narrow(self.spec.get("target", self.name), value)

    def click(self):
        """Press a button control, as the browser would (an error is shown
        in the widget's error line, as in the browser, and raised)."""
        self._explorer._on_message({"event": "button", "name": self.name}, raise_error=True)

    def submit(self, text):
        """Type text into a text box and press Enter, as the browser would
        (setting ``value`` does the same)."""
        if self.spec["kind"] != "text":
            raise TypeError(f"{self.name} is a {self.spec['kind']} control, not a text box; "
                            f"set its value instead")
        if not isinstance(text, str):
            raise TypeError(f"{self.name} takes text (a string such as 'T'), "
                            f"got {type(text).__name__} {text!r}")
        self._explorer._on_message({"event": "text", "name": self.name, "text": text},
                                   raise_error=True)

    def __repr__(self):
        return f"<{self.spec['kind']} {self.name}={self.value!r}>"


class Explorer(anywidget.AnyWidget):
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
    # may draw a move from states_near() before the kernel answers.
    prefetch = traitlets.Bool(False).tag(sync=True)
    NEAR_LIMIT = 64      # states in one answer to the browser's "near" request
    NEAR_CACHE = 1024    # states near kept in the kernel, gzipped (a few KB each)
    # states computed for one answer (each costs about what a move costs): the
    # nearest; farther ones come with the answers to the next moves
    NEAR_COMPUTE = 3
    NEAR_FIRST = 12      # in the first answer (the explorer just drawn)
    # The last error, shown under the controls ("" when the last move worked).
    error = traitlets.Unicode("").tag(sync=True)

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

    # --- the machinery -----------------------------------------------------
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
        ...``): a whole number from the slider's min to the most the explorer
        can show (its own max), on its step. Anything else is refused with a
        ValueError/TypeError, shown in the widget, and nothing is stored."""
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

    def forget_near(self):
        """Drop the states near kept here and in the browser (they were
        computed for the controls as they were)."""
        self._near_cache.clear()
        if self.prefetch and self.comm is not None:
            self.send({"event": "forget"})

    def _change_spec(self, name, changes):
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
                self._on_near(content)
        else:
            self._on_message(content)

    def _on_near(self, content):
        """The browser's request for the states near: a malformed one is
        refused in the error line (never an exception out of the comm)."""
        have = content.get("have", [])
        if not isinstance(have, list):
            self.show_error(f"TypeError: a near request's have must be a list of the state "
                            f"keys the browser holds, got {describe(have)}")
            self.log.warning("%s: %s", type(self).__name__, self.error)
            return
        self.send_near([k for k in have if isinstance(k, str)],
                       compress=bool(content.get("gzip", True)))

    @property
    def computing_near(self):
        """True while the states near are computed: update() may skip what
        only the kernel's own state needs (the explorer's attributes are put
        back as they were afterwards)."""
        return getattr(self, "_quiet", False)

    def send_state(self, key=None):
        if not self.computing_near:            # quiet while states_near() works
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

    def _values_near(self, name, rank):
        """(distance, rank, order, value) for the values of one control, nearest
        the current one first (a slider's positions outward from it, in
        steps; a dropdown's options by their distance in the list), made
        one at a time: a long slider costs nothing until asked."""
        c, value = self.control(name), self.values[name]
        if c["kind"] != "slider":
            options = [v for _, v in c["options"]]
            here = next((i for i, v in enumerate(options) if v == value), 0)
            yield from sorted(((abs(i - here), rank, i, v) for i, v in enumerate(options)),
                              key=lambda t: t[:3])
            return
        lo, hi, step = c["min"], c["max"], c.get("step", 1)
        for d in itertools.count(0):
            if value - d * step < lo and value + d * step > hi:
                return
            for v in dict.fromkeys((value - d * step, value + d * step)):
                if lo <= v <= hi:
                    yield d, rank, v, v

    def _move_quietly(self, values, spec, ceiling):
        """Recompute for values as a move from the controls spec does
        (nothing sent while quiet, no move counted)."""
        old = self.values
        changed = {k for k in values if old.get(k) != values.get(k)}
        self._busy = True
        try:
            self.set_trait("controls_spec", spec)
            self._ceiling = dict(ceiling)
            self.set_trait("values", dict(values))
            self.update(changed)
        finally:
            self._busy = False

    def near_keys(self, have=(), limit=None):
        """The keys of the states one control change away (every value of
        each slider and dropdown, the others as they are) not in have, at
        most limit of them, with the values each asks for: nearest first (a
        slider's next positions before its far ones), the control moved
        last first and a step further (the student who pressed an arrow key
        is likely to press it again). At most limit + len(have) looked at."""
        limit, have = limit or self.NEAR_LIMIT, set(have)
        start, names = dict(self.values), self.table_names()
        order = sorted(names, key=lambda n: n not in self._moved)

        def values_near(i, name):
            # a control being stepped is likely stepped on: a step nearer
            for d, *rest in self._values_near(name, i):
                yield (max(0, d - 1) if name in self._moved else d), *rest

        ranked = heapq.merge(*(values_near(i, n) for i, n in enumerate(order)))
        keys, looked = {}, 0
        for _, rank, _, value in ranked:
            looked += 1
            if len(keys) >= limit or looked > limit + len(have) + len(names):
                break
            values = {**start, order[rank]: value}
            key = table_key(values, names)
            if key not in have:
                keys.setdefault(key, values)
        return keys

    def near_states(self, have=(), limit=None, compute=None):
        """{key: the state's JSON text, gzipped}: the states near (near_keys)
        the browser does not have, at most limit of them. A state is computed
        once (the picture is a function of the controls) and kept for the
        next answers, at most NEAR_CACHE of them; compute: at most that many
        computed now (the nearest missing ones), the others left for a later
        answer. Nothing is sent to the browser meanwhile, and the explorer
        ends where it started."""
        wanted = self.near_keys(have, limit)
        missing = {k: v for k, v in wanted.items() if k not in self._near_cache}
        if compute is not None:
            missing = dict(itertools.islice(missing.items(), compute))
        if missing:
            self._compute_near(missing)
        for key in wanted:                          # recently asked: kept longest
            if key in self._near_cache:
                self._near_cache.move_to_end(key)
        while len(self._near_cache) > self.NEAR_CACHE:
            self._near_cache.popitem(last=False)
        return {k: self._near_cache[k] for k in wanted if k in self._near_cache}

    def _compute_near(self, missing):
        names = self.table_names()
        before = {name: getattr(self, name) for name in ("values", "scene_json", "frames_json",
                                                         "controls_spec", "error")}
        ceiling = dict(self._ceiling)
        # what the explorer holds now (an update assigns new objects, it
        # changes none in place): put back at the end, not computed again
        saved = {k: v for k, v in vars(self).items()
                 if not k.startswith("_trait") and k not in ("_quiet", "_busy")}
        self._quiet = True
        try:
            for key, values in missing.items():
                try:
                    self._move_quietly(values, before["controls_spec"], ceiling)
                except Exception:       # a move that fails is left to the kernel
                    continue
                # under the key asked for; "values" says where the move
                # ends (a control may narrow another's range)
                moved = json.dumps({n: self.values[n] for n in names
                                    if self.values[n] != values[n]}, separators=(",", ":"))
                text = (f'{{"scene":{self.scene_json},"frames":{self.frames_json},'
                        f'"controls":{json.dumps(self.controls_spec, separators=(",", ":"))},'
                        f'"values":{moved}}}')
                self._near_cache[key] = gzip.compress(text.encode("utf-8"), compresslevel=1)
        finally:
            self._busy = True
            try:
                vars(self).update(saved)
                for name, value in before.items():    # the error too: the browser still shows it
                    self.set_trait(name, value)
            finally:
                self._busy = self._quiet = False
        stale = [name for name, value in before.items() if getattr(self, name) != value]
        if stale:
            self.send_state(stale)

    def states_near(self, have=(), limit=None):
        """The states one control change away from the current values (every
        value of each slider and dropdown, the others as they are), leaving
        out the keys in have: {table_key: {"scene", "frames", "controls",
        "values"}}, at most limit of them. "values": the controls the move
        changed besides the one asked (a control may narrow another's range).
        Nothing is sent to the browser meanwhile, and the explorer ends
        where it started."""
        return {k: json.loads(gzip.decompress(v)) for k, v in self.near_states(have, limit).items()}

    def send_near(self, have=(), compress=True):
        """Answer the browser's "near" request: the states near in a custom
        message {"event": "states", "keys"}, each state's JSON gzipped in a
        buffer of its own, in the keys' order (or, if not compress, the
        plain JSON text of {key: state} in "states")."""
        first = not self._near_cache              # the picture just drawn: a step each way
        states = self.near_states(have, compute=self.NEAR_FIRST if first else self.NEAR_COMPUTE)
        if compress:
            self.send({"event": "states", "count": len(states), "keys": list(states)},
                      buffers=list(states.values()))
        else:
            text = ",".join(f"{json.dumps(k)}:{gzip.decompress(v).decode('utf-8')}"
                            for k, v in states.items())
            self.send({"event": "states", "count": len(states), "states": "{" + text + "}"})
        return len(states)

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
                with self.hold_sync():
                    self.update(changed)
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
            with self.hold_sync():
                self.update(set(old))      # everything: a half-done move leaves nothing behind
        except Exception:               # the error shown is the first one
            pass

    def _on_message(self, content, raise_error=False):
        """A message from the browser: an error goes to the widget's error
        line (and the log), never only to the log. raise_error: raise it
        too (a button pressed from code)."""
        self.error = ""                 # (an explorer may set its own in on_event)
        try:
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
        if isinstance(error, str):
            self.error = error
            return
        kind = next((k for k in (ValueError, TypeError) if isinstance(error, k)), type(error))
        self.error = f"{kind.__name__}: {error}"

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
        if self.comm is None:                   # closed: its arrays are gone
            return {"text/plain": f"{self!r} (closed: its cell ran again)"}
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data = dict(data)
        data["image/png"] = self.picture_png()
        data["text/plain"] = repr(self)
        if not self.needs_kernel:
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
        names = [c["name"] for c in self.controls_spec
                 if c["name"] != self.scrub and c["kind"] in ("slider", "dropdown")]

        def choices(name):
            # read now, after the controls before it are set: a slider's range
            # may follow a dropdown (a layer's unit count)
            c = self.control(name)
            if c["kind"] == "slider":
                every = list(range(c["min"], c["max"] + 1, c.get("step", 1)))
            else:
                every = [v for _, v in c["options"]]
            return [v for v in every if v in options.get(name, every)]

        start = dict(self.values)
        states = {}

        def walk(i):
            if i == len(names):
                spec = [dict(c, options=[o for o in c["options"] if o[1] in options[c["name"]]])
                        if c["kind"] == "dropdown" and c["name"] in options else c
                        for c in self.controls_spec]
                states[table_key(self.values, names)] = {
                    "scene": self.scene, "frames": self.frames, "controls": spec}
                return
            for value in choices(names[i]):
                self.set_values(**{names[i]: value})
                walk(i + 1)

        walk(0)
        for name in names:                        # in order: a range follows the controls before it
            self.set_values(**{name: start[name]})
        return {"start": start, "names": names, "scrub": self.scrub, "kind": self.kind,
                "theme": self.theme, "states": states}

    def close(self):
        """Release the widget: its comm and its layout's, and everything it
        holds (the observers, frames, scene, controls, the states near, and
        the explorer's own arrays: models, data, summaries), for IPython's
        Out[n] keeps a displayed explorer for ever. Safe to call twice; the
        notebook calls it when the cell that made the explorer runs again.
        A closed explorer keeps its controls' specs and values (its repr)."""
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


def live_widgets():
    """How many ipywidgets are open in this kernel (each holds a comm)."""
    from ipywidgets.widgets import widget
    return len(widget._instances)


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
        if same_choice(value, c):
            return i
    raise ValueError(f"{name} must be one of {choices}, got {describe(value)}")


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


def text_control(name, label, button="", placeholder="", size=10):
    """A text box (with a button labelled `button`, if given): Enter or the
    button sends on_event({"event": "text", "name": name, "text": what was
    typed, trimmed}) to the kernel and empties the box; an empty box sends
    "" (the explorer says what to type). size: its width in characters."""
    return {"name": name, "kind": "text", "label": label, "button": button,
            "placeholder": placeholder, "size": size}
