"""A record's fields as the store's columns and as the JSON contract, derived from the record.

``records.py`` is the one place a record's fields are written; this module reads them
(``dataclasses.fields`` and ``typing.get_type_hints``) with the differences each field declares
in its metadata (``records.shape``), and gives:

- ``columns(Record)``: the store columns of a record, each a :class:`Column` with its name, its
  kind (an Arrow type's name) and where its value lies in the record. A nested record is
  flattened under its field's name (``source`` -> ``source_actor``, ``source_text``...), a span
  becomes two columns (``trigger_span`` -> ``trigger_start``, ``trigger_end``; a field named
  ``span`` -> ``start``, ``end`` under the prefix), a tuple of spans a list of ``{start, end}``.
- ``row(record, columns)`` and ``from_row(Record, row, columns)``: a record as a row of those
  columns, and back.
- ``to_plain(record)``: a record in the JSON contract (dates as ISO strings, tuples as lists,
  nested records as objects, fields with a ``nest`` gathered in their sub-object).
- ``json_fields(Record)``: the contract's fields of a record, each name with its type as JSON
  gives it (what the web API's models are made of).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from .records import Span

# The Arrow type (by its pyarrow name) of a field's type, when the field declares no ``width``.
_KINDS: Mapping[Any, str] = {str: "string", int: "int32", float: "float64", bool: "bool_", dt.date: "date32"}
SPAN_LIST = "list<span>"  # a tuple of spans: a list of {start, end} structs
STRING_LIST = "list<string>"


@dataclass(frozen=True, slots=True)
class Column:
    """One store column of a record: ``path`` is the field names leading to its value
    (``("source", "actor")``); ``part`` is 0 or 1 for a span's start or end."""

    name: str
    kind: str
    path: tuple[str, ...]
    part: int | None = None
    count: bool = False
    added: int = 0


def optional(hint: Any) -> tuple[Any, bool]:
    """The type without its ``| None``, and whether it had one."""
    if get_origin(hint) in (Union, types.UnionType):
        kept = [arg for arg in get_args(hint) if arg is not type(None)]
        if len(kept) == 1:
            return kept[0], True
    return hint, False


def item_type(hint: Any) -> Any | None:
    """``X`` for ``tuple[X, ...]``; ``None`` for any other type."""
    arguments = get_args(hint)
    if get_origin(hint) is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        return arguments[0]
    return None


@cache
def hints(record_type: type) -> Mapping[str, Any]:
    return get_type_hints(record_type)


