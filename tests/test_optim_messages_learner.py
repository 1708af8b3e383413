"""What a learner of optimisation types from torch, Keras or the course, and what the command
line's schedule does in a short run: each is answered with the way to do its job here."""
import numpy as np
import pytest
import torch

from neuralab import cli, nn, optim


def _messages_params():
    return [nn.Parameter([1.0, 2.0])]


@pytest.mark.parametrize("cls", [optim.Adam, optim.AdamW])
@pytest.mark.parametrize("keyword, way", [
    ("momentum", r"Adam's momentum is β1, the decay rate of its running mean of the gradient, the first of betas: "
                 r"betas=\(0\.9, 0\.999\) is torch's default"),
    ("nesterov", r"Adam has no Nesterov switch: its momentum is β1, the first of betas=\(0\.9, 0\.999\).*NAdam.*"
                 r"optim\.SGD\(params, lr=0\.01, momentum=0\.9, nesterov=True\)"),
])
def test_sgds_momentum_switches_given_to_adam_name_its_betas(cls, keyword, way):
    with pytest.raises(TypeError, match=rf"^{cls.__name__}\(\) got an unexpected keyword argument '{keyword}' "
                                        rf"\({way}"):
        cls(_messages_params(), **{keyword: 0.9})


@pytest.mark.parametrize("cls", [optim.SGD, optim.RMSProp, optim.Adam, optim.AdamW, optim.Adagrad])
def test_keras_learning_rate_is_answered_with_the_optimizers_own_call_and_value(cls):
    with pytest.raises(TypeError, match=rf"^{cls.__name__}\(\) got an unexpected keyword argument 'learning_rate' "
                                        rf"\(the learning rate is lr here, as in torch: optim\.{cls.__name__}\("
                                        rf"model\.parameters\(\), lr=0\.05\)\)"):
        cls(_messages_params(), learning_rate=0.05)


@pytest.mark.parametrize("function, scheduler, example", [
    (optim.step_decay, "StepLR", "step_size=10"),
    (optim.cosine_warm_restarts, "CosineAnnealingWarmRestarts", "T_0=10"),
    (optim.linear_warmup, "LinearWarmup", "warmup_steps=5"),
])
def test_a_schedule_function_given_an_optimizer_names_the_scheduler_that_takes_one(function, scheduler, example):
    opt = optim.SGD(_messages_params(), lr=0.1)
    name = function.__name__
    with pytest.raises(TypeError, match=rf"^{name}\(\) builds a schedule function, step -> lr, from the lr itself, a "
                                        rf"number: optim\.{name}\(0\.1, {example}\); optim\.{scheduler}\(optimizer, "
                                        rf"{example}\) is the scheduler that takes an optimizer and sets its lr$"):
        function(opt, 10)
    assert opt.lr == 0.1


def test_optim_lr_scheduler_reads_as_a_sentence():
    with pytest.raises(AttributeError, match=r"^neuralab\.optim has no lr_scheduler: use the schedulers in "
                                             r"neuralab\.optim itself: optim\.StepLR, "):
        optim.lr_scheduler


@pytest.mark.parametrize("name, way", [
    ("MultiplicativeLR", r"a function of the epoch and the current lr: train\.LearningRateScheduler\(lambda epoch, lr: "
                         r"lr \* factor\(epoch\) if epoch else lr\)"),
    ("PolynomialLR", r"a function of the epoch: train\.LearningRateScheduler\(lambda epoch: 0\.1 \* \(1 - "),
    ("CyclicLR", r"a function of the update, train\.LearningRateScheduler\(f, per='batch'\)"),
    ("Adadelta", r"optim\.RMSProp, whose running mean of g² is Adadelta's first"),
    ("Adamax", r"optim\.Adam: Adamax is Adam with the largest \|g\|"),
    ("NAdam", r"optim\.Adam \(NAdam is Adam with Nesterov momentum\)"),
    ("RAdam", r"optim\.Adam with a warm-up.*optim\.LinearWarmup\(opt, warmup_steps=\.\.\.\), per='batch'\)"),
])
def test_torch_names_neuralab_lacks_get_what_does_their_job(name, way):
    with pytest.raises(AttributeError, match=rf"^neuralab\.optim has no {name}: use {way}"):
        getattr(optim, name)
    with pytest.raises(AttributeError, match=r"^module 'neuralab\.optim' has no attribute 'Adagradd'$"):
        optim.Adagradd   # a name of no library: Python's own words


