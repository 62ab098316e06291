"""The ``coderstats`` command as a user runs it: report, convert, compare, and bad input.

Every command runs once and each test reads the result it needs. The main ones run as a user
runs them, as subprocesses of the installed script, started together a few at a time; the
rest run through ``cli.main`` in this process (the same code, without a Python start-up each).
The report is the session's shared run (the ``report`` fixture of tests/conftest.py).
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import io
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coderstats import cli
from coderstats.conversion import Conversion
from coderstats.report import MANIFEST, REPORT_YEAR

if TYPE_CHECKING:
    from conftest import ReportRuns

SCRIPT = Path(sys.executable).parent / "coderstats"

CHARTS = ["salary_ladder", "regional_pay", "share_of_us", "outlook"]
FRAMES = [
    "countries_2024.csv",
    "salary_ladder.csv",
    "outlook_summary.csv",
    "audit.csv",
    "audit.md",
]
GUIDE_TABLES = [
    "salary_by_level.csv",
    "regional_salaries.csv",
    "regional_notes.csv",
    "us_pay_ranges.csv",
    "outlook.csv",
    "education_paths.csv",
]
# Official tables, with the publisher their index line must cite.
OFFICIAL_TABLES = {
    "ppp.csv": "World Bank",
    "cpi_u.csv": "U.S. Bureau of Labor Statistics",
    "rpp_states.csv": "U.S. Bureau of Economic Analysis",
}
TABLES = [*GUIDE_TABLES, *OFFICIAL_TABLES]
#: What the ``report`` fixture puts into the folder between its two runs (not the report's).
USER_FILES = ["stale.csv", "sub"]


def report_files(folder: Path) -> list[str]:
    """The files the report's manifest says it wrote into ``folder``, in order."""
    files: list[str] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    return files


#: name -> command line after ``coderstats`` ({tmp} is a scratch folder). Those in
#: SUBPROCESS run the installed script; the others run in-process.
COMMANDS = {
    "gbp": "convert 25000 GBP --to USD --year 2024",
    "gbp_ppp": "convert 25000 GBP --basis ppp --country GBR --year 2024",
    "hourly": "convert 47180 USD --to-period hour",
    "real": "convert 42000 USD --basis real --year 2015 --base-year 2024",
    "monthly": "convert 2000 EUR --period month --year 2024",
    "json": "convert 25000 GBP --year 2024 --format json",
    "saturday": "convert 300000 INR --date 2024-03-02",
    "saturday_previous": "convert 300000 INR --date 2024-03-02 --missing previous",
    "bad_k": "convert 52k USD",
    "bad_negative": "convert -5 USD",
    "bad_nan": "convert nan USD",
    "bad_currency": "convert 25000 ABC --year 2024",
    "bad_year_text": "convert 25000 GBP --year abc",
    "bad_year_range": "convert 25000 GBP --year 1850",
    "no_year": "convert 25000 GBP",
    "bad_country": "convert 25000 GBP --basis ppp --country XXX --year 2024",
    "no_country": "convert 25000 GBP --basis ppp --year 2024",
    "bad_period": "convert 25000 GBP --year 2024 --period fortnight",
    "bad_date": "convert 25000 GBP --date 2024-13-45",
    "unwritable": "report --out {tmp}/afile/sub",
    "compare_csv": "compare --format csv",
    "compare_json": "compare --year 2024 --format json",
    "compare_text": "compare",
    "compare_market": "compare --basis market --format csv",
    "compare_bad_year": "compare --year 20x4",
    "compare_old_year": "compare --year 1990",
    "compare_1998": "compare --year 1998",
    "ppp_old_year": "convert 25000 GBP --basis ppp --country GBR --year 2010",
    "tiny": "convert 1 PKR --basis nominal --to-period hour",
    "audit_text": "audit",
    "audit_csv": "audit --format csv",
}
SUBPROCESS = {
    "gbp",
    "gbp_ppp",
    "hourly",
    "json",
    "bad_k",
    "bad_negative",
    "bad_nan",
    "bad_currency",
    "bad_year_text",
    "bad_year_range",
    "no_year",
    "bad_period",
    "unwritable",
    "compare_csv",
    "compare_bad_year",
}


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    (folder / "afile").write_text("not a folder\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def runs(tmp: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    assert SCRIPT.is_file(), f"{SCRIPT} not found; install the package with pip install -e ."

    def run(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SCRIPT), *shlex.split(COMMANDS[name].format(tmp=tmp))],
            cwd=tmp,
            env=dict(os.environ),
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )

    with ThreadPoolExecutor(max_workers=3) as pool:
        started = {name: pool.submit(run, name) for name in COMMANDS if name in SUBPROCESS}
        results = {
            name: in_process(shlex.split(line.format(tmp=tmp)))
            for name, line in COMMANDS.items()
            if name not in SUBPROCESS
        }
        results.update({name: future.result() for name, future in started.items()})
    return results


