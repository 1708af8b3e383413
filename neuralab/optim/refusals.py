"""What an optimizer refuses before it takes its parameters: other libraries' keyword arguments
and torch's parameter groups, neither of which means anything here. Each is refused with the way
to do its job in neuralab. (The switches that freeze a layer in Keras and torch are refused when
they are set: ``nn.freeze_flags``.)"""
from ..nn.checks import checked_keywords


def refuses_other_keywords(ways):
    """A decorator of an optimizer's ``__init__`` that refuses the keyword arguments it does not
    take (``nn.checks.checked_keywords``) with ``ways`` (``nn.habits``' answers), Keras's
    ``learning_rate`` answered with this optimizer's own call and the value given:
    ``SGD(learning_rate=0.1)`` is told ``optim.SGD(model.parameters(), lr=0.1)``, not another
    optimizer's."""
    def answers(optimizer_class):
        def learning_rate(value):
            call = f"optim.{optimizer_class.__name__}(model.parameters(), lr={value!r})"
            return f"the learning rate is lr here, as in torch: {call}"
        return {**ways, "learning_rate": learning_rate}
    return checked_keywords(answers)


def refuse_parameter_groups(params, name, lr):
    """Refuse torch's parameter groups, ``[{"params": body.parameters(), "lr": 1e-3}, {"params":
    head.parameters()}]``, with the loop that does their job: one optimizer per group, each with
    the group's learning rate (or ``lr``), stepped one after the other. Every rule is per
    parameter, so two optimizers over two disjoint groups make exactly the updates of one
    optimizer over both groups. (A list of Parameters, or an iterator, passes on to
    ``parameter_list``, which refuses a dict it meets later.)"""
    if not isinstance(params, (list, tuple)):
        return
    groups = [(i, g) for i, g in enumerate(params) if isinstance(g, dict)]
    if not groups:
        return
    opts = ", ".join(f"optim.{name}(<group {i}'s params>, lr={g.get('lr', lr)!r}, ...)" for i, g in groups)
    raise TypeError(f"params[{groups[0][0]}] is a dict: there are no parameter groups here; build one "
                    f"optimizer per group, with the group's options and those they share, "
                    f"opts = [{opts}], and step each in "
                    f"your loop: model.backward(loss.backward()), then for opt in opts: opt.step(); "
                    f"opt.zero_grad() (fit takes a single optimizer)")

