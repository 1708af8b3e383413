"""Each layer keeps only its last forward pass for backward: a Sequential refuses a backward
whose training pass another forward (predict, evaluate) replaced, instead of returning the
evaluation pass's gradients or failing deep inside NumPy; the library's own loops never trip it."""
import numpy as np
import pytest

import neuralab
from neuralab import nn, optim
from neuralab.train import LambdaCallback, Monitor, gradcheck

REPLACED = r"between forward\(training=True\) and backward"


def _data(n=100):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n, 2)).astype(np.float32)
    return X, (X[:, 0] > 0).astype(np.float32)


def _model():
    """Dropout and batch normalisation: the layers whose evaluation pass differs."""
    neuralab.seed(0)
    return nn.MLP([2, 8, 1], output="sigmoid", batchnorm=True, dropout=0.2)


def _step(model, loss, xb, yb, between=None):
    """One training step's gradients; ``between`` runs after the loss, before backward."""
    neuralab.seed(1)                                    # the same dropout mask every time
    loss(model.forward(xb, training=True), yb)
    if between is not None:
        between()
    model.zero_grad()
    model.backward(loss.backward())
    return [p.grad.copy() for p in model.parameters()]


def _refused_then_recovers(model, loss, between, match):
    """A step with ``between`` is refused before any gradient is written; a new training
    forward then starts afresh, and the step gives the gradients it gave before."""
    X, y = _data()
    reference = _step(model, loss, X[:20], y[:20])
    with pytest.raises(ValueError, match=match):
        _step(model, loss, X[:20], y[:20], between=lambda: between(X))
    assert not any(p.grad.any() for p in model.parameters())
    for grad, expected in zip(_step(model, loss, X[:20], y[:20]), reference, strict=True):
        np.testing.assert_array_equal(grad, expected)


@pytest.mark.parametrize("between", [
    lambda model, X: model.predict(X[:20]),              # the batch itself: silently wrong before
    lambda model, X: model.predict(X[20:]),              # another size: a NumPy broadcast error
    lambda model, X: model.forward(X[:20]),
    lambda model, X: model.evaluate(X[:20], X[:20, 0] > 0, loss="bce"),
    lambda model, X: model.predict(X, batch_size=30),    # several passes
], ids=["predict batch", "predict other size", "forward", "evaluate", "predict in chunks"])
def test_a_forward_between_training_forward_and_backward_is_refused(between):
    model = _model()
    _refused_then_recovers(model, nn.BCELoss(), lambda X: between(model, X),
                           REPLACED + ".*predict after backward")


def test_predict_after_backward_or_before_the_forward_is_fine():
    X, y = _data()
    model, loss = _model(), nn.BCELoss()
    reference = _step(model, loss, X[:20], y[:20])
    model.predict(X)
    neuralab.seed(1)
    loss(model.forward(X[:20], training=True), y[:20])
    model.zero_grad()
    model.backward(loss.backward())
    model.predict(X)
    for p, expected in zip(model.parameters(), reference, strict=True):
        np.testing.assert_array_equal(p.grad, expected)


def test_backward_after_an_evaluation_forward_alone_is_legal(float64):
    # input gradients of a trained network (saliency), gradcheck: backward of an eval pass
    X, y = _data()
    model, loss = _model(), nn.BCELoss()
    _step(model, loss, X[:20], y[:20])
    x = np.asarray(X[:5], np.float64)
    model.forward(x)
    with pytest.warns(nn.EvaluationPassWarning, match=r"through BatchNorm1d\(8\), Dropout\(p=0.2\)"):
        grad_x = model.backward(np.ones((5, 1)))       # taken, with a word on the two layers
    assert grad_x.shape == (5, 2) and np.isfinite(grad_x).all()
    assert gradcheck(model, "bce", x, y[:5]) < 1e-6


