"""Every Python sample of README.md and of docs/*.md runs as written, and prints what it promises.

A sample's line `print(...)  # about 0.97` is a promise: the sample prints a number that close to
0.97 (within 0.015, or 2 % of a number written with an exponent, such as 1.3e-05). So is any
other comment on a `print(...)` line that runs once: `print(list(same.evaluate(iris)))  # ['loss',
'f1']: the metric names are saved too` prints what the comment shows before its first ": " (a
dict's comment: up to its closing brace), spaces aside, "..." standing for any text.
"""
import builtins
import re
import sys
from pathlib import Path

import pytest

import neuralab
from neuralab import nn, optim
from neuralab.cli.train_options import DEFAULT_LR
from neuralab.io import TORCH_EXPORTERS

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
NUMBER = r"-?\d+\.\d+(?:e-?\d+)?"


def _readme_samples(page):
    return re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S)


SAMPLES = [(page, index, code) for page in PAGES for index, code in enumerate(_readme_samples(page), 1)]


def _readme_sample_id(sample):
    page, index, _ = sample
    return f"{page.relative_to(ROOT)}:{index}"


def _readme_close(printed, claim):
    value = float(claim)
    tolerance = 0.02 * abs(value) if "e" in claim.lower() else 0.015
    return abs(printed - value) <= tolerance


def test_readme_and_every_docs_page_with_code_have_samples():
    counts = {page.name: len(_readme_samples(page)) for page in PAGES}
    assert counts["README.md"] >= 2
    assert all(counts[name] >= 1 for name in ("data.md", "training.md", "metrics.md",
                                              "saving-and-loading.md", "plots.md", "own-layers.md")), counts


def test_readme_links_lead_to_files_and_headings_that_exist():
    # a link (docs/data.md, ../benchmarks/README.md, training.md#checking-gradients) whose file or
    # heading is gone leaves a newcomer at a dead end
    broken = []
    for page in PAGES:
        for target, anchor in re.findall(r"\]\(((?!https?:)[^)#]+)(?:#([^)]+))?\)", page.read_text()):
            linked = (page.parent / target).resolve()
            if not linked.is_file():
                broken.append(f"{page.name}: {target}")
            elif anchor and anchor not in _readme_anchors(linked):
                broken.append(f"{page.name}: {target}#{anchor}")
    assert broken == []


def _readme_anchors(page):
    """GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as '-'."""
    headings = re.findall(r"^#+ (.*)$", page.read_text(), flags=re.M)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("sample", SAMPLES, ids=_readme_sample_id)
def test_readme_sample_runs(sample, tmp_path, monkeypatch, capsys):
    page, index, code = sample
    monkeypatch.chdir(tmp_path)   # samples write their files (CSV, saved models, figures) here
    dtype, exporters = neuralab.get_default_dtype(), dict(TORCH_EXPORTERS)
    name = f"{page.name} sample {index}"
    by_line = {}   # the sample's line number -> what each print call on it printed
    try:
        exec(compile(code, name, "exec"), {"__name__": "__readme__", "print": _readme_printer(name, by_line)})
    finally:   # a sample that sets the default dtype or registers an exporter leaves no trace
        neuralab.set_default_dtype(dtype)
        TORCH_EXPORTERS.clear()
        TORCH_EXPORTERS.update(exporters)
    out = capsys.readouterr().out
    assert out.strip()  # each sample prints what it shows
    printed = [float(n) for n in re.findall(NUMBER, out)]
    for claim in re.findall(rf"^\s*print\(.*# about ({NUMBER})", code, flags=re.M):
        assert any(_readme_close(n, claim) for n in printed), f"# about {claim}, printed:\n{out}"
    for number, line in enumerate(code.splitlines(), 1):
        comment = re.match(r"\s*print\(.*?\)\s+#\s?(.*)$", line)
        if comment and not comment[1].startswith("about") and len(by_line.get(number, [])) == 1:
            promise = _readme_promise(comment[1])
            assert _readme_shows(by_line[number][0], promise), f"line {number}: # {comment[1]}, printed:\n{by_line[number][0]}"


