"""Figures of a deep CNN opened up: pictures, every layer's maps, kernels slice
by slice, what excites one unit (top patches, preferred input, receptive field),
and why it answered (saliency and occlusion maps over the picture).

Each function draws what cnnlib.deep (or the model) computed; none computes.
Colours: cnnlib.draw.base's red (+) / blue (-) map; maps and kernels are
scaled to their own largest |value| so faint ones still show.
"""
import numpy as np

from cnnlib.draw.base import (CMAP, HIGHLIGHT, LIMITS, MAX_WIDTH, bars_summary, box, cell_name,
                              described, few, frame_box, grid_panel, labels_summary, new_figure,
                              percent, sentence, style, styled, text_inches)

HEAT = "magma"      # how strongly a pixel matters: dark nothing, bright much


def _image(ax, values, title="", scale=None, fontsize=11):
    """One array as coloured cells, no numbers; scale: |value| shown full colour."""
    values = np.asarray(values, dtype=float)
    top = scale if scale is not None else max(np.abs(values).max(), 1e-12)
    ax.imshow(values, cmap=CMAP, vmin=-top, vmax=top, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=fontsize)


@styled
def pictures_figure(grids, titles, ncols=8):
    """A row (or rows) of pictures (N, H, W), each titled: the dataset's classes.
    ncols to a row, each panel narrower than 1.3 in if ncols need it to fit
    the projected notebook."""
    n = len(grids)
    rows = -(-n // ncols)
    width = min(1.3, MAX_WIDTH / ncols)
    fig, axes = new_figure(ncols, rows, width=width, height=width + 0.25)
    for ax, grid, title in zip(axes.flat, grids, titles):
        _image(ax, grid, title, scale=LIMITS[1], fontsize=12 if width >= 1.2 else 11)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    h, w = np.shape(grids)[1:]
    return described(fig, sentence(labels_summary(list(titles)[:n], f"{h} by {w} pictures, shaded")))


GAP = "white"
MOSAIC_CMAP = CMAP.with_extremes(bad=GAP)


def mosaic(tiles, ncols, gap=1):
    """Equal-shaped tiles (n, h, w) laid out ncols to a row with gap cells of
    NaN (drawn white) between them: one array, drawn with one imshow (one
    axes per tile is far slower to draw)."""
    tiles = np.asarray(tiles, dtype=float)
    n, h, w = tiles.shape
    rows = -(-n // ncols)
    out = np.full((rows * (h + gap) - gap, ncols * (w + gap) - gap), np.nan)
    for i, tile in enumerate(tiles):
        r, c = divmod(i, ncols)
        out[r * (h + gap):r * (h + gap) + h, c * (w + gap):c * (w + gap) + w] = tile
    return out


def _mosaic(ax, tiles, ncols, title="", scale=None, fontsize=12):
    values = mosaic(tiles, ncols)
    top = scale if scale is not None else max(np.nanmax(np.abs(values)), 1e-12)
    ax.imshow(values, cmap=MOSAIC_CMAP, vmin=-top, vmax=top, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    if title:
        ax.set_title(title, fontsize=fontsize, loc="left")


@styled
def layers_figure(picture, outputs, names, probabilities, classes):
    """One picture, its probabilities, and every map layer's output as a row
    of maps (each row scaled to its own largest |value|).

    outputs: the list cnnlib.deep.inside.layer_outputs gives for one picture; layers
    whose output is not a stack of maps (flatten, fully connected) are skipped.
    """
    rows = [(n, o) for n, o in zip(names, outputs) if np.ndim(o) == 3]
    fig, axes = new_figure(1, len(rows) + 1, width=9.5, height=1.25)
    top = axes[0, 0]
    top.axis("off")
    inner = top.inset_axes([0.0, 0.0, 0.12, 1.0])
    _image(inner, picture, "picture", scale=LIMITS[1])
    bars = top.inset_axes([0.3, 0.15, 0.35, 0.7])
    bars.barh(range(len(classes)), probabilities, color="#b2182b")
    bars.set_yticks(range(len(classes)), classes)
    bars.set_xlim(0, 1)
    bars.set_title("probability", fontsize=11)
    for ax, (name, maps) in zip(axes[1:, 0], rows):
        _mosaic(ax, maps, len(maps), f"{name}: {len(maps)} maps of {maps.shape[1]}x{maps.shape[2]}")
    return described(fig, sentence(
        "the picture and the network's probabilities: " + bars_summary(classes, probabilities),
        *(f"{name}: {len(maps)} maps of {maps.shape[1]} by {maps.shape[2]}, largest value "
          f"{np.abs(maps).max():.2f}" for name, maps in rows)))


@styled
def kernels_figure(weights, title):
    """A stage's kernels (F, C, k, k) as one mosaic: one row per feature, one
    column per slice (the slice that reads input map c), all scaled to the
    stage's largest |weight|. Wide enough for its title."""
    f, c, k, _ = weights.shape
    width = max(0.45 * c + 1.2, text_inches(title, 12) + 0.3)
    fig, axes = new_figure(1, 1, width=min(MAX_WIDTH, width), height=0.45 * f + 0.6)
    _mosaic(axes[0, 0], weights.reshape(f * c, k, k), c)
    fig.suptitle(title, fontsize=12)           # over the figure: wider than one slice
    return described(fig, sentence(
        f"{title}: {f} features by {c} slice{'s' if c != 1 else ''} of {k} by {k} weights, "
        "shaded on one scale",
        f"weights from {weights.min():.2f} to {weights.max():.2f}"))


def units_figure(units, title=""):
    """What excites each of several units, one row per unit: its top dataset
    patches (a mosaic, cut to the unit's receptive field), the input found
    by gradient ascent, and the picture that excites it most with the
    receptive field of its strongest place outlined.

    units: a list of dicts with "name", "patches" (n, h, w), "values" (n,),
    "preferred" (H, W), "picture" (H, W) and "field" (top, left, bottom, right).
    """
    fig, axes = new_figure(3, len(units), width=MAX_WIDTH / 3, height=1.6,
                           gridspec_kw={"width_ratios": [3.2, 1, 1]})
    for row, unit in zip(axes, units):
        values = ", ".join(f"{v:.1f}" for v in unit["values"][:3])
        _mosaic(row[0], unit["patches"], len(unit["patches"]),
                f"{unit['name']}: top patches ({values}, ...)", scale=LIMITS[1], fontsize=11)
        _image(row[1], unit["preferred"], "preferred", scale=LIMITS[1], fontsize=11)
        _image(row[2], unit["picture"], "its field", scale=LIMITS[1], fontsize=11)
        top, left, bottom, right = unit["field"]
        box(row[2], top, left, bottom - top, right - left, color=HIGHLIGHT, linewidth=2)
    if title:
        fig.suptitle(title, fontsize=13)
    return described(fig, sentence(title, *few(
        f"{u['name']}: top patches respond {', '.join(f'{v:.1f}' for v in u['values'][:3])}; "
        f"its receptive field spans rows {u['field'][0]} to {u['field'][2] - 1}, columns "
        f"{u['field'][1]} to {u['field'][3] - 1}" for u in units)))


# --- the explorer's scene (drawn in the browser by cnnlib/widgets/js) ---------

def _unit_scale(values):
    """Values scaled to [-1, 1] by their largest |value| (colours only)."""
    values = np.asarray(values, dtype=float)
    return values / max(np.abs(values).max(), 1e-12)


def deep_scene(picture, layer, feature, state, summary, kernel, probabilities, classes):
    """Browser panels for the deep explorer: the paintable picture with the
    unit's receptive field outlined, the layer's maps, the unit's kernel
    slices, its top dataset patches and preferred input, and the answer."""
    top, left, bottom, right = state["field"]
    field = frame_box(top, left, bottom - top, right - left)
    maps = state["maps"]
    panels = [
        grid_panel("picture", picture, title="draw: click or drag", cell=16, numbers=False,
                   paint=True, boxes=[field]),
        {"type": "stack", "key": "maps", "across": 8,
         "title": f"{layer}: {len(maps)} maps (unit {feature} is map {feature})",
         "grids": [grid_panel(f"map {f}", _unit_scale(maps)[f], title=str(f), cell=max(4, 56 // maps.shape[1]),
                              numbers=False,
                              boxes=[frame_box(*state["place"])] if f == feature else [])
                   for f in range(len(maps))]},
        {"type": "stack", "key": "kernel", "across": 8,
         "title": f"unit {feature}'s kernel: {len(kernel)} slice(s)",
         "grids": [grid_panel(f"slice {c}", _unit_scale(kernel)[c], title=str(c), cell=12,
                              numbers=False) for c in range(len(kernel))]},
        {"type": "stack", "key": "patches", "across": 6,
         "title": "its top test patches, and its preferred input",
         "grids": [grid_panel(f"patch {i}", p, title=f"{v:.1f}", cell=max(4, 48 // p.shape[0]),
                              numbers=False)
                   for i, (p, v) in enumerate(zip(summary["patches"], summary["values"]))]
         + [grid_panel("preferred", summary["preferred"], title="preferred",
                       cell=max(4, 96 // summary["preferred"].shape[0]), numbers=False)]},
        {"type": "bars", "key": "answer", "title": "probability", "max": 1.0, "width": 170,
         "labelWidth": 30, "bars": [{"label": k, "value": float(p), "text": f"{p:.2f}"}
                                    for k, p in zip(classes, probabilities)]},
    ]
    return panels


GROUPS = {(1, False): ("o", "1 stage"), (2, False): ("s", "2 stages"), (3, False): ("^", "3 stages"),
          (1, True): ("D", "1 stage + hidden layer")}


def windows_figure(rows, title="accuracy against parameters"):
    """The depth experiment (cnnlib.deep.depth.window_table's rows): each recipe's
    median test accuracy (bar: lowest to highest seed) against its parameter
    count, marked by its number of stages (and hidden layer) and labelled with
    its window."""
    fig, axes = new_figure(1, 1, width=7.6, height=4.6)
    ax = axes[0, 0]
    with style():
        for (stages, hidden), (marker, label) in GROUPS.items():
            mine = [r for r in rows if r["stages"] == stages and r.get("hidden", False) == hidden]
            if not mine:
                continue
            x = [r["parameters"] for r in mine]
            y = [r["median"] for r in mine]
            low = [r["median"] - min(r["accuracies"]) for r in mine]
            high = [max(r["accuracies"]) - r["median"] for r in mine]
            ax.errorbar(x, y, yerr=[low, high], fmt=marker, capsize=3, label=label)
            for r in mine:
                ax.annotate(f"{r['window']}", (r["parameters"], r["median"]),
                            textcoords="offset points", xytext=(6, -4), fontsize=11)
        ax.set_xlabel("parameters")
        ax.set_ylabel("test accuracy (median, lowest to highest seed)")
        ax.set_title(f"{title}\n(the number beside each mark: the widest window one unit sees)",
                     fontsize=12)
        ax.legend(loc="lower right")
    return described(fig, sentence(f"{title}: median test accuracy (lowest to highest seed) against "
                                   "parameters", *(
        f"{r['stages']} stage{'s' if r['stages'] != 1 else ''}"
        f"{' and a hidden layer' if r.get('hidden') else ''}, window {r['window']}: "
        f"{percent(r['median'])} ({percent(min(r['accuracies']))} to {percent(max(r['accuracies']))}) "
        f"with {r['parameters']} parameters" for r in rows)))


def _overlay(ax, picture, heat, title):
    """The picture in grey with |heat| on top, half transparent, scaled to its max."""
    ax.imshow(picture, cmap="gray", vmin=LIMITS[0], vmax=LIMITS[1], interpolation="nearest")
    top = max(np.abs(heat).max(), 1e-12)
    ax.imshow(np.abs(heat) / top, cmap=HEAT, vmin=0, vmax=1, alpha=0.65,
              interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=11)


@styled
def explanation_rows(pictures, rows, titles):
    """Several pictures, one per row, each followed by its maps (cnnlib.deep.explain's
    saliency, occlusion, ...). rows: for each picture a list of (H, W) maps;
    titles: one per map column."""
    fig, axes = new_figure(len(titles) + 1, len(pictures), width=2.0, height=2.15)
    for r, (picture, maps) in enumerate(zip(pictures, rows)):
        _image(axes[r, 0], picture, "picture" if r == 0 else "", scale=LIMITS[1], fontsize=11)
        for ax, heat, title in zip(axes[r, 1:], maps, titles):
            _overlay(ax, picture, heat, title if r == 0 else "")
    return described(fig, sentence(
        f"{len(pictures)} picture{'s' if len(pictures) != 1 else ''}, each with the maps of what "
        f"matters most ({', '.join(titles)}), brightest where it matters", *(
            f"picture {r + 1}: " + ", ".join(
                f"{title} brightest at {cell_name(*np.unravel_index(int(np.argmax(np.abs(m))), np.shape(m)))}"
                for m, title in zip(maps, titles))
            for r, maps in enumerate(rows))))
