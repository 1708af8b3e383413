"""What ``Layer.__init_subclass__`` does to the ``forward`` a layer class defines: it checks that
forward takes ``training=``, and wraps it so that a call marks the layer as run on its own, and a
call that leaves ``training`` out is seen.

Each layer keeps only its last forward pass for backward. A Sequential stamps each layer it runs
with its pass's number (``_ran_in``; ``Sequential.backward`` compares them), after the layer's
forward has returned, so a layer that ran since on its own (``layer.forward(a)`` or ``layer(a)``,
to print each layer's output between the model's forward and its backward) holds ``BY_HAND``
and is seen: its caches are another pass's, and backward would silently give that pass's
gradients. The mark costs an attribute write per layer and pass.

``layer.forward(x)`` with ``training`` left out is an evaluation pass, forward's default. Inside the
training forward of a layer of one's own (``self.drop.forward(h)``, PyTorch's habit of calling
forward, where torch's modules follow the mode) it trains without dropout, unsaid: the wrapper's
default is ``OMITTED``, not False, so that such a call is told apart and checked (``on_omitted``,
``evaluation_calls.check_evaluation_call``). Fit and Sequential always pass ``training``: the
wrapper costs their passes one identity test per layer, no frame to read.
"""
import functools
import inspect

BY_HAND = "by hand"   # ``_ran_in`` of a layer whose last forward was its own, not a Sequential's
OMITTED = object()    # the wrapped forward's default: ``training`` left out, an evaluation pass


def marking_own_passes(forward, on_omitted):
    """``forward`` that first marks its layer as run on its own (the Sequential that called it,
    if one did, stamps its pass's number over the mark when it returns); called without
    ``training``, it calls ``on_omitted(layer, "forward")`` first, then runs with training=False."""
    @functools.wraps(forward)
    def marked(self, x, training=OMITTED):
        self._ran_in = BY_HAND
        if training is OMITTED:
            training = False
            on_omitted(self, "forward")
        return forward(self, x, training=training)
    return marked


def check_forward_signature(cls):
    """Refuse, when ``cls`` is defined, a forward that cannot take ``training=``: Sequential,
    ``fit`` and ``layer(x)`` call ``forward(x, training=...)``, and Python's own error comes
    only then, naming no layer ("forward() got an unexpected keyword argument 'training'"): the
    PyTorch habit ``def forward(self, x)``, where torch keeps the mode in ``self.training``."""
    if not callable(cls.forward):  # inspect's "None is not a callable object" names no class
        raise TypeError(f"{cls.__qualname__}.forward must be a method, def forward(self, x, "
                        f"training=False), got {type(cls.forward).__name__}")
    try:
        parameters = inspect.signature(cls.forward).parameters.values()
    except ValueError:  # a compiled forward that publishes no signature: nothing to check it by
        return
    if any(p.kind is p.VAR_KEYWORD or (p.name == "training" and p.kind is not p.POSITIONAL_ONLY)
           for p in parameters):
        return
    raise TypeError(f"{cls.__qualname__}.forward must take a training argument: define it as "
                    f"def forward(self, x, training=False). Sequential, fit and layer(x) call "
                    f"forward(x, training=True) while training and training=False to predict "
                    f"(the mode PyTorch keeps in self.training; a layer that computes the same in "
                    f"both just ignores it)")
