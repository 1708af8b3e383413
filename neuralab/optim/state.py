"""An optimizer's state as plain data, in the layout of torch's ``optimizer.state_dict()``: what
it takes to stop training and go on later exactly where it stopped.

    saved = {"weights": [p.data.copy() for p in model.parameters()],
             "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()}
    # later: the same model, optimizer and scheduler built anew, then
    for p, w in zip(model.parameters(), saved["weights"]):
        p.data[...] = w
    optimizer.load_state_dict(saved["optimizer"])
    scheduler.load_state_dict(saved["scheduler"])

The next steps are then the ones the first run would have taken, bit for bit. The state of an
Adam after 12 steps of three parameters, say:

    {"optimizer": "Adam",                         its class: another one's state is refused
     "t": 12,                                     optimizer.t, the number of step() calls
     "state": {0: {"step": 12, "exp_avg": m, "exp_avg_sq": v}, 1: {...}, 2: {...}},
     "param_groups": [{"lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-08, "weight_decay": 0.0,
                       "amsgrad": False, "decoupled_weight_decay": False,
                       "initial_lr": 0.001, "params": [0, 1, 2]}]}

- ``state`` is keyed by each parameter's position in ``optimizer.params``, as torch's is, and
  holds the parameters updated at least once (torch's too; one that never got a gradient has
  no entry, and the zeros of a first update waiting). Each entry holds ``step``, the number of
  updates of that parameter (torch's ``state["step"]``, which Adam's bias correction and SGD's
  first momentum step read), and the buffers the update rule carries from step to step, shaped
  like the parameter and in its dtype, under torch's names: ``momentum_buffer`` (SGD and
  RMSProp with momentum), ``square_avg`` and ``grad_avg`` (RMSProp, the latter centered),
  ``exp_avg``, ``exp_avg_sq`` and ``max_exp_avg_sq`` (Adam and AdamW, the last with amsgrad).
  The arrays are copies: the steps after ``state_dict()`` leave them as they were.
- ``param_groups`` holds one group, as neuralab has no others: the constructor's options (a
  pair as a list), ``initial_lr`` if a scheduler set one, and the positions of the parameters.

Loading replaces the step count, the options (lr included: torch's, the state's options win
over the constructor's) and every parameter's buffers, whether the optimizer has stepped or
not, and whether the state was saved before the first step or after. It refuses, with a
``ValueError`` or ``TypeError`` that says what and where and before anything changes, a state
of another class, of another number of parameters or other shapes, an array whose dtype does not
cast safely to its parameter's (float64 into a float32 model: cast it yourself if that is
meant), NaN or inf, a bad option, a missing or unknown key.

The state is plain dicts, lists, numbers, strings and NumPy arrays, nothing to unpickle; the
scheduler's is JSON as it is. To keep it in files: the arrays in an ``np.savez`` archive, the
rest as JSON.

    np.savez(path, **{f"{i}.{name}": value for i, entry in state["state"].items()
                      for name, value in entry.items()})
    text = json.dumps({key: value for key, value in state.items() if key != "state"})

    state = json.loads(text)
    state["state"] = {}
    with np.load(path) as archive:                          # allow_pickle is False by default
        for key in archive.files:
            i, name = key.split(".", 1)
            value = archive[key]
            state["state"].setdefault(int(i), {})[name] = int(value) if name == "step" else value
"""
import inspect
import numbers
import types

import numpy as np

from ..nn.checks import check_number


def state_dict(optimizer):
    """The state of ``optimizer`` (see the module docstring)."""
    names = _state_names(optimizer)
    group = _options(optimizer)
    if optimizer.initial_lr is not None:
        group["initial_lr"] = optimizer.initial_lr
    group["params"] = list(range(len(optimizer.params)))
    entries = {}
    for i, (k, start, stop, shape, _) in enumerate(optimizer._layout()):
        step = optimizer.t - optimizer._missed[i]
        if step:  # updated at least once, so gathered: k is a group
            buffers = optimizer.state[k]
            entries[i] = {"step": step, **{torch_name: buffers[name][start:stop].reshape(shape).copy()
                                           for name, torch_name in names.items() if name in buffers}}
    return {"optimizer": type(optimizer).__name__, "t": optimizer.t, "state": entries,
            "param_groups": [group]}


