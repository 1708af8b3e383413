"""A drawing started on a CSV keeps the frame the learner was looking at, and the scene says
whether the session holds an upload.

A point drawn on a two-column CSV made a drawing on the whole plane [-6, 6]²: the CSV's points,
framed a moment before (``plane_frame.py``), shrank toward its middle. The drawing now keeps that
frame (the state's ``dataset.extent``), its maps are computed over it, and a point sent off it
but on the plane widens it. The page's "Uploaded CSV" asked a session made anew (the server
restarted, the socket dropped) for a file it did not hold: the scene's ``upload`` says which
one it holds, if any.
"""
import numpy as np
import pytest
from play_decoder import decode

from neuralab.play import frames, protocol
from neuralab.play.session import Session
from session_kit import send


def _framing_flats_csv(n=60, seed=3):
    """Two positive columns (area 100..400, height 200..900) and a price."""
    rng = np.random.default_rng(seed)
    rows = np.column_stack([rng.integers(100, 400, n), rng.integers(200, 900, n)]).astype(float)
    price = 1000 * rows[:, 0] + 50 * rows[:, 1]
    return "area,height,price\n" + "".join(f"{a:g},{h:g},{p:g}\n" for (a, h), p in zip(rows, price))


def _model_over(session, extent, size):
    """The session's network over a size x size grid of ``extent`` (x2 from the top down)."""
    a, b, c, d = extent
    x1, x2 = np.meshgrid(np.linspace(a, b, size), np.linspace(d, c, size))
    return session.net.model.forward(np.column_stack([x1.ravel(), x2.ravel()]).astype(np.float32))[:, 0]


def test_a_drawing_started_on_a_csv_keeps_its_frame_and_computes_its_maps_there(greeted_session):
    (csv,) = send(greeted_session, {"type": "upload_csv", "text": _framing_flats_csv(), "target": "price"})
    framed = csv["grid"]["extent"]
    assert framed != [-6, 6, -6, 6]
    replies = send(greeted_session, {"type": "add_point", "x1": 0.5, "x2": 0.5, "value": 300000.0})
    drawn = replies[0]
    assert drawn["dataset"]["name"] == "drawn"
    assert drawn["grid"]["extent"] == pytest.approx(framed, abs=1e-4)
    assert drawn["state"]["dataset"]["extent"] == pytest.approx(framed, abs=1e-4)   # a link keeps it too
    (more,) = send(greeted_session, {"type": "add_point", "x1": 0.0, "x2": 0.0, "value": 250000.0})
    assert more["grid"]["extent"] == drawn["grid"]["extent"]                        # it goes on with it
    size = more["grid"]["size"]
    _header, arrays = decode(frames.encode(*greeted_session.frame(1)))
    expected = greeted_session.data.in_target_units(_model_over(greeted_session, more["grid"]["extent"], size)[:, None])
    np.testing.assert_allclose(arrays["output"].ravel(), expected[:, 0], rtol=1e-4, atol=1e-2)
    # a reset (or a link opened) builds it again from the state: the same frame
    send(greeted_session, {"type": "control", "action": "reset"})
    assert greeted_session.scene()["grid"]["extent"] == more["grid"]["extent"]


def test_a_point_off_the_frame_but_on_the_plane_widens_it(greeted_session):
    send(greeted_session, {"type": "upload_csv", "text": _framing_flats_csv(), "target": "price"})
    send(greeted_session, {"type": "add_point", "x1": 0.5, "x2": 0.5, "value": 300000.0})
    points = greeted_session.state["dataset"]["points"] + [[5.5, -5.5, 1.0]]
    (scene,) = send(greeted_session, {"type": "set_state", "state": {"dataset": {"task": "regression", "points": points}}})
    a, b, c, d = scene["grid"]["extent"]
    assert a <= 5.5 <= b and c <= -5.5 <= d


def test_a_drawing_of_the_whole_plane_and_a_cleared_one_show_the_whole_plane(greeted_session):
    send(greeted_session, {"type": "add_point", "x1": 0.5, "x2": 0.5, "label": 1})    # on circles
    assert greeted_session.scene()["grid"]["extent"] == [-6, 6, -6, 6]
    assert greeted_session.state["dataset"]["extent"] is None
    send(greeted_session, {"type": "upload_csv", "text": _framing_flats_csv(), "target": "price"})
    send(greeted_session, {"type": "add_point", "x1": 0.5, "x2": 0.5, "value": 300000.0})
    (cleared,) = send(greeted_session, {"type": "clear_points"})                      # an empty plane: all of it
    assert cleared["grid"]["extent"] == [-6, 6, -6, 6]


def test_a_frame_goes_with_its_drawing(greeted_session):
    # a CSV drawn on, then circles chosen: the state (and a link of it) still held the CSV's frame
    send(greeted_session, {"type": "upload_csv", "text": _framing_flats_csv(), "target": "price"})
    send(greeted_session, {"type": "add_point", "x1": 0.5, "x2": 0.5, "value": 300000.0})
    assert greeted_session.state["dataset"]["extent"] is not None
    (scene,) = send(greeted_session, {"type": "set_state", "state": {"dataset": {"name": "circles"}}})
    assert scene["state"]["dataset"]["extent"] is None and scene["grid"]["extent"] == [-6, 6, -6, 6]
    # a class drawn on the regression CSV starts an empty drawing: of the whole plane
    send(greeted_session, {"type": "upload_csv", "text": _framing_flats_csv(), "target": "price"})
    send(greeted_session, {"type": "add_point", "x1": 0.5, "x2": 0.5, "label": 1})
    assert greeted_session.state["dataset"]["points"] == [[0.5, 0.5, 1]]
    assert greeted_session.scene()["grid"]["extent"] == [-6, 6, -6, 6]


@pytest.mark.parametrize("extent", [[1, 0, -1, 1], [-7, 1, -1, 1], [0, 1, 0], "all", [0, 1e-9, 0, 1e-9]])
def test_a_frame_that_is_not_one_is_refused(extent):
    with pytest.raises(protocol.ProtocolError, match="dataset.extent"):
        protocol.check_state({"dataset": {"name": "drawn", "extent": extent}})


def test_the_scene_says_which_upload_the_session_holds(greeted_session):
    assert greeted_session.scene()["upload"] is None
    send(greeted_session, {"type": "upload_csv", "text": _framing_flats_csv(), "target": "price", "filename": "flats.csv"})
    (scene,) = send(greeted_session, {"type": "set_state", "state": {"dataset": {"name": "circles"}}})
    assert scene["upload"] == {"file": "flats.csv", "target": "price", "served": False, "class_file": None,
                               "key": scene["upload"]["key"]}
    assert len(scene["upload"]["key"]) >= 16   # (the page's next hello finds the upload kept by it)
    fresh = Session()                      # a session made anew: the server restarted, the socket dropped
    try:
        (scene,) = send(fresh, {"type": "hello", "state": {}})
        assert scene["upload"] is None
    finally:
        fresh.close()


def test_a_frame_of_the_narrowest_width_is_taken_wherever_it_sits():
    # 0.3 - 0.2 is below 0.1 in floats: [0.2, 0.3, 0, 1] was refused, [0, 0.1, 0, 1] taken
    for extent in ([0.2, 0.3, 0, 1], [0, 0.1, 0, 1]):
        assert protocol.check_state({"dataset": {"name": "drawn", "extent": extent}})["dataset"]["extent"] == extent
