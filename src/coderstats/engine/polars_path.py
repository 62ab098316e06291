"""convert() inside polars: each row looks its key up in a table of factors per key.

The codes the shipped sources hold (currencies, countries, states), crossed with every year
(or day) between the frame's first and last, are the keys a row can have. The pipeline of
:mod:`coderstats.conversion` works out the factor and labels of each of them once (the table
is remembered for the same options and version of the data folder). With one code column,
each row's place in the table is its code's offset plus its time, and polars gathers the
factor and labels from there; with more, polars joins the rows on the table, the single join
an analyst would write on a rate table.

Anything else gives None and the caller takes the general route, which reads the key columns
into pandas: a row whose key is not in the table (a code the sources do not hold or written
otherwise, a missing key, a key whose conversion fails), a bad amount, a result past the
float range, key columns of another type, or too many keys. So every error and every
``errors="coerce"`` flag is worked out by the general route and names the rows as for pandas.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from coderstats import _data
from coderstats._coverage import held_years
from coderstats.engine.polars_places import places_of
from coderstats.engine.request import Request
from coderstats.errors import CoderstatsError

if TYPE_CHECKING:
    import polars as pl

__all__ = ["MIN_ROWS", "convert_polars", "known_codes"]

Runner = Callable[[pd.DataFrame, Request], pd.DataFrame]

#: Largest table of keys joined on; with more (say, several code columns, or many days), the
#: general route factorises the keys the frame holds instead.
MAX_KEYS = 4096
#: Fewest rows for which the table of keys is worked out (0.13-0.2 s for a currency column
#: by the sources' 158 currencies, about what the general route takes for 10^5 rows); a
#: smaller frame takes the general route unless the table is remembered already.
MIN_ROWS = 100_000
#: The coverage kind whose codes each key option takes.
_KINDS = {"currency": "currency", "country": "country", "us_state": "state"}
#: Tables of keys remembered (for the last few option sets).
_REMEMBERED = 16
_tables: OrderedDict[Any, pl.DataFrame | None] = OrderedDict()


@dataclass(frozen=True)
class _Key:
    """One key column and the values of it the table holds (a polars Series)."""

    column: str
    values: Any
    kind: str | None  # the coverage kind of a code column; None for the time


def convert_polars(frame: pl.DataFrame, request: Request, run: Runner) -> pl.DataFrame | None:
    """``frame`` converted inside polars, or None when it needs the general route."""
    import polars as pl

    scan = _scan(frame, request) if frame.height else None
    keys = _keys(frame, request, scan) if scan is not None else None
    table = _table(request, keys, run, worth=frame.height >= MIN_ROWS) if keys else None
    if scan is None or not keys or table is None:
        return None
    suffix = request.suffix
    largest: Any = table[f"factor_{suffix}"].max()
    if not np.isfinite(scan.biggest * float(largest or 0.0)):
        return None  # a result may pass the float range: the general route names the rows
    factor = pl.col(f"factor_{suffix}")
    converted = [
        (pl.col(col).cast(pl.Float64) * factor).alias(f"{col}_{suffix}") for col in request.columns
    ]
    if scan.has_nan:  # NaN amounts come out missing, as on the general route
        converted = [value.fill_nan(None) for value in converted]
    # One plan (join or gather, multiply, order of the columns), run by polars' in-memory
    # engine.
    query = _looked_up(frame, keys, table, scan)
    if query is None:
        return None
    query = query.with_columns(converted).select([*frame.columns, *request.outputs])
    result = query.collect(engine="in-memory")
    if result[f"factor_{suffix}"].null_count():
        return None  # a key the table does not hold, or a missing key
    return result


@dataclass(frozen=True)
class _Scan:
    """What one pass over the frame found: no amount is larger than ``biggest``, whether any
    is NaN, and the smallest and largest time (as physical numbers; None without a time
    column)."""

    biggest: float
    has_nan: bool
    times: tuple[int | None, int | None] | None


def _scan(frame: pl.DataFrame, request: Request) -> _Scan | None:
    """One pass over the amounts and the time column; None if an amount column is not
    numbers, or an amount is negative or infinite (the general route names those rows).

    Each amount column's smallest value and sum are read: with no amount negative and every
    sum finite, no amount is NaN or infinite, and none is larger than its column's sum.
    Otherwise a second pass reads the largest amounts (see :func:`_largest`)."""
    import polars as pl

    keys = {request.currency, request.country, request.us_state, request.time}
    schema = frame.schema
    if any(col in keys or not schema[col].is_numeric() for col in request.columns):
        return None
    checks = []
    for k, col in enumerate(request.columns):  # min passes over NaN; sum does not
        value = pl.col(col).cast(pl.Float64)
        checks += [value.min().alias(f"min{k}"), value.sum().alias(f"sum{k}")]
    time = request.time if isinstance(request.time, str) and request.time in schema else None
    if time is not None and (schema[time].is_integer() or schema[time] == pl.Date):
        physical = pl.col(time).to_physical()
        checks += [physical.min().alias("low"), physical.max().alias("high")]
    found = frame.select(checks).row(0, named=True)
    times = (found["low"], found["high"]) if "low" in found else None
    lows = [found[f"min{k}"] for k in range(len(request.columns))]
    if any(low is not None and low < 0 for low in lows):
        return None
    sums = [float(found[f"sum{k}"]) for k in range(len(request.columns))]
    if all(math.isfinite(total) for total in sums):
        return _Scan(max(sums, default=0.0), False, times)
    return _largest(frame, request.columns, times)


def _largest(
    frame: pl.DataFrame, columns: tuple[str, ...], times: tuple[int | None, int | None] | None
) -> _Scan | None:
    """The largest amount and whether any is NaN; None if an amount is infinite."""
    import polars as pl

    checks = []
    for k, col in enumerate(columns):  # max passes over NaN; nan_max does not
        value = pl.col(col).cast(pl.Float64)
        checks += [value.max().alias(f"max{k}"), value.nan_max().alias(f"nan{k}")]
    found = frame.select(checks).row(0, named=True)
    highs = [found[f"max{k}"] for k in range(len(columns))]
    if math.inf in highs:
        return None
    has_nan = any(math.isnan(found[f"nan{k}"] or 0.0) for k in range(len(columns)))
    biggest = max(
        (high for high in highs if high is not None and not math.isnan(high)), default=0.0
    )
    return _Scan(float(biggest), has_nan, times)


def _looked_up(
    frame: pl.DataFrame, keys: list[_Key], table: pl.DataFrame, scan: _Scan
) -> pl.LazyFrame | None:
    """A plan of the frame with the table's factor and labels of each row's key: gathered
    from a place per key (:mod:`coderstats.engine.polars_places`) where there is one code
    column, joined on the key columns otherwise; None where a code is not in the table."""
    import polars as pl

    codes = [key for key in keys if key.kind is not None]
    places = None
    if len(codes) == 1 and len(keys) <= 2:
        code = (codes[0].column, codes[0].values)  # listed once per table
        time = None
        if len(keys) == 2:
            assert scan.times is not None  # a time key is made only from the scanned bounds
            low, high = (int(bound or 0) for bound in scan.times)
            time = (keys[1].column, low, high)
        places = places_of(table, len(keys), code, time)
    if places is None:
        on = [k.column for k in keys]
        return frame.lazy().join(table.lazy(), on=on, how="left", maintain_order="left")
    place = places.of(frame)
    if place is None:
        return None
    name = "place"
    while name in frame.columns:
        name = f"_{name}"
    dense = places.dense
    gathered = [pl.lit(dense.get_column(col)).gather(pl.col(name)) for col in dense.columns]
    return frame.lazy().with_columns(place.alias(name)).with_columns(gathered)


def _keys(frame: pl.DataFrame, request: Request, scan: _Scan) -> list[_Key] | None:
    """The key columns and the values the table holds, or None for the general route."""
    keys: list[_Key] = []
    names = set(frame.columns)
    for option, kind in _KINDS.items():
        spec = getattr(request, option)
        if isinstance(spec, str) and spec in names:
            key = _code_key(frame, spec, kind)
            if key is None:
                return None
            keys.append(key)
    if isinstance(request.time, str) and request.time in names:
        time = _time_key(frame, request.time, request.by_date, scan.times)
        if time is None:
            return None
        keys.append(time)
    if len({key.column for key in keys}) < len(keys):
        return None  # one column for two keys: the general route says what it makes of it
    return keys


def _code_key(frame: pl.DataFrame, column: str, kind: str) -> _Key | None:
    """A text, categorical or enum column: the codes the sources hold, in its type."""
    import polars as pl

    dtype = frame.schema[column]
    if dtype not in (pl.String, pl.Categorical) and not isinstance(dtype, pl.Enum):
        return None
    codes = pl.Series(column, known_codes(kind), dtype=pl.String)
    return _Key(column, codes.cast(dtype, strict=False).drop_nulls(), kind)


def _time_key(
    frame: pl.DataFrame, column: str, by_date: bool, bounds: tuple[int | None, int | None] | None
) -> _Key | None:
    """Whole-number years, every one from the frame's first to its last; or the frame's
    dates (by date)."""
    import polars as pl

    dtype = frame.schema[column]
    if bounds is None or not (dtype == pl.Date if by_date else dtype.is_integer()):
        return None
    low, high = bounds
    if low is None or high is None or high - low >= MAX_KEYS:
        return None  # every time missing (the general route says so), or too many
    if by_date:
        return _Key(column, frame.get_column(column).unique().drop_nulls(), None)
    span = np.arange(low, high + 1, dtype=np.int64)
    return _Key(column, pl.Series(column, span).cast(dtype), None)


def _table(request: Request, keys: list[_Key], run: Runner, *, worth: bool) -> pl.DataFrame | None:
    """The factor and labels of every key the frame may hold (those whose conversion fails are
    left out); None if there are too many, or if the table is not remembered and working it
    out is not ``worth`` it for the frame."""
    own_tables = (request.rates, request.ppp_table, request.cpi_table, request.rpp_table)
    if any(t is not None for t in own_tables):  # a caller's table: no identity to remember
        return _work_out(request, keys, run) if worth else None
    remembered = (
        dataclasses.replace(request, frame_columns=()),
        _data.generation(),
        tuple((k.column, k.values.dtype, tuple(k.values.to_list())) for k in keys),
    )
    try:  # batches of a LazyFrame may come from several threads: no check-then-use
        table = _tables[remembered]
    except KeyError:
        if not worth:
            return None
        table = _tables[remembered] = _work_out(request, keys, run)
        while len(_tables) > _REMEMBERED:
            _tables.popitem(last=False)
    else:
        with contextlib.suppress(KeyError):
            _tables.move_to_end(remembered)
    return table


def _grid(request: Request, keys: list[_Key]) -> pl.DataFrame | None:
    """Every combination of the keys' values, less the codes' years no source covers."""
    import polars as pl

    grid = keys[0].values.to_frame()
    for key in keys[1:]:
        grid = grid.join(key.values.to_frame(), how="cross")
    time = keys[-1] if keys[-1].kind is None else None
    strict = request.out_of_range == "raise" and request.ppp_beyond == "raise"
    if time is not None and strict:
        year = pl.col(time.column)
        year = year.dt.year() if request.by_date else year
        for key in keys[:-1]:
            code = pl.col("code").cast(key.values.dtype, strict=False)
            bounds = _bounds(key.kind).with_columns(code).drop_nulls("code")
            grid = grid.join(bounds, left_on=key.column, right_on="code", how="left")
            inside = pl.col("first").is_null() | year.is_between(pl.col("first"), pl.col("last"))
            grid = grid.filter(inside).drop("first", "last")
    return grid if grid.height <= MAX_KEYS else None


def _work_out(request: Request, keys: list[_Key], run: Runner) -> pl.DataFrame | None:
    """Run the pipeline once on every combination of the keys' values (None: too many)."""
    import polars as pl

    grid = _grid(request, keys)
    if grid is None:
        return None
    keyed = grid.columns
    used = grid.with_columns(pl.lit(1.0).alias(col) for col in request.columns).to_pandas()
    used.index = pd.RangeIndex(len(used))
    try:
        out = run(used, dataclasses.replace(request, errors="coerce"))
    except CoderstatsError:
        return None  # an error of the whole call: the general route raises it
    new = request.outputs[len(request.columns) :]
    ok = np.isfinite(out[new[0]].to_numpy(dtype=np.float64))
    factor = pl.Series(new[0], out[new[0]].to_numpy(dtype=np.float64)[ok])
    labels = [
        pl.Series(name, out[name].to_numpy(dtype=object)[ok], pl.String).cast(pl.Categorical)
        for name in new[1:]
    ]
    return grid.select(keyed).filter(pl.Series(ok)).with_columns(factor, *labels)


def known_codes(kind: str) -> tuple[str, ...]:
    """The codes of ``kind`` (currency, country, state) that the shipped sources hold; for
    currencies, the US dollar and the euro first."""
    extra = ["USD", "EUR"] if kind == "currency" else []
    return tuple(dict.fromkeys([*extra, *held_years(kind).index.tolist()]))


def _bounds(kind: str | None) -> pl.DataFrame:
    """The codes of ``kind`` with their first and last year (code, first, last)."""
    import polars as pl

    held = held_years(str(kind))
    return pl.DataFrame(
        {
            "code": held.index.to_numpy(dtype=object),
            "first": held["first"].to_numpy(dtype=np.int64),
            "last": held["last"].to_numpy(dtype=np.int64),
        },
        schema={"code": pl.String, "first": pl.Int64, "last": pl.Int64},
    )
