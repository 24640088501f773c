"""Hostile input (issue 21): every input is built here by a small generator
(tests/hostilegen.py), the CLI runs on it in a child process under a memory limit
(RLIMIT_AS) and a time limit, and each test asserts the one-line error, the exit code,
that a good file beside the hostile one is still checked, and that no input changed.

Most hostile files share one folder and one run (the run takes a second, the files
milliseconds); what needs its own settings or its own signal gets its own run.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import hostilegen as gen
import pytest

MEMORY = 1024 * 1024 * 1024  # the bound on one input's peak memory (address space here, stricter)
GOOD = "# 一、总体情况\n\n全年城镇新增就业 5.2 万人，城镇登记失业率 2.1%。\n\n# 二、工作成效\n\n全年城镇新增就业 5.6 万人，城镇登记失业率 2.1%。\n"
"""A report with one known error (REP001: 5.2 against 5.6 万人)."""
REP_LINES = ["一、总体情况", "全年城镇新增就业 5.2 万人，城镇登记失业率 2.1%。", "二、工作成效", "全年城镇新增就业 5.6 万人，城镇登记失业率 2.1%。"]
HIDE = "<!-- auditor-ignore-file -->"
SUM_ROWS = [["单位：万元"], ["项目", "金额"], ["一、基本支出", "9.00"], ["人员经费", "5.00"], ["公用经费", "3.00"]]
"""A sheet whose total (9.00) is not its parts' sum (8.00): TBL001."""


def _limits() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(*args: str, cwd: Path, timeout: float = 60, stdin=None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args], cwd=cwd, capture_output=True, timeout=timeout, stdin=stdin,
        env={**os.environ, "NO_COLOR": "1", "AUDITOR_CACHE_DIR": str(cwd / ".cache"), **(env or {})}, preexec_fn=_limits, check=False,
    )


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every regular file under ``folder`` (not following links): its bytes' hash and mtime."""
    out = {}
    for dirpath, _dirs, names in os.walk(folder):
        for n in names:
            p = os.path.join(dirpath, n)
            st = os.lstat(p)
            if os.path.isfile(p) and not os.path.islink(p) and ".cache" not in p:
                out[p] = (hashlib.sha256(Path(p).read_bytes()).hexdigest(), st.st_mtime_ns)
    return out


def err_lines(proc: subprocess.CompletedProcess) -> list[str]:
    text = proc.stderr.decode("utf-8")
    assert "Traceback" not in text, text
    return [ln for ln in text.splitlines() if ln.strip()]


def by_path(proc: subprocess.CompletedProcess) -> dict[str, dict]:
    return {f["path"]: f for f in json.loads(proc.stdout)["files"]}


def one_line_about(lines: list[str], needle: str, *words: str) -> str:
    """The only stderr line that names ``needle``; it holds every one of ``words``."""
    hits = [ln for ln in lines if needle in ln]
    assert len(hits) == 1, (needle, lines)
    assert all(w in hits[0] for w in words), (hits[0], words)
    assert hits[0].startswith("auditor: ")
    return hits[0]


# ---------------------------------------------------------------- one folder, one run


