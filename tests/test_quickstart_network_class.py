"""The PyTorch quickstart's ``class NeuralNetwork(nn.Module)``, ported as docs/training.md writes it
(a layer of one's own, Flatten then a Sequential, with the backward autograd would write): its
weights go to a file and into a new network by name, the whole network saves and loads wrapped in
a Sequential, and ``fit`` on the wrapped network is the page's train loop, bit for bit."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from test_data_idx import make_mnist
from test_nn_state_dict import PortedNeuralNetwork


@pytest.fixture
def fashion(tmp_path):
    """Fashion-MNIST's four files of 12 training and 5 test images, read back."""
    make_mnist(tmp_path, n=12, prefix="train")
    make_mnist(tmp_path, n=5, prefix="t10k")
    return data.load("fashion_mnist", directory=tmp_path), data.load("fashion_mnist", directory=tmp_path, kind="test")


def _train(dataloader, model, loss_fn, optimizer):
    """The page's train loop."""
    for X, y in dataloader:
        pred = model.forward(X, training=True)
        loss_fn(pred, y)
        model.backward(loss_fn.backward())
        optimizer.step()
        optimizer.zero_grad()


def test_fit_of_the_wrapped_network_ends_with_the_weights_of_the_train_loop(fashion):
    training_data, test_data = fashion
    neuralab.seed(0)
    looped = PortedNeuralNetwork()
    neuralab.seed(0)
    wrapped = nn.Sequential(PortedNeuralNetwork())
    loss_fn, optimizer = nn.CrossEntropyLoss(), optim.SGD(looped.parameters(), lr=0.1)
    for _ in range(3):
        _train(data.batches(training_data, batch_size=4, shuffle=False), looped, loss_fn, optimizer)
    history = wrapped.fit(training_data, loss=nn.CrossEntropyLoss(), optimizer=optim.SGD(wrapped.parameters(), lr=0.1),
                          epochs=3, batch_size=4, shuffle=False, validation_data=test_data, verbose=0)
    assert wrapped[0].state_dict().keys() == looped.state_dict().keys()
    for name, array in looped.state_dict().items():
        np.testing.assert_array_equal(wrapped[0].state_dict()[name], array)
    assert history.history["val_loss"][-1] == pytest.approx(loss_fn(looped(test_data.X), test_data.y))


def test_the_whole_network_saves_wrapped_and_loads_where_its_class_is_defined(fashion, tmp_path):
    model = PortedNeuralNetwork()
    path = nn.Sequential(model).save(tmp_path / "model.npz")          # torch.save(model, "model.pth")
    loaded = neuralab.load(path)
    assert type(loaded[0]) is PortedNeuralNetwork
    X = fashion[1].X
    np.testing.assert_array_equal(loaded(X), model(X))
    np.testing.assert_array_equal(loaded[0](fashion[1].images), model(X))   # Flatten: images or rows


def test_the_weights_alone_load_into_a_new_network_that_predicts_the_same_class(fashion, tmp_path):
    training_data, test_data = fashion
    model = PortedNeuralNetwork()
    _train(data.batches(training_data, batch_size=4, shuffle=False), model, nn.CrossEntropyLoss(),
           optim.SGD(model.parameters(), lr=0.1))
    np.savez(tmp_path / "model.npz", **model.state_dict())
    model_again = PortedNeuralNetwork()
    model_again.load_state_dict(np.load(tmp_path / "model.npz"))
    x = test_data.X[:1]
    assert model_again(x)[0].argmax(0) == model(x)[0].argmax(0)
    np.testing.assert_array_equal(model_again(test_data.X), model(test_data.X))


def test_loading_the_weights_of_a_network_of_other_sizes_names_the_first_that_differs(tmp_path):
    np.savez(tmp_path / "model.npz", **PortedNeuralNetwork(hidden=32).state_dict())
    model = PortedNeuralNetwork()
    kept = model.state_dict()
    with pytest.raises(ValueError, match=r"'linear_relu_stack\.0\.weight' has shape \(32, 784\), the model's has "
                                         r"\(16, 784\)"):
        model.load_state_dict(np.load(tmp_path / "model.npz"))
    for name, array in model.state_dict().items():
        np.testing.assert_array_equal(array, kept[name])


@pytest.mark.parametrize("option, words", [
    ("transform", r"\(the images come as ToTensor\(\) gives them, float pixels in \[0, 1\]: rows of 784 in ds\.X, "
                  r"\(m, 28, 28\) in ds\.images; leave transform out\)"),
    ("target_transform", r"\(the labels come as integers 0\.\.9 in ds\.y .*leave target_transform out\)")])
def test_torchvision_s_transforms_say_what_the_data_comes_as(fashion, tmp_path, option, words):
    # the quickstart's datasets.FashionMNIST(root="data", ..., transform=ToTensor()); was "unknown option 'transform'"
    with pytest.raises(ValueError, match=rf"^unknown option '{option}' for dataset 'fashion_mnist' {words}"):
        data.load("fashion_mnist", directory=tmp_path, **{option: None})
    training_data = data.load("fashion_mnist", directory=tmp_path)
    assert training_data.X.dtype == np.float32 and 0 <= training_data.X.min() and training_data.X.max() <= 1
    assert training_data.images.shape == (12, 28, 28) and training_data.y.dtype == np.int64
