"""What users of scikit-learn reach for first, and what does its job here: the answers ``habits``
and the modules that refuse those habits give, in the words of MLPClassifier, StandardScaler,
OneHotEncoder and scikit-learn's metrics. A model here is the network alone, ``fit`` its
training, and neither is a scikit-learn estimator (Pipeline, clone and cross_val_score call what
they do not have)."""


# scikit-learn's estimator methods and fitted attributes (MLPClassifier's), and what does their job
# on a model here (``habits.HABITS`` and ``ATTRIBUTE_HABITS`` take them in); the fitted ones are
# numbers of the History fit returns
_SPEC = ("a model here is no scikit-learn estimator: model.to_spec() holds its layers and their settings, "
         "nn.Layer.from_spec(spec) builds a new one from them (scikit-learn's clone), and the training "
         "settings are fit's (loss, optimizer, epochs, batch_size)")
SCIKIT_LEARN_METHODS = {
    "score": "model.evaluate(X, y) gives the loss and the metrics as a dict: scikit-learn's score(X, y) is "
             "model.evaluate(X, y)['accuracy'] for a classifier, ['r2'] for a regressor trained with loss='mse'",
    "partial_fit": "fit goes on from the model's weights: model.fit(X_batch, y_batch, loss=..., "
                   "optimizer=model.optimizer, epochs=1) is one more pass, the optimizer's moments kept",
    "get_params": _SPEC, "set_params": _SPEC,
    "decision_function": "predict(X) gives the outputs, the logits of a model without an output activation",
}
_HISTORY = "fit returns the History and keeps it as model.history"
_EACH_DENSE = "for layer in model if isinstance(layer, nn.Dense)]"
SCIKIT_LEARN_ATTRIBUTES = {
    "classes_": "the classes are the output indices 0..K-1, predict_classes(X) gives them; model.class_names "
                "names them after a fit on a Dataset (or set it: model.class_names = tuple(classes))",
    "n_iter_": f"{_HISTORY}: len(model.history.epoch) is the number of epochs it ran",
    "loss_curve_": f"{_HISTORY}: model.history.history['loss'] is the loss of each epoch",
    "loss_": f"{_HISTORY}: model.history.history['loss'][-1] is the last epoch's loss",
    "best_loss_": f"{_HISTORY}: min(model.history.history['loss']) is the lowest loss of an epoch",
    "validation_scores_": f"{_HISTORY}: with validation_data, model.history.history['val_accuracy']",
    "best_validation_score_": f"{_HISTORY}: with validation_data, max(model.history.history['val_accuracy']) is "
                              f"the best epoch's validation accuracy",
    "coefs_": f"scikit-learn's coefs_[i], shape (n_in, n_out), is the i-th Dense's weight.data.T here, whose "
              f"weight.data has shape (out, in): [layer.weight.data.T {_EACH_DENSE}",
    "intercepts_": f"scikit-learn's intercepts_[i] is the i-th Dense's bias.data here: [layer.bias.data {_EACH_DENSE}",
    "n_features_in_": "model.input_features() is the number of inputs, the first Dense's in_features",
    "feature_names_in_": "model.feature_names holds the columns of the DataFrame or Dataset fit learned from",
    "n_layers_": "len(model) counts the layers, each activation one of them; model.summary() lists them",
    "n_outputs_": "model.summary() shows each layer's output shape, the last the model's outputs",
    "out_activation_": "the output activation is the model's last layer, model[-1] (a Dense for none)",
}

# scikit-learn's keyword arguments of its metrics that the metrics of neuralab.train do not take
_PRED_FIRST = ("scikit-learn's y_true and y_pred are y and pred here, and the predictions come first, as the "
               "losses take them: metric(pred, y)")
_METRIC_KEYWORDS = {"y_true": _PRED_FIRST, "y_pred": _PRED_FIRST,
                    "sample_weight": "the metrics here are unweighted, fit's and evaluate's too: sample_weight "
                                     "weighs the loss, model.evaluate(X, y, sample_weight=w)"}
ACCURACY_KEYWORDS = {**_METRIC_KEYWORDS,
                     "normalize": "accuracy is the share of samples right; train.metrics.correct(pred, y) "
                                  "counts them, scikit-learn's normalize=False"}
CLASS_SCORE_KEYWORDS = {**_METRIC_KEYWORDS,
                        "average": "precision, recall and f1 give class 1's for two classes, the macro average "
                                   "for more, and class c's with pos_label=c; train.classification_report(pred, y) "
                                   "gives every class's and the weighted average",
                        "labels": "the classes are 0..K-1; pos_label=c gives class c's number",
                        "zero_division": "a class never predicted, or absent, scores 0, scikit-learn's zero_division=0"}
