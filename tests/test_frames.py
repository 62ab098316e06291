"""convert() on every frame library: one set of cases, each backend compared to pandas."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pytest

from coderstats import convert
from coderstats.engine.frames import backend_of, key_columns
from coderstats.engine.request import build_request
from coderstats.errors import CoderstatsError, InvalidInputError

Data = dict[str, list[Any]]

#: (name, columns, options): each runs on pandas and on every other backend.
CASES: list[tuple[str, Data, dict[str, Any]]] = [
    (
        "market by year column, a NaN amount",
        {"pay": [25_000.0, 30_000.0, None], "cur": ["GBP", "EUR", "GBP"], "yr": [2024, 2023, 2024]},
        {"amount": "pay", "currency": "cur", "year": "yr"},
    ),
    (
        "ppp by country, two amounts, monthly",
        {
            "low": [1.0e6, 40_000.0],
            "high": [2.0e6, 50_000.0],
            "cur": ["INR", "GBP"],
            "iso": ["IND", "GBR"],
        },
        {
            "amount": ["low", "high"],
            "currency": "cur",
            "country": "iso",
            "year": 2023,
            "basis": "ppp",
            "to_period": "month",
        },
    ),
    (
        "bad rows raise",
        {"pay": [1.0, -2.0, 3.0, 4.0], "cur": ["GBP", "GBP", "XXX", None]},
        {"amount": "pay", "currency": "cur", "year": 2024},
    ),
    (
        "bad rows coerced",
        {"pay": [1.0, -2.0, 3.0, 4.0], "cur": ["GBP", "GBP", "XXX", None]},
        {"amount": "pay", "currency": "cur", "year": 2024, "errors": "coerce"},
    ),
    (
        "amounts as text",
        {"pay": ["52000", "52k", None], "cur": ["USD", "USD", "USD"]},
        {"amount": "pay", "currency": "cur", "errors": "coerce"},
    ),
    (
        "a year missing in a row",
        {"pay": [1.0, 2.0], "cur": ["GBP", "GBP"], "yr": [2024, None]},
        {"amount": "pay", "currency": "cur", "year": "yr"},
    ),
    (
        "a missing amount column",
        {"pay": [1.0], "cur": ["GBP"]},
        {"amount": "salary", "currency": "cur", "year": 2024},
    ),
    (
        "a currency that is neither a code nor a column",
        {"pay": [1.0], "cur": ["GBP"]},
        {"amount": "pay", "currency": "curr", "year": 2024},
    ),
    (
        "an output column that exists",
        {"pay": [1.0], "cur": ["GBP"], "pay_market": [0.0]},
        {"amount": "pay", "currency": "cur", "year": 2024},
    ),
    (
        "market by date column",
        {
            "pay": [1_000.0, 2_000.0, 3_000.0],
            "cur": ["GBP", "JPY", "GBP"],
            "day": [date(2024, 3, 1), date(2024, 3, 4), date(2023, 12, 29)],
        },
        {"amount": "pay", "currency": "cur", "date": "day"},
    ),
    (
        "real dollars from whole-number amounts",
        {"pay": [50_000, 60_000], "cur": ["USD", "EUR"], "yr": [2020, 2024]},
        {"amount": "pay", "currency": "cur", "year": "yr", "basis": "real", "base_year": 2024},
    ),
    (
        "rpp by state column",
        {"pay": [50_000.0, 50_000.0], "cur": ["USD", "USD"], "st": ["CA", "MS"]},
        {"amount": "pay", "currency": "cur", "us_state": "st", "year": 2023, "basis": "rpp"},
    ),
    (
        "codes in lower case and with spaces",
        {"pay": [1.0, 2.0], "cur": [" gbp", "EUR"], "yr": [2024, 2024]},
        {"amount": "pay", "currency": "cur", "year": "yr"},
    ),
    (
        "a year outside the data",
        {"pay": [1.0, 2.0], "cur": ["GBP", "GBP"], "yr": [2024, 1990]},
        {"amount": "pay", "currency": "cur", "year": "yr"},
    ),
    (
        "an amount past the float range",
        {"pay": [1.0, 1.7e308], "cur": ["GBP", "GBP"], "yr": [2024, 2024]},
        {"amount": "pay", "currency": "cur", "year": "yr", "errors": "coerce"},
    ),
    (
        "an empty frame",
        {"pay": [], "cur": []},
        {"amount": "pay", "currency": "cur", "year": 2024},
    ),
]


def _has(*modules: str) -> bool:
    return all(importlib.util.find_spec(m) is not None for m in modules)


def _pandas(data: Data) -> pd.DataFrame:
    frame = pd.DataFrame(data)
    if not len(frame):
        frame = frame.astype({"pay": "float64", "cur": "str"})
    return frame


def _arrow(data: Data) -> Any:
    import pyarrow as pa

    return pa.Table.from_pandas(_pandas(data), preserve_index=False)


def _polars(data: Data) -> Any:
    import polars as pl

    return pl.from_arrow(_arrow(data))


def _back_polars(result: Any) -> pd.DataFrame:
    frame: pd.DataFrame = result.to_pandas()
    return frame


def _polars_joined(data: Data) -> Any:
    """A polars frame converted by the join, however small (see the test)."""
    return _polars(data)


def _polars_lazy(data: Data) -> Any:
    return _polars(data).lazy()


def _back_polars_lazy(result: Any) -> pd.DataFrame:
    import polars as pl

    assert isinstance(result, pl.LazyFrame)  # lazy stays lazy
    return result.collect().to_pandas()


def _back_arrow(result: Any) -> pd.DataFrame:
    frame: pd.DataFrame = result.to_pandas()
    return frame


def _duckdb(data: Data) -> Any:
    import duckdb

    return duckdb.from_arrow(_arrow(data))


def _back_duckdb(result: Any) -> pd.DataFrame:
    import duckdb

    assert isinstance(result, duckdb.DuckDBPyRelation)
    frame: pd.DataFrame = result.df()
    return frame


def _dask(data: Data) -> Any:
    import dask.dataframe as dd

    return dd.from_pandas(_pandas(data), npartitions=1)


def _back_dask(result: Any) -> pd.DataFrame:
    import dask.dataframe as dd

    assert isinstance(result, dd.DataFrame)
    computed: pd.DataFrame = result.compute(scheduler="sync")
    return computed


Make = Callable[[Data], Any]
Back = Callable[[Any], pd.DataFrame]

#: Each backend: how to make its frame, how to read a result back, the packages it needs.
_BACKENDS: list[tuple[str, Make, Back, tuple[str, ...]]] = [
    ("polars", _polars, _back_polars, ("narwhals", "polars", "pyarrow")),
    ("polars-joined", _polars_joined, _back_polars, ("narwhals", "polars", "pyarrow")),
    ("polars-lazy", _polars_lazy, _back_polars_lazy, ("narwhals", "polars", "pyarrow")),
    ("pyarrow", _arrow, _back_arrow, ("narwhals", "pyarrow")),
    ("duckdb", _duckdb, _back_duckdb, ("narwhals", "duckdb", "pyarrow")),
    ("dask", _dask, _back_dask, ("dask", "pyarrow")),
]
BACKENDS = [
    pytest.param(
        make,
        back,
        id=name,
        marks=pytest.mark.skipif(not _has(*needs), reason=f"needs {', '.join(needs)}"),
    )
    for name, make, back, needs in _BACKENDS
]


def _outcome(run: Callable[[], pd.DataFrame]) -> tuple[str, Any]:
    """("ok", new columns as plain values) or ("error", (type, message))."""
    try:
        frame = run()
    except CoderstatsError as exc:
        return "error", (type(exc).__name__, str(exc).removeprefix("partition 0: "))
    new = [c for c in frame.columns if c.endswith(("_market", "_ppp", "_real", "_rpp"))]
    out: dict[str, list[Any]] = {}
    for col in new:
        values = frame[col]
        if values.dtype.kind == "f":
            out[col] = [None if np.isnan(v) else round(float(v), 6) for v in values]
        else:
            out[col] = [None if pd.isna(v) else str(v) for v in values]
    return "ok", out


@pytest.mark.parametrize(("make", "back"), BACKENDS)
@pytest.mark.parametrize(("data", "options"), [pytest.param(d, o, id=n) for n, d, o in CASES])
def test_every_backend_gives_what_pandas_gives(
    make: Make, back: Back, data: Data, options: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    if make is _polars_joined:  # small frames take the general route unless told otherwise
        monkeypatch.setattr("coderstats.engine.polars_path.MIN_ROWS", 0)
    expected = _outcome(lambda: convert(_pandas(data), **options))
    got = _outcome(lambda: back(convert(make(data), **options)))
    assert got == expected


def test_the_cases_cover_results_and_errors() -> None:
    kinds = {_outcome(lambda d=d, o=o: convert(_pandas(d), **o))[0] for _, d, o in CASES}  # type: ignore[misc]
    assert kinds == {"ok", "error"}


@pytest.mark.skipif(not _has("narwhals", "polars", "pyarrow"), reason="needs polars")
def test_a_lazy_frame_is_checked_against_its_schema_before_it_runs() -> None:
    import polars as pl

    ran: list[int] = []

    def spy(frame: pl.DataFrame) -> pl.DataFrame:
        ran.append(len(frame))
        return frame

    lazy = pl.LazyFrame({"pay": [1.0], "cur": ["GBP"]}).map_batches(spy)
    with pytest.raises(InvalidInputError, match="amount column 'salary' not in the frame"):
        convert(lazy, amount="salary", currency="cur", year=2024)
    result = convert(lazy, amount="pay", currency="cur", year=2024)
    assert ran == []  # nothing computed until collected
    assert result.collect()["pay_market"].round(2).to_list() == [1.28]


@pytest.mark.skipif(not _has("narwhals", "polars", "pyarrow"), reason="needs polars")
def test_a_polars_frame_is_not_changed() -> None:
    import polars as pl

    frame = pl.DataFrame({"pay": [1.0], "cur": ["GBP"]})
    convert(frame, amount="pay", currency="cur", year=2024)
    assert frame.columns == ["pay", "cur"]


@pytest.mark.parametrize("given", [[1.0, 2.0], np.ones(2), {"pay": [1.0]}])
def test_a_frame_of_no_known_library_is_refused(given: object) -> None:
    with pytest.raises(InvalidInputError, match=r"convert\(\) takes a pandas, polars"):
        convert(given, amount="pay", currency="USD")


def test_backend_of_names_the_library_without_importing_one() -> None:
    assert backend_of(pd.DataFrame()) is None  # pandas goes its own way
    assert backend_of(object()) is None


def test_key_columns_are_the_amounts_then_the_key_columns() -> None:
    frame = pd.DataFrame({"pay": [1.0], "cur": ["GBP"], "yr": [2024], "note": ["x"]})
    request = build_request(frame, amount="pay", currency="cur", year="yr")
    assert key_columns(request, frame.columns) == ["pay", "cur", "yr"]
