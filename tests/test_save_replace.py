"""save and CSVLogger replace a file the same way (``nn.replace_file``): whole or not at all,
through a link to it, with the permissions it had."""
import os
import stat

import numpy as np
import pytest

import neuralab
from neuralab import nn
from neuralab.nn.replace_file import replacing
from neuralab.train import CSVLogger


def _sr_model(seed):
    return nn.MLP([2, 3, 1], rng=np.random.default_rng(seed))


def _sr_mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_save_through_a_link_replaces_the_file_it_points_at_and_keeps_the_link(tmp_path):
    # save replaced the link itself with a file: the file it pointed at kept the old model
    (tmp_path / "real").mkdir()
    real, link = tmp_path / "real" / "model.npz", tmp_path / "latest.npz"
    _sr_model(0).save(real)
    link.symlink_to(real)
    newer = _sr_model(1)
    newer.save(link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    X = np.ones((1, 2), np.float32)
    np.testing.assert_array_equal(neuralab.load(real).predict(X), newer.predict(X))
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["model.npz"]


def test_save_over_a_file_keeps_its_permissions_and_a_new_file_gets_the_default_ones(tmp_path):
    # a model file kept private (0o600) became readable by all at the next save
    path = _sr_model(0).save(tmp_path / "model.npz")
    (tmp_path / "plain").touch()                              # what open() gives a new file here
    assert _sr_mode(path) == _sr_mode(tmp_path / "plain")
    os.chmod(path, 0o600)
    _sr_model(1).save(path)
    assert _sr_mode(path) == 0o600


def test_an_interrupted_csv_logger_rewrite_leaves_the_old_table_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "log.csv"
    logger = CSVLogger(path)
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 0.5})
    before = path.read_bytes()

    def interrupted(source, target):
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", interrupted)
        with pytest.raises(KeyboardInterrupt):
            logger.on_epoch_end(1, {"loss": 0.4, "lr": 0.1})      # a new column: the file is rewritten
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["log.csv"]
    logger.on_epoch_end(1, {"loss": 0.4, "lr": 0.1})              # the rewrite again, now whole
    assert path.read_bytes() == b"epoch,loss,lr\r\n0,0.5,\r\n1,0.4,0.1\r\n"


def test_a_csv_logger_rewrites_a_file_whose_name_is_long_in_bytes(tmp_path):
    # the review: 72 three-byte characters (220 bytes, a legal name) made the temporary file's
    # name 300 bytes long, and the first new column failed with "File name too long"
    path = tmp_path / ("训练日志" * 18 + ".csv")
    logger = CSVLogger(path)
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 0.5})
    logger.on_epoch_end(1, {"loss": 0.4, "val_loss": 0.6})
    assert path.read_text(encoding="utf-8").splitlines() == ["epoch,loss,val_loss", "0,0.5,", "1,0.4,0.6"]
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_private_files_replacement_is_private_while_it_is_written(tmp_path):
    # the review: the temporary file was readable by all (the umask's 0o644) until it took the
    # place of a 0o600 file
    path = _sr_model(0).save(tmp_path / "model.npz")
    os.chmod(path, 0o600)
    seen = []
    real_savez = np.savez

    def watching(f, **arrays):
        seen.extend(_sr_mode(p) for p in tmp_path.iterdir() if p.name.endswith(".tmp"))
        real_savez(f, **arrays)

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(np, "savez", watching)
        _sr_model(1).save(path)
    assert seen == [0o600] and _sr_mode(path) == 0o600


def test_replace_errors_name_the_users_path_and_a_loop_of_links_is_refused(tmp_path):
    # the review: a loop of links was replaced by a file; errors named the hidden temporary file
    (tmp_path / "a.npz").symlink_to(tmp_path / "b.npz")
    (tmp_path / "b.npz").symlink_to(tmp_path / "a.npz")
    with pytest.raises(OSError, match=r"cannot save .*a\.npz: Too many levels of symbolic links"):
        _sr_model(0).save(tmp_path / "a.npz")
    assert (tmp_path / "a.npz").is_symlink() and (tmp_path / "b.npz").is_symlink()
    with pytest.raises(OSError, match=r"log\.csv'$") as refused:
        with replacing(tmp_path / "sub" / "log.csv") as f:   # no such folder: the error names the file
            f.write(b"")
    assert ".tmp" not in str(refused.value)
