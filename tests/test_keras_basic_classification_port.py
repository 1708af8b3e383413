"""Keras's "Basic classification" tutorial (Fashion-MNIST, Flatten, Dense 128 ReLU, Dense 10 logits,
SparseCategoricalCrossentropy(from_logits=True), a Softmax added after training) ported line by line:
nn.Flatten takes the images as they are, Keras's loss classes and keras.datasets.fashion_mnist name
what does their job here, and the probability model holds the trained model itself."""
import numpy as np
import pytest

import neuralab
from neuralab import data, io, nn, train
from test_data_idx import make_mnist


def _model(*front):
    return nn.Sequential(*front, nn.Dense(784, 16, rng=0), nn.ReLU(), nn.Dense(16, 10, rng=1))


@pytest.fixture
def fashion(tmp_path):
    """The Fashion-MNIST training set of 20 images, read back from IDX files."""
    make_mnist(tmp_path, n=20, prefix="train")
    return data.load("fashion_mnist", directory=tmp_path)


def test_flatten_gives_each_image_as_a_row_and_its_gradient_back_in_the_image_s_shape():
    images = np.random.default_rng(0).normal(size=(3, 4, 5))
    flatten = nn.Flatten()
    np.testing.assert_array_equal(flatten(images), images.reshape(3, 20))
    delta = np.random.default_rng(1).normal(size=(3, 20))
    np.testing.assert_array_equal(flatten.backward(delta), delta.reshape(3, 4, 5))
    rows = np.ones((3, 20))
    assert flatten(rows).shape == (3, 20)   # rows pass as they are
    assert flatten.backward(delta).shape == (3, 20)


def test_a_flatten_model_trains_on_images_as_the_same_dense_model_on_rows(fashion):
    # Keras's Sequential([Flatten(input_shape=(28, 28)), Dense(128, 'relu'), Dense(10)]) on (m, 28, 28)
    images = fashion.X.reshape(-1, 28, 28)
    on_images, on_rows = _model(nn.Flatten()), _model()
    for model, X in ((on_images, images), (on_rows, fashion.X)):
        model.fit(X, fashion.y, loss=nn.CrossEntropyLoss(), optimizer="adam", epochs=3, batch_size=8,
                  verbose=0, seed=0)
    for trained, reference in zip(on_images.parameters(), on_rows.parameters(), strict=True):
        np.testing.assert_array_equal(trained.data, reference.data)
    np.testing.assert_array_equal(on_images.predict(images), on_rows.predict(fashion.X))
    assert on_images.evaluate(images, fashion.y) == on_rows.evaluate(fashion.X, fashion.y)


def test_flatten_computes_what_torch_s_flatten_does_and_saves_and_exports():
    torch = pytest.importorskip("torch")
    model = _model(nn.Flatten())
    images = np.random.default_rng(0).random((4, 28, 28)).astype(np.float32)
    exported = io.to_torch(model)
    assert isinstance(exported[0], torch.nn.Flatten)
    with torch.no_grad():
        np.testing.assert_allclose(exported(torch.from_numpy(images)).numpy(), model.predict(images), rtol=1e-5,
                                   atol=1e-6)
    assert nn.Layer.from_spec(nn.Flatten().to_spec()).to_spec() == {"type": "Flatten"}
    x = torch.from_numpy(images[:, :3, :5].copy()).requires_grad_()   # backward: torch's autograd's δ
    delta = np.random.default_rng(1).normal(size=(4, 15)).astype(np.float32)
    torch.nn.Flatten()(x).backward(torch.from_numpy(delta))
    flatten = nn.Flatten()
    flatten(images[:, :3, :5])
    np.testing.assert_array_equal(flatten.backward(delta), x.grad.numpy())


