"""Andrew Ng's "Neural Networks and Deep Learning" (deeplearning.ai), weeks 3 and 4, as a learner of
the course ports them (docs/coming-from-ng.md): its own loop, written here from its equations with
samples as columns, takes the same steps as fit with loss="bce", optim.SGD(lr=α) and
batch_size="full"; and its names and layouts are answered with the way here."""
import re

import numpy as np
import pytest

import neuralab
from neuralab import classic, nn, optim, train


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _course_model(parameters, X, Y, learning_rate, num_iterations, hidden):
    """The course's loop, samples as columns: X (n_x, m), Y (1, m), W[l] (n[l], n[l-1]), b[l]
    (n[l], 1); ``hidden`` "tanh" (week 3) or "relu" (week 4) before a sigmoid output.

        A[l] = g(W[l] A[l-1] + b[l]),  J = -1/m Σ (y log a + (1-y) log(1-a))
        dZ[L] = A[L] - Y,  dW[l] = 1/m dZ[l] A[l-1].T,  db[l] = 1/m Σ dZ[l],
        dZ[l-1] = W[l].T dZ[l] * g'(Z[l-1]),  θ -= α dθ
    Returns the parameters after the steps and the cost before each."""
    parameters = {name: value.copy() for name, value in parameters.items()}
    L, m, costs = len(parameters) // 2, X.shape[1], []
    for _ in range(num_iterations):
        A, Z = [X], [None]
        for l in range(1, L + 1):
            Z.append(parameters[f"W{l}"] @ A[-1] + parameters[f"b{l}"])
            if l == L:
                A.append(_sigmoid(Z[-1]))
            else:
                A.append(np.tanh(Z[-1]) if hidden == "tanh" else np.maximum(0, Z[-1]))
        AL = A[L]
        costs.append(float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m))
        dZ, grads = AL - Y, {}
        for l in range(L, 0, -1):
            grads[f"dW{l}"] = dZ @ A[l - 1].T / m
            grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
            if l > 1:
                dA = parameters[f"W{l}"].T @ dZ
                dZ = dA * (1 - A[l - 1] ** 2) if hidden == "tanh" else dA * (Z[l - 1] > 0)
        for l in range(1, L + 1):
            parameters[f"W{l}"] -= learning_rate * grads[f"dW{l}"]
            parameters[f"b{l}"] -= learning_rate * grads[f"db{l}"]
    return parameters, costs


def _course_start(layers_dims, rng, scale):
    """initialize_parameters: W[l] = randn(n[l], n[l-1]) · scale (0.01, or √(2/n[l-1]) for He's), b[l] = 0."""
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layers_dims[l], layers_dims[l - 1])) * scale(layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters


@pytest.mark.parametrize("layers_dims, hidden, learning_rate, scale", [
    ([2, 4, 1], "tanh", 1.2, lambda n_prev: 0.01),                       # week 3's nn_model
    ([12, 20, 7, 5, 1], "relu", 0.0075, lambda n_prev: np.sqrt(2 / n_prev)),   # week 4's L_layer_model, He's start
])
def test_the_courses_loop_and_fit_take_the_same_full_batch_steps(float64, layers_dims, hidden, learning_rate, scale):
    rng = np.random.default_rng(3)
    m = 60
    X_course = rng.standard_normal((layers_dims[0], m))                   # (n_x, m): samples as columns
    Y_course = (X_course[0] * X_course[1] > 0).astype(float).reshape(1, m)
    parameters = _course_start(layers_dims, rng, scale)
    expected, costs = _course_model(parameters, X_course, Y_course, learning_rate, num_iterations=300, hidden=hidden)

    model = nn.MLP(layers_dims, activation=hidden, output="sigmoid")
    dense = [layer for layer in model if isinstance(layer, nn.Dense)]
    for l, layer in enumerate(dense, 1):                                  # the docs' loop, the course's dict in
        layer.weight.data[...] = parameters[f"W{l}"]
        layer.bias.data[...] = parameters[f"b{l}"].ravel()
    history = model.fit(X_course.T, Y_course.ravel(), loss="bce", optimizer=optim.SGD(model.parameters(), lr=learning_rate),
                        epochs=300, batch_size="full", shuffle=False, verbose=0, metrics=[])

    assert costs[-1] < costs[0] - 0.01   # the run learns: a comparison of two frozen runs would prove little
    np.testing.assert_allclose(history.history["loss"], costs, rtol=1e-10)
    for l, layer in enumerate(dense, 1):
        np.testing.assert_allclose(layer.weight.data, expected[f"W{l}"], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(layer.bias.data, expected[f"b{l}"].ravel(), rtol=1e-10, atol=1e-12)


# -- the course's layout: samples as columns, Y as a row ----------------------------------------
def _planar(m=40):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((m, 2))
    return X, (X[:, 0] * X[:, 1] > 0).astype(float)


@pytest.mark.parametrize("call", [
    lambda model, X_course, Y_course: model.fit(X_course, Y_course, loss="bce", optimizer="sgd", epochs=1, verbose=0),
    lambda model, X_course, Y_course: model.predict(X_course),
    lambda model, X_course, Y_course: model(X_course),
])
def test_the_courses_X_of_samples_as_columns_is_told_to_be_transposed(call):
    X, y = _planar()
    model = nn.MLP([2, 4, 1], activation="tanh", output="sigmoid", rng=0)
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match=r"\(samples as columns, the course's X of shape \(n_x, m\)\? samples are "
                                         r"rows here: [Xx]\.T, shape \(40, 2\)\)"):
        call(model, X.T, y.reshape(1, -1))
    assert all(np.array_equal(p.data, b) for p, b in zip(model.parameters(), before))
    assert model.predict(X.T.T).shape == (40, 1)   # the advice, followed, works


def test_the_courses_Y_as_a_row_is_told_to_be_a_column_or_flat():
    X, y = _planar()
    model = nn.MLP([2, 4, 1], activation="tanh", output="sigmoid", rng=0)
    Y_course = y.reshape(1, -1)
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match=r"^X has 40 samples but its targets have 1 \(targets as a row, the course's "
                                         r"Y of shape \(1, m\)\? samples are rows here: y\.T, shape \(40, 1\), "
                                         r"or y\.ravel\(\)\)$"):
        model.fit(X, Y_course, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    assert all(np.array_equal(p.data, b) for p, b in zip(model.parameters(), before))
    for targets in (Y_course.T, Y_course.ravel()):   # either way out trains
        assert len(model.fit(X, targets, loss="bce", optimizer="sgd", epochs=2, verbose=0).history["loss"]) == 2


def test_targets_of_another_length_get_no_course_hint():
    X, y = _planar()
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=0)
    with pytest.raises(ValueError, match=r"^X has 40 samples but its targets have 39$"):
        model.fit(X, y[:39], loss="bce", optimizer="sgd", epochs=1, verbose=0)


