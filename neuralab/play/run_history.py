"""The edits that changed a playground run other than through its current settings, since its
weights were last fresh (``hello``, a reset, new data): a learning rate changed while it trained,
a new optimizer on the trained weights, a layer added (the weights of the layers that still read
what they learnt from kept, the rest fresh), a weight set by hand, a point drawn. The page's
"⤓ Python" script trains fresh weights with the settings of today, so after any of them its
numbers are not the page's: the scene lists them (``RunHistory.describe``) and the script says so.

The list stays short: the first ``MAX_EDITS`` edits are kept, the rest only counted, and an edit
that repeats the one before it (a weight dragged, point after point drawn) adds to its count.
"""
import numpy as np

from .hparams import same_hparam
from .views import target_scale

MAX_EDITS = 5
HPARAM_WORDS = {"optimizer": "the optimizer", "lr": "the learning rate", "batch_size": "the batch size",
                "l1": "L1", "l2": "L2", "schedule": "the schedule", "dropout": "the dropout",
                "early_stopping": "early stopping's patience"}
RESUMED = "training went on after it had stopped (diverged or failed), from the weights it stopped with"


class RunHistory:
    """``edits``: the first ``MAX_EDITS`` edits, each ``{change, epoch, last_epoch, times}`` (the
    epoch the page showed at the first and the last of ``times`` edits alike in a row); ``more``:
    how many came after those."""

    def __init__(self):
        self.edits, self.more = [], 0

    def clear(self):
        self.edits, self.more = [], 0

    def add(self, changes, epoch):
        for change in changes:
            last = self.edits[-1] if self.edits and not self.more else None
            if last is not None and last["change"] == change:
                last["times"] += 1
                last["last_epoch"] = epoch
            elif len(self.edits) < MAX_EDITS:
                self.edits.append({"change": change, "epoch": epoch, "last_epoch": epoch, "times": 1})
            else:
                self.more += 1

    def describe(self):
        """The scene's ``edits`` and ``more_edits``."""
        return {"edits": [dict(edit) for edit in self.edits], "more_edits": self.more}


def state_changes(old, new, trained=True, net=None):
    """In words, what the state ``new`` changes of ``old`` on the same data (its points aside),
    on weights ``trained`` or still the initial ones (before the first step); ``net``, the network
    built anew for ``new`` from the old one's weights, when its layers, output, dropout, features
    or points changed (``kept_words`` says what it kept: a class drawn anew is a fresh output row)."""
    weights = "the trained weights" if trained else "the initial weights"
    carried = "" if net is None else f" ({kept_words(net, weights)})"
    changes = [f"{words} {_value(old['hparams'][key])} → {_value(new['hparams'][key])}"
               + (carried if key == "dropout" else "")
               for key, words in HPARAM_WORDS.items() if not same_hparam(key, old["hparams"], new["hparams"])]
    if old["layers"] != new["layers"]:
        changes.append(f"{_layer_edit(old['layers'], new['layers'])}: the hidden layers "
                       f"{_layers(old['layers'])} → {_layers(new['layers'])}{carried}")
    if old["output"] != new["output"]:
        changes.append(f"the output {old['output']} → {new['output']}{carried}")
    if old["features"] != new["features"]:
        changes.append(f"the features {', '.join(old['features'])} → {', '.join(new['features'])}{carried}")
    before, after = old["dataset"]["points"], new["dataset"]["points"]
    if before != after:
        moved = sum(a != b for a, b in zip(before, after)) if len(before) == len(after) else 0
        what = ("a point added" if after[:-1] == before else "the points cleared" if not after
                else f"{'a drawn point' if moved == 1 else f'{moved} drawn points'} changed" if moved
                else f"the drawn points {len(before)} → {len(after)}")
        changes.append(f"{what}{carried}")   # (the data changed: ``net`` is built anew)
    return changes


def kept_words(net, weights):
    """What of the old network's ``weights`` ("the trained weights") ``net`` holds, by the page's
    names of its layers (``Net.names``): a layer keeps them only while it reads what it learnt
    from (``transplant.py``), so a layer added before the output leaves the output fresh."""
    layers = [(name, net.kept.get(layer)) for layer, name in zip(net.model.layers, net.names) if layer.parameters()]
    kept = [name for name, whole in layers if whole is not None]
    if not kept:
        return f"none of {weights} kept: every layer fresh"
    # a unit added to a kept layer, or a feature toggled on: its weights, and those that read it, fresh
    news = (", a unit or input added fresh, read with weight 0: the same predictions"
            if any(whole is False for _, whole in layers) else "")
    if len(kept) == len(layers):
        return f"{weights} kept{news}"
    return f"{weights} of {_listed(kept)} kept, the rest fresh{news}"


def _listed(names):
    """"a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def weight_change(net, layer, to, source):
    """In words, a weight set by hand (layer ``layer``'s weight to unit ``to`` from ``source``),
    the layer by the page's name of it (``Net.names``)."""
    return f"the weight of {net.names[layer]} to unit {to} from unit {source} set by hand"


def same_as_fresh(net, data, fresh_net, fresh_data):
    """Whether untrained ``net`` and ``data`` are what fresh weights would be (``fresh_net`` and
    ``fresh_data``, built anew): every parameter and buffer equal, and a regression's target
    standardised with the same μ and σ. Then an edit before the first step changed nothing the
    script does not repeat."""
    def arrays(n):
        return [p.data for p in n.model.parameters()] + [b for _, b in n.model.named_buffers()]

    mine, fresh = arrays(net), arrays(fresh_net)
    return (target_scale(data) == target_scale(fresh_data) and len(mine) == len(fresh)
            and all(a.shape == b.shape and np.array_equal(a, b) for a, b in zip(mine, fresh)))


def _value(v):
    return "none" if v is None else f"{v:g}" if isinstance(v, float) else str(v)


def _layers(blocks):
    """The hidden blocks in short: "4 tanh, dropout 0.5, batchnorm" ("none" when there are none)."""
    words = [f"{b['units']} {b['activation']}" if b["type"] == "dense"
             else f"dropout {b['p']:g}" if b["type"] == "dropout" else b["type"] for b in blocks]
    return ", ".join(words) or "none"


def _layer_edit(old, new):
    """"a layer added", "2 layers removed", "a layer changed", ... by block id."""
    before, after = ({b["id"]: b for b in blocks} for blocks in (old, new))
    counts = (("added", sum(i not in before for i in after)), ("removed", sum(i not in after for i in before)),
              ("changed", sum(i in after and after[i] != b for i, b in before.items())))
    words = [f"{'a layer' if n == 1 else f'{n} layers'} {what}" for what, n in counts if n]
    return " and ".join(words) or "the layers reordered"
