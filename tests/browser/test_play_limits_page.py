"""The playground at its limits, as a learner uses it, checked in a real browser: a hidden layer of
many neurons shows its first 8 and a "+k more" tile (64 of them made the network panel 3,400 px
tall), each neuron shown inspected by a click, its map shown over the links (a trace's too, and
in the ⤓ PNG picture), its links and the trace's highlighting on its neurons; the keyboard keeps
its place on a "+" or "−" that reaches its limit, and a press refused there (the palette's at
the most blocks too) says why; the rate a schedule reached covers no other
control at any width.
"""
import base64
import re

import pytest
from playwright.sync_api import expect

from neuralab.play import protocol

from playkit import download, on_png, settle
from test_play_page import DRAWN, NEURON_MAP_COLOURS, open_page, wait_scene
from test_play_page_layout import RECORD_PICTURE


def lim_dense(i, units):
    return {"id": f"h{i}", "type": "dense", "units": units, "activation": "relu"}


def lim_open(page, server, units):
    """The page with hidden layers of `units` neurons each, drawn and laid out."""
    open_page(page, server, {"layers": [lim_dense(i, n) for i, n in enumerate(units)]})
    wait_scene(page, f"s.state.layers.map((l) => l.units).join() === '{','.join(map(str, units))}'")
    page.wait_for_function(DRAWN)
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def lim_network_height(page):
    return page.evaluate("() => document.getElementById('network').getBoundingClientRect().height")


@pytest.mark.parametrize("units", [16, 32, 64])
def test_a_wide_layer_keeps_the_network_as_high_as_eight_neurons(page, server, units):
    """A hidden layer of 64 neurons made the network panel 3,431 px tall: the layer's name at its
    bottom and the trace, gradients and evaluation panels 3,500 px down the page. Past 8 neurons a
    layer shows its first 8 and a "+k more" tile: the panel is no taller than with 8 and the tile,
    the layer's name and the trace's panel are on the first screen."""
    lim_open(page, server, [8, 2])
    eight = lim_network_height(page)
    lim_open(page, server, [units, 2])
    assert lim_network_height(page) <= eight + 40, (lim_network_height(page), eight)
    expect(page.get_by_test_id("col-name-0")).to_have_text("hidden layer 1")
    expect(page.get_by_test_id("col-name-0")).to_be_in_viewport()
    expect(page.locator(".trace-panel .panel-title")).to_be_in_viewport()
    for u in range(8):
        expect(page.get_by_test_id(f"neuron-0-{u}")).to_be_in_viewport()
    expect(page.get_by_test_id("more-units-0")).to_have_text(f"+{units - 8} more")


# Where each map of the neurons whose test id starts with the prefix differs from what the page
# shows on the screen: {test id: the pixels (inside the map, 4 px from its edges) of a screenshot
# `png` that differ from the maps canvas by more than 40 in a colour}. A link drawn over a map
# shows there.
LIM_COVERED = on_png("[png, prefix]", """\
    const maps = document.querySelector('[data-testid="maps"]'), m = maps.getBoundingClientRect();
    const s = maps.width / m.width, k = img.width / innerWidth, mg = maps.getContext('2d');
    const out = {};
    for (const node of document.querySelectorAll(`[data-testid^="${prefix}"]`)) {
        const r = node.querySelector('.thumb').getBoundingClientRect();
        let covered = 0;
        for (let y = r.top + 4; y < r.bottom - 4; y++) {
            for (let x = r.left + 4; x < r.right - 4; x++) {
                const a = g.getImageData(Math.floor(x * k), Math.floor(y * k), 1, 1).data;
                const b = mg.getImageData(Math.floor((x - m.left) * s), Math.floor((y - m.top) * s), 1, 1).data;
                if ([0, 1, 2].some((i) => Math.abs(a[i] - b[i]) > 40)) covered++;
            }
        }
        out[node.dataset.testid] = covered;
    }
    return out;
""")

