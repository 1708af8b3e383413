"""A learner's own regression CSV walked end to end: house prices (2,400 rows; area_m2, rooms,
year_built, distance_km, a column of towns, an id, a missing cell or two, the price in the
hundreds of thousands), uploaded with its towns one-hot, its rows with a missing cell dropped and
its id left out. What the walk found: the Evaluation panel's "(test; 1000 points)" for a test part
of 1,200 rows, the output neuron's predicted price without the sample's own, the off-plane notice's
full stop alone on a line, a Share link of the upload that opened, in another tab of the same
server, on circles under words blaming a restart or another server, "Training diverged. the loss
became inf", and, after Early stop, a script that printed the last epoch's numbers beside the
board's of the weights put back.
"""
import ast
import subprocess
import sys

import numpy as np
import pytest
from playwright.sync_api import expect

from neuralab import data
from playkit import settle, watched_tab
from test_play_page import READY, download_code, number, open_page, scene, wait_scene
from test_play_upload import choose_file

ROWS = 2400
TOWNS = ["Lyon", "Nantes", "Paris"]


@pytest.fixture(scope="module")
def houses(tmp_path_factory):
    """The learner's houses.csv: a real relation of its columns plus noise, a town of three."""
    rng = np.random.default_rng(3)
    area = rng.uniform(35, 220, ROWS)
    rooms = np.clip(np.round(area / 30 + rng.normal(0, 0.8, ROWS)), 1, 8).astype(int)
    year = rng.integers(1900, 2024, ROWS)
    distance = rng.gamma(2.0, 4.0, ROWS)
    town = rng.choice(TOWNS, ROWS)
    price = (2600 * area + 9000 * rooms + 600 * (year - 1900) - 5500 * distance
             + np.where(town == "Paris", 150_000, 0) + rng.normal(0, 25_000, ROWS) + 50_000)
    lines = ["id,area_m2,rooms,year_built,distance_km,town,price"]
    for i in range(ROWS):
        cells = [str(1001 + i), f"{area[i]:.1f}", str(rooms[i]), str(year[i]), f"{distance[i]:.2f}", town[i], f"{price[i]:.0f}"]
        if i in (17, 1203):
            cells[4] = ""                              # two missing distances
        lines.append(",".join(cells))
    path = tmp_path_factory.mktemp("houses") / "houses.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def upload_houses(page, server, path):
    """The learner's upload: price the target, town one-hot, rows with a missing cell dropped, id left out."""
    open_page(page, server)
    choose_file(page, path)
    page.get_by_test_id("csv-target").select_option("price")
    page.get_by_test_id("csv-text-columns").select_option("auto")
    page.get_by_test_id("csv-missing").select_option("drop")
    page.get_by_test_id("csv-leave-out").locator("input[value=id]").check()
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv' && s.dataset.task === 'regression'")
    assert scene(page)["dataset"]["feature_names"] == ["area_m2", "rooms", "year_built", "distance_km",
                                                       *(f"town_{t}" for t in TOWNS)]


def test_the_evaluation_and_the_output_neuron_say_what_a_learner_needs_to_judge_the_fit(page, server, houses):
    upload_houses(page, server, houses)
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    # the rows the script's split (load_csv, then train_test_split with the page's seed) puts in
    # each part, as the page's
    ds = data.load_csv(houses, target="price", one_hot="auto", missing="drop", ignore=["id"])
    _, _, y_train, y_test = data.train_test_split(ds.X, ds.y, test_size=0.5, seed=1)
    # the plot draws at most 1000 of the test part's rows; its title says of how many
    n_test = scene(page)["dataset"]["n_test"]
    assert n_test == len(y_test) > 1000
    expect(page.get_by_test_id("predicted-title")).to_contain_text(f"(test; 1000 of its {n_test} points drawn) · R² = ")
    # the notice's sentence ends in its button: no full stop alone on a line of the narrow panel
    look = page.get_by_test_id("off-plane-look")
    expect(page.locator("#output .not2d")).to_have_text(
        "houses.csv: 7 inputs — no plane to draw; see the predicted values against the actual ones below.")
    expect(look).to_have_text("see the predicted values against the actual ones below.")
    # the output neuron shows training sample 0's predicted price and, beside it, its own price: the
    # split's first training row
    page.get_by_test_id("neuron-4-0").click()
    expect(page.get_by_test_id("inspector-title")).to_have_text("output (1 identity) · neuron 0")
    actual = page.get_by_test_id("inspect-actual")
    expect(actual).to_be_visible()
    assert number(actual.inner_text()) == pytest.approx(float(y_train[0]), rel=1e-4)
    # both prices written out, as a learner reads a price (they read 2.9573e+5 and 3.9893e+5)
    assert actual.inner_text().isdigit() and page.get_by_test_id("inspect-y").inner_text().lstrip("-").isdigit()
    expect(page.get_by_test_id("inspector")).to_contain_text("actual price")
    # a hidden neuron has no price to show
    page.get_by_test_id("neuron-0-0").click()
    expect(page.get_by_test_id("inspector-title")).to_have_text("hidden layer 1 (4 tanh) · neuron 0")
    expect(page.get_by_test_id("inspect-actual")).to_have_count(0)


