"""One notebook open in JupyterLab: run it, and read what a student sees.

Everything is scoped to the visible notebook panel. The page is JupyterLab
started with expose_app_in_browser, so the notebook's model (outputs,
execution counts) can be read as well as its DOM.
"""
import re
import time
from contextlib import contextmanager
from pathlib import Path

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

# A widget that was not rendered shows its Python repr as plain text.
RAW_WIDGET = re.compile(
    r"^\s*(IntSlider|FloatSlider|IntRangeSlider|FloatRangeSlider|SelectionSlider|VBox|HBox|"
    r"Box|GridBox|Image|Play|Dropdown|Button|ToggleButtons?|Output|HTML|HTMLMath|Label|"
    r"Checkbox|Text|Textarea|IntText|FloatText|Tab|Accordion|Select|RadioButtons)"
    r"\((value=|children=|description=|options=|layout=|\))", re.M)

# The state of the run, read from the notebook model and the status bar.
RUN_STATE_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.content.model) return null;
  const cells = panel.content.model.cells;
  let code = 0, unexecuted = 0, errors = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    code += 1;
    if (cell.executionCount === null) unexecuted += 1;
    for (let j = 0; j < cell.outputs.length; j++) {
      const out = cell.outputs.get(j).toJSON();
      if (out.output_type === 'error') errors.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
    }
  }
  const status = Array.from(document.querySelectorAll('.jp-StatusBar-Item'))
      .map(e => e.textContent).join(' ');
  const running = Array.from(document.querySelectorAll(
      '%(panel)s .jp-InputPrompt')).filter(e => e.textContent.includes('*')).length;
  return {code, unexecuted, errors, running, idle: status.includes('| Idle')};
}""" % {"panel": PANEL}

# Per top-level output of every cell: is it a widget in the model, and what the DOM shows.
OUTPUTS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.model.cells;
  const nodes = Array.from(document.querySelectorAll('%(panel)s .jp-Cell'));
  const result = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    const outs = Array.from(nodes[i].querySelectorAll('.jp-OutputArea-output'))
        .filter(o => !o.parentElement.closest('.widget-output, .jupyter-widgets'));
    for (let j = 0; j < cell.outputs.length; j++) {
      const data = cell.outputs.get(j).toJSON().data || {};
      const node = outs[j];
      result.push({cell: i, widget: 'application/vnd.jupyter.widget-view+json' in data,
                   // an explorer's output: the widget and its static picture (and,
                   // when a static page can rebuild it, how)
                   explorer: 'application/vnd.cnnlib.explorer+json' in data ||
                     ('application/vnd.jupyter.widget-view+json' in data && 'image/png' in data),
                   rendered: !!(node && node.querySelector('.jupyter-widgets, .cnn-explorer')),
                   text: node ? node.innerText.slice(0, 300) : ''});
    }
  }
  return result;
}""" % {"panel": PANEL}

# The images inside widgets: loaded, and their size on screen against their own size.
IMAGES_JS = """() => Array.from(document.querySelectorAll('%(panel)s .jupyter-widgets img'))
  .map(img => ({complete: img.complete, natural: img.naturalWidth,
                shown: img.getBoundingClientRect().width, src: img.src.slice(0, 40)}))
""" % {"panel": PANEL}

# A fingerprint of every picture inside one output (the bytes, not the blob URL).
PICTURES_JS = """async (node) => {
  const out = node.closest('.jp-OutputArea-output') || node;
  const sums = [];
  for (const img of out.querySelectorAll('img')) {
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    let h = 0;
    for (let k = 0; k < bytes.length; k++) h = (h * 31 + bytes[k]) | 0;
    sums.push(`${bytes.length}:${h}`);
  }
  return sums.join(' ');
}"""

# What a widget says in words: readouts, labels and HTML (the votes, the sizes).
WORDS_JS = """(node) => {
  const out = node.closest('.jp-OutputArea-output') || node;
  return Array.from(out.querySelectorAll('.widget-readout, .widget-html, .widget-label, '
      + '.widget-html-content, .widget-label-basic')).map(e => e.innerText.trim()).join(' | ');
}"""


