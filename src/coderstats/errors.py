"""Exception classes raised by coderstats.

Every error subclasses :class:`CoderstatsError` and the builtin it refines, so callers can catch
either ``coderstats.errors.UnknownCurrencyError`` or a plain ``ValueError``. Messages name the
offending value, what is valid, and how to fix it.
"""

from __future__ import annotations

__all__ = [
    "CoderstatsError",
    "CurrencyMismatchError",
    "DataIntegrityError",
    "DataNotFoundError",
    "InvalidAmountError",
    "InvalidInputError",
    "RateNotFoundError",
    "ReportFolderError",
    "UnknownCountryError",
    "UnknownCurrencyError",
    "show",
]


class CoderstatsError(Exception):
    """Base class of every error coderstats raises on purpose."""


class UnknownCurrencyError(CoderstatsError, ValueError):
    """A currency code that is not ISO 4217 or has no rates in the data."""


class UnknownCountryError(CoderstatsError, ValueError):
    """A country code that is not ISO 3166 alpha-3 or has no figures in the data."""


class RateNotFoundError(CoderstatsError, LookupError):
    """No exchange rate, PPP factor or price index for the requested date or year.

    The message states the bounds that do exist.
    """


class InvalidInputError(CoderstatsError, ValueError):
    """An argument or column that cannot be used: unknown option, malformed year, bad column."""


class InvalidAmountError(InvalidInputError):
    """An amount that is negative, non-numeric or otherwise unusable as money."""


class CurrencyMismatchError(InvalidInputError):
    """A salary's currency differs from the currency of the country it is spent in.

    Raised only when the caller asked for mismatches to be refused; by default such a salary
    is converted at market rates into the country's currency before PPP is applied.
    """


class DataIntegrityError(CoderstatsError, ValueError):
    """A shipped or user-supplied table failed its schema or its checksum.

    The message names the file, the row and the field.
    """


class DataNotFoundError(CoderstatsError, FileNotFoundError):
    """The data folder or one of its files could not be found; says where it looked."""


class ReportFolderError(CoderstatsError, OSError):
    """A folder the report cannot be written into, or could not be written into.

    Raised for a folder that holds files not written by an earlier report, a path that is a
    file or a dangling symbolic link, and a write that failed (no permission, a full disk).
    The folder is left as it was.
    """


def show(value: object) -> str:
    """The value as messages quote it: ``repr`` without numpy's type wrapper.

    ``np.float64(2024.5)`` is shown as ``2024.5`` and ``np.str_('x')`` as ``'x'``, so that a
    message reads the same whether the value came from a list, a NumPy array or a frame.

    Examples
    --------
    >>> import numpy as np
    >>> show(np.float64(2024.5)), show(np.int64(12)), show("2024"), show(None)
    ('2024.5', '12', "'2024'", 'None')
    """
    item = getattr(value, "item", None)
    if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0 and item:
        value = item()
    return repr(value)
