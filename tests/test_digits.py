"""Real handwriting: scikit-learn's digits in the series' range, the CNN
against the fully connected net and the models people use on these digits,
the recall exercise's digit, and transfer to drawings against its controls.
The claims notebook 11 makes are held here with their margins."""
import numpy as np
import pytest
from helpers import fresh, in_a_notebook

from cnnlib import digits
from cnnlib.dataset import load_dataset


@pytest.fixture(scope="module")
def data_once():
    return digits.load_digits_data(0)


@pytest.fixture(scope="module")
def cnn_once(data_once):
    return digits.train_cnn(0, data_once)


@pytest.fixture
def data(data_once):
    return fresh(data_once)


@pytest.fixture
def cnn(cnn_once):
    return fresh(cnn_once)


def test_digits_are_in_the_series_range_and_split_by_seed(data):
    assert data["train_images"].shape == (1200, 8, 8) and data["test_images"].shape == (597, 8, 8)
    assert data["train_images"].min() == -1.0 and data["train_images"].max() == 1.0
    assert digits.to_grid([0, 8, 16]).tolist() == [-1.0, 0.0, 1.0]
    again, other = digits.load_digits_data(0), digits.load_digits_data(1)
    assert np.array_equal(again["test_images"], data["test_images"])
    assert not np.array_equal(other["test_labels"], data["test_labels"])
    assert len(digits.load_digits_data(0, train=50)["train_labels"]) == 50


def test_the_cnn_reads_real_handwriting(cnn, data):
    assert cnn.accuracy(data["test_images"], data["test_labels"]) >= 0.96
    matrix = digits.confusion(cnn, data)
    assert matrix.shape == (10, 10) and matrix.sum() == 597
    right = np.trace(matrix) / matrix.sum()
    assert right == pytest.approx(cnn.accuracy(data["test_images"], data["test_labels"]))
    wrong, truth, said, p = digits.mistakes(cnn, data)
    assert len(wrong) == matrix.sum() - np.trace(matrix)
    assert np.all(truth != said) and np.all(np.diff(p) <= 0)


def test_every_model_on_one_split(data):
    acc = digits.accuracies(data, 0)
    assert set(acc) == set(digits.MODELS) and len(digits.MODELS) == 5
    assert all(0.9 < v <= 1 for v in acc.values())
    assert acc["logistic regression"] == digits.logistic_accuracy(data)
    assert acc["SVM (RBF kernel)"] == digits.classical_accuracy("SVM (RBF kernel)", data)


def test_the_svm_is_ahead_of_the_cnn_which_is_ahead_of_the_pixel_models():
    """Notebook 11's claim (seeds 0-2): the CNN is ahead of the fully
    connected net and logistic regression on every seed, but the SVM and
    k-nearest neighbours are ahead of the CNN on every seed: the CNN does not
    earn its place on these digits. Should a better CNN pass the SVM, this
    fails and the notebook's prose must change."""
    runs = digits.compare(seeds=range(3))
    for name in ("fully connected", "logistic regression"):
        assert np.all(runs["CNN"] > runs[name]), name
    for name in ("SVM (RBF kernel)", "k-nearest neighbours"):
        assert np.all(runs[name] > runs["CNN"]), name
    assert runs["SVM (RBF kernel)"].mean() - runs["CNN"].mean() >= 0.008    # 98.7% against 97.7%
    mistakes = {name: 1 - accs.mean() for name, accs in runs.items()}
    assert 1 - mistakes["SVM (RBF kernel)"] / mistakes["CNN"] >= 0.3        # 41% fewer mistakes