# -- nn_model's and L_layer_model's keywords ----------------------------------------------------
def _refused_fit(**keywords):
    X, y = _planar()
    model = nn.MLP([2, 4, 1], activation="tanh", output="sigmoid", rng=0)
    with pytest.raises(TypeError, match="unexpected keyword argument") as refused:
        model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=1.2), epochs=1, verbose=0, **keywords)
    return str(refused.value)


def test_num_iterations_is_told_as_epochs_of_one_full_batch_step_each():
    assert "fit(..., epochs=300, batch_size='full')" in _refused_fit(num_iterations=300)
    X, y = _planar()   # the advice, followed: one step an epoch, each over all the samples
    model = nn.MLP([2, 4, 1], activation="tanh", output="sigmoid", rng=0)
    steps = []
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=300, batch_size="full", verbose=0,
              callbacks=[train.LambdaCallback(on_batch_begin=lambda batch, logs=None: steps.append(batch))])
    assert steps == [0] * 300


def test_print_cost_is_told_as_epoch_lines_every_100_which_print_them(capsys):
    way = _refused_fit(print_cost=True)
    assert "history.history['loss']" in way and "verbose=0, callbacks=[train.EpochLines(every=100)]" in way
    X, y = _planar()
    model = nn.MLP([2, 4, 1], activation="tanh", output="sigmoid", rng=0)
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=300, batch_size="full", verbose=0,
              callbacks=[train.EpochLines(every=100)])
    printed = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in printed] == ["epoch 1/300", "epoch 100/300", "epoch 200/300", "epoch 300/300"]


def test_learning_rate_names_sgd_for_the_courses_gradient_descent():
    way = _refused_fit(learning_rate=1.2)
    assert "optim.SGD(model.parameters(), lr=1.2) with batch_size='full'" in way
    assert "θ -= α dθ" in way


def test_layers_dims_is_told_as_mlps_sizes_with_the_courses_activations():
    with pytest.raises(TypeError, match=r"the course's layers_dims is sizes here, given first: "
                                        r"nn\.MLP\(\[12288, 20, 7, 5, 1\], activation='relu', output='sigmoid'\)"):
        nn.MLP(layers_dims=[12288, 20, 7, 5, 1])
    model = nn.MLP([12288, 20, 7, 5, 1], activation="relu", output="sigmoid")   # the advice, followed
    assert [layer.weight.shape for layer in model if isinstance(layer, nn.Dense)] == [(20, 12288), (7, 20), (5, 7), (1, 5)]


# -- the course's initialisers --------------------------------------------------------------------
@pytest.mark.parametrize("name, way", [
    ("initialize_parameters", "init='normal'"), ("initialize_parameters_deep", "init='normal'"),
    ("initialize_parameters_he", "init='he_normal'"), ("initialize_parameters_zeros", "init='zeros'"),
    ("initialize_parameters_random", "init=functools.partial(nn.init.normal, std=10.0)"),
])
def test_the_courses_initialiser_names_get_the_init_that_draws_the_same(name, way):
    with pytest.raises(ValueError, match=r"^unknown init") as refused:
        nn.MLP([2, 4, 1], init=name)
    assert way in str(refused.value)


