"""How many ways the server's CSV is split at once (shared_data.py): pages that split it alike
share one split, and one that splits it otherwise (another train ratio or seed) holds its own,
which 150 pages on seeds of their own made 150 copies of the file; past ``SPLITS_BYTES`` a new
split is refused in one line naming the train ratios the other pages use, the page keeping its
data, and gets in once a split is let go. The class's split and one other always get in."""
import gc
import weakref
from pathlib import Path

import pytest

from neuralab.play import shared_data
from neuralab.play.shared_data import SplitsFull, split_bytes
from session_kit import send, until

LINK = {"dataset": {"name": "csv", "train_ratio": 0.7, "seed": 3}}
FREE = ", or ask whoever runs the server to have the tabs no longer used closed"


def _split(seed=3, train_ratio=0.7):
    return {"dataset": {"name": "csv", "train_ratio": train_ratio, "seed": seed}}


def _page(exam_registry, state=LINK):
    session = exam_registry.open()
    send(session, {"type": "hello", "state": state})
    return session


def _let_go(exam_registry, pages):
    """Close the last of ``pages``; whether its split went (once its training thread let go of it)."""
    gone = weakref.ref(pages[-1].data.shares)
    exam_registry.close(pages.pop())
    return until(lambda: gc.collect() >= 0 and gone() is None)


def test_past_the_budget_a_new_split_is_refused_and_gets_in_once_one_is_let_go(exam_registry, monkeypatch):
    pages = [_page(exam_registry)]
    monkeypatch.setattr(shared_data, "SPLITS_BYTES", int(3.5 * split_bytes(pages[0].data.shares)))
    pages += [_page(exam_registry, _split(seed)) for seed in (4, 5)]   # three splits held: the budget's
    late = exam_registry.open()
    with pytest.raises(SplitsFull) as full:   # a link of its own seed, opened
        send(late, {"type": "hello", "state": _split(seed=6)})
    assert str(full.value).startswith("the server already holds exam.csv split 3 ways (")
    assert full.value.suggestion == "open the class's link again, whose split the other pages use" + FREE
    send(late, {"type": "hello", "state": LINK})   # a split held: shared, whatever the budget
    assert late.data.X_train is pages[0].data.X_train
    with pytest.raises(SplitsFull) as full:   # the Train ratio moved
        send(late, {"type": "set_state", "state": _split(train_ratio=0.5)})
    assert full.value.suggestion == "set Train ratio to one the other pages use (70%)" + FREE
    assert late.state["dataset"]["train_ratio"] == 0.7 and late.data.X_train is pages[0].data.X_train
    del full   # (its traceback holds the splits it counted)
    assert _let_go(exam_registry, pages)
    send(late, {"type": "set_state", "state": _split(train_ratio=0.5)})
    assert late.state["dataset"]["train_ratio"] == 0.5 and late.data.X_train is not pages[0].data.X_train


def test_the_class_s_split_and_one_other_get_in_whatever_their_size(exam_registry, monkeypatch):
    monkeypatch.setattr(shared_data, "SPLITS_BYTES", 0)
    first, other = _page(exam_registry), _page(exam_registry, _split(seed=4))
    assert first.data.X_train is not other.data.X_train
    with pytest.raises(SplitsFull):
        _page(exam_registry, _split(seed=5))


def test_a_page_s_own_upload_is_not_counted_here(exam_registry, monkeypatch):
    # (upload_held counts it, at three times its arrays): one upload, reopened from its key in
    # two tabs (a page reloaded twice), split three ways
    monkeypatch.setattr(shared_data, "SPLITS_BYTES", 0)
    first = _page(exam_registry)
    own = "size,weight,kind\n" + "".join(f"{i % 7},{(i * 3) % 11},{'ab'[i % 2]}\n" for i in range(60))
    key = send(first, {"type": "upload_csv", "text": own, "target": "kind", "filename": "farm.csv"})[0]["upload"]["key"]
    exam_registry.close(first)
    tabs = [exam_registry.open() for _ in range(2)]
    for seed, tab in zip((4, 5), tabs):
        send(tab, {"type": "hello", "state": _split(seed), "upload": key})
    send(tabs[0], {"type": "set_state", "state": _split(seed=6)})
    assert [(tab.data.file, tab.state["dataset"]["seed"]) for tab in tabs] == [("farm.csv", 6), ("farm.csv", 5)]
    assert tabs[0].uploaded is tabs[1].uploaded


def test_the_teachers_page_says_the_budget():
    said = " ".join((Path(__file__).parents[1] / "docs" / "playground.md").read_text().split())
    assert f"those hold at most {shared_data.SPLITS_BYTES // shared_data.MB} MB together" in said
