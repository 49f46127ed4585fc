"""What the browser tests check on an open, fully run notebook.

Each check returns (how many things it tried, the list of problems found),
so the tests assert `problems == []`, and the harness's own test can show
that every check does catch the fault it looks for.
"""
import re

from notebook_tab import PANEL, RAW_WIDGET, explorer

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


# --- The browser-drawn explorers (cnnlib.widgets.base.Explorer) ------------
# An explorer renders as .cnn-explorer: its controls (.cnn-control, data-name)
# are native range inputs, selects and buttons (.cnn-play, .cnn-button), its
# picture is SVG in .cnn-panels, a grid to draw on is .cnn-paint.

EXPLORER = ".cnn-explorer"
ACTIVE_CELL = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"


def explorers(tab):
    """Every explorer in the notebook, in page order."""
    return _all(tab.panel.locator(EXPLORER))


def explorer_name(root, k):
    return f"explorer {k} ({root.get_attribute('data-kind')})"


def _picture(root):
    return root.locator(".cnn-panels").inner_html()


def _settle(tab, root, before, timeout=5):
    """The explorer's picture after a move: changed (at once from the
    states near, or when the kernel answers), or unchanged once the kernel
    is idle again."""
    after = tab.wait_for_change(lambda: _picture(root), before, timeout=2)
    if after == before:
        tab.wait_kernel_idle()
        after = tab.wait_for_change(lambda: _picture(root), before, timeout=timeout)
    return after


def explorer_inventory(tab):
    """How many explorers and controls of each kind the notebook shows, and
    the problems: an explorer output of the run notebook (its model) that
    is not an explorer in the page, an explorer without SVG or controls."""
    outputs = tab.outputs()
    expected = sum(o["explorer"] for o in outputs)
    roots = explorers(tab)
    problems = []
    if len(roots) != expected:
        problems.append(f"{expected} explorer outputs in the notebook, {len(roots)} explorers "
                        f"on the page")
    counts = {"explorer": len(roots), "slider": 0, "dropdown": 0, "play": 0, "button": 0,
              "grid": 0}
    for k, root in enumerate(roots):
        kinds = {"slider": root.locator("input[type=range]").count(),
                 "dropdown": root.locator("select").count(),
                 "play": root.locator(".cnn-play").count(),
                 "button": root.locator(".cnn-button").count(),
                 "grid": root.locator(".cnn-paint").count()}
        for kind, n in kinds.items():
            counts[kind] += n
        if root.locator(".cnn-panels svg").count() == 0:
            problems.append(f"{explorer_name(root, k)}: no SVG picture")
        if root.locator(".cnn-panels img, .cnn-panels canvas").count():
            problems.append(f"{explorer_name(root, k)}: a bitmap in its picture")
        if not any(kinds.values()):
            problems.append(f"{explorer_name(root, k)}: no control to try")
        if root.locator(".cnn-control").count() != kinds["slider"] + kinds["dropdown"] + \
                kinds["play"] + kinds["button"]:
            problems.append(f"{explorer_name(root, k)}: a control of an unknown kind")
    return counts, problems


def explorer_readability_problems(tab, folder):
    """Screenshot every explorer at projector size into folder; its picture
    fits the notebook's width, no line of text drawn in it is cut off at its
    edge, and its cell numbers are at least 12 device pixels (the measured heights go to tab.notes)."""
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    for k, root in enumerate(explorers(tab)):
        geometry = root.evaluate("""n => {
          const out = n.closest('.jp-OutputArea-output') || n.parentElement;
          const sizes = Array.from(n.querySelectorAll('.cnn-panels .cnn-num')).map((t) => {
            const svg = t.ownerSVGElement, scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return Number(t.getAttribute('font-size')) * scale * devicePixelRatio; });
          const cut = Array.from(n.querySelectorAll('.cnn-panels svg .cnn-line'))
            .filter((t) => t.getComputedTextLength() > t.ownerSVGElement.viewBox.baseVal.width)
            .map((t) => t.textContent);
          return {wide: out.scrollWidth > out.clientWidth + 2, width: out.scrollWidth, cut,
                  room: out.clientWidth, height: n.getBoundingClientRect().height,
                  smallest: sizes.length ? Math.min(...sizes) : null}; }""")
        name = explorer_name(root, k)
        if geometry["wide"]:
            problems.append(f"{name}: wider than the notebook ({geometry['width']} > "
                            f"{geometry['room']} px)")
        if geometry["cut"]:
            problems.append(f"{name}: text cut off at its picture's edge: {geometry['cut']}")
        if geometry["smallest"] is not None and geometry["smallest"] < 12:
            problems.append(f"{name}: numbers {geometry['smallest']:.1f} device px tall (< 12)")
        if geometry["height"] > 480:
            tab.notes.append(f"{name}: {geometry['height']:.0f} px tall, more than one "
                             f"projector screen (480 px at 150% zoom)")
        root.scroll_into_view_if_needed()
        root.screenshot(path=str(folder / f"{tab.name}-explorer-{k}.png"))
    return len(explorers(tab)), problems


