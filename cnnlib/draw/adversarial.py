"""Drawing attacks: the image, the noise added, the attacked image, and
what the network now says (a bar per class): the attack explorers' scenes,
and notebook 07's static figures. The noise panel uses the same -1..1
colours as the images (FGSM noise is +-epsilon).
"""
import numpy as np

from cnnlib.draw.base import (HIGHLIGHT, MAX_WIDTH, box, cell_name, curve_summary, described,
                              draw_grid, frame_box, grid_inches, grid_panel, grid_summary, ink,
                              new_figure, panel_summary, sentence, stack_cells, styled)

BARS = {"x": "#d7191c", "o": "#2c7bb6"}


# --- The browser's picture of the attack explorers -------------------------

CELL = 24       # CSS px of the change and attacked grids: with the image's colours
                # (SMALL), the bars (BARS_WIDTH) and GAP, one row fits a projected
                # notebook (658 px), and numbers to one decimal ('-1.6', rounded:
                # DECIMALS) are 12 px, readable from a lecture hall's back row
DECIMALS = 1    # the change and attacked grids' numbers: two decimals ('-1.58') need 33-px cells
ROUNDED = "cells to one decimal"    # said in the caption: the maths has more
SMALL = 10      # the unchanged image: colours only
BARS_WIDTH = 100
GAP = 8         # CSS px between two panels


def fgsm_titles(epsilon):
    """The noise and attacked panels' titles at one epsilon."""
    return (f"noise actually added\n(±{epsilon:.2f}, then clipped)", "image + noise")


def sticker_titles(row, col, size):
    """The change and attacked panels' titles for a sticker."""
    return f"the sticker's change\n({size}x{size} at ({row}, {col}))", "image + sticker"


def probability_bars(probabilities, classes, width=BARS_WIDTH):
    """The network's answer as a bars panel: one bar per class, its colour
    from BARS, the probability as a percentage; titled with the winner."""
    winner = classes[int(np.argmax(probabilities))]
    bars = [{"label": name, "value": round(float(p), 4), "text": f"{p:.0%}",
             "color": BARS.get(name, "#777777"), "ink": ink(BARS.get(name, "#777777"))}
            for name, p in zip(classes, probabilities)]
    return {"type": "bars", "key": "bars", "title": f"the network\nsays: {winner.upper()}",
            "width": width, "labelWidth": 24, "max": 1, "bars": bars}


def verdict(probabilities, classes):
    """'the network says O (71%)'."""
    k = int(np.argmax(probabilities))
    return f"the network says {classes[k].upper()} ({probabilities[k]:.0%})"


def attack_panels(image, attacked, noise, probabilities, classes, titles, boxes=(),
                  change_numbers=None):
    """The four panels of an attack explorer for one state: the image (colours),
    the change added (noise), the attacked image, the probability bars.
    titles: (noise title, attacked title); boxes: highlight boxes for every grid;
    change_numbers: (H, W) bools, which change cells show their number (all)."""
    change = grid_panel("noise", noise, titles[0], cell=CELL, boxes=boxes, whole=False,
                        mode="round", decimals=DECIMALS)
    if change_numbers is not None:
        change["text"] = [t if keep else "" for t, keep in
                          zip(change["text"], np.ravel(change_numbers).tolist())]
    return [grid_panel("image", image, "the image", cell=SMALL, boxes=boxes, numbers=False),
            change, grid_panel("attacked", attacked, titles[1], cell=CELL, boxes=boxes,
                               mode="round", decimals=DECIMALS),
            probability_bars(probabilities, classes)]


def fgsm_scene(image, attacked, noise, probabilities, classes, epsilons):
    """What the FGSM explorer's browser view draws, for every epsilon at once:
    (scene, frames). attacked, noise: (E, H, W) from adversarial.fgsm_sweep and
    change; probabilities (E, classes). Frame e swaps the noise, the attacked
    image, the bars and the caption."""
    frames = []
    noises = stack_cells(noise, "round", whole=False, decimals=DECIMALS)
    attacks = stack_cells(attacked, "round", decimals=DECIMALS)
    for e, eps in enumerate(epsilons):
        bars = probability_bars(probabilities[e], classes)
        frames.append({
            "noise": {**noises[e], "title": fgsm_titles(eps)[0]},
            "attacked": attacks[e],
            "bars": {k: bars[k] for k in ("bars", "title")},
            "caption": f"every pixel moves {eps:.2f} up or down, whichever raises the loss; "
                       f"{ROUNDED}"})
    panels = attack_panels(image, attacked[0], noise[0], probabilities[0], classes,
                           fgsm_titles(epsilons[0]))
    return {"panels": panels, "main": "attacked", "caption": frames[0]["caption"],
            "gap": GAP}, frames


