"""Training speed beyond the one benchmarked network: neuralab's ``fit`` against PyTorch in the
configurations learners use.

Each configuration changes one thing from the network of ``dense_vs_torch.py`` (784-256-128-10
ReLU, softmax cross-entropy, plain SGD, batch 128, float32, 20,000 MNIST-shaped samples): the
optimizer, the batch size, float64, the activation, Dropout, BatchNorm1d, an L2 penalty or
weight decay, gradient clipping, sample weights, an MSE or BCE-with-logits head, validation data
every epoch, a Monitor callback; the last three are the playground's small network, 2-16-16-1
tanh on 400 points (60 epochs a run), where the cost of each batch's Python calls dominates, the
third with validation data and accuracy every epoch. PyTorch runs the same network, data, loss,
optimizer and hyper-parameters in a plain loop (shuffled indices, no DataLoader), in this
process, alternating with neuralab, so that each ratio compares two runs that saw the same
machine. A run is one epoch (two at batch 512); the whole script takes about a minute.

    .venv/bin/python benchmarks/configs_vs_torch.py [--repeats 5] [--only adam,float64] [--quick]

Prints one row per configuration: the median milliseconds per epoch of each, and the median
ratio neuralab / PyTorch over the repeats with its range (below 1.0 means neuralab is faster),
marking those above 1.2. ``--quick`` is a smoke run (fewer samples, one repeat).
"""
import argparse
import contextlib
import itertools
import time
from dataclasses import dataclass, field
from statistics import median

import numpy as np
import torch
from network import BATCH, LR, SIZES, N, make_data, run_neuralab

import neuralab
from neuralab import data, nn, optim
from neuralab.train import L2, Monitor

SMALL = [2, 16, 16, 1]


@dataclass
class Config:
    """One training setup; the defaults are dense_vs_torch.py's."""
    name: str
    optimizer: str = "sgd"
    options: dict = field(default_factory=lambda: {"lr": LR})  # the optimizer's, the same in both
    sizes: list = field(default_factory=lambda: SIZES)
    activation: str = "relu"
    batch: int = BATCH
    dtype: type = np.float32
    head: str = "cross_entropy"  # or "mse", "bce_logits" (one output each)
    dropout: float = 0.0
    batchnorm: bool = False
    l2: float = 0.0  # penalty (λ/2) Σ w² on the weights, not the biases
    clip_norm: float = None
    weighted: bool = False  # a sample weight per sample, in [0.5, 2)
    validation: bool = False  # 4,000 held-out samples (the small networks: 400) after every epoch
    accuracy: bool = False  # metrics="auto": the accuracy of the epoch's batches (and validation)
    monitor: bool = False
    epochs: int = 1


CONFIGS = [
    Config("baseline (dense_vs_torch)"),
    Config("SGD momentum 0.9", options={"lr": LR, "momentum": 0.9}),
    Config("SGD Nesterov 0.9", options={"lr": LR, "momentum": 0.9, "nesterov": True}),
    Config("SGD weight_decay 5e-4", options={"lr": LR, "weight_decay": 5e-4}),
    Config("Adam", "adam", {"lr": 1e-3}),
    Config("Adam weight_decay 1e-4", "adam", {"lr": 1e-3, "weight_decay": 1e-4}),
    Config("AdamW", "adamw", {"lr": 1e-3}),
    Config("RMSProp", "rmsprop", {"lr": 1e-3}),
    Config("batch 32", batch=32),
    Config("batch 512", batch=512, epochs=2),
    Config("float64", dtype=np.float64),
    Config("float64 Adam", "adam", {"lr": 1e-3}, dtype=np.float64),
    Config("tanh", activation="tanh"),
    Config("sigmoid", activation="sigmoid"),
    Config("leaky ReLU", activation="leaky_relu"),
    Config("Dropout 0.2", dropout=0.2),
    Config("BatchNorm1d", batchnorm=True),
    Config("L2 penalty 1e-4", l2=1e-4),
    Config("clip_norm 1.0", clip_norm=1.0),
    Config("sample weights", weighted=True),
    Config("MSE head (1 output)", sizes=SIZES[:-1] + [1], head="mse"),
    Config("BCEWithLogits head", sizes=SIZES[:-1] + [1], head="bce_logits"),
    Config("validation_data", validation=True),
    Config("Monitor callback", monitor=True),
    Config("small 2-16-16-1 tanh SGD b32", sizes=SMALL, activation="tanh", batch=32,
           head="bce_logits", epochs=60, options={"lr": 0.1}),
    Config("small 2-16-16-1 tanh Adam b32", "adam", {"lr": 0.01}, sizes=SMALL, activation="tanh",
           batch=32, head="bce_logits", epochs=60),
    Config("small, + validation + accuracy", "adam", {"lr": 0.01}, sizes=SMALL, activation="tanh",
           batch=32, head="bce_logits", epochs=60, validation=True, accuracy=True),
]

