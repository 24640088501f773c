"""The ``auditor`` command.

Exit codes: 0 no error or warning; 1 errors or warnings found (``--fail-on`` moves the
line); 2 a usage error, a file that could not be read (or over a limit, or too slow), or
an internal error (the other files are still checked); 130 interrupted (SIGINT), 143
terminated (SIGTERM).
Heavy modules are imported inside the commands, keeping start-up light.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import time

EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, no usage dump
        from auditor.document.terminal import one_line

        self.exit(EXIT_TROUBLE, f"auditor: {one_line(message)}\n")


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    from auditor import __version__

    p = _Parser(prog="auditor", description="Consistency-auditing linter for reports full of numbers / 报告数字一致性审核工具")
    p.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    c = sub.add_parser("check", help="check reports (files or folders) / 检查报告")
    c.add_argument("paths", nargs="+", metavar="PATH", help="report files (.md .txt .pdf .docx .xlsx), or folders searched for them")
    c.add_argument("--format", choices=("rich", "json", "html", "sarif", "github", "gitlab", "xlsx"), default=None,
                   help="output format (default rich): rich, json, html (a self-contained reviewer's report), sarif (SARIF 2.1.0), github (workflow commands), gitlab (Code Quality), xlsx (the reviewers' check sheet, with -o)")
    c.add_argument("--output", "-o", metavar="FILE", default=None, help="write the report to FILE instead of standard output")
    c.add_argument("--select", type=_csv, default=None, metavar="ID,...", help="only these checks (codes, prefixes or names)")
    c.add_argument("--ignore", type=_csv, default=None, metavar="ID,...", help="skip these checks")
    c.add_argument("--lang", choices=("zh", "en"), default=None, help="language of messages (default zh)")
    c.add_argument("--config", metavar="FILE", default=None, help="settings file (default: auditor.toml or [tool.auditor] in pyproject.toml, in this folder or a parent)")
    c.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default=None,
                   help="the least severe finding that makes the exit code 1 (default warning)")
    c.add_argument("--show-verified", action="store_true", help="list every relation that was checked and held")
    c.add_argument("--stats", action="store_true", help="print the time taken on stderr (always on a terminal)")
    c.add_argument("--baseline", metavar="FILE", default=None,
                   help="report only findings not recorded in this baseline file; list its entries that no longer occur")
    c.add_argument("--write-baseline", metavar="FILE", default=None, help="record every finding of this run in a baseline file")
    c.add_argument("--jobs", "-j", type=int, default=None, metavar="N", help="worker processes (default: the CPU count)")
    c.add_argument("--annotate", metavar="OUT", default=None,
                   help="write a copy of the one .docx or .pdf checked with a comment on each flagged figure / 生成带批注的副本")
    c.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="check on a Dask cluster, one task per document (e.g. tcp://10.0.0.5:8786; needs pip install 'auditor[dask]')")
    c.add_argument("--no-cache", action="store_true",
                   help="check every file afresh, neither reading nor writing the cache (.auditor_cache/ or $AUDITOR_CACHE_DIR)")
    c.add_argument("--no-inline-suppress", action="store_true",
                   help="ignore the reports' own auditor-ignore comments (for reviewers); they are still listed / 忽略报告内的 auditor-ignore 注释")
    sub.add_parser("checks", help="list the checks / 列出检查项").add_argument("--lang", choices=("zh", "en"), default="zh")
    e = sub.add_parser("explain", help="print a check's documentation / 说明检查项")
    e.add_argument("id", metavar="ID")
    sub.add_parser("clean", help="remove the cache folder (.auditor_cache/ or $AUDITOR_CACHE_DIR) / 清除缓存")
    x = sub.add_parser("extract", help="print the text a report's reader sees (Markdown, tables as TSV) / 输出读取到的文本")
    x.add_argument("path", metavar="FILE")
    return p


def main(argv: list[str] | None = None) -> int:
    # pydantic looks for plugins (an entry-point scan of every installed distribution) the
    # first time a model class is built; auditor uses none, and the scan is a tenth of the
    # start-up in a small environment, more in a large one. Set the variable to override.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    for stream in (sys.stdout, sys.stderr):
        # a character no encoding of the terminal holds is shown escaped, never a traceback
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")
    previous = _on_terminate()
    from auditor.running import precompiled

    precompiled.install()  # the patterns compiled by an earlier run, like bytecode
    try:
        return _main(argv)
    except BrokenPipeError:  # output piped into head or less that closed early
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_TROUBLE
    except KeyboardInterrupt:
        _say("interrupted; queued files were not checked / 已中断")
        return _stopped(EXIT_INTERRUPTED)
    except Terminated:
        _say("terminated; queued files were not checked / 已终止")
        return _stopped(EXIT_TERMINATED)
    finally:
        precompiled.save()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


class Terminated(BaseException):
    """SIGTERM, raised in the main thread like KeyboardInterrupt is for SIGINT, so that the
    run unwinds the same way: queued work cancelled, workers ended, nothing half written."""


def _stopped(code: int) -> int:
    """The exit after a signal. The worker processes are already ended (``Pool.stop``), but
    a thread may still run (a Dask client's, the progress display's), and joining it at
    interpreter exit can be interrupted by the same signal's second delivery (the whole
    process group gets Ctrl-C), printing a traceback after the one line: the process
    leaves at once instead, its output flushed. With no other thread, it returns."""
    import threading

    if threading.active_count() > 1:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)
    return code


def _on_terminate():
    """Turn SIGTERM into :class:`Terminated` (only on the main thread; the previous handler
    is returned to be restored)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum, frame):
        raise Terminated

    return signal.signal(signal.SIGTERM, handler)


