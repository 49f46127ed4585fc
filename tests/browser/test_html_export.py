"""`make html`: the series as static pages that read without a kernel.

Everything that reads the exported pages is in the browser tier, which
exports them anyway (about half a minute of work: every explorer state of
every page): their text (every figure, no outside request, the formulas as
MathML with no TeX left, the index) and, in Chromium, the figures decoded,
the animation playing, the explorers live offline, the maths drawn, and
every control of every page pressed in turn (each changes the picture or
says what it needs). What needs no pages runs in `make test`: a crafted
notebook whose output names anything but one of the series' explorers is
refused with nothing run, and the registry of what a page can show.
"""
import re
import subprocess
import sys
from pathlib import Path

import export_html
import nbformat
import pytest

import notebooks as tool

PATHS = tool.series()
TOOLS = Path(export_html.__file__).resolve().parent
IMG = re.compile(r'<img[^>]+src="data:image/png;base64,')


def _png_outputs(path):
    nb = nbformat.read(path, as_version=4)
    return sum("image/png" in out.get("data", {})
               for cell in nb.cells for out in cell.get("outputs", []))


@pytest.mark.browser
@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_page_holds_every_figure_and_no_live_widget(pages, path):
    html = (pages / f"{path.stem}.html").read_text()
    assert len(IMG.findall(html)) >= _png_outputs(path)
    assert "widget-view+json" not in html and "Error displaying widget" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "the page must load nothing from outside"
    assert not re.search(r'href="\d\d_\w+\.ipynb', html), "links must point at the .html pages"
@pytest.mark.browser
def test_index_links_every_page(pages):
    index = (pages / "index.html").read_text()
    for path in PATHS:
        assert f'href="{path.stem}.html"' in index
        assert (pages / f"{path.stem}.html").exists()
@pytest.mark.browser
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
                # every button shows a drawn shape (an SVG icon of 8 px or more whose path
                # has an area: the minus is a 2-px bar), no font glyph
                blank = anim.evaluate("a => Array.from(a.querySelectorAll('.anim-buttons button'))"
                                      ".filter(b => { const s = b.querySelector('svg');"
                                      " const p = s && s.querySelector('path');"
                                      " const r = p && p.getBoundingClientRect();"
                                      " const q = s && s.getBoundingClientRect();"
                                      " return !r || r.width < 2 || r.height < 2 ||"
                                      " q.width < 8 || q.height < 8; }).length")
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


def open_explorers(page, html):
    """Open an exported page and wait until each explorer on it has started
    (or said why not); returns the explorers' hosts."""
    page.goto(html.as_uri())
    page.wait_for_function("() => document.querySelectorAll('.cnn-static').length === "
                           "document.querySelectorAll('.cnn-static[data-live], "
                           ".cnn-static[data-error]').length", timeout=20000)
    return page.locator(".cnn-static")


@pytest.mark.browser
def test_explorers_work_offline_with_no_kernel(pages, projector):
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
            hosts = open_explorers(page, pages / f"{path.stem}.html")
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
                        # a slider steps up (down from its end); a dropdown to the next choice
                        page.keyboard.press(("ArrowUp" if at_end else "ArrowDown") if
                                            control == "select" else
                                            ("ArrowLeft" if at_end else "ArrowRight"))
                        page.wait_for_timeout(60)
                        moved |= host.locator(".cnn-panels").inner_html() != before
                if not moved and host.locator("input, select").count():
                    problems.append(f"{path.stem}: explorer {k}: no control changed the picture")
    finally:
        page.close()
    assert problems == [] and errors == [] and blocked == []


