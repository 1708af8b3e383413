"""plots.layer_stats: a Monitor's number per layer, first layer to last, for one run or several on
one log axis: the activations that He weights keep alive and small ones shrink, the gradients
that vanish on their way back through sigmoids."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn, train
from neuralab.train import plots


def _layer_runs(activation, depth=6, width=16, init=None, epochs=2):
    """A Monitor (a record every 5 steps) of an MLP of ``depth`` hidden layers of ``width``, trained on moons."""
    X, y = data.load("moons", n_samples=128, noise=0.2, seed=0)
    neuralab.seed(0)
    model = nn.MLP([2] + [width] * depth + [1], activation=activation, output="sigmoid",
                   **({"init": init} if init else {}))
    monitor = train.Monitor(every=5)
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=epochs, batch_size=32, verbose=0, callbacks=[monitor], seed=0)
    return monitor


@pytest.fixture(scope="module")
def sigmoid_and_relu():
    return {"sigmoid": _layer_runs("sigmoid"), "relu": _layer_runs("relu")}


def _layer_lines(ax):
    """{run label: (x, y)} of the lines drawn for the runs (the zero row's break aside)."""
    return {line.get_label(): (np.asarray(line.get_xdata()).tolist(), np.asarray(line.get_ydata()).tolist())
            for line in ax.lines if not line.get_label().startswith("_")}


def test_one_line_per_run_of_each_layers_activation_std_at_the_last_record(sigmoid_and_relu):
    ax = plots.layer_stats(sigmoid_and_relu).axes[0]
    drawn = _layer_lines(ax)
    for label, monitor in sigmoid_and_relu.items():
        names = [name for name in monitor.activations]
        assert drawn[label] == (list(range(1, len(names) + 1)),
                                [monitor.activations[name]["std"][-1] for name in names])
    assert ax.get_yscale() == "log"
    # the runs' layers differ in kind ("1 Sigmoid", "1 ReLU"), not in place: ticked by the index
    # model.summary() gives them, as gradient_norms and the Monitor name them
    assert ax.get_xlabel() == "activation layer, numbered as in model.summary()"
    names = list(sigmoid_and_relu["relu"].activations)
    assert [t.get_text() for t in ax.get_xticklabels()] == [name.split(" ")[0] for name in names]
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["sigmoid", "relu"]
    assert ax.get_title().endswith(f"at the last record (step {sigmoid_and_relu['relu'].steps[-1]})")


def test_the_gradient_norms_at_the_first_step_show_sigmoid_gradients_vanishing(sigmoid_and_relu):
    ax = plots.layer_stats(sigmoid_and_relu, stat="gradient_norm", record=0).axes[0]
    drawn = _layer_lines(ax)
    sigmoid = sigmoid_and_relu["sigmoid"]
    assert drawn["sigmoid"][1] == [stats["grad_norm"][0] for stats in sigmoid.weights.values()]
    first, last = drawn["sigmoid"][1][0], drawn["sigmoid"][1][-2]   # (the output layer's sigmoid aside)
    assert first < last / 100       # six sigmoid layers: each multiplies δ by σ' ≤ 1/4
    assert drawn["relu"][1][0] > drawn["relu"][1][-2] / 100
    assert ax.get_ylabel() == "gradient norm ‖dL/dW‖"
    assert ax.get_title() == "gradient norm ‖dL/dW‖ per layer\nat the first record (step 1)"


def test_he_weights_keep_relu_activations_where_small_ones_shrink_them(tmp_path):
    runs = {init: _layer_runs("relu", depth=8, width=64, init=init, epochs=1) for init in ("he_normal", "normal")}
    fig = plots.layer_stats(runs, "activation_std", tmp_path / "init.png", record=0)
    assert (tmp_path / "init.png").stat().st_size > 1000
    he, small = (_layer_lines(fig.axes[0])[label][1] for label in runs)
    # the last hidden ReLU against the first (the output's sigmoid, last, aside)
    assert he[-2] > he[0] / 10 and small[-2] < small[0] / 100
    # one monitor alone: its layers' own names on the ticks, and no legend to say which run
    ax = plots.layer_stats(runs["he_normal"], "activation_std").axes[0]
    names = list(runs["he_normal"].activations)
    assert [tick.get_text() for tick in ax.get_xticklabels()] == names and names[0] == "1 ReLU"
    assert ax.get_legend() is None


def test_the_spread_over_inputs_shows_small_weights_losing_the_input_where_the_std_turns_back_up():
    # after the first step the biases differ from unit to unit: the std of all entries of a deep
    # layer under N(0, 0.01²) weights is theirs, and rose again towards the output, which read as
    # activations coming back to life; the spread over the samples leaves them out
    monitor = _layer_runs("relu", depth=8, width=64, init="normal", epochs=1)
    ax = plots.layer_stats({"normal": monitor}, "activation_spread", record=0).axes[0]
    spread = _layer_lines(ax)["normal"][1]
    hidden = slice(0, -1)   # (the output's one sigmoid unit aside: it no longer varies, drawn on the zero row)
    assert spread[hidden] == [stats["spread"][0] for stats in monitor.activations.values()][hidden]
    std = [stats["std"][0] for stats in monitor.activations.values()]
    assert (np.diff(spread[hidden]) < 0).all() and not (np.diff(std[hidden]) < 0).all()
    assert ax.get_ylabel() == "activation spread over inputs (probe batch)"
    assert ax.get_title().startswith("activation spread over inputs per layer\n")


def test_a_layer_whose_value_is_exactly_0_is_drawn_on_the_zero_row(sigmoid_and_relu):
    monitor = sigmoid_and_relu["relu"]
    name = next(iter(monitor.activations))
    kept = monitor.activations[name]["std"][-1]
    monitor.activations[name]["std"][-1] = 0.0   # every unit dead on the probe batch
    try:
        ax = plots.layer_stats(monitor).axes[0]
    finally:
        monitor.activations[name]["std"][-1] = kept
    zero = ax.lines[0].get_ydata()[0]
    assert 0 < zero < min(ax.lines[0].get_ydata()[1:]) / 10
    assert "0" in [tick.get_text() for tick in ax.get_yticklabels()]


@pytest.mark.parametrize("runs, options, error, words", [
    (lambda m: {}, {}, ValueError, "no run to draw"),
    (lambda m: m, {"stat": "activation_mean"}, ValueError,
     r"stat is one of 'activation_std', 'activation_spread', 'gradient_norm', got 'activation_mean'"),
    (lambda m: {"relu": nn.MLP([2, 1])}, {}, TypeError, r"got Sequential for 'relu': pass the Monitor given to fit"),
    (lambda m: train.Monitor(), {}, ValueError, r"the monitor has no records yet: pass it to fit"),
    (lambda m: m, {"record": 10_000}, ValueError, r"record is an index of the monitor's \d+ records"),
])
def test_what_layer_stats_cannot_draw_is_refused_with_the_fix(sigmoid_and_relu, runs, options, error, words):
    with pytest.raises(error, match=words):
        plots.layer_stats(runs(sigmoid_and_relu["relu"]), **options)


def test_a_run_that_diverged_says_so_in_its_label(sigmoid_and_relu):
    X, y = data.load("moons", n_samples=200, noise=0.2, seed=0)
    neuralab.seed(0)
    model = nn.MLP([2, 16, 1], activation="relu")
    monitor = train.Monitor(every=1)
    with pytest.warns(train.DivergenceWarning):
        model.fit(X, y, loss="bce_logits", optimizer=neuralab.optim.SGD(model.parameters(), lr=20.0), epochs=8,
                  verbose=0, callbacks=[monitor], seed=0)
    ax = plots.layer_stats({"lr 20": monitor, "relu": sigmoid_and_relu["relu"]}, "gradient_norm").axes[0]
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["lr 20 (diverged)", "relu"]
    drawn = _layer_lines(ax)["lr 20 (diverged)"][1]
    assert drawn == [stats["grad_norm"][-1] for stats in monitor.weights.values()]
    alone = plots.layer_stats(monitor, "gradient_norm").axes[0]   # no legend: the title says it
    assert alone.get_title().endswith("\nstopped: the loss became nan at epoch 3, batch 4")
