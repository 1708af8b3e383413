"""to_torch builds each torch.nn.Linear on the "meta" device, which holds no numbers, then gives it
the model's weights: it allocated and randomly initialised a weight of its own that was replaced
on the next line, and copied each whole weight once more only to read its dtype."""
import numpy as np
import pytest

from neuralab import io, nn

torch = pytest.importorskip("torch")


def test_no_linear_weight_is_drawn_only_to_be_replaced(monkeypatch):
    drawn = []
    reset = torch.nn.Linear.reset_parameters

    def recorded(linear):
        drawn.append(linear.weight.device.type)
        reset(linear)
    monkeypatch.setattr(torch.nn.Linear, "reset_parameters", recorded)
    model = nn.MLP([6, 16, 16, 3], output="softmax", rng=np.random.default_rng(0))
    module = io.to_torch(model)
    assert drawn and set(drawn) == {"meta"}, drawn   # ["cpu", "cpu", "cpu"] before
    assert all(p.device.type == "cpu" for p in module.parameters())


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("bias", [True, False])
def test_the_module_is_the_one_a_cpu_linear_given_the_weights_makes(dtype, bias):
    dense = nn.Dense(5, 4, bias=bias, rng=np.random.default_rng(1)).to(dtype)
    linear = io.to_torch(dense)
    reference = torch.nn.Linear(5, 4, bias=bias, dtype=linear.weight.dtype)
    with torch.no_grad():
        reference.weight.copy_(torch.from_numpy(dense.weight.data))
        if bias:
            reference.bias.copy_(torch.from_numpy(dense.bias.data))
    assert linear.weight.dtype == torch.from_numpy(np.zeros(1, dtype)).dtype
    assert (linear.bias is None) == (not bias)
    assert list(linear.state_dict()) == list(reference.state_dict())
    x = torch.from_numpy(np.random.default_rng(2).standard_normal((7, 5)).astype(dtype))
    assert torch.equal(linear(x), reference(x))
    linear.weight.data[0, 0] += 1   # a copy, not the model's array
    assert linear.weight[0, 0].item() != dense.weight.data[0, 0]