@pytest.fixture(scope="module")
def zoo(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, dict, dict]:
    """A folder of hostile files beside a good one, checked once with --jobs 2."""
    root = tmp_path_factory.mktemp("zoo")
    (root / "secret.md").write_text("SECRET-OUTSIDE 机密 1.00 万元\n", encoding="utf-8")
    z = root / "reports"
    z.mkdir()
    (z / "good.md").write_text(GOOD, encoding="utf-8")
    (z / "link-out.md").symlink_to(root / "secret.md")
    os.symlink("/etc", z / "etc-dir")
    (z / "link-in.md").symlink_to(z / "good.md")
    os.mkfifo(z / "fifo.md")
    # a zip bomb: document.xml inflates to 80 MB (over max_zip_member_mb) from about 80 KB
    (z / "bomb.docx").write_bytes(gen.docx(document=(b" " * (1 << 20), 80)))
    # a bomb under the size limit, caught by its ratio: 3 MB of one paragraph repeated
    (z / "ratio.docx").write_bytes(gen.docx(document=(b"<w:p><w:r><w:t>1</w:t></w:r></w:p>" * 30000, 3)))
    # an xlsx whose shared strings are a bomb
    (z / "strings.xlsx").write_bytes(gen.xlsx(SUM_ROWS, {"xl/sharedStrings.xml": (b"<si><t>x</t></si>" * 65536, 70)}))
    (z / "long-line.txt").write_text("全年支出 1.00 万元，" * 20000 + "\n", encoding="utf-8")  # one 240,000-character line
    (z / "many-chars.txt").write_text(("收入 2.00 万元。\n" * 500_000), encoding="utf-8")  # 5.5 million characters
    (z / "renamed.pdf").write_bytes(gen.docx(REP_LINES))  # a Word file named .pdf: read as Word
    (z / "hidden.pdf").write_bytes(gen.pdf(REP_LINES[:2] + [HIDE] + REP_LINES[2:], white=(2,)))
    (z / "cell.xlsx").write_bytes(gen.xlsx([*SUM_ROWS, [HIDE]]))
    (z / "emoji.pdf").write_bytes(gen.pdf(["合计 \U0001F600 ﬁ 12.50 万元，其中 \U00020000 8.00 万元", *REP_LINES]))
    (z / "esc.md").write_text(GOOD.replace("# 一、总体情况", "# 一、总体\x1b[2J\x1b]0;pwned\x07情况 [bold red]x[/] [link=http://e.x]y[/link]")
                              .replace("5.6 万人", "5.6 万人\x1b[31m [bold red]x[/]"), encoding="utf-8")
    sub = z / "x[" / "b]"
    sub.mkdir(parents=True)
    (sub / "a[bold].md").write_text(GOOD, encoding="utf-8")
    (z / "nl\nauditor: forged.md").write_bytes(b"")
    (z / os.fsdecode(b"bad-\xff\xfe-name.md")).write_text(GOOD, encoding="utf-8")
    before = snapshot(root)
    proc = run("check", "--format", "json", "--jobs", "2", "reports", cwd=root, timeout=120)
    return root, proc, before, snapshot(root)


def test_zoo_exit_code_and_inputs_unchanged(zoo) -> None:
    _root, proc, before, after = zoo
    assert proc.returncode == 2
    assert before == after, "an input changed"
    err_lines(proc)


def test_the_good_files_beside_them_are_checked(zoo) -> None:
    _, proc, _, _ = zoo
    files = by_path(proc)
    for name in ("reports/good.md", "reports/link-in.md", "reports/x[/b]/a[bold].md", "reports/bad-\\xff\\xfe-name.md"):
        assert [f["check"] for f in files[name]["findings"]] == ["REP001"], name


def test_a_symlink_out_of_the_folder_is_not_followed(zoo) -> None:
    _, proc, _, _ = zoo
    lines = err_lines(proc)
    one_line_about(lines, "link-out.md", "outside", "not followed")
    one_line_about(lines, "etc-dir", "outside", "not followed")
    assert "SECRET-OUTSIDE" not in proc.stdout.decode()
    assert "reports/link-out.md" not in by_path(proc)
    assert not any(p.startswith("reports/etc-dir") for p in by_path(proc))


def test_a_fifo_is_refused_without_waiting_for_a_writer(zoo) -> None:
    one_line_about(err_lines(zoo[1]), "fifo.md", "not a regular file")


@pytest.mark.parametrize(("name", "words"), [
    ("bomb.docx", ("too large", "inflates to 80 MB", "max_zip_member_mb")),
    ("ratio.docx", ("too large", "max_zip_ratio")),
    ("strings.xlsx", ("too large", "sharedStrings", "max_zip")),
    ("long-line.txt", ("too large", "max_line_chars")),
    ("many-chars.txt", ("too large", "max_chars")),
])
def test_over_a_limit_is_one_line_and_not_checked(zoo, name: str, words: tuple[str, ...]) -> None:
    _, proc, _, _ = zoo
    one_line_about(err_lines(proc), name, *words)
    assert by_path(proc)[f"reports/{name}"]["findings"] == []
    assert "error" in by_path(proc)[f"reports/{name}"]


def test_a_format_is_told_by_its_bytes(zoo) -> None:
    assert [f["check"] for f in by_path(zoo[1])["reports/renamed.pdf"]["findings"]] == ["REP001"]


