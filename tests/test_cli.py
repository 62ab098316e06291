"""The ``coderstats`` command as a user runs it: report, convert, compare, audit, sources,
check-data, help, bad input and terminals that are not UTF-8.

Every command runs once and each test reads the result it needs. Most run through
``cli.main`` in this process (the same code, without a Python start-up each). A subprocess of
the installed script is kept where the test is about the process: its exit code (a success, an
error of the library, argparse's errors, help), its terminal's encoding (every command on three
terminals that are not UTF-8), what importing the package costs. The subprocesses start as the
session starts and run beside the other tests (``START_EARLY``, see tests/conftest.py). The
report is the session's shared run (the ``report`` fixture: the script, then ``make report``).
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coderstats import _data, cli, errors
from coderstats.conversion import Conversion
from coderstats.report import MANIFEST, latest_year

if TYPE_CHECKING:
    from conftest import Early, Job, ReportRuns

SCRIPT = Path(sys.executable).parent / "coderstats"

Result = subprocess.CompletedProcess[str]
Runs = dict[str, Result]

# --------------------------------------------------------------------------------------------
# What the report writes
# --------------------------------------------------------------------------------------------

CHARTS = [
    "salary_ladder",
    "regional_pay",
    "share_of_us",
    "outlook",
    "career_payback",
    "remote_pay",
    "wage_distribution",
    "state_wages",
]
# Files of BLS figures only (no figure of the guide's), with the publishers they must cite.
BLS_FILES = {
    "wage_distribution.png": "U.S. Bureau of Labor Statistics",
    "wage_distribution.svg": "U.S. Bureau of Labor Statistics",
    "wage_history.csv": "U.S. Bureau of Labor Statistics",
    "state_wages.png": "U.S. Bureau of Economic Analysis",
    "state_wages.svg": "U.S. Bureau of Economic Analysis",
    "states_2023.csv": "U.S. Bureau of Economic Analysis",
}
FRAMES = [
    "countries_2024.csv",
    "salary_ladder.csv",
    "outlook_summary.csv",
    "outlook_editions.csv",
    "wage_history.csv",
    "states_2023.csv",
    "career_payback.csv",
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


def report_files(folder: Path) -> list[str]:
    """The files the report's manifest says it wrote into ``folder``, in order."""
    files: list[str] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    return files


# --------------------------------------------------------------------------------------------
# Running a command, and reading its result
# --------------------------------------------------------------------------------------------


