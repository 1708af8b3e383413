"""An uploaded CSV as the page holds it across a new session, a drawing made of it, and how its
numbers read.

The page kept the name of the CSV it had uploaded for its whole life: after the socket dropped
(or the server restarted) the new session held no upload, and "Uploaded CSV" asked it for one
("no CSV uploaded yet") instead of opening the file chooser; a page that was on the CSV then sat
refused, every later message answered "send hello first". A drawing started on a CSV showed the
whole plane [-6, 6]², its framed points shrinking toward the middle; and going back to the CSV
left the pen on, so the next click drew again. A regression legend of prices read 2.00e+5 and
3.40e+5; the value's colour chip, near white, looked like an empty checkbox.
"""
import re

import numpy as np
from playwright.sync_api import expect

from test_play_page import open_page, scene, upload_csv, wait_scene
from test_play_page_fixes import RECORD_SENT, sent

# The page's socket, kept where the test can close it: a dropped connection, which the page
# reopens to a new session of the server. With window.forgetUpload set, the page's hello loses the
# key of its upload: a server that no longer keeps it (restarted, or it let it go)
_UH_KEEP_SOCKET = """const Native = window.WebSocket;
window.WebSocket = class extends Native {
  constructor(...args) { super(...args); window.pageSocket = this; }
  send(data) {
    if (window.forgetUpload && typeof data === 'string' && data.includes('"hello"')) {
      const msg = JSON.parse(data); delete msg.upload; data = JSON.stringify(msg);
    }
    super.send(data);
  }
};"""


def _uh_prices_file(folder, n=60):
    """Flats of area 100..400 and height 200..900, priced 200000 to about 340000."""
    rng = np.random.default_rng(4)
    area, height = rng.integers(100, 400, n), rng.integers(200, 900, n)
    price = 200000 + 470 * (area - 100) + rng.integers(0, 1000, n)
    path = folder / "prices.csv"
    path.write_text("area,height,price\n" + "".join(f"{a},{h},{p}\n" for a, h, p in zip(area, height, price)))
    return path


def _uh_drop_socket(page):
    """Close the page's socket and wait for the scene of the new session it opens."""
    before = page.evaluate("() => window.neuralab.scene.scene_id")
    page.evaluate("() => window.pageSocket.close()")
    page.wait_for_function("(before) => { const s = window.neuralab.scene; return s && window.pageSocket.readyState === 1"
                           " && s.scene_id !== before; }", arg=before)


def test_uploaded_csv_opens_the_file_chooser_when_a_new_session_holds_none(page, server, tmp_path):
    page.add_init_script(_UH_KEEP_SOCKET)
    opened = []
    page.on("filechooser", lambda chooser: opened.append(chooser))
    open_page(page, server)
    upload_csv(page, _uh_prices_file(tmp_path), "price")
    select = page.get_by_test_id("dataset-select")
    select.select_option("circles")
    wait_scene(page, "s.state.dataset.name === 'circles'")
    expect(select.locator("option[value=csv]")).to_have_text("Uploaded CSV (prices.csv)")
    page.evaluate("() => { window.forgetUpload = true; }")
    _uh_drop_socket(page)                                    # a new session: it holds no upload
    expect(select.locator("option[value=csv]")).to_have_text("Uploaded CSV")
    page.evaluate(RECORD_SENT)
    # (the menu's change opens the chooser in its own task: a set_state it sent has gone by then)
    with page.expect_file_chooser():
        select.select_option("csv")
    assert len(opened) == 1, "the file chooser did not open"
    assert not sent(page, "set_state")                       # the session was not asked for a CSV it has not
    expect(page.get_by_test_id("error")).to_be_hidden()
    expect(select).to_have_value("circles")


def test_a_page_on_a_csv_starts_a_new_session_on_the_default_data(page, server, tmp_path):
    page.add_init_script(_UH_KEEP_SOCKET)
    open_page(page, server)
    upload_csv(page, _uh_prices_file(tmp_path), "price")
    lr = page.get_by_test_id("lr")
    lr.fill("0.1")
    lr.press("Enter")
    wait_scene(page, "s.state.hparams.lr === 0.1")
    # reloaded, on a server that no longer keeps its upload: the page holds no copy of the file
    # to send again (one whose socket dropped does: test_play_upload_lost_page.py)
    page.evaluate("() => sessionStorage.clear()")
    page.reload()
    wait_scene(page, "true")
    sc = scene(page)
    assert sc["state"]["dataset"]["name"] == "circles" and sc["upload"] is None
    assert sc["state"]["hparams"]["lr"] == 0.1               # the learner's other settings kept
    banner = page.get_by_test_id("error")
    expect(banner).to_contain_text("The server holds no copy of prices.csv for this page")
    expect(banner).to_contain_text('Choose "Uploaded CSV" in the Data menu to upload prices.csv again: the form reads '
                                   'it as the link does.')   # (its target, menus and boxes: link_csv.py)
    page.get_by_test_id("play").click()                      # the session answers again
    page.wait_for_function("() => window.neuralab.frame && window.neuralab.frame.header.step > 0")


