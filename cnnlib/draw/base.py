"""Drawing primitives shared by every figure in the series (matplotlib only).

Figures are matplotlib.figure.Figure objects made without pyplot, so they
never pile up or show twice; each is drawn once (an explorer's static
picture is its scene, drawn by cnnlib.draw.scene). The style (readable on a
projector) is applied inside a `with` block, never globally.
"""
import base64
import html
import functools
import io
import sys
from contextlib import contextmanager, redirect_stdout

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from cnnlib import transforms
from cnnlib.data import feature_names, load_feature, load_grid
from cnnlib.formatting import format_value, format_values

# RdBu is one of ColorBrewer's colour-blind-safe diverging maps:
# -1 (background) is blue, 0 is white, +1 (stroke) is red.
CMAP = matplotlib.colormaps["RdBu_r"].with_extremes(bad="#d9d9d9")
LIMITS = (-1.0, 1.0)
HIGHLIGHT = "#ffb000"     # the kernel or pooling window (amber: stands out on red and blue)
MUTED = "#555555"

STYLE = {
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.labelsize": 12,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "figure.facecolor": "white",
}


@contextmanager
def style():
    """The series' plot style, for the duration of a `with` block."""
    with matplotlib.rc_context(STYLE):
        yield


def new_figure(ncols=1, nrows=1, width=3.4, height=3.6, **kwargs):
    """A Figure and its axes (an array of nrows x ncols), sized per panel in inches."""
    with style():
        fig = Figure(figsize=(width * ncols, height * nrows), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False, **kwargs)
    return fig, axes


# Cells stronger than this (|v|) get white numbers, paler ones black.
STRONG = 0.55


def text_colour(v):
    """Black on pale cells, white on strong ones; nothing on hidden cells."""
    return "white" if abs(v) > STRONG else "black"


def theme(steps=65):
    """What the browser needs to draw exactly like these figures: the colour
    map sampled to `steps` hex colours over LIMITS, the colour of hidden (NaN)
    cells, the highlight and muted colours, the number-colour threshold, and
    the font. The one source of colours and limits for matplotlib and the
    widgets (cnnlib.widgets sends it to the browser; cell numbers are
    formatted in Python by cell_text, so they agree too)."""
    return {
        "colors": [matplotlib.colors.to_hex(CMAP(i / (steps - 1))) for i in range(steps)],
        "limits": list(LIMITS),
        "bad": matplotlib.colors.to_hex(CMAP.get_bad()),
        "highlight": HIGHLIGHT,
        "muted": MUTED,
        "strong": STRONG,
        "font": "DejaVu Sans, Verdana, sans-serif",
    }


def grid_cells(values, mode="truncate", whole=None):
    """An (H, W) array as the browser draws it: rows, cols, the values
    row-major (None where NaN: not computed yet) and the numbers as text,
    formatted by cell_text exactly as draw_grid writes them."""
    values = np.asarray(values, float)
    if whole is None:
        shown = values[~np.isnan(values)]
        whole = bool(np.all(shown == np.round(shown)))
    rounded = np.round(values, 4).ravel().tolist()
    # format_values: the same text as cell_text, for the whole array at once
    text = ([f"{int(v)}" if v == v else "" for v in rounded] if whole
            else format_values(values, mode))
    return {"rows": int(values.shape[0]), "cols": int(values.shape[1]),
            "values": [None if v != v else v for v in rounded], "text": text}


def stack_cells(stack, mode="truncate", whole=None):
    """grid_cells of every (H, W) grid of a stack (N, H, W), as a list, with
    the numbers formatted in one pass (a scrubbed explorer's frames)."""
    stack = np.asarray(stack, float)
    n, h, w = stack.shape
    flat = stack.reshape(n, h * w)
    if whole is None:
        known = np.where(np.isnan(flat), 0.0, flat)
        wholes = np.all(known == np.round(known), axis=1).tolist()
    else:
        wholes = [bool(whole)] * n
    rounded = np.round(flat, 4).tolist()
    text = format_values(flat, mode)
    out = []
    for i, (row, is_whole) in enumerate(zip(rounded, wholes)):
        cells = ([f"{int(v)}" if v == v else "" for v in row] if is_whole
                 else text[i * h * w:(i + 1) * h * w])
        out.append({"rows": h, "cols": w, "values": [None if v != v else v for v in row],
                    "text": cells})
    return out


