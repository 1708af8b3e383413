"""A progress bar for ``fit`` (``verbose=1``), built on tqdm: one bar over all batches,
with the epoch and the latest loss and metrics beside it."""
from tqdm.auto import tqdm

from .callbacks import Callback


def format_logs(logs):
    return {k: f"{v:.4g}" for k, v in logs.items() if isinstance(v, float)}


class ProgressBar(Callback):
    def __init__(self, file=None):
        self.file = file
        self.bar = None

    def on_train_begin(self, logs=None):
        p = self.params
        self.bar = tqdm(total=p["epochs"] * p["steps"], file=self.file, unit="batch",
                        dynamic_ncols=True, leave=True)

    def on_epoch_begin(self, epoch, logs=None):
        self.bar.set_description(f"epoch {epoch + 1}/{self.params['epochs']}")

    def on_batch_end(self, batch, logs=None):
        self.bar.update(1)

    def on_epoch_end(self, epoch, logs=None):
        self.bar.set_postfix(format_logs(logs), refresh=False)

    def on_train_end(self, logs=None):
        self.bar.close()
