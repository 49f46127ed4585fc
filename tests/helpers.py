"""Shared check for the explorers' blitted redraws."""
import numpy as np


def blit_matches_full_render(view):
    """The frame a BlitFigureView pasted together after a slider move (an old
    background plus the moving artists) equals a full redraw of the same
    state: nothing stale is left in the background. Constrained layout may
    move panels on a full redraw as titles change length, so the layout is
    held still for the comparison."""
    fast = np.asarray(view.canvas.buffer_rgba()).astype(int)
    engine = view.fig.get_layout_engine()
    view.fig.set_layout_engine("none")
    try:
        view.refresh(full=True)
        full = np.asarray(view.canvas.buffer_rgba()).astype(int)
    finally:
        view.fig.set_layout_engine(engine)
        view.refresh(full=True)
    return np.abs(fast - full).max() <= 2
