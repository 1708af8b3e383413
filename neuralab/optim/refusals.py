"""What an optimizer refuses before it takes its parameters: other libraries' keyword arguments,
torch's parameter groups and the Keras and torch switches that freeze a layer, none of which
means anything here. Each is refused with the way to do its job in neuralab."""
from ..nn.checks import check_init_keywords
from ..nn.sequential_repr import short_repr


def refuse_other_keywords(optimizer, unexpected, ways):
    """Refuse the keyword arguments ``optimizer``'s constructor gathered in ``**unexpected`` with
    ``check_init_keywords`` and ``ways`` (``nn.habits``' answers), Keras's ``learning_rate``
    answered with this optimizer's own call and the value given: ``SGD(learning_rate=0.1)`` is
    told ``optim.SGD(model.parameters(), lr=0.1)``, not another optimizer's."""
    if "learning_rate" in unexpected:
        call = f"optim.{type(optimizer).__name__}(model.parameters(), lr={unexpected['learning_rate']!r})"
        ways = {**ways, "learning_rate": f"the learning rate is lr here, as in torch: {call}"}
    check_init_keywords(optimizer, unexpected, ways)


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


def refuse_freeze_flags(named_params, named_layers=()):
    """Refuse the switches that freeze a layer in Keras (``layer.trainable = False``) and in torch
    (``p.requires_grad = False``): nothing here reads them, so the layer would go on training,
    silently. ``named_params`` and ``named_layers`` are (name, Parameter) and (path, Layer) pairs.

    A layer is frozen here by leaving its parameters out of the optimizer, which updates only
    the parameters it holds (``fit`` clears the gradients of the others at every step)."""
    flagged = [(f"layer {path} {short_repr(layer)}" if path else f"the model {short_repr(layer)}", "layer.trainable")
               for path, layer in named_layers if not vars(layer).get("trainable", True)]
    flagged += [(name, "p.requires_grad") for name, p in named_params if not getattr(p, "requires_grad", True)]
    if flagged:
        where, flag = flagged[0]
        raise ValueError(f"{where} has {flag.partition('.')[2]} = False, which nothing here reads: it "
                         f"would train all the same. A layer is frozen by leaving its parameters out of "
                         f"the optimizer (optimizer=optim.Adam(model[-1].parameters()) trains the last "
                         f"layer alone); del {flag} to go on")
