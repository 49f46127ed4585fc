"""Every number the prose quotes is one the notebook produces, and the
answers to its questions stay folded away after Run All.

1. Quoted numbers. Each markdown cell (reveals and summaries included) is
   scanned for the numbers it states: decimals (.77, 0.55, 1.00),
   percentages (74%) and whole numbers from 10 up (67 of 81). Each must come
   out of the notebook: in its outputs (stream, text/plain, text/html) or in
   the code that produced them (comments aside). A decimal matches an output
   number that rounds or truncates to it; a percentage matches n% or the
   fraction n/100. Not scanned, because they are not results: dimensions
   (9×9), LaTeX, code spans and blocks, links, "notebook 06", and numbers
   under 10 written alone. What is left over goes in a short per-notebook
   allowlist (ALLOWED), each entry with its reason.
2. Answers stay hidden. A code cell that uses reveal(...) shows only folded
   <details> blocks, nothing printed beside them. And the answer a
   "Predict, then reveal" cell folds away in its own <details> is not printed
   in plain sight by the code cells that follow it before the next markdown
   cell: those numbers may appear there only inside a <details> block.
3. No spoilers anywhere on the way (spoiler_findings), for every question
   whose answer is folded ("Reveal ..." folds; hints and exercise solutions
   are not answers):
   - nothing is discussed right below a fold: the next text or printed
     output in plain sight starts a new section (a heading) or is a new
     question (the discussion belongs inside the fold, or after a second
     question);
   - the answer's numbers and key words are not in plain sight from the
     question until a second question has been asked and answered: not in
     markdown, in printed outputs, in the next question's own text, nor in
     an explorer's titles (rebuilt from the output's EXPORT_MIME);
   - no heading and no "What you will learn" bullet above the question
     states them;
   - a reveal is not buried: no more than a few outputs above it in its
     cell, and no progress bar for each step of its cell's work (live, each
     bar is an output above the fold, and a wall of them hides it behind
     "Show more outputs").
   Key words are a one-word answer ("Falling.", "Fewer: only 12.") and
   those named in KEY_WORDS for answers stated in words.
"""
import ast
import importlib
import inspect
import io
import json
import re
import tokenize
from fractions import Fraction

import pytest

import notebooks as tool

PATHS = tool.series()

# Numbers the prose may quote without the notebook printing them, per notebook.
ALLOWED = {
    "00_why_convolution": {},
    "01_filtering": {
        "180": "a half turn, the angle of the flip that defines convolution",
        "24": "the reveal's hand arithmetic (28 - 5) // 1 + 1, which output_size gives "
              "(tests/test_filtering.py)",
    },
    "02_pooling": {},
    "03_relu": {},
    "04_stacking": {},
    "05_voting": {
        "1.5": "the exercise's hand arithmetic (weighted sum), checked by check_vote",
        "2.5": "the exercise's hand arithmetic (sum of the weights), checked by check_vote",
    },
    "06_training": {
        "50": "50/50: a coin toss, the guess the loss of log 2 stands for",
        "2.0758": "the exercise's hand arithmetic from the printed 2.8113 and 0.1471 "
                  "(check_descent_step accepts it: tests/test_descent.py)",
        "2.08": "the same, rounded to two decimals (accepted: tests/test_descent.py)",
        "25": "a setting the explorer offers (training images), not a result",
        "0.03": "a setting the explorer offers (learning rate), not a result",
    },
    "07_adversarial": {
        "81": "the pixels of a 9×9 picture",
        "400": "the training set's size, printed in notebook 06",
        "2013": "the year adversarial examples were published (Szegedy et al.)",
        "2017": "the year of universal perturbations, adversarial patches and one-pixel attacks",
        "2018": "the year of PGD (Madry et al.) and of the stop-sign stickers (Eykholt et al.)",
        "1%": "the panda example's change per pixel (Goodfellow et al., epsilon 0.007)",
    },
    "08_beyond_images": {
        "20": "the (10, 2) feature's 20 cells, the divisor of the worked sum",
        "2012": "a date from the lecture (ImageNet)",
        "2016": "a date from the lecture (deep learning for text)",
        "2018": "a date from the lecture (BERT)",
        "2013": "the year word2vec was published",
    },
    "11_real_data": {
        "2022": "the year of the cited benchmark (Grinsztajn, Oyallon and Varoquaux, NeurIPS)",
    },
}
# Notebooks still being brought up to these checks: their failures are expected
# (xfail) until their owner fixes them and takes them off this list.
PENDING = set()
# The same, for the spoiler checks only (spoiler_findings).
PENDING_SPOILERS = set()

