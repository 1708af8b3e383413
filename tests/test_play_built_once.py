"""What the playground builds once per network or per data, not at every frame: the page's names
of the layers (every scene, frame and diagnosis reads them) and the inputs of the output map's
grid (every frame's forward pass over the plane). Each is built again when what it depends on
changes: the names with the network's layers, the grid with the data, its extent or features."""
import numpy as np
import pytest
from session_kit import send

from neuralab.play import build, network, snapshots, views
from neuralab.play.features import GRID, grid, transform
from neuralab.play.session import Session


@pytest.fixture
def built_once_session(monkeypatch):
    """A session whose frames recompute their heavy views each time (no 1/10 s wait)."""
    monkeypatch.setattr(snapshots, "HEAVY_PER_SECOND", 1e9)
    s = Session()
    send(s, {"type": "hello", "state": {}})
    yield s
    s.close()


def _frames(session, n):
    """``n`` frames, each after an epoch (the heavy views of every one recomputed)."""
    seqs = []
    for _ in range(n):
        send(session, {"type": "control", "action": "step_epoch"})
        assert session.wait_idle()
        header, _ = session.frame_here(0)
        seqs.append(header["heavy_seq"])
    assert len(set(seqs)) == n        # (each frame built its heavy views anew)


def test_the_layer_names_are_built_once_per_network(built_once_session, count_calls):
    session = built_once_session
    named = count_calls(network, "layer_names")
    _frames(session, 3)
    for _ in range(3):
        send(session, {"type": "set_weight", "layer": 0, "to": 0, "from": 0, "value": 0.5})   # renames nothing
        views.diagnoses(session.monitor, session.net)
    assert len(named) <= 1, "the names were built again for a network that did not change"
    before = [layer["name"] for layer in session.scene()["network"]["layers"]]
    # a unit added: a new network, named anew
    layers = session.state["layers"]
    (scene,) = send(session, {"type": "set_state", "state": {"layers": [{**layers[0], "units": 5}, *layers[1:]]}})
    names = [layer["name"] for layer in scene["network"]["layers"]]
    assert names[0] == "hidden layer 1 (5 tanh)" and before[0] == "hidden layer 1 (4 tanh)"
    assert names == network.layer_names(session.net)


def test_the_grid_inputs_are_built_once_per_data(built_once_session, count_calls):
    session = built_once_session
    gridded = count_calls(build, "grid")
    _frames(session, 3)
    (reply,) = send(session, {"type": "inspect", "layer": 0, "unit": 0, "sample": 0})
    assert "map" in reply and len(gridded) <= 1, "the grid's inputs were built again for the same data"
    # other features: new inputs over the same grid, and the map is the network's over them
    (scene,) = send(session, {"type": "set_state", "state": {"features": ["x1", "x2", "x1^2"]}})
    _frames(session, 2)
    assert len(gridded) <= 2
    header, arrays = session.frame_here(0)
    points = grid(GRID, session.data.X_train.dtype, tuple(scene["grid"]["extent"]))
    want = session.net.model.forward(transform(points, ["x1", "x2", "x1^2"]))[:, 0].reshape(GRID, GRID)
    np.testing.assert_allclose(arrays["output"], want, rtol=1e-6)
    # a drawing framed otherwise: its own grid
    drawn = {"name": "drawn", "task": "classification", "points": [[0, 0, 0], [1, 1, 1]], "extent": [-1, 2, -1, 2]}
    (scene,) = send(session, {"type": "set_state", "state": {"dataset": drawn}})
    assert scene["grid"]["extent"] != [-6, 6, -6, 6]
    session.frame_here(0)
    np.testing.assert_array_equal(session.data.grid_points, grid(GRID, session.data.X_train.dtype,
                                                                 tuple(scene["grid"]["extent"])))
    assert not session.data.grid_inputs.flags.writeable   # shared by every frame: no layer may change it
