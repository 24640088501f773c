"""Issue 19's figures in one run, each with its target and its ratio to it.

    python benchmarks/speed.py            # everything (a few minutes on two cores)
    python benchmarks/speed.py --quick    # fewer repeats, a 200-report corpus, a 300-page PDF
    python benchmarks/speed.py --only md,start,pdf,big,cache

Sections:

md     Markdown: in-process read + check of the seed sample (ms/report, best of N) and of
       the generated corpus's reports (mean ms/report, in-process); reports/s of
       ``auditor check --no-cache --jobs 2`` over the generated corpus
       (``benchmarks/corpus.py``), with what it caught of the planted errors and its
       false alarms on clean reports (these must not change with any speed-up).
start  Cold start: ``auditor check --no-cache`` (default rich output) against ``proselint
       check`` on the same seed text, alternating, >= 10 runs each; wall and CPU time of the
       child processes. proselint is a benchmark-only dependency (``pip install '.[bench]'``).
pdf    PDF: in-process read + check of the 26-page budget PDF against pypdfium2's own
       text-and-boxes extraction of the same file (every page loaded, its text read and
       every character's loose box asked for: the floor any pdfium-based reader pays),
       interleaved in one process; PDFs/s of ``auditor check --no-cache --jobs 2`` over
       the real PDFs (copied three times: 21 files, cold start included).
big    A 1,000-page PDF made at run time by concatenating the real PDFs (pypdfium2), read
       and checked in a new process: time, time per page against the 26-page file's
       (linearity: 1.0 is linear), and the process's peak RSS.
cache  The cache after 1,000 files written by three different versions of auditor (the
       runs prune other versions' entries as ``auditor check`` does): its size, entries
       per version, and the same with a small cap.

Every timing is a ratio against a target, or against a floor or a peer measured in the
same run, so that a busy machine slows both sides alike; the load average is printed.
Nothing here is asserted (tests never assert timings).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import SAMPLE, _auditor_command, _corpus, _pdf_folder, _proselint_command, alternate, caught, throughput  # noqa: E402

TARGETS = {
    "md_ms": 15.0,  # ms per seed-sized report, in-process
    "md_rate": 150.0,  # reports/s with --jobs 2
    "start": 1.3,  # x proselint
    "pdf": 1.5,  # x the pypdfium2 floor
    "pdf_rate": 6.0,  # PDFs/s with --jobs 2
    "big_linear": 1.0,  # per-page time of 1,000 pages / of 26 pages (linear = 1.0)
    "big_rss": 400.0,  # MB
}


def _with_cpu(fn):
    """``fn()``'s result and the CPU time (user + system) of the child processes it ran:
    on a machine other jobs share, wall time measures them too, CPU time does not."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = fn()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return out, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _load() -> str:
    if not hasattr(os, "getloadavg"):
        return ""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


def _env() -> dict:
    # a user's Python keeps its bytecode: a run without .pyc files measures the compiler
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# ------------------------------------------------------------------------- Markdown


def markdown(n: int, repeats: int) -> None:
    from auditor.checking import registry
    from auditor.checking.engine import check_text

    checks = [c() for c in registry.load().values()]
    text = SAMPLE.read_text(encoding="utf-8")
    check_text(text, "warm-up", checks)
    best = cpu = float("inf")
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        check_text(text, "seed", checks)
        best, cpu = min(best, time.perf_counter() - t), min(cpu, time.process_time() - c)
    ms = best * 1000
    print(f"md    seed ({len(text):,} characters) read + checked in-process: {ms:.1f} ms wall, {cpu * 1000:.1f} ms CPU (best of {repeats}); "
          f"target <= {TARGETS['md_ms']:.0f} ms: {ms / TARGETS['md_ms']:.2f}x the target by wall time, {cpu * 1000 / TARGETS['md_ms']:.2f}x by CPU time")
    with _corpus(n) as (folder, reports):
        sample = reports[: min(len(reports), 100)]
        walls, cpus = [], []
        for _ in range(3):  # best of three passes over the same reports
            t, c = time.perf_counter(), time.process_time()
            for r in sample:
                check_text(r.text, r.name, checks)
            walls.append((time.perf_counter() - t) / len(sample) * 1000)
            cpus.append((time.process_time() - c) / len(sample) * 1000)
        mean, mean_cpu = min(walls), min(cpus)
        size = sum(len(r.text) for r in reports) / len(reports)
        print(f"      generated reports ({size:,.0f} characters on average, the benchmark corpus) in-process: {mean:.1f} ms/report wall, "
              f"{mean_cpu:.1f} ms CPU (mean over {len(sample)}, best of 3 passes); target <= {TARGETS['md_ms']:.0f} ms: "
              f"{mean / TARGETS['md_ms']:.2f}x by wall time, {mean_cpu / TARGETS['md_ms']:.2f}x by CPU time")
        planted = {r.name: r.planted for r in reports}
        (wall, result), cpu = _with_cpu(lambda: throughput(n, 2, folder))
        rate, idle = n / wall, n / (cpu / 2)
        print(f"      `auditor check --no-cache --format json --jobs 2` on {n} generated reports: {wall:.2f} s, {rate:.0f} reports/s; "
              f"{cpu:.1f} s of CPU in all its processes, i.e. {idle:.0f} reports/s on two idle cores; target >= {TARGETS['md_rate']:.0f}/s: "
              f"{rate / TARGETS['md_rate']:.2f}x the target by wall time, {idle / TARGETS['md_rate']:.2f}x from CPU time")
        hit, total, info_only, false_alarms = caught(result, planted)
        kinds = ", ".join(f"{k} {hit[k]}/{total[k]}" for k in sorted(total))
        print(f"      planted errors caught: {sum(hit.values())}/{sum(total.values())} ({kinds}); {info_only} more as info; "
              f"false alarms on clean reports: {false_alarms}/{n - sum(total.values())}")


