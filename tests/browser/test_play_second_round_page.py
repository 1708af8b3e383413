"""The playground's second round of mends from a learner's walk by screenshots: one colour, one
meaning (the curves, the confusion matrix, the class map's borders), wide layers drawn with no
link across a neuron, a regression's predicted-against-actual plot, the picture's title in the
menu's words, and a schedule the library warns of said on the page."""
import re

from playkit import download, settle
from playwright.sync_api import expect
from test_play_page import choose_drawn, open_page, wait_scene
from test_play_page_layout import RECORD_PICTURE

# The classes' hues (colors.js: CATEGORICAL, and POS and NEG for two classes and for signs; not
# its grey, #555555, for an eighth class: the charts' words are grey, as all the page's small words)
SR_CLASS_COLOURS = ["#E69F00", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                    "#F0E442", "#882255", "#44AA99", "#F59322", "#0877BD"]


def sr_rgb(hex_colour):
    n = int(hex_colour[1:], 16)
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255]


def sr_train(page, epochs=1):
    """Train `epochs` epochs (⇥ epoch) and wait for the page to show them."""
    for e in range(1, epochs + 1):
        page.get_by_test_id("step-epoch").click()
        expect(page.get_by_test_id("epoch")).to_have_text(str(e))
    settle(page)


def test_the_loss_curves_use_no_colour_of_a_class(page, server):
    """The train and test curves were blue and orange, the colours of classes 1 and 0 on the map
    beside them. They are a neutral pair now, told apart by their line (train solid, test
    dashed, as their keys show): no pixel of either chart is of a class's colour."""
    open_page(page, server, {"dataset": {"name": "iris"}})
    sr_train(page, 3)
    styles = [page.evaluate("(id) => getComputedStyle(document.querySelector(`[data-testid=${id}] i`)).borderTopStyle", f"curve-key-{part}")
              for part in ("train", "test")]
    assert styles == ["solid", "dashed"]
    near = page.evaluate("""(colours) => {
        const out = {};
        for (const id of ['loss-chart', 'accuracy-chart']) {
            const c = document.querySelector(`[data-testid=${id}]`);
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let drawn = 0, classLike = 0;
            for (let i = 0; i < d.length; i += 4) {
                if (d[i + 3] < 200) continue;
                drawn++;
                if (colours.some(([r, g, b]) => Math.hypot(d[i] - r, d[i + 1] - g, d[i + 2] - b) < 40)) classLike++;
            }
            out[id] = [drawn, classLike];
        }
        return out;
    }""", [sr_rgb(c) for c in SR_CLASS_COLOURS])
    for chart, (drawn, class_like) in near.items():
        assert drawn > 200 and class_like == 0, (chart, drawn, class_like)


def test_the_confusion_matrix_says_what_its_shades_mean(page, server):
    """The matrix shaded right answers blue and wrong ones orange, two classes' colours, with no
    legend. Its cells are shaded by count on one neutral scale, the diagonal framed, and a legend
    under it says both."""
    open_page(page, server, {"dataset": {"name": "iris"}})
    sr_train(page)
    cells = page.evaluate("""() => [...document.querySelectorAll('[data-testid=confusion] tr')].slice(1).map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => ({ right: td.classList.contains('right'),
            background: getComputedStyle(td).backgroundColor, border: parseFloat(getComputedStyle(td).borderTopWidth) })))""")
    assert len(cells) == 3 and all(len(row) == 3 for row in cells)
    for i, row in enumerate(cells):
        for j, cell in enumerate(row):
            r, g, b = map(float, re.findall(r"[\d.]+", cell["background"])[:3])
            assert max(r, g, b) - min(r, g, b) <= 12, (i, j, cell)     # no hue: no class's colour
            assert cell["right"] == (i == j), (i, j, cell)
            assert (cell["border"] >= 2) == (i == j), (i, j, cell)
    legend = page.get_by_test_id("confusion-legend")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("framed: right")
    expect(legend).to_contain_text("examples: 0")


