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
from collections import Counter, namedtuple
from contextlib import contextmanager, redirect_stdout

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.textpath import TextToPath

from cnnlib import transforms
from cnnlib._checks import as_float
from cnnlib.data import feature_names, load_feature, load_grid
from cnnlib.formatting import format_value, format_values

# RdBu is one of ColorBrewer's colour-blind-safe diverging maps:
# -1 (background) is blue, 0 is white, +1 (stroke) is red.
CMAP = matplotlib.colormaps["RdBu_r"].with_extremes(bad="#d9d9d9")
LIMITS = (-1.0, 1.0)
HIGHLIGHT = "#ffb000"     # the kernel or pooling window (amber: stands out on red and blue)
MUTED = "#555555"

# Sizes in points; at 80 dpi one point is 1.11 CSS px, so 11 pt is 12.2 px,
# the smallest text a projector shows readably (see smallest_text).
STYLE = {
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "figure.titlesize": 15,
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "figure.facecolor": "white",
}

# A projected notebook (1280x720 at 150%: 853x480 CSS px, sidebar collapsed)
# has an output area OUTPUT_WIDTH px wide, and JupyterLab shrinks a wider PNG
# to fit: a figure wider than MAX_WIDTH inches shrinks its text with it.
OUTPUT_WIDTH = 760
MAX_WIDTH = OUTPUT_WIDTH / STYLE["figure.dpi"]      # 9.5 in
LEAST_PX = 12            # no text smaller than this (CSS px) at the projector size
NUMBER_PT = 11           # the smallest cell number draw_grid writes (12.2 px)


@contextmanager
def style():
    """The series' plot style, for the duration of a `with` block."""
    with matplotlib.rc_context(STYLE):
        yield


def styled(draw):
    """A figure function drawn entirely inside style() (ticks, legends and
    texts made after new_figure returns take the series' sizes too)."""
    @functools.wraps(draw)
    def drawn(*args, **kwargs):
        with style():
            return draw(*args, **kwargs)
    return drawn


def new_figure(ncols=1, nrows=1, width=3.4, height=3.6, **kwargs):
    """A Figure and its axes (an array of nrows x ncols), sized per panel in inches."""
    with style():
        fig = Figure(figsize=(width * ncols, height * nrows), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False, **kwargs)
    return fig, axes


# Roughly where numbers turn white (|v|); the exact rule is text_colour's.
STRONG = 0.55


def luminance(colour):
    """WCAG 2.1 relative luminance of a matplotlib colour (0 black .. 1 white)."""
    rgb = np.asarray(matplotlib.colors.to_rgb(colour))
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def contrast(a, b):
    """WCAG 2.1 contrast ratio of two colours, 1 (same) .. 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)))
    return (lb + 0.05) / (la + 0.05)


@functools.lru_cache(maxsize=1024)
def ink(background):
    """'white' or 'black', whichever contrasts more with the background colour
    (on the map's scale the worse of the two choices is 4.59:1, above WCAG's 4.5)."""
    return "white" if contrast("white", background) > contrast("black", background) else "black"


def cell_colour(v):
    """The map's colour for value v (clipped to LIMITS), as hex."""
    lo, hi = LIMITS
    return matplotlib.colors.to_hex(CMAP((min(hi, max(lo, v)) - lo) / (hi - lo)))


def text_colour(v):
    """The colour of a cell's number over the cell's colour: black on pale
    cells, white on strong ones, whichever reads better (ink)."""
    return ink(cell_colour(v))


def theme(steps=65):
    """What the browser needs to draw exactly like these figures: the colour
    map sampled to `steps` hex colours over LIMITS, the colour of hidden (NaN)
    cells, the highlight and muted colours, the number-colour threshold, and
    the font; inks: the number colour (ink) for each of colors. The one source of colours and limits for matplotlib and the
    widgets (cnnlib.widgets sends it to the browser; cell numbers are
    formatted in Python by cell_text, so they agree too)."""
    colors = [matplotlib.colors.to_hex(CMAP(i / (steps - 1))) for i in range(steps)]
    return {
        "colors": colors,
        "inks": [ink(c) for c in colors],
        "limits": list(LIMITS),
        "bad": matplotlib.colors.to_hex(CMAP.get_bad()),
        "highlight": HIGHLIGHT,
        "muted": MUTED,
        "strong": STRONG,
        "font": "DejaVu Sans, Verdana, sans-serif",
    }