def test_directives_in_a_pdf_or_a_cell_are_listed_not_applied(zoo) -> None:
    files = by_path(zoo[1])
    for name, check, fmt in (("reports/hidden.pdf", "REP001", "pdf"), ("reports/cell.xlsx", "TBL001", "xlsx")):
        f = files[name]
        assert [x["check"] for x in f["findings"]] == [check], name  # the finding survives the hidden directive
        assert f["suppressed"] == 0
        assert [(d["file_wide"], d["not_applied"], d["silenced"]) for d in f["directives"]] == [(True, fmt, 0)]


def test_a_character_outside_the_bmp_is_one_character(zoo) -> None:
    root, proc, _, _ = zoo
    f = by_path(proc)["reports/emoji.pdf"]
    assert "error" not in f and [x["check"] for x in f["findings"]] == ["REP001"]
    out = run("extract", "reports/emoji.pdf", cwd=root)
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode("utf-8")
    assert "合计 \U0001F600 fi 12.50 万元，其中 \U00020000 8.00 万元" in text
    assert not any(0xD800 <= ord(c) < 0xE000 for c in text)


def test_a_newline_in_a_file_name_cannot_forge_a_line(zoo) -> None:
    lines = err_lines(zoo[1])
    assert not any(ln.startswith("auditor: forged.md") for ln in lines)
    line = one_line_about(lines, "forged.md", "empty file")
    assert line.startswith('auditor: "reports/nl␊auditor: forged.md": ')


def test_every_format_survives_odd_names_and_text(zoo) -> None:
    """Markup in names, escape sequences in the text, a name that is not UTF-8, an emoji
    in a PDF: each format prints (from the cache now) with no control character and no
    markup interpreted."""
    root = zoo[0]
    for fmt in ("rich", "html", "sarif", "github", "gitlab", "json"):
        proc = run("check", "--format", fmt, "--jobs", "1", "reports", cwd=root, timeout=120)
        assert proc.returncode == 2, (fmt, proc.stderr)
        err_lines(proc)
        out = proc.stdout.decode("utf-8")  # valid UTF-8
        assert "\x1b" not in out and "\x07" not in out, fmt
        if fmt == "rich":
            assert "x[/b]/a[bold].md" in out and "[bold red]x[/]" in out  # shown, not interpreted
            assert "␛[31m" in out  # the escape in a flagged line, shown
            assert "bad-\\xff\\xfe-name.md" in out
        if fmt in ("json", "sarif", "gitlab"):
            json.loads(out)


# ---------------------------------------------------------------- special inputs