# The output map of a frame whose class map is made up here (G x G cells): class 0 under the
# diagonal, class 1 over it, every cell sure of its class (p = 0.98) but for every other cell
# along the border (p = 0.5: a border sharper than a cell passes near its centre), and a block
# of cells in doubt (p = 0.36); drawn by the page, which then reads the colour at the centres of
# those cells on the output canvas: {border: [min channel of each], doubt: min channel}.
SR_SHARP_BORDER = """() => {
    const s = window.neuralab, f = s.frame, G = s.scene.grid.size;
    const p = new Float32Array(G * G).fill(0.98), cls = new Uint8Array(G * G);
    p.shape = [G, G]; cls.shape = [G, G];
    const dots = [], doubt = [G - 16, 8];
    for (let r = 0; r < G; r++) for (let c = 0; c < G; c++) {
        cls[r * G + c] = c > r ? 1 : 0;
        if (c === r + 1 && r % 2 === 0 && Math.abs(r - G / 2) > 4 && r < G - 2) { p[r * G + c] = 0.5; dots.push([r, c]); }
        if (Math.abs(r - doubt[0]) <= 7 && Math.abs(c - doubt[1]) <= 7) p[r * G + c] = 0.36;
    }
    s.emit('frame', { ...f, arrays: { ...f.arrays, output: p, output_class: cls } });
    const canvas = document.querySelector('[data-testid=output-canvas]'), g = canvas.getContext('2d');
    const at = ([r, c]) => Math.min(...g.getImageData(Math.floor((c + 0.5) / G * canvas.width),
        Math.floor((r + 0.5) / G * canvas.height), 1, 1).data.slice(0, 3));
    return { border: dots.map(at), doubt: at(doubt) };
}"""


def test_a_sharp_class_border_is_drawn_without_a_white_seam(page, server):
    """Between classes the network is sure of, a border sharper than one cell of the map's grid
    showed as a white dotted seam: the few cells whose centres lay on it (p near 1/2) were faded
    alone. They take the colour of their sure neighbours now, as strong as theirs; a region of
    doubt wider than a cell still fades toward white."""
    open_page(page, server)
    choose_drawn(page)
    page.wait_for_function("() => window.neuralab.frame")
    seen = page.evaluate(SR_SHARP_BORDER)
    assert len(seen["border"]) > 20
    assert max(seen["border"]) < 120, seen           # strong colour (a faded cell: 190 and more)
    assert seen["doubt"] > 170, seen                  # pale


def sr_open(page, server, state):
    """The page with `state` in its link, its network drawn and laid out."""
    open_page(page, server, state)
    units = ",".join(str(b["units"]) for b in state["layers"] if b["type"] == "dense")
    wait_scene(page, f"s.state.layers.filter((l) => l.type === 'dense').map((l) => l.units).join() === '{units}'")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


# Each link's hit path followed in 24 steps: [test id, the neurons (test ids) whose map a step
# falls inside (2 px in from its edges)]; those of the links that cross a neuron.
SR_LINKS_ACROSS = """() => {
    const svg = document.querySelector('svg.links').getBoundingClientRect();
    const maps = [...document.querySelectorAll('#network .neuron')].map((n) => [n.dataset.testid, n.querySelector('.thumb').getBoundingClientRect()]);
    const out = [];
    for (const p of document.querySelectorAll('path.link-hit')) {
        const length = p.getTotalLength(), crossed = new Set();
        for (let k = 0; k <= 24; k++) {
            const q = p.getPointAtLength((k / 24) * length), x = q.x + svg.left, y = q.y + svg.top;
            for (const [id, r] of maps) if (x > r.left + 2 && x < r.right - 2 && y > r.top + 2 && y < r.bottom - 2) crossed.add(id);
        }
        if (crossed.size) out.push([p.dataset.testid, [...crossed]]);
    }
    return out;
}"""


def sr_dense(units, activation="tanh", i=0):
    return {"id": f"w{i}", "type": "dense", "units": units, "activation": activation}


