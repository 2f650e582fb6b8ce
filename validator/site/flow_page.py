"""权力运行流程图: each item's 办理流程 on a standalone printable A4 page, with a swim lane per body.

The steps run top to bottom as on the guide page; each sits in the lane of who does it. A step's actor
that is the guide's 受理, 决定 or 承办机构 (the bodies of issue 12) gets that role on its lane's heading,
so the chart shows where an application passes from one body to the next; an actor the guide names in
no body keeps its own name as a lane. Drawn here as inline SVG for the same reasons as the guide's chart
(flowchart.py): offline, printable, a few kilobytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from ..model import Catalogue, Guide, Step
from ..spool import Spooled
from ..wording import facts
from ..wording.escape import escape
from . import markup, paths
from .flowchart import _wrap
from .stored import Whole, of_model

FOLDER = "flow"
LANE, BOX, GAP, LINE, PAD = 150, 130, 24, 18, 8
CHARS = 7  # CJK characters at 14 px in a 130 px box


def flow_page(guide: Guide) -> str:
    return f"{FOLDER}/{guide.id}.md"


def _actor(step: Step) -> str:
    return step.actor or "未注明"  # a partial guide's step may lack one


def lanes(guide: Guide) -> list[tuple[str, str]]:
    """(role, actor) of each lane, in the order the steps first reach them; role "" where the guide names none."""
    roles = {}
    for role, name in (("决定机构", guide.bodies.deciding), ("承办机构", guide.bodies.handling), ("受理机构", guide.bodies.accepting)):
        if name:
            roles[name] = "、".join(filter(None, (role, roles.get(name))))  # one body may accept and decide
    out: dict[str, str] = {}
    for step in guide.process:
        actor = _actor(step)
        out.setdefault(actor, "申请人" if actor == "申请人" else roles.get(actor, ""))
    return list((role, actor) for actor, role in out.items())


def swimlane_chart(guide: Guide) -> str:
    columns = lanes(guide)
    column = {actor: n for n, (_, actor) in enumerate(columns)}
    width = LANE * max(1, len(columns))
    headings = [[*(_wrap(role, CHARS + 2) if role and role != actor else []), *_wrap(actor, CHARS + 2)][:3] for role, actor in columns]
    head = PAD * 2 + LINE * max((len(h) for h in headings), default=1)  # as tall as the longest lane heading
    parts, y, previous = [f'<path d="M0 {head}H{width}" class="swimlane__lane"></path>'], head + GAP, None
    for n, heading in enumerate(headings):
        x = n * LANE
        parts.append(f'<rect x="{x}" y="0" width="{LANE}" height="@H" class="swimlane__lane"></rect>')
        parts += [f'<text x="{x + LANE // 2}" y="{PAD + LINE * (k + 1) - 4}" class="swimlane__head">{escape(line)}</text>'
                  for k, line in enumerate(heading)]
    for number, step in enumerate(guide.process, 1):
        lines = _wrap(f"{number}. {step.name}", CHARS)
        if step.duration is not None:
            lines += _wrap(facts.duration_text(step.duration), CHARS + 1)
        height = PAD * 2 + LINE * len(lines)
        x = column[_actor(step)] * LANE + (LANE - BOX) // 2
        if previous is not None:  # an arrow from the previous box's bottom, across lanes with an elbow
            px, py = previous
            mid = y - GAP // 2
            parts.append(f'<path d="M{px} {py}V{mid}H{x + BOX // 2}V{y - 3}" class="swimlane__arrow"></path>'
                         f'<path d="M{x + BOX // 2 - 5} {y - 9}L{x + BOX // 2} {y - 2}L{x + BOX // 2 + 5} {y - 9}" class="swimlane__arrow"></path>')
        parts.append(f'<rect x="{x}" y="{y}" width="{BOX}" height="{height}" rx="6" class="swimlane__box"></rect>')
        parts += [f'<text x="{x + BOX // 2}" y="{y + PAD + LINE * (k + 1) - 4}" class="swimlane__step">{escape(line)}</text>'
                  for k, line in enumerate(lines)]
        previous = (x + BOX // 2, y + height)
        y += height + GAP
    label = escape("权力运行流程图：" + " → ".join(f"{s.name}（{s.actor}）" for s in guide.process), one_line=True)
    body = "".join(parts).replace('height="@H"', f'height="{y}"')
    return (f'<figure class="swimlane"><svg role="img" aria-label="{label}" viewBox="0 0 {width} {y}" '
            f'width="{width}" height="{y}">{body}</svg></figure>')


def flow_files(catalogue: Catalogue, stored: Whole | None = None, models: Mapping[str, str] | None = None) -> dict[str, str | Spooled]:
    """One page per item with steps. `stored(key, make)`: a page as an earlier build made it, where all it reads (the
    guide's model: `models`, its open data's digest by guide id, and its department's name) is the same."""
    files: dict[str, str | Spooled] = {}
    for guide in catalogue.guides:
        if not guide.process:
            continue
        page = flow_page(guide)
        department = catalogue.departments.get(guide.department)
        name = department.name if department else guide.department
        make = partial(_page, guide, page, name)
        files[page] = of_model(stored, models, guide.id, "flow", [page, name], make)
    return files


def _page(guide: Guide, page: str, department: str) -> str:
    steps = markup.numbered(f"{escape(s.name)}（{escape(s.actor)}）" + (f"：{escape(s.description)}" if s.description else "")
                            for s in guide.process)
    return markup.page(  # HTML: one page per item, as many as the guide pages
        f"{escape(guide.name, one_line=True)}权力运行流程图", markup.heading(1, escape(guide.name)), markup.para(markup.strong("权力运行流程图")),
        markup.para(f"实施主体：{escape(department)}　事项类型：{escape(guide.type)}　"
                    f"办理时限：{escape(facts.time_text(guide))}　" + markup.link(paths.url_href(page, paths.guide_page(guide)), "办事指南")),
        swimlane_chart(guide), steps, searchable=False)
