"""Drawing filtering: one kernel position at a time, into given axes.

cnnlib.filtering.filtering_step() gives what one position shows;
filtering_scene() is the explorer's picture of every position. The static figures and the sliding animation for notebook 01 are
built from the same pieces.
"""
import base64
import hashlib
import io
import re
import tempfile
from html import escape as html_escape
from pathlib import Path

import numpy as np
import PIL.Image
from matplotlib.animation import HTMLWriter
from matplotlib.backends.backend_agg import FigureCanvasAgg

from cnnlib.draw.base import (
    MAX_WIDTH,
    STYLE,
    box,
    cell_text,
    described,
    draw_grid,
    draw_padded,
    frame_box,
    grid_inches,
    grid_panel,
    grid_summary,
    new_figure,
    picture_summary,
    sentence,
    style,
    whole_fontsize,
)
from cnnlib.filtering import all_window_products, convolve, filtering_step
from cnnlib.formatting import format_value


def size_sentence(step):
    """The output-size formula, and which pixels the stride leaves out."""
    rows, cols = step.dropped
    text = f"{step.size_text}: the map is {step.map_full.shape[0]}×{step.map_full.shape[1]}."
    if rows or cols:
        text += (f" The stride does not divide evenly: the last {rows} row(s) and "
                 f"{cols} column(s) are never reached (hatched).")
    return text


def mean_text(total, count, mean, mode="truncate"):
    """'sum 7 / 9 = .77' (the sum shown as a whole number when it is one)."""
    shown = f"{total:.0f}" if float(total).is_integer() else cell_text(float(total), "round")
    return f"sum {shown} / {count} = {cell_text(float(mean), mode)}"


def filtering_scene(image, kernel, stride=1, padding=0, feature_name="feature",
                    mode="truncate"):
    """What the filtering explorer's browser view draws, for every kernel
    position at once: (scene, frames). The scene holds the padded image, the
    feature and the whole map; frame i moves the window and the map's cell to
    position i, shows its products and their mean, and reveals the map up to
    it. image: (H, W), kernel: (k, k)."""
    first = filtering_step(image, kernel, 0, stride, padding)
    full, (kh, kw) = first.map_full, first.kernel.shape
    wo, p = full.shape[1], padding
    ticks = [str(j - p) for j in range(first.padded.shape[1])]
    boxes = [frame_box(p, p, *np.shape(image), color="#555555", dash=True)] if p else []
    scene = {"main": "image", "caption": size_sentence(first), "caption_at": "bottom", "panels": [
        grid_panel("image", first.padded, "image, kernel window", cell=21, boxes=boxes,
                   xlabels=ticks, ylabels=ticks, hatch=list(first.covered)),
        grid_panel("feature", first.kernel, f"feature: {feature_name}", cell=26),
        grid_panel("products", first.products, "products", cell=26),
        grid_panel("map", full, "map", mode=mode, whole=False, cell=28),
    ]}
    products = all_window_products(image, kernel, stride, padding).reshape(full.size, kh * kw)
    whole = bool(np.all(products == np.round(products)))
    totals, means = products.sum(axis=1).tolist(), full.ravel().tolist()
    map_text = scene["panels"][3]["text"]
    frames = []
    for position, values in enumerate(products.tolist()):
        row, col = divmod(position, wo)
        frames.append({
            "image": {"marks": [{"r": row * stride, "c": col * stride, "h": kh, "w": kw}]},
            "products": {"values": values, "text": [cell_text(v, mode, whole) for v in values],
                         "title": "products\n" + mean_text(totals[position], kh * kw,
                                                            means[position], mode)},
            "map": {"reveal": position, "marks": [{"r": row, "c": col, "h": 1, "w": 1}],
                    "title": f"map {full.shape[0]}×{wo}: ({row}, {col}) = {map_text[position]}"},
            "announce": f"kernel at row {row}, column {col}: mean of products {map_text[position]}",
        })
    return scene, frames


