"""Drawing your own drawings: a sheet of them by class, a trained model's
answer for one drawing (probabilities and maps), and the explorer's scene.

Static figures are matplotlib (for GitHub and the reveals); the explorer's
scene is panels the browser draws (cnnlib/widgets/base.py), from the same
numbers and colours.
"""
import numpy as np
from matplotlib.colors import to_hex

from cnnlib.draw.base import (MAX_WIDTH, MUTED, bars_summary, curve_summary, described, draw_grid,
                              grid_panel, new_figure, picture_summary, sentence, styled)

CLASS_COLOURS = ("#b2182b", "#2166ac", "#1b7837", "#762a83", "#e08214", "#4d4d4d")
PICTURE_CELL = 24       # the explorer's picture: 9 x 24 px, with the readouts beside it on
SIDE = dict(width=180, labelWidth=50, lane=24)    # one projector screen (bars panels)


def colour(i):
    """The colour of class number i (cycling)."""
    return CLASS_COLOURS[i % len(CLASS_COLOURS)]


@styled
def drawings_figure(drawings, per_class=6, width=1.25):
    """A sheet of drawings: one row per class, up to per_class of each (colours
    only: no numbers, no ticks)."""
    classes = drawings.classes
    fig, axes = new_figure(per_class, len(classes), width=width, height=width + 0.25)
    for row, name in enumerate(classes):
        mine = [g for g, label in zip(drawings.grids, drawings.labels) if label == name]
        for col in range(per_class):
            ax = axes[row, col]
            if col < len(mine):
                draw_grid(ax, mine[col], numbers=False, ticks=False)
            else:
                ax.set_axis_off()
            if col == 0:
                ax.set_title(f"{name} ({len(mine)})", fontsize=11, loc="left", color=colour(row))
    counts = [sum(1 for label in drawings.labels if label == name) for name in classes]
    return described(fig, sentence(
        f"a sheet of drawings, one row per class, up to {per_class} of each, shaded",
        ", ".join(f"{name}: {n} drawings" for name, n in zip(classes, counts))))


@styled
def answer_figure(grid, stages, classes, title="your drawing"):
    """One drawing, the first stage's feature maps (after ReLU) and the
    probabilities: stages from Model.stages(grid). The pictures in colours
    only (no ticks), so that all fit across a projected notebook."""
    maps = stages["rectified"]
    ratios = [1] * (len(maps) + 1) + [1.8]
    fig, axes = new_figure(len(maps) + 2, 1, width=MAX_WIDTH / (len(maps) + 2), height=2.0,
                           gridspec_kw={"width_ratios": ratios})
    draw_grid(axes[0, 0], grid, title=title, numbers=False, ticks=False)
    for k, m in enumerate(maps):
        draw_grid(axes[0, k + 1], m, title=f"map {k + 1}", numbers=False, ticks=False)
    draw_probabilities(axes[0, -1], stages["probabilities"], classes)
    best = int(np.argmax(stages["probabilities"]))
    return described(fig, sentence(
        picture_summary(grid, title),
        f"its {len(maps)} maps after the first stage's ReLU, shaded",
        "the probabilities: " + bars_summary(classes, stages["probabilities"])
        + f"; the network says {classes[best]}"))


def draw_probabilities(ax, probabilities, classes, title="probability"):
    """Horizontal bars, one per class, the winner's bar outlined."""
    probabilities = np.asarray(probabilities)
    ys = np.arange(len(classes))[::-1]
    bars = ax.barh(ys, probabilities, color=[colour(i) for i in range(len(classes))])
    bars[int(np.argmax(probabilities))].set_edgecolor("black")
    bars[int(np.argmax(probabilities))].set_linewidth(2)
    ax.set_yticks(ys, classes)
    ax.set_xlim(0, 1)
    ax.set_title(title, fontsize=11)
    for y, p in zip(ys, probabilities):
        ax.text(min(p + 0.03, 0.7), y, f"{p:.2f}", va="center", fontsize=11)