def _say(message: str, path: str | None = None) -> None:
    """One line on stderr, ``auditor: …``: a file name at its start quoted when it holds
    anything odd, every control character shown visibly (a newline in a file name or a
    message cannot forge a second line, an escape sequence cannot reach the terminal)."""
    from auditor.document.terminal import error_line

    print(error_line(str(message), path), file=sys.stderr)


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return cmd_check(args)
    if args.command == "checks":
        return cmd_checks(args)
    if args.command == "explain":
        return cmd_explain(args)
    if args.command == "extract":
        return cmd_extract(args)
    if args.command == "clean":
        return cmd_clean(args)
    build_parser().print_help()
    return EXIT_TROUBLE


def _console(stream=None):
    from rich.console import Console

    stream = stream or sys.stdout
    plain = bool(os.environ.get("NO_COLOR"))
    # Off a terminal (CI logs, files) keep long paths and tables on one line.
    width = None if stream.isatty() else 160
    # emoji=False: a report's :name: is its own text, and rich's emoji table is not loaded
    return Console(file=stream, highlight=False, emoji=False, color_system=None if plain else "auto", width=width)


def cmd_check(args) -> int:
    from auditor.checking import registry
    from auditor.checking.engine import FileResult
    from auditor.document.files import expand
    from auditor.document.source import SourceText
    from auditor.running import config
    from auditor.running.batch import check_files, default_jobs, plan_for

    started = time.perf_counter()
    try:
        settings = config.load(args.config or config.find())
        options = config.validate_options(settings, registry.classes_for(list(settings.checks))) if settings.checks else {}
    except config.ConfigError as exc:
        _say(str(exc))
        return EXIT_TROUBLE
    # command-line flags win over the settings file
    args.format = args.format or settings.format or "rich"
    args.lang = args.lang or settings.lang or "zh"
    args.fail_on = args.fail_on or settings.fail_on or "warning"
    if args.format == "xlsx" and not args.output and sys.stdout.isatty():
        print("auditor: --format xlsx writes a workbook: give -o FILE.xlsx", file=sys.stderr)
        return EXIT_TROUBLE
    select = args.select if args.select is not None else settings.select
    ignore = args.ignore if args.ignore is not None else settings.ignore
    classes, unknown = registry.select(select, ignore)
    if unknown:
        given = (args.select or []) + (args.ignore or [])
        where = f"{settings.path}: " if settings.path and not all(u in given for u in unknown) else ""
        _say(f"{where}unknown check {', '.join(unknown)} (see 'auditor checks')")
        return EXIT_TROUBLE
    if args.jobs is not None and args.jobs < 1:
        print("auditor: --jobs takes a whole number of at least 1", file=sys.stderr)
        return EXIT_TROUBLE
    annotate_kind = None
    if args.annotate:
        from auditor.document.files import InputError
        from auditor.outputs import annotate

        try:
            annotate_kind = annotate.plan(args.paths, args.annotate)
        except InputError as exc:
            _say(str(exc))
            return EXIT_TROUBLE
    if args.baseline and args.write_baseline:
        print("auditor: --baseline and --write-baseline cannot be used together", file=sys.stderr)
        return EXIT_TROUBLE
    base = None
    baseline_path = None if args.write_baseline else (args.baseline or settings.baseline)
    if baseline_path:
        from auditor.running import baseline

        try:
            base = baseline.load(baseline_path)
        except baseline.BaselineError as exc:
            _say(str(exc))
            return EXIT_TROUBLE
    stdin = "-" in args.paths
    files, path_errors = expand([p for p in args.paths if p != "-"], settings.follow_symlinks) if len(args.paths) > stdin else ([], [])
    for msg in path_errors:
        _say(msg)
    try:
        run_limits = settings.make_limits()
    except (TypeError, ValueError) as exc:
        _say(f"{settings.path}: [limits] {exc}")
        return EXIT_TROUBLE
    inline = settings.inline_suppress and not args.no_inline_suppress
    from auditor.document.files import InputError, guard_write

    for flag, target in (("--output", args.output), ("--write-baseline", args.write_baseline)):
        if target:
            try:
                guard_write(target, files, flag)
            except InputError as exc:
                _say(str(exc))
                return EXIT_TROUBLE
    plan = plan_for([cls.code for cls in classes], options)
    jobs = args.jobs or default_jobs()
    keep_text = args.format in ("rich", "html", "xlsx")
    cache = None
    if not args.no_cache and files and (folder := _cache_folder()) is not None:
        from auditor.running.cache import DEFAULT_MAX_MB, Cache

        cache = Cache.for_run(plan, sorted({cls.__module__ for cls in classes}), folder, inline_suppress=inline, max_mb=settings.cache_max_mb or DEFAULT_MAX_MB)
    results = []
    sources = {}
    if stdin:  # `auditor check -`: a report piped in, checked here, listed first as <stdin>
        from auditor.document import limits as bounds
        from auditor.document.files import InputError as _TooLarge
        from auditor.running.batch import check_data

        try:
            data = bounds.read_bounded(sys.stdin.buffer, int(run_limits.max_file_mb * bounds.MB), "<stdin>")
        except _TooLarge as exc:
            result, extracted = FileResult(path="<stdin>", error=str(exc)), None
        else:
            result, extracted = check_data(data, "<stdin>", plan, keep_text, limits=run_limits, inline_suppress=inline)
        if result.error:
            _say(result.error, result.path)
        results.append(result)
        if extracted is not None:
            sources[result.path] = SourceText(extracted.text, result.path, extracted.origins)
    client = None
    if args.scheduler and files:
        from auditor.running import cluster

        try:
            client = cluster.connect(args.scheduler)
        except cluster.ClusterError as exc:
            _say(str(exc))
            return EXIT_TROUBLE
    batch = None
    try:
        with _progress(len(files)) as advance, _page_progress(len(files), args.format):
            if client is not None:
                batch = cluster.check_files(client, files, plan, keep_text, advance, cache, limits=run_limits, inline_suppress=inline)
            else:
                batch = check_files(files, plan, jobs, keep_text, advance, cache, run_limits, inline)
            for result, extracted in batch:
                if result.error:
                    _say(result.error, result.path)
                for e in result.internal_errors:  # exit code 2: said on stderr too, whatever the format
                    _say(f"{result.path}: internal error in {e.check}: {e.message} / 内部错误", result.path)
                results.append(result)
                if extracted is not None:
                    sources[result.path] = SourceText(extracted.text, result.path, extracted.origins)
    finally:
        if batch is not None:
            batch.close()  # on an interrupt: queued files cancelled, workers ended, before anything else
        if client is not None:
            client.close()
    if cache is not None and any(not r.cached and not r.error for r in results):
        cache.prune()
    elapsed = time.perf_counter() - started
    outcome = None
    if args.write_baseline:
        from auditor.running import baseline

        try:
            written = baseline.write(args.write_baseline, results, args.lang)
        except baseline.BaselineError as exc:
            _say(str(exc))
            return EXIT_TROUBLE
        _say(f"wrote {written} finding(s) to {args.write_baseline} / 已写入基线")
    elif base is not None:
        from auditor.running import baseline

        outcome = baseline.apply(base, results, {cls.code for cls in classes})
    try:
        _render(args, results, sources, classes, outcome)
    except BrokenPipeError:
        raise  # standard output closed early (piped into head): main() ends quietly
    except OSError as exc:
        if not args.output:
            raise
        _say(f"{args.output}: cannot write the report ({exc.strerror or exc}) / 无法写入报告")
        return EXIT_TROUBLE
    # timing varies from run to run: it goes to stderr so that stdout is reproducible
    if args.stats or sys.stderr.isatty():
        rate = f", {len(files) / elapsed:.0f} files/s" if len(files) > 1 and elapsed > 0 else ""
        # how many files were checked and how many answered from the cache: what a second run saves
        fresh = sum(1 for r in results if not r.error and not r.cached)
        hits = sum(1 for r in results if r.cached)
        _say(f"{len(files)} file(s) in {elapsed:.2f}s{rate} ({f'cluster {args.scheduler}' if client is not None else f'{jobs} job(s)'}); checked {fresh}, from cache {hits}")
    if annotate_kind and not _annotate(annotate_kind, args, results):
        return EXIT_TROUBLE
    if path_errors or any(r.error or r.internal_errors for r in results):
        return EXIT_TROUBLE
    if args.write_baseline:  # the findings are recorded, i.e. accepted
        return EXIT_CLEAN
    failing = {"error": ("error",), "warning": ("error", "warning"), "info": ("error", "warning", "info"), "never": ()}[args.fail_on]
    if any(f.severity.value in failing for r in results for f in r.findings):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _cache_folder():
    from auditor.running.cache import usable_dir

    return usable_dir()


