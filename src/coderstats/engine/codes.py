"""Factorising a text column of codes of one width without hashing strings.

Currency and country codes are three letters. In a pandas ``str`` column held by pyarrow,
such a column is one buffer of bytes with every value the same number of bytes long. Each
value becomes a whole number, its bytes being digits in the base of the values the bytes
take (for upper-case letters, base 26: 17,576 numbers for three letters), and the numbers are
factorised with a dense table of that many places (by hashing them when the column is short
for the table). The strings themselves are never hashed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["dense_codes", "factorize_fixed_width"]

#: Widest value (in bytes) read as a number; wider values are hashed as strings.
MAX_BYTES = 3
#: The dense table is used from one row per this many places: setting up a place costs
#: about as much as hashing a number.
DENSE_ROWS_PER_PLACE = 8


def factorize_fixed_width(
    series: pd.Series,
) -> tuple[npt.NDArray[np.signedinteger[Any]], npt.NDArray[np.object_]] | None:
    """Codes (signed integers) and distinct values of a pyarrow-backed text column whose
    values are all present and all the same number of bytes, at most MAX_BYTES; None for
    any other column."""
    values = _arrow_text(series)
    if values is None or not len(values) or values.null_count:
        return None
    wide = np.dtype(np.int64) if str(values.type) == "large_string" else np.dtype(np.int32)
    offsets = np.frombuffer(values.buffers()[1], dtype=wide)[
        values.offset : values.offset + len(values) + 1
    ]
    width = int(offsets[1] - offsets[0])
    if not 0 < width <= MAX_BYTES or int(offsets[-1] - offsets[0]) != width * len(values):
        return None
    if not (np.diff(offsets) == width).all():
        return None
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    low = int(data.min())
    base = int(data.max()) - low + 1
    numbers = _as_numbers(data.reshape(len(values), width), low, base)
    table = base**width
    if table <= DENSE_ROWS_PER_PLACE * len(numbers):
        codes, distinct = dense_codes(numbers, table)
    else:  # few rows for the table's places: hashing the numbers is cheaper
        codes, found = pd.factorize(numbers)
        distinct = np.asarray(found)
    texts = np.empty(len(distinct), dtype=object)
    texts[:] = [_text(int(number), low, base, width) for number in distinct]
    return codes, texts


def _as_numbers(rows: npt.NDArray[np.uint8], low: int, base: int) -> npt.NDArray[np.int32]:
    """Each row of bytes as one number: each byte's distance from the smallest byte, as a
    digit in ``base`` (the first byte most significant)."""
    numbers = rows[:, 0].astype(np.int32)  # at most 2**24 numbers: 32 bits hold them
    numbers -= low
    for column in range(1, rows.shape[1]):
        numbers *= base
        numbers += rows[:, column]
        numbers -= low
    return numbers


def _text(number: int, low: int, base: int, width: int) -> str:
    """The value a number stands for (see :func:`_as_numbers`)."""
    data = bytearray(width)
    for column in reversed(range(width)):
        number, digit = divmod(number, base)
        data[column] = digit + low
    return data.decode("utf-8")


def dense_codes(
    numbers: npt.NDArray[np.integer[Any]], table: int
) -> tuple[npt.NDArray[np.signedinteger[Any]], npt.NDArray[np.intp]]:
    """Factorise whole numbers ``0 <= n < table`` with a table of a place for each: the codes
    (the smallest signed type that holds them) and the numbers present, in order."""
    present = np.zeros(table, dtype=bool)
    present[numbers] = True
    distinct = np.flatnonzero(present)
    position = np.zeros(table, dtype=np.min_scalar_type(-len(distinct)))
    position[distinct] = np.arange(len(distinct))
    return position[numbers], distinct


def _arrow_text(series: pd.Series) -> Any:
    """The column's pyarrow string array (one chunk), or None if it is held otherwise."""
    dtype = series.dtype
    if not isinstance(dtype, pd.StringDtype) or dtype.storage != "pyarrow":
        return None
    import pyarrow as pa

    values = pa.array(series.array)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values if str(values.type) in ("string", "large_string") else None
