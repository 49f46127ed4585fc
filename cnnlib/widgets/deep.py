"""The deep explorer: open up a trained multi-stage network on any picture,
including one the student draws.

Only wiring. Dropdowns pick a test picture and a layer, a slider picks a
unit (one feature's map); the browser's paintable picture sends a drawing.
cnnlib.deep.inside computes every layer's maps, the unit's strongest place and its
receptive field, its kernel slices, its top test patches and preferred input
(computed once per unit and kept); cnnlib.draw.deep describes what the
browser draws (deep_scene), which is also the static picture.
"""
import numbers

from numpy.random import default_rng

from cnnlib.deep import inside
from cnnlib._checks import as_choice, as_grid, as_int, as_seed, describe, same_choice
from cnnlib.deep.arrangement import load_arrangement
from cnnlib.deep.depth import accuracy_table, load_models, median_seed
from cnnlib.draw.deep import deep_scene
from cnnlib.transforms import blank
from cnnlib.widgets.base import Explorer
from cnnlib.widgets.controls import button_control, dropdown_control, slider_control


class DeepExplorer(Explorer):
    """State shown: grid (H, W), layer (name), feature (int), state (the
    unit's strongest place, field and the layer's maps), summary (its top
    patches and preferred input), kernel (C, k, k), probabilities."""

    def __init__(self, recipe="two stages", model_seed=None, layer="pool2", feature=0, seed=0,
                 pictures=6):
        data = load_arrangement()
        models = load_models()
        recipe = as_choice(recipe, "recipe", sorted({kind for kind, _ in models}))
        seeds = sorted(s for kind, s in models if kind == recipe)
        if model_seed is None:
            table = accuracy_table(models, data)
            if recipe not in table:
                raise ValueError(f"model_seed must name one of the stored {recipe!r} networks "
                                 f"({seeds}): there is no median one to pick")
            model_seed = median_seed(table[recipe])
        if not any(same_choice(model_seed, s) for s in seeds):
            raise (TypeError if not isinstance(model_seed, numbers.Real) else ValueError)(
                f"model_seed: no stored {recipe!r} network from seed {describe(model_seed)}; "
                f"the stored seeds: {seeds}")
        model_seed = as_choice(model_seed, "model_seed", seeds)
        seed = as_seed(seed)
        self.model = model = models[recipe, model_seed]
        self.data, self.images = data, data["test_images"]
        names = inside.map_layers(model)
        layer = as_choice(layer, "layer", names)
        last = inside.unit_count(model, layer) - 1
        feature = as_int(feature, "feature", 0, last, hint=f"a unit of {layer}")
        self.choices = [(f"test {i}: {data['classes'][int(data['test_labels'][i])]}", i)
                        for i in range(pictures)]
        self.seed, self.summaries = seed, {}
        self.grid = self.images[0]
        self.kind = "deep"
        controls = [dropdown_control("picture", "picture", self.choices, 0),
                    dropdown_control("layer", "layer", names, layer),
                    slider_control("unit", "unit", feature, 0, last),
                    button_control("blank", "blank")]
        super().__init__(controls, args={"recipe": recipe, "model_seed": model_seed,
                                         "layer": layer, "feature": feature, "seed": seed})

    def update(self, changed):
        if "picture" in changed:
            self.grid = self.images[self.values["picture"]]
        self.layer = self.values["layer"]
        if "layer" in changed:
            self.set_control("unit", max=inside.unit_count(self.model, self.layer) - 1)
        # a unit past the new layer's last (set_control brings the slider back next): its last
        self.feature = min(self.values["unit"], inside.unit_count(self.model, self.layer) - 1)
        key = (self.layer, self.feature)
        if key not in self.summaries:          # once per unit: top patches, preferred input
            self.summaries[key] = inside.unit_summary(self.model, self.images, self.layer,
                                                    self.feature, default_rng(self.seed), steps=40)
        self.summary = self.summaries[key]
        self.state = inside.strongest_place(self.model, self.grid, self.layer, self.feature)
        self.kernel = inside.unit_kernel(self.model, self.layer, self.feature)
        self.probabilities = self.model.probabilities(self.grid)
        answer = self.model.predict(self.grid)
        self.scene = {"panels": deep_scene(self.grid, self.layer, self.feature, self.state,
                                           self.summary, self.kernel, self.probabilities,
                                           self.model.classes),
                      "caption": f"the network answers {answer}; unit {self.feature} of "
                                 f"{self.layer} is strongest at {self.state['place']} "
                                 f"({self.state['value']:.2f}), its field outlined",
                      "main": "picture"}

    def on_event(self, message):
        """The blank button."""
        if message.get("event") == "button" and message.get("name") == "blank":
            self.set_grid(blank(self.model.hyper["image_shape"][0]))

    def paint_grid(self, cells):
        """The browser's newest drawing: H*W values, row by row."""
        self.set_grid(inside.picture_from_cells(cells, self.model.hyper["image_shape"]))

    def set_grid(self, grid):
        """Show a new picture (H, W), values from -1 to 1: every layer and the
        unit's place follow. Anything else is refused, the picture kept."""
        self.grid = as_grid(grid, "grid", self.model.hyper["image_shape"], -1, 1,
                            hint="one picture of the network's size, values from -1 to 1")
        self.redraw({"grid"})


def deep_explorer(recipe="two stages", model_seed=None, layer="pool2", feature=0, seed=0):
    """Open up one of notebook 09's stored networks (cnnlib.deep.depth: recipe and
    the seed it was trained from; None: the median two-stage network) on the
    T-or-L test pictures: pick a picture (or draw one), a layer and a unit;
    see the layer's maps, the unit's kernel slices, its favourite test
    patches, its preferred input and its receptive field. seed: for the
    preferred inputs' starting noise."""
    return DeepExplorer(recipe, model_seed, layer, feature, seed)
