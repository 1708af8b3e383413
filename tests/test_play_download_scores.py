"""A model handed in from the page ("⤓ Model") is scored by ``evaluate`` as the page scored it: the
file remembers its loss and metrics, as ``neuralab train``'s does, so that a teacher who loads the
models a class downloaded scores each on the data's own columns and labels with no loss to guess
(``evaluate`` refused the page's file: "evaluate needs a loss")."""

import numpy as np
import pytest
from session_kit import downloaded_model, send

from neuralab.play import views
from neuralab.play.session import Session

CASES = {   # a scene -> the page's test numbers that evaluate's must equal (the file's names)
    "moons": ({"dataset": {"name": "moons", "n_samples": 200}}, {"loss": "val_loss", "accuracy": "val_accuracy"}),
    "iris": ({"dataset": {"name": "iris"}}, {"loss": "val_loss", "accuracy": "val_accuracy"}),
    "plane": ({"dataset": {"name": "plane", "n_samples": 200}}, {"loss": "val_mse", "r2": "val_r2"}),
}


@pytest.fixture
def session():
    s = Session()
    yield s
    s.close()


@pytest.mark.parametrize("case", CASES)
def test_the_downloaded_model_scores_the_test_data_as_the_page_did(session, tmp_path, case):
    state, named = CASES[case]
    send(session, {"type": "hello", "state": {**state, "weights_seed": 5}})
    for _ in range(3):
        send(session, {"type": "control", "action": "step_epoch"})
        session.wait_idle()
    model = downloaded_model(session, tmp_path / "handed-in.npz")
    data = session.data
    page = {**session.metrics, **views.target_metrics(session.metrics, data)}   # (a regression's in its units)
    scores = model.evaluate(data.raw_test, data.y_test)   # the data's own columns, no loss given
    for mine, pages in named.items():
        assert np.isclose(scores[mine], page[pages], rtol=1e-4, atol=1e-6), (mine, scores, page)
