"""Loading checks: built-ins and plugins come through the same door, the
``auditor.checks`` entry-point group (one entry point per family, named by its code
prefix, pointing at a module). Modules are imported only when checks are needed."""

from __future__ import annotations

import importlib
import importlib.util
import sys

from auditor.check import Check

GROUP = "auditor.checks"
# Used only when the package's own entry points are not installed (running from a
# source tree); an installed auditor always reads its entry points. The folder checks/ is
# installed as the package auditor_checks (see pyproject.toml); uninstalled, it is
# imported under its folder's name.
FAMILIES = ("tables", "prose_tables", "breakdowns", "repeats", "scores", "ratios", "enumerations", "claims", "numbering", "artefacts")
BUILTIN_PACKAGE = "auditor_checks"
BUILTIN_MODULES = tuple(f"{BUILTIN_PACKAGE}.{m}" for m in FAMILIES)

_loaded = False
load_errors: list[str] = []


def load() -> dict[str, type[Check]]:
    """Import every check family and return the registry, code -> class, sorted."""
    global _loaded
    if not _loaded:
        from importlib.metadata import entry_points

        modules = []
        for ep in entry_points(group=GROUP):
            modules.append((ep.name, ep.value))
        if not any(value in BUILTIN_MODULES for _, value in modules):
            package = BUILTIN_PACKAGE if importlib.util.find_spec(BUILTIN_PACKAGE) else "checks"
            modules.extend((m, f"{package}.{m}") for m in FAMILIES)
        for name, value in sorted(set(modules)):
            try:
                importlib.import_module(value.split(":")[0])
            except Exception as exc:  # a broken plugin must not stop the built-ins
                msg = f"auditor: could not load check family {name} ({value}): {exc}"
                load_errors.append(msg)
                print(msg, file=sys.stderr)
        _loaded = True
    return dict(sorted(Check.registry.items()))


def select(select: list[str] | None, ignore: list[str] | None) -> tuple[list[type[Check]], list[str]]:
    """Checks chosen by ``--select``/``--ignore`` (codes, code prefixes or dotted names).
    Returns the checks and the selectors that matched nothing."""
    registry = load()

    def matches(cls: type[Check], sel: str) -> bool:
        return cls.code == sel.upper() or cls.code.startswith(sel.upper()) or cls.name == sel or cls.name.startswith(sel + ".")

    unknown = [s for s in (select or []) + (ignore or []) if not any(matches(c, s) for c in registry.values())]
    chosen = [c for c in registry.values() if not select or any(matches(c, s) for s in select)]
    chosen = [c for c in chosen if not any(matches(c, s) for s in ignore or [])]
    return chosen, unknown