# --- a shared notebook cannot make the exporter run what it names ------------
def _crafted_notebook(folder, spec):
    """A notebook whose one output claims to be an explorer, named by spec."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("voting_explorer()")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "application/vnd.jupyter.widget-view+json": {"model_id": "0", "version_major": 2,
                                                     "version_minor": 1},
        export_html.EXPORT_MIME: spec, "text/plain": "<VotingExplorer>"})]
    nb.cells.append(cell)
    path = folder / "05_shared.ipynb"
    nbformat.write(nb, path)
    return path


TOUCH = {"module": "subprocess", "class": "run", "args": {"args": ["touch", "PWNED"]}}
REFUSED = [
    (TOUCH, r"subprocess\.run is not one of the explorers"),
    ({"module": "os", "class": "system", "args": {"command": "touch PWNED"}},
     r"os\.system is not one of the explorers"),
    # a function of our own widget modules is not an explorer either
    ({"module": "cnnlib.widgets.voting", "class": "load", "args": {"name": "x"}},
     r"cnnlib\.widgets\.voting\.load is not one of the explorers"),
    ({"module": "cnnlib.widgets.voting", "class": "VotingExplorer",
      "args": {"picture": "x", "path": "PWNED"}}, r"unknown argument 'path'.*picture, seed"),
    ({"module": "cnnlib.widgets.voting", "class": "VotingExplorer", "args": {"seed": "0"}},
     r"argument 'seed' must be a whole number, got '0'"),
    ({"module": "cnnlib.widgets.voting", "class": "VotingExplorer", "args": {"seed": True}},
     r"argument 'seed' must be a whole number, got True"),
    ({"module": "cnnlib.widgets.stacking", "class": "StackingExplorer",
      "args": {"layers": ["filter", 3]}}, r"argument 'layers' must be a list of strings"),
    # the explorer's own checks, said as a refusal of that output
    ({"module": "cnnlib.widgets.voting", "class": "VotingExplorer", "args": {"picture": "tri"}},
     r"VotingExplorer: picture: unknown picture to start from 'tri'"),
    ({"module": "cnnlib.widgets.voting", "class": "VotingExplorer", "args": ["x"]},
     r"args must be an object"),
    ({"class": "VotingExplorer", "args": {}}, r"must name module, class and args"),
]


@pytest.mark.parametrize("spec, words", REFUSED, ids=[str(i) for i in range(len(REFUSED))])
def test_an_output_naming_anything_but_an_explorer_is_refused(tmp_path, monkeypatch, spec, words):
    monkeypatch.chdir(tmp_path)
    path = _crafted_notebook(tmp_path, spec)
    with pytest.raises((ValueError, TypeError), match=words) as refused:
        export_html.export_notebook(path, tmp_path)
    assert "05_shared.ipynb, cell 0" in str(refused.value)
    assert not (tmp_path / "PWNED").exists()
    assert not (tmp_path / "05_shared.html").exists()


def test_make_html_on_a_crafted_notebook_runs_nothing_and_says_what_it_refused(tmp_path):
    path = _crafted_notebook(tmp_path, TOUCH)
    done = subprocess.run([sys.executable, str(TOOLS / "export_html.py"), str(tmp_path / "out"),
                           str(path)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert not (tmp_path / "PWNED").exists()
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "refused" in done.stderr and "subprocess.run" in done.stderr
    assert not (tmp_path / "out" / "05_shared.html").exists()


def test_every_explorer_a_page_can_show_is_in_the_registry_with_its_arguments():
    """The registry names exactly the explorers whose output the exporter
    rebuilds (needs_kernel False), and each one's arguments as it records them."""
    import importlib
    import inspect
    import pkgutil

    import cnnlib.widgets
    from cnnlib.widgets.base import Explorer
    found = set()
    for info in pkgutil.iter_modules(cnnlib.widgets.__path__):
        module = importlib.import_module(f"cnnlib.widgets.{info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Explorer) and cls.__module__ == module.__name__ \
                    and not cls.needs_kernel and not name.startswith("_") and cls is not Explorer:
                found.add(f"{cls.__module__}.{name}")
    assert found == set(export_html.EXPLORERS)
    for path in PATHS:      # what the committed notebooks record passes the checks
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                spec = out.get("data", {}).get(export_html.EXPORT_MIME)
                if spec:
                    cls, args = export_html.checked_explorer(spec, path.name)
                    assert f"{cls.__module__}.{cls.__name__}" in export_html.EXPLORERS
                    assert args == spec["args"]


# --- the maths reads as maths, with nothing fetched ---------------------------
TEX = re.compile(r"\$\$|\\(frac|text|left|right|mathrm|sum|max|min|log|le|approx|big)\b"
                 r"|\$[^$\s][^$]*\$")
MARKDOWN = re.compile(r'<div class="[^"]*jp-RenderedMarkdown[^"]*"[^>]*>(.*?)</div>', re.S)


def _formulas(path):
    nb = nbformat.read(path, as_version=4)
    return sum(len(re.findall(r"\$\$.+?\$\$|\$[^$\n]+\$", cell.source, re.S))
               for cell in nb.cells if cell.cell_type == "markdown")


@pytest.mark.browser
@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_the_maths_is_mathml_and_no_tex_shows(pages, path):
    html = (pages / f"{path.stem}.html").read_text()
    shown = " ".join(re.sub(r"<math.*?</math>|<[^>]+>", " ", part, flags=re.S)
                     for part in MARKDOWN.findall(html))
    left = TEX.search(shown)
    assert left is None, f"raw TeX shows in the page: {shown[max(0, left.start() - 40):left.end() + 40]!r}"
    assert html.count("<math ") == _formulas(path)
    assert "mathjax" not in html.lower()


def test_the_series_has_formulas_to_convert():
    """The check above is not empty: the series writes its formulas in TeX."""
    assert sum(_formulas(p) for p in PATHS) >= 11


# --- every control on every page works or says what it needs -----------------
@pytest.mark.browser
def test_the_index_tells_a_reader_of_the_pages_what_works_here(pages):
    index = re.sub(r"<[^>]+>", " ", (pages / "index.html").read_text())
    assert "Start JupyterLab" not in index
    assert "without a kernel" in index and "make lab" in index   # and how to run them
    readme = (tool.NOTEBOOKS / "README.md").read_text()
    assert "make lab" in readme and "without a kernel" not in readme


# What an explorer shows (its panels and caption), and what it says (the
# error line and the note under it, when visible).
PICTURE = "h => [...h.querySelectorAll('.cnn-panels, .cnn-caption')].map(n => n.innerHTML).join('|')"
SAID = ("h => [...h.querySelectorAll('.cnn-error, .cnn-note')].filter(n => n.getClientRects()"
        ".length).map(n => n.innerText).join(' ').toLowerCase()")
REASONS = ("needs a running kernel", "leaves this picture as it is")
ANIMATION_MOVES = ["last_frame", "first_frame", "next_frame", "previous_frame"]


def _explorer_controls(page, host, where):
    """Paint two cells of each paintable picture, then every control in turn,
    as a reader would: each must change the picture or say, naming itself,
    why not. Returns the problems."""
    problems = []

    def judge(what, act, wait=150):
        before = host.evaluate(PICTURE)
        act()
        page.wait_for_timeout(wait)
        said = host.evaluate(SAID)
        # a drawing counts once all the picture follows it: the maps and the
        # answer computed for the grid drawn (the explorer is not still painting)
        settled = host.locator(".cnn-explorer").get_attribute("data-painting") == ""
        if (host.evaluate(PICTURE) == before or not settled) and not (
                what.lower() in said and any(reason in said for reason in REASONS)):
            problems.append(f"{where}: {what!r} changed nothing and said nothing "
                            f"(it says: {said!r})")

    for k in range(host.locator(".cnn-paint").count()):
        for r, c in [(0, 0), (0, 1)]:   # one cell, then a second
            cell = host.locator(".cnn-paint").nth(k).locator(f'.cnn-cell[data-r="{r}"][data-c="{c}"]')
            judge("drawing", cell.click)
    for j in range(host.locator(".cnn-control").count()):
        control = host.locator(".cnn-control").nth(j)
        if control.locator("select").count():
            node = control.locator("select")
            last = node.evaluate("n => n.selectedIndex === n.options.length - 1")
            judge(node.get_attribute("aria-label"),
                  lambda: (node.focus(), page.keyboard.press("ArrowUp" if last else "ArrowDown")))
        elif control.locator("input[type=range]").count():
            node = control.locator("input[type=range]")
            last = node.evaluate("n => Number(n.value) >= Number(n.max)")
            judge(control.locator(".cnn-label").inner_text(),
                  lambda: (node.focus(), page.keyboard.press("ArrowLeft" if last else "ArrowRight")))
        elif control.locator(".cnn-play").count():
            button = control.locator(".cnn-play")
            judge(button.get_attribute("data-label"), button.click, wait=1500)
            if "Pause" in button.inner_text():
                button.click()
        elif control.locator(".cnn-button").count():
            button = control.locator(".cnn-button")
            if button.is_disabled():
                problems.append(f"{where}: {button.inner_text()!r} is disabled, without a word")
            else:
                judge(button.inner_text(), button.click)
        else:
            problems.append(f"{where}: control {j} is of no kind this test knows: "
                            f"{control.inner_html()[:120]}")
    return problems


def _animation_controls(page, anim, where):
    """matplotlib's animation: every step button and the slider move the
    frame, Play moves it and Pause stops it. (Its speed and loop-mode
    controls change only how it plays, which this test does not time.)"""
    problems, frame = [], anim.locator("img").first

    def moved(name, act, wait=100):
        before = frame.get_attribute("src")
        act()
        page.wait_for_timeout(wait)
        if frame.get_attribute("src") == before:
            problems.append(f"{where}: {name} did not move the frame")
    for name in ANIMATION_MOVES:
        moved(name, anim.locator(f"button[onclick*='.{name}(']").click)
    slider = anim.locator("input[type=range]")
    moved("the slider", lambda: (slider.focus(), page.keyboard.press("ArrowRight")))
    for name in ("play_animation", "reverse_animation"):
        moved(name, anim.locator(f"button[onclick*='.{name}(']").click, wait=800)
        anim.locator("button[onclick*='.pause_animation(']").click()
        paused = frame.get_attribute("src")
        page.wait_for_timeout(800)
        if frame.get_attribute("src") != paused:
            problems.append(f"{where}: pause did not stop the animation")
    return problems


@pytest.mark.browser
def test_every_control_on_every_page_works_or_says_what_it_needs(pages, projector):
    """Each exported page (make html: the committed outputs), every control
    in turn as a reader would press it: the explorers' pictures, sliders,
    dropdowns and buttons, the animations' buttons, the reveals. Each changes
    what is shown or says, naming itself, what it needs."""
    page = projector.new_page()
    errors, problems = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for path in PATHS:
            hosts = open_explorers(page, pages / f"{path.stem}.html")
            for k in range(hosts.count()):
                if hosts.nth(k).get_attribute("data-live") != "true":
                    problems.append(f"{path.stem}: explorer {k} did not start: "
                                    f"{hosts.nth(k).get_attribute('data-error')}")
                    continue
                problems += _explorer_controls(page, hosts.nth(k), f"{path.stem}: explorer {k}")
            for k in range(page.locator(".animation").count()):
                problems += _animation_controls(page, page.locator(".animation").nth(k),
                                                f"{path.stem}: animation {k}")
            details = page.locator("details")
            for k in range(details.count()):
                details.nth(k).locator("summary").first.click()
                if not details.nth(k).evaluate("d => d.open"):
                    problems.append(f"{path.stem}: reveal {k} did not open")
            # nothing else on the page takes a click or a key
            known = page.evaluate("""() => [...document.querySelectorAll(
                'button, select, input, textarea, summary')]
                .filter(n => !n.closest('.cnn-control, .animation, details'))
                .map(n => n.outerHTML.slice(0, 100))""")
            problems += [f"{path.stem}: a control this test does not press: {n}" for n in known]
    finally:
        page.close()
    assert problems == [] and errors == [], "\n".join(problems + errors)


@pytest.mark.browser
def test_the_formulas_are_drawn_as_maths(pages, projector):
    """Chromium draws the MathML: a fraction's numerator sits above its denominator."""
    page = projector.new_page()
    try:
        page.goto((pages / f"{PATHS[1].stem}.html").as_uri())
        fraction = page.evaluate("""() => { const f = document.querySelector('math mfrac');
            const [top, bottom] = [...f.children].map(n => n.getBoundingClientRect());
            return {above: top.bottom <= bottom.top + 1, height: f.getBoundingClientRect().height}; }""")
    finally:
        page.close()
    assert fraction["above"] and fraction["height"] > 20
