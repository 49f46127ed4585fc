"""Every explorer (all 14) from the back row of a lecture hall: JupyterLab at
projector size (1280x720 at 150% zoom: 853x480 CSS px, sidebars collapsed),
in headless Chromium.

For each explorer it measures
- the smallest text, in CSS px: an SVG text's font size times its SVG's
  scale on screen (getScreenCTM), an HTML text's computed size; at least 12;
- clipping: no SVG text reaches outside its picture, no cell's number
  outside its cell;
- fit: the explorer fits the notebook's visible area, or it says what to
  scroll to (its .cnn-more line) and its controls and main picture fit;
- reflow at 200% zoom on a 1280-px window (640 CSS px wide): nothing wider
  than the notebook's output area.
And motion: with prefers-reduced-motion nothing moves by itself and Play
still plays when pressed; Play shows a drawn symbol with an accessible name.
Screenshots of every explorer: test-artifacts/projector-fit/ (look at them).
"""
import pytest
from explorer_page import EXPLORERS as LECTURE
from explorer_page import KERNEL_EXPLORERS, KERNEL_SETUP, later_explorers
from lab_driver import ARTIFACTS
from notebook_tab import explorer, explorers_notebook

pytestmark = pytest.mark.browser

MIN_TEXT = 12          # CSS px
FOLDER = "projector_drawings"
# The notebooks' own calls (00-11), one explorer a cell, after what 06-10's need.
LATER_SETUP, LATER = later_explorers(FOLDER)
SETUP = KERNEL_SETUP + "\n" + LATER_SETUP
EXPLORERS = {**LECTURE, **KERNEL_EXPLORERS, **LATER}

MEASURE_JS = """(root) => {
  const shown = (n) => { const r = n.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const texts = [], clipped = [];
  for (const t of root.querySelectorAll('svg text')) {
    if (!t.textContent.trim() || !shown(t)) continue;
    const svg = t.ownerSVGElement, scale = svg.getScreenCTM().a;
    texts.push([parseFloat(getComputedStyle(t).fontSize) * scale, t.textContent.trim()]);
    const b = t.getBBox(), v = svg.viewBox.baseVal;
    if (b.x < v.x - 0.5 || b.y < v.y - 0.5 || b.x + b.width > v.x + v.width + 0.5 ||
        b.y + b.height > v.y + v.height + 0.5) clipped.push(`${t.textContent} outside its picture`);
    const cell = t.classList.contains('cnn-num') && t.previousElementSibling;
    if (cell && cell.classList.contains('cnn-cell') || cell && cell.tagName === 'rect' &&
        cell.getAttribute('width') === cell.getAttribute('height')) {
      const w = Number(cell.getAttribute('width'));
      if (b.width > w + 0.5) clipped.push(`${t.textContent} wider than its cell (${b.width.toFixed(1)} > ${w})`);
    }
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement;
    if (!n.textContent.trim() || p.closest('svg, style') || !shown(p)) continue;
    texts.push([parseFloat(getComputedStyle(p).fontSize), n.textContent.trim().slice(0, 30)]);
  }
  for (const c of root.querySelectorAll('input, select, button')) {
    if (shown(c) && c.type !== 'range') texts.push([parseFloat(getComputedStyle(c).fontSize), c.tagName]);
  }
  texts.sort((a, b) => a[0] - b[0]);
  // the notebook's visible area: the panel's scroller
  let area = root.parentElement;
  while (area && !(['auto', 'scroll'].includes(getComputedStyle(area).overflowY) &&
                   area.scrollHeight > area.clientHeight + 1)) area = area.parentElement;
  const top = root.getBoundingClientRect().top;
  const main = root.querySelector('.cnn-panel[data-main]') || root.querySelector('.cnn-panel');
  const more = root.querySelector('.cnn-more');
  return {smallest: texts[0], clipped, area: area ? area.clientHeight : innerHeight, width: root.clientWidth,
          height: root.getBoundingClientRect().height,
          watched: Math.max(main.getBoundingClientRect().bottom,
                            root.querySelector('.cnn-controls').getBoundingClientRect().bottom) - top,
          more: more && shown(more) ? more.textContent : ''};
}"""

WIDE_JS = """(root) => {
  const out = root.closest('.jp-OutputArea-output') || root.parentElement;
  const right = out.getBoundingClientRect().right;
  const wide = Array.from(root.querySelectorAll('*')).filter((e) => e.getBoundingClientRect().right > right + 1)
    .slice(0, 3).map((e) => `${e.tagName}.${e.getAttribute('class') || ''} ${Math.round(e.getBoundingClientRect().width)}px`);
  return [out.scrollWidth, out.clientWidth, root.scrollWidth, root.clientWidth, wide.join('; ')];
}"""


@pytest.fixture(scope="module")
def tab(lab, lab_page, served_dir):
    with explorers_notebook(lab, lab_page, served_dir, "projector.ipynb",
                            [SETUP, *EXPLORERS.values()], len(EXPLORERS), ARTIFACTS,
                            timeout=300) as tab:
        yield tab


