"""Every conversion option checked once, in one place, into one frozen request."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypedDict

import numpy as np
import pandas as pd

from coderstats import _options, units
from coderstats.engine.bases import BASES, PLACES, Basis
from coderstats.engine.keys import not_a_column
from coderstats.errors import Hint, InvalidInputError, UnknownCurrencyError, show

__all__ = [
    "DEFAULTS",
    "AmountOptions",
    "FrameOptions",
    "Request",
    "SourceOptions",
    "build_request",
    "no_time",
]


class SourceOptions(TypedDict, total=False):
    """Newer publisher tables to use instead of the shipped ones."""

    rates: pd.DataFrame | None
    ppp_table: pd.DataFrame | None
    cpi_table: pd.DataFrame | None
    rpp_table: pd.DataFrame | None


class AmountOptions(SourceOptions, total=False):
    """The options of :func:`coderstats.convert_amount` (see :func:`coderstats.convert`)."""

    to: str
    basis: _options.Basis
    country: str | None
    us_state: str | None
    year: Any
    date: Any
    period: _options.Period
    to_period: _options.Period
    base_year: int | None
    indicator: str
    missing: _options.Missing
    out_of_range: _options.OutOfRange
    foreign_currency: _options.ForeignCurrency
    market_source: _options.MarketSource
    ppp_beyond: _options.PppBeyond


class FrameOptions(AmountOptions, total=False):
    """The options of :func:`coderstats.convert`."""

    errors: _options.Errors
    suffix: str | None


#: Every option's default; a key not here is not an option.
DEFAULTS: dict[str, Any] = {
    "to": "USD",
    "basis": "market",
    "country": None,
    "us_state": None,
    "year": None,
    "date": None,
    "period": "year",
    "to_period": "year",
    "base_year": None,
    "indicator": "private_consumption",
    "missing": "raise",
    "out_of_range": "raise",
    "foreign_currency": "convert",
    "market_source": "auto",
    "ppp_beyond": "raise",
    "rates": None,
    "ppp_table": None,
    "cpi_table": None,
    "rpp_table": None,
    "errors": "raise",
    "suffix": None,
}

#: How each place option is given, for the "basis X needs Y" message.
_PLACE_HELP = {
    "country": "ISO alpha-3 column or code where the pay is spent",
    "us_state": "a column or one value: a two-letter code such as 'NY' or a state name",
}


@dataclass(frozen=True)
class Request:
    """A conversion, every option checked. Key specs are column names or one value each."""

    columns: tuple[str, ...]
    currency: object
    country: object
    us_state: object
    time: object
    by_date: bool
    target: str
    basis: str
    period: str
    to_period: str
    base_year: int | None
    indicator: str
    missing: str
    out_of_range: str
    foreign_currency: str
    market_source: str
    ppp_beyond: str
    rates: pd.DataFrame | None
    ppp_table: pd.DataFrame | None
    cpi_table: pd.DataFrame | None
    rpp_table: pd.DataFrame | None
    suffix: str
    errors: str
    literal: bool
    #: The columns of the caller's frame, for messages (the core may see only some of them).
    frame_columns: tuple[Any, ...] = ()

    @property
    def outputs(self) -> list[str]:
        """The names of the new columns, in order."""
        kinds = ["factor", "basis", "fallback"] + (["problem"] if self.errors == "coerce" else [])
        return [f"{c}_{self.suffix}" for c in self.columns] + [f"{k}_{self.suffix}" for k in kinds]


def build_request(
    frame: pd.DataFrame | None, *, amount: object, currency: object, **given: Any
) -> Request:
    """Check every option of :func:`coderstats.convert` against ``frame``; return the request.

    Options left out take their :data:`DEFAULTS`. Without a frame, the request is for one
    amount (:func:`coderstats.convert_amount`): key options are values, never column names.

    Raises
    ------
    TypeError
        For a keyword that is not an option (the message lists them).
    InvalidInputError, UnknownCurrencyError
        For an unknown option value, an option that does not apply to the basis, a missing
        one the basis needs, a value that is neither a column nor one value, or output
        columns that would overwrite the frame's.
    """
    from coderstats.reference.worldbank import indicator_name

    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        msg = f"unknown option {unknown[0]!r}; the options are {', '.join(DEFAULTS)}"
        raise TypeError(msg)
    options = {**DEFAULTS, **given, "currency": currency}
    basis = BASES[_options.choice(options["basis"], _options.BASES, "basis")]
    _options.choice(options["missing"], _options.MISSING, "missing option")
    _options.choice(options["out_of_range"], _options.OUT_OF_RANGE, "out_of_range option")
    _options.choice(
        options["foreign_currency"], _options.FOREIGN_CURRENCY, "foreign_currency option"
    )
    _options.choice(options["errors"], _options.ERRORS, "errors option")
    _options.choice(options["market_source"], _options.MARKET_SOURCES, "market_source option")
    _options.choice(options["ppp_beyond"], _options.PPP_BEYOND, "ppp_beyond option")
    units.period_factor(options["period"], options["to_period"])  # validates both names
    for what in ("currency", "country", "us_state", "year", "date"):
        error = not_a_column(options[what], what)
        if error is not None:
            raise error
    _check_basis(basis, options, literal=frame is None)
    target = _target(basis, options["to"])
    _check_refused(basis, options)
    base_year = options["base_year"]
    base = None if base_year is None else _options.whole_year(base_year, what="base_year")
    by_date = options["date"] is not None
    request = Request(
        columns=("amount",) if frame is None else _amount_columns(frame, amount),
        currency=options["currency"],
        country=options["country"],
        us_state=options["us_state"],
        time=options["date"] if by_date else options["year"],
        by_date=by_date,
        target=target,
        basis=basis.name,
        period=options["period"],
        to_period=options["to_period"],
        base_year=base,
        indicator=indicator_name(options["indicator"]),
        missing=options["missing"],
        out_of_range=options["out_of_range"],
        foreign_currency=options["foreign_currency"],
        market_source=options["market_source"],
        ppp_beyond=options["ppp_beyond"],
        rates=options["rates"],
        ppp_table=options["ppp_table"],
        cpi_table=options["cpi_table"],
        rpp_table=options["rpp_table"],
        suffix=_suffix(options["suffix"], basis.name),
        errors=options["errors"],
        literal=frame is None,
        frame_columns=() if frame is None else tuple(frame.columns),
    )
    if frame is not None:
        _check_outputs(frame, request)
    return request


def no_time(basis: str, *, literal: bool = False, task: str = "") -> InvalidInputError:
    """The error for a basis that needs a year or a date and got neither.

    ``task`` says what needs the rate (``"to convert GBP to USD"``).
    """
    column = "" if literal else "a column or "
    msg = f"basis {basis!r} needs a year or a date to pick the rates{' ' + task if task else ''}"
    return InvalidInputError(
        msg,
        hints=(
            Hint("year", why=f"({column}a year such as 2024)"),
            Hint("date", why=f"({column}a date such as '2024-03-15')"),
        ),
    )


def _amount_columns(frame: pd.DataFrame, amount: object) -> tuple[str, ...]:
    if isinstance(amount, pd.Series | pd.Index | pd.DataFrame | np.ndarray):
        msg = (
            f"amount takes the name of a column (or a list of names), not a "
            f"{type(amount).__name__}; put the amounts in a column and pass its name"
        )
        raise InvalidInputError(msg)
    columns = [amount] if isinstance(amount, str) or not isinstance(amount, Iterable) else amount
    names = list(dict.fromkeys(columns))
    if not names:
        msg = "amount names no column; give one column name or a list of them"
        raise InvalidInputError(msg)
    for col in names:
        if not isinstance(col, str) or col not in frame.columns:
            msg = f"amount column {show(col)} not in the frame; columns are {list(frame.columns)}."
            why = "the name (or list of names) of the column(s) with the amounts"
            raise InvalidInputError(msg, hints=(Hint("amount", why=why),))
    return tuple(str(col) for col in names)


def _check_basis(basis: Basis, options: dict[str, Any], *, literal: bool) -> None:
    """What the basis needs and refuses, from its declaration: a time, a place, a base year."""
    if options["year"] is not None and options["date"] is not None:
        msg = "both a year and a date were given; the rates are picked by one of them"
        raise InvalidInputError(
            msg, hints=(Hint("year", leave_out=True), Hint("date", leave_out=True))
        )
    # "if_rate": checked once the currencies are known (none is needed if all are already `to`)
    if basis.time == "always" and options["year"] is None and options["date"] is None:
        raise no_time(basis.name, literal=literal)
    if basis.place is not None and options[basis.place] is None:
        msg = f"basis {basis.name!r} needs the place where the pay is spent"
        hint = Hint(basis.place, why=f"({_PLACE_HELP[basis.place]})")
        raise InvalidInputError(msg, hints=(hint,))


def _check_refused(basis: Basis, options: dict[str, Any]) -> None:
    """Options the basis would ignore are refused rather than silently dropped."""
    if options["base_year"] is not None and not basis.base_year:
        takes = [b.name for b in BASES.values() if b.base_year]
        msg = (
            f"base year {show(options['base_year'])} does not apply to basis {basis.name!r}; "
            f"constant dollars come with basis {' or '.join(map(repr, takes))}"
        )
        drop = Hint("base_year", leave_out=True)
        raise InvalidInputError(msg, hints=(drop, *(Hint("basis", name) for name in takes)))
    for place in PLACES:
        if place != basis.place and options[place] is not None:
            needs = next(b.name for b in BASES.values() if b.place == place)
            msg = f"{place} does not apply to basis {basis.name!r} (it would be ignored)"
            hints = (
                Hint("basis", needs, why="to price pay where it is spent"),
                Hint(place, leave_out=True),
            )
            raise InvalidInputError(msg, hints=hints)


def _target(basis: Basis, to: object) -> str:
    target = _options.normal_code(to)
    if not isinstance(target, str) or not target:
        msg = (
            f"target currency {show(to)} is not a currency code; "
            "give an ISO 4217 code such as 'USD' or 'EUR'"
        )
        raise UnknownCurrencyError(msg)
    if basis.gives is not None and target != "USD":
        msg = (
            f"target currency {show(to)} does not apply to basis {basis.name!r}, "
            f"which gives {basis.gives}"
        )
        hints = (
            Hint("to", leave_out=True),
            Hint("basis", "market", why="to convert into another currency"),
        )
        raise InvalidInputError(msg, hints=hints)
    return target


def _suffix(suffix: object, basis: str) -> str:
    if suffix is None:
        return basis
    if not isinstance(suffix, str) or not suffix.strip("_"):
        msg = f"suffix {show(suffix)} is not usable; give a name such as 'usd24' (or leave it out)"
        raise InvalidInputError(msg)
    # The joining underscore is added by the caller: suffix='_usd' gives 'low_usd'.
    return suffix.lstrip("_")


def _check_outputs(frame: pd.DataFrame, request: Request) -> None:
    outputs = request.outputs
    taken = [name for name in outputs if name in frame.columns]
    if taken or len(set(outputs)) < len(outputs):
        clash = taken[0] if taken else next(o for o in outputs if outputs.count(o) > 1)
        msg = (
            f"output column {show(clash)} would overwrite a column of the frame (or another new "
            "column). Rename that column."
        )
        raise InvalidInputError(msg, hints=(Hint("suffix", f"{request.suffix}_2"),))
