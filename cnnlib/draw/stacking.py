"""Drawing a stack of layers: one column per stage, its maps one above the other.

A stage is cnnlib.stacking.Stage(name, maps (C, H, W)); stacking_scene()
is the stacking explorer's picture of every stage.
"""
import numpy as np

from cnnlib.draw.base import grid_panel


def shape_text(shape):
    """(3, 7, 7) -> '3×7×7'."""
    return "×".join(str(n) for n in shape)


def stage_title(i, stage):
    """'1 filter\\n3×7×7': the stage's number, name and shape."""
    return f"{i} {stage.name}\n{shape_text(stage.shape)}"


def shapes_line(stages):
    """'input 1×9×9 → filter 3×7×7 → ...': the shapes, as one line of text."""
    return " → ".join(f"{s.name} {shape_text(s.shape)}" for s in stages)



# --- The browser's picture (the stacking explorer draws these panels as SVG) ---
# Sized for a projector: at 1280x720 and 150% zoom a notebook output is about
# 650 CSS px wide and 359 tall, so every stage goes side by side in one row.

HEIGHT = 190       # CSS px for the maps of a stage, one above the other
WIDTH = 656        # CSS px for every stage side by side, gaps included (a projected notebook: 658)
GAP = 6            # CSS px between two stages (the scene's "gap")
TITLE = 49         # CSS px: the narrowest a stage is, its title ('1 filter', '3×7×7')
READABLE = 27      # the smallest cell (CSS px) for a two-decimal number ('1.00', '-.33') at 12 px
WHOLE = 13         # ... and for a whole number ('1', '-1')
LARGEST = 30       # cells never grow past this, however small the map
FONT = 12          # CSS px, the smallest number: readable from a projector's back row


def stage_cells(stages, maps_shown, readable, width=WIDTH):
    """The cell size (CSS px) of each stage: as large as its maps_shown maps
    one above the other allow in HEIGHT (up to LARGEST); then, until the
    stages fit width side by side (a stage is never narrower than its
    title), the largest cell that still narrows its stage shrinks by one,
    taken first from cells larger than their readable size (readable[i]:
    the smallest cell whose numbers read), so numbers stay where they can;
    when every cell is at its readable size, the widest stage (the later of
    two) gives its numbers up and shrinks at once to colours only (its
    title's width), leaving the others room for theirs."""
    cells = [min(LARGEST, HEIGHT // (min(maps_shown, s.shape[0]) * s.shape[1])) for s in stages]

    def row():
        return sum(max(TITLE, c * s.shape[2]) for c, s in zip(cells, stages)) \
            + GAP * (len(stages) - 1)
    while row() > width:
        narrowing = [i for i, (c, s) in enumerate(zip(cells, stages))
                     if c > 4 and c * s.shape[2] > TITLE]
        if not narrowing:
            break
        spare = [i for i in narrowing if cells[i] > readable[i]]
        if spare:
            cells[max(spare, key=lambda i: cells[i])] -= 1
            continue
        i = max(reversed(narrowing), key=lambda i: cells[i] * stages[i].shape[2])
        cells[i] = min(cells[i] - 1, max(4, TITLE // stages[i].shape[2]))
    return cells


def is_whole(values, scores):
    """Whether a map's numbers read as whole numbers ('1', '-1'): before
    the first filter (scores), and only if they all are."""
    return not scores and bool(np.all(values == np.round(values)))


def stacking_scene(stages, show=None, stopped=""):
    """Every stage of a stack as browser panels: one 'stack' panel per stage
    (its maps one above the other), titled with its number, name and shape,
    and, if the stack stopped early, a last panel saying so (stopped: the
    name of the layer that could not run).

    show: None for every map, or the index of the one map to show large.
    Cells too small for a readable number show colours only; the numbers of
    whole-number maps ('1', '-1') need less room than scores ('.33').
    """
    maps_shown = 1 if show is not None else max(s.shape[0] for s in stages)
    shown = [[m for m in range(len(s.maps)) if show is None or m == min(show, len(s.maps) - 1)]
             for s in stages]
    scores = [any(s.name == "filter" for s in stages[:i + 1]) for i in range(len(stages))]
    readable = [max(WHOLE if is_whole(s.maps[m], scores[i]) else READABLE for m in shown[i])
                for i, s in enumerate(stages)]
    cells = stage_cells(stages, maps_shown, readable, WIDTH - (TITLE + GAP if stopped else 0))
    panels = []
    for i, (stage, cell) in enumerate(zip(stages, cells)):
        grids = []
        for m in shown[i]:
            values = stage.maps[m]
            whole = is_whole(values, scores[i])
            numbers = cell >= (WHOLE if whole else READABLE)
            grids.append(grid_panel(f"stage {i} map {m}", values,
                                    title=f"map {m}" if show is not None else "",
                                    whole=None if whole else False, cell=cell,
                                    numbers=numbers, fontsize=max(FONT, 0.46 * cell)))
        panels.append({"type": "stack", "key": f"stage {i}", "title": stage_title(i, stage),
                       "grids": grids})
    if stopped:
        panels.append({"type": "text", "key": "stopped", "width": TITLE,
                       "title": f"{len(stages)} {stopped}", "text": "✗\nmaps\ntoo\nsmall"})
    return panels
