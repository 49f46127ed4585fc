"""Every explorer's static picture is its scene, drawn by cnnlib.draw.scene:
one axes per grid, the scene's numbers in the cells, its titles, its
caption and the controls' values, nothing overlapping."""
import numpy as np
import pytest
from matplotlib.figure import Figure

import cnnlib
from cnnlib.draw.base import png_bytes
from cnnlib.draw.filtering import filtering_scene
from cnnlib.draw.scene import controls_text, scene_figure
from explorer_cases import CASES


def words(text):
    """text with its line breaks and runs of spaces as single spaces."""
    return " ".join(str(text).split())


def shown_panels(explorer):
    """The panels as the browser draws them now: the scrub frame over the scene."""
    frame = explorer.frames[explorer.values[explorer.scrub]] if explorer.scrub else {}
    return [{**p, **frame.get(p["key"], {})} for p in explorer.scene["panels"]]


def grids_of(panels):
    """Every grid drawn: grid panels, and the grids of stack panels."""
    return [g for p in panels for g in ([p] if p["type"] == "grid" else p.get("grids", []))]


def cell_numbers(grid):
    """{(row, col): text} the browser writes in a grid's cells."""
    if grid.get("numbers") is False:
        return {}
    hidden = grid.get("reveal")
    return {divmod(k, grid["cols"]): t for k, t in enumerate(grid["text"])
            if t and (hidden is None or k <= hidden)}


def grid_axes(fig):
    return {ax.get_gid()[5:]: ax for ax in fig.axes if (ax.get_gid() or "").startswith("grid ")}


@pytest.fixture(scope="module", params=CASES, ids=lambda c: c.name)
def drawn(request):
    explorer = request.param.build()
    if explorer.scrub:                     # a frame past the first, to see the frame is used
        explorer.set_values(**{explorer.scrub: min(2, explorer.control(explorer.scrub)["max"])})
    fig = explorer.figure()
    yield explorer, fig
    explorer.close()


def test_every_grid_is_an_axes_with_the_scenes_numbers_and_colours(drawn):
    explorer, fig = drawn
    assert isinstance(fig, Figure) and png_bytes(fig)[:4] == b"\x89PNG"
    panels = shown_panels(explorer)
    grids, axes = grids_of(panels), grid_axes(fig)
    assert len(axes) == len(grids)
    # and one axes for each bars, curve and strip panel, none for text
    drawn_apart = sum(p["type"] in ("bars", "curve", "strip") for p in panels)
    assert len(fig.axes) == len(grids) + drawn_apart
    for grid in grids:
        ax = axes[grid["key"]]
        written = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
                   for t in ax.texts}
        assert written == cell_numbers(grid), grid["key"]
        values = np.array([np.nan if v is None else v for v in grid["values"]], float)
        if grid.get("reveal") is not None:
            values[grid["reveal"] + 1:] = np.nan
        image = np.ma.filled(ax.images[0].get_array().astype(float), np.nan)
        np.testing.assert_array_equal(image, values.reshape(grid["rows"], grid["cols"]))


def test_titles_caption_and_controls_are_written(drawn):
    explorer, fig = drawn
    written = [words(t.get_text()) for t in fig.texts]
    panels = shown_panels(explorer)
    titles = [p["title"] for p in panels if p.get("title")]
    titles += [g["title"] for g in grids_of(panels) if g.get("title", "").strip()]
    for title in titles:
        assert words(title) in written, title
    frame = explorer.frames[explorer.values[explorer.scrub]] if explorer.scrub else {}
    caption = frame.get("caption") or explorer.scene.get("caption")
    if caption:
        assert words(caption) in written
    heading = words(controls_text(explorer.controls_spec, explorer.values))
    assert heading in written
    for spec in explorer.controls_spec:
        assert (spec["label"] in heading) == (spec["kind"] in ("slider", "dropdown"))


def test_nothing_overlaps_and_everything_is_inside_the_picture(drawn):
    _, fig = drawn
    boxes = [ax.get_position() for ax in fig.axes]
    for box in boxes:
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= 1 + 1e-9 and box.y1 <= 1 + 1e-9
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap = (min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0))
            assert min(overlap) <= 1e-9, (a, b)


def test_the_frame_shown_is_the_scrub_sliders():
    """Filtering at position 5: the window and the map's cell move there, and
    the map is revealed up to it, as the browser shows frame 5."""
    x, diagonal = cnnlib.load_grid("x"), cnnlib.load_feature("diagonal")
    scene, frames = filtering_scene(x, diagonal)
    fig = scene_figure(scene, frames[5], "kernel position: 5")
    ax = grid_axes(fig)["map"]
    assert len(ax.texts) == 6 and {round(t.get_position()[0]) for t in ax.texts} == set(range(6))
    assert any(t.get_text().startswith("map 7×7: (0, 5) = ") for t in fig.texts)
    assert fig.texts[0].get_text() == "kernel position: 5"
    window = [p for p in grid_axes(fig)["image"].patches if not p.get_hatch()]
    assert [round(p.get_x() + 0.5, 1) for p in window] == [5.1]       # inset by the line


def test_controls_text_reads_sliders_dropdowns_and_choice_labels():
    specs = [{"name": "p", "kind": "dropdown", "label": "picture", "options": [["the X", "x"]]},
             {"name": "e", "kind": "slider", "label": "epsilon", "min": 0, "step": 1,
              "labels": ["0.00", "0.05"]},
             {"name": "s", "kind": "slider", "label": "stride", "min": 1, "step": 1},
             {"name": "go", "kind": "button", "label": "Step"}]
    assert controls_text(specs, {"p": "x", "e": 1, "s": 2}) == \
        "picture: the X   epsilon: 0.05   stride: 2"


@pytest.mark.parametrize("scene, frame, name", [([], None, "scene"), ({"panels": []}, [1], "frame")])
def test_a_scene_or_frame_that_is_no_dict_is_refused_by_name(scene, frame, name):
    with pytest.raises(TypeError, match=f"^{name} must be a dict"):
        scene_figure(scene, frame)
