"""L1Loss, the mean absolute error: value and dL/dpred against torch.nn.L1Loss in float64 (plain,
weighted, under an upstream gradient, at the kink), gradcheck away from the kink, a fit that
follows torch's step for step; its names, its metrics, its file, its refusals; and
`neuralab train --loss mae`."""
import json
import re

import numpy as np
import pytest
import torch

import neuralab
from neuralab import cli, data, nn, train
from torch_reference import assert_close, tensor

SHAPES = [(1,), (7,), (5, 1), (8, 3), (4, 2, 3), (64, 10)]


def pred_and_target(seed, shape):
    rng = np.random.default_rng(seed)
    return 3 * rng.standard_normal(shape), 3 * rng.standard_normal(shape), rng


def torch_l1(pred, target, weight=None, upstream=1.0):
    """torch.nn.L1Loss's value and the gradient its autograd sends to ``pred`` for an ``upstream``
    dOut/dL; weighted: Σ w_i ℓ_i / Σ w_i of reduction='none', ℓ_i the mean over sample i's outputs."""
    pred_t = tensor(pred, requires_grad=True)
    if weight is None:
        value = torch.nn.L1Loss()(pred_t, tensor(target))
    else:
        per_sample = torch.nn.L1Loss(reduction="none")(pred_t, tensor(target)).reshape(len(pred), -1).mean(dim=1)
        value = (tensor(weight) * per_sample).sum() / tensor(weight).sum()
    value.backward(torch.tensor(upstream, dtype=torch.float64))
    return value.item(), pred_t.grad


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_value_and_gradient_are_torch_s(float64, shape, seed):
    pred, target, _ = pred_and_target(seed, shape)
    loss = nn.L1Loss()
    expected, grad = torch_l1(pred, target)
    assert loss(pred, target) == pytest.approx(expected, rel=1e-12)
    assert_close(loss.backward(), grad)


@pytest.mark.parametrize("shape", SHAPES)
def test_weighted_mean_and_an_upstream_gradient_are_torch_s(float64, shape):
    pred, target, rng = pred_and_target(3, shape)
    weight = rng.uniform(0, 3, shape[0])
    weight[rng.random(shape[0]) < 0.2] = 0.0   # a weight of 0 drops its sample ...
    weight[0] = 0.5                            # ... while the sum stays positive
    upstream = rng.normal()                    # dOut/dL of whatever is computed from L
    loss = nn.L1Loss()
    expected, grad = torch_l1(pred, target, weight, upstream)
    assert loss(pred, target, weight=weight) == pytest.approx(expected, rel=1e-12)
    assert_close(upstream * loss.backward(), grad)


def test_the_gradient_at_the_kink_is_0_as_torch_s_sign_0(float64):
    pred = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    target = np.array([[1.0, -3.0, 0.5], [3.0, 1.0, -1.0]])   # four outputs exactly on their target
    loss = nn.L1Loss()
    expected, grad = torch_l1(pred, target)
    assert loss(pred, target) == pytest.approx(expected, rel=1e-12) == pytest.approx(2 / 6)
    np.testing.assert_array_equal(loss.backward(), grad.numpy())
    np.testing.assert_array_equal(loss.backward(), np.array([[0, 1, 0], [0, -1, 0]]) / 6)


def test_an_outlier_pulls_no_harder_than_any_other_sample(float64):
    loss = nn.L1Loss()
    loss([[1.0], [1.0]], [[0.0], [-1e6]])
    near, far = loss.backward()[:, 0]
    assert near == far == 0.5          # MSE's would be 1 and 1e6


def test_gradcheck_through_a_network_away_from_the_kink(float64):
    neuralab.seed(0)
    X, _ = data.load("moons", n_samples=40, noise=0.1, seed=0)
    model = nn.MLP([2, 8, 1], activation="tanh")   # smooth: no ReLU kink between the differences
    rng = np.random.default_rng(1)
    # every target at least 0.5 from its output: the differences of ε = 1e-6 never cross ŷ = y
    y = model.predict(X)[:, 0] + rng.choice([-1.0, 1.0], 40) * rng.uniform(0.5, 2.0, 40)
    assert train.gradcheck(model, "mae", X, y) < 1e-6