def test_a_wide_layer_shows_its_first_eight_neurons_full_size_and_no_link_across_one(page, server):
    """Past 8 neurons a layer was drawn in sub-columns of small maps (12: 18 px), the links into its
    later sub-columns running across the neurons of its first. It shows its first 8 neurons in one
    column now, at the size of any layer's, and a "+k more" tile that says the rest train too; no
    link crosses a neuron, and the panel is no taller than with 8 and the tile."""
    sr_open(page, server, {"layers": [sr_dense(8), sr_dense(2, i=1)]})
    eight = page.evaluate("() => document.getElementById('network').getBoundingClientRect().height")
    sr_open(page, server, {"layers": [sr_dense(12), sr_dense(2, i=1)]})
    expect(page.locator("#network .neuron[data-testid^='neuron-0-']")).to_have_count(8)
    tile = page.get_by_test_id("more-units-0")
    expect(tile).to_have_text("+4 more")
    expect(tile).to_have_attribute("title", re.compile("train as the first 8 do"))
    sizes = page.evaluate("""() => [...document.querySelectorAll('#network .neuron .thumb')].map((t) =>
        Math.round(t.getBoundingClientRect().width))""")
    assert len(set(sizes)) == 1 and sizes[0] >= 36, sizes
    assert page.evaluate("() => document.getElementById('network').getBoundingClientRect().height") <= eight + 40
    assert page.evaluate(SR_LINKS_ACROSS) == []
    expect(page.locator("path.link-hit[data-testid^='link-0-']")).to_have_count(8 * 2)
    expect(page.locator("path.link-hit[data-testid^='link-2-']")).to_have_count(2 * 8)
    # digits: 17 neurons, a BatchNorm block's units beside them, then 12: the same, at each block
    sr_open(page, server, {"dataset": {"name": "digits"}, "layers": [
        sr_dense(17, "relu"), {"id": "bn", "type": "batchnorm"}, sr_dense(12, i=1)]})
    expect(page.get_by_test_id("more-units-0")).to_have_text("+9 more")
    expect(page.get_by_test_id("more-units-2")).to_have_text("+9 more")    # the BatchNorm block's units
    expect(page.locator("#network .dot")).to_have_count(8)
    assert page.evaluate(SR_LINKS_ACROSS) == []


def test_a_regression_shows_its_predictions_against_the_actual_values(page, server):
    """The Evaluation panel showed a confusion matrix for classes and nothing for a regression. It
    plots a regression's predicted values against the actual ones of the test part now, under the
    line y = x, R² in its title (the board's test R²), and the map's notice off the plane points
    at it."""
    open_page(page, server, {"dataset": {"name": "plane"}})
    sr_train(page, 2)
    title = page.get_by_test_id("predicted-title")
    expect(title).to_have_text(re.compile(r"^Predicted against actual \(test; 200 points\) · R² = "))
    r2 = float(title.inner_text().rsplit("= ", 1)[1])
    assert abs(r2 - float(page.get_by_test_id("acc-test").inner_text())) <= 0.002
    expect(page.get_by_test_id("confusion")).to_be_hidden()
    drawn = page.evaluate("""() => { const c = document.querySelector('[data-testid=predicted-actual]');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 100) n++; return [c.getBoundingClientRect().width, n]; }""")
    assert drawn[0] >= 200 and drawn[1] > 2000, drawn
    # a CSV of many columns with a number to predict: off the plane, the notice points at the plot
    page.evaluate("""() => window.neuralab.send({ type: 'upload_csv', filename: 'cols.csv', target: 'y', task: 'regression',
        text: 'a,b,c,y\\n' + Array.from({ length: 60 }, (_, i) => `${i % 7},${i % 5},${i % 3},${(i % 7) * 2 + (i % 5)}`).join('\\n') })""")
    wait_scene(page, "s.dataset.name === 'csv' && !s.dataset.is_2d")
    expect(page.locator(".output .not2d")).to_contain_text("see the predicted values against the actual ones below")
    expect(title).to_contain_text("Predicted against actual (test;")


def test_the_pictures_title_names_the_dataset_as_the_page_does(page, server, tmp_path):
    """⤓ PNG's title said "neuralab playground · breast_cancer · epoch 0", the protocol's name; it
    says "Breast cancer", as the page's sentences (and the picture's own notice under it) do."""
    page.add_init_script(RECORD_PICTURE)
    open_page(page, server, {"dataset": {"name": "breast_cancer"}})
    download(page, "download-png", tmp_path)
    texts = [t["text"] for t in page.evaluate("() => window.picture.texts")]
    assert texts[0] == "neuralab playground · Breast cancer · epoch 0", texts[:3]


def test_a_schedule_the_library_warns_of_is_said_on_the_page(page, server):
    """step:10:2 makes the learning rate grow (a halving written as its inverse): the library warns
    of it, and the page said nothing. Its warning shows in the page's banner of warnings, as the
    data's do, in the library's words; a schedule that decays takes it down with its scene."""
    open_page(page, server)
    box = page.get_by_test_id("schedule")
    box.fill("step:10:2")
    box.press("Enter")
    banner = page.get_by_test_id("error")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Warning: StepLR: gamma=2 is above 1, so the lr is multiplied by 2 every 10 steps and grows")
    expect(banner).to_contain_text("gamma=0.5 divides the lr by 2")
    box.fill("step:10:0.5")
    box.press("Enter")
    wait_scene(page, "s.state.hparams.schedule === 'step:10:0.5'")
    expect(banner).to_be_hidden()
