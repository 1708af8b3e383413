"""A seeded fuzz of the library a Python learner uses: random but valid models (``nn.MLP`` and
``nn.Sequential`` of Dense, every activation, Softmax, Dropout, BatchNorm1d; random sizes,
initialisers, float32 or float64), a loss matched to the task, every optimizer and schedule, and
random ``fit`` arguments (batch sizes 1 to "full", validation data, sample and class weights,
penalties, clipping, callbacks). Each case is checked against what a user relies on:

- the spec rebuilds the model, whose outputs with the same weights are the same bit for bit;
- ``save`` / ``neuralab.load`` give the same predictions, summary, spec and dtype, and training
  goes on as it would have without the round trip (a new optimizer given the saved state);
- ``to_torch`` computes the same outputs (to 1e-6 of their scale in float32, 1e-12 in float64);
- ``fit`` is the explicit loop (forward, loss, backward, step, zero_grad) after ``neuralab.seed``;
- the same seed gives the same run bit for bit; predict, evaluate and summary change nothing;
- backpropagation agrees with finite differences (``gradcheck``) on float64 copies;
- a refused call names the problem in one line and leaves the model, the optimizer, the
  library's generator and a backward waiting for its turn as they were.

``LibraryFuzzCase(seed)`` draws one case; the properties run on ``SEEDS``. The same checks over
thousands of seeds found the defects that ``test_train`` and ``test_callbacks_metrics`` keep
fixed (a refused ``fit`` whose backward then differentiated fit's own one-sample pass).
"""
import copy
import json
import random
import warnings

import numpy as np
import pytest
import torch

import neuralab
from neuralab import nn, optim, train
from neuralab.nn import random as library_random

SEEDS = range(24)
TASKS = ("sigmoid", "logits", "classes", "softmax", "one_hot", "regression", "multi_label")
LOSS_OF_TASK = {"sigmoid": "bce", "logits": "bce_logits", "classes": "cross_entropy", "softmax": "cross_entropy",
                "one_hot": "cross_entropy", "regression": "mse", "multi_label": "bce"}
INITS = (None, "xavier_uniform", "xavier_normal", "he_uniform", "he_normal", "torch_default")


