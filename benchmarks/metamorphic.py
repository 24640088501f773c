"""The same PDF printed another way must give the same findings. Each PDF of the given
folders is rewritten by pdfium into variants that show the same pages differently — turned
(the page's /Rotate), scaled onto a larger or smaller sheet (its content placed as a scaled
form, as "fit to paper" printing does), two pages to a sheet (N-up) — and each variant is
checked beside the original. Every error or warning one gives and the other does not, and
every standard identity whose status differs, is listed: each is a reading to look at (a
threshold in points, a clip in the wrong space, a layout the reader does not know).

    python benchmarks/metamorphic.py /work/corpus /work/holdout9 [--kinds rot90,scale1.414,2up] [--max-pages 40]

Needs nothing beyond auditor's own dependencies (pypdfium2 writes the variants). Findings are
compared by check and message, spaces aside (a variant's page numbers differ by nature: two
pages to a sheet halves them).
"""

from __future__ import annotations

import argparse
import collections
import ctypes
import json
import subprocess
import sys
import tempfile
from pathlib import Path

KINDS = ("rot90", "rot270", "scale1.414", "scale0.7", "2up")


def variant(kind: str, data: bytes):
    """The PDF ``data`` rewritten as ``kind``: ``rotN`` (turned N degrees), ``scaleF`` (on a
    sheet F times the size, the content scaled to it) or ``2up`` (two pages to a sheet)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    if kind.startswith("rot"):
        for i in range(len(pdf)):
            page = pdf[i]
            page.set_rotation((page.get_rotation() + int(kind[3:])) % 360)
        return pdf
    if kind.startswith("scale"):
        f = float(kind[5:])
        for i in range(len(pdf)):
            page = pdf[i]
            left, bottom, right, top = page.get_mediabox()
            m = raw.FS_MATRIX(f, 0, 0, f, -left * f, -bottom * f)
            clip = raw.FS_RECTF(0, (top - bottom) * f, (right - left) * f, 0)
            raw.FPDFPage_TransFormWithClip(page.raw, ctypes.byref(m), ctypes.byref(clip))
            page.set_mediabox(0, 0, (right - left) * f, (top - bottom) * f)
            page.set_cropbox(0, 0, (right - left) * f, (top - bottom) * f)
        return pdf
    if kind == "2up":
        w, h = pdf[0].get_size()
        return pdfium.PdfDocument(raw.FPDF_ImportNPagesToOne(pdf.raw, ctypes.c_float(2 * w), ctypes.c_float(h), 2, 1))
    raise ValueError(kind)


def _check(files: list[Path]) -> dict[str, tuple[collections.Counter, dict[str, str], str | None]]:
    """Per file name: its errors and warnings (check, message), its identities' statuses, its
    read error."""
    done = subprocess.run(
        [sys.executable, "-m", "auditor", "check", "--no-cache", "--jobs", "2", "--format", "json", *map(str, files)],
        capture_output=True, text=True, check=False,
    )
    out = {}
    for f in json.loads(done.stdout)["files"]:
        loud = collections.Counter((x["check"], "".join(x["message"].split())) for x in f.get("findings", []) if x["severity"] != "info")
        ids = {str(i["identity"]): i["status"] for i in f.get("identities", [])}
        out[Path(f["path"]).name] = (loud, ids, f.get("error"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated, of {', '.join(KINDS)} (and rotN, scaleF)")
    ap.add_argument("--max-pages", type=int, default=0, help="skip PDFs longer than this (0: none skipped)")
    args = ap.parse_args()
    import pypdfium2 as pdfium

    files = []
    for folder in args.folders:
        for p in sorted(folder.glob("*.pdf")) if folder.is_dir() else [folder]:
            try:
                pages = len(pdfium.PdfDocument(p.read_bytes()))
            except pdfium.PdfiumError:
                continue  # not a PDF pdfium opens: auditor says so itself
            if not args.max_pages or pages <= args.max_pages:
                files.append(p)
    base = _check(files)
    print(f"{len(files)} PDFs; kinds: {args.kinds}")
    for kind in args.kinds.split(","):
        with tempfile.TemporaryDirectory(prefix=f"auditor-{kind}-") as tmp:
            made = []
            for p in files:
                try:
                    variant(kind, p.read_bytes()).save(str(Path(tmp) / p.name))
                    made.append(Path(tmp) / p.name)
                except (pdfium.PdfiumError, OSError, ValueError) as exc:  # a file pdfium cannot rewrite
                    print(f"  {kind}: {p.name} not rewritten ({exc})")
            got = _check(made)
        changed = added = lost = ids_changed = 0
        for name, (loud, ids, error) in sorted(got.items()):
            was_loud, was_ids, was_error = base[name]
            new, gone = loud - was_loud, was_loud - loud
            moved = {i: (was_ids.get(i), s) for i, s in ids.items() if was_ids.get(i) != s}
            if not (new or gone or moved or error != was_error):
                continue
            changed += 1
            added += sum(new.values())
            lost += sum(gone.values())
            ids_changed += len(moved)
            print(f"  {kind} {name}: +{sum(new.values())} -{sum(gone.values())} findings, {len(moved)} identities" + (f", error {error!r}" if error != was_error else ""))
            for (check, message), _n in sorted(new.items()):
                print(f"      + {check} {message[:120]}")
            for (check, message), _n in sorted(gone.items()):
                print(f"      - {check} {message[:120]}")
            for identity, (a, b) in sorted(moved.items()):
                print(f"      identity {identity[:50]}: {a} -> {b}")
        print(f"{kind}: {len(got) - changed}/{len(got)} PDFs read alike; {added} errors and warnings added, {lost} lost, {ids_changed} identity statuses changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
