"""The learning rate a ``Monitor`` saw over any window of steps, and in words, for the findings
that quote or judge it.

The monitor notes the rate of every step as a change list, ``Monitor.lr_changes``: (t, lr) of
each step t whose rate differs from the step before's (the first step's too), read as its batch
began. The rate of step t is that of the last change at or before t, so a window [first, last]
of steps ran at

    rate(first), then each lr of a change first < t <= last, from step t on.

A rate changed and changed back between two records (every ``every`` steps: 400 in the
playground, where a learner types into the Learning rate box mid-run) shows there, where the
rates of the records (``Monitor.lrs``) and of the last one (``Monitor.lr``) miss it: a jump of
the loss right after the rate was raised was quoted at the rate before, as "a long run at a
constant learning rate". A schedule stepped per batch changes it at every step; at
``max_records`` changes every other is dropped, as records are, and the rates of a window are
then those of the changes kept.
"""
import bisect
import math

from .remedies import HOW, REMEDIES, Remedy

MAX_NAMED = 3         # changes in a window named one by one; more are summed up


def _changes(m):
    return getattr(m, "lr_changes", None) or []


def _last_change_index(changes, t):
    """The index in ``changes`` of the last change at or before step ``t``; -1 when none is."""
    return bisect.bisect_right(changes, (t, math.inf)) - 1


def rates_over(m, first, last):
    """[(t, lr), ...] of the steps ``first`` to ``last``: (first, the rate of step first), then each
    change of the rate after it, up to ``last``. Steps before the first change noted (none: no
    optimizer) have no rate; [] when none of the window has one."""
    changes = _changes(m)
    i = _last_change_index(changes, first)
    if i < 0:
        return [c for c in changes if c[0] <= last]
    return [(first, changes[i][1])] + [c for c in changes[i + 1:] if c[0] <= last]


def last_change(m, t):
    """(t₀, lr) of the last change of the rate at or before step ``t``: the rate of step t has held
    since step t₀. None when the monitor noted none by then."""
    changes = _changes(m)
    i = _last_change_index(changes, t)
    return changes[i] if i >= 0 else None


def rate_at(m, t):
    """The rate step ``t`` was taken at; None when the monitor noted none."""
    rates = rates_over(m, t, t)
    return rates[0][1] if rates else None


def raised_in(rates):
    """(before, after, t) of the largest rise of the rate among ``rates`` (``rates_over``'s), a rise
    someone made (a rate typed anew, ``optimizer.lr = ...``), None when none rose so. Not from lr 0,
    which is no rate to go back to, nor among more than 3 changes: a schedule stepped per batch (a
    warm-up) rises by plan at every step."""
    if len(rates) > MAX_NAMED + 1:
        return None
    rises = [(b / a, a, b, t) for (_, a), (t, b) in zip(rates, rates[1:]) if b > a > 0]
    return max(rises)[1:] if rises else None


def rates_in_words(m, first, last):
    """The rate of steps ``first`` to ``last`` in words: "lr 0.01" when one held; "lr fell from 0.1 to
    0.01 at step 1,200", "lr rose from 0.1 to 5 at step 1,201, then fell to 0.1 at step 1,207" when it
    changed (up to 3 times); "lr changed 40 times over steps 1 to 4,000, from 0.1 to 0.001 (between 0.001
    and 0.1)" beyond. None when the monitor noted no rate."""
    rates = rates_over(m, first, last)
    if not rates:
        return None
    (_, start), changes = rates[0], rates[1:]
    if not changes:
        return f"lr {start:g}"
    lrs = [lr for _, lr in rates]
    if len(changes) > MAX_NAMED:
        return (f"lr changed {len(changes)} times over steps {first:,} to {last:,}, from {start:g} to "
                f"{lrs[-1]:g} (between {min(lrs):g} and {max(lrs):g})")
    said = [f"{'rose' if b > a else 'fell'} {'from ' + format(a, 'g') + ' ' if i == 0 else ''}to {b:g} at step {t:,}"
            for i, (a, (t, b)) in enumerate(zip(lrs, changes))]
    return "lr " + ", then ".join(said)


def at_rates(m, first, last, whose=None):
    """``rates_in_words`` to follow a finding's words: "at lr 0.01", or "while the lr fell from 0.1 to
    0.01 at step 1,200"; with ``whose`` (an optimizer's name), "at SGD's lr 0.01", "while SGD's lr
    fell ..."; "" when the monitor noted no rate."""
    said = rates_in_words(m, first, last)
    if said is None:
        return ""
    owner = f"{whose}'s " if whose else ""
    return f"at {owner}{said}" if len(rates_over(m, first, last)) == 1 else f"while {owner or 'the '}{said}"


def epoch_start(m, epoch):
    """The first step of ``epoch`` (0-based, as the monitor's epoch logs count), from the steps per
    epoch of the run so far (its fits' batches alike)."""
    per_epoch = m.step // m.epochs_seen if m.epochs_seen else m.step
    return max(1, epoch * per_epoch + 1)



def lowered_since(m, high):
    """The rate of the last record's step when it is below ``high``, the rate the harm was done at
    (a killing step's, the largest of the run's); None otherwise (lr 0 is no rate to start again at).
    A rate lowered after large steps switched units off or pinned an output (a schedule, the
    playground's box) leaves them so: no gradient moves the weights the large rate left."""
    last = rate_at(m, m.steps[-1]) if m.steps else None
    return last if last is not None and high is not None and 0 < last < high else None


def fresh_at(lr):
    """The fresh-weights remedy said with the lower rate ``lr`` the run has now ("start again from fresh
    weights at the lower learning rate, 0.01"), to take the place of "a lower learning rate" once
    ``lowered_since`` found it: that rate is what the run has, and fresh weights are what it lacks."""
    fresh = next(r for r in REMEDIES["dead_relus"] if r.key == "fresh_weights")
    return Remedy(f"{fresh.words}, {lr:g}", fresh.key,
                  {"python": f"{HOW['python']['fresh_weights']}, made with lr={lr:g}",
                   "cli": f"run neuralab train again with --lr {lr:g} (each run draws its weights anew)"})
