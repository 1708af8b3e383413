"""What users of PyTorch and Keras reach for first, and what does its job here: the texts of the
errors that answer their habits, so that "'Sequential' object has no attribute 'eval'" or
"module 'neuralab.nn' has no attribute 'Linear'" name the way instead. scikit-learn's habits and the
nnfs book's are answered in words of their own (``scikit_learn_habits``, ``nnfs_habits``), which the
tables here take in; Andrew Ng's course's dict of arrays in ``course_parameters``."""
from .freeze_flags import requires_grad_hint
from .nnfs_habits import NNFS_CLASSES, NNFS_L1, NNFS_L2, NNFS_PARAMETERS, NNFS_SET
from .scikit_learn_habits import (SCIKIT_LEARN_ATTRIBUTES, SCIKIT_LEARN_METHODS, SCIKIT_LEARN_TRAINING,
                                  hidden_layers_hint)


def torch_class(value, module="torch"):
    """The class of ``value``, or ``value`` itself if it is a class, when that class is torch's
    (``torch.nn.ReLU``, ``torch.optim.SGD(...)``, a tensor), from ``module`` or a module inside
    it ("torch.optim.lr_scheduler"); else None. Told by where the class is defined, without
    importing torch, for the errors that answer torch's habits with the name of torch's class."""
    cls = value if isinstance(value, type) else type(value)
    return cls if f"{cls.__module__}.".startswith(f"{module}.") else None


def habit_answer(answers, name, asked):
    """``answers[name]``, the text of a habit's answer, or what it gives for ``asked``, the object
    asked, when it is a function of it (``requires_grad_hint`` names the layers of its model)."""
    answer = answers[name]
    return answer(asked) if callable(answer) else answer


# The methods of torch.nn.Module and keras.Model that their users reach for first, and what does
# their job here (a function of the object asked when the answer depends on it: ``habit_answer``).
_MODE = ("the mode is chosen per call, not stored: model(x), predict and evaluate run in evaluation mode "
         "(no dropout, BatchNorm's running statistics), model.forward(x, training=True) and fit in training mode")
_WEIGHTS = ("a layer's weights are its Parameters, layer.weight.data of shape (out, in), Keras's kernel "
            "transposed, and layer.bias.data; Keras's set_weights([kernel, bias]) is "
            "layer.weight.data[...] = kernel.T; layer.bias.data[...] = bias (model.parameters() lists them all)")
_STATE = ("model.save(path) writes the weights with the model's structure, neuralab.load(path) reads both back "
          "(nn.Sequential(layer).save(path) for a single layer); the weights alone, by name: "
          "np.savez(path, **model.state_dict()), then model.load_state_dict(np.load(path))")
# A model's methods (a Sequential's), asked of another layer: a torch user's network is a Module
# subclass of its own, which here subclasses nn.Layer and is wrapped to be trained
_A_MODEL_S = ("fit, evaluate, predict, predict_classes, save and summary are a model's, an nn.Sequential's: "
              "wrap the layer, model = nn.Sequential(layer), then model.fit(X, y, ...)")
# Nielsen's costs (Neural Networks and Deep Learning) sum over a sample's K outputs, where the
# losses here take their mean: his η and λ in the units of lr and train.L2
NIELSEN_ETA = ("Nielsen's η is lr here, times c, as his costs sum over the K outputs where the losses here "
               "take their mean: lr = c·η, c = K/2 with loss='mse' and K with 'bce' (η = 3.0 and 10 outputs: lr=15.0)")
_ADAPT = ("a layer learns nothing from the data before fit: scaler = data.Standardizer().fit(X_train) computes "
          "what Keras's Normalization.adapt does, each column's mean and std, and nn.Standardize(n, mean=scaler.mean, "
          "std=scaler.std) applies them as a layer saved with the model")
