"""The 办理流程 as a flow chart drawn at build time: inline SVG, one box per step, top to bottom.

Not Mermaid: material loads Mermaid (2.7 MB) from unpkg.com at view time, and when that host
cannot be reached (offline, or blocked) the failed load also stops material's search from
starting on that page. A guide's process is a straight line of steps, so the layout is simple
enough to draw here; the chart then works offline, prints, and costs a few hundred bytes.
The numbered steps below the chart say the same for screen readers.
"""

from __future__ import annotations

import unicodedata

from ..model import Guide
from ..wording.escape import escape

WIDTH, BOX_WIDTH, GAP, LINE, PAD = 320, 280, 26, 20, 10
CHARS_PER_LINE = 13  # CJK characters at 16 px in a 280 px box, with padding


def _wrap(text: str, limit: int = CHARS_PER_LINE) -> list[str]:
    """Break into lines of about `limit` full-width characters (half-width ones count half)."""
    lines, line, used = [], "", 0.0
    for char in text:
        width = 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.55
        if used + width > limit and line:
            lines.append(line)
            line, used = "", 0.0
        line += char
        used += width
    return [*lines, line] if line else lines


def flowchart(guide: Guide) -> str:
    boxes = []
    y = 0
    x = (WIDTH - BOX_WIDTH) // 2
    for number, step in enumerate(guide.process, 1):
        title = _wrap(f"{number}. {step.name}")
        actor = _wrap(step.actor, CHARS_PER_LINE + 3)
        height = PAD * 2 + LINE * (len(title) + len(actor))
        texts = [f'<text x="{WIDTH // 2}" y="{y + PAD + LINE * (n + 1) - 5}" class="flowchart__{kind}">{escape(line)}</text>'
                 for n, (kind, line) in enumerate([*(("step", t) for t in title), *(("actor", a) for a in actor)])]
        boxes.append(f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{height}" rx="8" class="flowchart__box"></rect>' + "".join(texts))
        y += height
        if number < len(guide.process):
            middle = WIDTH // 2
            boxes.append(f'<path d="M{middle} {y + 2}V{y + GAP - 4}" class="flowchart__arrow"></path>'
                         f'<path d="M{middle - 6} {y + GAP - 10}L{middle} {y + GAP - 2}L{middle + 6} {y + GAP - 10}" class="flowchart__arrow"></path>')
            y += GAP
    label = escape("办理流程图：" + " → ".join(step.name for step in guide.process), one_line=True)
    return (f'<figure class="flowchart"><svg role="img" aria-label="{label}" viewBox="0 0 {WIDTH} {y}" '
            f'width="{WIDTH}" height="{y}">{"".join(boxes)}</svg></figure>')
