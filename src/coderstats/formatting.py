"""Money and figures as text: the one place amounts are formatted for tables, charts and audits."""

from __future__ import annotations

import math

__all__ = ["compact_money", "format_figure", "format_money", "format_range"]


def format_money(value: float) -> str:
    """An amount of money for text output, with thousands separated.

    Whole units from 1,000 up, two decimals from 1 to 1,000, and three significant digits
    below 1 (so a small hourly figure never shows as ``0.00``).

    Parameters
    ----------
    value : float
        The amount, in any currency.

    Returns
    -------
    str
        The amount without its currency, e.g. ``"31,965"``, ``"22.68"``, ``"0.000481"``.

    Examples
    --------
    >>> format_money(31964.85), format_money(22.683), format_money(1 / 2080), format_money(0)
    ('31,965', '22.68', '0.000481', '0.00')
    """
    size = abs(value)
    if not math.isfinite(value) or size >= 1000:
        return f"{value:,.0f}"
    if size >= 1 or size == 0:
        return f"{value:,.2f}"
    decimals = 2 - math.floor(math.log10(size))
    return f"{value:.{decimals}f}"


def format_range(low: float, high: float, *, open_ended: bool = False) -> str:
    """A range of money for text output: ``"40,000-80,000"``, ``"70,000-90,000+"``.

    Parameters
    ----------
    low, high : float
        The ends of the range, each formatted by :func:`format_money`.
    open_ended : bool
        Whether the range has no upper bound (``high`` is then its last stated figure,
        marked with ``+``).

    Returns
    -------
    str
        The two ends joined by a hyphen.

    Examples
    --------
    >>> format_range(40_000, 80_000), format_range(70_000, 90_000, open_ended=True)
    ('40,000-80,000', '70,000-90,000+')
    """
    return f"{format_money(low)}-{format_money(high)}{'+' if open_ended else ''}"


def format_figure(value: float, unit: str) -> str:
    """A figure in its unit for text output: a percentage as ``"8.7 %"``, else as money.

    Parameters
    ----------
    value : float
        The figure.
    unit : str
        Its unit; ``"percent"`` gives the number as written with a percent sign, any other
        unit (USD per year, openings, jobs) the number as :func:`format_money` writes it.

    Returns
    -------
    str
        The figure, without its unit unless the unit is percent.

    Examples
    --------
    >>> format_figure(8.7, "percent"), format_figure(15000, "openings per year")
    ('8.7 %', '15,000')
    """
    return f"{value:g} %" if unit == "percent" else format_money(value)


def compact_money(value: float, currency: str) -> str:
    """A short money label with its currency sign: ``$52k``, ``£25k``, ``₹3L`` (lakh).

    babel's compact currency format with the en_GB locale (lower-case ``k``) for every
    currency but the rupee, which uses en_IN (lakh and crore, as Indian pay is quoted).

    Parameters
    ----------
    value : float
        The amount.
    currency : str
        ISO 4217 code of its currency; US dollars show as ``$``, not ``US$``.

    Returns
    -------
    str
        The amount, rounded to at most one decimal of its compact unit.

    Examples
    --------
    >>> compact_money(52_000, "USD"), compact_money(3_585.77, "USD"), compact_money(45_000, "CAD")
    ('$52k', '$3.6k', 'CA$45k')
    >>> compact_money(25_000, "GBP"), compact_money(300_000, "INR")
    ('£25k', '₹3L')
    """
    from babel.numbers import format_compact_currency

    locale = "en_IN" if currency == "INR" else "en_GB"
    text = str(format_compact_currency(value, currency, locale=locale, fraction_digits=1))
    return text.removeprefix("US") if currency == "USD" else text