# Answers stated in words, by notebook: {the start of the question: [key words]}.
# The checks find each question (a stale entry fails) and look for the key
# words wherever the answer must not show yet.
KEY_WORDS = {
    "03_relu": {"Take one 2×2 window": ["commute", "either order", "same both ways"]},
    "08_beyond_images": {"Which of the three will mind the scrambling":
                         ["loses much of its accuracy", "do not notice", "barely minds"]},
}
EXPORT_MIME = "application/vnd.cnnlib.explorer+json"

MINUS = "\u2212"
NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?|\.\d+)(?:\.\.\.)?(\s*%)?(?![\w])")
SKIP_MARKDOWN = [
    re.compile(r"```.*?```", re.S),                # code blocks
    re.compile(r"`[^`]*`"),                       # code spans
    re.compile(r"\$\$.*?\$\$", re.S),              # display maths
    re.compile(r"\$[^$]*\$"),                     # inline maths
    re.compile(r"\]\([^)]*\)"),                   # link targets
    re.compile(r"<[^>]+>"),                       # html tags
    re.compile(r"\d+(?:\s*[×x]\s*\d+)+"),          # dimensions: 9×9, 3×3×3
    re.compile(r"\b(?:notebooks?|step|steps|stage|stages|layer|exercise)\s+\d+(?:\s*(?:and|,|–|-|to)\s*\d+)*", re.I),
    re.compile(r"\(\d+(?:,\s*\d+)+\)"),            # shapes and positions: (3, 7, 7)
]


class Quoted:
    """A number as the prose writes it: its value, its decimals, a percentage?"""

    def __init__(self, text, percent):
        self.text, self.percent = text.strip(), bool(percent)
        self.value = Fraction(self.text)
        self.decimals = len(self.text.split(".")[1]) if "." in self.text else 0

    def __repr__(self):
        return self.text + ("%" if self.percent else "")

    def found_in(self, produced):
        targets = [self.value] + ([self.value / 100] if self.percent else [])
        for target in targets:
            places = self.decimals + (2 if target is not self.value else 0)
            for value in produced:
                if value == target or (places and agrees(value, target, places)):
                    return True
        return False


def agrees(value, target, places):
    """value, rounded or truncated to `places` decimals, is target."""
    scale = 10 ** places
    return target * scale in (round(value * scale), int(value * scale))


def quoted_numbers(markdown):
    """The numbers a markdown cell states as results (see the module docstring).
    A question ("**Predict, then reveal.** ... <details>") states no result:
    its choices ("about 40?") are skipped; its <details> answer is not."""
    text = markdown.replace(MINUS, "-")
    text = re.sub(r"\*\*Predict, then reveal\.\*\*.*?(?=<details>|$)", " ", text, flags=re.S)
    for pattern in SKIP_MARKDOWN:
        text = pattern.sub(" ", text)
    found = []
    for match in NUMBER.finditer(text):
        q = Quoted(match.group(1), match.group(2))
        if q.decimals or q.percent or q.value >= 10:
            found.append(q)
    return found


