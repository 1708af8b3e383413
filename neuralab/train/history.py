"""History: what ``fit`` returns — one list per logged quantity, one entry per epoch."""


class History:
    """``history`` maps "loss", "val_loss" and each metric (and "val_" + metric) to a list,
    one value per completed epoch; ``epoch`` lists the epoch numbers (0-based);
    ``stop_reason`` says why training ended early (None when it ran every epoch)."""

    def __init__(self):
        self.history = {}
        self.epoch = []
        self.stop_reason = None

    def append(self, epoch, logs):
        self.epoch.append(epoch)
        for key, value in logs.items():
            self.history.setdefault(key, []).append(value)

    def __getitem__(self, key):
        return self.history[key]

    def __repr__(self):
        keys = ", ".join(self.history)
        return f"History({len(self.epoch)} epochs: {keys})"
