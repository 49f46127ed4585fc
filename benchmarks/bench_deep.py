"""Issue 13: the deep network of notebook 09.

deep_train_seconds_vs_torch: training the two-stage network (cnnlib.deep.depth's
    "two stages" recipe, seed 0: its 30 epochs, batch 20, rate 0.1, on the
    stored T-or-L set) divided by the same network, data, batch order, batch
    size and epochs in PyTorch (plain SGD, float32, its best dtype here).
    Both record the training and test accuracy after every epoch, as
    train_model does, and both run in one subprocess on one thread
    (OMP/OPENBLAS/MKL_NUM_THREADS=1 set before numpy and torch load,
    torch.set_num_threads(1)), alternating twice, each keeping its best
    time. Both report their final test accuracy beside the time. None
    without torch.
deep_test_accuracy / deep_one_stage_accuracy: the median test accuracy over
    seeds 0..4 of the two-stage and the one-stage recipe, trained afresh here.
deep_notebook_vs_bare: notebooks/09's run time in a fresh kernel divided by
    a bare notebook's in the same run: kernel start, the libraries 09 imports
    (numpy, cnnlib's maths, drawing and widgets, scikit-learn's tree: about
    3 s of imports on these machines) and one figure.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NOTEBOOK = REPO / "notebooks" / "09_deep_network.ipynb"


def _torch_train(data, epochs, batch_size, learning_rate, seed):
    """The two-stage network in PyTorch, trained on the same batches."""
    import torch
    torch.manual_seed(seed)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2, 2, ceil_mode=True),
        torch.nn.Conv2d(8, 16, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2, 2, ceil_mode=True),
        torch.nn.Flatten(), torch.nn.Linear(144, 2))
    opt = torch.optim.SGD(net.parameters(), lr=learning_rate)
    x = torch.tensor(data["train_images"][:, None], dtype=torch.float32)
    y = torch.tensor(data["train_labels"])
    tx = torch.tensor(data["test_images"][:, None], dtype=torch.float32)
    ty = torch.tensor(data["test_labels"])
    rng = np.random.default_rng(seed)
    loss_fn = torch.nn.CrossEntropyLoss()
    history = []
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.tensor(rng.permutation(len(x)))
        for i in range(0, len(x), batch_size):
            b = order[i:i + batch_size]
            opt.zero_grad()
            loss_fn(net(x[b]), y[b]).backward()
            opt.step()
        with torch.no_grad():    # as train_model records them: both accuracies each epoch
            history.append(((net(x).argmax(1) == y).float().mean().item(),
                            (net(tx).argmax(1) == ty).float().mean().item()))
    seconds = time.perf_counter() - start
    return seconds, history[-1][1]


def _ours(data):
    from cnnlib.deep.depth import train
    start = time.perf_counter()
    model = train("two stages", 0, data)
    return time.perf_counter() - start, model.history["test_accuracy"][-1]


def train_ratio(repeat=2):
    """Run in the one-thread subprocess: ours / torch seconds, or None without
    torch. The two alternate `repeat` times and each keeps its best time, so
    a change in the machine's load between them does not decide the ratio."""
    from cnnlib.deep.arrangement import load_arrangement
    from cnnlib.deep.depth import TRAINING
    data = load_arrangement()
    try:
        import torch
    except ImportError:
        seconds, accuracy = _ours(data)
        return dict(ratio=None, ours=seconds, accuracy=accuracy)
    torch.set_num_threads(1)
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(_ours(data))
        theirs.append(_torch_train(data, TRAINING["epochs"], TRAINING["batch_size"],
                                   TRAINING["learning_rate"], 0))
    best, best_torch = min(ours), min(theirs)
    return dict(ratio=best[0] / best_torch[0], ours=best[0], torch=best_torch[0],
                accuracy=best[1], torch_accuracy=best_torch[1])


def _train_ratio_one_thread():
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    out = subprocess.run([sys.executable, __file__, "--train"], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def accuracies():
    from cnnlib.deep.arrangement import load_arrangement
    from cnnlib.deep.depth import SEEDS, train
    data = load_arrangement()
    return {kind: statistics.median(train(kind, seed, data).history["test_accuracy"][-1]
                                    for seed in SEEDS)
            for kind in ("two stages", "one stage")}


def bare_notebook():
    code = ("import numpy as np\nimport sklearn.tree\nimport cnnlib\n"
            "import cnnlib.widgets.deep\nfrom cnnlib.draw.base import new_figure, show\n"
            "fig, axes = new_figure()\naxes[0, 0].imshow(np.eye(16))\n"
            "show(fig, \"identity\", description=\"the 16 by 16 identity matrix\")")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb


def notebook_ratio():
    if not NOTEBOOK.exists():
        return None
    import notebooks  # tools/notebooks.py (on PYTHONPATH)
    with tempfile.TemporaryDirectory() as tmp:
        bare = notebooks.run(bare_notebook(), Path(tmp))
        ours = notebooks.run(nbformat.read(NOTEBOOK, as_version=4), REPO / "notebooks")
    print(f"notebook 09: {ours:.1f} s, a bare notebook: {bare:.1f} s")
    return ours / bare


def run():
    train = _train_ratio_one_thread()
    print("two-stage training, one thread:", train)
    acc = accuracies()
    return [
        ("deep_train_seconds_vs_torch", train["ratio"], 1.5, "x"),
        ("deep_test_accuracy", acc["two stages"], None, ""),
        ("deep_one_stage_accuracy", acc["one stage"], None, ""),
        ("deep_notebook_vs_bare", notebook_ratio(), 5, "x"),
    ]


if __name__ == "__main__":
    if "--train" in sys.argv:
        print(json.dumps(train_ratio()))
    else:
        for row in run():
            print(row)