def explorer_control_problems(tab):
    """Keyboard, for every slider and dropdown of every explorer: an arrow
    key changes its value (a slider's readout), the picture follows, and
    the key stays in the explorer's cell. Up to three presses: one step may
    look the same; a dropdown with a single choice is counted but not pressed.
    Returns ({"slider": tried, "dropdown": tried}, problems)."""
    problems, tried = [], {"slider": 0, "dropdown": 0}
    for k, root in enumerate(explorers(tab)):
        for kind, selector in (("slider", "input[type=range]"), ("dropdown", "select")):
            for node in _all(root.locator(selector)):
                tried[kind] += 1
                label = f"{explorer_name(root, k)}: {kind} '" + node.evaluate(
                    "n => n.closest('.cnn-control').dataset.name") + "'"
                if node.evaluate("n => n.tagName === 'SELECT' && n.options.length < 2"):
                    continue      # one choice (no saved drawing yet): nothing to move to
                start = node.evaluate("n => n.tagName === 'SELECT' ? n.selectedIndex : n.value")
                problems += _press_until_changed(tab, root, node, label)
                # back where it started: each control is tried from the explorer's
                # first view (a pooling window that fits exactly has no edges to drop)
                before = _picture(root)
                node.evaluate(RESTORE_JS, start)
                _settle(tab, root, before, timeout=3)
    return tried, problems


RESTORE_JS = """(n, value) => {
  if (n.tagName === 'SELECT') { n.selectedIndex = value; n.dispatchEvent(new Event('change')); }
  else { n.value = value; n.dispatchEvent(new Event('input')); }
}"""


AT_END = ("n => n.tagName === 'SELECT' ? n.selectedIndex === n.options.length - 1"
          " : Number(n.value) >= Number(n.max)")


def next_key(node):
    """The arrow key that moves a slider or a dropdown one step: onwards, or
    back from its last position."""
    at_end = node.evaluate(AT_END)
    if node.evaluate("n => n.tagName === 'SELECT'"):
        return "ArrowUp" if at_end else "ArrowDown"
    return "ArrowLeft" if at_end else "ArrowRight"


def _press_until_changed(tab, root, node, label):
    value = "n => n.tagName === 'SELECT' ? n.selectedIndex : Number(n.value)"
    for press in range(3):
        key = next_key(node)
        before, before_value = _picture(root), node.evaluate(value)
        node.focus()
        cell = tab.page.evaluate(ACTIVE_CELL)
        tab.page.keyboard.press(key)
        if tab.page.evaluate(ACTIVE_CELL) != cell:
            return [f"{label}: {key} moved JupyterLab to another cell"]
        if node.evaluate(value) == before_value:
            return [f"{label}: {key} did not change its value"]
        if _settle(tab, root, before) != before:
            return []
    return [f"{label}: three presses left the picture unchanged"]


def explorer_play_problems(tab):
    """Every Play button: Enter starts it (a slider of its explorer moves
    and the picture follows), Enter again pauses it where it is."""
    problems, tried = [], 0
    positions = "n => Array.from(n.querySelectorAll('input[type=range]')).map((i) => i.value).join(',')"
    for k, root in enumerate(explorers(tab)):
        for button in _all(root.locator(".cnn-play")):
            tried += 1
            name = explorer_name(root, k)
            before, before_picture = root.evaluate(positions), _picture(root)
            button.focus()
            tab.page.keyboard.press("Enter")
            moved = tab.wait_for_change(lambda: root.evaluate(positions), before, timeout=10)
            picture = tab.wait_for_change(lambda: _picture(root), before_picture, timeout=5)
            if "Pause" in button.inner_text():     # still playing (not at the end already)
                button.focus()
                tab.page.keyboard.press("Enter")
            paused = root.evaluate(positions)
            tab.page.wait_for_timeout(1000)
            tab.wait_kernel_idle()
            if moved == before:
                problems.append(f"{name}: Play moved no slider")
            elif picture == before_picture:
                problems.append(f"{name}: Play moved a slider but not the picture")
            if root.evaluate(positions) != paused:
                problems.append(f"{name}: Play went on after it was paused")
    return tried, problems


