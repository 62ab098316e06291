"""Converting Parquet or CSV files of any size: batch by batch, written atomically to Parquet.

The input (a file or a folder of files) is read in batches of at most ``batch_rows`` rows, each
converted by :func:`coderstats.convert` and appended to a temporary Parquet file beside the
output, which is moved into place once every batch is written. Memory stays bounded by the
batch size whatever the input's size. An error names the file and the row (counted from 0
among the file's data rows).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Unpack

import pandas as pd

from coderstats.engine.frames import missing_extra
from coderstats.engine.request import FrameOptions
from coderstats.errors import CoderstatsError, InvalidInputError

__all__ = ["EPILOG", "HELP", "add_arguments", "convert_file", "options_of", "run"]

#: Schema metadata key marking a Parquet file written by :func:`convert_file`.
MARK = b"coderstats.convert_file"
#: What ``coderstats convert-file`` does, and its examples.
HELP = "convert the salary columns of a Parquet or CSV file or folder of any size to Parquet"
EPILOG = """examples:
  coderstats convert-file pay.parquet pay_usd.parquet --amount salary --currency cur --year year
  coderstats convert-file extracts/ extracts_ppp.parquet --amount low high --currency cur \\
      --basis ppp --country iso3 --year 2024 --errors coerce

IN is a Parquet or CSV file, or a folder of them; OUT is one Parquet file, written to a
temporary file beside it and moved into place when every row is converted. An existing OUT is
replaced only if convert-file wrote it. --currency, --country, --us-state, --year and --date
name a column or give one value for every row. Memory stays bounded by --batch-rows."""

#: Rows of input converted at once.
BATCH_ROWS = 1 << 20
#: Bytes of CSV read at once (the column types are those of the first block).
CSV_BLOCK = 1 << 25


def convert_file(
    source: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    amount: str | list[str],
    currency: str,
    batch_rows: int = BATCH_ROWS,
    progress: bool = False,
    **options: Unpack[FrameOptions],
) -> int:
    """Convert a Parquet or CSV file (or a folder of them) into one Parquet file; rows written.

    Options are those of :func:`coderstats.convert`. ``out`` is replaced only if it is a file
    written by this function earlier; any other existing file is refused.

    Raises
    ------
    InvalidInputError
        An input that is missing or of another format, an ``out`` that would destroy a file
        coderstats did not write, or the errors of :func:`coderstats.convert` (naming the
        file and the row).
    """
    try:
        import pyarrow.parquet as pq
    except ImportError:
        error = missing_extra("dask")
        raise error from None
    source, target = Path(source), Path(out)
    _check_target(target, pq)
    files = [path for path in _inputs(source) if path.resolve() != target.resolve()]
    # Parquet files tell their row counts; CSV files would have to be read twice.
    parquet = all(path.suffix.lower() == ".parquet" for path in files)
    total = sum(_rows(path) for path in files) if progress and parquet else None
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    written = 0
    try:
        with _bar(progress, total) as bar:
            writer: Any = None
            for batch in _converted(files, amount, currency, batch_rows, options):
                if writer is None:
                    schema = batch.schema.with_metadata({MARK: b"1"})
                    writer = pq.ParquetWriter(tmp, schema, use_dictionary=_repeating(schema))
                writer.write_table(batch.cast(writer.schema))
                written += batch.num_rows
                bar.update(batch.num_rows)
            if writer is None:
                raise _empty(source)
            writer.close()
        tmp.replace(target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return written


def _repeating(schema: Any) -> list[str]:
    """The columns worth a Parquet dictionary: all but the amounts (floats that seldom repeat;
    the per-key factors do repeat)."""
    import pyarrow as pa

    return [
        f.name for f in schema if not pa.types.is_floating(f.type) or f.name.startswith("factor_")
    ]


def _check_target(target: Path, pq: Any) -> None:
    if not target.exists():
        if not target.parent.is_dir():
            msg = f"output folder {str(target.parent)!r} does not exist; create it first"
            raise InvalidInputError(msg)
        return
    mark = None
    with contextlib.suppress(Exception):
        mark = (pq.read_schema(target).metadata or {}).get(MARK)
    if not target.is_file() or mark is None:
        msg = (
            f"output {str(target)!r} exists and was not written by coderstats; "
            "give a new file name (an earlier output of convert-file is replaced)"
        )
        raise InvalidInputError(msg)


def _inputs(source: Path) -> list[Path]:
    """The Parquet or CSV files to read: ``source`` itself, or those in the folder, sorted."""
    kinds = (".parquet", ".csv")
    if source.is_dir():
        files = sorted(
            p
            for p in source.rglob("*")
            if p.suffix.lower() in kinds and p.is_file() and not p.name.startswith(".")
        )
    elif source.is_file():
        files = [source]
    else:
        msg = f"input {str(source)!r} does not exist; give a Parquet or CSV file or a folder"
        raise InvalidInputError(msg)
    wrong = [p for p in files if p.suffix.lower() not in kinds]
    if wrong or not files:
        what = f"{str(wrong[0])!r} is" if wrong else f"{str(source)!r} holds"
        msg = f"{what} not a Parquet or CSV file (.parquet, .csv); give one of those or a folder"
        raise InvalidInputError(msg)
    return files


def _batches(path: Path, batch_rows: int) -> Iterator[Any]:
    """The record batches of a Parquet or CSV file, read as they are converted.

    Parquet is read with pyarrow's ParquetFile, which holds a row group at a time: its dataset
    scanner held memory growing with the file (1.3 GB to copy 4 x 10^7 rows, 280 MB this way).
    """
    import pyarrow as pa

    csv = path.suffix.lower() == ".csv"
    try:
        yield from _csv_batches(path) if csv else _parquet_batches(path, batch_rows)
    except (pa.ArrowException, OSError) as exc:
        kind = "CSV" if csv else "Parquet"
        msg = f"{path}: cannot be read as {kind} ({exc}); check the file, or convert it again"
        raise InvalidInputError(msg) from exc


def _csv_batches(path: Path) -> Iterator[Any]:
    from pyarrow import csv

    yield from csv.open_csv(path, read_options=csv.ReadOptions(block_size=CSV_BLOCK))


def _parquet_batches(path: Path, batch_rows: int) -> Iterator[Any]:
    import pyarrow.parquet as pq

    with pq.ParquetFile(path, pre_buffer=False) as parquet:
        yield from parquet.iter_batches(batch_size=batch_rows)


def _rows(path: Path) -> int:
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as parquet:
        count: int = parquet.metadata.num_rows
    return count


def _converted(
    files: list[Path],
    amount: str | list[str],
    currency: str,
    batch_rows: int,
    options: Any,
) -> Iterator[Any]:
    """Each batch of each file converted, as a pyarrow table; errors name the file."""
    for path in files:
        start = 0
        for batch in _batches(path, batch_rows):
            try:
                converted = _one_batch(batch, start, amount, currency, options)
            except CoderstatsError as exc:
                where = f"{path}: {exc.problem}"
                raise type(exc)(where, hints=exc.hints) from exc
            start += batch.num_rows
            yield converted


def _one_batch(batch: Any, start: int, amount: str | list[str], currency: str, options: Any) -> Any:
    """One batch converted: inside polars where it can be, else through pandas with its rows
    labelled by their number in the file (from 0)."""
    import pyarrow as pa

    from coderstats.conversion import convert

    inside = _inside_polars(batch, amount, currency, options)
    if inside is not None:
        return inside
    frame = batch.to_pandas()
    frame.index = pd.RangeIndex(start, start + len(frame))
    result = convert(frame, amount=amount, currency=currency, **options)
    return _labels_encoded(pa.Table.from_pandas(result, preserve_index=False))


def _labels_encoded(table: Any) -> Any:
    """The label columns (categorical) as dictionary-encoded text of one type for every batch:
    each batch has its own categories, which Parquet writes as each column chunk's dictionary."""
    import pyarrow as pa

    label = pa.dictionary(pa.int32(), pa.string())

    def text(kind: Any) -> bool:
        values = kind.value_type if pa.types.is_dictionary(kind) else None
        return values is not None and bool(
            pa.types.is_string(values) or pa.types.is_large_string(values)
        )

    fields = [pa.field(f.name, label) if text(f.type) else f for f in table.schema]
    return table.cast(pa.schema(fields))


