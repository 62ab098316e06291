"""The ``coderstats`` command: regenerate the report, inspect sources, check the data."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from coderstats.errors import CoderstatsError

__all__ = ["main"]

_EPILOG_REPORT = """example:
  coderstats report --out report/
writes every shipped table as CSV and index.md (file, description, sources) into report/."""

_EPILOG_SOURCES = """example:
  coderstats sources
  coderstats sources --format csv > sources.csv"""

_EPILOG_CHECK = """examples:
  coderstats check-data                    # validate every table against datapackage.json
  coderstats check-data --update-hashes    # after editing a table on purpose"""


class _UsageError(CoderstatsError, ValueError):
    """A command-line argument that cannot be used."""


def _print(text: str) -> None:
    sys.stdout.write(text + "\n")


def _report_tables() -> list[tuple[str, str, Callable[[], object]]]:
    """(file name, description, producer) for every table the report writes."""
    from coderstats import datasets

    return [
        ("salary_by_level.csv", "US pay by experience level (guide)", datasets.load_salary_by_level),
        (
            "regional_salaries.csv",
            "pay by country in local currency (guide)",
            datasets.load_regional_salaries,
        ),
        ("regional_notes.csv", "the guide's remarks per region", datasets.load_regional_notes),
        ("us_pay_ranges.csv", "other US pay ranges (guide)", datasets.load_us_pay_ranges),
        ("outlook.csv", "job outlook: guide and BLS 2023-33", datasets.load_outlook),
        ("education_paths.csv", "education paths (guide)", datasets.load_education_paths),
    ]


def _write_report(out: Path) -> list[Path]:
    """Write the report into a temporary sibling folder, then move it into place."""
    import pandas as pd

    from coderstats.datasets import sources

    out = out.expanduser()
    parent = out.resolve().parent
    if out.exists() and not out.is_dir():
        msg = f"--out {out} exists and is not a folder; choose a folder path"
        raise _UsageError(msg)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
        staging.chmod(0o755)  # mkdtemp makes it private; a report folder is meant to be shared
    except OSError as exc:
        msg = f"cannot write the report next to {out} ({exc.strerror}); choose a writable --out"
        raise _UsageError(msg) from exc
    try:
        src = sources()
        written: list[str] = []
        lines = [
            "# coderstats report",
            "",
            "| file | what it holds | sources |",
            "|---|---|---|",
        ]
        for name, description, producer in _report_tables():
            frame = producer()
            assert isinstance(frame, pd.DataFrame)
            frame.to_csv(staging / name, index=False, lineterminator="\n")
            table = name.removesuffix(".csv")
            cited = src.loc[src["table"] == table, ["publisher", "vintage"]]
            cite = "; ".join(f"{p} ({v})" for p, v in cited.itertuples(index=False))
            lines.append(f"| {name} | {description} | {cite} |")
            written.append(name)
        lines.append("")
        (staging / "index.md").write_text("\n".join(lines), encoding="utf-8")
        written.append("index.md")
        if out.exists():
            backup = parent / f".{out.name}.old-{os.getpid()}"
            out.rename(backup)
            staging.rename(out)
            shutil.rmtree(backup)
        else:
            staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out / name for name in written]


def _cmd_report(args: argparse.Namespace) -> int:
    paths = _write_report(Path(args.out))
    for path in paths:
        _print(f"wrote {path}")
    return 0


def _cmd_sources(args: argparse.Namespace) -> int:
    from coderstats.datasets import sources

    frame = sources()
    if args.format == "csv":
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
    elif args.format == "json":
        sys.stdout.write(frame.to_json(orient="records", indent=2) + "\n")
    else:
        for row in frame.itertuples(index=False):
            _print(f"{row.table}: {row.publisher} — {row.source_title} ({row.vintage})")
    return 0


def _cmd_check_data(args: argparse.Namespace) -> int:
    from coderstats._data import check_data

    for line in check_data(update_hashes=args.update_hashes):
        _print(line)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coderstats",
        description="Pay and job outlook of medical coders (SOC 29-2072).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    rep = sub.add_parser(
        "report",
        help="write every table and index.md into a folder",
        epilog=_EPILOG_REPORT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rep.add_argument("--out", required=True, help="output folder (replaced as a whole)")
    rep.set_defaults(func=_cmd_report)

    srcs = sub.add_parser(
        "sources",
        help="where every shipped table comes from",
        epilog=_EPILOG_SOURCES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    srcs.add_argument("--format", choices=["text", "csv", "json"], default="text")
    srcs.set_defaults(func=_cmd_sources)

    chk = sub.add_parser(
        "check-data",
        help="validate the shipped tables (schema and sha256)",
        epilog=_EPILOG_CHECK,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    chk.add_argument(
        "--update-hashes",
        action="store_true",
        help="record the current sha256 of each valid table in datapackage.json",
    )
    chk.set_defaults(func=_cmd_check_data)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 on a usage or data error)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except CoderstatsError as exc:
        sys.stderr.write(f"coderstats {args.command}: error: {exc}\n")
        return 2
    except OSError as exc:
        sys.stderr.write(f"coderstats {args.command}: error: {exc}\n")
        return 2
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