def grid_cells(values, mode="truncate", whole=None, decimals=2):
    """An (H, W) array as the browser draws it: rows, cols, the values
    row-major (None where NaN: not computed yet) and the numbers as text,
    formatted by cell_text exactly as draw_grid writes them (decimals: fewer
    for numbers that must fit small cells, e.g. '-1.6')."""
    values = np.asarray(values, float)
    if whole is None:
        shown = values[~np.isnan(values)]
        whole = bool(np.all(shown == np.round(shown)))
    rounded = np.round(values, 4).ravel().tolist()
    # format_values: the same text as cell_text, for the whole array at once
    text = ([f"{int(v)}" if v == v else "" for v in rounded] if whole
            else format_values(values, mode, decimals))
    return {"rows": int(values.shape[0]), "cols": int(values.shape[1]),
            "values": [None if v != v else v for v in rounded], "text": text}


def stack_cells(stack, mode="truncate", whole=None, decimals=2):
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
    text = format_values(flat, mode, decimals)
    out = []
    for i, (row, is_whole) in enumerate(zip(rounded, wholes)):
        cells = ([f"{int(v)}" if v == v else "" for v in row] if is_whole
                 else text[i * h * w:(i + 1) * h * w])
        out.append({"rows": h, "cols": w, "values": [None if v != v else v for v in row],
                    "text": cells})
    return out


def grid_panel(key, values, title="", mode="truncate", whole=None, boxes=(), cell=28,
               numbers=True, decimals=2, **extra):
    """One grid panel of a browser scene (see cnnlib/widgets/base.py): a dict
    the JavaScript draws as SVG. boxes: dicts {r, c, h, w} (+ color, dash)."""
    panel = {"type": "grid", "key": key, "title": title, "cell": cell,
             "numbers": numbers, "boxes": [dict(b) for b in boxes], **grid_cells(values, mode, whole, decimals)}
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


# Descriptions (alternative text) are built from the numbers a figure draws,
# one summary per kind of picture; a drawing function joins them with
# sentence() and attaches the result with described().

def sentence(*parts):
    """Parts joined into one sentence: capitalised, ending with a full stop."""
    text = "; ".join(p.strip().rstrip(".") for p in parts if p and p.strip())
    return (text[:1].upper() + text[1:] + ".") if text else ""


def cell_name(r, c):
    return f"row {r}, column {c}"


def places(mask, most=2, name=cell_name):
    """Where a boolean (H, W) mask is true, in words: 'row 0, column 0' for
    one cell; "4 cells (row 0, column 0; row 3, column 3 and 2 more)".
    name(r, c): a cell's words (a panel with its own row and column labels
    names them its way).
    """
    return _place_words([tuple(map(int, rc)) for rc in np.argwhere(mask)], most, name)


def _place_words(cells, most=2, name=cell_name):
    """places() of the (row, col) cells, in order."""
    words = [name(r, c) for r, c in cells[:most + 1]]
    shown, more = "; ".join(words[:most]), len(cells) - most
    return f"{len(cells)} cells ({shown} and {more} more)" if more > 0 else \
        (shown if len(cells) == 1 else f"{len(cells)} cells ({shown})")


