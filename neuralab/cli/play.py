"""``neuralab play``: serve the playground and open it in the browser."""
import errno
import signal
import socket
import sys
import warnings

from ..data.csv_error import Advice, CsvError
from ..train import DivergenceWarning
from .dataset import load_dataset, one_hot_argument
from .errors import CLIError, in_command_terms, typed
from .signals import STOP_SIGNALS, handling
from .train_options import CSV_OPTIONS as TRAIN_CSV_OPTIONS, add_csv_options, csv_options


def add_parser(sub):
    """Add ``neuralab play`` and its options (--port, --host, --no-browser) to the subcommands."""
    p = sub.add_parser("play", help="open the playground in the browser",
                       description="Serve the interactive playground and open it in the browser.")
    p.add_argument("--port", type=int, default=0, help="port to listen on (default: a free port)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on; anything but 127.0.0.1 exposes the playground to the network "
                        "(0.0.0.0: every address of this machine, for a class on a network you trust)")
    p.add_argument("--no-browser", action="store_true", help="print the URL but do not open a browser")
    data = p.add_argument_group("the class's data", "a CSV file that every page has in its Data menu, as if "
                                "uploaded there, and that a Share link of it opens on, read as the server starts")
    add_csv_options(data, CSV_OPTIONS, "the CSV file (with a header row) that every page trains on, named by its "
                    "file name")
    # what load_dataset reads besides: the built-in datasets' options, and --na-values, which play does not take
    p.set_defaults(func=play_command, dataset=None, samples=None, noise=None, classes=None, data_dir=None,
                   na_values=None)


# neuralab train's CSV options that the playground's upload has too (its Task, Separator, Decimal
# mark, Text columns, Missing cells menus and Leave out boxes). Not --na-values: the page has no
# such menu, and its Python script (static/export.js) writes the upload's menus alone, so it could
# not read the file again as served; nor --dtype: the playground computes in float32. Advice of
# either is said as neuralab train's (``_train_command``).
CSV_OPTIONS = tuple(name for name in TRAIN_CSV_OPTIONS if name != "na_values")


def _train_command(args):
    """``neuralab train`` on the served file with play's CSV options as given, as typed
    (``errors.typed``): the command for what the playground does not take."""
    given = {name: getattr(args, name) for name in CSV_OPTIONS if getattr(args, name) is not None}
    return " ".join(["neuralab train", *(typed(Advice("and", name, value), csv_options(given))
                                         for name, value in given.items())])


def _served(args):
    """``args.data`` read as ``neuralab train --data`` reads it, with the options that go with it
    (``dataset.load_dataset``: its notes and warnings printed), then held as every page's upload
    (``upload.served_csv``); None without --data. Its refusals: load_csv's (a ``CsvError``), the
    playground's limits (a ``ProtocolError``; more rows than it takes, by a count of them, and
    more input columns, by the header and then the text columns' categories, before X is built:
    ``upload.refuse_too_long``, load_csv's ``max_features``), and a CSV option without --data (a
    ``CLIError``, as train refuses it)."""
    from ..data.csv_width import TooManyFeatures
    from ..play.upload import MAX_FEATURES, refuse_too_long, served_csv, too_many_inputs
    if all(getattr(args, name) is None for name in CSV_OPTIONS):
        return None
    if args.data and args.target:   # a file too long: before its rows are read
        refuse_too_long(args.data, args.target, args.delimiter, args.decimal or ".")
    warned = []   # (said on the terminal, and on each page that opens on the file)
    try:
        ds, _ = load_dataset(args, _train_command(args), warned, max_features=MAX_FEATURES)
    except TooManyFeatures as err:   # counted before X is built: said as an upload's refusal is
        raise too_many_inputs(err.n_features, args.target, err.categories) from None
    return served_csv(ds, args.data, args.target, args.task or "auto", args.delimiter,
                      args.decimal or ".", one_hot_argument(args.one_hot), args.missing or "refuse", args.ignore,
                      warned)


