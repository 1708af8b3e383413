"""train.ModelCheckpoint, what mutation testing found untested: each test asserts a promise of
checkpoint.py that a small change of the code broke unseen."""
import numpy as np
import pytest

from neuralab import data, nn, train


def test_a_checkpoint_without_a_path_says_what_path_is():
    with pytest.raises(TypeError, match=r"^ModelCheckpoint\(\) needs path, the file to write the model to"):
        train.ModelCheckpoint()


def test_save_best_only_given_as_text_is_refused():
    """"False" is a true string: taken as it is, every epoch's model would go unsaved but the best."""
    with pytest.raises(TypeError, match=r"^save_best_only must be True or False, got str 'False'$"):
        train.ModelCheckpoint("model.npz", save_best_only="False")


def test_a_path_naming_an_existing_folder_is_refused_when_the_checkpoint_is_made(tmp_path):
    """Documented: a path that says it is a folder already is refused at once, not at fit."""
    with pytest.raises(ValueError, match="folder"):
        train.ModelCheckpoint(str(tmp_path))


def test_a_later_epochs_file_name_that_is_a_folder_is_refused_not_written_beside_it(tmp_path):
    """Only epoch 1's name can be checked before training: "m-2" named by epoch 2 is a folder,
    and save would write m-2.npz beside it, a file no one asked for."""
    (tmp_path / "m-2").mkdir()
    X, y = data.load("moons", n_samples=20, seed=0)
    model = nn.MLP([2, 1], output="sigmoid", rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"m-2' is a folder; name a file inside it"):
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=3, verbose=0, seed=0,
                  callbacks=[train.ModelCheckpoint(tmp_path / "m-{epoch}", save_best_only=False)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m-1.npz", "m-2"]


@pytest.mark.parametrize("path, folder, refusal", [
    # "{loss[0]}" names "loss", which fit logs: the path is filled in before training, and its
    # error said then, not after the first epoch's updates
    ("m-{loss[0]}", None, r"^path '.*m-\{loss\[0\]\}' cannot be filled in"),
    # "{epoch}" counts from 1: "m-1", a folder, is epoch 1's name
    ("m-{epoch}", "m-1", r"m-1' is a folder; name a file inside it"),
])
def test_a_path_refused_is_refused_before_any_update(tmp_path, path, folder, refusal):
    """The weights as they were: a checkpoint's path is refused before training, not after the
    first epoch's updates."""
    if folder is not None:
        (tmp_path / folder).mkdir()
    X, y = data.load("moons", n_samples=20, seed=0)
    model = nn.MLP([2, 1], output="sigmoid", rng=np.random.default_rng(0))
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match=refusal):
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=2, verbose=0, seed=0,
                  callbacks=[train.ModelCheckpoint(tmp_path / path, save_best_only=False)])
    assert all(np.array_equal(p.data, b) for p, b in zip(model.parameters(), before))


def test_a_path_in_folders_not_made_yet_is_written_there(tmp_path):
    """"runs/today/model-{epoch}.npz": each missing folder is made, not only the last one."""
    X, y = data.load("moons", n_samples=20, seed=0)
    model = nn.MLP([2, 1], output="sigmoid", rng=np.random.default_rng(0))
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, seed=0,
              callbacks=[train.ModelCheckpoint(tmp_path / "runs" / "today" / "model-{epoch}.npz",
                                               save_best_only=False)])
    assert (tmp_path / "runs" / "today" / "model-1.npz").is_file()
