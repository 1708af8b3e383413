"""Andrew Ng's course keeps a network as a dict of arrays, ``parameters`` = {"W1": ..., "b1": ...,
"W2": ...}, W[l] of shape (n[l], n[l-1]) as a Dense's weight here and b[l] a column (n[l], 1): what the
errors that meet that dict where a model, its Parameters or its state_dict go say, the loop that puts
it into a model (docs/coming-from-ng.md shows it, and the way out)."""


COURSE_PARAMETERS = ("its W[l] is the l-th Dense's weight, of the same shape (n[l], n[l-1]), and its column b[l] "
                     "that Dense's bias, flat: for l, layer in enumerate([layer for layer in model if "
                     "isinstance(layer, nn.Dense)], 1): layer.weight.data[...] = parameters[f'W{l}']; "
                     "layer.bias.data[...] = parameters[f'b{l}'].ravel() (docs/coming-from-ng.md)")


def course_parameters_hint(value, build=False):
    """" (the loop)" when ``value`` is the course's parameters dict, to end an error that refused it
    where a model, its Parameters or its state_dict go (with ``build``, the nn.MLP of its sizes
    first); "" otherwise."""
    sizes = _course_sizes(value)
    if sizes is None:
        return ""
    built = f"nn.MLP({sizes}, activation='relu', output='sigmoid') has its layers (activation='tanh' in week 3); " \
        if build else ""
    return f" (the course's parameters dict? {built}{COURSE_PARAMETERS})"


def _course_sizes(value):
    """[n0, n1, ..., nL] of the course's parameters dict {"W1": ..., "b1": ..., ...}, each W[l] of
    shape (n[l], n[l-1]); None for any other value."""
    if not (isinstance(value, dict) and value and all(isinstance(name, str) and name[:1] in ("W", "b")
                                                      and name[1:].isdigit() for name in value)):
        return None
    shapes = [getattr(value.get(f"W{l}"), "shape", ()) for l in range(1, len(value) // 2 + 1)]
    if not shapes or any(len(shape) != 2 for shape in shapes):
        return None
    return [shapes[0][1], *(shape[0] for shape in shapes)]