NEURALAB_OPTIMIZERS = {"sgd": optim.SGD, "adam": optim.Adam, "adamw": optim.AdamW, "rmsprop": optim.RMSProp}
TORCH_OPTIMIZERS = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
                    "rmsprop": torch.optim.RMSprop}
TORCH_ACTIVATIONS = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid,
                     "leaky_relu": lambda: torch.nn.LeakyReLU(0.01)}


def make_dataset(config, n):
    """(X, y, sample weights, validation X and y) for ``config``, in its dtype: MNIST-shaped
    samples with 10 classes, 0/1 targets (bce_logits) or numbers (mse); the small networks get
    400 points of two noisy circles."""
    if config.sizes == SMALL:
        X, y = data.load("circles", n_samples=400, noise=0.1, seed=0)
        X_val, y_val = data.load("circles", n_samples=400, noise=0.1, seed=1)
    else:
        X, y = make_data(0)
        X_val, y_val = make_data(1)
        X, y, X_val, y_val = X[:n], y[:n], X_val[:4000], y_val[:4000]
    if config.head == "bce_logits":
        y, y_val = y % 2, y_val % 2
    elif config.head == "mse":
        y, y_val = y / 9.0, y_val / 9.0
    weights = np.random.default_rng(2).uniform(0.5, 2.0, len(X)) if config.weighted else None
    return X.astype(config.dtype), y, weights, X_val.astype(config.dtype), y_val


@contextlib.contextmanager
def default_dtype(dtype):
    """neuralab's parameters made in ``dtype`` inside, float32 again after."""
    neuralab.set_default_dtype(dtype)
    try:
        yield
    finally:
        neuralab.set_default_dtype(np.float32)


def run_ours(config, dataset):
    """Seconds for neuralab's ``fit`` on ``config``."""
    X, y, weights, X_val, y_val = dataset

    def model():
        with default_dtype(config.dtype):
            return nn.MLP(config.sizes, activation=config.activation, dropout=config.dropout,
                          batchnorm=config.batchnorm)

    def optimizer(params):
        return NEURALAB_OPTIMIZERS[config.optimizer](params, **config.options)

    seconds, _ = run_neuralab(
        X, y, config.epochs, [Monitor()] if config.monitor else [], model=model, optimizer=optimizer,
        loss=nn.LOSSES[config.head](), batch_size=config.batch, metrics="auto" if config.accuracy else (),
        sample_weight=weights,
        penalty=L2(config.l2) if config.l2 else None, clip_norm=config.clip_norm,
        validation_data=(X_val, y_val) if config.validation else None)
    return seconds


def torch_model(config):
    """MLP's layers in torch: Linear (no bias before BatchNorm), BatchNorm1d, activation, Dropout."""
    sizes, layers = config.sizes, []
    for a, b in itertools.pairwise(sizes[:-1]):  # the hidden blocks
        layers.append(torch.nn.Linear(a, b, bias=not config.batchnorm))
        if config.batchnorm:
            layers.append(torch.nn.BatchNorm1d(b))
        layers.append(TORCH_ACTIVATIONS[config.activation]())
        if config.dropout:
            layers.append(torch.nn.Dropout(config.dropout))
    layers.append(torch.nn.Linear(sizes[-2], sizes[-1]))
    dtype = torch.float64 if config.dtype == np.float64 else torch.float32
    return torch.nn.Sequential(*layers).to(dtype)


def torch_targets(config, y, dtype):
    if config.head == "cross_entropy":
        return torch.from_numpy(y)
    return torch.from_numpy(np.asarray(y).reshape(-1, 1)).to(dtype)


