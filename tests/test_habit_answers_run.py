"""The code of a habit's answer runs as a learner pastes it: each case below meets the refusal as a
Keras, PyTorch or scikit-learn user would, finds the code in the answer's text, fills only its
placeholders (``fit(...`` becomes a whole call, ``λ`` a number) and runs it; and the answers that
say they give another library's numbers give them. A change of the API that breaks an answer, or
an answer that drifts from the API, fails here."""
import numpy as np
import pytest
import torch
from sklearn.datasets import make_moons
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

import neuralab
from neuralab import data, nn, optim, train

_TAIL = "loss='cross_entropy', epochs=2, verbose=0, "
FIT = {"fit(..., ": f"model.fit(X, y, optimizer='adam', {_TAIL}"}          # the answer gives the rest
FIT_OWN_OPTIMIZER = {"fit(..., ": f"model.fit(X, y, {_TAIL}"}              # ... and the optimizer


def _space(tmp_path, fitted=False):
    """What a learner has in hand: 64 rows of two features, two classes, a network, a path."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    model = nn.MLP([2, 8, 2], rng=0)
    if fitted:
        model.fit(X, y, loss="cross_entropy", optimizer="adam", epochs=3, verbose=0, seed=0)
    return {"np": np, "pytest": pytest, "neuralab": neuralab, "nn": nn, "optim": optim, "train": train, "data": data,
            "X": X, "y": y, "model": model, "path": str(tmp_path / "model.npz"), "λ": 0.01}


def _answer(trigger, space):
    """The text of the error that ``trigger``, a habit, meets."""
    with pytest.raises((AttributeError, TypeError, ValueError)) as err:
        exec(trigger, space)
    return str(err.value)


# (trigger, the code in the answer, its placeholders filled, what the learner has already, the
# statement the code goes into ("@" is the code; one per code if a tuple), fitted first)
K, T, S = "keras", "torch", "sklearn"
CASES = {
    f"{K} compile": ("model.compile(optimizer='adam')", ["model.fit(X, y, loss='cross_entropy', optimizer='adam', "
                                                         "epochs=20)"], {"epochs=20": "epochs=2, verbose=0"}),
    f"{K} add": ("model.add(nn.ReLU())", ["nn.Sequential(nn.Dense(2, 8), nn.ReLU(), nn.Dense(8, 1))",
                                          "nn.Sequential(*layers)"], {}, "layers = [nn.Dense(2, 1)]"),
    f"{K} set_weights": ("model.set_weights([])", ["layer.weight.data[...] = kernel.T; layer.bias.data[...] = bias"],
                         {}, "layer = model[0]; kernel = np.ones((2, 8)); bias = np.zeros(8)",
                         "@\nassert (model[0].weight.data == 1).all()"),
    f"{K} count_params": ("model.count_params()", ["model.num_parameters()"], {}, "",
                          "assert @ == 2 * 8 + 8 + 8 * 2 + 2"),
    f"{K} get_config": ("model.get_config()", ["model.to_spec()", "nn.Layer.from_spec(spec)"], {"model.to_spec()":
                        "spec = model.to_spec()"}, "", "@\nassert spec == nn.Layer.from_spec(spec).to_spec()"),
    f"{K} history before fit": ("model.history", ["history = model.fit(X, y, ...)"],
                                {"...": "loss='cross_entropy', optimizer='adam', epochs=1, verbose=0"}, "",
                                "@\nassert model.history is history"),
    f"{K} optimizer before fit": (
        "model.optimizer", ["opt = optim.SGD(model.parameters(), lr=0.1); model.fit(X, y, ..., optimizer=opt, "
                            "callbacks=[train.LearningRateScheduler(optim.StepLR(opt, step_size=10))])"],
        {"..., ": "loss='cross_entropy', epochs=11, verbose=0, "}, "", "@\nassert opt.lr == pytest.approx(0.01)"),
    f"{K} validation_split": ("model.fit(X, y, validation_split=0.2)", ["k = int(len(X) * (1 - 0.2))",
                              "fit(X[:k], y[:k], validation_data=(X[k:], y[k:]))"],
                              {"fit(X[:k], y[:k], ": f"model.fit(X[:k], y[:k], optimizer='adam', {_TAIL}"}),
    f"{K} validation_freq": (
        "model.fit(X, y, validation_freq=2)",
        ["callbacks=train.LambdaCallback(on_epoch_end=lambda epoch, logs: logs.update(val_loss=model.evaluate(X_val, "
         "y_val, batch_size=256)['loss']) if epoch % k == k - 1 else None)"],
        {}, "X_val, y_val, k = X[:16], y[:16], 2",
        f"h = model.fit(X, y, optimizer='adam', {_TAIL.replace('2', '4')}@)\n"
        "assert np.isnan(h.history['val_loss'][0]) and not np.isnan(h.history['val_loss'][1])"),
    f"{K} evaluate class_weight": ("model.evaluate(X, y, class_weight={0: 1.0, 1: 2.0})",
                                   ["sample_weight=class_weights[labels]"], {},
                                   "class_weights, labels = np.array([1.0, 2.0]), y",
                                   "model.evaluate(X, y, loss='cross_entropy', @)"),
    f"{K} decay": ("optim.Adam(model.parameters(), decay=1e-3)",
                   ["fit(..., callbacks=[train.LearningRateScheduler(lambda t: lr / (1 + decay * t), per='batch')])"],
                   FIT, "lr, decay = 0.001, 1e-3"),
    f"{K} Dense(8)": ("nn.Dense(8)", ["nn.Dense(4, 8)", "nn.MLP([4, 8, 3])"], {}),
    f"{K} Dense(activation)": ("nn.Dense(2, 8, activation='relu')", ["nn.Sequential(nn.Dense(2, 8), nn.ReLU())",
                                                                    "nn.MLP([2, 8, 1], activation='relu')"], {}),
    f"{K} kernel_regularizer": ("nn.Dense(2, 8, kernel_regularizer=0.01)", ["train.L2(λ, layers=[dense])"], {},
                                "dense = model[0]", f"model.fit(X, y, optimizer='adam', {_TAIL}penalty=@)"),
    f"{K} Dropout(rate)": ("nn.Dropout(rate=0.2)", ["Dropout(p=0.2)"], {"Dropout(": "nn.Dropout("}),
    f"{K} BatchNormalization": ("nn.BatchNormalization", ["nn.BatchNorm1d(num_features)"], {}, "num_features = 8"),
    f"{K} Adam(learning_rate)": ("optim.Adam(model.parameters(), learning_rate=0.01)",
                                 ["optim.Adam(model.parameters(), lr=0.01)"], {}),
    f"{K} ProgbarLogger": ("train.ProgbarLogger", ["train.ProgressBar(file=...)", "train.EpochLines(file=...)"],
                           {"...": "io.StringIO()"}, "import io",
                           f"model.fit(X, y, optimizer='adam', {_TAIL}callbacks=[@])"),
    f"{K} BackupAndRestore": ("train.BackupAndRestore", ["train.ModelCheckpoint(path, save_best_only=False)",
                                                         "neuralab.load(path)"], {}, "",
                              (f"model.fit(X, y, optimizer='adam', {_TAIL}callbacks=[@])",
                               "assert @.num_parameters() == model.num_parameters()")),
    f"{K} to_categorical": ("train.to_categorical", ["data.one_hot(y)"], {}, "", "assert @.shape == (64, 2)"),
    f"{T} eval": ("model.eval()", ["model.forward(x, training=True)"], {}, "x = X"),
    f"{K} save_weights": ("model.save_weights(path)", ["model.save(path)", "neuralab.load(path)",
                                                     "nn.Sequential(layer).save(path)",
                                                     "np.savez(path, **model.state_dict())",
                                                     "model.load_state_dict(np.load(path))"], {}, "layer = model[0]"),
    f"{T} train_on_batch": ("model.train_on_batch(X, y)",
                            ["model.forward(X, training=True), L = loss(pred, y), model.backward(loss.backward()), "
                             "optimizer.step(), optimizer.zero_grad()"],
                            {"model.forward(X, training=True), ": "pred = model.forward(X, training=True)\n",
                             "), ": ")\n"},
                            "loss, optimizer = nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1)"),
    f"{T} Linear": ("nn.Linear", ["nn.Dense(in_features, out_features)"], {}, "in_features, out_features = 2, 3"),
    f"{T} functional": ("nn.functional", ["nn.ReLU().function(z)", "nn.Sigmoid().derivative(z)"], {}, "z = X"),
    f"{T} utils": ("nn.utils", ["fit(..., clip_norm=1.0)", "train.clip_grad_norm_(params, 1.0)"], FIT,
                   "params = model.parameters()"),
    f"{T} p -= lr * p.grad": ("p = model.parameters()[0]\np -= 0.1 * p.grad", ["p.data -= lr * p.grad"], {},
                              "model.forward(X, training=True); model.backward(np.ones((64, 2)) / 64); lr = 0.1"),
    f"{T} detach": ("model.parameters()[0].detach()", ["p.data.copy()"], {}, "p = model.parameters()[0]"),
    f"{T} Softmax(dim)": ("nn.Softmax(dim=1)", ["Softmax(axis=1)"], {"Softmax(": "nn.Softmax("}),
    f"{T} LeakyReLU(negative_slope)": ("nn.LeakyReLU(negative_slope=0.1)", ["LeakyReLU(alpha=0.1)"],
                                       {"LeakyReLU(": "nn.LeakyReLU("}),
    f"{T} dtype": ("nn.Dense(2, 3, dtype=np.float64)", ["layer.to(np.float64)"], {}, "layer = nn.Dense(2, 3)",
                   "@\nassert layer.weight.data.dtype == np.float64"),
    f"{T} requires_grad_": ("model.parameters()[0].requires_grad_(False)",
                            ["optim.Adam([p for p in model.parameters() if p is not model[0].weight])"], {},
                            "w = model[0].weight.data.copy()",
                            f"model.fit(X, y, {_TAIL}optimizer=@)\nassert (model[0].weight.data == w).all()"),
    f"{T} NAdam": ("optim.NAdam", ["optim.SGD(params, lr=0.01, momentum=0.9, nesterov=True)"], {},
                   "params = model.parameters()"),
    f"{T} RAdam": ("optim.RAdam", ["train.LearningRateScheduler(optim.LinearWarmup(opt, warmup_steps=...), "
                                   "per='batch')"], {"...": "5"}, "opt = optim.Adam(model.parameters())",
                   f"model.fit(X, y, {_TAIL}optimizer=opt, callbacks=[@])"),
    f"{T} param_groups": ("optim.Adam(model.parameters()).param_groups", ["optimizer.lr = 0.01"], {},
                          "optimizer = optim.Adam(model.parameters())"),
    f"{T} get_lr": ("optim.StepLR(optim.SGD(model.parameters()), step_size=2).get_lr()",
                    ["scheduler.get_last_lr()", "scheduler.schedule(t)"], {},
                    "scheduler, t = optim.StepLR(optim.SGD(model.parameters()), step_size=2), 3"),
    f"{T} total_iters": ("optim.LinearWarmup(optim.SGD(model.parameters()), total_iters=5)",
                         ["LinearWarmup(opt, warmup_steps=5)"], {"LinearWarmup(": "optim.LinearWarmup("},
                         "opt = optim.SGD(model.parameters())"),
    f"{S} max_iter": ("nn.MLP([2, 8, 2], max_iter=300)", ["model.fit(X, y, loss=..., optimizer=..., epochs=300)"],
                      {"loss=...": "loss='cross_entropy'", "optimizer=...": "optimizer='adam'",
                       "epochs=300": "epochs=2, verbose=0"}),
    f"{S} alpha": ("nn.MLP([2, 8, 2], alpha=1e-4)", ["fit(..., batch_size=200, penalty=train.L2(0.0001 / 200))"], FIT),
    f"{S} learning_rate_init": ("nn.MLP([2, 8, 2], learning_rate_init=0.01)",
                                ["fit(..., optimizer=optim.Adam(model.parameters(), lr=0.01))"], FIT_OWN_OPTIMIZER),
    f"{S} learning_rate='adaptive'": ("nn.MLP([2, 8, 2], learning_rate='adaptive')",
                                      ["callbacks=[train.ReduceLROnPlateau(monitor='loss', factor=0.2, patience=10, "
                                       "min_delta=1e-4)]"], {}, "", f"model.fit(X, y, optimizer='sgd', {_TAIL}@)"),
    f"{S} early_stopping": ("nn.MLP([2, 8, 2], early_stopping=True)",
                            ["data.train_test_split(X, y, test_size=0.1, stratify=True)",
                             "fit(X_train, y_train, ..., validation_data=(X_val, y_val), "
                             "callbacks=[train.EarlyStopping(monitor='val_accuracy', patience=11, min_delta=1e-4)])"],
                            {"data.train_test_split(": "X_train, X_val, y_train, y_val = data.train_test_split(",
                             "fit(X_train, y_train, ..., ": f"model.fit(X_train, y_train, optimizer='adam', {_TAIL}"}),
    f"{S} momentum": ("nn.MLP([2, 8, 2], momentum=0.9)", ["fit(..., optimizer=optim.SGD(model.parameters(), lr=0.001, "
                                                          "momentum=0.9, nesterov=True))"], FIT_OWN_OPTIMIZER),
    f"{S} beta_1": ("nn.MLP([2, 8, 2], beta_1=0.9)", ["fit(..., optimizer=optim.Adam(model.parameters(), lr=0.001, "
                                                      "betas=(0.9, 0.999), eps=1e-8))"], FIT_OWN_OPTIMIZER),
    f"{S} random_state": ("nn.MLP([2, 8, 2], random_state=0)", ["nn.MLP(..., rng=0)"], {"...": "[2, 8, 2]"}),
    f"{S} hidden_layer_sizes": ("nn.MLP([2, 2], hidden_layer_sizes=(100,))", ["nn.MLP([n_features, 100, n_outputs])"],
                                {}, "n_features, n_outputs = 2, 2"),
    f"{S} warm_start": ("nn.MLP([2, 8, 2], warm_start=True)", ["optimizer=model.optimizer"], {}, "",
                        f"model.fit(X, y, {_TAIL}@)", True),
    f"{S} score": ("model.score(X, y)", ["model.evaluate(X, y)['accuracy']"], {}, "", "@", True),
    f"{S} partial_fit": ("model.partial_fit(X, y)", ["model.fit(X_batch, y_batch, loss=..., optimizer=model.optimizer, "
                                                     "epochs=1)"], {"loss=...": "loss='cross_entropy'", "epochs=1":
                                                                    "epochs=1, verbose=0"},
                         "X_batch, y_batch = X[:16], y[:16]", "@", True),
    f"{S} loss_": ("model.loss_", ["model.history.history['loss'][-1]"], {}, "", "@", True),
    f"{S} n_iter_": ("model.n_iter_", ["len(model.history.epoch)"], {}, "", "assert @ == 3", True),
    f"{S} coefs_": ("model.coefs_", ["[layer.weight.data.T for layer in model if isinstance(layer, nn.Dense)]"], {}, "",
                    "assert [c.shape for c in @] == [(2, 8), (8, 2)]"),
    f"{S} classes_": ("model.classes_", ["model.class_names = tuple(classes)"], {}, "classes = ['no', 'yes']",
                      "@", True),
    f"{S} MLPClassifier": ("nn.MLPClassifier", ["nn.MLP([n_features, 100, n_classes])", "model.fit(X, y, "
                           "loss='cross_entropy', optimizer='adam', epochs=200)", "model.predict_classes(X)"],
                           {"nn.MLP(": "model = nn.MLP(", "epochs=200": "epochs=2, verbose=0"},
                           "n_features, n_classes = 2, 2"),
    f"{S} accuracy_score": ("train.accuracy_score", ["train.accuracy(pred, y)"], {}, "pred = model.predict(X)"),
    f"{S} accuracy(normalize)": ("train.accuracy(X, y, normalize=False)", ["train.metrics.correct(pred, y)"], {},
                                 "pred = model.predict(X)"),
    f"{S} target_names": ("train.classification_report(X, y, target_names=['a'])",
                          ["classification_report(pred, y, class_names=ds.class_names)"],
                          {"classification_report(": "train.classification_report("},
                          "ds = data.load('iris'); y = ds.y; pred = nn.MLP([4, 3], rng=0).predict(ds.X)"),
    f"{S} confusion normalize": ("train.confusion_matrix(X, y, normalize='true')",
                                 ["cm / cm.sum(axis=1, keepdims=True)"], {},
                                 "cm = train.confusion_matrix(model.predict(X), y)"),
    f"{S} squared": ("train.mse(X[:, 0], X[:, 1], squared=False)", ["train.rmse(pred, y)"], {},
                     "pred, y = X[:, 0], X[:, 1]"),
    f"{S} set_output": ("data.Standardizer().fit(X).set_output(transform='pandas')",
                        ["pd.DataFrame(scaler.transform(df), columns=df.columns, index=df.index)"], {},
                        "import pandas as pd; df = pd.DataFrame(X, columns=['a', 'b']); "
                        "scaler = data.Standardizer().fit(df)"),
    f"{S} one_hot(categories)": ("data.one_hot(y, categories=['a', 'b'])",
                                 ["classes, y = np.unique(y, return_inverse=True)"], {}, "y = np.array(['b', 'a'])",
                                 "@\nassert data.one_hot(y).tolist() == [[0, 1], [1, 0]]"),
    f"{S} predict_proba": ("model.predict_proba(X)", ["nn.softmax(model.predict(X))"], {}, "",
                           "p = @\nassert np.allclose(p.sum(axis=1), 1)\n"
                           "assert (p.argmax(axis=1) == model.predict_classes(X)).all()", True),
    f"{S} best_validation_score_": (
        "model.best_validation_score_", ["max(model.history.history['val_accuracy'])"], {},
        f"model.fit(X[:48], y[:48], optimizer='adam', {_TAIL}validation_data=(X[48:], y[48:]))", "assert 0 <= @ <= 1"),
    f"{S} EarlyStopping(n_iter_no_change)": (
        "train.EarlyStopping(n_iter_no_change=10)", ["EarlyStopping(patience=n + 1)"],
        {"EarlyStopping(": "train.EarlyStopping("}, "n = 10",
        f"model.fit(X, y, optimizer='adam', {_TAIL}validation_data=(X, y), callbacks=[@])"),
    f"{S} ReduceLROnPlateau(n_iter_no_change)": (
        "train.ReduceLROnPlateau(n_iter_no_change=10)", ["ReduceLROnPlateau(patience=n)"],
        {"ReduceLROnPlateau(": "train.ReduceLROnPlateau("}, "n = 10",
        f"model.fit(X, y, optimizer='adam', {_TAIL}validation_data=(X, y), callbacks=[@])"),
    f"{T} ModuleList": ("nn.ModuleList", ["self.blocks = [nn.Dense(2, 8), nn.Dense(8, 8)]"], {}, "",
                        "class Net(nn.Layer):\n    def __init__(self):\n        @\n"
                        "assert [name for name, _ in Net().named_parameters()][::2] == ['blocks.0.weight', "
                        "'blocks.1.weight']"),
    f"{T} modules": ("model.modules()", ["model.walk()", "model.named_layers()"], {}, "",
                     "assert len(list(@)) == 4   # the model, Dense, ReLU, Dense"),
    f"{T} children": ("model.children()", ["model.layers"], {}, "", "assert len(@) == 3"),
    f"{T} apply": ("model.apply(lambda layer: None)", ["for layer in model.walk(): ..."],
                   {"...": "layer.zero_grad()"}, ""),
    f"{T} a layer of your own's fit": ("layer.fit(X, y)", ["model = nn.Sequential(layer)", "model.fit(X, y, ...)"],
                                       {"...": "loss='cross_entropy', optimizer='adam', epochs=2, verbose=0"},
                                       "layer = nn.Dense(2, 2)"),
    f"{K} load_model": ("neuralab.load_model(path)", ["neuralab.load(path)"], {}, "model.save(path)",
                        "assert (@.predict(X) == model.predict(X)).all()", True),
    f"{T} to_torch": ("model.to_torch()", ["from neuralab import io", "io.to_torch(model)"], {}, "import torch",
                      ("@", "module = @\nout = module(torch.from_numpy(X).float()).detach().numpy()\n"
                            "assert np.allclose(out, model.predict(X), atol=1e-5)"), True),
    f"{T} Sequential(OrderedDict)": (
        "nn.Sequential(d)", ["nn.Sequential(*d.values())"], {},
        "from collections import OrderedDict; d = OrderedDict([('fc1', nn.Dense(2, 8)), ('relu', nn.ReLU()), "
        "('fc2', nn.Dense(8, 2))])",
        "net = @\nassert [name for name, _ in net.named_parameters()] == ['0.weight', '0.bias', '2.weight', '2.bias']\n"
        "assert net(X).shape == (64, 2)"),
    f"{S} as_frame": ("data.load('iris', as_frame=True)", ["pd.DataFrame(ds.X, columns=ds.feature_names)"], {},
                      "import pandas as pd; ds = data.load('iris')"),
}


@pytest.mark.parametrize("trigger, codes, fill, setup, statement, fitted",
                         [(*case, *("", "@", False)[len(case) - 3:]) for case in CASES.values()], ids=list(CASES))
def test_the_code_an_answer_gives_runs(trigger, codes, fill, setup, statement, fitted, tmp_path):
    space = _space(tmp_path, fitted)
    exec(setup, space)
    answer = _answer(trigger, space)
    for code, into in zip(codes, [statement] * len(codes) if isinstance(statement, str) else statement):
        assert code in answer
        for placeholder, value in fill.items():
            code = code.replace(placeholder, value)
        exec(into.replace("@", code), space)


# -- what the answers say equals another library's numbers ----------------------------------------

def _epoch_lrs(callback_code, epochs, space):
    """The lr of each epoch of a fit given ``train.LearningRateScheduler(...)`` (``callback_code``)."""
    model = nn.Sequential(nn.Dense(1, 1))
    history = model.fit(np.zeros((4, 1)), np.zeros(4), loss="mse", optimizer=optim.SGD(model.parameters(), lr=0.1),
                        epochs=epochs, batch_size=4, verbose=0, callbacks=[eval(callback_code, space)])
    return history.history["lr"]


def _torch_lrs(make, epochs):
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    scheduler, lrs = make(opt), []
    for _ in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return lrs


_LR = torch.optim.lr_scheduler


def _decay(epoch):
    return 0.8 ** epoch


def _constant(epoch):
    return 0.9


@pytest.mark.parametrize("name, factor, make", [
    ("MultiplicativeLR", _constant, lambda opt: _LR.MultiplicativeLR(opt, _constant)),
    ("MultiplicativeLR", _decay, lambda opt: _LR.MultiplicativeLR(opt, _decay)),
    ("PolynomialLR", None, lambda opt: _LR.PolynomialLR(opt, total_iters=4, power=2.0)),
])
def test_a_function_of_the_epoch_named_for_torchs_scheduler_gives_its_lrs(name, factor, make):
    answer = _answer(f"optim.{name}", {"optim": optim})
    code = "train.LearningRateScheduler(" + answer.split("train.LearningRateScheduler(")[1].split(" in fit")[0]
    space = {"train": train, "factor": factor, "total_iters": 4, "power": 2.0}
    np.testing.assert_allclose(_epoch_lrs(code, 7, space), _torch_lrs(make, 7), rtol=1e-12)


def test_multiplicative_lr_in_a_loop_of_your_own_gives_torchs_lrs():
    answer = _answer("optim.MultiplicativeLR", {"optim": optim})
    update = answer.split(", or ")[-1].split(" after each epoch")[0]   # opt.lr *= factor(epoch + 1)
    space = {"opt": optim.SGD(nn.Dense(1, 1).parameters(), lr=0.1), "factor": _decay}
    lrs = []
    for space["epoch"] in range(7):
        lrs.append(space["opt"].lr)
        exec(update, space)
    np.testing.assert_allclose(lrs, _torch_lrs(lambda opt: _LR.MultiplicativeLR(opt, _decay), 7))


def _patience(answer):
    return int(answer.split("patience=")[1].split(",")[0])


def test_early_stopping_for_scikit_learns_stops_where_scikit_learn_stops():
    """scikit-learn's own validation scores, replayed through the EarlyStopping of the answer."""
    patience = _patience(_answer("nn.MLP([2, 2], early_stopping=True)", {"nn": nn}))
    X, y = make_moons(300, noise=0.3, random_state=0)
    for seed in range(3):
        theirs = MLPClassifier((16,), early_stopping=True, random_state=seed, max_iter=500,
                               learning_rate_init=0.01).fit(X, y)
        stop = train.EarlyStopping(monitor="val_accuracy", patience=patience, min_delta=1e-4, restore_best=False)
        stop.on_train_begin()
        stop.model = nn.Sequential(nn.Dense(1, 1))
        stop.model.stop_training = False
        for epoch, score in enumerate(theirs.validation_scores_):
            stop.on_epoch_end(epoch, {"val_accuracy": score})
            if stop.model.stop_training:
                break
        assert epoch + 1 == theirs.n_iter_


