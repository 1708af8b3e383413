"""Every Python sample in the README runs as written."""
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
SAMPLES = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def test_readme_has_samples():
    assert len(SAMPLES) >= 2


@pytest.mark.parametrize("index", range(len(SAMPLES)))
def test_readme_sample_runs(index, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    exec(compile(SAMPLES[index], f"README.md sample {index + 1}", "exec"), {"__name__": "__readme__"})
    out = capsys.readouterr().out
    assert out.strip()  # each sample prints what it shows
    printed = [float(n) for n in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", out)]
    for claim in re.findall(r"^print\(.*# about (-?\d+\.\d+)", SAMPLES[index], flags=re.M):
        # "# about 0.97" after a print is a promise: the sample prints a number that close to it
        assert any(abs(n - float(claim)) <= 0.015 for n in printed), f"# about {claim}, printed:\n{out}"
