"""Digests of ``auditor extract`` for PDFs under several font setups: the reading must not
depend on the fonts a machine has installed.

    python benchmarks/font_setups.py [--font FILE ...] [PDF or folder ...]

Setups: pdfium offered no font at all, a made-up box font of another shape, and each
``--font FILE`` given (e.g. DroidSansFallbackFull.ttf taken out of Debian's
fonts-droid-fallback package with ``apt-get download`` and ``dpkg -x``, without installing
it). PDFs: those named, else the shared real PDFs, the shared non-embedded-font fixture and
the PDFs the tests generate. Prints one row per PDF: the digest under each setup and
whether they are all the same. Exit 0 always; the figures are for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def _digest(setup: str, pdf: Path) -> str:
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "fontsetup.py"), "--font", setup, "--", "extract", str(pdf)],
                          capture_output=True, check=False)
    if proc.returncode != 0:
        return "error:" + proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1][:40]
    return hashlib.sha256(proc.stdout).hexdigest()[:16]


def _default_pdfs(tmp: Path) -> list[Path]:
    shared = next((p for p in (ROOT / "samples" / "real" / "pdf", ROOT.parent / "shared" / "samples" / "real" / "pdf") if p.is_dir()), None)
    pdfs = sorted(shared.glob("*.pdf")) if shared else []
    pdfs += sorted((ROOT / "samples").rglob("*.pdf"))
    fixture = ROOT.parent / "shared" / "fixtures" / "nonembedded-font-budget.pdf"
    if fixture.exists():
        pdfs.append(fixture)
    from test_pdf_fonts import PDFS  # the generated fixtures of the reader's font test

    for name, make in PDFS.items():
        path = tmp / f"generated-{name}.pdf"
        path.write_bytes(make())
        pdfs.append(path)
    return pdfs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--font", action="append", default=[], help="a font file pdfium is offered for every substitution")
    ap.add_argument("paths", nargs="*")
    args = ap.parse_args()
    setups = ["none", "box:900,1100,-400", *args.font]
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = [p for arg in args.paths for p in (sorted(Path(arg).rglob("*.pdf")) if Path(arg).is_dir() else [Path(arg)])] or _default_pdfs(Path(tmp))
        print("setups: " + " | ".join(Path(s).name if "/" in s else s for s in setups))
        same = 0
        for pdf in pdfs:
            digests = [_digest(s, pdf) for s in setups]
            ok = len(set(digests)) == 1
            same += ok
            print(f"{'same' if ok else 'DIFFERENT'}  {pdf.name}: {' '.join(digests)}")
        print(f"{same}/{len(pdfs)} PDFs read identically under all {len(setups)} font setups")
    return 0


if __name__ == "__main__":
    sys.exit(main())
