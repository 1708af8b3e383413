"""The class a classifier predicts for each row: what ``model.predict(X)`` means, read as a class.

    K outputs, one score per class        ŷ = argmax_k a_k
    one output, a probability p = σ(z)    ŷ = 1 if p ≥ 1/2 else 0
    one output, a logit z                 ŷ = 1 if z ≥ 0 else 0      (σ(0) = 1/2: the same rule)
    one output, a hinge loss's score s    ŷ = +1 if s > 0 else -1   (the labels it was trained on)

and, when the model knows its classes' names (``model.class_names``: a Dataset's or a CSV's,
kept by ``fit`` and ``save``), the name of class ŷ. The rules are those the accuracy of
``fit`` and ``evaluate`` counts by, so the names returned are the answers it scored.
"""
import numpy as np

from ..nn.activations import Sigmoid, Softmax, Step
from ..nn.losses import BCEWithLogitsLoss, CrossEntropyLoss, HingeLoss
from ..nn.model_output import final_layer
from .evaluate import predict

# Final layers whose one output is a probability of class 1 (a Step's 0 or 1 is one too).
_PROBABILITY_ENDS = (Sigmoid, Step)


def predict_classes(model, X, batch_size=None):
    """The predicted class of each row of X: ``model.class_names[ŷ]`` when the model has class
    names, else the class index ŷ (an int64 array of shape (m,)); see the module docstring for ŷ.

    How the outputs are read follows the model's last layer and the loss it was trained with
    (``model.loss``, set by ``fit`` and kept by ``save``): a Softmax end or cross-entropy gives
    argmax; one output after a Sigmoid (or Step) is thresholded at 1/2, one output trained with
    bce_logits at 0. One output trained with hinge gives -1 or +1 by the score's sign, as
    scikit-learn's SVM predicts the labels it learnt: the loss takes no others, so
    ``(model.predict_classes(X) == y).mean()`` is the accuracy. Anything else is refused,
    naming what it is: a regression's quantity, or K sigmoid outputs that answer yes or no
    each (several labels per row).

    >>> from neuralab import data, nn
    >>> ds = data.load("iris")
    >>> model = nn.MLP([4, 8, 3], output="softmax", rng=0)
    >>> model.fit(ds, loss="cross_entropy", optimizer="adam", epochs=3, verbose=0).epoch[-1]
    2
    >>> model.predict_classes(ds.X[:2]).shape
    (2,)
    """
    return classes_of(model, predict(model, X, batch_size=batch_size))


def classes_of(model, out):
    """The classes ``predict_classes`` reads off ``out``, ``model``'s outputs for some rows."""
    out = out.reshape(len(out), -1)   # a layer of one's own may give one output per row as (m,)
    rule = _rule(model, out.shape[1])
    names = getattr(model, "class_names", None)
    if rule == "sign":   # class_names then name -1, +1 in that order
        positive = out[:, 0] > 0
        return np.asarray(names)[positive.astype(np.int64)] if names is not None else np.where(positive, 1, -1)
    index = out.argmax(axis=1) if rule == "argmax" else (out[:, 0] >= rule).astype(np.int64)
    return np.asarray(names)[index] if names is not None else index


def _rule(model, outputs):
    """"argmax", "sign" (a hinge loss's score), or the threshold of a model of one output (0.5
    for a probability, 0.0 for a logit), for ``model`` giving ``outputs`` numbers per row."""
    loss = getattr(model, "loss", None)
    last = final_layer(model)
    if isinstance(last, Softmax) or isinstance(loss, CrossEntropyLoss):
        return "argmax"
    probability = isinstance(last, _PROBABILITY_ENDS)
    if isinstance(loss, HingeLoss) and not probability:
        if outputs == 1:
            return "sign"
        raise ValueError(f"predict_classes reads one class per row, but this model's {outputs} scores, "
                         f"trained with hinge, answer -1 or +1 each (several labels per row): "
                         f"np.where(model.predict(X) > 0, 1, -1) gives those answers")
    if probability or isinstance(loss, BCEWithLogitsLoss):
        if outputs == 1:
            return 0.5 if probability else 0.0
        boundary = "0.5" if probability else "0"
        raise ValueError(f"predict_classes reads one class per row, but this model's {outputs} "
                         f"{'sigmoid outputs' if probability else 'logits'} answer yes or no each "
                         f"(several labels per row): model.predict(X) >= {boundary} gives those answers")
    trained = f"trained with {loss.name}" if loss is not None else "not trained with a loss of classes"
    raise ValueError(f"predict_classes is for classifiers: this model ends with "
                     f"{type(last).__name__ if last is not None else 'no layer'} and was {trained}, so its "
                     f"output is not a score per class; end it with nn.Softmax() (or nn.Sigmoid() for "
                     f"two classes), or train it with loss='cross_entropy' or 'bce_logits'")
