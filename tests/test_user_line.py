"""nn.user_line.warn attributes a warning of the library to the user's line: the first frame whose
code is not neuralab's, typed code ("<string>", an IPython cell) included."""
import warnings

import numpy as np

import neuralab
from neuralab import nn, optim

_PACKAGE_DIR = neuralab.__path__[0]


def _ul_step_without_gradient():
    """An SGD step with no gradient since zero_grad: the library warns at once."""
    return optim.SGD([nn.Parameter(np.zeros(2))], lr=0.1)


def test_a_warning_from_typed_code_points_at_it_even_with_the_working_directory_in_the_package(monkeypatch):
    # "<ipython-input-3>" made absolute lay inside neuralab/ when the working directory did: the
    # warning skipped the typed line and pointed into the code that ran it (here, this file)
    optimizer = _ul_step_without_gradient()
    monkeypatch.chdir(_PACKAGE_DIR)
    typed = compile("\n\noptimizer.step()\n", "<ipython-input-3>", "exec")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(typed, {"optimizer": optimizer})  # noqa: S102 - what a notebook does with a cell
    assert [(w.filename, w.lineno) for w in caught] == [("<ipython-input-3>", 3)]


def test_the_default_filter_shows_a_warning_once_per_user_line():
    optimizer = _ul_step_without_gradient()
    with warnings.catch_warnings(record=True) as caught:
        warnings.resetwarnings()
        warnings.simplefilter("default")
        for _ in range(3):
            optimizer.step()
        for _ in range(2):
            optimizer.step()
    assert len(caught) == 2 and caught[0].lineno != caught[1].lineno
