"""The package's layers import one way: a module imports only from its own layer and the
layers below it (document -> knowledge -> facts -> checking -> running -> outputs -> the
command line), never from a layer above. Lazy imports inside functions count too."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "auditor"
ORDER = ["document", "knowledge", "facts", "checking", "running", "outputs", "top"]
PLUGIN_API = {"check.py", "findings.py", "model.py"}  # kept at their documented paths (re-exports)


def _layer(module: str) -> str:
    parts = module.split(".")
    if parts[0] != "auditor" or len(parts) < 2 or parts[1] == "__version__":
        return ORDER[0]  # the package root holds only its version
    if parts[1] in ("check", "findings", "model") and len(parts) == 2:
        return {"check": "checking", "findings": "checking", "model": "document"}[parts[1]]
    return parts[1] if parts[1] in ORDER else "top"


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.extend(f"auditor.{a.name}" for a in node.names) if node.module == "auditor" else out.append(node.module)
        elif isinstance(node, ast.Import):
            out.extend(a.name for a in node.names)
    return [m for m in out if m == "auditor" or m.startswith("auditor.")]


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    upward = []
    for path in sorted(ROOT.rglob("*.py")):
        mod = _module_of(path)
        here = ORDER.index(_layer(mod))
        upward += [f"{mod} imports {imp}" for imp in _imports(path) if ORDER.index(_layer(imp)) > here]
    assert upward == []


def test_the_package_root_holds_only_the_entry_points_and_the_layers() -> None:
    flat = {p.name for p in ROOT.glob("*.py")} - {"__init__.py", "__main__.py", "cli.py", "docgen.py", "facts.py"}
    assert flat <= PLUGIN_API, sorted(flat - PLUGIN_API)
    assert {p.name for p in ROOT.iterdir() if p.is_dir() and p.name != "__pycache__"} == {"document", "knowledge", "checking", "running", "outputs"}
