"""train.ModelCheckpoint, what mutation testing found untested: each test asserts a promise of
checkpoint.py that a small change of the code broke unseen."""
import pytest

from neuralab import train


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
