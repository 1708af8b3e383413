"""A frozen run (every gradient exactly 0) whose learning rate is far above its optimizer's usual one
is told to lower it first: ``neuralab train --lr 10`` (spiral, Adam, whose usual is 0.01) pinned the
sigmoid output in a few steps and was told to "train on the logits", the lower rate second. The
logits stay the second remedy; at a usual rate the order is as it was."""
import pytest

import neuralab
from neuralab import cli, nn, optim
from neuralab.train.usual_learning_rates import FAR_ABOVE_USUAL, USUAL_LR, lower_to_usual, usual_lr
from test_fit_frozen_training import _circles, _frozen

LOGITS = "    - the logits: --loss bce_logits computes the loss"


def _saturated_from_the_start():
    """2-10-5-1 tanh with a sigmoid output, Xavier's weights times 1000: every output at exactly 0 or 1
    from the first batch, the same run at any rate (no gradient moves a weight)."""
    neuralab.seed(0)
    model = nn.MLP([2, 10, 5, 1], activation="tanh", output="sigmoid")
    for layer in model.layers:
        if isinstance(layer, nn.Dense):
            layer.weight.data *= 1000
    return model


@pytest.mark.parametrize("lr", [0.01, 0.1, 1.0, 10.0])
def test_a_rate_far_above_sgds_usual_leads_and_the_logits_come_second(lr):
    far = lr >= FAR_ABOVE_USUAL * USUAL_LR["sgd"]
    warning = _frozen(_saturated_from_the_start(), *_circles(), lr=lr)
    headline, *details = warning.text("cli").splitlines()
    tries = [line for line in details if line.startswith("    - ")]
    assert headline.startswith("training is frozen: every gradient is exactly 0 (the outputs are saturated")
    if far:
        assert headline.endswith(f"; a lower learning rate (now {lr:g}), such as this optimizer's usual 0.1: --lr")
        assert tries[0].startswith(LOGITS)
        assert not any("learning rate" in line for line in tries)            # said once, in the headline
        assert str(warning).splitlines()[0].endswith(f"; a lower learning rate (now {lr:g}), such as this optimizer's "
                                                     f"usual 0.1: optim.SGD(..., lr=...), or optimizer.lr = ...")
    else:                                                                     # today's order
        assert headline.endswith("; train on the logits: --loss bce_logits (--loss cross_entropy with --output softmax)")
        assert tries[0].startswith(LOGITS) and tries[1].startswith("    - a lower learning rate (one large step")


def test_neuralab_train_at_1000_times_adams_usual_rate_is_told_to_lower_it_first(tmp_path, capsys):
    assert cli.main(["train", "--lr", "10", "--epochs", "5", "--seed", "0", "--quiet", "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err.splitlines()
    (i,) = [i for i, line in enumerate(err) if line.startswith("warning: training is frozen")]
    assert err[i].endswith("(the outputs are saturated at exactly 0 or 1); a lower learning rate (now 10), such as "
                           "this optimizer's usual 0.01: --lr")
    assert err[i + 2] == "  try:" and err[i + 3].startswith(LOGITS)


@pytest.mark.parametrize("optimizer, usual", [
    (lambda p: optim.SGD(p, lr=1), 0.1), (lambda p: optim.SGD(p, lr=1, momentum=0.9), 0.05),
    (lambda p: optim.SGD(p, lr=1, momentum=0.9, nesterov=True), 0.05), (lambda p: optim.Adam(p, lr=1), 0.01),
    (lambda p: optim.AdamW(p, lr=1), 0.01), (lambda p: optim.RMSProp(p, lr=1), 0.005),
    (lambda p: optim.Adagrad(p, lr=1), 0.1)])
def test_each_optimizer_has_its_usual_rate_and_only_ten_times_it_is_far_above(optimizer, usual):
    opt = optimizer(nn.Dense(2, 1).parameters())
    assert usual_lr(opt) == usual
    opt.lr = FAR_ABOVE_USUAL * usual * (1 - 1e-9)
    assert lower_to_usual(opt) is None
    opt.lr = FAR_ABOVE_USUAL * usual
    assert lower_to_usual(opt).words == f"a lower learning rate (now {opt.lr:g}), such as this optimizer's usual {usual:g}"


def test_an_optimizer_of_ones_own_has_no_usual_rate():
    class Halving(optim.SGD):
        pass
    opt = Halving(nn.Dense(2, 1).parameters(), lr=1e6)
    assert usual_lr(opt) is None and lower_to_usual(opt) is None and lower_to_usual(None) is None