def _fields(record_type: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(record_type)


# --- the store -----------------------------------------------------------------------------


@cache
def columns(record_type: type) -> tuple[Column, ...]:
    """The record's store columns, in store order: each field's in field order, then those
    ``added`` later, in the order they were added."""
    found = _columns(record_type, "", (), 0)
    return tuple(sorted(found, key=lambda column: column.added))


def _columns(record_type: type, prefix: str, path: tuple[str, ...], added: int) -> list[Column]:
    found: list[Column] = []
    for item in _fields(record_type):
        meta = item.metadata
        if meta.get("stored") is False:
            continue
        kind, _ = optional(hints(record_type)[item.name])
        name = prefix + meta.get("column", item.name)
        where = (*path, item.name)
        since = max(added, meta.get("added", 0))
        if meta.get("count"):
            found.append(Column(name, "int32", where, count=True, added=since))
        elif dataclasses.is_dataclass(kind):
            found += _columns(kind, name + "_", where, since)  # type: ignore[arg-type]
        elif kind == Span:
            stem = name.removesuffix("span")
            found += [
                Column(stem + "start", "int32", where, 0, added=since),
                Column(stem + "end", "int32", where, 1, added=since),
            ]
        else:
            found.append(Column(name, meta.get("width") or _kind(kind, record_type, item.name), where, added=since))
    return found


def _kind(kind: Any, record_type: type, name: str) -> str:
    each = item_type(kind)
    if each == Span:
        return SPAN_LIST
    if each is str:
        return STRING_LIST
    if kind in _KINDS:
        return _KINDS[kind]
    raise TypeError(
        f"{record_type.__name__}.{name}: no store column for its type {kind!r}; known: str, int, float, bool, "
        "datetime.date, Span, tuple[str, ...], tuple[Span, ...], a record (flattened), each optional"
    )


def row(record: Any, record_columns: tuple[Column, ...]) -> dict[str, Any]:
    """The record's values by column name."""
    values: dict[str, Any] = {}
    for column in record_columns:
        value = record
        for name in column.path:
            value = None if value is None else getattr(value, name)
        if column.count:
            value = len(value)
        elif column.part is not None:
            value = None if value is None else value[column.part]
        elif column.kind == SPAN_LIST:
            value = [{"start": start, "end": end} for start, end in value]
        elif isinstance(value, tuple):
            value = list(value)
        values[column.name] = value
    return values


def from_row(record_type: type, values: Mapping[str, Any], given: Mapping[str, Any] | None = None) -> Any:
    """The record a row (of ``columns(record_type)``) was written from. ``given`` holds the
    values of fields the store only counts (an actor's mentions)."""
    return _build(record_type, (), _by_path(record_type), values, given or {})


@cache
def _by_path(record_type: type) -> Mapping[tuple[str, ...], list[Column]]:
    by_path: dict[tuple[str, ...], list[Column]] = {}
    for column in columns(record_type):
        by_path.setdefault(column.path, []).append(column)
    return by_path


def _build(
    record_type: type,
    path: tuple[str, ...],
    by_path: Mapping[tuple[str, ...], list[Column]],
    values: Mapping[str, Any],
    given: Mapping[str, Any],
) -> Any:
    arguments: dict[str, Any] = {}
    for item in _fields(record_type):
        where = (*path, item.name)
        if item.name in given and not path:
            arguments[item.name] = given[item.name]
            continue
        kind, _ = optional(hints(record_type)[item.name])
        if dataclasses.is_dataclass(kind):
            inner = [c for key, cs in by_path.items() if key[: len(where)] == where for c in cs]
            present = any(values[c.name] is not None for c in inner)
            arguments[item.name] = _build(kind, where, by_path, values, given) if present else None  # type: ignore[arg-type]
            continue
        found = by_path.get(where)
        if not found:
            if item.default is not dataclasses.MISSING or item.default_factory is not dataclasses.MISSING:
                continue
            arguments[item.name] = () if item_type(kind) is not None else None
            continue
        if found[0].count:
            arguments[item.name] = ()
            continue
        if kind == Span:
            start, end = (values[c.name] for c in found)
            arguments[item.name] = None if start is None or end is None else (start, end)
            continue
        value = values[found[0].name]
        if found[0].kind == SPAN_LIST:
            value = tuple((s["start"], s["end"]) for s in value or ())
        elif item_type(kind) is not None:
            value = tuple(value or ())
        elif found[0].kind == "float32" and value is not None:
            value = round(float(value), 6)  # a FLOAT column as the value written: -0.3, not -0.30000001192092896
        arguments[item.name] = value
    return record_type(**arguments)


# --- the JSON contract ---------------------------------------------------------------------


def to_plain(record: Any) -> dict[str, Any]:
    """The record as the JSON contract writes it."""
    record_type = type(record)
    plain: dict[str, Any] = {}
    for item in _fields(record_type):
        meta = item.metadata
        if meta.get("json") is False:
            continue
        value = getattr(record, item.name)
        shown: Any
        if meta.get("json_as"):
            shown = [[getattr(each, name) for name in meta["json_as"]] for each in value]
        else:
            shown = _plain(value)
        nest = meta.get("nest")
        if meta.get("inline"):
            plain[id_column(type(value))] = shown.pop("id")
            plain |= shown
        elif nest:
            plain.setdefault(nest, {})[item.name.removeprefix(nest + "_")] = shown
        else:
            plain[item.name] = shown
    return plain


def id_column(record_type: type) -> str:
    """The store's name of the record's ``id`` (``event``, ``quote``)."""
    found = [item for item in _fields(record_type) if item.name == "id"]
    if not found:
        raise TypeError(f"{record_type.__name__} has no id field")
    return str(found[0].metadata.get("column", "id"))


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(each) for each in value]
    if dataclasses.is_dataclass(value):
        return to_plain(value)
    raise TypeError(f"no JSON for a {type(value).__name__}: {value!r}")


@dataclass(frozen=True, slots=True)
class JsonField:
    """A field of a record in the contract: ``kind`` is the JSON-side type (``str`` for a date,
    ``list[int]`` for a span), a record type for a nested record, or ``None`` with ``nested``:
    a sub-object of those fields (``cue``)."""

    name: str
    kind: Any
    nullable: bool
    nested: tuple[JsonField, ...] = ()


@cache
def json_fields(record_type: type) -> tuple[JsonField, ...]:
    """The record's fields as the contract writes them, in its order."""
    found: list[JsonField] = []
    groups: dict[str, list[JsonField]] = {}
    for item in _fields(record_type):
        meta = item.metadata
        if meta.get("json") is False:
            continue
        kind, nullable = optional(hints(record_type)[item.name])
        if meta.get("json_as"):
            shown: Any = list[list[int]] if all(_int(kind, name) for name in meta["json_as"]) else list[list[Any]]
        else:
            shown = json_type(kind)
        nest = meta.get("nest")
        if nest:
            if nest not in groups:
                groups[nest] = []
                found.append(JsonField(nest, None, False))
            groups[nest].append(JsonField(item.name.removeprefix(nest + "_"), shown, nullable))
        else:
            found.append(JsonField(item.name, shown, nullable))
    return tuple(
        dataclasses.replace(each, nested=tuple(groups[each.name])) if each.kind is None else each for each in found
    )


def _int(tuple_type: Any, name: str) -> bool:
    return hints(item_type(tuple_type)).get(name) is int


def json_type(kind: Any) -> Any:
    """The type a value of ``kind`` has in JSON: a record stays a record (an object of its own)."""
    if kind == Span:
        return list[int]
    each = item_type(kind)
    if each is not None:
        return list[json_type(each)]  # type: ignore[misc]
    if kind is dt.date:
        return str
    return kind