# Each link of dense layer `layer` whose hit path has the test id's prefix: its ends, and the
# edges of the nodes it joins as the page laid them out, all in the page's pixels:
# [test id, [x0, y0, x1, y1] of the path, [right, middle] of the neuron it leaves (null for an
# input), [left, middle] of the neuron it reaches].
LIM_LINK_ENDS = """([layer, from]) => {
    const svg = document.querySelector('svg.links').getBoundingClientRect();
    const edge = (testid, side) => {
        const node = document.querySelector(`[data-testid="${testid}"]`);
        if (!node) return null;
        const r = node.getBoundingClientRect();
        return [side === 'right' ? r.right : r.left, r.top + r.height / 2];
    };
    return [...document.querySelectorAll(`path.link-hit[data-testid^="link-${layer}-"]`)].map((p) => {
        const [, to, source] = p.dataset.testid.slice(5).split('-').map(Number);
        const d = p.getAttribute('d').match(/-?[\\d.]+/g).map(Number);
        const ends = [d[0] + svg.left, d[1] + svg.top, d[d.length - 2] + svg.left, d[d.length - 1] + svg.top];
        return [p.dataset.testid, ends, from === null ? null : edge(`neuron-${from}-${source}`, 'right'),
                edge(`neuron-${layer}-${to}`, 'left')];
    });
}"""


def test_a_wide_layers_neurons_show_their_maps_take_their_links_and_are_inspected(page, server):
    """In a layer of 64 neurons (its first 8 shown) every map shows (drawn over the links, none
    covered), every link of the layer starts and ends on the neurons it joins, and a click on any
    neuron shown inspects it (not the weight of a link)."""
    lim_open(page, server, [64, 2])
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    page.mouse.move(0, 0)                  # (no map enlarged, no link lit under the mouse)
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    colours = page.evaluate(NEURON_MAP_COLOURS, "neuron-0-")
    assert len(colours) == 8
    assert all(n > 5 and transparent == 0 for n, transparent in colours.values()), colours
    png = base64.b64encode(page.screenshot()).decode()
    covered = page.evaluate(LIM_COVERED, [png, "neuron-0-"])
    assert len(covered) == 8 and not any(covered.values()), {k: v for k, v in covered.items() if v}
    # the links into the layer (from the two inputs) and out of it (into hidden layer 2)
    links = page.evaluate(LIM_LINK_ENDS, [0, None]) + page.evaluate(LIM_LINK_ENDS, [2, 0])
    assert len(links) == 8 * 2 + 2 * 8
    for testid, (x0, y0, x1, y1), start, end in links:
        assert end and abs(x1 - end[0]) < 1 and abs(y1 - end[1]) < 1, (testid, (x1, y1), end)
        if start:
            assert abs(x0 - start[0]) < 1 and abs(y0 - start[1]) < 1, (testid, (x0, y0), start)
    title = page.get_by_test_id("inspector-title")
    for u in range(8):
        page.get_by_test_id(f"neuron-0-{u}").click(timeout=3000)
        expect(title).to_have_text(re.compile(rf"^hidden layer 1\b.* · neuron {u}$"))
    expect(page.get_by_test_id("weight-editor")).to_have_count(0)


def test_the_trace_lights_a_wide_layers_neurons_and_links(page, server):
    """The trace's forward and backward steps of a layer of 64 neurons light the 8 it shows and
    their 16 links (those from the inputs), in the pass's direction, and nothing else."""
    lim_open(page, server, [64, 2])
    page.get_by_test_id("trace-start").click()
    expect(page.get_by_test_id("trace-panel")).to_contain_text("Input")
    lit = """() => ({neurons: [...document.querySelectorAll('.neuron.active')].map((n) => n.dataset.key),
        links: [...document.querySelectorAll('svg.links path.link.active')].map((p) =>
            p.nextElementSibling.dataset.testid + (p.classList.contains('backward') ? ':backward' : ':forward'))})"""
    for step, direction in (("Forward · hidden layer 1", "forward"), ("Backward · hidden layer 1", "backward")):
        page.locator(f'.dot-step[title^="{step}"]').click()
        expect(page.locator(".trace-title")).to_have_text(re.compile(f"^{step}"))
        shown = page.evaluate(lit)
        assert sorted(shown["neurons"]) == sorted(f"0-{u}" for u in range(8))
        assert sorted(shown["links"]) == sorted(f"link-0-{u}-{f}:{direction}" for u in range(8) for f in range(2))


def lim_trace_layer_2(page):
    """Trace a sample and show its forward step of hidden layer 2, whose 16 links drawn leave the 8
    neurons hidden layer 1 shows of its 64."""
    page.get_by_test_id("trace-start").click()
    expect(page.get_by_test_id("trace-panel")).to_contain_text("Input")
    page.locator('.dot-step[title^="Forward · hidden layer 2"]').click()
    expect(page.locator("svg.links path.link.active")).to_have_count(2 * 8)
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def test_a_trace_lights_its_links_under_a_wide_layers_maps(page, server):
    """A trace's step of the layer after a wide one lit its links over the maps, hiding what its
    neurons compute. The maps are drawn over every link, lit or not, as they are when nothing is
    traced."""
    lim_open(page, server, [64, 2])
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    page.mouse.move(0, 0)
    lim_trace_layer_2(page)
    png = base64.b64encode(page.screenshot(animations="disabled")).decode()
    covered = page.evaluate(LIM_COVERED, [png, "neuron-0-"])
    assert len(covered) == 8 and not any(covered.values()), {k: v for k, v in covered.items() if v}


