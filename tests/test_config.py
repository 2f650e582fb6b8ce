"""`[tool.guides]` in pyproject.toml, and inline suppression with `# guides: ignore[CODE] 原因`.

The fixture catalogue is a copy of the real 市场监管 folder. Its 食品经营许可 promises 5 of the
statutory 10 working days (50 % compression): quiet at the default target of 30 %, a T207 warning
at a target of 60 %.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import GUIDES, line_of, mutate

SHIPIN = "guides/shichang/shipin-jingying-xuke.yaml"
PROMISED_VALUE = "    value: 5\n"  # the first "value: 5" of the file is time_limit.promised.value


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(GUIDES / "shichang", tmp_path / "guides" / "shichang")
    return tmp_path


def configure(root: Path, settings: str) -> None:
    (root / "pyproject.toml").write_text(f"[project]\nname = \"demo\"\n\n[tool.guides]\n{settings}\n", encoding="utf-8")


def check(guides, root: Path, *paths: str, cwd: Path | None = None):
    run = guides("check", *(paths or (SHIPIN,)), "--format", "json", cwd=cwd or root)
    assert run.code in (0, 1), run.err
    return run


def codes(run) -> list[str]:
    return [d["code"] for d in run.diagnostics]


def promised_line(root: Path) -> int:
    return line_of(root / SHIPIN, PROMISED_VALUE.rstrip("\n"))


# -- thresholds and severities -------------------------------------------------------


def test_defaults_without_a_table(guides, root):
    run = check(guides, root)
    assert codes(run) == [] and run.code == 0


def test_compression_target_changes_t207(guides, root):
    configure(root, "compression-target = 0.6")
    run = check(guides, root)
    [d] = run.diagnostics
    assert (d["code"], d["severity"], d["line"]) == ("T207", "warning", promised_line(root))
    assert "低于 60% 的目标" in d["message"] and run.code == 0
    configure(root, "compression-target = 0.5")  # exactly 50 %: meets the target
    assert "T207" not in codes(check(guides, root))


def test_severity_override_makes_a_warning_an_error(guides, root):
    configure(root, 'compression-target = 0.6\nseverity = { T207 = "error" }')
    run = check(guides, root)
    [d] = run.diagnostics
    assert (d["code"], d["severity"]) == ("T207", "error")
    assert run.code == 1 and run.json["summary"]["errors"] == 1


@pytest.mark.parametrize("settings", ['ignore = ["T207"]', 'ignore = ["t2"]', 'select = ["C", "X"]', 'ignore = "T207"'])
def test_select_and_ignore_by_code_or_prefix(guides, root, settings):
    configure(root, f"compression-target = 0.6\n{settings}")
    run = check(guides, root)
    assert "T207" not in codes(run) and run.code == 0


def test_select_keeps_the_selected_rule(guides, root):
    configure(root, 'compression-target = 0.6\nselect = ["T"]')
    assert codes(check(guides, root)) == ["T207"]


def test_per_path_ignores(guides, root):
    configure(root, 'compression-target = 0.6\n[tool.guides.per-path-ignores]\n"guides/shichang/shipin-*.yaml" = ["T207"]')
    assert "T207" not in codes(check(guides, root))
    configure(root, 'compression-target = 0.6\n[tool.guides.per-path-ignores]\n"guides/minzheng/*" = ["T207"]')
    assert "T207" in codes(check(guides, root))


def test_per_path_ignores_are_relative_to_the_pyproject_folder(guides, root):
    configure(root, 'compression-target = 0.6\n[tool.guides.per-path-ignores]\n"guides/shichang/*" = ["T"]')
    run = check(guides, root, "shichang/shipin-jingying-xuke.yaml", cwd=root / "guides")  # run from a subfolder
    assert "T207" not in codes(run)


def test_stale_days_reaches_the_rules(root, monkeypatch):
    from validator.check.config import load_config
    from validator.check.registry import default_rules
    from validator.check.run import check_paths
    from validator.rules.base import Context

    seen: list[int] = []

    def spy(guide, context: Context):
        seen.append(context.stale_days)
        return ()

    configure(root, "stale-days = 30")
    monkeypatch.chdir(root)
    check_paths([SHIPIN], load_config(), rules=default_rules().replacing("T207", spy))
    assert seen == [30]


@pytest.mark.parametrize("settings, words", [
    ("colour = true", "不认识的设置：colour"),
    ('severity = { T207 = "fatal" }', "只能是"),
    ('severity = { T20 = "error" }', "「T20」不是可以配置的代码"),
    ('ignore = ["T270"]', "「T270」不是可以配置的代码或代码前缀"),
    ('ignore = ["S001"]', "格式检查"),
    ("compression-target = 30", "0 到 1 之间的小数"),
    ('stale-days = "一年"', "应为正整数"),
    ("select = [1, 2]", "应为代码列表"),
    ("[tool.guides.per-path-ignores]\n\"guides/*\" = [\"Q9\"]", "「Q9」"),
])
def test_bad_settings_are_usage_errors_in_chinese(guides, root, settings, words):
    configure(root, settings)
    run = guides("check", SHIPIN, cwd=root)
    assert run.code == 2 and words in run.err and "pyproject.toml" in run.err
    assert "Traceback" not in run.err


def test_unreadable_pyproject_is_a_usage_error(guides, root):
    (root / "pyproject.toml").write_text("[tool.guides\n", encoding="utf-8")
    run = guides("check", SHIPIN, cwd=root)
    assert run.code == 2 and "无法读取" in run.err


# -- inline suppression ----------------------------------------------------------------


REASON = "现场核查须等申请人约定时间，县政务办同意按 5 个工作日承诺"


@pytest.fixture
def strict(root: Path) -> Path:
    configure(root, "compression-target = 0.6")
    return root


@pytest.mark.parametrize("placement", ["end of line", "line above"])
def test_marker_suppresses_and_is_listed(guides, strict, placement):
    marker = f"# guides: ignore[T207] {REASON}"
    if placement == "end of line":
        mutate(strict / SHIPIN, PROMISED_VALUE, f"    value: 5  {marker}\n")
    else:
        mutate(strict / SHIPIN, PROMISED_VALUE, f"    {marker}\n{PROMISED_VALUE}")
    run = check(guides, strict)
    assert run.diagnostics == [] and run.code == 0
    [waved] = run.json["suppressed"]
    assert (waved["code"], waved["line"], waved["reason"]) == ("T207", promised_line(strict), REASON)
    assert waved["path"] == SHIPIN and "message" in waved
    assert run.json["summary"] == {"files": 1, "errors": 0, "warnings": 0, "suppressed": 1}

    text = guides("check", SHIPIN, cwd=strict).out
    assert "已忽略" in text and REASON in text and "T207" in text and "已按标记忽略 1 条" in text


def test_marker_for_another_code_does_not_suppress(guides, strict):
    mutate(strict / SHIPIN, PROMISED_VALUE, f"    value: 5  # guides: ignore[T201] {REASON}\n")
    run = check(guides, strict)
    assert sorted(codes(run)) == ["G002", "T207"] and run.json["suppressed"] == []


def test_marker_without_reason_is_an_error_and_does_not_suppress(guides, strict):
    mutate(strict / SHIPIN, PROMISED_VALUE, "    value: 5  # guides: ignore[T207]\n")
    run = check(guides, strict)
    line = promised_line(strict)
    assert sorted((d["code"], d["severity"], d["line"]) for d in run.diagnostics) == [
        ("G001", "error", line), ("T207", "warning", line)]
    g001 = next(d for d in run.diagnostics if d["code"] == "G001")
    assert g001["column"] == len("    value: 5  ") + 1
    assert run.json["suppressed"] == [] and run.code == 1


def test_marker_where_nothing_fires_is_a_warning(guides, root):
    # the default target: T207 does not fire, and the file has no other finding at all
    mutate(root / SHIPIN, PROMISED_VALUE, f"    value: 5  # guides: ignore[T207] {REASON}\n")
    run = check(guides, root)
    [d] = run.diagnostics
    assert (d["code"], d["severity"], d["line"]) == ("G002", "warning", promised_line(root))
    assert "T207" in d["message"] and run.code == 0 and run.json["suppressed"] == []


def test_marker_problems_follow_the_configuration(guides, root):
    mutate(root / SHIPIN, PROMISED_VALUE, f"    value: 5  # guides: ignore[T207] {REASON}\n")
    configure(root, 'ignore = ["G002"]')
    assert codes(check(guides, root)) == []
    configure(root, 'severity = { G002 = "error" }')
    run = check(guides, root)
    assert [(d["code"], d["severity"]) for d in run.diagnostics] == [("G002", "error")] and run.code == 1


def test_marker_with_an_unknown_code_says_so(guides, root):
    mutate(root / SHIPIN, PROMISED_VALUE, f"    value: 5  # guides: ignore[T270] {REASON}\n")
    [d] = check(guides, root).diagnostics
    assert d["code"] == "G002" and "T270 不是检查代码" in d["message"]


# -- suppression as data: the guide's `ignore` element (survives the web editor and `guides fmt`) --


def ignore_entry(root: Path, code: str, element: str | None, reason: str | None) -> None:
    lines = [f"  - code: {code}"] + ([f"    element: {element}"] if element is not None else []) + (
        [f"    reason: {reason}"] if reason is not None else [])
    path = root / SHIPIN
    path.write_text(path.read_text(encoding="utf-8") + "ignore:\n" + "\n".join(lines) + "\n", encoding="utf-8")


def test_an_ignore_entry_suppresses_by_element_and_is_listed(guides, strict):
    ignore_entry(strict, "T207", "time_limit.promised", REASON)
    run = check(guides, strict)
    assert run.diagnostics == [] and run.code == 0
    [waved] = run.json["suppressed"]
    assert (waved["code"], waved["element"], waved["reason"]) == ("T207", "time_limit.promised", REASON)
    assert "已按标记忽略 1 条" in guides("check", SHIPIN, cwd=strict).out


def test_an_ignore_entry_elsewhere_or_for_another_code_does_not_suppress(guides, strict):
    ignore_entry(strict, "T207", "time_limit.statutory", REASON)
    run = check(guides, strict)
    assert sorted(codes(run)) == ["G002", "T207"] and run.json["suppressed"] == []
    g002 = next(d for d in run.diagnostics if d["code"] == "G002")
    assert "time_limit.statutory" in g002["message"] and g002["element"] == "ignore[1]"
    assert g002["line"] == line_of(strict / SHIPIN, "  - code: T207")


def test_an_ignore_entry_with_an_empty_reason_is_an_error_and_does_not_suppress(guides, strict):
    ignore_entry(strict, "T207", "time_limit.promised", '""')
    run = check(guides, strict)
    assert {"G001", "T207"} <= set(codes(run)) and run.json["suppressed"] == [] and run.code == 1


def test_an_ignore_entry_with_an_unknown_code_says_so(guides, root):
    ignore_entry(root, "T270", "time_limit.promised", REASON)
    [d] = check(guides, root).diagnostics
    assert d["code"] == "G002" and "T270 不是检查代码" in d["message"]


def test_migrate_moves_markers_into_the_data_and_waves_through_the_same(guides, strict):
    mutate(strict / SHIPIN, PROMISED_VALUE, f"    value: 5  # guides: ignore[T207] {REASON}\n")
    before = check(guides, strict).json["suppressed"]
    run = guides("migrate", "guides", cwd=strict)
    assert run.code == 0 and "已把 guides/shichang/shipin-jingying-xuke.yaml 的忽略标记移到 ignore 要素中" in run.out
    text = (strict / SHIPIN).read_text(encoding="utf-8")
    assert "# guides:" not in text and f"ignore:\n  - code: T207\n    element: time_limit.promised\n    reason: {REASON}\n" in text
    after = check(guides, strict).json["suppressed"]
    assert [(s["code"], s["element"], s["reason"]) for s in after] == [(s["code"], s["element"], s["reason"]) for s in before]
    assert guides("fmt", "--check", SHIPIN, cwd=strict).code == 0  # written in the canonical layout


def test_migrate_leaves_a_file_whose_marker_waves_nothing_through(guides, root):
    mutate(root / SHIPIN, PROMISED_VALUE, f"    value: 5  # guides: ignore[T207] {REASON}\n")
    before = (root / SHIPIN).read_bytes()
    run = guides("migrate", "guides", cwd=root)
    assert run.code == 1 and "G002" in run.out and (root / SHIPIN).read_bytes() == before