def test_a_shared_link_of_an_upload_says_it_carries_the_files_name_not_its_rows(page, server, houses, browser,
                                                                               console_errors):
    upload_houses(page, server, houses)
    page.get_by_test_id("share-link").click()
    # (the browser may refuse the page the clipboard: the words come with either notice)
    expect(page.get_by_test_id("notice")).to_contain_text(
        'It names houses.csv, not its rows: whoever opens it uploads houses.csv too ("Uploaded CSV" in the Data menu).')
    url = page.get_by_test_id("share-link").get_attribute("href")
    context, other = watched_tab(browser, console_errors, viewport={"width": 1400, "height": 900})
    try:
        other.goto(url)
        other.wait_for_function(READY)
        expect(other.get_by_test_id("error")).to_contain_text(
            "The server holds no copy of houses.csv for this page (a link names the file it was made on, not its "
            "rows): the default data is shown.")
        expect(other.get_by_test_id("error")).not_to_contain_text("restarted")
    finally:
        context.close()
    # the page that uploaded it keeps its file and scene
    assert scene(page)["state"]["dataset"]["file"] == "houses.csv"
    # a scene of no upload adds nothing to the notice
    page.get_by_test_id("dataset-select").select_option("circles")
    wait_scene(page, "s.state.dataset.name === 'circles'")
    page.get_by_test_id("share-link").click()
    expect(page.get_by_test_id("notice")).not_to_contain_text("not its rows")


def test_a_divergence_is_said_in_sentences(page, server, houses):
    # the learner's learning rate raised until it diverged: "Training diverged. the loss became inf"
    upload_houses(page, server, houses)
    lr = page.get_by_test_id("lr")
    lr.fill("10")
    lr.press("Enter")
    page.wait_for_function("() => window.neuralab.state.hparams.lr === 10")
    page.get_by_test_id("play").click()
    banner = page.get_by_test_id("error")
    expect(banner).to_contain_text("Training diverged.", timeout=60_000)
    words = banner.locator(".error-message").inner_text()
    assert words[0].isupper(), words
    said = banner.inner_text()
    assert said.startswith(f"Training diverged. {words}")
    # the advice once, in the page's words and with the rate: fit's "try a lower learning rate (now
    # 10)" ran straight into the page's "type a lower one into the Learning rate box"
    assert said.count("lower") == 1 and "type a learning rate lower than 10 into the Learning rate box" in said, said


def test_the_empty_loss_chart_says_no_epoch_has_ended_once_steps_were_taken(page, server, houses):
    # the walk: a run that diverged in its first epoch left "Press ▶ to train" over the chart
    upload_houses(page, server, houses)
    words = page.get_by_test_id("curves-empty")
    expect(words).to_have_text("Press ▶ to train: the MSE of each epoch is drawn here.")
    page.get_by_test_id("step-batch").click()
    expect(page.get_by_test_id("step")).to_have_text("step 1")
    expect(words).to_have_text("No epoch has ended yet: the MSE of each epoch is drawn here at its end.")
    page.get_by_test_id("step-epoch").click()
    expect(words).to_be_hidden()


def test_after_early_stopping_the_script_prints_the_numbers_of_the_weights_put_back(page, server, houses, tmp_path):
    # the walk: the board showed the best epoch's weights (test MSE 8.32e+8), the script, which
    # puts the same weights back, printed the last epoch's numbers (1.01e+9)
    upload_houses(page, server, houses)
    page.get_by_test_id("early-stopping").check()
    patience = page.get_by_test_id("patience")
    patience.fill("3")
    patience.press("Enter")
    page.wait_for_function("() => window.neuralab.state.hparams.early_stopping === 3")
    page.get_by_test_id("play").click()
    expect(page.get_by_test_id("error")).to_contain_text("Early stopping: the test loss has not improved", timeout=120_000)
    settle(page)
    shown = page.evaluate("() => window.neuralab.frame.header.metrics")
    (folder := tmp_path / "run").mkdir()
    (folder / "houses.csv").write_bytes(houses.read_bytes())
    path, script = download_code(page, folder)
    assert "restore_best=True" in script
    done = subprocess.run([sys.executable, path.name], cwd=folder, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    printed = ast.literal_eval(next(line for line in done.stdout.splitlines() if line.startswith("{")))
    for name in ("loss", "val_loss", "r2", "val_r2"):
        assert printed[name] == pytest.approx(shown[name], rel=1e-9), name
    assert "early stopping put back the weights of epoch" in done.stdout
