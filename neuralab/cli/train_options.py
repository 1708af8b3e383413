"""The options of ``neuralab train``, in the groups ``--help`` shows, and the readers of their
values: a CSV's delimiter and missing-value markers, the batch size, the ranges checked before any
data is loaded, and each optimizer's learning rate when --lr is not given. ``train.py`` runs the
command with them."""
import argparse
import numbers

from .. import data, nn
from ..data.csv import AUTO_MAX_CLASSES, TASKS as CSV_TASKS
from ..data.csv_one_hot import MAX_CATEGORIES, MISSING_OPTIONS
from ..nn.checks import check_number
from ..nn.init import init_suggestion
from ..train.usual_learning_rates import USUAL_LR
from .choices import one_of
from .column_lists import column_names
from .dataset import DEFAULT_DATASET, TEST_SIZE
from .errors import CLIError
from .head import LOSSES, OUTPUTS, loss_suggestion, positive_int

# The learning rate each optimizer starts from when --lr is not given: its usual one, which trains
# the built-in datasets well in a few hundred epochs and which the findings name (``remedies``; the
# library's own defaults follow torch.optim).
DEFAULT_LR = USUAL_LR
OPTIMIZERS = tuple(DEFAULT_LR)
# --epochs when not given: enough for the small built-in datasets (spiral needs about 250), and
# no more than SAMPLES_SEEN training samples in all for a large training part, which learns
# more in each epoch: MNIST's 60,000 images train for 10 epochs (seconds here), not 300 (over 5 minutes).
DEFAULT_EPOCHS = 300
SAMPLES_SEEN = 600_000
DTYPES = ("float32", "float64")
# The options with a range: (kind, test, what is allowed), checked before the data is loaded, so
# that a mistake costs no loading and prints nothing else. (The ranges of --samples, --noise and
# --classes depend on the dataset: its generator checks them, before anything is printed.)
RANGES = {"epochs": (numbers.Integral, lambda v: v >= 1, "an integer >= 1"),
          "test_size": (numbers.Real, lambda v: 0 < v < 1, "a fraction in (0, 1)"),
          "lr": (numbers.Real, lambda v: v > 0, "a finite number > 0"),  # 0 would train nothing
          "dropout": (numbers.Real, lambda v: 0 <= v < 1, "a dropout probability in [0, 1)"),
          "l1": (numbers.Real, lambda v: v >= 0, "a finite number >= 0"),
          "l2": (numbers.Real, lambda v: v >= 0, "a finite number >= 0"),
          "early_stopping": (numbers.Integral, lambda v: v >= 0, "an integer >= 0"),
          "clip_norm": (numbers.Real, lambda v: v > 0, "a finite number > 0")}