def extreme_places(values, texts, name=cell_name):
    """Where a grid's highest and lowest numbers are, as its cells write them:
    ((highest's text, its places), (lowest's text, its places)), or
    (text, None) when every number is the same. The one describer of a map's
    extremes, for figures (extremes) and explorer panels (describe_grid).
    values: (H, W) floats, NaN where a cell is blank; texts: (H, W) str.
    (Plain lists: an explorer describes dozens of small grids a move.)"""
    values = np.asarray(values, float)
    cols = values.shape[1]
    flat, words = values.ravel().tolist(), np.asarray(texts, dtype=object).ravel().tolist()
    known = [(v, k) for k, v in enumerate(flat) if v == v]      # NaN != NaN: blank
    hi, lo = max(known)[0], min(known)[0]

    def at(target):
        cells = [divmod(k, cols) for v, k in known if v == target]
        return words[cells[0][0] * cols + cells[0][1]], _place_words(cells, name=name)
    if hi == lo:
        return at(hi)[0], None
    return at(hi), at(lo)


def grid_summary(values, what, mode="truncate", whole=None):
    """A map in words: '7 by 7 map of the diagonal feature over the X; its
    highest value is 1.00 at 5 cells (...), its lowest -.55 at ...'.
    values: (H, W), NaN cells (not computed) left out; the numbers are
    written as draw_grid writes them (cell_text)."""
    values = np.asarray(values, float)
    if values.ndim != 2 or values.size == 0:
        raise ValueError(f"values must be a non-empty 2-D array (H, W), got shape {values.shape}")
    if not isinstance(what, str) or not what.strip():
        raise TypeError(f"what must be a non-empty str naming the map, got {what!r}")
    h, w = values.shape
    known = values[~np.isnan(values)]
    head = f"{h} by {w} {what}"
    if known.size == 0:
        return f"{head}, not computed yet"
    said = extremes(values, mode, whole)
    return f"{head}{': ' if said.startswith('every') else '; '}{said}"


def extremes(values, mode="truncate", whole=None):
    """'its highest value is 1.00 at row 0, column 0, its lowest -.55 at ...'
    (NaN cells left out; numbers as cell_text writes them)."""
    values = np.asarray(values, float)
    known = values[~np.isnan(values)]
    if whole is None:
        whole = bool(np.all(known == np.round(known)))
    texts = np.vectorize(lambda v: "" if np.isnan(v) else cell_text(float(v), mode, whole),
                         otypes=[object])(values)
    high, low = extreme_places(values, texts)
    if low is None:
        return f"every value is {high}"
    return f"its highest value is {high[0]} at {high[1]}, its lowest {low[0]} at {low[1]}"


def panel_summary(values, what):
    """picture_summary for a grid of +-1 pixels, else grid_summary."""
    values = np.asarray(values, float)
    if values.ndim == 2 and values.size and np.all(np.abs(values) == 1):
        return picture_summary(values, what)
    return f"{what}: {grid_summary(values, 'grid')}"


def picture_summary(grid, what):
    """A picture of +-1 pixels (or grey levels in -1..1) in words:
    'the X, 9 by 9 pixels: 17 of 81 are stroke (above 0)'."""
    grid = np.asarray(grid, float)
    if grid.ndim != 2 or grid.size == 0:
        raise ValueError(f"grid must be a non-empty 2-D array (H, W), got shape {grid.shape}")
    h, w = grid.shape
    return f"{what}, {h} by {w} pixels: {int(np.sum(grid > 0))} of {grid.size} are stroke (above 0)"


def labels_summary(labels, what="pictures", most=8):
    """A row of labelled panels in words: '16 pictures: a; b; c ... and 8 more'."""
    labels = [" ".join(str(t).split()) for t in labels]
    shown = "; ".join(labels[:most])
    more = f" and {len(labels) - most} more" if len(labels) > most else ""
    return f"{len(labels)} {what}: {shown}{more}"


def times(n):
    """1 -> 'once', 3 -> '3 times'."""
    return "once" if n == 1 else f"{n} times"


def few(parts, most=4):
    """The first `most` parts of a long list, then 'and N more': keeps a
    description short where a figure repeats one kind of panel."""
    parts = list(parts)
    return parts[:most] + ([f"and {len(parts) - most} more"] if len(parts) > most else [])


def percent(v):
    """0.937 -> '94%' (accuracies and probabilities in descriptions)."""
    return f"{float(v):.0%}"