def sticker_scene(image, attacked, noise, probabilities, classes, row, col, size):
    """What the sticker explorer's browser view draws: the square outlined on
    every grid, the change it made, and the network's answer."""
    boxes = [frame_box(row, col, size, size)]
    inside = np.zeros(np.shape(image), bool)
    inside[row:row + size, col:col + size] = True
    panels = attack_panels(image, attacked, noise, probabilities, classes,
                           sticker_titles(row, col, size), boxes, change_numbers=inside)
    return {"panels": panels, "main": "attacked", "gap": GAP,
            "caption": f"only the {size}x{size} square may change, by any amount; "
                       f"{verdict(probabilities, classes)}; {ROUNDED}"}


@styled
def grids_figure(grids, titles, suptitle=None, marks=()):
    """Grids with their numbers (e.g. an image and its flips), as many to a
    row as fit the projected notebook, each as large as its numbers need
    (grid_inches); row indexes on the first of each row only. marks: cells
    [(row, col), ...] outlined on every grid. Returns (fig, the axes of the
    grids in order)."""
    lines = max(1 + t.count("\n") for t in titles)
    width, height = (max(size) for size in zip(*(grid_inches(g, titles=lines) for g in grids)))
    inner = width - 0.45                        # a panel without row indexes
    per_row = max(1, min(len(grids), 1 + int((MAX_WIDTH - width) // inner)))
    rows = -(-len(grids) // per_row)
    ratios = [width] + [inner] * (per_row - 1)
    fig, axes = new_figure(per_row, rows, width=sum(ratios) / per_row, height=height,
                           gridspec_kw={"width_ratios": ratios})
    for ax in axes.flat[len(grids):]:
        ax.set_visible(False)
    parts = [suptitle] if suptitle else []
    for i, (ax, grid, title) in enumerate(zip(axes.flat, grids, titles)):
        draw_grid(ax, grid, title=title)
        mark_pixels(ax, marks)
        parts.append(panel_summary(grid, " ".join(str(title).split())))
        if i % per_row:
            ax.set_yticks([])
            ax.set_ylabel("")
    if marks:
        parts.append("outlined on each: " + "; ".join(cell_name(r, c) for r, c in marks))
    if suptitle:
        fig.suptitle(suptitle)
    return described(fig, sentence(*parts)), list(axes.flat[:len(grids)])


@styled
def sticker_figure(image, where, image_title="image", where_title="P(class) after a sticker here"):
    """An image (H, W) and, for each place of a sticker, the probability the
    network still gives the image's class (the map `where`, (H', W'), one cell
    per top-left corner, cnnlib.adversarial.sticker_map): each panel as large
    as its numbers need."""
    sizes = [grid_inches(image), grid_inches(where, whole=False, titles=2)]
    fig, axes = new_figure(2, 1, width=sum(w for w, _ in sizes) / 2,
                           height=max(h for _, h in sizes),
                           gridspec_kw={"width_ratios": [w for w, _ in sizes]})
    draw_grid(axes[0, 0], image, title=image_title)
    draw_grid(axes[0, 1], where, title=where_title, whole=False,
              xlabel="sticker's left column", ylabel="sticker's top row")
    size = np.shape(image)[0] - np.shape(where)[0] + 1
    fooled = int(np.sum(where < 0.5))
    return described(fig, sentence(
        panel_summary(image, " ".join(image_title.split())),
        grid_summary(where, f"map of the probability with a {size} by {size} sticker at each "
                            "top-left place"),
        f"below one half (fooled) at {fooled} of {where.size} places"))


def mark_pixels(ax, pixels, color=HIGHLIGHT):
    """Outline single cells [(row, col), ...] on a grid already drawn in ax."""
    return [box(ax, r, c, 1, 1, color=color, linewidth=3) for r, c in pixels]


@styled
def robustness_figure(epsilons, rates):
    """Accuracy on attacked test images against epsilon: one colour per
    network, one line style per attack. rates: {network name: {attack name:
    accuracies (E,)}}, attacks among "FGSM" (solid), "PGD" (dashed) and
    "random noise" (dotted), networks drawn in the order given."""
    styles = {"FGSM": ("o-", 2), "PGD": ("s--", 2), "random noise": ("^:", 1.5)}
    fig, axes = new_figure(1, 1, width=MAX_WIDTH, height=4.8)
    ax = axes[0, 0]
    for (name, attacks), colour in zip(rates.items(), (BARS["x"], BARS["o"])):
        for attack, accuracy in attacks.items():
            marker, width = styles[attack]
            ax.plot(epsilons, accuracy, marker, color=colour, lw=width, label=f"{name}, {attack}")
    ax.set_xticks(epsilons)
    ax.set(title="robustness: accuracy on attacked test images", xlabel="epsilon",
           ylabel="test accuracy", ylim=(0, 1.05))
    ax.grid(alpha=0.3)
    fig.legend(loc="outside lower center", ncols=2)
    return described(fig, sentence("test accuracy on attacked images against epsilon", *(
        curve_summary(epsilons, accuracy, f"{name}, {attack}")
        for name, attacks in rates.items() for attack, accuracy in attacks.items())))