# In the picture `png` (⤓ PNG, base64) as the page drew it (RECORD_PICTURE's window.picture): for
# each neuron whose test id starts with the prefix, [the pixels of the top and bottom edges of its
# map's border (their straight parts, clear of the bias marker) not of the border's colour, the
# pixels inside the map (4 px from its edges) that differ from the maps canvas]. The picture
# places the network where the page has it, moved by (dx, dy): the offset of a word the picture
# drew (the block's name). A layer's maps lie a whole number of pixels below the
# network's top, so each edge of their border is one row of the picture.
LIM_PICTURE_MAPS = on_png("[png, prefix]", """\
    const name = document.querySelector('[data-testid=col-name-0]').firstChild, word = document.createRange();
    word.setStart(name, 0);
    word.setEnd(name, 'hidden'.length);
    const w = word.getBoundingClientRect(), drawn = window.picture.texts.find((t) => t.text === 'hidden');
    const dx = drawn.x - w.left, dy = drawn.y - (w.top + w.height / 2);
    const maps = document.querySelector('[data-testid="maps"]'), m = maps.getBoundingClientRect();
    const s = maps.width / m.width, mg = maps.getContext('2d');
    const far = (a, b, most) => [0, 1, 2].some((i) => Math.abs(a[i] - b[i]) > most);
    const out = {};
    for (const node of document.querySelectorAll(`[data-testid^="${prefix}"]`)) {
        const thumb = node.querySelector('.thumb'), r = thumb.getBoundingClientRect();
        const colour = getComputedStyle(thumb).borderTopColor.match(/\\d+/g).map(Number);
        let border = 0, inside = 0;
        for (const y of [r.top, r.bottom - 1]) {
            for (let x = Math.ceil(r.left + dx) + 5; x < Math.floor(r.right + dx) - 5; x++) {
                if (far(g.getImageData(x, Math.round(y + dy), 1, 1).data, colour, 24)) border++;
            }
        }
        for (let y = r.top + 4; y < r.bottom - 4; y++) {
            for (let x = r.left + 4; x < r.right - 4; x++) {
                const a = g.getImageData(Math.floor(x + dx), Math.floor(y + dy), 1, 1).data;
                const b = mg.getImageData(Math.floor((x - m.left) * s), Math.floor((y - m.top) * s), 1, 1).data;
                if (far(a, b, 40)) inside++;
            }
        }
        out[node.dataset.testid] = [border, inside];
    }
    return out;
""")


def test_the_picture_draws_a_wide_layers_maps_over_its_links(page, server, tmp_path):
    """⤓ PNG drew the links over the borders of a wide layer's maps, and a trace's links over
    the maps themselves, where the page draws the maps and their borders over every link: in
    the picture too, each map's border shows whole and each map as the page shows it, with a
    trace's links lit and without."""
    page.add_init_script(RECORD_PICTURE)
    lim_open(page, server, [64, 2])
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    page.mouse.move(0, 0)
    for traced in (False, True):
        if traced:
            lim_trace_layer_2(page)
        png = base64.b64encode(download(page, "download-png", tmp_path).read_bytes()).decode()
        drawn = page.evaluate(LIM_PICTURE_MAPS, [png, "neuron-0-"])
        assert len(drawn) == 8
        assert not any(b or i for b, i in drawn.values()), (traced, {k: v for k, v in drawn.items() if any(v)})


# the press at a limit, and where the Tab key goes from there
LIM_EDGES = [
    ("units-plus-0", [62, 2], "s.state.layers[0].units === 64", "units-minus-0",
     f"at most {protocol.MAX_UNITS} neurons in a layer"),
    ("units-minus-1", [62, 3], "s.state.layers[1].units === 1", "remove-1",
     "a layer keeps at least 1 neuron: × removes the block"),
    ("add-layer", [2] * (protocol.MAX_BLOCKS - 2), f"s.state.layers.length === {protocol.MAX_BLOCKS}", "remove-layer",
     f"a network holds at most {protocol.MAX_BLOCKS} hidden blocks: remove one first"),
    ("remove-layer", [2, 2], "s.state.layers.length === 0", "palette-dense", "there is no hidden block to remove"),
]


