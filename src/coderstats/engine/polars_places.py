"""Each row's place in a dense table of factors and labels, for polars frames keyed on one
code column (and a time).

A key's place is its code's offset (the code's position among the table's codes, times the
number of times) plus its time from the first. polars gathers the factor and labels of each
row from its place: cheaper than a join on two columns. Where the code column is text whose
values are all one width (ISO codes), the places are read from the column's bytes with numpy
(:func:`coderstats.engine.codes.translate_arrow`), with no string hashed; otherwise polars
looks each code up.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from coderstats.engine.codes import translate_arrow

if TYPE_CHECKING:
    import polars as pl

__all__ = ["MAX_PLACES", "Places", "places_of"]

#: Most places (codes by times) of a table looked up by place; with more, the rows are
#: joined on the key columns.
MAX_PLACES = 1 << 16
#: Places remembered for the tables used last.
_REMEMBERED = 16
#: The places worked out for the tables used last, by the table's identity (each kept with
#: its table, so that no other table can take its identity).
_remembered: OrderedDict[int, tuple[pl.DataFrame, Places | None]] = OrderedDict()


@dataclass(frozen=True)
class Places:
    """Where each key's factor and labels sit in ``dense`` (missing where the table has no
    key): the offset of its code in ``code`` plus its time in ``time`` less ``low``."""

    code: str
    time: str | None
    offsets: dict[str, int]
    low: int
    dense: pl.DataFrame

    def expression(self) -> pl.Expr:
        """Each row's place, looked up by polars (missing for a code the table lacks)."""
        import polars as pl

        place = pl.col(self.code).replace_strict(self.offsets, default=None, return_dtype=pl.Int64)
        if self.time is not None:
            place = place + (pl.col(self.time).to_physical().cast(pl.Int64) - self.low)
        return place

    def of(self, frame: pl.DataFrame) -> pl.Series | pl.Expr | None:
        """Each row's place: read with numpy where the code column is text of one width and
        no key is missing, else :meth:`expression`; None where a code is not in the table."""
        import polars as pl
        import pyarrow as pa

        column = frame.get_column(self.code)
        time = None if self.time is None else frame.get_column(self.time)
        if column.dtype != pl.String or (time is not None and time.null_count()):
            return self.expression()
        try:
            place = translate_arrow(
                column.to_arrow(compat_level=pl.CompatLevel.newest()), self.offsets
            )
        except KeyError:
            return None  # a code the table does not hold
        if place is None:
            return self.expression()
        if time is not None:
            np.add(place, time.to_physical().to_numpy(), out=place, casting="unsafe")
            place -= self.low
        return pl.Series(pa.array(place))  # the array itself, not a copy


def places_of(
    table: pl.DataFrame,
    keys: int,
    code: tuple[str, Iterable[str]],
    time: tuple[str, int, int] | None,
) -> Places | None:
    """The places of a table whose first ``keys`` columns are its keys: one ``code`` column
    (name, the codes in the table, such as a polars Series of them) and a ``time`` (name,
    first, last) if any. Remembered for each table; None with too many places."""
    found = _remembered.get(id(table))
    if found is not None and found[0] is table:
        return found[1]
    places = _work_out(table, keys, code, time)
    _remembered[id(table)] = (table, places)
    with contextlib.suppress(KeyError):  # batches of a LazyFrame may come from threads
        while len(_remembered) > _REMEMBERED:
            _remembered.popitem(last=False)
    return places


def _work_out(
    table: pl.DataFrame,
    keys: int,
    code: tuple[str, Iterable[str]],
    time: tuple[str, int, int] | None,
) -> Places | None:
    """The places of a table (see :func:`places_of`): the table's rows put at their place."""
    import polars as pl

    column, values = code[0], [str(value) for value in code[1]]
    low, span = (time[1], time[2] - time[1] + 1) if time is not None else (0, 1)
    if len(values) * span > MAX_PLACES:
        return None
    offsets = {value: k * span for k, value in enumerate(values)}
    looked_up = Places(column, None if time is None else time[0], offsets, low, pl.DataFrame())
    by_place = table.select(looked_up.expression().alias("place"), *table.columns[keys:])
    every = pl.DataFrame({"place": np.arange(len(values) * span, dtype=np.int64)})
    dense = every.join(by_place, on="place", how="left", maintain_order="left")
    return dataclasses.replace(looked_up, dense=dense.drop("place"))
