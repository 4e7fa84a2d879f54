"""Page furniture: counters, credits, share buttons, bylines and the teasers after them."""
from __future__ import annotations

from pathlib import Path

import pytest

from ru_govdigest import Document

CASES = Path(__file__).parent / "data" / "furniture.txt"


def _cases():
    blocks, current = [], []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line == "===":
            blocks.append(current)
            current = []
        elif line:
            current.append((line[0] == "F", line[2:]))
    blocks.append(current)
    return blocks


@pytest.mark.parametrize("block", _cases(), ids=lambda b: b[0][1][:30])
def test_furniture_lines(block):
    doc = Document.from_text("\n".join(text for _, text in block))
    flagged = {doc.lines[s.line] for s in doc.sentences if s.furniture}
    for index, (is_furniture, text) in enumerate(block):
        assert (doc.lines[index] in flagged) == is_furniture, text
