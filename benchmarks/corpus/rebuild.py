"""Rebuild the evaluation corpus of published reports from its manifest.

    python benchmarks/corpus/rebuild.py [DIR] [--manifest FILE]   # default DIR: /work/corpus

The documents themselves are not in this repository (their licences are unclear); the
manifest beside this script (``manifest.tsv``) records, for each file, the public git
repository, commit and path it was taken from, and its sha256. For each entry this script:

- leaves a file already in DIR alone when its sha256 matches (``ok``);
- otherwise, when a git mirror of the source repository exists under /work/.mirror
  (``/work/.mirror/OWNER+NAME/repo``, or ``$AUDITOR_CORPUS_MIRRORS``), takes the file out
  of it with ``git show COMMIT:PATH``, checks its sha256 and writes it (``rebuilt``);
- otherwise says which repository and path to fetch (``missing``).

It never downloads anything itself: bring the repository in first (for instance with the
search tool's ``fetch github:OWNER/NAME``), then run it again. One status line per file;
exit status 0 when every file is present and verified, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.tsv"
DEFAULT_DIR = Path("/work/corpus")
MIRRORS = Path(os.environ.get("AUDITOR_CORPUS_MIRRORS", "/work/.mirror"))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def mirror_of(repo: str) -> Path | None:
    """The git directory of a local mirror of ``owner/name``, if there is one."""
    mirrors = Path(os.environ.get("AUDITOR_CORPUS_MIRRORS", str(MIRRORS)))
    base = mirrors / repo.replace("/", "+")
    for candidate in (base / "repo", base, base.with_suffix(".git")):
        if (candidate / "HEAD").is_file() and (candidate / "objects").is_dir():
            return candidate
    return None


def git_show(git_dir: Path, commit: str, path: str) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", f"--git-dir={git_dir}", "show", f"{commit}:{path}"],
            capture_output=True,
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description="Rebuild the evaluation corpus from its manifest (never downloads).")
    ap.add_argument("dir", nargs="?", default=str(DEFAULT_DIR))
    ap.add_argument("--manifest", default=str(MANIFEST))
    args = ap.parse_args(argv[1:])
    target = Path(args.dir)
    target.mkdir(parents=True, exist_ok=True)
    with open(args.manifest, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    bad = 0
    for row in rows:
        name, want = row["file"], row["sha256"]
        dest = target / name
        if dest.is_file() and sha256(dest.read_bytes()) == want:
            print(f"ok       {name}")
            continue
        where = f"github:{row['source_repo']} {row['source_path']} @ {row['source_commit'][:12]}"
        git_dir = mirror_of(row["source_repo"])
        if git_dir is None:
            print(f"missing  {name}: fetch {where}")
            bad += 1
            continue
        data = git_show(git_dir, row["source_commit"], row["source_path"])
        if data is None:
            print(f"missing  {name}: the mirror {git_dir} lacks {where} (files of 4 MiB or more and LFS content are absent)")
            bad += 1
            continue
        if sha256(data) != want:
            print(f"MISMATCH {name}: sha256 {sha256(data)[:16]}… from {where}, manifest says {want[:16]}…")
            bad += 1
            continue
        dest.write_bytes(data)
        print(f"rebuilt  {name} ({len(data)} bytes)")
    print(f"{len(rows) - bad} of {len(rows)} files present and verified in {target}")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