def maps_figure(image, features, names, mode="truncate"):
    """The image and its map for each feature. features: (F, k, k)."""
    maps = convolve(image, features)
    with style():
        # Two panels per row, each as large as its decimals need.
        cols = 2
        width, height = grid_inches(maps[0], mode=mode, whole=False)
        fig, axes = new_figure(cols, -(-(len(names) + 1) // cols), width=width, height=height)
        axes = axes.ravel()
        for ax in axes[len(names) + 1:]:
            ax.axis("off")
        draw_grid(axes[0], image, title="image", fontsize=whole_fontsize(image.shape))
        for ax, m, name in zip(axes[1:], maps, names):
            draw_grid(ax, m, title=f"map: {name}", mode=mode)
    return described(fig, sentence(picture_summary(image, "the image"), *(
        grid_summary(m, f"map of the {name} feature over the image", mode)
        for m, name in zip(maps, names))))


def stride_padding_figure(image, kernel, settings=((1, 0), (2, 0), (2, 1), (3, 1))):
    """For each (stride, padding): the padded image with every window's corner
    marked and the unreached pixels hatched, and the map's size."""
    parts = [f"where a {'x'.join(map(str, np.shape(kernel)))} window starts on the "
             f"{'x'.join(map(str, np.shape(image)))} image for each stride and padding"]
    with style():
        fig, axes = new_figure(len(settings), 1, width=MAX_WIDTH / len(settings), height=3.0)
        for j, (stride, padding) in enumerate(settings):
            step = filtering_step(image, kernel, 0, stride, padding)
            ax = axes[0, j]
            draw_padded(ax, step.padded, padding, step.covered, numbers=False,
                        title=f"stride {stride},\npadding {padding}")
            # every other tick: four panels across the projector leave no room for all
            every = np.arange(padding % 2, step.padded.shape[0], 2)
            ax.set_xticks(every, [str(j - padding) for j in every])
            ax.set_yticks(every, [str(i - padding) for i in every])
            if j:
                ax.set_ylabel("")
            ho, wo = step.map_full.shape
            starts = np.arange(ho) * stride
            ax.plot(*np.meshgrid(np.arange(wo) * stride, starts), "o", color="#ffb000",
                    markersize=5, markeredgecolor="black")
            box(ax, 0, 0, *step.kernel.shape)
            ax.set_xlabel(f"column → map {ho}×{wo}")
            unreached = int(np.sum(~_reached(step.padded.shape, step.covered)))
            parts.append(f"stride {stride}, padding {padding}: {ho}x{wo} windows, "
                         f"so a {ho} by {wo} map; {unreached} pixels (hatched) no window reaches")
    return described(fig, sentence(*parts))


def _reached(shape, covered):
    """(H, W) mask of the pixels above row covered[0] and left of column covered[1]."""
    mask = np.zeros(shape, bool)
    mask[:covered[0], :covered[1]] = True
    return mask


def sliding_animation(image, kernel, feature_name="feature", dpi=80, interval_ms=400,
                      positions=None, colors=48):
    """The kernel sliding over the image while the map fills in, as an HTML
    string that plays without a kernel (matplotlib's jshtml player).

    positions: which positions to show as frames (default: every position of
    the first two rows, then the end of each row). Frames are redrawn only
    where they change and stored as palette PNGs of `colors` colours (about
    8 kB each). dpi: 80, the series' (at 60 the ticks were 9 px, too small
    for a projector).
    """
    first = filtering_step(image, kernel, 0)
    wo = first.map_full.shape[1]
    if positions is None:
        positions = [*range(min(2 * wo, first.positions)),
                     *range(3 * wo - 1, first.positions, wo)]
    frames = list(positions)
    with style():
        fig, axes = new_figure(2, 1, width=3.3, height=3.6)
        ax_img, ax_map = axes[0]
        draw_padded(ax_img, first.padded, 0, first.covered, title=f"{feature_name} window",
                    numbers=False)
        window = box(ax_img, 0, 0, *first.kernel.shape)
        cells = draw_grid(ax_map, first.map_full, title="map", mode="truncate")
        numbers = list(ax_map.texts)      # one a cell (a map has no NaN), shown as it fills
        cell = box(ax_map, 0, 0, 1, 1)
    fig.set_dpi(dpi)
    moving = [window, cells, *ax_map.collections, *numbers, cell, ax_map.title]
    for a in moving:
        a.set_animated(True)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    background = canvas.copy_from_bbox(fig.bbox)
    writer = HTMLWriter(fps=1000 / interval_ms, embed_frames=True, default_mode="once")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "animation.html"
        writer.setup(fig, path, dpi=dpi)
        for position in frames:
            step = filtering_step(image, kernel, position)
            window.set_xy((step.col - 0.5, step.row - 0.5))
            cell.set_xy((step.col - 0.5, step.row - 0.5))
            cells.set_data(step.map_shown)
            for k, number in enumerate(numbers):
                number.set_visible(k <= position)
            ax_map.set_title(f"map: ({step.row}, {step.col}) = {format_value(step.mean)}",
                             fontsize=STYLE["axes.titlesize"])
            canvas.restore_region(background)
            for a in moving:
                a.draw(canvas.get_renderer())
            rgb = PIL.Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])
            buffer = io.BytesIO()
            rgb.quantize(colors, method=PIL.Image.Quantize.FASTOCTREE).save(buffer, format="png")
            # The player's own frame list (HTMLWriter.grab_frame would re-render in full).
            writer._saved_frames.append(base64.encodebytes(buffer.getvalue()).decode("ascii"))
        writer.finish()
        html = path.read_text()
    # The player sets the picture from JavaScript, which an untrusted notebook
    # (a fresh load) does not run: show the first frame without it.
    first_frame = writer._saved_frames[0].replace("\n", "")
    k, (h, w) = first.kernel.shape[0], np.shape(image)
    alt = html_escape(sentence(
        f"animation in {len(frames)} frames: the {k} by {k} {feature_name} window slides over the "
        f"{h} by {w} image and the map fills in, each cell the mean of the window's products",
        "when full, " + grid_summary(first.map_full, "map")), quote=True)
    html = re.sub(r'<img id="(_anim_img\w+)"',
                  lambda m: f'<img id="{m.group(1)}" src="data:image/png;base64,{first_frame}" alt="{alt}"',
                  html, count=1)
    return offline_player(html)


