"""Opening or exporting a notebook makes no outside request: no committed
output references a URL on another host (a CDN stylesheet, a script, an image)."""
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
URL = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:https?:)?//""",
                 re.IGNORECASE)


def outside_references(notebook):
    """(cell index, the text around each reference) of every output that would
    load something from another host."""
    found = []
    for i, cell in enumerate(json.loads(notebook.read_text(encoding="utf-8"))["cells"]):
        for output in cell.get("outputs", []):
            texts = [output.get("text", "")] + list(output.get("data", {}).values())
            for text in texts:
                text = "".join(text) if isinstance(text, list) else str(text)
                for match in URL.finditer(text):
                    found.append((i, text[max(0, match.start() - 40):match.end() + 60]))
    return found


def test_the_check_finds_a_cdn_link(tmp_path):
    page = '<link rel="stylesheet" href="https://cdnjs.example.com/font-awesome.css">'
    nb = {"cells": [{"cell_type": "code", "outputs": [{"data": {"text/html": [page]}}]}]}
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb))
    assert outside_references(path)


# Notebooks whose committed outputs predate offline_player (re-execute them, then
# drop them here: a stale mark fails the test as a reminder).
STALE = set()


@pytest.mark.parametrize("notebook", [pytest.param(n, marks=pytest.mark.xfail(
    strict=True, reason="committed output predates offline_player; re-execute")) if n.stem in STALE
    else n for n in NOTEBOOKS], ids=[n.stem for n in NOTEBOOKS])
def test_no_output_loads_from_another_host(notebook):
    assert not outside_references(notebook), outside_references(notebook)[:3]


def test_the_sliding_animation_is_offline_and_the_same_every_run():
    import cnnlib as c
    from cnnlib.draw.filtering import sliding_animation
    make = lambda: sliding_animation(c.load_grid("x"), c.load_feature("diagonal"),  # noqa: E731
                                     positions=[0, 1])
    html = make()
    assert not URL.search(html) and "fa fa-" not in html
    # every button shows a drawn shape, none a font's symbol (an empty box without the glyph)
    assert html.count('<svg class="cnn-icon"') == html.count("<button") == 9
    assert not any(ch in html for ch in "⏮⏴⏸⏵⏭▶◀")
    assert make() == html
