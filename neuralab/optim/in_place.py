"""What ``step`` checks after an ``update`` of your own: that it wrote into its arrays.

``update(p, state, t)`` gets views: ``p.data`` is the flat array that every parameter of the
group is a view of (or a stretch of it), and ``state`` holds the group's state arrays (or the
matching stretches). ``p.data -= η · sign(g)`` writes into them. ``p.data = p.data - η · sign(g)``
binds the name to a new array that no parameter sees, so the step would change no weight and
training would run on with the loss flat, without a word. ``state["G"] = state["G"] + g²`` is
lost in the same way at a step where only some parameters got a gradient, whose ``state`` is
made of views.
"""


def refuse_replaced(optimizer, p, data, state, arrays):
    """Raise a TypeError if ``update`` replaced ``p.data`` (which was ``data``) or an entry of
    ``state`` (which were ``arrays``). Nothing happens when each is the array it was. (The next
    step gathers the parameters again, from their own arrays, which the new one never reached.)"""
    name = type(optimizer).__name__
    if p.data is not data:
        raise TypeError(f"{name}.update replaced p.data with a new array (p.data = p.data - ...), which "
                        f"no parameter sees, so the step changed no weight: write into it, e.g. "
                        f"p.data -= self.lr * p.grad")
    for key, array in arrays.items():
        if state.get(key) is not array:
            raise TypeError(f"{name}.update replaced state[{key!r}] with a new array: write into it, "
                            f"e.g. state[{key!r}] += p.grad ** 2 or np.multiply(..., out=state[{key!r}]) "
                            f"(at a step where only some parameters got a gradient, state holds views "
                            f"of the optimizer's arrays, and a new one would be lost)")
