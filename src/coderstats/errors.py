"""Exception classes raised by coderstats.

Every error subclasses :class:`CoderstatsError` and the builtin it refines, so callers can catch
either ``coderstats.errors.UnknownCurrencyError`` or a plain ``ValueError``. Messages name the
offending value, what is valid, and how to fix it.

The ways to fix an error that are options of a call travel with it as :class:`Hint` objects
(``error.hints``): the message words them as keyword arguments (``missing='previous'``), and the
command line words the same hints as its options (``--missing previous``), leaving out those
it has no option for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = [
    "CoderstatsError",
    "CurrencyMismatchError",
    "DataIntegrityError",
    "DataNotFoundError",
    "Hint",
    "InvalidAmountError",
    "InvalidInputError",
    "RateNotFoundError",
    "ReportFolderError",
    "UnknownCountryError",
    "UnknownCurrencyError",
    "show",
]


@dataclass(frozen=True)
class Hint:
    """One way to fix an error: an option to pass, to set to a value, or to leave out.

    Parameters
    ----------
    option : str
        The keyword, as a function takes it (``"out_of_range"``).
    value : object, optional
        The value to set it to; None names the option only (give it a value of your own).
    why : str
        What following the hint does, worded to follow it (``"to use the nearest year"``).
    leave_out : bool
        The fix is to leave the option out.
    call : str
        A library call that makes the value (``"load_ppp(path)"``); on the command line the
        option takes a file instead.

    Examples
    --------
    >>> Hint("out_of_range", "clamp", "to use the nearest year").keyword()
    "pass out_of_range='clamp' to use the nearest year"
    >>> Hint("to", leave_out=True).keyword()
    'leave to= out'
    >>> Hint("ppp_table", call="load_ppp(path)").keyword()
    'pass ppp_table=load_ppp(path)'
    """

    option: str
    value: object = None
    why: str = ""
    leave_out: bool = False
    call: str = ""

    def keyword(self) -> str:
        """The hint in the words of a Python call."""
        if self.leave_out:
            return self._with_why(f"leave {self.option}= out")
        value = self.call or ("" if self.value is None else repr(self.value))
        return self._with_why(f"pass {self.option}={value}")

    def flag(self, metavar: str = "VALUE") -> str:
        """The hint in the words of a command line, where the option is ``--option-name``.

        ``metavar`` is the placeholder of the option's value (shown when the hint gives none).

        >>> Hint("out_of_range", "clamp", "to use the nearest year").flag()
        'use --out-of-range clamp to use the nearest year'
        >>> Hint("ppp_table", call="load_ppp(path)").flag("FILE")
        'use --ppp-table FILE'
        """
        name = flag_name(self.option)
        if self.leave_out:
            return self._with_why(f"leave out {name}")
        if self.value is None:
            return self._with_why(f"use {name} {metavar}" if self.call else f"use {name}")
        return self._with_why(f"use {name} {self.value}")

    def _with_why(self, text: str) -> str:
        return f"{text} {self.why}" if self.why else text


def flag_name(option: str) -> str:
    """The command-line spelling of a keyword: ``out_of_range`` -> ``--out-of-range``."""
    return "--" + option.replace("_", "-")


def worded(problem: str, phrases: Iterable[str]) -> str:
    """The problem, then the ways to fix it as alternatives.

    After a problem ending in a full stop, the fixes are a sentence of their own; otherwise
    they follow a semicolon.

    >>> worded("no rate in 1850", ["pass year=2024", "pass out_of_range='clamp'"])
    "no rate in 1850; pass year=2024, or pass out_of_range='clamp'"
    >>> worded("No rate in 1850.", ["pass year=2024"])
    'No rate in 1850. Pass year=2024.'
    """
    fixes = ", or ".join(phrases)
    if not fixes:
        return problem
    if problem.endswith("."):
        return f"{problem} {fixes[:1].upper()}{fixes[1:]}."
    return f"{problem}; {fixes}"


def _rebuild(kind: type[CoderstatsError], problem: str, hints: tuple[Hint, ...]) -> CoderstatsError:
    return kind(problem, hints=hints)


class CoderstatsError(Exception):
    """Base class of every error coderstats raises on purpose.

    ``problem`` is what is wrong (with any fix that is not an option), ``hints`` the options
    that fix it; ``str(error)`` words both for a Python caller.

    >>> error = CoderstatsError("no rate in 1850", hints=(Hint("year", 2024),))
    >>> str(error), error.problem, error.hints[0].option
    ('no rate in 1850; pass year=2024', 'no rate in 1850', 'year')
    """

    problem: str
    hints: tuple[Hint, ...]

    def __init__(self, problem: str, *, hints: Iterable[Hint] = ()) -> None:
        self.problem = problem
        self.hints = tuple(hints)
        super().__init__(worded(problem, (hint.keyword() for hint in self.hints)))

    def __reduce__(self) -> tuple[Callable[..., CoderstatsError], tuple[object, ...]]:
        return _rebuild, (type(self), self.problem, self.hints)


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