def test_dev_zero_and_an_endless_stdin_are_bounded(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    endless = subprocess.Popen([sys.executable, "-c", "import sys\nb = b'1' * 65536\nwhile True: sys.stdout.buffer.write(b)"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        proc = run("check", "--format", "json", "-", "/dev/zero", "good.md", cwd=tmp_path, stdin=endless.stdout)
    finally:
        endless.kill()
        endless.wait()
    assert proc.returncode == 2
    lines = err_lines(proc)
    one_line_about(lines, "/dev/zero", "not a regular file", "character device")
    one_line_about(lines, "<stdin>", "too large", "max_file_mb")
    assert [f["check"] for f in by_path(proc)["good.md"]["findings"]] == ["REP001"]


def test_limits_are_settings(tmp_path: Path) -> None:
    """Each limit set low in auditor.toml: the file over it is reported, the good one checked."""
    (tmp_path / "auditor.toml").write_text(
        "[limits]\nmax_cells = 20\nmax_paragraphs = 50\nmax_pages = 2\nmax_file_mb = 0.05\nmax_pdf_stream_mb = 1\n", encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "cells.xlsx").write_bytes(gen.xlsx([[str(c) for c in range(5)] for _ in range(10)]))
    (tmp_path / "paras.docx").write_bytes(gen.docx([f"第{i}段" for i in range(60)]))
    (tmp_path / "pages.pdf").write_bytes(gen.pdf(REP_LINES, pages=3))
    (tmp_path / "big.md").write_text("收入 2.00 万元。\n" * 5000, encoding="utf-8")
    (tmp_path / "bomb.pdf").write_bytes(gen.pdf_bomb(REP_LINES, 3))  # pdfium would inflate it whole
    before = snapshot(tmp_path)
    proc = run("check", "--format", "json", "--jobs", "1", ".", cwd=tmp_path)
    assert proc.returncode == 2 and snapshot(tmp_path) == before
    lines = err_lines(proc)
    one_line_about(lines, "cells.xlsx", "too large", "max_cells")
    one_line_about(lines, "paras.docx", "too large", "max_paragraphs")
    one_line_about(lines, "pages.pdf", "too large", "3 pages", "max_pages")
    one_line_about(lines, "big.md", "too large", "max_file_mb")
    one_line_about(lines, "bomb.pdf", "too large", "stream bomb", "max_pdf_stream_mb")
    assert [f["check"] for f in by_path(proc)["good.md"]["findings"]] == ["REP001"]


def test_settings_and_baseline_files_are_read_bounded(tmp_path: Path) -> None:
    """--config and --baseline naming /dev/zero, a FIFO or a deeply nested file: one line, exit 2."""
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    for args, words in ((("--config", "/dev/zero"), ("not a regular file",)), (("--baseline", "fifo.json"), ("not a regular file",)),
                        (("--baseline", "deep.json"), ("nested too deeply",))):
        proc = run("check", *args, "good.md", cwd=tmp_path, timeout=30)
        assert proc.returncode == 2, args
        assert len(err_lines(proc)) == 1 and all(w in err_lines(proc)[0] for w in words), (args, err_lines(proc))


def test_an_unknown_limit_is_a_settings_error(tmp_path: Path) -> None:
    (tmp_path / "auditor.toml").write_text("[limits]\nmax_sheets = 3\n", encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    proc = run("check", "good.md", cwd=tmp_path)
    assert proc.returncode == 2
    one_line_about(err_lines(proc), "auditor.toml", "unknown limit max_sheets")


def test_a_file_past_its_time_budget_is_too_slow_and_the_others_are_checked(tmp_path: Path) -> None:
    (tmp_path / "auditor.toml").write_text("[limits]\ntime_budget_s = 1\n", encoding="utf-8")
    (tmp_path / "a-good.md").write_text(GOOD, encoding="utf-8")
    # 20,000 mentions of one statistic with as many values: seconds of work, under every size limit
    (tmp_path / "slow.md").write_text("".join(f"全年城镇新增就业 {i}.{i % 10} 万人，城镇登记失业率 2.1%。\n\n" for i in range(20000)), encoding="utf-8")
    (tmp_path / "z-good.md").write_text(GOOD, encoding="utf-8")
    for jobs in ("1", "2"):
        proc = run("check", "--no-cache", "--format", "json", "--jobs", jobs, ".", cwd=tmp_path)
        assert proc.returncode == 2
        one_line_about(err_lines(proc), "slow.md", "too large / too slow", "time_budget_s")
        files = by_path(proc)
        assert [f["check"] for f in files["a-good.md"]["findings"]] == ["REP001"]
        assert [f["check"] for f in files["z-good.md"]["findings"]] == ["REP001"]


def test_a_folder_walk_can_follow_no_symlink(tmp_path: Path) -> None:
    (tmp_path / "auditor.toml").write_text('follow_symlinks = "none"\n', encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "r" / "link.md").symlink_to(tmp_path / "r" / "good.md")
    proc = run("check", "--format", "json", "r", cwd=tmp_path)
    assert proc.returncode == 2
    one_line_about(err_lines(proc), "link.md", "symlink", "not followed")
    assert list(by_path(proc)) == ["r/good.md"]


# ---------------------------------------------------------------- suppression


def test_no_inline_suppress_shows_what_the_report_silenced(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text(GOOD + f"\n{HIDE}\n", encoding="utf-8")
    (tmp_path / "w.docx").write_bytes(gen.docx([*REP_LINES, HIDE]))
    silenced = run("check", "--format", "json", "r.md", "w.docx", cwd=tmp_path)
    assert silenced.returncode == 0
    for f in by_path(silenced).values():
        assert f["findings"] == [] and f["suppressed"] == 1
        assert [(d["not_applied"], d["silenced"]) for d in f["directives"]] == [(None, 1)]
    shown = run("check", "--format", "json", "--no-inline-suppress", "r.md", "w.docx", cwd=tmp_path)
    assert shown.returncode == 1
    for f in by_path(shown).values():
        assert [x["check"] for x in f["findings"]] == ["REP001"] and f["suppressed"] == 0
        assert [(d["not_applied"], d["silenced"]) for d in f["directives"]] == [("--no-inline-suppress", 0)]
    rich = run("check", "--no-inline-suppress", "r.md", cwd=tmp_path)
    assert "r.md:9" in rich.stdout.decode() and "--no-inline-suppress" in rich.stdout.decode()
    (tmp_path / "auditor.toml").write_text("inline_suppress = false\n", encoding="utf-8")
    assert run("check", "r.md", cwd=tmp_path).returncode == 1


# ---------------------------------------------------------------- signals


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize(("sig", "code", "word", "group"), [
    (signal.SIGINT, 130, "interrupted", True),
    (signal.SIGTERM, 143, "terminated", False),
])
def test_a_signal_stops_the_run_and_its_workers(tmp_path: Path, sig, code: int, word: str, group: bool) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    slow = "".join(f"全年城镇新增就业 {i}.{i % 10} 万人，城镇登记失业率 2.1%。\n\n" for i in range(3000))
    for i in range(40):
        (folder / f"r{i:02}.md").write_text(slow.replace("2.1%", f"2.{i}%"), encoding="utf-8")
    before = snapshot(folder)
    env = {**os.environ, "NO_COLOR": "1", "AUDITOR_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "check", "--format", "json", "--jobs", "2", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True, preexec_fn=_limits)
    workers: list[int] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = _children(proc.pid)
    assert workers, "no worker started"
    time.sleep(1.0)  # the workers are busy on their first files
    if group:  # Ctrl-C at a terminal reaches the whole process group
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == code
    lines = [ln for ln in err.decode().splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("auditor: ") and word in lines[0], lines
    assert out == b""
    time.sleep(0.3)
    assert not [w for w in workers if _alive(w)], "a worker process was left running"
    assert snapshot(folder) == before
    from auditor.running.cache import _BODY, _HEAD, _SUM, _checksum

    for entry in (tmp_path / "cache").rglob("*.json"):  # whole entries only, never half of one
        raw = entry.read_bytes()
        assert entry.name.startswith(".tmp-") or (raw.startswith(_HEAD) and raw[_SUM] == _checksum(entry.stem, raw[_BODY:]))


# ---------------------------------------------------------------- the cache


def _entries(cache: Path) -> list[Path]:
    return [p for p in cache.rglob("*.json") if not p.name.startswith(".")]


def test_an_altered_cache_entry_is_ignored_and_rewritten(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text(GOOD, encoding="utf-8")
    first = run("check", "--format", "json", "r.md", cwd=tmp_path)
    (entry,) = _entries(tmp_path / ".cache")
    good = entry.read_bytes()
    # valid JSON, the right key, no findings: the checksum no longer matches
    entry.write_bytes(good.replace(b'"check":"REP001"', b'"check":"REP002"'))
    again = run("check", "--format", "json", "--stats", "r.md", cwd=tmp_path)
    assert again.stdout == first.stdout and b"checked 1, from cache 0" in again.stderr
    assert entry.read_bytes() == good
    # a FIFO or a huge file in an entry's place: not waited on, not read
    entry.unlink()
    os.mkfifo(entry)
    fifo = run("check", "--format", "json", "--stats", "r.md", cwd=tmp_path, timeout=30)
    assert fifo.stdout == first.stdout and b"checked 1" in fifo.stderr
    entry.unlink()
    with open(entry, "wb") as fh:
        fh.truncate(2 * 1024**3)  # sparse: 2 GB that take no disk
    huge = run("check", "--format", "json", "--stats", "r.md", cwd=tmp_path, timeout=30)
    assert huge.stdout == first.stdout and b"checked 1" in huge.stderr
    assert entry.stat().st_size < 1024**2  # rewritten


def test_the_cache_drops_other_versions_and_keeps_to_its_cap(tmp_path: Path) -> None:
    cache = tmp_path / ".cache"
    for i in range(12):
        (tmp_path / f"r{i:02}.md").write_text(GOOD.replace("5.6", f"5.{i + 6}") * (i + 1), encoding="utf-8")
    run("check", "--format", "json", ".", cwd=tmp_path)
    assert len(_entries(cache)) == 12
    old = [cache / "v1" / "ab" / "x.json", cache / "v2" / "0123456789abcdef" / "ab" / "x.json"]
    for p in old:
        p.parent.mkdir(parents=True)
        p.write_text("{}")
    sizes = sorted(p.stat().st_size for p in _entries(cache))
    cap = sum(sizes[:6]) / 1024 / 1024
    (tmp_path / "auditor.toml").write_text(f"cache_max_mb = {cap}\n", encoding="utf-8")
    (tmp_path / "new.md").write_text(GOOD.replace("5.2", "5.3"), encoding="utf-8")
    run("check", "--format", "json", ".", cwd=tmp_path)
    assert not any(p.exists() for p in old), "another version's entries were kept"
    left = _entries(cache)
    assert 0 < len(left) < 13 and sum(p.stat().st_size for p in left) <= cap * 1024 * 1024


def test_auditor_clean_removes_the_cache_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text(GOOD, encoding="utf-8")
    run("check", "r.md", cwd=tmp_path)
    assert (tmp_path / ".cache" / "CACHEDIR.TAG").is_file()
    proc = run("clean", cwd=tmp_path)
    assert proc.returncode == 0 and not (tmp_path / ".cache").exists() and (tmp_path / "r.md").is_file()
    assert run("clean", cwd=tmp_path).returncode == 0  # nothing to clean
    other = tmp_path / "mine"
    other.mkdir()
    (other / "keep.txt").write_text("x")
    proc = run("clean", cwd=tmp_path, env={"AUDITOR_CACHE_DIR": str(other)})
    assert proc.returncode == 2 and (other / "keep.txt").is_file()
    one_line_about(err_lines(proc), "mine", "not an auditor cache")


# ---------------------------------------------------------------- linear work


def test_the_repeated_statistics_check_compares_linearly(monkeypatch) -> None:
    """One label told N times with N values: REP001 compares each value with at most two
    groups, not with every other (it was all pairs: hours on 100,000 paragraphs)."""
    from conftest import check_text

    from auditor.document import arith

    counts = []
    real = arith.compare_quantities

    def counting(a, b, *rest, **kw):
        counts[-1] += 1
        return real(a, b, *rest, **kw)

    monkeypatch.setattr(arith, "compare_quantities", counting)
    for n in (200, 800):
        counts.append(0)
        text = "".join(f"全年城镇新增就业 {i}.{i % 10} 万人，城镇登记失业率 2.1%。\n\n" for i in range(n))
        check_text(text, select=["REP001"])
    assert counts[1] <= 3 * 800 and counts[1] < 5 * counts[0]


def test_a_worker_killed_from_outside_is_reported_not_a_traceback(tmp_path: Path) -> None:
    """The system's memory killer (here: SIGKILL) ends a worker: the file it held is
    reported as not checked, in one line, exit 2; a new worker checks the others, and the
    run ends by itself (a worker killed while sending a large result cannot hang it)."""
    folder = tmp_path / "r"
    folder.mkdir()
    slow = "".join(f"全年城镇新增就业 {i}.{i % 10} 万人，城镇登记失业率 2.1%。\n\n" for i in range(3000))
    for i in range(20):
        (folder / f"r{i:02}.md").write_text(slow.replace("2.1%", f"2.{i}%"), encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1", "AUDITOR_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "check", "--format", "json", "--jobs", "2", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, preexec_fn=_limits)
    workers: list[int] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = _children(proc.pid)
    assert workers, "no worker started"
    time.sleep(0.5)
    os.kill(max(workers), signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    text = err.decode()
    assert "Traceback" not in text
    lost = [ln for ln in text.splitlines() if "worker process ended abruptly" in ln]
    # one file lost — or none, when the kill fell in the instant after a worker had sent
    # its last result and before it was given the next file (nothing was in its hands)
    assert len(lost) <= 1 and all(ln.startswith("auditor: ") for ln in lost)
    assert proc.returncode == (2 if lost else 0)
    files = json.loads(out)["files"]
    assert len(files) == 20 and sum(1 for f in files if "error" in f) == len(lost)


def test_a_planted_cache_symlink_is_not_used(tmp_path: Path) -> None:
    """A folder that holds `.auditor_cache -> elsewhere` (a cloned repository) cannot make
    the cache write or prune there: the default cache folder is not used when it is a link."""
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "v1").mkdir(parents=True)
    (elsewhere / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n# created by auditor\n")
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / ".auditor_cache").symlink_to(elsewhere)
    (tmp_path / "repo" / "r.md").write_text(GOOD, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "AUDITOR_CACHE_DIR"}
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", "--format", "json", "r.md"], cwd=tmp_path / "repo",
                          capture_output=True, env=env, timeout=60, check=False)
    assert proc.returncode == 1, proc.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == ["CACHEDIR.TAG", "v1"]
