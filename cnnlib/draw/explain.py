"""Figures of why a network answered: saliency and occlusion maps drawn over
the picture, next to each other (and next to a randomised model's saliency).

The maps come from cnnlib.explain; these functions only draw them.
"""
import numpy as np

from cnnlib.draw.base import CMAP, LIMITS, new_figure

HEAT = "magma"      # how strongly a pixel matters: dark nothing, bright much


def _picture(ax, picture, title):
    ax.imshow(picture, cmap=CMAP, vmin=LIMITS[0], vmax=LIMITS[1], interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=11)


def _overlay(ax, picture, heat, title):
    """The picture in grey with |heat| on top, half transparent, scaled to its max."""
    ax.imshow(picture, cmap="gray", vmin=LIMITS[0], vmax=LIMITS[1], interpolation="nearest")
    top = max(np.abs(heat).max(), 1e-12)
    ax.imshow(np.abs(heat) / top, cmap=HEAT, vmin=0, vmax=1, alpha=0.65,
              interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=11)


def explanation_figure(picture, maps, titles, picture_title="picture"):
    """The picture, then each map (saliency, occlusion, ...) over it.
    maps: a list of (H, W) arrays; titles: one per map."""
    fig, axes = new_figure(len(maps) + 1, 1, width=2.3, height=2.5)
    _picture(axes[0, 0], picture, picture_title)
    for ax, heat, title in zip(axes[0, 1:], maps, titles):
        _overlay(ax, picture, heat, title)
    return fig


def explanation_rows(pictures, rows, titles):
    """Several pictures, one per row, each followed by its maps.
    rows: for each picture a list of maps; titles: one per map column."""
    fig, axes = new_figure(len(titles) + 1, len(pictures), width=2.0, height=2.15)
    for r, (picture, maps) in enumerate(zip(pictures, rows)):
        _picture(axes[r, 0], picture, "picture" if r == 0 else "")
        for ax, heat, title in zip(axes[r, 1:], maps, titles):
            _overlay(ax, picture, heat, title if r == 0 else "")
    return fig