def test_backward_twice_after_one_training_forward_accumulates():
    X, y = _data()
    model, loss = _model(), nn.BCELoss()
    once = _step(model, loss, X[:20], y[:20])
    with pytest.warns(nn.BackwardTwiceWarning):          # no zero_grad: the same gradients again
        model.backward(loss.backward())
    for p, g in zip(model.parameters(), once, strict=True):
        np.testing.assert_allclose(p.grad, 2 * g, rtol=1e-6)


def test_backward_before_any_forward_is_a_clear_error():
    for model in (nn.Sequential(nn.Dense(2, 3)), nn.MLP([2, 3, 1]), nn.Sequential()):
        with pytest.raises(ValueError, match=r"before any forward pass.*forward\(x\)"):
            model.backward(np.ones((1, 3)))


def test_nested_sequentials_track_their_own_passes():
    rng = np.random.default_rng(0)
    inner = nn.Sequential(nn.Dense(2, 4, rng=rng), nn.Tanh())
    model = nn.Sequential(inner, nn.Dense(4, 1, rng=rng))
    x, grad_out = rng.standard_normal((3, 2)), rng.standard_normal((3, 1))
    model.forward(x, training=True)
    model.backward(grad_out)                             # nested training step: fine
    first = [p.grad.copy() for p in model.parameters()]
    model.zero_grad()
    model.forward(x, training=True)
    inner.forward(rng.standard_normal((5, 2)))           # replaces only the inner layers' caches
    with pytest.raises(ValueError, match=r"layer 0 Sequential\(Dense\(2, 4\), Tanh\(\)\) ran on its own"):
        model.backward(grad_out)
    model.zero_grad()
    model.forward(x, training=True)
    model.backward(grad_out)
    for p, g in zip(model.parameters(), first, strict=True):
        np.testing.assert_array_equal(p.grad, g)


SHARED = r"another model holding these layers ran a forward pass after this one's"


@pytest.mark.parametrize("between", [
    lambda model, net, X: model.predict(X[20:40]),      # the same batch size: silently wrong before
    lambda model, net, X: model.predict(X[40:]),        # another size: an error that blamed δ
    lambda model, net, X: model.forward(X[20:40], training=True),
    lambda model, net, X: model[:-1].forward(X[20:40]),  # another slice
    lambda model, net, X: model[:2].forward(X[20:40]),   # one that holds only the first layers
], ids=["model.predict", "model.predict other size", "model.forward", "another slice", "a shorter slice"])
def test_a_pass_of_a_model_sharing_the_layers_is_refused_as_well(between):
    # the README's loop on logits, _step on net = model[:-1], which shares its layers with
    # model, whose predict (to log accuracy mid-step) replaced their caches without net knowing
    model = _model()
    net = model[:-1]
    _refused_then_recovers(net, nn.BCEWithLogitsLoss(), lambda X: between(model, net, X),
                           SHARED + r".*on this model again")


def _each_layer(model, X, call):
    a = X
    for layer in model.layers:
        a = call(layer, a)
    return a


BY_HAND = r"layer 0 Dense\(2, 8, bias=False\) ran on its own \(layer.forward\(a\) or layer\(a\)\) after the model's"


@pytest.mark.parametrize("between", [
    lambda model, X: _each_layer(model, X[:20], lambda layer, a: layer.forward(a)),  # to print each output
    lambda model, X: _each_layer(model, X[:20], lambda layer, a: layer(a)),
    lambda model, X: _each_layer(model, X[:20], lambda layer, a: layer.forward(a, training=True)),
    lambda model, X: model.layers[0].forward(X[20:40]),
], ids=["layer.forward", "layer(a)", "layer.forward training", "one layer, another batch"])
def test_a_layer_run_on_its_own_between_forward_and_backward_is_refused(between):
    # the loop that prints each layer's output between the loss and backward: backward then gave
    # the gradients of the layers' own passes, without a word (0.21 off on this very batch)
    model = _model()
    _refused_then_recovers(model, nn.BCELoss(), lambda X: between(model, X), BY_HAND)


