"""Downloads of one dataset, network and epoch do not share a name (static/download-name.js): a
class on one scene, or one learner's several runs, got moons_2-5-1_epoch0003.npz each, which the
teacher's folder overwrote or saved as "(1)". A name ends with when it was taken, on the learner's
own clock, to the millisecond, and is safe on Windows, macOS and Linux whatever the CSV file was
called; two downloads of a page within one millisecond differ too, and any number of them sort in
the order they were taken (a count after the second, _2 ... _10, put _10 before _2)."""
import re
import unicodedata
from datetime import datetime, timezone

from playkit import download, fail_on_console_errors, watched_tab
from playwright.sync_api import expect

from test_play_page import open_page, upload_csv
from test_play_upload_held import _uh_prices_file

import neuralab

# 09:07:02 UTC is 14:37:02 in India (UTC+05:30, no summer time): the name is on the learner's clock
INDIA = "Asia/Kolkata"
TAKEN = datetime(2026, 3, 5, 9, 7, 2, tzinfo=timezone.utc)


def _learners_tab(browser, console_errors):
    return watched_tab(browser, console_errors, timezone_id=INDIA, accept_downloads=True,
                       viewport={"width": 1366, "height": 768})


def test_a_name_says_the_data_sizes_epoch_and_the_learners_time(browser, server, console_errors, tmp_path):
    context, page = _learners_tab(browser, console_errors)
    try:
        page.clock.set_fixed_time(TAKEN)
        layers = [{"id": "h1", "type": "dense", "units": 5, "activation": "tanh"}]
        open_page(page, server, {"dataset": {"name": "moons"}, "layers": layers})
        for _ in range(3):
            page.get_by_test_id("step-epoch").click()
        expect(page.get_by_test_id("epoch")).to_have_text("3")
        names = [download(page, testid, tmp_path).name for testid in ("download-model", "download-code", "download-png")]
        stem = "moons_2-5-1_epoch0003_2026-03-05_14-37-02"   # (a clock standing still: a millisecond each)
        assert names == [f"{stem}.000.npz", f"{stem}.001.py", f"{stem}.002.png"]
        assert neuralab.load(tmp_path / names[0]).feature_names == ("x1", "x2")
        # the same scene and epoch a minute later (another page of the class, or this one's
        # next run): another name, which sorts after the first
        page.clock.set_fixed_time(TAKEN.replace(minute=8))
        later = download(page, "download-model", tmp_path).name
        assert later == "moons_2-5-1_epoch0003_2026-03-05_14-38-02.000.npz"
        assert sorted([later, names[0]]) == [names[0], later]
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def test_a_csv_s_own_name_is_kept_safe_for_every_system(browser, server, console_errors, tmp_path):
    # a Mac's file name (its accents decomposed, NFD), hidden (a leading '.'), long, with ':', '?',
    # quotes and spaces that Windows refuses or a shell splits: its letters kept, the rest '-'
    named = unicodedata.normalize("NFD", '.Relevés: "Lyon" station météo? mai 2026, étage 3, côté cour.csv')
    path = _uh_prices_file(tmp_path).rename(tmp_path / named)
    context, page = _learners_tab(browser, console_errors)
    try:
        page.clock.set_fixed_time(TAKEN)
        open_page(page, server)
        upload_csv(page, path, "price")
        name = download(page, "download-model", tmp_path).name
        assert name == "Relevés-Lyon-station-météo-mai-2026-étag_2-4-2-1_epoch0000_2026-03-05_14-37-02.000.npz"
        assert unicodedata.is_normalized("NFC", name)
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def test_two_downloads_of_a_page_in_one_second_differ_and_sort_in_their_order(browser, server, console_errors,
                                                                              tmp_path):
    # a double click on ⤓ Model gave one name twice (the browser saved "(1).npz"), and ⤓ Python
    # in the same second the model's name with .py, whose script saved its model over the page's
    context, page = _learners_tab(browser, console_errors)
    try:
        page.clock.set_fixed_time(TAKEN)
        open_page(page, server, {"dataset": {"name": "moons"}})
        saved = []
        page.on("download", lambda d: saved.append(d))
        page.get_by_test_id("download-model").dblclick()
        for _ in range(200):   # (the server's two model replies)
            if len(saved) == 2:
                break
            page.wait_for_timeout(50)
        names = [d.suggested_filename for d in saved] + [download(page, "download-code", tmp_path).name]
        stem = "moons_2-4-2-1_epoch0000_2026-03-05_14-37-02"
        assert names == [f"{stem}.000.npz", f"{stem}.001.npz", f"{stem}.002.py"] == sorted(names)
        # the script saves its model under its own name, none of the page's models'
        assert f'save("{stem}.002.npz")' in (tmp_path / names[2]).read_text()
        page.clock.set_fixed_time(TAKEN.replace(second=3))   # the next second: its own time again, after
        later = download(page, "download-model", tmp_path).name
        assert later == "moons_2-4-2-1_epoch0000_2026-03-05_14-37-03.000.npz" and sorted(names + [later])[-1] == later
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def _natural(name):
    """``name`` as a file manager that reads numbers as numbers sorts it (Windows Explorer, Finder):
    _10 after _9."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def test_any_number_of_downloads_in_one_millisecond_sort_in_their_order(browser, server, console_errors):
    # 1,200 names under a clock that stands still, then one a millisecond earlier (a clock set
    # back): by character and by number alike, the names sort in the order they were given
    context, page = _learners_tab(browser, console_errors)
    try:
        open_page(page, server, {"dataset": {"name": "moons"}})
        names = page.evaluate("""async (taken) => {
            const namer = (await import('/static/download-name.js')).downloadNamer();
            const scene = { dataset: { name: 'moons' }, network: { inputs: ['x1', 'x2'], layers: [] } };
            const names = Array.from({ length: 1200 },
                                     (_, k) => namer(scene, 7, k % 2 ? 'py' : 'npz', new Date(taken)));
            return [...names, namer(scene, 7, 'png', new Date(taken - 1))];
        }""", TAKEN.timestamp() * 1000)
        assert len(set(names)) == len(names)
        assert sorted(names) == names and sorted(names, key=_natural) == names
        assert names[0] == "moons_2_epoch0007_2026-03-05_14-37-02.000.npz"
        assert names[1000] == "moons_2_epoch0007_2026-03-05_14-37-03.000.npz"   # (a millisecond each: a second later)
    finally:
        context.close()
    fail_on_console_errors(console_errors)
