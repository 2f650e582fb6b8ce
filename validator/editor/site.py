"""The web editor's files in the built site (`admin/`): generated config and page, our scripts, the pinned bundle.

The bundle (Decap CMS, the `yaml` reader, the pinyin library) comes from `node_modules`, installed by `npm ci` from
package-lock.json: served from the site itself with its licences, never from a CDN. Without `node_modules` the
site is built without the editor, and the build log says so (information, not a warning: `--strict` passes).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path

import yaml

from ..authoring.canonical import order
from ..model import Catalogue
from ..standard.schemas import load_schema, schema_reference
from ..standard.slugs import MAX_SLUG
from .config import KIND_FIELD, SLUG_FIELD, TO_FILL, decap_config, repository_folder

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: the same text, 5× faster (0.17 s a build)

FOLDER = "admin"
# (package folder, file or folder inside it, where it goes under admin/): what the page loads, and the licences
BUNDLE = (
    ("decap-cms", "dist/decap-cms.js", "decap-cms.js"),
    ("decap-cms", "dist/decap-cms.js.LICENSE.txt", "decap-cms.js.LICENSE.txt"),
    ("decap-cms-locales", "LICENSE", "LICENSE-decap-cms.txt"),  # Decap's MIT licence (the decap-cms package ships none)
    ("yaml", "browser/dist", "vendor/yaml"),
    ("yaml", "LICENSE", "vendor/yaml/LICENSE"),
    ("pinyin-pro", "dist/index.mjs", "vendor/pinyin-pro/index.mjs"),
    ("pinyin-pro", "dist/esm", "vendor/pinyin-pro/esm"),
    ("pinyin-pro", "LICENSE", "vendor/pinyin-pro/LICENSE"),
)
MISSING = "网页编辑器没有生成：找不到 node_modules/decap-cms（在项目文件夹运行 `npm ci` 安装固定版本的编辑器）。"


@dataclass
class EditorFiles:
    files: dict[str, str | bytes]
    notice: str | None = None  # why the editor is not in the site


def node_modules(base: Path) -> Path | None:
    """The project's own `node_modules`, else the one beside this tool's source (an editable install)."""
    for folder in (base / "node_modules", Path(__file__).resolve().parents[2] / "node_modules"):
        if (folder / "decap-cms" / "dist" / "decap-cms.js").is_file():
            return folder
    return None


def editor_files(root: Path, base: Path, catalogue: Catalogue) -> EditorFiles:
    """admin/… for a catalogue at `root` in the repository at `base`."""
    modules = node_modules(base)
    if modules is None:
        return EditorFiles({}, MISSING)
    files: dict[str, str | bytes] = {f"{FOLDER}/{name}": text for name, text in generated(root, base, catalogue).items()}
    for name in ("canonical.mjs", "editor.mjs"):
        files[f"{FOLDER}/{name}"] = resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")
    for target, path in bundle(modules):
        files[f"{FOLDER}/{target}"] = path.read_bytes()
    return EditorFiles(files)


def generated(root: Path, base: Path, catalogue: Catalogue) -> dict[str, str]:
    """config.yml, index.html and guides-editor.json, from the schemas and the department profiles."""
    departments = sorted((d.id, d.short_name or d.name) for d in catalogue.departments.values())
    config = decap_config(departments, repository_folder(root, base), load_schema("guide"), load_schema("department"))
    sample = root / (departments[0][0] if departments else "bumen") / "x.yaml"  # every guide is one folder deep
    settings = {
        "orders": {kind: order(kind) for kind in ("guide", "department")},
        "schema_refs": {kind: schema_reference(kind, sample) for kind in ("guide", "department")},
        "slug_field": SLUG_FIELD, "kind_field": KIND_FIELD, "max_slug": MAX_SLUG, "to_fill": TO_FILL,
    }
    return {
        "config.yml": "# 由 guides 按标准（schema/）和部门档案生成，请勿手工修改。\n"
                      + yaml.dump(config, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1_000_000),
        "guides-editor.json": json.dumps(settings, ensure_ascii=False),
        "index.html": page(),
    }


def page(title: str = "办事指南网页编辑") -> str:
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{escape(title)}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="decap-cms.js"></script>
<script type="module" src="editor.mjs"></script>
</body>
</html>
"""


def bundle(modules: Path) -> Iterator[tuple[str, Path]]:
    """(path under admin/, file) of the pinned bundle: Decap and the chunks it loads on demand, the readers, licences."""
    for package, inside, target in BUNDLE:
        source = modules / package / inside
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                if path.is_file() and not path.name.endswith(".map"):
                    yield f"{target}/{path.relative_to(source).as_posix()}", path
        elif source.is_file():
            yield target, source
    for chunk in sorted((modules / "decap-cms" / "dist").glob("*.decap-cms.js")):  # loaded by decap-cms.js when needed
        yield chunk.name, chunk
