"""convert() on polars frames: one join on a table of factors per key, else the general route."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd
import pytest

from coderstats import _data, convert
from coderstats.conversion import _run
from coderstats.engine import polars_path, polars_places
from coderstats.engine.request import Request, build_request

pytestmark = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("polars", "narwhals", "pyarrow")),
    reason="needs polars, narwhals and pyarrow",
)


@pytest.fixture(autouse=True)
def _forget_tables(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No table remembered from another test; the route taken whatever the frame's size."""
    polars_path._tables.clear()
    polars_places._remembered.clear()
    monkeypatch.setattr(polars_path, "MIN_ROWS", 0)
    yield
    polars_path._tables.clear()
    polars_places._remembered.clear()


class Runs:
    """The pipeline, counting the rows of each run."""

    def __init__(self) -> None:
        self.rows: list[int] = []

    def __call__(self, frame: pd.DataFrame, request: Request) -> pd.DataFrame:
        self.rows.append(len(frame))
        return _run(frame, request)


def _request(frame: Any, **options: Any) -> Request:
    empty = pd.DataFrame({name: pd.Series([], dtype=object) for name in frame.columns})
    return build_request(empty, **options)


def _inside(frame: Any, **options: Any) -> Any:
    """The polars route's result, or None where it hands the frame on."""
    return polars_path.convert_polars(frame, _request(frame, **options), Runs())


def _pay(n: int = 1000, seed: int = 1) -> Any:
    import polars as pl

    rng = np.random.default_rng(seed)
    return pl.DataFrame(
        {
            "pay": rng.uniform(10_000, 90_000, n),
            "cur": np.array(["GBP", "EUR", "INR", "NGN", "USD"])[rng.integers(0, 5, n)],
            "yr": rng.integers(2016, 2025, n),
        }
    )


MARKET: dict[str, Any] = {"amount": "pay", "currency": "cur", "year": "yr"}


def test_a_clean_frame_is_joined_and_matches_pandas_row_by_row() -> None:
    frame = _pay(5000)
    inside = _inside(frame, **MARKET)
    assert inside is not None
    expected = convert(frame.to_pandas(), **MARKET)
    got = inside.to_pandas()
    assert got.columns.tolist() == expected.columns.tolist()
    np.testing.assert_array_equal(got["pay_market"], expected["pay_market"])
    np.testing.assert_array_equal(got["factor_market"], expected["factor_market"])
    for col in ("basis_market", "fallback_market"):
        assert got[col].astype(str).tolist() == expected[col].astype(str).tolist()


def test_the_result_has_the_types_of_the_general_route() -> None:
    import polars as pl

    result = convert(_pay(10), **MARKET)
    assert result.schema["pay_market"] == pl.Float64
    assert result.schema["factor_market"] == pl.Float64
    assert result.schema["basis_market"] == pl.Categorical
    assert result.schema["fallback_market"] == pl.Categorical
    assert result.columns[:3] == ["pay", "cur", "yr"]


def test_the_table_of_keys_is_worked_out_once_for_the_same_options() -> None:
    frame = _pay(200)
    request = _request(frame, **MARKET)
    runs = Runs()
    first = polars_path.convert_polars(frame, request, runs)
    again = polars_path.convert_polars(_pay(300, seed=2), request, runs)
    assert first is not None
    assert again is not None
    assert len(runs.rows) == 1  # one run, on the keys, not on the rows
    assert runs.rows[0] < 2000  # the sources' currencies by the frame's years


