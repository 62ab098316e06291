"""convert() on a DuckDB relation, given back lazy: a projection DuckDB runs when it is read.

At call time one aggregate query reads the key and amount columns: the distinct keys, and per
key the smallest and largest amount. The pipeline of :mod:`coderstats.conversion` works out
the factor and labels of each distinct key; the rows then become slots of a dense table (a
text key by its place among the distinct values, a year or a day by its distance from the
first) and the new columns are looked up in constant lists by slot. A projection keeps the
rows in their order, which a join would not promise.

Anything the lookup cannot settle gives None and the caller takes the general route, which
reads the relation and names every bad row as for pandas: a key whose conversion fails (or a
missing one), a negative or infinite amount, a result past the float range, key or amount
columns of other types, an empty relation, or too many keys.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from coderstats.engine.frames import key_columns
from coderstats.engine.request import Request
from coderstats.errors import CoderstatsError

__all__ = ["MAX_KEYS", "MAX_SLOTS", "convert_duckdb", "label_types"]

Runner = Callable[[pd.DataFrame, Request], pd.DataFrame]

#: Most distinct keys looked up; with more, the general route reads the relation.
MAX_KEYS = 4096
#: Largest dense table of slots (the product of each key's distinct texts or span of years
#: or days). DuckDB reads a constant list of 4,096 numbers in about 0.16 s, and looking rows
#: up in it costs about 0.2 s more per 10^7 rows than in a list of 64.
MAX_SLOTS = 4096

_SIGNED = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT")
_INTEGERS = frozenset([*_SIGNED, *(f"U{name}" for name in _SIGNED[:4])])
_VIEW = "coderstats_rows"
#: Names of the smallest and largest amounts per key, followed by the amount's number (a key
#: column named so takes the general route).
_LOW, _TOP = "coderstats_smallest_", "coderstats_largest_"


@dataclass(frozen=True)
class _Key:
    """One key column: how its values become slots."""

    column: str
    kind: str  # "text" (place among the distinct values), "integer" or "date" (distance)


def convert_duckdb(relation: Any, request: Request, run: Runner) -> Any:
    """``relation`` converted lazily, or None when it needs the general route."""
    types = dict(zip(relation.columns, (str(t) for t in relation.types), strict=True))
    keys = _keys(request, types)
    if keys is None or not all(_is_number(types[col]) for col in request.columns):
        return None
    found = _distinct(relation, request, keys)
    if found is None or not len(found):
        return None
    table = _work_out(found, [key.column for key in keys], request, run)
    if table is None:
        return None
    slots = _slots(found, keys)
    if slots is None:
        return None
    slot, positions, size = slots
    sql = _projection(list(relation.columns), request, table, slot, positions, size)
    return relation.query(_VIEW, sql)


def _is_number(dtype: str) -> bool:
    return dtype in _INTEGERS or dtype in ("FLOAT", "DOUBLE") or dtype.startswith("DECIMAL")


def _keys(request: Request, types: dict[str, str]) -> list[_Key] | None:
    """The key columns and how each becomes a slot; None for a type the lookup does not take
    or a column that is both an amount and a key."""
    keys = []
    for column in key_columns(request, types)[len(request.columns) :]:
        dtype = types[column]
        if dtype == "VARCHAR" or dtype.startswith("ENUM("):
            keys.append(_Key(column, "text"))
        elif dtype in _INTEGERS:
            keys.append(_Key(column, "integer"))
        elif dtype == "DATE":
            keys.append(_Key(column, "date"))
        else:
            return None
    if set(request.columns) & {k.column for k in keys}:
        return None
    if any(k.column.startswith((_LOW, _TOP)) for k in keys):
        return None
    return keys


def _distinct(relation: Any, request: Request, keys: list[_Key]) -> pd.DataFrame | None:
    """The distinct keys and, per key, the smallest and largest amount (NaN left out of the
    largest), read as the general route reads columns; None when any amount is negative or
    infinite, or with more than MAX_KEYS keys."""
    import narwhals.stable.v2 as nw

    group = ", ".join(_name(k.column) for k in keys)
    found = []
    for k, col in enumerate(request.columns):  # named apart from the key columns
        value = f"CAST({_name(col)} AS DOUBLE)"
        low, top = _name(f"{_LOW}{k}"), _name(f"{_TOP}{k}")
        found += [f"min({value}) AS {low}", f"max({value}) FILTER (NOT isnan({value})) AS {top}"]
    head = f"SELECT {group + ', ' if group else ''}{', '.join(found)} FROM {_VIEW}"
    sql = f"{head} GROUP BY ALL LIMIT {MAX_KEYS + 1}"
    query = nw.from_native(relation.query(_VIEW, sql))
    read: pd.DataFrame = query.collect(backend="pyarrow").to_pandas()
    if len(read) > MAX_KEYS:
        return None
    for k in range(len(request.columns)):
        if (read[f"{_LOW}{k}"] < 0).any() or np.isinf(read[f"{_TOP}{k}"].astype(float)).any():
            return None
    return read


def _work_out(
    found: pd.DataFrame, keyed: list[str], request: Request, run: Runner
) -> pd.DataFrame | None:
    """Per distinct key its factor and labels (the request's outputs less the amounts); None
    when a key's conversion fails or a result may pass the float range."""
    used = found[keyed].assign(**dict.fromkeys(request.columns, 1.0))
    used.index = pd.RangeIndex(len(used))
    try:
        out = run(used, dataclasses.replace(request, errors="raise"))
    except CoderstatsError:
        return None  # the general route raises it, or names the rows
    new = request.outputs[len(request.columns) :]
    factor = out[new[0]].to_numpy(dtype=np.float64)
    for k in range(len(request.columns)):
        top = found[f"{_TOP}{k}"].to_numpy(dtype=np.float64)
        with np.errstate(over="ignore"):
            past = not np.isfinite(np.nan_to_num(top) * factor).all()
        if past:
            return None
    table = pd.DataFrame({new[0]: factor})
    for name in new[1:]:
        table[name] = out[name].astype(object).to_numpy() if name in out else ""
    return table


def _slots(found: pd.DataFrame, keys: list[_Key]) -> tuple[str, np.ndarray, int] | None:
    """The SQL of each row's slot (from 1), each distinct key's slot (from 0), and how many
    slots there are; None if there would be more than MAX_SLOTS or a key is missing."""
    parts: list[str] = []
    positions = np.zeros(len(found), dtype=np.int64)
    size = 1
    for key in reversed(keys):  # the last key varies fastest
        values = found[key.column]
        if values.isna().any():
            return None
        sql, place, span = _place(key, values)
        parts.append(f"{sql} * {size}" if size > 1 else sql)
        positions += place * size
        size *= span
        if size > MAX_SLOTS:
            return None
    return " + ".join([*parts, "1"]), positions, size


def _place(key: _Key, values: pd.Series) -> tuple[str, np.ndarray, int]:
    """One key's SQL (its place, from 0), each distinct key's place, and its span."""
    column = _name(key.column)
    if key.kind == "text":
        texts = list(dict.fromkeys(str(v) for v in values))
        sql = f"CAST(enum_code(CAST(CAST({column} AS VARCHAR) AS {_enum(texts)})) AS BIGINT)"
        where = {t: k for k, t in enumerate(texts)}
        return sql, np.array([where[str(v)] for v in values], dtype=np.int64), len(texts)
    if key.kind == "integer":
        numbers = values.to_numpy(dtype=np.int64)
        low = int(numbers.min())
        return f"(CAST({column} AS BIGINT) - {low})", numbers - low, int(numbers.max()) - low + 1
    days = np.array([date.toordinal(pd.Timestamp(v).date()) for v in values], dtype=np.int64)
    first = date.fromordinal(int(days.min())).isoformat()
    return f"({column} - DATE '{first}')", days - days.min(), int(days.max() - days.min()) + 1


def _projection(
    columns: list[str],
    request: Request,
    table: pd.DataFrame,
    slot: str,
    positions: np.ndarray,
    size: int,
) -> str:
    """SELECT the relation's columns, then the new ones looked up by slot (the factor once)."""
    hidden = _name(_unused("coderstats_slot", columns))
    factor_name, *labels = table.columns
    factor = _name(factor_name)
    new = []
    for col, out in zip(request.columns, request.outputs, strict=False):
        value = f"CAST({_name(col)} AS DOUBLE)"
        new.append(
            f"CASE WHEN isnan({value}) THEN NULL ELSE {value} * {factor} END AS {_name(out)}"
        )
    new.append(factor)
    new += [f"{_label(table[name], positions, size, hidden)} AS {_name(name)}" for name in labels]
    inner = f"SELECT *, {slot} AS {hidden} FROM {_VIEW}"
    looked_up = _list(table[factor_name], positions, size, _number)
    middle = f"SELECT *, {looked_up}[{hidden}] AS {factor} FROM ({inner})"
    return f"SELECT * EXCLUDE ({hidden}, {factor}), {', '.join(new)} FROM ({middle})"


def _label(values: pd.Series, positions: np.ndarray, size: int, slot: str) -> str:
    """The SQL of one label column: an ENUM, one text for every row where the keys have
    one, else each slot's place among the texts looked up by slot."""
    texts = sorted({str(v) for v in values})
    if len(texts) == 1:
        return f"CAST({_text(texts[0])} AS {_enum(texts)})"
    place = {text: k + 1 for k, text in enumerate(texts)}
    pick = _list(values.map(place), positions, size, str)
    return f"CAST([{', '.join(map(_text, texts))}] AS {_enum(texts)}[])[{pick}[{slot}]]"


def _list(values: pd.Series, positions: np.ndarray, size: int, write: Callable[[Any], str]) -> str:
    """A constant SQL list of ``size`` items: each key's value at its slot, NULL elsewhere."""
    items = ["NULL"] * size
    for position, value in zip(positions.tolist(), values.tolist(), strict=True):
        items[position] = write(value)
    return "[" + ", ".join(items) + "]"


def _number(value: Any) -> str:
    """A float as a DOUBLE literal that reads back to the same bits."""
    number = float(value)
    if not math.isfinite(number):
        return "NULL"
    written = repr(number)
    return written if "e" in written else f"{written}e0"  # with an exponent: a DOUBLE


def _enum(texts: list[str]) -> str:
    """DuckDB's type for labels (read as categoricals in pandas, dictionaries in Arrow)."""
    return "ENUM(" + ", ".join(_text(t) for t in texts) + ")"


def label_types(relation: Any, labels: dict[str, list[str]]) -> Any:
    """``relation`` with each column of ``labels`` cast to the ENUM of its (sorted) texts, as
    the lookup gives them (a column without texts stays VARCHAR: an ENUM needs one)."""
    casts = ", ".join(
        f"CAST({_name(col)} AS {_enum(sorted(texts))}) AS {_name(col)}"
        for col, texts in labels.items()
        if texts
    )
    if not casts:
        return relation
    return relation.query(_VIEW, f"SELECT * REPLACE ({casts}) FROM {_VIEW}")


def _text(value: Any) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _name(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _unused(name: str, columns: list[str]) -> str:
    taken = set(columns)
    while name in taken:
        name += "_"
    return name
