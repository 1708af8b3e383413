"""A layer of your own written as a PyTorch Module calls its layers as ``self.drop(h)``: here that
is the evaluation pass, so inside a training pass Dropout dropped nothing and BatchNorm1d used its
running statistics, silently. It warns now, naming the call to write; what trains as meant, and
the evaluation passes, stay silent."""
import warnings

import numpy as np
import pytest

from neuralab import nn


class TorchStyleNet(nn.Layer):
    """PyTorch's habit: the layers called, self.drop(h), the mode left to the module."""
    def __init__(self, pass_training=False):
        self.pass_training = pass_training
        self.linear1, self.relu, self.drop = nn.Dense(2, 16, rng=0), nn.ReLU(), nn.Dropout(0.5, rng=0)
        self.linear2 = nn.Dense(16, 1, rng=1)

    def forward(self, x, training=False):
        h = self.relu(self.linear1(x))                    # no training difference: silent either way
        h = self.drop(h, training) if self.pass_training else self.drop(h)
        return self.linear2(h, training)

    def backward(self, grad_out):
        delta = self.drop.backward(self.linear2.backward(grad_out))
        return self.linear1.backward(self.relu.backward(delta))

    def config(self):
        return {"pass_training": self.pass_training}


class WithBody(nn.Layer):
    """A nested Sequential holding a BatchNorm1d, called as torch calls self.features(x)."""
    def __init__(self):
        self.body = nn.Sequential(nn.Dense(2, 4, rng=0), nn.BatchNorm1d(4))

    def forward(self, x, training=False):
        return self.body(x)

    def backward(self, grad_out):
        return self.body.backward(grad_out)


class Distilled(nn.Layer):
    """A frozen teacher run in evaluation on purpose, inside the student's training pass."""
    def __init__(self):
        self.teacher = nn.Sequential(nn.Dense(2, 2, rng=0), nn.Dropout(0.5))
        self.student = nn.Dense(2, 1, rng=1)

    def forward(self, x, training=False):
        return self.student.forward(self.teacher.forward(x, training=False), training)

    def backward(self, grad_out):
        return self.student.backward(grad_out)


def _data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 2))
    return X, (X[:, 0] > 0).astype(float)


def _fit(layer):
    """The warnings of two epochs of fit (four batches each) on ``layer``, as Python shows them
    by default: once per line of code."""
    X, y = _data()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        nn.Sequential(layer).fit(X, y, loss="bce_logits", optimizer="sgd", epochs=2, batch_size=16,
                                 verbose=0, seed=0)
    return [w for w in caught if issubclass(w.category, nn.EvaluationPassWarning)]


def test_dropout_called_as_in_torch_inside_a_training_pass_warns_once_naming_the_call_to_write():
    caught = _fit(TorchStyleNet())
    assert len(caught) == 1 and caught[0].filename == __file__   # the learner's line, once
    assert str(caught[0].message) == (
        "TorchStyleNet.forward(x, training=True) calls self.drop(x), an evaluation pass, so Dropout(p=0.5) "
        "runs as at prediction (no dropout, running statistics): pass training on, self.drop(x, training); "
        "for an evaluation pass on purpose, self.drop.forward(x, training=False)")


def test_the_call_the_warning_names_trains_with_dropout_and_says_nothing():
    net = TorchStyleNet(pass_training=True)
    assert _fit(net) == []
    X, _ = _data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dropped = net.forward(X, training=True)            # masks drawn: some units dropped
        assert not np.allclose(dropped, net.forward(X))
        TorchStyleNet()(X)                                  # evaluation passes of the torch-style one:
        nn.Sequential(TorchStyleNet()).predict(X)           # nothing to say


def test_a_nested_sequential_with_batchnorm_called_inside_a_training_pass_warns_naming_it():
    X, _ = _data()
    net = WithBody()
    with pytest.warns(nn.EvaluationPassWarning, match=r"^WithBody\.forward\(x, training=True\) calls self\.body\(x\), "
                                                      r"an evaluation pass, so BatchNorm1d\(4\) runs as at prediction"):
        net.forward(X, training=True)


def test_an_evaluation_pass_meant_so_through_forward_training_false_is_silent():
    assert _fit(Distilled()) == []


class ForwardCallingNet(TorchStyleNet):
    """PyTorch's other habit: the sublayers' forward called, self.drop.forward(h), training left out."""
    def forward(self, x, training=False):
        h = self.relu.forward(self.linear1.forward(x))    # no training difference: silent either way
        h = self.drop.forward(h, training) if self.pass_training else self.drop.forward(h)
        return self.linear2.forward(h, training)


def test_dropout_s_forward_called_without_training_inside_a_training_pass_warns_once_naming_the_call():
    caught = _fit(ForwardCallingNet())
    assert len(caught) == 1 and caught[0].filename == __file__ and caught[0].lineno == \
        ForwardCallingNet.forward.__wrapped__.__code__.co_firstlineno + 2      # the learner's line, once
    assert str(caught[0].message) == (
        "ForwardCallingNet.forward(x, training=True) calls self.drop.forward(x) without training, an evaluation "
        "pass, so Dropout(p=0.5) runs as at prediction (no dropout, running statistics): pass training on, "
        "self.drop.forward(x, training) or self.drop(x, training); for an evaluation pass on purpose, "
        "self.drop.forward(x, training=False)")


def test_forward_given_training_trains_with_dropout_and_says_nothing():
    net = ForwardCallingNet(pass_training=True)
    assert _fit(net) == []
    X, _ = _data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not np.allclose(net.forward(X, training=True), net.forward(X))   # masks drawn, then none
        ForwardCallingNet().forward(X)                      # evaluation passes: nothing to say
        nn.Dropout(0.5).forward(X)
        nn.Sequential(ForwardCallingNet()).predict(X)
