"""Export the series to static HTML that reads without a kernel (`make html`).

    python tools/export_html.py [OUTPUT_DIR] [NOTEBOOK ...]   (default: html/, the series)

Each notebook becomes NN_topic.html (nbconvert, JupyterLab look) with its
committed outputs: the static figures and the jshtml animations play in any
browser. An explorer (cnnlib.widgets.base.Explorer) stays live: its output
names its class and arguments, so the exporter rebuilds it here, computes
every state it can show (state_table, gzip) and embeds them with the
explorers' ES module and a stand-in model (cnnlib/widgets/js/static_page.js).
The page then works with no kernel and no network. Other widgets need a
kernel: their static picture shows, with a note saying so. The page loads
nothing from outside (nbconvert's require.js and MathJax tags are dropped).
Links between notebooks point at the .html pages, and index.html is the
series' contents (as notebooks/README.md, telling how the pages read).

A notebook may come from anyone: the exporter rebuilds only the explorers in
EXPLORERS, with arguments of the names and JSON types listed there, and
refuses any other output that claims to be an explorer (nothing it names is
imported or called); the command then says what it refused and exits 1.

    python tools/export_html.py --execute [OUTPUT_DIR]   runs each notebook first
                                                        (its code: trusted notebooks only)
"""
import base64
import gzip
import importlib
import json
import re
import sys
from html import escape as html_escape
import tempfile
from pathlib import Path

import nbformat
from latex2mathml.converter import convert as tex_to_mathml
from nbconvert import HTMLExporter
from nbconvert.filters import markdown2html

from notebooks import index_text, run, series, title

from cnnlib._checks import describe
from cnnlib.matching import AMOUNTS
from cnnlib.widgets.deep import DeepExplorer
from cnnlib.widgets.export import EXPORT_MIME
from cnnlib.widgets.filtering import FilteringExplorer
from cnnlib.widgets.matching import MatchingExplorer
from cnnlib.widgets.pooling import PoolingExplorer
from cnnlib.widgets.protocol import esm_source
from cnnlib.widgets.relu import ReluView
from cnnlib.widgets.stacking import StackingExplorer
from cnnlib.widgets.voting import VotingExplorer

JS = Path(importlib.import_module("cnnlib.widgets").__file__).parent / "js"

WIDGET = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = ("<p><em>A live widget is here: open this notebook in JupyterLab "
               "(<code>make lab</code>) to use it.</em></p>")
KERNEL_NOTE = ("<p><em>This explorer needs a running kernel: open the notebook in "
               "JupyterLab (<code>make lab</code>) to use it. Its first view:</em></p>")
# Fewer choices in the page where every combination would make it large.
STATIC_OPTIONS = {"PoolingExplorer": {"picture": ["X", "O"]},
                  "StackingExplorer": {"picture": ["X", "O"], "show": ["all"]},
                  "DeepExplorer": {"layer": ["pool", "pool2"]}}
# Under an explorer on a page, what it can do there (else its static_note).
STATIC_NOTES = {"DeepExplorer": "Without a kernel this page shows every test picture in the "
                                "pool and pool2 layers; drawing your own picture needs a "
                                "running notebook."}
OUTSIDE = re.compile(r'<script[^>]+src="https?://[^"]*"[^>]*>\s*</script>\s*'
                     r'|<link[^>]+href="https?://[^"]*"[^>]*>\s*'
                     # MathJax's settings (the maths is MathML) and the loader that
                     # would fetch mermaid from a CDN (no notebook draws a diagram)
                     r'|<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->'
                     r'|<script type="module">\s*document\.addEventListener\("DOMContentLoaded"'
                     r'[^<]*?jp-Mermaid.*?</script>', re.S | re.I)


# matplotlib's jshtml buttons carry drawn shapes (cnnlib.draw.filtering.
# offline_player: inline SVG, no icon font, no CDN); here they get room to be
# hit on a projector and a focus ring that shows.
ANIMATION_CSS = """<style>
.anim-buttons button { min-width: 36px; min-height: 30px; color: #111; }
.anim-buttons button svg.cnn-icon { width: 18px; height: 18px; }
.anim-buttons button:focus-visible { outline: 3px solid #111111; outline-offset: 2px; }
</style>
"""


def offline_animations(html):
    """The animation buttons' size and focus ring (their shapes are drawn in the output)."""
    return html.replace("</head>", ANIMATION_CSS + "</head>", 1) if "anim-buttons" in html else html


