"""What the reader of "Neural Networks from Scratch" (Kinsley & Kukieła, the nnfs book,
docs/coming-from-nnfs.md) reaches for, and what does its job here: its classes by name, its Model's
set/finalize and save_parameters, its Layer_Dense's regularizer keywords. Its layers keep
(n_inputs, n_neurons) weights, Keras's layout, and its Layer_Dropout's rate is the share dropped."""

# Its Model class's set(loss=..., optimizer=...), finalize() and save_parameters
NNFS_SET = ("a model here takes its loss and optimizer in fit, with no set() or finalize() step: "
            "model.fit(X, y, loss='cross_entropy', optimizer=optim.Adam(model.parameters(), lr=0.001, eps=1e-7), "
            "epochs=10, batch_size=128, validation_data=(X_test, y_test)), the nnfs book's model.train(X, y, ...); "
            "fit's accuracy is the book's Accuracy_Categorical")
NNFS_PARAMETERS = ("the weights alone, by name: np.savez(path, **model.state_dict()), then "
                   "model.load_state_dict(np.load(path)) (the nnfs book's save_parameters and load_parameters, "
                   "without pickle); model.save(path) writes the structure too, as the book's save")

# Its classes, by name (nn's __getattr__ answers them; its Layer_Input is answered with Keras's Input)
_SOFTMAX_LOSS = ("nn.CrossEntropyLoss() takes the logits of the last Dense and labels 0..K-1 or one-hot rows, "
                 "the nnfs book's Activation_Softmax_Loss_CategoricalCrossentropy: its backward is (p − y) / m "
                 "(loss='cross_entropy' in fit)")
NNFS_CLASSES = {
    "Layer_Dense": "nn.Dense(n_inputs, n_neurons) is the nnfs book's Layer_Dense, init='normal' its 0.01 · randn; "
                   "its weights (n_inputs, n_neurons) are layer.weight.data.T here, of shape (out, in), and its "
                   "weight_regularizer_l2=λ is fit(..., penalty=train.L2(2 * λ, layers=[dense]))",
    "Layer_Dropout": "nn.Dropout(p) is the nnfs book's Layer_Dropout(rate): p is its rate, the share of units "
                     "dropped (Layer_Dropout(0.1) is nn.Dropout(0.1)), and the kept ones are scaled by 1 / (1 − p) "
                     "as in the book",
    "Activation_ReLU": "nn.ReLU() is the nnfs book's Activation_ReLU",
    "Activation_Softmax": "nn.Softmax() is the nnfs book's Activation_Softmax; a model ending in it trains with "
                          "loss='cross_entropy', which takes the logits before it, as the book's combined "
                          "Activation_Softmax_Loss_CategoricalCrossentropy does",
    "Activation_Sigmoid": "nn.Sigmoid() is the nnfs book's Activation_Sigmoid",
    "Activation_Linear": "nn.Identity() is the nnfs book's Activation_Linear (a Dense alone needs none)",
    "Loss_CategoricalCrossentropy": _SOFTMAX_LOSS,
    "Activation_Softmax_Loss_CategoricalCrossentropy": _SOFTMAX_LOSS,
    "Loss_BinaryCrossentropy": "nn.BCELoss() is the nnfs book's Loss_BinaryCrossentropy, on a Sigmoid's outputs "
                               "(loss='bce' in fit)",
    "Loss_MeanSquaredError": "nn.MSELoss() is the nnfs book's Loss_MeanSquaredError (loss='mse' in fit)",
    "Loss_MeanAbsoluteError": "nn.L1Loss() is the nnfs book's Loss_MeanAbsoluteError (loss='mae' in fit)",
}

# the nnfs book's Layer_Dense(..., weight_regularizer_l2=λ, bias_regularizer_l2=λ): λ Σ w² added to the
# loss, 2λw to the gradient, Keras's l2(λ)
NNFS_L2 = ("an L2 penalty is fit's here: the nnfs book's weight_regularizer_l2=λ, λ Σ w² for this layer, is "
           "fit(..., penalty=train.L2(2 * λ, layers=[dense])), and include_bias=True penalises the biases too, "
           "its bias_regularizer_l2=λ (one λ for both)")
NNFS_L1 = ("an L1 penalty is fit's here: the nnfs book's weight_regularizer_l1=λ, λ Σ |w| for this layer, is "
           "fit(..., penalty=train.L1(λ, layers=[dense])), include_bias=True for its bias_regularizer_l1")