def curve_summary(xs, ys, what, x_name="", fmt=percent):
    """A curve in words: 'what: fmt(y) at x_name x0, ... to fmt(y) at x_name xN',
    with the highest point too when it is not at either end."""
    xs, ys = np.asarray(xs, float).ravel(), np.asarray(ys, float).ravel()
    if xs.shape != ys.shape or xs.size == 0:
        raise ValueError(f"xs and ys must be two non-empty lists of the same length, "
                         f"got {xs.size} and {ys.size}")
    unit = f" {x_name}" if x_name else ""
    at = lambda i, u="": f"{fmt(ys[i])} at {xs[i]:g}{u}"
    text = (f"{what}: {at(0, unit)}" if xs.size == 1
            else f"{what}: from {at(0)} to {at(-1, unit)}")
    top = int(np.argmax(ys))
    if 0 < top < xs.size - 1 and ys[top] > max(ys[0], ys[-1]):
        text += f", highest {at(top, unit)}"
    return text


def bars_summary(labels, values, what="", fmt=percent):
    """Bars in words: 'what: x 94%, o 6%'."""
    labels, values = list(labels), np.asarray(values, float).ravel()
    if len(labels) != values.size or not labels:
        raise ValueError(f"labels and values must be the same non-zero length, "
                         f"got {len(labels)} and {values.size}")
    pairs = ", ".join(f"{label} {fmt(v)}" for label, v in zip(labels, values))
    return f"{what}: {pairs}" if what else pairs


def draw_grid(ax, values, title=None, numbers=True, mode="truncate", fontsize=None,
              xlabel="column", ylabel="row", whole=None, text=None, ticks=True, least=NUMBER_PT):
    """Draw a 2-D array into ax as a grid of coloured cells with their numbers.

    values: (H, W). Colours span -1..1; NaN cells are grey and blank ("not
    computed yet"); white lines part the cells. The numbers read as the
    browser's (grid_cells): whole=None picks integers ('1') when every value
    is whole, else decimals ('.33'); False always shows decimals (maps of
    scores), True integers. text: the numbers as text, row-major (a scene's),
    instead. ticks=False: no ticks, labels or frame. The numbers are never
    smaller than `least` points (NUMBER_PT: readable on a projector; size the
    panel with grid_inches so that they fit their cells; a scene, which
    draws what the browser draws, passes its own). Returns the AxesImage.
    """
    values = np.asarray(values, float)
    h, w = values.shape
    image = ax.imshow(values, cmap=CMAP, vmin=LIMITS[0], vmax=LIMITS[1], interpolation="nearest")
    if numbers:
        size = max(least, fontsize or min(13.0, 100.0 / max(h, w)))
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


def text_inches(text, fontsize):
    """The width (inches) of one line of text in the series' font at fontsize points."""
    width, _, _ = TextToPath().get_text_width_height_descent(
        text, FontProperties(size=fontsize), ismath=False)
    return width / 72


def cell_inches(values, fontsize=NUMBER_PT, mode="truncate", whole=None, numbers=True,
                least=0.22):
    """The side (inches) of a square cell that holds the widest of the numbers
    draw_grid writes for values (H, W) at fontsize points, with a margin of
    a quarter of the font size on each side; `least` without numbers."""
    if not numbers:
        return least
    labels = grid_cells(values, mode, whole)["text"]
    widest = max((text_inches(t, fontsize) for t in set(labels) if t), default=0.0)
    return max(least, widest + 0.55 * fontsize / 72, 1.5 * fontsize / 72)


def grid_inches(values, fontsize=NUMBER_PT, mode="truncate", whole=None, numbers=True,
                ticks=True, titles=1, least=0.22):
    """(width, height) in inches of a panel whose grid's cells hold their
    numbers (cell_inches), with room for ticks and axis labels (ticks=True)
    and `titles` lines of title: what to give new_figure per panel."""
    h, w = np.shape(values)
    cell = cell_inches(values, fontsize, mode, whole, numbers, least)
    frame = (0.6, 0.65) if ticks else (0.15, 0.1)
    return w * cell + frame[0], h * cell + frame[1] + 0.3 * titles


