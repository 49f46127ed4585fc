"""The static picture of an explorer: its scene drawn by matplotlib.

An explorer's scene (cnnlib/widgets/base.py: panels of type grid, bars,
curve, stack, strip and text) is what the browser draws as SVG
(cnnlib/widgets/js/explorer.js). scene_figure() draws the same scene, laid
out as the browser lays it out (panels in order, wrapping at WIDTH, or the
main panel with the others beside it), with the same sizes in CSS px (one
px is one PNG pixel at DPI), colours, limits and cell numbers (the scene's
own text). Nothing here computes: every number comes from the scene.
"""
import functools

import numpy as np
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, Rectangle
from matplotlib.textpath import text_to_path

from cnnlib._checks import describe
from cnnlib.draw.base import HIGHLIGHT, MUTED, draw_grid, spoken, style

DPI = 80
PT = 72 / DPI           # points per CSS px
WIDTH = 760             # CSS px a row of panels wraps at (a projected notebook's output)
GAP, ROW_GAP, MARGIN = 14, 6, 6
TITLE, SMALL = 13, 12   # font sizes (px) of a panel's title and of a stack's subtitles
MIN_FONT = 12           # the smallest text (px), as explorer.js: read from a projector's back row
SWATCH = 18             # px: a curve legend's sample of its line
LINE = 1.3              # line height, in font sizes
SEP = "   "             # between two controls' values in the heading


def _em(ch):
    """A character's width in em as explorer.js counts it (DejaVu Sans digits
    0.636, '.' 0.318, '-' 0.361)."""
    return {".": 0.318, "-": 0.361}.get(ch, 0.636)


@functools.lru_cache(maxsize=8192)
def _measure(text, size, bold=False):
    """The width in px of one line of text at size px (as matplotlib draws it)."""
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    return text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0]


def _lines(text, size, width, bold=False, sep=" "):
    """text's lines (pre-line: its own breaks kept), each wrapped at sep to width px."""
    out = []
    for line in str(text).split("\n"):
        words, current = line.split(sep), ""
        for word in words:
            longer = f"{current}{sep}{word}" if current else word
            if current and _measure(longer, size, bold) > width:
                out.append(current)
                longer = word
            current = longer
        out.append(current)
    return out


def _text_size(text, size, width, bold=False, sep=" "):
    """(width, height) px of text wrapped to width px."""
    lines = _lines(text, size, width, bold, sep)
    return max(_measure(line, size, bold) for line in lines), len(lines) * size * LINE


def _grid_size(p):
    left = (p.get("labelWidth") or 20) if p.get("ylabels") else 0
    top = 16 if p.get("xlabels") else 0
    cell = p.get("cell") or 24
    return left + p["cols"] * cell, top + p["rows"] * cell