class LibraryFuzzCase:
    """One random case: a model to build, its data, an optimizer and fit's arguments."""

    def __init__(self, seed):
        self.seed = seed
        r = self.draws = random.Random(seed)
        self.dtype = r.choice((np.float32, np.float64))
        self.task = r.choice(TASKS)
        self.outputs = {"sigmoid": 1, "logits": 1, "regression": r.randint(1, 3)}.get(self.task, r.randint(2, 4))
        self.sizes = [r.randint(1, 5)] + [r.randint(1, 6) for _ in range(r.choice((0, 1, 1, 2)))] + [self.outputs]
        self.mlp = r.random() < 0.5
        self.batchnorm = len(self.sizes) > 2 and r.random() < 0.3
        self.dropout = r.choice((0.0, 0.0, 0.2, 0.5))
        self.activation = r.choice(("identity", "sigmoid", "tanh", "relu", "leaky_relu"))
        self.init = r.choice(INITS)
        self.n = r.choice((3, 5, 8, 13, 20))
        self.optimizer = r.choice(tuple(optim.OPTIMIZERS))
        self.lr = r.choice((1e-3, 1e-2, 0.05))
        self.batch_size = r.choice((2, 4, 7, 32, "full") if self.batchnorm else (1, 2, 4, 7, 32, "full"))
        self.epochs = r.randint(1, 3)
        self.shuffle = r.random() < 0.8
        self.weighted = r.random() < 0.3
        self.class_weight = (r.choice((None, None, "balanced", {0: 2.0, 1: 0.5}))
                             if self.task not in ("regression", "multi_label") else None)

    def __repr__(self):
        return f"LibraryFuzzCase({self.seed}): {({k: v for k, v in vars(self).items() if k != 'draws'})}"

    @property
    def loss(self):
        return LOSS_OF_TASK[self.task]

    def build(self):
        """The model, its weights drawn from the case's seed, in the case's dtype."""
        rng, r = np.random.default_rng(self.seed), random.Random(self.seed + 1)
        output = {"sigmoid": "sigmoid", "softmax": "softmax", "multi_label": "sigmoid"}.get(self.task)
        if self.mlp:
            model = nn.MLP(self.sizes, activation=self.activation, output=output, init=self.init, rng=rng,
                           dropout=self.dropout, batchnorm=self.batchnorm)
            return model.to(self.dtype)
        layers = []
        for n_in, n_out in zip(self.sizes[:-2], self.sizes[1:-1]):
            layers.append(nn.Dense(n_in, n_out, bias=r.random() < 0.8, init=self.init or "xavier_uniform", rng=rng))
            if self.batchnorm:
                layers.append(nn.BatchNorm1d(n_out, momentum=r.choice((0.1, 0.5))))
            layers.append(r.choice((nn.Identity(), nn.Sigmoid(), nn.Tanh(), nn.ReLU(), nn.LeakyReLU(0.2))))
            if self.dropout:
                layers.append(nn.Dropout(self.dropout))
        layers.append(nn.Dense(*self.sizes[-2:], init=self.init or "xavier_uniform", rng=rng))
        layers += {"sigmoid": [nn.Sigmoid()], "softmax": [nn.Softmax()]}.get(output, [])
        return nn.Sequential(*layers).to(self.dtype)

    def data(self, n=None, offset=0):
        n = self.n if n is None else n
        rng = np.random.default_rng(1000 * self.seed + offset)
        X = rng.standard_normal((n, self.sizes[0])).astype(self.dtype)
        k = self.outputs
        if self.task in ("sigmoid", "logits"):
            y = np.resize([0, 1], n)[rng.permutation(n)]
        elif self.task in ("classes", "softmax", "one_hot"):
            y = rng.integers(0, k, n)
            y = np.eye(k)[y] if self.task == "one_hot" else y
        elif self.task == "multi_label":
            y = (rng.random((n, k)) < 0.5).astype(float)
            y[0] = 1.0   # not one-hot rows, which would make "accuracy" warn that it is per output
        else:
            y = rng.standard_normal((n, k))
        return X, y

    def make_optimizer(self, model):
        return optim.get(self.optimizer, model.parameters(), lr=self.lr)

    def fit_options(self, with_callbacks=True):
        r = random.Random(self.seed + 2)
        options = {"loss": self.loss, "epochs": self.epochs, "batch_size": self.batch_size, "verbose": 0,
                   "shuffle": self.shuffle, "class_weight": self.class_weight,
                   "sample_weight": np.random.default_rng(self.seed).random(self.n) + 0.5 if self.weighted else None}
        if r.random() < 0.5:
            options["validation_data"] = self.data(n=max(2, self.n // 2), offset=1)
        if r.random() < 0.3:
            options["penalty"] = r.choice((train.L1(1e-3), train.L2(1e-3)))
        if r.random() < 0.3:
            options["clip_norm" if r.random() < 0.5 else "clip_value"] = 1.0
        if with_callbacks and r.random() < 0.5:
            monitor = "val_loss" if "validation_data" in options else "loss"
            options["callbacks"] = [train.EarlyStopping(monitor=monitor, patience=1),
                                    train.ReduceLROnPlateau(monitor=monitor, patience=1)]
        return options

    def trained(self, seed=0):
        """(model, optimizer, History, X, y) after a fit of the case."""
        neuralab.seed(seed)
        model, (X, y) = self.build(), self.data()
        optimizer = self.make_optimizer(model)
        history = model.fit(X, y, optimizer=optimizer, **self.fit_options())
        assert history.stop_reason is None or "early stopping" in history.stop_reason, history.stop_reason
        return model, optimizer, history, X, y


def fuzz_state_of(model):
    """Every parameter and buffer, by name, as copies (their dtype too)."""
    return ([(name, p.data.copy()) for name, p in model.named_parameters()]
            + [(name, b.copy()) for name, b in model.named_buffers()])


def assert_same_fuzz_state(a, b):
    assert [name for name, _ in a] == [name for name, _ in b]
    for (name, x), (_, z) in zip(a, b):
        assert x.dtype == z.dtype and np.array_equal(x, z), name


def fuzz_optimizer_state(optimizer):
    """The optimizer's state as exact text: its step counts, options and moments to the last bit."""
    return json.dumps(optimizer.state_dict(), default=lambda a: [str(a.dtype), a.tolist()])


def fuzz_generator_state():
    return json.dumps(library_random.default_rng().bit_generator.state, default=str)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_spec_rebuilds_the_model_bit_for_bit(seed):
    case = LibraryFuzzCase(seed)
    model, _, _, X, _ = case.trained()
    spec = model.to_spec()
    again = nn.Layer.from_spec(json.loads(json.dumps(spec))).to(case.dtype)
    assert again.to_spec() == spec and repr(again) == repr(model), case
    for (_, p), (_, q) in zip(model.named_parameters(), again.named_parameters()):
        q.data[...] = p.data
    for (_, b), (_, c) in zip(model.named_buffers(), again.named_buffers()):
        c[...] = b
    assert np.array_equal(again.predict(X), model.predict(X)), case


@pytest.mark.parametrize("seed", SEEDS)
def test_a_saved_model_loads_and_trains_on_as_it_would_have(seed, tmp_path):
    case = LibraryFuzzCase(seed)
    model, optimizer, _, X, y = case.trained()
    before, generator = fuzz_state_of(model), fuzz_generator_state()
    loaded = neuralab.load(model.save(tmp_path / "model"))
    assert fuzz_generator_state() == generator
    assert_same_fuzz_state(fuzz_state_of(model), before)
    assert_same_fuzz_state(fuzz_state_of(loaded), before)
    assert np.array_equal(loaded.predict(X), model.predict(X)), case
    assert loaded.summary(print_fn=None) == model.summary(print_fn=None)
    assert loaded.to_spec() == model.to_spec()
    resumed = case.make_optimizer(loaded)
    resumed.load_state_dict(copy.deepcopy(optimizer.state_dict()))
    options = {"loss": case.loss, "epochs": 2, "batch_size": case.batch_size, "verbose": 0, "seed": 7}
    assert model.fit(X, y, optimizer=optimizer, **options).history == \
        loaded.fit(X, y, optimizer=resumed, **options).history
    assert_same_fuzz_state(fuzz_state_of(loaded), fuzz_state_of(model))


@pytest.mark.parametrize("seed", SEEDS)
def test_one_fit_is_two_with_a_save_and_load_between(seed, tmp_path):
    # fit(seed=None) draws from the library's generator, which save and load leave alone
    case = LibraryFuzzCase(seed)
    X, y = case.data()
    options = {**case.fit_options(with_callbacks=False), "seed": None}
    first, second = case.draws.randint(1, 2), case.draws.randint(1, 2)
    runs = []
    for split in (False, True):
        model = case.build()
        opt = case.make_optimizer(model)
        neuralab.seed(9)
        if not split:
            runs.append((model, model.fit(X, y, optimizer=opt, **{**options, "epochs": first + second})))
            continue
        history = model.fit(X, y, optimizer=opt, **{**options, "epochs": first})
        loaded = neuralab.load(model.save(tmp_path / "half"))
        resumed = case.make_optimizer(loaded)
        resumed.load_state_dict(opt.state_dict())
        rest = loaded.fit(X, y, optimizer=resumed, **{**options, "epochs": second})
        runs.append((loaded, {key: history[key] + rest[key] for key in history.history}))
    (whole, whole_history), (resumed_model, parts) = runs
    assert whole_history.history == parts, case
    assert_same_fuzz_state(fuzz_state_of(resumed_model), fuzz_state_of(whole))


@pytest.mark.parametrize("seed", SEEDS)
def test_to_torch_computes_the_same_outputs(seed):
    case = LibraryFuzzCase(seed)
    model, _, _, _, _ = case.trained()
    X, _ = case.data(n=11, offset=2)
    with torch.no_grad():
        theirs = neuralab.io.to_torch(model)(torch.from_numpy(X)).numpy()
    ours = model.predict(X)
    assert theirs.dtype == ours.dtype == case.dtype
    tolerance = (1e-6 if case.dtype == np.float32 else 1e-12) * max(1.0, float(np.abs(ours).max()))
    assert np.abs(theirs - ours).max() <= tolerance, case


def _fuzz_explicit_loop(case, model, optimizer, X, y, weights):
    """fit's loop written out, as the README's: shuffled batches from the library's generator,
    a last batch of 1 joining the one before it when BatchNorm1d needs 2 samples, a batch of
    weights 0 skipped, and a model ending with the Softmax that cross_entropy applies trained on
    the logits before it."""
    net = model[:-1] if case.task == "softmax" else model
    loss = nn.losses.get(case.loss)
    n = len(X)
    size = n if case.batch_size == "full" else min(case.batch_size, n)
    starts = list(range(0, n, size))
    if case.batchnorm and len(starts) > 1 and n - starts[-1] < 2:
        starts.pop()
    generator = library_random.default_rng()
    for _ in range(case.epochs):
        order = generator.permutation(n) if case.shuffle else np.arange(n)
        for start, stop in zip(starts, starts[1:] + [n]):
            batch = order[start:stop]
            if weights is not None and not weights[batch].any():
                continue
            loss(net.forward(X[batch], training=True), y[batch], weight=None if weights is None else weights[batch])
            net.backward(loss.backward())
            optimizer.step()
            optimizer.zero_grad()


def _fuzz_sample_weights(case, y):
    """What fit makes of sample_weight and class_weight: their product, one weight per sample."""
    weights = case.fit_options()["sample_weight"]
    if case.class_weight is None:
        return weights
    labels = y.argmax(axis=1) if y.ndim == 2 else y.astype(int)
    k = max(2, case.outputs)
    if case.class_weight == "balanced":
        counts = np.bincount(labels, minlength=k)
        table = np.where(counts > 0, len(labels) / (np.count_nonzero(counts) * np.maximum(counts, 1)), 1.0)
    else:
        table = np.array([case.class_weight.get(c, 1.0) for c in range(k)])
    return table[labels] * (1.0 if weights is None else weights)


@pytest.mark.parametrize("seed", SEEDS)
def test_fit_is_the_explicit_loop(seed):
    case = LibraryFuzzCase(seed)
    X, y = case.data()
    fitted, looped = case.build(), case.build()
    options = {key: value for key, value in case.fit_options(with_callbacks=False).items()
               if key not in ("validation_data", "penalty", "clip_norm", "clip_value")}
    neuralab.seed(11)
    fitted.fit(X, y, optimizer=case.make_optimizer(fitted), seed=None, **options)
    neuralab.seed(11)
    _fuzz_explicit_loop(case, looped, case.make_optimizer(looped), X, y, _fuzz_sample_weights(case, y))
    assert_same_fuzz_state(fuzz_state_of(looped), fuzz_state_of(fitted))


@pytest.mark.parametrize("seed", SEEDS)
def test_the_same_seed_repeats_a_run_and_scoring_changes_nothing(seed):
    case = LibraryFuzzCase(seed)
    model, optimizer, history, X, y = case.trained(seed=4)
    again, _, history_again, _, _ = case.trained(seed=4)
    assert history.history == history_again.history, case
    assert_same_fuzz_state(fuzz_state_of(again), fuzz_state_of(model))
    before, generator = fuzz_state_of(model), fuzz_generator_state()
    optimizer_state = fuzz_optimizer_state(optimizer)
    predictions = model.predict(X)
    scores = model.evaluate(X, y)
    model.summary(print_fn=None)
    assert np.array_equal(model.predict(X), predictions) and model.evaluate(X, y) == scores
    assert_same_fuzz_state(fuzz_state_of(model), before)
    assert fuzz_generator_state() == generator and fuzz_optimizer_state(optimizer) == optimizer_state
    # fit(seed=s) draws from a generator of its own
    model.fit(X, y, optimizer=optimizer, **{**case.fit_options(), "seed": 3})
    assert fuzz_generator_state() == generator


@pytest.mark.parametrize("seed", SEEDS)
def test_backpropagation_agrees_with_finite_differences(seed):
    case = LibraryFuzzCase(seed)
    model, (X, y) = case.build().to(np.float64), case.data()
    X = X.astype(np.float64)
    net = model[:-1] if case.task == "softmax" else model
    with warnings.catch_warnings(record=True) as seen:   # a ReLU input within ε of 0 is a kink
        warnings.simplefilter("always")
        error = train.gradcheck(net, case.loss, X, y, training=case.draws.random() < 0.5)
    assert error < 1e-6 or any("kink" in str(w.message) for w in seen), (error, case)


def _fuzz_refused_calls(case, X, y):
    """(what, X, y, options) of calls fit refuses."""
    nan = X.copy()
    nan[0, 0] = np.nan
    calls = [("a column too many", np.ones((len(X), X.shape[1] + 1), X.dtype), y, {}),
             ("NaN in X", nan, y, {}), ("a target short", X, y[:-1], {}),
             ("an unknown loss", X, y, {"loss": "crossentropyy"}),
             ("an unknown optimizer", X, y, {"optimizer": "adamm"}),
             ("no batch", X, y, {"batch_size": 0}), ("no epoch", X, y, {"epochs": 0}),
             ("a negative sample weight", X, y, {"sample_weight": -np.ones(len(X))}),
             ("validation data of another width", X, y, {"validation_data": (np.ones((3, X.shape[1] + 2)), y[:3])})]
    if case.task in ("classes", "softmax"):
        calls.append(("a label past the classes", X, np.where(np.arange(len(y)) == 0, case.outputs, y), {}))
    if case.task in ("sigmoid", "logits"):
        calls.append(("a label 2", X, np.where(np.arange(len(y)) == 0, 2, y), {}))
    if case.class_weight is not None:
        calls.append(("a class weight of no class", X, y, {"class_weight": {case.outputs + 5: 1.0}}))
    return calls


@pytest.mark.parametrize("seed", SEEDS)
def test_a_refused_fit_changes_nothing_and_says_why_in_one_line(seed):
    case = LibraryFuzzCase(seed)
    model, optimizer, _, X, y = case.trained()
    for what, X_bad, y_bad, options in _fuzz_refused_calls(case, X, y):
        before, generator = fuzz_state_of(model), fuzz_generator_state()
        optimizer_state, lr = fuzz_optimizer_state(optimizer), optimizer.lr
        kept = {key: vars(model)[key] for key in ("loss", "metrics", "optimizer", "history")}
        with pytest.raises((ValueError, TypeError)) as refused:
            model.fit(X_bad, y_bad, **{"loss": case.loss, "optimizer": optimizer, "epochs": 1, "verbose": 0,
                                       "batch_size": case.batch_size, **options})
        assert "\n" not in str(refused.value) and len(str(refused.value)) < 600, (what, str(refused.value))
        assert_same_fuzz_state(fuzz_state_of(model), before)
        assert fuzz_optimizer_state(optimizer) == optimizer_state and optimizer.lr == lr, what
        assert fuzz_generator_state() == generator, what
        assert all(vars(model)[key] is value for key, value in kept.items()), what


@pytest.mark.parametrize("seed", SEEDS)
def test_a_fit_refused_for_its_arguments_leaves_a_waiting_backward_its_pass(seed):
    case = LibraryFuzzCase(seed)
    X, y = case.data()
    model, twin = case.build(), case.build()
    net, twin_net = (m[:-1] if case.task == "softmax" else m for m in (model, twin))
    loss = nn.losses.get(case.loss)
    for mistake in ({"optimizer": "adamm"}, {"verbose": 3}, {"clip_norm": 0.0}, {"seed": -1}):
        neuralab.seed(0)
        loss(twin_net.forward(X, training=True), y)
        twin_net.backward(loss.backward())
        neuralab.seed(0)
        loss(net.forward(X, training=True), y)
        with pytest.raises((ValueError, TypeError)):
            model.fit(X, y, **{"loss": case.loss, "optimizer": "sgd", "epochs": 1, "verbose": 0, **mistake})
        net.backward(loss.backward())
        for p, q in zip(model.parameters(), twin.parameters()):
            assert np.array_equal(p.grad, q.grad), (mistake, case)
        model.zero_grad()
        twin.zero_grad()


@pytest.mark.parametrize("seed", SEEDS)
def test_early_stopping_and_the_checkpoint_keep_the_best_epoch(seed, tmp_path):
    case = LibraryFuzzCase(seed)
    neuralab.seed(0)
    model, (X, y) = case.build(), case.data()
    X_val, y_val = case.data(n=max(2, case.n // 2), offset=1)
    stop = train.EarlyStopping(patience=case.draws.randint(0, 2))
    best = train.ModelCheckpoint(tmp_path / "best-{epoch}")
    options = {**case.fit_options(with_callbacks=False), "epochs": case.epochs + 3,
               "validation_data": (X_val, y_val), "callbacks": [stop, best]}
    history = model.fit(X, y, optimizer=case.make_optimizer(model), **options)
    val_loss = history["val_loss"]
    assert stop.best == min(val_loss) and stop.best_epoch == int(np.argmin(val_loss)), case
    assert model.evaluate(X_val, y_val)["loss"] == stop.best      # the best epoch's weights are back
    assert best.last_saved.name == f"best-{stop.best_epoch + 1}.npz"
    assert_same_fuzz_state(fuzz_state_of(neuralab.load(best.last_saved)), fuzz_state_of(model))


@pytest.mark.parametrize("seed", SEEDS)
def test_the_last_validation_scores_are_evaluates(seed):
    case = LibraryFuzzCase(seed)
    neuralab.seed(0)
    model, (X, y) = case.build(), case.data()
    X_val, y_val = case.data(n=max(2, case.n // 2 + 1), offset=5)
    weights = np.random.default_rng(seed).random(len(X_val)) + 0.1 if case.draws.random() < 0.7 else None
    options = {**case.fit_options(with_callbacks=False), "validation_data": (X_val, y_val, weights)}
    history = model.fit(X, y, optimizer=case.make_optimizer(model), **options)
    for key, value in model.evaluate(X_val, y_val, sample_weight=weights).items():
        assert history["val_" + key][-1] == value, (key, case)


FUZZ_OPTIMIZER_PAIRS = {"sgd": (optim.SGD, torch.optim.SGD), "rmsprop": (optim.RMSProp, torch.optim.RMSprop),
                   "adam": (optim.Adam, torch.optim.Adam), "adamw": (optim.AdamW, torch.optim.AdamW)}


def _fuzz_optimizer_options(r, kind):
    decay = r.choice((0.0, 0.01))
    if kind == "sgd":
        momentum = r.choice((0.0, 0.9))
        nesterov = momentum > 0 and r.random() < 0.5
        return {"momentum": momentum, "nesterov": nesterov, "dampening": 0.0 if nesterov else r.choice((0.0, 0.3)),
                "weight_decay": decay}
    if kind == "rmsprop":
        return {"alpha": r.choice((0.9, 0.99)), "momentum": r.choice((0.0, 0.5)), "centered": r.random() < 0.5,
                "weight_decay": decay}
    return {"betas": (r.choice((0.9, 0.5)), r.choice((0.999, 0.9))), "amsgrad": r.random() < 0.5,
            "weight_decay": decay}


def _fuzz_schedulers(r, ours, theirs):
    kind = r.choice(("step", "cosine", "warmup", "warmup_then_step"))
    lr_scheduler = torch.optim.lr_scheduler
    if kind == "step":
        return optim.StepLR(ours, step_size=2, gamma=0.5), lr_scheduler.StepLR(theirs, step_size=2, gamma=0.5)
    if kind == "cosine":
        return (optim.CosineAnnealingWarmRestarts(ours, T_0=3, T_mult=2, eta_min=1e-4),
                lr_scheduler.CosineAnnealingWarmRestarts(theirs, T_0=3, T_mult=2, eta_min=1e-4))
    if kind == "warmup":
        return (optim.LinearWarmup(ours, warmup_steps=3, start_factor=0.25),
                lr_scheduler.LinearLR(theirs, start_factor=0.25, total_iters=3))
    after = optim.StepLR(ours, step_size=2, gamma=0.5)
    warm = lr_scheduler.LinearLR(theirs, start_factor=0.25, total_iters=3)
    return (optim.LinearWarmup(ours, warmup_steps=3, start_factor=0.25, after=after),
            lr_scheduler.SequentialLR(theirs, [warm, lr_scheduler.StepLR(theirs, step_size=2, gamma=0.5)],
                                      milestones=[3]))


@pytest.mark.parametrize("seed", SEEDS)
def test_every_optimizer_and_schedule_steps_as_torch_does(seed):
    r, rng = random.Random(seed), np.random.default_rng(seed)
    kind = r.choice(tuple(FUZZ_OPTIMIZER_PAIRS))
    ours_class, torch_class = FUZZ_OPTIMIZER_PAIRS[kind]
    options = {"lr": r.choice((0.01, 0.1)), **_fuzz_optimizer_options(r, kind)}
    params = [nn.Parameter(rng.standard_normal(shape)) for shape in ((3, 2), (3,))]
    tensors = [torch.nn.Parameter(torch.from_numpy(p.data.copy())) for p in params]
    ours, theirs = ours_class(params, **options), torch_class(tensors, **options)
    schedulers = _fuzz_schedulers(r, ours, theirs)
    for _ in range(8):
        for p, t in zip(params, tensors):
            grad = rng.standard_normal(p.data.shape)
            p.grad, t.grad = grad.copy(), torch.from_numpy(grad)
        ours.step()
        theirs.step()
        for scheduler in schedulers:
            scheduler.step()
        assert ours.lr == pytest.approx(theirs.param_groups[0]["lr"], rel=1e-12), (kind, options)
        for p, t in zip(params, tensors):
            np.testing.assert_allclose(p.data, t.detach().numpy(), rtol=1e-12, atol=1e-14)