def _inside_polars(batch: Any, amount: str | list[str], currency: str, options: Any) -> Any:
    """The batch converted inside polars (a pyarrow table), or None: polars is not installed,
    or a row needs the general route (which names the file's rows in its errors)."""
    try:
        import polars as pl
    except ImportError:
        return None
    from coderstats.engine.frames import convert_in_polars

    frame = pl.from_arrow(batch)
    assert isinstance(frame, pl.DataFrame)
    result = convert_in_polars(frame, amount=amount, currency=currency, **options)
    if result is None:
        return None
    return _labels_encoded(result.to_arrow())


def _empty(source: Path) -> InvalidInputError:
    msg = f"input {str(source)!r} has no rows to convert; give a file with a header and rows"
    return InvalidInputError(msg)


@contextlib.contextmanager
def _bar(enabled: bool, total: int | None) -> Iterator[Any]:
    """A progress bar on stderr (shown on a terminal only); ``total`` rows when known."""
    if not enabled:
        yield _NoBar()
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="rows", unit_scale=True, desc="converting", disable=None) as bar:
        yield bar


class _NoBar:
    def update(self, n: int) -> None:
        """Nothing to show."""


def add_arguments(parser: argparse.ArgumentParser, choices: Mapping[str, Sequence[str]]) -> None:
    """The arguments of ``coderstats convert-file`` (``choices``: of each option that has them)."""
    add = parser.add_argument
    bases, periods = choices["basis"], choices["period"]
    add("input", metavar="IN", help="a Parquet or CSV file, or a folder of them")
    add("output", metavar="OUT", help="the Parquet file to write")
    add("--amount", nargs="+", required=True, metavar="COL", help="amount columns")
    add("--currency", required=True, metavar="COL", help="currency column or code")
    add("--to", default="USD", help="target currency for market (default USD)")
    add("--basis", choices=bases, default="market", help="(default market)")
    add("--country", metavar="COL", help="country column or ISO alpha-3 code (ppp)")
    add("--us-state", metavar="COL", help="US state column or code (rpp)")
    add("--year", metavar="COL", help="year column, or one year (2024)")
    add("--date", metavar="COL", help="date column, or one date (2024-03-15)")
    add("--period", choices=periods, default="year", help="of the amounts")
    add("--to-period", choices=periods, help="of the result (default: --period)")
    add(
        "--errors",
        choices=("raise", "coerce"),
        default="raise",
        help="rows that cannot be converted: fail (default), or flag them in a problem column",
    )
    add("--missing", choices=choices["missing"], default="raise", help="a date without a rate")
    add("--out-of-range", choices=choices["out_of_range"], default="raise", help="see convert")
    add("--base-year", help="year of the constant dollars (real; default latest)")
    add("--batch-rows", type=int, default=BATCH_ROWS, metavar="N", help="rows converted at once")


def run(args: argparse.Namespace, base_year: int | None, tables: dict[str, Any]) -> str:
    """``coderstats convert-file``: converts, and says how many rows it wrote."""
    options = {**options_of(args), "base_year": base_year, **tables}
    rows = convert_file(
        args.input, args.output, batch_rows=args.batch_rows, progress=True, **options
    )
    return f"wrote {rows} rows to {args.output}"


def options_of(args: argparse.Namespace) -> dict[str, Any]:
    """The options of :func:`convert_file` given on the command line (a year or a column)."""
    year: Any = args.year
    if isinstance(year, str) and re.fullmatch(r"\s*\d{4}\s*", year):
        year = int(year)  # one year for every row; anything else names a column
    names = ("amount", "currency", "to", "basis", "country", "us_state", "date", "period")
    options = {name: getattr(args, name) for name in names}
    more = ("indicator", "missing", "out_of_range", "errors")
    options |= {name: getattr(args, name) for name in more}
    return {**options, "year": year, "to_period": args.to_period or args.period}
