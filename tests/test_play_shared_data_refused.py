"""A split of the server's CSV refused past ``SPLITS_BYTES`` (shared_data.py): its refusal says
what the page did and can do instead (a box ticked under Features was told to "open the class's
link again"), and it is refused before it is built, from its size, which the file's rows and
columns give (it was built, counted, then thrown away: a refusal cost the memory and time of a
split)."""
import pytest

from neuralab import data
from neuralab.play import build, shared_data
from neuralab.play.registry import Registry
from neuralab.play.shared_data import SplitsFull, split_bytes, split_size
from neuralab.play.upload import served_csv
from session_kit import send

LINK = {"dataset": {"name": "csv", "train_ratio": 0.7, "seed": 3}}
FREE = ", or ask whoever runs the server to have the tabs no longer used closed"
ROWS = range(50)
WIDE = "hours,sleep,meals,score\n" + "".join(f"{i % 9},{(i * 5) % 7},{i % 4},{(i * 7) % 10 / 4}\n" for i in ROWS)
CLASSES = "hours,sleep,meals,passed\n" + "".join(f"{i % 9},{(i * 5) % 7},{i % 4},{'nym'[i % 3]}\n" for i in ROWS)
PLANE = "hours,sleep,score\n" + "".join(f"{i % 9},{(i * 5) % 7},{(i * 3) % 11 / 2}\n" for i in ROWS)
PLANE_CLASSES = "hours,sleep,kind\n" + "".join(f"{i % 9},{(i * 5) % 7},{'abc'[i % 3]}\n" for i in ROWS)


def _page(registry, state=LINK):
    session = registry.open()
    send(session, {"type": "hello", "state": state})
    return session


def test_a_feature_ticked_past_the_budget_is_told_which_features_other_pages_use(exam_registry, monkeypatch):
    # exam.csv has two columns, hours and sleep: the plane's x1 and x2, whose features a page ticks
    pages = [_page(exam_registry), _page(exam_registry, {**LINK, "features": ["x1", "x2", "x1^2"]})]
    monkeypatch.setattr(shared_data, "SPLITS_BYTES", 0)   # (the class's split and one other get in)
    ticking = pages[0]
    with pytest.raises(SplitsFull) as full:
        send(ticking, {"type": "set_state", "state": {"features": ["x1", "x2", "sin(x1)"]}})
    said = str(full.value)
    # the features as the page labels them on a CSV of two columns, its columns' names
    assert said.startswith("the server cannot also hold exam.csv with the features hours, sleep, sin(hours): "
                           "it holds it 2 ways (")
    assert said.endswith("MB), the most it keeps of it at once")
    features = "tick the features another page uses (hours, sleep; or hours, sleep, hours²)"
    assert full.value.suggestion == features + FREE
    assert ticking.state["features"] == ["x1", "x2"] and ticking.net.inputs == ["x1", "x2"]
    # what it says to do gets in: a set of features a page uses is shared, whatever the budget
    send(ticking, {"type": "set_state", "state": {"features": ["x1", "x2", "x1^2"]}})
    assert ticking.data.X_train is pages[1].data.X_train


def test_a_train_ratio_moved_with_a_feature_ticked_is_told_the_ratios(exam_registry, monkeypatch):
    ticked = {"features": ["x1", "x2", "x2^2"]}
    first = _page(exam_registry, {**LINK, **ticked})
    _page(exam_registry, {"dataset": {**LINK["dataset"], "train_ratio": 0.6}, **ticked})
    monkeypatch.setattr(shared_data, "SPLITS_BYTES", 0)
    with pytest.raises(SplitsFull) as full:
        send(first, {"type": "set_state", "state": {"dataset": {"train_ratio": 0.5}}})
    assert str(full.value).startswith("the server already holds exam.csv split 2 ways (")
    assert full.value.suggestion == "set Train ratio to one the other pages use (60%, 70%)" + FREE


def test_a_split_refused_is_never_built(exam_registry, monkeypatch, count_calls):
    pages = [_page(exam_registry), _page(exam_registry, {"dataset": {**LINK["dataset"], "seed": 4}})]
    monkeypatch.setattr(shared_data, "SPLITS_BYTES", 0)
    built = count_calls(build, "_built")
    late = exam_registry.open()
    with pytest.raises(SplitsFull):   # a link of its own seed
        send(late, {"type": "hello", "state": {"dataset": {**LINK["dataset"], "seed": 5}}})
    with pytest.raises(SplitsFull):   # a feature ticked
        send(pages[0], {"type": "set_state", "state": {"features": ["x1", "x2", "x1*x2"]}})
    with pytest.raises(SplitsFull):   # the Train ratio moved
        send(pages[1], {"type": "set_state", "state": {"dataset": {"train_ratio": 0.5}}})
    assert built == []
    send(late, {"type": "hello", "state": LINK})   # a split held: shared, built no more
    assert built == [] and late.data.X_train is pages[0].data.X_train
    monkeypatch.setattr(shared_data, "SPLITS_BYTES", 2**30)   # room again: the new split is built, once
    send(pages[1], {"type": "set_state", "state": {"dataset": {"train_ratio": 0.5}}})
    assert len(built) == 1 and pages[1].state["dataset"]["train_ratio"] == 0.5


@pytest.mark.parametrize("text, target", [(WIDE, "score"), (CLASSES, "passed"), (PLANE, "score"),
                                          (PLANE_CLASSES, "kind")],
                         ids=["regression", "classes", "plane-regression", "plane-classes"])
@pytest.mark.parametrize("ratio", [0.5, 0.85])
def test_a_splits_size_is_known_before_it_is_built(tmp_path, text, target, ratio):
    # what the budget counts of a split before it is built is what it holds once built
    path = tmp_path / "exam.csv"
    path.write_text(text)
    registry = Registry(served_csv(data.load_csv(path, target=target), str(path), target))
    features = ["x1", "x2", "x1^2", "sin(x2)"]
    page = _page(registry, {"dataset": {"name": "csv", "train_ratio": ratio, "seed": 3}, "features": features})
    try:
        key = (ratio, 3, tuple(features) if page.data.is_2d else ())
        assert split_size(registry.served.dataset, key) == split_bytes(page.data.shares) > 0
    finally:
        registry.close(page)
