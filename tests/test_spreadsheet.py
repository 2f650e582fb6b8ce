"""`guides export` / `guides import`: the 实施清单 workbook, its round trip, and every cell it cannot map."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from validator.check.loader import load

from .conftest import GUIDES, ROOT

TEMPLATE = ROOT / "templates" / "实施清单模板.xlsx"


# -- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """A copy of the sample catalogue with its schema folder, as a department repository has them; 取水许可's
    suppression written as the older comment marker, which an import carries along (the `ignore` element stays as data)."""
    shutil.copytree(GUIDES, tmp_path / "guides")
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    target = tmp_path / "guides" / "shuili" / "qushui-xuke.yaml"
    text = target.read_text(encoding="utf-8")
    entry = text[text.index("\nignore:\n"):]
    reason = entry.split("reason: ", 1)[1].strip()
    text = text.replace(entry, "\n").replace("    - name: 征求县住房和城乡建设局意见\n",
                                             f"    # guides: ignore[T206] {reason}\n    - name: 征求县住房和城乡建设局意见\n")
    target.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def sample_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`guides export` of the sample catalogue, made once through the CLI; each test edits its own copy."""
    from validator.cli.main import main

    folder = tmp_path_factory.mktemp("export")
    shutil.copytree(GUIDES, folder / "guides")
    shutil.copytree(ROOT / "schema", folder / "schema")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        assert main(["export", "清单.xlsx"]) == 0
    return folder / "清单.xlsx"


@pytest.fixture
def exported(catalogue: Path, sample_workbook: Path) -> Path:
    shutil.copy(sample_workbook, catalogue / "清单.xlsx")
    return catalogue / "清单.xlsx"


def data_of(path: Path) -> Any:
    return load(str(path), path.read_bytes()).data


def strict(value: Any) -> Any:
    """Data with each scalar's type made visible, so that True ≠ 1 and 1 ≠ "1" in comparisons."""
    if isinstance(value, dict):
        return {k: strict(v) for k, v in value.items()}
    if isinstance(value, list):
        return [strict(v) for v in value]
    return (type(value).__name__, value)


def yaml_files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*.yaml"))}


def column_of(ws: Any, header: str) -> int:
    for cell in ws[1]:
        if cell.value == header:
            return cell.column
    raise AssertionError(f"no column {header!r} in {ws.title}")


def rows_of(ws: Any, folder: str, slug: str | None = None) -> list[int]:
    """Rows whose key columns name this department folder (and file name)."""
    department, file = column_of(ws, "部门文件夹"), (column_of(ws, "文件名") if slug else None)
    return [r for r in range(2, ws.max_row + 1)
            if ws.cell(r, department).value == folder and (file is None or ws.cell(r, file).value == slug)]


def edit(path: Path, change) -> None:
    book = load_workbook(path)
    change(book)
    book.save(path)


def nothing_written(folder: Path) -> bool:
    return not folder.exists() or not any(folder.rglob("*.yaml"))


# -- round trip ------------------------------------------------------------------------------


