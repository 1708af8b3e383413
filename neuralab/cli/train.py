"""``neuralab train``: load a dataset, build a multi-layer perceptron, train it and write the
model, the figures, history.csv and metrics.json to an output folder. Its options and the
readers of their values are in ``train_options.py``."""
import json
import sys
import warnings

import numpy as np

from .. import data, nn, optim
from ..data.spread import share_words
from ..nn.random import seed as set_seed
from ..train import (L1, L2, DivergenceWarning, EarlyStopping, FrozenTrainingWarning, LearningRateScheduler, Monitor,
                     plots)
from ..train.far_past import FAR_PAST_FIX, FIX_ROW, FarPastWarning, FarTargetsWarning, far_past_training
from ..train.input_reach import inputs_judged, record_input_reach
from ..train.csv_logger import write_history
from ..train.divergence import in_own_terms
from .best_weights import KeepBestWeights, weights_diverged
from .class_weights import class_weights
from .dataset import (CONSTANT_FEATURES_SAID, constant_features, load_dataset, numbers_as_classes, scalings, split,
                      too_few_to_split, unsplit_note)
from .errors import SCHEDULE_NAMES, CLIError, in_options
from .file_rows import far_past_in_file, lone_held_out_targets, one_test_row
from .head import choose_head, output_units, parse_layers, plural
from .interrupt import StopOnInterrupt, interrupt_stops
from .leaks import warn_identifier_columns, warn_leaking_columns
from .output import figures, guessing_loss, model_is_finite, output_folder, written_together
from .overfitting import overfitting_note, regression_overfitting_note
from .loss_warning import loss_warning, not_converged, stuck_hidden_layer
from .report import (CLASS_SCORES, class_legend, class_summary, evaluated_parts, json_safe, mean_baseline_note,
                     metrics_table, number)
from .signals import STOP_SIGNALS, exit_status
from .target_units import early_stop_in_target_units, history_units
from .train_options import DEFAULT_EPOCHS, DEFAULT_LR, add_options, check_options, default_epochs, parse_batch_size


def add_parser(sub, formatter_class):
    """Add ``neuralab train`` and its options (``train_options.py``) to the subcommands."""
    t = sub.add_parser("train", help="train a network on a dataset and save the model and figures",
                       description="Train a multi-layer perceptron and write the model, a loss-curve "
                                   "PNG, a PNG of the model over the data (for data of 2 features, a decision "
                                   "boundary, or a map of the predicted value for a regression; for 1, a prediction "
                                   "curve), a classifier's confusion matrix "
                                   "and an image dataset's misclassified test images to an output folder. "
                                   "Ctrl-C stops "
                                   "training and still writes the model trained so far (exit status 130; "
                                   "SIGTERM and SIGHUP do the same, 143 and 129); a second Ctrl-C abandons the run.",
                       formatter_class=formatter_class)
    add_options(t)
    t.set_defaults(func=train_command)


def _callbacks(args, opt, ds):
    callbacks = []
    if args.early_stopping is not None:
        callbacks.append(EarlyStopping(monitor="val_loss", patience=args.early_stopping, restore_best=True))
    if args.schedule:
        with warnings.catch_warnings(record=True) as caught:  # StepLR's GAMMA > 1: a line of the command's
            warnings.simplefilter("always")
            try:
                schedule = optim.parse_schedule(args.schedule, opt)
            except (ValueError, TypeError) as err:
                raise CLIError(f"--schedule {args.schedule}: {in_options(str(err), SCHEDULE_NAMES)}") from None
        for w in caught:
            print(f"warning: --schedule {args.schedule}: {in_options(str(w.message), SCHEDULE_NAMES)}",
                  file=sys.stderr)
        callbacks.append(LearningRateScheduler(schedule, per="epoch"))
    if args.monitor:
        callbacks.append(Monitor(image_shape=ds.image_shape))  # images get the images' augmentation
    return callbacks


