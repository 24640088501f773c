"""Precision of auditor on the evaluation corpus of published reports, against the verdicts.

    python benchmarks/precision.py [DIR] [--verdicts FILE] [--jobs N] [--json OUT]

DIR defaults to /work/corpus (rebuild it with ``benchmarks/corpus/rebuild.py``). The
script runs ``auditor check --format json --no-cache`` once over every report in DIR
(from inside DIR, so that each finding's fingerprint is that of the bare file name, as in
the verdicts) and matches every error and warning to ``benchmarks/corpus/verdicts.tsv``
by (file, fingerprint). A fingerprint (``auditor.checking.fingerprints``) is made of the check, the
flagged text and a few characters around it: it survives edits of the message wording
and of other parts of the report, and a finding whose flagged words change is a new one.
A finding whose fingerprint has no verdict (a reader change moved the words around it)
takes the verdict of a finding of the same file, check, page and message (the first 160
characters kept in the verdicts) if one is left unmatched; these are counted as matched
by message.

It prints, separately for PDF and for Word/Excel and overall:
- precision per check and overall: true / (true + false) over the findings that have a
  verdict, with the counts;
- the findings without a verdict (new since adjudication), listed so they can be read;
- the verdicts whose finding no longer appears: true ones (a catch lost, listed) and false
  ones (a false alarm gone);
the false alarms still reported, by the class recorded in the verdicts, the documents the
auditor could not read, and, per document, the identities not attempted when the JSON says
so (a file entry's
``identities``: a list of ``{"name"/"identity", "status", "reason"}`` or a mapping of name
to status; any status other than held/failed/verified counts as not attempted).

Nothing is asserted; the exit status is always 0.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERDICTS = HERE / "corpus" / "verdicts.tsv"
DEFAULT_DIR = Path("/work/corpus")
OFFICE = {"docx", "xlsx", "xls", "doc"}
READABLE = {"pdf", "docx", "xlsx", "xls", "doc"}  # the corpus folder also holds notes (.md): not reports
MANIFEST = HERE / "corpus" / "manifest.tsv"
ATTEMPTED = {"held", "failed", "verified", "ok", "attempted"}


TEXT = {"md", "markdown", "txt"}


def group_of(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower()
    return "Word/Excel" if ext in OFFICE else "Markdown" if ext in TEXT else "PDF"


def run_auditor(folder: Path, jobs: int, manifest: Path = MANIFEST) -> dict:
    """auditor's JSON on the set's documents: those its manifest lists (whatever their format:
    a set of Markdown conversions lists ``.md`` files), else the folder's PDF, Word and Excel files."""
    listed = set()
    if manifest.is_file():
        listed = {r["file"] for r in csv.DictReader(manifest.open(encoding="utf-8"), delimiter="\t")}
    files = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name in listed)
    if not files:
        files = sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower().lstrip(".") in READABLE)
    cmd = [sys.executable, "-m", "auditor", "check", "--format", "json", "--no-cache", "--fail-on", "never", "--jobs", str(jobs), *files]
    done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, check=False)
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        sys.stderr.write(done.stderr[-2000:])
        return {"files": []}


def message_key(name: str, check: str, where: str, message: str) -> tuple[str, str, str, str]:
    """A finding's place and words as the verdicts keep them (message cut to 160 characters)."""
    text = message[:160].replace("\t", " ").replace("\n", " ")
    return (name, check, str(where), text.strip())