def add_options(t):
    """Add the options of ``neuralab train`` to its parser ``t``, in the groups ``--help`` shows."""
    src = t.add_argument_group("data")
    src.add_argument("--dataset", metavar="NAME",
                     help=f"a built-in dataset (default: {DEFAULT_DATASET}): " + ", ".join(data.names()))
    add_csv_options(src, CSV_OPTIONS, "train on your own CSV file (with a header row) instead of a built-in dataset")
    src.add_argument("--samples", type=int, metavar="N",
                     help="number of points of a generated dataset (default: the dataset's own)")
    src.add_argument("--noise", type=float, metavar="STD",
                     help="noise of a generated dataset (default: the dataset's own)")
    src.add_argument("--classes", type=int, metavar="K",
                     help="number of classes of spiral or gaussians (default: the dataset's own)")
    src.add_argument("--data-dir", metavar="DIR", help="the folder holding the IDX files of mnist or "
                     "fashion_mnist (neuralab does not download them)")
    src.add_argument("--test-size", type=float, metavar="FRACTION",
                     help=f"fraction of the samples held out for testing, in (0, 1) (default: {TEST_SIZE}); "
                          "mnist and fashion_mnist are tested on their own t10k files instead, unless "
                          "--test-size is given or those files are not in --data-dir")
    net = t.add_argument_group("network")
    net.add_argument("--layers", default="auto,16,16,auto", metavar="N0,N1,...,NL",
                     help="layer sizes separated by commas, in the course's notation, e.g. 2,16,16,1; "
                          "the first and last may be 'auto' (number of features; 1 output for regression "
                          "and for 2 classes as one probability or logit, one per class otherwise)")
    hidden = sorted(set(nn.ACTIVATIONS) - {"softmax"})
    net.add_argument("--activation", default="relu", choices=hidden, type=one_of(hidden),
                     help="activation of every hidden layer")
    net.add_argument("--output", default="auto", choices=OUTPUTS, type=one_of(OUTPUTS),
                     help="output activation; auto = sigmoid for 2 classes (softmax with --loss "
                          "cross_entropy), softmax for more, identity for regression")
    inits = sorted(nn.init.INITIALIZERS)
    net.add_argument("--init", choices=inits, type=one_of(inits, suggest=init_suggestion), metavar="NAME",
                     help="weight initialiser of every layer (default: He in the hidden layers of the ReLU "
                          "family, Xavier in the others and in the output layer): " + ", ".join(inits))
    net.add_argument("--dropout", type=float, default=0.0, metavar="P",
                     help="drop each hidden unit with probability P during training (inverted dropout)")
    net.add_argument("--batchnorm", action="store_true",
                     help="batch normalisation before each hidden activation")
    net.add_argument("--dtype", choices=DTYPES, type=one_of(DTYPES), default="float32",
                     help="the floating type of the weights and the computation: float32 (the default, "
                          "about 7 significant digits) or float64 (about 16, and a range past 1e±300)")
    fit_group = t.add_argument_group("training")
    fit_group.add_argument("--loss", default="auto", choices=LOSSES, type=one_of(LOSSES, suggest=loss_suggestion),
                           help="auto = binary cross-entropy for 2 classes, cross-entropy for more (both "
                                "on the raw scores with --output identity), MSE for regression (mae: the mean "
                                "absolute error)")
    fit_group.add_argument("--optimizer", default="adam", choices=OPTIMIZERS,
                           type=one_of(OPTIMIZERS, any_case=True),  # as optim.get reads it: "Adam" too
                           help="momentum and nesterov are SGD with momentum 0.9")
    fit_group.add_argument("--lr", type=float, default=None,
                           help="learning rate (default: " + ", ".join(f"{k} {v}" for k, v in DEFAULT_LR.items()) + ")")
    fit_group.add_argument("--batch-size", default="32", metavar="N|full",
                           help="samples per gradient step: 1 = stochastic, full = batch gradient descent")
    fit_group.add_argument("--epochs", type=int, default=None,
                           help=f"passes over the training data (default: {DEFAULT_EPOCHS}, fewer for a training "
                                f"part of more than {SAMPLES_SEEN // DEFAULT_EPOCHS:,} samples: as many as see "
                                f"{SAMPLES_SEEN:,} samples in all, 10 for MNIST's 60,000)")
    fit_group.add_argument("--seed", type=int, default=0, help="the same seed gives the same result, bit for bit")
    reg = t.add_argument_group("regularisation and training aids")
    reg.add_argument("--l1", type=float, default=0.0, metavar="RATE", help="L1 penalty λ·Σ|w| on the weights")
    reg.add_argument("--l2", type=float, default=0.0, metavar="RATE", help="L2 penalty (λ/2)·Σw² on the weights")
    reg.add_argument("--early-stopping", type=int, metavar="PATIENCE",
                     help="hold out 20%% of the training data for validation and stop when its loss has "
                          "not improved for PATIENCE epochs, keeping the best weights (0 or 1: stop at "
                          "the first epoch that does not improve) (default: off)")
    reg.add_argument("--schedule", metavar="TEXT",
                     help="learning-rate schedule, stepped every epoch: step:SIZE[:GAMMA] (× GAMMA, "
                          "default 0.1, every SIZE epochs), cosine:T0[:TMULT], exp:GAMMA (× GAMMA every "
                          "epoch), inverse:DECAY (lr / (1 + DECAY · epoch)) or warmup:STEPS[,THEN] (a "
                          "linear warm-up, then THEN, one of the others) (default: off, a constant learning rate)")
    reg.add_argument("--class-weight", metavar="balanced|CLASS:W,...",
                     help="weigh each training sample by its class, for imbalanced classes: 'balanced' "
                          "(n / (classes · count of the class)) or weights by class, e.g. yes:5 or "
                          "0:1,1:5 (a class left out weighs 1) (default: off)")
    reg.add_argument("--clip-norm", type=float, metavar="MAX",
                     help="clip the gradients' global norm to MAX before each update (default: off)")
    reg.add_argument("--augment", action="store_true",
                     help="augment every training batch: shifts and rotations for images, "
                          "gaussian noise otherwise")
    reg.add_argument("--monitor", action="store_true",
                     help="record per-layer gradients and activations, print a diagnosis at the end "
                          "and save the gradient-norm figure")
    out = t.add_argument_group("output")
    out.add_argument("--out", metavar="DIR", help="output folder (default: runs/<dataset>-<time>, with -2, -3, "
                     "... for runs started in the same second)")
    out.add_argument("--quiet", action="store_true", help="no progress bar")


# neuralab train's options for its --data, in the order --help shows them (their arguments: dest)
CSV_OPTIONS = ("data", "target", "delimiter", "decimal", "task", "na_values", "one_hot", "ignore", "missing")


def csv_options(names):
    """{argument: its option} of the CSV options ``names`` (na_values: --na-values), as argparse
    names an option's argument (its dashes as underscores) and ``add_csv_options`` adds them."""
    return {name: "--" + name.replace("_", "-") for name in names}