def numbers_in(text):
    """Every number in a piece of output or code, as an absolute value."""
    text = re.sub(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+", " ", text)
    return {abs(Fraction(m)) for m in re.findall(r"\d+\.\d*|\.\d+|\d+", text)}


def output_text(output, folded=True):
    """An output's text; folded=False leaves out what sits inside <details>."""
    parts = [output.get("text", "")] if output["output_type"] == "stream" else []
    data = output.get("data", {})
    if "text/html" in data:
        # an <img>'s base64 PNG is not text: digits inside it ('mj180w') are no numbers
        page = re.sub(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=\s\\]*", "data:", "".join(data["text/html"]))
        parts.append(page if folded else re.sub(r"<details.*?</details>", " ", page, flags=re.S))
    elif "text/plain" in data:
        parts.append(data["text/plain"])
    if folded and "text/html" in data and "text/plain" in data:
        parts.append("".join(data["text/plain"]))
    return "\n".join("".join(p) for p in parts)


def code_without_comments(source):
    try:
        tokens = [t.string for t in tokenize.generate_tokens(io.StringIO(source).readline)
                  if t.type != tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError):
        return source
    return " ".join(tokens)


def load(path):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"])
        for out in cell.get("outputs", []):
            if "text" in out:
                out["text"] = "".join(out["text"])
            for key, value in out.get("data", {}).items():
                if isinstance(value, list):
                    out["data"][key] = "".join(value)
    return nb


def produced_numbers(nb):
    produced = set()
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            produced |= numbers_in(code_without_comments(cell["source"]))
            for out in cell["outputs"]:
                produced |= numbers_in(output_text(out))
    return produced


def unproduced(nb, allowed=()):
    """[(cell index, quoted number)] for numbers the prose states that the
    notebook does not produce and the allowlist does not name."""
    produced = produced_numbers(nb)
    missing = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown" or tool.NAV_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        for q in quoted_numbers(cell["source"]):
            if repr(q) not in set(allowed) and not q.found_in(produced):
                missing.append((i, repr(q)))
    return missing


def spoiled_answers(nb, allowed=()):
    allowed = set(allowed)
    """[(cell index, number)] where a "Predict, then reveal" cell's folded
    answer is printed in plain sight by the code cells right after it."""
    spoiled = []
    cells = nb["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "markdown" or "predict" not in cell["source"].lower():
            continue
        asked = re.sub(r"<details>.*?</details>", " ", cell["source"], flags=re.S)
        asked = asked.replace(MINUS, "-")
        given = {repr(Quoted(*m)) for m in NUMBER.findall(asked)}   # numbers the question states
        answers = [q for block in re.findall(r"<details>(.*?)</details>", cell["source"], re.S)
                   for q in quoted_numbers(block) if repr(q) not in allowed | given]
        for later in cells[i + 1:]:
            if later["cell_type"] == "markdown":
                break
            shown = set()
            for out in later["outputs"]:
                shown |= numbers_in(output_text(out, folded=False))
            spoiled += [(i, repr(q)) for q in answers if q.found_in(shown)]
    return spoiled


# --- Spoilers: what the reader sees after Run All, piece by piece -------------

QUESTION = "**Predict, then reveal.**"
FOLD = re.compile(r"<details[^>]*>\s*<summary>(.*?)</summary>(.*?)</details>", re.S)
HEADING = re.compile(r"^\s*#{1,6}\s")
# A second question after a reveal ("**And then?** ...", its discussion folded).
SECOND_QUESTION = re.compile(r"^\s*\*\*[^*\n]+\?\*\*")
LEARN = re.compile(r"What you will learn\W*\n((?:[ \t]*(?:[-*]|\d+\.)\s.*\n?(?:[ \t]+\S.*\n?)*\s*)+)")


class Piece:
    """One thing in plain sight or folded, in reading order: kind is
    "markdown", "question", "output", "explorer" or "fold" (answer: a fold
    that reveals an answer, not a hint or a solution)."""

    def __init__(self, cell, kind, text, answer=False):
        self.cell, self.kind, self.text, self.answer = cell, kind, text, answer

    def __repr__(self):
        return f"cell {self.cell} {self.kind}: {self.text.strip()[:60]!r}"


def _split(cell, text, plain_kind):
    """Pieces of a markdown text or an output's html: plain parts and folds."""
    out, start = [], 0
    for m in FOLD.finditer(text):
        out.append(Piece(cell, plain_kind, text[start:m.start()]))
        summary = m.group(1).strip().lower()
        out.append(Piece(cell, "fold", m.group(2), summary.startswith("reveal")
                         and "solution" not in summary))
        start = m.end()
    out.append(Piece(cell, plain_kind, text[start:]))
    if plain_kind == "markdown":      # a question starts at its bold words
        for i, p in enumerate(out):
            if QUESTION in p.text:
                before, after = p.text.split(QUESTION, 1)
                out[i:i + 1] = [Piece(cell, "markdown", before),
                                Piece(cell, "question", QUESTION + after)]
                break
    return [p for p in out if p.kind == "fold" or p.text.strip()]


def explorer_text(bundle):
    """The titles, captions and labels of the explorer an output shows,
    rebuilt from its EXPORT_MIME ({"module", "class", "args"})."""
    spec = bundle if isinstance(bundle, dict) else json.loads(bundle)
    explorer = getattr(importlib.import_module(spec["module"]), spec["class"])(**spec["args"])
    try:
        words = []

        def walk(value):
            if isinstance(value, dict):
                for key, v in value.items():
                    if key in ("title", "caption", "label", "text") and isinstance(v, str):
                        words.append(v)
                    else:
                        walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)
        walk(explorer.scene)
        return "\n".join(words)
    finally:
        explorer.close()


def pieces(nb, explorers=True):
    """The notebook as the reader sees it after Run All: a list of Pieces."""
    out = []
    for i, cell in enumerate(nb["cells"]):
        if tool.NAV_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        if cell["cell_type"] == "markdown":
            out += _split(i, cell["source"], "markdown")
            continue
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            if EXPORT_MIME in data:
                out.append(Piece(i, "explorer", explorer_text(data[EXPORT_MIME]) if explorers else ""))
            elif "<details" in data.get("text/html", ""):
                out += _split(i, data["text/html"], "output")
            else:
                out.append(Piece(i, "output", output_text(o, folded=False)))
    return [p for p in out if p.kind == "fold" or p.text.strip()]


def shown_numbers(piece):
    """The numbers a piece in plain sight shows (a question's too)."""
    if piece.kind == "markdown":
        return {q.value for q in quoted_numbers(piece.text)}
    text = piece.text.replace(MINUS, "-")
    return numbers_in(re.sub(r"\d+(?:\s*[×x]\s*\d+)+", " ", text) if piece.kind == "question" else text)


def has_words(text, words):
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.I)]


