"""The number a loss call returns: a float that answers a PyTorch user's calls on it."""


class LossValue(float):
    """L = loss(pred, target): the mean loss, a Python float in every way (arithmetic gives plain
    floats; it prints, compares and saves as one). Two methods a PyTorch loop calls on its loss:

    - ``L.item()``, the number itself (``running_loss += L.item()``);
    - ``L.backward()``, refused with the way backpropagation goes here: written out, from the
      loss object, whose ``backward()`` gives δ = dL/da for the model's output, which the model
      carries back through its layers, ``model.backward(loss.backward())``. (PyTorch records the
      computation behind L, so L can start it; here the layers keep what their backward needs.)
    """

    __slots__ = ()

    def item(self):
        return float(self)

    def backward(self, *args, **kwargs):
        raise TypeError("L = loss(pred, y) is the loss's value, a number, and has no backward: here "
                        "backpropagation is written out, model.backward(loss.backward()), where loss "
                        "is the loss object you called (its backward gives δ = dL/da for the model's "
                        "output, and the model carries δ back through its layers)")
