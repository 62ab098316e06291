"""The package's one pint registry: currencies, the international dollar and pay periods.

Each currency is a dimension of its own, so pint can never convert one currency into another
by itself (``Quantity(1, "EUR").to("USD")`` is a ``DimensionalityError``): a rate is always
given explicitly, as a quantity such as ``1.08 USD/EUR`` that pint multiplies in. Pint checks
that the rate's units cancel the amount's currency and turns ``EUR/work_year`` into
``USD/hour`` in one step; the factor for each (currency pair, periods) is worked out once.

Pay periods use the BLS convention: a work year is 2,080 hours (52 weeks of 40 hours); a month
is a twelfth of it and a week a fifty-second.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from numbers import Real
from typing import TYPE_CHECKING, Any

from coderstats import _options
from coderstats.errors import InvalidAmountError, InvalidInputError, UnknownCurrencyError, show

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "HOURS_PER_WORK_YEAR",
    "INTERNATIONAL_DOLLAR",
    "PERIODS",
    "check_amount",
    "currency_unit",
    "money_factor",
    "money_factors",
    "period_factor",
    "registry",
]

#: Hours in a work year (BLS annualisation of hourly wages).
HOURS_PER_WORK_YEAR = 2080

#: Unit name of the PPP international dollar in the registry.
INTERNATIONAL_DOLLAR = "international_dollar"

#: Pay-period names accepted by the package, and the registry unit behind each.
PERIODS: dict[str, str] = dict(
    zip(_options.PERIODS, ("work_year", "work_month", "work_week", "hour"), strict=True)
)


@cache
def _currency_codes() -> frozenset[str]:
    """ISO 4217 codes the registry defines (babel's list: current and historical codes)."""
    from babel.numbers import list_currencies

    return frozenset(
        code for code in list_currencies() if len(code) == 3 and code.isalpha() and code.isupper()
    )


@cache
def registry() -> Any:
    """Build (once) and return the package's pint ``UnitRegistry``.

    Built on first use so that ``import coderstats`` stays cheap. The registry is never
    changed afterwards (no contexts are switched on it), so it is safe to share.
    """
    import pint

    # An empty registry with only what pay needs: pint's full default definitions (a thousand
    # physical units) took most of a conversion command's start-up time.
    ureg: Any = pint.UnitRegistry(None, cache_folder=None, on_redefinition="raise")
    ureg.define("second = [time] = s")
    ureg.define("minute = 60 second = min")
    ureg.define("hour = 60 minute = h")
    # One dimension per currency: no conversion between two of them without a rate.
    for code in sorted(_currency_codes()):
        ureg.define(f"{code} = [currency_{code}]")
    ureg.define(f"{INTERNATIONAL_DOLLAR} = [currency_{INTERNATIONAL_DOLLAR}] = int_dollar")
    ureg.define(f"work_year = {HOURS_PER_WORK_YEAR} hour")
    ureg.define("work_month = work_year / 12")
    ureg.define("work_week = work_year / 52")
    return ureg


def _period_unit(period: object) -> str:
    return PERIODS[_options.choice(period, _options.PERIODS, "pay period")]


def period_factor(from_period: str, to_period: str) -> float:
    """Factor that turns an amount per ``from_period`` into an amount per ``to_period``.

    Parameters
    ----------
    from_period, to_period : {"year", "month", "week", "hour"}
        Pay periods; a year is a work year of 2,080 hours, a month a twelfth of it and a
        week a fifty-second.

    Returns
    -------
    float
        Multiply an amount per ``from_period`` by it to get the amount per ``to_period``.

    Raises
    ------
    InvalidInputError
        If a period is not one of the names above.

    Examples
    --------
    >>> round(47_180 * period_factor("year", "hour"), 2)
    22.68
    >>> period_factor("month", "year")
    12.0
    """
    return _unit_ratio(_period_unit(from_period), _period_unit(to_period))


@cache
def _unit_ratio(from_unit: str, to_unit: str) -> float:
    ureg = registry()
    return float(ureg.Quantity(1.0, f"USD / {from_unit}").to(f"USD / {to_unit}").magnitude)


def currency_unit(code: object) -> str:
    """The registry's name for a currency code (case and surrounding spaces ignored).

    Raises
    ------
    UnknownCurrencyError
        If ``code`` is not an ISO 4217 code (or ``"international_dollar"``).

    Examples
    --------
    >>> currency_unit(" gbp ")
    'GBP'
    """
    if code == INTERNATIONAL_DOLLAR:
        return INTERNATIONAL_DOLLAR
    text = _options.normal_code(code)
    if isinstance(text, str) and text in _currency_codes():
        return text
    msg = (
        f"unknown currency {show(code)}: not an ISO 4217 code; use a three-letter code such as "
        "USD, EUR or GBP (babel.numbers.list_currencies() lists the codes)"
    )
    raise UnknownCurrencyError(msg)


def _bad_rate(rate: object, src: str, dst: str) -> InvalidInputError:
    msg = (
        f"rate {show(rate)} for {src}->{dst} is not a positive finite number (a missing rate "
        f"shows as NaN); pass how many {dst} one {src} is worth, e.g. 1.2786 for GBP->USD"
    )
    return InvalidInputError(msg)


@cache
def _unit_factor(src: str, dst: str, per_from: str, per_to: str) -> float:
    """Magnitude of one ``dst/src`` rate unit times ``src/per_from``, expressed in ``dst/per_to``.

    Pint works out the unit algebra once per (pair, periods); the rates then scale it linearly.
    """
    ureg = registry()
    # amount [src/period] x rate [dst/src] = [dst/period]; the period change is pint's own.
    rate_q = ureg.Quantity(1.0, f"{dst} / {src}")
    converted = (rate_q * ureg.Quantity(1.0, f"{src} / {per_from}")).to(f"{dst} / {per_to}")
    return float(converted.magnitude)


def money_factors(
    from_currencies: Iterable[str],
    to_currencies: Iterable[str],
    rates: Iterable[float],
    *,
    from_period: str = "year",
    to_period: str = "year",
) -> npt.NDArray[np.float64]:
    """:func:`money_factor` for many keys at once.

    Pint works out one unit factor per distinct (currency pair, periods), cached for the
    process: the magnitude of ``1 to/from`` times ``1 from/from_period`` in ``to/to_period``.
    NumPy then multiplies each key's rate by its pair's factor, so pint's cost grows with the
    number of distinct pairs, not of keys.

    Parameters
    ----------
    from_currencies, to_currencies : iterable of str
        ISO 4217 codes (or ``"international_dollar"``), one per key.
    rates : iterable of float
        Units of the key's ``to`` currency per unit of its ``from`` currency.
    from_period, to_period : {"year", "month", "week", "hour"}
        Pay periods of the input and the output.

    Returns
    -------
    numpy.ndarray
        float64, one factor per key: multiply an amount in ``from`` per ``from_period`` by it
        to get the amount in ``to`` per ``to_period``.

    Raises
    ------
    UnknownCurrencyError
        If a code is not an ISO 4217 code.
    InvalidInputError
        If a rate is not a positive finite number (the message names the first, with its
        currencies), or if the lengths differ.

    Examples
    --------
    >>> factors = money_factors(["GBP", "INR"], ["USD", "USD"], [1.25, 0.012], to_period="month")
    >>> factors.round(6).tolist()
    [0.104167, 0.001]
    """
    import numpy as np

    src = [currency_unit(c) for c in from_currencies]
    dst = [currency_unit(c) for c in to_currencies]
    given: list[object] = list(rates)  # checked one by one: callers pass anything at run time
    if not len(src) == len(dst) == len(given):
        msg = (
            f"money_factors() got {len(src)} source currencies, {len(dst)} targets and "
            f"{len(given)} rates; pass one of each per key"
        )
        raise InvalidInputError(msg)
    for i, rate in enumerate(given):
        if isinstance(rate, bool | np.bool_) or not isinstance(rate, Real):
            raise _bad_rate(rate, src[i], dst[i])
    values = np.array([float(r) for r in given], dtype=np.float64)  # type: ignore[arg-type]
    with np.errstate(invalid="ignore"):
        bad = ~(np.isfinite(values) & (values > 0))
    if bad.any():
        i = int(np.argmax(bad))
        raise _bad_rate(given[i], src[i], dst[i])
    per_from = _period_unit(from_period)
    per_to = _period_unit(to_period)
    out = np.empty(len(values), dtype=np.float64)
    groups: dict[tuple[str, str], list[int]] = {}
    for i, pair in enumerate(zip(src, dst, strict=True)):
        groups.setdefault(pair, []).append(i)
    for (a, b), members in groups.items():
        idx = np.array(members, dtype=np.intp)
        out[idx] = values[idx] * _unit_factor(a, b, per_from, per_to)
    return out


def money_factor(
    from_currency: str,
    to_currency: str,
    rate: float,
    *,
    from_period: str = "year",
    to_period: str = "year",
) -> float:
    """Factor from ``from_currency`` per ``from_period`` to ``to_currency`` per ``to_period``.

    ``rate`` is the number of ``to_currency`` units one ``from_currency`` unit is worth (for
    the same currency, a scale such as a CPI ratio). Pint multiplies it in as a quantity in
    ``to_currency / from_currency`` and changes the pay period; the registry itself holds no
    rate between two currencies, so none can be used without being given.

    Parameters
    ----------
    from_currency, to_currency : str
        ISO 4217 codes (case ignored) or ``"international_dollar"``.
    rate : float
        Units of ``to_currency`` per unit of ``from_currency``; positive and finite.
    from_period, to_period : {"year", "month", "week", "hour"}
        Pay periods of the input and the output.

    Returns
    -------
    float
        Multiply an amount in ``from_currency`` per ``from_period`` by it to get the amount in
        ``to_currency`` per ``to_period``.

    Raises
    ------
    UnknownCurrencyError
        If a code is not an ISO 4217 code.
    InvalidInputError
        If the rate is not a positive finite number (NaN is a missing rate), or a period is
        unknown.

    Examples
    --------
    >>> round(25_000 * money_factor("GBP", "USD", 1.2785941693884642))
    31965
    >>> round(money_factor("USD", "USD", 1.0, from_period="hour"))
    2080
    """
    src = currency_unit(from_currency)
    dst = currency_unit(to_currency)
    given: object = rate  # callers pass anything at run time, whatever the annotation says
    if isinstance(given, bool) or not isinstance(given, Real):
        raise _bad_rate(given, src, dst)
    value = float(given)
    if not (math.isfinite(value) and value > 0):
        raise _bad_rate(given, src, dst)
    return float(
        money_factors([src], [dst], [value], from_period=from_period, to_period=to_period)[0]
    )


def check_amount(value: object) -> float:
    """One money amount as a float: zero or more, finite, or NaN (a missing amount).

    This is the package's one rule for a single amount: NaN is kept (it converts to NaN, as a
    missing cell of an amount column does), while negative or infinite numbers, booleans,
    strings and anything else that is not a real number are refused. A ``Decimal`` is read as
    a float, as it is in an object column of :func:`coderstats.conversion.convert`.

    Parameters
    ----------
    value : object
        The amount as given.

    Returns
    -------
    float
        The amount (NaN if it was NaN).

    Raises
    ------
    InvalidAmountError
        For a value that is not a plain number, or a negative or infinite one.

    Examples
    --------
    >>> check_amount(42_000), check_amount(float("nan"))
    (42000.0, nan)
    >>> check_amount(-1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coderstats.errors.InvalidAmountError: amount -1 is negative or infinite; salaries must be ...
    """
    given = value
    if isinstance(value, Decimal):
        value = float(value)  # as an object column of Decimals is read
    if type(value).__name__ in ("bool", "bool_") or not isinstance(value, Real):
        msg = (
            f"amount {show(value)} is not a number; give a plain number such as 42000 "
            "(no '$', no 'k', no thousands separators, no booleans)"
        )
        raise InvalidAmountError(msg)
    number = float(value)
    if number < 0 or math.isinf(number):
        msg = (
            f"amount {show(given)} is negative or infinite; salaries must be zero or positive "
            "finite numbers such as 42000"
        )
        raise InvalidAmountError(msg)
    return number