def test_layers_run_one_by_one_go_back_one_by_one_and_the_model_says_so():
    X, y = _data(20)
    model = _model()
    with pytest.raises(ValueError, match=r"the model ran no forward pass of its own; its layers ran one by "
                                         r"one .*for layer in reversed\(model.layers\): δ = layer.backward\(δ\)"):
        model.backward(np.ones((20, 1), np.float32) + 0 * _each_layer(model, X, lambda l, a: l.forward(a)))
    # what the message advises gives the model's own gradients
    reference = _step(model, nn.BCELoss(), X, y)
    loss = nn.BCELoss()
    neuralab.seed(1)
    loss(_each_layer(model, X, lambda layer, a: layer.forward(a, training=True)), y)
    model.zero_grad()
    delta = loss.backward()
    for layer in reversed(model.layers):
        delta = layer.backward(delta)
    for p, expected in zip(model.parameters(), reference, strict=True):
        np.testing.assert_array_equal(p.grad, expected)


def test_a_slice_s_pass_blocks_the_whole_model_s_backward():
    model = _model()
    _refused_then_recovers(model, nn.BCELoss(), lambda X: model[:-1].forward(X[20:40]), SHARED)


@pytest.mark.parametrize("refused", [
    lambda model, X, y: model.evaluate(X, y),                      # no loss given, none from fit
    lambda model, X, y: model.predict(X[:, :1]),                   # one feature of two
    lambda model, X, y: model.evaluate(X, y[:10], loss="bce"),     # targets of another length
], ids=["evaluate without a loss", "predict of the wrong width", "evaluate of mismatched targets"])
def test_a_predict_or_evaluate_refused_before_any_pass_leaves_the_step_to_finish(refused):
    X, y = _data()
    model, loss = _model(), nn.BCELoss()
    reference = _step(model, loss, X[:20], y[:20])

    def call():
        with pytest.raises(ValueError):
            refused(model, X, y)
    for grad, expected in zip(_step(model, loss, X[:20], y[:20], between=call), reference, strict=True):
        np.testing.assert_array_equal(grad, expected)


def test_fit_with_predict_in_callbacks_validation_and_a_monitor_never_trips_it():
    # on_batch_begin runs before the forward, on_batch_end after backward; the Monitor's probe
    # and the validation pass run after backward too
    X, y = _data()
    model = _model()
    peek = LambdaCallback(on_batch_begin=lambda batch, logs: model.predict(X[:7]),
                          on_batch_end=lambda batch, logs: model.predict(X[:7]))
    history = model.fit(X[:80], y[:80], loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.01),
                        epochs=3, batch_size=20, validation_data=(X[80:], y[80:]),
                        callbacks=[Monitor(every=1), peek], verbose=0)
    assert len(history.history["val_loss"]) == 3 and history.stop_reason is None


def test_a_training_pass_never_backpropagated_does_not_block_input_gradients_for_long(float64):
    # Monte-Carlo dropout: training passes with no backward, then predict, then the saliency of
    # an evaluation pass; and a step that failed in its loss, then an evaluation pass
    X, y = _data()
    model = _model()
    np.stack([model.forward(X, training=True) for _ in range(5)])
    model.predict(X)
    model.forward(X[:5])
    with pytest.warns(nn.EvaluationPassWarning):
        assert model.backward(np.ones((5, 1))).shape == (5, 2)
    assert gradcheck(model, "bce", np.asarray(X[:5], np.float64), y[:5]) < 1e-6
    model.forward(X[:20], training=True)           # its loss failed: no backward
    model.forward(X[:5])
    with pytest.raises(ValueError, match=r"run forward\(x\) again, then backward"):
        model.backward(np.ones((5, 1)))
    model.forward(X[:5])
    with pytest.warns(nn.EvaluationPassWarning):
        assert model.backward(np.ones((5, 1))).shape == (5, 2)


PREDICTED = r"predict or evaluate, which are not for your backward.*run forward\(x\) again"


