"""plots.compare and plots.layer_stats draw into a subplot of the learner's own (``ax=``), as the
other one-panel plots do: the loss of several runs beside their accuracy, a Monitor's activations
beside its gradients, in one figure the learner titles and saves."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import neuralab  # noqa: E402
from neuralab import data, nn  # noqa: E402
from neuralab.train import Monitor, plots  # noqa: E402


@pytest.fixture(scope="module")
def two_runs():
    """Two short moons runs, by learning rate, each with a Monitor: {label: (History, Monitor)}."""
    X, y = data.load("moons", n_samples=120, noise=0.6, seed=0)
    runs = {}
    for lr in (0.1, 0.01):
        neuralab.seed(0)
        model = nn.MLP([2, 8, 8, 1], activation="relu", output="sigmoid")
        monitor = Monitor(every=5)
        history = model.fit(X, y, loss="bce", optimizer="sgd", epochs=4, verbose=0, seed=0,
                            validation_data=(X[:40], y[:40]), callbacks=[monitor])
        runs[f"lr {lr}"] = (history, monitor)
    return runs


def _has_curve(ax, values):
    """Whether one of the lines drawn in ``ax`` runs through ``values``, in order."""
    values = np.asarray(values, dtype=np.float64)
    return any(np.shape(line.get_ydata()) == values.shape and np.allclose(line.get_ydata(), values)
               for line in ax.lines)


def test_compare_draws_the_loss_and_the_accuracy_side_by_side_in_the_learners_figure(two_runs, tmp_path):
    histories = {label: history for label, (history, _) in two_runs.items()}
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
    assert plots.compare(histories, ax=left) is left
    assert plots.compare(histories, metric="accuracy", ax=right, path=tmp_path / "runs.png") is right
    assert (tmp_path / "runs.png").stat().st_size > 0        # the learner's whole figure, saved
    assert len(fig.axes) == 2                                 # drawn into the two panels, none added
    assert _has_curve(left, histories["lr 0.1"]["loss"]) and _has_curve(left, histories["lr 0.01"]["val_loss"])
    assert _has_curve(right, histories["lr 0.1"]["accuracy"])
    assert left.get_title() == "loss of 2 runs" and right.get_title() == "accuracy of 2 runs"
    plt.close(fig)


def test_layer_stats_draws_into_the_learners_subplot(two_runs):
    monitors = {label: monitor for label, (_, monitor) in two_runs.items()}
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
    assert plots.layer_stats(monitors, ax=left) is left
    assert plots.layer_stats(monitors, stat="gradient_norm", ax=right) is right
    assert len(fig.axes) == 2
    norms = [weights["grad_norm"][-1] for weights in monitors["lr 0.1"].weights.values()]
    assert _has_curve(right, norms)
    assert right.get_title().startswith("gradient norm ‖dL/dW‖ per layer")
    plt.close(fig)


@pytest.mark.parametrize("plot", ["compare", "layer_stats"])
def test_the_array_of_subplots_is_refused_with_the_one_to_pick(two_runs, plot):
    history, monitor = two_runs["lr 0.1"]
    given = {"compare": {"lr 0.1": history}, "layer_stats": monitor}[plot]
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(TypeError, match=r"pick one, ax=ax\[0\]"):
        getattr(plots, plot)(given, ax=axes)
    plt.close(fig)
