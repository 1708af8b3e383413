"""Which layers a loss of logits is given: a model's last Softmax or Sigmoid is the activation
CrossEntropyLoss or BCEWithLogitsLoss applies itself, so ``fit`` and ``evaluate`` train and score
the layers before it."""
from ..nn.activations import Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh
from ..nn.batchnorm import BatchNorm1d
from ..nn.binary_cross_entropy import regression_refusal
from ..nn.dense import Dense
from ..nn.dropout import Dropout
from ..nn.losses import PROBABILITY_OUTPUTS, BCELoss
from ..nn.model_output import final_layer, output_features
from ..nn.plane_features import PlaneFeatures
from ..nn.sequential import Sequential
from ..nn.standardize import Standardize

# The layers whose outputs are not probabilities in [0, 1]: a model that ends with one cannot
# feed BCELoss (Dropout scales a sigmoid's outputs by 1/(1 - p) while training). A layer of
# one's own is taken: its range is its author's to know.
NOT_PROBABILITIES = (Dense, Identity, ReLU, LeakyReLU, Tanh, BatchNorm1d, Dropout, Standardize, PlaneFeatures)


def logits_model(model, loss, y=None):
    """The network ``loss`` is applied to: ``model``, or the layers before its last one when that
    is the activation ``loss`` applies itself (``loss.applies``) — a Softmax before
    CrossEntropyLoss, a Sigmoid before BCEWithLogitsLoss, as ``nn.MLP(..., output="softmax")``
    with ``loss="cross_entropy"`` has.

    Those losses take logits and fuse the activation in (fewer operations, no log of 0): fed the
    activation's output, they would apply it twice, and silently train the wrong function (a
    loss that cannot fall below ~0.55 for 3 classes, an accuracy read on the wrong side of the
    threshold). The layers before are the same objects, so training them trains the model, which
    still predicts probabilities. Keras does the same for a softmax output and categorical
    cross-entropy; in PyTorch one leaves the softmax out by hand.

    Refused, as they cannot be stripped: the other of the two activations (a Sigmoid before
    cross-entropy, a Softmax before bce_logits: the loss would apply its own on top), the one the
    loss applies inside a nested Sequential (the layers before it are not one slice), and a
    Softmax over another axis than the classes (it is not the one the loss applies).

    Refused too: a subclass of that activation with a function of its own (a softmax with a
    temperature), which stripping would replace by the plain one; a Softmax before BCELoss, which scores each output as its own yes/no
    probability, while a softmax makes them one class out of K (see ``_refuse_softmax_before_bce``).

    ``y``, the targets (when the caller has them, as ``fit`` and ``evaluate`` do), decides which
    way out BCELoss's refusals give first: targets that look like a regression's are sent to mse
    before anything is said of the model's last layer (the Sigmoid or bce_logits it would be
    told to use refuse them next), and 0/1 classes get Sigmoid and bce_logits without mse.
    """
    if isinstance(loss, BCELoss):
        if y is not None and (refusal := regression_refusal(type(loss).__name__, y)):
            raise ValueError(refusal)
        _refuse_softmax_before_bce(model)
        _refuse_non_probabilities_before_bce(model, regression_unknown=y is None)
    fused = loss.applies
    if fused is None or not isinstance(model, Sequential) or not model.layers:
        return model
    net = model
    # empty Sequentials at the end (a head left empty) pass their input on: the layer before is last
    end = len(model.layers)
    while end and final_layer(model.layers[end - 1]) is None:
        end -= 1
    if not end:
        return model
    last = model.layers[end - 1]
    if isinstance(last, fused) and (type(last).function is not fused.function
                                    or type(last).forward is not fused.forward):
        # a subclass that computes something of its own, which the loss would replace
        kind = fused.__name__
        raise ValueError(f"the model ends with {type(last).__name__}, a {kind} with a function of its "
                         f"own, and {type(loss).__name__} applies the plain {kind.lower()} to the "
                         f"logits before it, so fit would train another model than yours: leave "
                         f"{type(last).__name__} out and fold what it changes into the layers before "
                         f"(a temperature: a Dense's weights learn it), or train with loss='mse'")
    if isinstance(last, fused):
        # CrossEntropyLoss takes (batch, classes): its softmax is over the last axis, the classes
        if fused is Softmax and last.axis not in (-1, 1):
            raise ValueError(f"the model ends with a Softmax(axis={last.axis}), and "
                             f"{type(loss).__name__} applies its own softmax over the classes, to "
                             f"outputs of shape (batch, classes): the softmax must be over the "
                             f"classes (axis=-1), or left out")
        net = model[:end - 1]
    last = final_layer(net)
    # at the top level (before empty Sequentials, if any), or else inside a nested Sequential
    if isinstance(last, fused) and any(layer is last for layer in net.layers):
        raise ValueError(f"the model ends with two {type(last).__name__} layers, and {type(loss).__name__} "
                         f"applies a {fused.__name__.lower()} itself: leave out the one before the last")
    if isinstance(last, fused):
        raise ValueError(f"the model ends with a {type(last).__name__} inside a nested Sequential, and "
                         f"{type(loss).__name__} applies it itself to the logits before it: move the "
                         f"{type(last).__name__} to the top level (or leave it out) so that fit can "
                         f"train the layers before it")
    if isinstance(last, PROBABILITY_OUTPUTS):
        raise ValueError(f"the model ends with a {type(last).__name__}, and {type(loss).__name__} "
                         f"applies a {fused.__name__.lower()} to its input itself: it would get the "
                         f"{type(last).__name__}'s probabilities, not logits. "
                         + _other_way(model, last, fused))
    return net