def test_export_then_import_gives_back_every_guide_and_profile(guides, catalogue: Path, exported: Path) -> None:
    out = catalogue / "imported"
    run = guides("import", "清单.xlsx", "--out", "imported", cwd=catalogue)
    assert run.code == 0, run.out + run.err
    originals, written = yaml_files(catalogue / "guides"), yaml_files(out)
    assert written.keys() == originals.keys()  # today 28 guides and 11 department profiles
    assert len(originals) >= 39
    for name, path in originals.items():  # the workbook has no place for the tool's own data (`ignore`)
        assert strict(data_of(written[name])) == strict({k: v for k, v in data_of(path).items() if k != "ignore"}), name
    # the written files carry the editor's schema line, pointing at the real schema
    first = (out / "shichang" / "getihu-sheli-dengji.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (out / "shichang" / first.split("=", 1)[1]).resolve() == (catalogue / "schema" / "guide.schema.json").resolve()
    # and the import ran the normal check over them
    assert f"检查了 {len(originals)} 个文件" in run.out
    assert guides("fmt", "--check", "imported", cwd=catalogue).code == 0  # in the canonical layout, as the editor writes


def test_the_workbook_holds_one_row_per_item_and_per_list_entry(exported: Path) -> None:
    book = load_workbook(exported)
    datas = {p: data_of(p) for p in GUIDES.rglob("*.yaml") if p.name != "_department.yaml"}
    assert book["事项"].max_row - 1 == len(datas)
    assert book["部门"].max_row - 1 == len(list(GUIDES.glob("*/_department.yaml")))
    assert book["申请材料"].max_row - 1 == sum(len(d["materials"]) for d in datas.values())
    assert book["设定依据"].max_row - 1 == sum(len(d["basis"]) for d in datas.values())
    # text stays text: a phone number, a code with leading zeros, a date
    items = book["事项"]
    row = rows_of(items, "shichang", "getihu-sheli-dengji")[0]
    assert items.cell(row, column_of(items, "基本编码")).value == "000131128000"
    assert items.cell(row, column_of(items, "更新日期")).value == "2026-10-15"
    assert items.cell(row, column_of(items, "基本编码")).number_format == "@"
    assert items.cell(row, column_of(items, "服务对象")).value == "自然人"
    assert items.cell(row, column_of(items, "收费·是否收费")).value == "否"
    assert items.cell(row, column_of(items, "办理时限·法定办结时限·数值")).value == 3


def test_the_workbook_has_dropdowns_notes_and_a_frozen_header(exported: Path) -> None:
    book = load_workbook(exported)
    materials = book["申请材料"]
    medium = get_column_letter(column_of(materials, "材料形式"))
    rules = [v for v in materials.data_validations.dataValidation if str(v.sqref).startswith(f"{medium}2:")]
    assert len(rules) == 1 and rules[0].type == "list"
    sheet, cells = rules[0].formula1.split("!")
    listed = [c.value for row in book[sheet.strip("'")][cells.replace("$", "")] for c in row]
    assert listed == ["纸质", "电子", "纸质或电子"]  # the schema's enum of materials[].medium
    assert book[sheet.strip("'")].sheet_state == "hidden"
    assert "纸质材料的份数" in materials.cell(1, column_of(materials, "份数")).comment.text
    assert materials.freeze_panes == "C2"
    assert book["事项"].freeze_panes == "C2"


def test_reimporting_an_unchanged_workbook_touches_nothing(guides, catalogue: Path, exported: Path) -> None:
    before = {name: p.read_bytes() for name, p in yaml_files(catalogue / "guides").items()}
    run = guides("import", "清单.xlsx", cwd=catalogue)
    assert run.code == 0, run.out + run.err
    assert f"{len(before)} 个文件内容相同未改动" in run.err
    # comments, including the `# guides: ignore[…]` markers, are still there
    assert {name: p.read_bytes() for name, p in yaml_files(catalogue / "guides").items()} == before


def _set_visits(book: Workbook, visits: int) -> None:
    items = book["事项"]
    row = rows_of(items, "shuili", "qushui-xuke")[0]
    items.cell(row, column_of(items, "到办事现场次数")).value = visits


def test_a_changed_file_is_not_overwritten_without_force(guides, catalogue: Path, exported: Path) -> None:
    target = catalogue / "guides" / "shuili" / "qushui-xuke.yaml"
    before = target.read_bytes()
    edit(exported, lambda book: _set_visits(book, 0))

    refused = guides("import", "清单.xlsx", cwd=catalogue)
    assert refused.code == 1
    assert "guides/shuili/qushui-xuke.yaml（变化：visits；1 个忽略标记会保留）" in refused.out
    assert target.read_bytes() == before

    forced = guides("import", "清单.xlsx", "--force", cwd=catalogue)
    assert data_of(target)["visits"] == 0
    assert "覆盖 1 个" in forced.err


def _markers() -> int:
    """The sample catalogue's suppressions (`ignore` entries; one a marker in `catalogue`): each waves through one finding."""
    return sum(len(data_of(p).get("ignore", [])) for p in GUIDES.rglob("*.yaml"))


def test_ignore_markers_survive_an_overwrite(guides, catalogue: Path, exported: Path) -> None:
    target = catalogue / "guides" / "shuili" / "qushui-xuke.yaml"
    lines = target.read_text(encoding="utf-8").splitlines()
    marker = next(i for i, line in enumerate(lines) if "# guides: ignore[T206]" in line)
    item = lines[marker + 1]
    # the same marker at the end of the line it applies to, the other form a reviewer may write
    lines[marker: marker + 2] = [item + "  " + lines[marker].strip()]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    edit(exported, lambda book: _set_visits(book, 0))

    run = guides("import", "清单.xlsx", "--force", "--out", "guides", cwd=catalogue)
    text = target.read_text(encoding="utf-8")
    assert item.strip() + "  # guides: ignore[T206]" in text
    assert "T206" not in run.out.split("已忽略")[0]  # still suppressed, not reported
    assert f"已按标记忽略 {_markers()} 条" in run.out


def _remove_procedure(book: Workbook, word: str) -> None:
    procedures = book["特别程序"]
    name = column_of(procedures, "程序名称")
    row = next(r for r in rows_of(procedures, "shuili", "qushui-xuke") if word in procedures.cell(r, name).value)
    procedures.delete_rows(row)


def test_a_marker_moves_with_its_list_item(guides, catalogue: Path, exported: Path) -> None:
    edit(exported, lambda book: _remove_procedure(book, "专家评审"))  # the item above the marked one
    run = guides("import", "清单.xlsx", "--force", cwd=catalogue)
    lines = (catalogue / "guides" / "shuili" / "qushui-xuke.yaml").read_text(encoding="utf-8").splitlines()
    marker = next(i for i, line in enumerate(lines) if "# guides: ignore[T206]" in line)
    assert "征求县住房和城乡建设局意见" in lines[marker + 1]
    assert "G002" not in run.out and f"已按标记忽略 {_markers()} 条" in run.out


def test_a_marker_whose_element_is_gone_is_reported_lost(guides, catalogue: Path, exported: Path) -> None:
    edit(exported, lambda book: _remove_procedure(book, "征求"))
    run = guides("import", "清单.xlsx", "--force", cwd=catalogue)
    assert "1 个忽略标记所标的内容已不存在，会丢失" not in run.out  # with --force nothing is refused
    assert "qushui-xuke.yaml 原有的 1 个忽略标记（所标的内容已不存在）" in run.err
    assert "# guides: ignore" not in (catalogue / "guides" / "shuili" / "qushui-xuke.yaml").read_text(encoding="utf-8")


def test_a_workbook_resaved_by_a_spreadsheet_application_imports_the_same(guides, catalogue: Path, exported: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("需要 LibreOffice（apt-get install libreoffice-calc-nogui）")
    resaved = catalogue / "resaved"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{catalogue}/lo-profile", "--calc",
                    "--convert-to", "xlsx", "--outdir", str(resaved), str(exported)], check=True, capture_output=True, timeout=120)
    run = guides("import", "resaved/清单.xlsx", "--out", "imported", cwd=catalogue)
    assert run.code == 0, run.out + run.err
    for name, path in yaml_files(catalogue / "guides").items():
        assert strict(data_of(catalogue / "imported" / name)) == strict(data_of(path)), name


