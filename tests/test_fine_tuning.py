"""Model surgery and fine-tuning, as a learner coming from PyTorch or Keras does it: a body trained
on one task reused under a new head for another, frozen and then unfrozen; torch's parameter
groups; the freezing switches of Keras and torch; BatchNorm in a frozen body; a Sequential's
layers changed in place. Compared with torch in float64 where torch does the same."""
import copy

import numpy as np
import pytest
import torch
from torch_reference import tensor, torch_module

import neuralab
from neuralab import data, nn, optim


def _digits(low):
    """Digits low..low+4 as float64 samples and labels 0..4, the first 150 of them."""
    X, y = data.load("digits")
    keep = (y >= low) & (y < low + 5)
    return X[keep][:150].astype(np.float64) / 16, y[keep][:150] - low


def _pretrained(*layers):
    """A float64 network trained for a few epochs on digits 0-4."""
    neuralab.seed(0)
    model = nn.Sequential(*layers).to(np.float64)
    X, y = _digits(0)
    model.fit(X, y, loss="cross_entropy", optimizer="adam", epochs=3, verbose=0, seed=0)
    return model


def _torch_fit(module, params, X, y, epochs, batch_size=32, **options):
    """torch's twin of fit(..., shuffle=False): Adam over ``params``, cross-entropy on logits."""
    opt = torch.optim.Adam(params, **options)
    for _ in range(epochs):
        for start in range(0, len(X), batch_size):
            opt.zero_grad()
            out = module(tensor(X[start:start + batch_size]))
            torch.nn.functional.cross_entropy(out, torch.tensor(y[start:start + batch_size])).backward()
            opt.step()


def _assert_same_weights(model, module):
    theirs = dict(module.named_parameters())
    for name, p in model.named_parameters():
        np.testing.assert_allclose(p.data, theirs[name].detach().numpy(), rtol=1e-9, atol=1e-12)


def test_a_new_head_on_a_frozen_body_then_everything_fine_tuned_matches_torch():
    model = _pretrained(nn.Dense(64, 16), nn.ReLU(), nn.Dense(16, 5))
    body = model[:-1]
    new = nn.Sequential(body, nn.Dense(16, 5).to(np.float64))
    reference = torch_module(new)
    X, y = _digits(5)
    before = [p.data.copy() for p in body.parameters()]

    new.fit(X, y, loss="cross_entropy", optimizer=optim.Adam(new[1].parameters(), lr=0.01),
            epochs=2, shuffle=False, verbose=0)
    for p in reference[0].parameters():  # torch's way to freeze
        p.requires_grad = False
    _torch_fit(reference, reference[1].parameters(), X, y, epochs=2, lr=0.01)
    assert all(np.array_equal(p.data, b) for p, b in zip(body.parameters(), before))
    assert not any(p.has_grad for p in body.parameters())  # no gradient piles up in them
    assert {id(p) for p in new.frozen_parameters} == {id(p) for p in body.parameters()}
    _assert_same_weights(new, reference)

    # unfrozen: everything, at a smaller learning rate
    new.fit(X, y, loss="cross_entropy", optimizer=optim.Adam(new.parameters(), lr=1e-3),
            epochs=2, shuffle=False, verbose=0)
    for p in reference[0].parameters():
        p.requires_grad = True
    _torch_fit(reference, reference.parameters(), X, y, epochs=2, lr=1e-3)
    _assert_same_weights(new, reference)
    assert new.frozen_parameters == frozenset()
    assert model[0] is body[0] and not np.array_equal(model[0].weight.data, before[0])


def test_a_copy_trains_alone():
    model = _pretrained(nn.Dense(64, 16), nn.ReLU(), nn.Dense(16, 5))
    before, steps = [p.data.copy() for p in model.parameters()], model.optimizer.t
    twin = copy.deepcopy(model)
    twin[-1] = nn.Dense(16, 5).to(np.float64)
    X, y = _digits(5)
    twin.fit(X, y, loss="cross_entropy", optimizer="adam", epochs=1, verbose=0)
    assert all(np.array_equal(p.data, b) for p, b in zip(model.parameters(), before))
    assert model.optimizer.t == steps


