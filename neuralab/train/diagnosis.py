"""One finding of the training monitor and the list of them: ``Diagnosis`` (a problem or a note,
its evidence and remedies) and ``Report`` (all of them, severe ones first), with ``problem`` and
``note``, which the rules build each ``Diagnosis`` with, and the way the evidence quotes numbers
(``short_number``, ``metric_in_words``). The words (titles, remedies and how each face applies
them) are in ``remedies.py``.
"""
from dataclasses import dataclass, field

from .remedies import REMEDIES, TITLES, Remedy, _with_how

# "severe" and "warning" are problems; "info" is a note: a finding worth knowing that needs no
# fixing in this run (dead ReLUs in a network that fits its data anyway), given without remedies.
# A report lists them in this order.
SEVERITIES = ("severe", "warning", "info")


@dataclass
class Diagnosis:
    """One finding: ``name`` (a key of ``TITLES``), ``severity`` ("severe" or "warning" for a
    problem, "info" for a note, see ``SEVERITIES``), ``evidence`` (the numbers behind it, in
    words) and ``remedies`` (what to try; none for a note)."""

    name: str
    severity: str
    evidence: str
    remedies: list = field(default_factory=list)

    @property
    def title(self):
        return TITLES.get(self.name, self.name)

    def advice(self, face="python", done=()):
        """The remedies in the terms of ``face``: "python", "cli" (``neuralab train``'s options)
        or "play" (the playground's controls); those that face does itself are left out, and
        those of the keys ``done``, which the run has already (the playground's Initial weights
        on auto: He for ReLU, Xavier else)."""
        advice = (r.in_terms(face) if isinstance(r, Remedy) else _with_how(r, None, face)
                  for r in self.remedies if getattr(r, "key", None) not in done)
        return [a for a in advice if a is not None]

    def text(self, face="python"):
        advice = self.advice(face)
        lines = [f"[{self.severity}] {self.title}", f"  evidence: {self.evidence}"]
        if advice:
            lines += ["  try:"] + [f"    - {r}" for r in advice]
        return "\n".join(lines)

    __str__ = text


def problem(name, severe, evidence, without=(), instead=None, first=(), also=()):
    """The diagnosis ``name``, with its remedies except those whose key is in ``without``, and
    ``instead[key]`` in the place of the remedy of that key (more of what the run has already);
    those whose key is in ``first`` come first (the one the evidence names the cause for); ``also``,
    (other name, key) pairs, adds those of another finding's remedies, for evidence that names its
    cause as well."""
    instead = instead or {}
    remedies = [instead.get(r.key, r) for r in REMEDIES[name] if r.key not in without]
    remedies += [r for other, key in also for r in REMEDIES[other] if r.key == key]
    remedies.sort(key=lambda r: getattr(r, "key", None) not in first)    # (a stable sort)
    return Diagnosis(name, "severe" if severe else "warning", evidence, remedies)


def note(name, evidence):
    """The finding ``name`` as a note (severity "info"): nothing to fix here, so no remedies."""
    return Diagnosis(name, "info", evidence, [])


def metric_in_words(metric, digits=0):
    """A task metric, ``task_metric``'s (name, value), with its name and unit, as the evidence quotes it:
    "training accuracy 97.2%" (``digits`` decimals of the percentage), "training R² 0.972" (as fine:
    ``digits`` + 2 decimals), one far below 0 to 3 significant digits ("training R² -1.09e+09", where
    its decimals ran to 13 digits). An R² is no share of anything: "R² 93%" read as one."""
    name, value = metric
    if name != "R²":
        return f"training {name} {value:.{digits}%}"
    return f"training R² {short_number(value) if value <= -1000 else f'{value:.{digits + 2}f}'}"


def short_number(x):
    """``x`` to 3 significant digits (0.000123, 4.56e+03), as the evidence quotes numbers."""
    return f"{x:.3g}"


def share(fraction):
    """A fraction as a percentage, as the evidence quotes the shares of units: "62%"."""
    return f"{fraction:.0%}"


MOST_LISTED = 4     # layers the evidence names one by one; more are said as a range


def layers_listed(named_values, say=short_number):
    """[(layer name, value), ...] in words: each one, "2 Dense 0.0419, 4 Dense 0.0399", up to 4;
    more as their span and range, "2 Dense to 38 Dense: 0.0357 to 0.0432", so that a deep network's
    finding stays a sentence (19 layers one by one ran to 720 characters)."""
    if len(named_values) <= MOST_LISTED:
        return ", ".join(f"{name} {say(value)}" for name, value in named_values)
    values = [value for _, value in named_values]
    return f"{named_values[0][0]} to {named_values[-1][0]}: {say(min(values))} to {say(max(values))}"


class Report(list):
    """A list of ``Diagnosis`` (severe ones first, notes last); ``str(report)`` is the
    plain-language text, and so is its repr: ``monitor.report()`` at a prompt or as the last
    line of a notebook cell shows the text (a list's repr showed ``[]`` for a clean run)."""

    def text(self, face="python"):
        """The report in words, its remedies in the terms of ``face`` (see ``Diagnosis.advice``)."""
        return self._text(face)

    def _text(self, face, scope=""):
        """The headline, then each finding; ``scope`` qualifies "no problems found"."""
        return "\n\n".join([self._headline(scope)] + [d.text(face) for d in self])

    def _headline(self, scope):
        """"Training monitor: 2 problems found." / "...: no problems found; 1 note." (a note is
        not counted as a problem)."""
        problems, notes = len(self.problems), len(self) - len(self.problems)
        found = (f"{problems} problem{'s' if problems > 1 else ''} found" if problems
                 else f"no problems found{scope}")
        if notes:
            found += f"{', and' if problems else ';'} {notes} note{'s' if notes > 1 else ''}"
        return f"Training monitor: {found}."

    @property
    def problems(self):
        """The diagnoses that are problems (severity "severe" or "warning"), not notes."""
        return [d for d in self if d.severity != "info"]

    def __str__(self):
        return self.text()

    __repr__ = __str__

    @property
    def names(self):
        return [d.name for d in self]
