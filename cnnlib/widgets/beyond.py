"""The explorers of notebook 08: a chirp and the CNN's vote; pixel scrambling
against accuracy.

Only wiring: sliders pick the values, cnnlib.beyond.sound and the trained model
compute, cnnlib.draw.beyond draws into one persistent figure each.
"""
import ipywidgets as w
from numpy.random import default_rng

from cnnlib._checks import describe
from cnnlib.beyond.limits import permutation, scramble
from cnnlib.beyond.sound import HIGHEST, LOWEST, bin_frequencies, sound_grid
from cnnlib.draw.base import colorbar, draw_grid, new_figure
from cnnlib.draw.beyond import ScrambleCurve, VoteBars, draw_spectrogram
from cnnlib.widgets.base import DESCRIPTION, BlitFigureView, PngExplorer as Explorer, on_change, slider

NOISE_SEED = 0     # the same noise at every redraw, so a slider move changes only the chirp



def _cells(artist):
    """A GridArtist's moving parts, in drawing order: the coloured cells, the
    white lines between them (drawn again over the new cells), the numbers."""
    ax = artist.ax
    lines = [t.gridline for axis in (ax.xaxis, ax.yaxis) for t in axis.get_minor_ticks()]
    return [artist.image, *lines, *(t for row in artist.texts for t in row)]



class SoundExplorer(Explorer):
    """State shown: start_hz, end_hz, noise, grid_shown (12, 12) the
    spectrogram, probabilities_shown (2,), vote_shown (the winning class)."""

    def __init__(self, model, start_hz=150, end_hz=500, noise=0.4):
        if not hasattr(model, "probabilities") or not hasattr(model, "classes"):
            raise TypeError(f"model must be a trained model (train_model(data=make_sound_dataset"
                            f"(...))), got {describe(model)}")
        self.model = model
        lo, hi = int(LOWEST), int(HIGHEST)
        for name, value in (("start_hz", start_hz), ("end_hz", end_hz)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
                raise ValueError(f"{name} must be a pitch from {lo} to {hi} Hz (the range "
                                 f"the CNN was trained on), got {describe(value)}")
        self.controls = {
            "start_hz": slider("start pitch (Hz)", start_hz, lo, hi, step=25),
            "end_hz": slider("end pitch (Hz)", end_hz, lo, hi, step=25),
            "noise": w.FloatSlider(value=noise, min=0.0, max=1.5, step=0.1, description="noise",
                                   style=DESCRIPTION, continuous_update=True),
        }
        fig, axes = new_figure(2, 1, width=5.0, height=4.8)
        # 144 cells: too many to number legibly on a projector, and numbering them
        # made every move slow; the static spectrograms above the explorer carry the numbers
        self.grid_artist = draw_spectrogram(axes[0, 0], self._grid(), bin_frequencies(),
                                            numbers=False)
        colorbar(fig, self.grid_artist, axes[0, 0], label="loudness")
        self.title = axes[0, 0].title
        self.bars = VoteBars(axes[0, 1], model.classes)
        self._show()
        self.view = BlitFigureView(fig, self._moving)
        on_change(self.redraw, *self.controls.values())
        self.widget = w.VBox([w.HBox(list(self.controls.values())), self.view.image])

    def _moving(self):
        """What a slider move changes: the cells, their numbers, the title, the bars."""
        return [*_cells(self.grid_artist), self.title, *self.bars.bars, *self.bars.labels]

    def _grid(self):
        c = self.controls
        return sound_grid(c["start_hz"].value, c["end_hz"].value, c["noise"].value,
                          default_rng(NOISE_SEED))

    def _show(self):
        c = self.controls
        self.start_hz, self.end_hz, self.noise = (c[k].value for k in ("start_hz", "end_hz", "noise"))
        self.grid_shown = self._grid()
        self.grid_artist.update(self.grid_shown)
        self.title.set_text(f"spectrogram: {self.start_hz} Hz to {self.end_hz} Hz")
        self.probabilities_shown = self.model.probabilities(self.grid_shown)
        self.vote_shown = self.model.predict(self.grid_shown)
        self.bars.update(self.probabilities_shown)

    def redraw(self):
        self._show()
        self.view.refresh()


def sound_explorer(model, start_hz=150, end_hz=500, noise=0.4):
    """Sliders for a chirp's start and end pitch and its noise; shows the
    spectrogram and the vote of `model` (a CNN trained on make_sound_dataset)."""
    return SoundExplorer(model, start_hz, end_hz, noise)


class ScrambleExplorer(Explorer):
    """State shown: fraction (of pixel positions scrambled), image_shown (H, W),
    accuracies_shown (network name -> test accuracy at that fraction)."""

    def __init__(self, results, image, fraction=0.0):
        if not isinstance(results, dict) or "fractions" not in results or "order" not in results:
            raise TypeError(f"results must be the dict scramble_experiment() returns, "
                            f"got {describe(results)}")
        self.results, self.image = results, image
        self.names = [k for k in results if k not in ("fractions", "order")]
        options = [(f"{f:.0%}", float(f)) for f in results["fractions"]]
        if fraction not in [v for _, v in options]:
            raise ValueError(f"fraction must be one of the measured fractions "
                             f"{[v for _, v in options]}, got {describe(fraction)}")
        self.controls = {"fraction": w.SelectionSlider(
            options=options, value=fraction, description="pixels scrambled",
            style=DESCRIPTION, continuous_update=True)}
        fig, axes = new_figure(2, 1, width=5.0, height=4.6)
        self.grid_artist = draw_grid(axes[0, 0], image, title="the X, scrambled")
        self.curve = ScrambleCurve(axes[0, 1], results["fractions"],
                                   {n: results[n] for n in self.names})
        self._show()
        self.view = BlitFigureView(fig, self._moving)
        on_change(self.redraw, *self.controls.values())
        self.widget = w.VBox([self.controls["fraction"], self.view.image])

    def _moving(self):
        """What a slider move changes: the cells, their numbers, the marker line."""
        return [*_cells(self.grid_artist), self.curve.marker]

    def _show(self):
        self.fraction = self.controls["fraction"].value
        self.image_shown = scramble(self.image, permutation(self.fraction, self.results["order"]))
        self.grid_artist.update(self.image_shown)
        self.curve.update(self.fraction)
        self.accuracies_shown = {n: float(self.results[n][self.curve.index]) for n in self.names}

    def redraw(self):
        self._show()
        self.view.refresh()


def scramble_explorer(results, image, fraction=0.0):
    """A slider for how much of the image is scrambled: the scrambled picture,
    and the measured accuracies (results of limits.scramble_experiment)."""
    return ScrambleExplorer(results, image, fraction)
