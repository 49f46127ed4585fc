"""What the browser tests check on an open, fully run notebook.

Each check returns (how many things it tried, the list of problems found),
so the tests assert `problems == []`, and the harness's own test can show
that every check does catch the fault it looks for.
"""
import re

from notebook_tab import RAW_WIDGET

# Measured in the page at projector size.
READABILITY_JS = """(out) => {
  const problems = [];
  if (out.scrollWidth > out.clientWidth + 2)
    problems.push(`wider than the notebook (${out.scrollWidth} > ${out.clientWidth} px)`);
  for (const label of out.querySelectorAll('.widget-label, .widget-label-basic')) {
    if (label.offsetParent && label.scrollWidth > label.clientWidth + 1)
      problems.push(`description cut off: "${label.textContent}"`);
  }
  for (const img of out.querySelectorAll('img')) {
    const shown = img.getBoundingClientRect().width;
    if (img.naturalWidth && shown < MIN_SCALE * img.naturalWidth)
      problems.push(`picture shrunk to ${Math.round(100 * shown / img.naturalWidth)}%`);
  }
  return problems;
}"""
# Our figures are drawn at 80 dpi with 10-point tick labels (cnnlib.draw.base.STYLE):
# shrunk below 60% they fall under 10 device pixels on a 1280x720 projector.
MIN_SCALE = 0.6


def _all(locator):
    return [locator.nth(k) for k in range(locator.count())]


def _visible(locator):
    return [loc for loc in _all(locator) if loc.is_visible()]


def running_problems(tab):
    """Errors, widgets that failed or are stuck loading, widgets shown as text,
    pictures that did not load."""
    problems = [f"error output: {e}" for e in tab.errors()]
    # Widgets render after the kernel is idle: give them a moment before judging.
    tab.wait_for_change(lambda: "Loading widget" in tab.text(), True, timeout=10)
    text = tab.text()
    if "Error displaying widget" in text:
        problems.append("Error displaying widget")
    if "Loading widget" in text:
        problems.append("a widget is stuck on 'Loading widget...'")
    outputs = tab.outputs()
    problems += [f"cell {o['cell']}: widget shown as text: {o['text'][:60]!r}"
                 for o in outputs if RAW_WIDGET.search(o["text"])]
    problems += [f"cell {o['cell']}: widget output not rendered"
                 for o in outputs if o["widget"] and not o["rendered"]]
    problems += [f"a widget picture did not load: {img}" for img in tab.images()
                 if not (img["complete"] and img["natural"] > 0)]
    return len(outputs), problems


