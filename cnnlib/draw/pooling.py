"""Drawing max pooling: one window at a time, into given axes.

pooling_step() gathers what one window position shows (it only calls the
maths in cnnlib.pooling); pooling_scene() is the explorer's picture of every
position.
"""
from dataclasses import dataclass

import numpy as np

from cnnlib.draw.base import (MUTED, draw_grid, draw_padded, frame_box, grid_cells, grid_panel,
                              new_figure, style)
from cnnlib.filtering import pad
from cnnlib.pooling import max_pool, pool_size_formula


@dataclass
class PoolingStep:
    """What the pooling explorer shows at one window position."""
    padded: np.ndarray        # (H + 2p, W + 2p): the map with its zero border
    size: int
    stride: int
    padding: int
    keep_edges: bool
    position: int             # 0 .. positions-1, row-major over the pooled map
    row: int                  # the pooled cell being computed
    col: int
    window: np.ndarray        # (size, size): the values under the window, NaN outside the map
    best: tuple               # (i, j) of the max inside the window
    value: float              # the max: pooled[row, col]
    pooled_full: np.ndarray   # (H', W')
    pooled_shown: np.ndarray  # (H', W'): NaN where the window has not been yet
    covered: tuple            # (rows, cols) of the padded map some window reaches
    size_text: str

    @property
    def last_position(self):
        return self.pooled_full.size - 1

    @property
    def partial(self):
        """True when the window hangs over the edge of the map."""
        return bool(np.isnan(self.window).any())


def size_formula(n, size, stride, padding, keep_edges):
    """The pooled size as the library computes it, numbers filled in
    (cnnlib.pooling.pool_size_formula), e.g. 'pooled size = ceil((7 + 2×0 − 2) / 2) + 1 = 4'."""
    return "pooled size = " + pool_size_formula(n, size, stride, padding, keep_edges)


def pooling_step(values, position=0, size=2, stride=2, padding=0, keep_edges=True):
    """The state of max pooling `values` (H, W) at `position` (clipped to the last)."""
    full = max_pool(values, size=size, stride=stride, padding=padding, keep_edges=keep_edges)
    padded = pad(np.asarray(values, float), padding)
    ho, wo = full.shape
    position = int(min(max(position, 0), full.size - 1))
    row, col = divmod(position, wo)
    r, c = row * stride, col * stride
    window = np.full((size, size), np.nan)
    part = padded[r:r + size, c:c + size]
    window[:part.shape[0], :part.shape[1]] = part
    best = np.unravel_index(np.nanargmax(window), window.shape)
    shown = full.copy().ravel()
    shown[position + 1:] = np.nan
    h, w = padded.shape
    covered = (h, w) if keep_edges else ((ho - 1) * stride + size, (wo - 1) * stride + size)
    return PoolingStep(
        padded=padded, size=size, stride=stride, padding=padding, keep_edges=keep_edges,
        position=position, row=row, col=col, window=window,
        best=(int(best[0]), int(best[1])), value=float(full[row, col]),
        pooled_full=full, pooled_shown=shown.reshape(full.shape),
        covered=covered,
        size_text=size_formula(np.shape(values)[0], size, stride, padding, keep_edges))


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


def edges_figure(values, mode="truncate"):
    """The map pooled 2x2 stride 2 keeping the partial edge windows (the
    lecture: 7x7 -> 4x4) next to dropping them (most frameworks: 7x7 -> 3x3)."""
    with style():
        fig, axes = new_figure(3, 1, width=3.4, height=3.9)
        keep = pooling_step(values, 0, keep_edges=True)
        drop = pooling_step(values, 0, keep_edges=False)
        draw_padded(axes[0, 0], keep.padded, 0, drop.covered, title="map (hatched: dropped)",
                    mode=mode)
        draw_grid(axes[0, 1], keep.pooled_full, title="keep partial windows: 4×4", mode=mode)
        draw_grid(axes[0, 2], drop.pooled_full, title="drop them: 3×3", mode=mode)
    return fig