# ------------------------------------------------------------------------- start-up


def startup(repeats: int) -> None:
    proselint = _proselint_command()
    if proselint is None:
        print("start proselint is not installed (pip install '.[bench]'): no comparison")
        return
    auditor = [*_auditor_command(), "check", "--no-cache", str(SAMPLE)]
    peer = [*proselint, "check", str(SAMPLE)]
    env = _env()
    fig = alternate({"auditor": auditor, "proselint": peer}, env, repeats)
    a, p = fig["auditor"], fig["proselint"]
    ratio = a[0] / p[0]
    print(f"start `auditor check --no-cache` (rich output) vs `proselint check` on the seed, {repeats} alternating runs each: "
          f"auditor {a[0] * 1000:.0f} ms median wall ({a[1] * 1000:.0f} best, {a[2] * 1000:.0f} CPU), "
          f"proselint {p[0] * 1000:.0f} ms ({p[1] * 1000:.0f} best, {p[2] * 1000:.0f} CPU)")
    print(f"      ratio {ratio:.2f}x median wall, {a[1] / p[1]:.2f}x best wall, {a[2] / p[2]:.2f}x CPU; "
          f"target <= {TARGETS['start']}x: {_verdict(ratio <= TARGETS['start'])}")


# ------------------------------------------------------------------------- PDF


def _budget_pdf() -> Path | None:
    folder = _pdf_folder()
    if folder is None:
        return None
    one = folder / "putuo-commerce-2025-dept-budget.pdf"
    return one if one.exists() else sorted(folder.glob("*.pdf"))[0]