def load_state_dict(optimizer, state):
    """Make ``optimizer`` go on from ``state`` (see the module docstring): all is checked first."""
    t, probe, initial_lr, steps, arrays = _checked(optimizer, state)
    if t or optimizer._groups:
        optimizer._flat_groups()  # the first step's gathering, if not done (a refusal changes nothing)
    for name in _options(optimizer):
        setattr(optimizer, name, getattr(probe, name))
    optimizer.initial_lr = initial_lr
    optimizer.t = t
    optimizer._missed = [t - steps.get(i, 0) for i in range(len(optimizer.params))]
    optimizer._even = len(set(optimizer._missed)) == 1
    if optimizer._groups:
        optimizer.state = [optimizer.init_state(flat) for flat, _ in optimizer._groups]  # zeros
        for i, (k, start, stop, _, _) in enumerate(optimizer._layout()):
            for name, a in arrays.get(i, {}).items():
                optimizer.state[k][name][start:stop] = a.reshape(-1)


def _checked(optimizer, state):
    """(t, an optimizer with the state's options, initial_lr, {i: step}, {i: {name: array}}):
    ``state`` read and checked against ``optimizer``, which it leaves as it is."""
    cls = type(optimizer).__name__
    if not isinstance(state, dict):
        raise TypeError(f"state must be a dict, from {cls}.state_dict(), got {type(state).__name__}")
    if "optimizer" not in state and "t" not in state and {"state", "param_groups"} <= set(state):
        raise ValueError(f"state has no 'optimizer' and no 't': it is a torch optimizer's state_dict(), "
                         f"which a neuralab optimizer does not load (its arrays are torch tensors, its "
                         f"options torch's); load what a neuralab {cls}'s state_dict() gave, or start afresh")
    check_keys(state, ["optimizer", "t", "state", "param_groups"], "state")
    if state["optimizer"] != cls:
        raise ValueError(f"state is the state of {state['optimizer']!r}, not of {cls}: its buffers and "
                         f"options belong to another update rule; load it into a {state['optimizer']}")
    t = check_number(state["t"], "state['t']", lambda v: v >= 0, "an integer >= 0", numbers.Integral)
    groups = state["param_groups"]
    if not (isinstance(groups, list) and len(groups) == 1 and isinstance(groups[0], dict)):
        raise ValueError(f"state['param_groups'] must be a list of one dict (one group per optimizer "
                         f"here), got {groups!r}")
    group, where = groups[0], "state['param_groups'][0]"
    options = _options(optimizer)
    check_keys(group, [*options, "params"], where, optional=["initial_lr"])
    n = len(optimizer.params)
    positions = group["params"]
    if not isinstance(positions, list) or positions != list(range(len(positions))):
        raise ValueError(f"{where}['params'] must be the positions 0, 1, ... of the parameters, "
                         f"got {positions!r}")
    if len(positions) != n:
        raise ValueError(f"state holds {len(positions)} parameters, this optimizer {n}: load a state "
                         f"of an optimizer over the same parameters (model.parameters() of the same model)")
    try:  # the constructor checks the options, with its messages
        probe = type(optimizer)(optimizer.params, **{name: group[name] for name in options})
    except (TypeError, ValueError) as error:
        raise type(error)(f"{where}: {error}") from None
    initial_lr = group.get("initial_lr")
    if initial_lr is not None:
        initial_lr = check_number(initial_lr, f"{where}['initial_lr']", lambda v: v >= 0,
                                  "a finite number >= 0")
    buffers = probe.init_state(types.SimpleNamespace(data=np.zeros(0)))  # the names its options use
    names = {torch_name: name for name, torch_name in _state_names(probe).items() if name in buffers}
    entries = state["state"]
    if not isinstance(entries, dict):
        raise TypeError(f"state['state'] must be a dict {{position: parameter state}}, "
                        f"got {type(entries).__name__}")
    layout, steps, arrays = optimizer._layout(), {}, {}
    for i, entry in entries.items():
        if isinstance(i, bool) or not isinstance(i, numbers.Integral) or not 0 <= i < n:
            raise ValueError(f"state['state'] has the key {i!r}: its keys are positions of parameters, "
                             f"integers from 0 to {n - 1}")
        where = f"state['state'][{i}]"
        if not isinstance(entry, dict):
            raise TypeError(f"{where} must be a dict, got {type(entry).__name__}")
        check_keys(entry, ["step", *names], where)
        steps[i] = check_number(entry["step"], f"{where}['step']", lambda v: 1 <= v <= t,
                                f"an integer from 1 to state['t'] = {t}", numbers.Integral)
        _, _, _, shape, dtype = layout[i]
        arrays[i] = {name: _checked_array(entry[torch_name], f"{where}[{torch_name!r}]", shape, dtype, i)
                     for torch_name, name in names.items()}
    return t, probe, initial_lr, steps, arrays


