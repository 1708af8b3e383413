"""The command's errors: one line each, in the terms of the command line."""
import ast
import re
import shlex

# Options whose library argument has another name, which the library's errors use. Arguments
# named by words ("dropout must be a dropout probability", "sizes[1]") are replaced only as such.
LIBRARY_NAMES = {"n_samples": "--samples", "n_classes": "--classes", "patience": "--early-stopping",
                 "clip_norm": "--clip-norm", "delimiter": "--delimiter", "lr": "--lr", "seed": "--seed",
                 "batch_size": "--batch-size", "test_size": "--test-size", "sizes[": "--layers[",
                 "dropout must": "--dropout must", "task=": "--task=", "na_values=()": "--na-values ''",
                 "decimal=": "--decimal=",   # "decimal=": the word "decimal" is also in load_csv's messages
                 "missing=": "--missing=", "one_hot": "--one-hot",  # "missing=": as "decimal="
                 "ignore=": "--ignore=", "ignore names": "--ignore names",  # "ignore": a word of messages too
                 "neuralab.set_default_dtype(np.float64)": "--dtype float64"}
# The numbers of --schedule by the names its help gives them (cosine:T0[:TMULT]), for the
# schedulers' errors, which use their arguments' names (T_0).
SCHEDULE_NAMES = {"step_size": "SIZE", "gamma": "GAMMA", "T_0": "T0", "T_mult": "TMULT",
                  "warmup_steps": "STEPS"}


class CLIError(Exception):
    """A problem with the command line, reported in one line."""


def in_options(message, names):
    """A library error in the command line's terms: each library argument in ``names`` that it
    mentions becomes the option that sets it ("n_samples must be ..." -> "--samples must be ..."),
    and a value given to it in Python's spelling is written as it is typed on a command line
    ("task='regression'" -> "--task regression", not "--task='regression'"), quoted only where
    a shell needs it ("--delimiter=';'"); a list, as the option's comma-separated value
    ("one_hot=['sex', 'embarked']" -> "--one-hot sex,embarked")."""
    whole = [re.escape(name) + (r"(?!\w)" if name[-1].isalnum() or name[-1] == "_" else "") for name in names]
    message = re.sub(r"(?<![\w-])(" + "|".join(whole) + ")", lambda match: names[match[1]], message)
    message = re.sub(r"(--[\w-]+)=(\[[^\]]*\])", _comma_separated, message)
    return re.sub(r"(--[\w-]+)='([\w.+-]+)'", r"\1 \2", message)  # a word: no quotes (';' keeps them)


def _comma_separated(match):
    """"--one-hot=['sex', 'embarked']" (an option, ``match[1]``, and a Python list of strings,
    ``match[2]``) as typed: "--one-hot sex,embarked"; as it was when the list is no such list."""
    try:
        items = ast.literal_eval(match[2])
    except (ValueError, SyntaxError):
        return match[0]
    if not all(isinstance(item, str) for item in items):
        return match[0]
    return f"{match[1]} {shlex.quote(','.join(items))}"
