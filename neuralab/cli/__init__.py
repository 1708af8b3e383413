"""The ``neuralab`` command. Thin: it parses options and calls the library.

    neuralab train                      the spiral, a 2-16-16-1 ReLU network, Adam
    neuralab train --dataset moons --layers auto,32,auto --epochs 100
    neuralab train --data my.csv --target label
    neuralab play                       the playground in the browser (--port, --host, --no-browser)

``train.py`` and ``play.py`` hold the two commands, ``train_options.py`` the options of train and
the readers of their values; ``head.py`` chooses the network's sizes, output and loss;
``report.py`` formats what a run prints and draws; ``errors.py`` tells the library's errors in
the command line's terms; ``choices.py`` reads an option's name among a few; ``signals.py``
makes SIGTERM and SIGHUP stop the command as Ctrl-C does.
"""
import argparse
import re
import sys

from ..spelling import closest
from .encoding import readable_streams
from .errors import CLIError, in_command_terms
from .pipes import reader_may_leave
from .signals import exit_status, interrupted_line, signal_of, signals_as_ctrl_c


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors in one line (argparse prints the whole usage block first)."""

    def error(self, message):
        self.exit(2, f"neuralab: error: {message} (see {self.prog} --help)\n")


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows each option's default, unless it has none (None, or the False of a flag) or its help
    already says it. Compared by identity: 0 == False, and a default of 0 is worth showing."""

    def _get_help_string(self, action):
        if action.default is None or action.default is False or "default" in action.help:
            return action.help
        return super()._get_help_string(action)