def _checked_array(a, where, shape, dtype, i):
    """``a`` if it is an ndarray of ``shape``, finite, of a dtype that casts safely to ``dtype``."""
    if not isinstance(a, np.ndarray):
        raise TypeError(f"{where} must be a NumPy array, got {type(a).__name__}")
    if a.shape != shape:
        raise ValueError(f"{where} has shape {a.shape}, expected {shape}, the shape of params[{i}]")
    if not np.can_cast(a.dtype, dtype, "safe"):
        raise TypeError(f"{where} is {a.dtype}, which does not cast safely to {dtype}, the dtype of "
                        f"params[{i}]; if losing that precision is meant, cast it: a.astype(np.{dtype})")
    if not np.isfinite(a).all():
        raise ValueError(f"{where} holds NaN or inf: the state of a run that diverged")
    return a


def check_keys(d, keys, where, optional=()):
    """Refuses a dict ``d`` that misses one of ``keys`` or has another key (but ``optional``)."""
    missing = [key for key in keys if key not in d]
    unknown = [key for key in d if key not in keys and key not in optional]
    if missing or unknown:
        raise ValueError(f"{where} " + " and ".join(
            text for text in (missing and f"misses {', '.join(map(repr, missing))}",
                              unknown and f"has unknown {', '.join(map(repr, unknown))}") if text)
            + f"; the keys it takes are {', '.join(map(repr, keys))}"
            + (f" (and {', '.join(map(repr, optional))} if set)" if optional else ""))


def _options(optimizer):
    """{name: value} of the options of ``optimizer``'s constructor (all but ``params``), each
    read from the attribute of that name, as plain numbers, bools and lists."""
    signature = inspect.signature(type(optimizer).__init__)
    names = [name for name, p in list(signature.parameters.items())[2:]
             if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    missing = [name for name in names if not hasattr(optimizer, name)]
    if missing:
        raise TypeError(f"{type(optimizer).__name__} keeps no attribute {', '.join(missing)}: its state "
                        f"holds each option of __init__, read from the attribute of that name")
    return {name: plain(getattr(optimizer, name)) for name in names}


def plain(value):
    """``value`` as a plain bool, int, float or list (of them), for a state."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    return value


def _state_names(optimizer):
    names = type(optimizer).STATE_NAMES
    if names is None:
        raise TypeError(f"{type(optimizer).__name__} has no STATE_NAMES: set it to {{name: saved name}} "
                        f"for each entry of init_state that carries over from step to step (the "
                        f"others are scratch), e.g. STATE_NAMES = {{'v': 'momentum_buffer'}}")
    return names
