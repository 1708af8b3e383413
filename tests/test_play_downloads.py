"""What the page's downloads stand on, on the server's side: the "⤓ Model" file names what the
model reads and gives, as ``neuralab train``'s file does (the columns it takes,
``feature_names``, and for classes the class each output stands for, ``class_names``), so that
its numbers turn into 'setosa' without the page; the scene says when the page cannot train
(``cannot_train``), where the "⤓ Python" script leaves its ``fit`` out."""

import numpy as np
import pytest
from session_kit import downloaded_model, send

from neuralab import data
from neuralab.play.session import Session

TWO_CLASSES = "height,weight,build\n" + "\n".join(
    f"{170 + 7 * np.sin(i)},{70 + 9 * np.cos(3 * i)},{'broad' if i % 3 else 'slim'}" for i in range(40))


@pytest.fixture
def names_session():
    s = Session()
    yield s
    s.close()


def _names_downloaded(session, tmp_path):
    return downloaded_model(session, tmp_path / "page.npz")


@pytest.mark.parametrize("output", ["auto", "identity"])
def test_the_downloaded_model_names_the_classes_of_its_outputs(names_session, tmp_path, output):
    # the audit: the page's file named its columns but not its classes; an iris model's outputs
    # 0, 1, 2 were left for the learner to match with the names the page showed
    send(names_session, {"type": "hello", "state": {"dataset": {"name": "iris"}, "output": output}})
    send(names_session, {"type": "control", "action": "step_epoch"})
    names_session.wait_idle()
    loaded = _names_downloaded(names_session, tmp_path)
    iris = data.load("iris")
    assert loaded.class_names == tuple(iris.class_names) == ("setosa", "versicolor", "virginica")
    assert loaded.feature_names == tuple(iris.feature_names)
    predicted = np.array(loaded.class_names)[loaded.predict(iris.X).argmax(axis=1)]
    page = names_session.net.model.predict(names_session.data.standardize.forward(iris.X)).argmax(axis=1)
    assert list(predicted) == [iris.class_names[k] for k in page]


def test_a_csv_of_named_classes_downloads_a_model_that_names_them(names_session, tmp_path):
    send(names_session, {"type": "hello", "state": {}})
    send(names_session, {"type": "upload_csv", "text": TWO_CLASSES, "target": "build", "filename": "people.csv"})
    loaded = _names_downloaded(names_session, tmp_path)
    assert loaded.class_names == ("broad", "slim")       # one sigmoid output: class 1 ("slim") against 0
    assert loaded.feature_names == ("height", "weight")



@pytest.mark.parametrize("state, words", [
    ({"dataset": {"name": "drawn", "task": "classification", "points": []}}, "no training points yet"),
    ({"dataset": {"name": "drawn", "task": "regression", "points": [[1, 2, 5]]},
      "layers": [{"id": "b", "type": "batchnorm"}]}, "BatchNorm block needs at least 2 training points"),
    ({"dataset": {"name": "circles", "n_samples": 10, "train_ratio": 0.1},
      "layers": [{"id": "b", "type": "batchnorm"}]}, "BatchNorm block needs at least 2 training points"),
], ids=["empty drawing", "one drawn point", "one generated training point"])
def test_the_scene_says_why_the_page_cannot_train(names_session, state, words):
    # the audit: the "⤓ Python" script of such a scene ended in fit's traceback (X is empty;
    # BatchNorm1d needs at least 2 samples per training batch); the scene now says why play is
    # refused, as play says it, and the script leaves fit out with those words
    (scene,) = send(names_session, {"type": "hello", "state": state})
    assert words in scene["cannot_train"]
    with pytest.raises(ValueError) as refused:
        send(names_session, {"type": "control", "action": "play"})
    assert str(refused.value) in scene["cannot_train"]
    send(names_session, {"type": "set_state", "state": {"dataset": {"name": "moons"}, "layers": []}})
    assert names_session.scene()["cannot_train"] is None
