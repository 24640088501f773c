"""Project settings: ``auditor.toml``, or ``[tool.auditor]`` in ``pyproject.toml``.

Found in the current folder or the nearest parent that has one (``--config PATH`` names
one explicitly). Command-line flags win over the file::

    select = ["TBL", "PRS", "SCR"]
    ignore = ["TXT001"]
    lang = "zh"
    baseline = "auditor-baseline.json"   # relative to this file's folder

    [checks.SCR002]
    full_mark = 120

    [checks.SCR004]
    bands = [["优", 90], ["良", 80], ["中", 60], ["差", 0]]

Every key is checked: an unknown key, a check that does not exist or an option a check
does not have is a one-line error naming the file (exit code 2), never ignored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

NAMES = ("auditor.toml", ".auditor.toml")
_KEYS = {"select", "ignore", "lang", "format", "fail_on", "baseline", "checks"}
FORMATS = ("rich", "json", "html", "sarif", "github", "gitlab", "xlsx")


class ConfigError(Exception):
    """A settings file that cannot be used; the message names it and the problem."""


@dataclass
class Settings:
    path: str | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    lang: str | None = None
    format: str | None = None
    fail_on: str | None = None
    baseline: str | None = None
    """A baseline file (see :mod:`auditor.baseline`), relative to the settings file's folder."""
    checks: dict[str, dict] = field(default_factory=dict)


def find(start: str | None = None) -> Path | None:
    """The settings file for a run started in ``start`` (default: the current folder)."""
    here = Path(start or os.getcwd()).resolve()
    for folder in [here, *here.parents]:
        for name in NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(path: Path) -> bool:
    import tomllib  # only when there is a file to read

    try:
        text = path.read_text(encoding="utf-8")
        # most projects' pyproject.toml has no auditor section: no need to parse it
        return "auditor" in text and "auditor" in tomllib.loads(text).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def load(path: str | Path | None) -> Settings:
    if path is None:
        return Settings()
    import tomllib  # only when there is a file to read

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such settings file / 配置文件不存在") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc}) / 无法读取配置文件") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}) / 配置文件格式错误") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("auditor", {})
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown setting {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))}) / 未知配置项")
    settings = Settings(path=str(path))
    for key in ("select", "ignore"):
        if key in data:
            value = data[key]
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{path}: {key} must be a list of check codes / 应为检查项列表")
            setattr(settings, key, value)
    for key, allowed in (("lang", ("zh", "en")), ("format", FORMATS), ("fail_on", ("error", "warning", "info", "never"))):
        if key in data:
            if data[key] not in allowed:
                raise ConfigError(f"{path}: {key} must be one of {', '.join(allowed)} / 取值无效")
            setattr(settings, key, data[key])
    if "baseline" in data:
        if not isinstance(data["baseline"], str) or not data["baseline"].strip():
            raise ConfigError(f"{path}: baseline must be the path of a baseline file / 应为基线文件路径")
        settings.baseline = os.path.join(os.path.dirname(os.path.abspath(path)), data["baseline"])
    checks = data.get("checks", {})
    if not isinstance(checks, dict) or not all(isinstance(v, dict) for v in checks.values()):
        raise ConfigError(f"{path}: [checks.CODE] tables hold each check's options / 检查项选项格式错误")
    settings.checks = {code.upper(): opts for code, opts in checks.items()}
    return settings


def validate_options(settings: Settings, registry: dict) -> dict[str, dict]:
    """Each check's options, validated by the check's own Options model."""
    from pydantic import ValidationError

    out: dict[str, dict] = {}
    for code, opts in settings.checks.items():
        cls = registry.get(code)
        if cls is None:
            raise ConfigError(f"{settings.path}: [checks.{code}]: no such check (see 'auditor checks') / 没有这个检查项")
        try:
            cls.Options(**opts)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first.get("loc", ())) or "?"
            raise ConfigError(f"{settings.path}: [checks.{code}] {where}: {first.get('msg', 'invalid')} / 选项无效") from None
        out[code] = opts
    return out