def _build_parser():
    # imported here, not with this module: ``train`` brings matplotlib, seconds of importing in
    # which a Ctrl-C would print a traceback before ``main`` could catch it
    from . import play, train
    parser = _Parser(
        prog="neuralab", description="neuralab: neural networks from scratch — train, watch, learn.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    train.add_parser(sub, HelpFormatter)
    play.add_parser(sub)
    parser.commands = sub.choices  # name -> the command's parser, which reports unknown options
    return parser


def _unrecognized(command, unknown):
    """argparse's message for the arguments ``unknown`` that ``command`` does not take, with the
    option nearest to the first: the one its words' initials name (--learning-rate: --lr), or
    the closest in spelling (--epocs: --epochs)."""
    word = unknown[0].partition("=")[0]
    names = {option[2:] for action in command._actions for option in action.option_strings} - {""}
    words = re.split(r"[-_]+", word[2:])
    initials = "".join(w[:1] for w in words)
    near = ([] if not word.startswith("--") else [initials] if len(words) > 1 and initials in names
            else closest(word[2:], names))  # without "--", alike in every option
    return f"unrecognized arguments: {' '.join(unknown)}" + (f"; did you mean --{near[0]}?" if near else "")


def _dash_values_joined(parser, argv):
    """``argv`` with each value that begins with a single "-" joined to the option before it
    that takes one ("--na-values -999,99999" as "--na-values=-999,99999"), as click reads it:
    argparse takes such a value for an option unless it reads as a negative number, and said
    "--na-values: expected one argument". The option may be abbreviated as argparse allows
    ("--na-val"); nothing after "--" is joined, being no option's value."""
    command = parser.commands.get(argv[0]) if argv else None
    if command is None:
        return argv
    options = {o for action in command._actions for o in action.option_strings}
    takes_value = _value_options(command)
    joined = argv[:1]
    for at, token in enumerate(argv[1:], 1):
        if token == "--":
            return joined + argv[at:]
        if (_option_named(joined[-1], options) in takes_value and token.startswith("-")
                and not token.startswith("--") and token not in options):
            joined[-1] = f"{joined[-1]}={token}"
        else:
            joined.append(token)
    return joined


def _value_options(command):
    """{option: its action} of each option of ``command`` that takes one value (--target, not --quiet)."""
    return {o: action for action in command._actions if action.nargs is None for o in action.option_strings}


# What a value is, by the placeholder --help shows for it (its metavar), for "--target needs a
# column name": the others are said by their type ("a number") or choices, or as --help shows them.
PLACEHOLDER_WORDS = {"COLUMN": "a column name", "COLUMNS": "column names", "FILE.csv": "a CSV file's name",
                     "DIR": "a folder", "NAME": "a name", "CHAR": "a character"}


def _refuse_options_without_value(parser, argv):
    """Refuses an option that takes a value but is followed by another option or by nothing
    ("--target --lr 0.1", "--target" last), which argparse tells as "argument --target: expected
    one argument": it says what the option needs and what came instead. (A token that begins with
    "-" reads as an option unless it holds a space; ``_dash_values_joined`` has joined "-999".)"""
    command = parser.commands.get(argv[0]) if argv else None
    if command is None:
        return
    takes_value = _value_options(command)
    options = {o for action in command._actions for o in action.option_strings}
    for token, after in zip(argv[1:], [*argv[2:], None]):
        if token == "--":
            return
        action = takes_value.get(_option_named(token, options))
        if action is None or (after is not None and (not after.startswith("-") or " " in after)):
            continue
        name = max(action.option_strings, key=len)   # in full: "--tar" is --target
        named = after and _option_named(after, options)
        got = ("nothing follows it" if after is None else f"got the option {named}" if named in options else
               "got --, which ends the options" if after == "--" else
               f"got {after}, which reads as an option; if it is the value, write {name}={after}")
        command.error(f"{name} needs {_value_wanted(action)}, but {got}")


def _value_wanted(action):
    """What the option of ``action`` takes, in words: "a column name", "a number", "one of adam, sgd"
    (a choice that is no word quoted: "one of '.', ','")."""
    if action.choices:
        return "one of " + ", ".join(c if c.isidentifier() else repr(c) for c in map(str, action.choices))
    metavar = action.metavar or action.dest.upper()
    return ({int: "a whole number", float: "a number"}.get(action.type)
            or PLACEHOLDER_WORDS.get(metavar, f"a value ({metavar})"))


def _options(command):
    """{argument: its option} of ``command``'s options, in full: argparse names an option's value
    by the library's argument that it sets (--one-hot: one_hot, load_csv's)."""
    return {action.dest: max(action.option_strings, key=len) for action in command._actions if action.option_strings}


def _option_named(token, options):
    """The option of ``options`` that ``token`` names: itself, or the one option it begins, an
    abbreviation argparse accepts (None for an ambiguous one, which argparse refuses)."""
    if token in options or not token.startswith("--"):
        return token
    started = [option for option in options if option.startswith(token)]
    return started[0] if len(started) == 1 else None


def main(argv=None):
    """Run the ``neuralab`` command with ``argv`` (``sys.argv[1:]`` if None); returns its exit
    status: 0 on success, 2 for a run the command or the library refuses (one line on stderr,
    no traceback), 130 when interrupted (a Ctrl-C in training, after the run has written the model
    trained so far; a second one in training, or one before it, at once, writing nothing: see
    ``cli/interrupt.py``), 143 and 129 for SIGTERM and SIGHUP, which do what Ctrl-C does (see
    ``cli/signals.py``). An option argparse cannot parse exits with 2 too (``SystemExit``), after
    the same kind of line."""
    with signals_as_ctrl_c():
        readable_streams()
        with reader_may_leave():  # "neuralab train | head -3" still writes its model, and its errors
            try:
                return _parsed_and_run(argv)
            except KeyboardInterrupt as err:  # also one while the commands are imported
                signum = signal_of(err)
                print(interrupted_line(signum), file=sys.stderr)
                return exit_status(signum)


def _parsed_and_run(argv):
    parser = _build_parser()
    argv = _dash_values_joined(parser, sys.argv[1:] if argv is None else list(argv))
    _refuse_options_without_value(parser, argv)
    args, unknown = parser.parse_known_args(argv)
    command = parser.commands[args.command]
    if unknown:  # told by the command's parser: "see neuralab train --help", not "neuralab --help"
        command.error(_unrecognized(command, unknown))
    args.argv = argv  # recorded in metrics.json
    return _run(args, command)


def _run(args, command):
    """``args.func(args)``, its refusals as one line and an exit status, in the terms of ``command``,
    the parser that read ``args`` (``in_command_terms``: load_csv's advice as its options)."""
    try:
        return args.func(args)
    except (CLIError, ValueError, TypeError, OSError) as err:
        print(f"neuralab: error: {in_command_terms(err, _options(command), getattr(args, 'data', None))}",
              file=sys.stderr)
        return 2
    except MemoryError as err:
        print(f"neuralab: error: not enough memory ({err}); try smaller layers or fewer samples",
              file=sys.stderr)
        return 2