# The player's buttons as drawn shapes (16x16 SVG paths in the text's colour)
# instead of Font Awesome icons, which matplotlib links from a CDN, and instead
# of symbol characters (⏮ ⏴ ⏸), which show as empty boxes where no font has
# them. Each button keeps matplotlib's title and aria-label ("Play", "Pause").
_BAR = "M{x} 3h2v10h-2z"
PLAYER_ICONS = {
    "fa fa-minus": "M3 7h10v2H3z",
    "fa fa-fast-backward": _BAR.format(x=2) + "M9 3L4 8l5 5zM15 3l-5 5 5 5z",
    "fa fa-step-backward": _BAR.format(x=3) + "M13 3L6 8l7 5z",
    "fa fa-play fa-flip-horizontal": "M12 3L4 8l8 5z",
    "fa fa-pause": "M4 3h3v10H4zM9 3h3v10H9z",
    "fa fa-play": "M4 3l8 5-8 5z",
    "fa fa-step-forward": "M3 3l7 5-7 5z" + _BAR.format(x=11),
    "fa fa-fast-forward": "M1 3l5 5-5 5zM7 3l5 5-5 5z" + _BAR.format(x=12),
    "fa fa-plus": "M3 7h4V3h2v4h4v2H9v4H7V9H3z",
}


def player_icon(path):
    """An inline 16x16 SVG of one button's shape (hidden from screen readers:
    the button's aria-label names it)."""
    return (f'<svg class="cnn-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" '
            f'focusable="false" style="vertical-align: middle"><path d="{path}" '
            f'fill="currentColor"/></svg>')


def offline_player(html):
    """matplotlib's jshtml player with no request leaving the machine (the Font
    Awesome stylesheet link removed, its icons drawn as SVG shapes) and the same
    text on every run (its random element id replaced by one made from the
    content)."""
    html = re.sub(r'<link rel="stylesheet"\s+href="https?://[^"]*"\s*>', "", html)
    for icon, path in PLAYER_ICONS.items():
        html = html.replace(f'<i class="{icon}"></i>', player_icon(path))
    ids = sorted(set(re.findall(r"_anim_img(\w+)", html)))
    for old in ids:
        stable = hashlib.sha1(html.replace(old, "").encode()).hexdigest()[:32]
        html = html.replace(old, stable)
    # The frame slider has no <label>: its name for a screen reader.
    html = html.replace('class="anim-slider"', 'class="anim-slider" aria-label="animation frame"')
    return html
