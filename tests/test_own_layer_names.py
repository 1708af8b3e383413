"""An own class named like a built-in layer (``class ReLU(nn.Layer)``): its spec would rebuild
as the built-in, so to_spec refuses it, as save does; to_torch's refusal does not list the name
it refuses as exportable."""
import numpy as np
import pytest

import neuralab
from neuralab import nn


def _names_define_relu(monkeypatch):
    monkeypatch.setattr(neuralab.nn.spec, "REGISTRY", dict(neuralab.nn.spec.REGISTRY))
    cell = {"__name__": "__main__", "nn": nn, "np": np}
    exec("class ReLU(nn.Layer):\n"
         "    keeps_shape = True\n"
         "    def forward(self, x, training=False):\n"
         "        return np.abs(x)\n", cell)
    return cell["ReLU"]


def test_to_spec_refuses_an_own_class_that_would_rebuild_as_the_built_in(monkeypatch):
    own = _names_define_relu(monkeypatch)
    with pytest.raises(ValueError, match=r"__main__\.ReLU would load as neuralab\.nn\.activations\.ReLU"
                                         r".*give your class another name"):
        nn.Sequential(nn.Dense(2, 2), own()).to_spec()
    assert nn.Sequential(nn.Dense(2, 2), nn.ReLU()).to_spec()["layers"][1] == {"type": "ReLU"}


def test_a_subclass_of_the_built_in_under_its_name_still_specs(monkeypatch):
    monkeypatch.setattr(neuralab.nn.spec, "REGISTRY", dict(neuralab.nn.spec.REGISTRY))
    cell = {"__name__": "__main__", "nn": nn}
    exec("class ReLU(nn.ReLU):\n    pass\n", cell)
    assert cell["ReLU"]().to_spec() == {"type": "ReLU"}


def test_to_torch_refusal_does_not_list_the_name_it_refuses(monkeypatch):
    pytest.importorskip("torch")
    own = _names_define_relu(monkeypatch)
    with pytest.raises(ValueError) as info:
        neuralab.io.to_torch(nn.Sequential(nn.Dense(2, 2), own()))
    message = str(info.value)
    listed = message.split("exportable layers: ", 1)[1].split(".", 1)[0]
    assert "ReLU" not in listed.split(", ")
    assert "__main__.ReLU" in message and "Sigmoid" in listed
