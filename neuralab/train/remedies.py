"""What the training monitor tells the learner: each problem's title, its remedies, and how each
face of neuralab applies them (``Diagnosis``, one problem, and ``Report``, all of them, are in
``diagnosis.py``).

The rules that find the problems are in ``diagnose_loss.py``, ``diagnose_target.py``,
``diagnose_overfitting.py``, ``diagnose_late.py``, ``diagnose_gradients.py``, ``diagnose_saturation.py``,
``diagnose_scale.py``, ``diagnose_symmetry.py``, ``diagnose_output.py``, ``diagnose_inputs.py``,
``diagnose_lone_inputs.py``, ``diagnose_memorised.py``, ``diagnose_progress.py`` and ``diagnose.py``,
which build each ``Diagnosis`` with ``problem`` (``note`` for a finding that is no problem in this
run, both in ``diagnosis.py``); this module is the words.
A remedy is plain words plus a key of ``HOW``, so that the same advice reads
``fit(..., clip_norm=1.0)`` in Python, ``--clip-norm 1`` on the command line and "the Learning rate
box" in the playground.
"""
from .. import optim

# The step sizes of HOW's schedules, for a run of many epochs; a shorter run gets a quarter of its
# epochs (``schedule_step``), so that the lr halves about three times within a run of that length
SCHEDULE_STEPS = {"schedule": 50, "decay": 1000}


