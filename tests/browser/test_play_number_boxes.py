"""The page's boxes as a learner types in them: a decimal comma ("0,1", as most of Europe writes
0.1) in a browser set to English, and a value the server refuses (a schedule it cannot read).
What the page sends is read on the wire (the WebSocket), and what the session took from the
scene it answers with and the frames it draws.
"""
import json

import pytest
from playwright.sync_api import expect

from neuralab.play import protocol
from test_play_page import open_page, state, wait_scene


def nb_wire(page):
    """The JSON messages the page sends to the server from now on, as they go on the socket
    (``set_state`` goes straight to the transport, past ``window.neuralab.send``)."""
    sent = []

    def route(ws):
        to_server = ws.connect_to_server()
        ws.on_message(lambda message: (sent.append(json.loads(message)), to_server.send(message)))
        to_server.on_message(ws.send)

    page.route_web_socket("**/ws", route)
    return sent


def nb_type(page, box, text):
    """Type ``text`` key by key over what ``box`` holds, then press Enter."""
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def nb_label(page, testid):
    """The label the page shows beside the box ``testid``."""
    return page.get_by_test_id(testid).locator("xpath=ancestor::label[1]").locator(".field-label").text_content()


@pytest.mark.parametrize("testid, key, typed, value", [
    ("lr", "lr", "0,1", 0.1),           # was 01: a learning rate of 1
    ("l2", "l2", "0,001", 0.001),       # was 0001: 1, the maximum
    ("dropout", "dropout", "0,25", 0.25),
])
def test_a_decimal_comma_typed_in_a_number_box_is_the_decimal_point(page, server, testid, key, typed, value):
    """A learner who writes 0.1 as 0,1 types "0,1" in the Learning rate box of a browser set to
    English: the page sends 0.1 and the session trains with it (the comma was dropped: lr 1)."""
    sent = nb_wire(page)
    open_page(page, server)
    box = page.get_by_test_id(testid)
    nb_type(page, box, typed)
    wait_scene(page, f"s.state.hparams.{key} === {value}")
    assert [m["state"]["hparams"][key] for m in sent if m["type"] == "set_state"] == [value]
    assert float(box.input_value()) == value     # as the page writes it back (1e-3)
    if key == "lr":     # the optimizer's own lr, which each frame reports
        page.get_by_test_id("step-batch").click()
        page.wait_for_function(f"() => window.neuralab.frame.header.step >= 1 && window.neuralab.frame.header.lr === {value}")


def test_a_decimal_comma_reaches_a_box_made_later_the_weight_editor(page, server):
    """The weight editor's box, made when a link is opened, reads "-0,5" as -0.5 too: the weight
    set on the wire and in the frame is -0.5 (it was 5, or -5)."""
    sent = nb_wire(page)
    open_page(page, server)
    page.get_by_test_id("link-2-1-3").focus()
    page.keyboard.press("Enter")
    nb_type(page, page.get_by_test_id("weight-input"), "-0,5")
    page.wait_for_function("() => window.neuralab.frame.arrays['W/2'][1 * 4 + 3] === -0.5")
    assert [m["value"] for m in sent if m["type"] == "set_weight"] == [-0.5]


def test_a_comma_in_a_box_of_whole_numbers_is_left_to_group_digits(page, server):
    """The batch size takes whole numbers: a comma there is a digit-group mark ("1,000" is 1000),
    not a decimal point (which made it 1.000, a batch of one sample)."""
    sent = nb_wire(page)
    open_page(page, server)
    nb_type(page, page.get_by_test_id("batch-size"), "1,000")
    wait_scene(page, "s.state.hparams.batch_size === 1000")
    assert [m["state"]["hparams"]["batch_size"] for m in sent if m["type"] == "set_state"] == [1000]


def test_a_refused_schedule_keeps_its_text_named_by_the_boxs_label(page, server):
    """A learner types "step:30:0,5" (0.5 written with a comma, which the schedule reads as a
    second schedule) and presses Enter: the banner names the box as the page does ("Schedule:",
    not "hparams.schedule:") and says to write 0.5 with a point, and the box keeps the text,
    marked, to correct (it was emptied). Corrected, it is taken, and the mark and banner go."""
    open_page(page, server)
    before = state(page)
    box, banner = page.get_by_test_id("schedule"), page.get_by_test_id("error")
    nb_type(page, box, "step:30:0,5")
    expect(banner).to_be_visible()
    expect(banner.locator(".error-message")).to_have_text(
        f"{nb_label(page, 'schedule')}: only warmup can be followed by another schedule, got 'step:30:0,5'")
    expect(banner.locator(".error-suggestion")).to_contain_text("write 0.5 with a point")
    expect(box).to_have_value("step:30:0,5")
    expect(box).to_have_attribute("aria-invalid", "true")
    assert state(page) == before, "the session kept its schedule"
    box.press("End")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.type(".5")
    page.keyboard.press("Enter")
    wait_scene(page, "s.state.hparams.schedule === 'step:30:0.5'")
    expect(box).not_to_have_attribute("aria-invalid", "true")
    expect(banner).to_be_hidden()