# What axe-core's WCAG 2.1 AA rules ask of nbconvert's page (tests/browser/
# test_axe.py): the prompts (In [1]:) drawn at half opacity in grey were 2.2:1
# on white, and the JupyterLab light theme's code colours that fall under
# 4.5:1 on the code's grey (#f5f5f5) are the same hues, darker; links inside
# a sentence are underlined, not told apart from the text by colour alone.
PAGE_CSS = """<style>
:root {
  --jp-cell-prompt-not-active-opacity: 1; --jp-cell-prompt-not-active-font-color: #595959;
  --jp-mirror-editor-atom-color: #5f5fbf; --jp-mirror-editor-bracket-color: #6b6b52;
  --jp-mirror-editor-comment-color: #3a7575; --jp-mirror-editor-error-color: #d40000;
  --jp-mirror-editor-hr-color: #6b6b6b; --jp-mirror-editor-meta-color: #9922dd;
  --jp-mirror-editor-number-color: #007a00; --jp-mirror-editor-operator-color: #9922dd;
  --jp-mirror-editor-quote-color: #007a00;
}
.jp-RenderedHTMLCommon a:link, .jp-RenderedHTMLCommon a:visited { text-decoration: underline; }
</style>
"""


def accessible_page(html):
    """nbconvert's page with PAGE_CSS (contrast, underlined links)."""
    return html.replace("</head>", PAGE_CSS + "</head>", 1)


CELL_PARTS = re.compile(r'<div class="jp-Cell jp-(\w+)Cell[^"]*"'
                        r'|<div class="jp-Cell-inputWrapper" tabindex="0">'
                        r'|<div class="([^"]*jp-OutputArea-output[^"]*)"([^>]*) tabindex="0">')


def named_stops(html):
    """nbconvert makes every cell's input and every output a keyboard stop
    (tabindex, for scrolling wide ones) with no name: a screen reader landing
    there heard nothing of what it is. A code cell's input and its outputs
    become named regions ("code, cell 3", "output, cell 3", "output 2, cell 3");
    a markdown cell's text is no stop at all (it is read as the page, and
    scrolls with it)."""
    cell, kind, outputs = 0, None, 0

    def name(match):
        nonlocal cell, kind, outputs
        text = match.group(0)
        if match.group(1):
            cell, kind, outputs = cell + 1, match.group(1), 0
            return text
        if text.startswith('<div class="jp-Cell-inputWrapper"'):
            if kind != "Code":
                return '<div class="jp-Cell-inputWrapper">'
            return (f'<div class="jp-Cell-inputWrapper" tabindex="0" role="region" '
                    f'aria-label="code, cell {cell}">')
        outputs += 1
        number = f" {outputs}" if outputs > 1 else ""
        return (f'<div class="{match.group(2)}"{match.group(3)} tabindex="0" role="region" '
                f'aria-label="output{number}, cell {cell}">')
    return CELL_PARTS.sub(name, html)


def local_links(html):
    """Links to NN_topic.ipynb and README.md point at the exported pages."""
    html = re.sub(r'href="(\d\d_[A-Za-z0-9_]+)\.ipynb', r'href="\1.html', html)
    return html.replace('href="README.md"', 'href="index.html"')


# The JSON types an explorer's recorded arguments may have: (words, test).
WHOLE = ("a whole number", lambda v: type(v) is int)
TEXT = ("a string", lambda v: type(v) is str)
FLAG = ("true or false", lambda v: type(v) is bool)
WHOLE_OR_NULL = ("a whole number or null", lambda v: v is None or type(v) is int)
TEXTS = ("a list of strings", lambda v: type(v) is list and all(type(x) is str for x in v))
# The only classes a page's output may name: the explorers that need no
# kernel, each with the arguments it records (Explorer.args) and their types.
# Anything else is refused before anything is imported or called, so a
# shared notebook cannot make `make html` run code it names; the explorers
# check the values themselves, as they do for any caller.
EXPLORERS = {f"{cls.__module__}.{cls.__name__}": (cls, args) for cls, args in [
    (MatchingExplorer, {name: WHOLE for name in AMOUNTS}),
    (FilteringExplorer, {"picture": TEXT, "feature": TEXT, "position": WHOLE, "stride": WHOLE,
                         "padding": WHOLE}),
    (PoolingExplorer, {"picture": TEXT, "feature": TEXT, "position": WHOLE, "size": WHOLE,
                       "stride": WHOLE, "padding": WHOLE, "keep_edges": FLAG}),
    (ReluView, {"picture": TEXT, "feature": TEXT}),
    (StackingExplorer, {"layers": TEXTS, "repeats": WHOLE, "picture": TEXT, "padding": WHOLE,
                        "show": TEXT}),
    (VotingExplorer, {"picture": TEXT, "seed": WHOLE}),
    (DeepExplorer, {"recipe": TEXT, "model_seed": WHOLE_OR_NULL, "layer": TEXT,
                    "feature": WHOLE, "seed": WHOLE}),
]}