def test_every_explorer_reads_from_the_back_row(tab):
    """Smallest text, clipping and fit of each of the 14, at 853x480."""
    folder = ARTIFACTS / "projector-fit"
    folder.mkdir(parents=True, exist_ok=True)
    problems, sizes = [], {}
    for kind in EXPLORERS:
        root = explorer(tab, kind)
        root.evaluate("n => n.scrollIntoView({block: 'start'})")
        tab.page.wait_for_timeout(150)
        m = root.evaluate(MEASURE_JS)
        sizes[kind] = (round(m["smallest"][0], 1), round(m["height"]), m["area"], m["width"])
        root.screenshot(path=str(folder / f"{kind}.png"))
        if m["smallest"][0] < MIN_TEXT - 0.05:
            problems.append(f"{kind}: text {m['smallest'][0]:.1f} CSS px ({m['smallest'][1]!r})")
        problems += [f"{kind}: {c}" for c in m["clipped"][:3]]
        if m["height"] > m["area"] + 1:
            if not m["more"]:
                problems.append(f"{kind}: {m['height']:.0f} px tall in a {m['area']} px area, "
                                f"and no line says what to scroll to")
            if m["watched"] > m["area"] + 1:
                problems.append(f"{kind}: controls and main picture {m['watched']:.0f} px, "
                                f"more than the {m['area']} px area")
    print("smallest CSS px, height, area, width:", sizes)
    assert len(sizes) == 14
    assert problems == [], "\n".join(problems)


def test_explorers_reflow_at_200_percent_zoom(tab):
    """A 1280-px window at 200%: 640 CSS px wide; no explorer scrolls sideways."""
    size = tab.page.viewport_size
    problems = []
    try:
        tab.page.set_viewport_size({"width": 640, "height": 360})
        tab.page.wait_for_timeout(800)
        for kind in EXPLORERS:
            out, room, inner, inner_room, wide = explorer(tab, kind).evaluate(WIDE_JS)
            if out > room + 1 or inner > inner_room + 1:
                problems.append(f"{kind}: {max(out, inner)} px wide in {room} px ({wide})")
    finally:
        tab.page.set_viewport_size(size)
    assert problems == []


def test_play_is_a_drawn_symbol_with_a_name(tab):
    buttons = tab.panel.locator(".cnn-play")
    assert buttons.count() >= 4
    for k in range(buttons.count()):
        b = buttons.nth(k)
        assert b.get_attribute("aria-label")
        assert b.locator("svg path").count() == 1
        assert not any(ch in b.inner_text() for ch in "▶❚⏸⏵")


def test_reduced_motion_nothing_moves_by_itself_and_play_still_works(tab):
    page = tab.page
    page.emulate_media(reduced_motion="reduce")
    try:
        root = explorer(tab, "filtering")
        root.evaluate("n => n.scrollIntoView({block: 'start'})")
        slider = root.locator(".cnn-control[data-name='position'] input")
        start = slider.input_value()
        moving = root.evaluate("""n => Array.from(n.querySelectorAll('*')).filter((e) => {
          const s = getComputedStyle(e);
          return parseFloat(s.transitionDuration) > 0 || s.animationName !== 'none'; }).length""")
        assert moving == 0
        page.wait_for_timeout(1200)
        assert slider.input_value() == start             # no autoplay
        root.locator(".cnn-play").click()
        page.wait_for_function("([n, v]) => n.value !== v",
                               arg=[slider.element_handle(), start], timeout=5000)
        root.locator(".cnn-play").click()                  # pause: it stays
        stopped = slider.input_value()
        page.wait_for_timeout(1200)
        assert slider.input_value() == stopped
    finally:
        page.emulate_media(reduced_motion="no-preference")


FOCUS_JS = """(root) => {
  const a = document.activeElement;
  if (!root.contains(a)) return null;
  const s = getComputedStyle(a);
  const rgb = s.outlineColor.match(/[\\d.]+/g).slice(0, 3).map(Number);
  return {what: a.tagName + (a.getAttribute('aria-label') ? ' ' + a.getAttribute('aria-label') : ''),
          visible: a.matches(':focus-visible'), style: s.outlineStyle,
          width: parseFloat(s.outlineWidth), rgb};
}"""


def contrast_with_white(rgb):
    """WCAG 2.1's contrast ratio of an sRGB colour (0-255) against white."""
    lin = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
           for c in rgb]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return 1.05 / (lum + 0.05)


def test_every_keyboard_stop_shows_a_focus_ring_of_3_to_1(tab):
    """Tab through each explorer's controls and paintable grids: each stop
    shows an outline at least 2 px wide whose colour contrasts 3:1 or more
    with the white notebook (WCAG 2.1 1.4.11 and 2.4.7). Amber (#ffb000) on
    white, the ring before, is 1.9:1."""
    problems, stops = [], 0
    for kind in EXPLORERS:
        root = explorer(tab, kind)
        root.evaluate("n => n.scrollIntoView({block: 'start'})")
        first = root.locator("input, select, button, [tabindex='0']").first
        first.focus()
        tab.page.keyboard.press("Shift+Tab")
        for _ in range(12):
            tab.page.keyboard.press("Tab")
            ring = root.evaluate(FOCUS_JS)
            if ring is None:
                break
            stops += 1
            if not ring["visible"] or ring["style"] == "none" or ring["width"] < 2:
                problems.append(f"{kind}: {ring['what']} shows no focus ring ({ring})")
            elif contrast_with_white(ring["rgb"]) < 3:
                problems.append(f"{kind}: {ring['what']} ring {ring['rgb']} is "
                                f"{contrast_with_white(ring['rgb']):.1f}:1 on white")
    assert contrast_with_white((255, 176, 0)) < 3 < contrast_with_white((17, 17, 17))
    assert stops >= len(EXPLORERS)
    assert problems == [], "\n".join(problems)
