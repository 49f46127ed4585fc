"""The page the explorer tests and the move measurements share: one notebook
showing every explorer of 00-05, a bare round trip (an ipywidgets slider whose
value the kernel copies into a label) and a filtering explorer whose maths
fails at stride 3; and what both read off it (a timed key press, the voting
grid's cells and votes). Also what the other pages of explorers share: 06-08's
explorers and their kernel setup (KERNEL_SETUP), and saved drawings for 10's.

tests/browser/test_explorers.py checks what each control does;
tests/browser/measure_moves.py (run by `make bench`, not by `make test`)
times the moves. Which key moves a control, and putting it back, are the
browser checks' own (checks.next_key, checks.RESTORE_JS).
"""
from contextlib import contextmanager

import numpy as np
from lab_driver import ARTIFACTS
from notebook_tab import explorer, explorers_notebook

EXPLORERS = {
    "matching": "from cnnlib.widgets.matching import matching_explorer\nmatching_explorer(shift=1)",
    "filtering": "from cnnlib.widgets.filtering import filtering_explorer\nfiltering_explorer()",
    "pooling": "from cnnlib.widgets.pooling import pooling_explorer\npooling_explorer(position=3)",
    "relu": "from cnnlib.widgets.relu import relu_view\nrelu_view()",
    "stacking": "from cnnlib.widgets.stacking import stacking_explorer\nstacking_explorer()",
    "voting": "from cnnlib.widgets.voting import voting_explorer\nvoting_explorer()",
}
BARE = """import ipywidgets as w
bare = w.IntSlider(0, 0, 100, description="bare")
echo = w.Label("0")
bare.observe(lambda change: setattr(echo, "value", str(change["new"])), names="value")
w.VBox([bare, echo])"""
# A filtering explorer whose maths fails at stride 3: the error must reach the
# page (the red error line), and the stride slider go back to the last good value.
FRAGILE = """from cnnlib.widgets.filtering import FilteringExplorer
class Fragile(FilteringExplorer):
    def update(self, changed):
        if self.values["stride"] == 3:
            raise RuntimeError("the maths failed at stride 3")
        super().update(changed)
fragile = Fragile()
fragile.kind = "fragile"
fragile"""

# 06-08's explorers, as their notebooks make them, and what they need in the
# kernel (a trained network, a sound model, scramble results of the right shape).
KERNEL_SETUP = """\
import numpy as np
import cnnlib as c
from cnnlib.beyond import limits, sound
from cnnlib.widgets.adversarial import fgsm_explorer, sticker_explorer
from cnnlib.widgets.beyond import scramble_explorer, sound_explorer
from cnnlib.widgets.training import descent_explorer, training_explorer
data = c.load_dataset()
model = c.train_model(seed=0)
half = c.train_model(seed=0, epochs=1, learning_rate=0.05)
ear = c.train_model(0, data=sound.make_sound_dataset(np.random.default_rng(0), 40, 10),
                    epochs=10, batch_size=10, learning_rate=0.1)
results = {"fractions": np.array([0, 0.25, 0.5, 0.75, 1.0]), "order": limits.scramble_order(0),
           "pattern CNN": np.array([0.95, 0.8, 0.6, 0.7, 0.65]),
           "fully connected": np.array([0.99, 0.99, 0.98, 0.99, 0.99])}"""
KERNEL_EXPLORERS = {
    "descent": 'descent_explorer(half, data["train_images"], data["train_labels"], "fc1_w", '
               '(5, 1), start=half.params["fc1_w"][5, 1] + 2.5)',
    "training": "training_explorer(data, learning_rate=0.3)",
    "fgsm": "fgsm_explorer(model, data, epsilon=0.3)",
    "sticker": "sticker_explorer(model, data, row=4, col=4, size=3)",
    "sound": "sound_explorer(ear, start_hz=150, end_hz=500)",
    "scramble": 'scramble_explorer(results, c.load_grid("x"))',
}
MEASURE_JS = """([root, target]) => {
  const node = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) ' + root)[0];
  const watched = node.querySelector(target) || node;
  window.__move = new Promise((resolve) => {
    let t0 = null;
    document.addEventListener('keydown', () => { t0 = performance.now(); }, {capture: true, once: true});
    const seen = new MutationObserver(() => {
      if (t0 === null) return;
      seen.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
    });
    seen.observe(watched, {subtree: true, childList: true, characterData: true, attributes: true});
    setTimeout(() => { seen.disconnect(); resolve(null); }, 8000);
  });
}"""


@contextmanager
def explorers_tab(lab, lab_page, served_dir):
    """The notebook of every explorer, opened and run in JupyterLab."""
    cells = [BARE, *EXPLORERS.values(), FRAGILE]
    with explorers_notebook(lab, lab_page, served_dir, "explorers.ipynb", cells,
                            len(EXPLORERS) + 1, ARTIFACTS) as tab:
        yield tab


def drawings_setup(folder):
    """Kernel code that saves five sketches each of X and O in folder (the
    drawing explorer's, relative to the notebook)."""
    return ("from cnnlib.own_drawings import save_drawings, sketches\n"
            "save_drawings(sketches({n: c.load_grid(n) for n in ('x', 'o')}, 5, "
            f"np.random.default_rng(0)), {str(folder)!r})")


