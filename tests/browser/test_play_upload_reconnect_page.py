"""A page whose socket dropped and opened again still holds the file it uploaded, which a page
reloaded does not (static/upload-key.js: its hello's ``has_file``). Both were told "choose
titanic.csv again, tick 'PassengerId' under Leave out ...": the page that holds the file has its
box there to tick, and is told what its upload was told, the box marked; a reloaded page, and
its socket dropped after, still hold no copy, and are told to choose the file again."""
from playwright.sync_api import expect
from test_play_page import open_page, wait_scene
from test_play_upload import choose_file
from test_play_upload_held import _UH_KEEP_SOCKET
from test_play_upload_warning_control_page import _uwc_passengers

# the hellos the page sends, each as sent (window.hellos), over _UH_KEEP_SOCKET's socket
_RECORD_HELLOS = """const proto = Object.getPrototypeOf(window.WebSocket.prototype), nativeSend = proto.send;
proto.send = function (data) {
  if (typeof data === 'string' && data.includes('"hello"')) (window.hellos ||= []).push(JSON.parse(data));
  return nativeSend.call(this, data);
};"""
AS_UPLOADED = "tick 'PassengerId' under Leave out and press \"Use this CSV\" again to leave it out."
AS_RELOADED = "choose titanic.csv again, tick 'PassengerId' under Leave out and press \"Use this CSV\" to leave it out."


def _drop_socket(page):
    """Close the page's socket and wait for the scene of the new session it opens (whose scene_id
    may be the old one's: each session counts from 1)."""
    page.evaluate("() => { window.neuralab.scene.gone = true; window.pageSocket.close(); }")
    page.wait_for_function("() => window.pageSocket.readyState === 1 && !window.neuralab.scene.gone")


def _last_hello(page):
    return page.evaluate("() => window.hellos.at(-1)")


def _uploaded_titanic(page, server, tmp_path):
    for script in (_UH_KEEP_SOCKET, _RECORD_HELLOS):
        page.add_init_script(script)
    open_page(page, server)
    choose_file(page, _uwc_passengers(tmp_path / "titanic.csv"))
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    expect(page.get_by_test_id("error")).to_contain_text(AS_UPLOADED)


def test_a_page_whose_socket_opened_again_is_told_what_its_upload_was(page, server, tmp_path):
    _uploaded_titanic(page, server, tmp_path)
    banner, leave_out = page.get_by_test_id("error"), page.get_by_test_id("csv-leave-out")
    _drop_socket(page)
    assert _last_hello(page)["has_file"] is True
    expect(banner).to_contain_text(AS_UPLOADED)
    expect(banner).not_to_contain_text("choose titanic.csv")
    box = leave_out.get_by_label("PassengerId", exact=True)
    expect(box).to_have_attribute("aria-invalid", "true")   # (its box, marked: the page holds the file)
    box.check()
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "!s.dataset.feature_names.includes('PassengerId')")
    expect(banner).to_be_hidden()


def test_a_reloaded_page_holds_no_copy_even_once_its_socket_opened_again(page, server, tmp_path):
    _uploaded_titanic(page, server, tmp_path)
    page.reload()
    wait_scene(page, "s.dataset.file === 'titanic.csv'")
    banner = page.get_by_test_id("error")
    assert "has_file" not in _last_hello(page)
    expect(banner).to_contain_text(AS_RELOADED)
    _drop_socket(page)
    assert "has_file" not in _last_hello(page)
    expect(banner).to_contain_text(AS_RELOADED)