def test_the_exercise_digit_tells_rows_from_columns(cnn, data):
    """The recall exercise's digit (notebook 11, seed 0's CNN) has different
    row and column sums, so check_recall catches the row/column mix-up."""
    from cnnlib.exercises import check_recall
    matrix = digits.confusion(cnn, data)
    digit = digits.exercise_digit(matrix)
    right, was, said = matrix[digit, digit], matrix[digit].sum(), matrix[:, digit].sum()
    assert was != said and right < was
    assert abs(right / was - right / said) > 0.01            # far beyond check_recall's 1e-3
    assert "column" in str(check_recall(right / said, matrix, digit=digit))
    assert "Correct" in str(check_recall(right / was, matrix, digit=digit))
    eight_like = np.diag(np.full(10, 5))
    eight_like[8, 3] = eight_like[3, 8] = 1                  # 8's row and column sums are equal
    eight_like[2, 5] = 2                                     # 2's are not
    assert digits.exercise_digit(eight_like) == 2
    with pytest.raises(ValueError, match="misses"):
        digits.exercise_digit(np.diag(np.full(10, 5)))
    with pytest.raises(ValueError, match="10, 10"):
        digits.exercise_digit(np.ones((3, 3)))


def test_compare_data_hunger_and_trained_cnn_share_their_runs(cnn, data):
    runs = digits.compare(seeds=(0,))
    hunger = digits.data_hunger(sizes=(50, digits.FULL), seeds=(0,))
    for name in digits.MODELS:
        assert hunger[name][1, 0] == runs[name][0]
    kept = digits.trained_cnn(0)
    assert np.array_equal(kept.params["conv_w"], cnn.params["conv_w"])     # the same run
    assert kept.accuracy(data["test_images"], data["test_labels"]) == runs["CNN"][0]
    kept.params["conv_w"][:] = 0                                          # a copy
    assert digits.trained_cnn(0).params["conv_w"].any()


def test_transfer_on_drawings_tested_on_other_drawings(cnn):
    from cnnlib.data import load_grid
    from cnnlib.own_drawings import sketches
    pictures = {n: load_grid(n) for n in ("x", "o", "plus")}
    drawn, unseen = (sketches(pictures, n, np.random.default_rng(s)) for n, s in ((3, 0), (4, 1)))
    task = drawn.dataset(test=unseen)
    assert task["test_images"].shape == (12, 9, 9) and task["test_labels"].tolist() == [0, 1, 2] * 4
    out = digits.transfer_curve(cnn, task, sizes=(1, 3), seeds=(0,), epochs=3)
    assert all(out[way].shape == (2, 1) for way in digits.WAYS)


@pytest.fixture(scope="module")
def drawings_task_once():
    from cnnlib.data import load_grid
    from cnnlib.own_drawings import sketches
    pictures = {n: load_grid(n) for n in ("x", "o", "plus")}
    drawn = sketches(pictures, 20, np.random.default_rng(0))
    return drawn.dataset(test=sketches(pictures, 30, np.random.default_rng(1)))


@pytest.fixture
def drawings_task(drawings_task_once):
    return fresh(drawings_task_once)


def test_digit_features_do_no_better_than_random_ones(cnn, drawings_task):
    """Notebook 11's transfer claim, its run (seeds 0-4): with one drawing per
    class the frozen digit features are below both controls, frozen random
    features and training from scratch, on the mean and ahead of the random
    ones on at most 2 of 5 seeds (with ten per class too); with ten per class
    all four ways land within two points."""
    out = digits.transfer_curve(cnn, drawings_task, sizes=(1, 10), seeds=range(5))
    one = {way: out[way][0] for way in digits.WAYS}
    assert one["frozen digit features"].mean() < one["frozen random features"].mean()
    assert one["frozen digit features"].mean() < one["from scratch"].mean()
    assert (one["frozen digit features"] > one["frozen random features"]).sum() <= 2
    assert (out["frozen digit features"][1] > out["frozen random features"][1]).sum() <= 2
    ten = [out[way][1].mean() for way in digits.WAYS]
    assert max(ten) - min(ten) <= 0.02


