"""A script run in a new Python interpreter: what an import does (or does not) load shows only in a
process that has imported nothing yet, and this one has imported all of neuralab, torch and
matplotlib."""
import subprocess
import sys


def printed_by_fresh_python(script, timeout=120):
    """The lines ``script`` printed in a new interpreter; a script that fails fails the test with
    its traceback."""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout)
    assert run.returncode == 0, run.stderr
    return run.stdout.splitlines()
