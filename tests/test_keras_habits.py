"""What a Keras user writes out of habit, and what neuralab answers: each habit that would do
nothing without a word, or end in a bare error, is told what to write here, in one line."""
import json

import numpy as np
import pytest

import neuralab
from neuralab import nn, train
from neuralab.train import Callback, LambdaCallback


def _fitted():
    X = np.random.default_rng(0).normal(size=(40, 2)).astype(np.float32)
    y = (X[:, 0] > 0).astype(np.int64)
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=0)
    model.fit(X, y, loss="bce", optimizer="adam", epochs=2, verbose=0, seed=0)
    return model, X, y


# -- callbacks: a Keras hook that fit never calls would never run, without a word --------------

@pytest.mark.parametrize("hook, way", [("on_train_batch_end", "the hook here is on_batch_end(self, batch, logs)"),
                                       ("on_train_batch_begin", "the hook here is on_batch_begin(self, batch, logs)"),
                                       ("on_test_end", "fit calls no hook around its validation pass"),
                                       ("on_predict_batch_end", "fit calls no hook around its validation pass")])
def test_a_callback_defining_a_keras_hook_that_fit_never_calls_is_refused_at_its_class(hook, way):
    with pytest.raises(TypeError) as error:
        type("Counter", (Callback,), {hook: lambda self, batch, logs=None: None})
    assert str(error.value).startswith(f"Counter defines {hook}, a Keras hook that fit never calls: {way}")


def test_the_hook_that_the_message_names_runs_after_every_batch():
    class Counter(Callback):
        calls = 0

        def on_batch_end(self, batch, logs=None):
            Counter.calls += 1

    model, X, y = _fitted()
    model.fit(X, y, loss="bce", optimizer="adam", epochs=2, batch_size=10, verbose=0, callbacks=[Counter()])
    assert Counter.calls == 8


def test_lambda_callback_answers_a_test_hook_with_where_validation_shows_not_a_near_name():
    # closest("on_test_end") is "on_train_end": a hook that runs once, not around validation
    with pytest.raises(ValueError) as error:
        LambdaCallback(on_test_end=print)
    assert "did you mean" not in str(error.value)
    assert str(error.value).endswith("fit calls no hook around its validation pass, and evaluate and predict call "
                                     "none: the validation scores reach on_epoch_end(epoch, logs) in logs "
                                     "('val_loss', ...)")


# -- evaluate returns a dict: Keras's list habit ------------------------------------------------

def test_evaluate_is_still_a_plain_dict_of_scores():
    model, X, y = _fitted()
    scores = model.evaluate(X, y)
    assert isinstance(scores, dict) and list(scores) == ["loss", "accuracy"]
    assert scores == {"loss": scores["loss"], "accuracy": scores["accuracy"]}
    assert scores.get(1) is None and 1 not in scores


@pytest.mark.parametrize("key, way", [(1, "scores['accuracy'], not scores[1]"), (0, "scores['loss'], not scores[0]"),
                                      (np.int64(-1), "scores['accuracy'], not scores[-1]"),
                                      (5, "each score by name")])
def test_evaluate_read_as_keras_list_names_the_key(key, way):
    model, X, y = _fitted()
    with pytest.raises(KeyError) as error:
        model.evaluate(X, y)[key]
    assert error.value.args[0] == (f"evaluate returns a dict, not Keras's list [loss, metric, ...]: read {way} "
                                   f"(it holds 'loss', 'accuracy')")


def test_evaluate_unpacked_as_keras_list_is_refused_naming_its_values():
    """Keras's ``loss, acc = model.evaluate(X, y)`` unpacked the dict's keys: loss was 'loss'."""
    model, X, y = _fitted()
    way = ("evaluate returns a dict, not Keras's list [loss, metric, ...]: unpacking it gives its keys ('loss', "
           "'accuracy'); take its values, loss, accuracy = model.evaluate(X, y).values(), or each by name, "
           "model.evaluate(X, y)['loss']")
    with pytest.raises(TypeError) as error:
        _loss, _acc = model.evaluate(X, y)
    assert error.value.args[0] == way
    scores = model.evaluate(X, y)
    with pytest.raises(TypeError, match="unpacking it gives its keys"):
        _loss, *_rest = scores
    loss, accuracy = scores.values()   # the way the message gives
    assert (loss, accuracy) == (scores["loss"], scores["accuracy"]) and isinstance(loss, float)


