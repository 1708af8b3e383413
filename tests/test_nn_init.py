"""Initialisers: shapes, dtypes, the variances the theory (and torch.nn.init) gives, and
reproducibility from a seed; plus the default dtype setting they follow."""
import math

import numpy as np
import pytest
import torch

import neuralab
from neuralab import nn

INITS = list(nn.init.INITIALIZERS)
BIG_SHAPES = [(500, 400), (64, 32, 3, 3)]  # a dense matrix and a conv kernel (out, in, kh, kw)


def fans(shape):
    """fan_in, fan_out as torch.nn.init counts them (a kernel's receptive field multiplies both)."""
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


# name: (theoretical variance from (fan_in, fan_out), uniform?, torch.nn.init twin)
THEORY = {
    "xavier_uniform": (lambda fi, fo: 2 / (fi + fo), True, torch.nn.init.xavier_uniform_),
    "xavier_normal": (lambda fi, fo: 2 / (fi + fo), False, torch.nn.init.xavier_normal_),
    "he_uniform": (lambda fi, fo: 2 / fi, True,
                   lambda t: torch.nn.init.kaiming_uniform_(t, nonlinearity="relu")),
    "he_normal": (lambda fi, fo: 2 / fi, False,
                  lambda t: torch.nn.init.kaiming_normal_(t, nonlinearity="relu")),
    "torch_default": (lambda fi, fo: 1 / (3 * fi), True,
                      lambda t: torch.nn.init.kaiming_uniform_(t, a=math.sqrt(5))),
    "normal": (lambda fi, fo: 0.01 ** 2, False, lambda t: torch.nn.init.normal_(t, std=0.01)),
    "uniform": (lambda fi, fo: 0.05 ** 2 / 3, True, lambda t: torch.nn.init.uniform_(t, -0.05, 0.05)),
}
THEORY.update({"glorot_uniform": THEORY["xavier_uniform"], "glorot_normal": THEORY["xavier_normal"],
               "kaiming_uniform": THEORY["he_uniform"], "kaiming_normal": THEORY["he_normal"]})


@pytest.fixture(params=[np.float32, np.float64], ids=["float32", "float64"])
def default_dtype(request):
    previous = neuralab.get_default_dtype()
    neuralab.set_default_dtype(request.param)
    yield request.param
    neuralab.set_default_dtype(previous)


@pytest.mark.parametrize("shape", [(3, 5), (1, 1), (7,), (4, 3, 2, 2)])
@pytest.mark.parametrize("name", INITS)
def test_shape_and_dtype_follow_the_default(default_dtype, name, shape):
    w = nn.init.get(name)(shape, np.random.default_rng(0))
    assert w.shape == shape and w.dtype == default_dtype
    assert np.isfinite(w).all()


def test_dense_parameters_follow_the_default_dtype(default_dtype):
    layer = nn.Dense(3, 4)
    assert layer.weight.data.dtype == default_dtype and layer.bias.data.dtype == default_dtype
    assert layer.weight.grad.dtype == default_dtype


def test_zeros_and_ones():
    assert not nn.init.zeros((3, 2)).any()
    assert (nn.init.ones((3, 2)) == 1).all()


def test_theory_covers_every_random_initialiser():
    assert set(THEORY) == set(INITS) - {"zeros", "ones"}


@pytest.mark.parametrize("shape", BIG_SHAPES)
@pytest.mark.parametrize("name", THEORY)
def test_variance_matches_theory_and_torch(float64, name, shape):
    variance, is_uniform, torch_init = THEORY[name]
    w = nn.init.get(name)(shape, np.random.default_rng(0))
    expected = variance(*fans(shape))
    torch.manual_seed(0)
    reference = torch_init(torch.empty(shape, dtype=torch.float64)).numpy()

    # Over ≥ 2·10^5 draws the sample variance is within about 0.3 % of the truth: 5 % is loose.
    assert w.var() == pytest.approx(expected, rel=0.05)
    assert reference.var() == pytest.approx(expected, rel=0.05)
    assert abs(w.mean()) < 5 * math.sqrt(expected / w.size)
    # U(-a, a) never exceeds a = sqrt(3 · Var) and comes close to it; a normal exceeds it 8 % of the time.
    bound = math.sqrt(3 * expected)
    beyond = np.mean(np.abs(w) > bound)
    if is_uniform:
        assert beyond == 0 and np.abs(w).max() > 0.99 * bound
    else:
        assert beyond == pytest.approx(0.083, abs=0.01)


@pytest.mark.parametrize("name", INITS)
def test_same_seed_same_weights(name):
    draw = nn.init.get(name)
    a = draw((20, 30), np.random.default_rng(7))
    np.testing.assert_array_equal(a, draw((20, 30), np.random.default_rng(7)))
    if name not in ("zeros", "ones"):
        assert not np.array_equal(a, draw((20, 30), np.random.default_rng(8)))


