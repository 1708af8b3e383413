"""What the training monitor costs: ``fit`` with and without a ``Monitor`` callback.

    .venv/bin/python benchmarks/monitor_overhead.py [--network mnist|moons|spiral] [--epochs N]
                                                    [--repeats 5] [--every 20]

Networks (``--network``):

- mnist (the default): the benchmark network of ``dense_vs_torch.py``, 784-256-128-10 ReLU,
  softmax cross-entropy, plain SGD, batch 128, float32, 20,000 MNIST-shaped random samples;
- moons: the playground's size of network, 2-16-16-1 ReLU with a sigmoid output, binary
  cross-entropy, Adam, batch 32, on ``data.load("moons")`` (200 samples);
- spiral: the playground's big scene, six hidden layers of 8 tanh units, the same loss,
  optimizer and batch, on ``data.load("spiral")`` (200 samples).

A fresh shuffle every epoch. Runs alternate (without, with) so that both see the same machine
state. Prints the median milliseconds per epoch of each, and the median and range of the runs'
ratios with / without (target < 1.15 at the default interval, every=20), in wall-clock time and
in this process's CPU time, which other programs on a busy machine disturb less.

And the monitor's own work, measured directly: the CPU time of this thread inside its hooks
(``on_batch_begin`` ... ``on_train_end``, where it takes every record) per epoch, against this
thread's CPU time of an epoch without it. On a busy machine this is the steadiest of the numbers,
with ``OPENBLAS_NUM_THREADS=1``: else the CPU times also count BLAS's threads spinning while they
wait for each other (on two cores shared with other jobs, an epoch of 0.3 s of CPU on one thread
took 1.7 s of this thread and 3.3 s of the process).
"""
import argparse
import time
from statistics import median

from network import BATCH, N, SIZES, make_data, run_neuralab

from neuralab import data, nn, optim
from neuralab.train.monitor import Monitor

SMALL = {"moons": ([2, 16, 16, 1], "relu"), "spiral": ([2] + [8] * 6 + [1], "tanh")}


def _timed(hook):
    """``hook`` that adds the CPU time this thread spends in it to its monitor's ``own``."""
    def timed(self, *args, **kwargs):
        start = time.thread_time()
        try:
            return hook(self, *args, **kwargs)
        finally:
            self.own += time.thread_time() - start
    return timed


class TimedMonitor(Monitor):
    """A Monitor that adds up, in ``own`` (seconds), this thread's CPU time inside its hooks."""
    own = 0.0
    on_train_begin, on_train_end = _timed(Monitor.on_train_begin), _timed(Monitor.on_train_end)
    on_epoch_end = _timed(Monitor.on_epoch_end)
    on_batch_begin, on_batch_end = _timed(Monitor.on_batch_begin), _timed(Monitor.on_batch_end)


def setup(network):
    """(X, y, description, options for ``run_neuralab``, default epochs) of ``network``."""
    if network == "mnist":
        X, y = make_data()
        return X, y, (f"{'-'.join(map(str, SIZES))} ReLU, {N:,} samples, batch {BATCH}, SGD, "
                      f"float32"), {}, 2
    sizes, activation = SMALL[network]
    ds = data.load(network)
    options = dict(model=lambda: nn.MLP(sizes, activation=activation, output="sigmoid"),
                   optimizer=lambda params: optim.Adam(params, lr=0.01), loss="bce", batch_size=32)
    return ds.X, ds.y, (f"{network} {'-'.join(map(str, sizes))} {activation}, {len(ds.X)} samples, "
                        f"batch 32, Adam, float32"), options, 300


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", choices=["mnist", *SMALL], default="mnist")
    parser.add_argument("--epochs", type=int, default=None, help="2 for mnist, 300 for the small ones")
    parser.add_argument("--repeats", type=int, default=5, help="median of this many runs")
    parser.add_argument("--every", type=int, default=20, help="the monitor's interval, in batches")
    args = parser.parse_args()
    X, y, description, options, epochs = setup(args.network)
    epochs = args.epochs or epochs
    print(f"network {description}, {epochs} epochs, Monitor(every={args.every})")
    run_neuralab(X, y, 1, **options)   # a first run warms the caches up for all that follow
    times = {"without": [], "with": []}   # (wall, cpu, this thread's cpu) seconds of each run
    own = []                              # the monitor's own: this thread's cpu in its hooks
    for _ in range(args.repeats):
        for kind in times:
            monitor = TimedMonitor(every=args.every) if kind == "with" else None
            cpu, thread = time.process_time(), time.thread_time()
            wall = run_neuralab(X, y, epochs, [monitor] if monitor else [], **options)[0]
            times[kind].append((wall, time.process_time() - cpu, time.thread_time() - thread))
            if monitor:
                own.append(monitor.own)
    for kind, runs in times.items():
        print(f"{kind + ' monitor':>16}: {median(w for w, _, _ in runs) / epochs * 1000:8.2f} ms per epoch, "
              f"{median(c for _, c, _ in runs) / epochs * 1000:8.2f} ms CPU, "
              f"{median(t for _, _, t in runs) / epochs * 1000:8.2f} ms CPU of this thread")
    print(f"{'':>16}  ({monitor.records} records kept of {monitor.step} steps)")
    alone = median(t for _, _, t in times["without"])
    print(f"the monitor's own work, in its hooks: {median(own) / epochs * 1000:.2f} ms CPU of this thread per "
          f"epoch, {median(own) / alone:.1%} of an epoch without it")
    for clock, k in (("wall-clock", 0), ("CPU", 1)):
        ratios = sorted(m[k] / p[k] for m, p in zip(times["with"], times["without"]))
        print(f"ratio with / without, {clock}: median {median(ratios):.3f}, range {ratios[0]:.3f}-"
              f"{ratios[-1]:.3f}  (target < 1.15)")


if __name__ == "__main__":
    main()