def play_command(args):
    """Serve the playground on ``args.host``:``args.port`` (0: a free port) until Ctrl-C, opening
    it in the browser unless --no-browser; then prints "neuralab play: stopped" and returns the
    exit status 0. On every address (0.0.0.0, ::) it also prints the addresses that others on
    the network open (``lan_addresses``), and this machine's browser opens the local one. With
    --data FILE --target COL (and train's CSV options), every page holds the file, read once
    before the socket is bound (``_served``): a file refused starts no server. It raises its
    limit on open files first, and says how few pages it serves when it stays low (``open_files``).

    Ctrl-C is how a server is stopped, not a run cut short (``neuralab train``'s 130 says the
    model is short of its epochs): like ``python -m http.server``, Jupyter and Flask, ``play``
    then ends with 0, and so it does on SIGTERM and SIGHUP (``kill``, a service manager, the
    terminal closed). uvicorn stops cleanly on Ctrl-C and SIGTERM, then raises the signal again
    for its caller: the KeyboardInterrupt caught here. A SIGHUP is turned into a SIGTERM: uvicorn
    does not handle it, and it tore through the event loop with a traceback."""
    import webbrowser

    from ..play.open_files import raise_limit, shortage
    from ..play.origin_check import WILDCARDS
    from ..play.server import LOCAL_HOSTS, serve
    if not 0 <= args.port <= 65535:
        raise CLIError(f"--port must be in 0..65535, got {args.port}")
    from ..play.protocol import ProtocolError
    # said here, not by the command's own line (cli._run), which has no train command and would
    # take a column 'seed' for --seed
    try:   # before the socket is bound: a refused file starts no server
        served = _served(args)
    except CsvError as err:
        said = in_command_terms(err, csv_options(CSV_OPTIONS), train=_train_command(args))
    except ProtocolError as err:   # past the playground's limits: its advice is the page's, train's is the command's
        said = f"{args.data}: {err}: train on it with {_train_command(args)}"
    else:
        said = None
    if said is not None:
        print(f"neuralab: error: {said}", file=sys.stderr)
        return 2
    everywhere = args.host in WILDCARDS
    sock = _bound(args.host, args.port)
    short = shortage(raise_limit())   # room for a class's connections (a burst took them all under ulimit -n 64)
    if short is not None:
        print(short, file=sys.stderr)
    if args.host not in LOCAL_HOSTS:
        where = f"every address of this machine ({args.host})" if everywhere else args.host
        print(f"warning: listening on {where}: anyone who can reach it can use the playground (and the CPU "
              "of this machine); it has no authentication: use it on a network you trust, and stop it after "
              "use", file=sys.stderr)
    warnings.simplefilter("ignore", DivergenceWarning)  # the page shows divergence as an error
    port = sock.getsockname()[1]
    url = _url(args.host, port)
    print(f"neuralab play: serving the playground at {url} (Ctrl-C stops)", flush=True)
    if served is not None:
        print(f"neuralab play: every page has {served.file} (target {served.target!r}) as \"Uploaded CSV\" in its "
              "Data menu, and a Share link made on it opens on it", flush=True)
    if everywhere:   # no browser opens 0.0.0.0 for another machine (nor, lately, for this one)
        reach = [_url(a, port) for a in lan_addresses()] or [_url("<this machine's address>", port)]
        print(f"neuralab play: others on the network open {' or '.join(reach)}", flush=True)
        url = _url("::1" if ":" in args.host else "127.0.0.1", port)
    others = [s for s in STOP_SIGNALS if s not in (signal.SIGINT, signal.SIGTERM)]
    try:
        with handling(_as_sigterm, others):
            serve(sock, on_started=None if args.no_browser else lambda: webbrowser.open(url), served=served,
                  names=(args.host,))
    except KeyboardInterrupt:
        pass
    print("neuralab play: stopped", flush=True)
    return 0


def _bound(host, port):
    """``server.bind(host, port)``, its refusals said in the command line's terms, with what to
    give instead (the socket's own words, "[Errno 98] Address already in use", named no option)."""
    from ..play.server import bind
    try:
        return bind(host, port)
    except socket.gaierror:
        raise CLIError(f"--host {host} is no address this machine can find: give an address, such as "
                       "127.0.0.1 (this machine alone) or 0.0.0.0 (every address of it)") from None
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise CLIError(f"port {port} is in use (another neuralab play, or another program): stop it, "
                           "or give another --port (0: a free one)") from None
        if err.errno == errno.EADDRNOTAVAIL:
            found = ", ".join(lan_addresses()) or "none found"
            raise CLIError(f"--host {host} is not an address of this machine (its addresses on a network: "
                           f"{found}): give one of them, or 0.0.0.0 for every one") from None
        if err.errno == errno.EACCES:
            raise CLIError(f"port {port} is refused to this user (ports below 1024 need an administrator's "
                           "rights): give another --port, such as 8000") from None
        raise


def _url(host, port):
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def lan_addresses():
    """This machine's IPv4 addresses that others on its networks reach it at (not 127.x): the
    host name's, and the one it sends from towards a private address (a UDP connect sends
    nothing: it only picks the route). [] when it has none (no network)."""
    found = set()
    try:
        found.update(info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET))
    except OSError:
        pass
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 9))
            found.add(probe.getsockname()[0])
        except OSError:   # no route
            pass
    return sorted(a for a in found if not a.startswith("127.") and a != "0.0.0.0")


def _as_sigterm(signum, frame):
    signal.raise_signal(signal.SIGTERM)
