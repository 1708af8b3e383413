"""A scheduler stepped twice between two updates, the after= of a warm-up stepped by hand, a
ReduceLROnPlateau beside a schedule that undoes its cuts, and schedules that grow or never
change: each is warned of (or refused) with what happened and the fix, and the right uses are not."""
import re
import warnings

import numpy as np
import pytest

from neuralab import nn, optim
from neuralab.train import LearningRateScheduler, ReduceLROnPlateau

TWICE = (r"StepLR\.step\(\) was called twice with no optimizer\.step\(\) between, so the lr is now 2 steps "
         r"along the schedule")


def _stepping_opt(lr=0.1):
    """An SGD over one weight, and a function making one update from a gradient of 1."""
    w = nn.Parameter([1.0])
    opt = optim.SGD([w], lr=lr)

    def update():
        w.grad[...] = 1.0
        opt.step()
        opt.zero_grad()
    return opt, update


def _stepping_fit(callbacks, opt_lr=0.1, epochs=3):
    """A small fit of 3 updates per epoch with ``callbacks`` (a function of the optimizer)."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 40)
    X = rng.standard_normal((40, 2)) + 1.5 * (2 * y[:, None] - 1)
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=np.random.default_rng(0))
    opt = optim.SGD(model.parameters(), lr=opt_lr)
    history = model.fit(X, y, loss="bce", optimizer=opt, epochs=epochs, batch_size=16, verbose=0,
                        callbacks=callbacks(opt))
    return history


def test_a_scheduler_stepped_twice_between_updates_is_warned_of_at_the_next_update():
    opt, update = _stepping_opt()
    scheduler = optim.StepLR(opt, 1, 0.5)
    update()
    scheduler.step()
    scheduler.step()   # the loop's and a callback's, say
    assert opt.lr == 0.025  # as torch's: the steps are taken, and warned of
    with pytest.warns(UserWarning, match=TWICE + r".*Call scheduler\.step\(\) from one place, once per epoch "
                                                 r"after optimizer\.step\(\).*scheduler\.schedule\(t\)"):
        update()
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # warned once: the next epoch, stepped once, is right
        scheduler.step()
        update()


def test_a_scheduler_stepped_many_times_to_plot_it_is_no_mistake_until_it_trains():
    opt, update = _stepping_opt()
    scheduler = optim.StepLR(opt, 2, 0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lrs = [opt.lr] + [scheduler.step() or opt.lr for _ in range(5)]   # plotted alone: silent
    assert lrs == [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]
    with pytest.warns(UserWarning, match=r"StepLR\.step\(\) was called 5 times with no optimizer\.step\(\) "
                                         r"between, so the lr is now 5 steps along"):
        update()   # ... but training on with it starts 5 steps along the schedule


def test_schedulers_stepped_once_per_update_or_chained_are_not_warned_of():
    opt, update = _stepping_opt()
    warmup, decay = optim.LinearWarmup(opt, 3), optim.StepLR(opt, 2, 0.5)   # two schedulers, each once
    cosine = optim.CosineAnnealingWarmRestarts(optim.SGD([nn.Parameter([0.0])], lr=0.1), 4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(6):
            update()
            warmup.step()
            decay.step()
        for epoch in range(3):   # torch's step(epoch + i / iters), once per update
            for i in range(4):
                cosine.optimizer.params[0].grad[...] = 1.0
                cosine.optimizer.step()
                cosine.step(epoch + i / 4)


def test_the_same_scheduler_given_to_two_callbacks_is_warned_of_in_fit():
    def twice(opt):
        scheduler = optim.StepLR(opt, 2, 0.5)
        return [LearningRateScheduler(scheduler), LearningRateScheduler(scheduler)]
    with pytest.warns(UserWarning, match=TWICE + r" for one step of training \(was the scheduler stepped both "
                                                 r"in your loop and by a LearningRateScheduler, or given to two"):
        history = _stepping_fit(twice)
    assert history["lr"] == [0.1, 0.05, 0.025]   # what the warning is about: alone, [0.1, 0.1, 0.05]


def test_a_warmups_after_scheduler_stepped_by_hand_is_refused_and_left_as_it_was():
    opt, update = _stepping_opt()
    decay = optim.StepLR(opt, 2, 0.5)
    warmup = optim.LinearWarmup(opt, 3, after=decay)
    update()
    warmup.step()
    lr = opt.lr
    with pytest.raises(RuntimeError, match=r"^this StepLR is the after= of a LinearWarmup, which steps it once "
                                           r"its warm-up ends: calling its step\(\) too would move it twice per "
                                           r"epoch.*Step the LinearWarmup alone$"):
        decay.step()
    assert opt.lr == lr and decay.last_epoch == -1
    lrs = []
    for _ in range(6):   # the warm-up alone still steps it
        lrs.append(round(opt.lr, 6))
        update()
        warmup.step()
    assert lrs == [0.055556, 0.077778, 0.1, 0.1, 0.05, 0.05]


# -- ReduceLROnPlateau beside a schedule ------------------------------------------------------------

PLATEAU = (r"^ReduceLROnPlateau and LearningRateScheduler\({what}, per='{per}'\) both set the lr, and the "
           r"schedule sets its own value at every {per}, undoing each cut ReduceLROnPlateau makes: the plateau "
           r"callback does nothing\. Use one of the two; or a schedule that multiplies the lr it finds")


@pytest.mark.parametrize("schedule, what, per", [
    (lambda opt: optim.CosineAnnealingWarmRestarts(opt, 100), r"CosineAnnealingWarmRestarts\(\.\.\.\)", "epoch"),
    (lambda opt: optim.LinearWarmup(opt, 2, after=optim.CosineAnnealingWarmRestarts(opt, 5)),
     r"LinearWarmup\(\.\.\.\)", "batch"),
    (lambda opt: (lambda epoch: 0.1 * 0.99 ** epoch), "a function", "epoch"),
])
def test_a_plateau_beside_a_schedule_that_sets_the_lr_outright_is_warned_of_once(schedule, what, per):
    def both(opt):
        return [ReduceLROnPlateau("loss", patience=0, factor=0.1, min_delta=10),
                LearningRateScheduler(schedule(opt), per=per)]
    with pytest.warns(UserWarning) as caught:
        _stepping_fit(both)
    said = [str(w.message) for w in caught]
    assert len(said) == 1 and re.match(PLATEAU.format(what=what, per=per), said[0])


@pytest.mark.parametrize("schedule", [
    lambda opt: optim.StepLR(opt, 2, 0.5),
    lambda opt: optim.MultiStepLR(opt, [2], 0.5),
    lambda opt: optim.LinearWarmup(opt, 2, after=optim.StepLR(opt, 2, 0.5)),
    lambda opt: (lambda epoch, lr: lr * 0.9),
])
def test_a_plateau_beside_a_schedule_that_keeps_its_cuts_is_silent_and_cuts(schedule):
    def both(opt):
        return [LearningRateScheduler(schedule(opt)), ReduceLROnPlateau("loss", patience=0, factor=0.1, min_delta=10)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = _stepping_fit(both, epochs=5)
    alone = _stepping_fit(lambda opt: [LearningRateScheduler(schedule(opt))], epochs=5)
    # a cut at every epoch's end (min_delta=10: none improves) carried on under the schedule (after a
    # warm-up, from its end: SequentialLR starts the next scheduler from the initial lr)
    assert history["lr"][-1] <= 0.1 * alone["lr"][-1] * (1 + 1e-12)


# -- construction warnings ---------------------------------------------------------------------------

def test_a_step_lr_that_grows_is_warned_of_with_the_gamma_that_decays():
    opt, _ = _stepping_opt()
    with pytest.warns(UserWarning, match=r"^StepLR: gamma=2 is above 1, so the lr is multiplied by 2 every 5 "
                                         r"steps and grows\. A decay has gamma below 1: gamma=0\.5 divides the "
                                         r"lr by 2$"):
        scheduler = optim.StepLR(opt, 5, 2.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # once, at construction: not at each step nor at a load
        scheduler.load_state_dict(scheduler.state_dict())
        for _ in range(6):
            scheduler.step()
        optim.StepLR(optim.SGD([nn.Parameter([1.0])], lr=0.1), 5, 1.0)   # constant: no warning
    assert opt.lr == 0.2


def test_a_cosine_whose_eta_min_is_above_the_lr_is_warned_of():
    opt, _ = _stepping_opt(lr=0.01)
    with pytest.warns(UserWarning, match=r"^CosineAnnealingWarmRestarts: eta_min=0\.1 is above the lr it starts "
                                         r"from, 0\.01, so each cycle's lr rises to eta_min instead of falling\. "
                                         r"eta_min is the lowest lr of a cycle.*e\.g\. eta_min=0\.0001$"):
        optim.CosineAnnealingWarmRestarts(opt, 10, eta_min=0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        optim.CosineAnnealingWarmRestarts(optim.SGD([nn.Parameter([1.0])], lr=0.01), 10, eta_min=0.01)