REPORT_KEYWORDS = {**CLASS_SCORE_KEYWORDS,
                   "target_names": "scikit-learn's target_names is class_names here: classification_report(pred, "
                                   "y, class_names=ds.class_names), or model.class_names",
                   "digits": "the table shows 4 decimals; output_dict=True gives the numbers in full"}
CONFUSION_KEYWORDS = {**_METRIC_KEYWORDS,
                      "labels": "the classes are 0..K-1, in that order: n_classes=K gives the K×K matrix, "
                                "rows the true classes, columns the predicted ones",
                      "normalize": "cm / cm.sum(axis=1, keepdims=True) is scikit-learn's normalize='true', each "
                                   "row the shares of a true class"}
REGRESSION_SCORE_KEYWORDS = {**_METRIC_KEYWORDS,
                             "squared": "mse is the mean of the squares, train.rmse(pred, y) its root "
                                        "(scikit-learn's squared=False; metrics=['rmse'] in fit)",
                             "multioutput": "a score of several outputs is their mean, scikit-learn's "
                                            "'uniform_average'; output j's alone is r2(pred[:, j], y[:, j])"}

# scikit-learn's StandardScaler's attributes and options, and what holds them in a data.Standardizer
STANDARDIZER_HABITS = {
    "mean_": "scaler.mean holds μ, one per column",
    "scale_": "scaler.std holds σ, one per column, with ddof=0 and a constant column's σ = 1, as scale_'s",
    "var_": "scaler.std ** 2 is the variance of each column (ddof=0), but 1 for a constant one, whose var_ is 0",
    "n_features_in_": "scaler.mean.size is the number of columns it was fitted on",
    "feature_names_in_": "scaler.feature_names holds the columns of the DataFrame or Dataset it was fitted on",
    "partial_fit": "fit learns μ and σ from all of X_train at once: fit it on the whole training set",
    "set_output": "transform gives an array: pd.DataFrame(scaler.transform(df), columns=df.columns, "
                  "index=df.index) makes it a table again",
    **{name: "a Standardizer is no scikit-learn estimator: its one setting is image_shape, and "
             "data.Standardizer() makes a new one (scikit-learn's clone)" for name in ("get_params", "set_params")},
}
STANDARDIZER_KEYWORDS = {
    "with_mean": "a Standardizer subtracts μ and divides by σ; to divide alone, X / scaler.std after fit",
    "with_std": "a Standardizer subtracts μ and divides by σ; to subtract alone, X - scaler.mean after fit",
    "copy": "transform never changes X: it returns a new array",
}

# scikit-learn's OneHotEncoder's and torch's one_hot's options, and what data.one_hot does instead
_CATEGORIES = ("the classes are 0..n_classes-1: n_classes=K; text labels are numbered first, "
               "classes, y = np.unique(y, return_inverse=True)")
ONE_HOT_KEYWORDS = {"sparse_output": "one_hot gives a dense NumPy array, scikit-learn's sparse_output=False",
                    "categories": _CATEGORIES, "handle_unknown": _CATEGORIES,
                    "num_classes": "torch's num_classes is n_classes here: data.one_hot(y, n_classes=3)"}

# scikit-learn's estimators of networks, and what does their job here
SCIKIT_LEARN_NN_NAMES = {
    "MLPClassifier": "nn.MLP([n_features, 100, n_classes]) is the network, model.fit(X, y, loss='cross_entropy', "
                     "optimizer='adam', epochs=200) trains it, and model.predict_classes(X) gives the classes",
    "MLPRegressor": "nn.MLP([n_features, 100, 1]) is the network, model.fit(X, y, loss='mse', optimizer='adam', "
                    "epochs=200) trains it, and model.predict(X) gives its outputs",
}

# scikit-learn's metric functions, and their names in neuralab.train, which take (pred, y)
_PRED_Y = "(pred, y), the predictions first, where scikit-learn's take (y_true, y_pred)"
SCIKIT_LEARN_TRAIN_NAMES = {
    **{f"{ours}_score": f"train.{ours}{_PRED_Y}" for ours in ("accuracy", "precision", "recall", "f1")},
    "r2_score": f"train.r2{_PRED_Y}", "mean_squared_error": f"train.mse{_PRED_Y}",
    "mean_absolute_error": f"train.mae{_PRED_Y}", "root_mean_squared_error": f"train.rmse{_PRED_Y}",
}

