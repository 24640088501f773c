"""XLSX reader (not written yet)."""

from __future__ import annotations

from auditor.files import InputError
from auditor.readers import Extracted


def read(data: bytes, path: str) -> Extracted:
    raise InputError(f"{path}: XLSX files are not read yet / 暂不支持 XLSX 文件")
