"""The customer table: a model that ignores column order does not mind a shuffle."""
import numpy as np
import pytest

from cnnlib.beyond import tabular


@pytest.fixture(scope="module")
def data():
    return tabular.make_customers(np.random.default_rng(0))


def test_table_shape_and_seed(data):
    assert data["train_x"].shape == (300, 6) and data["test_x"].shape == (300, 6)
    again = tabular.make_customers(np.random.default_rng(0))
    assert np.array_equal(data["train_x"], again["train_x"])
    assert set(np.unique(data["train_y"])) == {0, 1}


def test_logistic_regression_learns_the_table(data):
    model = tabular.fit_logistic(data["train_x"], data["train_y"])
    assert model.accuracy(data["test_x"], data["test_y"]) > 0.7
    majority = max(data["test_y"].mean(), 1 - data["test_y"].mean())
    assert model.accuracy(data["test_x"], data["test_y"]) > majority + 0.15
    # it finds the direction of each effect the table was generated with
    assert np.array_equal(np.sign(model.w), np.sign(tabular.EFFECTS))


def test_gradient_step_matches_finite_differences(data):
    x, y = data["train_x"][:50], data["train_y"][:50]
    model = tabular.fit_logistic(x, y, steps=1, learning_rate=1.0)
    # one step from zero weights: w = -dL/dw at w = 0; check against finite differences
    z = (x - x.mean(axis=0)) / x.std(axis=0)

    def loss(w):
        p = 1 / (1 + np.exp(-(z @ w)))
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    eps = 1e-6
    grad = [(loss(eps * e) - loss(-eps * e)) / (2 * eps) for e in np.eye(6)]
    assert np.allclose(model.w, -np.array(grad), atol=1e-6)


def test_shuffled_columns_give_the_same_predictions(data):
    shuffled, order = tabular.shuffle_columns(data, np.random.default_rng(1))
    assert sorted(order.tolist()) == list(range(6)) and order.tolist() != list(range(6))
    assert shuffled["columns"] == tuple(data["columns"][i] for i in order)
    a = tabular.fit_logistic(data["train_x"], data["train_y"])
    b = tabular.fit_logistic(shuffled["train_x"], shuffled["train_y"])
    assert np.array_equal(a.predict(data["test_x"]), b.predict(shuffled["test_x"]))
    assert np.allclose(a.w[order], b.w)


def test_column_experiment_reports_equal_accuracies(data):
    results = tabular.column_experiment(data, np.random.default_rng(2), shuffles=3)
    assert len(results) == 4 and results[0][0] == tabular.COLUMNS
    assert len({cols for cols, _ in results}) == 4
    for name in tabular.MODELS:
        assert len({scores[name] for _, scores in results}) == 1


def test_stumps_learn_the_table_and_ignore_column_order(data):
    model = tabular.fit_stumps(data["train_x"], data["train_y"])
    majority = max(data["test_y"].mean(), 1 - data["test_y"].mean())
    assert model.accuracy(data["test_x"], data["test_y"]) > majority + 0.15
    shuffled, order = tabular.shuffle_columns(data, np.random.default_rng(1))
    other = tabular.fit_stumps(shuffled["train_x"], shuffled["train_y"])
    # the same questions, asked of the same column under its new number
    assert np.array_equal(order[other.columns], model.columns)
    assert np.array_equal(model.predict(data["test_x"]), other.predict(shuffled["test_x"]))


def test_one_stump_finds_the_one_threshold_that_matters():
    x = np.column_stack([np.arange(40.0), np.zeros(40)])
    y = (x[:, 0] >= 20).astype(float)
    model = tabular.fit_stumps(x, y, trees=1, learning_rate=1.0, cuts=39)
    assert model.columns.tolist() == [0] and 19 <= model.thresholds[0] < 20
    assert model.left[0] < 0 < model.right[0]
    assert model.accuracy(x, y) == 1.0


@pytest.mark.parametrize("call, error, words", [
    (lambda: tabular.fit_logistic(np.ones((5, 2)), np.ones(4)), ValueError, ["y", "5", "4"]),
    (lambda: tabular.fit_logistic(np.ones(5), np.ones(5)), ValueError, ["x", "2-D", "1-D"]),
    (lambda: tabular.make_customers(1), TypeError, ["rng", "default_rng"]),
    (lambda: tabular.fit_logistic(np.ones((5, 2)), np.ones(5)).predict(np.ones((2, 3))),
     ValueError, ["2 columns", "3"]),
    (lambda: tabular.fit_stumps(np.ones((5, 2)), np.ones(3)), ValueError, ["y", "5", "3"]),
    (lambda: tabular.fit_stumps(np.ones((4, 2)), np.array([0, 1, 0, 1]), trees=0), ValueError,
     ["trees", ">= 1"]),
])
def test_bad_input_is_explained(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)