HABITS = {"eval": _MODE,
          "train": f"{_MODE}; the nnfs book's model.train(X, y, epochs=10, batch_size=128) is model.fit(X, y, "
                   "loss='cross_entropy', optimizer='adam', epochs=10, batch_size=128)",
          "set": NNFS_SET, "finalize": NNFS_SET,
          **{name: NNFS_PARAMETERS for name in ("save_parameters", "load_parameters", "get_parameters",
                                                  "set_parameters")},
          "compile": "there is no compile step: fit takes the loss and the optimizer, "
                     "model.fit(X, y, loss='cross_entropy', optimizer='adam', epochs=20)",
          "count_params": "model.num_parameters() counts them, model.summary() shows them layer by layer",
          "add": "a Sequential is built with its layers, nn.Sequential(nn.Dense(2, 8), nn.ReLU(), "
                 "nn.Dense(8, 1)), or from a list, nn.Sequential(*layers)",
          "requires_grad_": requires_grad_hint, **{name: _WEIGHTS for name in ("get_weights", "set_weights")},
          **{name: _STATE for name in ("save_weights", "load_weights")},
          "predict_proba": "predict(X) gives the outputs, probabilities after a Sigmoid or Softmax output; "
                           "of a model trained with loss='cross_entropy' and no Softmax, "
                           "nn.softmax(model.predict(X)) gives them; predict_classes(X) gives the classes",
          "predict_on_batch": "predict(X) takes any number of rows, 4096 a pass (batch_size=...)",
          "test_on_batch": "evaluate(X, y) scores any number of rows, 4096 a pass (batch_size=...)",
          "train_on_batch": "one update on one batch is the loop written out in docs/training.md: "
                            "model.forward(X, training=True), L = loss(pred, y), model.backward(loss.backward()), "
                            "optimizer.step(), optimizer.zero_grad()",
          "get_layer": "model[i] is the i-th layer (model.layers[i]); the layers here have no names",
          "pop": "model[:-1] is the model without its last layer (the same layer objects, as in torch)",
          **{name: "model.to_spec() is the model as a JSON-able dict, nn.Layer.from_spec(spec) builds it back"
             for name in ("get_config", "to_json")},
          "to_torch": "io.to_torch(model) gives the torch.nn.Module that computes the same (from neuralab import io)",
          "adapt": _ADAPT,   # Keras's Normalization.adapt(X)
          **{name: _A_MODEL_S for name in ("fit", "evaluate", "predict", "predict_classes", "save", "summary")},
          "modules": "model.walk() gives the model and every layer inside it, depth first; model.named_layers() "
                     "gives them with their dotted names",
          "named_modules": "model.named_layers() gives (dotted name, layer) for the model and every layer inside it",
          "children": "model.layers lists a Sequential's layers (model[i] the i-th); model.walk() every layer inside "
                      "it, nested ones too",
          # torch's model.cuda(), model.cpu(), model.double(): a device, or a dtype by its own method
          **{name: "neuralab computes with NumPy on the CPU, so there is no device to move the model to: leave "
                   "it out (and X.to(device) of a batch: a NumPy array is used as it is)"
             for name in ("cuda", "cpu", "mps", "xpu")},
          "double": "model.to(np.float64) converts the parameters to float64, torch's model.double()",
          "float": "model.to(np.float32) converts the parameters to float32, torch's model.float()",
          "half": "the parameters are np.float32 or np.float64, not float16: model.to(np.float32)",
          "apply": "initial weights are init= of nn.Dense and nn.MLP, a name from nn.init.INITIALIZERS or a "
                   "function (shape, rng) -> array; to change layers after, loop over them: for layer in "
                   "model.walk(): ...",
          # Nielsen's Network class (network.py): its methods are fit's loop and a forward pass here
          "SGD": "training is model.fit(X, Y, loss='mse', optimizer=optim.SGD(model.parameters(), lr=15.0), "
                 f"epochs=30, batch_size=10), samples as rows ({NIELSEN_ETA}); his \"Epoch 0: 9129 / 10000\" "
                 "is callbacks=[train.CorrectCount(X_test, y_test)]",
          "update_mini_batch": "one update on one batch is the loop written out in docs/training.md: "
                               "model.forward(X, training=True), loss(pred, y), model.backward(loss.backward()), "
                               "optimizer.step(), optimizer.zero_grad()",
          "feedforward": "model(X) is the forward pass, samples as rows: model(x.T) for one sample held as "
                         "a column (784, 1)",
          "backprop": "model.forward(X, training=True), L = loss(pred, Y), then model.backward(loss.backward()) "
                      "fills each layer's weight.grad and bias.grad, the gradients of the mean loss: for one "
                      "sample, X = x.reshape(1, -1), Nielsen's nabla_w and nabla_b are c times them, c = K/2 "
                      "with loss='mse' and K with 'bce' (K outputs)",
          **SCIKIT_LEARN_METHODS}

