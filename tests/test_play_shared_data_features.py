"""A CSV's split is shared and counted whatever the features a page ticks (shared_data.py,
``build.load_data``). Before, a page that changed its features on the same data (X₁² ticked) got
a split of its own, which ``shared`` never saw: pages did not share it and the server's budget
did not count it (measured: 20 pages on a served CSV of 10 MB, each toggling a feature, 131 MB;
after, 16 MB, one split). Features change only the inputs of a CSV of two columns (the plane's
x1 and x2): another's pages share one split whatever features they send."""
import gc

import numpy as np
import pytest
from session_kit import played_past, send

from neuralab import data
from neuralab.play import shared_data
from neuralab.play.registry import Registry
from neuralab.play.shared_data import SplitsFull
from neuralab.play.upload import served_csv

LINK = {"dataset": {"name": "csv", "train_ratio": 0.7, "seed": 3}}
ROWS = range(40)
PLANE_CSV = "hours,sleep,passed\n" + "".join(f"{i % 9},{(i * 5) % 7},{'ny'[(i % 9) > 4]}\n" for i in ROWS)
WIDE_CSV = "hours,sleep,meals,passed\n" + "".join(f"{i % 9},{(i * 5) % 7},{i % 4},{'ny'[(i % 9) > 4]}\n"
                                                   for i in ROWS)


def _registry(tmp_path, text, target="passed"):
    """A registry of a server that serves ``text`` as exam.csv."""
    path = tmp_path / "exam.csv"
    path.write_text(text)
    return Registry(served_csv(data.load_csv(path, target=target), str(path), target))


@pytest.fixture
def pages(tmp_path, request):
    """A page greeted with ``state`` on a server that serves ``text`` (the test's parameters)."""
    registry, opened = _registry(tmp_path, request.param), []

    def page(state=LINK):
        session = registry.open()
        opened.append(session)
        send(session, {"type": "hello", "state": state})
        return session
    page.served = registry.served
    yield page
    for session in opened:
        registry.close(session)


def _splits(served):
    """How many splits of the server's CSV ``served`` the sessions hold (those ``shared`` counts)."""
    gc.collect()
    return len(shared_data._BUILT.get(served, {}))


@pytest.mark.parametrize("pages", [PLANE_CSV], indirect=True)
def test_pages_ticking_a_feature_of_a_two_column_csv_share_one_split_and_it_is_counted(pages, monkeypatch):
    ticked = {"features": ["x1", "x2", "x1^2"]}
    first, linked = pages(), pages({**LINK, **ticked})   # the class's link, and one with X₁² ticked
    toggling = pages()
    assert _splits(pages.served) == 2
    send(toggling, {"type": "set_state", "state": ticked})
    assert toggling.net.inputs == ["x1", "x2", "x1^2"]
    assert toggling.data.X_train is linked.data.X_train and _splits(pages.served) == 2
    # a set of features no page holds is a split of the server's CSV like another: counted
    monkeypatch.setattr(shared_data, "SPLITS_BYTES", 0)
    with pytest.raises(SplitsFull):
        send(first, {"type": "set_state", "state": {"features": ["x1", "x2", "sin(x1)"]}})
    assert first.state["features"] == ["x1", "x2"] and first.net.inputs == ["x1", "x2"]


@pytest.mark.parametrize("pages", [WIDE_CSV], indirect=True)
def test_a_wider_csv_s_pages_share_one_split_whatever_features_they_send(pages):
    first = pages()
    # X₁² ticked on the plane's data before the CSV was chosen, and a feature toggled by a message
    came = pages({"dataset": {"name": "circles"}, "features": ["x1", "x2", "x1^2"]})
    send(came, {"type": "set_state", "state": LINK})
    toggled = pages()
    send(toggled, {"type": "set_state", "state": {"features": ["x1", "x2", "sin(x2)"]}})
    for page in (came, toggled):
        assert page.data.X_train is first.data.X_train and page.net.inputs == ["hours", "sleep", "meals"]
    assert _splits(pages.served) == 1


def test_a_regressions_target_scale_stays_with_the_weights_as_a_feature_is_ticked(tmp_path):
    # (shared, the split is fitted, not kept: the training part, and so its μ and σ, the same)
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, (60, 2))
    text = "a,b,price\n" + "".join(f"{a:.3f},{b:.3f},{100 + 7 * a - b:.3f}\n" for a, b in x)
    registry = _registry(tmp_path, text, "price")
    page = registry.open()
    try:
        send(page, {"type": "hello", "state": LINK})
        assert page.data.task == "regression" and played_past(page, steps=3)
        scale, weights = page.data.target_standardize, page.net.model.layers[0].weight.data.copy()
        send(page, {"type": "set_state", "state": {"features": ["x1", "x2", "x1*x2"]}})
        kept = page.data.target_standardize
        np.testing.assert_array_equal([kept.mean, kept.std], [scale.mean, scale.std])
        assert page.step > 0   # the weights kept
        np.testing.assert_array_equal(page.net.model.layers[0].weight.data[:, :2], weights)
    finally:
        registry.close(page)