def _annotate(kind: str, args, results) -> bool:
    """Write the annotated copy asked for with ``--annotate``; False (and one line on
    stderr) when it could not be written."""
    from auditor.document.files import InputError
    from auditor.outputs import annotate

    if not results or results[0].error:
        return False  # the file could not be read: its error line is already out
    try:
        n = annotate.write(kind, args.paths[0], args.annotate, results[0].findings, args.lang)
    except InputError as exc:
        _say(str(exc))
        return False
    except OSError as exc:
        _say(f"--annotate {args.annotate}: cannot be written ({exc.strerror or exc}) / 无法写入")
        return False
    except Exception as exc:  # noqa: BLE001 -- a writer bug is one line, not a traceback
        first = str(exc).splitlines()[0] if str(exc) else ""
        _say(f"--annotate {args.annotate}: could not be written ({type(exc).__name__}: {first}) / 无法生成批注副本")
        return False
    _say(f"{n} comment(s) written to {args.annotate} / 已写入 {n} 条批注")
    return True


def _render(args, results, sources, classes, outcome) -> None:
    """Write the report in the chosen format to standard output or to ``--output``. Only
    the renderer of that format is imported."""
    if args.format == "xlsx":  # a workbook: bytes, to -o FILE or a pipe, never a terminal
        from auditor.outputs.render import xlsx_out

        data = xlsx_out.render(results, sources, args.lang)
        if args.output:
            from auditor.document.files import atomic_write

            atomic_write(args.output, data)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
    elif args.output:
        import io

        from auditor.document.files import atomic_write

        buf = io.StringIO(newline="\n")
        _render_to(args, results, sources, classes, outcome, buf, to_file=True)
        atomic_write(args.output, buf.getvalue().encode("utf-8"))
    else:
        _render_to(args, results, sources, classes, outcome, sys.stdout, to_file=False)
    if outcome is not None and args.format in ("sarif", "github", "gitlab", "html", "xlsx"):
        # these formats have no place for it: the baseline's effect goes to stderr
        from auditor.running.baseline import describe

        for text in describe(outcome, args.lang):
            _say(text)


