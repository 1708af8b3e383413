"""What a newcomer meets at the prompt and in a notebook: ``dir()`` and tab completion list each
package's classes, functions and public submodules, not the modules they are written in;
``train.plots`` is there after ``from neuralab import train``; help() and Shift-Tab show each
activation's real parameters and its formula, and the math of a model's forward and backward,
of StepLR and of the file ``save`` writes."""
import inspect
import types

import numpy as np
import pytest

import neuralab
from neuralab import classic, data, io, nn, optim, train
from fresh_python import printed_by_fresh_python

PACKAGES = {"neuralab": neuralab, "nn": nn, "optim": optim, "data": data, "train": train,
            "classic": classic, "io": io}
# the submodules a learner uses by name (README: ``from neuralab.train import plots``)
PUBLIC_SUBMODULES = {"neuralab": {"nn", "optim", "data", "train", "classic", "io"}, "nn": {"init"},
                     "train": {"plots"}}


def _help_dir_public(package):
    return [name for name in dir(package) if not name.startswith("_")]


@pytest.mark.parametrize("name", PACKAGES)
def test_dir_lists_classes_functions_and_public_submodules_only(name):
    package = PACKAGES[name]
    listed = _help_dir_public(package)
    modules = {n for n in listed if isinstance(getattr(package, n), types.ModuleType)}
    assert modules == PUBLIC_SUBMODULES.get(name, set())
    others = [getattr(package, n) for n in listed if n not in modules]
    assert all(callable(value) and value.__module__.startswith("neuralab.") for value in others)
    # before: nn listed ~40 of its modules (habits, replace_file), train 30 diagnose_* modules,
    # neuralab importlib, FUNCTIONS, TORCH_NAMES, and the helpers each imported
    assert not {"habits", "replace_file", "user_line", "diagnose_cache", "importlib", "FUNCTIONS",
                "SUBPACKAGES", "TORCH_NAMES", "other_names", "did_you_mean", "public_dir",
                "scikit_learn_hint"} & set(listed)


def test_dir_keeps_what_a_learner_reaches_for_and_every_name_stays_importable():
    expected = {neuralab: {"load", "seed", "set_default_dtype", "nn", "train"},
                nn: {"Dense", "Sequential", "MLP", "ReLU", "Softmax", "CrossEntropyLoss", "init", "sigmoid"},
                optim: {"SGD", "Adam", "StepLR", "MultiStepLR", "get", "step_decay"},
                data: {"load", "load_csv", "train_test_split", "Standardizer", "moons"},
                train: {"fit", "EarlyStopping", "Monitor", "gradcheck", "confusion_matrix", "plots"},
                classic: {"Perceptron", "LogisticRegression"}, io: {"save", "load", "to_torch"}}
    for package, names in expected.items():
        assert names <= set(dir(package)), package.__name__
    # left out of dir, not out of reach
    assert nn.ACTIVATIONS["relu"] is nn.ReLU and "Adamax" in optim.TORCH_NAMES
    assert isinstance(nn.habits, types.ModuleType) and train.diagnose_cache.__name__ == "neuralab.train.diagnose_cache"
    from neuralab.nn.habits import HABITS  # noqa: F401
    from neuralab.optim import not_an_optimizer  # noqa: F401


def test_train_plots_is_there_after_from_neuralab_import_train_and_matplotlib_only_then():
    # "module 'neuralab.train' has no attribute 'plots'" unless plots had been imported by name
    script = ("import sys\n"
              "from neuralab import train\n"
              "print('matplotlib' in sys.modules, 'plots' in dir(train))\n"
              "print(train.plots.loss_curves.__module__, 'matplotlib' in sys.modules)\n"
              "try:\n    train.plot\nexcept AttributeError as err:\n    print(err)\n")
    assert printed_by_fresh_python(script) == ["False True", "neuralab.train.plots True",
                                               "module 'neuralab.train' has no attribute 'plot'"]


@pytest.mark.parametrize("cls, shown", [(nn.Sigmoid, "()"), (nn.Tanh, "()"), (nn.ReLU, "()"), (nn.Identity, "()"),
                                        (nn.Step, "()"), (nn.LeakyReLU, "(alpha=0.01)"), (nn.Softmax, "(axis=-1)"),
                                        (optim.StepLR, "(optimizer, step_size, gamma=0.1)")])
def test_signatures_show_the_real_parameters_and_torchs_keywords_are_still_refused(cls, shown):
    # help() and Jupyter's Shift-Tab showed Sigmoid(*args, **unexpected), the catch-all that refuses
    # torch's keywords
    assert str(inspect.signature(cls)) == shown
    with pytest.raises(TypeError, match=rf"^{cls.__name__}\(\) got an unexpected keyword argument 'inplace'"):
        cls(optim.SGD(nn.Dense(1, 1).parameters(), lr=0.1), 2, inplace=True) if cls is optim.StepLR else cls(inplace=True)


def test_a_positional_argument_to_an_activation_is_refused_in_words():
    with pytest.raises(TypeError, match=r"^Sigmoid\(\) takes no arguments$"):
        nn.Sigmoid(1)


