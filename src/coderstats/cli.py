"""The ``coderstats`` command: the report, conversions, country comparison, sources, data check.

Built on argparse (standard library): seven subcommands need no extra dependency.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coderstats import __version__, _text
from coderstats._options import (
    BASES,
    INDICATORS,
    MARKET_SOURCES,
    MISSING,
    OUT_OF_RANGE,
    PERIODS,
    PPP_BEYOND,
)
from coderstats._terminal import tolerant_output
from coderstats.errors import CoderstatsError, ReportFolderError, flag_name, worded

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["main"]

_EPILOG_REPORT = """examples:
  coderstats report --out report/
  coderstats report --year 2023 --indicator gdp --out report-2023-gdp/
writes every chart (PNG and SVG), every comparison table and every shipped table (CSV),
index.html (the whole report as one page, charts inline) and index.md (file, description,
sources) into report/, with .coderstats-report.json naming them. --year defaults to the
latest year every source covers.

The folder must be new, empty, or the folder of an earlier report: then the earlier report's
files are replaced and any other file in it (your notes, a subfolder) is left alone. A folder
with other files and no earlier report is refused. Each file is written to a temporary file
and moved into place once all are written, so a failed run leaves the earlier report whole."""

_EPILOG_CONVERT = """examples:
  coderstats convert 25000 GBP --to USD --year 2024
  coderstats convert 25000 GBP --basis ppp --country GBR --year 2024
  coderstats convert 300000 INR --date 2024-03-15
  coderstats convert 42000 USD --basis real --year 2015 --base-year 2024
  coderstats convert 47180 USD --to-period hour
  coderstats convert 50000 USD --basis rpp --us-state NY --year 2023
  coderstats convert 25000 GBP --year 2024 --format json

--year (or --date) picks the exchange rate, PPP factor and CPI; it is not needed when no rate
is used (the nominal basis, or market from a currency to itself). A work year is 2,080 hours."""

_EPILOG_COMPARE = """examples:
  coderstats compare
  coderstats compare --year 2023 --basis ppp
  coderstats compare --format csv > countries.csv"""

_EPILOG_AUDIT = """examples:
  coderstats audit
  coderstats audit --format csv > audit.csv

Each of the guide's checkable claims with the reference used, the computed value and a
verdict: consistent, inconsistent, not checkable (with the reason), or mislabelled for an
outlook figure that is a BLS figure of another edition or code than the guide names."""

_EPILOG_PAYBACK = """examples:
  coderstats payback --current-pay 32000
  coderstats payback --current-pay 32000 --path "certificate program, part time" --format csv
  coderstats payback --current-pay 24000 --current-currency GBP --country GBR --basis ppp

--current-pay is your own gross yearly pay (no default). Scenarios: low is the cheapest and
shortest study, high the dearest and longest. Exam fees, tax and pay growth count only if given."""

_EPILOG_SOURCES = """example:
  coderstats sources
  coderstats sources --format csv > sources.csv"""

_EPILOG_COVERAGE = """examples:
  coderstats coverage --currency NGN      # the naira: World Bank official rates 2015-2024
  coderstats coverage --country VNM       # Viet Nam's PPP factors
  coderstats coverage --format csv > coverage.csv"""

_EPILOG_CHECK = """examples:
  coderstats check-data                    # validate every table against datapackage.json
  coderstats check-data --update-hashes    # after editing a table on purpose"""

_FORMATS = ("text", "csv", "json")


class _UsageError(CoderstatsError, ValueError):
    """A command-line argument that cannot be used."""


class _SubcommandParser(argparse.ArgumentParser):
    """A subcommand's parser: a usage error is one line on stderr (and exit code 2)."""

    def error(self, message: str) -> Any:  # argparse declares NoReturn
        line = " ".join(message.split())
        self.exit(2, f"{self.prog}: error: {line}; see '{self.prog} --help'\n")


def _print(text: str) -> None:
    sys.stdout.write(text + "\n")


