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

    # untrusted input (see docs/untrusted-input.md)
    follow_symlinks = "inside"   # or "none": a folder walk never leaves the folder
    inline_suppress = true       # false: ignore the reports' own auditor-ignore comments
    cache_max_mb = 256

    [limits]
    max_file_mb = 100
    time_budget_s = 120

Every key is checked: an unknown key, a check that does not exist or an option a check
does not have is a one-line error naming the file (exit code 2), never ignored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from auditor.files import read_small

NAMES = ("auditor.toml", ".auditor.toml")
_KEYS = {"select", "ignore", "lang", "format", "fail_on", "baseline", "checks", "follow_symlinks", "inline_suppress", "cache_max_mb", "limits"}
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
    follow_symlinks: str = "inside"
    """A folder walk follows a symlink only to a place inside that folder, or (``"none"``) never."""
    inline_suppress: bool = True
    """Whether the reports' own ``auditor-ignore`` comments are applied."""
    cache_max_mb: float | None = None
    limits: dict[str, float] = field(default_factory=dict)
    """Overrides of :class:`auditor.limits.Limits` defaults."""

    def make_limits(self):
        from auditor.limits import Limits

        return Limits(**self.limits)


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
        text = read_small(path).decode("utf-8")
        # most projects' pyproject.toml has no auditor section: no need to parse it
        return "auditor" in text and "auditor" in tomllib.loads(text).get("tool", {})
    except (OSError, UnicodeDecodeError, RecursionError, tomllib.TOMLDecodeError):
        return False


def load(path: str | Path | None) -> Settings:
    if path is None:
        return Settings()
    import tomllib  # only when there is a file to read

    path = Path(path)
    try:
        data = tomllib.loads(read_small(path).decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such settings file / 配置文件不存在") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc}) / 无法读取配置文件") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}) / 配置文件格式错误") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML (nested too deeply) / 配置文件格式错误") from None
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
    if "follow_symlinks" in data:
        if data["follow_symlinks"] not in ("inside", "none"):
            raise ConfigError(f"{path}: follow_symlinks must be one of inside, none / 取值无效")
        settings.follow_symlinks = data["follow_symlinks"]
    if "inline_suppress" in data:
        if not isinstance(data["inline_suppress"], bool):
            raise ConfigError(f"{path}: inline_suppress must be true or false / 应为 true 或 false")
        settings.inline_suppress = data["inline_suppress"]
    if "cache_max_mb" in data:
        settings.cache_max_mb = _positive(path, "cache_max_mb", data["cache_max_mb"])
    settings.limits = _limits(path, data.get("limits", {}))
    checks = data.get("checks", {})
    if not isinstance(checks, dict) or not all(isinstance(v, dict) for v in checks.values()):
        raise ConfigError(f"{path}: [checks.CODE] tables hold each check's options / 检查项选项格式错误")
    settings.checks = {code.upper(): opts for code, opts in checks.items()}
    return settings


def _positive(path, key: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ConfigError(f"{path}: {key} must be a number greater than 0 / 应为大于 0 的数")
    return value


def _limits(path, table) -> dict[str, float]:
    """The ``[limits]`` table: each key one of :class:`auditor.limits.Limits`'s, each value a
    positive number (whole for counts)."""
    from auditor.limits import Limits

    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [limits] must be a table of limits / 格式错误")
    known = Limits.names()
    out: dict[str, float] = {}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(f"{path}: [limits] unknown limit {key} (known: {', '.join(known)}) / 未知限制项")
        value = _positive(path, f"[limits] {key}", value)
        if key.startswith("max_") and not key.endswith(("_mb", "_ratio")) and value != int(value):
            raise ConfigError(f"{path}: [limits] {key} must be a whole number / 应为整数")
        out[key] = int(value) if key.startswith("max_") and not key.endswith(("_mb", "_ratio")) else value
    return out


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