def test_a_drawing_on_a_csv_keeps_its_frame_and_the_csv_chosen_again_turns_the_pen_off(page, server, tmp_path):
    open_page(page, server)
    upload_csv(page, _uh_prices_file(tmp_path), "price")
    framed = scene(page)["grid"]["extent"]
    canvas = page.get_by_test_id("output-canvas")
    page.get_by_test_id("draw-value-pen").click()
    box = canvas.bounding_box()
    canvas.click(position={"x": 0.3 * box["width"], "y": 0.4 * box["height"]})
    wait_scene(page, "s.state.dataset.name === 'drawn'")
    drawn = scene(page)
    assert drawn["grid"]["extent"] == [round(v, 4) for v in framed]          # the points stay where they were
    # the plane's ends read in three digits of their span, as a CSV's do
    label = canvas.get_attribute("aria-label")
    ends = re.search(r"over x1 from (\S+) to (\S+) and x2 from (\S+) to (\S+),", label).groups()
    a, b, c, d = drawn["grid"]["extent"]
    assert ends == tuple(str(round(v, 2)) for v in (a, b, c, d)), label       # spans of about 4: 0.01 steps
    # back to the CSV: a click picks a point, as before the pen was chosen
    page.get_by_test_id("dataset-select").select_option("csv")
    wait_scene(page, "s.state.dataset.name === 'csv'")
    expect(page.get_by_test_id("draw-value-pen")).not_to_have_class(re.compile(r"\bon\b"))
    page.evaluate(RECORD_SENT)
    canvas.click(position={"x": 0.3 * box["width"], "y": 0.4 * box["height"]})
    page.wait_for_timeout(300)   # (what must not come: an add_point)
    assert not sent(page, "add_point") and scene(page)["state"]["dataset"]["name"] == "csv"


def test_a_classes_pen_is_off_when_the_csv_is_chosen_again(page, server, tmp_path):
    open_page(page, server)
    path = tmp_path / "kinds.csv"
    rng = np.random.default_rng(1)
    rows = rng.integers(100, 400, (40, 2))
    path.write_text("a,b,kind\n" + "".join(f"{x},{y},{'big' if x > 250 else 'small'}\n" for x, y in rows))
    upload_csv(page, path, "kind")
    page.get_by_test_id("draw-class-1").click()
    canvas = page.get_by_test_id("output-canvas")
    canvas.click(position={"x": 20, "y": 20})
    wait_scene(page, "s.state.dataset.name === 'drawn'")
    page.get_by_test_id("dataset-select").select_option("csv")
    wait_scene(page, "s.state.dataset.name === 'csv'")
    page.evaluate(RECORD_SENT)
    canvas.click(position={"x": 20, "y": 20})
    page.wait_for_timeout(300)   # (what must not come: an add_point)
    assert not sent(page, "add_point") and page.evaluate("() => window.neuralab.drawLabel") is None


def _uh_as_read(v, span):
    """v to three significant digits of ``span``, written out (colors.js's fmtOver)."""
    e = int(np.floor(np.log10(span))) - 2
    return f"{round(v / 10 ** e) * 10 ** e:.{max(0, -e)}f}"


def test_a_legend_of_large_values_reads_them_in_full(page, server, tmp_path):
    open_page(page, server)
    upload_csv(page, _uh_prices_file(tmp_path), "price")
    ds = scene(page)["dataset"]
    ys = np.array([p[2] for p in ds["train"] + ds["test"]])
    lo, hi = ys.min(), ys.max()
    words = page.locator(".legend").inner_text().split()
    assert words == [_uh_as_read(v, hi - lo) for v in (lo, ds["target_mean"], hi)], words
    assert not any("e+" in w for w in words)
    # the value's colour beside its box: a chip whose edge shows on the white page, even in white
    chip = page.locator(".draw-picker .swatch")
    box = page.get_by_test_id("draw-value")
    box.fill(str(round(ds["target_mean"])))
    box.press("Enter")
    edge = chip.evaluate("e => getComputedStyle(e).borderTopColor")
    r, g, b, *alpha = [float(v) for v in re.findall(r"[\d.]+", edge)]
    shade = 255 - (alpha[0] if alpha else 1) * (255 - max(r, g, b))          # over white
    assert shade < 160, edge
    size = chip.bounding_box()
    assert size["width"] > 1.5 * size["height"], size                         # a chip, not a square box