# --------------------------------------------------------------------------------------------
# Values typed on the command line
# --------------------------------------------------------------------------------------------


def _amount(text: str) -> float:
    """A salary typed by the user: a plain, finite, non-negative number."""
    example = "write it out in full, e.g. 52000 or 52000.50"
    try:
        value = float(text.replace("_", ""))
    except ValueError:
        msg = (
            f"amount {text!r} is not a plain number; {example} "
            "(no currency signs, thousands separators or 'k')"
        )
        raise _UsageError(msg) from None
    if not math.isfinite(value):
        msg = f"amount {text!r} is not a finite number; {example}"
        raise _UsageError(msg)
    if value < 0:
        msg = f"amount {text!r} is negative; a salary is zero or more, e.g. 52000"
        raise _UsageError(msg)
    return value


def _year(text: str | None, option: str) -> int | None:
    """A year option: four digits, or None when not given."""
    if text is None:
        return None
    stripped = text.strip()
    if not re.fullmatch(r"\d{4}", stripped):
        msg = f"{option} {text!r} is not a year; give a four-digit year, e.g. {option} 2024"
        raise _UsageError(msg)
    return int(stripped)


def _cli_words(error: CoderstatsError, parser: argparse.ArgumentParser) -> str:
    """The error in the words of a subcommand: its hints as the options it has.

    A hint naming an option the subcommand does not have is left out; the others are worded
    as flags (``missing='previous'`` -> ``--missing previous``), with the option's own
    placeholder where the hint gives no value (``--ppp-table FILE``).
    """
    metavars = {
        flag: str(action.metavar or action.dest.upper())
        for action in parser._actions
        for flag in action.option_strings
    }
    phrases = [
        hint.flag(metavars[flag_name(hint.option)])
        for hint in error.hints
        if flag_name(hint.option) in metavars
    ]
    return worded(error.problem, dict.fromkeys(phrases))


def _emit(frame: pd.DataFrame, fmt: str, text: Callable[[pd.DataFrame], str]) -> None:
    """Write ``frame`` to stdout as CSV, JSON records, or the text ``text(frame)`` gives."""
    if fmt == "csv":
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
    elif fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", indent=2) + "\n")
    else:
        _print(text(frame))


# --------------------------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------------------------


def _cmd_report(args: argparse.Namespace) -> int:
    from coderstats.report import write_report

    try:
        year = _year(args.year, "--year")
        paths = write_report(Path(args.out), year=year, indicator=args.indicator)
    except ReportFolderError as exc:
        msg = f"--out {exc}"  # the message starts with the folder
        raise _UsageError(msg) from exc
    for path in paths:
        _print(f"wrote {path}")
    return 0


# --------------------------------------------------------------------------------------------
# convert
# --------------------------------------------------------------------------------------------


def _cmd_convert(args: argparse.Namespace) -> int:
    amount = _amount(args.amount)
    year = _year(args.year, "--year")
    base_year = _year(args.base_year, "--base-year")
    currency = args.currency.strip().upper()
    target = args.to.strip().upper()
    to_period = args.to_period or args.period
    from coderstats.conversion import convert_amount
    from coderstats.formatting import format_money

    # Whether a year is needed is the basis's own rule (no rate used: none needed).
    result = convert_amount(
        amount,
        currency,
        to=target,
        basis=args.basis,
        country=args.country,
        us_state=args.us_state,
        year=year,
        date=args.date,
        period=args.period,
        to_period=to_period,
        base_year=base_year,
        indicator=args.indicator,
        missing=args.missing,
        out_of_range=args.out_of_range,
        market_source=args.market_source,
        ppp_beyond=args.ppp_beyond,
        **_source_tables(args),
    )
    if args.format == "json":
        record: dict[str, Any] = {
            "amount": amount,
            "from_currency": currency,
            "from_period": args.period,
            **dataclasses.asdict(result),
        }
        _print(json.dumps(record, indent=2, ensure_ascii=False))
        return 0
    _print(f"{format_money(result.value)} {result.unit} per {result.period}")
    _print(result.label)
    if result.fallback:
        _print(f"fallback: {result.fallback}")
    return 0