class NotebookTab:
    """A page of JupyterLab showing one notebook."""

    def __init__(self, page, name):
        self.page, self.name = page, name
        self.notes = []     # things worth telling the notebook's owner, not failures
        self.panel = page.locator(PANEL)

    # --- running -----------------------------------------------------------
    @staticmethod
    def load_lab(page, url, timeout=60):
        """Load JupyterLab itself in page (once: notebooks then open inside it)."""
        page.goto(url, timeout=timeout * 1000)
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell"
                               " && window.jupyterapp.commands.hasCommand('docmanager:open')",
                               timeout=timeout * 1000)
        page.locator(".jp-StatusBar-Item").first.wait_for(timeout=timeout * 1000)

    def open(self, path, timeout=60):
        """Open the notebook at path (relative to the server's root) in a new tab,
        with its kernel started and idle."""
        self.page.evaluate("(path) => window.jupyterapp.commands.execute("
                           "'docmanager:open', {path, factory: 'Notebook'}).then(() => true)", path)
        self.page.wait_for_function(
            "(path) => { const w = window.jupyterapp.shell.currentWidget;"
            " return w && w.context && w.context.path === path && w.context.isReady"
            " && w.content && w.content.model; }", arg=path, timeout=timeout * 1000)
        self.panel.locator(".jp-Cell").first.wait_for(timeout=timeout * 1000)
        # The toolbar says idle too early; the status bar's "| Idle" is reliable.
        self.page.locator(".jp-StatusBar-Item", has_text="| Idle").first.wait_for(
            timeout=timeout * 1000)
        self.page.evaluate("() => { const s = window.jupyterapp.shell;"
                           " if (!s.leftCollapsed) s.collapseLeft();"
                           " if (!s.rightCollapsed) s.collapseRight(); }")

    def close(self):
        """Close the notebook's tab without saving (the kernel is shut down by
        the server fixture). Returns False if the page no longer answers."""
        try:
            self.page.evaluate("async () => { const w = window.jupyterapp.shell.currentWidget;"
                               " if (w && w.context) { w.context.model.dirty = false;"
                               " await w.close(); } }")
            return True
        except Exception:
            return False

    def finish(self, lab):
        """Close the tab unsaved and shut the kernel down; reload JupyterLab
        if the page stopped answering, so the next notebook starts clean."""
        if not self.close():
            NotebookTab.load_lab(self.page, self.page.lab_url)
        lab.shut_down_kernels()

    def run_all(self, timeout=180):
        """Run > Run All Cells from the menu, then wait until every cell ran
        (or one failed) and the kernel has been idle for a moment."""
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        start = time.monotonic()
        self.wait_idle(timeout, started=lambda s: s["running"] or s["unexecuted"] < s["code"])
        return time.monotonic() - start

    def state(self):
        return self.page.evaluate(RUN_STATE_JS)

    def wait_idle(self, timeout=60, settle=0.5, started=None):
        """Wait for: the run has started (if asked), no cell running, every
        cell executed or an error shown, and the status bar idle for `settle` s."""
        deadline = time.monotonic() + timeout
        seen_start, quiet_since = started is None, None
        while time.monotonic() < deadline:
            s = self.state()
            if s and not seen_start and started(s):
                seen_start = True
            done = (s and seen_start and s["idle"] and not s["running"]
                    and (s["unexecuted"] == 0 or s["errors"]))
            if done:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= settle:
                    return s
            else:
                quiet_since = None
            time.sleep(0.15)
        raise TimeoutError(f"{self.name}: the kernel did not finish within {timeout} s "
                           f"(last state: {s})")

    def screenshot(self, path):
        """The whole notebook (the page made tall enough for every cell), for
        a failed test. Returns the path; never raises over the failure."""
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            size = self.page.viewport_size
            height = self.page.evaluate(
                "() => Math.max(...Array.from(document.querySelectorAll("
                "'%s .jp-WindowedPanel-outer, %s .jp-Notebook')).map(n => n.scrollHeight), 480)"
                % (PANEL, PANEL))
            self.page.set_viewport_size({"width": size["width"],
                                         "height": min(int(height) + 160, 12000)})
            self.page.screenshot(path=str(path))
            self.page.set_viewport_size(size)
        except Exception as error:   # the page may be gone: say so in a file
            path = path.with_suffix(".txt")
            path.write_text(f"no screenshot: {error!r}")
        return path

    # --- what the student sees -------------------------------------------
    def errors(self):
        return self.state()["errors"]

    def outputs(self):
        return self.page.evaluate(OUTPUTS_JS)

    def images(self):
        return self.page.evaluate(IMAGES_JS)

    def text(self):
        return self.panel.inner_text()

    def widget_outputs(self):
        """Locators of the top-level outputs that hold a rendered widget."""
        outs = self.panel.locator(".jp-OutputArea-output:has(> .jupyter-widgets),"
                                  ".jp-OutputArea-output:has(> .lm-Widget.jupyter-widgets)")
        return [outs.nth(k) for k in range(outs.count())
                if not outs.nth(k).evaluate("n => !!n.parentElement.closest('.widget-output')")]

    def pictures(self, locator):
        return locator.evaluate(PICTURES_JS)

    def words(self, locator):
        return locator.evaluate(WORDS_JS)

    def wait_for_change(self, read, before, timeout=10):
        """Poll read() until it differs from before; return the new value (or before)."""
        deadline = time.monotonic() + timeout
        now = read()
        while now == before and time.monotonic() < deadline:
            time.sleep(0.15)
            now = read()
        return now

    def wait_kernel_idle(self, timeout=30):
        """After a control moved: the kernel has taken the message and gone idle."""
        time.sleep(0.15)
        return self.wait_idle(timeout, settle=0.3)


@contextmanager
def running(lab, page, path, artifacts, timeout=180):
    """The notebook at path (relative to the server's root) opened in page
    (JupyterLab already loaded there) and run. Afterwards, pass or fail, its
    tab is closed unsaved and its kernel shut down; a screenshot is saved in
    artifacts if it could not be opened and run."""
    tab = NotebookTab(page, Path(path).stem)
    try:
        start = time.monotonic()
        tab.open(str(path))
        tab.open_seconds = time.monotonic() - start
        tab.run_seconds = tab.run_all(timeout=timeout)
    except Exception:
        tab.screenshot(Path(artifacts) / f"{tab.name}-open-and-run.png")
        tab.finish(lab)
        raise
    try:
        yield tab
    finally:
        tab.finish(lab)


@contextmanager
def explorers_notebook(lab, page, served_dir, name, cells, explorers, artifacts, timeout=180):
    """A notebook of cells (code as str, or nbformat cells) written as
    served_dir/name, opened and run in JupyterLab (running) until its
    `explorers` explorers show: the browser tests' pages of explorers."""
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) if isinstance(c, str) else c
                                         for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, Path(served_dir) / name)
    with running(lab, page, name, artifacts, timeout=timeout) as tab:
        tab.page.wait_for_function(
            f"() => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) "
            f".cnn-explorer').length === {explorers}", timeout=60000)
        yield tab


def explorer(tab, kind):
    """The explorer of that kind (its data-kind) in the tab's notebook."""
    return tab.panel.locator(f".cnn-explorer[data-kind='{kind}']")
