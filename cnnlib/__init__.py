"""cnnlib: the maths, drawing and widgets behind the X-or-O CNN series.

Three layers, each a folder with the same step names (filtering, pooling,
relu, stacking, voting, training, adversarial, ...):
- the maths, pure numpy, flat in cnnlib/ (cnnlib.filtering, cnnlib.pooling, ...),
  with notebook 08's side experiments in cnnlib.beyond;
- the drawing, matplotlib figures, in cnnlib.draw (shared tools in cnnlib.draw.base);
- the widgets, the explorers, in cnnlib.widgets (shared tools in cnnlib.widgets.base).
Importing cnnlib loads only numpy; drawing and widgets are imported where needed.
"""
from cnnlib.activations import relu
from cnnlib.adversarial import fgsm
from cnnlib.data import (
                         feature_names,
                         format_grid,
                         grid_names,
                         load_feature,
                         load_features,
                         load_grid,
                         parse_grid,
)
from cnnlib.dataset import load_dataset, make_dataset
from cnnlib.filtering import convolve, output_size, window_products
from cnnlib.formatting import format_map, print_map
from cnnlib.network import Model, init_model, train_epoch, train_model, train_step
from cnnlib.pooling import max_pool, pool_size
from cnnlib.stacking import filter_stack, stack
from cnnlib.voting import (
                         best_single_layer,
                         classify,
                         collapse,
                         fully_connected,
                         pooled_features,
                         stacked_votes,
                         stacked_weights,
                         vote,
                         vote_weights,
                         winner,
)

__all__ = [
    "convolve", "feature_names", "format_grid", "format_map", "grid_names",
    "load_feature", "load_features", "load_grid", "max_pool", "output_size",
    "parse_grid", "pool_size", "print_map", "relu", "vote", "window_products",
    "winner",
    "classify", "filter_stack", "fully_connected", "pooled_features", "stack",
    "stacked_weights", "vote_weights", "collapse", "stacked_votes", "best_single_layer",
    "load_dataset", "make_dataset", "Model", "init_model", "train_epoch",
    "train_model", "train_step",
    "fgsm",
]