def add_csv_options(group, names, data_help):
    """Add the CSV options ``names`` (of ``CSV_OPTIONS``, in its order) to ``group``, --data's help
    being ``data_help``: neuralab train's, and neuralab play's for the file every page holds.
    --missing's help points to --na-values only where it is among them."""
    markers = "a marker such as NA: see --na-values" if "na_values" in names else "a marker such as NA or N/A"
    options = {
        "data": dict(metavar="FILE.csv", help=data_help),
        "target": dict(metavar="COLUMN", help="the CSV column to predict (with --data)"),
        "delimiter": dict(metavar="CHAR", type=_delimiter,
                          help="the character between the cells of the CSV file (with --data; default: the one "
                               "a first line such as sep=; declares, as Excel writes it, else ',', or with --decimal "
                               ", the one of ';', tab and '|' that splits every line alike); '\\t' or 'tab' for a tab"),
        "decimal": dict(metavar="CHAR", choices=(".", ","),
                        help="the decimal mark of the CSV's numbers, '.' or ',' (with --data; default: '.'); ',' "
                             "reads 1,5 as one and a half, as a spreadsheet in German or French writes it, in a "
                             "file whose cells are then separated by another character, usually ';' (found "
                             "by itself)"),
        "task": dict(choices=CSV_TASKS, type=one_of(CSV_TASKS),
                     help="what the CSV's target is (with --data; default: auto = classes for text and for "
                          f"at most {AUTO_MAX_CLASSES} distinct whole numbers, regression otherwise)"),
        "na_values": dict(metavar="LIST", type=_na_values,
                          help="the cells that mean a missing value, comma-separated, e.g. 'NA,?' (with --data; "
                               "default: pandas' markers NA, N/A, NULL, NaN, ...; an empty cell always is one); "
                               "'' for none, to keep a class named NA (North America)"),
        "one_hot": dict(metavar="COLUMNS", type=column_names, action="extend",
                        help="feature columns of categories (text such as male/female, or codes such as a class "
                             "1, 2, 3), comma-separated, e.g. sex,embarked (a name with a comma in double quotes, "
                             "as the file writes it: '\"Income, annual\",sex'), or 'auto' for every column of text "
                             "(with --data): each becomes one 0/1 column per category, named sex_female, "
                             "sex_male, ..., after the other columns; a missing cell is 0 in all of them; at most "
                             f"{MAX_CATEGORIES} categories per column"),
        "ignore": dict(metavar="COLUMNS", type=column_names, action="extend",
                       help="columns to leave out (with --data), comma-separated, e.g. Name,Ticket (a name with a "
                            "comma in double quotes, as the file writes it: '\"Income, annual\",Name'): names and "
                            "identifiers, which tell nothing about a new row"),
        "missing": dict(choices=MISSING_OPTIONS, type=one_of(MISSING_OPTIONS),
                        help=f"what to do with a row that has a missing cell (empty, or {markers}) in the target "
                             "or in a feature column other than --one-hot's (with --data; default: refuse, an "
                             "error naming the first): drop leaves those rows out, and says how many")}
    for name, option in csv_options(names).items():
        group.add_argument(option, **options[name])


def _delimiter(text):
    """--delimiter's value, one character. A learner types a tab as the two characters \\t, or as
    'tab' (a real tab needs the shell's $'\\t'); an empty value is a mistake, not the default ','."""
    delimiter = "\t" if text in ("\\t", "tab") else text
    if len(delimiter) != 1:
        raise argparse.ArgumentTypeError(f"needs one character, such as ',' or ';' (or 'tab'), got {text!r}")
    return delimiter


def _na_values(text):
    """--na-values' markers, load_csv's na_values: comma-separated (load_csv ignores the spaces
    around each); '' gives none, pandas' na_values=()."""
    return tuple(filter(None, text.split(",")))


def check_options(args):
    """Refuses an option outside its range (RANGES), in one line that names the option."""
    for name, (kind, ok, expected) in RANGES.items():
        value = getattr(args, name)
        if value is not None:
            check_number(value, "--" + name.replace("_", "-"), ok, expected, kind)


def default_epochs(n_train):
    """--epochs' default for a training part of ``n_train`` samples: DEFAULT_EPOCHS, or as many
    as see SAMPLES_SEEN samples in all (at least 1) when that is fewer."""
    return max(1, min(DEFAULT_EPOCHS, round(SAMPLES_SEEN / n_train)))


def parse_batch_size(text):
    """--batch-size's value: a positive integer, or 'full' for batch gradient descent, in any case
    (as --optimizer Adam is adam)."""
    if text.lower() == "full":
        return "full"
    if (size := positive_int(text)) is None:
        raise CLIError(f"--batch-size must be a positive integer or 'full', got {text!r}")
    return size
