"""PyTorch twins of neuralab layers, and the comparison every nn test makes against them.

Everything runs in float64, so that agreement to rtol=1e-7 means the formulas are the same,
not merely close.
"""
import numpy as np
import torch

from neuralab import nn

RTOL, ATOL = 1e-7, 1e-10


def tensor(x, requires_grad=False):
    """A float64 torch tensor holding a copy of ``x``."""
    return torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=requires_grad)


def assert_close(actual, expected, rtol=RTOL, atol=ATOL):
    """neuralab's ``actual`` (float64 ndarray) equals ``expected`` (torch tensor or array)."""
    if isinstance(expected, torch.Tensor):
        expected = expected.detach().numpy()
    assert isinstance(actual, np.ndarray) and actual.dtype == np.float64, \
        f"expected a float64 ndarray, got {type(actual).__name__} {getattr(actual, 'dtype', '')}"
    assert actual.shape == expected.shape, f"shape {actual.shape} != {expected.shape}"
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


def torch_linear(dense):
    """A torch.nn.Linear holding a copy of a neuralab Dense layer's weight and bias."""
    linear = torch.nn.Linear(dense.in_features, dense.out_features, bias=dense.bias is not None,
                             dtype=torch.float64)
    with torch.no_grad():
        linear.weight.copy_(tensor(dense.weight.data))
        if dense.bias is not None:
            linear.bias.copy_(tensor(dense.bias.data))
    return linear


_SAME_NAME = {nn.Identity: torch.nn.Identity, nn.Sigmoid: torch.nn.Sigmoid,
              nn.Tanh: torch.nn.Tanh, nn.ReLU: torch.nn.ReLU}


def torch_module(layer):
    """The torch.nn module computing what ``layer`` computes, with the same weights."""
    if isinstance(layer, nn.Sequential):
        return torch.nn.Sequential(*(torch_module(child) for child in layer.layers))
    if isinstance(layer, nn.Dense):
        return torch_linear(layer)
    if isinstance(layer, nn.LeakyReLU):
        return torch.nn.LeakyReLU(layer.alpha)
    if isinstance(layer, nn.Softmax):
        return torch.nn.Softmax(dim=layer.axis)
    return _SAME_NAME[type(layer)]()


def check_layer_against_torch(layer, x, rng):
    """Forward ``x`` through ``layer`` and its torch twin, backpropagate the same random upstream
    gradient (never all ones, so a wrong transpose or a missing factor shows), and compare the
    output, the input gradient and every parameter's gradient, matched by name.
    """
    reference = torch_module(layer)
    x_t = tensor(x, requires_grad=True)
    out_t = reference(x_t)
    grad_out = rng.standard_normal(out_t.shape)
    out_t.backward(tensor(grad_out))

    out = layer.forward(x)
    grad_in = layer.backward(grad_out)

    assert_close(out, out_t)
    assert_close(grad_in, x_t.grad)
    ours = dict(layer.named_parameters())
    theirs = dict(reference.named_parameters())
    assert list(ours) == list(theirs)
    for name, p in ours.items():
        assert_close(p.grad, theirs[name].grad)


def train_step_both(model, module, ours, theirs, x, y):
    """One MSE training step on the batch (x, y) of a neuralab model with its optimizer ``ours``
    and of its torch twin ``module`` with ``theirs``, for trajectories compared step by step."""
    loss = nn.MSELoss()
    loss(model.forward(x, training=True), y)
    model.backward(loss.backward())
    ours.step()
    ours.zero_grad()
    theirs.zero_grad()
    torch.nn.functional.mse_loss(module(tensor(x)), tensor(y)).backward()
    theirs.step()
