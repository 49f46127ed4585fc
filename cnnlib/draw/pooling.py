"""Drawing max pooling: one window at a time, into given axes.

pooling_step() gathers what one window position shows (it only calls the
maths in cnnlib.pooling); PoolingPanels draws a step into three axes and
redraws later steps in place.
"""
import numpy as np

from cnnlib.draw.base import (
    MUTED,
    box,
    cell_text,
    draw_cells,
    draw_padded,
    frame_box,
    grid_cells,
    grid_panel,
    move_box,
    new_figure,
    style,
)
from cnnlib.formatting import format_value
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


class PoolingPanels:
    """Three panels: the map with the pooling window, the window's values with
    their max, the pooled map filling in. update(step) redraws in place; a
    change of shape (size, stride, padding, edges) redraws the panels."""

    def __init__(self, fig, axes, step, mode="truncate"):
        self.fig, self.axes, self.mode = fig, axes, mode
        self.heading = fig.suptitle("", fontsize=14)
        self._layout = None
        self.update(step)

    def _redraw_shapes(self, step):
        ax_map, ax_win, ax_pool = self.axes
        for ax in self.axes:
            ax.clear()
        self.map = draw_padded(ax_map, step.padded, step.padding, step.covered,
                               title="map, pooling window")
        self.map.mode = self.mode
        self.map.update(step.padded)
        h, w = step.padded.shape
        self.window = box(ax_map, 0, 0, step.size, step.size, clip_on=False)
        ax_map.set_xlim(-0.5, w - 0.5)
        ax_map.set_ylim(h - 0.5, -0.5)
        self.values = draw_cells(ax_win, step.window, mode=self.mode)
        self.best = box(ax_win, 0, 0, 1, 1)
        self.pooled = draw_cells(ax_pool, step.pooled_shown, mode=self.mode)
        self.cell = box(ax_pool, 0, 0, 1, 1)
        self._layout = (step.padded.shape, step.size, step.stride, step.keep_edges)

    def update(self, step):
        with style():
            layout = (step.padded.shape, step.size, step.stride, step.keep_edges)
            if layout != self._layout:
                self._redraw_shapes(step)
            elif not np.array_equal(self.map.values, step.padded):
                self.map.update(step.padded)
            move_box(self.window, step.row * step.stride, step.col * step.stride)
            self.values.update(step.window)
            move_box(self.best, *step.best)
            edge = " (partial)" if step.partial else ""
            self.axes[1].set_title(f"window{edge}\nmax = {format_value(step.value, self.mode)}")
            self.pooled.update(step.pooled_shown)
            move_box(self.cell, step.row, step.col)
            h, w = step.pooled_full.shape
            self.axes[2].set_title(f"pooled {h}×{w}: ({step.row}, {step.col}) = "
                                   f"{format_value(step.value, self.mode)}")
            edges = "keep partial windows" if step.keep_edges else "drop partial windows"
            self.heading.set_text(f"window {step.size}×{step.size}, stride {step.stride}, "
                                  f"padding {step.padding}, {edges}:   {step.size_text}")


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
        grid_panel("map", padded, "map, pooling window", mode=mode, whole=False, cell=26,
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
        })
    return scene, frames


def pooling_figure(step, mode="truncate"):
    """A new figure showing one PoolingStep; returns (fig, PoolingPanels)."""
    with style():
        fig, axes = new_figure(3, 1, width=3.6, height=4.4,
                               gridspec_kw={"width_ratios": [3.4, 1.7, 2.6]})
        panels = PoolingPanels(fig, axes[0], step, mode)
    return fig, panels


def edges_figure(values, mode="truncate"):
    """The map pooled 2x2 stride 2 keeping the partial edge windows (the
    lecture: 7x7 -> 4x4) next to dropping them (most frameworks: 7x7 -> 3x3)."""
    with style():
        fig, axes = new_figure(3, 1, width=3.4, height=3.9)
        keep = pooling_step(values, 0, keep_edges=True)
        drop = pooling_step(values, 0, keep_edges=False)
        art = draw_padded(axes[0, 0], keep.padded, 0, drop.covered, title="map (hatched: dropped)")
        art.mode = mode
        art.update(keep.padded)
        draw_cells(axes[0, 1], keep.pooled_full, title="keep partial windows: 4×4", mode=mode)
        draw_cells(axes[0, 2], drop.pooled_full, title="drop them: 3×3", mode=mode)
    return fig
