"""``coderstats.convert`` on polars and DuckDB against the join a user would write by hand.

For each size it builds one frame of salaries with string currency keys and years, and a small
rate table (one market factor per currency and year, from coderstats itself), then times:

(a) polars input: ``convert()`` against a polars join on the rate table and a multiply (a left
    join that keeps the rows in their order, as a conversion must: polars does not promise
    that order unless asked, ``maintain_order="left"``);
(b) pandas input: ``convert()`` against the same join run by DuckDB on the pandas frame;
(c) DuckDB input: ``convert()`` on a relation (which gives back a lazy relation), read into an
    Arrow table, against the same join run by DuckDB and read into an Arrow table (that join
    does not promise the rows' order; ``convert()`` keeps it). The call alone is timed too.

It prints the ratio convert / hand-written join for each (targets: polars <= 1.0x; the DuckDB
ratio is reported). For polars it times two joins: one carrying the factor alone, and one
carrying what ``convert()`` adds to each row too (the rule and fallback labels).

Run: ``python benchmarks/bench_frames.py [--sizes 1000000 10000000]``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import numpy as np
import pandas as pd
from _timing import best

import coderstats

CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "INR"]
YEARS = list(range(2015, 2025))


def make_frame(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "salary": rng.uniform(10_000, 200_000, n).round(2),
            "currency": np.asarray(CURRENCIES, dtype=object)[rng.integers(0, len(CURRENCIES), n)],
            "year": rng.choice(np.asarray(YEARS), n),
        }
    )


def rate_table() -> pd.DataFrame:
    """One row per currency and year: the factor, and the rule and fallback labels."""
    keys = pd.MultiIndex.from_product([CURRENCIES, YEARS], names=["currency", "year"])
    frame = keys.to_frame(index=False)
    rates = coderstats.convert(
        frame.assign(one=1.0), amount="one", currency="currency", year="year"
    )
    return frame.assign(
        factor=rates["one_market"].to_numpy(),
        basis=rates["basis_market"].to_numpy(),
        fallback=rates["fallback_market"].to_numpy(),
    )


def polars_ratio(frame: pd.DataFrame, rates: pd.DataFrame) -> tuple[float, float, float]:
    """convert(), a join on the factors alone, and a join carrying the labels convert adds."""
    import polars as pl

    data = pl.from_pandas(frame)
    labelled = pl.from_pandas(rates).with_columns(
        pl.col("basis").cast(pl.Categorical), pl.col("fallback").cast(pl.Categorical)
    )
    bare = labelled.select("currency", "year", "factor")

    def join(table: pl.DataFrame) -> Callable[[], object]:
        def by_hand() -> object:
            joined = data.join(table, on=["currency", "year"], how="left", maintain_order="left")
            return joined.with_columns((pl.col("salary") * pl.col("factor")).alias("salary_usd"))

        return by_hand

    def ours() -> object:
        return coderstats.convert(data, amount="salary", currency="currency", year="year")

    ours_s, bare_s, labelled_s = best(ours, join(bare), join(labelled))
    return ours_s, bare_s, labelled_s


def duckdb_ratio(frame: pd.DataFrame, rates: pd.DataFrame) -> tuple[float, float]:
    import duckdb

    con = duckdb.connect()
    con.register("pay", frame)
    con.register("rates", rates)
    query = (
        "select pay.*, pay.salary * rates.factor as salary_usd from pay "
        "left join rates using (currency, year)"
    )

    def by_hand() -> object:
        return con.execute(query).df()

    def ours() -> object:
        return coderstats.convert(frame, amount="salary", currency="currency", year="year")

    ours_s, by_hand_s = best(ours, by_hand)
    return ours_s, by_hand_s


def relation_ratio(frame: pd.DataFrame, rates: pd.DataFrame) -> tuple[float, float, float]:
    """convert() on a DuckDB relation read into Arrow, the join read into Arrow, the call."""
    import duckdb

    con = duckdb.connect()
    con.register("pay_frame", frame)
    con.register("rate_frame", rates)
    con.execute("CREATE TABLE pay AS SELECT * FROM pay_frame")
    con.execute("CREATE TABLE rates AS SELECT currency, year, factor FROM rate_frame")
    query = (
        "SELECT pay.*, pay.salary * rates.factor AS salary_usd FROM pay "
        "LEFT JOIN rates USING (currency, year)"
    )

    def by_hand() -> object:
        return con.sql(query).arrow().read_all()

    def call() -> object:
        return coderstats.convert(
            con.table("pay"), amount="salary", currency="currency", year="year"
        )

    def ours() -> object:
        return call().arrow().read_all()  # type: ignore[attr-defined]

    ours_s, by_hand_s, call_s = best(ours, by_hand, call)
    return ours_s, by_hand_s, call_s


def report(n: int, kind: str, other: str, ours: float, join: float) -> None:
    line = f"{n:>11,} rows  {kind}: convert {ours:.3f} s, {other} {join:.3f} s"
    print(f"{line}, ratio {ours / join:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    sizes = parser.parse_args().sizes
    rates = rate_table()
    for n in sizes:
        frame = make_frame(n)
        ours, join, labelled = polars_ratio(frame, rates)
        report(n, "polars", "polars join", ours, join)
        report(n, "polars", "polars join with the labels", ours, labelled)
        ours, join = duckdb_ratio(frame, rates)
        report(n, "pandas", "DuckDB join", ours, join)
        ours, join, call = relation_ratio(frame, rates)
        report(n, "DuckDB", "DuckDB join", ours, join)
        print(f"{n:>11,} rows  DuckDB: the convert() call alone (lazy) {call:.3f} s")


if __name__ == "__main__":
    main()
