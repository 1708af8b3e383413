"""The command's errors: one line each, in the terms of the command line."""
import re
import shlex

from .column_lists import columns_text

# Options whose library argument has another name, which the library's errors use. Arguments
# named by words ("dropout must be a dropout probability", "sizes[1]") are replaced only as such.
# (Not in load_csv's refusals, CsvErrors, which name the file and its columns: ``said_as_typed``.)
LIBRARY_NAMES = {"n_samples": "--samples", "n_classes": "--classes", "patience": "--early-stopping",
                 "clip_norm": "--clip-norm", "lr": "--lr", "seed": "--seed", "batch_size": "--batch-size",
                 "test_size": "--test-size", "sizes[": "--layers[", "dropout must": "--dropout must",
                 "neuralab.set_default_dtype(np.float64)": "--dtype float64"}
# The numbers of --schedule by the names its help gives them (cosine:T0[:TMULT]), for the
# schedulers' errors, which use their arguments' names (T_0).
SCHEDULE_NAMES = {"step_size": "SIZE", "gamma": "GAMMA", "T_0": "T0", "T_mult": "TMULT",
                  "warmup_steps": "STEPS", "decay_rate": "DECAY"}
# How an Advice's verb reads on the command line, before and after the option typed
# ("pass --task multiclass", "but --delimiter ',' was given"); "leave out" drops the value too,
# and so does "named" ("--task must be one of ...", whose text says the value).
VERBS = {"pass": ("pass ", ""), "leave out": ("leave out ", ""), "and": ("", ""), "mention": ("", ""),
         "passed": ("", " was given"), "named": ("", "")}
WITHOUT_VALUE = ("leave out", "named")


class CLIError(Exception):
    """A problem with the command line, reported in one line."""


def in_options(message, names):
    """A library error in the command line's terms: each library argument in ``names`` that it
    mentions becomes the option that sets it ("n_samples must be ..." -> "--samples must be ...")."""
    whole = [re.escape(name) + (r"(?!\w)" if name[-1].isalnum() or name[-1] == "_" else "") for name in names]
    return re.sub(r"(?<![\w-])(" + "|".join(whole) + ")", lambda match: names[match[1]], message)


def in_command_terms(err, options, path=None, train=None):
    """A refusal ``err`` in the command line's terms, ``options`` being {argument: the option that
    sets it}, the parser's own: load_csv's (a CsvError) from its parts (``said_as_typed``, with
    ``train``), another with the library's argument names as options (``in_options``,
    ``LIBRARY_NAMES``), but for the name of the data file ``path``: data/seed.csv is no
    data/--seed.csv."""
    said = getattr(err, "said", None)
    if said is not None:
        return said_as_typed(said, options, train)
    if path:
        return path.join(in_options(piece, LIBRARY_NAMES) for piece in str(err).split(path))
    return in_options(str(err), LIBRARY_NAMES)


def said_as_typed(said, options, train=None):
    """A refusal of ``load_csv`` (a CsvError's ``said``) as the command line says it, ``options``
    being {load_csv's argument: the option that sets it}, the parser's own (one_hot: --one-hot):
    each ``Advice`` as the option is typed (``typed``), each ``PythonOnly`` in the command's words
    (``_python_words``: what the parser has no option for, as the ``train`` command's), and the
    texts as load_csv wrote them: they name the file and its columns, which no rewriting may
    touch (a column 'seed' is not --seed)."""
    from ..data.csv_error import PythonOnly   # here: neuralab.data brings NumPy, see _build_parser
    words = _python_words(options, train)

    def said_here(part):
        if not isinstance(part, PythonOnly):
            return typed(part, options)
        return part.text if part.kind == "pandas" else words[part.kind]
    return said.saying(said_here)


def typed(advice, options):
    """An ``Advice`` of load_csv as typed on a command line: pass task='multiclass' -> "pass --task
    multiclass", one_hot=['sex', 'embarked'] -> "--one-hot sex,embarked" (a list as the option reads
    it, ``column_lists.columns_text``: ignore=['Income, annual'] -> "--ignore '"Income, annual"'"),
    delimiter='\\t' -> "--delimiter tab", delimiter=';' -> "--delimiter ';'" (quoted where a shell
    needs it, and a lone mark always, to be seen in a sentence: "but --delimiter ',' was given",
    not "--delimiter , was given"); "leave out --decimal", the option left out, whatever its value,
    and "--task", the option named."""
    before, after = VERBS[advice.verb]
    option = options[advice.argument]
    if advice.verb in WITHOUT_VALUE:
        return f"{before}{option}{after}"
    value = advice.value
    text = columns_text(value) if isinstance(value, (list, tuple)) else "tab" if value == "\t" else str(value)
    quoted = shlex.quote(text)
    if quoted == text and len(text) == 1 and not text.isalnum():
        quoted = f"'{text}'"
    return f"{before}{option} {quoted}{after}"


def leave_out(column):
    """The command's advice to leave the CSV column ``column`` out: load_csv's ignore=[column] as
    ``typed`` says it with the options of neuralab train's parser ("pass --ignore 'home town'"),
    for its warnings of a column (an ID, a column that gives the answer away)."""
    from ..data.csv_error import Advice   # here: neuralab.data brings NumPy, see _build_parser
    from . import _build_parser, _options
    return typed(Advice("pass", "ignore", [column]), _options(_build_parser().commands["train"]))


def _python_words(options, train=None):
    """The command's words for what only Python has in ``load_csv``'s refusals (``PythonOnly``, by
    kind), made with the parser's ``options``: --ignore's columns and names; one_hot, --one-hot,
    and its limit as the categories it takes; na_values=() is --na-values ''; the default dtype
    and float64 are --dtype's. A parser without --na-values or --dtype (neuralab play's: the
    playground computes in float32, and its page has no menu of missing-value markers) has the advice
    said as ``train``'s, the neuralab train command line on the same file: every piece of advice
    can be typed. A line of pandas is not here: ``said_as_typed`` keeps it, as no option writes a
    number without its unit or its thousands separators, and the line is the fix to follow (the
    playground says none)."""
    from ..data.csv_one_hot import MAX_CATEGORIES
    ignore, dtype = options["ignore"], options.get("dtype")

    def passing(argument, value):
        if argument in options:
            return f"pass {options[argument]} {value}"
        return f"train on it with {train} --{argument.replace('_', '-')} {value}"
    return {"or default": ", or leave it out",
            "ignored": f" once {ignore}'s columns are left out",
            "ignore names": f"{ignore} names", "one_hot": options["one_hot"],
            "one_hot's limit": f"the {MAX_CATEGORIES} categories {options['one_hot']} takes",
            "keep marker": f"{passing('na_values', repr(''))} to keep it",
            "default dtype": f", the default {dtype}," if dtype else ",",
            "float64": passing("dtype", "float64")}
