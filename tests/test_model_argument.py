"""train.fit, train.evaluate and train.predict take a model first: anything else (the course's dict of
arrays, a torch module, None) is refused by name before any of it is read, where it met
"'dict' object has no attribute 'walk'" inside the loop."""
import numpy as np
import pytest
import torch

from neuralab import nn, train

X, Y = np.zeros((6, 2)), np.array([0.0, 1.0] * 3)
CALLS = {"fit": lambda m: train.fit(m, X, Y, loss="bce", optimizer="sgd", epochs=1, verbose=0),
         "evaluate": lambda m: train.evaluate(m, X, Y, loss="bce"),
         "predict": lambda m: train.predict(m, X)}


@pytest.mark.parametrize("method", CALLS)
def test_the_course_s_parameters_dict_is_told_the_loop_that_puts_it_in_a_model(method):
    parameters = {"W1": np.ones((4, 2)), "b1": np.zeros((4, 1)), "W2": np.ones((1, 4)), "b2": np.zeros((1, 1))}
    with pytest.raises(TypeError, match=rf"^{method} takes the model first, .* got dict \(the course's parameters "
                                        r"dict\? nn\.MLP\(\[2, 4, 1\].*parameters\[f'b\{l\}'\]\.ravel\(\)"):
        CALLS[method](parameters)
    assert parameters["W1"].sum() == 8   # untouched


@pytest.mark.parametrize("method", CALLS)
@pytest.mark.parametrize("model, kind", [(None, "NoneType"), ("model.npz", "str"), ([nn.Dense(2, 1)], "list")])
def test_anything_but_a_layer_is_named(method, model, kind):
    with pytest.raises(TypeError, match=rf"^{method} takes the model first, a layer such as nn\.Sequential\(\.\.\.\) "
                                        rf"or nn\.MLP\(\[\.\.\.\]\), got {kind}$"):
        CALLS[method](model)


def test_a_torch_module_is_told_to_build_the_network_of_neuralab_s_layers():
    with pytest.raises(TypeError, match=r"got Linear \(a torch\.nn\.Module trains in torch: .*io\.to_torch"):
        CALLS["fit"](torch.nn.Linear(2, 1))


def test_a_model_of_one_s_own_layers_still_trains():
    class Net(nn.Layer):
        def __init__(self):
            super().__init__()
            self.dense = nn.Dense(2, 1, rng=0)

        def forward(self, x, training=False):
            return self.dense.forward(x, training)

        def backward(self, grad):
            return self.dense.backward(grad)

    net = nn.Sequential(Net(), nn.Sigmoid())
    assert len(CALLS["fit"](net).history["loss"]) == 1
    assert CALLS["predict"](net).shape == (6, 1)
