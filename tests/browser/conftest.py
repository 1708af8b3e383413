"""Fixtures of the playground's browser tests.

The real server runs as a subprocess (``python -m neuralab play --no-browser``) on a free port
of 127.0.0.1 for the whole session; the browser is Debian's Chromium (``/usr/bin/chromium``,
installed by ``make test``), driven by Playwright's sync API. Playwright never downloads a
browser here.

Screenshots of the main views go to ``tests/browser/artifacts/`` (git-ignored).
"""
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playkit import Client, fail_on_console_errors, settle, stop_server, watched_tab

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ARTIFACTS = HERE / "artifacts"
# Console messages that are not the page's own errors (the browser asking for an icon it
# was never given is not a bug of the playground).
IGNORED_CONSOLE = ("favicon.ico",)


def pytest_collection_modifyitems(config, items):
    """Skip every test of this directory, with the reason, when Chromium is not installed."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (`make test` installs it: "
                                   "apt-get install chromium)")
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(skip)


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url, timeout=5.0):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


class Server:
    """The ``neuralab play`` subprocess: its base URL, WebSocket URL and log."""

    def __init__(self, port, process, log_path):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.ws_url = f"ws://127.0.0.1:{port}/ws"
        self.process = process
        self.log_path = log_path

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def health(self):
        return get_json(self.url + "/health")

    def __str__(self):
        return self.url


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """``neuralab play`` on a free port, for the whole session (``play_process``)."""
    with play_process(tmp_path_factory.mktemp("server")) as srv:
        yield srv


@contextlib.contextmanager
def play_process(folder, *options):
    """Start ``neuralab play --no-browser`` with ``options`` on a free port, its log in
    ``folder``, wait for ``/health``, yield it (a ``Server``), stop it (SIGINT, then kill after
    a timeout)."""
    port = _free_port()
    log_path = folder / "server.log"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "neuralab", "play", "--no-browser", "--port", str(port), *options],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    srv = Server(port, process, log_path)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"`neuralab play` exited with code {process.returncode} before "
                            f"answering /health:\n{srv.log()}")
            try:
                if srv.health().get("status") == "ok":
                    break
            except (urllib.error.URLError, ConnectionError, OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"`neuralab play` did not answer /health within 30 s:\n{srv.log()}")
            time.sleep(0.05)
        yield srv
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (`make test` installs it)")
    b = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def console_errors():
    """The page's console errors and uncaught exceptions; the ``page`` fixture fails the test
    if any appear. A test that provokes one on purpose removes it from this list."""
    return []


@pytest.fixture
def page(browser, server, console_errors, request):
    """A fresh tab (its own context) on which any console error or uncaught exception fails
    the test."""
    from playwright.sync_api import expect
    expect.set_options(timeout=10_000)
    context = browser.new_context(viewport={"width": 1400, "height": 900},
                                  accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(10_000)

    def on_console(msg):
        if msg.type == "error" and not any(s in msg.text for s in IGNORED_CONSOLE):
            loc = msg.location or {}
            console_errors.append(f"console.error: {msg.text} ({loc.get('url', '')}:"
                                  f"{loc.get('lineNumber', '')})")

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: console_errors.append(f"uncaught: {exc}"))
    yield pg
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        try:
            pg.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"), full_page=True)
        except Exception:  # the page may be gone; the failure itself is what matters
            pass
    context.close()
    fail_on_console_errors(console_errors)


@pytest.fixture
def context_tab(browser, server, console_errors):
    """``context_tab(context_options)``: the playground loaded, and still, in a new context of those
    options (a phone, a tablet: a touch screen); a console error or uncaught exception fails the test."""
    from test_play_page import open_page   # (a test module's helper: imported when a test asks for a tab)
    contexts = []

    def opened(options):
        context, pg = watched_tab(browser, console_errors, **options)
        contexts.append(context)
        open_page(pg, server)
        settle(pg)
        return pg

    yield opened
    for context in contexts:
        context.close()
    fail_on_console_errors(console_errors)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


@pytest.fixture
def client(server):
    """Open raw WebSocket sessions on the server (closed after the test): ``client()``."""
    opened = []

    def open_client(**kwargs):
        c = Client(server.ws_url, **kwargs)
        opened.append(c)
        return c

    yield open_client
    for c in opened:
        try:
            c.close()
        except Exception:  # already closed by the server: nothing to free
            pass
