"""An uploaded CSV whose column holds a missing-value marker (99999 among values in 0..1): the banner
warns of the value and its row in the file as the data is built, and the page's diagnosis, once
training shows the network cannot use that column, points back to that warning and names the way to
mend the file, where it told the learner to standardise inputs the page had standardised."""
import numpy as np
from playwright.sync_api import expect
from test_play_page import open_page, wait_scene
from test_play_upload import choose_file


def _lp_csv(path, m=300):
    """a, b, c -> label (yes/no by a + b), 99999 in column b at the file's row 4."""
    X = np.random.default_rng(0).uniform(0, 1, (m, 3))
    y = np.where(X[:, 0] + X[:, 1] > 1, "yes", "no")
    X[3, 1] = 99999
    path.write_text("a,b,c,label\n" + "".join(f"{a:.4f},{b:.4f},{c:.4f},{t}\n" for (a, b, c), t in zip(X, y)))
    return path


def test_the_pages_diagnosis_points_back_to_the_warning_of_the_marker(page, server, tmp_path):
    open_page(page, server)
    choose_file(page, _lp_csv(tmp_path / "lone.csv"))
    expect(page.get_by_test_id("csv-target")).to_have_value("label")
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    expect(page.get_by_test_id("error")).to_contain_text("column 'b' holds 99999 in row 4 of lone.csv, over 99.9%")
    page.get_by_test_id("play").click()
    diagnosis = page.get_by_test_id("diagnosis-lone_input_value")
    expect(diagnosis).to_be_visible(timeout=60_000)
    page.get_by_test_id("play").click()     # paused: the finding stays as read
    said = diagnosis.inner_text()
    assert "One value holds an input column's spread" in said
    assert "column 'b' holds the value the warning before training named" in said
    assert "at the row the warning before training names, then upload it again" in said
    assert "99.9%" not in said and "standardise the inputs" not in page.get_by_test_id("diagnoses").inner_text()