def short_answer(fold):
    """A short answer's key word: the first word of a fold that opens with one
    word and a stop ("Falling.", "Fewer: only 12."), if it has four letters
    or more."""
    m = re.match(r"\s*([A-Za-z'-]{4,})[.:;!]", re.sub(r"<[^>]+>|\*", "", fold))
    return [m.group(1)] if m else []


def questions(ps, nb, key_words):
    """[(question piece index, end of its block, answer numbers, short-answer
    words, declared key words)]. A question's block runs to the next markdown
    cell. Its answer is what its markdown fold says, or else what the folded
    outputs of its block show: the numbers they quote, except whole numbers
    under 10 (1.00, 0: too common to tell) and any number already in plain
    sight before the answer (the question's own, outputs printed for it,
    anything earlier)."""
    found, used, seen = [], set(), set()
    for qi, q in enumerate(ps):
        if q.kind == "fold":
            continue
        if q.kind != "question":
            seen |= shown_numbers(q) if q.kind != "explorer" else set()
            continue
        end = qi + 1
        while end < len(ps) and (ps[end].cell == q.cell
                                 or nb["cells"][ps[end].cell]["cell_type"] == "code"):
            end += 1
        block = ps[qi + 1:end]
        folds = [p for p in block if p.kind == "fold" and p.answer]
        folds = [p for p in folds if p.cell == q.cell] or folds
        first = next((j for j, p in enumerate(block) if p in folds), len(block))
        given = seen | shown_numbers(q)
        for p in block[:first]:
            given |= shown_numbers(p) if p.kind in ("markdown", "output") else set()
        numbers = {repr(n): n for f in folds for n in quoted_numbers(f.text)
                   if not (n.value.denominator == 1 and n.value < 10) and not n.found_in(given)}
        declared = [w for start, words in key_words.items() if start in q.text for w in words]
        used |= {start for start in key_words if start in q.text}
        found.append((qi, end, list(numbers.values()), short_answer(folds[0].text) if folds else [],
                      declared))
        seen |= shown_numbers(q)
    stale = set(key_words) - used
    assert not stale, f"KEY_WORDS names questions this notebook no longer asks: {stale}"
    return found