def test_evaluate_dict_still_iterates_copies_and_serialises_as_a_dict():
    model, X, y = _fitted()
    scores = model.evaluate(X, y)
    plain = {"loss": scores["loss"], "accuracy": scores["accuracy"]}
    assert [name for name in scores] == list(scores) == sorted(scores, reverse=True) == ["loss", "accuracy"]
    assert dict(scores) == {**scores} == dict(scores.items()) == plain
    assert dict(zip(scores, scores.values())) == plain
    assert json.loads(json.dumps(scores)) == plain and str(scores) == str(plain)


def test_evaluate_missing_name_says_what_it_holds_and_the_nearest():
    model, X, y = _fitted()
    with pytest.raises(KeyError, match=r"'acc' was not scored: evaluate's dict holds 'loss', 'accuracy' "
                                       r"\(did you mean 'accuracy'\?\)"):
        model.evaluate(X, y)["acc"]


# -- Keras's model and layer methods and attributes ---------------------------------------------

@pytest.mark.parametrize("name, way", [
    ("get_weights", r"layer.weight.data of shape \(out, in\), Keras's kernel transposed"),
    ("set_weights", r"layer.weight.data\[...\] = kernel.T"),
    ("save_weights", r"model.save\(path\)"), ("load_weights", r"neuralab.load\(path\)"),
    ("predict_proba", r"predict\(X\) gives the outputs"), ("train_on_batch", "one update on one batch"),
    ("test_on_batch", r"evaluate\(X, y\)"), ("predict_on_batch", r"predict\(X\)"),
    ("get_layer", r"model\[i\] is the i-th layer"), ("pop", r"model\[:-1\]"),
    ("get_config", r"model.to_spec\(\)"), ("to_json", r"model.to_spec\(\)")])
def test_keras_model_methods_name_what_does_their_job(name, way):
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=0)
    with pytest.raises(AttributeError, match=rf"^Sequential has no {name}\(\): .*{way}"):
        getattr(model, name)


@pytest.mark.parametrize("name, way", [("weights", r"model.parameters\(\)"), ("trainable_weights", r"model.parameters\(\)"),
                                       ("metrics_names", "the keys of evaluate's dict"),
                                       ("input_shape", r"model\[0\].in_features")])
def test_keras_model_attributes_name_what_holds_them(name, way):
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=0)
    with pytest.raises(AttributeError, match=rf"^Sequential has no {name}: .*{way}"):
        getattr(model, name)
    assert not hasattr(model, name)   # still an AttributeError, for hasattr and getattr's default


def test_the_kernel_the_message_gives_is_keras_layout():
    # the message says Keras's kernel is weight.data.T: a Dense computes X @ kernel + b with it
    dense = nn.Dense(3, 2, rng=0)
    with pytest.raises(AttributeError, match=r"weight.data.T here"):
        dense.kernel
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(dense(x), x @ dense.weight.data.T + dense.bias.data, rtol=1e-6)


def test_set_weights_as_the_message_writes_it_sets_the_layer():
    dense = nn.Dense(3, 2, rng=0)
    kernel, bias = np.arange(6.0).reshape(3, 2), np.array([1.0, -1.0])   # Keras's (in, out) kernel
    dense.weight.data[...] = kernel.T
    dense.bias.data[...] = bias
    x = np.ones((1, 3))
    np.testing.assert_allclose(dense(x), x @ kernel + bias)


# -- Keras's names in nn and train --------------------------------------------------------------