# Keras's and torch's attributes of a model or a layer, and what holds the same here
_PARAMETERS = ("model.parameters() lists the weights and biases as Parameters (p.data the array, p.grad its "
               "gradient), model.named_parameters() with their names; the parameters an optimizer leaves "
               "out are not trained (Keras's non-trainable weights)")
ATTRIBUTE_HABITS = {
    **{name: _PARAMETERS for name in ("weights", "trainable_weights", "variables", "trainable_variables")},
    "non_trainable_weights": "model.named_buffers() gives BatchNorm1d's running statistics, which no optimizer "
                             "trains; any parameter is frozen by leaving it out of the optimizer",
    "metrics_names": "the keys of evaluate's dict and of history.history name the loss and the metrics",
    "input_shape": "the input size is the first Dense's in_features: model[0].in_features",
    "kernel": "Keras's kernel, shape (in, out), is weight.data.T here: layer.weight.data has shape (out, in)",
    "units": "Keras's units is out_features here: layer.out_features",
    "training": _MODE,
    "biases": _PARAMETERS,   # Nielsen's net.weights and net.biases
    # the nnfs book's layer.output, layer.inputs and layer.dinputs, dweights, dbiases after backward
    "output": "forward returns the output, where the nnfs book keeps layer.output: out = layer.forward(X, "
              "training=True) in training, layer(X) in evaluation",
    "inputs": "a Dense keeps the input of its last forward pass as layer.a_prev (backward reads it); "
              "other layers keep what their backward needs (ReLU its mask, Softmax its output a)",
    "dinputs": "backward returns the gradient of the loss with respect to the layer's input, where the nnfs "
               "book keeps layer.dinputs: dinputs = layer.backward(dvalues)",
    "dweights": "a Dense's gradient is layer.weight.grad, of shape (out, in): the nnfs book's dweights, "
                "(n_inputs, n_neurons), is layer.weight.grad.T. backward adds to it, so an optimizer's "
                "zero_grad() clears it after each step",
    "dbiases": "a Dense's gradient is layer.bias.grad, of shape (out,): the nnfs book's dbiases, "
               "(1, n_neurons), is layer.bias.grad[None, :]. backward adds to it, so an optimizer's "
               "zero_grad() clears it after each step",
    "sizes": "nn.MLP([784, 30, 10]) takes Nielsen's sizes; model.summary() shows each layer's",
    "num_layers": "len(model) counts the layers, each activation one of them; model.summary() shows them",
    **SCIKIT_LEARN_ATTRIBUTES,
}

# What fit sets on the model (Keras's model.optimizer, model.history after compile and fit), asked
# for before the first fit: the way to have it then
FIT_ATTRIBUTES = {
    "optimizer": "fit sets model.optimizer to the optimizer it trains with (a model from neuralab.load "
                 "has none: the file holds no optimizer state; to go on exactly, build the optimizer "
                 "over model.parameters() and give it the state_dict() kept from the first run with "
                 "optimizer.load_state_dict(state)). Before fit, build one and "
                 "give it to both, a schedule and fit: opt = optim.SGD(model.parameters(), lr=0.1); "
                 "model.fit(X, y, ..., optimizer=opt, callbacks=[train.LearningRateScheduler(optim.StepLR(opt, "
                 "step_size=10))])",
    "history": "fit returns the History and sets model.history: history = model.fit(X, y, ...)",
}

