"""convert() on DuckDB relations: a lazy projection where every key settles, else the general
route (whose results and errors test_frames compares with pandas)."""

from __future__ import annotations

import importlib.util
from typing import Any

import numpy as np
import pandas as pd
import pytest

from coderstats import convert
from coderstats.conversion import _run
from coderstats.engine import duckdb_path, frames
from coderstats.engine.request import Request, build_request
from coderstats.errors import CoderstatsError

pytestmark = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("duckdb", "narwhals", "pyarrow")),
    reason="needs duckdb, narwhals and pyarrow",
)


def _request(relation: Any, **options: Any) -> Request:
    empty = pd.DataFrame({name: pd.Series([], dtype=object) for name in relation.columns})
    return build_request(empty, **options)


def _lazy(relation: Any, **options: Any) -> Any:
    """The lazy route's relation, or None where it hands the relation on."""
    return duckdb_path.convert_duckdb(relation, _request(relation, **options), _run)


def _pay(n: int = 5000, seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    codes = np.array(["USD", "EUR", "GBP", "INR", "JPY"], dtype=object)
    countries = np.array(["USA", "DEU", "GBR", "IND", "JPN"], dtype=object)
    which = rng.integers(0, len(codes), n)
    return pd.DataFrame(
        {
            "salary": rng.uniform(1_000, 200_000, n).round(2),
            "currency": codes[which],
            "country": countries[which],
            "year": rng.integers(2015, 2025, n).astype(np.int32),
        }
    )


@pytest.fixture
def con() -> Any:
    import duckdb

    connection = duckdb.connect()
    yield connection
    connection.close()


def _same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Every column equal, the amounts and factors to the bit, labels as text."""
    assert list(got.columns) == list(want.columns)
    for col in want.columns:
        if want[col].dtype.kind == "f":
            assert np.array_equal(
                got[col].to_numpy(float), want[col].to_numpy(float), equal_nan=True
            )
        else:
            assert got[col].astype(object).where(got[col].notna(), None).tolist() == [
                None if pd.isna(v) else (v if not isinstance(v, str) else str(v))
                for v in want[col].astype(object)
            ]


def test_a_relation_comes_back_lazy_and_in_order(con: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    pay = _pay(60_000)
    con.register("pay", pay)
    con.execute("SET threads TO 2")
    monkeypatch.setattr(frames, "_eager", _refuse)  # the relation is never read whole
    result = convert(con.table("pay"), amount="salary", currency="currency", year="year")
    _same(result.df(), convert(pay, amount="salary", currency="currency", year="year"))


def _refuse(*_: object) -> None:
    raise AssertionError("the relation was read into memory")


def test_the_rows_are_read_when_the_relation_is(con: Any) -> None:
    con.execute("CREATE TABLE pay (salary DOUBLE, currency VARCHAR, year INTEGER)")
    con.execute("INSERT INTO pay VALUES (100.0, 'GBP', 2020)")
    result = convert(con.table("pay"), amount="salary", currency="currency", year="year")
    con.execute("UPDATE pay SET salary = 200.0")
    assert result.fetchall()[0][3] == pytest.approx(2 * 128.3892649418)


@pytest.mark.parametrize(
    "options",
    [
        {"amount": "salary", "currency": "currency", "year": "year", "errors": "coerce"},
        {
            "amount": "salary",
            "currency": "currency",
            "country": "country",
            "year": 2023,
            "basis": "ppp",
        },
        {"amount": "salary", "currency": "currency", "year": "year", "to": "EUR"},
        {"amount": "salary", "currency": "currency", "year": "year", "basis": "real"},
        {"amount": "salary", "currency": "GBP", "year": "year", "to_period": "month"},
    ],
    ids=["coerce", "ppp", "to-euros", "real", "constant-currency"],
)
def test_the_lazy_route_gives_what_pandas_gives(con: Any, options: dict[str, Any]) -> None:
    pay = _pay()
    con.register("pay", pay)
    result = _lazy(con.table("pay"), **options)
    assert result is not None
    _same(result.df(), convert(pay, **options))


def test_days_small_integers_enums_and_odd_names(con: Any) -> None:
    con.execute(
        '''CREATE TABLE pay AS SELECT * FROM (VALUES
            (100.0, 'GBP', DATE '2024-03-01', 2024::SMALLINT),
            (50.5, 'eur', DATE '2023-12-29', 2023::SMALLINT),
            ('NaN'::DOUBLE, 'USD', DATE '2024-03-04', 2024::SMALLINT),
            (NULL, 'GBP', DATE '2024-03-04', 2024::SMALLINT)
        ) t("pay ""x""", "cur", "day", "yr")'''
    )
    con.execute("""ALTER TABLE pay ALTER "cur" TYPE ENUM('GBP', 'eur', 'USD')""")
    rel = con.table("pay")
    want = rel.df()
    times: list[dict[str, Any]] = [{"date": "day"}, {"year": "yr"}]
    for options in times:
        result = _lazy(rel, amount='pay "x"', currency="cur", **options)
        assert result is not None
        got = result.df()
        expected = convert(want, amount='pay "x"', currency="cur", **options)
        _same(got.drop(columns="cur"), expected.drop(columns="cur"))
        assert got['pay "x"_market'].isna().tolist() == [False, False, True, True]


@pytest.mark.parametrize(
    ("rows", "why"),
    [
        ("(1.0, 'GBP', 2024), (2.0, 'XXX', 2024)", "an unknown code"),
        ("(1.0, 'GBP', 2024), (2.0, NULL, 2024)", "a missing code"),
        ("(1.0, 'GBP', 2024), (-2.0, 'GBP', 2024)", "a negative amount"),
        ("(1.0, 'GBP', 2024), ('inf'::DOUBLE, 'GBP', 2024)", "an infinite amount"),
        ("(1.0, 'GBP', 1900)", "a year without a rate"),
        ("(1.7e308, 'GBP', 2024)", "a result past the float range"),
    ],
)
def test_what_the_lookup_cannot_settle_goes_the_general_route(
    con: Any, rows: str, why: str
) -> None:
    values = f"(VALUES {rows}) t(salary, currency, year)"
    rel = con.sql(f"SELECT salary::DOUBLE AS salary, currency, year FROM {values}")
    options: dict[str, Any] = {"amount": "salary", "currency": "currency", "year": "year"}
    assert _lazy(rel, **options) is None, why
    with pytest.raises(CoderstatsError) as raised:
        convert(rel, **options)
    with pytest.raises(type(raised.value)) as on_pandas:
        convert(rel.df(), **options)
    assert str(raised.value) == str(on_pandas.value)


def test_types_and_sizes_the_lookup_does_not_take(
    con: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    options: dict[str, Any] = {"amount": "salary", "currency": "currency", "year": "year"}
    stamp = con.sql("SELECT 1.0 AS salary, 'GBP' AS currency, TIMESTAMP '2024-01-01' AS day")
    assert _lazy(stamp, amount="salary", currency="currency", date="day") is None
    text = con.sql("SELECT '1.0' AS salary, 'GBP' AS currency, 2024 AS year")
    assert _lazy(text, **options) is None
    empty = con.sql("SELECT 1.0 AS salary, 'GBP' AS currency, 2024 AS year WHERE false")
    assert _lazy(empty, **options) is None
    wide = con.sql(
        "SELECT 1.0 AS salary, 'GBP' AS currency, 2015 + (i % 10) AS year FROM range(20) r(i)"
    )
    assert _lazy(wide, **options) is not None
    monkeypatch.setattr(duckdb_path, "MAX_SLOTS", 5)
    assert _lazy(wide, **options) is None
    monkeypatch.setattr(duckdb_path, "MAX_KEYS", 5)
    assert _lazy(wide, **options) is None
    result = convert(wide, **options)  # the general route converts it all the same
    assert result.df()["salary_market"].notna().all()


def test_key_columns_with_the_names_of_the_routes_own_columns(con: Any) -> None:
    rel = con.sql("SELECT 1.0 AS salary, 'GBP' AS low0, 'GBP' AS coderstats_largest_0")
    assert _lazy(rel, amount="salary", currency="low0", year=2024) is not None
    assert _lazy(rel, amount="salary", currency="coderstats_largest_0", year=2024) is None


def test_a_column_named_like_the_slot_is_kept(con: Any) -> None:
    rel = con.sql("SELECT 1.0 AS salary, 'GBP' AS currency, 'x' AS coderstats_slot")
    result = _lazy(rel, amount="salary", currency="currency", year=2024)
    assert result is not None
    assert result.columns[:3] == ["salary", "currency", "coderstats_slot"]
    assert result.fetchall()[0][2] == "x"