def schedule_step(key, epochs):
    """The step size, in epochs, of the schedule remedy ``key`` ("schedule" or "decay") for a run
    of ``epochs``: ``SCHEDULE_STEPS[key]``, or a quarter of the run when that is shorter. A step
    of 50 in a 10-epoch run would never be reached, and the advice would change nothing."""
    step = SCHEDULE_STEPS[key]
    return step if epochs is None else max(1, min(step, epochs // 4))


def schedule_said(key, epochs):
    """How Python and the command line apply the schedule remedy ``key`` in a run of ``epochs``."""
    step = schedule_step(key, epochs)
    said = {"python": f"callbacks=[LearningRateScheduler(optim.StepLR(opt, step_size={step}, gamma=0.5))]",
            "cli": f"--schedule step:{step}:0.5"}
    if key == "schedule":   # one cosine over the run at most: restarts every epoch would undo it
        warmup, cosine = (5, 50) if epochs is None else (min(5, max(1, epochs // 10)), min(50, epochs))
        said["cli"] += f" or --schedule warmup:{warmup},cosine:{cosine}"
    return said


# How each face of neuralab applies a remedy: its words get ": <how>" in Python, on the command
# line ("cli", ``neuralab train``) or in the playground ("play"), where the face has the control;
# None where the face does it itself (``neuralab train`` standardises the inputs and a regression
# target; both it and the playground standardise pixels and start every bias at 0), so that the
# remedy is left out of its advice.
HOW = {
    "python": {"relu": 'nn.MLP(..., activation="relu")', "leaky_relu": "nn.LeakyReLU()",
               "init": 'init="he_normal" (init="xavier_uniform" for tanh/sigmoid)',
               "xavier": 'init="xavier_uniform"',
               "batchnorm": "nn.BatchNorm1d, or nn.MLP(..., batchnorm=True)",
               "clip": "fit(..., clip_norm=1.0)", "lr": "lr=... where the optimizer is made, or optimizer.lr = ...",
               "standardise": "data.Standardizer", "pixels": "X / 255.0",
               "pixels_once": "X as data.load gives it, or X * 255.0 where it was divided twice",
               "drop_row": "np.delete(X_val, row, axis=0), and the same row of y_val",
               "lone_value": "at the row the Standardizer's LoneValueWarning names (its found[0].row), "
                             "X = np.delete(X, row, axis=0) and the same row of y, before fitting the Standardizer",
               "transform_column": "X[:, j] = np.log1p(X[:, j]) for a column of values >= 0",
               "input_columns": "X.std(axis=0), each column's spread over the rows: 0 for a column of one value",
               "standardise_target": "data.Standardizer on y, then its inverse_transform on model.predict(X)",
               "dropout": "nn.Dropout(0.2), or nn.MLP(..., dropout=0.2)",
               "l2": "fit(..., penalty=L2(1e-3))", "more_dropout": "a larger p in nn.Dropout(p)",
               "stronger_penalty": "a larger λ in fit(..., penalty=L2(λ)), or a larger weight_decay",
               "early_stopping": "callbacks=[EarlyStopping(patience=20)]",
               "patience": "EarlyStopping(patience=..., restore_best=True)",
               "augment_noise": "fit(..., augment=data.GaussianNoise(0.1)) on standardised inputs",
               "augment_images": ("fit(..., augment=data.default_augment(dataset, scaler=scaler)): shifts "
                                  "of 1/14 of the side and rotations up to 10°, in the pixels' own units"),
               "augment": "fit(..., augment=data.default_augment(dataset)), which picks the one for the data",
               "schedule": schedule_said("schedule", None)["python"],
               "adam": "optim.Adam",
               "decay": schedule_said("decay", None)["python"],
               "eps": "optim.Adam(..., eps=1e-6)", "epochs": "fit(..., epochs=...)",
               "more_epochs": "fit(..., epochs=...)",
               "logits": 'nn.MLP(..., output=None) with loss="bce_logits" ("cross_entropy" for classes)',
               "hidden": 'nn.MLP([2, 8, 1], activation="tanh") for 2 inputs and 1 output, not nn.MLP([2, 1])',
               "features": 'nn.PlaneFeatures(["x1", "x2", "x1*x2", "x1^2", "x2^2"]) as the first layer, '
                           'for points of the plane',
               "more_data": "more rows in X and y, or a smaller test_size in data.train_test_split",
               "fresh_weights": "rebuild the model with fresh weights, model = nn.Layer.from_spec(model.to_spec()) "
                                "(the same layers, their weights drawn anew), then a new optimizer over "
                                "model.parameters()",
               "fewer_layers": "fewer sizes in nn.MLP([...])", "wider": "larger sizes in nn.MLP([...]), or one more",
               "smaller": "smaller sizes in nn.MLP([...]), or fewer of them",
               "biases": "layer.bias.data of each Dense layer (nn.Dense starts it at 0)",
               "check_gradients": 'monitor.weights[name]["grad_norm"], the gradient norm of each layer at each record',
               "labels": "fit the same network to y[np.random.default_rng(0).permutation(len(y))], the labels "
                         "shuffled apart from their rows: if its loss falls as low, they hold nothing"},
    "cli": {"relu": "--activation relu", "leaky_relu": "--activation leaky_relu",
            "init": "--init he_normal (xavier_uniform for tanh/sigmoid)", "xavier": "--init xavier_uniform",
            "batchnorm": "--batchnorm",
            "clip": "--clip-norm 1", "lr": "--lr", "standardise": None, "standardise_target": None,
            "pixels": None, "pixels_once": None,
            "drop_row": "in the data file, at the row named above",
            "lone_value": "in the data file, at the row the warning before training names",
            "transform_column": "in the data file; neuralab train has no option for it",
            "input_columns": "the data file's input columns, all but --target's and those in --ignore",
            "dropout": "--dropout 0.2", "l2": "--l2 1e-3", "more_dropout": "a larger --dropout",
            "stronger_penalty": "a larger --l2", "early_stopping": "--early-stopping 20",
            "patience": "a smaller --early-stopping",
            "augment_noise": "--augment", "augment_images": "--augment", "augment": "--augment",
            "schedule": schedule_said("schedule", None)["cli"],
            "adam": "--optimizer adam", "logits": "--loss bce_logits (cross_entropy for classes)",
            "decay": schedule_said("decay", None)["cli"], "epochs": "--epochs", "more_epochs": "--epochs",
            "eps": "in Python, optim.Adam(..., eps=1e-6); neuralab train has no option for it",
            "hidden": "--layers auto,8,auto (a size per hidden layer between the autos)",
            "features": "add them as columns of the data file; neuralab train has no option for it",
            "fewer_layers": "fewer sizes in --layers", "wider": "larger sizes in --layers, or one more",
            "smaller": "smaller sizes in --layers, or fewer of them",
            "biases": None,     # neuralab train starts every bias at 0
            "check_gradients": "gradient_norms.png, which --monitor saves in the output folder",
            "fresh_weights": "run neuralab train again (each run draws its weights anew)",
            "more_data": "more rows in the data file, or a smaller --test-size",
            "labels": "shuffle the label column of the data file and train again: if the loss falls as low, "
                      "the labels hold nothing"},
    "play": {"relu": "each Dense block's activation", "leaky_relu": "each Dense block's activation",
             "batchnorm": "drag BatchNorm blocks into the network", "lr": "the Learning rate box",
             "dropout": "the Dropout box above the network (after each Dense layer), or drag Dropout blocks into it",
             "l2": "the L2 box",
             "more_dropout": "a larger value in the Dropout box", "stronger_penalty": "a larger value in the L2 box",
             "schedule": "the Schedule box", "decay": "the Schedule box", "adam": "Optimizer adam",
             "drop_row": "in the CSV file, then upload it again", "pixels": None, "pixels_once": None,
             "lone_value": "in the CSV file, at the row the warning before training names, then upload it again",
             "transform_column": "in the CSV file, then upload it again",
             "input_columns": "the columns of your CSV: untick under Leave out those that vary, or mend the "
                              "file and upload it again",
             # the Initial weights menu; on its auto (the default) every Dense block starts as
             # DEFAULT_FOR_ACTIVATION does, and the page leaves these out (views.diagnoses' done)
             "init": "the Initial weights menu above the network: auto (He for ReLU, Xavier for tanh and sigmoid)",
             "xavier": "the Initial weights menu above the network: auto (Xavier for tanh and sigmoid)",
             # the page standardises a regression target: nothing to try there
             "standardise_target": None,
             # and every bias at 0; its loss of a sigmoid or softmax output is computed from the logits
             "biases": None, "logits": None,
             "hidden": "+ above the network adds a hidden layer, + on a layer's card a neuron",
             "features": "click them in the Features column (X₁X₂, X₁², X₂², sin(X₁), ...)",
             "fewer_layers": "− above the network (the page has no skip connections)",
             "fresh_weights": "reset the weights (↺), then press play",
             "wider": "+ on a layer's card adds a neuron, + above the network a hidden layer",
             "smaller": "− on a layer's card removes a neuron, − above the network the last hidden block",
             "check_gradients": "the gradient norm of each layer in the Gradients & diagnosis panel",
             # the page trains until ❚❚ pauses it: the epochs are how long ▶ runs
             "epochs": "press ❚❚ once the loss has levelled off",
             "more_epochs": "let ▶ run on (the page trains until ❚❚ pauses it; Speed max is the fastest)",
             "more_data": "more Points (a generated dataset), or a higher Train ratio",
             "early_stopping": "tick Early stop above the network (a patience of 20 epochs)",
             "patience": "a smaller patience in the Early stop box above the network",
             "labels": "for a generated dataset, a lower Noise; for your CSV, its Target column"},
}
# what the page has no control for is in the script it downloads (⤓ Python), in Python's words as
# that script can run them: it imports numpy, neuralab, and data, nn and optim from it, and names
# the dataset ds and the scaler of its inputs scaler (images are never on the plane, so theirs is there: default_augment moves the pixels in
# their own units with it)
SCRIPT = {**{key: HOW["python"][key] for key in ("clip", "standardise", "augment_noise", "eps")},
          "augment_images": "model.fit(..., augment=data.default_augment(ds, scaler=scaler))",
          "augment": "model.fit(..., augment=data.default_augment(ds, scaler=scaler)), which picks the one "
                     "for the data"}
HOW["play"].update({key: f"in the ⤓ Python script, {how}" for key, how in SCRIPT.items()})
FACES = tuple(HOW)


class Remedy(str):
    """One remedy: plain words, and the key of ``HOW`` that says how each face applies it. As a
    string it reads in Python's terms; ``in_terms(face)`` in the command line's or the
    playground's (words alone where that face has no such control, or the way from Python where
    only Python has it, as Adam's eps; None where the face does it itself). ``said``: how some
    faces apply it in this run, {face: how}, in place of ``HOW``'s (``for_the_run``)."""

    def __new__(cls, words, key=None, said=None):
        said = said or {}
        python = f"{words}: {said['python']}" if "python" in said else _with_how(words, key, "python")
        remedy = super().__new__(cls, python)
        remedy.words, remedy.key, remedy.said = words, key, said
        return remedy

    def in_terms(self, face):
        if face in self.said:     # said for this run (``for_the_run``)
            return f"{self.words}: {self.said[face]}"
        return _with_how(self.words, self.key, face)


def lr_said(optimizer):
    """How Python sets the learning rate of ``optimizer``, {"python": "optim.SGD(..., lr=...), or
    optimizer.lr = ..."}, by the class that made it (one of one's own by its name)."""
    name = type(optimizer).__name__
    made = f"optim.{name}" if getattr(optim, name, None) is type(optimizer) else name
    return {"python": f"{made}(..., lr=...), or optimizer.lr = ..."}


def for_the_run(diagnosis, optimizer, epochs):
    """``diagnosis`` with its remedies said for this run: the learning-rate one, in Python, for
    the run's ``optimizer`` ("optim.SGD(..., lr=...)" for a run on SGD, where "optim.Adam(...,
    lr=...)" told it to change optimizer as well), and a schedule's step size for a run of
    ``epochs`` (``schedule_step``); each unchanged without its optimizer or epochs."""
    remedies = []
    for r in diagnosis.remedies:
        key = getattr(r, "key", None)
        if key == "lr" and optimizer is not None:
            r = Remedy(r.words, key, lr_said(optimizer))
        elif key in SCHEDULE_STEPS and epochs is not None:
            r = Remedy(r.words, key, schedule_said(key, epochs))
        remedies.append(r)
    diagnosis.remedies = remedies
    return diagnosis


def _with_how(words, key, face):
    if face not in HOW:
        raise ValueError(f"face must be one of {', '.join(FACES)}, got {face!r}")
    if key in HOW[face] and HOW[face][key] is None:
        return None                              # done by that face already: nothing to try
    how = HOW[face].get(key)
    return f"{words}: {how}" if how else words


REMEDIES = {
    "symmetric_units": [Remedy("a random initialisation, which gives each unit weights of its own (He for "
                               "ReLU, Xavier for tanh/sigmoid)", "init"),
                        Remedy("zeros suit the biases and a network of one unit (logistic regression), "
                               "not the weights of a hidden layer")],
    "step_units": [Remedy("a differentiable activation in the hidden layers, such as ReLU", "relu"),
                   Remedy("for step units, the perceptron rule, which trains one layer of them without a "
                          "gradient (neuralab.classic.Perceptron)")],
    "vanishing_gradients": [Remedy("use ReLU (or leaky ReLU) in the hidden layers instead of sigmoid/tanh",
                                   "relu"),
                            Remedy("He initialisation for ReLU layers (Xavier for tanh/sigmoid)", "init"),
                            Remedy("batch normalisation between layers", "batchnorm"),
                            Remedy("residual (skip) connections, or fewer layers", "fewer_layers")],
    "exploding_gradients": [Remedy("clip the gradients", "clip"),
                            Remedy("lower the learning rate", "lr"),
                            Remedy("an initialisation that keeps the variance (He for ReLU, Xavier for "
                                   "tanh)", "init"),
                            Remedy("batch normalisation", "batchnorm")],
    "dead_relus": [Remedy("leaky ReLU, so that switched-off units still pass a gradient", "leaky_relu"),
                   Remedy("a lower learning rate (one large step can switch a unit off for good)", "lr"),
                   Remedy("He initialisation", "init"),
                   Remedy("check the biases: a large negative bias switches units off; start them at 0", "biases"),
                   # first, and alone of the rate's, once the run lowered it after they died (``dead_relus``)
                   Remedy("start again from fresh weights at the lower learning rate", "fresh_weights")],
    "saturated_units": [Remedy("a lower learning rate (large steps grew the weights, and z with them, "
                               "into the flat tails)", "lr"),
                        # first when the lr is lower already, or the weights were large from the start
                        Remedy("start again from fresh weights: units in the flat tails pass too little "
                               "gradient for any step size to shrink the weights that put them there",
                               "fresh_weights"),
                        Remedy("Xavier initialisation (smaller weights keep z out of the flat tails)",
                               "xavier"),
                        Remedy("standardise the inputs", "standardise"),
                        Remedy("batch normalisation", "batchnorm"),
                        Remedy("ReLU in the hidden layers", "relu")],
    # overfitting gets one of its three data augmentations: the one that suits the inputs (``overfitting``)
    "overfitting": [Remedy("more training data", "more_data"),
                    Remedy("data augmentation with input noise (fresh on every training batch)",
                           "augment_noise"),
                    Remedy("data augmentation with shifted/rotated copies of the images", "augment_images"),
                    Remedy("data augmentation (input noise for tables, shifted/rotated copies for images)",
                           "augment"),
                    Remedy("dropout", "dropout"), Remedy("an L2 penalty", "l2"),
                    Remedy("early stopping at the epoch of lowest validation loss", "early_stopping"),
                    Remedy("a smaller network", "smaller")],
    "learning_rate_too_high": [Remedy("lower the learning rate (divide it by 3 to 10)", "lr"),
                               Remedy("clip the gradients", "clip"),
                               Remedy("a learning-rate warm-up or a decaying schedule", "schedule")],
    # a jump after the loss had converged (``diagnose_late.py``): clipping is no remedy, Adam's
    # step does not scale with the gradient; "eps" for Adam only
    "late_rise": [Remedy("a learning rate that decays, so that the steps shrink as the loss does", "decay"),
                  Remedy("a larger ε in Adam, 1e-6 rather than 1e-8: once √v̂ falls below it, the steps "
                         "shrink with the gradient", "eps"),
                  Remedy("fewer epochs: those after the loss converged gain nothing", "epochs"),
                  Remedy("a lower learning rate (it puts such a rise off, not out)", "lr")],
    "exploding_activations": [Remedy("He initialisation for ReLU layers (Xavier for tanh), which keeps the "
                                     "scale of the activations from layer to layer", "init"),
                              Remedy("batch normalisation between layers", "batchnorm"),
                              Remedy("fewer layers", "fewer_layers")],
    "no_gradient": [Remedy("an initialisation that keeps the variance (He for ReLU, Xavier for "
                           "tanh/sigmoid), so that z stays out of the flat tails", "init"),
                    Remedy("standardise the inputs", "standardise"),
                    Remedy("compute the loss from the logits: its gradient p - y does not vanish when "
                           "the sigmoid/softmax saturates", "logits"),
                    Remedy("a lower learning rate (one large step can pin the output or switch units "
                           "off)", "lr")],
    # BCELoss or MSE on a sigmoid output (on the logits it is not reported): the loss on the
    # logits is the remedy that always applies, so it comes first
    "pinned_output": [Remedy("compute the binary cross-entropy from the logits (targets in [0, 1]): its "
                             "gradient into z, p - y, stays whole for a confidently wrong answer", "logits"),
                      Remedy("standardise the inputs, so that z starts near 0, where the sigmoid has "
                             "its slope", "standardise"),
                      Remedy("Xavier initialisation (smaller weights keep z out of the flat tails)",
                             "xavier"),
                      Remedy("a lower learning rate (large steps drive z into the tails)", "lr"),
                      # second when the lr is lower already, or the weights were large from the start
                      Remedy("start again from fresh weights: an output in the flat tails passes too little "
                             "gradient for any step size to shrink the weights that put it there", "fresh_weights")],
    "learning_rate_too_low": [Remedy("raise the learning rate (multiply it by 3 to 10)", "lr"),
                              Remedy("Adam, which adapts the step size per parameter", "adam"),
                              Remedy("check that the gradients are not vanishing", "check_gradients")],
    # a network that learnt nothing: the boundary it can draw does not separate the classes
    "no_better_than_guessing": [Remedy("a hidden layer, or more units in it: without one the network draws a "
                                       "straight boundary (logistic regression), which cannot separate XOR, "
                                       "circles or a spiral", "hidden"),
                                Remedy("input features that make the classes separable by a simpler "
                                       "boundary: products and squares of the inputs (x1·x2 for XOR, x1² and "
                                       "x2² for circles)", "features"),
                                Remedy("a larger learning rate: a network with hidden layers that stays at "
                                       "guessing's loss is often on a plateau its steps are too small to "
                                       "leave", "lr"),
                                Remedy("Adam, which adapts the step size per parameter", "adam"),
                                Remedy("if none of these helps, check the labels: labels that do not depend "
                                       "on the inputs (random, or shuffled apart from their rows) hold "
                                       "nothing for any network to learn", "labels")],
    # a classifier that scores on its training points and guesses on new ones (``diagnose_memorised``)
    "memorised": [Remedy("check that the labels follow from the inputs", "labels"),
                  Remedy("more training data", "more_data"),
                  Remedy("a smaller network, which has too few weights to hold each point on its own", "smaller"),
                  Remedy("an L2 penalty, so that memorising each point costs more than learning a pattern", "l2")],
    # a loss still falling at the end, in small steps (``diagnose_progress``)
    "still_improving": [Remedy("raise the learning rate (multiply it by 3 to 10): steps this small reach "
                               "where the loss levels off only after many more epochs", "lr"),
                        Remedy("train for more epochs", "more_epochs"),
                        Remedy("Adam, which adapts the step size per parameter", "adam")],
    # a loss still falling at the end at its usual step size: the run ended too soon (``diagnose_progress``)
    "cut_short": [Remedy("train for more epochs: the loss had not levelled off", "more_epochs"),
                  Remedy("many epochs with early stopping on the validation loss, which ends the run where it "
                         "stops improving and keeps the weights of its best epoch", "early_stopping")],
    # a loss near guessing's, still falling slowly (``diagnose_progress``)
    "slow_plateau": [Remedy("train for more epochs: the loss is still falling", "more_epochs"),
                     Remedy("Adam, which adapts the step size per parameter and leaves plateaus sooner", "adam"),
                     Remedy("ReLU in the hidden layers, whose slope does not fade as z grows", "relu"),
                     Remedy("more units, or a second hidden layer", "wider")],
    "unscaled_target": [Remedy("standardise the target (mean 0, std 1) for training, and map the "
                               "predictions back to its units", "standardise_target")],
    # the second for pixel values only, the third for pixels far below unit scale as a whole, in
    # place of the second (``unscaled_inputs``)
    "unscaled_inputs": [Remedy("standardise the inputs (mean 0, std 1 per column), with the mean and std "
                               "of the training part, which then transform the validation, test and new "
                               "data too", "standardise"),
                        Remedy("for pixel values, divide them by the largest one possible (255 for 8-bit "
                               "images): [0, 1] serves as well", "pixels"),
                        Remedy("for pixels divided by 255 already (data.load('mnist') and "
                               "data.load('fashion_mnist') give them so), do not divide them again", "pixels_once")],
    # a value that holds the spread of a column standardised already (``diagnose_lone_inputs``):
    # standardising again gives the same column; the second said by the warning before training
    "lone_input_value": [Remedy("replace that value by a real one, or drop its row, in the data before "
                                "standardising (a marker of missing values is no measurement)", "lone_value"),
                         Remedy("if the value is real, transform the column before standardising (a log, for a "
                                "quantity spread over orders of magnitude)", "transform_column")],
    # inputs of one value in every row (``constant_inputs``): nothing about the network helps
    "constant_inputs": [Remedy("find what made every input one value: input columns that each hold one value "
                               "in the data, the wrong columns taken as the inputs, or a step before training "
                               "that overwrote them (a fill of missing values, a mask, a scaling by 0)",
                               "input_columns")],
    # one or the other, as the stop reason blames the inputs' scale or one row (``inputs_out_of_range``)
    "inputs_out_of_range": [Remedy("standardise the inputs (mean 0, std 1 per feature)", "standardise"),
                            Remedy("fix or leave out the row that holds the value (a marker of "
                                   "missing values is no measurement; data in other units must be converted "
                                   "to the training data's)", "drop_row")],
}
# a classifier at guessing's loss whose accuracy on validation data is a little above guessing's
# (``diagnose.py``): the same advice (the note of that name, at a loss a little below guessing's, gives none)
REMEDIES["barely_better_than_guessing"] = REMEDIES["no_better_than_guessing"]

TITLES = {
    "symmetric_units": "Symmetric units: a hidden layer's units started equal",
    "step_units": "Step units: no gradient passes through them",
    "vanishing_gradients": "Vanishing gradients",
    "exploding_gradients": "Exploding gradients",
    "dead_relus": "Dead ReLU units",
    "saturated_units": "Saturated units",
    "pinned_output": "Output pinned on wrong answers",
    "exploding_activations": "Exploding activations",
    "no_gradient": "No gradient: training is frozen",
    "overfitting": "Overfitting",
    "learning_rate_too_high": "Learning rate too high",
    "late_rise": "The loss rose again after it had converged",
    "learning_rate_too_low": "Learning rate too low",
    "unscaled_target": "Target far from unit scale",
    "no_better_than_guessing": "No better than guessing",
    "barely_better_than_guessing": "Barely better than guessing",
    "inputs_out_of_range": "Inputs the network cannot compute with",
    "unscaled_inputs": "Inputs far from unit scale",
    "lone_input_value": "One value holds an input column's spread",
    "constant_inputs": "Inputs that never vary",
    "memorised": "Nothing learnt carries to new data",
    "still_improving": "Still improving, in small steps",
    "cut_short": "Stopped while still improving",
    "slow_plateau": "Leaving a plateau near guessing's loss slowly",
}