def not_attempted(entry: dict) -> list[str]:
    ids = entry.get("identities")
    out = []
    if isinstance(ids, dict):
        ids = [{"name": k, **(v if isinstance(v, dict) else {"status": v})} for k, v in ids.items()]
    for item in ids or []:
        if not isinstance(item, dict):
            continue
        status = str(item.get("status", "")).lower()
        if status and status not in ATTEMPTED:
            name = item.get("name") or item.get("identity") or item.get("id") or "?"
            reason = item.get("reason") or status
            out.append(f"{name} ({reason})")
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default=str(DEFAULT_DIR))
    ap.add_argument("--verdicts", default=str(VERDICTS))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", help="also write the auditor's JSON output here")
    args = ap.parse_args(argv[1:])
    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"{folder}: no such folder (rebuild it with benchmarks/corpus/rebuild.py)")
        return 0
    verdicts = {}
    with open(args.verdicts, encoding="utf-8") as f:
        for i, r in enumerate(csv.DictReader(f, delimiter="\t")):
            if "page" not in r and (m := re.match(r"p(\d+)", r.get("page_line", ""))):
                r["page"] = m.group(1)  # the first held-out set's verdicts: page_line "p3 l31", no fingerprint
            verdicts[(r["file"], r.get("fingerprint") or f"row-{i}")] = r
    by_message = collections.defaultdict(list)  # second chance, for findings whose fingerprint moved
    for k, r in verdicts.items():
        by_message[message_key(r["file"], r["check"], r.get("page", ""), r.get("message", ""))].append(k)
    t0 = time.monotonic()
    out = run_auditor(folder, args.jobs, Path(args.verdicts).with_name("manifest.tsv"))
    elapsed = time.monotonic() - t0
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")

    tally = collections.defaultdict(lambda: collections.Counter())  # (group, check) -> Counter(true/false/new)
    seen = set()
    new = []
    docs = 0
    gaps = []
    unreadable = []
    classes = collections.Counter()  # false-alarm classes of the findings still reported
    still_false = []  # and the findings themselves, so that they can be read
    by_msg = 0
    current = {(os.path.basename(e["path"]), x["fingerprint"]) for e in out.get("files", []) for x in e.get("findings", [])}
    for entry in out.get("files", []):
        name = os.path.basename(entry["path"])
        docs += 1
        g = group_of(name)
        for x in entry.get("findings", []):
            if x["severity"] not in ("error", "warning"):
                continue
            key = (name, x["fingerprint"])
            v = verdicts.get(key)
            if v is None:
                where = str(x.get("page") or x.get("cell") or "")
                for alt in by_message.get(message_key(name, x["check"], where, x["message"]), []):
                    if alt not in seen and (name, alt[1]) not in current:
                        key, v = alt, verdicts[alt]
                        by_msg += 1
                        break
            if v is None:
                tally[(g, x["check"])]["new"] += 1
                where = x.get("page") or x.get("cell") or f"L{x.get('line')}"
                new.append(f"{name} {where} {x['check']}: {x['message'][:110]}")
            else:
                seen.add(key)
                tally[(g, x["check"])][v["verdict"]] += 1
                if v["verdict"] == "false":
                    classes[v.get("class") or "?"] += 1
                    where = x.get("page") or x.get("cell") or f"L{x.get('line')}"
                    still_false.append(f"{name} {where} {x['check']} [{v.get('class') or '?'}]: {x['message'][:100]}")
        missing = not_attempted(entry)
        if missing:
            gaps.append(f"{name}: " + "; ".join(missing))
        if entry.get("error"):
            unreadable.append(f"{name}: {entry['error'][:160]}")

    present = {os.path.basename(e["path"]) for e in out.get("files", [])}
    gone = collections.Counter(v["verdict"] for k, v in verdicts.items() if k not in seen and k[0] in present)
    lost = [v for k, v in sorted(verdicts.items()) if k not in seen and k[0] in present and v["verdict"] == "true"]

    print(f"auditor on {docs} documents in {folder} (--jobs {args.jobs}): {elapsed:.1f} s")
    shown = ["PDF", "Word/Excel"] + (["Markdown"] if any(gg == "Markdown" for gg, _ in tally) else [])
    for g in (*shown, None):
        rows = {c: t for (gg, c), t in tally.items() if g is None or gg == g}
        if g is None and len({gg for gg, _ in tally}) < 2:
            continue  # one group only: overall is the same table
        merged = collections.defaultdict(collections.Counter)
        for (gg, c), t in tally.items():
            if g is None or gg == g:
                merged[c].update(t)
        total = collections.Counter()
        for t in merged.values():
            total.update(t)
        label = g or "overall"
        if not rows and g is not None:
            print(f"\n{label}: no errors or warnings")
            continue
        judged = total["true"] + total["false"]
        prec = f"{total['true'] / judged:.1%}" if judged else "n/a"
        print(f"\n{label}: precision {prec} ({total['true']} true / {judged} judged; {total['new']} without a verdict)")
        print(f"  {'check':8} {'true':>5} {'false':>5} {'new':>5}  precision")
        for c in sorted(merged, key=lambda c: -(merged[c]["true"] + merged[c]["false"] + merged[c]["new"])):
            t = merged[c]
            j = t["true"] + t["false"]
            p = f"{t['true'] / j:.1%}" if j else "n/a"
            print(f"  {c:8} {t['true']:5d} {t['false']:5d} {t['new']:5d}  {p}")
    print(f"\nfindings without a verdict (new since adjudication): {len(new)}")
    for line in new[:60]:
        print("  " + line)
    if len(new) > 60:
        print(f"  … and {len(new) - 60} more")
    print(f"findings matched to a verdict by message (fingerprint moved): {by_msg}")
    print(f"verdicts whose finding no longer appears: {gone['true']} true (catches lost), {gone['false']} false (false alarms gone)")
    for v in lost:
        print(f"  lost: {v['file']} {v.get('page', '')} {v['check']}: {v.get('message', '')[:110]}")
    print(f"identities not attempted, per document: {len(gaps) if gaps else 'none reported in the JSON'}")
    for line in gaps:
        print("  " + line)
    print(f"documents not read: {len(unreadable)}")
    for line in unreadable:
        print("  " + line)
    if classes:
        print("false alarms still reported, by class (verdicts.tsv):")
        for cls, n in classes.most_common():
            print(f"  {n:4d}  {cls}")
        for line in still_false[:60]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    try:
        main(sys.argv)
    except Exception as exc:  # noqa: BLE001 — a benchmark reports; it never fails its caller
        print(f"precision.py: {exc}")
    sys.exit(0)
