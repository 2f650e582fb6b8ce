"""Materials: duplicates, legal basis, 减证便民 (data sharing instead of paper), referenced files that must exist
in the catalogue."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from ..boundary import inside, leaves
from ..diagnostics import Example, Severity
from ..model import Guide, Material
from .base import Context, Finding, guide_rule, phrases

OPTIONAL_BASE = "gongan/chusheng-dengji"  # 申报人居民身份证: 非必要, 由户主、亲属或者抚养人代替父母申报的
_NOISE = re.compile(r"[\s《》〈〉“”\"'‘’]")


def _normalised(name: str) -> str:
    """The same material written slightly differently: spaces, book-title marks, half- or full-width brackets."""
    return _NOISE.sub("", name).replace("(", "（").replace(")", "）")


@guide_rule("M801", "申请材料重复", Severity.ERROR, (
    "同一份材料在清单中出现两次，群众会以为要准备两份，窗口也无法按清单逐项收件。"
    "比较时忽略空格、书名号和全角/半角括号的差别。同一材料在不同情形下的要求，写在一项的 notes 中。"),
    reads=("materials[].name",),
    bad=Example("materials:\n  - name: 居民身份证\n  - name: 《居民身份证》", line=3),
    good=Example("materials:\n  - name: 居民身份证\n    notes: 委托办理的，另需提交受托人居民身份证。"))
def no_duplicate_materials(guide: Guide, context: Context) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for index, material in enumerate(guide.materials):
        key = _normalised(material.name)
        if key in seen:
            yield Finding(("materials", index, "name"),
                          f"材料「{material.name}」与第 {seen[key] + 1} 项「{guide.materials[seen[key]].name}」重复（本项是第 {index + 1} 项）。",
                          "删去重复的一项；不同情形下的不同要求，合并写在一项的 notes 中。")
        else:
            seen[key] = index


@guide_rule("M802", "申请材料没有依据", Severity.WARNING, (
    "每一项申请材料都应当有法律、法规、规章或规范性文件的依据（“没有依据的材料一律取消”）。"
    "写明依据，既便于审核清单，也让群众知道为什么要交这份材料。"),
    reads=("materials[].name", "materials[].basis"),
    bad=Example("materials:\n  - name: 经营场所使用证明\n    source: 申请人自备", line=2, drop=("materials[0].basis",)),
    good=Example("materials:\n  - name: 经营场所使用证明\n    source: 申请人自备\n    basis: 市场主体登记管理条例实施细则 第二十七条",
                 drop=("materials[0].basis",)))
def material_has_basis(guide: Guide, context: Context) -> Iterator[Finding]:
    for index, material in enumerate(guide.materials):
        if not material.basis:
            yield Finding(("materials", index, "name"), f"材料「{material.name}」没有写要求提供的依据（basis）。",
                          "补上 basis：法律法规名称和条款，例如「市场主体登记管理条例实施细则 第二十七条」；找不到依据的材料应当取消。")


@guide_rule("M803", "政府部门核发的材料仍要群众提交", Severity.WARNING, (
    "政府部门自己核发的证照和证明（户口簿、营业执照、不动产权证书、备案证明……），按“减证便民”的要求应当通过"
    "数据共享或电子证照库调取，不再让群众提交。能调取的，把 source 改为“电子证照调取”；确须提交原件的"
    "（换证时交回旧证、要在原证上加注、法律要求当面出示），或者已经通过共享免于提交的，在 notes 中写明，"
    "本规则看到这些说明（清单见 phrases.json 的 government_issued_reasons）就不再提示。"
    "当面出示核验的身份证件原件（居民身份证、户口簿、驾驶证、护照等，清单见 identity_documents）是核验本人身份，"
    "不是可以共享调取的材料，也不提示；要交复印件的仍然提示。"),
    reads=("materials[].name", "materials[].form", "materials[].source", "materials[].notes"),
    bad=Example("- name: 营业执照\n  source: 政府部门核发", into="materials", line=2),
    good=Example("- name: 营业执照\n  source: 电子证照调取\n  notes: 窗口通过电子证照库调取，无须提交。", into="materials"))
def government_issued_fetched_by_sharing(guide: Guide, context: Context) -> Iterator[Finding]:
    reasons = phrases()["government_issued_reasons"]
    for index, material in enumerate(guide.materials):
        if material.source != "政府部门核发" or shown_in_person(material):
            continue
        if material.notes and any(reason in material.notes for reason in reasons):
            continue
        yield Finding(("materials", index, "source"),
                      f"材料「{material.name}」由政府部门核发，却仍要申请人提交，也没有说明为什么不能共享调取。",
                      "能通过数据共享或电子证照库取得的，把 source 改为「电子证照调取」；确须提交原件的，在 notes 中写明原因（例如换证时交回旧证）。")


def shown_in_person(material: Material) -> bool:
    """An identity document whose original the applicant shows at the window (居民身份证, 驾驶证 …): who they are,
    not a paper the office could fetch. A copy to hand in is not shown in person."""
    return (material.form == "原件" and "复印件" not in material.name
            and any(document in material.name for document in phrases()["identity_documents"]))


def _file_refs(guide: Guide) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    for index, material in enumerate(guide.materials):
        if material.blank_form:
            yield ("materials", index, "blank_form"), material.blank_form, f"材料「{material.name}」的空白表格"
        if material.sample:
            yield ("materials", index, "sample"), material.sample, f"材料「{material.name}」的示例样表"
    if guide.result.sample:
        yield ("result", "sample"), guide.result.sample, f"结果「{guide.result.name}」的样本"


def _local_refs(guide: Guide) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """The referenced files kept in the repository (not https addresses)."""
    return ((path, ref, label) for path, ref, label in _file_refs(guide) if not ref.startswith("https://"))


@guide_rule("M804", "引用的文件不存在", Severity.ERROR, (
    "空白表格（materials[].blank_form）、示例样表（materials[].sample）和结果样本（result.sample）可以是 https 地址，"
    "也可以是仓库中的文件，路径相对于指南文件所在的文件夹。文件不存在，群众在网站上点开就是死链接。"),
    reads=("materials[].name", "materials[].blank_form", "materials[].sample", "result.name", "result.sample"),
    bad=Example("blank_form: files/shenqingshu.pdf  # 文件夹里没有这个文件", into="materials[0]"),
    good=Example("blank_form: files/shenqingshu.pdf  # 文件已提交到 guides/shichang/files/", into="materials[0]", files=("shichang/files/shenqingshu.pdf",)))
def referenced_files_exist(guide: Guide, context: Context) -> Iterator[Finding]:
    refs = list(_local_refs(guide))
    if not refs:  # most guides: no paths to build
        return
    folder = Path(guide.source).parent
    for path, ref, label in refs:
        if not (folder / ref).is_file():
            yield Finding(path, f"{label}「{ref}」不存在（按指南所在文件夹 {folder.as_posix()}/ 查找）。",
                          f"把文件放到 {(folder / ref).as_posix()}，或者改成正确的相对路径或 https 地址。")


@guide_rule("M806", "非必要材料没有说明何时需要", Severity.WARNING, (
    "“非必要”的材料只在某些情况下才要交。不写明什么情况下要，告知单上只印“（非必要）”，群众不知道自己要不要准备。"
    "用 when 写明需要它的办理情形，或者用 when_note 写明什么情况下需要（例如“委托他人代为申请的”），两者也可以都写。"),
    reads=("materials[].name", "materials[].necessity", "materials[].when", "materials[].when_note"),
    bad=Example("name: 申报人居民身份证\nnecessity: 非必要", into="materials[4]", line=2, base=OPTIONAL_BASE,
                drop=("materials[4].when_note", "related")),
    good=Example("name: 申报人居民身份证\nnecessity: 非必要\nwhen_note: 由户主、亲属或者抚养人代替父母申报的", into="materials[4]",
                 base=OPTIONAL_BASE, drop=("materials[4].when_note", "related")))
def optional_material_says_when(guide: Guide, context: Context) -> Iterator[Finding]:
    for index, material in enumerate(guide.materials):
        if material.necessity == "非必要" and not material.when and not material.when_note:
            yield Finding(("materials", index, "necessity"), f"材料「{material.name}」是非必要材料，但没有说明什么情况下需要提交。",
                          "用 when 写明需要它的办理情形（situations 中的选项），或者用 when_note 写明什么情况下需要，例如「委托他人代为申请的」。")
@guide_rule("M805", "引用的文件在目录之外", Severity.ERROR, (
    "空白表格、示例样表和结果样本会原样发布到网站上，因此只能是目录文件夹里的文件。路径用“../”走出了目录，"
    "或者文件（或它所在的文件夹）是指向目录之外的符号链接时，这个文件不会被读取和发布：它可能是服务器上的密钥或系统文件。"),
    reads=("materials[].name", "materials[].blank_form", "materials[].sample", "result.name", "result.sample"),
    bad=Example("blank_form: files/shenqingshu.pdf  # files/shenqingshu.pdf 是指向目录之外的符号链接", into="materials[0]",
                files=("shichang/files/shenqingshu.pdf",), outside=("shichang/files/shenqingshu.pdf",)),
    good=Example("blank_form: files/shenqingshu.pdf  # 文件本身已提交到 guides/shichang/files/", into="materials[0]",
                 files=("shichang/files/shenqingshu.pdf",)))
def referenced_files_stay_inside(guide: Guide, context: Context) -> Iterator[Finding]:
    refs = list(_local_refs(guide))
    if not refs:  # most guides: no paths to build
        return
    folder = Path(guide.source).parent
    boundary = context.root if inside(folder, context.root) else folder  # a draft outside the root: its own folder
    for path, ref, label in refs:
        target = folder / ref
        if _exists(target) and leaves(target, boundary):
            yield Finding(path, f"{label}「{ref}」指向目录文件夹之外（符号链接或“../”），不会读取，也不会发布。",
                          "把文件本身提交到指南所在的文件夹（如 files/ 下），不要用符号链接或“../”。")


def file_facts(guide: Guide) -> list[list[object]]:
    """What M804 and M805 read of the file system for this guide, for the check's stored results (check/result_cache.py):
    each local reference's target, whether it is a file, whether it exists, and where it really leads."""
    folder = Path(guide.source).parent
    facts: list[list[object]] = []
    for _, ref, _ in _local_refs(guide):
        target = folder / ref
        try:
            facts.append([ref, target.is_file(), _exists(target), os.path.realpath(target)])
        except ValueError:  # a NUL in the path: no such file, nowhere
            facts.append([ref, False, False, ""])
    return facts


def _exists(path: Path) -> bool:
    try:
        return os.path.lexists(path)
    except ValueError:  # a NUL in the path: no such file
        return False


RULES = (  # listed in check/registry.py
    no_duplicate_materials,
    material_has_basis,
    government_issued_fetched_by_sharing,
    referenced_files_exist,
    optional_material_says_when,
    referenced_files_stay_inside,
)
