"""PDF reader (not written yet)."""

from __future__ import annotations

from auditor.files import InputError
from auditor.readers import Extracted


def read(data: bytes, path: str) -> Extracted:
    raise InputError(f"{path}: PDF files are not read yet / 暂不支持 PDF 文件")