def test_a_torch_optimizer_neuralab_lacks_given_to_fit_gets_the_same_answer():
    model = nn.MLP([2, 3, 1])
    X, y = np.random.default_rng(0).standard_normal((8, 2)), np.arange(8) % 2
    torch_opt = torch.optim.Adadelta(torch.nn.Linear(2, 1).parameters())
    with pytest.raises(TypeError, match=r"got torch's Adadelta, a PyTorch optimizer, .* and neuralab has no Adadelta: "
                                        r"use optim\.RMSProp, whose running mean of g² is Adadelta's first"):
        model.fit(X, y, loss="bce_logits", optimizer=torch_opt, epochs=1, verbose=0)


def test_torchs_multistep_lr_given_to_fit_is_named_with_neuralabs_own():
    torch_opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    model = nn.MLP([2, 3, 1])
    X, y = np.random.default_rng(0).standard_normal((8, 2)), np.arange(8) % 2
    with pytest.raises(TypeError, match=r"torch's MultiStepLR \(torch\.optim\.lr_scheduler\), which steps a torch "
                                        r"optimizer: here it is optim\.MultiStepLR over neuralab's optimizer"):
        model.fit(X, y, loss="bce_logits", optimizer="sgd", epochs=1, verbose=0,
                  callbacks=[torch.optim.lr_scheduler.MultiStepLR(torch_opt, [2])])


# -- the command line's schedule in a short run ------------------------------------------------------

@pytest.mark.parametrize("schedule, epochs, said", [
    ("step:10", "5", "note: --schedule step:10 would first multiply the lr by GAMMA at epoch 11, after the last of "
                     "--epochs 5, so the lr stays the same throughout: choose a SIZE below 5, or more epochs"),
    ("warmup:2,step:3", "5", "note: --schedule warmup:2,step:3 would first multiply the lr by GAMMA at epoch 6, after "
                             "the last of --epochs 5, so the lr stays as the warm-up leaves it: choose a SIZE below 3"),
    ("warmup:4,step:1", "4", "so the lr stays as the warm-up leaves it: train for more --epochs"),
])
def test_a_step_schedule_that_never_decays_in_the_run_is_noted(tmp_path, capsys, schedule, epochs, said):
    assert cli.main(["train", "--dataset", "moons", "--samples", "60", "--epochs", epochs, "--schedule", schedule,
                     "--quiet", "--out", str(tmp_path)]) == 0
    assert said in capsys.readouterr().out


def test_a_step_schedule_that_decays_within_the_run_is_not_noted_and_a_growing_one_is_warned_of(tmp_path, capsys):
    assert cli.main(["train", "--dataset", "moons", "--samples", "60", "--epochs", "5", "--schedule", "step:4",
                     "--quiet", "--out", str(tmp_path / "a")]) == 0
    assert "note: --schedule" not in capsys.readouterr().out
    assert cli.main(["train", "--dataset", "moons", "--samples", "60", "--epochs", "5", "--schedule", "step:2:2",
                     "--quiet", "--out", str(tmp_path / "b")]) == 0
    err = capsys.readouterr().err
    assert ("warning: --schedule step:2:2: StepLR: GAMMA=2 is above 1, so the lr is multiplied by 2 every 2 steps "
            "and grows. A decay has GAMMA below 1: GAMMA=0.5 divides the lr by 2\n") in err