def grid_panel(key, values, title="", mode="truncate", whole=None, boxes=(), cell=28,
               numbers=True, **extra):
    """One grid panel of a browser scene (see cnnlib/widgets/base.py): a dict
    the JavaScript draws as SVG. boxes: dicts {r, c, h, w} (+ color, dash)."""
    panel = {"type": "grid", "key": key, "title": title, "cell": cell,
             "numbers": numbers, "boxes": [dict(b) for b in boxes], **grid_cells(values, mode, whole)}
    if not numbers:
        panel["text"] = []          # colours only: no numbers to send
    panel.update(extra)
    return panel


def frame_box(r, c, h=1, w=1, color=None, dash=False):
    """A highlight box over cells [r, r+h) x [c, c+w) of a grid panel."""
    out = {"r": int(r), "c": int(c), "h": int(h), "w": int(w), "dash": bool(dash)}
    if color:
        out["color"] = color
    return out


@functools.lru_cache(maxsize=16384)   # maps repeat a few values: format each once
def cell_text(v, mode="truncate", whole=False):
    """A cell's number: '1', '-1' for grids of whole numbers (whole=True),
    else two decimals the lecture's way ('.77', '1.00')."""
    return f"{int(v)}" if whole else format_value(v, mode)


def draw_grid(ax, values, title=None, numbers=True, mode="truncate", fontsize=None,
              xlabel="column", ylabel="row", whole=None, text=None, ticks=True):
    """Draw a 2-D array into ax as a grid of coloured cells with their numbers.

    values: (H, W). Colours span -1..1; NaN cells are grey and blank ("not
    computed yet"); white lines part the cells. The numbers read as the
    browser's (grid_cells): whole=None picks integers ('1') when every value
    is whole, else decimals ('.33'); False always shows decimals (maps of
    scores), True integers. text: the numbers as text, row-major (a scene's),
    instead. ticks=False: no ticks, labels or frame. Returns the AxesImage.
    """
    values = np.asarray(values, float)
    h, w = values.shape
    image = ax.imshow(values, cmap=CMAP, vmin=LIMITS[0], vmax=LIMITS[1], interpolation="nearest")
    if numbers:
        size = fontsize or max(7.0, min(13.0, 100.0 / max(h, w)))
        labels = grid_cells(values, mode, whole)["text"] if text is None else text
        for (i, j), label in zip(np.ndindex(h, w), labels):
            if label:
                ax.text(j, i, label, ha="center", va="center", fontsize=size,
                        color=text_colour(values[i, j]))
    if ticks:
        ax.set_xticks(range(w))
        ax.set_yticks(range(h))
    else:
        ax.set_axis_off()
    lines = [[(x, -0.5), (x, h - 0.5)] for x in np.arange(0.5, w - 1)]
    lines += [[(-0.5, y), (w - 0.5, y)] for y in np.arange(0.5, h - 1)]
    ax.add_collection(LineCollection(lines, colors="white", linewidths=0.8, zorder=1.5),
                      autolim=False)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return image


def box(ax, row, col, height, width, color=HIGHLIGHT, linewidth=3.5, **kwargs):
    """A rectangle outlining cells [row, row+height) x [col, col+width)."""
    patch = Rectangle((col - 0.5, row - 0.5), width, height, fill=False,
                      edgecolor=color, linewidth=linewidth, **kwargs)
    ax.add_patch(patch)
    return patch


def png_bytes(fig):
    """The figure rendered to PNG bytes (Agg), without pyplot."""
    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer)
    return buffer.getvalue()


class Picture:
    """A static figure for a notebook: shows as a PNG, prints as a short name.

    Figures made with new_figure() are not attached to pyplot, so a notebook
    shows them through this (the last line of a cell: `show(fig)`).
    """

    def __init__(self, fig, name="figure"):
        self.fig, self.name = fig, name

    def _repr_png_(self):
        return png_bytes(self.fig)

    def __repr__(self):
        return f"<{self.name}>"


def show(fig, name="figure"):
    """Display a Figure in a notebook as a static PNG: `show(fig)`."""
    return Picture(fig, name)


