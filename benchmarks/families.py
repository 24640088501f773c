"""Per-family time: how long each check family takes on a document, read once.

    python benchmarks/families.py [FILE ...]     # default: the real budget sample

Each family runs on a freshly read document (sentences built beforehand, as the first
check would), best of 5 after a warm-up, so regex compilation is not counted. A PDF,
Word or Excel file is extracted first. Nothing is asserted: the figures are printed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "samples" / "real" / "putuo-commerce-2025-department-budget.md"


def _text(path: Path) -> str:
    if path.suffix.lower() in (".md", ".txt"):
        return path.read_text(encoding="utf-8")
    from auditor.document import readers

    return readers.read(str(path)).text


def main(argv: list[str]) -> None:
    from auditor.checking import registry
    from auditor.document import prose
    from auditor.document.reader import read_document

    classes = list(registry.load().values())
    for path in [Path(a) for a in argv] or [DEFAULT]:
        text = _text(path)
        best: dict[str, float] = {}
        for _ in range(6):
            doc = read_document(text, str(path))
            prose.sentences(doc)
            for cls in classes:
                t = time.perf_counter()
                list(cls().run(doc))
                family = cls.code.rstrip("0123456789")
                best[family + "#" + cls.code] = min(best.get(family + "#" + cls.code, 1e9), time.perf_counter() - t)
        families: dict[str, float] = {}
        for key, value in best.items():
            if "#" in key:
                families[key.split("#")[0]] = families.get(key.split("#")[0], 0.0) + value
        total = sum(families.values())
        parts = "  ".join(f"{f} {v * 1000:.1f}" for f, v in sorted(families.items(), key=lambda kv: -kv[1]))
        print(f"{path.name} ({len(text):,} characters): all checks {total * 1000:.1f} ms — {parts} (ms, best of 5, warm)")


if __name__ == "__main__":
    main(sys.argv[1:])
