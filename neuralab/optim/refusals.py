"""What an optimizer refuses before it takes its parameters: other libraries' keyword arguments
and torch's parameter groups, neither of which means anything here; and the attributes of torch's
optimizers and schedulers that have no counterpart here, asked for later. Each is refused with the
way to do its job in neuralab. (The switches that freeze a layer in Keras and torch are refused
when they are set: ``nn.freeze_flags``.)"""
import functools

from ..nn.checks import checked_keywords


def refuses_other_keywords(ways):
    """A decorator of an optimizer's ``__init__`` that refuses the keyword arguments it does not
    take (``nn.checks.checked_keywords``) with ``ways`` (``nn.habits``' answers), Keras's
    ``learning_rate`` answered with this optimizer's own call and the value given:
    ``SGD(learning_rate=0.1)`` is told ``optim.SGD(model.parameters(), lr=0.1)``, not another
    optimizer's; and an optimizer built without params, as Keras builds one, is told when to
    build it (``_needs_params``)."""
    def answers(optimizer_class):
        def learning_rate(value):
            call = f"optim.{optimizer_class.__name__}(model.parameters(), lr={value!r})"
            return f"the learning rate is lr here, as in torch: {call}"
        return {**ways, "learning_rate": learning_rate}
    keywords = checked_keywords(answers)
    return lambda init: keywords(_needs_params(init))


def _needs_params(init):
    """An optimizer's ``__init__`` that, called without ``params`` (as Keras's ``Adam()`` is, before
    there is a model: compile hands it the weights), says what to pass and when,
    not Python's "missing 1 required positional argument: 'params'". ``params`` stays required,
    and help() shows the function's own signature."""
    @functools.wraps(init)
    def checked(self, *args, **keywords):
        if not args and "params" not in keywords:
            name = type(self).__name__
            raise TypeError(f"optim.{name}() needs params, the parameters it updates: build it after the "
                            f"model, opt = optim.{name}(model.parameters()), and give it to fit(..., "
                            f"optimizer=opt) or step it in a loop of your own")
        return init(self, *args, **keywords)
    return checked


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


# torch.optim.Optimizer's attributes that have no counterpart here, and what does their job
_OWN_OPTIMIZER = ("an optimizer of their own over them, optim.Adam(head.parameters(), lr=0.01), stepped in "
                  "the same loop")
OPTIMIZER_HABITS = {
    "param_groups": "its learning rate is optimizer.lr (read it, or set it: optimizer.lr = 0.01), and other "
                    f"rates for some layers need {_OWN_OPTIMIZER}",
    "add_param_group": "its parameters are fixed when it is built: layers added later (a new head) train "
                       f"with {_OWN_OPTIMIZER}, or with one optimizer built again over model.parameters()",
    "defaults": "its options are attributes, optimizer.lr, optimizer.weight_decay, ..., all of them listed "
                "in optimizer.state_dict()['param_groups'][0]",
}

# torch.optim.lr_scheduler's attributes that have no counterpart here, and what does their job
SCHEDULER_HABITS = {
    "get_lr": "scheduler.get_last_lr() is the lr its last step() set, as in torch (whose get_lr is the "
              "formula step() uses); scheduler.schedule(t) is the lr at any step t",
    "base_lrs": "scheduler.base_lr is the lr its schedule starts from (torch's base_lrs[0]: one group here)",
}


def habit_error(obj, name, habits):
    """The AttributeError for ``obj.name``, an attribute ``obj`` lacks: ``habits[name]``, what does
    its job here, when it is one of torch's, else Python's own words."""
    if name in habits:
        return AttributeError(f"{type(obj).__name__} has no {name}: {habits[name]}", name=name, obj=obj)
    return AttributeError(f"{type(obj).__name__!r} object has no attribute {name!r}", name=name, obj=obj)
