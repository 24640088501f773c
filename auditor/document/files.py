"""Finding and decoding the files to check. Files are opened read-only and never
written, moved or locked.

Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 (a superset of GBK
and GB2312, common for Chinese government files). A file that is empty, binary, or not
text in any of these is reported with one clear line and not checked.
"""

from __future__ import annotations

import codecs
import contextlib
import os
from pathlib import PurePath

REPORT_SUFFIXES = (".md", ".markdown", ".txt", ".pdf", ".docx", ".xlsx")
# Legacy binaries are listed too, so that a folder holding one says so (one line, exit 2)
# instead of passing it over in silence.
LEGACY_SUFFIXES = (".doc", ".xls", ".wps", ".et")


class InputError(Exception):
    """A file or path that cannot be checked; the message names it and the problem."""


def is_one_of(target: str, files: list[str]) -> bool:
    """True when writing ``target`` would write one of ``files`` (the same path, the same
    resolved path through any symlink, or the same inode)."""
    real = os.path.realpath(target)
    for f in files:
        if os.path.abspath(f) == os.path.abspath(target) or os.path.realpath(f) == real:
            return True
        try:
            if os.path.exists(target) and os.path.exists(f) and os.path.samefile(target, f):
                return True
        except OSError:
            continue
    return False


def guard_write(target: str, files: list[str], what: str) -> None:
    """The one guard every write of auditor passes (``--output``, ``--write-baseline``,
    ``--annotate``): never onto a file being checked, never onto a folder."""
    if is_one_of(target, files):
        raise InputError(f"{what} {target}: is one of the files being checked; auditor never writes to the files it reads / 不能写入被检查的文件")
    if os.path.isdir(target):
        raise InputError(f"{what} {target}: is a folder; give the path of the file to write / 请给出要写入的文件路径")


