"""Initialisers: shapes, dtypes, the variances the theory (and torch.nn.init) gives, and
reproducibility from a seed; plus the default dtype setting they follow."""
import math
import re

import numpy as np
import pytest
import torch

import neuralab
from neuralab import nn
from neuralab.io import to_torch
from neuralab.nn.dtype import as_float_array
from neuralab.nn.placeholders import TooManyValues, placeholders

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
    "lecun_uniform": (lambda fi, fo: 1 / fi, True,   # a gain of 1: torch's "linear"
                      lambda t: torch.nn.init.kaiming_uniform_(t, nonlinearity="linear")),
    "lecun_normal": (lambda fi, fo: 1 / fi, False,
                     lambda t: torch.nn.init.kaiming_normal_(t, nonlinearity="linear")),
    "torch_default": (lambda fi, fo: 1 / (3 * fi), True,
                      lambda t: torch.nn.init.kaiming_uniform_(t, a=math.sqrt(5))),
    "normal": (lambda fi, fo: 0.01 ** 2, False, lambda t: torch.nn.init.normal_(t, std=0.01)),
    "uniform": (lambda fi, fo: 0.05 ** 2 / 3, True, lambda t: torch.nn.init.uniform_(t, -0.05, 0.05)),
}
THEORY.update({"glorot_uniform": THEORY["xavier_uniform"], "glorot_normal": THEORY["xavier_normal"],
               "kaiming_uniform": THEORY["he_uniform"], "kaiming_normal": THEORY["he_normal"]})


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


def test_every_activation_has_its_default_initialiser():
    # MLP looks its hidden layers' init up there; "linear" was missing, and got Xavier only
    # through a fallback in MLP
    assert set(nn.init.DEFAULT_FOR_ACTIVATION) == set(nn.activations.ACTIVATIONS)


@pytest.mark.parametrize("shape", BIG_SHAPES)
@pytest.mark.parametrize("name", THEORY)
def test_variance_matches_theory_and_torch(float64, name, shape):
    variance, is_uniform, torch_init = THEORY[name]
    w = nn.init.get(name)(shape, np.random.default_rng(0))
    expected = variance(*fans(shape))
    torch.manual_seed(0)
    reference = torch_init(torch.empty(shape, dtype=torch.float64)).numpy()

    # The sample variance of n draws has a relative standard error of sqrt(2/n) for a normal
    # (sqrt(0.8/n) for a uniform): 1.0 % for the kernel's 18,432 draws, 0.3 % for the matrix's
    # 200,000; 5 of them is a margin no seed should meet, yet a variance 2 % off fails the matrix.
    tolerance = 5 * math.sqrt(2 / w.size)
    assert w.var() == pytest.approx(expected, rel=tolerance)
    assert reference.var() == pytest.approx(expected, rel=tolerance)
    assert abs(w.mean()) < 5 * math.sqrt(expected / w.size)
    # U(-a, a) never exceeds a = sqrt(3 · Var), and the largest of n draws misses it by more than
    # a fraction 10/n with probability e^-10: the bound itself is checked, to 10/n (5·10^-5 for
    # the matrix). A normal exceeds it 8 % of the time.
    bound = math.sqrt(3 * expected)
    beyond = np.mean(np.abs(w) > bound)
    if is_uniform:
        assert beyond == 0 and np.abs(w).max() > (1 - 10 / w.size) * bound
    else:
        assert beyond == pytest.approx(0.083, abs=0.01)


@pytest.mark.parametrize("shape", [(3, 1), (1, 3)], ids=["one input", "one output"])
@pytest.mark.parametrize("name", ["xavier_uniform", "xavier_normal", "he_uniform", "he_normal",
                                  "torch_default"])
def test_variance_of_a_layer_of_one_input_or_one_output_matches_theory(float64, name, shape):
    """A fan of 1 counts as 1, as in torch: Dense(1, 3) (one input) and Dense(3, 1) (one output)
    are common. Few values per matrix, so many matrices from one generator."""
    variance, is_uniform, _ = THEORY[name]
    expected = variance(*fans(shape))
    rng = np.random.default_rng(0)
    w = np.concatenate([nn.init.get(name)(shape, rng).ravel() for _ in range(4000)])
    # 12,000 draws: the sample variance is within about 1.3 % of the truth (a normal's; 0.8 % for
    # a uniform's); a fan of 2 in place of 1 would move it by 20 % or more
    assert w.var() == pytest.approx(expected, rel=0.08)
    if is_uniform:
        assert np.abs(w).max() <= math.sqrt(3 * expected)


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


