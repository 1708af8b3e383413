"""The Monitor's remedies of an initialisation reach the page as its Initial weights menu, and not
while that menu is on auto, whose weights are the ones such a remedy names (He for ReLU, Xavier
for tanh and sigmoid): the advice would be to do what the page already does."""
from session_kit import send

from neuralab.play import views
from neuralab.train.diagnosis import Diagnosis, Report
from neuralab.train.remedies import REMEDIES

MENU = "the Initial weights menu above the network: auto (He for ReLU, Xavier for tanh and sigmoid)"


class Frozen:
    """A monitor whose report is one finding with an initialisation remedy: training frozen."""
    diverged = False

    def report(self, names=None, held_out=None, loss_scale=None, warned_columns=None):   # (Monitor.report's)
        return Report([Diagnosis("no_gradient", "severe", "every gradient is 0", REMEDIES["no_gradient"])])


def _remedies(session):
    (sent,) = views.diagnoses(Frozen(), session.net)
    return sent["remedies"]


def test_small_initial_weights_are_told_the_menu_and_auto_is_not(greeted_session):
    assert not any("Initial weights" in r for r in _remedies(greeted_session))    # auto: He and Xavier already
    send(greeted_session, {"type": "set_state", "state": {"hparams": {"init": "normal"}}})
    assert greeted_session.net.init == "normal"
    remedies = _remedies(greeted_session)
    assert any(r.endswith(MENU) for r in remedies), remedies
    # the rest of the finding's remedies stay, in the page's terms
    assert len(remedies) == len(_remedies_of_auto()) + 1


def _remedies_of_auto():
    finding = Diagnosis("no_gradient", "severe", "every gradient is 0", REMEDIES["no_gradient"])
    return finding.advice("play", done=("init", "xavier"))


def test_advice_leaves_out_what_the_run_has_done_and_only_that():
    finding = Diagnosis("no_gradient", "severe", "every gradient is 0", REMEDIES["no_gradient"])
    every = finding.advice("play")
    assert [r for r in every if MENU not in r] == finding.advice("play", done=("init",))
    assert finding.advice("python") == finding.advice("python", done=())
