"""Plain dataclasses to JSON and back, for the few places that serialise them (the cache,
the JSON output): what ``pydantic``'s ``model_dump(mode="json")`` and validation gave,
without importing pydantic on every run.

:func:`to_json` writes the fields in declaration order, enums as their values, decimals
as strings, tuples as lists; a field whose metadata says ``exclude`` is left out.
:func:`from_json` is strict: a value of the wrong type, a missing field without a default
or an unknown one raises ``ValueError`` (a cache entry that does not fit is dropped)."""

from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Literal

EXCLUDE = {"exclude": True}
"""Metadata of a field :func:`to_json` leaves out (``field(metadata=EXCLUDE)``)."""


def to_json(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in _fields(type(obj))}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (list, tuple)):
        return [to_json(x) for x in obj]
    if isinstance(obj, dict):
        return {str(to_json(k)): to_json(v) for k, v in obj.items()}
    if isinstance(obj, Decimal):
        return str(obj)
    return obj


_FIELDS: dict[type, list] = {}
_HINTS: dict[type, dict] = {}


def _fields(cls: type) -> list:
    out = _FIELDS.get(cls)
    if out is None:
        out = _FIELDS[cls] = [f for f in dataclasses.fields(cls) if not f.metadata.get("exclude")]
    return out


def _hints(cls: type) -> dict:
    out = _HINTS.get(cls)
    if out is None:
        out = _HINTS[cls] = typing.get_type_hints(cls)
    return out


def from_json(tp: Any, data: Any) -> Any:
    """``data`` (parsed JSON) as a value of type ``tp``; ``ValueError`` when it is not one."""
    origin = typing.get_origin(tp)
    if tp is Any:
        return data
    if tp is dict:
        if not isinstance(data, dict):
            raise ValueError(f"{data!r} is not an object")
        return data
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if data is None and type(None) in args:
            return None
        for arg in args:
            if arg is type(None):
                continue
            try:
                return from_json(arg, data)
            except ValueError:
                continue
        raise ValueError(f"{data!r} is not a {tp}")
    if origin is Literal:
        if data not in typing.get_args(tp):
            raise ValueError(f"{data!r} is not one of {typing.get_args(tp)}")
        return data
    if origin is list:
        if not isinstance(data, list):
            raise ValueError(f"{data!r} is not a list")
        (arg,) = typing.get_args(tp)
        return [from_json(arg, x) for x in data]
    if origin is tuple:
        args = typing.get_args(tp)
        if not isinstance(data, list) or len(data) != len(args):
            raise ValueError(f"{data!r} is not a tuple of {len(args)}")
        return tuple(from_json(a, x) for a, x in zip(args, data, strict=True))
    if origin is dict:
        key, value = typing.get_args(tp)
        if not isinstance(data, dict):
            raise ValueError(f"{data!r} is not an object")
        return {from_json(key, int(k) if key is int else k): from_json(value, v) for k, v in data.items()}
    if tp is bool:
        if not isinstance(data, bool):
            raise ValueError(f"{data!r} is not a boolean")
        return data
    if tp is int:
        if not isinstance(data, int) or isinstance(data, bool):
            raise ValueError(f"{data!r} is not an integer")
        return data
    if tp is str:
        if not isinstance(data, str):
            raise ValueError(f"{data!r} is not a string")
        return data
    if tp is Decimal:
        if not isinstance(data, (str, int)) or isinstance(data, bool):
            raise ValueError(f"{data!r} is not a decimal")
        try:
            return Decimal(data)
        except InvalidOperation:
            raise ValueError(f"{data!r} is not a decimal") from None
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(data)
        except ValueError:
            raise ValueError(f"{data!r} is not a {tp.__name__}") from None
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise ValueError(f"{data!r} is not an object")
        hints = _hints(tp)
        known = {f.name for f in _fields(tp)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"{tp.__name__}: unknown fields {sorted(unknown)}")
        values = {name: from_json(hints[name], value) for name, value in data.items()}
        try:
            return tp(**values)
        except TypeError as exc:  # a field without a default is missing
            raise ValueError(f"{tp.__name__}: {exc}") from None
    raise ValueError(f"cannot read a {tp!r}")