def _render_to(args, results, sources, classes, outcome, stream, to_file: bool) -> None:
    if args.format == "json":
        from auditor.outputs.render import json_out

        json_out.render(results, stream, args.lang, args.show_verified, outcome)
    elif args.format == "html":
        from auditor.outputs.render import html_out

        html_out.render(results, sources, stream, args.lang, args.show_verified)
    elif args.format == "sarif":
        from auditor.outputs.render import sarif_out

        sarif_out.render(results, stream, args.lang, classes, outcome)
    elif args.format == "github":
        from auditor.outputs.render import github_out

        github_out.render(results, stream, args.lang)
    elif args.format == "gitlab":
        from auditor.outputs.render import gitlab_out

        gitlab_out.render(results, stream, args.lang)
    else:
        from auditor.outputs.render import rich_out

        console = _console(stream) if not to_file else _file_console(stream)
        rich_out.render(results, sources, console, args.lang, args.show_verified, outcome)


def _file_console(stream):
    from rich.console import Console

    return Console(file=stream, highlight=False, emoji=False, color_system=None, width=160)


class _progress:
    """A progress bar on stderr for long runs on a terminal; nothing otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar = None

    def __enter__(self):
        if self.total >= 50 and sys.stderr.isatty() and not os.environ.get("CI"):
            from rich.progress import Progress

            self.bar = Progress(console=_console(sys.stderr), transient=True)
            self.bar.start()
            task = self.bar.add_task("checking", total=self.total)
            return lambda n: self.bar.advance(task, n)
        return None

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


PAGE_BAR_MIN = 20
"""A document of at least this many pages gets a per-page progress bar."""
HUMAN_FORMATS = ("rich", "html", "xlsx")
"""Reports written for people: a progress bar on stderr may go with them, never with
JSON, SARIF or the CI formats."""


class _page_progress:
    """A per-page progress bar on stderr while one large document (a PDF of at least
    :data:`PAGE_BAR_MIN` pages) is read: only when a single file is checked (in this
    process), stderr is a terminal, not in CI, and the output is a report for people."""

    def __init__(self, files: int, fmt: str) -> None:
        self.on = files == 1 and fmt in HUMAN_FORMATS and sys.stderr.isatty() and not os.environ.get("CI")
        self.bar = None
        self.task = None
        self._hook = None

    def __enter__(self):
        if self.on:
            from auditor.document.readers import on_page

            self._hook = on_page(self.page)
            self._hook.__enter__()
        return self

    def page(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < PAGE_BAR_MIN:
                return
            from rich.progress import Progress

            self.bar = Progress(console=_console(sys.stderr), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("reading pages / 读取页面", total=total)
        # the last page read: the text is composed and checked next, under the full bar
        self.bar.update(self.task, completed=done, description="checking / 检查中" if done >= total else None)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
        if self._hook is not None:
            self._hook.__exit__(None, None, None)


def cmd_extract(args) -> int:
    """Print the text the checks read, so that a user, a test or a bug report sees
    exactly what the reader saw; line numbers in findings count lines of this text. On a
    terminal, control characters in it are shown visibly (one for one: columns keep)."""
    from auditor.document import limits as bounds
    from auditor.document.files import shown
    from auditor.document.readers import InputError, read
    from auditor.running import config

    try:
        lim = config.load(config.find()).make_limits()
    except (config.ConfigError, TypeError, ValueError) as exc:
        _say(str(exc))
        return EXIT_TROUBLE
    name = shown(args.path)
    try:
        with bounds.using(lim), bounds.budget(lim.time_budget_s):
            extracted = read(args.path)
    except InputError as exc:
        _say(str(exc).replace(args.path, name, 1), name)
        return EXIT_TROUBLE
    except bounds.TooSlow:
        _say(bounds.too_slow(name, lim), name)
        return EXIT_TROUBLE
    text = extracted.text
    if sys.stdout.isatty():
        from auditor.document.terminal import visible

        text = visible(text)
    sys.stdout.write(text)
    return EXIT_CLEAN


def cmd_clean(args) -> int:
    """Remove the cache folder, like ``ruff clean``; a folder that is not auditor's cache
    is left alone."""
    from auditor.running.cache import clean

    try:
        folder, existed = clean()
    except OSError as exc:
        _say(str(exc))
        return EXIT_TROUBLE
    _say(f"removed {folder} / 已清除缓存" if existed else f"no cache at {folder} / 没有缓存")
    return EXIT_CLEAN


def cmd_checks(args) -> int:
    from rich.table import Table

    from auditor.checking import registry

    table = Table(show_edge=False, pad_edge=False)
    for col in ("code", "name", "severity", "title"):
        table.add_column(col)
    for code, cls in registry.load().items():
        table.add_row(code, cls.name, cls.severity.value, cls.title(args.lang))
    _console().print(table)
    return EXIT_CLEAN


def cmd_explain(args) -> int:
    from auditor.checking import registry

    reg = registry.load()
    cls = reg.get(args.id.upper()) or next((c for c in reg.values() if c.name == args.id), None)
    if cls is None:
        _say(f"unknown check {args.id} (see 'auditor checks')")
        return EXIT_TROUBLE
    print(f"{cls.code} {cls.name} [{cls.severity.value}]\n")
    print(cls.doc())
    opts = cls.Options.model_fields
    if opts:
        print("\nOptions:")
        for name, field in opts.items():
            print(f"  {name} = {field.default!r}  {field.description or ''}")
    return EXIT_CLEAN
