"""Speed and memory of ``coderstats.convert`` against a bare numpy baseline, in one process.

For each frame size (six currencies, ten years, spent in the matching six countries) it times:

(a) ``convert()`` at market rates and at PPP;
(b) a bare numpy baseline that factorises the same keys, gathers precomputed factors and
    multiplies (the least any vectorised conversion has to do);
(c) once, at 10^5 rows, a per-row loop of currencyconverter's ``CurrencyConverter.convert``.

It prints one line per size with the ratios convert/baseline and loop/convert, and the peak
memory traced during ``convert()`` over the memory of the input frame's arrays. Targets:
convert <= 2x the baseline at 10^7 rows; >= 200x faster than the per-row loop; peak memory
<= 3x the input.

Run: ``make bench`` or ``python benchmarks/bench_convert.py [--sizes 100000 1000000 10000000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
import tracemalloc
from functools import partial

import numpy as np
import pandas as pd
from _timing import best

import coderstats
from coderstats.reference import ecb, worldbank

CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "INR"]
COUNTRIES = ["USA", "DEU", "GBR", "CAN", "AUS", "IND"]
YEARS = list(range(2015, 2025))


def make_frame(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(CURRENCIES), n)
    return pd.DataFrame(
        {
            "salary": rng.uniform(10_000, 200_000, n).round(2),
            "currency": np.asarray(CURRENCIES, dtype=object)[pick],
            "country": np.asarray(COUNTRIES, dtype=object)[pick],
            "year": rng.choice(np.asarray(YEARS), n),
        }
    )


def baseline(frame: pd.DataFrame, table: dict[tuple[str, str, int], float]) -> np.ndarray:
    """Factorise (currency, country, year), gather one factor per key, multiply."""
    cur_codes, cur_uniq = pd.factorize(frame["currency"])
    ctry_codes, ctry_uniq = pd.factorize(frame["country"])
    year_codes, year_uniq = pd.factorize(frame["year"])
    combined = (cur_codes.astype(np.int64) * len(ctry_uniq) + ctry_codes) * len(
        year_uniq
    ) + year_codes
    key_codes, uniq = pd.factorize(combined)
    yl, cl = len(year_uniq), len(ctry_uniq)
    factors = np.array(
        [
            table[(cur_uniq[k // (cl * yl)], ctry_uniq[(k // yl) % cl], int(year_uniq[k % yl]))]
            for k in map(int, uniq)
        ]
    )
    converted: np.ndarray = frame["salary"].to_numpy() * factors[key_codes]
    return converted


def factor_table(basis: str) -> dict[tuple[str, str, int], float]:
    """Factors per key computed by the package itself, so both paths multiply the same."""
    out = {}
    for cur, ctry in zip(CURRENCIES, COUNTRIES, strict=True):
        for year in YEARS:
            if basis == "market":
                value = coderstats.convert_amount(1.0, cur, to="USD", year=year).value
            else:
                value = coderstats.convert_amount(
                    1.0, cur, basis="ppp", country=ctry, year=year
                ).value
            out[(cur, ctry, year)] = value
    return out


def run_convert(frame: pd.DataFrame, basis: str) -> pd.DataFrame:
    if basis == "market":
        return coderstats.convert(frame, amount="salary", currency="currency", year="year")
    return coderstats.convert(
        frame, amount="salary", currency="currency", country="country", year="year", basis="ppp"
    )


def peak_ratio(frame: pd.DataFrame, basis: str) -> float:
    # The input's own arrays (8 bytes a cell). deep=True would also count each row's string
    # object, although the six distinct codes are shared, and make the ratio look smaller.
    size = frame.memory_usage(deep=False, index=True).sum()
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = run_convert(frame, basis)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return float(peak / size)


def loop_seconds(frame: pd.DataFrame) -> float:
    """Per-row currencyconverter loop (ECB rate of each year's 1 July) over the frame."""
    from currency_converter import CurrencyConverter

    converter = CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)
    rows = zip(frame["salary"], frame["currency"], frame["year"], strict=True)
    start = time.perf_counter()
    for amount, cur, year in rows:
        converter.convert(amount, cur, "USD", date=dt.date(int(year), 7, 1))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10**5, 10**6, 10**7])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    # Warm every cache (rates, PPP table, pint registry) before timing.
    ecb.market_rates(np.array(CURRENCIES, dtype=object), "USD", years=np.full(6, 2024))
    worldbank.ppp_factors(np.array(COUNTRIES, dtype=object), np.full(6, 2024))
    tables = {basis: factor_table(basis) for basis in ("market", "ppp")}
    run_convert(make_frame(1000), "market")

    loop_frame = make_frame(10**5, seed=1)
    loop_s = loop_seconds(loop_frame)
    (loop_convert_s,) = best(lambda: run_convert(loop_frame, "market"), repeat=args.repeat)
    # The same rows with the key columns as categoricals, as large frames are often held.
    as_categories = loop_frame.astype({"currency": "category", "country": "category"})
    (cat_convert_s,) = best(lambda: run_convert(as_categories, "market"), repeat=args.repeat)

    for n in args.sizes:
        frame = make_frame(n)
        for basis in ("market", "ppp"):
            conv_s, base_s = best(
                partial(run_convert, frame, basis),
                partial(baseline, frame, tables[basis]),
                repeat=args.repeat,
            )
            check = run_convert(frame, basis)[f"salary_{basis}"].to_numpy()
            assert np.allclose(check, baseline(frame, tables[basis]), rtol=1e-12)
            mem = peak_ratio(frame, basis)
            line = (
                f"n={n:>10,} {basis:<6} convert {conv_s:7.3f} s  baseline {base_s:7.3f} s  "
                f"convert/baseline {conv_s / base_s:5.2f}x  peak memory {mem:4.2f}x input"
            )
            if n == 10**5 and basis == "market":
                line += (
                    f"  per-row loop {loop_s:6.2f} s  loop/convert {loop_s / loop_convert_s:,.0f}x"
                    f" ({loop_s / cat_convert_s:,.0f}x with categorical keys)"
                )
            print(line, flush=True)


if __name__ == "__main__":
    main()
