"""Opening up the two-stage network (cnnlib.deep.inside) and explaining its answers
(cnnlib.deep.explain): gradients against finite differences, receptive fields
against where the gradient can reach, and clear errors for bad input."""
import numpy as np
import pytest
from helpers import fresh

from cnnlib.deep import explain, inside
from cnnlib.deep.arrangement import load_arrangement
from cnnlib.deep.depth import load_models


@pytest.fixture(scope="module")
def data_once():
    return load_arrangement()


@pytest.fixture(scope="module")
def net_once():
    return load_models()["two stages", 0]


@pytest.fixture
def data(data_once):
    return fresh(data_once)


@pytest.fixture
def net(net_once):
    return fresh(net_once)


def numeric_gradient(f, x, eps=1e-6):
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += eps
        down[i] -= eps
        g[i] = (f(up) - f(down)) / (2 * eps)
    return g


def relative_error(a, b):
    return np.abs(a - b).max() / max(np.abs(a).max(), np.abs(b).max(), 1e-12)


def test_layer_names_and_output_shapes(net, data):
    assert inside.layer_names(net) == ["conv", "relu", "pool", "conv2", "relu2", "pool2",
                                     "flatten", "fc1"]
    outs = inside.layer_outputs(net, data["test_images"][0])
    assert [o.shape for o in outs] == [(8, 14, 14), (8, 14, 14), (8, 7, 7), (16, 5, 5),
                                       (16, 5, 5), (16, 3, 3), (144,), (2,)]
    np.testing.assert_allclose(outs[-1], net.scores(data["test_images"][0]))
    stack = inside.layer_outputs(net, data["test_images"][:3])
    np.testing.assert_allclose(stack[4][1], inside.layer_outputs(net, data["test_images"][1])[4])


def test_saliency_is_the_numeric_gradient_of_the_winning_score(net, data):
    grid = data["test_images"][3]
    k = int(np.argmax(net.scores(grid)))
    numeric = numeric_gradient(lambda g: net.scores(g)[k], grid)
    assert relative_error(explain.saliency(net, grid), numeric) < 1e-6
    other = numeric_gradient(lambda g: net.scores(g)[1 - k], grid)
    assert relative_error(explain.saliency(net, grid, label=1 - k), other) < 1e-6


@pytest.mark.parametrize("layer,unit", [("conv2", (3, 2, 1)), ("relu2", 5), ("pool", (1, 3, 4)),
                                        ("fc1", 0)])
def test_unit_gradient_is_the_numeric_gradient(net, data, layer, unit):
    grid = data["test_images"][7]
    value, grad = inside.unit_gradient(net, grid, layer, unit)
    index = inside.layer_names(net).index(layer)
    where = unit if isinstance(unit, tuple) else (unit, 2, 2) if layer != "fc1" else (unit,)
    pick = lambda g: inside.layer_outputs(net, g)[index][where]
    assert value == pytest.approx(pick(grid))
    assert relative_error(grad, numeric_gradient(pick, grid)) < 1e-6


@pytest.mark.parametrize("layer,size", [("conv", 3), ("pool", 4), ("conv2", 8), ("pool2", 10)])
def test_receptive_field_holds_every_pixel_the_gradient_reaches(net, data, layer, size):
    index = inside.layer_names(net).index(layer)
    maps = inside.layer_outputs(net, data["test_images"][0])[index]
    top, left, bottom, right = inside.receptive_field(net, layer, 0, 0)
    assert (bottom - top, right - left) == (size, size)
    for r in range(maps.shape[1]):
        for c in range(maps.shape[2]):
            top, left, bottom, right = inside.receptive_field(net, layer, r, c)
            outside = np.ones((16, 16), bool)
            outside[top:bottom, left:right] = False
            grads = inside.unit_gradient(net, data["test_images"][:30], layer, (2, r, c))[1]
            assert np.all(grads[:, outside] == 0), (layer, r, c)


