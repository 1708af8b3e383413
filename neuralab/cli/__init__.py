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
from .errors import LIBRARY_NAMES, CLIError, in_options
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
    takes_value = {o for action in command._actions if action.nargs is None for o in action.option_strings}
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
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # told by the command's parser: "see neuralab train --help", not "neuralab --help"
        command = parser.commands[args.command]
        command.error(_unrecognized(command, unknown))
    args.argv = argv  # recorded in metrics.json
    return _run(args)


def _run(args):
    """``args.func(args)``, its refusals as one line and an exit status."""
    try:
        return args.func(args)
    except (CLIError, ValueError, TypeError, OSError) as err:
        print(f"neuralab: error: {in_options(str(err), LIBRARY_NAMES)}", file=sys.stderr)
        return 2
    except MemoryError as err:
        print(f"neuralab: error: not enough memory ({err}); try smaller layers or fewer samples",
              file=sys.stderr)
        return 2
