"""Why did the network answer that? Three explanations, and a check on one.

- saliency: the slope of the winning class's score (the vote before
  softmax) with respect to every pixel. Large where a small change of the
  pixel moves the vote most.
- occlusion: cover a square of the picture with background and measure how
  much the answer's probability drops; each pixel gets the mean drop over
  the squares that cover it.
- a decision tree (scikit-learn's DecisionTreeClassifier) on the same
  pixels, whose answer for one picture is a path of readable rules
  (tree_path).
- randomise_top: the model with its last layer's weights redrawn at random.
  A saliency map that looks the same for it explains nothing about what
  was learned (Adebayo et al., "Sanity checks for saliency maps", 2018);
  map_correlation measures how alike two maps are. Its yardsticks: two
  equally good networks trained from different seeds, and random_network, a
  network that learned nothing.
- concentration: how densely a map sits on some pixels (the strokes, or
  where the bars face each other), for their share of the picture.
"""
import numbers

import numpy as np

from cnnlib._checks import as_array, as_int, as_rng, describe
from cnnlib.deep.inside import layer_names, unit_gradient
from cnnlib.network import FullyConnected, Model, as_labels, init_model


def _one(model, grid, name="grid"):
    if not isinstance(model, Model):
        raise TypeError(f"model must be a trained cnnlib Model, got {describe(model)}")
    shape = tuple(model.hyper["image_shape"])
    arr = as_array(grid, name, (2,), f"one picture {shape}")
    if arr.shape != shape:
        raise ValueError(f"{name} must be one picture of shape {shape}, the size the "
                         f"model was trained on, got {describe(arr)}")
    return arr


def _label(model, grid, label):
    """The class to explain: label (a name or index), or the model's answer."""
    if label is None:
        return int(np.argmax(model.scores(grid)))
    return int(as_labels(label, model.classes, 1, "label")[0])


def saliency(model, grid, label=None):
    """d score[label] / d pixel for one picture (H, W) -> (H, W).

    label: the class whose score (the vote before softmax) is explained, by
    name or index; None (the default) explains the model's own answer.
    """
    grid = _one(model, grid)
    k = _label(model, grid, label)
    return unit_gradient(model, grid, len(model.layers) - 1, k)[1]


def occlusion(model, grid, size=3, fill=-1.0, label=None):
    """How much covering each place lowers the answer's probability.

    Every size x size square that fits is set to `fill` (default -1, the
    background) in turn, all in one batch. Returns (H, W): for each pixel,
    the mean over the squares covering it of p(label | picture) minus
    p(label | covered picture). Positive: covering it hurts the answer.
    label: as in saliency (None: the model's answer).
    """
    grid = _one(model, grid)
    k = _label(model, grid, label)
    h, w = grid.shape
    size = as_int(size, "size", 1)
    if size > min(h, w):
        raise ValueError(f"size must fit the {h}x{w} picture, got {size}")
    if isinstance(fill, bool) or not isinstance(fill, numbers.Real) or not -1 <= fill <= 1:
        raise ValueError(f"fill must be a number from -1 to 1 (the covering grey), got {fill!r}")
    places = [(r, c) for r in range(h - size + 1) for c in range(w - size + 1)]
    covered = np.repeat(grid[None], len(places), axis=0)
    for i, (r, c) in enumerate(places):
        covered[i, r:r + size, c:c + size] = fill
    drops = model.probabilities(grid)[k] - model.probabilities(covered)[:, k]
    total, count = np.zeros((h, w)), np.zeros((h, w))
    for drop, (r, c) in zip(drops, places):
        total[r:r + size, c:c + size] += drop
        count[r:r + size, c:c + size] += 1
    return total / count


def randomise_top(model, rng):
    """A copy of model whose last layer (the votes) has fresh random weights
    (He initialisation, as at the start of training) and zero biases; every
    other layer keeps its trained weights. rng: a numpy Generator."""
    rng = as_rng(rng)
    if not isinstance(model, Model):
        raise TypeError(f"model must be a trained cnnlib Model, got {describe(model)}")
    top = model.layers[-1]
    if not isinstance(top, FullyConnected):
        raise ValueError(f"the model's last layer is {layer_names(model)[-1]}, not the "
                         f"fully connected votes")
    new = model.copy()
    d = new.params[top.w].shape[0]
    new.params[top.w] = rng.normal(0.0, np.sqrt(2 / d), new.params[top.w].shape)
    new.params[top.b] = np.zeros_like(new.params[top.b])
    return new


def map_correlation(a, b):
    """The Pearson correlation of the sizes |a| and |b| of two maps of one shape:
    1 the same pattern of large and small, 0 unrelated."""
    a = np.abs(as_array(a, "a", (2,), "a map (H, W)")).ravel()
    b = np.abs(as_array(b, "b", (2,), "a map (H, W)")).ravel()
    if a.shape != b.shape:
        raise ValueError(f"a and b must be maps of one shape, got {a.size} and {b.size} cells")
    if a.std() == 0 or b.std() == 0:
        raise ValueError("a map is constant, so it has no pattern to correlate")
    return float(np.corrcoef(a, b)[0, 1])