class RefusedValue(ValueError):
    """An output naming something the exporter will not rebuild."""


class RefusedType(TypeError):
    """An output whose arguments have the wrong JSON type."""


REFUSAL_HINT = ("the exporter rebuilds only the series' own explorers and runs nothing else "
                "a notebook names; run the notebook again from a trusted copy to remake "
                "its outputs")


def checked_explorer(spec, where):
    """The explorer class and keyword arguments an output's EXPORT_MIME names,
    once checked against EXPLORERS; where: the output, for the message.
    Anything else is refused (RefusedValue, RefusedType) saying what."""
    def refuse(error, text):
        return error(f"{where}: refused: {text}; {REFUSAL_HINT}")
    if not isinstance(spec, dict) or sorted(spec) != ["args", "class", "module"]:
        raise refuse(RefusedValue, f"an explorer output must name module, class and args, "
                                   f"got {describe(spec)}")
    name = f"{spec['module']}.{spec['class']}"
    if name not in EXPLORERS:
        shown = name if len(name) <= 80 else name[:77] + "..."
        raise refuse(RefusedValue, f"{shown} is not one of the explorers a static page "
                                   f"rebuilds ({', '.join(EXPLORERS)})")
    cls, types = EXPLORERS[name]
    args = spec["args"]
    if not isinstance(args, dict):
        raise refuse(RefusedType, f"{name}: args must be an object of keyword arguments, "
                                  f"got {describe(args)}")
    for key, value in args.items():
        if key not in types:
            raise refuse(RefusedValue, f"{name}: unknown argument {describe(key)[:-6]}; "
                                       f"it takes {', '.join(types)}")
        words, test = types[key]
        if not test(value):
            raise refuse(RefusedType, f"{name}: argument {key!r} must be {words}, "
                                      f"got {describe(value)}")
    return cls, dict(args)


def built_explorer(cls, args, where):
    """cls(**args), its own refusal of a value (a picture it does not know)
    said as the exporter's, naming the output."""
    try:
        return cls(**args)
    except (ValueError, TypeError) as error:
        raise (RefusedType if isinstance(error, TypeError) else RefusedValue)(
            f"{where}: refused: {cls.__module__}.{cls.__name__}: {error}") from None


# TeX in markdown, as JupyterLab's MathJax reads it: $$display$$ and $inline$,
# never inside code. The pages load no MathJax: the exporter writes MathML,
# which browsers draw themselves.
TEX = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.S)
CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)
TOKEN = "CNNMATH{}X"


def math_tokens(markdown, formulas):
    """The markdown with each formula replaced by a plain word (TOKEN) that
    the markdown renderer passes through; formulas (a dict) gets token -> MathML."""
    def swap(match):
        display, inline = match.groups()
        token = TOKEN.format(len(formulas))
        formulas[token] = tex_to_mathml((display or inline).strip(),
                                        display="block" if display else "inline")
        return token
    return "".join(part if CODE.fullmatch(part) else TEX.sub(swap, part)
                   for part in CODE.split(markdown))


def with_mathml(html, formulas):
    """The rendered page with each token back as its formula's MathML."""
    return re.sub(TOKEN.format(r"\d+"), lambda m: formulas[m.group(0)], html) if formulas else html