def test_the_plateau_callback_for_adaptive_cuts_where_scikit_learn_first_cuts(capsys):
    """scikit-learn's loss curve under learning_rate='adaptive', replayed through the answer's
    ReduceLROnPlateau: the first cut comes at the same epoch (later ones drift: scikit-learn's best
    loss follows any fall, the callback's only falls by more than min_delta)."""
    patience = _patience(_answer("nn.MLP([2, 2], learning_rate='adaptive')", {"nn": nn}))
    X, y = make_moons(300, noise=0.3, random_state=0)
    theirs = MLPClassifier((8,), solver="sgd", learning_rate="adaptive", learning_rate_init=0.5, momentum=0,
                           max_iter=80, random_state=0, verbose=True)
    with pytest.warns(Warning):   # ConvergenceWarning: 80 epochs are not enough
        theirs.fit(X, y)
    lines = capsys.readouterr().out.splitlines()
    cuts = [int(lines[i - 1].split()[1].rstrip(",")) for i, line in enumerate(lines) if "Setting learning rate" in line]
    opt = optim.SGD(nn.Dense(1, 1).parameters(), lr=0.5)
    plateau = train.ReduceLROnPlateau(monitor="loss", factor=0.2, patience=patience, min_delta=1e-4)
    plateau.params = {"optimizer": opt}
    plateau.on_train_begin()
    for epoch, loss in enumerate(theirs.loss_curve_, start=1):   # scikit-learn's "Iteration n"
        plateau.on_epoch_end(epoch, {"loss": loss})
        if opt.lr < 0.5:
            break
    assert cuts and epoch == cuts[0]


def test_the_variance_answer_tells_of_a_constant_column_as_scikit_learn_has_it():
    X = np.c_[np.random.default_rng(0).normal(size=20), np.full(20, 3.0)]
    scaler, theirs = data.Standardizer().fit(X), StandardScaler().fit(X)
    answer = _answer("scaler.var_", {"scaler": scaler})
    assert "1 for a constant one, whose var_ is 0" in answer
    np.testing.assert_allclose(scaler.std[:1] ** 2, theirs.var_[:1], rtol=1e-6)
    assert scaler.std[1] ** 2 == 1 and theirs.var_[1] == 0
