"""fit says when training is frozen: every gradient exactly 0 and the loss where it was (the
course's "random large" init under a sigmoid output and BCE trained 3000 epochs at a loss of 50
without a word), and says nothing for a healthy run or a learning rate of 0."""
import functools
import warnings

import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import Monitor
from neuralab.train.frozen_training import FrozenTrainingWarning


def _large_init_model():
    neuralab.seed(0)
    return nn.MLP([2, 10, 5, 1], activation="relu", output="sigmoid", init=functools.partial(nn.init.normal, std=10.0))


def _circles():
    return data.load("circles", n_samples=400, noise=0.3, seed=1)


@pytest.mark.parametrize("batch_size", ["full", 32])
def test_large_init_under_sigmoid_and_bce_is_said_once_with_its_cause_and_cure(batch_size):
    X, y = _circles()
    model = _large_init_model()
    with pytest.warns(FrozenTrainingWarning) as caught:
        history = model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.01), epochs=20,
                            batch_size=batch_size, verbose=0, seed=0)
    assert history.history["loss"][0] == history.history["loss"][-1] == pytest.approx(50.0)   # frozen indeed
    frozen = [w for w in caught if w.category is FrozenTrainingWarning]
    assert len(frozen) == 1    # once, not at each of the 19 epochs after the first
    text = str(frozen[0].message)
    for words in ("exactly 0 or 1", "bce_logits", "smaller initial weights", "train.Monitor"):
        assert words in text
    # a line that names the problem and the fix, read at a glance; the evidence and the rest below it
    headline, *details = text.splitlines()
    assert headline.startswith("training is frozen") and "loss='bce_logits'" in headline and len(headline) < 200
    assert details and all(line.startswith("  ") for line in details)
    assert issubclass(FrozenTrainingWarning, UserWarning)


def test_the_advice_works_bce_logits_on_the_same_model_trains_without_the_warning():
    X, y = _circles()
    model = _large_init_model()
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenTrainingWarning)
        history = model.fit(X, y, loss="bce_logits", optimizer=optim.SGD(model.parameters(), lr=0.01), epochs=20,
                            batch_size="full", verbose=0, seed=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


@pytest.mark.parametrize("lr", [0.1, 0.0])
def test_a_healthy_run_and_a_learning_rate_of_0_are_not_called_frozen(lr):
    # lr 0: the loss stays put too, but the gradients are not 0: the model could learn
    X, y = _circles()
    neuralab.seed(0)
    model = nn.MLP([2, 10, 5, 1], output="sigmoid")
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenTrainingWarning)
        history = model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=lr), epochs=5,
                            batch_size=32, verbose=0, seed=0)
    if lr == 0:
        assert len(set(history.history["loss"])) == 1


def test_a_perfect_fit_with_nothing_left_to_learn_is_not_called_frozen():
    # outputs saturated at the right class: loss 0 and gradients 0, which is done, not frozen
    X = np.array([[-1.0], [1.0]] * 8, dtype=np.float32)
    y = np.array([0, 1] * 8)
    model = nn.Sequential(nn.Dense(1, 1), nn.Sigmoid())
    model.layers[0].weight.data[:] = 200.0
    model.layers[0].bias.data[:] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenTrainingWarning)
        history = model.fit(X, y, loss="bce", optimizer="sgd", epochs=4, batch_size=4, verbose=0, seed=0)
    assert history.history["loss"][-1] == 0.0


def test_with_a_monitor_attached_its_report_says_it_and_fit_does_not():
    # (the playground and `neuralab train --monitor` attach one; its no_gradient finding is this warning's)
    X, y = _circles()
    model = _large_init_model()
    monitor = Monitor()
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenTrainingWarning)
        history = model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.01), epochs=30,
                            batch_size=32, verbose=0, seed=0, callbacks=[monitor])
    assert "no_gradient" in [d.name for d in monitor.report()]
    # the History records it all the same: `neuralab train --monitor` read the warnings alone, found none,
    # and told this run "try a larger learning rate" beside the Monitor's findings
    assert history.frozen is True


