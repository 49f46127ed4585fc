"""Drawing max pooling: one window at a time, into given axes.

cnnlib.pooling.pooling_step() gives what one window position shows;
pooling_scene() is the explorer's picture of every position.
"""
import numpy as np

from cnnlib.draw.base import (MUTED, described, draw_grid, draw_padded, frame_box, grid_cells,
                              grid_inches, grid_panel, grid_summary, new_figure, sentence, style)
from cnnlib.pooling import pooling_step


def size_sentence(step):
    """The pooled-size formula, and what happens at the edges and between windows."""
    h, w = step.pooled_full.shape
    text = f"{step.size_text}: the pooled map is {h}×{w}."
    rows, cols = step.padded.shape[0] - step.covered[0], step.padded.shape[1] - step.covered[1]
    if rows or cols:
        out = f"the last {rows} row(s) and {cols} column(s) are never looked at (hatched)"
        if h * step.stride < step.padded.shape[0] or w * step.stride < step.padded.shape[1]:
            text += (f" The next window would hang over the edge, and partial windows are "
                     f"dropped: {out}.")
        else:      # the next window would start past the edge: nothing is dropped
            text += (f" The next window would start past the edge: the stride skips them, "
                     f"and {out}.")
    elif step.keep_edges and (h - 1) * step.stride + step.size > step.padded.shape[0]:
        text += " The windows at the right and bottom edges are partial: they hang over the edge."
    if step.size < step.stride:
        text += (f" The {step.size}×{step.size} window is smaller than the stride, so "
                 f"{step.stride - step.size} of every {step.stride} rows and columns fall "
                 f"between windows and are never looked at; every window must start "
                 f"inside the map.")
    return text


def pooling_scene(values, size=2, stride=2, padding=0, keep_edges=True, mode="truncate"):
    """What the pooling explorer's browser view draws, for every window
    position at once: (scene, frames). The scene holds the (padded) map and
    the whole pooled map; frame i moves the window to position i, shows its
    values with their max outlined, and reveals the pooled map up to it.
    values: (H, W)."""
    first = pooling_step(values, 0, size, stride, padding, keep_edges)
    padded, full = first.padded, first.pooled_full
    ho, wo = full.shape
    ticks = [str(j - padding) for j in range(padded.shape[1])]
    h, w = np.shape(values)
    boxes = [frame_box(padding, padding, h, w, color=MUTED, dash=True)] if padding else []
    pooled = grid_panel("pooled", full, "pooled", mode=mode, whole=False, cell=30)
    scene = {"main": "map", "caption": size_sentence(first), "caption_at": "bottom", "panels": [
        grid_panel("map", padded, "map, pooling window", mode=mode, whole=False, cell=28,
                   boxes=boxes, xlabels=ticks, ylabels=ticks, hatch=list(first.covered)),
        grid_panel("window", first.window, "window", mode=mode, whole=False, cell=32),
        pooled,
    ]}
    frames = []
    for position in range(full.size):
        row, col = divmod(position, wo)
        r, c = row * stride, col * stride
        window = np.full((size, size), np.nan)
        part = padded[r:r + size, c:c + size]
        window[:part.shape[0], :part.shape[1]] = part
        bi, bj = divmod(int(np.nanargmax(window)), size)
        cells = grid_cells(window, mode, whole=False)
        edge = " (partial)" if part.shape != (size, size) else ""
        text = pooled["text"][position]
        frames.append({
            "map": {"marks": [{"r": r, "c": c, "h": size, "w": size}]},
            "window": {"values": cells["values"], "text": cells["text"],
                       "marks": [{"r": bi, "c": bj, "h": 1, "w": 1}],
                       "title": f"window{edge}\nmax = {text}"},
            "pooled": {"reveal": position, "marks": [{"r": row, "c": col, "h": 1, "w": 1}],
                       "title": f"pooled {ho}×{wo}: ({row}, {col}) = {text}"},
            "announce": f"window at row {row}, column {col}{edge}: max {text}",
        })
    return scene, frames


def edges_figure(values, mode="truncate"):
    """The map pooled 2x2 stride 2 keeping the partial edge windows (the
    lecture: 7x7 -> 4x4) next to dropping them (most frameworks: 7x7 -> 3x3)."""
    with style():
        keep = pooling_step(values, 0, keep_edges=True)
        drop = pooling_step(values, 0, keep_edges=False)
        # each panel as wide as its decimals need (the pooled maps without axis labels)
        sizes = [grid_inches(keep.padded, mode=mode, whole=False, titles=2),
                 *(grid_inches(p, mode=mode, whole=False, titles=2)
                   for p in (keep.pooled_full, drop.pooled_full))]
        widths = [sizes[0][0]] + [w - 0.25 for w, _ in sizes[1:]]
        fig, axes = new_figure(3, 1, width=sum(widths) / 3, height=sizes[0][1],
                               gridspec_kw={"width_ratios": widths})
        draw_padded(axes[0, 0], keep.padded, 0, drop.covered, title="map\n(hatched: dropped)",
                    mode=mode)
        draw_grid(axes[0, 1], keep.pooled_full, title="keep partial\nwindows: 4×4", mode=mode,
                  xlabel="", ylabel="")
        draw_grid(axes[0, 2], drop.pooled_full, title="drop them:\n3×3", mode=mode,
                  xlabel="", ylabel="")
    dropped = keep.padded.size - drop.covered[0] * drop.covered[1]
    return described(fig, sentence(
        grid_summary(values, "map", mode) + f"; {dropped} of its cells (hatched) lie only in "
        "partial edge windows",
        "pooled 2 by 2 with stride 2 keeping the partial windows: "
        + grid_summary(keep.pooled_full, "result", mode),
        "dropping them: " + grid_summary(drop.pooled_full, "result", mode)))
