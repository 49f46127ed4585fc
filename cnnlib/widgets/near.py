"""Moves without a round trip: the states one control change away, computed
in the kernel and sent to the browser before it asks to draw them (the
Explorer's ``prefetch``; see "Moves without a round trip" in
cnnlib/widgets/base.py). A mixin of Explorer: it reads the explorer's
controls, values and ceiling, and moves it quietly."""
import gzip
import heapq
import itertools
import json

from cnnlib._checks import describe
from cnnlib.widgets.protocol import table_key


class Prefetch:
    """The states near, for Explorer (see the module docstring)."""

    NEAR_LIMIT = 64      # states in one answer to the browser's "near" request
    NEAR_CACHE = 1024    # states near kept in the kernel, gzipped (a few KB each)
    # states computed for one answer (each costs about what a move costs): the
    # nearest; farther ones come with the answers to the next moves
    NEAR_COMPUTE = 3
    NEAR_FIRST = 12      # in the first answer (the explorer just drawn)

    def forget_near(self):
        """Drop the states near kept here and in the browser (they were
        computed for the controls as they were)."""
        self._near_cache.clear()
        if self.prefetch and self.comm is not None:
            self.send({"event": "forget"})

    def _on_near(self, content):
        """The browser's request for the states near: a malformed one is
        refused in the error line (never an exception out of the comm)."""
        have = content.get("have", [])
        if not isinstance(have, list):
            self.show_error(TypeError(f"a near request's have must be a list of the state "
                                      f"keys the browser holds, got {describe(have)}"))
            self.log.warning("%s: %s", type(self).__name__, self.error)
            return
        self.send_near([k for k in have if isinstance(k, str)])

    @property
    def computing_near(self):
        """True while the states near are computed: update() may skip what
        only the kernel's own state needs (the explorer's attributes are put
        back as they were afterwards)."""
        return getattr(self, "_quiet", False)

    def send_state(self, key=None):
        if not self.computing_near:            # quiet while near_states() works
            super().send_state(key)

    def _values_near(self, name, rank):
        """(distance, rank, order, value) for the values of one control, nearest
        the current one first (a slider's positions outward from it, in
        steps; a dropdown's options by their distance in the list), made
        one at a time: a long slider costs nothing until asked."""
        c, value = self.control(name), self.values[name]
        if c["kind"] == "slider":
            step = c.get("step", 1)
            values, here = range(c["min"], c["max"] + 1, step), (value - c["min"]) // step
        else:
            values = [v for _, v in c["options"]]
            here = next((i for i, v in enumerate(values) if v == value), 0)
        for d in range(max(here + 1, len(values) - here)):
            for i in dict.fromkeys((here - d, here + d)):
                if 0 <= i < len(values):
                    yield d, rank, i, values[i]

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
        """The keys of the states near (near_states) not in have, at most
        limit, with the values each asks for: nearest first, the control
        moved last first and a step further (the student who pressed an
        arrow key is likely to press it again). At most limit + len(have)
        looked at."""
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
        """The states one control change away from the current values (every
        value of each slider and dropdown, the others as they are), leaving
        out the keys in have, at most limit of them: {table_key: the JSON text
        of {"scene", "frames", "controls", "values"}, gzipped}. "values": the
        controls the move changed besides the one asked (a control may narrow
        another's range). A state is computed once and kept (NEAR_CACHE of
        them); compute: at most that many computed now (the nearest missing
        ones), the others left for a later answer. Nothing is sent to the
        browser meanwhile, and the explorer ends where it started."""
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

    def send_near(self, have=()):
        """Answer the browser's "near" request: the states near in a custom
        message {"event": "states", "keys"}, each state's JSON gzipped in a
        buffer of its own, in the keys' order."""
        first = not self._near_cache              # the picture just drawn: a step each way
        states = self.near_states(have, compute=self.NEAR_FIRST if first else self.NEAR_COMPUTE)
        self.send({"event": "states", "count": len(states), "keys": list(states)},
                  buffers=list(states.values()))
        return len(states)