def correct(config, out, y):
    """How many of the outputs ``out`` give the class of ``y``, as ``metrics="auto"`` counts them."""
    if config.head == "cross_entropy":
        return (out.argmax(dim=1) == y).sum().item()
    return ((out > 0) == (y > 0.5)).sum().item()  # logits: class 1 where σ(z) > 1/2


def run_torch(config, dataset):
    """Seconds for the same training in a plain PyTorch loop."""
    X, y, weights, X_val, y_val = dataset
    torch.manual_seed(0)
    model = torch_model(config)
    opt = TORCH_OPTIMIZERS[config.optimizer](model.parameters(), **config.options)
    reduction = "none" if config.weighted else "mean"
    loss_fn = {"cross_entropy": torch.nn.CrossEntropyLoss, "mse": torch.nn.MSELoss,
               "bce_logits": torch.nn.BCEWithLogitsLoss}[config.head](reduction=reduction)
    Xt = torch.from_numpy(X)
    yt = torch_targets(config, y, Xt.dtype)
    wt = torch.from_numpy(weights).to(Xt.dtype) if config.weighted else None
    Xv, yv = torch.from_numpy(X_val), torch_targets(config, y_val, Xt.dtype)
    decayed = [layer.weight for layer in model if isinstance(layer, torch.nn.Linear)]
    generator = torch.Generator().manual_seed(0)
    n = len(X)
    start = time.perf_counter()
    for _ in range(config.epochs):
        model.train()
        order = torch.randperm(n, generator=generator)
        total, hits = 0.0, 0
        for i in range(0, n, config.batch):
            idx = order[i:i + config.batch]
            out = model(Xt[idx])
            loss = loss_fn(out, yt[idx])
            if wt is not None:  # Σ w_i ℓ_i / Σ w_i, as neuralab's sample_weight
                w = wt[idx]
                loss = (loss.reshape(len(idx), -1).mean(dim=1) * w).sum() / w.sum()
            if config.l2:
                loss = loss + 0.5 * config.l2 * sum((W * W).sum() for W in decayed)
            loss.backward()
            if config.clip_norm:
                torch.nn.utils.clip_grad_norm_(model.parameters(), config.clip_norm)
            opt.step()
            opt.zero_grad()
            total += loss.item() * len(idx)
            if config.accuracy:
                hits += correct(config, out.detach(), yt[idx])
        if config.validation:
            model.eval()
            with torch.no_grad():
                out = model(Xv)
                logs = {"val_loss": loss_fn(out, yv).mean().item()}  # what fit logs
                if config.accuracy:
                    logs.update(accuracy=hits / n, val_accuracy=correct(config, out, yv) / len(yv))
    return time.perf_counter() - start


def measure(config, n, repeats):
    """(neuralab, torch) seconds per epoch for each repeat, which of the two runs first alternating
    (so that neither always finds the caches and the clock speed the other left)."""
    dataset = make_dataset(config, n)
    runs = []
    for r in range(repeats):
        if r % 2:
            theirs = run_torch(config, dataset)
            ours = run_ours(config, dataset)
        else:
            ours = run_ours(config, dataset)
            theirs = run_torch(config, dataset)
        runs.append((ours / config.epochs, theirs / config.epochs))
    return runs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs of each pair; ratios are taken within each")
    parser.add_argument("--only", default="", help="comma-separated parts of configuration names to run")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2,000 samples, one repeat")
    args = parser.parse_args()
    n, repeats = (2000, 1) if args.quick else (N, args.repeats)
    wanted = [w.strip().lower() for w in args.only.split(",") if w.strip()]
    configs = [c for c in CONFIGS if not wanted or any(w in c.name.lower() for w in wanted)]
    print(f"{n:,} MNIST-shaped samples (the small networks: 400 points), {repeats} repeats; "
          f"torch {torch.__version__} with {torch.get_num_threads()} threads")
    print(f"{'configuration':32} {'neuralab ms':>12} {'torch ms':>10}  ratio (range)")
    for config in configs:
        runs = measure(config, n, repeats)
        ratios = sorted(ours / theirs for ours, theirs in runs)
        ours, theirs = (median(column) * 1000 for column in zip(*runs))
        flag = "  <-- slower" if median(ratios) > 1.2 else ""
        print(f"{config.name:32} {ours:12.1f} {theirs:10.1f}  {median(ratios):.2f} "
              f"({ratios[0]:.2f}-{ratios[-1]:.2f}){flag}", flush=True)


if __name__ == "__main__":
    main()
