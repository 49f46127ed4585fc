"""reveal() folds a cell's answer into an HTML <details> block: after Run All
the answer is not on screen, and it opens with no kernel (GitHub, nbviewer,
static HTML), figures included as inline PNG."""
import base64
import re

import nbformat
import pytest

from cnnlib.draw import reveal
from cnnlib.draw.base import Revealed, described, new_figure, show
from notebooks import run


def small_figure(description="a line from 0 to 1"):
    fig, axes = new_figure()
    axes[0, 0].plot([0, 1], [0, 1])
    return described(fig, description)


def test_printed_text_and_figures_are_kept_in_order_inside_details():
    with reveal("the mean") as answer:
        print("mean = 0.777")
        answer.show(small_figure(), "the window")
        print("sum < 7 & more")
    page = answer._repr_html_()
    assert page.startswith('<details class="cnnlib-reveal"><summary>Reveal: the mean</summary>')
    assert page.rstrip().endswith("</details>")
    first, img, second = (page.index("mean = 0.777"), page.index("<img"),
                          page.index("sum &lt; 7 &amp; more"))
    assert first < img < second
    data = re.search(r'src="data:image/png;base64,([^"]+)"', page).group(1)
    assert base64.b64decode(data).startswith(b"\x89PNG")
    assert repr(answer) == "Reveal: the mean\nmean = 0.777\n[figure: a line from 0 to 1]\nsum < 7 & more"


def test_a_picture_from_show_keeps_its_description_as_alt_text():
    answer = Revealed("x")
    answer.show(show(small_figure('the "max" < 1 & more'), "two stages"))
    page = answer._repr_html_()
    assert 'alt="the &quot;max&quot; &lt; 1 &amp; more"' in page and 'alt="two stages"' not in page


def test_a_figure_without_a_description_is_refused_not_shown_blank():
    fig, _ = new_figure()
    with pytest.raises(ValueError, match="no description"):
        Revealed("x").show(fig, "bare")
    with pytest.raises(ValueError, match="no description"):
        show(fig, "bare")
    assert "written here" in show(fig, "bare", description="written here")._repr_mimebundle_()["text/plain"]


def test_outside_a_notebook_the_answer_is_printed_after_the_block(capsys):
    with reveal("count"):
        print("60 of 81")
    assert capsys.readouterr().out == "Reveal: count\n60 of 81\n"


def test_in_a_kernel_the_cell_shows_one_folded_output_and_nothing_else(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "from cnnlib.draw import reveal\n"
        "from cnnlib.draw.base import described, new_figure\n"
        "fig, axes = new_figure()\n"
        "described(fig, 'an empty frame')\n"
        "with reveal('how many') as answer:\n"
        "    print('67 of 81 pixels match')\n"
        "    answer.show(fig, 'the matcher')\n")]
    run(nb, tmp_path, timeout=120)
    outputs = nb.cells[0].outputs
    assert [o.output_type for o in outputs] == ["display_data"], "printed text leaked out"
    page = outputs[0].data["text/html"]
    assert page.startswith("<details") and "67 of 81" in page and "data:image/png" in page
    assert "67 of 81" in outputs[0].data["text/plain"]


def test_an_error_inside_still_shows_what_was_printed(capsys):
    try:
        with reveal("broken"):
            print("half an answer")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert "half an answer" in capsys.readouterr().out