def test_a_new_version_of_the_data_works_the_table_out_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frame = _pay(50)
    request = _request(frame, **MARKET)
    runs = Runs()
    polars_path.convert_polars(frame, request, runs)
    monkeypatch.setattr(_data, "generation", lambda: ("elsewhere", 1, 2, 3))
    polars_path.convert_polars(frame, request, runs)
    assert len(runs.rows) == 2


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"cur": [" gbp"]}, "a code written otherwise"),
        ({"cur": ["XXX"]}, "a code no source holds"),
        ({"cur": [None]}, "a missing code"),
        ({"yr": [None]}, "a missing year"),
        ({"yr": [1990]}, "a year outside the data"),
        ({"pay": [-1.0]}, "a negative amount"),
        ({"pay": [float("inf")]}, "an infinite amount"),
        ({"pay": [1.7e308]}, "an amount past the float range once converted"),
    ],
)
def test_a_row_the_join_cannot_convert_goes_the_general_route(
    change: dict[str, list[Any]], why: str
) -> None:
    import polars as pl

    good = {"pay": [1.0], "cur": ["GBP"], "yr": [2024]}
    frame = pl.concat([_pay(20), pl.DataFrame({**good, **change}).cast(_pay(1).schema)])
    assert _inside(frame, **MARKET) is None, why
    coerced = convert(frame, **MARKET, errors="coerce").to_pandas()
    expected = convert(frame.to_pandas(), **MARKET, errors="coerce")
    assert (
        coerced["problem_market"].astype(str).tolist()
        == expected["problem_market"].astype(str).tolist()
    )


def test_key_columns_of_other_types_go_the_general_route() -> None:
    import polars as pl

    frame = _pay(5)
    assert _inside(frame.with_columns(pl.col("yr").cast(pl.Float64)), **MARKET) is None
    assert _inside(frame.with_columns(pl.col("pay").cast(pl.String)), **MARKET) is None
    stamped = frame.with_columns(day=pl.lit(datetime(2024, 3, 1, tzinfo=UTC).replace(tzinfo=None)))
    options: dict[str, Any] = {"amount": "pay", "currency": "cur", "date": "day"}
    assert _inside(stamped, **options) is None
    result = convert(stamped, **options)
    assert result["pay_market"].null_count() == 0


def test_too_many_keys_go_the_general_route() -> None:
    import polars as pl

    frame = pl.DataFrame({"pay": [1.0e6], "cur": ["INR"], "iso": ["IND"]})
    options: dict[str, Any] = {"amount": "pay", "currency": "cur", "country": "iso", "year": 2023}
    assert _inside(frame, **options, basis="ppp") is None  # every currency by every country
    expected = convert(frame.to_pandas(), **options, basis="ppp")["pay_ppp"].tolist()
    assert convert(frame, **options, basis="ppp")["pay_ppp"].to_list() == expected


def test_categorical_and_enum_keys_and_dates() -> None:
    import polars as pl

    frame = pl.DataFrame(
        {
            "pay": [1000.0, 2000.0, 3000.0],
            "cur": ["GBP", "JPY", "GBP"],
            "day": [date(2024, 3, 1), date(2024, 3, 4), date(2023, 12, 29)],
        }
    )
    options: dict[str, Any] = {"amount": "pay", "currency": "cur", "date": "day"}
    expected = convert(frame.to_pandas(), **options)["pay_market"].tolist()
    for dtype in (pl.String, pl.Categorical, pl.Enum(["JPY", "GBP", "CHF"])):
        typed = frame.with_columns(pl.col("cur").cast(dtype))
        inside = _inside(typed, **options)
        assert inside is not None, dtype
        assert inside["pay_market"].to_list() == expected
        assert inside.schema["cur"] == typed.schema["cur"]  # the caller's column, unchanged


def test_a_lazy_frame_is_joined_batch_by_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[bool] = []
    original = polars_path.convert_polars

    def spy(*args: Any) -> Any:
        result = original(*args)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(polars_path, "convert_polars", spy)
    frame = _pay(100)
    lazy = convert(frame.lazy(), **MARKET)
    assert taken == []
    collected = lazy.collect()
    assert taken
    assert all(taken)
    assert collected["pay_market"].to_list() == convert(frame, **MARKET)["pay_market"].to_list()


def test_known_codes_start_with_the_dollar_and_the_euro() -> None:
    codes = polars_path.known_codes("currency")
    assert codes[:2] == ("USD", "EUR")
    assert {"GBP", "NGN", "XOF", "JPY"} <= set(codes)
    assert "IND" in polars_path.known_codes("country")
    assert "CA" in polars_path.known_codes("state")


def test_one_column_for_two_keys_goes_the_general_route() -> None:
    import polars as pl

    frame = pl.DataFrame({"pay": [1.0], "code": ["USD"]})
    options: dict[str, Any] = {"amount": "pay", "currency": "code", "country": "code"}
    assert _inside(frame, **options, year=2023, basis="ppp") is None