def concentration(heat, where):
    """How much of a map sits on some pixels, for their number: the share of
    |heat|'s total on the pixels where `where` is True, divided by their share
    of the picture. 1: no more there than anywhere; 3: three times as dense.
    heat (H, W) numbers, where (H, W) booleans (some True, not all)."""
    heat = np.abs(as_array(heat, "heat", (2,), "a map (H, W)"))
    where = np.asarray(where)
    if where.dtype != bool or where.shape != heat.shape:
        raise TypeError(f"where must be a boolean map of the heat's shape {heat.shape}, got "
                        f"{describe(where)}")
    if not where.any() or where.all():
        raise ValueError("where must pick some pixels and leave some out")
    if heat.sum() == 0:
        raise ValueError("heat is zero everywhere, so it sits nowhere")
    return float(heat[where].sum() / heat.sum() / where.mean())


def random_network(model, rng):
    """A network of model's architecture with fresh random weights (He
    initialisation, as before training) and nothing learned: the floor for
    comparing explanations. rng: a numpy Generator."""
    rng = as_rng(rng)
    if not isinstance(model, Model):
        raise TypeError(f"model must be a trained cnnlib Model, got {describe(model)}")
    hyper = model.hyper
    return init_model(rng, hyper["image_shape"], model.classes, stages=hyper["stages"],
                      hidden=hyper["hidden"])


def fit_tree(data, max_depth=8, seed=0):
    """scikit-learn's DecisionTreeClassifier on the pixels of data's training
    pictures (each picture flattened to H*W numbers), random_state=seed.
    data: a dict like load_arrangement(). Returns the fitted tree."""
    # scikit-learn takes about a second to import: only where it is used
    from sklearn.tree import DecisionTreeClassifier
    if not isinstance(data, dict) or "train_images" not in data or "train_labels" not in data:
        raise TypeError(f"data must be a dict with train_images and train_labels, "
                        f"got {describe(data)}")
    images = as_array(data["train_images"], "data['train_images']", (3,), "a stack (N, H, W)")
    tree = DecisionTreeClassifier(max_depth=as_int(max_depth, "max_depth", 1),
                                  random_state=as_int(seed, "seed", 0))
    return tree.fit(images.reshape(len(images), -1), np.asarray(data["train_labels"]))


def _tree(tree):
    """A fitted scikit-learn decision tree (fit_tree gives one)."""
    if getattr(tree, "tree_", None) is None or not callable(getattr(tree, "predict", None)):
        raise TypeError(f"tree must be a fitted scikit-learn decision tree (fit_tree(data)), "
                        f"got {describe(tree)}")
    return tree


def tree_accuracy(tree, grids, labels):
    """The fraction of pictures (N, H, W) the tree labels right."""
    _tree(tree)
    grids = as_array(grids, "grids", (3,), "a stack (N, H, W)")
    if grids.shape[1] * grids.shape[2] != tree.n_features_in_:
        raise ValueError(f"grids have {grids.shape[1] * grids.shape[2]} pixels but the tree "
                         f"was fitted on {tree.n_features_in_}; give pictures of the training size")
    labels = as_array(labels, "labels", (1,), "one label per picture (N,)")
    if len(labels) != len(grids):
        raise ValueError(f"labels must be one per picture ({len(grids)}), got {len(labels)}")
    return float(np.mean(tree.predict(grids.reshape(len(grids), -1)) == labels))


def tree_path(tree, grid, classes):
    """The rules the tree follows for one picture (H, W), in words: a list of
    lines, one per question on the path, then the answer with how many
    training pictures reached that leaf. classes: names for the labels."""
    _tree(tree)
    grid = as_array(grid, "grid", (2,), "one picture (H, W)")
    if isinstance(classes, (str, bytes)) or not hasattr(classes, "__len__") \
            or len(classes) < len(tree.classes_):
        raise TypeError(f"classes must name the tree's {len(tree.classes_)} labels, got "
                        f"{describe(classes)}")
    h, w = grid.shape
    if h * w != tree.n_features_in_:
        raise ValueError(f"grid has {h * w} pixels but the tree was fitted on "
                         f"{tree.n_features_in_}; give a picture of the training size")
    t, node, lines = tree.tree_, 0, []
    x = grid.ravel()
    while t.children_left[node] != t.children_right[node]:
        pixel, cut = int(t.feature[node]), float(t.threshold[node])
        r, c = divmod(pixel, w)
        above = x[pixel] > cut
        word = "ink" if above else "background"
        lines.append(f"pixel (row {r}, col {c}) is {x[pixel]:+.2f}, "
                     f"{'above' if above else 'at or below'} {cut:+.2f}: {word} there")
        node = t.children_right[node] if above else t.children_left[node]
    share = t.value[node][0] / t.value[node][0].sum()     # counts or fractions, by version
    counts = share * t.n_node_samples[node]
    k = int(np.argmax(counts))
    lines.append(f"so: {classes[int(tree.classes_[k])]} ({int(round(counts[k]))} of "
                 f"{int(t.n_node_samples[node])} training pictures at this leaf)")
    return lines