@pytest.mark.parametrize("before", ["evaluation pass", "backpropagated training pass", "nothing"])
@pytest.mark.parametrize("call", [
    lambda model, X, y: model.predict(X[20:]),
    lambda model, X, y: model.predict(X[:20], batch_size=7),
    lambda model, X, y: model.evaluate(X[:20], y[:20], loss="bce"),
], ids=["predict", "predict in chunks", "evaluate"])
def test_predict_and_evaluate_leave_nothing_to_differentiate_whatever_came_before(call, before):
    # model(x) (an evaluation pass), the loss, a predict to log accuracy, then backward: the
    # gradients silently were those of predict's last batch
    X, y = _data()
    model, loss = _model(), nn.BCELoss()
    if before == "evaluation pass":
        loss(model(X[:20]), y[:20])
    elif before == "backpropagated training pass":
        _step(model, loss, X[:20], y[:20])
    call(model, X, y)
    model.zero_grad()
    with pytest.raises(ValueError, match=PREDICTED):
        model.backward(np.ones((20, 1)))
    assert not any(p.grad.any() for p in model.parameters())
    model(X[:20])                      # the pass to differentiate, run again: fine
    with pytest.warns(nn.EvaluationPassWarning):
        assert model.backward(np.ones((20, 1))).shape == (20, 2)


def test_predict_leaves_nested_sequentials_nothing_to_differentiate_either():
    rng = np.random.default_rng(0)
    inner = nn.Sequential(nn.Dense(2, 4, rng=rng), nn.Tanh())
    model = nn.Sequential(inner, nn.Dense(4, 1, rng=rng))
    x = rng.standard_normal((3, 2))
    inner.forward(x)
    model.predict(rng.standard_normal((3, 2)))  # a batch of the same size: silently taken
    with pytest.raises(ValueError, match=PREDICTED):
        inner.backward(np.ones((3, 4)))


def test_a_training_loop_on_model_x_is_told_that_dropout_and_batchnorm_ran_as_at_prediction():
    """PyTorch's loop calls model(x), in its default training mode; here model(x) is evaluation
    mode, so dropout never ran and BatchNorm's running statistics never moved, silently."""
    X, y = _data()
    model, loss = _model(), nn.BCELoss()
    opt = optim.SGD(model.parameters(), lr=0.1)
    before = model.layers[1].running_mean.copy()
    loss(model(X[:20]), y[:20])
    with pytest.warns(nn.EvaluationPassWarning, match=r"model\(x\) is model.forward\(x\) in evaluation "
                                                      r"mode: to train, run model.forward\(x, training=True\)"):
        model.backward(loss.backward())
    opt.step()
    np.testing.assert_array_equal(model.layers[1].running_mean, before)   # what the warning says
    loss(model.forward(X[:20], training=True), y[:20])
    model.backward(loss.backward())                                    # the training pass: no word
    assert not np.array_equal(model.layers[1].running_mean, before)


@pytest.mark.parametrize("model", [nn.MLP([2, 8, 1]), nn.MLP([2, 8, 1], dropout=0.0),
                                   nn.Sequential(nn.Dense(2, 8), nn.Sequential(nn.Dropout(0.0)), nn.Dense(8, 1))],
                         ids=["plain", "dropout 0", "nested dropout 0"])
def test_an_evaluation_pass_computes_the_training_function_without_layers_that_differ(model):
    x = np.ones((3, 2), np.float32)
    model(x)
    assert model.backward(np.ones((3, 1), np.float32)).shape == (3, 2)   # no warning (errors here)


def test_a_nested_model_warns_of_its_evaluation_pass_once():
    # the inner Sequential's pass was an evaluation pass too: it warned again, from the library
    model = nn.Sequential(nn.Sequential(nn.Dense(2, 3), nn.BatchNorm1d(3)), nn.Dense(3, 1))
    x = np.ones((4, 2), np.float32)
    model(x)
    with pytest.warns(nn.EvaluationPassWarning) as record:
        model.backward(np.ones((4, 1), np.float32))
    assert len(record) == 1 and record[0].filename == __file__
