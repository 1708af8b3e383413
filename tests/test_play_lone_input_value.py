"""The playground, on an uploaded CSV whose column holds a missing-value marker (99999 among values
in 0..1): its notice names the value and its row in the file when the data is built; the monitor's
finding, in the page's words (``views.diagnoses``), points back to that notice and names the page's
way to mend the file, not "standardise the inputs" (the page standardised them)."""
import numpy as np
from session_kit import played_past, send

from neuralab.play import views


def _pl_csv(m=300):
    """a, b, c -> label (yes/no by a + b), 99999 in column b at the file's row 4."""
    X = np.random.default_rng(0).uniform(0, 1, (m, 3))
    y = np.where(X[:, 0] + X[:, 1] > 1, "yes", "no")
    X[3, 1] = 99999
    return "a,b,c,label\n" + "".join(f"{a:.4f},{b:.4f},{c:.4f},{t}\n" for (a, b, c), t in zip(X, y))


def test_the_pages_finding_points_back_to_the_notice_of_the_marker(greeted_session):
    s = greeted_session
    replies = send(s, {"type": "upload_csv", "text": _pl_csv(), "target": "label", "filename": "lone.csv"})
    notices = [r["message"] for r in replies if r.get("type") == "error" and r.get("kind") == "warning"]
    assert len(notices) == 1 and notices[0].startswith(
        "column 'b' holds 99999 in row 4 of lone.csv, over 99.9% of the column's spread")
    assert s.data.warned_inputs == (1,)
    assert played_past(s, epochs=40, timeout=120)
    with s.model_lock():
        found = views.diagnoses(s.monitor, s.net, s.data)
    assert "unscaled_inputs" not in [d["name"] for d in found]
    (d,) = [d for d in found if d["name"] == "lone_input_value"]
    assert d["title"] == "One value holds an input column's spread"
    assert "column 'b' holds the value the warning before training named (" in d["evidence"]
    assert "99.9%" not in d["evidence"] and "99999" not in d["evidence"]      # the notice's, said once
    assert d["remedies"] == ["replace or drop that value: in the CSV file, at the row the warning before training "
                             "names, then upload it again"]