@pytest.mark.parametrize("activation", ["relu", "tanh"])
@pytest.mark.parametrize("batchnorm", [False, True])
def test_mlp_draws_each_layer_from_its_rng_in_order_with_the_init_its_docstring_names(activation, batchnorm):
    """MLP([3, 5, 4, 2], rng=g) is Dense(3→5) and Dense(5→4) with the activation's init (He for
    ReLU, Xavier for tanh), then Dense(4→2) with Xavier, each drawing from g in turn; biases 0.
    The library's generator is not touched."""
    library = neuralab.nn.random.default_rng()
    before = library.bit_generator.state
    model = nn.MLP([3, 5, 4, 2], activation=activation, batchnorm=batchnorm, rng=np.random.default_rng(5))
    assert library.bit_generator.state == before
    g = np.random.default_rng(5)
    hidden = {"relu": nn.init.he_uniform, "tanh": nn.init.xavier_uniform}[activation]
    expected = [hidden((5, 3), g), hidden((4, 5), g), nn.init.xavier_uniform((2, 4), g)]
    dense = [layer for layer in model.layers if isinstance(layer, nn.Dense)]
    for layer, w in zip(dense, expected, strict=True):
        np.testing.assert_array_equal(layer.weight.data, w)
    assert [layer.bias is None for layer in dense] == [batchnorm, batchnorm, False]
    assert not any(layer.bias.data.any() for layer in dense if layer.bias is not None)
    other = nn.MLP([3, 5, 4, 2], activation=activation, batchnorm=batchnorm, rng=np.random.default_rng(6))
    assert not np.array_equal(other.layers[0].weight.data, dense[0].weight.data)


@pytest.mark.parametrize("rng", ["0", np.random.RandomState(0), 1.5, True, -1],
                         ids=["text", "RandomState", "float", "bool", "negative"])
@pytest.mark.parametrize("name", ["normal", "uniform", "xavier_uniform", "he_normal", "torch_default"])
def test_an_initialiser_refuses_what_is_neither_a_generator_nor_a_seed_as_rng(name, rng):
    # rng=0 once drew from the library's generator without a word (`rng or default_rng()`)
    library = neuralab.nn.random.default_rng()
    before = library.bit_generator.state
    with pytest.raises((TypeError, ValueError), match=r"^rng must be "):
        nn.init.get(name)((3, 2), rng)
    assert library.bit_generator.state == before


@pytest.mark.parametrize("seed", [0, 5, np.int64(7)], ids=["0", "5", "numpy 7"])
@pytest.mark.parametrize("name", ["normal", "uniform", "xavier_uniform", "he_normal", "torch_default"])
def test_an_initialiser_takes_an_integer_rng_as_a_seed_leaving_the_library_generator(name, seed):
    library = neuralab.nn.random.default_rng()
    before = library.bit_generator.state
    drawn = nn.init.get(name)((3, 2), seed)
    np.testing.assert_array_equal(drawn, nn.init.get(name)((3, 2), np.random.default_rng(int(seed))))
    assert library.bit_generator.state == before


def test_an_mlp_seeded_with_an_integer_repeats_and_draws_each_layer_afresh():
    # scikit-learn's random_state=0 habit: one generator for the whole network, so layers of one
    # shape still start different (a seed turned into a generator per layer gave them equal weights)
    first, again = nn.MLP([4, 4, 4, 4], rng=0), nn.MLP([4, 4, 4, 4], rng=0)
    for a, b in zip(first.parameters(), again.parameters()):
        np.testing.assert_array_equal(a.data, b.data)
    weights = [layer.weight.data for layer in first.layers if isinstance(layer, nn.Dense)]
    assert not np.array_equal(weights[0], weights[1]) and not np.array_equal(weights[1], weights[2])
    other = nn.MLP([4, 4, 4, 4], rng=1)
    assert not np.array_equal(other.layers[0].weight.data, weights[0])
    np.testing.assert_array_equal(nn.Dense(3, 2, rng=3).weight.data, nn.Dense(3, 2, rng=3).weight.data)