def pdfium_floor(data: bytes) -> int:
    """pypdfium2's own text-and-boxes extraction: every page loaded, its text page built,
    its text read and every character's loose box asked for. Returns the characters."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    rect = raw.FS_RECTF()
    ref = ctypes.byref(rect)
    count = 0
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            n = tp.count_chars()
            text = tp.get_text_range(0, n) if n > 0 else ""
            boxes = []
            for k in range(n):
                if raw.FPDFText_GetLooseCharBox(tp.raw, k, ref):
                    boxes.append((text[k] if k < len(text) else "", rect.left, rect.bottom, rect.right, rect.top))
            count += len(boxes)
            tp.close()
            page.close()
    finally:
        pdf.close()
    return count


def pdf(repeats: int) -> float | None:
    """Returns the best in-process CPU seconds per page of the 26-page PDF (for ``big``)."""
    one = _budget_pdf()
    if one is None:
        print("pdf   no real PDFs found (set AUDITOR_PDF_SAMPLES)")
        return None
    from auditor.checking import registry
    from auditor.running.batch import check_data, plan_for

    plan = plan_for(list(registry.load()))
    data = one.read_bytes()
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(data))
    check_data(data, one.name, plan, keep_text=False)  # warm-up: imports, fonts, patterns
    pdfium_floor(data)
    from auditor.document.readers import read_bytes

    ours, reading, floor = [], [], []
    cpu_ours, cpu_reading, cpu_floor = [], [], []
    for _ in range(repeats):  # interleaved: a busy machine slows all alike
        t, c = time.perf_counter(), time.process_time()
        result, _ = check_data(data, one.name, plan, keep_text=False)
        ours.append(time.perf_counter() - t)
        cpu_ours.append(time.process_time() - c)
        t, c = time.perf_counter(), time.process_time()
        read_bytes(data, one.name, layout=False)  # as checking reads it
        reading.append(time.perf_counter() - t)
        cpu_reading.append(time.process_time() - c)
        t, c = time.perf_counter(), time.process_time()
        pdfium_floor(data)
        floor.append(time.perf_counter() - t)
        cpu_floor.append(time.process_time() - c)
    a, f = min(ours), min(floor)
    ratio = a / f
    cpu_ratio = min(cpu_ours) / min(cpu_floor)
    print(f"pdf   {one.name} ({pages} pages) read + checked in-process: {a * 1000:.0f} ms wall, {min(cpu_ours) * 1000:.0f} ms CPU "
          f"(best of {repeats}, {len(result.findings)} findings); pypdfium2 text + boxes floor {f * 1000:.0f} ms wall, {min(cpu_floor) * 1000:.0f} ms CPU; "
          f"ratio {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU; target <= {TARGETS['pdf']}x: {_verdict(min(ratio, cpu_ratio) <= TARGETS['pdf'])}")
    print(f"      of which reading alone {min(reading) * 1000:.0f} ms wall, {min(cpu_reading) * 1000:.0f} ms CPU "
          f"({min(reading) / f:.2f}x the floor by wall time, {min(cpu_reading) / min(cpu_floor):.2f}x by CPU time); checking the text the rest")
    folder = one.parent
    with tempfile.TemporaryDirectory(prefix="auditor-pdfs-") as tmp:
        pdfs = []
        for k in range(3):
            for p in sorted(folder.glob("*.pdf")):
                target = Path(tmp) / f"{k}-{p.name}"
                shutil.copyfile(p, target)
                pdfs.append(target)
        cmd = [*_auditor_command(), "check", "--no-cache", "--jobs", "2", "--format", "json", tmp]
        walls, cpus = [], []
        for _ in range(2 if repeats < 5 else 3):
            t = time.perf_counter()
            _, cpu = _with_cpu(lambda: subprocess.run(cmd, capture_output=True, check=False, env=_env()))
            walls.append(time.perf_counter() - t)
            cpus.append(cpu)
        rate, idle = len(pdfs) / min(walls), len(pdfs) / (min(cpus) / 2)
        print(f"      `auditor check --no-cache --jobs 2` on {len(pdfs)} real PDFs (the 7 shared ones, three times): {min(walls):.2f} s, "
              f"{rate:.1f} PDFs/s (best of {len(walls)}, cold start included); {min(cpus):.1f} s of CPU in all its processes, i.e. "
              f"{idle:.1f} PDFs/s on two idle cores; target >= {TARGETS['pdf_rate']:.0f}/s: {rate / TARGETS['pdf_rate']:.2f}x by wall time, "
              f"{idle / TARGETS['pdf_rate']:.2f}x from CPU time")
    return min(cpu_ours) / pages


_BIG = r"""
import resource, sys, time
from auditor.checking import registry
from auditor.running.batch import check_file, plan_for
plan = plan_for(list(registry.load()))
check_file(sys.argv[2], plan, keep_text=False)  # warm-up on the small file: imports, fonts
t, c = time.perf_counter(), time.process_time()
result, _ = check_file(sys.argv[1], plan, keep_text=False)
took, cpu = time.perf_counter() - t, time.process_time() - c
print(took, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(result.findings), result.error or "")
"""


def build_big(target: Path, pages: int) -> int:
    """A PDF of ``pages`` pages: the real PDFs concatenated, again and again."""
    import pypdfium2 as pdfium

    folder = _pdf_folder()
    sources = [pdfium.PdfDocument(p.read_bytes()) for p in sorted(folder.glob("*.pdf"))]
    out = pdfium.PdfDocument.new()
    k = 0
    while len(out) < pages:
        src = sources[k % len(sources)]
        take = min(len(src), pages - len(out))
        out.import_pages(src, list(range(take)))
        k += 1
    with open(target, "wb") as fh:
        out.save(fh)
    n = len(out)
    out.close()
    for s in sources:
        s.close()
    return n


def big(pages: int, per_page_small: float | None) -> None:
    one = _budget_pdf()
    if one is None:
        print("big   no real PDFs found")
        return
    with tempfile.TemporaryDirectory(prefix="auditor-big-") as tmp:
        path = Path(tmp) / f"big-{pages}.pdf"
        n = build_big(path, pages)
        proc = subprocess.run([sys.executable, "-c", _BIG, str(path), str(one)], capture_output=True, text=True, env=_env(), check=False)
        if proc.returncode != 0 or not proc.stdout.strip():
            print(f"big   the {n}-page check failed: {proc.stderr.strip().splitlines()[-1:] }")
            return
        took, cpu, rss_kb, findings, error = (proc.stdout.split(maxsplit=4) + [""])[:5]
        took, cpu, rss = float(took), float(cpu), int(rss_kb) / 1024
        line = (f"big   {n}-page PDF ({path.stat().st_size / 1e6:.1f} MB, the real PDFs concatenated) read + checked in a new process: "
                f"{took:.1f} s wall, {cpu:.1f} s CPU, {findings} findings")
        if error.strip():
            line += f" (error: {error.strip()})"
        print(line)
        if per_page_small:
            ratio = (cpu / n) / per_page_small
            print(f"      {cpu / n * 1000:.1f} ms CPU/page against {per_page_small * 1000:.1f} ms CPU/page for the 26-page file: linearity {ratio:.2f}x "
                  f"(1.0 = linear; the concatenation holds other documents than the 26-page one, with more tables per page)")
        print(f"      peak RSS {rss:.0f} MB; target <= {TARGETS['big_rss']:.0f} MB: {rss / TARGETS['big_rss']:.2f}x the target, {_verdict(rss <= TARGETS['big_rss'])}")


# ------------------------------------------------------------------------- cache


def cache(n: int) -> None:
    """``n`` generated reports checked once (--jobs 2, in-process pool); their entries
    written by three versions in turn (a third of the files each, the versions' runs
    pruning as ``auditor check`` does), then the same with a 1 MB cap."""
    from auditor.checking import registry
    from auditor.running.batch import check_files, plan_for
    from auditor.running.cache import DEFAULT_MAX_MB, Cache

    plan = plan_for(list(registry.load()))
    with _corpus(n) as (folder, _reports):
        paths = sorted(str(p) for p in folder.glob("*.md"))
        done = list(check_files(paths, plan, jobs=2, keep_text=True))
        versions = ["1" * 16, "2" * 16, "3" * 16]
        for cap in (DEFAULT_MAX_MB, 1.0):
            with tempfile.TemporaryDirectory(prefix="auditor-cache-") as tmp:
                written = 0
                for v, version in enumerate(versions):
                    c = Cache(tmp, salt=version, generation=version, max_mb=cap)
                    for i, (result, extracted) in enumerate(done):
                        if i % len(versions) == v:
                            written += c.store(c.key(Path(paths[i]).read_bytes(), paths[i]), result, extracted)
                    c.prune()
                files = [p for p in Path(tmp).rglob("*.json")]
                size = sum(p.stat().st_size for p in files) / 1024 / 1024
                by_version = {v[:4]: sum(1 for p in files if v in p.parts) for v in versions}
                print(f"cache {written} entries written for {len(paths)} files by 3 versions (cap {cap:g} MB): {size:.1f} MB left in "
                      f"{len(files)} entries ({', '.join(f'version {k}…: {c}' for k, c in by_version.items())}); "
                      f"{size / cap:.2f}x the cap, {_verdict(size <= cap and all(c == 0 for c in list(by_version.values())[:-1]))}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats, a 200-report corpus, a 300-page PDF")
    ap.add_argument("--corpus", type=int, default=None, help="generated reports (default 1000)")
    ap.add_argument("--pages", type=int, default=None, help="pages of the big PDF (default 1000)")
    ap.add_argument("--only", default="md,start,pdf,big,cache", help="sections, comma-separated")
    args = ap.parse_args()
    only = set(args.only.split(","))
    n = args.corpus or (200 if args.quick else 1000)
    print(f"Python {sys.version.split()[0]}; {_load()}; command: {' '.join(_auditor_command())}")
    if "md" in only:
        markdown(n, 5 if args.quick else 30)
    if "start" in only:
        startup(10 if args.quick else 20)
    per_page = None
    if "pdf" in only or "big" in only:
        per_page = pdf(3 if args.quick else 10)
    if "big" in only:
        big(args.pages or (300 if args.quick else 1000), per_page)
    if "cache" in only:
        cache(n)
    print(f"({_load()} at the end)")


if __name__ == "__main__":
    main()