def test_flatten_refuses_keras_s_and_torch_s_arguments_with_what_it_does():
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'input_shape' \(Flatten\(\) takes samples "
                                        r"of any shape and needs none: nn\.Sequential\(nn\.Flatten\(\), "
                                        r"nn\.Dense\(28 \* 28, 128\)"):
        nn.Flatten(input_shape=(28, 28))
    with pytest.raises(TypeError, match=r"'start_dim' \(Flatten\(\) keeps axis 0, the samples, and flattens the "
                                        r"others, torch's start_dim=1, end_dim=-1"):
        nn.Flatten(start_dim=2)
    with pytest.raises(TypeError, match=r"^Flatten\(\) takes no arguments$"):
        nn.Flatten(1)


def test_one_image_without_its_batch_axis_is_refused_naming_expand_dims_and_that_works():
    flatten = nn.Flatten()
    flatten(np.ones((2, 3, 3)))
    with pytest.raises(ValueError, match=r"^Flatten takes a batch, one sample per row of axis 0, got shape \(9,\): "
                                         r"for one sample, add the batch axis, np\.expand_dims\(x, 0\)$"):
        flatten(np.ones(9))
    assert flatten.backward(np.ones((2, 9))).shape == (2, 3, 3)   # the last good pass's cache is kept
    model = _model(nn.Flatten())
    image = np.random.default_rng(0).random((28, 28))
    np.testing.assert_array_equal(model.predict(np.expand_dims(image, 0)), model.predict(image.reshape(1, 784)))


def test_a_dense_network_given_images_names_flatten():
    with pytest.raises(AttributeError, match=r"no Conv2D: .*or images through nn\.Flatten\(\) first"):
        nn.Conv2D


@pytest.mark.parametrize("name, way", [
    ("SparseCategoricalCrossentropy", r"nn\.CrossEntropyLoss\(\) is Keras's SparseCategoricalCrossentropy"
                                      r"\(from_logits=True\)"),
    ("CategoricalCrossentropy", r"nn\.CrossEntropyLoss\(\) is .* CategoricalCrossentropy\(from_logits=True\): it "
                                r"takes the logits"),
    ("BinaryCrossentropy", r"nn\.BCELoss\(\) is Keras's BinaryCrossentropy\(\), .* nn\.BCEWithLogitsLoss\(\) its "
                           r"from_logits=True"),
    ("MeanSquaredError", r"nn\.MSELoss\(\) is Keras's MeanSquaredError\(\)"),
])
def test_keras_s_loss_classes_name_the_loss_that_does_their_job(name, way):
    with pytest.raises(AttributeError, match=rf"^neuralab\.nn has no {name}: {way}"):
        getattr(nn, name)


def test_the_loss_named_for_sparse_categorical_crossentropy_takes_logits_and_labels():
    # Keras's SparseCategoricalCrossentropy(from_logits=True): mean of -log softmax(z)[label]
    logits = np.array([[2.0, 0.5, -1.0], [0.0, 3.0, 1.0]])
    labels = np.array([0, 2])
    expected = -np.mean(nn.log_softmax(logits)[np.arange(2), labels])
    assert nn.CrossEntropyLoss()(logits, labels) == pytest.approx(expected)


@pytest.mark.parametrize("name", ["fashion_mnist", "FashionMNIST"])
def test_keras_s_fashion_mnist_module_names_load_and_that_call_reads_the_files(name, tmp_path):
    with pytest.raises(AttributeError, match=r"^neuralab\.data has no \w+: data\.load\('fashion_mnist', "
                                             r"directory=folder\) reads the training images"):
        getattr(data, name)
    _, labels = make_mnist(tmp_path, n=4, prefix="train")
    train = data.load("fashion_mnist", directory=tmp_path)
    np.testing.assert_array_equal(train.y, labels)
    assert train.class_names[0] == "T-shirt/top"


