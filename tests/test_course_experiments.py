"""The course's claims, each run as a lesson runs it, through the public API only, with the
margin that makes the claim visible on its figure, and the numbers checked against PyTorch
(float64) or the math. (The perceptron's AND / OR / XOR are in test_classic.py, the 2-4-1 XOR
network in test_learning.py.)"""
import warnings

import numpy as np
import pytest
import torch

import neuralab
from neuralab import data, nn, optim, train
from neuralab.train import L2, EarlyStopping

from torch_reference import assert_close, tensor, torch_module


def weight_gradient_norms(model):
    """‖dL/dW‖ of each Dense layer, first to last, as a learner reads them from ``.grad``."""
    return np.array([np.linalg.norm(layer.weight.grad) for layer in model.layers
                     if isinstance(layer, nn.Dense)])


# -- sigmoid gradients vanish with depth --------------------------------------------------------

def test_the_gradient_of_a_10_layer_sigmoid_network_vanishes_towards_its_first_layer(float64):
    neuralab.seed(0)
    X, y = data.load("moons", n_samples=200, seed=0)
    model = nn.MLP([2] + [32] * 9 + [1], activation="sigmoid")   # 10 weight layers, Xavier
    loss = nn.BCEWithLogitsLoss()
    loss(model.forward(X, training=True), y)
    model.backward(loss.backward())
    norms = weight_gradient_norms(model)

    twin = torch_module(model)
    torch.nn.functional.binary_cross_entropy_with_logits(twin(tensor(X))[:, 0], tensor(y)).backward()
    expected = [m.weight.grad.norm().item() for m in twin if isinstance(m, torch.nn.Linear)]
    np.testing.assert_allclose(norms, expected, rtol=1e-10)
    # each σ' ≤ 1/4 shrinks δ on its way back: 1e-5 here, where 1e-3 is the claim's margin
    assert norms[0] < 1e-3 * norms[-1]
    assert np.all(np.diff(norms) > 0)   # shrinking layer after layer, not in one place


def test_the_monitor_records_the_gradient_norms_read_from_grad(float64):
    """The Monitor's ``grad_norm`` of a step is the ‖.grad‖ a learner computes by hand."""
    neuralab.seed(0)
    X, y = data.load("moons", n_samples=64, seed=0)
    model = nn.MLP([2] + [16] * 9 + [1], activation="sigmoid")
    by_hand = nn.MLP([2] + [16] * 9 + [1], activation="sigmoid")
    for ours, theirs in zip(by_hand.parameters(), model.parameters()):
        ours.data[...] = theirs.data
    loss = nn.BCEWithLogitsLoss()
    loss(by_hand.forward(X, training=True), y)
    by_hand.backward(loss.backward())

    monitor = train.Monitor(every=1)
    model.fit(X, y, loss="bce_logits", optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=1,
              batch_size="full", shuffle=False, callbacks=[monitor], verbose=0)
    recorded = [series["grad_norm"][0] for series in monitor.weights.values()]
    np.testing.assert_allclose(recorded, weight_gradient_norms(by_hand), rtol=1e-10)


# -- initialisation through 20 ReLU layers ------------------------------------------------------

def activation_stds(model, X):
    """The standard deviation of each ReLU's output, the model run layer by layer."""
    stds, a = [], X
    for layer in model.layers:
        a = layer.forward(a)
        if isinstance(layer, nn.ReLU):
            stds.append(a.std())
    return np.array(stds)


def test_he_initialisation_keeps_20_relu_layers_alive_and_small_weights_make_them_vanish(float64):
    X = np.random.default_rng(0).standard_normal((500, 100))
    neuralab.seed(0)
    he = nn.MLP([100] * 21 + [10], activation="relu", init="he_normal")
    neuralab.seed(0)
    small = nn.MLP([100] * 21 + [10], activation="relu", init="normal")   # N(0, 0.01²)
    he_stds, small_stds = activation_stds(he, X), activation_stds(small, X)

    twin, expected = torch_module(he), []
    a = tensor(X)
    for module in twin:
        a = module(a)
        if isinstance(module, torch.nn.ReLU):
            expected.append(a.std(unbiased=False).item())
    np.testing.assert_allclose(he_stds, expected, rtol=1e-10)
    # He: Var(z) stays that of the input, so the std of a = max(0, z) stays of order 1
    assert len(he_stds) == 20 and 0.3 < he_stds.min() and he_stds.max() < 3
    # N(0, 0.01²) over 100 inputs: each layer multiplies the std by about 0.01·sqrt(100/2) = 0.07
    ratios = small_stds[1:] / small_stds[:-1]
    assert np.all((0.02 < ratios) & (ratios < 0.2)) and small_stds[-1] < 1e-15