def explorer_button_problems(tab):
    """Every button answers: it changes the picture, or says in the red
    error line why it cannot act yet (train with a class not drawn).
    Pressed (Enter) from where the explorer is, with a cell drawn first on
    a grid to draw on (as a student would before save or clear), or, if
    that changes nothing (a load of what is shown, a reset at the start, a
    shift of a blank picture), once the next of its buttons that does
    change it has moved it elsewhere."""
    problems, tried = [], 0
    for k, root in enumerate(explorers(tab)):
        buttons = _all(root.locator(".cnn-button"))
        grid = root.locator(".cnn-paint")
        for j, button in enumerate(buttons):
            tried += 1
            label = f"{explorer_name(root, k)}: button '{button.inner_text()}'"
            if grid.count():
                grid.first.locator(".cnn-cell[data-r='4'][data-c='4']").click()
                tab.wait_kernel_idle()
            changed = _press_button(tab, root, button)
            others = buttons[j + 1:] + buttons[:j]
            while not changed and others:
                if _press_button(tab, root, others.pop(0)):
                    changed = _press_button(tab, root, button)
            if not changed:
                problems.append(f"{label} did not change the picture")
    return tried, problems


def _press_button(tab, root, button):
    before, said = _picture(root), root.locator(".cnn-error").inner_text()
    button.focus()
    tab.page.keyboard.press("Enter")
    if _settle(tab, root, before) != before:
        return True
    now = root.locator(".cnn-error").inner_text()
    return now != said and now != ""


def explorer_grid_problems(tab):
    """Every grid to draw on: a click flips the cell at once (before the
    kernel answers), then the votes (the caption) follow."""
    problems, tried = [], 0
    for k, root in enumerate(explorers(tab)):
        for grid in _all(root.locator(".cnn-paint")):
            tried += 1
            name = explorer_name(root, k)
            # a pixel far from the strokes may move a vote by less than its
            # last digit: up to three cells, the votes must change
            for r, c in ((4, 3), (4, 4), (2, 2)):
                cell = grid.locator(f".cnn-cell[data-r='{r}'][data-c='{c}']")
                before_fill, before = cell.get_attribute("fill"), root.locator(".cnn-caption").inner_text()
                cell.click()
                flipped = grid.locator(f".cnn-cell[data-r='{r}'][data-c='{c}']").get_attribute("fill")
                if flipped == before_fill:
                    problems.append(f"{name}: the clicked cell ({r}, {c}) did not flip")
                    break
                tab.wait_kernel_idle()
                after = tab.wait_for_change(lambda: root.locator(".cnn-caption").inner_text(),
                                            before, timeout=3)
                if after != before or not re.search(r"vote", before, re.I):
                    break
            else:
                problems.append(f"{name}: clicking three cells did not change the votes: {after}")
    return tried, problems


def explorer_output_problems(tab):
    """In a run notebook, each explorer output shows the live explorer alone:
    not also its static picture, not its text line."""
    problems = []
    outputs = tab.page.evaluate("""() => {
      const panel = window.jupyterapp.shell.currentWidget, cells = panel.content.model.cells;
      const nodes = Array.from(document.querySelectorAll('%s .jp-Cell')), found = [];
      for (let i = 0; i < cells.length; i++) {
        const cell = cells.get(i);
        if (cell.type !== 'code') continue;
        const outs = Array.from(nodes[i].querySelectorAll('.jp-OutputArea-output'));
        for (let j = 0; j < cell.outputs.length; j++) {
          const data = cell.outputs.get(j).toJSON().data || {};
          if (!('application/vnd.cnnlib.explorer+json' in data || ('application/vnd.jupyter.widget-view+json' in data && 'image/png' in data))) continue;
          const node = outs[j];
          found.push({cell: i, live: node ? node.querySelectorAll('.cnn-explorer').length : 0,
                      img: node ? node.querySelectorAll('img').length : 0,
                      text: node ? node.innerText.slice(0, 60) : ''});
        }
      }
      return found; }""" % PANEL)
    for out in outputs:
        if out["live"] != 1:
            problems.append(f"cell {out['cell']}: {out['live']} live explorers in its output")
        if out["img"]:
            problems.append(f"cell {out['cell']}: the static picture shows beside the live explorer")
        if out["text"].startswith("<"):
            problems.append(f"cell {out['cell']}: its text line shows: {out['text']!r}")
    return len(outputs), problems


def renders_as_svg(tab, kinds):
    """Every explorer of those kinds drew its panels as SVG (no <img> or
    canvas), and the page shows no error and no raw widget text."""
    assert tab.errors() == []
    text = tab.text()
    assert "Error displaying widget" not in text and "children=" not in text
    for kind in kinds:
        root = explorer(tab, kind)
        assert root.locator(".cnn-panels svg").count() > 0, kind
        assert root.locator(".cnn-panels img, .cnn-panels canvas").count() == 0, kind