@pytest.mark.parametrize("name", INITS)
def test_a_shape_is_read_as_numpy_reads_it(name):
    # he_normal(5) met "'int' object is not subscriptable" where normal(5) drew 5 values, and a
    # scalar shape () an IndexError
    draw = nn.init.get(name)
    np.testing.assert_array_equal(draw(5, np.random.default_rng(1)), draw((5,), np.random.default_rng(1)))
    np.testing.assert_array_equal(draw([3, 2], np.random.default_rng(1)), draw((3, 2), np.random.default_rng(1)))
    assert draw((), np.random.default_rng(1)).shape == ()
    with placeholders():
        assert draw(5).shape == (5,)


@pytest.mark.parametrize("shape", [(3, -2), (3.0, 2), (True, 2), "3", None, 2.5])
@pytest.mark.parametrize("name", ["zeros", "normal", "he_uniform"])
def test_a_bad_shape_is_refused_naming_it(name, shape):
    with pytest.raises(ValueError, match=r"^shape must be a tuple of sizes \(integers >= 1\) such as "
                                         rf"\(out, in\), got {re.escape(repr(shape))}$"):
        nn.init.get(name)(shape)


@pytest.mark.parametrize("shape", [(10**6, 10**6), (2**40, 2**40), (2**63,), (10**400, 2)])
@pytest.mark.parametrize("name", ["zeros", "normal", "he_normal"])
def test_a_shape_of_more_values_than_a_model_may_hold_is_refused_before_numpy_tries(name, shape):
    # NumPy said "Unable to allocate 3.64 TiB", "array is too big; `arr.size * arr.dtype.itemsize`
    # is larger than the maximum possible size" or "Maximum allowed dimension exceeded"; within
    # what the system promises, the draw would have filled gigabytes
    with pytest.raises(ValueError, match=r"holds more than the 200,000,000 values a whole model may "
                                         r"hold \(save and load refuse more\); use smaller layers$"):
        nn.init.get(name)(shape)


def test_a_vector_counts_its_length_as_both_fans_as_in_keras(float64):
    # torch refuses fewer than 2 axes; Keras counts n for both (a layer of your own's w of (n,))
    n = 100_000
    w = nn.init.he_uniform((n,), np.random.default_rng(0))
    bound = math.sqrt(6 / n)
    assert np.abs(w).max() <= bound and np.abs(w).max() > (1 - 10 / n) * bound
    v = nn.init.xavier_normal((n,), np.random.default_rng(0))
    assert v.var() == pytest.approx(2 / (2 * n), rel=5 * math.sqrt(2 / n))


@pytest.mark.parametrize("value", [-1, 1.5, "1", None, True, False])
def test_seed_refuses_bad_values(value):
    with pytest.raises(ValueError, match="seed"):
        neuralab.seed(value)


def test_custom_initialiser_is_a_callable():
    layer = nn.Dense(3, 2, init=lambda shape, rng: np.full(shape, 0.5))
    assert (layer.weight.data == 0.5).all()


def test_custom_initialiser_draws_from_a_generator_that_neuralab_seed_seeds():
    def large(shape, rng):                       # the course's "random x 10" initialisation
        return rng.standard_normal(shape) * 10
    drawn = []
    for _ in range(2):
        neuralab.seed(3)
        drawn.append(nn.MLP([2, 10, 5, 1], init=large)[0].weight.data)
    assert np.array_equal(*drawn) and drawn[0].std() > 3
    given = [nn.Dense(2, 10, init=large, rng=seed).weight.data for seed in (7, 7, 8)]
    assert np.array_equal(given[0], given[1]) and not np.array_equal(given[0], given[2])


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


@pytest.mark.parametrize("init", [[[0.15, 0.2], [0.25, 0.3]], np.ones((2, 2)), 0.5],
                         ids=["list", "array", "number"])
def test_weights_given_as_init_are_told_how_to_start_from_them(init):
    # init=np.array(...) raised NumPy's "The truth value of an array with more than one element is
    # ambiguous", from comparing it with "custom"; a list or a number only listed the names
    with pytest.raises(ValueError, match=r"^unknown init .*; to start from weights of your own, assign them "
                                         r"once the layer is built: layer\.weight\.data = W, of shape "
                                         r"\(out, in\), or layer\.weight\.data\[\.\.\.\] = 0\.5; choose one of"):
        nn.Dense(2, 2, init=init)