def _cmd_convert_file(args: argparse.Namespace) -> int:
    from coderstats.files import run

    _print(run(args, _year(args.base_year, "--base-year"), _source_tables(args)))
    return 0


def _source_tables(args: argparse.Namespace) -> dict[str, Any]:
    """Newer publisher files given on the command line, loaded as the library's tables."""
    tables: dict[str, Any] = {}
    if getattr(args, "rates", None):
        from coderstats.reference.ecb import load_ecb_rates

        tables["rates"] = load_ecb_rates(args.rates)
    if getattr(args, "ppp_table", None):
        from coderstats.reference.worldbank import load_ppp

        tables["ppp_table"] = load_ppp(path=args.ppp_table)
    return tables


def _add_source_files(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rates",
        metavar="FILE",
        help="a newer ECB eurofxref-hist.zip or .csv instead of the shipped rates",
    )
    parser.add_argument(
        "--ppp-table",
        metavar="FILE",
        help="a newer World Bank WDI bulk PPP file (API_PA.NUS.PRVT.PP_*.csv or its zip)",
    )


# --------------------------------------------------------------------------------------------
# compare
# --------------------------------------------------------------------------------------------


def _cmd_compare(args: argparse.Namespace) -> int:
    from coderstats.compare import compare_countries

    year = _year(args.year, "--year")
    frame = compare_countries(
        year=year, basis=tuple(args.basis), indicator=args.indicator, **_source_tables(args)
    )
    _emit(frame, args.format, _text.compare_text)
    return 0


# --------------------------------------------------------------------------------------------
# audit
# --------------------------------------------------------------------------------------------


def _cmd_audit(args: argparse.Namespace) -> int:
    from coderstats.audit import audit_guide

    _emit(audit_guide(), args.format, _text.audit_text)
    return 0


def _typed(text: str | None, kind: type[int] | type[float]) -> Any:
    """A number typed on the command line; other text goes to the library, which names it."""
    try:
        return text if text is None else kind(text)
    except ValueError:
        return text


def _cmd_payback(args: argparse.Namespace) -> int:
    from coderstats.career import payback

    kinds = {"year": int, "horizon_years": int, "discount_rate": float, "current_pay": float}
    kinds |= dict.fromkeys(("exam_fees", "tax_rate", "pay_growth"), float)
    typed = {k: _typed(getattr(args, k), t) for k, t in kinds.items()}
    if typed["year"] is None:
        from coderstats.report import latest_year

        typed["year"] = latest_year()
    places = {"current_currency": args.current_currency, "country": args.country}
    given = {k: v for k, v in (typed | places).items() if v is not None}
    frame = payback(args.path or None, basis=args.basis, **given)
    _emit(frame, args.format, _text.payback_text)
    return 0


def _cmd_sources(args: argparse.Namespace) -> int:
    from coderstats.datasets import sources

    _emit(sources(), args.format, _text.sources_text)
    return 0


def _cmd_coverage(args: argparse.Namespace) -> int:
    from coderstats._coverage import coverage

    frame = coverage(country=args.country, currency=args.currency)
    _emit(frame, args.format, _text.coverage_text)
    return 0


def _cmd_check_data(args: argparse.Namespace) -> int:
    from coderstats._data import check_data

    for line in check_data(update_hashes=args.update_hashes):
        _print(line)
    return 0


# --------------------------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------------------------