def test_he_normal_is_the_courses_randn_times_sqrt_2_over_n_prev(float64):
    drawn = nn.init.he_normal((20, 784), rng=np.random.default_rng(5))
    course = np.random.default_rng(5).standard_normal((20, 784)) * np.sqrt(2 / 784)
    np.testing.assert_allclose(drawn, course, rtol=1e-12)


def test_init_normal_is_the_courses_randn_times_0_01(float64):
    drawn = nn.init.normal((4, 2), rng=np.random.default_rng(5))
    np.testing.assert_allclose(drawn, np.random.default_rng(5).standard_normal((4, 2)) * 0.01, rtol=1e-12)


# -- the course's parameters dict ---------------------------------------------------------------
def _course_parameters():
    rng = np.random.default_rng(2)
    return {"W1": rng.standard_normal((4, 2)), "b1": rng.standard_normal((4, 1)),
            "W2": rng.standard_normal((1, 4)), "b2": rng.standard_normal((1, 1))}


@pytest.mark.parametrize("give", [
    lambda model, parameters: model.load_state_dict(parameters),
    lambda model, parameters: optim.SGD(parameters, lr=1.2),
    lambda model, parameters: nn.Sequential(parameters),
    lambda model, parameters: nn.MLP(parameters),
])
def test_the_courses_parameters_dict_is_refused_with_the_loop_that_puts_it_in_a_model(give):
    model = nn.MLP([2, 4, 1], activation="tanh", output="sigmoid", rng=0)
    parameters, before = _course_parameters(), model.state_dict()
    with pytest.raises((TypeError, ValueError), match=r"the course's parameters dict\?") as refused:
        give(model, parameters)
    assert all(np.array_equal(model.state_dict()[name], before[name]) for name in before)
    loop = re.search(r"for l, layer in .*?\.ravel\(\)", str(refused.value))[0]
    exec(loop, {"nn": nn, "model": model, "parameters": parameters})   # the loop the error gives, run as written
    np.testing.assert_array_equal(model[2].weight.data, parameters["W2"].astype(model[2].weight.data.dtype))
    np.testing.assert_array_equal(model[0].bias.data, parameters["b1"].ravel().astype(model[0].bias.data.dtype))


def test_mlp_and_sequential_given_the_courses_dict_name_the_mlp_of_its_sizes():
    parameters = {"W1": np.zeros((20, 12)), "b1": np.zeros((20, 1)), "W2": np.zeros((7, 20)), "b2": np.zeros((7, 1)),
                  "W3": np.zeros((1, 7)), "b3": np.zeros((1, 1))}
    for build in (nn.MLP, nn.Sequential):
        with pytest.raises(TypeError, match=r"nn\.MLP\(\[12, 20, 7, 1\], activation='relu', output='sigmoid'\)"):
            build(parameters)


def test_a_dict_of_other_names_gets_no_course_answer():
    model = nn.MLP([2, 4, 1], rng=0)
    with pytest.raises(ValueError) as refused:
        model.load_state_dict({"fc1.weight": np.zeros((4, 2))})
    assert "course" not in str(refused.value)
    with pytest.raises(TypeError, match="not a dict of them"):   # torch's Sequential(OrderedDict(...)) keeps its answer
        nn.Sequential({"fc1": nn.Dense(2, 4)})


def test_logistic_regression_names_the_transposes_of_the_courses_layout():
    X, y = _planar()
    clf = classic.LogisticRegression(2, lr=0.1)
    with pytest.raises(ValueError, match=r"got \(2, 40\) \(samples as columns, the course's X of shape \(n_x, m\)\? "
                                         r"samples are rows here: X\.T, shape \(40, 2\)\)"):
        clf.fit(X.T, y.reshape(1, -1), epochs=5)
    with pytest.raises(ValueError, match=r"got \(1, 40\) \(targets as a row, the course's Y of shape \(1, m\)\? "
                                         r"samples are rows here: y\.T, shape \(40, 1\), or y\.ravel\(\)\)"):
        clf.fit(X, y.reshape(1, -1), epochs=5)
    assert not np.any(clf.weights) and clf.bias == 0          # refused before any step
    assert clf.fit(X, y.reshape(1, -1).T, epochs=5).predict(X).shape == (40,)   # the advice, followed


def test_a_metric_given_the_courses_Y_as_a_row_names_the_column():
    X, y = _planar()
    model = nn.MLP([2, 4, 1], activation="tanh", output="sigmoid", rng=0)
    with pytest.raises(ValueError, match=r"^pred has 40 samples but y has 1 \(targets as a row, .*y\.ravel\(\)\)$"):
        train.accuracy(model.predict_classes(X), y.reshape(1, -1))
    assert 0 <= train.accuracy(model.predict_classes(X), y.reshape(1, -1).ravel()) <= 1
