"""The one name each layer goes by on the page.

The model's list of layers is not what the learner sees: an activation, and the Dropout of the
"Dropout" box, are layers of their own there, but on the page they belong to the hidden block
they follow. The page draws the inputs, the hidden blocks in order and the output; each layer of
the model is named after the block it belongs to (``layer_names``, built once per network: its
``names``, ``network.Net``), the same in every panel:

    Dense + Tanh (+ Dropout)      "hidden layer 1 (8 tanh)"   hidden dense blocks counted from 1,
                                                               as the course's a[1], a[2], ...
    a Dropout / BatchNorm block   "Dropout after hidden layer 1", "BatchNorm on the inputs"
    the output Dense (+ sigmoid)  "output (1 sigmoid)"

The training monitor names a layer as model.summary() numbers it ("1 Tanh", its words for Python users);
the diagnoses the page shows are said in these names instead, given to its report
(``views.diagnoses``, ``Monitor.report(names=...)``).
"""
from .. import nn

# the names of a second, third, ... block of one kind in a row ("second BatchNorm after hidden layer 1")
ORDINALS = ("", "second ", "third ", "fourth ", "fifth ")


def layer_names(net):
    """Per layer of ``net.model``, the page's name of the block it belongs to (module docstring)."""
    layers, names, named = net.model.layers, [], {}
    hidden = 0                       # hidden dense blocks so far
    for i, (layer, owner) in enumerate(zip(layers, net.owners)):
        if owner not in named:       # the block's first layer names the whole block
            if isinstance(layer, nn.Dense):
                after = layers[i + 1] if i + 1 < len(layers) and net.owners[i + 1] == owner else None
                activation = type(after).name if isinstance(after, (nn.Activation, nn.Softmax)) else "identity"
                what = f"({layer.out_features} {activation})"
                if owner == "output":
                    named[owner] = f"output {what}"
                else:
                    hidden += 1
                    named[owner] = f"hidden layer {hidden} {what}"
            else:
                kind = "Dropout" if isinstance(layer, nn.Dropout) else "BatchNorm"
                name = f"{kind} after hidden layer {hidden}" if hidden else f"{kind} on the inputs"
                before = sum(given.endswith(name) for given in named.values())   # blocks of it in a row
                named[owner] = f"{ORDINALS[before]}{name}" if before < len(ORDINALS) else f"{name} ({before + 1})"
        names.append(named[owner])
    return names

