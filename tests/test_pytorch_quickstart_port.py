"""PyTorch's quickstart (FashionMNIST, a 784-512-512-10 MLP, SGD) ported line by line: the habits it
brings, torchvision's download folder, ``test_data.classes``, ``len(dataloader.dataset)``,
``model.cuda()`` and ``print(model)`` of a Module of one's own, each read or answered with neuralab's way,
and that way, written as the answer writes it, works."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn
from neuralab.data.idx import missing_mnist_files
from test_data_idx import make_mnist


@pytest.fixture
def torchvision_root(tmp_path):
    """A root as torchvision's datasets.FashionMNIST(root, download=True) leaves it: the four
    gzipped files in root/FashionMNIST/raw (beside the extracted ones torchvision also writes)."""
    raw = tmp_path / "FashionMNIST" / "raw"
    raw.parent.mkdir()
    images, labels = make_mnist(raw, n=6, gz=True, prefix="train")
    make_mnist(raw, n=3, gz=True, prefix="t10k")
    return tmp_path, images, labels


def test_the_root_torchvision_downloaded_into_reads_as_the_folder_of_the_files(torchvision_root):
    # was "train-images-idx3-ubyte (or train-images-idx3-ubyte.gz) not found in data"
    root, images, labels = torchvision_root
    training_data = data.load("fashion_mnist", directory=root)
    test_data = data.load("fashion_mnist", directory=root, kind="test")
    assert len(training_data) == 6 and len(test_data) == 3
    np.testing.assert_array_equal(training_data.y, labels)
    np.testing.assert_allclose(training_data.X, images.reshape(6, -1) / 255, atol=1e-6)
    np.testing.assert_array_equal(data.load("fashion_mnist", directory=root / "FashionMNIST" / "raw").X,
                                  training_data.X)
    assert missing_mnist_files(root, "test") == []    # neuralab train --data-dir finds its t10k files


def test_mnist_reads_its_own_torchvision_folder_and_not_fashion_mnist_s(torchvision_root):
    root, _, _ = torchvision_root
    with pytest.raises(ValueError, match=r"train-images-idx3-ubyte \(or train-images-idx3-ubyte\.gz\) not found in "
                                         r".*put the four MNIST IDX files"):
        data.load("mnist", directory=root)        # Fashion-MNIST's images are not MNIST's digits
    (root / "MNIST").mkdir()
    make_mnist(root / "MNIST" / "raw", n=4, prefix="train")
    mnist = data.load("mnist", directory=root)
    assert (mnist.name, len(mnist)) == ("mnist", 4)
    assert len(data.load("fashion_mnist", directory=root / "FashionMNIST")) == 6   # the dataset's folder, raw inside
    for test_file in (root / "FashionMNIST" / "raw").glob("t10k-*"):
        test_file.unlink()
    with pytest.raises(ValueError, match=r"t10k-images-idx3-ubyte \(or t10k-images-idx3-ubyte\.gz\) not found in "
                                         r".*FashionMNIST\. .*put the four Fashion-MNIST IDX files"):
        data.load("fashion_mnist", directory=root / "FashionMNIST", kind="test")
    assert missing_mnist_files(root, "test") == ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]


def test_torchvision_s_names_of_a_dataset_s_parts_name_the_fields_that_hold_them(torchvision_root):
    # was "'Dataset' object has no attribute 'classes'"
    test_data = data.load("fashion_mnist", directory=torchvision_root[0], kind="test")
    for name, field in (("classes", "class_names"), ("targets", "y"), ("data", "X"), ("class_to_idx", "class_names")):
        with pytest.raises(AttributeError, match=rf"^Dataset has no {name}: ds\.{field}"):
            getattr(test_data, name)
    x, y = test_data.X[0], test_data.y[0]
    assert test_data.class_names[y] == ("T-shirt/top", "Trouser", "Pullover")[y]
    assert test_data.class_names.index("Ankle boot") == 9 and x.shape == (784,)
    with pytest.raises(AttributeError, match=r"^'Dataset' object has no attribute 'transform'$"):
        test_data.transform    # anything else: Python's own words
    assert not hasattr(test_data, "classes")


def test_batches_of_a_dataset_are_those_of_its_x_and_y(torchvision_root):
    # was "a Dataset is not one array: pass its parts", for DataLoader(training_data, batch_size=64)
    training_data = data.load("fashion_mnist", directory=torchvision_root[0])
    loader = data.batches(training_data, batch_size=4, shuffle=False)
    parts = data.batches(training_data.X, training_data.y, batch_size=4, shuffle=False)
    assert len(loader) == 2
    assert loader.dataset is training_data and len(loader.dataset) == 6   # len(dataloader.dataset), as torch's
    for (X, y), (X_part, y_part) in zip(loader, parts, strict=True):
        np.testing.assert_array_equal(X, X_part)
        np.testing.assert_array_equal(y, y_part)
    with pytest.raises(TypeError, match=r"^a Dataset is not one array: pass its parts, ds\.X and ds\.y"):
        data.batches(training_data, training_data.y)     # X and y given: X must be the array


def test_a_loader_s_dataset_names_what_counts_the_samples():
    X, y = np.zeros((10, 3)), np.arange(10)
    loader = data.batches(X, y, batch_size=4)
    with pytest.raises(AttributeError, match=r"^these batches were made of arrays, not of a Dataset: .*len\(loader\.X\) the number of samples"):
        len(loader.dataset)       # the quickstart's size = len(dataloader.dataset)
    assert (len(loader.X), len(loader)) == (10, 3)
    with pytest.raises(AttributeError, match=r"^'Batches' object has no attribute 'sampler'$"):
        loader.sampler


@pytest.mark.parametrize("name", ["cuda", "cpu", "double", "float", "half"])
def test_a_torch_module_s_device_and_dtype_methods_name_neuralab_s_way(name):
    # was "'Sequential' object has no attribute 'cuda'"
    model = nn.MLP([4, 8, 2])
    with pytest.raises(AttributeError, match=rf"^Sequential has no {name}\(\): "):
        getattr(model, name)()
    assert model[0].weight.data.dtype == np.float32       # nothing changed


def test_double_s_answer_converts_the_model():
    model = nn.MLP([4, 8, 2])
    with pytest.raises(AttributeError, match=r"model\.to\(np\.float64\)"):
        model.double()
    assert model.to(np.float64)(np.ones((1, 4))).dtype == np.float64


class QuickstartNetwork(nn.Layer):
    """The quickstart's Module, as a layer of one's own (the Flatten left out: rows are flat here)."""

    def __init__(self):
        super().__init__()
        self.linear_relu_stack = nn.Sequential(nn.Dense(784, 512), nn.ReLU(), nn.Dense(512, 512), nn.ReLU(),
                                               nn.Dense(512, 10))

    def forward(self, x, training=False):
        return self.linear_relu_stack.forward(x, training=training)

    def backward(self, grad_out):
        return self.linear_relu_stack.backward(grad_out)


def test_print_of_a_layer_of_one_s_own_shows_the_layers_it_keeps_under_their_names():
    # was "QuickstartNetwork()", which hid the network defined in __init__
    model = QuickstartNetwork()
    assert str(model) == ("QuickstartNetwork(\n"
                          "    (linear_relu_stack): Sequential(Dense(784, 512), ReLU(), Dense(512, 512), ReLU(), "
                          "Dense(512, 10))\n"
                          ")")
    assert repr(model) == "QuickstartNetwork()"          # the call that builds it, as errors and summary quote it
    assert str(nn.Sequential(nn.Dense(2, 3), nn.ReLU())) == "Sequential(Dense(2, 3), ReLU())"
    assert str(nn.Dense(2, 3)) == "Dense(2, 3)"


def test_print_opens_layers_of_one_s_own_inside_lists_and_inside_each_other():
    class QuickstartOuter(nn.Layer):
        def __init__(self):
            super().__init__()
            self.blocks = [QuickstartNetwork(), nn.Dense(10, 2)]

    lines = str(QuickstartOuter()).splitlines()
    assert lines[0] == "QuickstartOuter(" and lines[-1] == ")"
    assert lines[1:3] == ["    (blocks.0): QuickstartNetwork(", "        (linear_relu_stack): Sequential(Dense(784, 512), "
                          "ReLU(), Dense(512, 512), ReLU(), Dense(512, 10))"]
    assert lines[3:5] == ["    )", "    (blocks.1): Dense(10, 2)"]
    names = [name for name, _ in QuickstartOuter().named_parameters()]
    assert names[0] == "blocks.0.linear_relu_stack.0.weight"   # the names print shows, as parameters are named


@pytest.mark.parametrize("option, way", [({"weights_only": True}, "every load is as safe as torch's weights_only=True"),
                                         ({"map_location": "cpu"}, "there is no device")])
def test_torch_load_s_options_name_neuralab_s_way_and_the_model_loads_without_them(tmp_path, option, way):
    # was Python's bare "load() got an unexpected keyword argument 'weights_only'"
    model = nn.MLP([4, 8, 2])
    path = model.save(tmp_path / "model.npz")
    with pytest.raises(TypeError, match=rf"^load\(\) got an unexpected keyword argument '{next(iter(option))}' "
                                        rf"\(.*{way}.*: leave {next(iter(option))} out\); it takes path$"):
        neuralab.load(path, **option)
    x = np.ones((2, 4), np.float32)
    np.testing.assert_array_equal(neuralab.load(path)(x), model(x))


def test_fit_ends_with_the_weights_of_the_quickstart_s_loop_written_out(torchvision_root):
    # docs/training.md: fit(training_data, ..., shuffle=False) is the train loop, bit for bit,
    # and its val_loss the test loop's loss over the test samples
    root = torchvision_root[0]
    training_data = data.load("fashion_mnist", directory=root)
    test_data = data.load("fashion_mnist", directory=root, kind="test")
    models = []
    for _ in range(2):
        neuralab.seed(0)
        models.append(nn.Sequential(nn.Dense(784, 32), nn.ReLU(), nn.Dense(32, 10)))
    looped, fitted = models
    loss_fn, optimizer = nn.CrossEntropyLoss(), neuralab.optim.SGD(looped.parameters(), lr=0.1)
    for _ in range(3):
        for X, y in data.batches(training_data, batch_size=4, shuffle=False):
            loss_fn(looped.forward(X, training=True), y)
            looped.backward(loss_fn.backward())
            optimizer.step()
            optimizer.zero_grad()
    history = fitted.fit(training_data, loss=nn.CrossEntropyLoss(), epochs=3, batch_size=4, shuffle=False,
                         optimizer=neuralab.optim.SGD(fitted.parameters(), lr=0.1), validation_data=test_data,
                         verbose=0)
    for mine, its in zip(looped.parameters(), fitted.parameters(), strict=True):
        np.testing.assert_array_equal(mine.data, its.data)
    assert history.history["val_loss"][-1] == pytest.approx(loss_fn(looped(test_data.X), test_data.y))


class AutogradStyle(nn.Layer):
    """A Module as a torch user writes it: layers kept in attributes, forward calling them, and no
    backward, which autograd wrote there."""

    def __init__(self):
        super().__init__()
        self.hidden = nn.Dense(3, 4)
        self.blocks = [nn.Tanh(), nn.Dense(4, 2)]

    def forward(self, x, training=False):
        return self.blocks[1].forward(self.blocks[0].forward(self.hidden.forward(x, training), training), training)


def test_a_layer_made_of_layers_without_backward_is_given_the_backward_through_them():
    # was "... returns dL/dx (a layer without one can predict, not train)" alone
    with pytest.raises(NotImplementedError, match=r"^AutogradStyle defines no backward\(self, grad_out\), .* if forward runs "
                                                  r"self\.hidden, self\.blocks\[0\], self\.blocks\[1\] in that order: "
                                                  r"(grad = .*); return (self\.hidden\.backward\(grad\))$") as refused:
        AutogradStyle().backward(np.ones((1, 2)))
    lines = str(refused.value).rsplit(": ", 1)[1].split("; ")
    namespace = {}
    exec("def backward(self, grad_out):\n" + "".join(f"    {line}\n" for line in lines), namespace)
    Written = type("AutogradStyleWritten", (AutogradStyle,), {"backward": namespace["backward"]})

    assert neuralab.train.gradcheck(nn.Sequential(Written()), "cross_entropy", np.random.default_rng(0).normal(
        size=(5, 3)), np.array([0, 1, 1, 0, 1])) < 1e-6      # the backward the message writes is right


def test_a_layer_made_of_one_layer_is_given_its_one_line():
    class OneLayerWrapper(nn.Layer):
        def __init__(self):
            super().__init__()
            self.linear_relu_stack = nn.MLP([3, 4, 2])

        def forward(self, x, training=False):
            return self.linear_relu_stack.forward(x, training=training)

    with pytest.raises(NotImplementedError, match=r"\. A layer made of a layer goes back through it: "
                                                  r"return self\.linear_relu_stack\.backward\(grad_out\)$"):
        OneLayerWrapper().backward(np.ones((1, 2)))