@pytest.mark.parametrize("cls, formula, derivative", [
    (nn.Identity, "a = z", "f'(z) = 1"), (nn.Step, "a = 1 if z ≥ 0 else 0", "f'(z) = 0"),
    (nn.Sigmoid, "σ(z) = 1 / (1 + e^(-z))", "f'(z) = σ(z)(1 - σ(z))"), (nn.Tanh, "a = tanh(z)", "f'(z) = 1 - tanh²(z)"),
    (nn.ReLU, "a = max(0, z)", "f'(z) = 1 if z > 0 else 0"), (nn.LeakyReLU, "a = z if z > 0 else α·z", "else α"),
    (nn.Softmax, "a_k = e^(z_k) / Σ_j e^(z_j)", "J = ∂a/∂z = diag(a) - a aᵀ")])
def test_each_activation_says_its_formula_its_derivative_and_an_example_not_its_internals(cls, formula, derivative):
    doc = inspect.getdoc(cls)
    assert formula in doc and derivative in doc and f">>> {cls.__name__}(" in doc
    for internal in ("own_formulas", "guarded_init", "forward_hooks", "__init_subclass__"):
        assert internal not in doc
    assert "a = " in inspect.getdoc(cls.forward) and "δ_z = " in inspect.getdoc(cls.backward)


def test_a_models_forward_and_backward_state_their_math():
    model = nn.MLP([2, 3, 1])
    forward, backward = inspect.getdoc(model.forward), inspect.getdoc(model.backward)
    assert "a[l] = layer_l.forward(a[l-1])" in forward and "z[l] = a[l-1] · W[l]ᵀ + b[l]" in forward
    assert "δ[l-1] = layer_l.backward(δ[l])" in backward and "dW[l] += δ_zᵀ · a[l-1]" in backward
    assert "_caches" not in backward and ">>>" in forward and ">>>" in backward


def test_save_says_what_the_file_holds():
    doc = inspect.getdoc(nn.Sequential.save)
    assert '"__neuralab__"' in doc and '"0.weight"' in doc and "neuralab.load(path)" in doc


def test_steplr_follows_the_formula_its_help_gives():
    assert "η_t = η_0 · γ^⌊t / step_size⌋" in inspect.getdoc(optim.StepLR)
    layer = nn.Dense(1, 1)
    opt = optim.SGD(layer.parameters(), lr=0.1)
    scheduler = optim.StepLR(opt, step_size=3, gamma=0.5)
    for t in range(10):
        assert opt.lr == pytest.approx(0.1 * 0.5 ** (t // 3), rel=1e-12)
        for p in layer.parameters():
            p.grad = np.ones(p.shape)
        opt.step()
        scheduler.step()


def test_a_loss_shows_the_constructor_it_is_called_with():
    # help(nn.MSELoss) and Jupyter showed MSELoss(*args, **kwargs), there only to refuse torch's options
    for loss in (nn.MSELoss, nn.BCELoss, nn.BCEWithLogitsLoss, nn.CrossEntropyLoss):
        assert str(inspect.signature(loss)) == "()"
    with pytest.raises(TypeError, match="unexpected keyword argument 'reduction'"):
        nn.MSELoss(reduction="sum")


def test_help_of_a_layer_names_no_internals():
    # help(nn.Sigmoid) showed Layer.__init_subclass__'s notes on guarded_init and forward_hooks.py,
    # and check_buffer's on BufferSlot: how the library is built, not how a layer is used
    import pydoc
    text = pydoc.render_doc(nn.Sigmoid, renderer=pydoc.plaintext)
    for internal in ("guarded_init", "forward_hooks", "BufferSlot", "parameter_guard", "HABITS"):
        assert internal not in text


def _public_callables():
    import neuralab
    from neuralab import classic, data, train
    for package in (nn, optim, train, classic, data, neuralab):
        for name in dir(package):
            value = getattr(package, name)
            if callable(value) and not name.startswith("_") and getattr(value, "__module__", "").startswith("neuralab"):
                yield f"{package.__name__}.{name}", value


def test_no_public_class_or_function_shows_the_catch_all_that_refuses_other_librarys_keywords():
    # help(nn.Dense), Jupyter's Shift-Tab showed Dense(..., rng=None, **unexpected), SGD and MLP alike:
    # the catch-all only refuses torch's and Keras's keywords in words, and looked as if it took more.
    # train_test_split keeps it: its answer to scikit-learn's train_size is computed from the data.
    shown = {name: str(inspect.signature(value)) for name, value in _public_callables()
             if not (inspect.isclass(value) and issubclass(value, BaseException))}
    assert len(shown) > 60
    assert [name for name, signature in shown.items() if "**unexpected" in signature] == ["neuralab.data.train_test_split"]
    with pytest.raises(TypeError, match=r"^Dense\(\) got an unexpected keyword argument 'device'"):
        nn.Dense(2, 3, device="cpu")
    with pytest.raises(TypeError, match=r"^RMSProp\(\) got an unexpected keyword argument 'learning_rate' \(.*"
                                        r"optim\.RMSProp\(model\.parameters\(\), lr=0\.5\)"):
        optim.RMSProp(nn.Dense(1, 1).parameters(), learning_rate=0.5)
