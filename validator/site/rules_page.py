"""The page listing every diagnostic code, generated from the registry (`guides rules` shows the same)."""

from __future__ import annotations

from ..check.registry import all_codes
from ..diagnostics import CodeDoc
from ..wording.escape import escape
from . import blocks

_STAGES = (("load", "读取文件"), ("schema", "对照标准"), ("rules", "业务规则"))


def rules_page(codes: list[CodeDoc] | None = None) -> str:
    codes = all_codes() if codes is None else codes
    parts = [
        "# 检查规则",
        "提交或修改办事指南时，检查程序（`guides check`）逐项检查下列内容。"
        "“错误”会阻止发布，必须改正；“警告”提示可以改进的地方，不影响发布。",
        blocks.table(["代码", "级别", "检查什么"],
                     [[f"[{c.code}](#{c.code.lower()})", c.severity.word, escape(c.title)] for c in codes]),
    ]
    for stage, title in _STAGES:
        found = [c for c in codes if c.stage == stage]
        if found:
            parts.append(f"## {title}")
            parts += [_code(c) for c in found]
    return blocks.page("检查规则", *parts)


def _code(doc: CodeDoc) -> str:
    parts = [f"### {doc.code} {escape(doc.title)} {{#{doc.code.lower()}}}",
             f"**级别**：{doc.severity.word}", escape(doc.explanation)]
    for label, example in (("错误示例", doc.bad), ("正确写法", doc.good)):
        if example:
            parts.append(f"{label}：\n\n```yaml\n{example.text.rstrip()}\n```")
    return "\n\n".join(parts)
