"""The standardization assessment as a page: a ranked table and bar charts drawn as inline SVG."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..wording.escape import escape
from . import blocks

if TYPE_CHECKING:  # the assessment is computed by the caller; this module only draws it
    from ..report.assessment import Assessment, Figures

_BAR_HEIGHT, _ROW, _LABEL, _WIDTH = 18, 26, 210, 300  # label room for 示例县清河镇柳树村村民委员会


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def dashboard_page(assessment: Assessment) -> str:
    ranked = [f for f in assessment.departments if f.items]
    # 完整度, what the ranking is by, next to the name: readable without scrolling the table sideways on a phone.
    rows = [[str(f.rank) if f.rank else "", escape(f.name), _percent(f.mean_completeness), str(f.items), _percent(f.immediate_rate),
             _percent(f.online_rate), _percent(f.zero_visit_rate), _percent(f.at_most_one_visit_rate), _percent(f.basis_validity),
             str(f.warnings)]
            for f in (*ranked, assessment.total)]
    table = ('<div class="dashboard-table" markdown>\n\n'
             + blocks.table(["排名", "部门", "完整度", "事项", "即办率", "网办率", "零跑腿", "最多跑一次", "依据有效", "警告"], rows)
             + "\n\n</div>")
    return blocks.page(
        "标准化考核",
        "# 标准化考核",
        "各部门办事指南的标准化情况，按完整度排名。比率以在用事项为分母；依据有效率是设定依据中现行有效、所引条款存在的比例；"
        "完整度衡量必填和建议填写要素的填写情况。",
        table,
        "## 完整度",
        _bars(ranked, lambda f: f.mean_completeness, "各部门办事指南完整度"),
        "## 全程网办率",
        _bars(ranked, lambda f: f.online_rate, "各部门全程网办率"),
    )


def _bars(rows: list[Figures], value: Callable[[Figures], float | None], title: str) -> str:
    """A horizontal bar chart; the numbers are also written out, so colour is never the only cue."""
    height = _ROW * len(rows) + 4
    parts = [f'<figure class="bar-chart"><svg role="img" aria-label="{escape(title)}" viewBox="0 0 {_LABEL + _WIDTH + 60} {height}" '
             f'width="100%" preserveAspectRatio="xMinYMin meet">']
    for n, figures in enumerate(rows):
        share = value(figures) or 0.0
        y = n * _ROW + 4
        parts.append(f'<text x="{_LABEL - 8}" y="{y + 14}" text-anchor="end" class="bar-chart__label">{escape(figures.name)}</text>'
                     f'<rect x="{_LABEL}" y="{y}" width="{_WIDTH * share:.1f}" height="{_BAR_HEIGHT}" class="bar-chart__bar"></rect>'
                     f'<text x="{_LABEL + _WIDTH * share + 6:.1f}" y="{y + 14}" class="bar-chart__value">{_percent(value(figures))}</text>')
    parts.append("</svg></figure>")
    return "".join(parts)
