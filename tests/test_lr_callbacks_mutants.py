"""train.LearningRateScheduler and ReduceLROnPlateau, what mutation testing found untested: each
test asserts a promise of lr_callbacks.py that a small change of the code broke unseen."""
import inspect
import warnings

import numpy as np
import pytest

from neuralab import data, nn, optim
from neuralab.train import LearningRateScheduler, ReduceLROnPlateau


@pytest.mark.parametrize("schedule", [lambda epoch: 0.1 * 0.5 ** epoch, lambda i: 0.01])
def test_a_schedule_function_of_the_epoch_is_taken_without_a_word(schedule):
    """Only a function whose one argument is named as the lr ("lr", "learning_rate") is warned of."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert LearningRateScheduler(schedule).call_form == "i"


def _fit_with(optimizer_of, schedule, epochs=3):
    """The warnings of a fit of 3 epochs with LearningRateScheduler(schedule)."""
    X, y = data.load("moons", n_samples=20, seed=0)
    model = nn.MLP([2, 1], output="sigmoid", rng=np.random.default_rng(0))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, y, loss="bce", optimizer=optimizer_of(model), epochs=epochs, verbose=0, seed=0,
                  callbacks=[LearningRateScheduler(schedule)])
    return [str(w.message) for w in caught if "gave lr 1.0" in str(w.message)]


def test_a_factor_schedule_is_warned_of_once_even_when_it_gives_1_at_every_epoch():
    assert len(_fit_with(lambda model: optim.Adam(model.parameters(), lr=0.01), lambda epoch: 1.0)) == 1


def test_a_factor_schedule_is_warned_of_with_sgd_s_lr_of_0_1():
    """η ≤ 0.1 reads a first value of 1 as a factor: 0.1 itself, SGD's usual lr, included."""
    said = _fit_with(lambda model: optim.SGD(model.parameters(), lr=0.1), lambda epoch: 0.95 ** epoch)
    assert len(said) == 1 and "the optimizer's lr is 0.1:" in said[0]


def test_a_schedule_function_of_the_epoch_and_the_lr_is_never_taken_for_factors():
    """f(epoch, lr) returns the lr itself, whatever it is: 1.0 at the first epoch is not warned of."""
    assert _fit_with(lambda model: optim.Adam(model.parameters(), lr=0.01),
                     lambda epoch, lr: 1.0 if epoch == 0 else lr * 0.5) == []


def test_a_schedule_function_is_called_ahead_at_the_first_epoch_only():
    """The factor check reads f(0), f(1), f(2) (the run's first steps) once, at the first epoch;
    after it, f is called once per epoch, with that epoch."""
    calls = []

    def schedule(epoch):
        calls.append(epoch)
        return 0.01

    _fit_with(lambda model: optim.Adam(model.parameters(), lr=0.01), schedule)
    assert calls == [0, 1, 2, 1, 2]


def test_reduce_lr_on_plateau_s_defaults_are_torch_s():
    """factor 0.1, patience 10, min_delta (torch's threshold) 1e-4, cooldown 0, min_lr 0, EPS 1e-8;
    threshold_mode alone is Keras's "abs", not torch's "rel" (documented)."""
    torch = pytest.importorskip("torch")
    theirs = inspect.signature(torch.optim.lr_scheduler.ReduceLROnPlateau).parameters
    ours = ReduceLROnPlateau()
    assert (ours.factor, ours.patience, ours.min_delta, ours.cooldown, ours.min_lr, ours.EPS) == tuple(
        theirs[name].default for name in ("factor", "patience", "threshold", "cooldown", "min_lr", "eps"))


def test_a_scheduler_of_ones_own_beside_reduce_lr_on_plateau_is_not_warned_of():
    """Only a schedule known to set the lr outright is said to undo the plateau's cuts: one's own
    scheduler object, which may multiply the lr it finds, is taken without a word."""
    class Halving:
        def __init__(self, optimizer):
            self.optimizer = optimizer

        def step(self):
            self.optimizer.lr *= 0.5

    X, y = data.load("moons", n_samples=20, seed=0)
    model = nn.MLP([2, 1], output="sigmoid", rng=np.random.default_rng(0))
    opt = optim.SGD(model.parameters(), lr=0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.fit(X, y, loss="bce", optimizer=opt, epochs=2, verbose=0, seed=0,
                  callbacks=[LearningRateScheduler(Halving(opt)), ReduceLROnPlateau(monitor="loss")])
    assert opt.lr == 0.025


def _factor_warnings(schedule, epochs=3, per="epoch"):
    """The factor warnings of a fit with LearningRateScheduler(schedule, per=per), Adam lr=0.01,
    2 updates an epoch (test_schedule_factor_habit's fit)."""
    from test_schedule_factor_habit import _FACTOR, _sf_fit
    _, said = _sf_fit(schedule, optim.Adam, lr=0.01, epochs=epochs, per=per)
    return [text for text in said if _FACTOR in text]


@pytest.mark.parametrize("schedule, per, warned", [
    (lambda epoch: 1.0 if epoch == 0 else 2.0, "epoch", True),   # one epoch: only f(0) = 1.0 is ever used
    (lambda update: 1.0 + update, "batch", False),                # 2 updates: f(1) = 2.0 is the second lr
])
def test_the_factor_check_reads_the_steps_of_the_run_counted_as_the_schedule_counts_them(schedule, per, warned):
    """One epoch of 2 updates: per epoch the run has one step, per batch two; the check reads no
    step the run does not take, and every one it takes (up to FACTOR_STEPS)."""
    assert bool(_factor_warnings(schedule, epochs=1, per=per)) is warned


@pytest.mark.parametrize("values", [[1.0, 0.0, 0.0], [1.0, 1.5, 1.2]])
def test_a_schedule_leaving_0_to_1_after_its_first_1_is_not_taken_for_factors(values):
    """Factors keep within (0, 1] over the first steps: a schedule that reaches lr 0, or rises past
    1, gives lrs."""
    assert _factor_warnings(lambda epoch: values[epoch]) == []