def _schedule_note(args, callbacks):
    """A note when --schedule's decay (alone, or after its warm-up) comes first after the last
    epoch, so that the lr never changes: step:10 with --epochs 5, exp:0.9 with --epochs 1. None
    otherwise."""
    schedule = next((cb.scheduler for cb in callbacks if isinstance(cb, LearningRateScheduler)), None)
    warmup = schedule.warmup_steps if isinstance(schedule, optim.LinearWarmup) else 0
    decay = schedule.after if warmup else schedule
    # what the decay does first, and after how many epochs (LambdaLR: the text's inverse:DECAY)
    first = {optim.StepLR: "multiply the lr by GAMMA", optim.ExponentialLR: "multiply the lr by GAMMA",
             optim.LambdaLR: "divide the lr by 1 + DECAY"}.get(type(decay))
    size = getattr(decay, "step_size", 1)
    if first is None or warmup + size < args.epochs:
        return None
    room = args.epochs - warmup   # the epochs after the warm-up: a SIZE below it decays within them
    fix = f"choose a SIZE below {room}, or more epochs" if room > 1 else "train for more --epochs"
    return (f"note: --schedule {args.schedule} would first {first} at epoch {warmup + size + 1}, after "
            f"the last of --epochs {args.epochs}, so the lr stays "
            f"{'as the warm-up leaves it' if warmup else 'the same throughout'}: {fix}")


def _early_stopping(callbacks):
    """The run's EarlyStopping (``--early-stopping``), or None."""
    return next((cb for cb in callbacks if isinstance(cb, EarlyStopping)), None)


# The remedies by which a finding of the Monitor says what ``loss_warning`` would: the learning rate, the epochs
ADVISED = ("lr", "more_epochs")


def _advised(diagnosed, frozen):
    """Where the run's lines already say why its loss did not fall, or fell slowly, and what to do
    about the learning rate or the epochs, for ``loss_warning`` to point to: the Monitor's report
    (``diagnosed``, of --monitor), printed last, when it found training frozen or a problem with
    an ADVISED remedy; else fit's warning of a ``frozen`` run, printed above. None when neither did."""
    if diagnosed is not None:
        said = any(getattr(r, "key", None) in ADVISED for d in diagnosed.problems for r in d.remedies)
        return "see the training monitor's findings below" if said or frozen else None
    return "see the warning above" if frozen else None


def _lone_target_row(losses, model, ds, train_part, args):
    """What a regression's training loss that was still falling (``not_converged``) is, when one
    training row, whose target's lone value the warning before training named (a marker such as
    -999 among values 0..100), holds half or more of its squared error (``report.one_row_error``):
    the network spends its last epochs fitting that row, and "try more epochs" would have it fit
    it closer. None otherwise (more epochs may help the others), and under --loss mae, whose
    sign(ŷ - y) pulls no row harder than another."""
    if args.loss == "mae" or not not_converged(losses):
        return None
    held = one_test_row(model, ds, train_part, "training", args, 0.5)
    if held is None:
        return None
    row, target, share, _ = held
    return (f"{row}, whose target {target:.6g} the warning before training named, holds {share_words(share)} of "
            f"the training squared error: more epochs would go on fitting that one row")


def train_command(args):
    """Run ``neuralab train`` with the parsed ``args``: check the options, load and split the data,
    build and train the MLP, print the metrics, and write model.npz, the figures, history.csv and
    metrics.json to the output folder. Returns the exit status 0, or 130 when a Ctrl-C stopped
    training (143, 129: SIGTERM, SIGHUP; what it trained is written all the same, see
    ``interrupt``); a problem raises
    ``CLIError`` (or the library's ValueError), which ``main`` prints in one line."""
    previous = nn.get_default_dtype()
    nn.set_default_dtype(args.dtype)
    try:
        with inputs_judged():   # a far row of the test part is named by the file's row (far_past_in_file)
            return _train(args)
    finally:  # --dtype is this run's: ``main`` called again in the same process starts from the default
        nn.set_default_dtype(previous)


