"""train.Callback and its helpers, what mutation testing found untested: each test asserts a
promise of callbacks.py that a small change of the code broke unseen."""
import pytest

from neuralab import train


def test_a_callback_not_yet_given_to_fit_has_no_model_and_no_params():
    """"model and params are set by fit": before, they read None, so a callback of one's own
    can be tried by hand, its hooks checking ``self.model is None``."""
    class Counter(train.Callback):
        def on_epoch_end(self, epoch, logs=None):
            self.seen = (epoch, self.model, self.params)

    counter = Counter()
    counter.on_epoch_end(0, {"loss": 1.0})
    assert counter.seen == (0, None, None)


def test_a_callback_class_keeps_its_other_bases_class_hooks():
    """Callback's check of Keras's hook names runs alongside another base's ``__init_subclass__``
    (a mixin that registers its subclasses), not instead of it."""
    registered = []

    class Registered:
        def __init_subclass__(cls, **kwargs):
            super().__init_subclass__(**kwargs)
            registered.append(cls.__name__)

    class Mine(train.Callback, Registered):
        pass

    assert registered == ["Mine"]


def test_of_two_misspelt_hooks_the_first_written_is_named():
    """As Python names the first unexpected keyword of a call: the error points where the
    learner starts reading, and the next run names the next one."""
    with pytest.raises(ValueError, match=r"^LambdaCallback has no hook 'on_epoch_ned' \(did you mean 'on_epoch_end'"):
        train.LambdaCallback(on_epoch_ned=print, on_batch_ned=print)