@pytest.mark.parametrize("lr", [0.01, 0.0])
def test_the_history_records_a_frozen_run_and_only_a_frozen_one(lr):
    # lr 0 keeps the loss put with gradients that are not 0: not frozen
    X, y = _circles()
    model = _large_init_model() if lr else nn.MLP([2, 10, 5, 1], output="sigmoid", rng=0)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        history = model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=lr), epochs=5,
                            batch_size=32, verbose=0, seed=0)
    assert history.frozen is bool(lr)


# XOR's four points, standardised: each column has mean 0 and std 1, and the classes are balanced
XOR = (np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], dtype=np.float32), np.array([0, 1, 1, 0]))


def _frozen(model, X, y, lr=0.01, batch_size="full"):
    """The FrozenTrainingWarning that fitting ``model`` by SGD with bce gives (one, or the test fails)."""
    with pytest.warns(FrozenTrainingWarning) as caught:
        model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=lr), epochs=5,
                  batch_size=batch_size, verbose=0, seed=0)
    (warning,) = [w.message for w in caught if w.category is FrozenTrainingWarning]
    return warning


def test_zero_weights_are_told_a_random_start_not_smaller_weights_nor_standardised_inputs():
    # init="zeros" on standardised XOR: every hidden ReLU outputs 0 and the loss stays at ln 2. It was told
    # "start from smaller initial weights or standardise the inputs": the weights are 0, the inputs standardised
    text = str(_frozen(nn.MLP([2, 4, 1], activation="relu", output="sigmoid", init="zeros"), *XOR))
    assert text.splitlines()[0].endswith("(every weight of hidden layer 1 is 0); start from random weights: leave "
                                         "init out for the default (He for ReLU, Xavier for tanh/sigmoid)")
    assert "smaller" not in text and "standardise" not in text


def test_a_network_without_a_hidden_layer_at_its_lowest_loss_is_told_to_add_one():
    # logistic regression on XOR from zeros is at its minimum, ln 2, where the gradient is 0: no layer
    # "passes no gradient back", and neither smaller weights nor standardised inputs change that minimum
    text = str(_frozen(nn.MLP([2, 1], output="sigmoid", init="zeros"), *XOR))
    assert "without a hidden layer, is at its lowest loss); add a hidden layer: nn.MLP([2, 8, 1]" in text
    assert "passes no gradient" not in text and "smaller" not in text and "standardise" not in text


@pytest.mark.parametrize("scale", [1, 1000])
def test_standardising_is_advised_for_inputs_far_from_unit_scale_only(scale):
    X, y = _circles()
    text = str(_frozen(_large_init_model(), X * scale + (scale - 1), y))
    assert ("    - standardise the inputs: data.Standardizer" in text) == (scale == 1000)
    assert "smaller initial weights" in text    # std 10: the start is what saturated the outputs


def test_outputs_saturated_by_the_steps_from_a_default_start_are_told_a_lower_learning_rate():
    # Xavier's start is no large one: lr=1e4 pinned the sigmoid, and smaller initial weights would not help
    X, y = _circles()
    neuralab.seed(0)
    text = str(_frozen(nn.MLP([2, 10, 5, 1], activation="tanh", output="sigmoid"), X, y, lr=1e4, batch_size=32))
    # (lr 1e4 is far above SGD's usual 0.1: the lower rate leads, test_frozen_lower_rate_first.py)
    assert "saturated at exactly 0 or 1" in text and "; a lower learning rate (now 10000)" in text.splitlines()[0]
    assert "smaller initial weights" not in text


def test_the_warning_says_its_fixes_in_the_command_lines_terms_from_the_same_parts():
    warning = _frozen(_large_init_model(), *_circles())
    python, command_line = warning.text(), warning.text("cli")
    assert python == str(warning) and "loss='bce_logits'" in python and "--loss bce_logits" in command_line
    # the same lines, each fix in its own terms
    assert [line.split(":")[0] for line in python.splitlines()] == [line.split(":")[0]
                                                                   for line in command_line.splitlines()]