def later_explorers(folder):
    """09's and 10's explorers as their notebooks make them ({kind: cell code},
    the drawing explorer on the drawings in folder), and the kernel code they
    need first (their imports, drawings_setup(folder))."""
    setup = ("import numpy as np\nimport cnnlib as c\n"
             "from cnnlib.widgets.deep import deep_explorer\n"
             "from cnnlib.widgets.own_drawings import drawing_explorer\n") + drawings_setup(folder)
    return setup, {"deep": 'deep_explorer("two stages", 0)',
                   "drawings": f'drawing_explorer("{folder}", classes=("x", "o"))'}


def timed_press(tab, root, target, key):
    """Press key (on whatever has focus); ms until target under root changed and painted."""
    tab.page.evaluate(MEASURE_JS, [root, target])
    tab.page.keyboard.press(key)
    return tab.page.evaluate("() => window.__move")


def timed_press_bare(tab):
    """ArrowRight on the focused bare slider; ms until the kernel's echo is on screen."""
    tab.page.evaluate("""() => {
      const out = Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .widget-label'))
        .find((n) => /^\\d+$/.test(n.textContent));
      window.__move = new Promise((resolve) => {
        let t0 = null;
        document.addEventListener('keydown', () => { t0 = performance.now(); }, {capture: true, once: true});
        const seen = new MutationObserver(() => {
          if (t0 === null) return;
          seen.disconnect();
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
        });
        seen.observe(out, {subtree: true, childList: true, characterData: true});
        setTimeout(() => { seen.disconnect(); resolve(null); }, 8000);
      });
    }""")
    tab.page.keyboard.press("ArrowRight")
    return tab.page.evaluate("() => window.__move")


def filtering_at_every_position(tab):
    """The filtering explorer back at stride 1 and no padding (49 kernel
    positions), once its position slider has followed; returns its root."""
    root = explorer(tab, "filtering")
    for name in ("stride", "padding"):
        root.locator(f".cnn-control[data-name='{name}'] input").evaluate(
            "n => { n.value = n.min; n.dispatchEvent(new Event('input')); }")
    tab.page.wait_for_function("n => n.querySelector(\".cnn-control[data-name='position'] input\")"
                               ".max === '48'", arg=root.element_handle(), timeout=10000)
    return root


# The voting grid: ms from a click (pointerdown) until the votes drawn are
# the kernel's for the newest grid, and painted (two frames later).
VOTES_JS = """(root) => {
  if (window.__vote) return;
  const state = window.__vote = {down: null, done: null};
  root.addEventListener('pointerdown', () => { state.down = performance.now(); state.done = null; },
                        {capture: true});
  // after the explorer's own listener, in the same task as the click: the cell's colour now
  window.addEventListener('pointerdown', (e) => {
    const d = e.target.dataset || {};
    const cell = root.querySelector(`.cnn-panel[data-key='picture'] .cnn-cell[data-r='${d.r}'][data-c='${d.c}']`);
    state.fillAtDown = cell ? cell.getAttribute('fill') : null;
  });
  new MutationObserver(() => {
    if (state.down === null || state.done !== null || root.dataset.painting) return;
    state.done = 'painting';
    requestAnimationFrame(() => requestAnimationFrame(() => { state.done = performance.now() - state.down; }));
  }).observe(root, {attributes: true, attributeFilter: ['data-drawn']});
}"""


def voting_cells(tab):
    """The voting explorer scrolled into view; {(r, c): (x, y)} the centre of each cell to draw on."""
    root = explorer(tab, "voting")
    root.evaluate("n => n.scrollIntoView({block: 'start'})")
    root.evaluate(VOTES_JS)
    boxes = root.evaluate("""n => Array.from(n.querySelectorAll('.cnn-paint .cnn-cell')).map((c) => {
      const b = c.getBoundingClientRect();
      return [Number(c.dataset.r), Number(c.dataset.c), b.x + b.width / 2, b.y + b.height / 2]; })""")
    return root, {(r, c): (x, y) for r, c, x, y in boxes}


def votes_final_ms(tab, timeout=10):
    """Wait for the votes of the newest grid to be on screen; ms since the last click."""
    tab.page.wait_for_function("() => typeof window.__vote.done === 'number'", timeout=timeout * 1000)
    return tab.page.evaluate("() => window.__vote.done")


def drawn_votes(root):
    """(the 9x9 grid drawn on, the caption with the votes) as the page shows them."""
    cells = root.evaluate("n => Array.from(n.querySelectorAll(\".cnn-panel[data-key='picture'] "
                          ".cnn-num\")).map((t) => Number(t.textContent))")
    return np.reshape(cells, (9, 9)), " ".join(root.locator(".cnn-caption").inner_text().split())


def expected_caption(grid):
    from cnnlib.data import load_features
    from cnnlib.draw.voting import vote_text
    from cnnlib.voting import classify, vote_weights
    from cnnlib.widgets.voting import FEATURES
    features = load_features(FEATURES)
    poll = classify(grid, vote_weights(features), features)
    return " ".join(f"votes: {vote_text(poll.votes, poll.winner)}".split())
