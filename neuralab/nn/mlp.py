"""MLP: a multi-layer perceptron built from the course's n0-n1-...-nL notation."""
import numpy as np

from . import activations
from . import init as initializers
from .placeholders import TooManyValues, placeholders
from .batchnorm import BatchNorm1d
from .checks import ArgumentTypeError, check_bool, check_size, checked_keywords
from .dense import MAX_MODEL_VALUES, Dense
from .dropout import Dropout, dropout_probability
from .course_parameters import course_parameters_hint
from .habits import ACTIVATION_NAMES, MLP_KEYWORDS
from .layer import Layer
from .random import check_generator
from .scikit_learn_habits import hidden_layers_hint
from .sequential import Sequential


@checked_keywords(MLP_KEYWORDS)   # the course's keep_prob, Keras's kernel_initializer
def MLP(sizes, activation="relu", output=None, init=None, rng=None, dropout=0.0, batchnorm=False):
    """A multi-layer perceptron in the course's notation: ``MLP([2, 16, 16, 1])`` is
    Dense(2→16), act, Dense(16→16), act, Dense(16→1), then the ``output`` activation
    (None = identity: raw scores, for regression or for losses that take logits).

    ``init`` defaults to the initialiser that suits ``activation`` (He for the ReLU family,
    Xavier for sigmoid and tanh) in the hidden layers and to Xavier in the output layer; an
    ``init`` given explicitly is used in every layer. Biases start at 0, as in Keras; with
    ``init="torch_default"`` weights and biases are drawn as torch.nn.Linear draws them.

    Each hidden block is Dense → BatchNorm1d (if ``batchnorm``) → activation → Dropout(``dropout``)
    (if ``dropout`` > 0); the output layer gets neither. With batch normalisation the hidden Dense
    layers have no bias: BN subtracts the batch mean, which cancels any bias, and its β takes
    the bias's role (as ``bias=False`` before ``torch.nn.BatchNorm1d``). ``rng`` (a Generator, an
    integer seed, or None for the library's, which ``neuralab.seed`` resets) draws the initial weights; the dropout
    masks are drawn from the generator of the ``fit`` that trains the model (its ``seed``).

    A layer larger than Dense takes, or a network of more values than a saved model may hold
    (``MAX_MODEL_VALUES``), is refused before any weight is drawn.

    >>> import numpy as np
    >>> from neuralab import nn
    >>> model = nn.MLP([2, 16, 16, 1], output="sigmoid", rng=np.random.default_rng(0))
    >>> model
    Sequential(Dense(2, 16), ReLU(), Dense(16, 16), ReLU(), Dense(16, 1), Sigmoid())
    >>> sum(p.size for p in model.parameters())            # (2·16 + 16) + (16·16 + 16) + (16·1 + 1)
    337
    >>> model.predict(np.zeros((5, 2))).shape                # one row per sample, one column per output
    (5, 1)
    >>> nn.MLP([2, 8, 1], batchnorm=True, dropout=0.2, rng=np.random.default_rng(0))
    Sequential(Dense(2, 8, bias=False), BatchNorm1d(8), ReLU(), Dropout(p=0.2), Dense(8, 1))
    """
    if course_parameters_hint(sizes):   # Andrew Ng's course's dict of arrays, printed whole below
        raise TypeError(f"sizes must be a list of layer sizes [n0, ..., nL], got a dict of arrays"
                        f"{course_parameters_hint(sizes, build=True)}")
    if isinstance(sizes, np.ndarray) and sizes.ndim == 1:
        sizes = sizes.tolist()  # NumPy integers become ints, floats stay floats (and are refused)
    elif isinstance(sizes, range):
        sizes = list(sizes)
    if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
        one = isinstance(sizes, (list, tuple)) and len(sizes) == 1   # scikit-learn's hidden_layer_sizes=(100,)
        # micrograd's MLP(nin, nouts): the input size, then the list of the others as activation
        nouts = isinstance(activation, (list, tuple)) and isinstance(sizes, int)
        raise ValueError(f"sizes must be a list of at least two layer sizes [n0, ..., nL], got {sizes!r}"
                         + (f" ({hidden_layers_hint(sizes)})" if one else "")
                         + (f"; micrograd's MLP(nin, nouts) is one list here, the input size first: "
                            f"nn.MLP({[sizes, *activation]})" if nouts else ""))
    sizes = [check_size(n, f"sizes[{i}]") for i, n in enumerate(sizes)]
    _refuse_layer(activation, "activation", sizes)
    _refuse_layer(output, "output", sizes)
    _check_name(activation, "activation", sizes)  # fail on an unknown name before building anything
    if output is not None:
        _check_name(output, "output", sizes)
    if output == "softmax" and sizes[-1] == 1:
        raise ValueError("output: a softmax over 1 output is always 1 (it divides each output by "
                         "their sum); use output='sigmoid' for one probability, or 2 outputs")
    dropout = dropout_probability(dropout, "dropout")
    batchnorm = check_bool(batchnorm, "batchnorm")
    if init is None:
        hidden_init = initializers.DEFAULT_FOR_ACTIVATION[activation]
        output_init = "xavier_uniform"
    else:
        initializers.get(init)  # "" or 0 is a mistake to report, not a request for the default
        hidden_init = output_init = init
    rng = check_generator(rng)  # a seed becomes one generator: per layer, layers of one shape would be equal
    arguments = (sizes, activation, output, hidden_init, output_init, rng, dropout, batchnorm)
    # A dry run on placeholders, which draw nothing and take no memory, so that Dense's limit and
    # the saved model's are met before any weight is drawn: a later layer's refusal came after the
    # earlier layers had moved rng and filled their memory (up to 400 MB each).
    try:
        with placeholders(max_values=MAX_MODEL_VALUES):
            _layers(*arguments)
    except TooManyValues:
        raise ValueError(f"sizes: this network would hold more than {MAX_MODEL_VALUES:,} values in "
                         f"its parameters and buffers, the most a saved model may hold (model.save "
                         f"and neuralab.load refuse more); use fewer or narrower layers") from None
    return Sequential(*_layers(*arguments))