def test_the_servers_words_for_each_hyperparameter_are_its_boxs_label(page, server):
    """The server names a refused hyper-parameter with its box's label (protocol.HPARAM_WORDS):
    the label the page shows beside each box, so that the learner finds the box the error means."""
    open_page(page, server)
    boxes = {"optimizer": "optimizer", "lr": "lr", "batch_size": "batch-size", "l1": "l1", "l2": "l2",
             "dropout": "dropout", "schedule": "schedule", "init": "init", "early_stopping": "patience"}
    assert set(boxes) == set(protocol.HPARAM_WORDS) == set(protocol.DEFAULT_STATE["hparams"])
    assert {key: nb_label(page, testid) for key, testid in boxes.items()} == protocol.HPARAM_WORDS


def test_a_comma_in_the_value_to_draw_is_refused_as_it_may_group_thousands(page, server):
    """A regression's value to draw has no bound: "1,000" there may be 1000 or 1.000, and read as
    a point it silently became 1. The comma is refused with the two ways to write the value, and
    what is typed after it stays whole (1000, as the browser read it before)."""
    open_page(page, server, {"dataset": {"name": "plane", "n_samples": 50}})
    box = page.get_by_test_id("draw-value")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("1,")
    assert "thousands without a comma (1000)" in box.evaluate("b => b.validationMessage")
    page.keyboard.type("000")
    assert box.input_value() == "1000"
    assert box.evaluate("b => b.validationMessage") == ""      # cleared by the next keystroke


def test_a_comma_beside_a_point_groups_digits(page, server):
    """Typed in front of a point ("1,234.5" pasted is text with both), a comma groups digits:
    it goes, and the point stays the decimal point (it made 1.234.5, no number)."""
    open_page(page, server)
    box = page.get_by_test_id("lr")
    box.click()
    page.keyboard.press("Control+A")
    box.evaluate("""b => {
        const e = new InputEvent('beforeinput', {data: '1,234.5', inputType: 'insertFromPaste', bubbles: true, cancelable: true});
        if (b.dispatchEvent(e)) document.execCommand('insertText', false, '1,234.5');
    }""")
    assert box.input_value() == "1234.5"


NB_DENSE = {"id": "h1", "type": "dense", "units": 4, "activation": "tanh"}


@pytest.mark.parametrize("testid, start, typed, words, fixed, taken", [
    ("dropout", {}, "1.5", "Dropout must be in [0, 0.9], got 1.5", "0.25", "s.state.hparams.dropout === 0.25"),
    # a block's card is built anew with each scene: the refused text goes to the new card's box
    ("dropout-p-1", {"layers": [NB_DENSE, {"id": "d1", "type": "dropout", "p": 0.2}]}, "1.5",
     "Hidden block 2's p must be in [0, 0.9], got 1.5", "0.3", "s.state.layers[1].p === 0.3"),
    ("n-classes", {"dataset": {"name": "spiral", "n_classes": 3}}, "11", "Classes must be in 2..10, got 11",
     "4", "s.state.dataset.n_classes === 4"),
])
def test_a_number_past_its_boxs_range_is_refused_in_words(page, server, testid, start, typed, words, fixed, taken):
    """The learner types a Dropout of 1.5 (or a block's p of 1.5, 11 classes) and presses Enter:
    it became 0.9 (10) without a word. Now it is sent as typed: the banner names the box and its
    range, the session keeps its state, and the box keeps the text, marked, until corrected."""
    sent = nb_wire(page)
    open_page(page, server, start)
    before = state(page)
    nb_type(page, page.get_by_test_id(testid), typed)
    expect(page.get_by_test_id("error").locator(".error-message")).to_have_text(words)
    box = page.get_by_test_id(testid)       # (the card's box: the one of the scene shown again)
    expect(box).to_have_value(typed)
    expect(box).to_have_attribute("aria-invalid", "true")
    assert state(page) == before and page.evaluate("() => window.neuralab.state") == before
    assert float(typed) in [v for m in sent if m["type"] == "set_state" for v in nb_numbers(m["state"])]
    nb_type(page, page.get_by_test_id(testid), fixed)
    wait_scene(page, taken)
    expect(page.get_by_test_id(testid)).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("error")).to_be_hidden()


def nb_numbers(tree):
    """Every number in a JSON ``tree``."""
    if isinstance(tree, dict):
        return [v for x in tree.values() for v in nb_numbers(x)]
    if isinstance(tree, list):
        return [v for x in tree for v in nb_numbers(x)]
    return [tree] if isinstance(tree, (int, float)) and not isinstance(tree, bool) else []


