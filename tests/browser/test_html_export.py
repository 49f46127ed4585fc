"""`make html`: the series as static pages that read without a kernel.

The text checks run everywhere; opening the pages in Chromium (figures
decoded, the kernel-sliding animation playing) is a browser test.
"""
import re

import export_html
import nbformat
import pytest

import notebooks as tool

PATHS = tool.series()
IMG = re.compile(r'<img[^>]+src="data:image/png;base64,')


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    export_html.export_series(out)
    return out


def _png_outputs(path):
    nb = nbformat.read(path, as_version=4)
    return sum("image/png" in out.get("data", {})
               for cell in nb.cells for out in cell.get("outputs", []))


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_page_holds_every_figure_and_no_live_widget(pages, path):
    html = (pages / f"{path.stem}.html").read_text()
    assert len(IMG.findall(html)) >= _png_outputs(path)
    assert "widget-view+json" not in html and "Error displaying widget" not in html
    assert not re.search(r'href="\d\d_\w+\.ipynb', html), "links must point at the .html pages"


def test_index_links_every_page(pages):
    index = (pages / "index.html").read_text()
    for path in PATHS:
        assert f'href="{path.stem}.html"' in index
        assert (pages / f"{path.stem}.html").exists()


def test_filtering_page_has_the_kernel_sliding_animation(pages):
    filtering = [p for p in PATHS if "filtering" in p.stem]
    if not filtering:
        pytest.skip("the filtering notebook has not landed yet")
    page = pages / f"{filtering[0].stem}.html"
    html = page.read_text()
    assert 'class="animation"' in html and "new Animation(" in html, \
        "the jshtml animation of the kernel sliding is missing"
    frames = re.findall(r'frames\[\d+\] = "data:image/png;base64,', html)
    assert len(frames) >= 2


@pytest.mark.browser
def test_pages_show_their_figures_and_animations_without_a_kernel(pages, projector):
    page = projector.new_page()
    problems = []
    try:
        for path in PATHS:
            page.goto((pages / f"{path.stem}.html").as_uri())
            page.wait_for_load_state("load")
            broken = page.evaluate("() => Array.from(document.images)"
                                   ".filter(i => !(i.complete && i.naturalWidth > 0)).length")
            if broken:
                problems.append(f"{path.stem}: {broken} pictures not shown")
            for k in range(page.locator(".animation").count()):
                anim = page.locator(".animation").nth(k)
                blank = anim.evaluate("a => Array.from(a.querySelectorAll('.anim-buttons i'))"
                                      ".filter(i => ['none', 'normal', '\"\"'].includes("
                                      "getComputedStyle(i, '::before').content)).length")
                if blank:
                    problems.append(f"{path.stem}: animation {k} has {blank} blank buttons")
                frame = anim.locator("img").first
                before = frame.get_attribute("src")
                anim.locator("button[onclick*='play_animation']").first.click()
                page.wait_for_timeout(800)
                if frame.get_attribute("src") == before:
                    problems.append(f"{path.stem}: animation {k} does not play")
                anim.locator("button[onclick*='pause_animation']").first.click()
    finally:
        page.close()
    assert problems == []
