"""Static pages: every state an explorer can show, for a page with no kernel
(tools/export_html.py embeds it with the ES module and a stand-in model,
cnnlib/widgets/js/static_page.js). A mixin of Explorer."""
from cnnlib.widgets.protocol import table_key

# In an explorer's output: {"module", "class", "args"}, so the exporter can
# rebuild it (none for an explorer that needs the kernel).
EXPORT_MIME = "application/vnd.cnnlib.explorer+json"


class StaticExport:
    """state_table(), for Explorer (see the module docstring)."""

    def state_table(self, options=None):
        """The static page's table ("Static pages" in base.py): {"start":
        values, "names", "scrub", "kind", "theme", "states": {table_key:
        {"scene", "frames", "controls"}}}. options: {control name: [values]}
        to offer fewer choices (the page's dropdowns then offer just those)."""
        options = dict(options or {})
        names, start, states = self.table_names(), dict(self.values), {}

        def walk(i):
            if i == len(names):
                spec = [dict(c, options=[o for o in c["options"] if o[1] in options[c["name"]]])
                        if c["kind"] == "dropdown" and c["name"] in options else c
                        for c in self.controls_spec]
                states[table_key(self.values, names)] = {
                    "scene": self.scene, "frames": self.frames, "controls": spec}
                return
            every = self.control_values(names[i])
            for value in every:
                if value in options.get(names[i], every):
                    self.set_values(**{names[i]: value})
                    walk(i + 1)

        walk(0)
        for name in names:                        # in order: a range follows the controls before it
            self.set_values(**{name: start[name]})
        return {"start": start, "names": names, "scrub": self.scrub, "kind": self.kind,
                "theme": self.theme, "states": states}
