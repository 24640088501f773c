"""Finding and decoding the files to check. Files are opened read-only and never
written, moved or locked.

Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 (a superset of GBK
and GB2312, common for Chinese government files). A file that is empty, binary, or not
text in any of these is reported with one clear line and not checked.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

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


def atomic_write(target: str, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder and a
    rename, so that a reader never sees half a file and a symlink at ``target`` is
    replaced, not written through."""
    import tempfile

    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=".auditor-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
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
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file / 文件不存在") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied / 无权读取") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}) / 无法读取") from None
    return data


def expand(paths: list[str]) -> tuple[list[str], list[str]]:
    """Files to check (folders searched for reports of every format read), sorted; and error lines for
    paths that do not exist or folders without reports."""
    files: list[str] = []
    errors: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(
                str(f) for f in Path(p).rglob("*")
                if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES + LEGACY_SUFFIXES and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                errors.append(f"{p}: no reports (.md .txt .pdf .docx .xlsx) in this folder / 文件夹中没有报告")
            files.extend(found)
        elif os.path.exists(p):
            files.append(p)
        else:
            errors.append(f"{p}: no such file or folder / 文件不存在")
    # sorted, so that the output does not depend on the order given or the folder listing
    return sorted(set(files)), errors
