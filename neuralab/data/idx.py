"""MNIST and Fashion-MNIST from the IDX files the user already has (neuralab never downloads).

IDX layout (big-endian): two zero bytes, a dtype code, the number of dimensions d, then d
uint32 sizes, then the values in C order. Files may be gzipped (detected by the gzip magic
bytes, whatever the extension).
"""
import gzip
import math
import zlib

import numpy as np

from ..nn.checks import check_path, checked_keywords
from ..nn.dtype import get_default_dtype
from .dataset import Dataset

_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
_GZIP_MAGIC = b"\x1f\x8b"
# NumPy 1.x's limit on an array's dimensions (2.x allows 64); MNIST's files have 1 or 3.
MAX_DIMS = 32
_CHUNK = 1 << 20  # bytes read at a time
FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")


def load_idx(path):
    """The array stored in the IDX file ``path`` (plain or gzipped), in native byte order.

    The file is read as a stream: the header first, then at most the bytes its shape needs plus
    one (enough to tell that there are trailing bytes). Memory therefore follows what the header
    declares, not what the file inflates to: a 1 MB crafted .gz file holding a 4-byte array and
    then a gigabyte of zeros is refused after reading 5 bytes of data, not 1 GB.

    A file written by hand, byte by byte as the layout above says (dtype code 0x08 is uint8):

    >>> import pathlib, tempfile
    >>> header = bytes([0, 0, 0x08, 2]) + (2).to_bytes(4, "big") + (3).to_bytes(4, "big")   # 2 dimensions: 2 x 3
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "tiny-idx2-ubyte")
    ...     _ = path.write_bytes(header + bytes(range(6)))
    ...     load_idx(path)
    array([[0, 1, 2],
           [3, 4, 5]], dtype=uint8)
    """
    path = check_path(path)
    if path.is_dir():
        raise ValueError(f"{path} is a folder, not an IDX file")
    if not path.is_file():
        raise ValueError(f"IDX file not found: {path}")
    gzipped = _gzipped(path)
    with _opened(path, gzipped) as file:
        try:
            return _read_idx(file, path, None if gzipped else path.stat().st_size)
        except (OSError, EOFError, zlib.error) as err:
            if not gzipped:  # a plain file's read error is not about its content
                raise
            raise ValueError(f"{path}: corrupt gzip data ({err})") from None


def _read_idx(file, path, size):
    """The array from the open (decompressed) stream ``file``; ``size`` is the file's length in
    bytes when known without reading it all (a plain file), else None (a gzip stream)."""
    magic = file.read(4)
    if len(magic) < 4 or magic[:2] != b"\x00\x00" or magic[2] not in _DTYPES:
        raise ValueError(f"{path}: not an IDX file (bad magic number {magic.hex() or 'empty'}; "
                         f"expected 0000, a dtype code in {sorted(_DTYPES)}, the number of dimensions)")
    ndim = magic[3]
    if ndim > MAX_DIMS:
        raise ValueError(f"{path}: invalid IDX header: {ndim} dimensions, more than the {MAX_DIMS} "
                         f"load_idx reads (the file is corrupt or not an IDX file)")
    sizes = file.read(4 * ndim)
    header = 4 + len(sizes)
    if ndim == 0 or len(sizes) < 4 * ndim:
        raise ValueError(f"{path}: truncated or invalid IDX header ({ndim} dimensions, {header} bytes)")
    shape = tuple(int(n) for n in np.frombuffer(sizes, ">u4"))
    dtype = np.dtype(_DTYPES[magic[2]])
    expected = math.prod(shape) * dtype.itemsize  # Python ints: no overflow for huge headers
    raw = _read_at_most(file, expected + 1)
    if len(raw) < expected:
        problem, found = "truncated", len(raw)
    elif len(raw) > expected:  # the rest of a gzip stream is not inflated just to count it
        problem, found = "has trailing bytes", f"more than {expected}" if size is None else size - header
    else:
        return np.frombuffer(raw, dtype).reshape(shape).astype(dtype.newbyteorder("="))
    raise ValueError(f"{path}: {problem}: shape {shape} needs {expected} bytes of data, found {found}")


