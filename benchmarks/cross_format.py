"""The same report in two formats must give the same findings: each Word or Excel file of
the given folders is printed to PDF by LibreOffice (a producer and a layout none of the
sets holds), both are checked, and every error or warning that one gives and the other
does not is listed, with its page. Each one is a reading to look at: a false alarm of a
reader (the PDF's, usually), or a difference the printing made (a print area, a hanging
stop cut at the margin) — the verdicts are the reader's to give, by reading the page.

    python benchmarks/cross_format.py /work/corpus /work/holdout10 [--out DIR]

Needs ``soffice`` (LibreOffice, a benchmark-only tool: ``apt-get install
libreoffice-calc libreoffice-writer``) and the fonts that draw Chinese (``fonts-noto-cjk``)
for the PDFs to have their glyphs; nothing of it is needed to run or test auditor.
Findings are compared by check and message, spaces and line breaks aside (locations differ
between formats by nature).
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(files: list[Path]) -> dict[str, list[dict]]:
    """Errors and warnings per file stem, from ``auditor check --format json``."""
    if not files:
        return {}
    done = subprocess.run(
        [sys.executable, "-m", "auditor", "check", "--no-cache", "--jobs", "2", "--format", "json", *map(str, files)],
        capture_output=True, text=True, check=False,
    )
    out: dict[str, list[dict]] = {}
    for f in json.loads(done.stdout)["files"]:
        out[Path(f["path"]).stem] = [x for x in f.get("findings", []) if x["severity"] != "info"]
    return out


def _key(x: dict) -> tuple[str, str]:
    return x["check"], "".join(x["message"].split())  # an excerpt's line break is the format's, not the finding's


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, help="keep the PDFs here (default: a temporary folder)")
    args = ap.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("cross_format: LibreOffice (soffice) is not installed; nothing compared", file=sys.stderr)
        return 2
    totals: collections.Counter = collections.Counter()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.out or Path(tmp)
        for folder in args.folders:
            originals = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".docx", ".xlsx"))
            if not originals:
                continue
            into = base / folder.name
            into.mkdir(parents=True, exist_ok=True)
            subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(into), *map(str, originals)],
                           capture_output=True, check=False, timeout=1800)
            printed = sorted(into.glob("*.pdf"))
            mine, theirs = _check(originals), _check(printed)
            totals["files"] += len(originals)
            totals["printed"] += len(printed)
            for stem in sorted(mine):
                a = collections.Counter(_key(x) for x in mine[stem])
                b = collections.Counter(_key(x) for x in theirs.get(stem, []))
                totals["original"] += sum(a.values())
                totals["pdf"] += sum(b.values())
                for (check, message), n in (b - a).items():
                    pages = sorted({x.get("page") for x in theirs[stem] if _key(x) == (check, message)} - {None})
                    print(f"PDF only   {folder.name}/{stem} p{pages} {check} ×{n}: {message[:160]}")
                    totals["pdf only"] += n
                for (check, message), n in (a - b).items():
                    print(f"original only {folder.name}/{stem} {check} ×{n}: {message[:160]}")
                    totals["original only"] += n
    print(f"{totals['files']} Word/Excel files, {totals['printed']} printed to PDF; errors and warnings: "
          f"{totals['original']} on the originals, {totals['pdf']} on the PDFs; "
          f"{totals['pdf only']} on the PDFs only, {totals['original only']} on the originals only")
    return 0


if __name__ == "__main__":
    sys.exit(main())
