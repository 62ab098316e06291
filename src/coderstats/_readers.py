"""Read the ECB and World Bank WDI files into checked arrays, refusing damaged ones by line."""

# Each reader turns the bytes of one file into plain arrays, checking every line and cell,
# and refuses a damaged file with a DataIntegrityError naming the file, the line and the
# field. Readers only read: conversion rules live in the reference sources.
#
# Both publishers end every line, header included, with the separator "," (an empty last
# field); blank lines are the only exception. A line that lacks it, or has fewer or more
# fields than the header, is refused, so that a file cut short in the middle of its last line
# ("2024-01-02,1.0956,157.") is never read as a shorter, wrong rate.

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from coderstats import _options
from coderstats.errors import DataIntegrityError, show

__all__ = [
    "ECB_HELP",
    "ECB_URL",
    "PPP_INDICATORS",
    "WDI_HELP",
    "bad_cell",
    "read_ecb_csv",
    "read_wdi_csv",
    "read_wdi_metadata",
    "wdi_help",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
ObjectArray = npt.NDArray[np.object_]

#: Where the ECB publishes the full reference-rate history.
ECB_URL: Final = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
#: What every refusal of an ECB file ends with.
ECB_HELP: Final = (
    "The file does not follow the ECB eurofxref-hist layout (header 'Date,USD,JPY,...', one "
    f"row per fixing day, 'N/A' for a missing rate); download it again from {ECB_URL}."
)
#: WDI indicator code -> short name, for the PPP indicators coderstats reads by default.
PPP_INDICATORS: Final[Mapping[str, str]] = {
    code: name for name, code in _options.INDICATORS.items()
}


def wdi_help(code: str) -> str:
    """What a refusal of a WDI file of indicator ``code`` ends with: where to download it.

    Parameters
    ----------
    code : str
        World Bank WDI indicator code, e.g. ``"PA.NUS.FCRF"``.

    Returns
    -------
    str
        One sentence naming the World Bank page of the indicator.

    Examples
    --------
    >>> wdi_help("PA.NUS.FCRF")[:62]
    'Download the file again from the World Bank (https://data.worl'
    """
    return (
        f"Download the file again from the World Bank (https://data.worldbank.org/indicator/"
        f"{code}, 'CSV') and pass the zip or its API_*.csv unchanged."
    )


#: What every refusal of a PPP WDI file or of its country metadata ends with.
WDI_HELP: Final = wdi_help("PA.NUS.PRVT.PP")

_SEP: Final = ","
_UNNAMED: Final = "(unnamed last column)"
_EXTRA: Final = "(after the last column)"
_TRUNCATED: Final = "the file looks truncated; download it again"
_BREAK: Final = re.compile(r"\r\n?")
_BREAK_BYTES: Final = re.compile(rb"\r\n?|\n")
# C0 controls but tab, LF and CR; DEL; C1 controls; the Unicode line and paragraph separators.
_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_SKIPPED: Final = re.compile(r"Skipping line (\d+): (.*)", re.DOTALL)
_ECB_CODE: Final = re.compile(r"[A-Z]{3}")
_ECB_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_WDI_FIXED: Final = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
_WDI_YEAR: Final = re.compile(r"\d{4}")
_WDI_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_WDI_CODE: Final = re.compile(r"[A-Z0-9]{3}")
_WDI_PREAMBLE: Final = 3  # "Data Source", a blank line, "Last Updated Date"
_WDI_MIN_LINES: Final = 6  # the preamble, a blank line, the header and one country


# --------------------------------------------------------------------------------------------
# Messages


def bad_cell(
    label: str,
    line: int | None,
    field: str | int | None,
    value: object,
    why: str,
    help: str,
) -> DataIntegrityError:
    """The error for the first bad cell of a file: file, line, field, value, what is wrong, fix.

    Parameters
    ----------
    label : str
        The file as the user knows it (its path, or ``zip!member``).
    line : int or None
        1-based line of the file; ``None`` for a fault of the whole file.
    field : str, int or None
        The column: its header name (quoted in the message) or its 1-based position;
        ``None`` for a fault of the whole line.
    value : object
        The offending value, quoted with :func:`~coderstats.errors.show`; ``None`` when
        there is none to show (a missing field, a whole line).
    why : str
        What is wrong, as a clause that follows the value.
    help : str
        How to fix it, one or more sentences.

    Returns
    -------
    DataIntegrityError
        To be raised by the caller.

    Examples
    --------
    >>> str(bad_cell("rates.csv", 3, "USD", "1.09x", "is not a rate", "Download it again."))
    "rates.csv, line 3, field 'USD': '1.09x' is not a rate. Download it again."
    >>> str(bad_cell("rates.csv", None, None, None, "the file is empty", "Download it again."))
    'rates.csv: the file is empty. Download it again.'
    """
    where = [label]
    if line is not None:
        where.append(f"line {line}")
    if field is not None:
        where.append(f"field {field}" if isinstance(field, int) else f"field {show(field)}")
    shown = "" if value is None else f"{show(value)} "
    return DataIntegrityError(f"{', '.join(where)}: {shown}{why}. {help}")


# --------------------------------------------------------------------------------------------
# Text, records and line numbers


def _text(raw: bytes, label: str, help: str) -> str:
    """UTF-8 text (byte-order mark optional) with every line break made ``\\n``."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # The decoder reports positions in what follows the byte-order mark, if any.
        line = len(_BREAK_BYTES.findall(exc.object, 0, exc.start)) + 1
        offset = exc.start + len(raw) - len(exc.object)
        why = f"is not UTF-8 text ({exc.reason} at byte {offset} of the file)"
        raise bad_cell(label, line, None, None, why, help) from None
    text = _BREAK.sub("\n", text)
    junk = _CONTROL.search(text)
    if junk is not None:
        line = text.count("\n", 0, junk.start()) + 1
        why = (
            f"holds the control character {show(junk.group())} (a NUL byte or binary junk, "
            "never part of the publisher's text): the file is damaged"
        )
        raise bad_cell(label, line, None, None, why, help)
    return text


@dataclass(frozen=True)
class _Grid:
    """The records of a file, as read by pandas, with the line each one starts on.

    ``cells`` holds ``""`` where a record has no such field; ``counts`` is each record's
    number of fields (a blank line has none); ``blank`` marks records whose fields are all
    blank; ``complete`` says the text ends with a line break.
    """

    cells: ObjectArray
    counts: IntArray
    lines: IntArray
    blank: npt.NDArray[np.bool_]
    complete: bool

    def fields(self, row: int) -> list[str]:
        return [str(c) for c in self.cells[row, : self.counts[row]]]


def _grid(
    text: str,
    label: str,
    help: str,
    *,
    skiprows: int = 0,
    skipinitialspace: bool = False,
) -> _Grid:
    """Read ``text`` with pandas into records of strings, keeping each record's line number.

    Every field is read as text. The table is as wide as the longest line could make a
    record, so a record with fewer fields than another is padded with missing values, which
    is how the fields of each record are counted.
    """
    width = 2 + max(line.count(_SEP) for line in text.split("\n"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        try:
            frame = pd.read_csv(
                io.StringIO(text),
                sep=_SEP,
                header=None,
                names=list(range(width)),
                index_col=False,
                dtype=object,  # Python strings: no per-column conversion afterwards
                keep_default_na=False,
                skip_blank_lines=False,
                skiprows=skiprows,
                skipinitialspace=skipinitialspace,
                engine="python",
                on_bad_lines="warn",
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise bad_cell(label, None, None, None, f"cannot be read as CSV ({exc})", help) from exc
    absent = frame.isna().to_numpy()
    cells = np.where(absent, "", frame.to_numpy(dtype=object))
    physical = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    if physical == skiprows + len(cells):
        inner = np.zeros(len(cells), dtype=np.int64)  # one line per record
    else:
        inner = np.array(["".join(row).count("\n") for row in cells], dtype=np.int64)
    # A record starts one line after the previous one, plus the line breaks inside its
    # quoted fields (WDI country notes run over several lines).
    before = np.concatenate(([0], np.cumsum(inner)[:-1])).astype(np.int64)
    lines = skiprows + 1 + np.arange(len(cells), dtype=np.int64) + before
    _refuse_unreadable(caught, skiprows, inner, label, help)
    # Only a record whose first field is blank can be a blank line: join just those.
    blank = np.zeros(len(cells), dtype=np.bool_)
    maybe = np.flatnonzero([not str(cell).strip() for cell in cells[:, 0]])
    blank[maybe] = [not "".join(cells[i]).strip() for i in maybe]
    return _Grid(
        cells=cells,
        counts=(width - absent.sum(axis=1)).astype(np.int64),
        lines=lines,
        blank=blank,
        complete=text.endswith("\n"),
    )


def _refuse_unreadable(
    caught: Sequence[warnings.WarningMessage],
    skiprows: int,
    inner: IntArray,
    label: str,
    help: str,
) -> None:
    """Raise for the first record pandas could not read; pass any other warning on."""
    for item in caught:
        if not issubclass(item.category, pd.errors.ParserWarning):
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
            continue
        message = str(item.message).strip()
        found = _SKIPPED.fullmatch(message)
        if found is None:
            raise bad_cell(label, None, None, None, f"cannot be read as CSV ({message})", help)
        # pandas numbers the records after the skipped lines; the ones before the bad
        # record were read, so their line breaks are known.
        record = int(found[1]) - skiprows - 1
        line = skiprows + 1 + record + int(inner[:record].sum())
        reason = re.sub(r" in line \d+", "", found[2])  # pandas counts records, not lines
        if reason == "unexpected end of data":
            why = f"ends inside a quoted field, without its closing quote: {_TRUNCATED}"
        else:
            why = f"cannot be read as CSV ({reason})"
        raise bad_cell(label, line, None, None, why, help)


def _check_lines(
    grid: _Grid,
    header: int,
    body: IntArray,
    names: Sequence[str],
    label: str,
    help: str,
) -> None:
    """Refuse the first of the header and body records that does not have the header's
    fields, the last of them empty (every line ends with the separator)."""
    n = int(grid.counts[header])
    rows = np.concatenate(([header], body)).astype(np.int64)
    counts = grid.counts[rows]
    ends = grid.cells[rows, np.clip(np.minimum(counts, n) - 1, 0, None)]
    bad = (counts != n) | (ends != "")
    if not bad.any():
        return
    row = int(rows[np.argmax(bad)])
    k, line = int(grid.counts[row]), int(grid.lines[row])
    cut = row == len(grid.cells) - 1 and not grid.complete
    tail = f": {_TRUNCATED}" if cut else ""
    last = str(grid.cells[row, min(k, n) - 1])
    if k > n:
        why = f"is extra: the line has {k} fields where the header has {n}{tail}"
        raise bad_cell(label, line, _EXTRA, str(grid.cells[row, n]), why, help)
    if last != "" and (k < n or row == header):
        where = f"after {k} of the header's {n} fields, the last" if k < n else "its last field"
        why = (
            f"ends without the trailing separator {_SEP!r} that ends every line of the file "
            f"({where} {show(last)})"
        )
        raise bad_cell(label, line, None, None, why + tail, help)
    if k < n:
        why = (
            f"is missing: the line has {k} fields where the header has {n} (this field or an "
            f"earlier one was lost){tail}"
        )
        raise bad_cell(label, line, names[k] or _UNNAMED, None, why, help)
    why = f"stands where the line should end with the separator {_SEP!r} (a field too many?)"
    raise bad_cell(label, line, _UNNAMED, last, why, help)


def _nonblank(grid: _Grid) -> IntArray:
    return np.flatnonzero(~grid.blank).astype(np.int64)


# --------------------------------------------------------------------------------------------
# ECB eurofxref-hist


def read_ecb_csv(content: bytes, where: str) -> tuple[IntArray, list[str], FloatArray]:
    """Read the ECB euro reference rates file ``eurofxref-hist.csv``.

    Parameters
    ----------
    content : bytes
        The file as downloaded (or as read from ``eurofxref-hist.zip``).
    where : str
        The file as messages name it.

    Returns
    -------
    days : numpy.ndarray of int64
        Each data line's date as days since 1970-01-01, in file order (newest first).
    codes : list of str
        The currencies of the header, in header order (ISO 4217, euro excluded).
    values : numpy.ndarray of float64, shape (len(days), len(codes))
        Units of each currency per euro; NaN where the ECB wrote ``N/A``.

    Raises
    ------
    DataIntegrityError
        For the first line or cell that does not follow the layout: bytes that are not UTF-8
        or hold control characters, a header that is not ``Date`` and distinct currency codes,
        a line with fewer or more fields than the header or without the trailing separator
        (a truncated file), a date that is not ``YYYY-MM-DD`` or appears twice, a rate that is
        neither a positive number nor ``N/A``. The message names the file, the line and the
        field, and ends with :data:`ECB_HELP`.

    Examples
    --------
    >>> csv = b"Date,USD,JPY,\\n2024-01-03,1.0919,N/A,\\n2024-01-02,1.0956,157.54,\\n"
    >>> days, codes, values = read_ecb_csv(csv, "eurofxref-hist.csv")
    >>> days.tolist(), codes, values.tolist()
    ([19725, 19724], ['USD', 'JPY'], [[1.0919, nan], [1.0956, 157.54]])

    A file cut in the middle of its last line is refused, not read as a rate of 157.0:

    >>> csv[-26:-4]
    b'2024-01-02,1.0956,157.'
    >>> read_ecb_csv(csv[:-4], "eurofxref-hist.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coderstats.errors.DataIntegrityError: eurofxref-hist.csv, line 3: ends without the \
trailing separator ',' ...: the file looks truncated; download it again. The file does not ...
    """
    text = _text(content, where, ECB_HELP)
    grid = _grid(text, where, ECB_HELP, skipinitialspace=True)
    if not len(grid.cells):
        raise bad_cell(where, 1, None, None, "the file is empty", ECB_HELP)
    names = [name.strip() for name in grid.fields(0)] or [""]
    if names[0] != "Date":
        why = f"header starts with {show(names[0])}, not 'Date'"
        raise bad_cell(where, 1, 1, None, why, ECB_HELP)
    body = _nonblank(grid)
    body = body[body > 0]
    _check_lines(grid, 0, body, names, where, ECB_HELP)
    codes, positions = _ecb_codes(grid, names, body, where)
    if not len(body):
        why = "the header is not followed by any data line"
        raise bad_cell(where, 1, None, None, why, ECB_HELP)
    lines = grid.lines[body]
    days = _ecb_days(grid.cells[body, 0], lines, where)
    values = _ecb_rates(
        grid.cells[np.ix_(body, np.array(positions, dtype=np.int64))], lines, codes, where
    )
    return days, codes, values


def _ecb_codes(
    grid: _Grid, names: list[str], body: IntArray, where: str
) -> tuple[list[str], list[int]]:
    """The currency codes of the header and their columns; empty columns are skipped."""
    codes: list[str] = []
    positions: list[int] = []
    # The last column is the empty one after the trailing separator (checked already).
    for position, name in enumerate(names[1:-1], start=1):
        if name == "":
            filled = np.flatnonzero(grid.cells[body, position] != "")
            if len(filled):
                row = int(body[filled[0]])
                why = "stands under an empty header field"
                value = grid.cells[row, position]
                raise bad_cell(where, int(grid.lines[row]), position + 1, value, why, ECB_HELP)
            continue
        if not _ECB_CODE.fullmatch(name) or name == "EUR" or name in codes:
            why = (
                f"header {show(name)} is not a distinct three-letter ISO 4217 code of a "
                "currency quoted against the euro"
            )
            raise bad_cell(where, 1, position + 1, None, why, ECB_HELP)
        codes.append(name)
        positions.append(position)
    if not codes:
        raise bad_cell(where, 1, None, None, "the header names no currency", ECB_HELP)
    return codes, positions


_NOT_A_DAY: Final = np.iinfo(np.int64).min


def _ecb_day(text: object) -> int:
    """Days since 1970-01-01 of one date written YYYY-MM-DD, else :data:`_NOT_A_DAY`."""
    if not isinstance(text, str) or not _ECB_DATE.fullmatch(text):
        return int(_NOT_A_DAY)
    try:
        return int(np.datetime64(text, "D").astype(np.int64))
    except ValueError:
        return int(_NOT_A_DAY)


def _ecb_days(cells: ObjectArray, lines: IntArray, where: str) -> IntArray:
    """Days since 1970-01-01 of the dates written YYYY-MM-DD, each date once."""
    raw_dates = pd.Series(cells, dtype=object).str.strip()
    # Each distinct date parsed once by numpy, whose day unit reaches any year (pandas 2's
    # nanosecond timestamps stop in 2262).
    codes, distinct = pd.factorize(raw_dates, use_na_sentinel=True)
    parsed = np.array([_ecb_day(text) for text in distinct], dtype=np.int64)
    of_row = np.append(parsed, _NOT_A_DAY)[codes]  # code -1 (missing) picks _NOT_A_DAY
    bad_date = of_row == _NOT_A_DAY
    if bad_date.any():
        row = int(np.argmax(bad_date))
        why = "is not a date written YYYY-MM-DD"
        raise bad_cell(where, int(lines[row]), "Date", raw_dates.iloc[row], why, ECB_HELP)
    days: IntArray = of_row
    _, first_seen, counts = np.unique(days, return_index=True, return_counts=True)
    if (counts > 1).any():
        dup = int(first_seen[np.argmax(counts > 1)])
        again = int(np.flatnonzero(days == days[dup])[1])
        day = date.fromordinal(int(days[dup]) + date(1970, 1, 1).toordinal()).isoformat()
        why = f"{day} appears again (first on line {lines[dup]})"
        raise bad_cell(where, int(lines[again]), "Date", None, why, ECB_HELP)
    return days


def _ecb_rates(cells: ObjectArray, lines: IntArray, codes: list[str], where: str) -> FloatArray:
    """Units per euro; NaN for ``N/A``; anything but a positive number is refused."""
    not_available = cells == "N/A"
    values = np.full(cells.shape, np.nan, dtype=np.float64)
    try:
        values[~not_available] = cells[~not_available].astype(np.float64)
    except (ValueError, TypeError):
        numeric = np.column_stack(
            [
                pd.to_numeric(pd.Series(cells[:, j], dtype=object), errors="coerce").to_numpy(
                    dtype=np.float64
                )
                for j in range(cells.shape[1])
            ]
        )
        values = np.where(not_available, np.nan, numeric)
    with np.errstate(invalid="ignore"):
        bad = ~not_available & ~(np.isfinite(values) & (values > 0))
    if bad.any():
        row, col = (int(i) for i in np.argwhere(bad)[0])
        why = "is not a rate (expected a positive number, or N/A where the ECB published none)"
        raise bad_cell(where, int(lines[row]), codes[col], cells[row, col], why, ECB_HELP)
    return values


# --------------------------------------------------------------------------------------------
# World Bank WDI bulk CSV


def read_wdi_csv(
    raw: bytes, label: str, indicators: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Read a World Bank WDI bulk CSV (``API_<indicator>_DS2_en_csv_v2_*.csv``).

    Parameters
    ----------
    raw : bytes
        The file as the World Bank serves it inside its zip.
    label : str
        The file as messages name it.
    indicators : mapping of str to str, optional
        WDI indicator code -> short name of the indicators the file may hold; a line of any
        other indicator is refused. Default :data:`PPP_INDICATORS` (``PA.NUS.PRVT.PP`` and
        ``PA.NUS.PPP``); pass e.g. ``{"PA.NUS.FCRF": "official_rate"}`` for another series.

    Returns
    -------
    dict
        One entry per non-empty cell, in file order (line by line, then year by year):
        ``iso3``, ``country`` and ``indicator_code`` (object arrays of str), ``year``
        (int64 array), ``lcu_per_intl_dollar`` (float64 array: the cell's value, whatever
        the indicator's unit) and ``vintage`` (the "Last Updated Date", ``YYYY-MM-DD``).

    Raises
    ------
    DataIntegrityError
        For the first line or cell that does not follow the layout: bytes that are not UTF-8
        or hold control characters; a preamble without ``Data Source`` on line 1, a blank
        line 2 and ``Last Updated Date`` on line 3; a header that does not start with the
        four WDI columns followed by year columns; a line with fewer or more fields than the
        header or without the trailing separator (a truncated file); a country code that is
        not three letters or digits; an indicator code not in ``indicators``; a country and
        indicator repeated; a value that is not a positive number. The message names the
        file, the line and the field, and says where to download the file again.

    Examples
    --------
    >>> head = '"Data Source","WDI",\\n\\n"Last Updated Date","2025-07-01",\\n\\n'
    >>> columns = '"Country Name","Country Code","Indicator Name","Indicator Code",'
    >>> columns += '"2023","2024",\\n'
    >>> line = '"India","IND","PPP","PA.NUS.PRVT.PP","","19.9",\\n'
    >>> out = read_wdi_csv((head + columns + line).encode(), "API.csv")
    >>> out["iso3"].tolist(), out["year"].tolist(), out["lcu_per_intl_dollar"].tolist()
    (['IND'], [2024], [19.9])
    >>> read_wdi_csv((head + columns + line[:-4]).encode(), "API.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coderstats.errors.DataIntegrityError: API.csv, line 6: ends inside a quoted field, without \
its closing quote: the file looks truncated; download it again. Download the file again ...
    """
    known = PPP_INDICATORS if indicators is None else indicators
    help = wdi_help(next(iter(known), "PA.NUS.PRVT.PP"))
    text = _text(raw, label, help)
    # The preamble is its first three lines; the table, read without them, starts after.
    head = "\n".join(text.split("\n", _WDI_PREAMBLE)[:_WDI_PREAMBLE])
    preamble = _grid(head, label, help)
    grid = _grid(text, label, help, skiprows=_WDI_PREAMBLE)
    records = len(preamble.cells) + len(grid.cells)
    if records < _WDI_MIN_LINES:
        why = (
            f"the file ends after {records} lines; a WDI bulk CSV has four preamble lines, a "
            "header line and one line per country"
        )
        raise bad_cell(label, records or 1, None, None, why, help)
    vintage = _wdi_vintage(preamble, label, help)
    rows = _nonblank(grid)
    if len(rows) < 2:
        why = "no header line and data lines after the preamble"
        raise bad_cell(label, int(grid.lines[-1]), None, None, why, help)
    header, body = int(rows[0]), rows[1:]
    names = grid.fields(header)
    year_names = _wdi_years(grid, header, names, label, help)
    _check_lines(grid, header, body, names, label, help)
    cells = grid.cells[body]
    lines = grid.lines[body]
    codes, ind_codes = _wdi_keys(cells, lines, known, label, help)
    text_cells = cells[:, 4 : 4 + len(year_names)]
    present = text_cells != ""
    flat = pd.to_numeric(pd.Series(text_cells.ravel(), dtype=object), errors="coerce")
    numbers = flat.to_numpy(dtype=np.float64, na_value=np.nan).reshape(text_cells.shape)
    with np.errstate(invalid="ignore"):
        valid = np.isfinite(numbers) & (numbers > 0)
    bad = present & ~valid
    if bad.any():
        i, j = (int(k) for k in np.unravel_index(int(np.argmax(bad)), bad.shape))
        why = "is not a positive number"
        raise bad_cell(label, int(lines[i]), year_names[j], text_cells[i, j], why, help)
    row, col = np.nonzero(present)
    return {
        "iso3": codes[row],
        "country": cells[row, 0],
        "indicator_code": ind_codes[row],
        "year": np.array(year_names, dtype=np.int64)[col],
        "lcu_per_intl_dollar": numbers[row, col],
        "vintage": vintage,
    }


def _wdi_vintage(preamble: _Grid, label: str, help: str) -> str:
    """The "Last Updated Date" of the preamble, after checking its three lines."""
    first, second, third = (preamble.fields(i) for i in range(_WDI_PREAMBLE))
    if not first or first[0] != "Data Source":
        value = first[0] if first else ""
        raise bad_cell(label, 1, "Data Source", value, "is not the WDI preamble", help)
    if len(third) < 2 or third[0] != "Last Updated Date" or not _WDI_DATE.fullmatch(third[1]):
        why = "is not 'Last Updated Date',YYYY-MM-DD"
        raise bad_cell(label, 3, "Last Updated Date", ",".join(third), why, help)
    try:
        date.fromisoformat(third[1])
    except ValueError:
        raise bad_cell(label, 3, "Last Updated Date", third[1], "is not a date", help) from None
    if not preamble.blank[1]:
        raise bad_cell(label, 2, "preamble", ",".join(second), "should be empty", help)
    for line, fields in ((1, first), (3, third)):
        if fields[-1] != "":
            why = f"ends without the trailing separator {_SEP!r} that ends every line of the file"
            raise bad_cell(label, line, None, None, why, help)
    return third[1]


def _wdi_years(grid: _Grid, header: int, names: list[str], label: str, help: str) -> list[str]:
    """The year columns of the WDI header, after checking its four fixed columns."""
    line = int(grid.lines[header])
    if names[:4] != _WDI_FIXED:
        raise bad_cell(label, line, "header", names[:4], f"should start with {_WDI_FIXED}", help)
    if names[-1] != "":
        why = f"ends without the trailing separator {_SEP!r} that ends every line of the file"
        tail = f": {_TRUNCATED}" if header == len(grid.cells) - 1 and not grid.complete else ""
        raise bad_cell(label, line, None, None, why + tail, help)
    year_names = names[4:-1]
    for name in year_names:
        if not _WDI_YEAR.fullmatch(name):
            raise bad_cell(label, line, name, name, "is not a year column", help)
    if not year_names:
        raise bad_cell(label, line, "header", names, "has no year columns", help)
    return year_names


def _wdi_keys(
    cells: ObjectArray,
    lines: IntArray,
    known: Mapping[str, str],
    label: str,
    help: str,
) -> tuple[ObjectArray, ObjectArray]:
    """Country and indicator codes of the data lines, each pair once."""
    codes = cells[:, 1]
    good_code = pd.Series(codes, dtype=object).str.fullmatch(_WDI_CODE.pattern).to_numpy(bool)
    if not good_code.all():
        i = int(np.argmin(good_code))
        why = "is not a 3-letter code"
        raise bad_cell(label, int(lines[i]), "Country Code", codes[i], why, help)
    ind_codes = cells[:, 3]
    is_known = np.isin(ind_codes, list(known))
    if not is_known.all():
        i = int(np.argmin(is_known))
        why = f"is not one of the indicators read here ({', '.join(known)})"
        raise bad_cell(label, int(lines[i]), "Indicator Code", ind_codes[i], why, help)
    dup = pd.DataFrame({"c": codes, "i": ind_codes}).duplicated().to_numpy(bool)
    if dup.any():
        i = int(np.argmax(dup))
        why = "repeats an earlier line"
        raise bad_cell(label, int(lines[i]), "Country Code", codes[i], why, help)
    return codes, ind_codes


def read_wdi_metadata(raw: bytes, label: str) -> dict[str, bool]:
    """Read a WDI ``Metadata_Country_*.csv``: which codes are aggregates rather than countries.

    Parameters
    ----------
    raw : bytes
        The file as the World Bank serves it beside the data file.
    label : str
        The file as messages name it.

    Returns
    -------
    dict of str to bool
        Country code -> True for an aggregate (a region, an income group: its ``Region`` is
        empty), in file order; a code listed twice keeps its last line.

    Raises
    ------
    DataIntegrityError
        For bytes that are not UTF-8 or hold control characters, a header without the
        columns ``Country Code`` and ``Region``, no country line, or a line with fewer or more
        fields than the header or without the trailing separator (a truncated file). The
        message names the file, the line and the field.

    Examples
    --------
    >>> meta = b'"Country Code","Region",\\r\\n"DEU","Europe",\\r\\n"EUU","",\\r\\n'
    >>> read_wdi_metadata(meta, "Metadata_Country.csv")
    {'DEU': False, 'EUU': True}
    """
    text = _text(raw, label, WDI_HELP)
    grid = _grid(text, label, WDI_HELP)
    rows = _nonblank(grid)
    if not len(rows):
        raise bad_cell(label, 1, None, None, "the metadata file is empty", WDI_HELP)
    header, body = int(rows[0]), rows[1:]
    names = grid.fields(header)
    line = int(grid.lines[header])
    for needed in ("Country Code", "Region"):
        if needed not in names:
            why = f"lacks the column {show(needed)}"
            raise bad_cell(label, line, needed, names, why, WDI_HELP)
    _check_lines(grid, header, body, names, label, WDI_HELP)
    if not len(body):
        why = "the header is not followed by any country line"
        raise bad_cell(label, line, None, None, why, WDI_HELP)
    codes = grid.cells[body, names.index("Country Code")]
    regions = grid.cells[body, names.index("Region")]
    return {
        str(code): str(region).strip() == "" for code, region in zip(codes, regions, strict=True)
    }