def _readme_printer(name, by_line):
    """``print`` for the sample compiled as ``name``: prints, and keeps what each of the sample's
    own lines printed (a call from the library's code is only printed)."""
    def sample_print(*values, sep=" ", end="\n", file=None, flush=False):
        caller = sys._getframe(1)
        if file is None and caller.f_code.co_filename == name:
            by_line.setdefault(caller.f_lineno, []).append(sep.join(map(str, values)))
        builtins.print(*values, sep=sep, end=end, file=file, flush=flush)
    return sample_print


def _readme_promise(comment):
    """What a print line's comment says it prints: up to its first ": ", or a dict whole."""
    if not comment.startswith("{"):
        return comment.split(": ")[0]
    depth = 0
    for end, char in enumerate(comment, 1):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return comment[:end]
    return comment


def _readme_spaced(text):
    """``text`` with its runs of spaces and newlines as one space and none inside brackets'
    edges: NumPy pads ``[[216   4]\n [  7  15]]``, a comment writes ``[[216 4] [7 15]]``."""
    text = re.sub(r"\s+", " ", text.strip())
    return re.sub(r" ([\])])", r"\1", re.sub(r"([\[(]) ", r"\1", text))


def _readme_shows(printed, promise):
    """Whether ``printed`` starts with ``promise``, spaces aside, "..." standing for any text."""
    pattern = ".*?".join(re.escape(_readme_spaced(part)) for part in promise.split("..."))
    return re.match(pattern, _readme_spaced(printed), flags=re.S) is not None


def test_readme_print_comment_check_catches_a_wrong_output():
    # the check above must be able to fail: a loaded model's metrics were promised wrongly here
    assert not _readme_shows("['loss', 'f1']", _readme_promise("['loss', 'accuracy']: metric names are not saved"))
    assert _readme_shows("['loss', 'f1']", _readme_promise("['loss', 'f1']: the metric names are saved too"))
    assert _readme_shows("[[216   4]\n [  7  15]]", "[[216 4] [7 15]]")
    assert _readme_shows("{'loss': 0.07731, 'accuracy': 0.97}", _readme_promise("{'loss': 0.0773..., 'accuracy': 0.97}"))
    assert not _readme_shows("{'loss': 0.0812, 'accuracy': 0.97}", _readme_promise("{'loss': 0.0773..., 'accuracy': 0.97}"))


def test_readme_about_check_catches_a_wrong_number():
    # the check above must be able to fail: a printed 0.80 does not keep "# about 0.97"
    assert not any(_readme_close(n, "0.97") for n in [0.80, 0.95])
    assert _readme_close(0.965, "0.97") and _readme_close(1.31e-05, "1.3e-05")
    assert not _readme_close(1.3e-04, "1.3e-05")


# the rows of README's table of default learning rates: a label, then the optimizers' names, in
# groups separated by "; " in the cells where the groups' learning rates differ
_README_LR_ROWS = {
    'SGD; with momentum (`"momentum"`, `"nesterov"`)': [["sgd"], ["momentum", "nesterov"]],
    "Adam, AdamW": [["adam", "adamw"]],
    "RMSProp": [["rmsprop"]],
    "Adagrad": [["adagrad"]],
}


def _readme_lr_cell(groups, lr_of):
    """One cell of the table: each group's learning rate (one number for all its names), the
    groups' joined by "; " unless they are the same."""
    values = []
    for names in groups:
        rates = {name: lr_of(name) for name in names}
        assert len(set(rates.values())) == 1, f"one cell of README's table holds differing rates: {rates}"
        values.append(f"{rates[names[0]]:g}")
    return "; ".join(dict.fromkeys(values))


def test_readme_gives_the_learning_rates_each_way_of_asking_for_an_optimizer_gets():
    # an optimizer made as an object (torch's defaults), by name in fit (optim.get: Keras's 0.01
    # for SGD) and by neuralab train (its own): three defaults a reader cannot guess
    readme = (ROOT / "README.md").read_text()
    params = nn.Dense(2, 1).parameters
    for label, groups in _README_LR_ROWS.items():
        as_object = _readme_lr_cell(groups, lambda name: optim.OPTIMIZERS[name][0](params()).lr)
        by_name = _readme_lr_cell(groups, lambda name: optim.get(name, params()).lr)
        command = _readme_lr_cell(groups, DEFAULT_LR.get)
        assert f"| {label} | {as_object} | {by_name} | {command} |" in readme