@pytest.mark.parametrize("testid, units, limit, after, why", LIM_EDGES, ids=[e[0] for e in LIM_EDGES])
def test_the_keyboard_keeps_its_place_on_a_button_at_its_limit(page, server, testid, units, limit, after, why):
    """Enter on "+" up to 64 neurons (or "−" down to one, the network's "+" up to 12 blocks, its
    "−" down to none) disabled the button in focus as the last press took effect: the focus fell
    to the page, and the next Tab started again from its top. The button keeps the focus now,
    says it is unavailable and why, refuses another press, showing why in the notice line under
    the header (the title alone showed nothing to the keyboard), and Tab goes on to the next
    control."""
    changes = []                         # the state changes the page sends
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: changes.append(payload)
                                          if isinstance(payload, str) and '"set_state"' in payload else None))
    lim_open(page, server, units)
    button = page.get_by_test_id(testid)
    button.focus()
    for _ in range(2):
        page.keyboard.press("Enter")
        page.wait_for_timeout(150)
    wait_scene(page, limit)
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-disabled", "true")
    expect(button).to_have_attribute("title", why)
    expect(button).to_be_disabled()                  # (as assistive technology announces it)
    sent = len(changes)
    notice = page.get_by_test_id("notice")
    expect(notice).to_have_text("")                  # (the presses that took effect said nothing)
    page.keyboard.press("Enter")
    expect(notice).to_have_text(why)
    expect(notice).to_be_visible()
    button.click(force=True)                        # (the mouse too)
    page.wait_for_timeout(300)                      # (what must not come: a set_state)
    assert changes[sent:] == []
    wait_scene(page, limit)
    expect(page.get_by_test_id("error")).to_be_hidden()
    page.keyboard.press("Tab")
    expect(page.get_by_test_id(after)).to_be_focused()


@pytest.mark.parametrize("kind", ["dense", "dropout", "batchnorm"])
def test_a_palette_block_refused_at_the_most_blocks_says_why(page, server, kind):
    """At the most hidden blocks, Enter (or a click) on a palette block did nothing, its reason in
    its title alone: the notice line shows it now, briefly, and the network is as it was."""
    lim_open(page, server, [2] * protocol.MAX_BLOCKS)
    item = page.get_by_test_id(f"palette-{kind}")
    expect(item).to_have_attribute("aria-disabled", "true")
    notice = page.get_by_test_id("notice")
    page.set_viewport_size({"width": 1280, "height": 500})
    item.focus()
    page.evaluate("() => scrollTo(0, 300)")                 # the header scrolled out of the window
    assert page.evaluate("() => scrollY") == 300
    page.keyboard.press("Enter")
    why = f"a network holds at most {protocol.MAX_BLOCKS} hidden blocks: remove one first"
    expect(notice).to_have_text(why)
    expect(notice).to_be_in_viewport()
    expect(item).to_be_focused()
    expect(notice).to_have_text("", timeout=8000)   # brief: it goes by itself
    item.click(force=True)                          # (aria-disabled: the mouse too)
    expect(notice).to_have_text(why)
    wait_scene(page, f"s.state.layers.length === {protocol.MAX_BLOCKS}")
    expect(page.get_by_test_id("error")).to_be_hidden()


@pytest.mark.parametrize("width", [390, 1100, 1280, 1440, 1920])
def test_the_rate_a_schedule_reached_covers_nothing(page, server, width):
    """On a phone "now 0.015", hung under the learning rate's box, covered the L2 label of the row
    below; under the header's one row it ran 8 px into the page. The header keeps room for it: it
    lies inside the header, over no other control or label, at every width."""
    page.set_viewport_size({"width": width, "height": 844})
    open_page(page, server, {"hparams": {"schedule": "step:1:0.5"}})
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("lr-now")).to_have_text("now 0.015")
    seen = page.evaluate("""() => {
        const tag = document.querySelector('[data-testid=lr-now]'), t = tag.getBoundingClientRect();
        const h = document.querySelector('header.top').getBoundingClientRect();
        const under = [...document.querySelectorAll('header.top *')]
            .filter((n) => !n.contains(tag) && !tag.contains(n) && n.checkVisibility() && n.children.length === 0)
            .filter((n) => { const r = n.getBoundingClientRect();
                             return r.width && r.left < t.right && r.right > t.left && r.top < t.bottom && r.bottom > t.top; })
            .map((n) => n.dataset.testid || n.textContent || n.tagName);
        return {inside: t.left >= h.left && t.right <= h.right && t.top >= h.top && t.bottom <= h.bottom, under};
    }""")
    assert seen == {"inside": True, "under": []}, seen
