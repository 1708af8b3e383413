"""The server names the plane's features as the page's Features column labels them: features.py's
LABELS and labels() are the Python side of static/features.js's FEATURE_LABEL and featureLabel,
which the monitor's findings quote (play/network.py); a label changed on one side only fails here."""
import json
import re
from pathlib import Path

from neuralab.play import features

SCRIPT = (Path(features.__file__).parent / "static" / "features.js").read_text()


def test_the_labels_are_the_pages():
    table = re.search(r"const FEATURE_LABEL = (\{.*?\});", SCRIPT, re.S).group(1)
    as_json = re.sub(r"([{,]\s*)([A-Za-z_]\w*)\s*:", r'\1"\2":', table).replace("'", '"')
    assert json.loads(as_json) == features.LABELS


def test_a_csvs_axes_replace_x1_and_x2_as_the_page_does():
    # featureLabel: 'X₁X₂' becomes 'X₁·X₂', then X₁ and X₂ the axes' names
    assert ".replace('X₁X₂', 'X₁·X₂').replace('X₁', short(axes[0])).replace('X₂', short(axes[1]))" in SCRIPT
    assert features.labels(["x1*x2", "x1^2", "sin(x2)"], ("height", "weight")) == ["height·weight", "height²",
                                                                                   "sin(weight)"]
    assert features.labels(["x1*x2", "x2"], None) == ["X₁X₂", "X₂"]
