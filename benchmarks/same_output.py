"""The guard of a speed-up: the JSON output of two auditor commands, byte for byte.

    python benchmarks/same_output.py --base /path/to/main-venv/bin/auditor PATH [PATH ...]

Runs ``auditor check --format json --no-cache`` with the base command and with this tree's
(``--this``, default: the ``auditor`` beside this Python) on each path (a file or a folder:
folders with ``--jobs 2``), and compares stdout, stderr and the exit status. A speed-up that
changes any of them changes what users see. Prints one line per path and exits 1 when any
differs. Build the base command from the commit before the change in a venv of its own (a
second editable install of another tree would share the check package's name):

    git archive main | tar -x -C /tmp/base && python -m venv /tmp/base-venv \\
        && /tmp/base-venv/bin/pip install /tmp/base
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path


def _run(cmd: str, path: str) -> tuple[bytes, bytes, int]:
    args = [cmd, "check", "--format", "json", "--no-cache"]
    if Path(path).is_dir():
        args += ["--jobs", "2"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
    proc = subprocess.run([*args, path], capture_output=True, env=env, check=False)
    return proc.stdout, proc.stderr, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, help="the auditor command of the code before the change")
    ap.add_argument("--this", default=str(Path(sys.executable).parent / "auditor"), help="the auditor command of this tree")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    differ = 0
    for path in args.paths:
        a, b = _run(args.base, path), _run(args.this, path)
        if a == b:
            print(f"same       {path} ({len(a[0]):,} bytes of JSON, exit {a[2]})")
        else:
            differ += 1
            parts = [name for name, x, y in zip(("stdout", "stderr", "exit status"), a, b, strict=True) if x != y]
            print(f"DIFFERENT  {path}: {', '.join(parts)}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
