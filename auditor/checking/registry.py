"""Loading checks: built-ins and plugins come through the same door, the
``auditor.checks`` entry-point group (one entry point per family, named by its code
prefix, pointing at a module). Modules are imported only when checks are needed."""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
import threading

from auditor.checking.check import Check

GROUP = "auditor.checks"
# Used only when the package's own entry points are not installed (running from a
# source tree); an installed auditor always reads its entry points. The folder checks/ is
# installed as the package auditor_checks (see setup.py); uninstalled, it is imported
# under its folder's name. Family names are code prefixes, as in pyproject.toml.
FAMILIES = {"TBL": "tables", "PRS": "prose_tables", "BRK": "breakdowns", "REP": "repeats", "SCR": "scores", "RAT": "ratios",
            "ENU": "enumerations", "CMP": "claims", "NUM": "numbering", "TXT": "artefacts",
            "TPL": "template", "DIR": "directions", "YR": "periods", "NAM": "names",
            "DIS": "disclosure", "REL": "relations", "GAP": "gaps", "EVA": "selfeval"}
BUILTIN_PACKAGE = "auditor_checks"
BUILTIN_MODULES = tuple(f"{BUILTIN_PACKAGE}.{m}" for m in FAMILIES.values())

_families: list[tuple[str, str]] | None = None
_imported: set[str] = set()
_all_loaded = False
load_errors: list[str] = []
_CODE_LIKE = re.compile(r"[A-Za-z]{2,5}\d{0,3}")


def _entry_points() -> list[tuple[str, str]]:
    """(family name, module) of every check family: the entry points, or the built-in
    modules (named by their module) when the package's own are not installed."""
    global _families
    if _families is None:
        modules = _scan(GROUP)
        if modules is None:
            from importlib.metadata import entry_points

            modules = [(ep.name, ep.value) for ep in entry_points(group=GROUP)]
        if not any(value in BUILTIN_MODULES for _, value in modules):
            package = BUILTIN_PACKAGE if importlib.util.find_spec(BUILTIN_PACKAGE) else "checks"
            modules.extend((prefix, f"{package}.{m}") for prefix, m in FAMILIES.items())
        _families = sorted(set(modules))
    return _families


def _scan(group: str) -> list[tuple[str, str]] | None:
    """The (name, value) entry points of ``group``, found as :func:`importlib.metadata.entry_points`
    finds them (the ``entry_points.txt`` of every ``*.dist-info`` and ``*.egg-info`` folder
    on ``sys.path``, the first distribution of a name winning) without importing it: that
    module and the ``email`` parser it brings are a tenth of a run's start. None when
    ``sys.path`` holds an archive (a zip) or an egg, which only importlib.metadata reads."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except OSError:
            if os.path.isfile(folder):
                return None
            continue
        for child in names:
            low = child.lower()
            if low.endswith(".egg"):
                return None  # an egg (easy_install) keeps its metadata in EGG-INFO/
            if not low.endswith((".dist-info", ".egg-info")):
                continue
            dist = re.sub(r"[-_.]+", "_", low.rpartition(".")[0].partition("-")[0])
            if dist in seen:
                continue
            seen.add(dist)
            try:
                with open(os.path.join(folder, child, "entry_points.txt"), encoding="utf-8") as f:
                    text = f.read()
            except (OSError, UnicodeDecodeError):
                continue
            section = None
            for line in text.splitlines():
                line = line.strip()
                if not line or line.startswith(("#", ";")):
                    continue
                if line.startswith("[") and line.endswith("]"):
                    section = line[1:-1].strip()
                elif section == group and "=" in line:
                    name, _, value = line.partition("=")
                    out.append((name.strip(), value.strip()))
    return out


_LOADING = threading.RLock()


def load(families: set[str] | None = None) -> dict[str, type[Check]]:
    """Import check families and return the registry, code -> class, sorted.

    ``families`` names the entry points to import (their names are code prefixes, e.g.
    ``{"PRS"}``); None imports every family. Only the checks of the families asked for
    are returned, so a run that selects a few checks imports only their modules."""
    global _all_loaded
    if families is None and _all_loaded:
        return dict(sorted(Check.registry.items()))
    with _LOADING:  # worker threads (a Dask cluster of threads) load at the same time
        return _load(families)


def _load(families: set[str] | None) -> dict[str, type[Check]]:
    global _all_loaded
    for name, value in _entry_points():
        if value in _imported or (families is not None and name not in families):
            continue
        _imported.add(value)
        try:
            importlib.import_module(value.split(":")[0])
        except Exception as exc:  # a broken plugin must not stop the built-ins
            msg = f"auditor: could not load check family {name} ({value}): {exc}"
            load_errors.append(msg)
            print(msg, file=sys.stderr)
    if families is None:
        _all_loaded = True
        return dict(sorted(Check.registry.items()))
    return {code: cls for code, cls in sorted(Check.registry.items()) if any(code.startswith(f) for f in families)}


def families_for(codes: list[str]) -> set[str] | None:
    """The families whose checks ``codes`` (codes or code prefixes) can name, or None when
    one of them is a dotted name or matches no family by its prefix (then all are needed)."""
    names = [n for n, _ in _entry_points()]
    out = set()
    for c in codes:
        if not _CODE_LIKE.fullmatch(c):
            return None
        hits = {n for n in names if c.upper().startswith(n) or n.startswith(c.upper())}
        if not hits:
            return None
        out |= hits
    return out


def classes_for(codes: list[str]) -> dict[str, type[Check]]:
    """The classes of these check codes, importing only their families when it can."""
    fams = families_for(codes)
    reg = load(fams) if fams is not None else load()
    if fams is not None and not all(c in reg for c in codes):
        reg = load()
    return reg


def select(select: list[str] | None, ignore: list[str] | None) -> tuple[list[type[Check]], list[str]]:
    """Checks chosen by ``--select``/``--ignore`` (codes, code prefixes or dotted names).
    Returns the checks and the selectors that matched nothing. With a selection of codes
    only the families it names are imported."""
    fams = families_for(select) if select else None
    if fams is not None:
        chosen, unknown = _select_from(load(fams), select, ignore)
        if not unknown:
            return chosen, unknown
        # a selector that the families did not answer (a plugin whose codes do not start with
        # its family's name, or an --ignore of another family): decide over every check
    return _select_from(load(), select, ignore)


def _select_from(registry: dict[str, type[Check]], select: list[str] | None, ignore: list[str] | None) -> tuple[list[type[Check]], list[str]]:
    def matches(cls: type[Check], sel: str) -> bool:
        return cls.code == sel.upper() or cls.code.startswith(sel.upper()) or cls.name == sel or cls.name.startswith(sel + ".")

    unknown = [s for s in (select or []) + (ignore or []) if not any(matches(c, s) for c in registry.values())]
    chosen = [c for c in registry.values() if not select or any(matches(c, s) for s in select)]
    chosen = [c for c in chosen if not any(matches(c, s) for s in ignore or [])]
    return chosen, unknown