class Revealed:
    """A cell's answer, folded away until someone opens it.

    Shows as an HTML <details> block, "Reveal: <label>", holding the printed
    text (in a <pre>) and the figures (inline base64 PNG), in the order they
    came. It works wherever HTML is shown: JupyterLab, Notebook 7, VS Code,
    nbviewer, GitHub and `make html`, with or without a kernel. The plain-text
    form (for nbval and text-only viewers) is the label and the printed text.
    It is also the file that `with reveal(...)` prints into.
    """

    def __init__(self, label):
        self.label = str(label)
        self.items = []          # ("text", str) or ("png", bytes, name), in order
        self._printed = []

    def write(self, text):
        self._printed.append(text)
        return len(text)

    def flush(self):
        """Printed text so far becomes one item (before a figure, or at the end)."""
        text = "".join(self._printed)
        self._printed = []
        if text.strip():
            self.items.append(("text", text))

    def show(self, fig, name="figure"):
        """Add a figure (a Figure made with new_figure, or a Picture) after the text so far."""
        if isinstance(fig, Picture):
            fig, name = fig.fig, fig.name
        self.flush()
        self.items.append(("png", png_bytes(fig), name))

    def _repr_html_(self):
        parts = [f'<details class="cnnlib-reveal"><summary>Reveal: '
                 f"{html.escape(self.label)}</summary>"]
        for item in self.items:
            if item[0] == "text":
                parts.append(f"<pre>{html.escape(item[1].rstrip())}</pre>")
            else:
                data = base64.b64encode(item[1]).decode("ascii")
                parts.append(f'<img src="data:image/png;base64,{data}" '
                             f'alt="{html.escape(item[2])}" style="max-width:100%">')
        return "\n".join(parts + ["</details>"])

    def __repr__(self):
        lines = [f"Reveal: {self.label}"]
        for item in self.items:
            lines.append(item[1].rstrip() if item[0] == "text" else f"<{item[2]}>")
        return "\n".join(lines)


@contextmanager
def reveal(label):
    """Hide a cell's answer until someone opens it:

        with reveal("how many pixels match") as answer:
            print(...)                 # printed text is captured
            answer.show(fig)           # figures too (a Figure, or show(fig))

    When the block ends, one folded <details> block is displayed in its
    place (see Revealed), so after Run All the cell shows "Reveal: ..." and
    not the answer.
    """
    revealed = Revealed(label)
    try:
        with redirect_stdout(revealed):
            yield revealed
    finally:
        revealed.flush()
        _display(revealed)


def _display(obj):
    """IPython's display() in a notebook; a print of the text form elsewhere."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:                     # pragma: no cover (IPython ships with Jupyter)
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(obj)
    else:
        print(repr(obj), file=sys.stdout)


def features():
    """The features the explorers offer: name -> (3, 3) array, read once."""
    return {name: load_feature(name) for name in feature_names()}


def pictures():
    """The pictures the explorers offer: label -> (9, 9) grid.
    'X', 'O', then each transformed by cnnlib.transforms.variants(): 'shifted X', ..."""
    choices = {"X": load_grid("x"), "O": load_grid("o")}
    for name in ("x", "o"):
        for variant, fn in transforms.variants().items():
            choices[f"{variant} {name.upper()}"] = fn(load_grid(name))
    return choices


def whole_fontsize(shape):
    """Cell-number size (points) for grids of whole numbers ('1', '-1', '0':
    two characters at most), larger than draw_grid's default for decimals
    so that pictures stay readable when a wide figure is shrunk to fit."""
    return max(7.0, min(18.0, 130.0 / max(shape)))


def draw_padded(ax, padded, padding, covered, title="image", numbers=True, fontsize=None,
                mode="truncate"):
    """The (padded) image: zero border outlined, pixels no window reaches
    hatched, ticks numbered in the original image's coordinates.
    Returns the AxesImage."""
    image = draw_grid(ax, padded, title=title, numbers=numbers, fontsize=fontsize, mode=mode)
    hp, wp = padded.shape
    ax.set_xticks(range(wp), [str(j - padding) for j in range(wp)])
    ax.set_yticks(range(hp), [str(i - padding) for i in range(hp)])
    if padding:
        box(ax, padding, padding, hp - 2 * padding, wp - 2 * padding,
            color=MUTED, linewidth=2, linestyle="--")
    hatch = dict(fill=False, hatch="///", edgecolor=MUTED, linewidth=0)
    if covered[0] < hp:
        ax.add_patch(Rectangle((-0.5, covered[0] - 0.5), wp, hp - covered[0], **hatch))
    if covered[1] < wp:
        ax.add_patch(Rectangle((covered[1] - 0.5, -0.5), wp - covered[1], hp, **hatch))
    return image


# --- Words for what a panel shows (screen readers, alt text) -------------------------
# One describer per panel type, made from the panel's own numbers (its cell
# text, as drawn): an explorer's browser view gives each panel's picture its
# name and description, and announces a scene's "announce" sentence; a
# static picture's alt text is scene_description (cnnlib/draw/scene.py).

def _short(v):
    """A curve's or a bar's number in a few characters: 0.25, 12.5, 3.46."""
    return f"{round(float(v), 3):g}"


def panel_name(p):
    """A panel's accessible name: its title (one line), else its label or key."""
    name = p.get("title") or p.get("label") or p.get("key") or p.get("type", "panel")
    return " ".join(str(name).split())