def test_a_small_frame_joins_only_on_a_table_remembered_already(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(polars_path, "MIN_ROWS", 1000)
    big = _pay(1000, seed=3)
    small = big.sort("yr")[[0, 1, 998, 999]]  # the same first and last year: the same table
    request = _request(small, **MARKET)
    runs = Runs()
    assert polars_path.convert_polars(small, request, runs) is None  # not worth a table
    assert runs.rows == []
    assert polars_path.convert_polars(big, request, runs) is not None
    assert polars_path.convert_polars(small, request, runs) is not None  # remembered now
    assert len(runs.rows) == 1


@pytest.mark.parametrize("code_type", ["String", "Categorical", "Enum"])
def test_looking_up_by_place_gives_what_the_join_gives(
    code_type: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import polars as pl

    dtype = pl.Enum(["USD", "EUR", "GBP", "INR", "NGN", "JPY"]) if code_type == "Enum" else None
    frame = _pay(3000).with_columns(
        pl.col("cur").cast(dtype or getattr(pl, code_type)),
        place=pl.lit(7),  # a column with the name the route would give its own
    )
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) % 97 == 0).then(float("nan")).otherwise("pay").alias("pay")
    )
    places = polars_places._work_out
    seen: list[bool] = []

    def spy(*args: Any) -> Any:
        found = places(*args)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(polars_places, "_work_out", spy)
    by_place = _inside(frame, **MARKET)
    monkeypatch.setattr(polars_places, "MAX_PLACES", 0)
    polars_path._tables.clear()
    joined = _inside(frame, **MARKET)
    assert seen == [True, False]  # each route taken once
    assert by_place is not None
    assert joined is not None
    assert by_place.equals(joined)
    assert by_place["pay_market"].null_count() == 31  # NaN amounts come out missing
    assert by_place["place"].to_list() == [7] * 3000


def test_dates_by_place_and_sums_past_the_float_range() -> None:
    import polars as pl

    frame = pl.DataFrame(
        {
            "pay": [4.0e307] * 5 + [2.0],  # their sum is infinite; none of them is
            "cur": ["USD"] * 5 + ["GBP"],
            "day": [date(2024, 3, 1)] * 3 + [date(2024, 3, 4)] * 2 + [date(2023, 12, 29)],
        }
    )
    options: dict[str, Any] = {"amount": "pay", "currency": "cur", "date": "day"}
    inside = _inside(frame, **options)
    assert inside is not None
    expected = convert(frame.to_pandas(), **options)
    assert inside["pay_market"].to_list() == expected["pay_market"].tolist()


def test_the_places_of_a_remembered_table_are_worked_out_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    places = polars_places._work_out
    calls: list[int] = []

    def spy(*args: Any) -> Any:
        calls.append(1)
        return places(*args)

    monkeypatch.setattr(polars_places, "_work_out", spy)
    frame = _pay(400)
    first = _inside(frame, **MARKET)
    again = _inside(frame.reverse(), **MARKET)
    assert first is not None
    assert again is not None
    assert again.reverse().equals(first)
    assert len(calls) == 1


@pytest.mark.parametrize("rows", [slice(None), slice(7, None)])
def test_places_read_from_the_bytes_are_those_polars_looks_up(rows: slice) -> None:
    import polars as pl

    frame = _pay(2000)[rows].with_columns(pl.col("yr").cast(pl.UInt16))
    table = pl.DataFrame({"cur": ["EUR", "GBP", "INR", "NGN", "USD"], "yr": [2016] * 5})
    places = polars_places.places_of(
        table.with_columns(factor=pl.lit(1.0)),
        2,
        ("cur", ["USD", "EUR", "GBP", "INR", "NGN"]),
        ("yr", 2016, 2024),
    )
    assert places is not None
    read = places.of(frame)
    assert isinstance(read, pl.Series)  # read with numpy, not looked up
    looked_up = frame.select(places.expression()).to_series()
    assert read.to_list() == looked_up.to_list()
    assert places.of(frame.with_columns(cur=pl.lit("JPY"))) is None  # not in the table