def readability_problems(tab, folder):
    """Screenshot every widget at projector size into folder, and measure what
    can be measured: nothing cut off, no truncated description, no shrunk picture."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{tab.name}-*.png"):
        old.unlink()
    problems, outs = [], tab.widget_outputs()
    script = READABILITY_JS.replace("MIN_SCALE", str(MIN_SCALE))
    size = tab.page.viewport_size
    for k, out in enumerate(outs):
        problems += [f"widget {k}: {p}" for p in out.evaluate(script)]
        scales = out.evaluate("n => Array.from(n.querySelectorAll('img')).filter(i => "
                              "i.naturalWidth).map(i => i.getBoundingClientRect().width"
                              " / i.naturalWidth)")
        height = out.evaluate("n => n.getBoundingClientRect().height")
        if scales and min(scales) < 0.85:
            tab.notes.append(f"widget {k}: picture shown at {min(scales):.0%} of its drawn "
                             f"size on a projector")
        if height > 480:
            tab.notes.append(f"widget {k}: {height:.0f} px tall, more than one projector "
                             f"screen (480 px at 150% zoom)")
        # Same width (same layout), tall enough to hold the whole widget.
        height = out.evaluate("n => n.getBoundingClientRect().height")
        tab.page.set_viewport_size({"width": size["width"],
                                    "height": max(size["height"], int(height) + 160)})
        out.scroll_into_view_if_needed()
        out.screenshot(path=str(folder / f"{tab.name}-{k}.png"))
    tab.page.set_viewport_size(size)
    return len(outs), problems


def slider_problems(tab):
    """Keyboard: focus each slider's handle and press an arrow key; its
    readout and a picture of its widget must change."""
    problems, tried = [], 0
    for k, slider in enumerate(_visible(tab.panel.locator(".widget-slider"))):
        handle = slider.locator(".noUi-handle").first
        if slider.locator("[disabled]").count():     # a display, not a control
            continue
        tried += 1
        label = slider.locator(".widget-label").first.inner_text().strip() or f"#{k}"
        readout = slider.locator(".widget-readout").first
        at_top = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        before_text, before_picture = readout.inner_text(), tab.pictures(slider)
        # Up to three presses: one step may legitimately look the same
        # (e.g. a 5-degree turn of a 9x9 grid rounds back to the same pixels).
        for press in range(3):
            handle.focus()
            tab.page.keyboard.press("ArrowLeft" if at_top else "ArrowRight")
            after_text = tab.wait_for_change(readout.inner_text, before_text, timeout=5)
            tab.wait_kernel_idle()
            after_picture = tab.wait_for_change(lambda: tab.pictures(slider), before_picture,
                                                timeout=2 if press < 2 else 5)
            if after_picture != before_picture or after_text == before_text:
                break
            if press == 0:
                tab.notes.append(f"slider '{label}' {before_text} -> {after_text}: "
                                 f"one step leaves the picture unchanged")
        if not slider.locator(".widget-label").first.inner_text().strip():
            problems.append(f"slider {k} has no description")
        if after_text == before_text:
            problems.append(f"slider '{label}': the readout stayed at {before_text}")
        elif after_picture == before_picture:
            problems.append(f"slider '{label}' ({before_text} -> {after_text}): "
                            f"the picture did not change")
    return tried, problems


def dropdown_problems(tab):
    """Keyboard: focus each dropdown, open it with Space, pick the next option
    with an arrow key and Enter; a picture changes. (A bare arrow key on a
    closed dropdown is taken by JupyterLab's command mode: it moves between cells.)"""
    problems, tried = [], 0
    for select in _visible(tab.panel.locator(".widget-dropdown select:not([disabled])")):
        tried += 1
        label = select.evaluate("s => s.closest('.widget-dropdown').innerText.split('\\n')[0]")
        before_value, before_picture = select.input_value(), tab.pictures(select)
        last = select.evaluate("s => s.selectedIndex === s.options.length - 1")
        select.focus()
        for key in ("Space", "ArrowUp" if last else "ArrowDown", "Enter"):
            tab.page.keyboard.press(key)
        if select.input_value() == before_value:
            problems.append(f"dropdown '{label}' did not move from the keyboard")
            continue
        tab.wait_kernel_idle()
        if tab.wait_for_change(lambda: tab.pictures(select), before_picture) == before_picture:
            problems.append(f"dropdown '{label}' ({select.input_value()}): "
                            f"the picture did not change")
    return tried, problems


def grid_problems(tab):
    """Click a cell of every drawable grid (buttons in a GridBox of 3x3 or
    more): the picture changes, and so do the votes where the widget shows them."""
    problems, tried = [], 0
    for grid in _visible(tab.panel.locator(".widget-gridbox")):
        cells = grid.locator("button")
        if cells.count() < 9:
            continue
        tried += 1
        before_words, before_picture = tab.words(grid), tab.pictures(grid)
        cells.nth(cells.count() // 2 - 1).click()
        tab.wait_kernel_idle()
        after_picture = tab.wait_for_change(lambda: tab.pictures(grid), before_picture)
        after_words = tab.words(grid)
        if after_picture == before_picture:
            problems.append("clicking a grid cell did not change the picture")
        if re.search(r"vote", before_words, re.I) and after_words == before_words:
            problems.append(f"clicking a grid cell did not change the votes: {after_words}")
    return tried, problems


def play_problems(tab):
    """Keyboard: focus Play and press Enter; a linked slider's position and
    the picture advance. Enter again pauses."""
    problems, tried = [], 0
    for k, play in enumerate(_visible(tab.panel.locator(".widget-play"))):
        tried += 1
        read = lambda: tab.words(play)   # readouts, and the status lines some widgets show
        before, before_picture = read(), tab.pictures(play)
        button = play.locator("button").first
        button.focus()
        tab.page.keyboard.press("Enter")
        after = tab.wait_for_change(read, before, timeout=10)
        after_picture = tab.wait_for_change(lambda: tab.pictures(play), before_picture, timeout=5)
        button.focus()
        tab.page.keyboard.press("Enter")        # pause: leave the page quiet
        tab.wait_kernel_idle()
        if after == before:
            problems.append(f"Play {k}: nothing moved (readouts and status: {before})")
        elif after_picture == before_picture:
            problems.append(f"Play {k}: the position moved but the picture did not")
    return tried, problems