@pytest.mark.parametrize("switch", ["trainable", "requires_grad"])
def test_the_freezing_switches_of_keras_and_torch_are_refused_when_set(switch):
    # layer.trainable = False (Keras) and p.requires_grad = False (torch) were stored and never
    # read: the "frozen" layer trained all the same, silently. fit and the optimizer's constructor
    # refused them, but not a flag set after the optimizer was built, nor one in a loop of one's own
    model = nn.Sequential(nn.Dense(4, 3), nn.ReLU(), nn.Dense(3, 2))
    opt = optim.SGD(model.parameters(), lr=0.1)
    targets = [model[0], model] if switch == "trainable" else [model[0].weight, nn.Parameter([1.0])]
    owners = [r"Dense\(4, 3\)", r"Sequential\(Dense\(4, 3\), ReLU\(\), Dense\(3, 2\)\)"] \
        if switch == "trainable" else ["weight", "parameter"]
    for target, owner in zip(targets, owners):
        with pytest.raises(ValueError, match=rf"^{owner}\.{switch} = False is refused: nothing here reads "
                                             rf"{switch}.*optim\.Adam\(model\[(-1|i)\]\.parameters\(\)\)"):
            setattr(target, switch, False)
        with pytest.raises(TypeError, match=rf"{switch} must be True or False, got int 0"):
            setattr(target, switch, 0)
        setattr(target, switch, True)  # unfreezing code runs: everything trains already
        assert getattr(target, switch) is True
    assert [p for p in model.parameters() if p.requires_grad] == model.parameters()  # torch's filter

    before = model[0].weight.data.copy()
    X, y = np.ones((8, 4), np.float32), np.zeros(8, np.int64)
    loss = nn.CrossEntropyLoss()
    loss(model.forward(X, training=True), y)
    model.backward(loss.backward())
    opt.step()
    assert not np.array_equal(model[0].weight.data, before)  # the loop trains it: nothing froze it


def test_parameter_groups_are_refused_with_a_loop_that_matches_torchs_groups():
    neuralab.seed(0)
    model = nn.Sequential(nn.Dense(6, 8), nn.Tanh(), nn.Dense(8, 3)).to(np.float64)
    body, head = model[:2], model[2]
    with pytest.raises(TypeError, match=r"params\[0\] is a dict: there are no parameter groups here.*"
                                        r"optim\.SGD\(<group 0's params>, lr=0\.001, \.\.\.\), "
                                        r"optim\.SGD\(<group 1's params>, lr=0\.1, \.\.\.\).*"
                                        r"for opt in opts: opt\.step\(\); opt\.zero_grad\(\)"):
        optim.SGD([{"params": body.parameters(), "lr": 1e-3}, {"params": head.parameters()}],
                  lr=0.1, momentum=0.9)
    reference = torch_module(model)
    theirs = torch.optim.SGD([{"params": reference[:2].parameters(), "lr": 1e-3},
                              {"params": reference[2].parameters()}], lr=0.1, momentum=0.9)
    opts = [optim.SGD(body.parameters(), lr=1e-3, momentum=0.9),   # the loop the message gives
            optim.SGD(head.parameters(), lr=0.1, momentum=0.9)]
    rng = np.random.default_rng(0)
    loss = nn.CrossEntropyLoss()
    for _ in range(30):
        x, y = rng.standard_normal((10, 6)), rng.integers(0, 3, 10)
        loss(model.forward(x, training=True), y)
        model.backward(loss.backward())
        for opt in opts:
            opt.step()
            opt.zero_grad()
        theirs.zero_grad()
        torch.nn.functional.cross_entropy(reference(tensor(x)), torch.tensor(y)).backward()
        theirs.step()
    _assert_same_weights(model, reference)


