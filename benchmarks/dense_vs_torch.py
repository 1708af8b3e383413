"""Training speed of a dense network: neuralab's ``fit`` against PyTorch on the CPU.

Both train the same 784-256-128-10 ReLU network (softmax cross-entropy, plain SGD, batch 128,
float32) on the same 20,000 MNIST-shaped samples, in this one process, with a fresh shuffle
every epoch. A third run does only the network's matrix multiplications in NumPy (forward,
weight gradients, input gradients): the bound no NumPy training loop can beat. A fourth is the
training loop written out by hand in plain NumPy, with no layers, checks or divergence test:
what the bound leaves for any NumPy loop to do (gather, bias, ReLU, softmax, update).

    .venv/bin/python benchmarks/dense_vs_torch.py [--epochs 3] [--repeats 5]

Prints the median milliseconds per epoch of each and the median ratios of neuralab to each over
the runs, with their ranges (below 1.0 means neuralab is faster).
"""
import argparse
import time
from statistics import median

import numpy as np
import torch
from network import BATCH, LR, N, SIZES, make_data, run_neuralab

def run_torch(X, y, epochs):
    torch.manual_seed(0)
    layers = []
    for i, (a, b) in enumerate(zip(SIZES[:-1], SIZES[1:])):
        layers.append(torch.nn.Linear(a, b))
        if i < len(SIZES) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    generator = torch.Generator().manual_seed(0)
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(N, generator=generator)
        total = 0.0
        for i in range(0, N, BATCH):
            idx = order[i:i + BATCH]
            loss = loss_fn(model(Xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            opt.zero_grad()
            total += loss.item() * len(idx)
    return time.perf_counter() - start, total / N


def run_matmul_bound(X, epochs):
    """Only the products a dense network's training step cannot avoid: z = a Wᵀ forward,
    dW = δᵀ a and δ_prev = δ W backward (none for the first layer's input)."""
    rng = np.random.default_rng(0)
    Ws = [rng.standard_normal((b, a)).astype(np.float32) * 0.01 for a, b in zip(SIZES[:-1], SIZES[1:])]
    start = time.perf_counter()
    for _ in range(epochs):
        for i in range(0, N, BATCH):
            acts = [X[i:i + BATCH]]
            for W in Ws:
                acts.append(acts[-1] @ W.T)
            delta = acts[-1]
            for layer in range(len(Ws) - 1, -1, -1):
                _ = delta.T @ acts[layer]
                if layer:
                    delta = delta @ Ws[layer]
    return time.perf_counter() - start


def run_plain_numpy(X, y, epochs):
    """The same training written out in plain NumPy: the reference for the framework's cost."""
    rng = np.random.default_rng(0)
    Ws = [(rng.standard_normal((b, a)) * np.sqrt(2 / a)).astype(np.float32) for a, b in zip(SIZES[:-1], SIZES[1:])]
    bs = [np.zeros(b, np.float32) for b in SIZES[1:]]
    start = time.perf_counter()
    for _ in range(epochs):
        order = rng.permutation(N)
        for i in range(0, N, BATCH):
            idx = order[i:i + BATCH]
            a, labels, rows = X[idx], y[idx], np.arange(len(idx))
            acts, masks = [a], []
            for layer, (W, b) in enumerate(zip(Ws, bs)):
                a = a @ W.T + b
                if layer < len(Ws) - 1:
                    masks.append(a > 0)
                    a = np.maximum(a, 0)
                    acts.append(a)
            e = np.exp(a - a.max(axis=1, keepdims=True))
            delta = e / e.sum(axis=1, keepdims=True)            # softmax, then dL/dz = (p - y) / m
            delta[rows, labels] -= 1
            delta /= len(idx)
            for layer in range(len(Ws) - 1, -1, -1):
                grad_W, grad_b = delta.T @ acts[layer], delta.sum(axis=0)
                if layer:
                    delta = (delta @ Ws[layer]) * masks[layer - 1]
                Ws[layer] -= LR * grad_W
                bs[layer] -= LR * grad_b
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=5,
                        help="runs of the three, back to back; ratios are taken within each run")
    args = parser.parse_args()
    X, y = make_data()
    print(f"network {'-'.join(map(str, SIZES))} ReLU, {N:,} samples, batch {BATCH}, SGD, float32, "
          f"{args.epochs} epochs; torch {torch.__version__} with {torch.get_num_threads()} threads")
    runs = []
    for _ in range(args.repeats):
        # Back to back, so that each ratio compares runs that saw the same machine: this VM's
        # speed drifts from one minute to the next, so the best time of one and the best of the
        # other can come from different minutes.
        ours, loss_ours = run_neuralab(X, y, args.epochs)
        theirs, loss_theirs = run_torch(X, y, args.epochs)
        runs.append((ours, theirs, run_matmul_bound(X, args.epochs), run_plain_numpy(X, y, args.epochs)))
    ours, theirs, bound, plain = (sorted(column) for column in zip(*runs))
    for name, times in (("neuralab", ours), ("pytorch", theirs), ("matmul bound", bound), ("plain NumPy", plain)):
        print(f"{name:>14}: {median(times) / args.epochs * 1000:8.1f} ms per epoch "
              f"(range {times[0] / args.epochs * 1000:.1f}–{times[-1] / args.epochs * 1000:.1f})")
    print(f"final training loss: neuralab {loss_ours:.4f}, pytorch {loss_theirs:.4f}")
    for name, target, column in (("pytorch", 1.0, 1), ("matmul bound", 1.3, 2), ("plain NumPy", None, 3)):
        ratios = sorted(run[0] / run[column] for run in runs)
        print(f"ratio neuralab / {name + ':':13} {median(ratios):.2f}  (range {ratios[0]:.2f}–{ratios[-1]:.2f}"
              + (f"; target <= {target})" if target else ")"))
    ratios = sorted(run[3] / run[2] for run in runs)
    print(f"ratio plain NumPy / matmul bound: {median(ratios):.2f}  (range {ratios[0]:.2f}–{ratios[-1]:.2f})")


if __name__ == "__main__":
    main()
