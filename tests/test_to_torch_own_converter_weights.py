"""A converter of your own (``io.TORCH_EXPORTERS``) must give the module the layer's weights:
one that built fresh torch weights exported another function without a word, one in float64 for
a float32 model failed at the module's first call deep in torch ("expected m1 and m2 to have the
same dtype"), and one made with ``torch.from_numpy`` shared the model's arrays, so that training
the module moved the model's weights too, where ``to_torch`` promises a copy."""
import numpy as np
import pytest

from neuralab import io, nn

torch = pytest.importorskip("torch")


class ExportedGain(nn.Layer):
    """y = s ⊙ x, one s per feature."""
    keeps_shape = True

    def __init__(self, n=3):
        self.n = n
        self.s = nn.Parameter(np.linspace(0.5, 2.0, n).astype(nn.get_default_dtype()), "s")

    def forward(self, x, training=False):
        self.x = x
        return x * self.s.data

    def backward(self, grad_out):
        self.s.grad += (grad_out * self.x).sum(axis=0)
        return grad_out * self.s.data

    def config(self):
        return {"n": self.n}


class TorchGain(torch.nn.Module):
    def __init__(self, s):
        super().__init__()
        self.s = torch.nn.Parameter(s)

    def forward(self, x):
        return x * self.s


def _model():
    return nn.Sequential(nn.Dense(3, 3, rng=np.random.default_rng(0)), ExportedGain(3))


def _export(monkeypatch, make):
    monkeypatch.setitem(io.TORCH_EXPORTERS, ExportedGain, lambda layer, torch: TorchGain(make(layer)))
    model = _model()
    return model, io.to_torch(model)


def test_a_converter_given_the_layers_weights_exports_the_same_function(monkeypatch):
    model, module = _export(monkeypatch, lambda layer: torch.tensor(layer.s.data))
    X = np.random.default_rng(1).standard_normal((4, 3)).astype(np.float32)
    np.testing.assert_allclose(module(torch.from_numpy(X)).detach().numpy(), model.predict(X), rtol=1e-6)


def test_a_converter_that_forgot_the_weights_is_refused(monkeypatch):
    with pytest.raises(RuntimeError, match=r"^to_torch: the converter of ExportedGain, TORCH_EXPORTERS\[ExportedGain\], made its "
                                           r"parameter s with other values than the layer's: copy the layer's "
                                           r"weights in, torch\.nn\.Parameter\(torch\.tensor\(layer\.s\.data\)\)"):
        _export(monkeypatch, lambda layer: torch.ones(layer.n))


def test_a_converter_in_another_dtype_is_refused_naming_both(monkeypatch):
    with pytest.raises(RuntimeError, match=r"made its parameter s \(3,\), torch\.float64, where the layer's is "
                                           r"\(3,\), float32: make it from the layer's array"):
        _export(monkeypatch, lambda layer: torch.tensor(layer.s.data, dtype=torch.float64))


def test_weights_a_converter_shares_with_the_model_are_copied(monkeypatch):
    model, module = _export(monkeypatch, lambda layer: torch.from_numpy(layer.s.data))
    before = model[1].s.data.copy()
    with torch.no_grad():
        module[1].s.mul_(10)
    np.testing.assert_array_equal(model[1].s.data, before)
    np.testing.assert_array_equal(module[1].s.detach().numpy(), 10 * before)