def test_a_fit_follows_torch_s_step_for_step(float64):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 3))
    y = X @ [1.5, -2.0, 0.5] + 0.3 + rng.standard_t(2, size=64)   # heavy-tailed noise: MAE's case
    neuralab.seed(0)
    model = nn.MLP([3, 8, 1], activation="tanh")
    net = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1)).double()
    with torch.no_grad():
        for layer, linear in zip([lay for lay in model.layers if isinstance(lay, nn.Dense)], net[::2]):
            linear.weight.copy_(tensor(layer.weight.data))
            linear.bias.copy_(tensor(layer.bias.data))
    history = model.fit(X, y, loss="mae", optimizer="adam", epochs=40, batch_size=64, shuffle=False,
                        verbose=0, metrics=[])
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    for _ in range(40):
        opt.zero_grad()
        value = torch.nn.L1Loss()(net(tensor(X)), tensor(y[:, None]))
        value.backward()
        opt.step()
    with torch.no_grad():
        reached = torch.nn.L1Loss()(net(tensor(X)), tensor(y[:, None])).item()
    assert history["loss"][-1] < history["loss"][0]                    # it learns ...
    assert model.evaluate(X, y, loss="mae")["loss"] == pytest.approx(reached, rel=1e-9)   # ... as torch does
    assert_close(model.layers[0].weight.data, net[0].weight)


@pytest.mark.parametrize("name", ["mae", "l1", "l1_loss", "mean_absolute_error", "meanabsoluteerror", nn.L1Loss])
def test_every_name_a_learner_tries_is_the_loss(name):
    assert type(nn.losses.get(name)) is nn.L1Loss


@pytest.mark.parametrize("name", ["L1Loss", "MeanAbsoluteError", "F.l1_loss"])
def test_other_libraries_spellings_are_pointed_to_it(name):
    with pytest.raises(ValueError, match=r"did you mean 'mae' \(nn.L1Loss\)\?"):
        nn.losses.get(name)


def test_keras_s_class_name_on_nn_says_which_class_it_is():
    with pytest.raises(AttributeError, match=r"nn.L1Loss\(\) is Keras's MeanAbsoluteError\(\) \(loss='mae' in fit\)"):
        nn.MeanAbsoluteError


def test_auto_metrics_are_a_regression_s_and_the_saved_model_keeps_the_loss(tmp_path, float64):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2))
    y = X @ [1.0, -1.0] + 0.1 * rng.normal(size=50)
    model = nn.MLP([2, 1])
    history = model.fit(X, y, loss="mae", optimizer="adam", epochs=3, verbose=0)
    assert list(history.history) == ["loss", "mse", "mae", "r2"]
    assert history["mae"] == pytest.approx(history["loss"], rel=1e-12)   # unweighted, they are one
    scores = model.evaluate(X, y)
    loaded = neuralab.load(model.save(tmp_path / "m.npz"))
    assert type(loaded.loss) is nn.L1Loss
    assert loaded.evaluate(X, y) == pytest.approx(scores, rel=1e-12)