def test_dense_with_the_same_rng_seed_is_the_same():
    a = nn.Dense(5, 4, rng=np.random.default_rng(3))
    b = nn.Dense(5, 4, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a.weight.data, b.weight.data)


def test_neuralab_seed_makes_mlp_construction_reproducible():
    def weights():
        return [p.data for p in nn.MLP([4, 8, 8, 3], activation="tanh").parameters()]

    neuralab.seed(123)
    first = weights()
    neuralab.seed(123)
    for a, b in zip(first, weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    neuralab.seed(124)
    assert not np.array_equal(first[0], weights()[0])


@pytest.mark.parametrize("value", [-1, 1.5, "1", None, True, False])
def test_seed_refuses_bad_values(value):
    with pytest.raises(ValueError, match="seed"):
        neuralab.seed(value)


def test_custom_initialiser_is_a_callable():
    layer = nn.Dense(3, 2, init=lambda shape, rng: np.full(shape, 0.5))
    assert (layer.weight.data == 0.5).all()


@pytest.mark.parametrize("make", [lambda: nn.init.get("bogus"), lambda: nn.init.get(None),
                                  lambda: nn.Dense(3, 2, init="He"),
                                  lambda: nn.MLP([3, 2], init="bogus")],
                         ids=["get", "get None", "Dense", "MLP"])
def test_unknown_init_lists_the_valid_names(make):
    with pytest.raises(ValueError, match="unknown init") as info:
        make()
    for valid in ("xavier_uniform", "he_normal", "zeros", "torch_default"):
        assert valid in str(info.value)


@pytest.mark.parametrize("name, meant", [
    ("he", "'he_uniform' or 'he_normal'"), ("kaiming", "'kaiming_uniform' or 'kaiming_normal'"),
    ("Glorot", "'glorot_uniform' or 'glorot_normal'"), ("xavier", "'xavier_uniform' or 'xavier_normal'"),
    ("kaiming_uniform_", "'kaiming_uniform'"),    # torch.nn.init's function
    ("HeNormal", "'he_normal'"),                   # Keras's class
    ("glorot-uniform", "'glorot_uniform'"),
])
def test_unknown_init_suggests_the_names_meant(name, meant):
    with pytest.raises(ValueError, match=f"unknown init {name!r}; did you mean {meant}\\? choose one of"):
        nn.Dense(3, 2, init=name)


def test_unknown_init_suggests_no_initialiser_of_another_variance():
    with pytest.raises(ValueError, match="unknown init 'lecun_normal'; choose one of"):  # Var = 1/fan_in
        nn.init.get("lecun_normal")


# -- the default dtype --------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float16, np.complex128, bool, "int8",
                                   "bogus"])
def test_set_default_dtype_refuses_non_float(dtype):
    with pytest.raises(TypeError):
        neuralab.set_default_dtype(dtype)
    assert neuralab.get_default_dtype() is np.float32


@pytest.mark.parametrize("dtype", [np.float64, "float64", float, np.dtype("float64")])
def test_set_default_dtype_accepts_float64_spellings(dtype):
    try:
        neuralab.set_default_dtype(dtype)
        assert neuralab.get_default_dtype() is np.float64
        assert nn.init.zeros((2,)).dtype == np.float64
    finally:
        neuralab.set_default_dtype(np.float32)


@pytest.mark.parametrize("dtype", [None, [1], "torch.float64", object])
def test_set_default_dtype_refuses_what_is_not_a_dtype_naming_it(dtype):
    # np.dtype(None) is float64: None switched every new parameter to float64 without a word
    try:
        with pytest.raises(TypeError, match="dtype must be np.float32 or np.float64"):
            neuralab.set_default_dtype(dtype)
        assert neuralab.get_default_dtype() is np.float32
    finally:
        neuralab.set_default_dtype(np.float32)


def test_set_default_dtype_leaves_existing_models_as_they_are(float64):
    neuralab.set_default_dtype(np.float32)
    model = nn.MLP([2, 3, 1])
    neuralab.set_default_dtype(np.float64)
    assert {p.data.dtype for p in model.parameters()} == {np.dtype(np.float32)}
    assert {p.data.dtype for p in nn.MLP([2, 3, 1]).parameters()} == {np.dtype(np.float64)}


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (0,)])
@pytest.mark.parametrize("name", INITS)
def test_an_empty_shape_gives_an_empty_array(name, shape):
    # fan_in = 0 divided by zero (ZeroDivisionError); torch.nn.init leaves an empty tensor alone
    w = nn.init.get(name)(shape, np.random.default_rng(0))
    assert w.shape == shape and w.dtype == np.float32
