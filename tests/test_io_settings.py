"""save refuses a layer of your own whose config() leaves out a setting: it would load with the
constructor's default, silently."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn


class ForgetfulELU(nn.Activation):
    """An ELU whose config() forgets alpha, as a learner's first version would."""

    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def function(self, z):
        return np.where(z > 0, z, self.alpha * (np.exp(np.minimum(z, 0)) - 1))

    def derivative(self, z):
        return np.where(z > 0, 1.0, self.alpha * np.exp(np.minimum(z, 0)))


class CarefulELU(ForgetfulELU):
    def config(self):
        return {"alpha": self.alpha}


def test_a_setting_that_config_leaves_out_is_refused_by_save(tmp_path):
    model = nn.Sequential(nn.Dense(2, 4), ForgetfulELU(0.3), nn.Dense(4, 1))
    with pytest.raises(ValueError, match=r"^cannot save: ForgetfulELU\.alpha is 0\.3, but "
                                         r"ForgetfulELU\(\*\*config\(\)\) has 1\.0.*config\(\) must return "
                                         r"every constructor argument \(here \{'alpha': self\.alpha"):
        model.save(tmp_path / "m")
    assert not list(tmp_path.iterdir())
    nn.Sequential(nn.Dense(2, 4), ForgetfulELU(), nn.Dense(4, 1)).save(tmp_path / "default")  # its default: nothing lost
    careful = nn.Sequential(nn.Dense(2, 4), CarefulELU(0.3), nn.Dense(4, 1))
    x = np.ones((3, 2), np.float32)
    np.testing.assert_array_equal(neuralab.load(careful.save(tmp_path / "careful")).predict(x), careful.predict(x))


def test_a_trained_model_of_every_built_in_layer_saves(tmp_path):
    # what fit and forward set on the model and its layers (loss, metrics, optimizer, caches,
    # flags) are not settings: only attributes the rebuilt layer also has are compared
    X, y = data.load("moons", n_samples=64, seed=0)
    model = nn.Sequential(nn.Standardize(2), nn.Dense(2, 6), nn.BatchNorm1d(6), nn.LeakyReLU(0.2),
                          nn.Dropout(0.2), nn.Dense(6, 6), nn.Tanh(), nn.Dense(6, 6), nn.Sigmoid(), nn.Dense(6, 6),
                          nn.ReLU(), nn.Dense(6, 6), nn.Step(), nn.Identity(), nn.Dense(6, 2), nn.Softmax())
    model.fit(X, y, loss="cross_entropy", optimizer="adam", epochs=2, verbose=0)
    model.predict(X)
    loaded = neuralab.load(model.save(tmp_path / "m"))
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


class Counted(nn.Layer):
    """Keeps a count its forward moves: state, not a setting of its constructor."""

    def __init__(self, scale=1.0):
        self.scale = scale
        self.calls = 0

    def config(self):
        return {"scale": self.scale}

    def forward(self, x, training=False):
        self.calls += 1
        return x * self.scale

    def backward(self, grad_out):
        return grad_out * self.scale


def test_state_that_is_no_constructor_argument_is_not_taken_for_a_forgotten_setting(tmp_path):
    model = nn.Sequential(nn.Dense(2, 2), Counted(2.0))
    model.predict(np.ones((3, 2), np.float32))
    assert model[1].calls == 1
    loaded = neuralab.load(model.save(tmp_path / "m"))
    assert loaded[1].scale == 2.0 and loaded[1].calls == 0


class LazyScale(nn.Layer):
    """Makes its weight in its first forward pass, once it knows the input's width, as a Keras
    layer is built: ``LazyScale(**config())`` has no weight."""

    def __init__(self):
        self.weight = None

    def forward(self, x, training=False):
        if self.weight is None:
            self.weight = nn.Parameter(np.full(x.shape[1], 2.0, x.dtype))
        return x * self.weight.data

    def backward(self, grad_out):
        return grad_out * self.weight.data


def test_a_parameter_made_after_the_constructor_is_refused_by_save_naming_the_layer(tmp_path):
    # the message was "the arrays do not match the model: missing none, unexpected ['1.weight']",
    # naming neither the layer nor why its rebuilt self has no such array
    model = nn.Sequential(nn.Dense(2, 3), LazyScale())
    assert neuralab.load(model.save(tmp_path / "unbuilt"))[1].weight is None  # nothing to lose yet
    model.predict(np.ones((4, 2), np.float32))
    with pytest.raises(ValueError, match=r"^cannot save: layer 1 LazyScale\(\) holds the parameter "
                                         r"'weight', which LazyScale\(\*\*config\(\)\) does not make.*"
                                         r"in the constructor"):
        model.save(tmp_path / "built")
    assert not (tmp_path / "built.npz").exists()


class OptionalShift(nn.Layer):
    """a = x + b, or x once its b is set to None: a change its config() does not record."""

    optional_parameters = ("bias",)

    def __init__(self):
        self.bias = nn.Parameter(np.zeros(2))

    def forward(self, x, training=False):
        return x if self.bias is None else x + self.bias.data


def test_a_parameter_dropped_after_the_constructor_is_refused_by_save_naming_the_layer(tmp_path):
    layer = OptionalShift()
    layer.bias = None
    with pytest.raises(ValueError, match=r"^cannot save: OptionalShift\(\) lacks the parameter 'bias', "
                                         r"which OptionalShift\(\*\*config\(\)\) makes"):
        neuralab.io.save(layer, tmp_path / "m")
    assert not list(tmp_path.iterdir())


class StringsForgetfulShift(nn.Activation):
    """a = z + 1 for kind "plus", z - 1 else; config() forgets kind, a setting of text."""

    def __init__(self, kind="minus"):
        self.kind = kind

    def function(self, z):
        return z + 1 if self.kind == "plus" else z - 1

    def derivative(self, z):
        return np.ones_like(z)


def test_a_setting_of_numpy_strings_saves_and_loads_as_the_same_setting(tmp_path):
    """Names taken from a NumPy array (``list(np.array([...]))``, ``rng.choice``) are NumPy's
    str_, which JSON writes as text and load rebuilds as str: the same setting. save refused
    such a PlaneFeatures, blaming its config() ("PlaneFeatures.names is [np.str_('x1'), ...], but
    PlaneFeatures(**config()) has ['x1', ...]"). A forgotten setting of text is still refused."""
    names = list(np.array(["x1", "x2^2", "sin(x1)"]))
    assert type(names[0]) is np.str_
    model = nn.Sequential(nn.PlaneFeatures(names), nn.Dense(3, 2, rng=np.random.default_rng(0)), nn.Tanh())
    loaded = neuralab.load(model.save(tmp_path / "plane"))
    x = np.random.default_rng(1).standard_normal((5, 2)).astype(np.float32)
    assert loaded[0].names == ["x1", "x2^2", "sin(x1)"]
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
    forgetful = nn.Sequential(nn.Dense(2, 1), StringsForgetfulShift(np.array(["plus"])[0]))
    with pytest.raises(ValueError, match=r"^cannot save: StringsForgetfulShift\.kind is np\.str_\('plus'\), but "
                                         r"StringsForgetfulShift\(\*\*config\(\)\) has 'minus'"):
        forgetful.save(tmp_path / "forgetful")
    nn.Sequential(nn.Dense(2, 1), StringsForgetfulShift(np.array(["minus"])[0])).save(tmp_path / "default")
