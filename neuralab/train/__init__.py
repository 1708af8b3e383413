"""Training: the fit loop, callbacks, History, metrics and gradient checking; ``train.plots``
draws them (imported on first use: it brings matplotlib along)."""
from ..nn.habits import KERAS_TRAIN_NAMES
from ..nn.scikit_learn_habits import SCIKIT_LEARN_TRAIN_NAMES
from ..public_names import lazy_submodules, public_dir
from ..spelling import other_names
from .callbacks import Callback, CallbackList, LambdaCallback
from .evaluate import evaluate, predict
from .divergence import DivergenceWarning
from .frozen_training import FrozenTrainingWarning
from .tiny_inputs import TinyInputsWarning
from .fit import fit
from .gradcheck import gradcheck
from .history import History
from .metrics import METRICS, accuracy, binary_accuracy, mae, mse, r2, rmse
from .classification_metrics import confusion_matrix, f1, precision, recall
from .classification_report import classification_report
from .progress import EpochLines, ProgressBar
from .clipping import clip_grad_norm_, clip_grad_value_, grad_norm
from .regularization import L1, L2, Penalty
from .checkpoint import ModelCheckpoint
from .csv_logger import CSVLogger
from .correct_count import CorrectCount
from .early_stopping import EarlyStopping
from .improvement import MonitorCallback
from .lr_callbacks import LearningRateScheduler, ReduceLROnPlateau
from .diagnose import diagnose
from .diagnosis import Diagnosis, Report
from .layer_stats import Histogram
from .monitor import Monitor

# train.plots after ``from neuralab import train``, Keras's and scikit-learn's names for what fit
# and the metrics do otherwise (``nn.habits``, ``nn.scikit_learn_habits``); dir(train) and tab
# completion: the classes, functions and plots, not the modules they live in (diagnose_*, monitor_*)
__getattr__ = lazy_submodules(__name__, ("plots",), other_names("neuralab.train", {**KERAS_TRAIN_NAMES,
                                                                                  **SCIKIT_LEARN_TRAIN_NAMES}))
__dir__ = public_dir(globals(), extra=("plots",))