# torch.Tensor's methods that a Parameter's user reaches for (a Parameter holds a NumPy array).
PARAMETER_HABITS = {
    "requires_grad_": requires_grad_hint,
    "detach": "p.data is the values, a NumPy array (p.data.copy() for a copy that training leaves alone)",
    "numpy": "p.data is the values, already a NumPy array",
    "item": "p.data is the values, a NumPy array: p.data.item() for a single one",
    "numel": "p.size is the number of values it holds (p.data.size)",
}
# A Parameter in arithmetic (torch's p -= lr * p.grad), which a tensor allows and a Parameter, a
# holder of an array and its gradient, does not: the update in place that does the same here
PARAMETER_ARITHMETIC = ("a Parameter is not an array: p.data is its values, a NumPy array, to compute "
                        "with, and an update writes into it in place, p.data -= lr * p.grad")
# micrograd's L2 term, alpha * sum(p*p for p in model.parameters()), and its gradient, by the penalty here
PARAMETER_SQUARES = ("micrograd's alpha * sum(p*p for p in model.parameters()) is train.L2(2 * alpha, "
                     "include_bias=True): add penalty.value(model) to the loss, and call penalty.add_grad(model) "
                     "after model.backward, which adds 2 * alpha * p.data to each p.grad")

_DENSE_ONLY = ("the layers here are dense ones (Dense, the activations, BatchNorm1d, Dropout, Flatten): give "
               "them samples as rows, X.reshape(len(X), -1), or images through nn.Flatten() first")
# Gradient clipping: Keras's optimizer options, torch.nn.utils' functions
_CLIP = ("gradient clipping is fit's: fit(..., clip_norm=1.0) or clip_value=, or train.clip_grad_norm_(params, "
         "1.0) between backward and step in a loop of your own")
# torch.nn's names for what has another name or form here, for the module's __getattr__
TORCH_NN_NAMES = {
    "utils": _CLIP,   # torch.nn.utils.clip_grad_norm_, the one of its functions a loop needs
    "Linear": "nn.Dense(in_features, out_features) is torch's nn.Linear (and Keras's Dense)",
    "Module": "nn.Layer is torch's nn.Module: subclass it with forward(x, training=False) and "
              "backward(grad_out), which returns dL/dx",
    "functional": "each activation has its function and derivative, nn.ReLU().function(z) and "
                  "nn.Sigmoid().derivative(z); nn.sigmoid, nn.softmax and nn.log_softmax are plain functions",
    "NLLLoss": "nn.CrossEntropyLoss takes the logits, torch's LogSoftmax and NLLLoss in one",
    "LogSoftmax": "nn.CrossEntropyLoss takes the logits, torch's LogSoftmax and NLLLoss in one; "
                  "nn.log_softmax(z) is the function",
    **{name: "a layer of your own finds the layers and Parameters in its attributes, also inside a plain list, "
             "tuple or dict, as torch's ModuleList and ModuleDict hold them: self.blocks = [nn.Dense(2, 8), "
             "nn.Dense(8, 8)] names their weights blocks.0.weight and blocks.1.weight"
       for name in ("ModuleList", "ModuleDict", "ParameterList", "ParameterDict")},
    "HingeEmbeddingLoss": "torch's HingeEmbeddingLoss is a loss of distances, not the SVM's hinge; that one, "
                          "max(0, 1 - y·s) for a score s and labels y = -1/+1, is nn.HingeLoss() (loss='hinge')",
    "MultiMarginLoss": "for two classes, nn.HingeLoss() (loss='hinge') is the margin loss on one score s, "
                       "max(0, 1 - y·s) for labels y = -1/+1; more classes need cross_entropy here",
    "Conv2d": _DENSE_ONLY, "MaxPool2d": _DENSE_ONLY, "RNN": _DENSE_ONLY,
    "LSTM": _DENSE_ONLY, "GRU": _DENSE_ONLY,
}
# Keras's names for what has another form here
_NO_INPUT_LAYER = ("there is no input layer: the first Dense's in_features is the input size, nn.Dense(2, 8) for "
                   "2 inputs (Keras's Input(shape=(2,)) then Dense(8)), or nn.MLP([2, 8, 1])")
