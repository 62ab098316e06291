"""The ``coderstats`` command: report folder, sources, data check, help and errors."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from coderstats import _data, cli
from coderstats.report import MANIFEST

if TYPE_CHECKING:
    from conftest import ReportRuns

SCRIPT = Path(sys.executable).parent / "coderstats"
GUIDE_TABLES = [
    "salary_by_level",
    "regional_salaries",
    "regional_notes",
    "us_pay_ranges",
    "outlook",
    "education_paths",
]


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``coderstats`` script (environment as the test left it)."""
    assert SCRIPT.is_file(), f"{SCRIPT} not found; install the package with pip install -e ."
    return subprocess.run(
        [str(SCRIPT), *map(str, args)],
        cwd=cwd,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def report_files(folder: Path) -> list[str]:
    """The files the report's manifest says it wrote into ``folder``, in order."""
    files: list[str] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    return files


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip("\n").split("\n")
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("coderstats ")
    assert "error" in lines[0]
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# --------------------------------------------------------------------------------------------
# report: the ``report`` fixture (tests/conftest.py) runs it twice into the same folder
# --------------------------------------------------------------------------------------------


def test_report_writes_the_guide_tables(report: ReportRuns) -> None:
    files = {p.name for p in report.out.iterdir()}
    assert "index.md" in files
    for table in GUIDE_TABLES:
        assert f"{table}.csv" in files, table
    lines = report.stdout.splitlines()
    assert all(line.startswith("wrote ") for line in lines), lines
    assert [Path(line.removeprefix("wrote ")).name for line in lines] == report_files(report.out)
    assert files == {*report_files(report.out), MANIFEST, "stale.csv", "sub"}


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


def test_report_index_lists_every_file_with_its_source(report: ReportRuns) -> None:
    index = (report.out / "index.md").read_text(encoding="utf-8")
    src = _data.datapackage()
    publishers = {s["publisher"] for r in src["resources"] for s in r["sources"]}
    lines = index.split("\n")
    for name in report_files(report.out):
        if name == "index.md":
            continue
        rows = [line for line in lines if name in line]
        assert rows, f"{name} is not listed in index.md"
        assert any(any(p in row for p in publishers) for row in rows), (
            f"index.md names no source for {name}: {rows}"
        )
    for table in GUIDE_TABLES:
        row = next(line for line in lines if f"{table}.csv" in line)
        cited = [
            s["publisher"] for r in src["resources"] if r["name"] == table for s in r["sources"]
        ]
        for publisher in cited:
            assert publisher in row, (table, publisher)
    outlook = next(line for line in lines if "outlook.csv" in line)
    assert "U.S. Bureau of Labor Statistics" in outlook


def test_report_keeps_files_it_did_not_write(report: ReportRuns) -> None:
    # Between the two runs a file and a subfolder were put into the first run's folder.
    assert (report.out / "stale.csv").read_bytes() == b"old\n"
    assert (report.out / "sub").is_dir()
    assert "stale.csv" not in report_files(report.out)
    files = {p.name for p in report.out.iterdir()}
    assert set(report.first) <= files
    assert not [name for name in files if name.endswith(".tmp")]  # no temporary left
    again = {name: (report.out / name).read_bytes() for name in report.first}
    assert again == report.first  # the same data gives the same tables
    assert sorted(p.name for p in report.parent.iterdir()) == ["r"]  # no staging or backup left


def test_report_out_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "afile"
    target.write_text("keep me\n", encoding="utf-8")
    result = run("report", "--out", target, cwd=tmp_path)
    assert_one_line_error(result, "--out", str(target))
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_report_out_unwritable(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x\n", encoding="utf-8")
    result = run("report", "--out", tmp_path / "afile" / "sub", cwd=tmp_path)
    assert_one_line_error(result, "afile")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


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
    result = run("report", "--out", folder if where == "path" else ".", cwd=folder)
    line = assert_one_line_error(result, "--out", "data, notes.txt")
    assert "choose an empty or new folder, or the folder of an earlier report" in line
    assert result.stdout == ""
    assert _tree(tmp_path) == before  # byte for byte, nothing added


def test_report_out_is_a_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(tmp_path / "gone", target_is_directory=True)
    result = run("report", "--out", "link", cwd=tmp_path)
    assert_one_line_error(result, "--out link", "symbolic link", "does not exist")
    assert (tmp_path / "link").is_symlink()
    assert not (tmp_path / "gone").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_report_keeps_a_users_file(tmp_path: Path, report: ReportRuns) -> None:
    repo = Path(__file__).resolve().parents[1]
    venv = SCRIPT.parent.parent
    folder = tmp_path / "report"
    shutil.copytree(report.out, folder, symlinks=True)  # the report ``make report`` wrote
    (folder / "my notes.md").write_bytes(b"# what I found\n")
    (folder / "index.md").write_bytes(b"an index the report wrote, to be replaced\n")
    result = subprocess.run(
        # -o: use this virtual environment as it is (do not install into it).
        [
            "make",
            "-s",
            "-f",
            str(repo / "Makefile"),
            f"VENV={venv}",
            "-o",
            str(venv / ".coderstats-installed"),
            "report",
        ],
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "wrote report/index.md" in result.stdout.splitlines()
    assert (folder / "my notes.md").read_bytes() == b"# what I found\n"
    assert (folder / "index.md").read_bytes() == report.first["index.md"]


def test_a_descriptor_that_is_not_a_data_package(data_copy: Path, tmp_path: Path) -> None:
    (data_copy / "datapackage.json").write_text('{"resources": [{"name": "x"}]}', encoding="utf-8")
    result = run("check-data", cwd=tmp_path)  # CODERSTATS_DATA points at the copy
    assert_one_line_error(result, "datapackage.json", "not a data package", "no 'path'")


@pytest.mark.parametrize(
    "command",
    [["sources"], ["check-data", "--update-hashes"], ["compare"], ["audit"], ["report", "--out"]],
    ids=" ".join,
)
def test_a_descriptor_that_is_a_list(
    data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    (data_copy / "datapackage.json").write_text("[]\n", encoding="utf-8")
    args = [*command, tmp_path / "r"] if command[-1] == "--out" else command
    code, out, err = main(capsys, *args)
    assert code == 2
    assert out == ""
    assert_one_line(err, str(data_copy / "datapackage.json"), "not a data package", "a JSON list")
    assert not (tmp_path / "r").exists()


# --------------------------------------------------------------------------------------------
# sources and check-data
# --------------------------------------------------------------------------------------------

SOURCE_COLUMNS = ["table", "publisher", "vintage", "licence", "file", "sha256"]


def main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run the command in this process (faster than a subprocess; same code path)."""
    code = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line(err: str, *words: str) -> None:
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    assert "error" in lines[0]
    for word in words:
        assert word in lines[0], lines[0]


def test_sources_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = main(capsys, "sources", "--format", "csv")
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out), dtype=str)
    assert set(SOURCE_COLUMNS) <= set(frame.columns)
    assert set(frame["table"]) == set(_data.resource_names())
    assert frame[SOURCE_COLUMNS].notna().all().all()


def test_sources_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = main(capsys, "sources", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert isinstance(rows, list)
    assert {row["table"] for row in rows} == set(_data.resource_names())
    for row in rows:
        for column in SOURCE_COLUMNS:
            assert row[column], (row["table"], column)
        assert Path(row["file"]).is_file()


def test_sources_text(tmp_path: Path) -> None:
    default = run("sources", cwd=tmp_path)
    text = run("sources", "--format", "text", cwd=tmp_path)
    assert default.returncode == text.returncode == 0
    assert default.stdout == text.stdout
    lines = text.stdout.strip().split("\n")
    expected = sum(len(r["sources"]) for r in _data.datapackage()["resources"])
    assert len(lines) == expected
    for name in _data.resource_names():
        assert any(line.startswith(f"{name}: ") for line in lines), name
    assert "U.S. Bureau of Labor Statistics" in text.stdout


def test_sources_rejects_unknown_format(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["sources", "--format", "xml"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_check_data(tmp_path: Path) -> None:
    result = run("check-data", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().split("\n")
    assert len(lines) == len(_data.resource_names())
    for name, line in zip(_data.resource_names(), lines, strict=True):
        assert line.startswith(f"{name}: ")
        assert line.endswith("sha256 matches")


def test_check_data_reports_a_damaged_table(
    data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_copy / "salary_by_level.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("52000", "52k"), encoding="utf-8")
    result = run("check-data", cwd=tmp_path)  # CODERSTATS_DATA points at the copy
    assert_one_line_error(result, "salary_by_level.csv", "row 3", "us_median", "52k")
    code, _, err = main(capsys, "check-data", "--update-hashes")
    assert code == 2
    assert_one_line(err, "salary_by_level.csv", "row 3")
    code, _, err = main(capsys, "report", "--out", tmp_path / "r")
    assert code == 2
    assert_one_line(err, "salary_by_level.csv", "row 3")
    assert not (tmp_path / "r").exists()
    assert not list(tmp_path.glob(".r*")), "a failed report leaves no staging folder"


def test_check_data_update_hashes(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = data_copy / "salary_by_level.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("52000", "52500"), encoding="utf-8")
    code, _, err = main(capsys, "check-data")
    assert code == 2
    assert_one_line(err, "salary_by_level.csv", "--update-hashes")
    code, out, err = main(capsys, "check-data", "--update-hashes")
    assert code == 0, err
    assert "salary_by_level: 7 rows valid; hash updated" in out
    code, out, err = main(capsys, "check-data")
    assert code == 0, err
    assert out.count("sha256 matches") == len(_data.resource_names())


def test_missing_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CODERSTATS_DATA", str(tmp_path / "nowhere"))
    code, _, err = main(capsys, "sources")
    assert code == 2
    assert_one_line(err, str(tmp_path / "nowhere"), "CODERSTATS_DATA")


# --------------------------------------------------------------------------------------------
# help, and the cost of importing the package
# --------------------------------------------------------------------------------------------


def _subcommands() -> list[str]:
    parser = cli._parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(actions) == 1
    return sorted(actions[0].choices)


def test_known_subcommands() -> None:
    assert {"report", "sources", "check-data"} <= set(_subcommands())


def test_top_level_help(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in _subcommands():
        assert command in result.stdout


@pytest.mark.parametrize("command", _subcommands())
def test_subcommand_help_shows_an_example(command: str, tmp_path: Path) -> None:
    result = run(command, "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: coderstats {command}")
    assert "example" in result.stdout.lower()
    assert f"coderstats {command}" in result.stdout.split("example", 1)[1]


def test_no_command_is_a_usage_error(tmp_path: Path) -> None:
    result = run(cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("usage: coderstats")


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
# A terminal that is not UTF-8
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


@pytest.fixture(scope="module")
def not_utf8(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str], subprocess.CompletedProcess[bytes]]:
    """Every command of ON_ANY_TERMINAL run in every environment of NOT_UTF8."""
    assert SCRIPT.is_file(), f"{SCRIPT} not found; install the package with pip install -e ."
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LC_", "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONCOERCE"))
        and k not in ("LANG", "LANGUAGE", _data.DATA_ENV)
    }
    folders = {}
    for name in NOT_UTF8:
        folders[name] = tmp_path_factory.mktemp("terminal")
        (folders[name] / "dossier-ü").mkdir()
        (folders[name] / "dossier-ü" / "notes-é.txt").write_bytes(b"mine\n")

    def run(key: tuple[str, str]) -> subprocess.CompletedProcess[bytes]:
        env, command = key
        return subprocess.run(
            [str(SCRIPT), *ON_ANY_TERMINAL[command][0]],
            cwd=folders[env],
            env={**base, **NOT_UTF8[env]},
            capture_output=True,
            timeout=300,
            check=False,
        )

    keys = [(env, command) for env in NOT_UTF8 for command in ON_ANY_TERMINAL]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(keys, pool.map(run, keys), strict=True))


@pytest.mark.parametrize("command", ON_ANY_TERMINAL)
@pytest.mark.parametrize("env", NOT_UTF8)
def test_every_command_on_a_terminal_that_is_not_utf8(
    not_utf8: dict[tuple[str, str], subprocess.CompletedProcess[bytes]], env: str, command: str
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


def test_text_a_terminal_cannot_show_is_escaped(
    not_utf8: dict[tuple[str, str], subprocess.CompletedProcess[bytes]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, utf8, _ = main(capsys, "sources")
    assert "\u2014" in utf8  # the em dash between publisher and title
    ascii_out = not_utf8["PYTHONIOENCODING=ascii", "sources"].stdout.decode("ascii")
    assert "\\u2014" in ascii_out
    unescaped = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), ascii_out)
    assert unescaped == utf8  # the same text, only escaped
    wrote = not_utf8["PYTHONIOENCODING=ascii", "report"].stdout.decode("ascii").splitlines()
    assert wrote[-1] == "wrote rapport-\\xfc/index.md"
    # Without UTF-8 mode the folder name is written back as the bytes it was given in.
    wrote = not_utf8["LC_ALL=C without UTF-8 mode", "report"].stdout.splitlines()
    assert wrote[-1] == "wrote rapport-ü/index.md".encode()
    refused = not_utf8["PYTHONIOENCODING=ascii", "report refused"].stderr.decode("ascii")
    assert "--out dossier-\\xfc already holds files" in refused
    assert "(notes-\\xe9.txt)" in refused
