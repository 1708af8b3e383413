"""A page whose socket opened again on a server that no longer keeps its upload (restarted, or it
let the upload go) still holds the file it read: it sends it again by itself, as it was taken
(target and options, whatever the form holds since), and says so in the notice line ("The server
had lost prices.csv: sent again."). Before, it was told to choose "Uploaded CSV" and the file
again. A refusal of that upload says it was sent again; a socket that drops before the answer
sends it again on the next session. A reloaded page holds no copy, and keeps the server's words."""
import json

from playwright.sync_api import expect
from test_play_page import open_page, scene, upload_csv, wait_scene
from test_play_restart_and_slow_page import RS_OFFLINE, rs_forget_refused_sockets, rs_free_port, rs_own_server
from test_play_upload_held import _uh_prices_file

from playkit import stop_server

NOTICE = "The server had lost prices.csv: sent again."
# (sent, refused) by the page: each upload_csv it sends, its target and options
_RECORD_UPLOADS = """const proto = window.WebSocket.prototype, nativeSend = proto.send;
proto.send = function (data) {
  if (typeof data === 'string' && data.includes('"upload_csv"')) {
    const { text, ...rest } = JSON.parse(data); (window.uploads ||= []).push(rest);
  }
  return nativeSend.call(this, data);
};"""


# what the page shows, in order, from now on: each scene it shows (its data), each frame it draws
# (of the scene shown?) and each text of the Data panel's line ("prices.csv → price · ...")
_RECORD_SHOWN = """() => {
  const s = window.neuralab, shown = window.shown = [], info = document.querySelector('[data-testid=dataset-info]');
  s.on('scene', (scene) => shown.push(['scene', scene.state.dataset.name]));
  s.on('frame', (frame) => shown.push(['frame', frame.header.scene_id === s.scene.scene_id]));
  new MutationObserver(() => shown.push(['info', info.textContent]))
    .observe(info, { childList: true, characterData: true, subtree: true });
}"""


def _shown(page):
    return page.evaluate("() => window.shown")


def _uploads(page):
    return page.evaluate("() => window.uploads || []")


def _on_prices(page, tmp_path):
    """prices.csv uploaded with the target "price", then "height" chosen in the form and not sent."""
    upload_csv(page, _uh_prices_file(tmp_path), "price")
    page.locator("details.csv summary").click()   # (closed once the file was taken)
    page.get_by_test_id("csv-target").select_option("height")


def test_a_restarted_server_gets_the_upload_again_and_a_reload_is_told_to_choose_it(page, tmp_path, console_errors):
    port = rs_free_port()
    page.add_init_script(_RECORD_UPLOADS)
    with rs_own_server(port) as first:
        page.goto(f"http://127.0.0.1:{port}/")
        wait_scene(page, "true")
        _on_prices(page, tmp_path)
        before = scene(page)
        stop_server(first)
        expect(page.locator("body")).to_have_class(RS_OFFLINE)
    with rs_own_server(port):
        wait_scene(page, f"s.upload && s.upload.key && s.upload.key !== {json.dumps(before['upload']['key'])}")
        sc = scene(page)
        assert (sc["state"]["dataset"]["name"], sc["dataset"]["file"], sc["dataset"]["target"]) == ("csv", "prices.csv", "price")
        assert sc["state"]["hparams"] == before["state"]["hparams"]
        expect(page.get_by_test_id("notice")).to_have_text(NOTICE)
        expect(page.get_by_test_id("error")).to_be_hidden()
        assert [u["target"] for u in _uploads(page)] == ["price", "price"]   # as taken, not the form's height
        expect(page.get_by_test_id("csv-target")).to_have_value("height")   # the form's choice left as it was
        expect(page.get_by_test_id("dataset-select").locator("option[value=csv]")).to_have_text("Uploaded CSV (prices.csv)")
        page.reload()   # a reloaded page holds no copy: once the server lost it, the learner chooses it
        wait_scene(page, "s.dataset.file === 'prices.csv'")   # (this server kept the upload sent again)
    with rs_own_server(port):
        wait_scene(page, "s.upload === null")
        expect(page.get_by_test_id("error")).to_contain_text("The server holds no copy of prices.csv for this page")
        expect(page.get_by_test_id("error")).to_contain_text('Choose "Uploaded CSV" in the Data menu to upload prices.csv again.')
        assert len(_uploads(page)) == 0
        page.goto("about:blank")   # (before the server stops: its tries to connect again, logged as errors)
    rs_forget_refused_sockets(console_errors)