def _read_at_most(file, n):
    """Up to ``n`` bytes from ``file``, read a chunk at a time so that the memory taken follows
    what the file holds, not ``n`` (a corrupt header can declare exabytes)."""
    raw = bytearray()
    while len(raw) < n and (chunk := file.read(min(n - len(raw), _CHUNK))):
        raw += chunk
    return raw


def mnist_files(kind):
    """The stems of MNIST's (and Fashion-MNIST's) images and labels files of ``kind``, "train"
    or "test" (the t10k files)."""
    prefix = "train" if kind == "train" else "t10k"
    return f"{prefix}-images-idx3-ubyte", f"{prefix}-labels-idx1-ubyte"


def missing_mnist_files(directory, kind):
    """The stems of ``mnist_files(kind)`` that ``directory`` lacks, without reading any file
    (a command can look for the test files before it reads 60,000 training images). A
    torchvision root is read in its MNIST or FashionMNIST folder (``files_folder``)."""
    folder = files_folder(check_path(directory, "directory"), kind, fashion=None)
    return [stem for stem in mnist_files(kind) if _existing(folder, stem) is None]


# Where torchvision's datasets.MNIST(root) and FashionMNIST(root) keep the IDX files they download
TORCHVISION_FOLDERS = {False: ("MNIST", "raw"), True: ("FashionMNIST", "raw")}


def files_folder(directory, kind, fashion):
    """The folder that holds the IDX files of ``kind``: ``directory`` itself, or, when only that
    one holds them, torchvision's folder inside it, ``directory/FashionMNIST/raw`` (``fashion``)
    or ``directory/MNIST/raw``, so that the ``root`` a PyTorch user downloaded into reads as it
    is, or ``directory/raw`` (the dataset's own folder given). ``fashion=None`` looks in both
    datasets' folders (a command that does not know which one)."""
    images = mnist_files(kind)[0]
    kinds = (False, True) if fashion is None else (fashion,)
    inside = [directory.joinpath(*TORCHVISION_FOLDERS[f]) for f in kinds] + [directory / "raw"]
    return next((folder for folder in (directory, *inside) if _existing(folder, images) is not None), directory)


def _existing(directory, stem):
    """The first existing file among ``stem``, ``stem.gz`` and their dotted variants, or None."""
    dotted = stem.replace("-idx", ".idx")
    return next((directory / name for name in (stem, stem + ".gz", dotted, dotted + ".gz")
                 if (directory / name).is_file()), None)


def _find(directory, stem, fashion):
    """``_existing``, or an error saying where the files go."""
    found = _existing(directory, stem)
    if found is not None:
        return found
    raise ValueError(f"{stem} (or {stem}.gz) not found in {directory}. "
                     f"{_where_files_go('put', fashion)} in that directory")


def _where_files_go(verb, fashion):
    """The advice of a missing MNIST (``fashion``: Fashion-MNIST) file or folder: where the
    user's own copies go, as neuralab does not download them (``verb``: "put", or "make the
    folder and put")."""
    return (f"neuralab does not download datasets: {verb} the four {'Fashion-MNIST' if fashion else 'MNIST'} "
            f"IDX files ({', '.join(mnist_files('train') + mnist_files('test'))}, optionally .gz)")


def _gzipped(path):
    """Whether the file ``path`` begins with gzip's magic bytes, whatever its extension."""
    with open(path, "rb") as file:
        return file.read(2) == _GZIP_MAGIC


def _opened(path, gzipped):
    """The file ``path``, opened to read its bytes, inflated if ``gzipped``."""
    return gzip.open(path) if gzipped else open(path, "rb")


