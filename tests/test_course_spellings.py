"""A learner of the deep-learning course writes its names (keep_prob, lambd, β, ε) or Keras's
(learning_rate, rate, rho, beta_1): each is refused with neuralab's way, and that way computes
what the course's formula does."""
import numpy as np
import pytest
import torch

from neuralab import data, nn, optim, train


def _params():
    return nn.Dense(2, 3).parameters()


@pytest.mark.parametrize("make, named", [
    (lambda: nn.Dropout(keep_prob=0.8), "Dropout(p=0.2)"),
    (lambda: nn.Dropout(rate=0.2), "Dropout(p=0.2)"),
    (lambda: nn.MLP([2, 8, 1], keep_prob=0.8), "dropout=0.2"),
    (lambda: nn.MLP([2, 8, 1], batch_norm=True), "did you mean 'batchnorm'?"),
    (lambda: nn.Dense(2, 3, kernel_initializer="he_normal"), "init='he_normal'"),
    (lambda: nn.Dense(2, 3, activation="relu"), "nn.ReLU()"),
    (lambda: nn.MLP([2, 8, 1], seed=0), "rng=0"),
    (lambda: nn.Dense(2, 3, random_state=0), "rng=0"),
    (lambda: nn.Dense(2, 3, kernel_regularizer=0.01), "fit(..., penalty=train.L2(λ)): L2(λ) adds (λ/2) Σ w² to the "
                                                       "mean loss, so the course's (λ/2m) Σ‖W‖² is L2(λ / m)"),
    (lambda: train.LearningRateScheduler(schedule=lambda epoch: 0.1), "Keras's schedule is scheduler here"),
    (lambda: optim.Adam(_params(), learning_rate=0.01), "lr=0.01"),
    (lambda: optim.Adam(_params(), beta_1=0.9), "betas=(0.9, 0.999)"),
    (lambda: optim.Adam(_params(), beta2=0.99), "betas=(0.9, 0.999)"),
    (lambda: optim.AdamW(_params(), epsilon=1e-7), "eps=1e-8"),
    (lambda: optim.RMSProp(_params(), rho=0.9), "alpha=0.9"),
    (lambda: optim.RMSProp(_params(), beta=0.9), "alpha=0.9"),
    (lambda: optim.SGD(_params(), lr=0.1, beta=0.9), "momentum=β"),
    (lambda: optim.SGD(_params(), lr=0.1, clipnorm=1.0), "clip_norm=1.0"),
    (lambda: optim.SGD(_params(), lr=0.1, decay=1e-4), "per='batch'"),
    (lambda: train.L2(lambd=0.7), "L2(λ / m)"),
    (lambda: train.L1(l1=0.01), "L1(1e-3)"),
    (lambda: train.LearningRateScheduler(lambda epoch: 0.1, verbose=1), "history['lr']"),
])
def test_a_course_or_keras_name_is_refused_with_the_way_here(make, named):
    with pytest.raises(TypeError, match="unexpected keyword argument") as refused:
        make()
    assert named in str(refused.value)


@pytest.mark.parametrize("keyword", ["lambd", "l2", "weight_decay", "keep_prob"])
def test_fit_names_the_penalty_or_the_layer_for_the_courses_regularisation(keyword):
    X, y = data.load("moons", n_samples=20, seed=0)
    model = nn.MLP([2, 4, 1], output="sigmoid")
    with pytest.raises(TypeError, match="unexpected keyword argument") as refused:
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, **{keyword: 0.5})
    assert ("keep_prob=0.8 is Dropout(p=0.2)" if keyword == "keep_prob" else "penalty=train.L2(λ)") in str(refused.value)
    assert ("Keras's l2(λ), λ Σ w², is L2(2 * λ)" in str(refused.value)) == (keyword != "keep_prob")


def test_a_penalty_keeps_its_rate_required_and_its_signature_plain():
    # (a placeholder default let L2(lambd=0.7) reach the keyword check, and showed as <required>)
    import inspect
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'rate'"):
        train.L2()
    assert str(inspect.signature(train.L2)) == "(rate, layers=None, include_bias=False)"


def test_the_courses_momentum_is_sgd_with_lr_times_one_minus_beta(float64):
    # the course: v = β v + (1 − β) dW from v = 0, W ← W − α v; the hint: SGD(lr=α(1 − β), momentum=β)
    rng = np.random.default_rng(0)
    alpha, beta = 0.1, 0.9
    w = nn.Parameter(rng.standard_normal(5), "w")
    course_w, v = w.data.copy(), np.zeros(5)
    sgd = optim.SGD([w], lr=alpha * (1 - beta), momentum=beta)
    for _ in range(6):
        g = rng.standard_normal(5)
        v = beta * v + (1 - beta) * g
        course_w -= alpha * v
        w.grad[...] = g
        sgd.step()
    np.testing.assert_allclose(w.data, course_w, rtol=1e-13)


def test_the_courses_l2_cost_is_the_penalty_lambda_over_m(float64):
    # one full-batch gradient step on J = (1/m) Σ BCE + (λ/2m) Σ‖W[l]‖², with torch's autograd,
    # against fit(penalty=L2(λ / m)) with the same start
    X, y = data.load("moons", n_samples=40, seed=0)
    lam, m, lr = 0.7, len(X), 0.5
    model = nn.MLP([2, 5, 1], activation="tanh", output="sigmoid", rng=np.random.default_rng(0))
    weights = [torch.tensor(layer.weight.data, requires_grad=True) for layer in model.layers[::2]]
    biases = [torch.tensor(layer.bias.data, requires_grad=True) for layer in model.layers[::2]]
    a = torch.tanh(torch.tensor(X) @ weights[0].T + biases[0])
    p = torch.sigmoid(a @ weights[1].T + biases[1])[:, 0]
    cost = (torch.nn.functional.binary_cross_entropy(p, torch.tensor(y, dtype=torch.float64))
            + lam / (2 * m) * sum((W ** 2).sum() for W in weights))
    cost.backward()
    history = model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=lr), epochs=1,
                        batch_size="full", verbose=0, penalty=train.L2(lam / m))
    assert history["loss"][0] == pytest.approx(cost.item(), rel=1e-12)
    for layer, W, b in zip(model.layers[::2], weights, biases):
        np.testing.assert_allclose(layer.weight.data, (W - lr * W.grad).detach().numpy(), rtol=1e-12)
        np.testing.assert_allclose(layer.bias.data, (b - lr * b.grad).detach().numpy(), rtol=1e-12)
