"""The page knows which datasets the server generates (static/datasets.js: their sliders,
the downloaded script's data line, the trace's note of standardised inputs) as protocol.py lists
them; a dataset added on one side only fails here."""
import re
from pathlib import Path

from neuralab.play import protocol

SCRIPT = (Path(protocol.__file__).parent / "static" / "datasets.js").read_text()


def test_the_pages_generated_datasets_are_the_servers():
    listed = re.search(r"export const GENERATED = new Set\(\[(.*?)\]\);", SCRIPT).group(1)
    assert tuple(re.findall(r"'([^']+)'", listed)) == protocol.GENERATED
