"""What the loss numbers of a regression's run are in: the network learns the target standardised,
(y - mean) / std, so history.csv, the loss curve and early stopping's best val_loss are in those
units, where the table the run prints is in the target's own. Under MSE a loss scales by std²,
under MAE by std (r2 has no units)."""
from .report import number


def early_stop_in_target_units(stopper, targets, loss_name):
    """What early stopping's (``stopper``'s) best val_loss is, for a regression: the MSE (MAE) of the
    standardised target, the number on the loss curve and in history.csv, where the learner can find
    it; and that loss in the target's units (× std², × std for MAE, exact: val_loss holds no
    penalty), the units of the table printed next. Both, rather than the converted value alone, so
    that the line still matches the curve. Empty for classes (``targets`` None), whose loss is the
    same in training and in the table, and without a stop."""
    if targets is None or stopper is None or stopper.stopped_epoch is None or stopper.best_epoch is None:
        return ""
    std = float(targets.std[0])  # a float32's square overflows for a std past 1e19
    power = 1 if loss_name == "mae" else 2
    return (f"; val_loss is the {loss_name.upper()} of the standardised target, as on the loss curve: "
            f"{stopper.best:.4g} × {number(std)}{'²' if power == 2 else ''} = {number(stopper.best * std ** power)} "
            f"in the target's units")


def history_units(targets, penalties, loss_name):
    """metrics.json's word on the units of history.csv, next to results in the target's: the loss
    scales as the metric it is, mse or mae."""
    penalty = ("; loss also holds the --l1/--l2 penalty, which results' loss does not: penalty is its part "
               "(loss - penalty is the data loss)" if penalties else "")
    if targets is None:
        return "as results: the network learns the classes as they are" + penalty
    squared, absolute = "mse and val_mse", "mae and val_mae"
    losses = f"loss (less its penalty), {loss_name}, val_loss and val_{loss_name}"
    return ("the standardised target, (y - target_mean) / target_std, that the network learns: in the target's "
            f"units of results, {losses if loss_name == 'mse' else squared} are target_std² times as large, "
            f"{losses if loss_name == 'mae' else absolute} target_std times (r2 has no units)" + penalty)
