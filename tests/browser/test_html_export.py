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
    assert not re.search(r'(src|href)="(https?:)?//', html), "the page must load nothing from outside"
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


LIVE = [p for p in PATHS if p.stem[:2] in ("00", "01", "02", "03", "04", "05")]


@pytest.fixture(scope="module")
def live_pages(tmp_path_factory):
    """Notebooks 00-05 run now (so their outputs name their explorers) and exported."""
    out = tmp_path_factory.mktemp("live-html")
    export_html.export_series(out, LIVE, execute=True)
    return out


@pytest.mark.browser
def test_explorers_work_offline_with_no_kernel(live_pages, projector):
    """Each page of 00-05, opened from disk with every outside request blocked:
    its explorers come alive from the embedded states, and moving a slider or
    a dropdown with the keyboard changes the picture."""
    blocked = []
    page = projector.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("file:", "data:", "blob:")) else (blocked.append(route.request.url), route.abort()))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    problems = []
    try:
        for path in LIVE:
            page.goto((live_pages / f"{path.stem}.html").as_uri())
            page.wait_for_function("() => document.querySelectorAll('.cnn-static').length === "
                                   "document.querySelectorAll('.cnn-static[data-live], "
                                   ".cnn-static[data-error]').length", timeout=20000)
            hosts = page.locator(".cnn-static")
            if not hosts.count():
                problems.append(f"{path.stem}: no explorer in the page")
            for k in range(hosts.count()):
                host = hosts.nth(k)
                if host.get_attribute("data-live") != "true":
                    problems.append(f"{path.stem}: explorer {k}: {host.get_attribute('data-error')}")
                    continue
                moved = False
                for control in ("input[type=range]", "select"):
                    for j in range(host.locator(control).count()):
                        node = host.locator(control).nth(j)
                        before = host.locator(".cnn-panels").inner_html()
                        at_end = node.evaluate("n => n.tagName === 'SELECT' ? n.selectedIndex === "
                                               "n.options.length - 1 : Number(n.value) >= Number(n.max)")
                        node.focus()
                        page.keyboard.press("ArrowLeft" if at_end and control != "select" else
                                            "ArrowUp" if at_end else "ArrowDown")
                        page.wait_for_timeout(60)
                        moved |= host.locator(".cnn-panels").inner_html() != before
                if not moved and host.locator("input, select").count():
                    problems.append(f"{path.stem}: explorer {k}: no control changed the picture")
    finally:
        page.close()
    assert problems == [] and errors == [] and blocked == []
