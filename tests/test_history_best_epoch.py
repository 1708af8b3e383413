"""A fit given an EarlyStopping notes its best epoch on the History (and whether its weights came
back), so that ``loss_curves(history)`` and ``compare({label: history})`` mark the epoch whose
weights the model holds, not only where the run stopped."""
import pytest

import neuralab
from neuralab import data, nn
from neuralab.train import EarlyStopping, plots


def _run(restore_best=True, stopping=True):
    neuralab.seed(0)
    X, y = data.load("moons", n_samples=60, noise=1.5, seed=0)
    X_val, y_val = data.load("moons", n_samples=200, noise=1.5, seed=1)
    model = nn.MLP([2, 64, 64, 1], output="sigmoid")
    stop = EarlyStopping(patience=5, restore_best=restore_best)
    history = model.fit(X, y, loss="bce", optimizer="adam", epochs=200, validation_data=(X_val, y_val),
                        callbacks=[stop] if stopping else [], verbose=0, seed=0)
    return history, stop


@pytest.fixture(scope="module")
def stopped():
    return _run()


def test_the_history_carries_the_best_epoch_and_whether_its_weights_came_back(stopped):
    history, stop = stopped
    assert stop.stopped_epoch is not None and stop.best_epoch < history.epoch[-1]   # stopped after it
    assert history.best_epoch == stop.best_epoch
    assert history["val_loss"][history.best_epoch] == min(history["val_loss"])
    assert history.best_restored is True
    kept, _ = _run(restore_best=False)
    assert kept.best_epoch is not None and kept.best_restored is False
    plain, _ = _run(stopping=False)
    assert plain.best_epoch is None and plain.best_restored is False


def test_loss_curves_marks_the_best_epoch_from_the_history_alone(stopped):
    history, stop = stopped
    for fig in (plots.loss_curves(history), plots.loss_curves(history, early_stopping=stop)):
        best = [line for line in fig.axes[0].lines if line.get_label() == "best (restored)"]
        assert len(best) == 1 and list(best[0].get_xdata()) == [history.best_epoch + 1] * 2
    plain, _ = _run(stopping=False)
    assert not [line for line in plots.loss_curves(plain).axes[0].lines if line.get_label().startswith("best")]


def test_compare_stars_the_best_epoch_on_each_runs_validation_curve(stopped):
    history, _ = stopped
    plain, _ = _run(stopping=False)
    ax = plots.compare({"stopped": history, "every epoch": plain}).axes[0]
    stars = [line for line in ax.lines if line.get_marker() == "*" and len(line.get_xdata())]
    assert len(stars) == 1   # the run without EarlyStopping has none
    assert list(stars[0].get_xdata()) == [history.best_epoch + 1]
    assert list(stars[0].get_ydata()) == pytest.approx([history["val_loss"][history.best_epoch]])
    crosses = [line for line in ax.lines if line.get_label() == "_stop"]
    assert [c.get_xdata()[0] for c in crosses] == [history.epoch[-1] + 1]   # where it stopped, apart
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "best epoch (restored)" in legend
    assert ax.get_legend().legend_handles[legend.index("best epoch (restored)")].get_marker() == "*"
