"""Time to reach a test accuracy on digits: neuralab against scikit-learn's MLPClassifier.

Both train a 64-64-10 ReLU network with Adam (lr 0.005, batch 32, no L2 penalty) on the same
standardised 75 % of the digits, one epoch at a time, and after each epoch measure accuracy on
the other 25 %; the clock stops at the first epoch reaching the target (default 0.97).

    .venv/bin/python benchmarks/digits_vs_sklearn.py [--target 0.95] [--seeds 5]
"""
import argparse
import time
import warnings

from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

import neuralab
from neuralab import data, nn, optim
from neuralab.train import LambdaCallback

LR, BATCH, HIDDEN, MAX_EPOCHS = 0.005, 32, 64, 200


def split(seed):
    X, y = data.load("digits")
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_size=0.25, seed=seed,
                                                             stratify=True)
    scaler = data.Standardizer().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def neuralab_time(X_train, X_test, y_train, y_test, target, seed):
    neuralab.seed(seed)
    model = nn.MLP([X_train.shape[1], HIDDEN, 10], activation="relu")
    reached = {}

    def check(epoch, logs):
        if model.evaluate(X_test, y_test, metrics=["accuracy"])["accuracy"] >= target:
            reached["epoch"] = epoch + 1
            model.stop_training = True

    start = time.perf_counter()
    model.fit(X_train, y_train, loss="cross_entropy", optimizer=optim.Adam(model.parameters(), lr=LR),
              epochs=MAX_EPOCHS, batch_size=BATCH, metrics=[], verbose=0, seed=seed,
              callbacks=[LambdaCallback(on_epoch_end=check)])
    return time.perf_counter() - start, reached.get("epoch")


def sklearn_time(X_train, X_test, y_train, y_test, target, seed):
    clf = MLPClassifier(hidden_layer_sizes=(HIDDEN,), activation="relu", solver="adam",
                        learning_rate_init=LR, batch_size=BATCH, alpha=0.0, max_iter=1,
                        shuffle=True, random_state=seed, warm_start=True)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter=1: one epoch per call
        for epoch in range(1, MAX_EPOCHS + 1):
            clf.fit(X_train, y_train)
            if clf.score(X_test, y_test) >= target:
                return time.perf_counter() - start, epoch
    return time.perf_counter() - start, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=float, default=0.97)
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    print(f"digits, 64-{HIDDEN}-10 ReLU, Adam lr={LR}, batch {BATCH}: time to {args.target:.0%} test accuracy")
    totals = {"neuralab": 0.0, "scikit-learn": 0.0}
    for seed in range(args.seeds):
        parts = split(seed)
        for name, run in (("neuralab", neuralab_time), ("scikit-learn", sklearn_time)):
            seconds, epochs = run(*parts, args.target, seed)
            totals[name] += seconds
            print(f"  seed {seed} {name:>12}: {seconds * 1000:7.1f} ms, "
                  + (f"{epochs} epochs" if epochs else f"not reached in {MAX_EPOCHS} epochs"))
    print(f"ratio neuralab / scikit-learn (total time): {totals['neuralab'] / totals['scikit-learn']:.2f}")


if __name__ == "__main__":
    main()
