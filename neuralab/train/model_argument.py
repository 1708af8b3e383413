"""The model that ``train.fit``, ``train.evaluate`` and ``train.predict`` take first, checked before
anything reads it: anything else, a dict of arrays, a torch module, None, met "'dict' object has no
attribute 'walk'" deep inside the loop. (``model.fit(...)`` cannot be handed the wrong model.)"""
from ..nn.course_parameters import course_parameters_hint
from ..nn.habits import torch_class
from ..nn.layer import Layer


def check_model(model, method):
    """Refuse ``model`` unless it is a layer (an ``nn.Layer``: Sequential, MLP, a layer of one's
    own), naming what came and, for a habit of another course or library, its way here."""
    if isinstance(model, Layer):
        return
    if torch_class(model, "torch") is not None:
        way = (" (a torch.nn.Module trains in torch: build the same network of neuralab's layers, "
               "nn.Sequential(nn.Dense(...), ...); io.to_torch(model) goes the other way)")
    else:
        way = course_parameters_hint(model, build=True)
    raise TypeError(f"{method} takes the model first, a layer such as nn.Sequential(...) or nn.MLP([...]), "
                    f"got {type(model).__name__}{way}")