def test_top_patches_are_the_strongest_places_cut_from_the_pictures(net, data):
    images = data["test_images"][:100]
    found = inside.top_patches(net, images, "relu2", 4, count=6)
    assert found["patches"].shape == (6, 8, 8)
    assert np.all(np.diff(found["values"]) <= 0)
    maps = inside.layer_outputs(net, images)[4][:, 4]
    assert found["values"][0] == pytest.approx(maps.max())
    for patch, i, (r, c) in zip(found["patches"], found["images"], found["places"]):
        assert maps[i, r, c] == maps[i].max()
        top, left, bottom, right = inside.receptive_field(net, "relu2", r, c)
        np.testing.assert_array_equal(patch[:bottom - top, :right - left],
                                      images[i, top:bottom, left:right])


def test_preferred_input_is_seeded_and_beats_every_dataset_picture(net, data):
    a = inside.preferred_input(net, "relu2", 4, np.random.default_rng(0))
    b = inside.preferred_input(net, "relu2", 4, np.random.default_rng(0))
    np.testing.assert_array_equal(a["picture"], b["picture"])
    assert a["picture"].min() >= -1 and a["picture"].max() <= 1
    assert a["values"][-1] > a["values"][0]
    mine = inside.layer_outputs(net, a["picture"])[4][4, 2, 2]
    dataset = inside.layer_outputs(net, data["test_images"])[4][:, 4, 2, 2]
    assert mine > dataset.max()


def test_occlusion_of_background_changes_nothing_and_matches_by_hand(net, data):
    blank = -np.ones((16, 16))
    np.testing.assert_allclose(explain.occlusion(net, blank), 0, atol=1e-12)
    grid = data["test_images"][2]
    k = int(np.argmax(net.scores(grid)))
    heat = explain.occlusion(net, grid, size=16)
    covered = -np.ones((16, 16))
    drop = net.probabilities(grid)[k] - net.probabilities(covered)[k]
    np.testing.assert_allclose(heat, drop)


def test_randomising_the_top_layer_changes_only_the_top_layer(net):
    new = explain.randomise_top(net, np.random.default_rng(1))
    again = explain.randomise_top(net, np.random.default_rng(1))
    for name in net.params:
        same = np.array_equal(new.params[name], net.params[name])
        assert same == (name not in ("fc1_w", "fc1_b")) or name == "fc1_b"
        np.testing.assert_array_equal(new.params[name], again.params[name])


def test_map_correlation():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(5, 5))
    assert explain.map_correlation(a, -a) == pytest.approx(1.0)
    assert abs(explain.map_correlation(a, rng.normal(size=(5, 5)))) < 0.6


def test_concentration_is_the_share_of_the_map_for_the_share_of_the_picture():
    heat = np.zeros((4, 4))
    heat[0, :2] = [3.0, -1.0]                        # sizes count: |-1| = 1
    where = np.zeros((4, 4), bool)
    where[0, 0] = True
    assert explain.concentration(heat, where) == pytest.approx((3 / 4) / (1 / 16))
    assert explain.concentration(np.ones((4, 4)), where) == pytest.approx(1.0)


def test_a_random_network_has_the_architecture_and_nothing_learned(net):
    fresh_net = explain.random_network(net, np.random.default_rng(0))
    assert {k: v.shape for k, v in fresh_net.params.items()} == {k: v.shape for k, v in net.params.items()}
    assert not np.array_equal(fresh_net.params["conv_w"], net.params["conv_w"])
    assert fresh_net.classes == net.classes


def test_field_size_is_the_widest_window_a_unit_combines(net):
    assert inside.field_size(net) == 8                  # conv2: 3 + 2 (pool) + 2 x 2 (3x3 on pooled maps)
    assert inside.field_size(net, "conv") == 3 and inside.field_size(net, "pool2") == 10
    with pytest.raises(ValueError, match="fc1.*not a map layer"):
        inside.field_size(net, "fc1")


@pytest.fixture(scope="module")
def median_net_once(data_once):
    from cnnlib.deep.depth import accuracy_table, median_seed
    models = load_models()
    seed = median_seed(accuracy_table(models, data_once)["two stages"])
    return seed, models


@pytest.fixture
def median_net(median_net_once):
    return fresh(median_net_once)