# scikit-learn's MLPClassifier takes its training options, which are fit's here (or a callback's
# of fit): the answer to each, given to nn.MLP or to fit (a function of the value given, which it
# repeats in the call to write)
# scikit-learn stops, or cuts an 'adaptive' lr, once n_iter_no_change + 1 epochs in a row fail to gain tol
# (its docs of 'adaptive' say 2): EarlyStopping's patience counts the epoch it stops at, ReduceLROnPlateau's
# the epochs it lets pass first (tests/test_habit_answers_run.py replays scikit-learn's curves through both)
_EARLY = ("early stopping is a callback of fit's, on rows you hold out, data.train_test_split(X, y, test_size=0.1, "
          "stratify=True): fit(X_train, y_train, ..., validation_data=(X_val, y_val), callbacks=[train.EarlyStopping("
          "monitor='val_accuracy', patience=11, min_delta=1e-4)]) is scikit-learn's early_stopping=True, "
          "n_iter_no_change=10, tol=1e-4, which stops at the 11th epoch in a row without a gain of tol "
          "(monitor='loss' watches the training loss, as scikit-learn does without "
          "early_stopping); without it fit runs every epoch")
_ADAM = ("Adam's settings are the optimizer's: fit(..., optimizer=optim.Adam(model.parameters(), lr=0.001, "
         "betas=(0.9, 0.999), eps=1e-8))")
_MOMENTUM_SGD = ("momentum is the optimizer's: fit(..., optimizer=optim.SGD(model.parameters(), lr=0.001, "
                 "momentum=0.9, nesterov=True))")


def optimizer_lr(value):
    """The answer to a learning rate given to the model or to fit (scikit-learn's learning_rate_init,
    Keras's learning_rate, torch's lr): it is the optimizer's, with the value given."""
    lr = value if isinstance(value, (int, float)) and not isinstance(value, bool) else "..."
    return f"the learning rate is the optimizer's: fit(..., optimizer=optim.Adam(model.parameters(), lr={lr}))"


SCIKIT_LEARN_TRAINING = {
    "max_iter": lambda v: f"scikit-learn's max_iter is fit's epochs here: model.fit(X, y, loss=..., optimizer=..., "
                          f"epochs={v!r})",
    "alpha": lambda v: (f"scikit-learn's alpha is an L2 penalty of fit's: it adds (alpha/2)·Σw²/b to each batch's "
                        f"mean loss, b the batch's size, and train.L2(λ) adds (λ/2)·Σw², so with batch_size=200 "
                        f"it is fit(..., batch_size=200, penalty=train.L2({v!r} / 200))"),
    "solver": "scikit-learn's solver is fit's optimizer here: fit(..., optimizer='adam') or 'sgd' (there is no lbfgs)",
    "learning_rate_init": optimizer_lr,
    # scikit-learn's schedule ("adaptive"), or Keras's fit(learning_rate=0.01)
    "learning_rate": lambda v: ("the learning rate is the optimizer's, changed by a callback of fit's: scikit-learn's "
                                "learning_rate='adaptive' (÷5 at the 11th epoch in a row that fails to lower the best "
                                "loss by tol, n_iter_no_change + 1) is nearly callbacks=[train.ReduceLROnPlateau("
                                "monitor='loss', factor=0.2, patience=10, min_delta=1e-4)]"
                                if isinstance(v, str) else optimizer_lr(v)),
    "batch_size": "the batch size is fit's: fit(..., batch_size=200) (scikit-learn's 'auto' is min(200, len(X)))",
    **{name: _EARLY for name in ("early_stopping", "validation_fraction", "n_iter_no_change", "tol")},
    "verbose": "progress is fit's: fit(..., verbose=1) shows a bar, verbose=2 a line per epoch",
    "warm_start": ("fit always goes on from the model's weights, scikit-learn's warm_start=True; "
                   "optimizer=model.optimizer keeps the optimizer's moments too, and a new nn.MLP starts afresh"),
    "shuffle": "shuffling is fit's: fit(..., shuffle=True), the default",
    "momentum": _MOMENTUM_SGD, "nesterovs_momentum": _MOMENTUM_SGD,
    "beta_1": _ADAM, "beta_2": _ADAM, "epsilon": _ADAM,
    "random_state": "fit's seed=0 seeds the shuffling (and the dropout masks), nn.MLP(..., rng=0) the initial weights",
    "n_jobs": "neuralab trains in this process, NumPy's matrix products using the cores: leave n_jobs out",
}


def hidden_layers_hint(value):
    """MLP's answer to scikit-learn's hidden_layer_sizes=(100,), which lists the hidden layers only."""
    hidden = ", ".join(map(str, value if isinstance(value, (list, tuple)) else [value]))
    return (f"scikit-learn's hidden_layer_sizes lists the hidden layers only, and sizes every layer, the inputs "
            f"and the outputs too: nn.MLP([n_features, {hidden}, n_outputs]), n_outputs the number of classes "
            f"(with loss='cross_entropy'), or 1")