@styled
def examples_figure(results, title="test accuracy on new drawings"):
    """Accuracy against examples per class, with and without shifted copies.
    results: {"per_class": (S,), "plain": (S,), "shifted": (S,)}."""
    fig, axes = new_figure(1, 1, width=4.6, height=3.2)
    ax = axes[0, 0]
    for key, label, col in (("plain", "drawings only", MUTED), ("shifted", "with shifted copies", "#b2182b")):
        ax.plot(results["per_class"], results[key], "o-", color=col, label=label)
    ax.set_xscale("log")
    ax.set_xticks(results["per_class"], [str(n) for n in results["per_class"]])
    ax.minorticks_off()             # the sizes measured only
    ax.set_xlabel("examples per class")
    ax.set_ylim(0, 1.02)
    ax.set_title(title, fontsize=12)
    ax.legend(loc="lower right")
    return described(fig, sentence(title, *(
        curve_summary(results["per_class"], results[key], label, "examples per class")
        for key, label in (("plain", "drawings only"), ("shifted", "with shifted copies")))))


# --- the explorer's scene (browser panels) ----------------------------------------

def plan_text(per_class, shifts, used):
    """What the next training takes, in words: per_class (None: all),
    shifts (the number of shifted copies of each drawing, 0 for none),
    used {class: pictures} (cnnlib.own_drawings.training_counts)."""
    which = "all drawings" if per_class is None else f"the first {per_class} of each class"
    copies = f",\neach with {shifts} shifted copies" if shifts else ""
    return f"next training: {which}{copies}\n= {sum(used.values())} pictures"


def drawings_scene(grid, counts, label, history=None, stages=None, classes=(), plan=None,
                   chosen=""):
    """The explorer's panels: the paintable grid, and beside it (in two
    columns) how many drawings each class has (and, from plan = (per_class,
    shifts, used) as plan_text takes them, how many pictures the next
    training takes: "5 → 2", and in words under the bars), then
    once trained the training curves (the loss per epoch, and the training
    accuracy per epoch on its own axis, 0 to 1), the model's probabilities
    and its maps for the grid. chosen: the saved drawing the grid shows
    ('class/NNN.txt'), if one was chosen."""
    title = f"{chosen}: saved" if chosen else f"draw; save it as '{label}'"
    panels = [grid_panel("picture", grid, title=title,
                         cell=PICTURE_CELL, whole=True, paint=True, numbers=False)]
    most = max([1, *counts.values()])
    used = plan[2] if plan is not None else counts
    panels.append({"type": "bars", "key": "counts", "title": "your drawings", "max": most, **SIDE,
                   "bars": [{"label": name, "value": float(n),
                             "text": str(n) if used[name] == n else f"{n} → {used[name]}",
                             "color": colour(i)}
                            for i, (name, n) in enumerate(counts.items())]})
    if plan is not None:
        panels[-1]["note"] = plan_text(*plan)
    if history:
        epochs = list(range(1, len(history["loss"]) + 1))
        top = max(1.0, max(history["loss"]))
        curve = {"type": "curve", "x": epochs, "xlim": [0, max(1, len(epochs))],
                 "xlabel": "epoch", "width": 230, "height": 80}
        panels.append({**curve, "key": "training", "title": "loss (lower is better)",
                       "ylim": [0, round(top, 2)],
                       "series": [{"y": [round(v, 4) for v in history["loss"]], "color": MUTED}]})
        panels.append({**curve, "key": "accuracy",
                       "title": "training accuracy (1 = all right)", "ylim": [0, 1],
                       "series": [{"y": history["train_accuracy"], "color": "#b2182b"}]})
    if stages is not None:
        probs = stages["probabilities"]
        best = int(np.argmax(probs))
        panels.append({"type": "bars", "key": "probabilities", "title": "the network says",
                       "max": 1.0, **SIDE,
                       "bars": [{"label": name, "value": float(p),
                                 "text": f"{p:.2f}" + ("  ←" if i == best else ""),
                                 "color": to_hex(colour(i))} for i, (name, p) in enumerate(zip(classes, probs))]})
        maps = stages["rectified"]
        panels.append({"type": "stack", "key": "maps", "title": "its maps (after ReLU)",
                       "across": len(maps),
                       "grids": [grid_panel(f"map {k}", m, cell=7, numbers=False, whole=False)
                                 for k, m in enumerate(maps)]})
    return panels


def status_text(counts, trained, per_class, shifted):
    """The caption under the explorer: the drawings, and what the network was
    trained on (it lives in the kernel only: a restart loses it)."""
    total = sum(counts.values())
    which = "all your drawings" if per_class is None else f"{per_class} per class"
    what = (f"trained on {which}{' + shifted copies' if shifted else ''} (lost on a kernel "
            f"restart)" if trained else "not trained yet: press train")
    return (f"{total} drawing{'' if total == 1 else 's'} "
            f"({', '.join(f'{k}: {n}' for k, n in counts.items())}); {what}")