TextSize = namedtuple("TextSize", "px text")


DrawnText = namedtuple("DrawnText", "text points box")


def drawn_texts(fig):
    """Every line of text a draw of the Figure writes (empty or hidden texts,
    and the labels of axes drawn without axis, are not written), as
    DrawnText(text, size in points, box): box (x0, y0, x1, y1) in the PNG's
    pixels from its bottom left, around the line (turned, if it is)."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    drawn = []
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()

    def draw_text(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if s.strip():             # (x, y): the line's left end on its baseline, from the top
            w, h, d = renderer.get_text_width_height_descent(s, prop, ismath)
            y = renderer.height - y if renderer.flipy() else y
            turn = np.radians(angle)
            corners = np.array([[0, -d], [w, -d], [w, h - d], [0, h - d]])
            corners = corners @ np.array([[np.cos(turn), np.sin(turn)],
                                          [-np.sin(turn), np.cos(turn)]]) + (x, y)
            drawn.append(DrawnText(s, float(prop.get_size_in_points()),
                                   tuple(np.r_[corners.min(axis=0), corners.max(axis=0)].tolist())))
        return type(renderer).draw_text(renderer, gc, x, y, s, prop, angle, ismath, mtext)

    renderer.draw_text = draw_text            # this draw's texts, as the renderer gets them
    try:
        canvas.draw()
    finally:
        del renderer.draw_text
    return drawn


def smallest_text(fig, width=OUTPUT_WIDTH):
    """The smallest text of a Figure as a student sees it: TextSize(px, text).

    px is the size in CSS px of the smallest text actually drawn (titles,
    ticks, legends, cell numbers: drawn_texts) when the figure is shown in an
    output area `width` px wide: fontsize (pt) * dpi / 72, shrunk by width /
    the figure's width in px if that is wider (JupyterLab scales a wide PNG
    to fit). None if nothing is drawn."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    width = as_float(width, "width", above=0)
    drawn = drawn_texts(fig)
    if not drawn:
        return None
    shrink = min(1.0, width / (fig.get_figwidth() * fig.dpi))
    least = min(drawn, key=lambda d: (d.points, d.text))
    return TextSize(round(least.points * fig.dpi / 72 * shrink, 2), least.text)


def png_bytes(fig):
    """The figure rendered to PNG bytes (Agg), without pyplot."""
    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer)
    return buffer.getvalue()


