"""What users of PyTorch and Keras reach for first, and what does its job here: the texts of the
errors that answer their habits, so that "'Sequential' object has no attribute 'eval'" or
"module 'neuralab.nn' has no attribute 'Linear'" name the way instead."""

# The methods of torch.nn.Module and keras.Model that their users reach for first, and what does
# their job here.
_MODE = ("the mode is chosen per call, not stored: model(x), predict and evaluate run in evaluation mode "
         "(no dropout, BatchNorm's running statistics), model.forward(x, training=True) and fit in training mode")
_STATE = ("model.save(path) writes the weights with the model's structure, neuralab.load(path) reads both back "
          "(nn.Sequential(layer).save(path) for a single layer); named_parameters() and named_buffers() "
          "give the arrays by name")
_FROZEN = ("a layer is frozen by leaving its parameters out of the optimizer: "
           "optim.Adam(model[-1].parameters()) trains the last layer alone")
HABITS = {"eval": _MODE, "train": _MODE, "state_dict": _STATE, "load_state_dict": _STATE,
          "compile": "there is no compile step: fit takes the loss and the optimizer, "
                     "model.fit(X, y, loss='cross_entropy', optimizer='adam', epochs=20)",
          "count_params": "model.num_parameters() counts them, model.summary() shows them layer by layer",
          "add": "a Sequential is built with its layers, nn.Sequential(nn.Dense(2, 8), nn.ReLU(), "
                 "nn.Dense(8, 1)), or from a list, nn.Sequential(*layers)",
          "requires_grad_": _FROZEN}

# torch.Tensor's methods that a Parameter's user reaches for (a Parameter holds a NumPy array).
PARAMETER_HABITS = {
    "requires_grad_": _FROZEN,
    "detach": "p.data is the values, a NumPy array (p.data.copy() for a copy that training leaves alone)",
    "numpy": "p.data is the values, already a NumPy array",
    "item": "p.data is the values, a NumPy array: p.data.item() for a single one",
}

_DENSE_ONLY = ("the layers here are dense ones (Dense, the activations, BatchNorm1d, Dropout): give them "
               "samples as rows, X.reshape(len(X), -1)")
# torch.nn's names for what has another name or form here, for the module's __getattr__
TORCH_NN_NAMES = {
    "Linear": "nn.Dense(in_features, out_features) is torch's nn.Linear (and Keras's Dense)",
    "Module": "nn.Layer is torch's nn.Module: subclass it with forward(x, training=False) and "
              "backward(grad_out), which returns dL/dx",
    "functional": "each activation has its function and derivative, nn.ReLU().function(z) and "
                  "nn.Sigmoid().derivative(z); nn.sigmoid and nn.log_softmax are plain functions",
    "NLLLoss": "nn.CrossEntropyLoss takes the logits, torch's LogSoftmax and NLLLoss in one",
    "LogSoftmax": "nn.CrossEntropyLoss takes the logits, torch's LogSoftmax and NLLLoss in one; "
                  "nn.log_softmax(z) is the function",
    "Flatten": _DENSE_ONLY, "Conv2d": _DENSE_ONLY, "MaxPool2d": _DENSE_ONLY, "RNN": _DENSE_ONLY,
    "LSTM": _DENSE_ONLY, "GRU": _DENSE_ONLY,
}