def _other_way(model, last, fused):
    """The way out for a model ending with ``last``, the other activation than ``fused``, the one
    its loss applies, said for the model's number of outputs: the loss that applies ``last``
    takes other targets than the one refused (bce_logits a yes/no per output, not one label per
    sample), so "or use bce_logits" alone sent a 2-output Sigmoid model with labels on to the
    message that sent it here."""
    k = output_features(model)
    if isinstance(last, Sigmoid) and k == 1:   # cross-entropy needs 2 outputs: the binary way
        return ("For one output, the probability of class 1, keep the Sigmoid and use loss='bce' "
                "(or leave it out and use loss='bce_logits')")
    way = (f"the model with {fused.__name__} (fit then trains the logits before it) or with no "
           f"activation")
    if isinstance(last, Sigmoid):
        answers = "K" if k is None else k
        return (f"For one class out of {answers} per sample (labels), end {way}, "
                f"nn.MLP(..., output='softmax'); for {answers} yes/no answers per sample "
                f"(targets of shape (m, {answers})), keep it and use loss='bce'")
    return f"End {way}, or keep the Softmax and use loss='cross_entropy'"


def _refuse_softmax_before_bce(model):
    """BCELoss on a Softmax's outputs trains and scores each of the K outputs as a yes/no answer
    of its own: with one-hot targets, "accuracy" counts the K - 1 zeros a model gets right by
    saying no everywhere (0.82 for an untrained digits network whose argmax is right for 9 % of
    the samples). One class out of K is cross_entropy's task; K yes/no answers are Sigmoid's."""
    last = final_layer(model)
    if not isinstance(last, Softmax):
        return
    k = output_features(model)  # unknown: the advice for K > 1
    if k == 1:
        raise ValueError("the model ends with a Softmax over one output, which is always 1, and "
                         "BCELoss would learn nothing from it: end the model with Sigmoid for the "
                         "probability of class 1 (or give it two outputs and use "
                         "loss='cross_entropy')")
    over = "its outputs" if k is None else f"its {k} outputs"
    zeros = "K - 1" if k is None else k - 1
    raise ValueError(f"the model ends with a Softmax over {over} (the probabilities of one class "
                     f"out of {k or 'K'}), and BCELoss scores each output as a yes/no answer of its "
                     f"own: its accuracy counts the {zeros} zeros of each one-hot row, right for a "
                     f"model that says no to all. Use loss='cross_entropy' (fit trains it on the "
                     f"logits before the Softmax); for several classes per sample (multi-label), "
                     f"end the model with Sigmoid")


def _refuse_non_probabilities_before_bce(model, regression_unknown=True):
    """BCELoss takes probabilities and refuses any prediction outside [0, 1], at the batch where
    the first one appears: a model ending with Dense (nn.MLP's default, logits) could train for
    a while, its outputs still inside by chance, and stop midway with its weights changed.
    Refused before training instead, with the two ways out; and a third, mse, when the targets
    are not known (``regression_unknown``): known, a regression's were refused before."""
    last = final_layer(model)
    if isinstance(last, NOT_PROBABILITIES):
        regression = (". If y holds quantities to predict rather than classes 0/1, this is a "
                      "regression: keep it and use loss='mse'") if regression_unknown else ""
        raise ValueError(f"the model ends with {type(last).__name__}, whose outputs are not "
                         f"probabilities in [0, 1], and BCELoss takes probabilities: end the model "
                         f"with Sigmoid, nn.MLP(..., output='sigmoid'), or keep it and use "
                         f"loss='bce_logits', which applies the sigmoid itself (its model.predict "
                         f"then gives logits: nn.sigmoid(model.predict(X)) the probabilities){regression}")