TO_CATEGORICAL = ("loss='cross_entropy' takes the labels 0..K-1 as they are (Keras's sparse_categorical_crossentropy), "
                  "or one-hot rows, which data.one_hot(y) makes (Keras's to_categorical)")
_CROSS_ENTROPY = ("nn.CrossEntropyLoss() is Keras's SparseCategoricalCrossentropy(from_logits=True) and "
                  "CategoricalCrossentropy(from_logits=True): it takes the logits of a last Dense and labels 0..K-1 "
                  "or one-hot rows (loss='cross_entropy' in fit, which gives it the logits of a model ending "
                  "in a Softmax, Keras's from_logits=False)")
# Other libraries' names of activations that are named otherwise here ("linear", Keras's, is a name
# here too)
ACTIVATION_NAMES = {"logistic": "scikit-learn's 'logistic' is 'sigmoid' here"}

# Nielsen's cost classes (network2.py), which add up a sample's K outputs, and the losses here,
# which take their mean
NIELSEN_COSTS = {
    "QuadraticCost": "Nielsen's QuadraticCost, ½‖a − y‖² for a sample, is loss='mse' (nn.MSELoss), the mean of "
                     "(a − y)² over the K outputs: his cost is K/2 times it, so his η is lr = K/2 · η",
    "CrossEntropyCost": "Nielsen's CrossEntropyCost of sigmoid outputs is loss='bce' (nn.BCELoss), the mean over "
                        "the K outputs: his cost is K times it, so his η is lr = K · η",
}
# The nnfs book's classes, and its Layer_Input, which is Keras's Input here too
NNFS_NN_NAMES = {**NNFS_CLASSES, "Layer_Input": _NO_INPUT_LAYER}
KERAS_NN_NAMES = {
    "BatchNormalization": "nn.BatchNorm1d(num_features) is Keras's BatchNormalization, with torch's momentum, "
                          "the new batch's weight: Keras's momentum=0.99 is momentum=0.01 here",
    "Input": _NO_INPUT_LAYER, "InputLayer": _NO_INPUT_LAYER,
    "Model": "a network is an nn.Sequential of layers, or nn.MLP([n0, n1, ..., nL]); a layer of your own "
             "subclasses nn.Layer",
    "Conv1D": _DENSE_ONLY, "Conv2D": _DENSE_ONLY, "MaxPooling2D": _DENSE_ONLY, "SimpleRNN": _DENSE_ONLY,
    "to_categorical": TO_CATEGORICAL,
    # Keras's loss classes: one class here takes logits or probabilities by its name, not from_logits
    **{name: _CROSS_ENTROPY for name in ("SparseCategoricalCrossentropy", "CategoricalCrossentropy")},
    "BinaryCrossentropy": "nn.BCELoss() is Keras's BinaryCrossentropy(), on a Sigmoid's probabilities, and "
                          "nn.BCEWithLogitsLoss() its from_logits=True (loss='bce', loss='bce_logits' in fit)",
    "MeanSquaredError": "nn.MSELoss() is Keras's MeanSquaredError() (loss='mse' in fit)",
    "MeanAbsoluteError": "nn.L1Loss() is Keras's MeanAbsoluteError() (loss='mae' in fit)",
    "Normalization": "nn.Standardize(n, mean=scaler.mean, std=scaler.std) is Keras's Normalization, with "
                     "scaler = data.Standardizer().fit(X_train) in place of its adapt(X_train)",
    "Hinge": "nn.HingeLoss() is Keras's Hinge() (loss='hinge' in fit), on labels -1/+1: Keras turns 0/1 into "
             "them itself, here y = 2 * y - 1 does",
}
# Keras's callbacks and utilities that fit does without, or has under another form (neuralab.train)
KERAS_TRAIN_NAMES = {
    "to_categorical": TO_CATEGORICAL,
    "TerminateOnNaN": "fit stops by itself before an update that would make the loss or a gradient NaN or "
                      "inf, keeps the last finite weights and says where in history.stop_reason",
    "ProgbarLogger": "fit(verbose=1) shows a progress bar and verbose=2 a line per epoch; train.ProgressBar(file=...) "
                     "and train.EpochLines(file=...) are those callbacks",
    "TensorBoard": "the History holds every epoch's numbers, train.CSVLogger(path) writes them to a file, "
                   "train.plots.loss_curves(history) draws them, and train.Monitor() watches every layer",
    "BackupAndRestore": "train.ModelCheckpoint(path, save_best_only=False) writes the model after every epoch; "
                        "neuralab.load(path) reads it back, and fit goes on from it (with a new optimizer)",
}