def test_unknown_init_suggests_no_initialiser_of_another_variance():
    with pytest.raises(ValueError, match="unknown init 'orthogonal'; choose one of"):  # not normal, say
        nn.init.get("orthogonal")


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


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (0,), (4, 3, 0, 2)])
@pytest.mark.parametrize("name", INITS)
def test_a_shape_with_a_size_of_0_is_refused(name, shape):
    # it gave an empty array in silence (he_normal with a fan of 0 counted as 1), and before that
    # fan_in = 0 divided by zero; torch.nn.init warns "Initializing zero-element tensors is a no-op"
    with pytest.raises(ValueError, match=rf"^shape must be a tuple of sizes \(integers >= 1\) such as \(out, "
                                         rf"in\), got {re.escape(repr(shape))}: a size of 0 leaves nothing "
                                         rf"to draw \(a layer needs at least one unit and one input\)$"):
        nn.init.get(name)(shape, np.random.default_rng(0))


@pytest.mark.parametrize("name, value", [("std", -1.0), ("std", math.nan), ("std", math.inf), ("std", 1e300),
                                         ("limit", -0.1), ("limit", math.nan), ("limit", -math.inf), ("limit", 1e39)])
def test_a_scale_that_is_negative_not_finite_or_past_the_dtype_is_refused_naming_it(name, value):
    # normal: NumPy's "scale < 0", NaN weights for a NaN std, inf ones with a RuntimeWarning for
    # 1e300; uniform: "high - low < 0", "high - low range exceeds valid bounds" (torch refuses a
    # negative or NaN std, and a uniform's from > to, too)
    draw = nn.init.normal if name == "std" else nn.init.uniform
    role = r"the standard deviation σ of W ~ N\(0, σ²\)" if name == "std" else r"the bound a of W ~ U\(-a, a\)"
    with pytest.raises(ValueError, match=rf"^{name} must be a number from 0 to 3\.4e\+37 \({role}\), got "):
        draw((2, 3), np.random.default_rng(0), value)


@pytest.mark.parametrize("value", ["0.1", [0.1, 0.2], None, True])
def test_a_scale_that_is_not_a_number_is_refused_naming_it(value):
    # a list met "bad operand type for unary -: 'list'", a string NumPy's "could not convert"
    for draw, name in [(nn.init.normal, "std"), (nn.init.uniform, "limit")]:
        with pytest.raises(TypeError, match=rf"^{name} must be a number from 0 to "):
            draw((2, 3), None, value)


def test_the_largest_scale_follows_the_default_dtype(float64):
    # what float32 cannot hold, float64 can: a std of 1e300 gives finite float64 draws
    w = nn.init.normal((1000,), np.random.default_rng(0), std=1e300)
    assert w.dtype == np.float64 and np.isfinite(w).all()
    with pytest.raises(ValueError, match=r"^limit must be a number from 0 to 1\.8e\+307 "):
        nn.init.uniform((2,), None, 1e308)


@pytest.mark.parametrize("torch_init, ours", [
    (lambda t: torch.nn.init.normal_(t, std=0.0), lambda shape: nn.init.normal(shape, std=0)),
    (lambda t: torch.nn.init.uniform_(t, 0.0, 0.0), lambda shape: nn.init.uniform(shape, limit=0.0)),
])
def test_a_scale_of_zero_draws_zeros_as_torch_does(float64, torch_init, ours):
    expected = torch_init(torch.empty((3, 4), dtype=torch.float64)).numpy()
    np.testing.assert_array_equal(ours((3, 4)), expected)
    assert not expected.any()


# -- an init function of your own is checked at construction ------------------------------------
@pytest.mark.parametrize("values", [np.ones((2, 3)), np.ones(6), np.ones((3, 2, 1)), np.float64(0.5)],
                         ids=["transposed", "flat", "3-d", "scalar"])
