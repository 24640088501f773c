"""Replay a change on the code each held-out set was first measured with.

    python benchmarks/replay.py COMMIT [COMMIT ...] [--sets 5,6,7] [--baseline]

Each held-out set was measured once, on the frozen code of that moment, before anyone read its
findings (``benchmarks/first_runs.tsv``: set, commit, folder). That first run is the honest
figure for reports nobody here had seen. A later change can only be judged on them again by
running it on the code of that moment, not on main (which has since been fixed on the same
documents): for each set this script checks out its first-run commit in a temporary worktree,
applies the given commits on top (``git cherry-pick -n``; a conflict outside ``auditor/`` and
``checks/`` — docs, tests — keeps the old side, a conflict in the code skips the set), and runs
``precision.py`` on the set's folder with that code (``PYTHONPATH``; the installed auditor is not
used). ``--baseline`` also runs the first-run code unchanged, which must give the recorded first
run. Nothing is written to the repository; the worktrees are removed at the end.

It prints, per set, the overall precision line of each run and the catches lost: a change that
turns false alarms into notes without losing a true finding shows fewer judged and no "lost".
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CODE = ("auditor/", "checks/")


def git(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


def prepare(tree: Path, first: str, commits: list[str]) -> str | None:
    """A worktree at ``first`` with ``commits`` applied; None, or why it could not be made."""
    made = git("worktree", "add", "--detach", str(tree), first)
    if made.returncode:
        return made.stderr.strip().splitlines()[-1]
    for c in commits:
        git("cherry-pick", "-n", c, cwd=tree)
        conflicted = git("diff", "--name-only", "--diff-filter=U", cwd=tree).stdout.split()
        if any(p.startswith(CODE) for p in conflicted):
            return f"{c}: conflicts in {', '.join(p for p in conflicted if p.startswith(CODE))}"
        for p in conflicted:  # docs and tests: the old side, they do not run
            git("checkout", "--ours", "--", p, cwd=tree)
            git("add", p, cwd=tree)
    links = tree / "_path"
    links.mkdir()
    (links / "auditor").symlink_to(tree / "auditor")
    (links / "auditor_checks").symlink_to(tree / "checks")
    return None


def measure(links: Path, folder: Path, verdicts: Path) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(links)}
    out = subprocess.run([sys.executable, str(HERE / "precision.py"), str(folder), "--verdicts", str(verdicts), "--jobs", "2"],
                         cwd=tempfile.gettempdir(), env=env, capture_output=True, text=True, check=False).stdout
    lines = out.splitlines()
    keep = [ln for ln in lines if ln.startswith(("PDF: precision", "Word/Excel: precision", "overall: precision", "verdicts whose finding"))]
    keep += [ln for ln in lines if ln.lstrip().startswith("lost:")]
    return keep or ["(no output)"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("commits", nargs="+")
    ap.add_argument("--sets", help="set numbers, comma-separated (default: all in first_runs.tsv)")
    ap.add_argument("--baseline", action="store_true", help="also run each first-run commit unchanged")
    args = ap.parse_args()
    commits = [git("rev-parse", c).stdout.strip() or c for c in args.commits]
    rows = list(csv.DictReader((HERE / "first_runs.tsv").open(encoding="utf-8"), delimiter="\t"))
    wanted = set(args.sets.split(",")) if args.sets else None
    with tempfile.TemporaryDirectory(prefix="auditor-replay-") as tmp:
        trees = []
        try:
            for row in rows:
                if wanted and row["set"] not in wanted:
                    continue
                folder, verdicts = Path(row["folder"]), HERE / row["verdicts"]
                print(f"set {row['set']} (first run at {row['commit'][:7]}, {folder})")
                if not folder.is_dir():
                    print("  folder missing: rebuild it with benchmarks/corpus/rebuild.py")
                    continue
                runs = [("first run", [])] if args.baseline else []
                runs.append(("with the change", commits))
                for label, applied in runs:
                    tree = Path(tmp) / f"s{row['set']}-{len(trees)}"
                    trees.append(tree)
                    why = prepare(tree, row["commit"], applied)
                    if why:
                        print(f"  {label}: not applied ({why})")
                        continue
                    for line in measure(tree / "_path", folder, verdicts):
                        print(f"  {label}: {line.strip()}")
        finally:
            for tree in trees:
                git("worktree", "remove", "--force", str(tree))
            git("worktree", "prune")


if __name__ == "__main__":
    main()