# torch's keyword arguments of the layers it shares with neuralab that the constructors here do
# not take, and what does their job (``checks.checked_keywords`` adds it to Python's TypeError).
# A synonym is named, not accepted, as the losses do: a layer's options keep one name each, the
# one its spec, its repr and the docs use. These three any of those layers may be given; the
# others below, one layer's own, are answered on that layer only (ReLU(bias=False) answered with
# BatchNorm1d's β sent the reader to another layer).
TORCH_LAYER_KEYWORDS = {
    "inplace": "the layers here never overwrite their input, which backward reads: leave inplace out",
    "device": "neuralab computes with NumPy on the CPU, so there is no device: leave it out",
    "dtype": "parameters are made in the default dtype: neuralab.set_default_dtype(np.float64) before "
             "building the layer, or layer.to(np.float64) after",
}
TORCH_SOFTMAX_KEYWORDS = {
    **TORCH_LAYER_KEYWORDS,
    "dim": "torch's dim is axis here: Softmax(axis=1) normalises each row, as dim=1 does",
}
TORCH_LEAKY_RELU_KEYWORDS = {
    **TORCH_LAYER_KEYWORDS,
    "negative_slope": "torch's negative_slope is alpha here: LeakyReLU(alpha=0.1)",
}
TORCH_BATCHNORM_KEYWORDS = {
    **TORCH_LAYER_KEYWORDS,
    "affine": "BatchNorm1d here always has γ (bn.weight) and β (bn.bias), torch's affine=True: to keep "
              "them at 1 and 0, as affine=False does, leave bn.parameters() out of the optimizer (fit then "
              "warns that the layer is frozen, yet its running statistics move, as affine=False's do)",
    "bias": "BatchNorm1d here always has β (bn.bias), torch's bias=True: to keep it at 0, as bias=False "
            "does, leave bn.bias out of the optimizer",
    "track_running_stats": "BatchNorm1d here always keeps running statistics and normalises with them in "
                           "evaluation, so that a sample's output does not depend on its batch; torch's "
                           "track_running_stats=False, batch statistics in evaluation too, is not supported",
}

# Keras's and torch's arguments of their Flatten layers, which nn.Flatten() does without
_FLATTENS_ALL = ("Flatten() keeps axis 0, the samples, and flattens the others, torch's start_dim=1, end_dim=-1: "
                 "for other axes, reshape the array, x.reshape(...)")
FLATTEN_KEYWORDS = {
    **TORCH_LAYER_KEYWORDS, "start_dim": _FLATTENS_ALL, "end_dim": _FLATTENS_ALL,
    "input_shape": "Flatten() takes samples of any shape and needs none: nn.Sequential(nn.Flatten(), "
                   "nn.Dense(28 * 28, 128), ...) takes images of 28 × 28",
    "data_format": "Flatten() reads each sample's values in C order, row after row (Keras's channels_last "
                   "images flatten alike)",
}

