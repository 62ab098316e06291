"""Cost of one convert_amount or exchange_rate call, against currencyconverter, in one process.

An analyst's ``frame.apply(lambda row: convert_amount(...), axis=1)`` calls the scalar path
once per row. This script times, per call: ``convert_amount`` on the market, PPP and real
bases, ``exchange_rate``, and (the baseline) ``CurrencyConverter.convert`` on the same pair,
after a first call that loads the tables. It prints microseconds per call and the ratio to
the baseline. Target: at most 50 microseconds a call (10^4 rows in well under a second).

Run: ``make bench`` or ``python benchmarks/bench_scalar.py [--calls 20000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import timeit
from collections.abc import Callable

from currency_converter import CurrencyConverter

import coderstats


def per_call(call: Callable[[], object], calls: int) -> float:
    """Seconds per call: the best of three timed runs after one warm-up call."""
    call()
    return min(timeit.repeat(call, number=calls, repeat=3)) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=20_000)
    calls = parser.parse_args().calls
    converter = CurrencyConverter()
    day = dt.date(2024, 3, 15)
    base = per_call(lambda: converter.convert(25_000, "GBP", "USD", date=day), calls)
    cases: dict[str, Callable[[], object]] = {
        "convert_amount market": lambda: coderstats.convert_amount(25_000, "GBP", year=2024),
        "convert_amount ppp": lambda: coderstats.convert_amount(
            25_000, "GBP", basis="ppp", country="GBR", year=2024
        ),
        "convert_amount real": lambda: coderstats.convert_amount(
            42_000, "USD", basis="real", year=2015, base_year=2024
        ),
        "exchange_rate": lambda: coderstats.exchange_rate("GBP", "USD", year=2024),
    }
    print(f"{'currencyconverter convert (baseline)':<38} {base * 1e6:8.2f} us/call")
    for name, call in cases.items():
        seconds = per_call(call, calls)
        print(f"{name:<38} {seconds * 1e6:8.2f} us/call  {seconds / base:6.2f}x baseline")


if __name__ == "__main__":
    main()