def test_text_labels_and_a_wrong_shape_are_refused_and_the_last_call_kept():
    loss = nn.L1Loss()
    loss([[1.0], [2.0]], [[0.0], [0.0]])
    before = loss.backward()
    with pytest.raises(TypeError, match="L1Loss: targets must be numbers .*got text labels; mae is a "
                                        "regression loss: for classes use loss='cross_entropy'"):
        loss([[1.0], [2.0]], ["cat", "dog"])
    with pytest.raises(ValueError, match=r"L1Loss: target shape \(3,\) does not match prediction shape \(2, 1\)"):
        loss([[1.0], [2.0]], [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(loss.backward(), before)


def test_targets_a_bounded_output_cannot_reach_are_refused_before_training():
    model = nn.MLP([1, 4, 1], output="sigmoid")
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match=r"ends with Sigmoid, whose outputs lie in \(0, 1\): the absolute error "
                                         r"can never bring it to those targets"):
        model.fit(np.zeros((5, 1)), np.arange(5.0), loss="mae", optimizer="adam", epochs=1, verbose=0)
    assert all(np.array_equal(p.data, b) for p, b in zip(model.parameters(), before))


def test_torch_s_options_are_refused_with_the_way_here():
    with pytest.raises(TypeError, match="reduction"):
        nn.L1Loss(reduction="sum")


def test_neuralab_train_loss_mae_on_a_regression_writes_its_report(tmp_path, capsys):
    out = tmp_path / "run"
    assert cli.main(["train", "--dataset", "sine", "--loss", "mae", "--epochs", "3", "--seed", "0",
                     "--quiet", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "regression), network 1-16-16-1 relu/identity on standardised inputs and target, mae," in printed
    report = json.loads((out / "metrics.json").read_text())
    test_scores = report["results"]["test"]
    assert test_scores["loss"] == pytest.approx(test_scores["mae"], rel=1e-9)
    # history.csv's loss is the MAE of the standardised target: target_std times smaller, not target_std²
    assert "loss (less its penalty), mae, val_loss and val_mae target_std times" in report["history_units"]
    assert (out / "loss.png").exists() and (out / "prediction_curve.png").exists()
    assert type(neuralab.load(out / "model.npz").loss) is nn.L1Loss


def test_neuralab_train_loss_mae_says_its_loss_scales_with_the_std_not_its_square(tmp_path, capsys):
    # a target in the 100 000s: the MAE of the standardised target is std times the table's, not std² times
    rng = np.random.default_rng(3)
    X = rng.standard_normal((300, 2))
    price = 300_000 + 50_000 * X[:, 0] - 20_000 * X[:, 1] + 2_000 * rng.standard_normal(300)
    path = tmp_path / "houses.csv"
    path.write_text("rooms,age,price\n" + "".join(f"{a:.5f},{b:.5f},{p:.2f}\n" for (a, b), p in zip(X, price)))
    assert cli.main(["train", "--data", str(path), "--target", "price", "--loss", "mae", "--epochs", "300",
                     "--early-stopping", "3", "--quiet", "--out", str(tmp_path / "es")]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("training ended early"))
    best, std, in_units = re.search(r"; val_loss is the MAE of the standardised target, as on the loss curve: "
                                    r"(\S+) × (\S+) = (\S+) in the target's units$", line).groups()
    assert float(in_units) == pytest.approx(float(best) * float(std), rel=2e-3)
    assert cli.main(["train", "--data", str(path), "--target", "price", "--loss", "mae", "--epochs", "20",
                     "--quiet", "--out", str(tmp_path / "all")]) == 0
    report = json.loads((tmp_path / "all" / "metrics.json").read_text())
    with open(tmp_path / "all" / "history.csv") as file:
        last = dict(zip(file.readline().strip().split(","), file.readlines()[-1].strip().split(",")))
    test, std = report["results"]["test"], report["target_std"]
    assert float(last["val_loss"]) * std == pytest.approx(test["loss"], rel=1e-3)
    assert float(last["val_mse"]) * std ** 2 == pytest.approx(test["mse"], rel=1e-3)


@pytest.mark.parametrize("dataset, classes", [("moons", 2), ("iris", 3)])
def test_neuralab_train_loss_mae_on_classes_is_refused_in_one_line(tmp_path, capsys, dataset, classes):
    out = tmp_path / "run"
    assert cli.main(["train", "--dataset", dataset, "--loss", "mae", "--epochs", "1", "--quiet",
                     "--out", str(out)]) != 0
    err = capsys.readouterr().err
    assert err == (f"neuralab: error: --loss mae is for a regression, and this dataset's target is {classes} "
                   f"classes: leave --loss out for the loss of classes (or use cross_entropy)\n")
    assert not out.exists()