def explorer_table(cls, args, where="an output"):
    """Build an explorer (a class and arguments from checked_explorer) and
    compute every state a page can show: base64 of the gzipped JSON state table."""
    explorer = built_explorer(cls, args, where)
    options = STATIC_OPTIONS.get(cls.__name__)
    table = explorer.state_table(options) if options else explorer.state_table()
    # A dropdown left with one choice lists them all again: the others say,
    # when chosen, that they need a kernel (a dropdown that cannot change is no control).
    every = {c["name"]: c for c in explorer.controls_spec}
    for state in table["states"].values():
        state["controls"] = [every[c["name"]] if c["kind"] == "dropdown" and len(c["options"]) == 1
                             else c for c in state["controls"]]
    if hasattr(explorer, "grid_table"):
        table["paint_table"] = explorer.grid_table()
    table["static_note"] = STATIC_NOTES.get(cls.__name__, explorer.static_note)
    explorer.close()
    text = json.dumps(table, separators=(",", ":"), ensure_ascii=False)
    return base64.b64encode(gzip.compress(text.encode("utf-8"), 9)).decode("ascii")


def picture_html(data, metadata=None):
    """The output's static picture, with its alternative text (the explorer's
    words for it: the output's image/png metadata "alt") if it has one."""
    png = data.get("image/png")
    alt = ((metadata or {}).get("image/png") or {}).get("alt") or "first view"
    return f'<img src="data:image/png;base64,{png}" alt="{html_escape(alt)}">' if png else ""


def static_widgets(nb, name="notebook"):
    """Replace every widget output: an explorer by a live static explorer
    (a table of states; its picture until the script runs), any other widget
    by its static picture and a note that it needs a kernel. An output that
    names anything but one of EXPLORERS is refused (checked_explorer): name
    says which notebook in the message. Returns (nb, number of live explorers)."""
    live = 0
    for number, cell in enumerate(nb.cells):
        for i, out in enumerate(cell.get("outputs", [])):
            data = out.get("data", {})
            if WIDGET not in data:
                continue
            if EXPORT_MIME in data:
                live += 1
                where = f"{name}, cell {number}"
                table = explorer_table(*checked_explorer(data[EXPORT_MIME], where), where)
                html = (f'<div class="cnn-static" data-table="cnn-table-{live}">'
                        f'<div class="cnn-fallback">{picture_html(data, out.get("metadata"))}</div></div>'
                        f'<script type="text/plain" id="cnn-table-{live}">{table}</script>')
            elif "image/png" in data:
                html = KERNEL_NOTE + picture_html(data, out.get("metadata"))
            else:
                html = WIDGET_NOTE
            cell.outputs[i] = nbformat.v4.new_output("display_data", data={"text/html": html})
    return nb, live


def offline(html, live):
    """Nothing from outside; the explorers' module and runtime when live."""
    html = OUTSIDE.sub("", html)
    if live:
        module = base64.b64encode(esm_source().encode("utf-8")).decode("ascii")
        runtime = (f'<script type="text/plain" id="cnn-esm">{module}</script>\n'
                   f'<script type="module">{(JS / "static_page.js").read_text(encoding="utf-8")}</script>\n')
        html = html.replace("</body>", runtime + "</body>", 1)
    return html


def export_notebook(path, out_dir, execute=False):
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    if execute:
        with tempfile.TemporaryDirectory() as work:
            run(nb, work)
    nb, live = static_widgets(nb, path.name)
    formulas = {}
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = math_tokens(cell.source, formulas)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(
        nb, resources={"metadata": {"name": title(path)}})
    body = with_mathml(local_links(named_stops(body)), formulas)
    target = Path(out_dir) / f"{path.stem}.html"
    target.write_text(offline(accessible_page(offline_animations(body)), live),
                      encoding="utf-8")
    return target


def export_index(out_dir):
    formulas = {}
    text = math_tokens(index_text(series(), pages=True), formulas)
    page = ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>X-or-O</title>"
            "<style>body{font-family:sans-serif;max-width:45em;margin:2em auto;"
            "font-size:1.2em;line-height:1.5}</style></head><body><main>\n"
            + with_mathml(local_links(markdown2html(text)), formulas) + "\n</main></body></html>\n")
    target = Path(out_dir) / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


def export_series(out_dir, paths=None, execute=False):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = [export_notebook(Path(path), out_dir, execute) for path in (paths or series())]
    return [export_index(out_dir), *pages]


def main(argv):
    """[--execute] [OUTPUT_DIR] [NOTEBOOK ...]: the series (or the notebooks
    named) to OUTPUT_DIR (html/). A refused output is said on stderr, exit 1."""
    execute = "--execute" in argv
    args = [a for a in argv if a != "--execute"]
    try:
        for page in export_series(args[0] if args else "html", args[1:] or None, execute):
            print(page)
    except (RefusedValue, RefusedType) as refused:
        print(f"export_html: {refused}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