def _cell_words(p, k):
    """'row 1, column 2' of cell k, in the panel's own row and column labels."""
    r, c = divmod(k, p["cols"])
    rows, cols = p.get("ylabels") or [], p.get("xlabels") or []
    return (f"row {rows[r] if r < len(rows) else r}, "
            f"column {cols[c] if c < len(cols) else c}")


def grid_texts(p):
    """A grid panel's cells as text, row-major, as the browser writes them
    ('' where a cell is blank: not computed yet, or past its reveal)."""
    values = p.get("values") or []
    text = list(p.get("text") or [])
    if len(text) != len(values):        # colours only: the numbers the cells hold
        known = [v for v in values if v is not None]
        whole = all(float(v).is_integer() for v in known)
        text = ["" if v is None else cell_text(float(v), "truncate", whole) for v in values]
    reveal = p.get("reveal")
    if reveal is not None:
        text[reveal + 1:] = [""] * max(0, len(text) - reveal - 1)
    return [t if v is not None else "" for t, v in zip(text, values)]


def describe_grid(p):
    """'7 by 7: highest 1.00 at row 1, column 1, lowest -.55 at row 0,
    column 2' (a grid of two or three values counts them instead: '17 cells 1,
    64 cells -1'); cells not shown yet are counted, outlined marks placed
    ('outlined: rows 0 to 2, columns 1 to 3')."""
    values, text = p.get("values") or [], grid_texts(p)
    shown = [(v, t, k) for k, (v, t) in enumerate(zip(values, text)) if t]
    words = f"{p['rows']} by {p['cols']}"
    if not shown:
        return words + ": nothing shown yet"
    kinds = {}
    for v, t, _ in shown:
        kinds.setdefault(t, [v, 0])[1] += 1
    if len(kinds) <= 3:
        counts = sorted(kinds.items(), key=lambda kv: -kv[1][0])
        words += ": " + ", ".join(f"{n} cell{'s' * (n != 1)} {t}" for t, (_, n) in counts)
    else:
        # the first cell (row by row) of the highest and of the lowest
        hi, hi_t, hi_k = max(shown, key=lambda s: (s[0], -s[2]))
        lo, lo_t, lo_k = min(shown, key=lambda s: (s[0], s[2]))
        ties = [sum(1 for v, _, _ in shown if v == x) for x in (hi, lo)]
        where = [_cell_words(p, hi_k) + (f" and {ties[0] - 1} more" if ties[0] > 1 else ""),
                 _cell_words(p, lo_k) + (f" and {ties[1] - 1} more" if ties[1] > 1 else "")]
        words += f": highest {hi_t} at {where[0]}, lowest {lo_t} at {where[1]}"
    hidden = len(values) - len(shown)
    if hidden:
        words += f"; {hidden} cell{'s' * (hidden != 1)} blank"
    for m in p.get("marks") or []:          # what a frame moves: the window, the cell
        words += f"; outlined: {_span('row', p.get('ylabels'), m['r'], m['h'])}, " \
                 f"{_span('column', p.get('xlabels'), m['c'], m['w'])}"
    return words


def _span(word, labels, start, n):
    """'row 2' or 'rows 2 to 4', in the panel's labels if it has them."""
    name = (lambda i: labels[i] if labels and i < len(labels) else i)
    return f"{word} {name(start)}" if n == 1 else f"{word}s {name(start)} to {name(start + n - 1)}"


def describe_bars(p):
    """Each bar's label and its number: 'X .82, O .18'."""
    return ", ".join(f"{b.get('label', '')} {b.get('text') or _short(b.get('value', 0))}".strip()
                     for b in p.get("bars") or []) or "no bars"


