"""Each finding computed once per report.

The rules read each other: a spike of the loss is ``learning_rate_too_high``'s and ``late_rise``'s;
``pinned_output`` asks whether either was reported, ``learning_rate_too_low`` whether seven others
were, and each asks whether the network fits its data. Computed afresh at every question, the
spike was found three times in one ``report()``. So a rule, or a reading several rules share, is
decorated with ``once_per_report``: while ``diagnose`` runs (inside ``one_report(monitor)``) its
first answer for that monitor is kept and given again; outside a report, as when a test or a
lesson calls a rule by itself, it is computed at each call. Nothing is kept between reports: the
records change as training goes on, and the next report reads them anew.
"""
import contextlib
import contextvars
import functools

# (the monitor being diagnosed, {finding: its answer}) while a report is made, else None; a context
# variable, so that a report made in another thread (the playground's) keeps its own answers
_REPORT = contextvars.ContextVar("diagnose_report", default=None)


@contextlib.contextmanager
def one_report(monitor):
    """Within this block, each ``once_per_report`` finding of ``monitor`` is computed once."""
    token = _REPORT.set((monitor, {}))
    try:
        yield
    finally:
        _REPORT.reset(token)


def once_per_report(finding):
    """``finding(m)``, kept for the rest of the report of ``m`` once computed (see the module
    docstring)."""
    @functools.wraps(finding)
    def kept(m):
        report = _REPORT.get()
        if report is None or report[0] is not m:
            return finding(m)
        answers = report[1]
        if finding not in answers:
            answers[finding] = finding(m)
        return answers[finding]
    return kept
