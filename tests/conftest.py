"""Fixtures shared by every test module."""
import numpy as np
import pytest

import neuralab


@pytest.fixture(autouse=True)
def raise_on_floating_point_errors():
    """Overflow, division by zero and invalid operations (NaN from inf - inf, log of a negative)
    raise instead of warning, so a test fails at the line that produced them.

    Underflow stays ignored, as NumPy ignores it by default: e^(-1000) rounding to 0 is exactly
    what stable formulas (sigmoid from e^(-|z|), softmax after subtracting the max) rely on.

    OpenBLAS now and then leaves the "invalid" flag after a product of finite arrays; a test
    failing with exactly that error runs once more (pyproject.toml's addopts).
    """
    with np.errstate(all="raise", under="ignore"):
        yield


@pytest.fixture
def float64():
    """Parameters created in float64 for the duration of a test (for comparisons with PyTorch)."""
    previous = neuralab.get_default_dtype()
    neuralab.set_default_dtype(np.float64)
    yield
    neuralab.set_default_dtype(previous)


@pytest.fixture(params=[np.float32, np.float64], ids=["float32", "float64"])
def default_dtype(request):
    """Each test run twice, with parameters created in float32, then float64 (the dtype given)."""
    previous = neuralab.get_default_dtype()
    neuralab.set_default_dtype(request.param)
    yield request.param
    neuralab.set_default_dtype(previous)


@pytest.fixture
def count_calls(monkeypatch):
    """``count_calls(module, name)``: ``module.name`` replaced, for the test, by a wrapper that
    still calls it and records each call's positional arguments; the list of them (a test that
    something is computed once, not a timing)."""
    def counting(module, name):
        calls, real = [], getattr(module, name)

        def counted(*args, **kwargs):
            calls.append(args)
            return real(*args, **kwargs)
        monkeypatch.setattr(module, name, counted)
        return calls
    return counting


@pytest.fixture
def play_session():
    """A playground Session, as the server makes one for a page, closed after the test (its
    training thread stopped)."""
    from neuralab.play.session import Session
    session = Session()
    yield session
    session.close()


@pytest.fixture
def ctrl_c_as_python_sets_it():
    """SIGINT raising KeyboardInterrupt, as Python sets it at its start, for the test: a suite run
    in the background of a shell without job control (``make test &``, nohup) inherits SIGINT
    ignored, and a Ctrl-C sent there did nothing."""
    import signal
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.fixture
def play_registry():
    """The playground's Registry of sessions, as a server holds it, each session closed after the test."""
    yield from _closed_after(None)


# The class's CSV a teacher serves (neuralab play --data exam.csv --target passed): 40 rows, two number columns
EXAM_CSV = "hours,sleep,passed\n" + "".join(f"{i % 9},{(i * 5) % 7},{'ny'[(i % 9) > 4]}\n" for i in range(40))


@pytest.fixture
def exam_served(tmp_path):
    """exam.csv as ``neuralab play --data exam.csv --target passed`` serves it (``upload.served_csv``)."""
    from neuralab import data
    from neuralab.play.upload import served_csv
    path = tmp_path / "exam.csv"
    path.write_text(EXAM_CSV)
    return served_csv(data.load_csv(path, target="passed"), str(path), "passed")


@pytest.fixture
def exam_registry(exam_served):
    """The Registry of a server that serves exam.csv (``exam_served``), each session closed after the test."""
    yield from _closed_after(exam_served)


def _closed_after(served):
    """A Registry of the server's ``served`` CSV (None: none), yielded, then each of its sessions closed."""
    from neuralab.play.registry import Registry
    registry = Registry(served)
    yield registry
    for session in list(registry._sessions):
        registry.close(session)


@pytest.fixture
def served(monkeypatch):
    """What each ``neuralab play`` the test runs would serve (its ``served`` CSV, or None): the
    server is started no further."""
    from neuralab.play import server
    started = []

    def serve(sock, on_started=None, served=None, names=()):
        sock.close()
        started.append(served)
    monkeypatch.setattr(server, "serve", serve)
    return started


@pytest.fixture
def greeted_session(play_session):
    """A playground Session the page has greeted: hello with the default state."""
    from session_kit import send
    send(play_session, {"type": "hello", "state": {}})
    return play_session


@pytest.fixture
def spiking_monitor():
    """The Monitor of a run whose loss spikes, moons under SGD at lr 10 for 10 epochs (its
    learning_rate_too_high), recorded every 5 steps."""
    from neuralab import data, nn, optim
    from neuralab.train import Monitor
    neuralab.seed(0)
    X, y = data.load("moons", n_samples=300, noise=0.2, seed=0)
    model = nn.MLP([2, 16, 16, 1], activation="relu")
    monitor = Monitor(every=5)
    model.fit(X, y, loss="bce_logits", optimizer=optim.SGD(model.parameters(), lr=10), epochs=10,
              callbacks=[monitor], verbose=0)
    return monitor