def test_custom_init_of_another_shape_is_refused_at_construction(values):
    # the transpose, a textbook's (n_in, n_out) W, gets the layout and the fix; no other shape does
    hint = r": the transpose of that\. A weight is \(out, in\) here.*W\.T" if values.shape == (2, 3) else ""
    with pytest.raises(ValueError, match=r"^init must return the weight's shape \(out, in\) = \(3, 2\), "
                                         rf"got shape {re.escape(str(values.shape))}{hint}$"):
        nn.Dense(2, 3, init=lambda shape, rng=None: values)


@pytest.mark.parametrize("value, error, message", [
    (np.nan, ValueError, r"init's output contains NaN or inf"),
    (np.inf, ValueError, r"init's output contains NaN or inf"),
    ("0.5", TypeError, r"init's output must be an array of real numbers"),
    (None, TypeError, r"init's output must be an array of real numbers"),
])
def test_custom_init_of_non_finite_values_or_non_numbers_is_refused(value, error, message):
    with pytest.raises(error, match=message):
        nn.Dense(2, 3, init=lambda shape, rng=None: np.full(shape, value))


@pytest.mark.parametrize("values", [lambda s: np.full(s, 0.5), lambda s: np.full(s, 0.5, np.float16),
                                    lambda s: np.ones(s, int), lambda s: np.full(s, 0.5).tolist()],
                         ids=["float64", "float16", "int", "list"])
def test_custom_init_is_cast_to_the_default_dtype_as_a_copy(default_dtype, values):
    shared = values((3, 2))
    a, b = (nn.Dense(2, 3, init=lambda shape, rng=None: shared) for _ in range(2))
    assert a.weight.data.dtype == a.bias.data.dtype == default_dtype
    a.weight.data[...] = 7.0
    assert b.weight.data[0, 0] == values((3, 2))[0][0] and np.asarray(shared)[0, 0] != 7.0


# -- torch_default draws the bias as torch.nn.Linear does -----------------------------------------
def test_torch_default_draws_the_bias_as_torch_linear(float64):
    bound = 1 / math.sqrt(400)                   # U(-1/sqrt(fan_in), 1/sqrt(fan_in)), Var = bound²/3
    ours = nn.Dense(400, 300, init="torch_default").bias.data
    torch.manual_seed(0)
    theirs = torch.nn.Linear(400, 300).bias.detach().numpy()
    assert ours.shape == theirs.shape == (300,)
    for b in (ours, theirs):
        assert np.abs(b).max() <= bound and np.abs(b).max() > 0.95 * bound
        assert b.var() == pytest.approx(bound ** 2 / 3, rel=0.2)  # 300 draws: within 4 standard errors
        assert abs(b.mean()) < 4 * bound / math.sqrt(3 * 300)
    assert not nn.Dense(400, 300).bias.data.any()  # the other initialisers keep a zero bias


def test_torch_default_bias_comes_from_the_seeded_generator():
    def layer():
        return nn.Dense(20, 10, init="torch_default")

    neuralab.seed(0)
    a = layer()
    neuralab.seed(0)
    b = layer()
    np.testing.assert_array_equal(a.weight.data, b.weight.data)
    np.testing.assert_array_equal(a.bias.data, b.bias.data)
    assert not np.array_equal(a.bias.data, layer().bias.data)
    rng_layers = [nn.Dense(20, 10, init="torch_default", rng=np.random.default_rng(5)) for _ in range(2)]
    np.testing.assert_array_equal(rng_layers[0].bias.data, rng_layers[1].bias.data)


def test_a_torch_default_layer_loads_from_placeholders_without_drawing():
    neuralab.seed(0)
    with placeholders():
        nn.Dense(20, 10, init="torch_default")
    after = nn.Dense(20, 10, init="torch_default")
    neuralab.seed(0)
    np.testing.assert_array_equal(after.bias.data, nn.Dense(20, 10, init="torch_default").bias.data)



@pytest.mark.parametrize("name", INITS)
def test_every_initialiser_called_directly_in_placeholders_draws_nothing_and_counts(name):
    # only zeros, ones and init= names did: nn.init.he_normal(shape), as a layer of your own
    # calls it in __init__, drew real values inside the block, moved the generator that load
    # promises to leave alone, and escaped the block's max_values
    draw = nn.init.INITIALIZERS[name]  # the module's functions themselves: nn.init.he_normal, ...
    library, own = neuralab.nn.random.default_rng(), np.random.default_rng(0)
    before = library.bit_generator.state, own.bit_generator.state
    with placeholders(max_values=12):
        values = [draw((2, 3)), draw((2, 3), own)]
        assert [(v.shape, v.dtype) for v in values] == [((2, 3), neuralab.get_default_dtype())] * 2
        with pytest.raises(TooManyValues, match="more than 12 values"):
            draw((1,))
    assert (library.bit_generator.state, own.bit_generator.state) == before


