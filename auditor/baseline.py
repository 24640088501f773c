"""A baseline: today's reviewed findings, recorded so that a run reports only new ones.

``auditor check --write-baseline auditor-baseline.json PATH…`` writes every finding of the
run; ``--baseline FILE`` (or ``baseline = "FILE"`` in the settings) leaves out the findings
it records, counts them, and lists the entries that no longer occur ("fixed") so the file
can be pruned. Findings are matched by :func:`auditor.fingerprints.fingerprint` — the
check, the file, the flagged figure and the words around it, never a line number — with
file paths taken relative to the baseline file's folder, so the same baseline works from
any working directory. Each fingerprint is a count: a finding recorded once absorbs one
occurrence, and a second identical finding is new.

The file is JSON, one entry per finding, in the order of the run's output::

    {"auditor_baseline": 1, "fingerprint": "auditor/v1", "findings": [
      {"fingerprint": "…", "path": "reports/a.md", "check": "PRS001", "line": 121, "message": "…"}]}

``line`` and ``message`` are there for the people who review the file; matching ignores them.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field

from auditor import fingerprints
from auditor.engine import FileResult
from auditor.files import atomic_write, read_small

FORMAT = 1


class BaselineError(Exception):
    """A baseline file that cannot be used; the message names it and the problem."""


@dataclass
class Baseline:
    path: str
    entries: list[dict]

    @property
    def folder(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))


@dataclass
class Outcome:
    """What a baseline did to a run: how many findings it matched, and its entries that
    no longer occur in the files and checks of this run."""

    path: str
    matched: int = 0
    fixed: list[dict] = field(default_factory=list)


def entries(results: list[FileResult], folder: str, lang: str) -> list[dict]:
    out = []
    for r in results:
        if r.error:
            continue
        where = fingerprints.relative(r.path, folder)
        for f in r.findings:
            out.append({"fingerprint": fingerprints.fingerprint(where, f), "path": where, "check": f.check,
                        "line": f.span.line, "message": f.message.get(lang)})
    return out


def write(path: str, results: list[FileResult], lang: str) -> int:
    """Record every finding of ``results``; returns how many were written."""
    folder = os.path.dirname(os.path.abspath(path))
    items = entries(results, folder, lang)
    data = {"auditor_baseline": FORMAT, "fingerprint": fingerprints.VERSION, "findings": items}
    try:
        atomic_write(path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline ({exc.strerror or exc}) / 无法写入基线文件") from None
    return len(items)


def load(path: str) -> Baseline:
    try:
        data = json.loads(read_small(path).decode("utf-8"))  # a regular file, bounded: never a FIFO or /dev/zero
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file (write one with --write-baseline) / 基线文件不存在") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline ({exc}) / 无法读取基线文件") from None
    except RecursionError:
        raise BaselineError(f"{path}: not a baseline file (nested too deeply) / 基线文件格式错误") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not a baseline file (invalid JSON at line {exc.lineno}) / 基线文件格式错误") from None
    if not isinstance(data, dict) or data.get("auditor_baseline") != FORMAT or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not an auditor baseline file (version {FORMAT}) / 不是基线文件")
    if data.get("fingerprint") != fingerprints.VERSION:
        raise BaselineError(f"{path}: written with fingerprints {data.get('fingerprint')!r}, this auditor uses {fingerprints.VERSION!r}; "
                            "write it again with --write-baseline / 基线文件版本不符")
    items = data["findings"]
    for i, e in enumerate(items):
        if not (isinstance(e, dict) and isinstance(e.get("fingerprint"), str) and isinstance(e.get("path"), str) and isinstance(e.get("check"), str)):
            raise BaselineError(f"{path}: entry {i + 1} lacks fingerprint, path or check / 基线条目不完整")
    return Baseline(path=path, entries=items)


def apply(baseline: Baseline, results: list[FileResult], ran: set[str]) -> Outcome:
    """Leave out of ``results`` (in place) the findings the baseline records; count them
    per file (``FileResult.baselined``). An entry is *fixed* when its file was checked in
    this run, its check ran there, and it matched nothing."""
    left = Counter(e["fingerprint"] for e in baseline.entries)
    outcome = Outcome(path=baseline.path)
    checked: dict[str, set[str]] = {}
    for r in results:
        if r.error:
            continue
        where = fingerprints.relative(r.path, baseline.folder)
        checked[where] = ran - {e.check for e in r.internal_errors}
        kept = []
        for f in r.findings:
            fp = fingerprints.fingerprint(where, f)
            if left[fp] > 0:
                left[fp] -= 1
                r.baselined += 1
            else:
                kept.append(f)
        r.findings = kept
        outcome.matched += r.baselined
    for e in baseline.entries:
        if left[e["fingerprint"]] > 0 and e["check"] in checked.get(e["path"], ()):
            left[e["fingerprint"]] -= 1
            outcome.fixed.append(e)
    return outcome


def describe(outcome: Outcome, lang: str) -> list[str]:
    """Lines that say what the baseline did: a count, then each entry that no longer occurs."""
    name = fingerprints.relative(outcome.path)
    if lang == "en":
        head = f"baseline {name}: {outcome.matched} finding(s) matched and not shown; {len(outcome.fixed)} entr{'y' if len(outcome.fixed) == 1 else 'ies'} no longer occur (fixed, can be removed)"
        return [head] + [f"  fixed: {e['path']}:{e.get('line', '?')} {e['check']} {e.get('message', '')}".rstrip() for e in outcome.fixed]
    head = f"基线 {name}：已匹配 {outcome.matched} 条（不再显示）；{len(outcome.fixed)} 条已不再出现（已修正，可从基线删除）"
    return [head] + [f"  已修正：{e['path']}:{e.get('line', '?')} {e['check']} {e.get('message', '')}".rstrip() for e in outcome.fixed]


def to_dict(outcome: Outcome) -> dict:
    """The baseline's effect for machine-readable outputs."""
    return {"file": fingerprints.relative(outcome.path), "matched": outcome.matched, "fixed": outcome.fixed}
