"""The number a loss call returns: a float that answers a PyTorch user's calls on it."""


def _kept(operation):
    """``float``'s arithmetic ``operation`` whose result, a number made from a loss's value (micrograd's
    ``total_loss = data_loss + reg_loss``), is a LossValue still: its ``backward()`` answers with the
    way here, where a plain float's said "'float' object has no attribute 'backward'"."""
    def kept(self, *other):
        result = operation(self, *other)
        return result if result is NotImplemented else LossValue(result)
    return kept


class LossValue(float):
    """L = loss(pred, target): the mean loss, a Python float in every way (it prints, compares and
    saves as one; arithmetic with numbers gives a LossValue, see ``_kept``). Two methods a PyTorch
    or micrograd loop calls on its loss:

    - ``L.item()``, the number itself (``running_loss += L.item()``);
    - ``L.backward()``, refused with the way backpropagation goes here: written out, from the
      loss object, whose ``backward()`` gives δ = dL/da for the model's output, which the model
      carries back through its layers, ``model.backward(loss.backward())``. (PyTorch records the
      computation behind L, so L can start it; here the layers keep what their backward needs.)
    """

    __slots__ = ()
    __add__, __radd__, __sub__, __rsub__ = map(_kept, (float.__add__, float.__radd__, float.__sub__, float.__rsub__))
    __mul__, __rmul__, __truediv__, __neg__ = map(_kept, (float.__mul__, float.__rmul__, float.__truediv__,
                                                          float.__neg__))

    def item(self):
        return float(self)

    def backward(self, *args, **kwargs):
        raise TypeError("L = loss(pred, y) is the loss's value, a number, and has no backward: here "
                        "backpropagation is written out, model.backward(loss.backward()), where loss "
                        "is the loss object you called (its backward gives δ = dL/da for the model's "
                        "output, and the model carries δ back through its layers); a term added to L, "
                        "an L2 penalty's value(model), gives its gradient by penalty.add_grad(model) after it")