# -- the template ------------------------------------------------------------------------------


def _content(path: Path) -> dict[str, Any]:
    book = load_workbook(path)
    return {ws.title: {
        "state": ws.sheet_state,
        "values": [[c.value for c in row] for row in ws.iter_rows()],
        "notes": [c.comment.text if c.comment else None for c in ws[1]],
        "validations": sorted((str(v.sqref), v.type, v.formula1) for v in ws.data_validations.dataValidation),
    } for ws in book.worksheets} | {"sheets": book.sheetnames}


def test_the_shipped_template_is_current(guides, tmp_path: Path) -> None:
    run = guides("export", "--template", "模板.xlsx", cwd=tmp_path)
    assert run.code == 0, run.err
    assert _content(tmp_path / "模板.xlsx") == _content(TEMPLATE), "重新生成：guides export --template templates/实施清单模板.xlsx --force"


def test_the_template_has_a_place_for_every_element_of_the_schemas() -> None:
    import json

    book = load_workbook(TEMPLATE)
    places = {part for ws in book.worksheets for c in ws[1] if c.value for part in c.value.split("·")} | set(book.sheetnames)

    def titles(node: Any, schema: dict[str, Any]) -> set[str]:
        if "$ref" in node:
            node = {**schema["$defs"][node["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in node.items() if k != "$ref"}}
        found = set()
        for child in node.get("properties", {}).values():
            if child.get("$ref") == "#/$defs/ignore":  # the tool's data (`x-tool`), not an element of the standard
                continue
            if "properties" not in child:  # a group (咨询与投诉) shows as its members
                found.add(child.get("title") or schema["$defs"][child["$ref"].rsplit("/", 1)[1]]["title"])
            found |= titles(child, schema)
        if isinstance(node.get("items"), dict):
            found |= titles(node["items"], schema)
        return found

    for name in ("guide.schema.json", "department.schema.json"):
        schema = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
        missing = titles(schema, schema) - places
        assert not missing, f"{name}: {missing}"
    assert {"事项", "申请材料", "设定依据", "部门"} <= set(book.sheetnames)
    assert book.active.title == "事项"


def test_an_empty_template_imports_nothing(guides, tmp_path: Path) -> None:
    shutil.copy(TEMPLATE, tmp_path / "t.xlsx")
    run = guides("import", "t.xlsx", "--out", "out", cwd=tmp_path)
    assert run.code == 1 and "没有任何事项" in run.err
    assert nothing_written(tmp_path / "out")


# -- a new item typed by a clerk ---------------------------------------------------------------------


def test_a_new_item_without_a_file_name_gets_a_pinyin_one_and_its_rows(guides, catalogue: Path, exported: Path) -> None:
    def add(book: Workbook) -> None:
        items, materials = book["事项"], book["申请材料"]
        row = items.max_row + 1
        source = rows_of(items, "shichang", "getihu-sheli-dengji")[0]
        for column in range(1, items.max_column + 1):
            items.cell(row, column).value = items.cell(source, column).value
        items.cell(row, column_of(items, "文件名")).value = None
        items.cell(row, column_of(items, "事项名称")).value = "居民身份证换领"
        items.cell(row, column_of(items, "部门文件夹")).value = "县市场监管局"  # the short name works too
        items.cell(row, column_of(items, "更新日期")).value = dt.datetime(2026, 11, 1)  # an Excel date cell
        for number in rows_of(materials, "shichang", "getihu-sheli-dengji"):
            new = materials.max_row + 1
            for column in range(1, materials.max_column + 1):
                materials.cell(new, column).value = materials.cell(number, column).value
            materials.cell(new, column_of(materials, "文件名")).value = "居民身份证换领"  # the item's name as its key
    edit(exported, add)
    run = guides("import", "清单.xlsx", "--out", "new", cwd=catalogue)
    assert "按事项名称生成：shichang/jumin" in run.err
    written = [p for p in (catalogue / "new" / "shichang").glob("jumin*.yaml")]
    assert len(written) == 1
    data = data_of(written[0])
    assert data["name"] == "居民身份证换领" and data["updated"] == "2026-11-01"
    assert [m["name"] for m in data["materials"]] == [m["name"] for m in data_of(GUIDES / "shichang" / "getihu-sheli-dengji.yaml")["materials"]]


def test_merged_key_cells_apply_to_every_row_they_cover(guides, catalogue: Path, exported: Path) -> None:
    def merge(book: Workbook) -> None:
        materials = book["申请材料"]
        rows = rows_of(materials, "shichang", "getihu-sheli-dengji")
        for column in (1, 2):
            for row in rows[1:]:
                materials.cell(row, column).value = None
            letter = get_column_letter(column)
            materials.merge_cells(f"{letter}{rows[0]}:{letter}{rows[-1]}")
    edit(exported, merge)
    run = guides("import", "清单.xlsx", "--out", "imported", cwd=catalogue)
    assert run.code == 0, run.out
    name = "shichang/getihu-sheli-dengji.yaml"
    assert strict(data_of(catalogue / "imported" / name)) == strict(data_of(GUIDES / name))


# -- cells it cannot map: every problem named by sheet, cell and header; nothing written ---------------------


def _problem_run(guides, catalogue: Path, exported: Path, change) -> Any:
    edit(exported, change)
    run = guides("import", "清单.xlsx", "--out", "out", cwd=catalogue)
    assert run.code == 1, run.out + run.err
    assert "没有写入任何文件" in run.out
    assert nothing_written(catalogue / "out")
    return run


def test_a_value_outside_the_enum_names_the_cell_and_the_choices(guides, catalogue: Path, exported: Path) -> None:
    where = {}

    def change(book: Workbook) -> None:
        materials = book["申请材料"]
        column = column_of(materials, "材料形式")
        materials.cell(7, column).value = "纸质版"
        where["cell"] = f"申请材料!{get_column_letter(column)}7（材料形式）"
    run = _problem_run(guides, catalogue, exported, change)
    assert f"{where['cell']}：「纸质版」不是允许的值" in run.out
    assert "可选：纸质、电子、纸质或电子" in run.out and "您是不是要写「纸质」" in run.out


def test_a_word_where_a_number_belongs(guides, catalogue: Path, exported: Path) -> None:
    def change(book: Workbook) -> None:
        book["申请材料"].cell(3, column_of(book["申请材料"], "份数")).value = "两份"
        book["事项"].cell(2, column_of(book["事项"], "收费·是否收费")).value = "免费"
    run = _problem_run(guides, catalogue, exported, change)
    assert "（份数）：应为整数，单元格中是「两份」" in run.out
    assert "（收费·是否收费）：「免费」不是「是」或「否」" in run.out


def test_an_unknown_column_header_suggests_the_right_one(guides, catalogue: Path, exported: Path) -> None:
    def change(book: Workbook) -> None:
        book["申请材料"].cell(1, column_of(book["申请材料"], "填报须知")).value = "填报需知"
    run = _problem_run(guides, catalogue, exported, change)
    assert "不认识的列「填报需知」" in run.out and "您是不是要写「填报须知」" in run.out


def test_a_material_row_for_no_item(guides, catalogue: Path, exported: Path) -> None:
    def change(book: Workbook) -> None:
        materials = book["申请材料"]
        for row in rows_of(materials, "shichang", "getihu-sheli-dengji"):
            materials.cell(row, column_of(materials, "文件名")).value = "getihu-sheli-dengj"
    run = _problem_run(guides, catalogue, exported, change)
    assert "「shichang」「getihu-sheli-dengj」与「事项」表中的任何事项都对不上" in run.out
    assert "您是不是要写「getihu-sheli-dengji」" in run.out
    assert run.out.count("对不上") == 1  # one problem for all four rows of the renamed item


def test_a_duplicate_item_and_an_unknown_department(guides, catalogue: Path, exported: Path) -> None:
    def change(book: Workbook) -> None:
        items = book["事项"]
        first, second = rows_of(items, "shichang")[:2]
        items.cell(second, column_of(items, "文件名")).value = items.cell(first, column_of(items, "文件名")).value
        items.cell(rows_of(items, "shuili")[0], column_of(items, "部门文件夹")).value = "shuli"
    run = _problem_run(guides, catalogue, exported, change)
    assert f"重复，第 {first_row(exported)} 行已经有了" in run.out
    assert "部门「shuli」既不在「部门」表中" in run.out and "您是不是要写「shuili」" in run.out


def first_row(path: Path) -> int:
    return rows_of(load_workbook(path)["事项"], "shichang")[0]


def test_a_missing_sheet_and_an_unknown_one(guides, catalogue: Path, exported: Path) -> None:
    def change(book: Workbook) -> None:
        del book["常见问题"]
        book.create_sheet("常见问答")["A1"] = "问题"
    run = _problem_run(guides, catalogue, exported, change)
    assert "工作表「常见问题」：缺少这个工作表" in run.out
    assert "工作表「常见问答」：不认识这个工作表" in run.out and "您是不是要写「常见问题」" in run.out


def test_a_code_that_excel_turned_into_a_number(guides, catalogue: Path, exported: Path) -> None:
    def change(book: Workbook) -> None:
        book["事项"].cell(2, column_of(book["事项"], "基本编码")).value = 131128000  # 000131128000 typed into a General cell
    run = _problem_run(guides, catalogue, exported, change)
    assert "（基本编码）：单元格是数字 131128000" in run.out and "开头的 0" in run.out


# -- files that are not workbooks, and export's own refusals -------------------------------------------


@pytest.mark.parametrize(("content", "expected"), [
    ("事项名称,基本编码\n个体工商户设立登记,000131128000\n".encode(), "不是 xlsx 文件"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "旧版 Excel（.xls）"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 120 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 360, "设置了打开密码"),
    (b"PK\x05\x06" + b"\0" * 18, "无法作为 xlsx 文件打开"),  # an empty zip
])
def test_a_file_that_is_not_a_readable_workbook_is_a_usage_error(guides, tmp_path: Path, content: bytes, expected: str) -> None:
    (tmp_path / "清单.xlsx").write_bytes(content)
    run = guides("import", "清单.xlsx", "--out", "out", cwd=tmp_path)
    assert run.code == 2 and expected in run.err and "Traceback" not in run.err
    assert nothing_written(tmp_path / "out")


def test_export_refuses_to_overwrite_a_workbook(guides, catalogue: Path, exported: Path) -> None:
    before = exported.read_bytes()
    run = guides("export", "清单.xlsx", cwd=catalogue)
    assert run.code == 1 and "--force" in run.err
    assert exported.read_bytes() == before
    assert guides("export", "清单.xlsx", "--force", cwd=catalogue).code == 0


def test_export_refuses_a_catalogue_with_a_file_it_cannot_read(guides, catalogue: Path) -> None:
    (catalogue / "guides" / "shichang" / "broken.yaml").write_text("name: [未闭合\n", encoding="utf-8")
    run = guides("export", "清单.xlsx", cwd=catalogue)
    assert run.code == 1 and "broken.yaml" in run.err and "没有导出" in run.err
    assert not (catalogue / "清单.xlsx").exists()


def test_export_of_one_department(guides, catalogue: Path) -> None:
    run = guides("export", "市场.xlsx", "--department", "shichang", cwd=catalogue)
    assert run.code == 0, run.err
    book = load_workbook(catalogue / "市场.xlsx")
    assert {c.value for c in next(book["事项"].iter_cols(1, 1, 2))} == {"shichang"}
    assert book["部门"].max_row == 2


def test_a_row_deleted_from_the_workbook_leaves_its_file_and_says_so(guides, catalogue: Path, exported: Path) -> None:
    def remove(book: Workbook) -> None:
        for ws in book.worksheets:
            if ws.sheet_state == "visible" and "文件名" in [c.value for c in ws[1]]:
                for row in reversed(rows_of(ws, "gongan", "chusheng-dengji")):
                    ws.delete_rows(row)
    edit(exported, remove)
    run = guides("import", "清单.xlsx", cwd=catalogue)
    assert run.code == 0, run.out + run.err
    assert "表格中没有的 1 个已有文件保持不变" in run.err and "guides/gongan/chusheng-dengji.yaml" in run.err
    assert (catalogue / "guides" / "gongan" / "chusheng-dengji.yaml").exists()


def test_text_that_yaml_would_retype_is_written_so_it_loads_as_typed(guides, catalogue: Path, exported: Path) -> None:
    typed = {"数量限制": "NO", "审批结果·有效期": "1e3", "收费·收费说明": "第一行\n  note：第二行",
             "网上办理·网办说明": "@赣服通 #小程序: 搜索", "状态说明": "2024-01-01", "必须现场办理原因": "=须本人到场"}

    def change(book: Workbook) -> None:
        items = book["事项"]
        row = rows_of(items, "shichang", "getihu-sheli-dengji")[0]
        for header, text in typed.items():
            items.cell(row, column_of(items, header)).value = text
            items.cell(row, column_of(items, header)).data_type = "s"
    edit(exported, change)
    guides("import", "清单.xlsx", "--out", "out", cwd=catalogue)
    data = data_of(catalogue / "out" / "shichang" / "getihu-sheli-dengji.yaml")
    got = {"数量限制": data["quantity_limit"], "审批结果·有效期": data["result"]["validity"], "收费·收费说明": data["fees"]["note"],
           "网上办理·网办说明": data["online"]["note"], "状态说明": data["status_note"], "必须现场办理原因": data["visit_reason"]}
    assert got == typed


def test_a_formula_without_a_computed_value(guides, catalogue: Path, exported: Path) -> None:
    def change(book: Workbook) -> None:
        book["申请材料"].cell(2, column_of(book["申请材料"], "份数")).value = "=1+1"  # openpyxl stores no result
    run = _problem_run(guides, catalogue, exported, change)
    assert "（份数）：单元格是公式（=1+1），但文件中没有它的计算结果" in run.out
