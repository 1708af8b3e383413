"""Whether the scene's network squeezes its data through too few numbers, and how wide to make it.

A dense hidden layer of n units hands the layers after it n numbers per sample, a[l] in (-1, 1)^n
under tanh: all they ever see of the sample. The output layer scores each class, z = W·a[L-1] + b,
and class c wins where z_c is the largest, a convex region of that n-dimensional space (the
intersection of the half-spaces z_c ≥ z_j). Through a layer of 2 units, the layers before it
must map each digit image's 64 pixels into the slice of a square where its class wins, ten
convex slices side by side, and plain SGD rarely finds such a map: on digits (10 classes, seed 1, sgd 0.03, batches
of 10, 20 epochs) the test accuracy is near 45 % with a narrowest layer of 2 units, 83 % with
4, 92 % with 5 and 96 % with 16. The default 4-2 network keeps learning, slowly: 51 % after 30
epochs, 58 % after 60, 68 % after 200. On iris and wine
(3 classes) the default network is a few points below one of 16 units (79-97 % against 87-99 %
after 30 epochs, seeds 1 and 2), and on breast cancer (2 classes) level with it: no notice there.

The rule: the narrowest dense hidden layer, n units, is too narrow for data of k classes and d
inputs when 2·n < k (much narrower than the classes) and n < d (it squeezes the inputs: a layer
as wide as the plane's x1, x2 squeezes nothing, and two classes need only one number). The
suggested width is the smallest power of two of at least k (16 for 10 classes). The page shows
the notice with a button that widens every narrower hidden layer to it, with fresh weights
(static/narrow-notice.js); nothing changes the network unasked.
"""
from .protocol import MAX_UNITS


def narrow_network(layers, data):
    """The scene's ``narrow``: None when the network is wide enough for ``data`` (a ``build.Data``;
    ``layers``: the state's hidden blocks), else ``{"units": n, "classes": k, "widen_to": w,
    "message": words}``, n the narrowest dense hidden layer's units and w the suggested width."""
    widths = [block["units"] for block in layers if block["type"] == "dense"]
    k, d = data.n_classes, len(data.feature_names)
    if not widths or not data.classification or k is None:
        return None
    n = min(widths)
    if not (2 * n < k and n < d):
        return None
    widen_to = min(1 << (k - 1).bit_length(), MAX_UNITS)
    neurons, numbers = ("neuron", "number") if n == 1 else ("neurons", "numbers")
    # named as the page names it ("hidden layer 2", layer_names.py): the first of the narrowest
    return {"units": n, "classes": k, "widen_to": widen_to,
            "message": f"Hidden layer {widths.index(n) + 1} has {n} {neurons} for {k} classes: every sample "
                       f"reaches the output as {n} {numbers}, in which training rarely keeps {k} classes "
                       f"apart."}