# torch.optim's keyword arguments that the optimizers here do not take.
_ONE_ARRAY = ("a step here updates all the parameters of one dtype at once, as one flat array, which is what "
              "torch's foreach and fused implementations are for: leave it out")
TORCH_OPTIMIZER_KEYWORDS = {
    "maximize": "the optimizers here minimise: to maximise an objective J, minimise -J, starting "
                "backpropagation from -dJ/dpred",
    "foreach": _ONE_ARRAY, "fused": _ONE_ARRAY,
    "capturable": "it is for CUDA graphs, and neuralab runs on the CPU: leave it out",
    "differentiable": "there is no autograd here, so no gradient through a step either: leave it out",
}

# torch.optim.lr_scheduler's keyword arguments that the schedulers here do not take.
TORCH_SCHEDULER_KEYWORDS = {
    "last_epoch": "a scheduler here starts at step 0; to resume one, build it as before and load what its "
                  "state_dict() gave, scheduler.load_state_dict(saved), with the optimizer's state",
    "verbose": "schedulers print nothing: scheduler.get_last_lr() is the lr set by the last step()",
    "total_iters": "torch's total_iters is warmup_steps here: LinearWarmup(opt, warmup_steps=5)",
    "end_factor": "the warm-up rises to the lr itself, torch's end_factor=1.0, and another end is not "
                  "supported: decay the lr after it with after=StepLR(opt, ...) or "
                  "after=CosineAnnealingWarmRestarts(opt, ...)",
}
TORCH_COSINE_KEYWORDS = {
    **TORCH_SCHEDULER_KEYWORDS,
    "T_max": "T_max is torch's CosineAnnealingLR's, one decay over T_max steps; this scheduler's period "
             "is T_0, the steps to its first restart: CosineAnnealingWarmRestarts(opt, T_0=10) is "
             "CosineAnnealingLR(opt, T_max=10) for the first 10 steps, then starts over",
}

# The course's and Keras's names for what the constructors here call otherwise (the course writes
# β, ε, keep_prob and λ; Keras learning_rate, beta_1, rho, rate): the same answer as torch's above.
_LR = "the learning rate is lr here, as in torch: optim.Adam(model.parameters(), lr=0.01)"
_DECAY = ("a decaying learning rate is a schedule here: Keras's and the nnfs book's lr / (1 + decay·t), t counting "
          "updates, is fit(..., callbacks=[train.LearningRateScheduler(lambda t: lr / (1 + decay * t), per='batch')]), "
          "or, in a loop of your own, scheduler = optim.LambdaLR(opt, lambda t: 1 / (1 + decay * t)) with "
          "scheduler.step() after each opt.step()")
_EPSILON = "ε is eps here, as in torch: eps=1e-8"
_OPTIMIZER_KEYWORDS = {**TORCH_OPTIMIZER_KEYWORDS, "learning_rate": _LR, "clipnorm": _CLIP,
                       "clipvalue": _CLIP, "global_clipnorm": _CLIP, "decay": _DECAY}
_BETAS = "β1 and β2 are one argument here, as in torch: betas=(0.9, 0.999)"
ADAM_KEYWORDS = {**_OPTIMIZER_KEYWORDS, "beta_1": _BETAS, "beta_2": _BETAS, "beta1": _BETAS,
                 "beta2": _BETAS, "epsilon": _EPSILON}
_ALPHA = ("the decay rate of the running mean of g² (the course's β, Keras's rho) is alpha here, as in "
          "torch: optim.RMSProp(params, alpha=0.9)")
RMSPROP_KEYWORDS = {**_OPTIMIZER_KEYWORDS, "rho": _ALPHA, "beta": _ALPHA, "beta2": _ALPHA,
                    "beta_2": _ALPHA, "epsilon": _EPSILON}
_MOMENTUM = ("the course's β is momentum here, as in torch, whose v = μv + dW lacks the course's (1 − β) "
             "in v = βv + (1 − β)dW: optim.SGD(params, lr=η·(1 − β), momentum=β) takes the course's "
             "steps of learning rate η")