def in_process(argv: list[str], cwd: Path | None = None) -> Result:
    """Run ``cli.main(argv)`` here (in ``cwd``), capturing what it writes and its exit code."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "stdout", out)
        mp.setattr(sys, "stderr", err)
        if cwd is not None:
            mp.chdir(cwd)
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # argparse's own usage errors, and --help
            code = exc.code if isinstance(exc.code, int) else 2
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def ok(result: Result) -> list[str]:
    """The output lines of a command that succeeded without a word on stderr."""
    assert result.returncode == 0, (result.args, result.stderr)
    assert result.stderr == "", (result.args, result.stderr)  # no warnings either
    return result.stdout.rstrip("\n").split("\n")


def error_line(result: Result, *words: str) -> str:
    """The one line of a command that stopped on bad input (exit code 2), holding ``words``."""
    assert result.returncode == 2, (result.args, result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.rstrip("\n").split("\n")
    assert len(lines) == 1, (result.args, result.stderr)
    assert lines[0].startswith("coderstats "), lines[0]
    assert ": error: " in lines[0]
    assert result.stdout == ""
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def _subcommands() -> list[str]:
    parser = cli._parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(actions) == 1
    return sorted(actions[0].choices)


# --------------------------------------------------------------------------------------------
# The commands of this module, run once
# --------------------------------------------------------------------------------------------

#: name -> command line after ``coderstats``, run in a scratch folder. Those in SUBPROCESS run
#: the installed script, one for each way the command ends (a result, an error of the library,
#: each kind of argparse error, help, no command); the others run in-process.
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
    "sources": "sources",
    "sources_text": "sources --format text",
    "sources_xml": "sources --format xml",
    "check_data": "check-data",
    "coverage": "coverage --currency ngn",
    "coverage_country": "coverage --country VNM --format csv",
    "coverage_missing": "coverage --country XXX",
    "naira": "convert 1000000 NGN --year 2024",
    "naira_day": "convert 1000000 NGN --date 2024-03-15",
    "naira_ecb": "convert 1000000 NGN --year 2024 --market-source ecb",
    "ppp_2025": "convert 25000 GBP --basis ppp --country GBR --year 2025",
    "ppp_2025_carry": "convert 25000 GBP --basis ppp --country GBR --year 2025 --ppp-beyond carry",
    "payback": "payback --current-pay 32000",
    "payback_csv": "payback --current-pay 32000 --path 'certificate program, full time' "
    "--format csv",
    "payback_json": "payback --current-pay 24000 --current-currency GBP --country GBR --basis ppp "
    "--format json",
    "payback_fees": "payback --current-pay 32000 --exam-fees 400 --tax-rate 0.2 --format csv",
    "payback_no_pay": "payback",
    "payback_bad_pay": "payback --current-pay 32k",
    "payback_negative": "payback --current-pay -5",
    "payback_bad_path": "payback --current-pay 32000 --path bootcamp",
    "payback_beginner": "payback --current-pay 32000 --path 'complete beginner to certification'",
    "payback_short": "payback --current-pay 32000 --horizon-years 1",
    "payback_rate": "payback --current-pay 32000 --discount-rate 1",
    "payback_no_ppp": "payback --current-pay 900000 --current-currency TWD --country TWN "
    "--basis ppp",
    "payback_country_real": "payback --current-pay 24000 --country GBR",
    "help": "--help",
    "no_command": "",
    **{f"help_{command}": f"{command} --help" for command in _subcommands()},
}
SUBPROCESS = {
    "gbp",  # a result
    "bad_currency",  # an error of the library
    "payback_bad_pay",  # an error of the library in the payback command
    "bad_k",  # a value the option's type refuses
    "bad_period",  # not one of the choices
    "help",
    "no_command",
}


def _subprocess_runs(early: Early, folder: Path) -> Runs:
    """The commands of SUBPROCESS, one after the other (an early job, see conftest.py)."""
    assert SCRIPT.is_file(), f"{SCRIPT} not found; install the package with pip install -e ."
    env = {k: v for k, v in early.environ.items() if k != _data.DATA_ENV}
    results = {}
    for name in sorted(SUBPROCESS):
        early.go_on()
        results[name] = subprocess.run(
            [str(SCRIPT), *shlex.split(COMMANDS[name])],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    return results


@pytest.fixture(scope="module")
def runs(early: Early, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """Every command of COMMANDS, on the shipped data, run in a scratch folder."""
    tmp = tmp_path_factory.mktemp("cli")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(_data.DATA_ENV, raising=False)
        results = {
            name: in_process(shlex.split(line), cwd=tmp)
            for name, line in COMMANDS.items()
            if name not in SUBPROCESS
        }
    return results | early.result("runs", _subprocess_runs)


# --------------------------------------------------------------------------------------------
# report: the session's two runs into the same folder (tests/conftest.py)
# --------------------------------------------------------------------------------------------


def test_report_writes_every_file(report: ReportRuns) -> None:
    stdout = report.stdout.rstrip("\n").split("\n")
    out = report.out
    charts = [f"{name}.{ext}" for name in CHARTS for ext in ("png", "svg")]
    expected = [*charts, *FRAMES, *TABLES, "index.html", "index.md"]
    assert report_files(out) == expected
    # Beside the report: its manifest, and the files put there between the two runs.
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*expected, MANIFEST, *report.user_files]
    )
    # As --out was given (a/b/report, relative to where it ran).
    assert stdout == [f"wrote {Path('a/b/report') / name}" for name in expected]
    for name in charts:
        data = (out / name).read_bytes()
        assert data.startswith(b"\x89PNG" if name.endswith(".png") else b"<?xml"), name
    assert sorted(p.name for p in report.parent.iterdir()) == ["report"]  # no staging or backup


def test_report_tables_match_the_loaders(report: ReportRuns) -> None:
    names = set(_data.resource_names())
    for path in sorted(report.out / name for name in report_files(report.out)):
        if path.suffix != ".csv":
            continue
        frame = pd.read_csv(path)
        assert len(frame) > 0, path.name
        if path.stem in names:
            expected = _data.read_resource(path.stem)
            assert len(frame) == len(expected), path.name
            assert set(expected.columns) <= set(frame.columns), path.name


def test_report_index_describes_each_file(report: ReportRuns) -> None:
    out = report.out
    rows = {
        line.split("|")[1].strip(): line
        for line in (out / "index.md").read_text(encoding="utf-8").split("\n")
        if line.startswith("| ") and not line.startswith("| file ")
    }
    assert set(rows) == set(report_files(out)) - {"index.md"}
    for name, line in rows.items():
        if name == "index.html":  # the page: its sources are those of what it shows
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert len(cells) == 3, line
        assert cells[1], name
        if name in OFFICIAL_TABLES:
            assert OFFICIAL_TABLES[name] in cells[2], name
        elif name in BLS_FILES:
            assert "U.S. Bureau of Labor Statistics" in cells[2], name
            assert BLS_FILES[name] in cells[2], name
        else:
            assert "himalayas" in cells[2].lower(), name  # the guide's publisher
    assert "European Central Bank" in rows["regional_pay.svg"]
    assert "World Bank" in rows["countries_2024.csv"]
    assert "U.S. Bureau of Labor Statistics" in rows["outlook.png"]
    assert rows["salary_ladder.png"].split("|")[2].strip().startswith("chart: ")


def test_report_index_cites_the_publishers_of_the_data_package(report: ReportRuns) -> None:
    lines = (report.out / "index.md").read_text(encoding="utf-8").split("\n")
    resources = _data.datapackage()["resources"]
    publishers = {s["publisher"] for r in resources for s in r["sources"]}
    for name in report_files(report.out):
        if name in ("index.md", "index.html"):
            continue
        rows = [line for line in lines if name in line]
        assert rows, f"{name} is not listed in index.md"
        assert any(any(p in row for p in publishers) for row in rows), (
            f"index.md names no source for {name}: {rows}"
        )
    for table in GUIDE_TABLES:
        row = next(line for line in lines if table in line)
        cited = [
            s["publisher"]
            for r in resources
            if r["name"] == table.removesuffix(".csv")
            for s in r["sources"]
        ]
        assert cited, table
        for publisher in cited:
            assert publisher in row, (table, publisher)
    outlook = next(line for line in lines if "outlook.csv" in line)
    assert "U.S. Bureau of Labor Statistics" in outlook


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


def test_report_keeps_files_it_did_not_write(report: ReportRuns) -> None:
    # Between the two runs a file and a subfolder were put into the first run's folder, and
    # its index.md was damaged.
    for name, content in report.user_files.items():
        path = report.out / name
        assert path.is_dir() if content is None else path.read_bytes() == content, name
        assert name not in report_files(report.out)
    files = {p.name for p in report.out.iterdir()}
    assert set(report.first) <= files
    assert not [name for name in files if name.endswith(".tmp")]  # no temporary left
    again = {name: (report.out / name).read_bytes() for name in report.first}
    assert again == report.first  # the same data gives the same tables; index.md replaced


def test_make_report_keeps_a_users_file(report: ReportRuns) -> None:
    # The second run of the session's report was ``make report`` in the folder's parent.
    if not report.via_make:
        pytest.skip("make is not installed")
    wrote = report.second_stdout.splitlines()
    assert wrote == [f"wrote report/{name}" for name in report_files(report.out)]
    assert (report.out / "stale.csv").read_bytes() == report.user_files["stale.csv"]
    assert (report.out / "index.md").read_bytes() == report.first["index.md"]


@pytest.mark.e2e
def test_report_year_and_indicator(tmp_path: Path) -> None:
    code = cli.main(["report", "--year", "2023", "--indicator", "gdp", "--out", str(tmp_path)])
    assert code == 0
    assert (tmp_path / "countries_2023.csv").is_file()
    assert not (tmp_path / "countries_2024.csv").exists()
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Medical coder pay and outlook, 2023" in page
    assert "GDP PPP (PA.NUS.PPP)" in page
    assert "private consumption PPP" not in page  # (the sources table lists both)


def test_report_year_no_source_covers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["report", "--year", "1990", "--out", str(tmp_path / "r")]) == 2
    error = capsys.readouterr().err
    assert "no report for 1990" in error
    assert "covers 2015-2024" in error
    assert "use --year 2024" in error
    assert not (tmp_path / "r").exists()


def test_report_year_is_the_latest_every_source_covers() -> None:
    from coderstats import compare
    from coderstats.reference import cpi

    assert latest_year() == min(compare.years()[-1], cpi.latest_year()) == 2024
    assert f"countries_{latest_year()}.csv" in FRAMES


# --------------------------------------------------------------------------------------------
# report: an --out it must refuse, leaving everything as it was
# --------------------------------------------------------------------------------------------


def test_report_out_that_cannot_be_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A path under a file is found out when the folder is made, after the report is drawn; what
    # is drawn does not matter here, so a small report stands in for the charts and tables.
    monkeypatch.setattr(
        "coderstats.report._report_files", lambda _scope: {"index.md": b"# small\n"}
    )
    afile = tmp_path / "afile"
    afile.write_text("not a folder\n", encoding="utf-8")
    error_line(in_process(["report", "--out", str(afile)], cwd=tmp_path), "--out", str(afile))
    error_line(in_process(["report", "--out", "afile/sub"], cwd=tmp_path), "--out afile/sub")
    assert afile.read_text(encoding="utf-8") == "not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]  # nothing written beside it


def _tree(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


@pytest.mark.parametrize("where", ["path", "."])
def test_report_refuses_a_folder_with_a_users_files(tmp_path: Path, where: str) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "notes.txt").write_bytes(b"my notes\r\n\xe2\x80\x94 keep them\n")
    (folder / "data").mkdir()
    (folder / "data" / "pay.csv").write_bytes(b"a,b\n1,2\n")
    before = _tree(tmp_path)
    # ``--out "$PWD"`` as well as the folder's path.
    result = in_process(["report", "--out", str(folder) if where == "path" else "."], cwd=folder)
    line = error_line(result, "--out", "data, notes.txt")
    assert "choose an empty or new folder, or the folder of an earlier report" in line
    assert _tree(tmp_path) == before  # byte for byte, nothing added


def test_report_out_is_a_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(tmp_path / "gone", target_is_directory=True)
    result = in_process(["report", "--out", "link"], cwd=tmp_path)
    error_line(result, "--out link", "symbolic link", "does not exist")
    assert (tmp_path / "link").is_symlink()
    assert not (tmp_path / "gone").exists()


# --------------------------------------------------------------------------------------------
# convert
# --------------------------------------------------------------------------------------------


def test_convert_market(runs: Runs) -> None:
    assert ok(runs["gbp"]) == [
        "31,965 USD per year",
        "USD, market, ECB 2024 annual mean of daily cross rates (256 fixing days)",
    ]


def test_convert_ppp(runs: Runs) -> None:
    value, label = ok(runs["gbp_ppp"])
    assert value == "35,537 international $ per year"
    assert label.startswith("international $, PPP private consumption 2024")
    assert label.endswith("spent in GBR")


def test_convert_pay_period_needs_no_year(runs: Runs) -> None:
    assert ok(runs["hourly"]) == ["22.68 USD per hour", "USD, market, no conversion (already USD)"]


def test_convert_real(runs: Runs) -> None:
    value, label = ok(runs["real"])
    assert value == "55,586 USD of 2024 per year"
    assert "CPI-U" in label


def test_convert_keeps_the_period_unless_asked(runs: Runs) -> None:
    value, _ = ok(runs["monthly"])
    assert value.endswith(" USD per month")
    assert value == "2,165 USD per month"


def test_convert_json(runs: Runs) -> None:
    record = json.loads("\n".join(ok(runs["json"])))
    fields = {f.name for f in dataclasses.fields(Conversion)}
    assert fields <= set(record)
    assert record["value"] == pytest.approx(31_964.854, abs=1e-3)
    assert record["unit"] == "USD"
    assert record["period"] == "year"
    assert record["basis"] == "market"
    assert record["fallback"] == ""
    assert record["factor"] == pytest.approx(record["value"] / 25_000)
    assert (record["amount"], record["from_currency"]) == (25_000, "GBP")


def test_convert_date_without_fixing(runs: Runs) -> None:
    line = error_line(runs["saturday"], "2024-03-02")
    assert "--missing previous" in line  # the option, not the Python keyword
    value, label, fallback = ok(runs["saturday_previous"])
    assert value.endswith("USD per year")
    assert label == "USD, market, ECB reference rate 2024-03-01"
    assert fallback == "fallback: previous fixing 2024-03-01 for 2024-03-02"


def test_convert_keeps_small_values(runs: Runs) -> None:
    # 1 PKR a year is 1/2080 PKR an hour: three significant digits, not "0.00".
    assert ok(runs["tiny"])[0] == "0.000481 PKR per hour"


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
        ("bad_country", ["'XXX'", "206 economies"]),
        ("no_country", ["basis 'ppp'", "use --country"]),
        ("bad_period", ["'fortnight'", "hour", "--help"]),
        ("bad_date", ["2024-13-45", "2024-03-15"]),
    ],
)
def test_convert_bad_input(runs: Runs, name: str, words: list[str]) -> None:
    line = error_line(runs[name], *words)
    assert line.startswith("coderstats convert: error: ")


# --------------------------------------------------------------------------------------------
# compare and audit
# --------------------------------------------------------------------------------------------


def test_compare_csv(runs: Runs) -> None:
    ok(runs["compare_csv"])
    frame = pd.read_csv(io.StringIO(runs["compare_csv"].stdout))
    assert len(frame) == 7
    assert {"market_usd_low", "ppp_intd_low", "share_of_us_ppp", "rank_market"} <= set(
        frame.columns
    )
    ind = frame[frame["iso3"] == "IND"].iloc[0]
    assert (round(ind["market_usd_low"]), round(ind["ppp_intd_low"])) == (3_586, 15_078)


def test_compare_json(runs: Runs) -> None:
    ok(runs["compare_json"])
    rows = json.loads(runs["compare_json"].stdout)
    assert len(rows) == 7
    assert rows[0]["country"] == "United States"
    assert rows[-1]["rank_ppp"] == 7


def test_compare_text(runs: Runs) -> None:
    lines = ok(runs["compare_text"])
    text = "\n".join(lines)
    assert lines[0].startswith("Medical coder pay by country, 2024")
    assert "60,000 USD" in lines[0]
    india = next(line for line in lines if line.lstrip().startswith("India"))
    assert "INR 300,000-600,000" in india
    assert "3,586-7,172" in india
    assert "15,078-30,155" in india
    assert lines[-1].startswith("Sources: ")
    assert "World Bank" in text


def test_compare_one_basis(runs: Runs) -> None:
    ok(runs["compare_market"])
    frame = pd.read_csv(io.StringIO(runs["compare_market"].stdout))
    assert len(frame) == 7
    assert "market_usd_low" in frame.columns
    assert not [c for c in frame.columns if "ppp" in c]


def test_compare_bad_year(runs: Runs) -> None:
    error_line(runs["compare_bad_year"], "--year '20x4'")
    error_line(runs["compare_old_year"], "1990")


def test_audit_outputs(runs: Runs) -> None:
    lines = ok(runs["audit_text"])
    ok(runs["audit_csv"])
    frame = pd.read_csv(io.StringIO(runs["audit_csv"].stdout))
    assert len(lines) == 3 * len(frame)
    assert lines[0].startswith("[consistent] approx_usd_gbr_low: ")
    assert lines[2].startswith("    reference: European Central Bank")


# --------------------------------------------------------------------------------------------
# sources and check-data
# --------------------------------------------------------------------------------------------

SOURCE_COLUMNS = ["table", "publisher", "vintage", "licence", "file", "sha256"]


def test_coverage(runs: Runs) -> None:
    assert ok(runs["coverage"]) == [
        "World Bank official exchange rates (annual averages): NGN 2015-2024"
    ]
    frame = pd.read_csv(io.StringIO(runs["coverage_country"].stdout))
    assert frame["key"].tolist() == ["VNM", "VNM"]
    assert frame["kind"].tolist() == ["country", "country"]
    error_line(runs["coverage_missing"], "no source holds country 'XXX'", "leave out --country")


def test_convert_beyond_the_ecb_and_the_last_ppp(runs: Runs) -> None:
    value, label = ok(runs["naira"])
    assert value == "676.15 USD per year"
    assert label == "USD, market, World Bank official rate 2024 (annual average)"
    error_line(runs["naira_day"], "NGN->USD on 2024-03-15", "annual averages only", "use --year")
    error_line(runs["naira_ecb"], "'NGN'")
    error_line(runs["ppp_2025"], "GBR in 2025", "use --ppp-beyond carry")
    value, label, fallback = ok(runs["ppp_2025_carry"])
    assert value == "35,537 international $ per year"
    assert fallback == "fallback: PPP factor of 2024 carried forward to 2025"


def test_sources_csv() -> None:
    result = in_process(["sources", "--format", "csv"])
    ok(result)
    frame = pd.read_csv(io.StringIO(result.stdout), dtype=str)
    assert set(SOURCE_COLUMNS) <= set(frame.columns)
    assert set(frame["table"]) == {*_data.resource_names(), "ecb_rates"}
    assert frame[SOURCE_COLUMNS].notna().all().all()


def test_sources_json() -> None:
    result = in_process(["sources", "--format", "json"])
    ok(result)
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    assert {row["table"] for row in rows} == {*_data.resource_names(), "ecb_rates"}
    for row in rows:
        for column in SOURCE_COLUMNS:
            assert row[column], (row["table"], column)
        assert Path(row["file"]).is_file()


def test_sources_text(runs: Runs) -> None:
    lines = ok(runs["sources_text"])
    assert runs["sources"].stdout == runs["sources_text"].stdout  # text is the default
    package = _data.datapackage()
    expected = sum(len(r["sources"]) for r in package["resources"]) + len(package["sources"])
    assert len(lines) == expected
    assert lines[-1].startswith("ecb_rates: European Central Bank")
    for name in _data.resource_names():
        assert any(line.startswith(f"{name}: ") for line in lines), name
    assert "U.S. Bureau of Labor Statistics" in runs["sources_text"].stdout


def test_sources_rejects_unknown_format(runs: Runs) -> None:
    result = runs["sources_xml"]
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_check_data(runs: Runs) -> None:
    lines = ok(runs["check_data"])
    assert len(lines) == len(_data.resource_names())
    for name, line in zip(_data.resource_names(), lines, strict=True):
        assert line.startswith(f"{name}: ")
        assert line.endswith("sha256 matches")


def test_check_data_reports_a_damaged_table(data_copy: Path, tmp_path: Path) -> None:
    path = data_copy / "salary_by_level.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("52000", "52k"), encoding="utf-8")
    # CODERSTATS_DATA points at the copy.
    error_line(in_process(["check-data"]), "salary_by_level.csv", "row 3", "us_median", "52k")
    error_line(in_process(["check-data", "--update-hashes"]), "salary_by_level.csv", "row 3")
    result = in_process(["report", "--out", str(tmp_path / "r")])
    error_line(result, "salary_by_level.csv", "row 3")
    assert not (tmp_path / "r").exists()
    assert not list(tmp_path.glob(".r*")), "a failed report leaves no staging folder"


def test_check_data_update_hashes(data_copy: Path) -> None:
    path = data_copy / "salary_by_level.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("52000", "52500"), encoding="utf-8")
    error_line(in_process(["check-data"]), "salary_by_level.csv", "--update-hashes")
    result = in_process(["check-data", "--update-hashes"])
    ok(result)
    assert "salary_by_level: 7 rows valid; hash updated" in result.stdout
    result = in_process(["check-data"])
    ok(result)
    assert result.stdout.count("sha256 matches") == len(_data.resource_names())


# --------------------------------------------------------------------------------------------
# A data folder that is missing or not a data package
# --------------------------------------------------------------------------------------------


def test_missing_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODERSTATS_DATA", str(tmp_path / "nowhere"))
    error_line(in_process(["sources"]), str(tmp_path / "nowhere"), "CODERSTATS_DATA")


def test_a_descriptor_that_is_not_a_data_package(data_copy: Path) -> None:
    (data_copy / "datapackage.json").write_text('{"resources": [{"name": "x"}]}', encoding="utf-8")
    result = in_process(["check-data"])  # CODERSTATS_DATA points at the copy
    error_line(result, "datapackage.json", "not a data package", "no 'path'")


@pytest.mark.parametrize(
    "command",
    [["sources"], ["check-data", "--update-hashes"], ["compare"], ["audit"], ["report", "--out"]],
    ids=" ".join,
)
def test_a_descriptor_that_is_a_list(data_copy: Path, tmp_path: Path, command: list[str]) -> None:
    (data_copy / "datapackage.json").write_text("[]\n", encoding="utf-8")
    argv = [*command, str(tmp_path / "r")] if command[-1] == "--out" else command
    result = in_process(argv)
    error_line(result, str(data_copy / "datapackage.json"), "not a data package", "a JSON list")
    assert not (tmp_path / "r").exists()


# --------------------------------------------------------------------------------------------
# payback
# --------------------------------------------------------------------------------------------


def test_payback_text(runs: Runs) -> None:
    lines = ok(runs["payback"])
    assert lines[0] == (
        "Payback against staying put at 32,000 USD a year; amounts in USD of 2024, horizon 10 "
        "years."
    )
    table = "\n".join(lines)
    assert "associate's degree" in table
    assert lines[-1].startswith("Sources: Himalayas (2025")


def test_payback_csv_is_the_librarys_frame(runs: Runs) -> None:
    from coderstats.career import payback

    printed = pd.read_csv(io.StringIO(runs["payback_csv"].stdout))
    expected = payback("certificate program, full time", current_pay=32_000)
    assert printed["scenario"].tolist() == ["low", "central", "high"]
    assert printed["payback_months"].tolist() == expected["payback_months"].tolist()
    assert printed["gain_10y"].tolist() == pytest.approx(expected["gain_10y"].tolist())


def test_payback_options_reach_the_library(runs: Runs) -> None:
    from coderstats.career import payback

    printed = pd.read_csv(io.StringIO(runs["payback_fees"].stdout))
    expected = payback(current_pay=32_000, exam_fees=400, tax_rate=0.2)
    assert printed["cost"].tolist() == expected["cost"].tolist()
    assert printed["payback_months"].tolist() == expected["payback_months"].tolist()
    records = json.loads(runs["payback_json"].stdout)
    assert len(records) == 9
    assert {r["name"] for r in records} >= {"associate's degree"}


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("payback_bad_pay", ["current pay '32k'", "not a number", "use --current-pay 32000"]),
        ("payback_negative", ["current pay -5.0", "negative"]),
        ("payback_bad_path", ["unknown path 'bootcamp'", "'certificate program, full time'"]),
        ("payback_beginner", ["cannot be priced", "no cost"]),
        ("payback_short", ["a horizon of 1 years", "use --horizon-years 2 or more"]),
        ("payback_rate", ["discount rate 1.0", "(-1, 1)", "use --discount-rate 0.03"]),
        ("payback_no_ppp", ["no PPP factor", "'TWN'"]),
        (
            "payback_country_real",
            ["country 'GBR' applies to basis 'ppp'", "use --basis ppp, or leave out --country"],
        ),
        ("payback_no_pay", ["--current-pay"]),
    ],
)
def test_payback_bad_input(runs: Runs, name: str, words: list[str]) -> None:
    error_line(runs[name], *words)


# --------------------------------------------------------------------------------------------
# help, its examples, and usage errors
# --------------------------------------------------------------------------------------------


def test_known_subcommands() -> None:
    assert {"report", "sources", "check-data"} <= set(_subcommands())


def test_top_level_help(runs: Runs) -> None:
    text = "\n".join(ok(runs["help"]))
    for command in _subcommands():
        assert command in text


@pytest.mark.parametrize("command", _subcommands())
def test_subcommand_help_shows_an_example(runs: Runs, command: str) -> None:
    text = "\n".join(ok(runs[f"help_{command}"]))
    assert text.startswith(f"usage: coderstats {command}")
    assert "example" in text.lower()
    assert f"coderstats {command}" in text.split("example", 1)[1]


def test_no_command_is_a_usage_error(runs: Runs) -> None:
    result = runs["no_command"]
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("usage: coderstats")


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


@pytest.mark.parametrize("command", ["convert", "compare", "payback"])
def test_help_examples_run(command: str) -> None:
    examples = list(_examples(command))
    assert len(examples) >= 2
    for argv in examples:
        result = in_process(argv)
        assert result.returncode == 0, (argv, result.stderr)
        assert result.stderr == "", (argv, result.stderr)
        assert result.stdout, argv


# --------------------------------------------------------------------------------------------
# No input gives a traceback; library messages in command-line words
# --------------------------------------------------------------------------------------------

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


def test_hints_only_name_options_the_command_has(runs: Runs) -> None:
    line = error_line(runs["compare_1998"], "1998")
    assert "figures for 2015-2024. Ask for a year in that range" in line
    assert "out-of-range" not in line  # compare has no such option
    assert "out_of_range" not in line
    error_line(runs["bad_year_range"], "use --out-of-range clamp to take the nearest")
    for name in ("bad_country", "ppp_old_year"):
        line = error_line(runs[name], "Use --ppp-table FILE with a")
        assert "table=" not in line
        assert "load_ppp" not in line
        assert line.endswith(".")
    assert "Use a year in that range. Use --ppp-table FILE" in error_line(runs["ppp_old_year"])


def test_hints_are_worded_as_the_options_of_the_command() -> None:
    error = errors.RateNotFoundError(
        "No rate for 1998: outside the bounds.",
        hints=(
            errors.Hint("out_of_range", "clamp", why="to clamp"),
            errors.Hint("ppp_table", call="load_ppp(path)"),
            errors.Hint("missing", "previous"),
            errors.Hint("country", leave_out=True),
            errors.Hint("year"),
        ),
    )
    assert str(error) == (
        "No rate for 1998: outside the bounds. Pass out_of_range='clamp' to clamp, or pass "
        "ppp_table=load_ppp(path), or pass missing='previous', or leave country= out, or pass "
        "year=."
    )
    parser = argparse.ArgumentParser()
    for flag in ("--missing", "--country", "--year"):
        parser.add_argument(flag)
    parser.add_argument("--ppp-table", metavar="FILE")
    assert cli._cli_words(error, parser) == (
        "No rate for 1998: outside the bounds. Use --ppp-table FILE, or use --missing previous, "
        "or leave out --country, or use --year."
    )
    bare = errors.InvalidInputError("basis 'x' needs a year", hints=(errors.Hint("date"),))
    assert cli._cli_words(bare, argparse.ArgumentParser()) == "basis 'x' needs a year"


# --------------------------------------------------------------------------------------------
# The cost of importing the package (a fresh interpreter)
# --------------------------------------------------------------------------------------------


def test_import_is_cheap(tmp_path: Path) -> None:
    code = "import sys, coderstats; print('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    modules = set(result.stdout.split())
    assert "coderstats" in modules
    heavy = sorted(m for m in modules if m.split(".")[0] in {"pandas", "matplotlib"})
    assert not heavy, f"import coderstats imports {heavy[:5]}"
    imported = [
        line.rsplit("|", 1)[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    ]
    assert "coderstats" in imported
    assert not [m for m in imported if m.split(".")[0] in {"pandas", "matplotlib"}]


# --------------------------------------------------------------------------------------------
# A terminal that is not UTF-8 (subprocesses: the encoding is set when Python starts)
# --------------------------------------------------------------------------------------------

#: Environments of a terminal that is not UTF-8. Python switches a plain C locale to UTF-8;
#: the last one keeps it ASCII, as an older system does.
NOT_UTF8 = {
    "PYTHONIOENCODING=ascii": {"PYTHONIOENCODING": "ascii"},
    "LC_ALL=C": {"LC_ALL": "C"},
    "LC_ALL=C without UTF-8 mode": {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
}
#: Every subcommand, with the exit code it must give (2: an error on purpose).
ON_ANY_TERMINAL = {
    "report": (["report", "--out", "rapport-ü"], 0),
    "report refused": (["report", "--out", "dossier-ü"], 2),
    "convert": (["convert", "300000", "INR", "--year", "2024", "--format", "json"], 0),
    "convert error": (["convert", "52k", "USD"], 2),
    "compare": (["compare"], 0),
    "audit": (["audit"], 0),
    "sources": (["sources"], 0),
    "check-data": (["check-data"], 0),
    "help": (["--help"], 0),
    "report help": (["report", "--help"], 0),
}


TerminalRuns = dict[tuple[str, str], subprocess.CompletedProcess[bytes]]

#: The terminal whose ``report`` draws the whole report. In the others Python runs in UTF-8
#: mode (a plain C locale is switched to it), so files are written as in any UTF-8 locale and
#: only the terminal differs: there the installed script runs with a small stand-in report,
#: written and listed as the report's own files are (its drawing is the same everywhere).
WHOLE_REPORT = "LC_ALL=C without UTF-8 mode"
SMALL_REPORT = {"countries_2024.csv": "country,low\nIndia,₹3L\n".encode(), "index.md": b"# r\n"}
SMALL_REPORT_SCRIPT = f"""
import runpy, sys
from coderstats import report
assert sys.flags.utf8_mode, "the small report is for terminals where Python runs in UTF-8 mode"
report._report_files = lambda _scope: {SMALL_REPORT!r}
runpy.run_path({str(SCRIPT)!r}, run_name="__main__")
"""


def _command(env: str, command: str) -> list[str]:
    """The process that runs ``command`` of ON_ANY_TERMINAL on the terminal ``env``."""
    argv = ON_ANY_TERMINAL[command][0]
    if command == "report" and env != WHOLE_REPORT:
        return [sys.executable, "-c", SMALL_REPORT_SCRIPT, *argv]
    return [str(SCRIPT), *argv]


def _terminal_runs(env: str) -> Job[TerminalRuns]:
    """Every command of ON_ANY_TERMINAL in the environment ``env`` of NOT_UTF8 (an early job)."""

    def run(early: Early, folder: Path) -> TerminalRuns:
        assert SCRIPT.is_file(), f"{SCRIPT} not found; install the package with pip install -e ."
        base = {
            k: v
            for k, v in early.environ.items()
            if not k.startswith(("LC_", "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONCOERCE"))
            and k not in ("LANG", "LANGUAGE", _data.DATA_ENV)
        }
        (folder / "dossier-ü").mkdir()
        (folder / "dossier-ü" / "notes-é.txt").write_bytes(b"mine\n")
        results = {}
        for command in ON_ANY_TERMINAL:
            early.go_on()
            results[env, command] = subprocess.run(
                _command(env, command),
                cwd=folder,
                env={**base, **NOT_UTF8[env]},
                capture_output=True,
                timeout=300,
                check=False,
            )
        return results

    return run


#: The runs started as the session starts, by the fixture that reads them (conftest.py). The
#: terminals' runs are a job for each terminal, which the two workers share.
START_EARLY: dict[str, Job[Any]] = {
    "runs": _subprocess_runs,
    # The terminal with the whole report first: the longest.
    **{
        f"not_utf8/{n}": _terminal_runs(env)
        for n, env in sorted(enumerate(NOT_UTF8), key=lambda run: run[1] != WHOLE_REPORT)
    },
}


@pytest.fixture(scope="module")
def not_utf8(early: Early) -> TerminalRuns:
    results: TerminalRuns = {}
    for n, env in enumerate(NOT_UTF8):
        results |= early.result(f"not_utf8/{n}", _terminal_runs(env))
    return results


# The longest of the early runs: these tests run after all others, so as not to wait for it.
@pytest.mark.late
@pytest.mark.parametrize("command", ON_ANY_TERMINAL)
@pytest.mark.parametrize("env", NOT_UTF8)
def test_every_command_on_a_terminal_that_is_not_utf8(
    not_utf8: TerminalRuns, env: str, command: str
) -> None:
    result = not_utf8[env, command]
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    expected = ON_ANY_TERMINAL[command][1]
    assert result.returncode == expected, err
    if expected == 0:
        assert err == ""
        assert result.stdout
    else:
        assert len(err.strip("\n").split("\n")) == 1, err


@pytest.mark.late
def test_text_a_terminal_cannot_show_is_escaped(not_utf8: TerminalRuns) -> None:
    result = in_process(["sources"])
    ok(result)
    utf8 = result.stdout
    assert "\u2014" in utf8  # the em dash between publisher and title
    ascii_out = not_utf8["PYTHONIOENCODING=ascii", "sources"].stdout.decode("ascii")
    assert "\\u2014" in ascii_out
    unescaped = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), ascii_out)
    assert unescaped == utf8  # the same text, only escaped
    wrote = not_utf8["PYTHONIOENCODING=ascii", "report"].stdout.decode("ascii").splitlines()
    assert wrote[-1] == "wrote rapport-\\xfc/index.md"
    # Without UTF-8 mode the folder name is written back as the bytes it was given in.
    raw = not_utf8["LC_ALL=C without UTF-8 mode", "report"].stdout.splitlines()
    assert raw[-1] == "wrote rapport-ü/index.md".encode()
    refused = not_utf8["PYTHONIOENCODING=ascii", "report refused"].stderr.decode("ascii")
    assert "--out dossier-\\xfc already holds files" in refused
    assert "(notes-\\xe9.txt)" in refused


# --------------------------------------------------------------------------------------------
# convert-file
# --------------------------------------------------------------------------------------------


def test_convert_file_writes_parquet_and_says_how_many_rows(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    pay = pd.DataFrame({"pay": [25_000.0, 30_000.0], "cur": ["GBP", "EUR"], "yr": [2024, 2023]})
    pay.to_csv(tmp_path / "pay.csv", index=False)
    argv = ["convert-file", "pay.csv", "out.parquet", "--amount", "pay", "--currency", "cur"]
    assert ok(in_process([*argv, "--year", "yr"], cwd=tmp_path)) == ["wrote 2 rows to out.parquet"]
    assert pd.read_parquet(tmp_path / "out.parquet")["pay_market"].round().tolist() == [
        31965.0,
        32438.0,
    ]
    result = in_process([*argv, "--year", "2024", "--basis", "ppp"], cwd=tmp_path)
    error_line(result, "needs the place where the pay is spent", "--country")


def test_convert_file_errors_name_the_file_and_the_options(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    pd.DataFrame({"pay": [1.0, -2.0], "cur": ["GBP", "GBP"]}).to_parquet(tmp_path / "p.parquet")
    (tmp_path / "theirs.parquet").write_bytes(b"not ours")
    argv = ["convert-file", "p.parquet", "out.parquet", "--amount", "pay", "--currency", "cur"]
    error_line(
        in_process([*argv, "--year", "2024"], cwd=tmp_path),
        "p.parquet: 1 of 2 rows",
        "labels 1]",
        "--errors coerce",
    )
    argv[2] = "theirs.parquet"
    error_line(in_process([*argv, "--year", "2024"], cwd=tmp_path), "not written by coderstats")
    assert (tmp_path / "theirs.parquet").read_bytes() == b"not ours"