def test_the_maps_are_no_denser_where_the_bars_face_than_on_the_other_strokes(median_net, data):
    """Notebook 09's reading of saliency and occlusion, over 100 test pictures: both
    are dense on the strokes (well above 1, the density of a map spread evenly), and
    less dense where the bars face each other than on the rest of the strokes."""
    from cnnlib.deep.arrangement import facing
    seed, models = median_net
    net = models["two stages", seed]
    for method in (explain.saliency, explain.occlusion):
        dense = []
        for grid in data["test_images"][:100]:
            face = facing(grid, margin=1)
            heat = method(net, grid)
            dense.append([explain.concentration(heat, face),
                          explain.concentration(heat, (grid > 0) & ~face)])
        face, rest = np.mean(dense, axis=0)
        assert face > 1.5 and rest > 1.5, method.__name__
        assert rest - face >= 0.3, method.__name__


def test_the_sanity_check_against_its_yardsticks(median_net, data):
    """Notebook 09's sanity check: redrawing the top layer moves |saliency| less than
    swapping in another seed's equally good network does (the check cannot say the map
    shows what the top layer learned), and a network that learned nothing agrees
    least, below every other seed."""
    seed, models = median_net
    net, sample = models["two stages", seed], data["test_images"][:50]
    mine = [explain.saliency(net, g) for g in sample]

    def agreement(other):
        return np.mean([explain.map_correlation(a, explain.saliency(other, g))
                        for a, g in zip(mine, sample)])

    rng = np.random.default_rng(0)
    scrambled = agreement(explain.randomise_top(net, rng))
    seeds = [agreement(models["two stages", s]) for s in range(5) if s != seed]
    random = [agreement(explain.random_network(net, rng)) for _ in range(3)]
    assert scrambled - max(seeds) >= 0.03
    assert min(seeds) - max(random) >= 0.05


def test_the_tree_path_is_the_trees_own_decision(data):
    small = {k: v[:400] if k != "classes" else v for k, v in data.items()}
    tree = explain.fit_tree(small, max_depth=5)
    for grid in data["test_images"][:20]:
        lines = explain.tree_path(tree, grid, data["classes"])
        answer = data["classes"][int(tree.predict(grid.reshape(1, -1))[0])]
        assert lines[-1].startswith(f"so: {answer} (")
        assert 1 <= len(lines) - 1 <= 5
        for line in lines[:-1]:
            r = int(line.split("row ")[1].split(",")[0])
            c = int(line.split("col ")[1].split(")")[0])
            value = float(line.split(" is ")[1].split(",")[0])
            assert value == pytest.approx(grid[r, c], abs=0.005)
    assert 0 <= explain.tree_accuracy(tree, data["test_images"], data["test_labels"]) <= 1


def bad_cases(net):
    g = np.zeros((16, 16))
    return [
        (lambda: inside.layer_outputs("net", g), TypeError, ["model", "Model"]),
        (lambda: inside.layer_outputs(net, np.zeros((9, 9))), ValueError, ["grids", "(16, 16)"]),
        (lambda: inside.unit_gradient(net, g, "conv9", 0), ValueError, ["layer", "conv2", "conv9"]),
        (lambda: inside.unit_gradient(net, g, 99, 0), ValueError, ["layer", "0..7"]),
        (lambda: inside.unit_gradient(net, g, "conv2", 16), ValueError, ["unit", "16 maps"]),
        (lambda: inside.unit_gradient(net, g, "conv2", (0, 5, 0)), ValueError, ["unit", "5x5"]),
        (lambda: inside.unit_gradient(net, g, "conv2", "a"), TypeError, ["unit", "feature"]),
        (lambda: inside.unit_gradient(net, g, "fc1", 2), ValueError, ["unit", "0..1"]),
        (lambda: inside.top_patches(net, g[None], "conv", 0, count=0), ValueError, ["count", ">= 1"]),
        (lambda: inside.preferred_input(net, "conv", 0, 3), TypeError, ["rng", "Generator"]),
        (lambda: inside.preferred_input(net, "conv", 0, np.random.default_rng(), step_size=-1),
         ValueError, ["step_size", "0 to 2"]),
        (lambda: inside.preferred_input(net, "conv", 0, np.random.default_rng(), l2="x"),
         TypeError, ["l2", "number"]),
        (lambda: explain.saliency(net, np.zeros((2, 16, 16))), ValueError, ["grid", "one picture"]),
        (lambda: explain.saliency(net, g, label="X"), ValueError, ["label", "'X'", "'T'"]),
        (lambda: explain.occlusion(net, g, size=17), ValueError, ["size", "16x16"]),
        (lambda: explain.occlusion(net, g, fill=3), ValueError, ["fill", "-1 to 1"]),
        (lambda: explain.randomise_top(net, 1), TypeError, ["rng", "Generator"]),
        (lambda: explain.map_correlation(np.ones((3, 3)), np.ones((4, 4))), ValueError, ["one shape"]),
        (lambda: explain.map_correlation(np.ones((3, 3)), np.eye(3)), ValueError, ["constant"]),
        (lambda: explain.fit_tree([1, 2]), TypeError, ["data", "train_images"]),
        (lambda: explain.fit_tree(load_arrangement(), max_depth=0), ValueError, ["max_depth", ">= 1"]),
    ]