def test_a_frozen_batchnorm_warns_and_training_the_head_on_features_keeps_it_as_torchs_eval():
    # fit runs every layer in training mode: the running statistics of a frozen BatchNorm moved
    # to the new data's, silently, and the model the body came from predicted otherwise
    model = _pretrained(nn.Dense(64, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.2),
                        nn.Dense(16, 5))
    body = model[:-1]
    X, y = _digits(5)
    stats = [b.copy() for _, b in body.named_buffers()]
    new = nn.Sequential(copy.deepcopy(body), nn.Dense(16, 5).to(np.float64))
    with pytest.warns(UserWarning, match=r"layer 0\.1 BatchNorm1d\(16\) is frozen .* running "
                                         r"statistics move.*head\.fit\(body\.predict\(X\), y"):
        new.fit(X, y, loss="cross_entropy", optimizer=optim.Adam(new[1].parameters()), epochs=1,
                verbose=0)

    head = nn.Sequential(nn.Dense(16, 5).to(np.float64))
    reference_head = torch_module(head)
    head.fit(body.predict(X), y, loss="cross_entropy", optimizer=optim.Adam(head.parameters(), lr=0.01),
             epochs=2, shuffle=False, verbose=0)
    assert all(np.array_equal(b, s) for (_, b), s in zip(body.named_buffers(), stats))

    dense, norm = body[0], body[1]
    reference_body = torch.nn.Sequential(torch_module(dense), torch.nn.BatchNorm1d(16, dtype=torch.float64),
                                         torch.nn.ReLU(), torch.nn.Dropout(0.2))
    with torch.no_grad():
        for name, value in [*norm.named_parameters(), *norm.named_buffers()]:
            getattr(reference_body[1], name).copy_(tensor(getattr(value, "data", value)))
    reference_body.eval()  # torch's way: the body as at prediction
    for p in reference_body.parameters():
        p.requires_grad = False
    _torch_fit(torch.nn.Sequential(reference_body, reference_head), reference_head.parameters(),
               X, y, epochs=2, lr=0.01)
    _assert_same_weights(head, reference_head)

    # fine-tuning everything moves the statistics on purpose: no warning
    nn.Sequential(body, head).fit(X, y, loss="cross_entropy", optimizer="adam", epochs=1, verbose=0)


def test_a_layer_list_changed_in_place_is_checked_as_the_constructor_checks_it():
    # model.layers.append(model.layers[0]) was accepted, and its backward silently wrong (the
    # layer's second forward overwrote what the first one's backward needs); a string put in
    # failed at the next forward with "'str' object has no attribute '_ran_in'"
    model = nn.Sequential(nn.Dense(4, 4), nn.ReLU(), nn.Dense(4, 2))
    layers = list(model)
    for change in (lambda: model.layers.append(model.layers[0]), lambda: model.layers.insert(0, model[1]),
                   lambda: model.layers.extend([nn.Tanh(), model[2]]), lambda: model.__setitem__(2, model[0])):
        with pytest.raises(ValueError, match=r"appears twice in the network"):
            change()
        assert list(model) == layers
    with pytest.raises(TypeError, match=r"Sequential takes layers; item 1 is str"):
        model.layers[1] = "relu"
    with pytest.raises(ValueError, match=r"cannot be one of its own layers"):
        model.layers[0] = model
    assert list(model) == layers

    model.forward(np.ones((2, 4), np.float32), training=True)
    model[-1] = nn.Dense(4, 3)  # torch's way to put a new head on
    with pytest.raises(ValueError, match=r"layer 2 Dense\(4, 3\) did not run in the forward pass that "
                                         r"backward differentiates: it was put in after it"):
        model.backward(np.ones((2, 2), np.float32))  # said another model ran a pass since
    del model[1]
    model.insert(1, nn.Tanh())
    assert [type(layer).__name__ for layer in model] == ["Dense", "Tanh", "Dense"]
    assert model.predict(np.ones((2, 4), np.float32)).shape == (2, 3)
    twin = copy.deepcopy(model)
    with pytest.raises(ValueError, match=r"appears twice"):
        twin.layers.append(twin[0])
    # the whole list replaced: checked too (a plain list took a string, met at the next forward)
    with pytest.raises(TypeError, match=r"Sequential takes layers; item 1 is str"):
        twin.layers = [nn.Dense(4, 4), "relu"]
    with pytest.raises(ValueError, match=r"appears twice"):
        twin.layers = [twin[0], twin[0]]
    twin.layers = [nn.Dense(4, 2)]
    twin.layers.append(nn.Sigmoid())
    assert twin.predict(np.ones((2, 4), np.float32)).shape == (2, 2) and [n for n, _ in twin.named_parameters()] == ["0.weight", "0.bias"]


