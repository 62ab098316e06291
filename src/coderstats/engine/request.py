"""Every conversion option checked once, in one place, into one frozen request."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from coderstats import _options, units
from coderstats.engine.keys import ERRORS, not_a_column
from coderstats.errors import InvalidInputError, UnknownCurrencyError, show

__all__ = ["Request", "build_request", "no_time"]

#: What each basis gives when ``to=`` is not its own currency.
_GIVES = {
    "ppp": "international dollars",
    "nominal": "the local currency",
    "rpp": "US dollars at national-average prices",
}


#: The basis that takes each place option: a state for RPP, a country for PPP.
_PLACES = {"rpp": "us_state", "ppp": "country"}


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
    rates: pd.DataFrame | None
    ppp_table: pd.DataFrame | None
    suffix: str
    errors: str
    literal: bool

    @property
    def outputs(self) -> list[str]:
        """The names of the new columns, in order."""
        kinds = ["factor", "basis", "fallback"] + (["problem"] if self.errors == "coerce" else [])
        return [f"{c}_{self.suffix}" for c in self.columns] + [f"{k}_{self.suffix}" for k in kinds]


def build_request(frame: pd.DataFrame, *, literal: bool, **options: Any) -> Request:
    """Check every option of :func:`coderstats.convert` against ``frame``; return the request.

    Raises
    ------
    InvalidInputError, UnknownCurrencyError
        For an unknown option value, an option that does not apply to the basis, a missing
        one the basis needs, a value that is neither a column nor one value, or output
        columns that would overwrite the frame's.
    """
    from coderstats.ppp import indicator_name

    basis = _options.choice(options["basis"], _options.BASES, "basis")
    _options.choice(options["missing"], _options.MISSING, "missing= option")
    _options.choice(options["out_of_range"], _options.OUT_OF_RANGE, "out_of_range= option")
    _options.choice(
        options["foreign_currency"], _options.FOREIGN_CURRENCY, "foreign_currency= option"
    )
    _options.choice(options["errors"], ERRORS, "errors= option")
    units.period_factor(options["period"], options["to_period"])  # validates both names
    for what in ("currency", "country", "us_state", "year", "date"):
        error = not_a_column(options[what], what)
        if error is not None:
            raise error
    _check_basis_needs(basis, options)
    target = _target(basis, options["to"])
    _check_basis_refuses(basis, options)
    base_year = options["base_year"]
    base = None if base_year is None else _options.whole_year(base_year, what="base_year")
    by_date = options["date"] is not None
    request = Request(
        columns=_amount_columns(frame, options["amount"]),
        currency=options["currency"],
        country=options["country"],
        us_state=options["us_state"],
        time=options["date"] if by_date else options["year"],
        by_date=by_date,
        target=target,
        basis=basis,
        period=options["period"],
        to_period=options["to_period"],
        base_year=base,
        indicator=indicator_name(options["indicator"]),
        missing=options["missing"],
        out_of_range=options["out_of_range"],
        foreign_currency=options["foreign_currency"],
        rates=options["rates"],
        ppp_table=options["ppp_table"],
        suffix=_suffix(options["suffix"], basis),
        errors=options["errors"],
        literal=literal,
    )
    _check_outputs(frame, request)
    return request


def no_time(basis: str) -> InvalidInputError:
    """The error for a basis that needs a year or a date and got neither."""
    msg = (
        "give year= (a column or a year such as 2024) or date= (a column or a date such as "
        f"'2024-03-15') to pick the rates; basis={basis!r} needs one"
    )
    return InvalidInputError(msg)


def _amount_columns(frame: pd.DataFrame, amount: object) -> tuple[str, ...]:
    if isinstance(amount, pd.Series | pd.Index | pd.DataFrame | np.ndarray):
        msg = (
            f"amount= takes the name of a column (or a list of names), not a "
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
            msg = (
                f"amount column {show(col)} not in the frame; columns are {list(frame.columns)}. "
                "Pass amount= the name (or list of names) of the column(s) with the amounts"
            )
            raise InvalidInputError(msg)
    return tuple(str(col) for col in names)


def _check_basis_needs(basis: str, options: dict[str, Any]) -> None:
    """What each basis needs and refuses: a time, a country, a state, a base year."""
    if options["year"] is not None and options["date"] is not None:
        msg = "give either year= or date=, not both"
        raise InvalidInputError(msg)
    timeless = options["year"] is None and options["date"] is None
    # market: checked once the currencies are known (none is needed if all are already `to`)
    if timeless and basis not in ("nominal", "market"):
        raise no_time(basis)
    for name, option in _PLACES.items():
        if basis == name and options[option] is None:
            what = (
                "a column or one value: a two-letter code such as 'NY' or a state name"
                if option == "us_state"
                else "ISO alpha-3 column or code where the pay is spent"
            )
            msg = f"basis={name!r} needs {option}= ({what})"
            raise InvalidInputError(msg)


def _check_basis_refuses(basis: str, options: dict[str, Any]) -> None:
    """Options the basis would ignore are refused rather than silently dropped."""
    if options["base_year"] is not None and basis not in ("real", "ppp"):
        msg = (
            f"base_year= ({show(options['base_year'])}) does not apply to basis={basis!r}; "
            "constant dollars come with basis='real' (or 'ppp'): leave base_year= out or "
            "change basis"
        )
        raise InvalidInputError(msg)
    for name, option in _PLACES.items():
        if basis != name and options[option] is not None:
            msg = (
                f"{option}= does not apply to basis={basis!r} (it would be ignored); use "
                f"basis={name!r} to price pay where it is spent, or leave {option}= out"
            )
            raise InvalidInputError(msg)


def _target(basis: str, to: object) -> str:
    target = _options.normal_code(to)
    if not isinstance(target, str) or not target:
        msg = f"to={show(to)} is not a currency code; give an ISO 4217 code such as 'USD' or 'EUR'"
        raise UnknownCurrencyError(msg)
    if basis == "real" and target != "USD":
        msg = (
            f"basis='real' deflates with the US CPI-U and works in USD, not {show(to)}; "
            "use to='USD'"
        )
        raise InvalidInputError(msg)
    if basis in _GIVES and target != "USD":
        msg = (
            f"to={show(to)} does not apply to basis={basis!r}, which gives {_GIVES[basis]}; "
            "leave to= out, or use basis='market' to convert into another currency"
        )
        raise InvalidInputError(msg)
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
            f"column); pass suffix= (e.g. suffix='{request.suffix}_2') or rename the column"
        )
        raise InvalidInputError(msg)
