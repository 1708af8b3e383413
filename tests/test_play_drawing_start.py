"""What a drawing made of the data shown keeps of it, and what the server says of the rest.

A point drawn on 2-D data starts a drawing of all its points, as far as a drawn set can hold
them: on the plane [-6, 6]², values within ±10⁶, 2000 points with the one drawn. The others
went without a word (a CSV's row more than 6σ out, a price past a million, the points of a
generator past 1999); the scene says beforehand how many of each part a drawing keeps and why
it leaves the others out, and the reply to the point drawn says it again.
"""
import numpy as np

from neuralab.play import protocol
from session_kit import send


def _warning_texts(replies):
    return [r["message"] for r in replies if r.get("type") == "error" and r.get("kind") == "warning"]


def _drawable_points(points):
    """Whether each [x1, x2, value] could be a point drawn: the protocol's own check of one."""
    ok = []
    for p in points:
        try:
            protocol.check_state({"dataset": {"name": "drawn", "task": "regression", "points": [p]}})
            ok.append(True)
        except protocol.ProtocolError:
            ok.append(False)
    return ok


def test_a_csvs_rows_a_drawing_cannot_hold_are_counted_and_named(play_session):
    rng = np.random.default_rng(2)
    area, rooms = rng.integers(30, 200, 80).astype(float), rng.integers(1, 6, 80)
    price = 3000 * area + 20000 * rooms
    area[7] = 1e5                                             # thousands of σ out: off the plane
    price[11] = 3e6                                           # a mansion: past what a point drawn may hold
    text = "area,rooms,price\n" + "".join(f"{a:g},{r},{p:g}\n" for a, r, p in zip(area, rooms, price))
    send(play_session, {"type": "hello", "state": {}})
    scene, *_ = send(play_session, {"type": "upload_csv", "text": text, "target": "price", "filename": "flats.csv"})
    ds = scene["dataset"]
    kept = [_drawable_points(ds[part]) for part in ("train", "test")]
    assert sum(kept[0]) + sum(kept[1]) == 78
    said = ds["drawing"]
    assert (said["train"], said["test"]) == (sum(kept[0]), sum(kept[1]))
    words = ("2 of the 80 points (training and test) are left out of a drawing made from them: 1 off the "
             "plane (more than 6σ from a column's mean); 1 with a value past ±1000000 (more than a point drawn may have)")
    assert said["left_out"] == words

    replies = send(play_session, {"type": "add_point", "x1": 0.5, "x2": 0.5, "value": 1000.0})
    assert replies[0]["type"] == "scene" and replies[0]["dataset"]["n_train"] == 78 + 1
    assert words in _warning_texts(replies)
    assert replies[0]["dataset"]["drawing"] is None           # a drawing goes on with its own points
    replies = send(play_session, {"type": "add_point", "x1": 0.0, "x2": 0.5, "value": 1000.0})
    assert replies[0]["dataset"]["n_train"] == 78 + 2 and not any("left out" in w for w in _warning_texts(replies))


def test_a_generators_points_past_a_drawings_size_are_counted(play_session):
    (scene,) = send(play_session, {"type": "hello", "state": {"dataset": {"name": "circles", "n_samples": 2500}}})
    ds = scene["dataset"]
    room = protocol.MAX_POINTS - 1                             # the point drawn takes the last place
    assert ds["drawing"]["train"] == min(ds["n_train"], room)
    assert ds["drawing"]["train"] + ds["drawing"]["test"] == room
    words = (f"{2500 - room} of the 2500 points (training and test) are left out of a drawing made from them: "
             f"{2500 - room} past the {protocol.MAX_POINTS} points a drawing holds")
    assert ds["drawing"]["left_out"] == words
    replies = send(play_session, {"type": "add_point", "x1": 0.5, "x2": 0.5, "label": 1})
    assert replies[0]["dataset"]["n_train"] == protocol.MAX_POINTS
    assert words in _warning_texts(replies)


def test_data_a_drawing_holds_whole_says_nothing_left_out(play_session):
    (scene,) = send(play_session, {"type": "hello", "state": {"dataset": {"name": "circles", "n_samples": 100}}})
    ds = scene["dataset"]
    assert ds["drawing"] == {"train": ds["n_train"], "test": ds["n_test"], "left_out": None}
    replies = send(play_session, {"type": "add_point", "x1": 0.5, "x2": 0.5, "label": 1})
    assert replies[0]["dataset"]["n_train"] == 101 and not _warning_texts(replies)
