"""Parameters that backward never reaches: fit says so after its first backward.

The optimizer leaves a parameter that got no gradient as it is (as torch does with ``p.grad is
None``), so a parameter that no backward adds to never trains, and training runs on without a
word: a layer of your own whose backward forgets one of its parameters, or an ``nn.Activation``
given a parameter (PReLU's slope), whose backward δ_z = δ_a ⊙ f'(z) gives none a gradient.
(When no parameter got one, ``optimizer.step()`` warns instead.)
"""
from ..nn.activations import Activation
from ..nn.user_line import warn


def warn_unreached(net, params):
    """Warn of the parameters of ``params`` (the optimizer's) that the backward just run through
    ``net`` gave no gradient, naming them and the layer of the first, unless none got one."""
    names = {id(p): name for name, p in net.named_parameters()}
    missed = [names[id(p)] for p in params if id(p) in names and not p.has_grad]
    if not missed or len(missed) == len(params):
        return
    path, _, attribute = missed[0].rpartition(".")
    layer = dict(net.named_layers())[path]
    where = f"layer {path} ({type(layer).__name__})" if path else type(layer).__name__
    why = (": an nn.Activation's backward, δ_z = δ_a ⊙ f'(z), gives no parameter a gradient, so a "
           "layer with parameters is an nn.Layer whose backward adds to each one's .grad"
           if isinstance(layer, Activation) and type(layer).backward is Activation.backward else "")
    warn(f"fit: backward gave {', '.join(missed)} no gradient, so the optimizer leaves "
         f"{'it' if len(missed) == 1 else 'them'} as {'it is' if len(missed) == 1 else 'they are'}: the "
         f"backward of {where} never adds to self.{attribute}.grad (self.{attribute}.grad += ...){why}")