def atomic_write(target: str | os.PathLike, data: bytes, prefix: str = ".auditor-", suffix: str = ".tmp") -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder and a
    rename, so that a reader never sees half a file and a symlink at ``target`` is
    replaced, not written through. (The cache names its temporary files with its own
    prefix, so that it can sweep those a killed process left.)"""
    import tempfile

    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def decode(data: bytes, path: str) -> str:
    if not data.strip():
        raise InputError(f"{path}: empty file (nothing to check) / 空文件")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: invalid {enc} text at byte {exc.start} / 编码错误") from None
    if b"\x00" in data:
        raise InputError(f"{path}: binary file, not a text report / 二进制文件，不是文本报告")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not text in UTF-8, UTF-16 or GB18030 / 无法识别的文本编码") from None
    if sum(1 for c in text if c == "\ufffd" or (ord(c) < 32 and c not in "\t\r\n\f")) > len(text) // 100 + 1:
        raise InputError(f"{path}: binary file, not a text report / 二进制文件，不是文本报告")
    return text


def read_text(path: str) -> str:
    return decode(read_bytes(path), path)


def read_bytes(path: str) -> bytes:
    """The bytes of a regular file, at most the ``max_file_mb`` limit. A FIFO, a device or a
    socket is refused without reading from it (opening is non-blocking, so a FIFO with no
    writer cannot hang the run), and a file that grows past the limit while read (or a
    special file that reports no size) is cut off at the limit and refused."""
    import stat

    from auditor.document import limits

    try:
        kind = _special(os.stat(path).st_mode)
        if kind:
            raise InputError(f"{path}: not a regular file ({kind}); not read / 不是普通文件，未读取")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):  # replaced between the two looks
                raise InputError(f"{path}: not a regular file ({_special(st.st_mode) or 'special file'}); not read / 不是普通文件，未读取")
            limits.check_size(st.st_size, path)
            fh = os.fdopen(fd, "rb")
        except BaseException:
            os.close(fd)
            raise
        with fh:
            return limits.read_bounded(fh, int(limits.current().max_file_mb * limits.MB), path)
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file / 文件不存在") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied / 无权读取") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}) / 无法读取") from None


def read_small(path: str | os.PathLike, limit: int = 16 * 1024 * 1024) -> bytes:
    """The bytes of a settings or baseline file: a regular file of at most ``limit`` bytes
    (a FIFO, ``/dev/zero`` or a huge file named as one cannot hang or swell the run).
    Raises :class:`OSError` with a plain reason otherwise."""
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise OSError(f"not a regular file ({_special(st.st_mode) or 'a folder'})")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise OSError(f"larger than {limit // (1024 * 1024)} MB")
    return data


def _special(mode: int) -> str:
    """What a file that is not a regular one is ("" for a regular file or a folder)."""
    import stat

    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return ""


def expand(paths: list[str], follow_symlinks: str = "inside") -> tuple[list[str], list[str]]:
    """Files to check (folders searched for reports of every format read), sorted; and error lines for
    paths that do not exist, folders without reports, and what a folder walk would not read.

    A path given by name is read as given (a symlink named on the command line is followed).
    Inside a folder, a symlink is followed only when it leads to a place inside that same
    folder (``follow_symlinks = "inside"``, the default) or never (``"none"``): a folder of
    reports sent by someone else cannot make auditor read ``/etc/passwd`` into a report.
    What is not followed is named on stderr, since a file not read is never reported clean."""
    files: list[str] = []
    errors: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            found, skipped = _walk(p, follow_symlinks)
            errors.extend(skipped)
            if not found and not skipped:
                errors.append(f"{_named(p)}: no reports (.md .txt .pdf .docx .xlsx) in this folder / 文件夹中没有报告")
            files.extend(found)
        elif os.path.exists(p) or os.path.islink(p):
            files.append(p)
        else:
            errors.append(f"{_named(p)}: no such file or folder / 文件不存在")
    # sorted, so that the output does not depend on the order given or the folder listing
    return sorted(set(files)), sorted(errors)


def _named(path: str) -> str:
    """A path for an error line: valid text (see :func:`shown`), quoted when it holds a
    control character or a quote, so that it cannot forge a line."""
    from auditor.document.terminal import quote

    return quote(shown(path))


def _walk(root: str, follow_symlinks: str) -> tuple[list[str], list[str]]:
    """The reports in a folder and below (hidden folders and files left out), never leaving
    it through a symlink; and a line for each symlink or special file not read."""
    import stat

    suffixes = REPORT_SUFFIXES + LEGACY_SUFFIXES
    top = os.path.realpath(root)
    found: list[str] = []
    skipped: list[str] = []

    def inside(real: str) -> bool:
        return real == top or real.startswith(top.rstrip(os.sep) + os.sep)

    # os.walk never descends into a symlinked folder (followlinks=False): one inside the
    # folder is walked under its own name, one outside is not walked at all
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in dirs:
            full = str(PurePath(folder, d))
            if os.path.islink(full) and not inside(os.path.realpath(full)):
                skipped.append(f"{_named(full)}: symlink to a folder outside {_named(root)}; not followed / 链接指向文件夹之外，未读取")
        for name in names:
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in suffixes:
                continue
            full = str(PurePath(folder, name))  # as pathlib writes it: reports/x.md, not ./reports/x.md
            try:
                lst = os.lstat(full)
            except OSError:
                continue
            if stat.S_ISLNK(lst.st_mode):
                if follow_symlinks == "none":
                    skipped.append(f"{_named(full)}: symlink; not followed (follow_symlinks = \"none\") / 符号链接，未读取")
                    continue
                real = os.path.realpath(full)
                if not inside(real):
                    skipped.append(f"{_named(full)}: symlink to a file outside {_named(root)}; not followed / 链接指向文件夹之外，未读取")
                    continue
                try:
                    mode = os.stat(full).st_mode
                except OSError:
                    skipped.append(f"{_named(full)}: broken symlink; not read / 链接已失效，未读取")
                    continue
            else:
                mode = lst.st_mode
            kind = _special(mode)
            if kind:
                skipped.append(f"{_named(full)}: not a regular file ({kind}); not read / 不是普通文件，未读取")
                continue
            if stat.S_ISREG(mode):
                found.append(full)
    return found, skipped


def shown(path: str) -> str:
    """A path as text that any output can hold: a name that is not valid UTF-8 (decoded by
    Python with surrogate escapes) shows its odd bytes as ``\\xff``. The file is still
    read under its real name; this is the name reports, the cache and fingerprints use."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