def _layers(sizes, activation, output, hidden_init, output_init, rng, dropout, batchnorm):
    """MLP's layers, in order: a hidden block per hidden size, the output Dense, its activation."""
    layers = []
    for n_prev, n in zip(sizes[:-2], sizes[1:-1]):
        layers.append(Dense(n_prev, n, bias=not batchnorm, init=hidden_init, rng=rng))
        if batchnorm:
            layers.append(BatchNorm1d(n))
        layers.append(activations.get(activation))
        if dropout > 0:
            layers.append(Dropout(dropout))
    layers.append(Dense(sizes[-2], sizes[-1], init=output_init, rng=rng))
    if output not in (None, "identity", "linear"):
        layers.append(activations.get(output))
    return layers


def _refuse_layer(value, argument, sizes):
    """Refuse an activation layer, or its class, as MLP's ``activation`` or ``output``, saying
    how to build that network: MLP takes names, each hidden block getting a new layer of the
    activation so named and the initialiser that suits it (He for ReLU), while one layer cannot
    serve every block (each keeps its own forward pass) and a class of your own has no
    initialiser to go with it. nn.Sequential takes any layers and saves them all the same."""
    if not (isinstance(value, Layer) or (isinstance(value, type) and issubclass(value, Layer))):
        return
    cls = value if isinstance(value, type) else type(value)
    name = cls.__name__
    builtin = next((n for n, c in activations.ACTIVATIONS.items() if c is cls), None)
    if builtin is not None and (value is cls or value.config() == cls().config()):
        raise ArgumentTypeError(f"{argument}: MLP takes the activation's name, {argument}={builtin!r}, "
                                f"not the layer {'class ' if value is cls else ''}{name}")
    layer = f"{name}()" if value is cls else repr(value)
    raise ArgumentTypeError(f"{argument}: MLP takes the name of a built-in activation "
                            f"({', '.join(activations.ACTIVATIONS)}), got the layer "
                            f"{'class ' if value is cls else ''}{name}; "
                            f"to use that layer, list the network's layers with nn.Sequential: "
                            f"{_sequential_example(argument, sizes, layer)}")


def _check_name(value, argument, sizes):
    """``activations.check_name``, whose refusal of an unknown name (an activation of your own,
    "square") also says where such an activation goes: a network listed with nn.Sequential."""
    try:
        activations.check_name(value, argument)
    except ValueError as err:
        if not isinstance(value, str) or value in ACTIVATION_NAMES:   # another library's name: the one here
            raise
        raise ValueError(f"{err}. An activation of your own (a subclass of nn.Activation) goes in a "
                         f"network listed layer by layer: "
                         f"{_sequential_example(argument, sizes, 'YourActivation()')}") from None


def _sequential_example(argument, sizes, layer):
    """nn.Sequential(...) of the network MLP(sizes) would build, with ``layer`` as its
    ``argument`` ("activation": after the first hidden Dense; "output": after the last)."""
    if argument == "activation":  # its first hidden block: the whole network for [n0, n1, n2]
        example = f"nn.Dense({sizes[0]}, {sizes[1]}), {layer}, " + (
            f"nn.Dense({sizes[1]}, {sizes[2]})" if len(sizes) == 3 else "...")
    else:
        example = f"..., nn.Dense({sizes[-2]}, {sizes[-1]}), {layer}"
    return f"nn.Sequential({example})"
