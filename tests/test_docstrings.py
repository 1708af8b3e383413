"""Every example in a docstring of the library runs and prints what it shows (``>>>`` lines,
run by doctest): the pitfall of a stale ``p.data`` in ``nn.parameter``, a Dataset unpacked as
(X, y), an augmentation's shapes; the shapes ``data.load`` gives and the order of its rows, the
geometry of each synthetic set, a stratified split, a Standardizer's training μ and σ applied to
test rows, a text target read from a CSV as sorted classes, an IDX file written byte by byte;
the perceptron converging on AND at its sixth epoch and never on XOR, logistic regression's
first loss ln 2; He weights of std sqrt(2/fan_in) keeping the scale of ten ReLU layers where
small ones shrink it to 3e-10; a Dense layer's z = a_prev · Wᵀ + b, δ_prev = δ · W and
dW = δᵀ · a_prev with weights set by hand; σ'(0) = 1/4, tanh'(0) = 1, the slopes of ReLU and
LeakyReLU at their kink, softmax rows that sum to 1 and ignore a shift; MSE, BCE, BCE on logits
and cross-entropy on two samples worked by hand (ln 2, gradients p - y over m, integer labels
and one-hot rows giving one loss); inverted dropout's kept units doubled at p = 0.5 and its
identity at evaluation; a batch normalised to mean 0 and std 1 per feature, then the running
statistics at evaluation; SGD's step θ - ηg and its momentum's growing velocity, Adam's first
step of η whatever the gradient's scale, RMSProp's first steps of 10η and 7.09η, and gradients
adding up until zero_grad; gradcheck passing a correct network and pointing at the layers
below a broken backward; save and load (and to_torch) giving the same predictions; early
stopping bringing back the best epoch's weights, a checkpoint keeping it on disk, a step
schedule's learning rates, and an untrained model's loss of ln 2."""
import doctest
import importlib
from pathlib import Path

import pytest

import neuralab

PACKAGE = Path(neuralab.__file__).parent


def _docstring_module_name(path):
    """The module a file of the package is imported as: a package's ``__init__.py`` is the
    package itself (importing "neuralab.data.__init__" would run that file a second time, as
    another module)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("neuralab",) + parts)


MODULES = sorted(_docstring_module_name(path)
                 for path in PACKAGE.rglob("*.py") if ">>>" in path.read_text(encoding="utf-8"))


def test_the_examples_are_found():
    # the modules known to hold examples: a search that finds none would pass every test below
    assert {"neuralab.nn.parameter", "neuralab.data.dataset", "neuralab.data.augment", "neuralab.data",
            "neuralab.data.synthetic", "neuralab.classic.perceptron", "neuralab.nn.init",
            "neuralab.train.gradcheck", "neuralab.io.save", "neuralab.nn.dense",
            "neuralab.nn.cross_entropy", "neuralab.optim.adam"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_a_docstring_example_runs_and_shows_what_it_says(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has '>>>' outside any docstring doctest reads"
    assert result.failed == 0, f"{result.failed} of the examples in {name} failed (doctest printed them above)"