def test_inputs_the_same_in_every_sample_are_told_so_not_a_learning_rate():
    # constant columns, standardised to 0 (as neuralab train does): nothing tells the samples apart, and the
    # one output for all of them is already the best (p = 0.5 here). It was told "a layer passes no gradient
    # back; start from smaller initial weights or standardise the inputs"
    neuralab.seed(0)
    text = str(_frozen(nn.MLP([2, 4, 1], output="sigmoid"), np.zeros((8, 2), dtype=np.float32), np.arange(8) % 2))
    assert "(every input is the same in every sample); features that vary from sample to sample" in text
    assert "learning rate" not in text and "initial weights" not in text and "passes no gradient" not in text


def test_a_last_batch_of_identical_rows_in_varied_data_is_not_called_constant_inputs():
    # XOR's points, then one more point twice with both labels, in order (shuffle=False): the last batch holds
    # two identical rows. Logistic regression from zeros is at its lowest loss, ln 2, and its gradient is 0 on
    # every batch; the warning read the last batch alone and said "every input is the same in every sample"
    X = np.concatenate([XOR[0], [[1, 1], [1, 1]]]).astype(np.float32)
    y = np.concatenate([XOR[1], [0, 1]])
    model = nn.MLP([2, 1], output="sigmoid", init="zeros")
    with pytest.warns(FrozenTrainingWarning) as caught:
        model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.01), epochs=5, batch_size=4,
                  shuffle=False, verbose=0, seed=0)
    assert (model.layers[0].a_prev == [[1, 1], [1, 1]]).all()    # the last batch, as the warning found it
    (text,) = [str(w.message) for w in caught if w.category is FrozenTrainingWarning]
    assert "without a hidden layer, is at its lowest loss); add a hidden layer" in text
    assert "every input is the same" not in text


def _frozen_on(X, front=()):
    """The FrozenTrainingWarning's text of the large-init sigmoid network (``front`` before it) fit on ``X``
    (circles' labels) in batches of 57, unshuffled: 400 rows leave a last batch of one row, X[-1]."""
    _, y = _circles()
    model = _large_init_model()
    model = nn.Sequential(*front, *model.layers)
    with pytest.warns(FrozenTrainingWarning) as caught:
        model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.01), epochs=5, batch_size=57,
                  shuffle=False, verbose=0, seed=0)
    (text,) = [str(w.message) for w in caught if w.category is FrozenTrainingWarning]
    assert len(model.layers[len(front)].a_prev) == 1    # the last batch, as the warning found it
    return text


def test_inputs_are_judged_on_all_of_x_not_a_last_batch_of_one_row():
    # columns of 0 to 10 (μ 5, σ 2.9: within 3σ of 0), the last batch one row of 7 and 9: over that row alone
    # (σ = 0) μ 7 is "far from 0", and the warning said to standardise inputs that need no such thing
    X, _ = _circles()
    X = (X - X.min(axis=0)) / np.ptp(X, axis=0) * 10
    X[-1] = [7, 9]
    assert "    - standardise the inputs" not in _frozen_on(X)
    # the same columns moved to μ 1000 are far from 0, whatever the last batch holds
    assert "    - standardise the inputs: data.Standardizer" in _frozen_on(X + 995)


def test_inputs_standardised_by_a_layer_in_front_are_judged_as_the_first_weight_layer_takes_them():
    # nn.Standardize in front: the first Dense takes standardised rows, not X (μ 1000), so X's scale is no cause
    X, _ = _circles()
    X = X.astype(np.float64) * 100 + 1000
    front = [nn.Standardize(2, mean=X.mean(axis=0), std=X.std(axis=0))]
    assert "standardise the inputs" not in _frozen_on(X, front)