def test_the_old_models_optimizer_on_the_new_model_names_the_layer_that_would_not_train():
    # the warning said parameters "not held are not trained" without naming them: here the new
    # head, the one layer the learner meant to train
    model = _pretrained(nn.Dense(64, 16), nn.ReLU(), nn.Dense(16, 5))
    new = nn.Sequential(model[:-1], nn.Dense(16, 5).to(np.float64))
    X, y = _digits(5)
    with pytest.warns(UserWarning, match=r"holds 2 parameters that are not this model's .*this model's "
                                         r"layer 1 Dense\(16, 5\), whose parameters it does not hold, "
                                         r"would not train"):
        new.fit(X, y, loss="cross_entropy", optimizer=model.optimizer, epochs=1, verbose=0)


def test_a_layer_added_after_the_last_fit_is_named_when_its_optimizer_goes_on_and_frozen_ones_are_not():
    # model.append(...) then fit(optimizer=model.optimizer): the new layer never trained, silently
    X, y = _digits(0)
    model = nn.Sequential(nn.Dense(64, 16), nn.ReLU(), nn.Dense(16, 5)).to(np.float64)
    model.fit(X, y, loss="cross_entropy", optimizer=optim.Adam(model[2].parameters()), epochs=1, verbose=0)
    model.fit(X, y, loss="cross_entropy", optimizer=model.optimizer, epochs=1, verbose=0)  # frozen on purpose
    twin = copy.deepcopy(model)
    twin.fit(X, y, loss="cross_entropy", optimizer=twin.optimizer, epochs=1, verbose=0)
    model.append(nn.ReLU())
    model.append(nn.Dense(5, 5).to(np.float64))
    with pytest.warns(UserWarning, match=r"this model's layer 4 Dense\(5, 5\) joined it after its last "
                                         r"fit, whose optimizer this is.*would not train"):
        model.fit(X, y, loss="cross_entropy", optimizer=model.optimizer, epochs=1, verbose=0)
    assert [name for name, _ in model.named_parameters(remove_duplicate=False)] == \
        ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"]


def test_summary_counts_what_the_last_fit_left_frozen():
    # Keras shows trainable and non-trainable parameters; here frozen is what fit's optimizer left out
    model = nn.MLP([4, 8, 3])
    X, y = np.random.default_rng(0).standard_normal((16, 4)), np.arange(16) % 3
    assert "Frozen" not in model.summary(print_fn=None)
    model.fit(X, y, loss="cross_entropy", optimizer=optim.SGD(model[-1].parameters(), lr=0.1), epochs=1, verbose=0)
    assert model.summary(print_fn=None).splitlines()[-1] == "Frozen in the last fit (not in its optimizer): 40"
    model.fit(X, y, loss="cross_entropy", optimizer="sgd", epochs=1, verbose=0)
    assert "Frozen" not in model.summary(print_fn=None)