def _subparser(
    sub: Any, name: str, help_text: str, epilog: str, func: Callable[[argparse.Namespace], int]
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description=help_text[0].upper() + help_text[1:] + ".",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(func=func, subparser=parser)
    return parser


def _add_report(sub: Any) -> None:
    rep = _subparser(
        sub,
        "report",
        "write every chart, comparison table and shipped table with index.md into a folder",
        _EPILOG_REPORT,
        _cmd_report,
    )
    rep.add_argument(
        "--out", required=True, help="output folder: new, empty, or an earlier report's"
    )
    rep.add_argument(
        "--year", help="year of the country figures (default: the latest every source covers)"
    )
    rep.add_argument(
        "--indicator",
        choices=tuple(INDICATORS),
        default="private_consumption",
        help="World Bank PPP indicator (default private_consumption)",
    )


def _add_convert(sub: Any) -> None:
    conv = _subparser(
        sub,
        "convert",
        "convert one salary to another currency, basis or pay period",
        _EPILOG_CONVERT,
        _cmd_convert,
    )
    conv.add_argument("amount", metavar="AMOUNT", help="the salary, a plain number (52000)")
    conv.add_argument("currency", metavar="CURRENCY", help="its ISO 4217 code (USD, GBP, INR)")
    conv.add_argument("--to", default="USD", help="target currency for market (default USD)")
    conv.add_argument(
        "--basis", choices=BASES, default="market", help=_basis_help() + " (default market)"
    )
    conv.add_argument("--country", help="ISO 3166 alpha-3 code where the pay is spent (ppp)")
    conv.add_argument("--us-state", help="US state code or name where USD are spent (rpp)")
    conv.add_argument("--year", help="reference year: ECB annual mean, PPP factor, CPI year")
    conv.add_argument("--date", help="the ECB rate of one day instead, e.g. 2024-03-15")
    conv.add_argument("--base-year", help="year of the constant dollars (real; default latest)")
    _add_indicator(conv)
    conv.add_argument(
        "--period", choices=PERIODS, default="year", help="pay period of AMOUNT (default year)"
    )
    conv.add_argument(
        "--to-period", choices=PERIODS, help="pay period of the result (default: --period)"
    )
    conv.add_argument(
        "--missing",
        choices=MISSING,
        default="raise",
        help="a --date without an ECB fixing: fail (default), previous fixing, or interpolate",
    )
    conv.add_argument(
        "--out-of-range",
        choices=OUT_OF_RANGE,
        default="raise",
        help="a year or date outside the rates: fail (default) or use the nearest covered",
    )
    conv.add_argument(
        "--market-source",
        choices=MARKET_SOURCES,
        default="auto",
        help="ECB rates where the ECB fixes the currency, World Bank official rates otherwise "
        "(auto, the default), or one publisher only",
    )
    conv.add_argument(
        "--ppp-beyond",
        choices=PPP_BEYOND,
        default="raise",
        help="a year after the last published PPP: fail (default) or carry the last factor",
    )
    _add_source_files(conv)
    conv.add_argument("--format", choices=("text", "json"), default="text")


def _add_convert_file(sub: Any) -> None:
    from coderstats.files import EPILOG, HELP, add_arguments

    conv = _subparser(sub, "convert-file", HELP, EPILOG, _cmd_convert_file)
    choices = {"basis": BASES, "period": PERIODS, "missing": MISSING, "out_of_range": OUT_OF_RANGE}
    add_arguments(conv, choices)
    _add_indicator(conv)
    _add_source_files(conv)


def _basis_help() -> str:
    """Each basis in a few words, from its declaration."""
    from coderstats.engine.bases import BASES as DECLARED

    parts = []
    for basis in DECLARED.values():
        needs = f" (needs --{basis.place.replace('_', '-')})" if basis.place else ""
        parts.append(f"{basis.name}: {basis.summary}{needs}")
    return "; ".join(parts)


def _add_indicator(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--indicator",
        choices=tuple(INDICATORS),
        default="private_consumption",
        help="World Bank PPP indicator (default private_consumption)",
    )


def _add_compare(sub: Any) -> None:
    cmp_ = _subparser(
        sub,
        "compare",
        "the guide's pay per country at market rates and at PPP, with shares of US pay",
        _EPILOG_COMPARE,
        _cmd_compare,
    )
    cmp_.add_argument("--year", help="reference year (default: the latest with every country)")
    cmp_.add_argument(
        "--basis",
        nargs="+",
        choices=("market", "ppp"),
        default=["market", "ppp"],
        help="one or both of market, ppp (default both)",
    )
    _add_indicator(cmp_)
    _add_source_files(cmp_)
    cmp_.add_argument("--format", choices=_FORMATS, default="text")


def _add_payback(sub: Any) -> None:
    pay = _subparser(
        sub,
        "payback",
        "when each of the guide's education paths pays back, against staying put",
        _EPILOG_PAYBACK,
        _cmd_payback,
    )
    pay.add_argument("--current-pay", required=True, help="your gross pay a year (32000)")
    pay.add_argument("--path", action="append", help="a path of the guide (default: all)")
    pay.add_argument("--current-currency", default="USD", help="currency of it (default USD)")
    pay.add_argument("--country", default="USA", help="where you live, ISO alpha-3 (ppp)")
    pay.add_argument("--year", help="year of rates and PPP (default: the report's latest)")
    pay.add_argument("--horizon-years", default="10", help="whole years looked at (10)")
    pay.add_argument("--discount-rate", default="0", help="yearly, e.g. 0.03 (default 0)")
    pay.add_argument("--basis", choices=("real", "ppp"), default="real", help="USD or PPP")
    for name in ("exam-fees", "tax-rate", "pay-growth"):
        pay.add_argument(f"--{name}", help="not counted unless given (not in the guide)")
    pay.add_argument("--format", choices=_FORMATS, default="text")


def _add_others(sub: Any) -> None:
    """The audit, sources, coverage and check-data subcommands."""
    aud = _subparser(
        sub,
        "audit",
        "check every checkable claim of the guide against official figures",
        _EPILOG_AUDIT,
        _cmd_audit,
    )
    aud.add_argument("--format", choices=_FORMATS, default="text")

    srcs = _subparser(
        sub, "sources", "where every shipped table comes from", _EPILOG_SOURCES, _cmd_sources
    )
    srcs.add_argument("--format", choices=_FORMATS, default="text")

    cov = _subparser(
        sub,
        "coverage",
        "which currencies, countries, states and years the shipped sources hold",
        _EPILOG_COVERAGE,
        _cmd_coverage,
    )
    cov.add_argument("--country", help="only this ISO alpha-3 country's PPP factors")
    cov.add_argument("--currency", help="only this currency's ECB and World Bank rates")
    cov.add_argument("--format", choices=_FORMATS, default="text")

    chk = _subparser(
        sub,
        "check-data",
        "validate the shipped tables (schema and sha256)",
        _EPILOG_CHECK,
        _cmd_check_data,
    )
    chk.add_argument(
        "--update-hashes",
        action="store_true",
        help="record the current sha256 of each valid table in datapackage.json",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coderstats",
        description="Pay and job outlook of medical coders (SOC 29-2072).",
        epilog="Run 'coderstats COMMAND --help' for the options and an example of each command.",
    )
    parser.add_argument("--version", action="version", version=f"coderstats {__version__}")
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_SubcommandParser
    )
    for add in (
        _add_report,
        _add_convert,
        _add_convert_file,
        _add_compare,
        _add_payback,
        _add_others,
    ):
        add(sub)
    return parser


def _fail(args: argparse.Namespace, message: str) -> int:
    line = " ".join(message.split())
    sys.stderr.write(f"coderstats {args.command}: error: {line}\n")
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 on a usage or data error)."""
    tolerant_output()
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        args.subparser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        code: int = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader of our output went away (``coderstats compare | head``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except CoderstatsError as exc:
        return _fail(args, _cli_words(exc, args.subparser))
    except OSError as exc:
        return _fail(args, f"{exc}; check the path, its permissions and free space")
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a fault of coderstats itself: one line, never a traceback
        return _fail(
            args, f"unexpected {type(exc).__name__}: {exc}; this is a bug, please report it"
        )
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