def in_process(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Run ``cli.main(argv)`` here, capturing what it writes and its exit code."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "stdout", out)
        mp.setattr(sys, "stderr", err)
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # argparse's own usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def ok(runs: dict[str, subprocess.CompletedProcess[str]], name: str) -> list[str]:
    result = runs[name]
    assert result.returncode == 0, (name, result.stderr)
    assert result.stderr == "", (name, result.stderr)  # no warnings either
    return result.stdout.rstrip("\n").split("\n")


def error_line(runs: dict[str, subprocess.CompletedProcess[str]], name: str) -> str:
    result = runs[name]
    assert result.returncode == 2, (name, result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.rstrip("\n").split("\n")
    assert len(lines) == 1, (name, result.stderr)
    assert lines[0].startswith("coderstats "), lines[0]
    assert ": error: " in lines[0]
    assert result.stdout == ""
    return lines[0]


# --------------------------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------------------------


def test_report_writes_every_file(report: ReportRuns) -> None:
    stdout = report.stdout.rstrip("\n").split("\n")
    out = report.out
    charts = [f"{name}.{ext}" for name in CHARTS for ext in ("png", "svg")]
    expected = [*charts, *FRAMES, *TABLES, "index.md"]
    assert report_files(out) == expected
    # Beside the report: its manifest, and the files put there between the two runs.
    assert sorted(p.name for p in out.iterdir()) == sorted([*expected, MANIFEST, *USER_FILES])
    assert stdout == [f"wrote {Path('a/b/r') / name}" for name in expected]  # as --out was given
    for name in charts:
        data = (out / name).read_bytes()
        assert data.startswith(b"\x89PNG" if name.endswith(".png") else b"<?xml"), name
    parent = report.parent
    assert sorted(p.name for p in parent.iterdir() if p.name.startswith(".")) == []  # no staging


def test_report_index_describes_each_file(report: ReportRuns) -> None:
    out = report.out
    rows = {
        line.split("|")[1].strip(): line
        for line in (out / "index.md").read_text(encoding="utf-8").split("\n")
        if line.startswith("| ") and not line.startswith("| file ")
    }
    assert set(rows) == set(report_files(out)) - {"index.md"}
    for name, line in rows.items():
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert len(cells) == 3, line
        assert cells[1], name
        if name in OFFICIAL_TABLES:
            assert OFFICIAL_TABLES[name] in cells[2], name
        else:
            assert "career guide" in cells[2].lower(), name
    assert "European Central Bank" in rows["regional_pay.svg"]
    assert "World Bank" in rows["countries_2024.csv"]
    assert "U.S. Bureau of Labor Statistics" in rows["outlook.png"]
    assert rows["salary_ladder.png"].split("|")[2].strip().startswith("chart: ")


def test_report_comparison_tables(report: ReportRuns) -> None:
    out = report.out
    countries = pd.read_csv(out / "countries_2024.csv")
    assert len(countries) == 7
    gbr = countries[countries["iso3"] == "GBR"].iloc[0]
    assert round(gbr["market_usd_low"]) == 31_965
    ladder = pd.read_csv(out / "salary_ladder.csv")
    assert ladder["step_median_usd"].iloc[0] == 10_000
    assert pd.isna(ladder["step_median_usd"].iloc[-1])
    outlook = pd.read_csv(out / "outlook_summary.csv")
    assert outlook.set_index("metric").loc["annual_openings", "bls_value"] == 15_000


def test_report_year_is_the_charts_year() -> None:
    from coderstats import charts

    for draw in (charts.regional_pay, charts.share_of_us):
        assert inspect.signature(draw).parameters["year"].default == REPORT_YEAR
    assert f"countries_{REPORT_YEAR}.csv" in FRAMES


def test_report_unwritable_folder(
    runs: dict[str, subprocess.CompletedProcess[str]], tmp: Path
) -> None:
    line = error_line(runs, "unwritable")
    assert "afile" in line
    assert "--out" in line
    assert (tmp / "afile").read_text(encoding="utf-8") == "not a folder\n"


# --------------------------------------------------------------------------------------------
# convert
# --------------------------------------------------------------------------------------------


def test_convert_market(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    assert ok(runs, "gbp") == [
        "31,965 USD per year",
        "USD, market, ECB 2024 annual mean of daily cross rates (256 fixing days)",
    ]


def test_convert_ppp(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    value, label = ok(runs, "gbp_ppp")
    assert value == "35,537 international $ per year"
    assert label.startswith("international $, PPP private consumption 2024")
    assert label.endswith("spent in GBR")


def test_convert_pay_period_needs_no_year(
    runs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    assert ok(runs, "hourly") == ["22.68 USD per hour", "USD, market, no conversion (already USD)"]


def test_convert_real(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    value, label = ok(runs, "real")
    assert value == "55,586 USD of 2024 per year"
    assert "CPI-U" in label


def test_convert_keeps_the_period_unless_asked(
    runs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    value, _ = ok(runs, "monthly")
    assert value.endswith(" USD per month")
    assert value == "2,165 USD per month"


def test_convert_json(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    record = json.loads("\n".join(ok(runs, "json")))
    fields = {f.name for f in dataclasses.fields(Conversion)}
    assert fields <= set(record)
    assert record["value"] == pytest.approx(31_964.854, abs=1e-3)
    assert record["unit"] == "USD"
    assert record["period"] == "year"
    assert record["basis"] == "market"
    assert record["fallback"] == ""
    assert record["factor"] == pytest.approx(record["value"] / 25_000)
    assert (record["amount"], record["from_currency"]) == (25_000, "GBP")


def test_convert_date_without_fixing(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    line = error_line(runs, "saturday")
    assert "2024-03-02" in line
    assert "--missing previous" in line  # the option, not the Python keyword
    value, label, fallback = ok(runs, "saturday_previous")
    assert value.endswith("USD per year")
    assert label == "USD, market, ECB reference rate 2024-03-01"
    assert fallback == "fallback: previous fixing 2024-03-01 for 2024-03-02"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("bad_k", ["'52k'", "not a plain number", "52000"]),
        ("bad_negative", ["'-5'", "negative"]),
        ("bad_nan", ["'nan'", "not a finite number", "52000"]),
        ("bad_currency", ["'ABC'", "GBP", "USD"]),
        ("bad_year_text", ["--year 'abc'", "--year 2024"]),
        ("bad_year_range", ["1850", "1999", "--out-of-range clamp"]),
        ("no_year", ["GBP", "--year", "--date"]),
        ("bad_country", ["'XXX'", "GBR"]),
        ("no_country", ["--basis ppp", "--country"]),
        ("bad_period", ["'fortnight'", "hour", "--help"]),
        ("bad_date", ["2024-13-45", "2024-03-15"]),
    ],
)
def test_convert_bad_input(
    runs: dict[str, subprocess.CompletedProcess[str]], name: str, words: list[str]
) -> None:
    line = error_line(runs, name)
    assert line.startswith("coderstats convert: error: ")
    for word in words:
        assert word in line, (word, line)


# --------------------------------------------------------------------------------------------
# compare
# --------------------------------------------------------------------------------------------


def test_compare_csv(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    frame = pd.read_csv(io.StringIO(runs["compare_csv"].stdout))
    ok(runs, "compare_csv")
    assert len(frame) == 7
    assert {"market_usd_low", "ppp_intd_low", "share_of_us_ppp", "rank_market"} <= set(
        frame.columns
    )
    ind = frame[frame["iso3"] == "IND"].iloc[0]
    assert (round(ind["market_usd_low"]), round(ind["ppp_intd_low"])) == (3_586, 15_078)


def test_compare_json(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    rows = json.loads(runs["compare_json"].stdout)
    ok(runs, "compare_json")
    assert len(rows) == 7
    assert rows[0]["country"] == "United States"
    assert rows[-1]["rank_ppp"] == 7


def test_compare_text(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    lines = ok(runs, "compare_text")
    text = "\n".join(lines)
    assert lines[0].startswith("Medical coder pay by country, 2024")
    assert "60,000 USD" in lines[0]
    india = next(line for line in lines if line.lstrip().startswith("India"))
    assert "INR 300,000-600,000" in india
    assert "3,586-7,172" in india
    assert "15,078-30,155" in india
    assert lines[-1].startswith("Sources: ")
    assert "World Bank" in text


def test_compare_one_basis(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    ok(runs, "compare_market")
    frame = pd.read_csv(io.StringIO(runs["compare_market"].stdout))
    assert len(frame) == 7
    assert "market_usd_low" in frame.columns
    assert not [c for c in frame.columns if "ppp" in c]


def test_compare_bad_year(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    assert "--year '20x4'" in error_line(runs, "compare_bad_year")
    assert "1990" in error_line(runs, "compare_old_year")


# --------------------------------------------------------------------------------------------
# In-process: the help examples run, and no input gives a traceback
# --------------------------------------------------------------------------------------------


def _examples(command: str) -> Iterator[list[str]]:
    """The example command lines of a subcommand's --help (without shell redirections)."""
    parser = cli._parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    epilog = sub.choices[command].epilog
    assert epilog is not None
    for line in epilog.split("\n"):
        words = shlex.split(line.split("#", 1)[0])
        if words[:2] == ["coderstats", command] and ">" not in words:
            yield words[1:]


@pytest.mark.parametrize("command", ["convert", "compare"])
def test_help_examples_run(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    examples = list(_examples(command))
    assert len(examples) >= 2
    for argv in examples:
        assert cli.main(argv) == 0, argv
        captured = capsys.readouterr()
        assert captured.err == "", (argv, captured.err)
        assert captured.out, argv


AMOUNT_TEXT = st.one_of(
    st.text(max_size=8),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["52k", "$52,000", "1e400", "0x10", "--5", "-", "", " 5 "]),
)
CURRENCY_TEXT = st.one_of(
    st.sampled_from(["USD", "GBP", "INR", "eur", "ABC", "SSP"]), st.text(max_size=4)
)
YEAR_TEXT = st.one_of(st.integers(min_value=0, max_value=99_999).map(str), st.text(max_size=5))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    amount=AMOUNT_TEXT,
    currency=CURRENCY_TEXT,
    year=YEAR_TEXT,
    basis=st.sampled_from(["nominal", "market", "ppp", "real"]),
    country=st.sampled_from(["GBR", "IND", "XXX", "", "usa"]),
)
def test_no_traceback_for_any_input(
    amount: str, currency: str, year: str, basis: str, country: str
) -> None:
    argv = ["convert", amount, currency, "--year", year, "--basis", basis, "--country", country]
    result = in_process(argv)
    assert result.returncode in (0, 2), (argv, result.stderr)
    if result.returncode == 2:
        lines = result.stderr.rstrip("\n").split("\n")
        assert len(lines) == 1, (argv, result.stderr)
        assert "error: " in lines[0]
    else:
        assert result.stderr == ""
        assert result.stdout.count("\n") == 2


# --------------------------------------------------------------------------------------------
# Library messages in command-line words, small values, audit output
# --------------------------------------------------------------------------------------------


def test_hints_only_name_options_the_command_has(
    runs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    line = error_line(runs, "compare_1998")
    assert "1998" in line
    assert "figures for 2015-2024. Ask for a year in that range" in line
    assert "out-of-range" not in line  # compare has no such option
    assert "out_of_range" not in line
    assert "--out-of-range clamp" in error_line(runs, "bad_year_range")  # convert has it
    for name in ("bad_country", "ppp_old_year"):
        line = error_line(runs, name)
        assert "table=" not in line
        assert "load_ppp" not in line
        assert line.endswith(".")
    assert error_line(runs, "ppp_old_year").endswith("Use a year in that range.")


def test_cli_spelling() -> None:
    options = {"--year", "--missing", "--country", "--date"}
    message = (
        "No rate for 1998: outside the bounds.  Ask for 1999, or pass out_of_range='clamp' "
        "to clamp. Load one with load_ppp(path) and pass it as table=. Pass missing='previous' "
        "or give country= and date=."
    )
    assert cli._cli_spelling(message, options) == (
        "No rate for 1998: outside the bounds. Ask for 1999. Pass --missing previous or give "
        "--country and --date."
    )
    # The first sentence says what is wrong: kept whole, its known keywords spelled as options.
    assert cli._cli_spelling("basis='x' needs year=2024", {"--year"}) == (
        "basis='x' needs --year 2024"
    )
    assert cli._cli_spelling("Bad. Try table=, or pass year=2024.", {"--year"}) == (
        "Bad. Pass --year 2024."
    )


def test_convert_keeps_small_values(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    # 1 PKR a year is 1/2080 PKR an hour: three significant digits, not "0.00".
    assert ok(runs, "tiny")[0] == "0.000481 PKR per hour"


def test_audit_outputs(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    lines = ok(runs, "audit_text")
    frame = pd.read_csv(io.StringIO(runs["audit_csv"].stdout))
    ok(runs, "audit_csv")
    assert len(lines) == 3 * len(frame)
    assert lines[0].startswith("[consistent] approx_usd_gbr_low: ")
    assert lines[2].startswith("    reference: European Central Bank")
