"""Export the series to static HTML that reads without a kernel (`make html`).

    python tools/export_html.py [OUTPUT_DIR]      (default: html/)

Each notebook becomes NN_topic.html (nbconvert, JupyterLab look) with its
committed outputs: the static figures and the jshtml animations play in any
browser. Live widgets need a kernel, so each one is replaced by a short note
saying where it runs. Links between notebooks point at the .html pages, and
index.html is the series' contents (notebooks/README.md).
"""
import re
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters import markdown2html

from notebooks import NOTEBOOKS, series, title

WIDGET = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = ("<p><em>A live widget is here: open this notebook in JupyterLab "
               "(<code>make lab</code>) to use it.</em></p>")


# matplotlib's jshtml buttons are Font Awesome icons from a CDN: offline (a
# classroom without internet) they would be blank. Plain characters instead.
ANIMATION_BUTTONS = {"fa-minus": "\\2212", "fa-fast-backward": "\\21E4",
                     "fa-step-backward": "\\2039", "fa-play.fa-flip-horizontal": "\\25C0",
                     "fa-pause": "| |", "fa-play": "\\25B6", "fa-step-forward": "\\203A",
                     "fa-fast-forward": "\\21E5", "fa-plus": "+"}
ANIMATION_CSS = "<style>\n" + "\n".join(
    f'.anim-buttons button i.fa.{name}::before {{ content: "{text}"; '
    f"font-family: sans-serif; font-style: normal; font-weight: bold; }}"
    for name, text in ANIMATION_BUTTONS.items()) + "\n</style>\n"


def offline_animations(html):
    """Animation buttons that show without Font Awesome."""
    return html.replace("</head>", ANIMATION_CSS + "</head>", 1) if "anim-buttons" in html else html


def local_links(html):
    """Links to NN_topic.ipynb and README.md point at the exported pages."""
    html = re.sub(r'href="(\d\d_[A-Za-z0-9_]+)\.ipynb', r'href="\1.html', html)
    return html.replace('href="README.md"', 'href="index.html"')


def without_widgets(nb):
    """Replace every widget output (it needs a kernel) by a note."""
    for cell in nb.cells:
        for i, out in enumerate(cell.get("outputs", [])):
            if WIDGET in out.get("data", {}):
                cell.outputs[i] = nbformat.v4.new_output(
                    "display_data", data={"text/html": WIDGET_NOTE})
    return nb


def export_notebook(path, out_dir):
    nb = without_widgets(nbformat.read(path, as_version=4))
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(
        nb, resources={"metadata": {"name": title(path)}})
    target = Path(out_dir) / f"{path.stem}.html"
    target.write_text(offline_animations(local_links(body)), encoding="utf-8")
    return target


def export_index(out_dir):
    text = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    page = ("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>X-or-O</title>"
            "<style>body{font-family:sans-serif;max-width:45em;margin:2em auto;"
            "font-size:1.2em;line-height:1.5}</style></head><body>\n"
            + local_links(markdown2html(text)) + "\n</body></html>\n")
    target = Path(out_dir) / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


def export_series(out_dir):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = [export_notebook(path, out_dir) for path in series()]
    return [export_index(out_dir), *pages]


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "html"
    for page in export_series(out):
        print(page)