def test_the_buttons_stop_at_the_servers_limits_and_say_why(page, server):
    """"+" on a layer of 64 neurons stayed active and answered with a refusal banner: the page did
    not know the server's most. From the scene's limits now, "+" is disabled at 64 neurons, "−" at
    one, the network's "+" and the palette at the most blocks, each with a title saying why;
    one step short of a limit the buttons work, and the boxes' min and max are the server's."""
    most, blocks = protocol.MAX_UNITS, protocol.MAX_BLOCKS
    dense = lambda i, units: {**NB_DENSE, "id": f"h{i}", "units": units}
    open_page(page, server, {"layers": [dense(0, most), dense(1, 1), dense(2, most - 1), dense(3, 2)]})
    plus, minus = page.get_by_test_id("units-plus-0"), page.get_by_test_id("units-minus-1")
    expect(plus).to_be_disabled()
    expect(plus).to_have_attribute("title", f"at most {most} neurons in a layer")
    expect(minus).to_be_disabled()
    expect(minus).to_have_attribute("title", "a layer keeps at least 1 neuron: × removes the block")
    for testid in ("units-minus-0", "units-plus-1", "units-plus-2", "units-minus-3"):
        expect(page.get_by_test_id(testid)).to_be_enabled()
    expect(page.get_by_test_id("add-layer")).to_be_enabled()
    page.get_by_test_id("units-plus-2").click()          # 63 -> 64: taken, and now at the most
    wait_scene(page, f"s.state.layers[2].units === {most}")
    expect(page.get_by_test_id("units-plus-2")).to_be_disabled()
    expect(page.get_by_test_id("error")).to_be_hidden()
    page.get_by_test_id("units-minus-3").click()         # 2 -> 1
    wait_scene(page, "s.state.layers[3].units === 1")
    expect(page.get_by_test_id("units-minus-3")).to_be_disabled()
    for testid, key in (("lr", "lr"), ("batch-size", "batch_size"), ("l1", "l1"), ("dropout", "dropout")):
        lo, hi = protocol.HPARAM_RULES[key][1:]
        box = page.get_by_test_id(testid)
        assert (float(box.get_attribute("min")), float(box.get_attribute("max"))) == (lo, hi)
    # the most blocks: the network's "+" and the palette say so; one block fewer, they add one
    open_page(page, server, {"layers": [dense(i, 2) for i in range(blocks - 1)]})
    wait_scene(page, f"s.state.layers.length === {blocks - 1}")   # (a new hash: the same page)
    page.get_by_test_id("palette-dropout").click()
    wait_scene(page, f"s.state.layers.length === {blocks}")
    for testid in ("add-layer", "palette-dense", "palette-dropout", "palette-batchnorm"):
        item = page.get_by_test_id(testid)
        expect(item).to_have_attribute("title", f"a network holds at most {blocks} hidden blocks: remove one first")
    expect(page.get_by_test_id("add-layer")).to_be_disabled()
    expect(page.get_by_test_id("palette-dense")).to_have_attribute("aria-disabled", "true")
    page.get_by_test_id("remove-layer").click()
    wait_scene(page, f"s.state.layers.length === {blocks - 1}")
    expect(page.get_by_test_id("add-layer")).to_be_enabled()
    expect(page.get_by_test_id("palette-dense")).to_have_attribute("aria-disabled", "false")
    # no hidden block: "−" has none to remove
    open_page(page, server, {"layers": []})
    wait_scene(page, "s.state.layers.length === 0")
    expect(page.get_by_test_id("remove-layer")).to_be_disabled()
    expect(page.get_by_test_id("remove-layer")).to_have_attribute("title", "there is no hidden block to remove")


def test_a_refused_value_leaves_its_box_when_the_banner_is_dismissed_or_the_box_emptied(page, server):
    # the review: after the banner's ×, the Dropout box went on showing 1.5 (marked) while the
    # network trained with 0; emptying a refused box put the value back but left the mark
    open_page(page, server)
    box = page.get_by_test_id("dropout")
    for undo in ("dismiss", "empty"):
        nb_type(page, box, "1.5")
        expect(page.get_by_test_id("error")).to_contain_text("Dropout must be in [0, 0.9], got 1.5")
        expect(box).to_have_attribute("aria-invalid", "true")
        assert box.input_value() == "1.5"
        if undo == "dismiss":
            page.get_by_test_id("error").get_by_title("dismiss").click()
        else:
            box.fill("")
            box.press("Enter")
        expect(box).not_to_have_attribute("aria-invalid", "true")
        expect(box).to_have_value("0")
        assert state(page)["hparams"]["dropout"] == 0


@pytest.mark.parametrize("testid, typed, words, path", [
    ("batch-size", "2.5", "Batch size must be an integer, got 2.5", ("hparams", "batch_size")),
    ("n-classes", "2.6", "Classes must be an integer, got 2.6", ("dataset", "n_classes")),
])
def test_a_fraction_in_a_box_of_whole_numbers_is_refused_not_rounded(page, server, testid, typed, words, path):
    # the review: a batch of 2.5 became 3, and 2.6 classes 3, without a word
    open_page(page, server)
    if testid == "n-classes":   # (a dataset of classes to count)
        page.get_by_test_id("dataset-select").select_option("gaussians")
        wait_scene(page, "s.state.dataset.name === 'gaussians'")
    before = state(page)[path[0]][path[1]]
    box = page.get_by_test_id(testid)
    nb_type(page, box, typed)
    expect(page.get_by_test_id("error")).to_contain_text(words)
    expect(box).to_have_attribute("aria-invalid", "true")
    assert state(page)[path[0]][path[1]] == before