KEEP_PROB = ("p is the probability of dropping a unit, the course's 1 − keep_prob: keep_prob=0.8 is "
             "Dropout(p=0.2), and nn.MLP(..., dropout=0.2)")
# What train.L2(λ) is in the course's and Keras's terms: every hint about an L2 penalty says it
L2_IN_OTHER_TERMS = ("L2(λ) adds (λ/2) Σ w² to the mean loss, so the course's (λ/2m) Σ‖W‖² is L2(λ / m), m the "
                     "training samples, and Keras's l2(λ), λ Σ w², is L2(2 * λ); Nielsen's (λ/2n) Σ w², over his "
                     "costs summed over K outputs, is L2(λ / (n·K)) with loss='bce' and L2(2λ / (n·K)) with 'mse'")
_L2_IS_FITS = f"an L2 penalty is fit's, fit(..., penalty=train.L2(λ)): {L2_IN_OTHER_TERMS}"
SGD_KEYWORDS = {**_OPTIMIZER_KEYWORDS, "beta": _MOMENTUM, "eta": NIELSEN_ETA, "lmbda": _L2_IS_FITS}
DROPOUT_KEYWORDS = {**TORCH_LAYER_KEYWORDS, "keep_prob": KEEP_PROB,
                    "seed": "the seed of the dropout masks is rng here: rng=0 (without it, fit(seed=...) seeds them)",
                    "rate": "Keras's rate is p here, the probability of dropping a unit: Dropout(p=0.2)"}
_INIT = "the initialiser is init here: init='he_normal' (nn.init.INITIALIZERS has them all)"
_SEED = "the seed of the initial weights is rng here: rng=0, or a numpy.random.Generator"
_UNITS = ("Keras's Dense(units) is Dense(in_features, out_features) here, the input size first: Dense(2, 8) "
          "takes 2 inputs to 8 units")
# What a Dense built with one size (Keras's Dense(8)), or none, is told
DENSE_NEEDS = ("nn.Dense takes in_features and out_features, the course's n[l-1] and n[l]: nn.Dense(4, 8) takes 4 "
               "inputs to 8 units (Keras's Dense(8) after 4 inputs), and nn.MLP([4, 8, 3]) infers each Dense's "
               "from the list of layer sizes")
DENSE_KEYWORDS = {**TORCH_LAYER_KEYWORDS, "kernel_initializer": _INIT, "weight_init": _INIT,
                  "seed": _SEED, "random_state": _SEED, "units": _UNITS, "input_dim": _UNITS, "input_shape": _UNITS,
                  "use_bias": "Keras's use_bias is bias here: bias=False",
                  "activation": "an activation is a layer of its own here: nn.Sequential(nn.Dense(2, 8), "
                                "nn.ReLU()), or nn.MLP([2, 8, 1], activation='relu')",
                  "kernel_regularizer": f"{_L2_IS_FITS}; train.L2(λ, layers=[dense]) penalises this layer alone",
                  **dict.fromkeys(("weight_regularizer_l2", "bias_regularizer_l2"), NNFS_L2),
                  **dict.fromkeys(("weight_regularizer_l1", "bias_regularizer_l1"), NNFS_L1)}

# Andrew Ng's course's L_layer_model(X, Y, layers_dims): the same list of layer sizes, n[0] to n[L]
_LAYERS_DIMS = ("the course's layers_dims is sizes here, given first: nn.MLP({!r}, activation='relu', "
                "output='sigmoid'), ReLU hidden layers and a sigmoid output as in L_layer_model")
MLP_KEYWORDS = {**SCIKIT_LEARN_TRAINING, "keep_prob": KEEP_PROB, "kernel_initializer": _INIT, "weight_init": _INIT,
                "lambd": _L2_IS_FITS, "seed": _SEED, "hidden_layer_sizes": hidden_layers_hint,
                "layers_dims": lambda v: _LAYERS_DIMS.format(v if isinstance(v, (list, tuple)) else [12288, 20, 7, 5, 1])}