def discussed_below_folds(ps):
    """Plain text right below an answer's fold that is not a heading or a
    new question: discussion in plain sight."""
    found = {}
    for i, p in enumerate(ps):
        if p.kind != "fold" or not p.answer:
            continue
        nxt = next((n for n in ps[i + 1:] if n.kind != "fold"), None)
        if (nxt is not None and nxt.kind in ("markdown", "output") and not HEADING.match(nxt.text)
                and not SECOND_QUESTION.match(nxt.text)):
            found[id(nxt)] = f"discussed right below the fold of cell {p.cell}: {nxt!r}"
    return list(found.values())


def restated_answers(ps, qs):
    """A question's answer in plain sight before a second question has been
    asked and answered: its numbers and declared key words anywhere, its
    short answer in outputs and explorers."""
    found = []
    for n, (qi, end, numbers, short, declared) in enumerate(qs):
        stop = qs[n + 1][1] if n + 1 < len(qs) else len(ps)
        if n + 1 == len(qs):      # the last question: up to the next section
            stop = next((j for j in range(end, len(ps)) if ps[j].kind == "markdown"
                         and re.match(r"\s*#{1,2}\s", ps[j].text)), len(ps))
        for p in ps[qi + 1:stop]:
            if p.kind == "fold":
                continue
            shown = shown_numbers(p)
            hits = [repr(q) for q in numbers if q.found_in(shown)]
            hits += has_words(p.text, declared + (short if p.kind in ("output", "explorer") else []))
            if hits:
                found.append(f"the answer to cell {ps[qi].cell}'s question ({', '.join(hits)}) "
                             f"in plain sight: {p!r}")
    return found


def headings_stating_answers(ps, qs):
    """A heading or "What you will learn" bullet above a question that states
    its answer."""
    found = []
    for qi, _, numbers, short, declared in qs:
        for p in ps[:qi]:
            if p.kind not in ("markdown", "question"):
                continue
            lines = [line for line in p.text.splitlines() if HEADING.match(line)]
            lines += LEARN.findall(p.text + "\n")
            for line in lines:
                hits = [repr(q) for q in numbers if q.found_in({x.value for x in quoted_numbers(line)})]
                hits += has_words(line, short + declared)
                if hits:
                    found.append(f"cell {p.cell} states the answer to cell {ps[qi].cell}'s "
                                 f"question ({', '.join(hits)}) above it: {line.strip()[:80]!r}")
    return found


def _takes_progress(func):
    try:
        return "progress" in inspect.signature(func).parameters \
            and getattr(func, "__module__", "").startswith("cnnlib")
    except (TypeError, ValueError):
        return False


def _quiet(call):
    """The call is given progress=... (False, or the caller's own setting)."""
    return any(k.arg == "progress" for k in call.keywords) \
        or any(isinstance(a, ast.Name) and a.id == "progress" for a in call.args)


def _resolve(node, namespace):
    try:
        return eval(compile(ast.Expression(node), "<call>", "eval"), dict(namespace))
    except Exception:           # not a name the notebook's imports give
        return None


def opens_bars_inside(func):
    """func's own code calls another function that shows a bar, without
    passing it progress: a bar for every step of func's work."""
    try:
        tree = ast.parse(inspect.getsource(func).lstrip())
    except (OSError, TypeError, SyntaxError):
        return False
    namespace = {**vars(inspect.getmodule(func))}
    for node in ast.walk(tree):     # imports inside the function
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            exec(compile(ast.Module([node], []), "<imports>", "exec"), namespace)
    return any(isinstance(n, ast.Call) and not _quiet(n)
               and _takes_progress(_resolve(n.func, namespace)) for n in ast.walk(tree))