@pytest.mark.parametrize("module, name, way", [
    (nn, "BatchNormalization", r"nn.BatchNorm1d\(num_features\).*momentum=0.99 is momentum=0.01 here"),
    (nn, "Input", r"no input layer: the first Dense's in_features is the input size"),
    (nn, "InputLayer", "no input layer"), (nn, "Model", "nn.Sequential"), (nn, "Conv2D", "dense ones"),
    (nn, "to_categorical", r"data.one_hot\(y\)"), (train, "to_categorical", r"data.one_hot\(y\)"),
    (train, "TerminateOnNaN", "fit stops by itself"), (train, "ProgbarLogger", r"fit\(verbose=1\)"),
    (train, "TensorBoard", r"train.CSVLogger\(path\)"), (train, "BackupAndRestore", r"save_best_only=False")])
def test_keras_names_in_nn_and_train_name_what_does_their_job(module, name, way):
    with pytest.raises(AttributeError, match=rf"^{module.__name__} has no {name}: .*{way}"):
        getattr(module, name)


def test_to_categorical_answer_is_true_the_same_loss_from_labels_and_one_hot_rows():
    X = np.random.default_rng(1).normal(size=(30, 2))
    net = nn.MLP([2, 4, 3], rng=0)
    y = np.arange(len(X)) % 3
    assert net.evaluate(X, y, loss="cross_entropy")["loss"] == pytest.approx(
        net.evaluate(X, neuralab.data.one_hot(y), loss="cross_entropy")["loss"], rel=1e-12)


def test_keras_activation_by_name_names_the_layer():
    with pytest.raises(TypeError, match=r"^nn.Activation is the base class of the activations: Keras's "
                                        r"Activation\('relu'\) is nn.ReLU\(\) here"):
        nn.Activation("relu")
    with pytest.raises(TypeError, match=r"Activation\('elu'\) is a layer of nn.ACTIVATIONS here"):
        nn.Activation("elu")


@pytest.mark.parametrize("keyword", ["units", "input_dim", "input_shape"])
def test_dense_keras_size_keywords_say_the_input_size_comes_first(keyword):
    with pytest.raises(TypeError, match=rf"'{keyword}' \(Keras's Dense\(units\) is Dense\(in_features, out_features\)"):
        nn.Dense(8, **{keyword: 8})


def test_dropout_seed_is_rng():
    with pytest.raises(TypeError, match=r"'seed' \(the seed of the dropout masks is rng here"):
        nn.Dropout(0.5, seed=0)


@pytest.mark.parametrize("make, way", [
    (lambda: train.EarlyStopping(start_from_epoch=3), "the count starts at the first epoch"),
    (lambda: train.ModelCheckpoint("best.npz", save_freq="epoch"), "saved at the end of an epoch")])
def test_keras_callback_keywords_name_their_way(make, way):
    with pytest.raises(TypeError, match=way):
        make()


def test_validation_split_message_gives_the_rows_keras_takes():
    # Keras's split: the rows from int(len(X) * (1 - split)) on, before any shuffling
    model, X, y = _fitted()
    with pytest.raises(TypeError, match=r"Keras's validation_split=0.2 takes the last rows, unshuffled: "
                                        r"k = int\(len\(X\) \* \(1 - 0.2\)\), fit\(X\[:k\], y\[:k\], "
                                        r"validation_data=\(X\[k:\], y\[k:\]\)\)"):
        model.fit(X, y, loss="bce", optimizer="adam", epochs=1, validation_split=0.2)


@pytest.mark.parametrize("method, keyword, way", [
    ("fit", "workers", "X is an array in memory"), ("fit", "use_multiprocessing", "X is an array in memory"),
    ("fit", "loss_weights", "one output and one loss"), ("fit", "weighted_metrics", "the metrics stay unweighted"),
    ("evaluate", "callbacks", "call no callbacks"), ("predict", "steps", r"give X\[:n\] for the first n")])
def test_keras_fit_evaluate_predict_keywords_name_their_way_not_a_near_name(method, keyword, way):
    # loss_weights was answered "did you mean 'class_weight'?", another thing altogether
    model, X, y = _fitted()
    args = (X,) if method == "predict" else (X, y)
    with pytest.raises(TypeError, match=rf"^{method}\(\) got an unexpected keyword argument '{keyword}' \(.*{way}"):
        getattr(model, method)(*args, **{keyword: 1})
