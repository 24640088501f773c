"""Benchmarks: prints the figures docs/benchmarks.md reports.

    python benchmarks/run.py            # all four
    python benchmarks/run.py --quick    # fewer repeats and a 200-report corpus

(a) in-process time to read and check the sample (best of N, after one warm-up run);
(b) wall time of the ``auditor`` command on the sample from a cold start (a new process);
(c) throughput over a generated corpus of 1,000 reports, with --jobs 1 and --jobs 2,
    and what the checks caught of the errors planted in it;
(d) time against document size: the sample repeated 1x, 10x, 100x;
(e) PDF: in-process read + check of a real 26-page budget PDF, and PDFs per second of
    ``auditor check --jobs 2`` over the folder of real PDFs;
(f) a 50-page Word document (generated reports written as .docx with Word's own list
    numbering and tables) read and checked in-process;
(g) start-up: the cold start of ``auditor check --format json`` on the sample side by side
    with proselint's on the same file (wall and CPU time of the child process, interleaved);
(h) the cache: checking an unchanged folder of generated reports a second time;
(i) a Dask cluster: --jobs 2 against a LocalCluster of two worker processes on the corpus;
(j) a workbook of 10 sheets x 300 rows x 8 columns read by the Excel reader, against
    openpyxl's own time to load it in read-only and in normal mode.

``--only e,f`` runs only the named sections.

Nothing here is asserted: the figures are printed, with the targets beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "foshan-hrss-2020-self-evaluation.md"
sys.path.insert(0, str(ROOT / "benchmarks"))


def _auditor_command() -> list[str]:
    exe = Path(sys.executable).parent / ("auditor.exe" if os.name == "nt" else "auditor")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("auditor")
    return [found] if found else [sys.executable, "-m", "auditor"]


def _checker():
    from auditor.checking import registry
    from auditor.checking.engine import check_text

    checks = [c() for c in registry.load().values()]
    return lambda text, name: check_text(text, name, checks)


def _pdf_folder() -> Path | None:
    """The real PDFs: ``AUDITOR_PDF_SAMPLES``, else samples/real/pdf in the tree, else the
    shared folder beside the clone (../shared)."""
    for folder in (os.environ.get("AUDITOR_PDF_SAMPLES"), ROOT / "samples" / "real" / "pdf", ROOT.parent / "shared" / "samples" / "real" / "pdf"):
        if folder and Path(folder).is_dir() and any(Path(folder).glob("*.pdf")):
            return Path(folder)
    return None


def pdf_figures(repeats: int) -> None:
    """(e) Reading and checking PDFs: one budget in-process, the folder with --jobs 2."""
    folder = _pdf_folder()
    if folder is None:
        print("(e) PDF: no real PDFs found (set AUDITOR_PDF_SAMPLES)")
        return
    from auditor.document.readers import read

    pdfs = sorted(folder.glob("*.pdf"))
    one = folder / "putuo-commerce-2025-dept-budget.pdf"
    one = one if one.exists() else pdfs[0]

    def read_and_check() -> tuple[float, float, float]:
        t0, c0 = time.perf_counter(), time.process_time()
        ex = read(str(one))
        t1 = time.perf_counter()
        check_text_with_origins(ex)
        return time.perf_counter() - t0, t1 - t0, time.process_time() - c0

    from auditor.checking import registry
    from auditor.checking.engine import check_text

    checks = [c() for c in registry.load().values()]

    def check_text_with_origins(ex):
        return check_text(ex.text, str(one), checks, ex.origins)

    read_and_check()
    best_total, best_read, cpu = min(read_and_check() for _ in range(repeats))
    print(
        f"(e) in-process read + check of {one.name}: {best_total:.3f} s, of which reading {best_read:.3f} s; "
        f"{cpu:.3f} s of CPU (best of {repeats}; target <= 1.0 s)"
    )
    cmd = [*_auditor_command(), "check", "--no-cache", "--jobs", "2", "--format", "json", *map(str, pdfs)]
    import resource

    walls, cpus = [], []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    wall, cpu = min(walls), min(cpus)
    print(
        f"    `auditor check --jobs 2` on {len(pdfs)} real PDFs: {wall:.2f} s, {len(pdfs) / wall:.1f} PDFs/s "
        f"(best of 3, cold start included; target >= 3 PDFs/s); {cpu:.2f} s of CPU in all its processes"
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if load > (os.cpu_count() or 1):
        print(f"    note: load average {load:.1f} on {os.cpu_count()} CPUs while measuring; wall times are inflated, CPU times are not")


def in_process(text: str, repeats: int) -> float:
    check = _checker()
    check(text, "warm-up")
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        check(text, "sample")
        best = min(best, time.perf_counter() - t)
    return best


def cold_start(repeats: int, fmt: str) -> tuple[float, float]:
    cmd = [*_auditor_command(), "check", "--no-cache", "--format", fmt, str(SAMPLE)]
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def throughput(n: int, jobs: int, folder: Path, *extra: str) -> tuple[float, dict]:
    cmd = [*_auditor_command(), "check", "--no-cache", "--format", "json", "--jobs", str(jobs), *extra, str(folder)]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, check=False)
    wall = time.perf_counter() - t
    return wall, json.loads(proc.stdout)


def alternate(cmds: dict[str, list[str]], env: dict, repeats: int) -> dict[str, tuple[float, float, float]]:
    """Run each command once to warm the file cache and the bytecode, then ``repeats`` times
    in turn: name -> (median wall, best wall, median CPU) seconds."""
    for cmd in cmds.values():
        _child_run(cmd, env)
    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in cmds}
    for _ in range(repeats):
        for k, cmd in cmds.items():
            runs[k].append(_child_run(cmd, env))
    return {k: (statistics.median(w for w, _ in v), min(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}


def _child_run(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``cmd`` in a new process."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _proselint_command() -> list[str] | None:
    exe = Path(sys.executable).parent / "proselint"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("proselint")
    return [found] if found else None


def startup(repeats: int) -> None:
    """(g) The cold start of ``auditor check --format json`` on the sample against proselint
    (not a dependency: ``pip install proselint`` beside auditor to compare) on the same file.
    The two run alternately, so that a busy machine slows both alike; the median and the
    best of each are printed, wall and CPU time."""
    auditor = [*_auditor_command(), "check", "--no-cache", "--format", "json", str(SAMPLE)]
    proselint = _proselint_command()
    if proselint is None:
        print("(g) start-up: proselint is not installed here (pip install proselint), no comparison")
        return
    proselint = [*proselint, "check", str(SAMPLE)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # a user's Python keeps its bytecode
    fig = alternate({"auditor": auditor, "proselint": proselint}, env, repeats)
    a, p = fig["auditor"], fig["proselint"]
    print(f"(g) start-up on the sample, {repeats} alternate runs each: auditor {a[0]:.3f} s median, {a[1]:.3f} s best, {a[2]:.3f} s CPU; "
          f"proselint {p[0]:.3f} s median, {p[1]:.3f} s best, {p[2]:.3f} s CPU")
    print(f"    ratio auditor/proselint: {a[0] / p[0]:.2f}x median wall, {a[1] / p[1]:.2f}x best wall, {a[2] / p[2]:.2f}x CPU (target <= 1.5x)")


@contextmanager
def _corpus(n: int):
    from corpus import write_corpus

    with tempfile.TemporaryDirectory(prefix="auditor-corpus-") as tmp:
        folder = Path(tmp)
        reports = write_corpus(folder, n)
        (folder / "planted.json").unlink()
        yield folder, reports


def cache_rerun(n: int) -> None:
    """(h) A folder checked twice with the cache: the first run checks and writes every
    entry, the second reads them back; then one file changed and the folder again."""
    with _corpus(n) as (folder, _), tempfile.TemporaryDirectory(prefix="auditor-cache-") as cache:
        env = {**os.environ, "AUDITOR_CACHE_DIR": cache}
        cmd = [*_auditor_command(), "check", "--format", "json", "--jobs", "2", str(folder)]
        nocache = [*_auditor_command(), "check", "--no-cache", "--format", "json", "--jobs", "2", str(folder)]
        took = {}
        for name, c in (("no cache", nocache), ("first, writing the cache", cmd), ("second, unchanged", cmd)):
            t = time.perf_counter()
            subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
            took[name] = time.perf_counter() - t
        first = sorted(folder.glob("*.md"))[0]
        first.write_text(first.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
        took["one file changed"] = time.perf_counter() - t
        size = sum(f.stat().st_size for f in Path(cache).rglob("*.json")) / n / 1024
        print(f"(h) cache, {n} generated reports, --jobs 2: " + "; ".join(f"{k} {v:.2f} s" for k, v in took.items())
              + f" (entries {size:.0f} KB each)")


def cluster(n: int) -> None:
    """(i) The corpus checked with --jobs 2 and on a local Dask cluster of two single-threaded
    worker processes on loopback (the cluster is started before the clock starts, as a
    real one would be running already)."""
    try:
        from distributed import LocalCluster
    except ImportError:
        print("(i) cluster: distributed is not installed (pip install '.[dask]'), skipped")
        return
    with _corpus(n) as (folder, _):
        local, _ = throughput(n, 2, folder)
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, protocol="tcp", host="127.0.0.1", dashboard_address=None) as c:
            throughput(min(n, 20), 1, folder, "--scheduler", c.scheduler_address)  # workers import auditor once
            remote, _ = throughput(n, 1, folder, "--scheduler", c.scheduler_address)
        print(f"(i) {n} generated reports: --jobs 2 {local:.2f} s ({n / local:.0f} reports/s); "
              f"local Dask cluster, 2 worker processes {remote:.2f} s ({n / remote:.0f} reports/s)")


def caught(report: dict, planted: dict[str, str | None]) -> tuple[Counter, Counter, int, int]:
    """Per planted kind: reports with an error or warning / reports; planted reports with
    only an info; and clean reports with an error or warning (false alarms)."""
    hit, total, info_only, false_alarms = Counter(), Counter(), 0, 0
    for f in report["files"]:
        kind = planted.get(Path(f["path"]).name)
        flagged = any(x["severity"] in ("error", "warning") for x in f["findings"])
        if kind is None:
            false_alarms += flagged
        else:
            total[kind] += 1
            hit[kind] += flagged
            info_only += not flagged and bool(f["findings"])
    return hit, total, info_only, false_alarms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats, a 200-report corpus")
    ap.add_argument("--corpus", type=int, default=None, help="number of generated reports (default 1000)")
    ap.add_argument("--only", default="abcdefghij", help="the sections to run, e.g. e,f (default: all)")
    args = ap.parse_args()
    only = set(args.only.replace(",", ""))
    n = args.corpus or (200 if args.quick else 1000)
    repeats = 5 if args.quick else 30
    text = SAMPLE.read_text(encoding="utf-8")

    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} CPUs; command: {' '.join(_auditor_command())}")

    if "a" in only:
        a = in_process(text, repeats)
        print(f"(a) in-process read + check of the sample: {a * 1000:.1f} ms (best of {repeats}; target < 20 ms)")

    for fmt in ("json", "rich") if "b" in only else ():
        best, median = cold_start(3 if args.quick else 10, fmt)
        print(f"(b) cold start, `auditor check --format {fmt}` on the sample: {best:.3f} s best, {median:.3f} s median (target < 0.3 s)")

    if "c" in only:
        corpus_throughput(n)
    if "d" in only:
        sizes(text, 3 if args.quick else 5)
    if "e" in only:
        pdf_figures(3 if args.quick else 10)
    if "f" in only:
        word_document(3 if args.quick else 10)
    if "g" in only:
        startup(5 if args.quick else 10)
    if "h" in only:
        cache_rerun(n)
    if "i" in only:
        cluster(n)
    if "j" in only:
        excel_workbook(2 if args.quick else 5)


def corpus_throughput(n: int) -> None:
    with _corpus(n) as (folder, reports):
        planted = {r.name: r.planted for r in reports}
        size = sum(len(r.text.encode("utf-8")) for r in reports) / n / 1024
        print(f"(c) corpus: {n} generated reports, {size:.1f} KB each on average, {sum(1 for r in reports if r.planted)} with a planted error")
        result = None
        for jobs in (1, 2):
            wall, result = throughput(n, jobs, folder)
            print(f"    --jobs {jobs}: {wall:.2f} s, {n / wall:.0f} reports/s (target with 2 jobs: >= 100/s)")
        hit, total, info_only, false_alarms = caught(result, planted)
        kinds = ", ".join(f"{k} {hit[k]}/{total[k]}" for k in sorted(total))
        print(f"    planted errors caught (error or warning): {sum(hit.values())}/{sum(total.values())} ({kinds}); {info_only} more as info")
        print(f"    clean reports with an error or warning (false alarms): {false_alarms}/{n - sum(total.values())}")



def sizes(text: str, runs: int) -> None:
    # The same estimator at every size (the median of the same number of runs), so that a
    # short run's luckiest timing is not set against a long run's typical one.
    check = _checker()
    base = None
    parts = []
    for times in (1, 10, 100):
        big = "\n\n".join([text] * times)
        check(big, "warm-up")
        took = []
        for _ in range(runs):
            t = time.perf_counter()
            check(big, f"x{times}")
            took.append(time.perf_counter() - t)
        median = statistics.median(took)
        base = base or median
        parts.append(f"{times}x {median * 1000:.0f} ms ({median / base:.1f}x)")
    print(f"(d) size, median of {runs} runs: {'; '.join(parts)} (target: 100x under 120x the 1x time)")


def _as_docx(markdown: str):
    """A generated Markdown report written as a Word document: headings in heading styles
    with Word's automatic numbering (the labels taken out of the text), tables as Word
    tables, paragraphs as paragraphs."""
    import re

    sys.path.insert(0, str(ROOT / "tests"))
    from officegen import Docx, chinese_outline

    d = Docx()
    outline = chinese_outline(d)
    reports = 0
    label = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
    rows: list[list[str]] = []
    for line in markdown.splitlines() + [""]:
        if line.strip().startswith("|"):
            if not re.match(r"^\s*\|[\s:|-]+\|\s*$", line):
                rows.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        if "\t" in line:
            rows.append([c.strip() for c in line.split("\t")])
            continue
        if rows:
            width = max(len(r) for r in rows)
            d.table([r + [""] * (width - len(r)) for r in rows])
            rows = []
        text = line.strip().replace("**", "")
        if not text:
            continue
        if text.endswith("绩效自评报告") and len(text) < 40:  # each report's title: its outline starts again
            outline = d.instance(0, restart={0: 1}) if reports else outline
            reports += 1
        if text.startswith("#"):
            level = len(text) - len(text.lstrip("#"))
            title = text.lstrip("#").strip()
            m = label.match(title)
            ilvl = 0 if m and title.endswith("、", 0, m.end()) else 1
            d.heading(title[m.end():] if m else title, min(level, 3), num=outline if m else None, ilvl=ilvl)
        else:
            d.para(text)
    return d


def word_document(repeats: int) -> None:
    """(f) A 50-page .docx read and checked, in-process (best of ``repeats``)."""
    from corpus import generate

    from auditor.checking.engine import check_text
    from auditor.checking.registry import load
    from auditor.document.readers import read_bytes

    parts, chars = [], 0
    i = 0
    while chars < 50 * 800:  # a page of a Chinese report holds about 800 characters
        text = generate(i, plant_share=0).text
        parts.append(text)
        chars += len(text)
        i += 1
    data = _as_docx("\n\n".join(parts)).to_bytes()
    checks = [cls() for cls in load().values()]

    def once():
        ex = read_bytes(data, "big.docx")
        return ex, check_text(ex.text, "big.docx", checks, ex.origins)

    once()
    best_read = best_all = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        ex = read_bytes(data, "big.docx")
        mid = time.perf_counter()
        result = check_text(ex.text, "big.docx", checks, ex.origins)
        end = time.perf_counter()
        best_read, best_all = min(best_read, mid - t), min(best_all, end - t)
    print(f"(f) Word: {len(data) / 1024:.0f} KB .docx, about {chars // 800} pages ({chars} characters, {len(parts)} generated reports): "
          f"read {best_read * 1000:.0f} ms, read + check {best_all * 1000:.0f} ms (best of {repeats}; target <= 500 ms); "
          f"{result.quantities} figures, {len(result.verified)} relations held, {len(result.findings)} findings")


def excel_workbook(repeats: int) -> None:
    """(j) The Excel reader on a large workbook, and what openpyxl alone takes: read-only
    mode (which the reader uses: covered cells of merged ranges read empty either way)
    against normal mode."""
    import io
    import random

    import openpyxl

    from auditor.document.readers import read_bytes

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    rng = random.Random(1)
    for s in range(10):
        ws = wb.create_sheet(f"表{s + 1}")
        ws.append([f"2025年部门预算表{s + 1}"])
        ws.merge_cells("A1:H1")
        ws.append(["单位：万元"])
        ws.append(["科目编码", "科目名称", "合计", "基本支出", "项目支出", "上年", "增减", "增减率"])
        for r in range(300):
            ws.append([str(2010000 + r), f"科目{r}"] + [round(rng.random() * 1000, 2) for _ in range(6)])
            for c in ws[ws.max_row][2:]:
                c.number_format = "#,##0.00"
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()

    def best(fn) -> float:
        out = float("inf")
        for _ in range(repeats):
            t = time.perf_counter()
            fn()
            out = min(out, time.perf_counter() - t)
        return out

    def load(read_only: bool) -> None:
        w = openpyxl.load_workbook(io.BytesIO(data), read_only=read_only, data_only=True)
        for ws in w.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass

    ro, full = best(lambda: load(True)), best(lambda: load(False))
    reader = best(lambda: read_bytes(data, "big.xlsx"))
    print(f"(j) Excel: {len(data) // 1024} KB .xlsx, 10 sheets x 303 rows x 8 columns: reader {reader * 1000:.0f} ms; "
          f"openpyxl alone {ro * 1000:.0f} ms read-only, {full * 1000:.0f} ms normal mode (best of {repeats})")


if __name__ == "__main__":
    main()
