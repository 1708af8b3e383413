"""The loss of guessing: what a classifier scores when it has learnt nothing from its inputs.

A classifier that ignores its inputs does best by predicting the share of each class among the
training targets (``Monitor.classes``, read in the last fit's first epoch), everywhere. Its
cross-entropy is then the entropy of those shares,

    cross-entropy (K classes, shares p_k):          H = -Σ_k p_k ln p_k
    binary cross-entropy (p = mean target, per column):   H = -(p ln p + (1 - p) ln(1 - p)),
                                                      averaged over the columns as the loss is

(ln 2 = 0.693 for two balanced classes), and its accuracy the share of the largest class (for a
binary output, max(p, 1 - p)). A loss near H after many steps says the network found nothing
in the inputs that tells the classes apart, however much the loss fell from where its random
start put it: logistic regression on XOR falls from 1.3 to 0.693 and stays there.
``no_better_than_guessing`` (``diagnose.py``) reports it, and overfitting requires a loss below it.
"""
import numpy as np


def chance_level(m):
    """(H, majority) of the last fit's classes (see the module docstring): the loss of always
    predicting their shares, and the accuracy of always predicting the largest class; None when
    the loss was no cross-entropy or no targets were read."""
    classes = getattr(m, "classes", None)
    if not classes or not classes["samples"]:
        return None
    p = np.clip(np.asarray(classes["shares"], np.float64), 0, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)          # 0 ln 0 = 0: a class never seen costs nothing
        if classes["binary"]:
            q = 1 - p
            qlogq = np.where(q > 0, q * np.log(q), 0.0)
            return float(np.mean(-(plogp + qlogq))), float(np.mean(np.maximum(p, q)))
    return float(-plogp.sum()), float(p.max())


def shares_in_words(m):
    """The class shares as the evidence quotes them: "class 1 50%" (binary), "33%, 33%, 34%"."""
    classes = m.classes
    shares = classes["shares"]
    if classes["binary"]:
        return ", ".join(f"class 1 {p:.0%}" for p in shares[:4]) + (", ..." if len(shares) > 4 else "")
    return ", ".join(f"{p:.0%}" for p in shares[:6]) + (", ..." if len(shares) > 6 else "")
