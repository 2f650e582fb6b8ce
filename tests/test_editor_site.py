"""The web editor in the built site (admin/): generated from the schemas, the pinned bundle with its licences,
nothing from another origin; a site built without the bundle says so and still builds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from validator.standard.schemas import load_schema
from validator.standard.walk import ITEMS, properties, walk

from .conftest import GUIDES, ROOT

LOCK = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))


def config(sample_site) -> dict[str, Any]:
    return yaml.safe_load((sample_site.out / "admin" / "config.yml").read_text(encoding="utf-8"))


def field_at(fields: list[dict[str, Any]], path: tuple[str, ...]) -> dict[str, Any]:
    found: dict[str, Any] = {"fields": fields}
    for key in path:
        if key == ITEMS:
            continue
        inner = found.get("fields") or [found["field"]]
        found = next(f for f in inner if f["name"] == key)
    return found


def test_the_site_serves_the_pinned_editor_with_its_licences(sample_site):
    admin = sample_site.out / "admin"
    version = LOCK["packages"]["node_modules/decap-cms"]["version"]
    assert version == json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["decap-cms"]  # exact pin
    assert (admin / "decap-cms.js").read_bytes() == (ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js").read_bytes()
    assert "MIT License" in (admin / "LICENSE-decap-cms.txt").read_text(encoding="utf-8")
    assert (admin / "decap-cms.js.LICENSE.txt").is_file() and (admin / "vendor" / "yaml" / "LICENSE").is_file()
    assert (admin / "vendor" / "pinyin-pro" / "LICENSE").is_file() and list(admin.glob("*.decap-cms.js"))
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert "http" not in page.replace('rel="cms-config-url"', "")  # every script from the site itself


def test_the_config_is_the_schema_as_a_chinese_form(sample_site):
    settings = config(sample_site)
    folders = sorted(p.name for p in GUIDES.iterdir() if (p / "_department.yaml").is_file())
    guides = [c for c in settings["collections"] if "folder" in c]
    assert settings["locale"] == "zh_Hans" and [c["name"] for c in guides] == folders
    assert all(c["folder"] == f"guides/{c['name']}" and c["filter"] == {"field": "_kind", "value": "guide"} for c in guides)
    [profiles] = [c for c in settings["collections"] if "files" in c]
    assert [f["file"] for f in profiles["files"]] == [f"guides/{name}/_department.yaml" for name in folders]

    schema, fields = load_schema("guide"), guides[0]["fields"]
    for element in walk(schema):
        if element.key == ITEMS:
            continue
        field = field_at(fields, element.path)
        assert field["label"] == element.spec.get("title", element.key), element.name
    assert [f["name"] for f in fields] == [e.key for e in properties(schema, schema, tool=True)]  # `ignore` too, last
    assert field_at(fields, ("name",))["required"] is True and field_at(fields, ("aliases",))["required"] is False
    assert field_at(fields, ("bodies", "implementing", "name"))["required"] is False  # inside an optional object
    assert field_at(fields, ("materials", ITEMS, "name"))["required"] is True  # in each item there is
    level = field_at(fields, ("type",))
    assert level["widget"] == "select" and {"label": "行政许可：代码 01：行政机关根据申请，准予从事特定活动。", "value": "行政许可"} in level["options"]
    code = field_at(fields, ("basic_code",))  # a new guide starts with 待填写, which the form accepts and the check does not
    assert code["pattern"][0] == "^待填写$|" + schema["properties"]["basic_code"]["pattern"] and code["default"] == "待填写"
    assert code["pattern"][1].startswith("基本编码的格式不对。")
    impl = field_at(fields, ("impl_code",))
    assert impl["pattern"][0] == schema["properties"]["impl_code"]["pattern"] and "default" not in impl
    conditions = field_at(fields, ("conditions",))  # a text-or-object union: its object form
    assert [f["name"] for f in conditions["fields"]] == ["text", "when"]
    when = field_at(fields, ("materials", ITEMS, "when"))
    assert when["widget"] == "list" and when["field"]["widget"] == "string"
    assert field_at(fields, ("updated",))["format"] == "YYYY-MM-DD"


def test_the_editor_page_loads_nothing_from_another_origin(site_base_url, browser):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site_base_url}/admin/")
    page.get_by_role("button", name="登录").wait_for()
    elsewhere = {url for url in requests if not url.startswith(site_base_url)}
    # Decap looks for `guides edit`'s local backend on this computer; anything else would be a CDN
    assert all(url.startswith("http://localhost:8081/") for url in elsewhere), elsewhere
    assert any(url.endswith("/admin/decap-cms.js") for url in requests)
    page.close()


def test_without_the_bundle_the_site_is_built_without_the_editor_and_says_so(guides, tmp_path: Path, monkeypatch):
    monkeypatch.setattr("validator.editor.site.node_modules", lambda base: None)
    run = guides("render", "--out", str(tmp_path / "out"))
    assert run.code == 0, run.err
    assert not (tmp_path / "out" / "admin").exists() and (tmp_path / "out" / "index.md").exists()
    assert "网页编辑器没有生成" in run.err and "npm ci" in run.err