def _route(page, answer):
    """Route the page's sockets through the test: ``answer(ws, message)`` may take an upload_csv
    (True: not forwarded), and once ``forget[0]`` is set a hello loses its upload's key (a server
    that no longer keeps it). Returns the page's sockets, as they open, and ``forget``."""
    sockets, forget = [], [False]

    def route(ws):
        to_server = ws.connect_to_server()

        def from_page(message):
            if isinstance(message, str) and '"hello"' in message and forget[0]:
                hello = json.loads(message)
                hello.pop("upload", None)
                message = json.dumps(hello)
            if isinstance(message, str) and '"upload_csv"' in message and answer(ws, json.loads(message)):
                return
            to_server.send(message)
        ws.on_message(from_page)
        to_server.on_message(ws.send)
        sockets.append(ws)
    page.route_web_socket("**/ws", route)
    return sockets, forget


def _lost_on_a_new_socket(page, server, tmp_path, answer):
    """The page on prices.csv (``_on_prices``), its socket closed: its new session holds no upload."""
    sockets, lost = _route(page, answer)
    page.add_init_script(_RECORD_UPLOADS)
    open_page(page, server)
    _on_prices(page, tmp_path)
    page.evaluate(_RECORD_SHOWN)
    lost[0] = True
    sockets[-1].close()
    return sockets


def test_a_refused_upload_sent_again_says_it_was_sent_again(page, server, tmp_path):
    refused = []

    def answer(ws, message):
        refused.append(len(refused) == 1)   # the second, sent again; the page's own before, and after
        if not refused[-1]:
            return False
        ws.send(json.dumps({"type": "error", "fatal": False, "request": "upload_csv",
                            "message": "the server holds too much uploaded data just now (510 MB, and prices.csv needs "
                                       "1 MB of the 512 MB it keeps for uploads)",
                            "suggestion": "upload a smaller file, or ask whoever runs the server to have the tabs "
                                          "no longer used closed; this page keeps its data"}))
        return True
    _lost_on_a_new_socket(page, server, tmp_path, answer)
    banner = page.get_by_test_id("error")
    expect(banner).to_contain_text("The server had lost prices.csv and refused it sent again: the server holds too "
                                   "much uploaded data just now")
    assert refused == [False, True]
    assert scene(page)["state"]["dataset"]["name"] == "circles"     # the data the session has
    expect(page.get_by_test_id("notice")).to_have_text("")   # (not "sent again", nor "sending it again…")
    expect(page.get_by_test_id("csv-upload")).to_be_enabled()       # the file, still there to send
    page.get_by_test_id("csv-upload").click()                       # (the form's: target height)
    wait_scene(page, "s.state.dataset.name === 'csv' && s.dataset.target === 'height'")
    expect(banner).to_be_hidden()


def test_an_upload_sent_again_on_a_socket_that_drops_goes_with_the_next_session(page, server, tmp_path):
    uploads, held = [], []

    def answer(ws, message):
        uploads.append(message)
        if len(uploads) == 2:   # the upload sent again, on the socket that is to drop: held back
            held.append(message)
        return len(uploads) == 2
    sockets = _lost_on_a_new_socket(page, server, tmp_path, answer)
    page.wait_for_function("() => (window.uploads || []).length === 2")
    assert held and held[0]["target"] == "price"
    # the session made anew holds none yet: the page shows the file's scene still, and says why
    before = scene(page)
    assert before["dataset"]["file"] == "prices.csv"
    expect(page.get_by_test_id("notice")).to_have_text("The server had lost prices.csv: sending it again…")
    sockets[-1].close()                     # gone before the answer
    wait_scene(page, f"s.upload && s.upload.key !== {json.dumps(before['upload']['key'])}")
    assert (scene(page)["state"]["dataset"]["name"], scene(page)["dataset"]["file"]) == ("csv", "prices.csv")
    assert [u["target"] for u in _uploads(page)] == ["price", "price", "price"]
    expect(page.get_by_test_id("notice")).to_have_text(NOTICE)
    expect(page.get_by_test_id("error")).to_be_hidden()
    # through both new sessions, begun on the default data, the page showed prices.csv alone:
    # no scene of circles, none of its frames, no "400 train" in the Data panel's line
    page.wait_for_function("() => window.shown.some(([what]) => what === 'frame')")
    shown = _shown(page)
    assert [what for what in shown if what[0] == "scene"] == [["scene", "csv"]]
    assert all(drawn for what, drawn in shown if what == "frame")
    assert all(text.startswith("prices.csv → price") for what, text in shown if what == "info"), shown
