"""Factorising a text column of codes of one width without hashing strings.

Currency and country codes are three letters. In a pandas ``str`` column held by pyarrow,
such a column is one buffer of bytes with every value the same number of bytes long. Each
value is read as one whole number (its bytes, less the smallest byte of the column, as the
number's bytes), and the numbers are factorised with a dense table of a place for each
number up to the largest possible (1.6 million places for three upper-case letters), or by
hashing the numbers when the column is short for the table. The strings themselves are
never hashed.
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
    if not 0 < width <= MAX_BYTES or not _one_width(offsets, width):
        return None
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    low = int(data.min())
    numbers = _as_numbers(data, len(values), width, low)
    table = (int(data.max()) - low) * _REPEAT[width] + 1
    if table <= DENSE_ROWS_PER_PLACE * len(numbers):
        codes, distinct = dense_codes(numbers, table)
    else:  # few rows for the table's places: hashing the numbers is cheaper
        codes, found = pd.factorize(numbers)
        distinct = np.asarray(found)
    texts = np.empty(len(distinct), dtype=object)
    texts[:] = [_text(int(number), low, width) for number in distinct]
    return codes, texts


#: Offsets checked this many at a time, so that their differences stay in the cache.
_BLOCK = 1 << 15


def _one_width(offsets: npt.NDArray[Any], width: int) -> bool:
    """Whether every value between the offsets is ``width`` bytes long."""
    if int(offsets[-1] - offsets[0]) != width * (len(offsets) - 1):
        return False
    for start in range(0, len(offsets) - 1, _BLOCK):
        block = offsets[start : start + _BLOCK + 1]
        if not (np.diff(block) == width).all():
            return False
    return True


#: Per width, the number whose bytes are all 1: ``low`` times it is ``low`` in every byte.
_REPEAT = {1: 0x01, 2: 0x0101, 3: 0x010101}


def _as_numbers(
    data: npt.NDArray[np.uint8], rows: int, width: int, low: int
) -> npt.NDArray[np.int64]:
    """Each value's bytes as one number, less ``low`` in every byte (the first byte least
    significant). The bytes are read four at a time from where each value starts, and the
    bytes past the value are masked off; the last values, whose four bytes would run past
    the data, are read from a padded copy."""
    out = np.empty(rows, dtype=np.int64)
    whole = max(rows - 3 // width, 0)  # the values with four bytes from their start
    tail = np.zeros((rows - whole) * width + 4, dtype=np.uint8)
    tail[: (rows - whole) * width] = data[whole * width :]
    for source, part in ((data, out[:whole]), (tail, out[whole:])):
        if len(part):
            read = np.ndarray((len(part),), dtype="<u4", buffer=source, strides=(width,))
            np.bitwise_and(read, (1 << 8 * width) - 1, out=part, casting="unsafe")
    out -= low * _REPEAT[width]
    return out


def _text(number: int, low: int, width: int) -> str:
    """The value a number stands for (see :func:`_as_numbers`)."""
    return bytes(((number >> 8 * i) & 0xFF) + low for i in range(width)).decode("utf-8")


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