def test_frozen_random_features_are_the_start_from_scratch_kept(cnn):
    from cnnlib.network import train_model
    from cnnlib.beyond.transfer import features_only
    xo = load_dataset()
    few = {k: xo[k][:12] for k in ("train_images", "train_labels")}
    frozen = tuple(features_only(cnn).params)
    start = train_model(3, data=few, features=8, epochs=0)
    kept = train_model(3, data=few, features=8, epochs=2, frozen=frozen)
    assert np.array_equal(kept.params["conv_w"], start.params["conv_w"])
    assert not np.array_equal(kept.params["fc1_w"], start.params["fc1_w"])    # the votes learn


def test_long_work_shows_one_bar_not_one_per_training(cnn, drawings_task, capsys, monkeypatch):
    """In a notebook each experiment shows one bar, closed at its end: the
    trainings inside show none (a bar per training buried the answer)."""
    in_a_notebook(monkeypatch)
    digits.compare(seeds=(7,))
    digits.data_hunger(sizes=(30,), seeds=(7,))
    digits.transfer_curve(cnn, drawings_task, sizes=(1,), seeds=(0,), epochs=2)
    shown = capsys.readouterr().err
    assert shown.count("\n") == 3 and "epoch" not in shown
    assert "1/1" in shown and "4/4" in shown


def test_transfer_curve_shapes_and_ways(cnn):
    xo = load_dataset()
    out = digits.transfer_curve(cnn, xo, sizes=(2,), seeds=(0,), epochs=5)
    assert len(digits.WAYS) == 4 and "frozen random features" in out
    assert out["sizes"].tolist() == [2]
    for way in digits.WAYS:
        assert out[way].shape == (1, 1) and 0 <= out[way][0, 0] <= 1


def test_frozen_features_stay_the_digits_features(cnn):
    from cnnlib.beyond.transfer import features_only
    from cnnlib.network import train_model
    xo = load_dataset()
    start = features_only(cnn)
    model = train_model(0, data=xo, init=start, frozen=tuple(start.params), features=8, epochs=1)
    assert np.array_equal(model.params["conv_w"], cnn.params["conv_w"])


@pytest.mark.parametrize("call, error, words", [
    (lambda: digits.load_digits_data(-1), ValueError, ["seed"]),
    (lambda: digits.load_digits_data(0, train=0), ValueError, ["train", ">= 1"]),
    (lambda: digits.load_digits_data(0, test=1797), ValueError, ["test"]),
    (lambda: digits.transfer_curve("model", {}), TypeError, ["source", "Model"]),
])
def test_bad_input_is_explained(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)


def test_the_stored_runs_are_what_notebook_runs_gives():
    """Notebook 11 loads its comparison and data hunger (tools/make_digits.py):
    trained again from scratch they give exactly the stored accuracies. The
    classical models are scikit-learn's, so with another version than the one
    that made the file only the series' own networks must agree."""
    import sklearn
    stored, fresh = digits.load_runs(), digits.notebook_runs(progress=False)
    same_version = stored["sklearn_version"] == sklearn.__version__
    assert set(fresh) == {"compare", "hunger"}
    for run, results in fresh.items():
        assert list(results) == list(stored[run])
        for key, value in results.items():
            if same_version or key in ("sizes", "CNN", "fully connected"):
                np.testing.assert_array_equal(stored[run][key], value, err_msg=f"{run}/{key}")
    assert stored["compare"]["CNN"].shape == (3,)
    assert stored["hunger"]["SVM (RBF kernel)"].shape == (4, 3)
    np.testing.assert_array_equal(stored["hunger"]["sizes"], digits.NOTEBOOK_SIZES)


def test_stored_runs_that_are_not_accuracies_are_refused(tmp_path, monkeypatch):
    runs = digits.load_runs()
    runs.pop("sklearn_version")
    runs["hunger"]["CNN"] = runs["hunger"]["CNN"] * 100
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path))
    digits.save_runs(runs, tmp_path / digits.RUNS_FILE)
    with pytest.raises(ValueError, match="hunger/CNN.*make_digits.py"):
        digits.load_runs()
