"""A loss that rose again after it had converged: Adam's steps do not shrink as the gradients
vanish (√v̂ vanishes with them), and a long run at a constant learning rate jumps, here for good
(confidently wrong answers at exactly 0 or 1, where BCELoss passes no gradient). The monitor names
it as such, not as a learning rate too high, with the remedies that prevent it; and Adam's step in
that regime is torch's."""
import numpy as np
import pytest
import torch

import neuralab
from neuralab import data, nn, optim
from neuralab.nn.parameter import Parameter
from neuralab.optim import SGD
from neuralab.train.diagnose_late import late_rise
from neuralab.train.monitor import Monitor


def _late_rise_moons_fit(eps=1e-8):
    """40 moons, 2-16-16-1 sigmoid with BCELoss, Adam at lr 0.1 in batches of 8 for 6,000 epochs:
    the loss falls to ~1e-12 by epoch ~4,800, then jumps and ends at 50 (half the answers wrong
    at exactly 0 or 1). (model, history, monitor)."""
    neuralab.seed(1)
    moons = data.load("moons", n_samples=40)
    X = ((moons.X - moons.X.mean(0)) / moons.X.std(0)).astype(np.float32)
    model = nn.MLP([2, 16, 16, 1], activation="relu", output="sigmoid")
    monitor = Monitor()
    history = model.fit(X, moons.y, loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.1, eps=eps),
                        epochs=6000, batch_size=8, verbose=0, seed=1, callbacks=[monitor])
    return model, history, monitor


@pytest.fixture(scope="module")
def late_rise_run():
    return _late_rise_moons_fit()


def test_a_loss_that_rose_after_converging_is_named_with_the_remedies_that_prevent_it(late_rise_run):
    _, history, monitor = late_rise_run
    loss = np.array(history.history["loss"])
    assert loss.min() < 1e-9 * loss[0] and loss[-1] > loss[0]     # converged, then rose past its start
    report = monitor.report()
    assert report.names[0] == "late_rise" and "learning_rate_too_high" not in report.names
    d = report[0]
    assert d.severity == "severe"                                 # it did not come back down
    lowest, epoch = d.evidence.split("the epoch loss was down to ")[1].split(",")[0].split(" at epoch ")
    assert float(lowest) < 1e-9 * loss[0] and lowest == f"{loss[int(epoch) - 1]:.3g}"
    assert f"and is {loss[-1]:.3g} at the last" in d.evidence and "Adam divides each step" in d.evidence
    advice = d.advice("cli")
    assert "--schedule step:1000:0.5" in advice[0] and any("eps=1e-6" in a for a in advice)
    assert not any("clip" in a for a in advice)                   # Adam's step does not scale with g
    pinned = report[report.names.index("pinned_output")]         # why the wrong answers stay wrong
    assert "lr" not in [r.key for r in pinned.remedies]           # given once, by late_rise


def test_the_late_rise_remedy_eps_is_left_out_for_another_optimizer(late_rise_run):
    model, _, monitor = late_rise_run
    adam = monitor.params["optimizer"]
    monitor.params["optimizer"] = SGD(model.parameters(), lr=0.1)
    try:
        d = late_rise(monitor)
    finally:
        monitor.params["optimizer"] = adam
    assert d.name == "late_rise" and "Adam" not in d.evidence
    assert [r.key for r in d.remedies] == ["decay", "epochs", "lr"]


def test_a_larger_eps_keeps_the_same_run_converged():
    # the remedy the report gives in Python: with √v̂ below ε, Adam's step shrinks with the gradient
    _, history, monitor = _late_rise_moons_fit(eps=1e-6)
    loss = np.array(history.history["loss"])
    assert loss[-1] < 1e-6 and loss.max() == loss[0]
    assert "late_rise" not in monitor.report().names


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_adam_steps_as_torch_does_as_the_gradients_vanish_and_return(dtype):
    """The regime of a late rise: gradients that fall from 1 to 1e-12, where √v̂ meets ε = 1e-8 and
    where ε's place (after the square root and the bias correction) decides each step, then a
    burst of 1e-4. Each step is compared with torch.optim.Adam's."""
    rng = np.random.default_rng(0)
    start = rng.standard_normal(50).astype(dtype)
    ours, theirs = Parameter(start.copy()), torch.tensor(start.copy(), requires_grad=True)
    opt, ref = optim.Adam([ours], lr=0.01), torch.optim.Adam([theirs], lr=0.01)
    scales = np.concatenate([np.logspace(0, -12, 3000), np.full(20, 1e-4), np.full(200, 1e-12)])
    for scale in scales:
        g = (scale * rng.standard_normal(50)).astype(dtype)
        ours.grad[...] = g
        theirs.grad = torch.tensor(g)
        before = ours.data.copy()
        opt.step()
        ref.step()
        expected = theirs.detach().numpy()
        # each step to float rounding of the step itself (a step of ~lr on weights of ~1)
        rtol = 1e-5 if dtype == np.float32 else 1e-10
        np.testing.assert_allclose(ours.data - before, expected - before, rtol=rtol, atol=4 * np.finfo(dtype).eps)
        ours.data[...] = expected     # from the same weights: the comparison is of each step, not of chaos
