"""A report advises a lower learning rate once. ``neuralab train --lr 10 --monitor`` (Adam, whose usual
rate is 0.01) pins the output in a few steps: the report named "No gradient: training is frozen", whose
evidence points to "Learning rate too high", and both findings then listed a lower learning rate."""
from neuralab import cli


def test_neuralab_train_at_lr_10_is_told_a_lower_rate_once(tmp_path, capsys):
    assert cli.main(["train", "--lr", "10", "--monitor", "--epochs", "50", "--quiet", "--out",
                     str(tmp_path / "run")]) == 0
    report = capsys.readouterr().out.split("Training monitor:")[1]
    frozen, too_high = (report.split("\n\n[")[k] for k in (1, 2))
    assert frozen.startswith("severe] No gradient: training is frozen")
    # the steps that pinned the output are the ones that finding blames: by their size and rate, pointed there
    assert "steps this large drive z into the tails (see Learning rate too high)" in frozen and "--lr" not in frozen
    assert "a step too large for the network" not in frozen and "with a gradient" not in frozen
    assert too_high.startswith("warning] Learning rate too high")
    assert "lower the learning rate (divide it by 3 to 10): --lr" in too_high
    assert report.count("lower") == 1