# -- the activations' functions and derivatives, as a lesson plots them -------------------------

PLOTTED = {"sigmoid": (nn.Sigmoid(), torch.sigmoid), "tanh": (nn.Tanh(), torch.tanh),
           "relu": (nn.ReLU(), torch.relu),
           "leaky_relu": (nn.LeakyReLU(0.1), lambda z: torch.nn.functional.leaky_relu(z, 0.1))}


@pytest.mark.parametrize("name", PLOTTED)
def test_a_plot_of_each_activation_and_its_derivative_is_autograds(name):
    activation, torch_fn = PLOTTED[name]
    x = np.linspace(-5, 5, 1001)           # x[500] is exactly 0, where ReLU has its kink
    x_t = tensor(x, requires_grad=True)
    torch_fn(x_t).sum().backward()
    assert_close(activation.function(x), torch_fn(tensor(x)), rtol=1e-12, atol=1e-15)
    assert_close(activation.derivative(x), x_t.grad, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("activation", [nn.Identity(), nn.Step(), nn.Sigmoid(), nn.Tanh(),
                                        nn.ReLU(), nn.LeakyReLU()], ids=repr)
def test_function_and_derivative_of_a_number_are_numbers(activation):
    """A scalar in, a NumPy scalar out, as NumPy's own functions answer (``np.tanh(0.5)``): not
    a 0-d array from some activations and a number from others."""
    for method in (activation.function, activation.derivative):
        for z in (0.5, 0, np.float32(-1.0)):
            out = method(z)
            assert isinstance(out, np.floating), f"{method.__qualname__}({z!r}) gave {out!r}"
            assert out == method(np.array([z]))[0]


def test_what_the_kinks_choose_at_zero_is_pytorchs():
    """At z = 0 ReLU's derivative is 0 and LeakyReLU's α, as autograd's; Step is 1 there and its
    derivative 0, which the perceptron lesson relies on."""
    z = tensor(0.0, requires_grad=True)
    torch.relu(z).backward()
    assert nn.ReLU().derivative(0.0) == z.grad.item() == 0.0
    z.grad = None
    torch.nn.functional.leaky_relu(z, 0.1).backward()
    assert nn.LeakyReLU(0.1).derivative(0.0) == z.grad.item() == pytest.approx(0.1)
    assert nn.Step().function(0.0) == 1.0 and nn.Step().derivative(0.0) == 0.0


def test_softmax_of_a_score_against_0_is_the_sigmoid_and_its_derivative_the_jacobian():
    x = np.linspace(-5, 5, 1001)
    z = np.column_stack([x, np.zeros_like(x)])
    softmax = nn.Softmax()
    np.testing.assert_allclose(softmax.function(z)[:, 0], nn.Sigmoid().function(x), rtol=1e-12)
    jacobians = softmax.derivative(z)
    assert jacobians.shape == (1001, 2, 2)
    z_t = tensor(z, requires_grad=True)
    a_t = torch.softmax(z_t, -1)
    for i in range(2):   # row i of every Jacobian: the gradient of Σ_samples a_i (samples apart)
        row, = torch.autograd.grad(a_t[:, i].sum(), z_t, retain_graph=True)
        assert_close(jacobians[:, i, :], row, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(jacobians[:, 0, 0], nn.Sigmoid().derivative(x), rtol=1e-12)


# -- learning rates, momentum and Adam on an ill-conditioned quadratic ---------------------------

CURVATURES = np.array([1.0, 100.0])   # f(w) = ½ Σ c_i w_i²: condition number 100


def descend(make_optimizer, steps=100):
    """f(w) after each step from w = (1, 1), the gradient c ⊙ w written into ``.grad``."""
    w = nn.Parameter(np.ones(2))
    optimizer, values = make_optimizer([w]), []
    for _ in range(steps):
        optimizer.zero_grad()
        w.grad[...] = CURVATURES * w.data
        optimizer.step()
        values.append(0.5 * np.sum(CURVATURES * w.data ** 2))
    return np.array(values), w.data


def torch_descend(make_optimizer, steps=100):
    w = torch.ones(2, dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer([w])
    for _ in range(steps):
        optimizer.zero_grad()
        (0.5 * (tensor(CURVATURES) * w * w).sum()).backward()
        optimizer.step()
    return w.detach().numpy()


RUNS = {"sgd lr 0.019": (lambda ps: optim.SGD(ps, lr=0.019), lambda ps: torch.optim.SGD(ps, lr=0.019)),
        "sgd lr 0.021": (lambda ps: optim.SGD(ps, lr=0.021), lambda ps: torch.optim.SGD(ps, lr=0.021)),
        "sgd lr 0.001": (lambda ps: optim.SGD(ps, lr=0.001), lambda ps: torch.optim.SGD(ps, lr=0.001)),
        "momentum": (lambda ps: optim.SGD(ps, lr=0.019, momentum=0.9),
                     lambda ps: torch.optim.SGD(ps, lr=0.019, momentum=0.9)),
        "adam": (lambda ps: optim.Adam(ps, lr=0.1), lambda ps: torch.optim.Adam(ps, lr=0.1))}


def test_learning_rates_momentum_and_adam_on_an_ill_conditioned_quadratic(float64):
    final = {}
    for name, (ours, theirs) in RUNS.items():
        values, w = descend(ours)
        np.testing.assert_allclose(w, torch_descend(theirs), rtol=1e-10, atol=1e-300)
        final[name] = values[-1]
    # plain SGD on f is stable for lr < 2 / c_max = 0.02: just below it converges, just above
    # it the steep direction doubles over and over, and a tenth of it crawls
    assert final["sgd lr 0.021"] > 1e6 and final["sgd lr 0.019"] < 0.02
    assert final["sgd lr 0.001"] > 0.1
    # momentum, at the same learning rate, gets ten times closer in the same 100 steps; Adam's
    # per-coordinate step ignores the conditioning
    assert final["momentum"] < final["sgd lr 0.019"] / 5 and final["adam"] < final["momentum"]


def test_the_schedules_a_lesson_plots_are_torchs():
    schedules = [(optim.step_decay(0.1, 10, 0.5), torch.optim.lr_scheduler.StepLR, {"step_size": 10, "gamma": 0.5}),
                 (optim.cosine_warm_restarts(0.1, 10), torch.optim.lr_scheduler.CosineAnnealingWarmRestarts,
                  {"T_0": 10})]
    for schedule, torch_scheduler, options in schedules:
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
        scheduler, expected = torch_scheduler(opt, **options), []
        for _ in range(40):
            expected.append(scheduler.get_last_lr()[0])
            opt.step()
            scheduler.step()
        np.testing.assert_allclose([schedule(t) for t in range(40)], expected, rtol=1e-12)


# -- overfitting and its cures -------------------------------------------------------------------

FEW = data.load("moons", n_samples=60, noise=0.9, seed=0)
MANY = data.load("moons", n_samples=500, noise=0.9, seed=1)


def overfit(epochs=300, dropout=0.0, **options):
    neuralab.seed(0)
    model = nn.MLP([2, 64, 64, 1], activation="relu", output="sigmoid", dropout=dropout)
    history = model.fit(*FEW, loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.01),
                        epochs=epochs, batch_size=32, validation_data=tuple(MANY), verbose=0,
                        seed=0, **options)
    return model, history.history["val_loss"]


def test_a_big_network_overfits_few_noisy_points_and_l2_and_early_stopping_cure_it():
    model, val_loss = overfit()
    assert model.evaluate(*FEW)["loss"] < 0.01                 # it learnt the noise...
    assert val_loss[-1] > 3 * min(val_loss)                    # ...and validation paid for it

    l2, l2_val_loss = overfit(penalty=L2(1e-2))
    assert l2_val_loss[-1] < 0.5 * val_loss[-1] and l2.evaluate(*FEW)["loss"] > 0.05

    stop = EarlyStopping(patience=20)
    stopped, stopped_val_loss = overfit(callbacks=[stop])
    assert len(stopped_val_loss) < 100 and stop.best_epoch == int(np.argmin(stopped_val_loss))
    # restore_best: the model is that of the best epoch, not of the last
    assert stopped.evaluate(*MANY)["loss"] == pytest.approx(min(stopped_val_loss), rel=1e-6)
    assert min(stopped_val_loss) < 0.4 * val_loss[-1]


def test_dropout_holds_overfitting_back():
    _, val_loss = overfit(epochs=150)
    _, dropped_val_loss = overfit(epochs=150, dropout=0.5)
    # without dropout validation loss has tripled from its low by epoch 150; with it, it has
    # barely left it (it does rise later: on 60 points dropout delays overfitting, no more)
    assert val_loss[-1] > 2.5 * min(val_loss)
    assert dropped_val_loss[-1] < 1.3 * min(dropped_val_loss) and dropped_val_loss[-1] < 0.5 * val_loss[-1]


# -- batch normalisation and augmentation ---------------------------------------------------------

DIGITS = data.load("digits")
SPLIT = data.train_test_split(DIGITS.X, DIGITS.y, test_size=0.3, seed=0)


def test_batch_normalisation_trains_a_deep_sigmoid_network_that_does_not_train_without_it():
    scaler = data.Standardizer().fit(SPLIT[0])
    X_train, X_test, y_train, y_test = scaler.transform(SPLIT[0]), scaler.transform(SPLIT[1]), *SPLIT[2:]
    accuracy = {}
    for batchnorm in (False, True):
        neuralab.seed(0)
        model = nn.MLP([64] + [64] * 8 + [10], activation="sigmoid", batchnorm=batchnorm)
        model.fit(X_train, y_train, loss="cross_entropy", optimizer=optim.SGD(model.parameters(), lr=0.05),
                  epochs=5, verbose=0, seed=0)
        accuracy[batchnorm] = model.evaluate(X_test, y_test)["accuracy"]
    assert accuracy[False] < 0.2 < 0.85 < accuracy[True]   # chance is 0.1


def test_augmenting_few_digits_lowers_the_test_loss():
    X_train, X_test, y_train, y_test = SPLIT
    X_train, y_train = X_train[:300], y_train[:300]
    test_loss = {}
    for augment in (None, data.default_augment(DIGITS)):
        neuralab.seed(0)
        model = nn.MLP([64, 128, 10])
        history = model.fit(X_train, y_train, loss="cross_entropy", epochs=150, verbose=0, seed=0,
                            optimizer=optim.Adam(model.parameters(), lr=0.003),
                            validation_data=(X_test, y_test), augment=augment)
        test_loss[augment is None] = min(history.history["val_loss"])
    assert test_loss[False] < 0.8 * test_loss[True]   # 0.69 times here, 0.43-0.69 over seeds


# -- gradient checking a layer of one's own ------------------------------------------------------

# (a name of its own: a layer class takes its name in the registry that load rebuilds from, and a
# module-level "Scale" here, imported when the tests are collected, took the name from the
# notebook cells of test_io that define their own)
class ScaleWithABug(nn.Layer):
    """z = x ⊙ w + b, one weight and one bias per feature; dL/dw = Σ_m δ ⊙ x, dL/db = Σ_m δ,
    δ_prev = δ ⊙ w. ``bug`` names a mistake a learner makes in backward."""

    def __init__(self, n, bug=None):
        self.weight = nn.Parameter(np.random.default_rng(0).standard_normal(n), "weight")
        self.bias = nn.Parameter(np.zeros(n), "bias")
        self.bug = bug

    def forward(self, x, training=False):
        self.x = x
        return x * self.weight.data + self.bias.data

    def backward(self, grad_out):
        dw = (grad_out * self.x).mean(0) if self.bug == "mean over the batch" else (grad_out * self.x).sum(0)
        if self.bug == "assigns .grad":
            self.weight.grad = dw
        else:
            self.weight.grad += dw
        self.bias.grad += grad_out.sum(0)
        return grad_out if self.bug == "δ_prev without w" else grad_out * self.weight.data


@pytest.mark.parametrize("bug, wrong", [(None, set()), ("mean over the batch", {"1.weight"}),
                                        ("assigns .grad", {"1.weight"}),
                                        ("δ_prev without w", {"input", "0.weight", "0.bias"})])
def test_gradcheck_passes_a_correct_layer_and_names_what_a_bug_makes_wrong(bug, wrong):
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((8, 3)), rng.integers(0, 2, 8)
    neuralab.seed(0)
    model = nn.Sequential(nn.Dense(3, 3), ScaleWithABug(3, bug), nn.Tanh(), nn.Dense(3, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")    # no kink warning: the Tanh network is smooth
        worst, errors = train.gradcheck(model, "bce_logits", X, y, details=True)
    assert {name for name, error in errors.items() if error > 1e-2} == wrong
    assert all(error < 1e-6 for name, error in errors.items() if name not in wrong)
    assert (worst < 1e-6) == (bug is None)
