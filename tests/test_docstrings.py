"""Every example in a docstring of the library runs and prints what it shows (``>>>`` lines,
run by doctest): the pitfall of a stale ``p.data`` in ``nn.parameter``, a Dataset unpacked as
(X, y), an augmentation's shapes."""
import doctest
import importlib
from pathlib import Path

import pytest

import neuralab

PACKAGE = Path(neuralab.__file__).parent
MODULES = sorted(f"neuralab.{'.'.join(path.relative_to(PACKAGE).with_suffix('').parts)}"
                 for path in PACKAGE.rglob("*.py") if ">>>" in path.read_text(encoding="utf-8"))


def test_the_examples_are_found():
    # the modules known to hold examples: a search that finds none would pass every test below
    assert {"neuralab.nn.parameter", "neuralab.data.dataset", "neuralab.data.augment"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_a_docstring_example_runs_and_shows_what_it_says(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has '>>>' outside any docstring doctest reads"
    assert result.failed == 0, f"{result.failed} of the examples in {name} failed (doctest printed them above)"