def bars_above_reveals(nb):
    """Reveal cells whose work shows a pile of progress bars above the folded
    answer (live, each bar is an output; many push the fold behind "Show more
    outputs"): a function taking `progress`, not given it, that is called in a
    loop or shows a bar for each step of its work."""
    namespace, found = {}, []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        try:
            tree = ast.parse(cell["source"])
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                exec(compile(ast.Module([node], []), "<imports>", "exec"), namespace)
        if "reveal(" not in cell["source"]:
            continue
        loops = (ast.For, ast.While, ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp)
        looped = {id(n) for loop in ast.walk(tree) if isinstance(loop, loops)
                  for n in ast.walk(loop)}
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            func = _resolve(call.func, namespace)
            if _takes_progress(func) and not _quiet(call) \
                    and (id(call) in looped or opens_bars_inside(func)):
                found.append(f"a reveal cell shows a progress bar for each step of "
                             f"{ast.unparse(call)[:60]!r} above its answer (pass progress=False, "
                             f"or do the work in a cell of its own)")
    return found


MOST_OUTPUTS_ABOVE = 5


def buried_reveals(nb):
    """Reveals with more than MOST_OUTPUTS_ABOVE outputs above them in their cell."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        outputs = cell.get("outputs", [])
        above = next((k for k, o in enumerate(outputs)
                      if "<details" in o.get("data", {}).get("text/html", "")), 0)
        if above > MOST_OUTPUTS_ABOVE:
            found.append(f"cell {i}'s reveal is buried under {above} outputs")
    return found


def spoiler_findings(nb, key_words=(), explorers=True):
    """Every way an answer shows before its reveal (module docstring, 3)."""
    ps = pieces(nb, explorers)
    qs = questions(ps, nb, dict(key_words))
    return (discussed_below_folds(ps) + restated_answers(ps, qs)
            + headings_stating_answers(ps, qs) + bars_above_reveals(nb) + buried_reveals(nb))


def checked(path):
    return load(path), ALLOWED.get(path.stem, {})


NOTEBOOKS = [pytest.param(p, id=p.stem, marks=[pytest.mark.xfail(
                 reason="being brought up to the claims checks (PENDING)", strict=False)]
                 if p.stem in PENDING else []) for p in PATHS]


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_every_quoted_number_is_produced_by_the_notebook(path):
    nb, allowed = checked(path)
    missing = unproduced(nb, allowed)
    assert not missing, (f"{path.name}: the prose quotes numbers the notebook does not "
                         f"produce (cell, number): {missing}")


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_reveal_cells_show_only_folded_answers(path):
    nb = load(path)
    for cell in nb["cells"]:
        if cell["cell_type"] != "code" or "reveal(" not in cell["source"]:
            continue
        for out in cell["outputs"]:
            assert out["output_type"] == "display_data", \
                f"printed beside a reveal: {cell['source'][:60]!r}"
            assert out["data"].get("text/html", "").startswith("<details"), \
                f"a reveal cell shows an output not folded in <details>: {cell['source'][:60]!r}"


SPOILER_NOTEBOOKS = [pytest.param(p, id=p.stem, marks=[pytest.mark.xfail(
    reason="being brought up to the spoiler checks (PENDING_SPOILERS)", strict=False)]
    if p.stem in PENDING_SPOILERS else []) for p in PATHS]


@pytest.mark.parametrize("path", SPOILER_NOTEBOOKS)
def test_no_answer_shows_before_its_reveal(path):
    findings = spoiler_findings(load(path), KEY_WORDS.get(path.stem, {}))
    assert not findings, f"{path.name}: " + "\n".join(findings)


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_predict_then_reveal_answers_are_not_printed_below_the_question(path):
    nb, allowed = checked(path)
    spoiled = spoiled_answers(nb, allowed)
    assert not spoiled, (f"{path.name}: an answer is visible below its question after Run All "
                         f"(question cell, number); fold it with cnnlib.draw.reveal: {spoiled}")


# The checks themselves: they catch what they are for, and pass what they should.

def notebook(*cells):
    made = []
    for kind, source, outputs in cells:
        cell = {"cell_type": kind, "source": source, "metadata": {}}
        if kind == "code":
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": t}
                               if isinstance(t, str) else t for t in outputs]
        made.append(cell)
    return {"cells": made}


def test_a_stale_number_is_caught():
    nb = notebook(("markdown", "The mean is .55, and 67 of 81 pixels match (74%).", None),
                  ("code", "print(x)", ["mean = 0.7777777777777778\n60 of 81 match, 74%"]))
    assert unproduced(nb) == [(0, ".55"), (0, "67")]


def test_numbers_match_as_printed_truncated_or_rounded():
    nb = notebook(("markdown", "Printed .77, rounded .78, −.33, 1.00, 46% and 0.175.", None),
                  ("code", "", ["0.7777777777777778 -0.3333 1.0 0.4615 0.175"]))
    assert unproduced(nb) == []


def test_structure_is_not_a_claim():
    nb = notebook(("markdown", "**Predict, then reveal.** About 20 or 40? "
                               "<details>no answer</details> A 9×9 picture, a 3×3 feature (notebook 06), shape (3, 7, 7), "
                               "$n_{out} = 28$, `x[2:15]` and [link](05_voting.ipynb).", None))
    assert unproduced(nb) == []


def test_an_allowed_number_passes():
    nb = notebook(("markdown", "Deep learning for images took off in 2012.", None))
    assert unproduced(nb) == [(0, "2012")]
    assert unproduced(nb, {"2012": "a date from the lecture"}) == []


def test_an_answer_printed_below_its_question_is_caught_unless_folded():
    question = ("markdown", "**Predict, then reveal.** Out of 81, how many?\n\n"
                            "<details><summary>Reveal</summary>60 of 81</details>", None)
    plain = notebook(question, ("code", "", ["X against O: 60 of 81"]))
    folded = notebook(question, ("code", "", [{
        "output_type": "display_data",
        "data": {"text/html": "<details><summary>Reveal: count</summary><pre>60</pre></details>",
                 "text/plain": "Reveal: count\n60"}}]))
    assert spoiled_answers(plain) == [(0, "60")]
    assert spoiled_answers(folded) == []


def question_cell(question, answer, after=""):
    return ("markdown", f"**Predict, then reveal.** {question}\n\n<details><summary>Reveal</summary>\n\n"
                        f"{answer}\n</details>\n\n{after}", None)


def revealed(text, summary="Reveal: the answer"):
    return {"output_type": "display_data",
            "data": {"text/html": f"<details><summary>{summary}</summary><pre>{text}</pre></details>",
                     "text/plain": f"{summary}\n{text}"}}


def test_discussion_right_below_a_fold_is_caught():
    question = question_cell("Out of 81, how many match?", "60 of 81.")
    below = notebook(question, ("code", "", [revealed("60 of 81 match")]),
                     ("markdown", "So the matcher still answers X.", None))
    new_section = notebook(question, ("code", "", [revealed("60 of 81 match")]),
                           ("markdown", "## Filtering\n\nSo it is.", None))
    printed = notebook(question_cell("What will it say?", "Falling."),
                       ("code", "", ["upside down -> falling"]))
    assert discussed_below_folds(pieces(below)) == [
        "discussed right below the fold of cell 1: cell 2 markdown: 'So the matcher still answers X.'"]
    second_question = notebook(question, ("code", "", [revealed("60 of 81 match")]),
                               ("markdown", "**And then?** Why so many?\n\n<details><summary>"
                                            "Discussion</summary>The background.</details>", None))
    assert discussed_below_folds(pieces(new_section)) == []
    assert discussed_below_folds(pieces(second_question)) == []
    assert len(discussed_below_folds(pieces(printed))) == 1
    # a solution's fold is no answer: the next exercise may follow it
    solved = notebook(("markdown", "<details><summary>Reveal the solution</summary>x</details>\n\n"
                                   "**2.** Now pool this.", None))
    assert discussed_below_folds(pieces(solved)) == []


def test_an_answer_restated_before_a_second_question_is_caught():
    first = question_cell("How many cells does ReLU set to 0?", "20 of the 49 cells.")
    second = question_cell("Will it zero more of the O's map than of the X's (20)?", "Fewer: 12.")
    later = question_cell("And the plus?", "None of them.")
    nb = notebook(first, ("markdown", "## Try it", None), second, ("code", "", []),
                  ("markdown", "As we saw, 20 of 49.", None), later)
    [finding] = restated(nb)
    assert finding.startswith("the answer to cell 0's question (20) in plain sight: cell 2 question")
    # the question's own numbers, and those in plain sight before it, are no answer
    assert restated(notebook(("markdown", "The X has 20 stroke cells.", None),
                             first, ("markdown", "## Next\n\n20 again.", None))) == []


def restated(nb):
    ps = pieces(nb)
    return restated_answers(ps, questions(ps, nb, {}))


def test_a_short_answer_printed_below_is_caught_but_not_in_other_prose():
    nb = notebook(question_cell("Flip the rising chirp: what will it say?", "Falling. It reads the stroke."),
                  ("code", "", ["upside down -> falling"]),
                  ("markdown", "## Try it\n\nA steady tone is neither rising nor falling.", None))
    assert restated(nb) == [
        "the answer to cell 0's question (Falling) in plain sight: cell 1 output: "
        "'upside down -> falling'"]


def test_an_explorer_title_showing_the_answer_is_caught():
    export = {"module": "cnnlib.widgets.relu", "class": "ReluView",
              "args": {"picture": "X", "feature": "diagonal"}}
    explorer = {"output_type": "execute_result", "data": {EXPORT_MIME: export,
                                                         "text/plain": "<ReluView>"}}
    nb = notebook(question_cell("How many cells of the X's diagonal map go?", "20 of the 49 cells."),
                  ("code", "", [revealed("20 of 49 cells set to 0")]),
                  question_cell("## Try it\n\nAnd the O's map?", "Fewer."),
                  ("code", "relu_view()", [explorer]))
    [finding] = restated(nb)
    assert finding.startswith("the answer to cell 0's question (20, 49) in plain sight: cell 3 explorer")


def test_headings_and_learning_goals_stating_an_answer_are_caught():
    nb = notebook(("markdown", "# ReLU\n\n## What you will learn\n- ReLU and pooling can go in either "
                               "order.\n- Why ReLU.\n\nMore text about either order.", None),
                  ("markdown", "## ReLU and max pooling commute", None),
                  question_cell("ReLU then max, or max then ReLU?", "The same both ways."))
    words = {"ReLU then max": ["commute", "either order"]}
    assert spoiler_findings(nb, words) == [
        "cell 0 states the answer to cell 2's question (either order) above it: "
        "'- ReLU and pooling can go in either order.\\n- Why ReLU.'",
        "cell 1 states the answer to cell 2's question (commute) above it: "
        "'## ReLU and max pooling commute'"]
    with pytest.raises(AssertionError, match="no longer asks"):
        spoiler_findings(nb, {"a question that is gone": ["x"]})


def test_progress_bars_piling_up_above_a_reveal_are_caught():
    question = question_cell("Which wins?", "Neither.")
    reveal_cell = ("with reveal('accuracy'):\n    print(acc)")
    looped = notebook(("code", "import cnnlib as c", []), question,
                      ("code", "acc = [c.train_model(seed=s) for s in range(5)]\n" + reveal_cell, []))
    nested = notebook(("code", "from cnnlib import digits", []), question,
                      ("code", "acc = digits.transfer_curve(None, None)\n" + reveal_cell, []))
    quiet = notebook(("code", "import cnnlib as c", []), question,
                     ("code", "acc = [c.train_model(seed=s, progress=False) for s in range(5)]\n"
                              "one = c.train_model(seed=0)\n" + reveal_cell, []))
    bars = [{"output_type": "display_data", "data": {"text/plain": "training: 100%"}}] * 12
    assert buried_reveals(notebook(question, ("code", "", bars + [revealed("Neither")]))) == [
        "cell 1's reveal is buried under 12 outputs"]
    assert buried_reveals(notebook(question, ("code", "", bars[:2] + [revealed("Neither")]))) == []
    assert len(bars_above_reveals(looped)) == 1
    assert len(bars_above_reveals(nested)) == 1
    assert bars_above_reveals(quiet) == []