def is_idx_file(path):
    """Whether the file ``path`` begins as an IDX file does (plain or gzipped): two zero bytes, a
    known dtype code and 1 to MAX_DIMS dimensions. For a command given one where a CSV goes."""
    try:
        with _opened(path, _gzipped(path)) as file:
            head = file.read(4)
    except (OSError, EOFError, zlib.error):
        return False
    return len(head) == 4 and head[:2] == b"\0\0" and head[2] in _DTYPES and 1 <= head[3] <= MAX_DIMS


# torchvision's options of its MNIST(root, train=False, download=True), and the split of
# tensorflow_datasets and Hugging Face's datasets, which mnist and load("mnist") spell otherwise
MNIST_OPTION_HABITS = {
    "root": "torchvision's root is directory here, the folder holding the four IDX files, or the root "
            "that torchvision downloaded them into (read in its MNIST/raw or FashionMNIST/raw)",
    "train": "torchvision's train=False is kind='test' here, the t10k files, and train=True kind='train', "
             "the default",
    "download": "neuralab downloads nothing: put the four IDX files in a folder and give it as directory; "
                "docs/data.md names the files and a mirror of them",
    "split": "the part is kind here: kind='train', or kind='test' for the t10k files",
    # the quickstart's transform=ToTensor(): the pixels come as floats in [0, 1] already
    "transform": "the images come as ToTensor() gives them, float pixels in [0, 1]: rows of 784 in ds.X, "
                 "(m, 28, 28) in ds.images; leave transform out",
    "target_transform": "the labels come as integers 0..9 in ds.y (data.one_hot(ds.y) for one-hot rows); "
                        "leave target_transform out",
}


@checked_keywords(MNIST_OPTION_HABITS)
def mnist(directory, kind="train", fashion=False):
    """MNIST (or Fashion-MNIST, which uses the same file names) from ``directory``, or from
    torchvision's folder inside it (``files_folder``: the ``root`` of ``datasets.MNIST(root)``).

    Pixels are scaled to [0, 1] and each 28x28 image is flattened to 784 features
    (``image_shape`` keeps (28, 28)); labels are int64 in 0..9. ``kind`` is "train" or "test".
    """
    if kind not in ("train", "test"):
        raise ValueError(f"kind must be 'train' or 'test', got {kind!r}")
    directory = check_path(directory, "directory")
    if directory.is_file():     # one of the files itself, a likely slip: the folder is asked for
        raise ValueError(f"{directory} is a file; the directory is the folder that holds the four IDX files: "
                         f"{directory.parent}")
    if not directory.is_dir():
        raise ValueError(f"MNIST directory not found: {directory}; "
                         f"{_where_files_go('make the folder and put', fashion)} in it")
    folder = files_folder(directory, kind, fashion)
    images_path, labels_path = (_find(folder, stem, fashion) for stem in mnist_files(kind))
    images, labels = load_idx(images_path), load_idx(labels_path)
    if images.ndim != 3 or images.dtype != np.uint8:
        raise ValueError(f"{images_path}: expected uint8 images (n, rows, cols), "
                         f"got {images.dtype} {images.shape}")
    if not len(images):
        raise ValueError(f"{images_path}: holds no images")
    if labels.ndim != 1 or len(labels) != len(images) or labels.dtype != np.uint8:
        raise ValueError(f"{labels_path}: expected {len(images)} uint8 labels, "
                         f"got {labels.dtype} {labels.shape}")
    if labels.max() > 9:  # uint8 and at least one: checked above
        raise ValueError(f"{labels_path}: labels must be 0..9, found {labels.min()}..{labels.max()}")
    n, rows, cols = images.shape
    dtype = get_default_dtype()
    return Dataset(
        X=images.reshape(n, rows * cols).astype(dtype) / dtype(255),
        y=labels.astype(np.int64),
        task="multiclass",
        n_classes=10,
        feature_names=tuple(f"pixel{i}" for i in range(rows * cols)),
        class_names=FASHION_CLASSES if fashion else tuple(str(k) for k in range(10)),
        name=("fashion_mnist" if fashion else "mnist") + ("" if kind == "train" else "_test"),
        image_shape=(rows, cols),
    )
