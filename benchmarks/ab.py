"""A/B of the Markdown path: two auditor installs timed in alternation on a busy machine.

    python benchmarks/ab.py --base /path/to/main-venv/bin/python [--rounds 6] [--runs 15] [--corpus 100]

Runs, turn about (A B, B A, A B …), a child process of each interpreter that reads and checks
the seed sample in-process (``check_text`` with every check, after a warm-up) ``--runs``
times and reports its best CPU time; with ``--corpus N`` the children also check N generated
reports (``benchmarks/corpus.py``, written once and read by both) in three passes and report
the best mean per report. Prints every child's figure, the best of each side and the ratio
this/base. Alternating and taking the best of each side lets the other jobs of a shared
machine slow both sides alike; a single run of each side is not a comparison. ``--this``
defaults to the Python running this script. Build the base from the commit before the change
in a venv of its own (see ``benchmarks/same_output.py``). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = Path("/work/shared/samples/foshan-hrss-2020-self-evaluation.md")


def _child(kind: str, runs: int) -> None:
    """In the child: the best CPU time (ms) of ``runs`` checks of the seed, or the best mean
    per report of three passes over the reports in folder ``kind[7:]``."""
    from auditor.checking import registry
    from auditor.checking.engine import check_text

    checks = [c() for c in registry.load().values()]
    if kind == "seed":
        texts = [(SEED.name, SEED.read_text(encoding="utf-8"))]
        passes = runs
    else:
        texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(Path(kind[len("corpus:"):]).glob("*.md"))]
        passes = 3
    for name, text in texts[:5]:
        check_text(text, name, checks)  # warm-up: lazy imports, first-use caches
    best = float("inf")
    for _ in range(passes):
        start = time.process_time()
        for name, text in texts:
            check_text(text, name, checks)
        best = min(best, (time.process_time() - start) / len(texts))
    print(f"{best * 1000:.3f}")


def _alternate(base: str, this: str, args: list[str], rounds: int) -> tuple[list[float], list[float]]:
    a: list[float] = []
    b: list[float] = []
    for i in range(rounds):
        order = ((base, a), (this, b)) if i % 2 == 0 else ((this, b), (base, a))
        for python, out in order:
            proc = subprocess.run([python, str(Path(__file__).resolve()), "--child", *args], capture_output=True, text=True, cwd=tempfile.gettempdir(), check=False)
            out.append(float(proc.stdout.strip() or "nan"))
    return a, b


def _report(what: str, a: list[float], b: list[float]) -> None:
    print(f"{what}: base {min(a):.1f} ms (runs {', '.join(f'{x:.1f}' for x in a)})")
    print(f"{' ' * len(what)}  this {min(b):.1f} ms (runs {', '.join(f'{x:.1f}' for x in b)})")
    print(f"{' ' * len(what)}  ratio this/base, best against best: {min(b) / min(a):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", help="the Python of the install to compare against")
    ap.add_argument("--this", default=sys.executable, help="the Python of the install measured (default: this one)")
    ap.add_argument("--rounds", type=int, default=6, help="children of each side, alternating")
    ap.add_argument("--runs", type=int, default=15, help="seed checks per child (its best is kept)")
    ap.add_argument("--corpus", type=int, default=0, help="also N generated reports (0: the seed only)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.runs)
        return
    if not args.base:
        ap.error("--base is required")
    load = f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs" if hasattr(os, "getloadavg") else ""
    print(f"base {args.base}, this {args.this}; {args.rounds} alternating rounds{load}")
    a, b = _alternate(args.base, args.this, ["seed", "--runs", str(args.runs)], args.rounds)
    _report(f"seed in-process CPU, best of {args.runs}", a, b)
    if args.corpus:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from corpus import write_corpus

        with tempfile.TemporaryDirectory(prefix="auditor-ab-") as tmp:
            write_corpus(Path(tmp), args.corpus)
            a, b = _alternate(args.base, args.this, [f"corpus:{tmp}"], max(2, args.rounds // 2))
            _report(f"{args.corpus} generated reports in-process CPU, mean per report, best of 3 passes", a, b)


if __name__ == "__main__":
    main()