def describe_curve(p):
    """Each series (named by the legend where it names them all): its points'
    first, last, lowest and highest values; and the marker's place."""
    series, legend = p.get("series") or [], p.get("legend") or []
    parts = []
    for i, s in enumerate(series):
        xs = s.get("x") or p.get("x") or []
        points = [(x, y) for x, y in zip(xs, s.get("y") or []) if y is not None]
        if not points:
            continue
        name = legend[i]["label"] if len(legend) >= len(series) else (
            f"series {i + 1}" if len(series) > 1 else "")
        ys = [y for _, y in points]
        words = (f"at {p.get('xlabel') or 'x'} {_short(points[0][0])} {_short(points[0][1])}"
                 if len(points) == 1 else
                 f"{len(points)} points from {_short(ys[0])} to {_short(ys[-1])}, "
                 f"lowest {_short(min(ys))}, highest {_short(max(ys))}")
        parts.append(f"{name}: {words}" if name else words)
    if p.get("marker") is not None:
        parts.append(f"marker at {p.get('xlabel') or 'x'} {_short(p['marker'])}")
    return "; ".join(parts) or "no points yet"


def describe_stack(p):
    """Each grid of the stack: its title and its description."""
    grids = p.get("grids") or []
    return f"{len(grids)} grid{'s' * (len(grids) != 1)}: " + "; ".join(
        f"{panel_name(g) if g.get('title') or g.get('key') else f'map {i}'}, {describe_grid(g)}"
        for i, g in enumerate(grids))


def _line_text(item):
    return item if isinstance(item, str) else " ".join(
        t for t in (item.get("bold", ""), item.get("text", "")) if t)


def describe_strip(p):
    """The strip's lines of text, in order."""
    return ". ".join(_line_text(t) for t in [*(p.get("above") or []), *(p.get("below") or [])])


DESCRIBE = {"grid": describe_grid, "bars": describe_bars, "curve": describe_curve,
            "stack": describe_stack, "strip": describe_strip,
            "text": lambda p: " ".join(str(p.get("text", "")).split())}


def describe_panel(p):
    """What a panel shows now, in words (its note added)."""
    words = DESCRIBE.get(p.get("type"), lambda q: "")(p)
    if p.get("note"):
        words += ". " + str(p["note"])
    return " ".join(words.split())          # one line, single spaces: as a screen reader says it


def _speak(p, name=None):
    """p with its "name" and "description" (a stack's grids with theirs: the
    stack's name, then the grid's title or its place)."""
    name = name or panel_name(p)
    out = {**p, "name": name, "description": describe_panel(p)}
    if p.get("type") == "stack":
        out["grids"] = [{**g, "name": f"{name}, {panel_name(g) if g.get('title') else f'map {i}'}",
                         "description": describe_grid(g)} for i, g in enumerate(p.get("grids") or [])]
    return out


def spoken(scene, frames=()):
    """scene and frames with words for a screen reader: every panel's "name"
    and "description" (a frame's, for each panel it overrides, described as
    drawn: the panel with the frame over it) and the "announce" sentence of
    the scene and of each frame (the *_scene's own; else a scene's caption
    and its main panel's name and description, a frame's caption or the
    panels it changes). Returns (scene, frames), new dicts."""
    panels = [_speak(p, p.get("name")) for p in scene.get("panels") or []]
    scene = {**scene, "panels": panels}
    by_key = {p.get("key"): p for p in panels}
    if not scene.get("announce"):
        main = by_key.get(scene.get("main")) or (panels[0] if panels else {})
        said = [" ".join(str(scene.get("caption") or "").split()),
                f"{main['name']}: {main['description']}" if main else ""]
        scene["announce"] = ". ".join(t.rstrip(".") for t in said if t)
    out = []
    for frame in frames:
        f = dict(frame)
        for key, fields in frame.items():
            if key in by_key and isinstance(fields, dict):
                drawn = {**by_key[key], **fields}
                said = _speak(drawn)
                f[key] = {**fields, **{k: said[k] for k in ("name", "description", "grids")
                                       if k in said}}
        if not f.get("announce"):
            f["announce"] = " ".join(str(f.get("caption") or "").split()) or "; ".join(
                f"{f[k]['name']}: {f[k]['description']}" for k in frame
                if k in by_key and isinstance(frame[k], dict))
        out.append(f)
    return scene, out