def _stack_items(p):
    """(grid, x, y, room for its subtitle) px of each grid of a stack panel (in
    rows of p["across"], else one above the other), and the stack's (width, height)."""
    grids, across = p.get("grids") or [], int(p.get("across") or 1)
    sizes = [_grid_size(g) for g in grids]
    heads = [SMALL * LINE + 2 if g.get("title") else 3 * (i > 0) for i, g in enumerate(grids)]
    if not grids:
        return [], (0, 0)
    cols = [max(s[0] for s in sizes[c::across]) for c in range(min(across, len(grids)))]
    rows = [max(h + s[1] for h, s in zip(heads[r:r + across], sizes[r:r + across]))
            for r in range(0, len(grids), across)]
    items = [(g, sum(cols[:i % across]) + 10 * (i % across),
              sum(rows[:i // across]) + 2 * (i // across), heads[i]) for i, g in enumerate(grids)]
    return items, (sum(cols) + 10 * (len(cols) - 1), sum(rows) + 2 * (len(rows) - 1))


def _body_size(p):
    kind = p.get("type")
    if kind == "grid":
        return _grid_size(p)
    if kind == "bars":
        return p.get("width") or 300, len(p.get("bars") or []) * (p.get("lane") or 30) + 4
    if kind == "curve":
        legend = len(p.get("legend") or []) if p.get("legendAt") == "below" else 0
        return p.get("width") or 300, (p.get("height") or 170) + (15 * legend + 2 if legend else 0)
    if kind == "stack":
        return _stack_items(p)[1]
    if kind == "strip":
        lines = len(p.get("above") or []) + len(p.get("below") or [])
        return p.get("width") or 600, 3 + (p.get("barHeight") or 10) + 2 + 15 * lines
    return _text_size(p.get("text", ""), TITLE, p.get("width") or 320)


def _panel_size(p):
    """(width, height, title height, body height) px of a panel as the browser sizes it."""
    w, h = _body_size(p)
    title = _text_size(p["title"], TITLE, 320, True) if p.get("title") else (0, 0)
    note = _text_size(p["note"], TITLE, p.get("width") or 320) if p.get("note") else (0, 0)
    return max(w, min(title[0], 320), note[0]), title[1] + h + note[1] + 2, title[1], h


def _layout(panels, scene):
    """Each panel's (x, y) px, and the (width, height) they take: a wrapping row
    (gap: the scene's), or with scene["beside"] the main panel on the left and
    the others in that many columns beside it."""
    sizes = [_panel_size(p) for p in panels]
    gap = scene.get("gap", GAP)
    beside = int(scene.get("beside") or 0)
    main = next((i for i, p in enumerate(panels) if p.get("key") == scene.get("main")), 0)
    places = [None] * len(panels)
    if beside and len(panels) > 1:
        others = [i for i in range(len(panels)) if i != main]
        cols = [max(sizes[i][0] for i in others[c::beside])
                for c in range(min(beside, len(others)))]
        rows = [max(sizes[i][1] for i in others[r:r + beside])
                for r in range(0, len(others), beside)]
        left = sizes[main][0] + gap
        places[main] = (0, 0)
        for k, i in enumerate(others):
            places[i] = (left + sum(cols[:k % beside]) + gap * (k % beside),
                         sum(rows[:k // beside]) + ROW_GAP * (k // beside))
        return places, (left + sum(cols) + gap * (len(cols) - 1),
                        max(sizes[main][1], sum(rows) + ROW_GAP * (len(rows) - 1)))
    x = y = row = width = 0
    for i, (w, h, _, _) in enumerate(sizes):
        if x and x + w > WIDTH:
            x, y, row = 0, y + row + ROW_GAP, 0
        places[i] = (x, y)
        x, row, width = x + w + gap, max(row, h), max(width, x + w)
    return places, (width, y + row)


class _Canvas:
    """A Figure measured in CSS px from its top-left corner."""

    def __init__(self, width, height):
        self.w, self.h = width, height
        with style():
            self.fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)

    def axes(self, x, y, w, h, pixels=True):
        """Axes over the px box (x, y, w, h); pixels: its data coordinates are px too."""
        ax = self.fig.add_axes((x / self.w, 1 - (y + h) / self.h, w / self.w, h / self.h))
        if pixels:
            ax.set(xlim=(0, w), ylim=(h, 0))
            ax.axis("off")
        return ax

    def text(self, x, y, text, size=TITLE, width=320, bold=False, sep=" ", **kw):
        """Text (wrapped at sep to width px) whose first line's top is at (x, y)."""
        with style():
            lines = _lines(text, size, width, bold, sep)
            self.fig.text(x / self.w, 1 - y / self.h, "\n".join(lines), fontsize=size * PT,
                          va="top", linespacing=LINE,
                          fontweight="bold" if bold else "normal", **kw)


def _grid(canvas, p, x, y):
    """A grid panel at (x, y) px: draw_grid with the scene's numbers, boxes, hatch and labels."""
    cell = p.get("cell") or 24
    left = (p.get("labelWidth") or 20) if p.get("ylabels") else 0
    top = 16 if p.get("xlabels") else 0
    rows, cols = p["rows"], p["cols"]
    values = np.array([np.nan if v is None else v for v in p["values"]], float)
    text = list(p.get("text") or [""] * values.size)
    if p.get("reveal") is not None:
        values[p["reveal"] + 1:] = np.nan
        text[p["reveal"] + 1:] = [""] * (values.size - p["reveal"] - 1)
    # one size a grid: the browser's for its longest number (explorer.js: numberSize;
    # DejaVu Sans digits are 0.636 em, '.' 0.318, '-' 0.361)
    ems = max([sum(_em(ch) for ch in t) for t in text if t] or [1])
    base = max(MIN_FONT, p.get("fontsize") or 0.46 * cell)
    size = min(base, max(p.get("minFont") or MIN_FONT, 0.96 * cell / ems))
    ax = canvas.axes(x + left, y + top, cols * cell, rows * cell, pixels=False)
    ax.set_gid(f"grid {p.get('key', '')}")
    labels = bool(p.get("xlabels") or p.get("ylabels"))
    draw_grid(ax, values.reshape(rows, cols), numbers=p.get("numbers", True) is not False,
              fontsize=size * PT, xlabel="", ylabel="", text=text, ticks=labels,
              least=0)
    ax.set_aspect("auto")
    if labels:            # the labels only (muted, small), over the columns, left of the rows
        ax.set_xticks(range(cols), p.get("xlabels") or [""] * cols)
        ax.set_yticks(range(rows), p.get("ylabels") or [""] * rows)
        ax.tick_params(length=0, pad=2, labelsize=MIN_FONT * PT,
                       labelcolor=MUTED, labeltop=True, labelbottom=False)
        for side in ax.spines.values():
            side.set_visible(False)
    if p.get("hatch"):
        r0, c0 = p["hatch"]
        hatch = dict(fill=False, hatch="///", edgecolor=MUTED, linewidth=0)
        if r0 < rows:
            ax.add_patch(Rectangle((-0.5, r0 - 0.5), cols, rows - r0, **hatch))
        if c0 < cols:
            ax.add_patch(Rectangle((c0 - 0.5, -0.5), cols - c0, rows, **hatch))
    for b in [*(p.get("boxes") or []), *(p.get("marks") or [])]:
        lw = 2 if b.get("dash") else 3.5
        inset = lw / 2 / cell
        ax.add_patch(Rectangle((b["c"] - 0.5 + inset, b["r"] - 0.5 + inset),
                               b["w"] - 2 * inset, b["h"] - 2 * inset, fill=False,
                               edgecolor=b.get("color") or HIGHLIGHT, linewidth=lw * PT,
                               linestyle=(0, (5, 3)) if b.get("dash") else "-"))


def _bars(ax, p):
    label, w, lane = p.get("labelWidth") or 110, p.get("width") or 300, p.get("lane") or 30
    track, top = w - label - 8, p.get("max") or 1
    for i, b in enumerate(p.get("bars") or []):
        y = 2 + i * lane
        length = max(0, min(1, b["value"] / top)) * track
        ax.text(label - 6, y + lane / 2, b["label"], fontsize=13 * PT, ha="right", va="center")
        ax.add_patch(Rectangle((label, y + 3), track, lane - 6, color="#eeeeee", linewidth=0))
        ax.add_patch(Rectangle((label, y + 3), length, lane - 6, linewidth=0,
                               color=b.get("color") or HIGHLIGHT))
        # the number on the bar in its ink, or after a bar too short to hold it if it
        # fits there (explorer.js)
        text = b.get("text") or ""
        tw = 14 * 1.1 * sum(1 if ch == "%" else _em(ch) for ch in text)
        inside = length >= tw + 8 or label + length + 4 + tw > w
        ax.text(label + 4 if inside else label + length + 4, y + lane / 2, text,
                fontsize=14 * PT, va="center", fontweight="bold",
                color=(b.get("ink") or "black") if inside else "black")


def _curve(ax, p):
    w, h, l, r, t, b = p.get("width") or 300, p.get("height") or 170, 36, 8, 8, 28
    (y0, y1), xs = p.get("ylim") or (0, 1), p.get("x") or []
    series = [*(p.get("fixed") or []), *(p.get("series") or [])]
    allx = [*xs, *(v for s in series for v in s.get("x") or [])] or [0]
    x0, x1 = p["xlim"] if p.get("xlim") else (min(allx), max(allx))

    def X(v):
        return l + (0 if x1 == x0 else (v - x0) / (x1 - x0)) * (w - l - r)

    def Y(v):
        return t + (1 - (v - y0) / ((y1 - y0) or 1)) * (h - t - b)
    small = dict(fontsize=MIN_FONT * PT)
    ax.add_patch(Rectangle((l, t), w - l - r, h - t - b, fill=False, edgecolor="#bbbbbb", lw=PT))
    for v in (y0, y1):
        ax.text(l - 4, Y(v), f"{v:g}", ha="right", va="center", **small)
    ax.text(l, h - 8, f"{x0:g}", **small)
    ax.text(w - r, h - 8, f"{x1:g}", ha="right", **small)
    if p.get("xlabel"):
        ax.text((l + w - r) / 2, h - 8, p["xlabel"], ha="center", fontsize=12 * PT)
    if p.get("marker") is not None:
        ax.plot([X(p["marker"])] * 2, [t, h - b], color=HIGHLIGHT, lw=2.5 * PT)
    for s in series:
        pts = [(X(u), Y(v)) for u, v in zip(s.get("x") or xs, s["y"]) if v is not None]
        colour = s.get("color") or MUTED
        if pts and s.get("line", True) is not False:
            ax.plot(*zip(*pts), color=colour, lw=(s.get("width") or 2.5) * PT,
                    ls="--" if s.get("dash") else "-")
        for cx, cy in pts if s.get("dots") else []:
            ax.add_patch(Circle((cx, cy), s["dots"], color=colour, ec="white", lw=PT))
    legend, at = p.get("legend") or [], p.get("legendAt") or "upper right"
    below, left = at == "below", at == "below" or at.endswith("left")
    lx = 4 if below else l + 6 if left else w - r - 4
    ly = (h + 10 if below else h - b - 8 - 15 * (len(legend) - 1) if at.startswith("lower")
          else t + 14)
    for i, item in enumerate(legend):      # dark text beside a sample of its line (explorer.js)
        y, sx = ly + 15 * i, lx if left else lx - SWATCH
        ax.plot([sx, sx + SWATCH], [y - 4, y - 4], color=item.get("color") or MUTED,
                lw=min(6, item.get("width") or 2.5) * PT, ls="--" if item.get("dash") else "-")
        ax.text(lx + SWATCH + 4 if left else lx - SWATCH - 4, y, item["label"], fontsize=12 * PT,
                ha="left" if left else "right", color="#111111")


def _strip(ax, p):
    w, bar, parts = p.get("width") or 600, p.get("barHeight") or 10, p.get("parts") or []
    above, below, colors = p.get("above") or [], p.get("below") or [], p.get("colors") or [MUTED]
    top, total, x = len(above) * 15 + 3, sum(parts) or 1, 0

    def line(item, y):
        lead, rest = (("", item) if isinstance(item, str)
                      else (item.get("bold", ""), item.get("text", "")))
        if lead:
            ax.text(0, y, lead, fontsize=13 * PT, fontweight="bold")
        ax.text(_measure(lead + " ", 13, True) if lead else 0, y, rest, fontsize=13 * PT)
    for i, item in enumerate(above):
        line(item, (i + 1) * 15 - 4)
    for i, n in enumerate(parts):
        width = n / total * w
        fill = p["first"] if i == 0 and p.get("first") else colors[i % len(colors)]
        ax.add_patch(Rectangle((x, top), max(0.5, width - (width >= 4)), bar, color=fill, lw=0))
        x += width
    for i, item in enumerate(below):
        line(item, top + bar + 2 + (i + 1) * 15 - 4)


def controls_text(specs, values):
    """The controls' values as one line ('picture: X   stride: 1'): sliders
    (their readout label, if any) and dropdowns (the chosen option's label)."""
    parts = []
    for c in specs:
        v = values.get(c["name"])
        if c["kind"] == "slider":
            shown = c["labels"][(v - c["min"]) // (c.get("step") or 1)] if c.get("labels") else v
        elif c["kind"] == "dropdown":
            shown = next((label for label, value in c["options"] if value == v), v)
        else:
            continue
        parts.append(f"{c['label']}: {shown}")
    return SEP.join(parts)


def scene_figure(scene, frame=None, heading=""):
    """A matplotlib Figure of scene, as the browser draws it: frame (one of
    the scrub slider's {panel key: fields, "caption"}) over it, heading (the
    controls' values) above it, then the caption (under the panels if
    scene["caption_at"] is "bottom"). One axes per grid (gid 'grid <key>')."""
    for name, value in (("scene", scene), ("frame", frame or {})):
        if not isinstance(value, dict):
            raise TypeError(f"{name} must be a dict (an explorer's scene or frame), "
                            f"got {describe(value)}")
    frame = frame or {}
    panels = [{**p, **frame.get(p.get("key"), {})} for p in scene.get("panels") or []]
    places, (width, height) = _layout(panels, scene)
    width = max(width, 520)
    caption = frame.get("caption") or scene.get("caption") or ""
    high = [_text_size(heading, SMALL, width, sep=SEP)[1] + 4 if heading else 0,
            _text_size(caption, TITLE, width)[1] + 4 if caption else 0]
    below = scene.get("caption_at") == "bottom"
    top = MARGIN + high[0] + high[1] * (not below)
    canvas = _Canvas(width + 2 * MARGIN, top + height + high[1] * below + MARGIN)
    if heading:
        canvas.text(MARGIN, MARGIN, heading, SMALL, width, sep=SEP, color="#333333")
    if caption:
        canvas.text(MARGIN, top + height + 4 if below else MARGIN + high[0], caption, TITLE, width)
    for p, (x, y) in zip(panels, places):
        x, y = x + MARGIN, y + top
        _, _, title, body = _panel_size(p)
        if p.get("title"):
            canvas.text(x, y, p["title"], TITLE, 320, bold=True)
        y += title
        kind = p.get("type")
        if kind == "grid":
            _grid(canvas, p, x, y)
        elif kind == "stack":
            for g, gx, gy, head in _stack_items(p)[0]:
                if g.get("title"):
                    canvas.text(x + gx, y + gy, g["title"], SMALL, 320, color="#333333")
                _grid(canvas, g, x + gx, y + gy + head)
        elif kind == "text":
            canvas.text(x, y, p.get("text", ""), TITLE, p.get("width") or 320)
        elif kind in DRAW:
            DRAW[kind](canvas.axes(x, y, *_body_size(p)), p)
        if p.get("note"):
            canvas.text(x, y + body + 2, p["note"], TITLE, p.get("width") or 320)
    return canvas.fig


DRAW = {"bars": _bars, "curve": _curve, "strip": _strip}


def scene_description(scene, frame=None, heading=""):
    """The alternative text of scene_figure(scene, frame, heading): the
    heading (the controls' values), the caption, then each panel's name and
    description (cnnlib.draw.base.spoken), one sentence each."""
    for name, value in (("scene", scene), ("frame", frame or {})):
        if not isinstance(value, dict):
            raise TypeError(f"{name} must be a dict (an explorer's scene or frame), "
                            f"got {describe(value)}")
    described, frames = spoken(scene, [frame] if frame else [])
    frame = frames[0] if frames else {}
    caption = frame.get("caption") or scene.get("caption") or ""
    said = [" ".join(heading.replace(SEP, ", ").split()), " ".join(str(caption).split())]
    for p in described["panels"]:
        p = {**p, **frame.get(p.get("key"), {})}
        said.append(f"{p['name']}: {p['description']}")
    return ". ".join(t.rstrip(".") for t in said if t) + "."
