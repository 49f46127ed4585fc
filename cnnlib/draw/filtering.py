"""Drawing filtering: one kernel position at a time, into given axes.

cnnlib.filtering.filtering_step() gives what one position shows;
filtering_scene() is the explorer's picture of every position. The static figures and the sliding animation for notebook 01 are
built from the same pieces.
"""
import io
import re

import numpy as np

from cnnlib.draw.base import (
    STYLE,
    box,
    cell_text,
    draw_grid,
    draw_padded,
    frame_box,
    grid_panel,
    new_figure,
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
        # Two panels per row: at full notebook width the decimals stay readable.
        cols = 2
        fig, axes = new_figure(cols, -(-(len(names) + 1) // cols), width=3.3, height=3.8)
        axes = axes.ravel()
        for ax in axes[len(names) + 1:]:
            ax.axis("off")
        draw_grid(axes[0], image, title="image", fontsize=whole_fontsize(image.shape))
        for ax, m, name in zip(axes[1:], maps, names):
            draw_grid(ax, m, title=f"map: {name}", mode=mode)
    return fig


def stride_padding_figure(image, kernel, settings=((1, 0), (2, 0), (2, 1), (3, 1))):
    """For each (stride, padding): the padded image with every window's corner
    marked and the unreached pixels hatched, and the map's size."""
    with style():
        fig, axes = new_figure(len(settings), 1, width=3.0, height=3.3)
        for j, (stride, padding) in enumerate(settings):
            step = filtering_step(image, kernel, 0, stride, padding)
            ax = axes[0, j]
            draw_padded(ax, step.padded, padding, step.covered, numbers=False,
                        title=f"stride {stride}, padding {padding}")
            ho, wo = step.map_full.shape
            starts = np.arange(ho) * stride
            ax.plot(*np.meshgrid(np.arange(wo) * stride, starts), "o", color="#ffb000",
                    markersize=5, markeredgecolor="black")
            box(ax, 0, 0, *step.kernel.shape)
            ax.set_xlabel(f"column  →  map {ho}×{wo}")
    return fig


def sliding_animation(image, kernel, feature_name="feature", dpi=60, interval_ms=400,
                      positions=None, colors=48):
    """The kernel sliding over the image while the map fills in, as an HTML
    string that plays without a kernel (matplotlib's jshtml player).

    positions: which positions to show as frames (default: every position of
    the first two rows, then the end of each row). Frames are redrawn only
    where they change and stored as palette PNGs of `colors` colours (about
    6 kB each).
    """
    import base64
    import tempfile
    from pathlib import Path

    import PIL.Image
    from matplotlib.animation import HTMLWriter
    from matplotlib.backends.backend_agg import FigureCanvasAgg

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
    html = re.sub(r'<img id="(_anim_img\w+)"', rf'<img id="\1" src="data:image/png;base64,{first_frame}"',
                  html, count=1)
    return offline_player(html)


# The player's buttons drawn with plain symbols (DejaVu has them) instead of
# Font Awesome icons, which matplotlib links from a CDN.
PLAYER_SYMBOLS = {"fa fa-fast-backward": "⏮", "fa fa-step-backward": "⏴", "fa fa-play fa-flip-horizontal": "◀",
                  "fa fa-pause": "⏸", "fa fa-play": "▶", "fa fa-step-forward": "⏵",
                  "fa fa-fast-forward": "⏭", "fa fa-minus": "−", "fa fa-plus": "+"}


def offline_player(html):
    """matplotlib's jshtml player with no request leaving the machine (the Font
    Awesome stylesheet link removed, its icons drawn as symbols) and the same
    text on every run (its random element id replaced by one made from the
    content)."""
    import hashlib
    html = re.sub(r'<link rel="stylesheet"\s+href="https?://[^"]*"\s*>', "", html)
    for icon, symbol in PLAYER_SYMBOLS.items():
        html = html.replace(f'<i class="{icon}"></i>', symbol)
    ids = sorted(set(re.findall(r"_anim_img(\w+)", html)))
    for old in ids:
        stable = hashlib.sha1(html.replace(old, "").encode()).hexdigest()[:32]
        html = html.replace(old, stable)
    return html