def test_the_probability_model_holds_the_trained_model_and_saves_whole(fashion, tmp_path):
    # probability_model = Sequential([model, Softmax()]) after training, as the tutorial builds it
    images = fashion.X.reshape(-1, 28, 28)
    model = _model(nn.Flatten())
    model.fit(images, fashion.y, loss="cross_entropy", optimizer="adam", epochs=1, verbose=0, seed=0)
    probability_model = nn.Sequential(model, nn.Softmax())
    probabilities = probability_model.predict(images)
    np.testing.assert_allclose(probabilities, nn.softmax(model.predict(images)), rtol=1e-6)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1, rtol=1e-5)
    model.fit(images, fashion.y, loss="cross_entropy", optimizer="adam", epochs=1, verbose=0, seed=1)
    np.testing.assert_allclose(probability_model.predict(images), nn.softmax(model.predict(images)), rtol=1e-6)
    assert not np.allclose(probability_model.predict(images), probabilities)   # it follows the model
    probability_model.save(tmp_path / "probability_model.npz")
    loaded = neuralab.load(tmp_path / "probability_model.npz")
    assert isinstance(loaded[0][0], nn.Flatten)
    np.testing.assert_array_equal(loaded.predict(images[:1]), probability_model.predict(np.expand_dims(images[0], 0)))


def test_a_dataset_of_images_gives_them_as_images_as_keras_load_data_does(fashion):
    # Keras's train_images, (60000, 28, 28); plt.imshow(ds.X[0]) refused a row of 784
    assert fashion.images.shape == (20, 28, 28)
    np.testing.assert_array_equal(fashion.images[3], fashion.X[3].reshape(28, 28))
    assert np.shares_memory(fashion.images, fashion.X)        # a view: no second copy of the pixels
    assert data.load("digits").images.shape == (1797, 8, 8)   # scikit-learn's load_digits().images
    assert fashion.rows([0, 2]).images.shape == (2, 28, 28)


def test_a_dataset_of_features_has_no_images_and_says_where_its_samples_are():
    iris = data.load("iris")
    with pytest.raises(AttributeError, match=r"^Dataset has no images: its samples are rows of features, not "
                                             r"images \(image_shape is None\); ds\.X holds them$"):
        iris.images
    assert not hasattr(iris, "images")


def test_a_flatten_model_knows_its_input_size_and_checks_images_against_it(fashion):
    model = _model(nn.Flatten())
    assert model.input_features() == 784 and nn.Sequential(model, nn.Softmax()).input_features() == 784
    assert "(None, 784)" in model.summary(print_fn=None)    # shapes shown, not "?"
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match=r"^X has samples of shape \(27, 28\) \(756 values\) but the model's "
                                         r"first layer expects rows of 784"):
        model.fit(fashion.images[:, 1:], fashion.y, loss="cross_entropy", optimizer="adam", epochs=1, verbose=0)
    for p, old in zip(model.parameters(), before, strict=True):
        np.testing.assert_array_equal(p.data, old)
    for one, fix in ((fashion.images[0], r"np\.reshape\(X, \(1, -1\)\)"), (fashion.X[0], r"np\.reshape\(X, \(1, -1\)\)")):
        with pytest.raises(ValueError, match=rf"one sample.*make it .*row: {fix}"):
            model.predict(one)
        np.testing.assert_array_equal(model.predict(np.reshape(one, (1, -1))), model.predict(fashion.images[:1]))
    # a Dense network without Flatten still takes rows alone, and says how to flatten
    with pytest.raises(ValueError, match=r"flatten each sample: np\.reshape\(X, \(len\(X\), -1\)\)"):
        _model().predict(fashion.images)


def test_the_monitor_watches_a_flatten_model_as_the_same_model_on_rows():
    # Flatten keeps its input as a_prev: the Monitor's probe batch (it said "caches no input" before)
    digits = data.load("digits")
    X, y = digits.X[:400] * 16, digits.y[:400]      # pixels of 0..256: far above unit scale
    names = []
    for front, inputs in (((nn.Flatten(),), X.reshape(-1, 8, 8)), ((), X)):
        model = nn.Sequential(*front, nn.Dense(64, 8, rng=0), nn.ReLU(), nn.Dense(8, 10, rng=1))
        monitor = train.Monitor(every=5)
        model.fit(inputs, y, loss="cross_entropy", optimizer="sgd", epochs=2, verbose=0, seed=0, callbacks=[monitor])
        report = monitor.report()
        assert not report.unwatched
        names.append(report.names)
    assert "unscaled_inputs" in names[0] and names[0] == names[1]