def test_bad_input_is_a_clear_error(net):
    for call, error, words in bad_cases(net):
        with pytest.raises(error) as info:
            call()
        for word in words:
            assert word in str(info.value), (word, str(info.value))


def test_the_exercise_checks_accept_the_answer_and_name_the_slips(net):
    from cnnlib.exercises import check_parameter_count, check_receptive_field
    assert check_parameter_count(1538, net).correct
    assert "bias" in check_parameter_count(1538 - 8 - 16 - 2, net)
    assert "slice per input map" in check_parameter_count(80 + 16 * 9 + 16 + 290, net)
    for bad in (None, "1538", [1, 2], 2.5, 1539):
        assert not check_parameter_count(bad, net).correct
    assert check_receptive_field(8, net, "conv2").correct
    assert check_receptive_field(10, net, "pool2").correct
    assert "pool" in check_receptive_field(6, net, "conv2")
    for bad in (None, "8", 7, 8.5):
        assert not check_receptive_field(bad, net, "conv2").correct


def test_the_exercises_network_with_a_5x5_second_stage_is_checked_by_its_shape():
    """09's exercises ask about a network in none of its tables: 5x5 second-stage features."""
    from cnnlib.exercises import check_parameter_count, check_receptive_field
    from cnnlib.network import init_model
    wide = init_model(np.random.default_rng(0), image_shape=(16, 16), classes=("T", "L"),
                      stages=[(8, 3), (16, 5)])
    # 8*9+8 + 16*8*25+16 + votes reading 16 maps of 2x2 (16 -> 14 -> 7 -> 3 -> 2) for 2 classes
    assert check_parameter_count(80 + 3216 + 16 * 4 * 2 + 2, wide).correct
    assert not check_parameter_count(1538, wide).correct
    assert check_receptive_field(12, wide, "conv2").correct         # 3 + 1 + (5 - 1) * 2
    for printed in (8, 14):                                           # the 3x3 net's; after pool2
        assert not check_receptive_field(printed, wide, "conv2").correct


def test_preferred_inputs_in_one_batch_match_one_by_one(net):
    units = [(1, 0, 1), (3, 2, 2), 5]
    together = inside.preferred_inputs(net, "pool2", units, np.random.default_rng(3), steps=12)
    assert together["pictures"].shape == (3, 16, 16) and together["values"].shape == (13, 3)
    # the first unit starts from the same noise as it would alone
    alone = inside.preferred_input(net, "pool2", units[0], np.random.default_rng(3), steps=12)
    np.testing.assert_allclose(together["pictures"][0], alone["picture"], atol=1e-9)
    np.testing.assert_allclose(together["values"][:, 0], alone["values"], atol=1e-9)
    summaries = inside.unit_summaries(net, np.zeros((4, 16, 16)) - 1, "pool", [0, 2],
                                    np.random.default_rng(0), count=2, steps=3)
    assert [s["name"] for s in summaries] == ["pool #0", "pool #2"]
    assert all(s["preferred"].shape == (16, 16) for s in summaries)
