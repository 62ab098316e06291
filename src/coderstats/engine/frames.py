"""The dataframe boundary of :func:`coderstats.convert`: any frame in, the same kind out.

pandas frames go straight to the numpy core. polars frames (eager and lazy), pyarrow tables and
DuckDB relations pass through narwhals: the options are checked against the frame's schema
(so every backend refuses a call with the same error as pandas), the amount and key columns
are read into pandas with the row positions as labels, converted by the same pipeline, and
the new columns are put back beside the caller's columns in the caller's library. A polars
LazyFrame stays lazy (it is converted when collected); a Dask frame is converted partition by
partition (:mod:`coderstats.engine.partitions`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from coderstats.engine.request import Request
from coderstats.errors import InvalidInputError

__all__ = ["BACKENDS", "backend_of", "convert_frame", "convert_in_polars", "key_columns"]

#: The frame libraries convert() accepts besides pandas, with the extra that installs each.
BACKENDS: dict[str, str] = {
    "polars": "polars",
    "pyarrow": "arrow",
    "duckdb": "duckdb",
    "dask": "dask",
}

#: Builds the request of a call against a (possibly empty) pandas frame of the same columns.
Planner = Callable[[pd.DataFrame], Request]
#: Runs the pipeline on a pandas frame with a request; returns the frame with the new columns.
Runner = Callable[[pd.DataFrame, Request], pd.DataFrame]


def backend_of(frame: object) -> str | None:
    """The library of ``frame`` (``"polars"``, ``"pyarrow"``, ...), or None if not one we take.

    Only libraries already imported are looked at: a frame of a library that is not imported
    cannot exist, so this never imports one.
    """
    module = type(frame).__module__.split(".", 1)[0]
    if module == "dask" or module == "dask_expr":
        return "dask"
    if module in BACKENDS:
        return module
    return None


def unsupported(frame: object) -> InvalidInputError:
    """The error for a frame of a library convert() does not take."""
    kinds = "a pandas, polars (eager or lazy), pyarrow, DuckDB or Dask frame"
    msg = (
        f"convert() takes {kinds}, got {type(frame).__module__}.{type(frame).__name__}; "
        "for one amount use convert_amount()"
    )
    return InvalidInputError(msg)


def missing_extra(backend: str) -> InvalidInputError:
    """The error when the libraries a backend needs (narwhals, pyarrow) are not installed."""
    extra = BACKENDS[backend]
    msg = (
        f"converting a {backend} frame needs the optional dependencies of coderstats[{extra}]; "
        f"install them with: pip install 'coderstats[{extra}]'"
    )
    return InvalidInputError(msg)


def key_columns(request: Request, columns: object) -> list[str]:
    """The columns the pipeline reads: the amounts, then each key option naming a column."""
    names = list(request.columns)
    present = set(columns)  # type: ignore[call-overload]
    for spec in (request.currency, request.country, request.us_state, request.time):
        if isinstance(spec, str) and spec in present and spec not in names:
            names.append(spec)
    return names


def convert_frame(frame: Any, backend: str, plan: Planner, run: Runner) -> Any:
    """Convert a polars, pyarrow or DuckDB frame; returns a frame of the same kind."""
    try:
        import narwhals.stable.v2 as nw
        import pyarrow  # noqa: F401  (the way back into each library)
    except ImportError:
        raise missing_extra(backend) from None
    native = nw.from_native(frame)
    if isinstance(native, nw.DataFrame):
        request = plan(_empty(native.schema))
        return _eager(native, request, run).to_native()
    request = plan(_empty(native.collect_schema()))
    if backend == "polars":
        return _lazy_polars(frame, request, run)
    return _duckdb(frame, native, request, run)


def _duckdb(relation: Any, native: Any, request: Request, run: Runner) -> Any:
    """A DuckDB relation converted lazily where every key settles
    (:mod:`coderstats.engine.duckdb_path`); else read, converted and given back."""
    from coderstats.engine import duckdb_path

    lazy = duckdb_path.convert_duckdb(relation, request, run)
    if lazy is not None:
        return lazy
    converted = _eager(native.collect(backend="pyarrow"), request, run)
    table = converted.to_native()
    labels = {
        name: _texts(table.column(name)) for name in request.outputs[len(request.columns) + 1 :]
    }
    back = converted.lazy(backend=native.implementation).to_native()
    return duckdb_path.label_types(back, labels)


def _texts(column: Any) -> list[str]:
    """The texts a dictionary-encoded Arrow column holds (missing values left out)."""
    import pyarrow.compute as pc

    found = pc.unique(column.combine_chunks())
    return [text for text in found.dictionary.take(found.indices).to_pylist() if text is not None]


def _empty(schema: Any) -> pd.DataFrame:
    """An empty pandas frame with the schema's column names (object columns)."""
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in schema.names()})


def _eager(native: Any, request: Request, run: Runner) -> Any:
    """A narwhals DataFrame converted: inside polars where it can be
    (:mod:`coderstats.engine.polars_path`), else the key columns read into pandas."""
    import narwhals.stable.v2 as nw
    import pyarrow as pa

    if native.implementation is nw.Implementation.POLARS:
        from coderstats.engine.polars_path import convert_polars

        inside = convert_polars(native.to_native(), request, run)
        if inside is not None:
            return nw.from_native(inside)
    used = native.select(key_columns(request, native.columns)).to_pandas()
    used.index = pd.RangeIndex(len(used))  # row positions are the labels
    out = run(used, request)
    new = pa.Table.from_pandas(
        out[request.outputs], schema=_arrow_schema(request), preserve_index=False
    )
    added = nw.from_arrow(new, backend=native.implementation)
    return nw.concat([native, added], how="horizontal")


def _arrow_schema(request: Request) -> Any:
    """The new columns: amounts and factor float64, labels dictionary-encoded text."""
    import pyarrow as pa

    label = pa.dictionary(pa.int32(), pa.string())
    fields = [(name, pa.float64()) for name in request.outputs[: len(request.columns) + 1]]
    fields += [(name, label) for name in request.outputs[len(request.columns) + 1 :]]
    return pa.schema(fields)


def _lazy_polars(frame: Any, request: Request, run: Runner) -> Any:
    """A polars LazyFrame that converts its rows when collected."""
    import narwhals.stable.v2 as nw
    import polars as pl

    new = pl.DataFrame(_arrow_schema(request).empty_table()).schema
    schema = {**frame.collect_schema(), **new}

    def convert_batch(batch: pl.DataFrame) -> pl.DataFrame:
        result: pl.DataFrame = _eager(nw.from_native(batch), request, run).to_native()
        return result

    return frame.map_batches(convert_batch, schema=schema)


def convert_in_polars(frame: Any, *, amount: object, currency: object, **options: Any) -> Any:
    """A polars DataFrame converted inside polars, or None where rows need the general route
    (:mod:`coderstats.engine.polars_path`); the options of :func:`coderstats.convert`."""
    from coderstats.conversion import _run
    from coderstats.engine.polars_path import convert_polars
    from coderstats.engine.request import build_request

    request = build_request(_empty(frame.schema), amount=amount, currency=currency, **options)
    return convert_polars(frame, request, _run)
