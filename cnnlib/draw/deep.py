"""Figures of a deep CNN opened up: pictures, every layer's maps, kernels slice
by slice, and what excites one unit (top patches, preferred input, receptive field).

Each function draws what cnnlib.deep (or the model) computed; none computes.
Colours: cnnlib.draw.base's red (+) / blue (-) map; maps and kernels are
scaled to their own largest |value| so faint ones still show.
"""
import numpy as np

from cnnlib.draw.base import CMAP, HIGHLIGHT, LIMITS, box, new_figure


def _image(ax, values, title="", scale=None, fontsize=10):
    """One array as coloured cells, no numbers; scale: |value| shown full colour."""
    values = np.asarray(values, dtype=float)
    top = scale if scale is not None else max(np.abs(values).max(), 1e-12)
    ax.imshow(values, cmap=CMAP, vmin=-top, vmax=top, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=fontsize)


def pictures_figure(grids, titles, ncols=8):
    """A row (or rows) of pictures (N, H, W), each titled: the dataset's classes."""
    n = len(grids)
    rows = -(-n // ncols)
    fig, axes = new_figure(ncols, rows, width=1.3, height=1.45)
    for ax, grid, title in zip(axes.flat, grids, titles):
        _image(ax, grid, title, scale=LIMITS[1], fontsize=12)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig


def layers_figure(picture, outputs, names, probabilities, classes, max_maps=16):
    """One picture and every map layer's output, one row per layer (a map per
    column, up to max_maps), then the probabilities.

    outputs: the list cnnlib.deep.layer_outputs gives for one picture; layers
    whose output is not a stack of maps (flatten, fully connected) are skipped.
    """
    rows = [(n, o) for n, o in zip(names, outputs) if np.ndim(o) == 3]
    ncols = min(max(o.shape[0] for _, o in rows), max_maps)
    fig, axes = new_figure(ncols + 1, len(rows) + 1, width=0.9, height=0.95)
    for ax in axes.flat:
        ax.set_visible(False)
    first = axes[0, 0]
    first.set_visible(True)
    _image(first, picture, "picture", scale=LIMITS[1])
    for r, (name, maps) in enumerate(rows, start=1):
        label = axes[r, 0]
        label.set_visible(True)
        label.axis("off")
        label.text(0.5, 0.5, f"{name}\n{maps.shape[1]}x{maps.shape[2]}", ha="center",
                   va="center", fontsize=10, transform=label.transAxes)
        for f in range(min(len(maps), ncols)):
            ax = axes[r, f + 1]
            ax.set_visible(True)
            _image(ax, maps[f], str(f) if r == 1 else "", scale=np.abs(maps).max() or 1)
    bars = axes[0, 1]
    bars.set_visible(True)
    span = axes[0, 1:min(ncols + 1, 5)]
    for ax in span:
        ax.set_visible(True)
        ax.axis("off")
    bars.axis("on")
    bars.barh(range(len(classes)), probabilities, color="#b2182b")
    bars.set_yticks(range(len(classes)), classes)
    bars.set_xlim(0, 1)
    bars.set_title("probability", fontsize=10)
    return fig


def kernels_figure(weights, title, max_features=16):
    """A stage's kernels (F, C, k, k): one row per feature, one column per
    slice (the slice that reads input map c), each scaled to the stage's
    largest |weight|."""
    f, c = min(weights.shape[0], max_features), weights.shape[1]
    fig, axes = new_figure(c, f, width=0.6, height=0.6)
    top = np.abs(weights).max()
    for i in range(f):
        for j in range(c):
            _image(axes[i, j], weights[i, j], scale=top)
            if j == 0:
                axes[i, j].set_ylabel(str(i), rotation=0, labelpad=8, fontsize=9)
            if i == 0:
                axes[i, j].set_title(f"reads {j}", fontsize=8)
    fig.suptitle(title, fontsize=11)
    return fig


def units_figure(units, title=""):
    """What excites each of several units, one row per unit: its top dataset
    patches (titled with their values), the input found by gradient ascent,
    and a picture with the receptive field of one strongest place outlined.

    units: a list of dicts with "name", "patches" (n, h, w), "values" (n,),
    "preferred" (H, W), "picture" (H, W) and "field" (top, left, bottom, right).
    """
    n = max(len(u["patches"]) for u in units)
    fig, axes = new_figure(n + 3, len(units), width=0.95, height=1.05)
    for row, unit in zip(axes, units):
        row[0].axis("off")
        row[0].text(0.5, 0.5, unit["name"], ha="center", va="center", fontsize=10,
                    transform=row[0].transAxes)
        for ax, patch, value in zip(row[1:], unit["patches"], unit["values"]):
            _image(ax, patch, f"{value:.1f}", scale=LIMITS[1], fontsize=9)
        _image(row[n + 1], unit["preferred"], "preferred", scale=LIMITS[1], fontsize=9)
        _image(row[n + 2], unit["picture"], "its field", scale=LIMITS[1], fontsize=9)
        top, left, bottom, right = unit["field"]
        box(row[n + 2], top, left, bottom - top, right - left, color=HIGHLIGHT, linewidth=2)
    if title:
        fig.suptitle(title, fontsize=11)
    return fig
