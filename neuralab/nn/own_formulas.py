"""What activations and Softmax share: their input as a float array, and the rule that a subclass
giving its own ``function`` or ``derivative`` is computed from them (``use_own_formulas``)."""
from .dtype import as_float_array


def float_input(z, name="z"):
    """``z`` as a float ndarray (an ndarray of floats is returned as it is)."""
    return as_float_array(z, name, finite=False)


def use_own_formulas(cls, generic_forward, generic_backward):
    """Give ``cls`` the generic ``forward`` and ``backward`` (which call ``self.function`` and
    ``self.derivative``) in place of a built-in's fast ones, when ``cls`` overrides ``function``
    or ``derivative`` below the built-in class whose fast ones it inherits.

    Sigmoid, Tanh, ReLU, Identity and Softmax compute forward and backward from their own
    formulas, not through ``function`` and ``derivative`` (a call and an array fewer per batch):
    ``class ReLU6(nn.ReLU)`` giving only ``function = clip(z, 0, 6)`` would still compute
    max(0, z), and gradcheck would agree with it. The two halves go together, since the fast ones
    share their caches (Sigmoid's backward reads the a its forward kept, ReLU's the mask); a
    forward or backward that a class of your own defines stays. Runs once, when the class is
    defined: training pays nothing for it.

    A built-in's fast method is one defined in the module of the generic pair (``activations``
    for Activation's, ``softmax`` for Softmax's) that is not the generic method itself.
    """
    mro = cls.__mro__
    builtin_module = generic_forward.__module__

    def owner(method):
        return next(c for c in mro if method in c.__dict__)

    def is_fast(method, generic):  # a built-in's own formula, rather than the generic method
        c = owner(method)
        return c.__module__ == builtin_module and c.__dict__[method] is not generic

    formulas = min(mro.index(owner("function")), mro.index(owner("derivative")))
    fast = [m for m, generic in (("forward", generic_forward), ("backward", generic_backward))
            if is_fast(m, generic)]
    if any(mro.index(owner(m)) > formulas for m in fast):
        for m in fast:
            setattr(cls, m, generic_forward if m == "forward" else generic_backward)
