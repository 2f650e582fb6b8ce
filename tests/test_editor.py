"""Editor support: schema annotations the YAML language server shows, and the VS Code workspace settings."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from .conftest import GUIDES, ROOT

SCHEMAS = {name: json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
           for name in ("guide.schema.json", "department.schema.json")}
CONDITIONS = {"if", "not"}  # enums there are tests of a value, not choices offered to the clerk


def nodes(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every subschema with its path, outside conditions."""
    if isinstance(node, dict):
        yield path, node
        for key, child in node.items():
            if key not in CONDITIONS and key not in ("examples", "enum", "enumDescriptions", "const"):
                yield from nodes(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from nodes(child, (*path, str(index)))


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_enum_value_has_a_description(name):
    enums = [(path, node) for path, node in nodes(SCHEMAS[name]) if "enum" in node]
    if name == "guide.schema.json":
        assert len(enums) >= 15
    for path, node in enums:
        descriptions = node.get("enumDescriptions")
        assert isinstance(descriptions, list) and len(descriptions) == len(node["enum"]), "/".join(path)
        assert all(isinstance(d, str) and len(d) >= 2 for d in descriptions), "/".join(path)


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_example_is_valid_where_it_stands(name):
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    schema = SCHEMAS[name]
    examples = [(path, node) for path, node in nodes(schema) if "examples" in node]
    assert examples
    for path, node in examples:
        alone = {**node, "$defs": schema.get("$defs", {})}
        for value in node["examples"]:
            assert jsonschema.Draft202012Validator(alone).is_valid(value), ("/".join(path), value)
            assert jsonschema_rs.validator_for(alone).is_valid(value), ("/".join(path), value)


@pytest.mark.parametrize("name", SCHEMAS)
def test_schemas_stay_valid_for_both_validators(name):
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    jsonschema.Draft202012Validator.check_schema(SCHEMAS[name])
    jsonschema_rs.validator_for(SCHEMAS[name])


def glob(pattern: str) -> re.Pattern[str]:
    """A VS Code / yaml-language-server file glob (`**/`, `*`) as a regular expression over a relative path."""
    out = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
    return re.compile(out + "$")


def schema_for(path: str, mapping: dict[str, list[str]]) -> list[str]:
    found = []
    for schema, patterns in mapping.items():
        included = any(glob(p).match(path) for p in patterns if not p.startswith("!"))
        excluded = any(glob(p[1:]).match(path) for p in patterns if p.startswith("!"))
        if included and not excluded:
            found.append(schema)
    return found


def test_vscode_maps_each_kind_of_file_to_its_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema in mapping:
        assert (ROOT / schema).is_file(), schema
    files = sorted(p.relative_to(ROOT).as_posix() for p in GUIDES.rglob("*.yaml"))
    for path in files:
        expected = "./schema/department.schema.json" if path.endswith("/_department.yaml") else "./schema/guide.schema.json"
        assert schema_for(path, mapping) == [expected], path
    assert schema_for("mkdocs.yml", mapping) == [] and schema_for(".pre-commit-hooks.yaml", mapping) == []


def test_vscode_recommends_the_yaml_extension():
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_every_sample_names_its_schema_on_the_first_line():
    for path in GUIDES.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        kind = "department" if path.name == "_department.yaml" else "guide"
        assert (path.parent / match.group(1)).resolve() == (ROOT / "schema" / f"{kind}.schema.json").resolve(), path


def test_template_examples_cover_every_element(guides, tmp_path):
    """The generated template reads `examples` and enums; a schema element without either would stop `guides new`."""
    shutil.copytree(GUIDES, tmp_path / "guides")
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    run = guides("new", "--department", "shichang", "--name", "个体工商户变更登记", cwd=tmp_path)
    assert run.code == 0, run.err
    run = guides("new-department", "--folder", "shuiwu", "--name", "示例县税务局", cwd=tmp_path)
    assert run.code == 0, run.err
    text = Path(tmp_path / "guides" / "shuiwu" / "_department.yaml").read_text(encoding="utf-8")
    for key in SCHEMAS["department.schema.json"]["properties"]:
        assert re.search(rf"^(# )?{key}:", text, re.M), key


# -- the real YAML language server (the engine of VS Code's redhat.vscode-yaml) ------------------

LANGUAGE_SERVER = "yaml-language-server@2.0.0"


@pytest.fixture(scope="session")
def language_server(request: pytest.FixtureRequest) -> Path:
    """The server from npm, installed once per machine into pytest's cache folder."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("需要 Node.js 和 npm 才能运行 YAML 语言服务器（apt-get install nodejs npm）")
    folder = request.config.cache.mkdir(LANGUAGE_SERVER.replace("@", "-"))
    server = folder / "node_modules" / ".bin" / "yaml-language-server"
    if not server.exists():
        done = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(folder), LANGUAGE_SERVER],
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or not server.exists():
            pytest.skip(f"无法从 npm 安装 {LANGUAGE_SERVER}：{done.stderr.strip()[-300:]}")
    return server


class LanguageServer:
    """A minimal LSP client over stdio: enough for hover and completion."""

    def __init__(self, server: Path, root: Path, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.process = subprocess.Popen([str(server), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0
        capabilities = {"textDocument": {"completion": {"completionItem": {"documentationFormat": ["markdown", "plaintext"]}},
                                         "hover": {"contentFormat": ["markdown"]}},
                        "workspace": {"configuration": True}}
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": capabilities,
                                    "workspaceFolders": [{"uri": root.as_uri(), "name": "guides"}]})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": settings}})

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.process.stdin.flush()

    def _receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = 0
        while line := self.process.stdout.readline().decode().strip():
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self._receive()
            if message.get("id") == self.next_id and "method" not in message:
                return message.get("result")
            if message.get("method") == "workspace/configuration":
                self._send({"id": message["id"], "result": [self.settings for _ in message["params"]["items"]]})
            elif "id" in message and "method" in message:
                self._send({"id": message["id"], "result": None})

    def open(self, path: Path) -> list[str]:
        text = path.read_text(encoding="utf-8")
        self.notify("textDocument/didOpen", {"textDocument": {"uri": path.as_uri(), "languageId": "yaml", "version": 1, "text": text}})
        return text.splitlines()

    def hover(self, path: Path, line: int, character: int) -> str:
        result = self.request("textDocument/hover", {"textDocument": {"uri": path.as_uri()}, "position": {"line": line, "character": character}})
        return result["contents"]["value"] if result else ""

    def hover_once_configured(self, path: Path, line: int, character: int) -> str:
        """The server applies settings asynchronously after asking for them: ask again until it has."""
        for _ in range(100):
            if shown := self.hover(path, line, character):
                return shown
            time.sleep(0.1)
        return ""

    def completion(self, path: Path, line: int, character: int) -> dict[str, str]:
        result = self.request("textDocument/completion", {"textDocument": {"uri": path.as_uri()}, "position": {"line": line, "character": character}})
        items = result["items"] if isinstance(result, dict) else result or []
        docs = {item["label"]: item.get("documentation", "") for item in items}
        return {label: doc["value"] if isinstance(doc, dict) else doc for label, doc in docs.items()}

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


def _line(lines: list[str], prefix: str) -> int:
    return next(number for number, line in enumerate(lines) if line.startswith(prefix))


def test_language_server_shows_chinese_help_and_enum_descriptions(guides, tmp_path, language_server):
    shutil.copytree(GUIDES, tmp_path / "guides")
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    run = guides("new", "--department", "shichang", "--name", "个体工商户变更登记", cwd=tmp_path)
    assert run.code == 0, run.err
    path = next((tmp_path / "guides" / "shichang").glob("geti-gongshanghu-biangeng-dengji.yaml"))
    level = SCHEMAS["guide.schema.json"]["properties"]["level"]
    status = SCHEMAS["guide.schema.json"]["properties"]["status"]

    server = LanguageServer(language_server, tmp_path, {"validate": True, "hover": True, "completion": True, "schemas": {}})
    try:
        lines = server.open(path)  # the file's own `$schema` line, no settings
        shown = server.hover(path, _line(lines, "level:"), len("level: "))
        assert level["title"] in shown and level["description"] in shown
        for value, description in zip(level["enum"], level["enumDescriptions"], strict=True):
            assert f"`{value}`: {description}" in shown
        offered = server.completion(path, _line(lines, "status:"), len("status: "))
        for value, description in zip(status["enum"], status["enumDescriptions"], strict=True):
            assert offered.get(value) == description, offered
        # issue 12's keys are offered too, with their Chinese help (a new top-level key: situations)
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        lines = server.open(path)
        keys = server.completion(path, len(lines), 0)
        assert SCHEMAS["guide.schema.json"]["properties"]["situations"]["description"] in keys.get("situations", ""), sorted(keys)
    finally:
        server.close()


def test_language_server_uses_the_workspace_mapping_for_files_without_the_schema_line(tmp_path, language_server):
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    folder = tmp_path / "guides" / "shichang"
    folder.mkdir(parents=True)
    for name in ("getihu-sheli-dengji.yaml", "_department.yaml"):
        lines = (GUIDES / "shichang" / name).read_text(encoding="utf-8").splitlines()
        (folder / name).write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")  # without the `$schema` line
    yaml_settings = {key.removeprefix("yaml."): value for key, value in settings.items() if key.startswith("yaml.")}
    server = LanguageServer(language_server, tmp_path, yaml_settings)
    try:
        guide, profile = folder / "getihu-sheli-dengji.yaml", folder / "_department.yaml"
        lines = server.open(guide)
        assert "事项类型" in server.hover_once_configured(guide, _line(lines, "type:"), 1)
        lines = server.open(profile)
        shown = server.hover_once_configured(profile, _line(lines, "uscc:"), 1)
        assert "统一社会信用代码" in shown and "Source: [department.schema.json]" in shown  # one schema, not a combination
    finally:
        server.close()