def described(fig, text):
    """Attach a figure's description (its alternative text) and return the
    figure: the drawing function that drew the numbers says what they are,
    in a sentence or two built by the summaries below."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    fig.cnnlib_description = as_description(text, "text")
    return fig


def description_of(fig):
    """The description described() attached to a figure, or None."""
    return getattr(fig, "cnnlib_description", None)


def as_description(text, name="description"):
    """A description as one clean line of text; empty or not text is refused."""
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str (a sentence saying what the figure shows), "
                        f"got {type(text).__name__}")
    text = " ".join(text.split())
    if not text:
        raise ValueError(f"{name} must say what the figure shows, got an empty text")
    return text


def img_html(png, alt):
    """An <img> holding the PNG inline, with its alternative text (escaped)."""
    data = base64.b64encode(png).decode("ascii")
    return (f'<img alt="{html.escape(alt, quote=True)}" '
            f'src="data:image/png;base64,{data}" style="max-width:100%">')


class Picture:
    """A static figure for a notebook, with its description.

    Figures made with new_figure() are not attached to pyplot, so a notebook
    shows them through this (the last line of a cell: `show(fig, name)`).
    It displays as HTML, an inline PNG whose alt text is the description
    (JupyterLab, GitHub and nbconvert all keep it), and as text (nbval and
    text-only viewers) the description itself; the PNG is stored once.
    """

    def __init__(self, fig, name="figure", description=None):
        if not isinstance(fig, Figure):
            raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
        if description is None:
            description = description_of(fig)
        if description is None:
            raise ValueError(f"the figure {name!r} has no description: draw it with a "
                             "cnnlib.draw function, or pass description= to show()")
        self.fig, self.name = fig, str(name)
        self.description = as_description(description)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": img_html(png_bytes(self.fig), self.description),
                "text/plain": self.description}

    def __repr__(self):
        return f"<{self.name}: {self.description}>"


def show(fig, name="figure", description=None):
    """Display a Figure in a notebook as a static PNG with its alt text:
    `show(fig, name)`. The description is the one the drawing function
    attached (described()), or `description` for a figure drawn in a cell."""
    return Picture(fig, name, description)


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
        self.items = []          # ("text", str) or ("png", bytes, description), in order
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

    def show(self, fig, name="figure", description=None):
        """Add a figure (a described Figure, or a Picture) after the text so far."""
        if not isinstance(fig, Picture):
            fig = Picture(fig, name, description)
        self.flush()
        self.items.append(("png", png_bytes(fig.fig), fig.description))

    def _repr_html_(self):
        parts = [f'<details class="cnnlib-reveal"><summary>Reveal: '
                 f"{html.escape(self.label)}</summary>"]
        for item in self.items:
            if item[0] == "text":
                parts.append(f"<pre>{html.escape(item[1].rstrip())}</pre>")
            else:
                parts.append(img_html(item[1], item[2]))
        return "\n".join(parts + ["</details>"])

    def __repr__(self):
        lines = [f"Reveal: {self.label}"]
        for item in self.items:
            lines.append(item[1].rstrip() if item[0] == "text" else f"[figure: {item[2]}]")
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
    on small grids (never under NUMBER_PT)."""
    return max(NUMBER_PT, min(18.0, 130.0 / max(shape)))


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
    """'7 by 7: highest 1.00 at 4 cells (row 1, column 1; ...), lowest -.55 at
    row 0, column 2' (extreme_places, in the panel's own row and column
    labels; a grid of two or three values counts them instead: '17 cells 1,
    64 cells -1'); cells not shown yet are counted, outlined marks placed
    ('outlined: rows 0 to 2, columns 1 to 3')."""
    ylabels, xlabels = p.get("ylabels"), p.get("xlabels")
    words = _grid_words(p["rows"], p["cols"], tuple(p.get("values") or ()), tuple(grid_texts(p)),
                        tuple(ylabels or ()), tuple(xlabels or ()))
    for m in p.get("marks") or []:          # what a frame moves: the window, the cell
        words += f"; outlined: {_span('row', ylabels, m['r'], m['h'])}, " \
                 f"{_span('column', xlabels, m['c'], m['w'])}"
    return words


@functools.lru_cache(maxsize=4096)      # a frame's window moves over the same picture
def _grid_words(rows, cols, values, text, ylabels, xlabels):
    """describe_grid's words for the numbers (all but the marks)."""
    kinds = Counter(t for t in text if t)       # each text shown, in order of first place
    shown = sum(kinds.values())
    words = f"{rows} by {cols}"
    if not shown:
        return words + ": nothing shown yet"
    if len(kinds) <= 3:
        first = {t: values[text.index(t)] for t in kinds}       # the value each text writes
        counts = sorted(kinds.items(), key=lambda kv: -first[kv[0]])
        words += ": " + ", ".join(f"{n} cell{'s' * (n != 1)} {t}" for t, n in counts)
    else:
        grid = np.array([np.nan if v is None or not t else float(v)
                         for v, t in zip(values, text)]).reshape(rows, cols)
        panel = {"cols": cols, "ylabels": ylabels, "xlabels": xlabels}
        high, low = extreme_places(grid, np.array(text, dtype=object).reshape(rows, cols),
                                   name=lambda r, c: _cell_words(panel, r * cols + c))
        words += f": highest {high[0]} at {high[1]}, lowest {low[0]} at {low[1]}"
    hidden = len(values) - shown
    if hidden:
        words += f"; {hidden} cell{'s' * (hidden != 1)} blank"
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
