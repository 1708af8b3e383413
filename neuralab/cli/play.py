"""``neuralab play``: serve the playground and open it in the browser."""
import signal
import sys
import warnings

from ..train import DivergenceWarning
from .errors import CLIError
from .signals import STOP_SIGNALS, handling


def add_parser(sub):
    """Add ``neuralab play`` and its options (--port, --host, --no-browser) to the subcommands."""
    p = sub.add_parser("play", help="open the playground in the browser",
                       description="Serve the interactive playground and open it in the browser.")
    p.add_argument("--port", type=int, default=0, help="port to listen on (default: a free port)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on; anything but 127.0.0.1 exposes the playground to the network")
    p.add_argument("--no-browser", action="store_true", help="print the URL but do not open a browser")
    p.set_defaults(func=play_command)


def play_command(args):
    """Serve the playground on ``args.host``:``args.port`` (0: a free port) until Ctrl-C, opening
    it in the browser unless --no-browser; then prints "neuralab play: stopped" and returns the
    exit status 0.

    Ctrl-C is how a server is stopped, not a run cut short (``neuralab train``'s 130 says the
    model is short of its epochs): like ``python -m http.server``, Jupyter and Flask, ``play``
    then ends with 0, and so it does on SIGTERM and SIGHUP (``kill``, a service manager, the
    terminal closed). uvicorn stops cleanly on Ctrl-C and SIGTERM, then raises the signal again
    for its caller: the KeyboardInterrupt caught here. A SIGHUP is turned into a SIGTERM: uvicorn
    does not handle it, and it tore through the event loop with a traceback."""
    import webbrowser

    from ..play.server import LOCAL_HOSTS, bind, serve
    if not 0 <= args.port <= 65535:
        raise CLIError(f"--port must be in 0..65535, got {args.port}")
    if args.host not in LOCAL_HOSTS:
        print(f"warning: listening on {args.host}: anyone who can reach this address can use the "
              "playground (and the CPU of this machine); it has no authentication", file=sys.stderr)
    warnings.simplefilter("ignore", DivergenceWarning)  # the page shows divergence as an error
    sock = bind(args.host, args.port)
    host = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{host}:{sock.getsockname()[1]}/"
    print(f"neuralab play: serving the playground at {url} (Ctrl-C stops)", flush=True)
    others = [s for s in STOP_SIGNALS if s not in (signal.SIGINT, signal.SIGTERM)]
    try:
        with handling(_as_sigterm, others):
            serve(sock, on_started=None if args.no_browser else lambda: webbrowser.open(url))
    except KeyboardInterrupt:
        pass
    print("neuralab play: stopped", flush=True)
    return 0


def _as_sigterm(signum, frame):
    signal.raise_signal(signal.SIGTERM)
