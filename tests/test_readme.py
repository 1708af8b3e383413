"""Every Python sample of README.md and of docs/*.md runs as written, and prints what it promises.

A sample's line `print(...)  # about 0.97` is a promise: that line prints a number that close to
0.97 (within 0.015, or 2 % of a number written with an exponent, such as 1.3e-05). So is any
other comment on a `print(...)` line that runs once: `print(list(same.evaluate(iris)))  # ['loss',
'f1']: the metric names are saved too` prints what the comment shows before its first ": " (a
dict's comment: up to its closing brace), spaces aside, "..." standing for any text. A block of
comments `# prints ...` (its lines continued by comments indented under it) and a ```text block
right after the sample show lines the sample prints, in that order: each line whole (a dict's: up
to its closing brace).

The `neuralab` commands of the ```sh blocks parse as the command reads them, and every `--option`
the pages name is one of its options.
"""
import builtins
import re
import shlex
import sys
from pathlib import Path

import pytest

import neuralab
from neuralab import nn, optim
from neuralab.cli import _build_parser
from neuralab.cli.train_options import DEFAULT_LR
from neuralab.io import TORCH_EXPORTERS

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
NUMBER = r"-?\d+\.\d+(?:e-?\d+)?"


def _readme_samples(page):
    """Each sample of ``page``: its code, and the ```text block right after it ("" if none)."""
    return re.findall(r"```python\n(.*?)```(?:\s*```text\n(.*?)```)?", page.read_text(), flags=re.S)


SAMPLES = [(page, index, code, shown) for page in PAGES for index, (code, shown) in enumerate(_readme_samples(page), 1)]


def _readme_sample_id(sample):
    page, index, _, _ = sample
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


def _readme_commands(page):
    """The arguments of each ``neuralab`` command in ``page``'s ```sh blocks (a line ended by "\\"
    continued on the next, a "#" comment left out)."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", page.read_text(), flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0].endswith("/neuralab"):
                commands.append(words[1:])
    return commands


def test_readme_commands_parse_as_the_neuralab_command_reads_them(capsys):
    # a learner copies `.venv/bin/neuralab train ... --schedule step:5:0.5`: an option renamed or a
    # choice gone would stop the copy at its first word
    parser, refused = _build_parser(), []
    for page in PAGES:
        for argv in _readme_commands(page):
            try:
                unknown = parser.parse_known_args(argv)[1]
            except SystemExit:
                unknown = [capsys.readouterr().err.strip()]
            if unknown:
                refused.append(f"{page.name}: neuralab {' '.join(argv)}: {unknown}")
    assert sum(map(len, map(_readme_commands, PAGES))) >= 10
    assert refused == []


def test_readme_names_only_options_the_neuralab_command_has():
    # the prose names options too (`--class-weight balanced`, `--dtype float64`)
    parser = _build_parser()
    options = {option for command in parser.commands.values() for action in command._actions
               for option in action.option_strings}
    named = {(page.name, option) for page in PAGES for option in re.findall(r"(?<![\w-])--[a-z][\w-]*", page.read_text())}
    assert sorted(pair for pair in named if pair[1] not in options) == []


def _readme_anchors(page):
    """GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as '-'."""
    headings = re.findall(r"^#+ (.*)$", page.read_text(), flags=re.M)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("sample", SAMPLES, ids=_readme_sample_id)
def test_readme_sample_runs(sample, tmp_path, monkeypatch, capsys):
    page, index, code, shown = sample
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
    for number, line in enumerate(code.splitlines(), 1):
        about = re.match(rf"\s*print\(.*# about ({NUMBER})", line)
        if about:   # a number that line printed (any of its runs in a loop), not another line's
            said = "\n".join(by_line.get(number, []))
            claim = about[1]
            assert any(_readme_close(float(n), claim) for n in re.findall(NUMBER, said)), \
                f"line {number}: # about {claim}, printed:\n{said}"
        comment = re.match(r"\s*print\(.*?\)\s+#\s?(.*)$", line)
        if comment and not comment[1].startswith("about") and len(by_line.get(number, [])) == 1:
            promise = _readme_promise(comment[1])
            assert _readme_shows(by_line[number][0], promise), f"line {number}: # {comment[1]}, printed:\n{by_line[number][0]}"
    missing = _readme_unprinted(_readme_shown_lines(code, shown), out)
    assert missing is None, f"shown as printed, in this order: {missing!r}; printed:\n{out}"


def _readme_shown_lines(code, shown):
    """The lines a sample shows that it prints: those of its ``# prints`` comments (a line
    continued by the comments indented under it) and of the ```text block ``shown`` after it."""
    lines = []
    for block in re.findall(r"^( *)# prints (.*\n(?:\1# {7,}.*\n)*)", code, flags=re.M):
        lines += [re.sub(r"^\s*#\s*", "", line) for line in block[1].splitlines()]
    lines = [_readme_promise(line) if line.startswith("{") else line for line in lines]
    return lines + [line for line in shown.splitlines() if line.strip()]


def _readme_unprinted(lines, out):
    """The first of ``lines`` that ``out`` does not print on a line of its own, after the lines
    before it (None when every one is printed, in that order)."""
    printed = iter(out.splitlines())
    for line in lines:
        if not any(_readme_shows(candidate, line) for candidate in printed):
            return line
    return None


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


def test_readme_shown_lines_check_catches_a_wrong_or_reordered_output():
    # the check above must be able to fail: a "# prints" block and a ```text block, as the pages write them
    code = ("print(1)\n# prints after 1000 steps: |w| 10.5\n#        after 10000 steps: |w| 17.1\n"
            "print(2)\n# prints {'lr 0.5': 0.08}: in 20 epochs\n")
    lines = _readme_shown_lines(code, "[0 1 1 0]\n")
    assert lines == ["after 1000 steps: |w| 10.5", "after 10000 steps: |w| 17.1", "{'lr 0.5': 0.08}", "[0 1 1 0]"]
    out = "after 1000 steps: |w| 10.5\nafter 10000 steps: |w| 17.1\n{'lr 0.5': 0.08}\n[0 1 1 0]\n"
    assert _readme_unprinted(lines, out) is None
    assert _readme_unprinted(lines[::-1], out) == "{'lr 0.5': 0.08}"
    assert _readme_unprinted(["after 1000 steps: |w| 10.6"], out) == "after 1000 steps: |w| 10.6"


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
