"""What the training monitor costs: ``fit`` with and without a ``Monitor`` callback.

The benchmark network of ``dense_vs_torch.py``: 784-256-128-10 ReLU, softmax cross-entropy,
plain SGD, batch 128, float32, 20,000 MNIST-shaped random samples, a fresh shuffle every epoch.
Runs alternate (without, with) so that both see the same machine state; the best of
``--repeats`` is kept.

    .venv/bin/python benchmarks/monitor_overhead.py [--epochs 2] [--repeats 3] [--every 10]

Prints seconds per epoch for each and the ratio with / without (target < 1.15 at the default
interval, every=20).
"""
import argparse

from network import BATCH, N, SIZES, make_data, run_neuralab

from neuralab.train.monitor import Monitor


def run(X, y, epochs, monitor=None):
    return run_neuralab(X, y, epochs, [monitor] if monitor else [])[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs")
    parser.add_argument("--every", type=int, default=20, help="the monitor's interval, in batches")
    args = parser.parse_args()
    X, y = make_data()
    print(f"network {'-'.join(map(str, SIZES))} ReLU, {N:,} samples, batch {BATCH}, SGD, float32, "
          f"{args.epochs} epochs, Monitor(every={args.every})")
    plain = monitored = float("inf")
    for _ in range(args.repeats):
        plain = min(plain, run(X, y, args.epochs))
        monitor = Monitor(every=args.every)
        monitored = min(monitored, run(X, y, args.epochs, monitor))
    print(f"{'without monitor':>16}: {plain / args.epochs * 1000:8.1f} ms per epoch")
    print(f"{'with monitor':>16}: {monitored / args.epochs * 1000:8.1f} ms per epoch "
          f"({monitor.records} records kept of {monitor.step} steps)")
    print(f"ratio with / without: {monitored / plain:.3f}  (target < 1.15)")


if __name__ == "__main__":
    main()
