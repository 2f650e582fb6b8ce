"""`guides fmt` and the editor's save: one canonical layout, byte for byte (validator/authoring/canonical.py and
validator/editor/assets/canonical.mjs)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from validator.authoring.canonical import dump, order
from validator.check.loader import load
from validator.spreadsheet.yaml_out import same

from .conftest import GUIDES, ROOT

NODE_DRIVER = ROOT / "tests" / "js" / "canonical.mjs"
FIXTURES = sorted((ROOT / "tests" / "fixtures").rglob("*.yaml"))
SAMPLES = sorted(GUIDES.rglob("*.yaml"))

# Texts at the edges of YAML's plain scalars: each must be written so that every reader reads it back as text.
TRICKY = ["yes", "No", "on", "y", "~", "null", "true", "0x1F", "0o17", "010", "1e3", "1_000", "12:30", "+1", "-1", ".5", ".inf",
          "2026-11-16", "2026-1-6 10:00", "000712603000", "11369921MB1A01002N4000712603000", "0891-1234567", "a: b", "a #b",
          "a#b", "#x", "ends:", "- item", "-", "?", "[x]", "{x}", "*ref", "&a", "!tag", "|", ">", "'q'", '"q"', "%x", "@x", "`x",
          " lead", "trail ", "\u3000全角空格开头", "结尾全角空格\u3000", "", "tab\there", "back\\slash", "abc：def", "name：值",
          "多行\n文字", "多行\n\n中间空行", "结尾换行\n", "\n开头换行", "  缩进\n第二行", "第一行\n  缩进的第二行", "行尾空格 \n第二行",
          "第一行\nname：值", "第一行\n\u3000全角缩进", "控制\x07字符", "\u2028分隔", "\ufeffBOM", "\x85NEL", "٣", "²", "𠀀生僻字",
          "很长的一段文字" * 40, "<<", "="]


def python_texts(jobs: list[dict[str, Any]]) -> list[str]:
    return [dump(load("x.yaml", job["source"].encode()).data if "source" in job else job["data"], job["order"], job["ref"])
            for job in jobs]


def editor_texts(jobs: list[dict[str, Any]]) -> list[str]:
    node = shutil.which("node")
    assert node, "网页编辑的测试需要 Node.js（.ci/run 会安装）"
    assert (ROOT / "node_modules" / "yaml").is_dir(), "网页编辑的测试需要先运行 npm ci（.ci/run 会运行）"
    done = subprocess.run([node, str(NODE_DRIVER)], input=json.dumps(jobs), capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def kind(path: Path) -> str:
    return "department" if path.name == "_department.yaml" else "guide"


def test_every_sample_and_fixture_saves_byte_for_byte_as_guides_fmt_writes_it():
    files = SAMPLES + FIXTURES
    jobs = [{"source": path.read_text(encoding="utf-8"), "order": order(kind(path)), "ref": "../../schema/x.json"} for path in files]
    python, editor = python_texts(jobs), editor_texts(jobs)
    for path, ours, theirs in zip(files, python, editor, strict=True):
        assert theirs == ours, path
    assert len(files) > 40


def test_texts_at_yaml_edges_are_written_alike_and_read_back_as_the_same_text():
    data = {"name": "边界", "summary": TRICKY[0], "aliases": TRICKY, "faq": [{"q": text, "a": text} for text in TRICKY],
            "visits": 0, "online": {"depth": "全程网办", "note": None}, "delivery": {"express": True, "appointment": False},
            "related": [], "bodies": {}, "unknown_key": {"b": 1, "a": [1, -2]}, "yes": "键也要加引号"}
    job = {"data": data, "order": order("guide"), "ref": "../../schema/guide.schema.json"}
    (ours,), (theirs,) = python_texts([job]), editor_texts([job])
    assert theirs == ours
    assert same(load("x.yaml", ours.encode()).data, data)
    assert '"yes": 键也要加引号' in ours and "  - 多行\n" not in ours
    assert 'summary: "yes"' in ours and '  - "2026-11-16"' in ours and "  - 11369921MB1A01002N4000712603000\n" in ours
    assert "  - |-\n    多行\n    文字\n" in ours  # a text of several lines: a literal block


def test_fmt_writes_the_canonical_layout_and_keeps_the_data(guides, tmp_path: Path):
    folder = tmp_path / "guides" / "gongan"
    folder.mkdir(parents=True)
    shutil.copy(GUIDES / "gongan" / "_department.yaml", folder)
    target = folder / "jumin-shenfenzheng-huanling.yaml"
    original = (GUIDES / "gongan" / "jumin-shenfenzheng-huanling.yaml").read_text(encoding="utf-8")
    loose = original.replace("# yaml-language-server: $schema=../../schema/guide.schema.json\n", "")
    loose = loose.replace("aliases:\n  - 换身份证\n  - 身份证到期\n  - 身份证过期\n  - 身份证换证\n",
                          "aliases: [换身份证, 身份证到期, 身份证过期, 身份证换证]\n")
    loose = loose.replace("type: 行政确认\nlevel: 县级\n", "level: 县级\ntype: 行政确认\n").replace('basic_code: "000712603000"', "basic_code: '000712603000'")
    assert loose != original
    target.write_text(loose, encoding="utf-8")
    assert guides("fmt", str(tmp_path / "guides"), "--check").code == 1
    assert guides("fmt", str(tmp_path / "guides")).code == 0
    written = target.read_text(encoding="utf-8")
    assert same(load("x", written.encode()).data, load("x", original.encode()).data)
    assert written.startswith("# yaml-language-server: $schema=")
    assert guides("fmt", str(tmp_path / "guides"), "--check").code == 0  # idempotent


def test_samples_are_in_the_canonical_layout(guides):
    run = guides("fmt", "--check", str(GUIDES))
    assert run.code == 0, run.out


def test_fmt_leaves_a_file_with_comments_alone_and_says_what_to_do(guides, tmp_path: Path):
    target = tmp_path / "guides" / "gongan" / "x.yaml"
    target.parent.mkdir(parents=True)
    text = (GUIDES / "gongan" / "jumin-shenfenzheng-huanling.yaml").read_text(encoding="utf-8")
    text = text.replace("level: 县级\n", "level: 县级  # 待县政务办确认\n").replace("visits: ", "# guides: ignore[O501] 须现场核验\nvisits: ")
    text = text.replace("name: 居民身份证换领", "name: 居民身份证换领#1")  # a # inside a value is text, not a comment
    target.write_text(text, encoding="utf-8")
    run = guides("fmt", str(target))
    assert run.code == 1
    assert target.read_text(encoding="utf-8") == text
    assert "待县政务办确认" in run.out and "guides migrate" in run.out and "#1" not in run.out