def test_initialisers_keep_their_keyword_arguments_in_placeholders():
    library = neuralab.nn.random.default_rng()
    before = library.bit_generator.state
    with placeholders():
        assert nn.init.normal((4,), std=2.0).shape == nn.init.uniform((4,), None, 3.0).shape == (4,)
    assert library.bit_generator.state == before
    assert np.abs(nn.init.uniform((100,), None, 3.0)).max() > 0.05  # outside, they draw as asked


# -- how the number of dimensions is said -------------------------------------------------------
@pytest.mark.parametrize("ndim, said", [(2, "2 dimensions"), ((1, 2), "1 or 2 dimensions"),
                                        ((1, 2, 3, 4), "1 to 4 dimensions"),
                                        ((1, 3, 4), "1, 3 or 4 dimensions")])
def test_a_wrong_number_of_dimensions_is_said_in_words(ndim, said):
    with pytest.raises(ValueError, match=rf"^x must have {said}, got shape \(\)$"):
        as_float_array(1.0, "x", ndim=ndim)


def test_a_loss_of_two_numbers_says_how_many_dimensions_pred_may_have():
    with pytest.raises(ValueError, match=r"^pred must have 1 to 4 dimensions, got shape \(\)$"):
        nn.MSELoss()(1.0, 2.0)


# -- which dtype a layer computes in (the rule in nn/dtype.py) ------------------------------------
@pytest.mark.parametrize("x_dtype", [np.float16, np.int64, bool, np.float32, np.float64])
@pytest.mark.parametrize("make", [nn.ReLU, nn.Softmax, nn.Dropout, lambda: nn.Dense(3, 2),
                                  lambda: nn.BatchNorm1d(3)],
                         ids=["ReLU", "Softmax", "Dropout", "Dense", "BatchNorm1d"])
def test_float32_and_float64_inputs_are_kept_others_take_the_default_then_promote(default_dtype, make, x_dtype):
    layer = make()
    x = np.ones((4, 3), x_dtype)
    kept = x_dtype if x_dtype in (np.float32, np.float64) else default_dtype   # rule 1
    own = [p.data.dtype for p in layer.parameters()]                           # rule 2
    out = layer.forward(x, training=True)
    assert out.dtype == np.result_type(kept, *own)
    assert layer.backward(np.ones(out.shape, out.dtype)).dtype == out.dtype
    if own:  # a float32 input to a float64 model computes in float64, and the other way round
        assert out.dtype == (np.float64 if np.float64 in (kept, default_dtype) else np.float32)


@pytest.mark.parametrize("dtype, given", [(int, "'int'"), (complex, "'complex'"), (np.float16, "'float16'"),
                                          ("int32", "'int32'")])
def test_set_default_dtype_names_the_value_given_not_numpy_s_reading_of_it(dtype, given):
    # int was named "int64", complex "complex128": NumPy's translations, not what was passed
    with pytest.raises(TypeError, match=rf"float64, got {given}$"):
        neuralab.set_default_dtype(dtype)
    assert neuralab.get_default_dtype() is np.float32


# -- MLP: the network its docstring describes, built independently in torch ----------------------
TORCH_ACTIVATIONS = {"relu": torch.nn.ReLU, "leaky_relu": lambda: torch.nn.LeakyReLU(0.01),
                     "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid, "identity": torch.nn.Identity,
                     "linear": torch.nn.Identity, "softmax": lambda: torch.nn.Softmax(dim=-1)}


