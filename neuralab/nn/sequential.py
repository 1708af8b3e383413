"""Sequential: layers applied one after the other, and MLP, the course's n0-n1-...-nL notation."""
from . import activations
from . import init as initializers
from .batchnorm import BatchNorm1d
from .checks import check_bool, check_size
from .dense import Dense
from .dropout import Dropout, _probability
from .layer import Layer


class Sequential(Layer):
    """a[0] = x,  a[l] = layer_l(a[l-1]);  backward runs the layers in reverse:
    δ[l-1] = layer_l.backward(δ[l]).

    Besides ``forward``/``backward`` it carries the Keras-style model methods ``fit``,
    ``predict``, ``evaluate``, ``summary`` and ``save``; they are thin doors to
    ``neuralab.train`` and ``neuralab.io``, imported when called, so ``nn`` itself never
    depends on the packages above it.
    """

    def __init__(self, *layers):
        if len(layers) == 1 and isinstance(layers[0], (list, tuple)):
            layers = tuple(layers[0])
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"Sequential takes layers; item {i} is {type(layer).__name__}")
        self.layers = list(layers)

    def forward(self, x, training=False):
        for layer in self.layers:
            x = layer.forward(x, training=training)
        return x

    skips_input_grad = True

    def backward(self, grad_out, input_grad=True):
        """``input_grad=False`` lets the first layer skip dL/dx when it can (``fit`` uses it:
        the gradient with respect to the data is never needed to train); it then returns None."""
        if not self.layers:
            return grad_out
        first, *rest = self.layers
        for layer in reversed(rest):
            grad_out = layer.backward(grad_out)
        if input_grad or not first.skips_input_grad:
            return first.backward(grad_out)
        return first.backward(grad_out, input_grad=False)

    def __repr__(self):
        return "Sequential(" + ", ".join(map(repr, self.layers)) + ")"

    def __getitem__(self, i):
        return self.layers[i]

    def __len__(self):
        return len(self.layers)

    def to_spec(self):
        return {"type": "Sequential", "layers": [layer.to_spec() for layer in self.layers]}

    @classmethod
    def _from_config(cls, args):
        if set(args) != {"layers"} or not isinstance(args["layers"], list):
            raise ValueError("a Sequential spec has exactly one key besides 'type': 'layers', a list")
        return cls(*(Layer.from_spec(s) for s in args["layers"]))

    def output_shape(self, input_shape):
        for layer in self.layers:
            input_shape = layer.output_shape(input_shape)
        return input_shape

    def input_features(self):
        """n[0], the number of input features, read off the first layer that knows it."""
        for layer in self.layers:
            if hasattr(layer, "in_features"):
                return layer.in_features
        return None

    # -- model methods (Keras-style) -------------------------------------------------------------
    def fit(self, X, y, **kwargs):
        """Train with mini-batch gradient descent; see ``neuralab.train.fit``. Returns a History."""
        from ..train.fit import fit
        return fit(self, X, y, **kwargs)

    def evaluate(self, X, y, **kwargs):
        """Loss and metrics on (X, y) as a dict; see ``neuralab.train.evaluate``."""
        from ..train.fit import evaluate
        return evaluate(self, X, y, **kwargs)

    def predict(self, X, batch_size=None):
        """The network's output for X in evaluation mode (no dropout, running statistics)."""
        from ..train.fit import predict
        return predict(self, X, batch_size=batch_size)

    def save(self, path):
        """Write spec + weights to ``path`` in neuralab's safe format (no pickle)."""
        from ..io.save import save
        return save(self, path)

    def summary(self, input_features=None, print_fn=print):
        """Print (and return) a table: layer, output shape, parameters; then the total.

        A Dense layer n[l-1] -> n[l] has n[l]·n[l-1] weights + n[l] biases.
        """
        n_in = input_features or self.input_features()
        shape = (n_in,) if n_in else None
        rows = [("Layer", "Output shape", "Params")]
        digits = len(str(len(self.layers) - 1))  # layer 10 and on keep their names in line
        for i, layer in enumerate(self.layers):
            shape = layer.output_shape(shape) if shape is not None else None
            out = "(None, " + ", ".join(map(str, shape)) + ")" if shape else "?"
            rows.append((f"{i:>{digits}}  {layer!r}", out, f"{layer.num_parameters():,}"))
        widths = [max(len(r[c]) for r in rows) for c in range(3)]
        rule = "-" * (sum(widths) + 4)
        lines = [rule]
        for j, row in enumerate(rows):
            lines.append(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}")
            if j == 0:
                lines.append(rule)
        lines += [rule, f"Total parameters: {self.num_parameters():,}"]
        text = "\n".join(lines)
        if print_fn is not None:
            print_fn(text)
        return text


def MLP(sizes, activation="relu", output=None, init=None, rng=None, dropout=0.0, batchnorm=False):
    """A multi-layer perceptron in the course's notation: ``MLP([2, 16, 16, 1])`` is
    Dense(2→16), act, Dense(16→16), act, Dense(16→1), then the ``output`` activation
    (None = identity: raw scores, for regression or for losses that take logits).

    ``init`` defaults to the initialiser that suits ``activation`` (He for the ReLU family,
    Xavier for sigmoid and tanh) in the hidden layers and to Xavier in the output layer; an
    ``init`` given explicitly is used in every layer.

    Each hidden block is Dense → BatchNorm1d (if ``batchnorm``) → activation → Dropout(``dropout``)
    (if ``dropout`` > 0); the output layer gets neither. With batch normalisation the hidden Dense
    layers have no bias: BN subtracts the batch mean, which cancels any bias, and its β takes
    the bias's role (as ``bias=False`` before ``torch.nn.BatchNorm1d``). Dropout masks are drawn
    from the library's generator (``neuralab.seed``); ``rng`` is for the initial weights.
    """
    if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
        raise ValueError(f"sizes must list at least two layer sizes [n0, ..., nL], got {sizes!r}")
    sizes = [check_size(n, f"sizes[{i}]") for i, n in enumerate(sizes)]
    activations.get(activation)  # fail on an unknown name before building anything
    if output is not None:
        activations.get(output)
    dropout = _probability(dropout, "dropout")
    batchnorm = check_bool(batchnorm, "batchnorm")
    hidden_init = init or initializers.DEFAULT_FOR_ACTIVATION.get(activation, "xavier_uniform")
    output_init = init or "xavier_uniform"
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
    return Sequential(*layers)
