"""Pixels already in [0, 1] are not "far from unit scale": images with a faint background noise,
as scans have, hold many columns of a tiny spread (a border pixel at 0.01 ± 0.01), and the
Monitor told a learner who had divided by 255 to divide by 255 (and to standardise per pixel,
which blows that noise up). Pixels in 0..255 are still reported."""
import numpy as np

from neuralab import data, nn, train

DIGITS = data.load("digits")


def _report(X, image_shape=(8, 8)):
    model = nn.MLP([64, 8, 10], rng=np.random.default_rng(0))
    monitor = train.Monitor(every=5, image_shape=image_shape)
    model.fit(X, DIGITS.y[:400], loss="cross_entropy", optimizer="sgd", epochs=2, verbose=0, seed=0,
              callbacks=[monitor])
    return monitor.report()


def _noisy_pixels():
    rng = np.random.default_rng(1)
    X = DIGITS.X[:400] / 16.0
    return np.clip(X + rng.uniform(0, 0.03, X.shape), 0, 1)   # a faint background everywhere


def test_pixels_in_0_1_with_a_faint_background_are_not_reported():
    X = _noisy_pixels()
    assert X.min() >= 0 and X.max() <= 1
    assert "unscaled_inputs" not in _report(X).names
    assert "unscaled_inputs" not in _report(X, image_shape=None).names   # 64 columns ≥ 0: pixels too


def test_the_same_pixels_in_0_255_are_reported_with_the_division():
    report = _report(_noisy_pixels() * 255)
    assert "unscaled_inputs" in report.names
    found = next(d for d in report if d.name == "unscaled_inputs")
    assert any("X / 255.0" in remedy for remedy in found.advice())