def torch_mlp(sizes, activation, output, dropout, batchnorm):
    """MLP's docstring in torch: per hidden size Linear (no bias before a BatchNorm1d), BatchNorm1d,
    the activation, Dropout; then the output Linear and the output activation, if any."""
    modules = []
    for n_prev, n in zip(sizes[:-2], sizes[1:-1]):
        modules.append(torch.nn.Linear(n_prev, n, bias=not batchnorm, dtype=torch.float64))
        if batchnorm:
            modules.append(torch.nn.BatchNorm1d(n, dtype=torch.float64))
        modules.append(TORCH_ACTIVATIONS[activation]())
        if dropout:
            modules.append(torch.nn.Dropout(dropout))
    modules.append(torch.nn.Linear(sizes[-2], sizes[-1], dtype=torch.float64))
    if output is not None:
        modules.append(TORCH_ACTIVATIONS[output]())
    return torch.nn.Sequential(*modules)


@pytest.mark.parametrize("batchnorm", [False, True], ids=["", "batchnorm"])
@pytest.mark.parametrize("dropout", [0.0, 0.3], ids=["", "dropout"])
@pytest.mark.parametrize("output", [None, "sigmoid", "softmax"])
@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "tanh", "sigmoid", "identity", "linear"])
def test_mlp_is_the_network_its_docstring_describes(float64, activation, output, dropout, batchnorm):
    """Same parameter names and shapes as the torch network built from the docstring, the same
    evaluation output once it holds the MLP's values (trained running statistics included), the
    same parameter count in summary(), and to_torch gives that function too."""
    rng = np.random.default_rng(0)
    sizes = [4, 6, 5, 3]
    model = nn.MLP(sizes, activation=activation, output=output, dropout=dropout, batchnorm=batchnorm, rng=rng)
    reference = torch_mlp(sizes, activation, output, dropout, batchnorm)
    for _, p in model.named_parameters():  # biases and BatchNorm's γ, β away from 0 and 1
        p.data[...] = rng.standard_normal(p.shape)
    model.forward(rng.standard_normal((16, 4)), training=True)  # running statistics away from 0 and 1

    ours = {name: p.data for name, p in model.named_parameters()} | dict(model.named_buffers())
    theirs = {name: value for name, value in reference.state_dict().items() if "num_batches" not in name}
    assert {name: value.shape for name, value in ours.items()} == {
        name: tuple(value.shape) for name, value in theirs.items()}
    reference.load_state_dict({name: torch.from_numpy(np.array(value)) for name, value in ours.items()},
                              strict=False)
    reference.eval()
    x = rng.standard_normal((7, 4))
    with torch.no_grad():
        for module in (reference, to_torch(model)):
            np.testing.assert_allclose(model.predict(x), module(torch.from_numpy(x)).numpy(),
                                       rtol=1e-12, atol=1e-12)
    count = sum(p.numel() for p in reference.parameters())
    assert model.num_parameters() == count
    assert f"Total parameters: {count:,}" in model.summary(print_fn=None)
    assert [type(m).__name__ for m in to_torch(model)] == [type(m).__name__ for m in reference]


def test_mlp_refuses_a_layer_or_a_network_too_large_before_drawing_any_weight():
    # the refusal of Dense(15000, 10000) came after Dense(1, 15000) had drawn from rng, and a
    # network of 300 million weights was built (1.2 GB, seconds) that model.save then refused
    g, library = np.random.default_rng(0), neuralab.nn.random.default_rng()
    before = g.bit_generator.state, library.bit_generator.state
    with pytest.raises(ValueError, match=r"^Dense\(15000, 10000\) would hold 150,000,000 weights; at most"):
        nn.MLP([1, 15000, 10000], rng=g)
    with pytest.raises(ValueError, match=r"^sizes: this network would hold more than 200,000,000 values "
                                         r"in its parameters and buffers, the most a saved model may hold"):
        nn.MLP([10000, 10000, 10000, 10000], rng=g)
    with pytest.raises(ValueError, match="more than 200,000,000 values"):
        nn.MLP([20, 10000, 10000, 10000, 1], batchnorm=True)  # 2·10^8 weights without bias, and the rest
    assert (g.bit_generator.state, library.bit_generator.state) == before


def test_a_ragged_nested_list_as_init_is_an_unknown_init_without_the_weights_of_your_own_hint():
    # not numbers of one shape: no "assign them once the layer is built", just the names
    with pytest.raises(ValueError, match=r"^unknown init \[\[1, 2\], \[3\]\]; choose one of: zeros, ones"):
        nn.Dense(2, 3, init=[[1, 2], [3]])