def _train(args):
    check_options(args)
    batch_size = parse_batch_size(args.batch_size)
    penalties = [p for p in (L1(args.l1) if args.l1 else None, L2(args.l2) if args.l2 else None) if p]
    set_seed(args.seed)
    ds, test = load_dataset(args)
    classification = ds.task != "regression"
    output, loss_name = choose_head(ds.task, ds.n_classes, args.output, args.loss)
    n_outputs = output_units(ds.task, ds.n_classes, output, loss_name)
    sizes = parse_layers(args.layers, ds.n_features, n_outputs, ds.task)
    model = nn.MLP(sizes, activation=args.activation, output=output, init=args.init,
                   dropout=args.dropout, batchnorm=args.batchnorm)
    # the file's columns, which fit on arrays keeps: the Monitor's findings name them ("column 'income'",
    # not "column 2"), and so does the saved model, which checks a DataFrame given to it later by them
    model.feature_names = tuple(ds.feature_names)
    lr = args.lr if args.lr is not None else DEFAULT_LR[args.optimizer]
    opt = optim.get(args.optimizer, model.parameters(), lr=lr)
    callbacks = _callbacks(args, opt, ds)  # a schedule sets opt.lr to its first value

    class_weight = class_weights(args.class_weight, ds)
    if class_weight is not None and loss_name == "mse":
        raise CLIError("--class-weight weighs classes in --loss bce, bce_logits or cross_entropy, not mse: "
                       "leave it out or choose one of those")
    raw = split(ds, test, args)
    epochs_given = args.epochs is not None
    if not epochs_given:   # fewer for a large training part, which learns more in each epoch
        args.epochs = default_epochs(len(raw[0][0]))
    train_labels = raw[0][1]  # the class indices, before MSE's one-hot rows
    if loss_name == "mse" and n_outputs > 1:  # MSE against one-hot rows
        raw = [(X, data.one_hot(y, ds.n_classes)) for X, y in raw]
    scaler, inputs, targets, warned, target_warned = scalings(ds, *raw[0], args)
    # said here, with the file's row: fit's warning of it is then left out
    lone_targets = {} if targets is None else lone_held_out_targets(ds, raw, targets, args)
    for text in lone_targets.values():
        print(f"warning: {text}", file=sys.stderr)
    uninformative = constant_features(ds, raw[0][0], own_data=bool(args.data))
    if args.data:
        warn_identifier_columns(ds)
        warn_leaking_columns(ds, raw[0][0], train_labels, args.target)
    interrupt = StopOnInterrupt()  # Ctrl-C stops training, and waits for the files (cli/interrupt.py)
    # the weights a diverged run writes (cli/best_weights.py): the best epoch of --early-stopping's
    # validation part, else of the training loss, not of fit's validation data, which is then the
    # test part: weights chosen by it would make the test scores read better than they are
    stopper = _early_stopping(callbacks)
    keeper = stopper or KeepBestWeights("loss", args.epochs)
    # last: a run refused before training leaves no folder
    with output_folder(args.out, ds.name) as out, interrupt_stops(interrupt):
        (X_train, y_train), (X_val, y_val), (X_test, y_test) = [
            (inputs.forward(X, training=False),
             y if targets is None else targets.forward(y.reshape(-1, 1), training=False)[:, 0]) for X, y in raw]
        augment = data.default_augment(ds, scaler=scaler) if args.augment else None
        metrics = ["accuracy"] if classification else ["mse", "mae", "r2"]
        samples = plural(len(ds), "sample") + ("" if test is None else f" + {plural(len(test), 'test sample')}")
        units = f"{args.activation}/{output}" if len(sizes) > 2 else output  # no hidden layer: no activation
        # said, as the playground's raw coordinates make another run of the same network and seed
        scaled = "standardised inputs" + (" and target" if targets is not None else "")
        print(f"neuralab train: {ds.name} ({samples}, {ds.task}), network "
              f"{'-'.join(map(str, sizes))} {units} on {scaled}, {loss_name}, {args.optimizer} "
              f"lr={lr:g}{' ' + args.schedule if args.schedule else ''}, batch {batch_size}, "
              f"{plural(args.epochs, 'epoch')}"
              + ("" if epochs_given or args.epochs == DEFAULT_EPOCHS
                 else f" (the default for {len(raw[0][0])} training samples; --epochs N to choose)"))
        # trained and scored on the same rows: the table's one row, named for them
        whole = f"all {len(ds)}" if too_few_to_split(ds, test) else None
        if whole:
            print(unsplit_note(ds))
        if args.activation == "step":
            print("warning: gradient descent cannot train step units (their derivative is 0, so no gradient "
                  "reaches the layers before them); the perceptron rule can, for one layer "
                  "(neuralab.classic.Perceptron): use --activation relu", file=sys.stderr)
        if args.init == "zeros" and len(sizes) > 2:   # (the Monitor names it too, with --monitor only)
            print("warning: --init zeros starts the units of each hidden layer equal: they get equal gradients "
                  "and stay equal, so a layer computes what one unit can (accuracy stays near guessing's); "
                  "leave --init out for the default, or use he_normal", file=sys.stderr)
        if note := numbers_as_classes(ds, args):
            print(note)
        if note := _schedule_note(args, callbacks):
            print(note)
        if targets is not None:
            print(f"note: the network learns the target standardised (mean {number(targets.mean[0])}, std "
                  f"{number(targets.std[0])}), so the loss curve and history.csv are in those units; "
                  f"the table and the saved model are in the target's own")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")  # fit's warnings: printed below as lines of the command's
            history = model.fit(X_train, y_train, loss=loss_name, optimizer=opt, epochs=args.epochs,
                                batch_size=batch_size, validation_data=(X_val, y_val), metrics=metrics,
                                verbose=0 if args.quiet else 1, seed=args.seed,
                                callbacks=[*callbacks, *([] if stopper else [keeper]), interrupt],
                                penalty=penalties, clip_norm=args.clip_norm, augment=augment,
                                class_weight=class_weight)
        # Saved with its scalings, the network takes data in its own units and predicts in the
        # target's: neuralab.load(".../model.npz").predict(X) needs nothing else.
        outputs = [] if targets is None else [targets.inverse()]
        saved = nn.Sequential(inputs, *model.layers, *outputs)
        saved.loss = model.loss  # saved with it: evaluate(X, y) on the loaded model needs no loss=
        record_input_reach(saved, raw[0][0])   # the training part in the data's units, as saved takes them
        diverged = history.diverged   # fit records it; its DivergenceWarning carries the cause
        divergence = next((w.message for w in caught if isinstance(w.message, DivergenceWarning)), None)
        # to weights not worth writing: the best epoch's are written instead, if any (cli/best_weights.py)
        bad_weights = diverged and weights_diverged(getattr(divergence, "cause", None))
        part = "validation" if args.early_stopping is not None else "test"
        monitor = next((cb for cb in callbacks if isinstance(cb, Monitor)), None)
        for w in caught:  # those as fit started first: a refusal below may follow from them
            found = getattr(w.message, "found", None)  # a row of X_val, named as the file numbers it
            if found is not None:
                in_file = far_past_in_file(found, ds, raw[1][0], X_val, part, args)
            if isinstance(w.message, FarTargetsWarning) and (w.message.lone is not None or part in lone_targets):
                continue   # a lone target of the validation part, said before training (lone_held_out_targets)
            if not issubclass(w.category, DivergenceWarning):
                text = (f"{in_file} {FAR_PAST_FIX}" if isinstance(w.message, FarPastWarning)
                        else w.message.text("cli") if isinstance(w.message, FrozenTrainingWarning)
                        else w.message)
                print(f"warning: {text}", file=sys.stderr)
            else:  # the stop reason's too, for the report, the monitor and metrics.json
                history.stop_reason = in_own_terms(history.stop_reason, found, found and in_file, f"the {part} part")
                if monitor is not None:
                    monitor.stop_reason = history.stop_reason
        if not model_is_finite(saved, (raw[0][0], raw[2][0])):
            # trained to the end with finite weights, outputs that overflow on the test part only
            # come from a row there far past the training part, which no learning rate fixes
            far = None if diverged else far_past_training(X_train, X_test)
            if far is not None:
                raise CLIError(f"the outputs for the test part overflowed (inf or NaN): "
                               f"{far_past_in_file(far, ds, raw[2][0], X_test, 'test', args)} {FIX_ROW}; "
                               f"nothing was written")
            reason = (history.stop_reason if diverged
                      else f"the last update overflowed; try a lower learning rate (now {opt.lr:g})")
            raise CLIError(f"training diverged: {reason}; the model's weights or outputs went past the "
                           "float range (NaN or inf), so nothing was written")
        if bad_weights and keeper.best_epoch is None:
            raise CLIError(f"training diverged: {history.stop_reason}; no epoch had ended before, so there are "
                           f"no weights to keep, and nothing was written")
        if diverged:
            print(f"warning: training stopped: {history.stop_reason}", file=sys.stderr)
        if bad_weights:
            print(f"note: model.npz holds the weights of epoch {keeper.best_epoch + 1}, of the lowest "
                  f"{'validation' if stopper else 'training'} loss before training diverged "
                  f"({number(keeper.best)}, as on the loss curve), not the last ones, which diverged")
        if history.stop_reason and not diverged:
            print(f"training ended early: {history.stop_reason}{early_stop_in_target_units(stopper, targets, loss_name)}")
        # the Monitor's report (--monitor), which the R² note quotes: printed after the notes
        diagnosed = (None if monitor is None or uninformative else
                     monitor.report(held_out=None if args.early_stopping is not None else "test part",
                                    warned_columns=warned))   # said before training: pointed back to
        if not diverged and not uninformative:
            # frozen: fit's warning or the Monitor's report (--monitor) said why the loss stayed put
            losses = history.history.get("loss", [])
            advised = _advised(diagnosed, history.frozen) or (
                _lone_target_row(losses, saved, ds, raw[0], args) if target_warned else None)
            said = loss_warning(losses, opt, args.clip_norm, DEFAULT_LR[args.optimizer],
                                lambda: stuck_hidden_layer(model, X_train), args.init, history.frozen,
                                advised, cut_short=history.stop_reason is not None)
            if said:
                print(f"warning: {said}", file=sys.stderr)

        # Scored as saved, from the data's own units to the target's (evaluate, as fit, gives a loss
        # that applies the sigmoid or softmax itself the logits before that layer).
        scored = metrics + CLASS_SCORES if classification else ["mse", "rmse", "mae", "r2"]
        parts = (("train", raw[0]), ("test", raw[2]))
        with np.errstate(all="ignore"):  # the last finite weights of a diverged run may overflow
            results, matrices = evaluated_parts(saved, loss_name, parts, scored, classification)
        print(metrics_table([(whole, results["train"])] if whole else list(results.items())))
        if classification and (legend := class_legend(ds.class_names, n_outputs, output, loss_name)):
            print(legend)
        # each class's scores on the test part, read against always answering the most common one
        summary = (class_summary(matrices["test"], ds.class_names, class_weight is not None, uninformative,
                                 whole or "test") if classification else None)
        found = None if monitor is None else [] if diagnosed is None else [d.title for d in diagnosed.problems]
        # a regression's test loss that rose, said in place of the R² note, which would blame the training;
        # not of a lone target (a marker), whose row makes the test loss, nor where --monitor or
        # --early-stopping's validation part say it their own way
        overfit = (None if classification or diverged or target_warned or lone_targets or monitor is not None
                   or stopper is not None else regression_overfitting_note(history, loss_name))
        if summary:
            print(summary.text)
        elif overfit:
            print(overfit)
        elif not classification and not diverged and (said := mean_baseline_note(
                results["test"]["r2"], found, lambda: one_test_row(saved, ds, raw[2], "test", args), target_warned)):
            print(said)
        # a test loss above guessing's at a high accuracy; --monitor's report and --early-stopping's
        # validation part (whose best weights it keeps) say it their own way
        if classification and monitor is None and stopper is None and not diverged and not uninformative:
            if note := overfitting_note(history, guessing_loss(args, train_labels, loss_name)):
                print(note)

        saved.feature_names = model.feature_names
        saved.categories = ds.categories   # --one-hot's: predict reads a raw town column (nn.one_hot_inputs)
        if classification:  # the file alone turns a prediction into 'setosa' (see io.model_names)
            saved.class_names = tuple(map(str, ds.class_names))
        # what the saved model's inputs and outputs stand for: the columns in the order it takes
        # them, and the class of each output number ("no" = 1, not "yes", in a CSV of yes/no)
        # and the units of history.csv: those the network learns, a regression's target standardised
        report = {"results": results, "epochs_trained": len(history.epoch),
                  "history_units": history_units(targets, penalties, loss_name), "stop_reason": history.stop_reason,
                  "command": args.argv, "target": args.target,
                  "target_mean": None if targets is None else float(targets.mean[0]),
                  "target_std": None if targets is None else float(targets.std[0]),
                  "features": list(ds.feature_names), "classes": list(ds.class_names) if classification else None,
                  # --one-hot's categories, for new rows to get the same columns: load_csv(file, target,
                  # one_hot=categories); and how many rows --missing drop left out (load_csv's dropped_rows are
                  # their numbers), for which columns' cells
                  "categories": {column: list(names) for column, names in ds.categories.items()},
                  "n_dropped_rows": len(ds.dropped_rows), "missing_cells": ds.missing_cells,
                  # the accuracy of always answering the most common class, on the test part
                  "majority_baseline": summary and summary.majority_baseline,
                  "class_report": summary and summary.class_report,   # each class's scores, on the test part
                  # each part's, in the order of "classes"
                  "confusion_matrix": matrices and {"rows": "true class", "columns": "predicted class", **matrices}}
        if monitor is not None:
            # the held-out data in the table's words: the test part, unless early stopping held out its own;
            # features that each hold one value were warned of before training, in the file's columns, and
            # are the whole story (its finding alone, ``diagnose.diagnose``): said once, there
            diagnosis = CONSTANT_FEATURES_SAID if uninformative else diagnosed.text("cli")
            print(diagnosis)
            report["diagnosis"] = diagnosis
        with written_together(out) as staged:  # all of them, or none: a full disk leaves an earlier run's whole
            saved.save(staged / "model.npz")
            files = ["model.npz"] + figures(args, ds, saved, history, staged, loss_name,
                                             title=f"{ds.name}: {'-'.join(map(str, sizes))}",
                                             parts=(raw[0], raw[2]), early_stopping=keeper if bad_weights else stopper,
                                             matrices=matrices)
            if monitor is not None:
                plots.gradient_norms(monitor, staged / "gradient_norms.png")
                files.append("gradient_norms.png")
            # one line per epoch, as CSVLogger writes it, not lists in metrics.json (a run of a million
            # epochs made those 107 MB of indented JSON, +470 MB to write)
            write_history(history, staged / "history.csv")
            (staged / "metrics.json").write_text(json.dumps(json_safe(report), indent=2, allow_nan=False))
            files += ["history.csv", "metrics.json"]
        print(f"wrote {', '.join(files)} to {out}/")
        if interrupt.requested and not interrupt.stopped:  # nothing was cut short: exit 0, as a run like any other
            print(f"note: {STOP_SIGNALS[interrupt.requested]} came as training ended: the run is complete, "
                  f"and written")
    return exit_status(interrupt.requested) if interrupt.stopped else 0  # as interrupted, for a script that runs it
