"""The report folder: written whole, never at the cost of a file the report did not write.

Most tests swap the report's content for three small files (``small_report``): the rules are
about the folder, not about what is drawn. The whole report is written by the session's
``report`` fixture (tests/conftest.py); the runs at once here write small reports too, in
processes of their own.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from coderstats import __version__, _data, cli, report
from coderstats.errors import CoderstatsError, ReportFolderError
from coderstats.report import MANIFEST, write_report

if TYPE_CHECKING:
    from conftest import Early

FIRST = {"a.csv": b"a,1\n", "b.svg": b"<svg/>", "index.md": b"# first\n"}
SECOND = {"a.csv": b"a,2\n", "c.png": b"\x89PNG", "index.md": b"# second\n"}


@pytest.fixture
def small_report(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, bytes]], None]:
    """Make the report write the given files (name -> bytes) instead of its charts and tables."""

    def use(files: dict[str, bytes]) -> None:
        monkeypatch.setattr(report, "_report_files", lambda _scope: dict(files))

    use(FIRST)
    return use


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file under ``folder`` (relative path -> bytes; None for a folder)."""
    return {
        str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


def manifest(folder: Path) -> dict[str, object]:
    record: dict[str, object] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return record


def user_files(folder: Path) -> None:
    """What a user keeps in a folder: a note, and a subfolder with a file."""
    (folder / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (folder / "drafts").mkdir()
    (folder / "drafts" / "a.csv").write_text("mine\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Where the report may go
# --------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("small_report")
def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "r"
    assert write_report(out) == [out / name for name in FIRST]
    assert snapshot(out) == {MANIFEST: (out / MANIFEST).read_bytes(), **FIRST}
    assert manifest(out) == {
        "generator": "coderstats report",
        "version": __version__,
        "complete": True,
        "files": list(FIRST),
    }


@pytest.mark.usefixtures("small_report")
def test_an_empty_folder_is_written_into(tmp_path: Path) -> None:
    out = tmp_path / "r"
    out.mkdir()
    write_report(out)
    assert {name: (out / name).read_bytes() for name in FIRST} == FIRST


@pytest.mark.usefixtures("small_report")
def test_a_folder_with_other_files_is_refused(tmp_path: Path) -> None:
    user_files(tmp_path)
    before = snapshot(tmp_path)
    with pytest.raises(ReportFolderError) as info:
        write_report(tmp_path)
    assert isinstance(info.value, CoderstatsError)
    message = str(info.value)
    assert message.startswith(str(tmp_path))
    assert "drafts, notes.txt" in message
    assert "choose an empty or new folder, or the folder of an earlier report" in message
    assert snapshot(tmp_path) == before


def test_an_earlier_report_keeps_the_files_added_to_it(
    tmp_path: Path, small_report: Callable[[dict[str, bytes]], None]
) -> None:
    out = tmp_path / "r"
    write_report(out)
    user_files(out)
    (out / "b.svg.bak").write_bytes(b"a copy I made")
    small_report(SECOND)
    write_report(out)
    files = snapshot(out)
    assert files["notes.txt"] == b"my notes\n"
    assert files["drafts"] is None
    assert files[str(Path("drafts") / "a.csv")] == b"mine\n"
    assert files["b.svg.bak"] == b"a copy I made"
    assert {name: files[name] for name in SECOND} == SECOND
    assert "b.svg" not in files  # the first report's, no longer written: removed
    assert manifest(out)["files"] == list(SECOND)
    assert not [name for name in files if name.endswith(".tmp")]


def test_a_removed_report_file_that_became_a_folder_stays(
    tmp_path: Path, small_report: Callable[[dict[str, bytes]], None]
) -> None:
    write_report(tmp_path)
    (tmp_path / "b.svg").unlink()
    (tmp_path / "b.svg").mkdir()  # the user's now, though the old manifest names it
    (tmp_path / "b.svg" / "x").write_bytes(b"x")
    small_report(SECOND)
    write_report(tmp_path)
    assert (tmp_path / "b.svg" / "x").read_bytes() == b"x"


@pytest.mark.usefixtures("small_report")
def test_a_folder_where_the_report_writes_a_file_is_refused(tmp_path: Path) -> None:
    write_report(tmp_path)
    (tmp_path / "index.md").unlink()
    (tmp_path / "index.md").mkdir()
    before = snapshot(tmp_path)
    with pytest.raises(ReportFolderError, match=r"folder named index\.md"):
        write_report(tmp_path)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[]", b'{"files": "a.csv"}', b'{"files": ["../victim.txt"]}'],
    ids=["not JSON", "a list", "files not a list", "a path outside"],
)
@pytest.mark.usefixtures("small_report")
def test_a_damaged_manifest_is_refused(tmp_path: Path, content: bytes) -> None:
    out = tmp_path / "r"
    out.mkdir()
    (tmp_path / "victim.txt").write_bytes(b"keep")
    (out / MANIFEST).write_bytes(content)
    (out / "a.csv").write_bytes(b"whose?")
    before = snapshot(tmp_path)
    with pytest.raises(ReportFolderError, match="damaged report manifest"):
        write_report(out)
    assert snapshot(tmp_path) == before


@pytest.mark.usefixtures("small_report")
def test_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "afile"
    target.write_bytes(b"keep me")
    with pytest.raises(ReportFolderError, match="exists and is not a folder"):
        write_report(target)
    assert snapshot(tmp_path) == {"afile": b"keep me"}


@pytest.mark.usefixtures("small_report")
def test_a_link_to_a_folder_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    assert write_report(link) == [link / name for name in FIRST]
    write_report(link)  # and again, now an earlier report
    assert link.is_symlink()
    assert link.readlink() == real
    assert {name: (real / name).read_bytes() for name in FIRST} == FIRST


@pytest.mark.usefixtures("small_report")
def test_a_dangling_link_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "gone", target_is_directory=True)
    with pytest.raises(ReportFolderError, match=r"symbolic link to .*gone, which does not exist"):
        write_report(link)
    assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link"]


@pytest.mark.usefixtures("small_report")
def test_a_link_to_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "afile").write_bytes(b"keep me")
    (tmp_path / "link").symlink_to(tmp_path / "afile")
    with pytest.raises(ReportFolderError, match="not a folder"):
        write_report(tmp_path / "link")
    assert (tmp_path / "afile").read_bytes() == b"keep me"


# --------------------------------------------------------------------------------------------
# A write that fails leaves the earlier report whole
# --------------------------------------------------------------------------------------------


def _fail_on_write(monkeypatch: pytest.MonkeyPatch, error: int, after: int) -> None:
    """Let ``after`` new files be written, then fail every further one with ``error``."""
    real = os.open
    made: list[str] = []

    def open_(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: int) -> int:
        if flags & os.O_CREAT:
            made.append(str(path))
            if len(made) > after:
                raise OSError(error, os.strerror(error), str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)


@pytest.mark.parametrize(
    ("error", "words"),
    [(errno.ENOSPC, "No space left on device"), (errno.EACCES, "Permission denied")],
    ids=["full disk", "read-only folder"],
)
@pytest.mark.parametrize("after", [0, 2], ids=["first file", "third file"])
def test_a_failed_write_keeps_the_earlier_report(
    tmp_path: Path,
    small_report: Callable[[dict[str, bytes]], None],
    monkeypatch: pytest.MonkeyPatch,
    error: int,
    words: str,
    after: int,
) -> None:
    write_report(tmp_path)
    user_files(tmp_path)
    before = snapshot(tmp_path)
    small_report(SECOND)
    _fail_on_write(monkeypatch, error, after)
    with pytest.raises(ReportFolderError) as info:
        write_report(tmp_path)
    assert info.value.__cause__ is not None
    message = str(info.value)
    assert message.startswith(f"{tmp_path}: writing the report failed ({words})")
    assert "as they were" in message
    assert snapshot(tmp_path) == before  # no half-written file, no temporary


def test_a_full_disk_at_the_fsync_keeps_the_earlier_report(
    tmp_path: Path,
    small_report: Callable[[dict[str, bytes]], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_report(tmp_path)
    before = snapshot(tmp_path)
    small_report(SECOND)
    calls: list[int] = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(ReportFolderError, match="No space left on device"):
        write_report(tmp_path)
    assert snapshot(tmp_path) == before


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes to read-only folders"
)
@pytest.mark.usefixtures("small_report")
def test_a_read_only_folder_keeps_the_earlier_report(tmp_path: Path) -> None:
    out = tmp_path / "r"
    write_report(out)
    before = snapshot(out)
    out.chmod(0o555)
    try:
        with pytest.raises(ReportFolderError, match="Permission denied"):
            write_report(out)
    finally:
        out.chmod(0o755)
    assert snapshot(out) == before


def test_a_full_disk_is_one_line_from_the_command(
    tmp_path: Path,
    small_report: Callable[[dict[str, bytes]], None],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "r"
    write_report(out)
    before = snapshot(out)
    small_report(SECOND)
    _fail_on_write(monkeypatch, errno.ENOSPC, after=1)
    code = cli.main(["report", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"coderstats report: error: --out {out}: writing the report")
    assert "No space left on device" in lines[0]
    assert snapshot(out) == before


def test_a_failure_while_drawing_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(_scope: object) -> dict[str, bytes]:
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(report, "_report_files", failing)
    with pytest.raises(RuntimeError, match="drawing failed"):
        write_report(tmp_path / "r")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------
# Two runs at once
# --------------------------------------------------------------------------------------------


#: ``coderstats report --out OUT`` (the command's own code, ``cli.main``), its report a few
#: files tagged with the run's name: the lock is about the folder, not about what is drawn.
#: Each run waits in its drawing step until the other has reached it too, so both go on to
#: write into the folder at the same time.
TWO_RUNS = """
import sys, time
from pathlib import Path
from coderstats import cli, report
out, tag, meeting = sys.argv[1], sys.argv[2], Path(sys.argv[3])
names = [f"chart{i}.svg" for i in range(4)] + [f"table{i}.csv" for i in range(8)] + ["index.md"]

def draw(_scope):
    (meeting / tag).touch()
    while len(list(meeting.iterdir())) < 2:  # the other run is drawing too
        time.sleep(0.01)
    return {name: f"{tag} {name}\\n".encode() * 4000 for name in names}

report._report_files = draw
sys.exit(cli.main(["report", "--out", out]))
"""


@dataclass
class AtOnce:
    """Processes run at the same time in ``folder`` (shipped data), writing into ``folder/r``."""

    folder: Path
    results: list[subprocess.CompletedProcess[str]]


def _at_once(early: Early, folder: Path, commands: list[list[str]]) -> AtOnce:
    """Start every command, then wait for each (the job of a test below)."""
    env = {k: v for k, v in early.environ.items() if k != _data.DATA_ENV}
    processes = [
        subprocess.Popen(
            command,
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    results = []
    try:
        for command, process in zip(commands, processes, strict=True):
            out, err = process.communicate(timeout=300)
            results.append(subprocess.CompletedProcess(command, process.returncode, out, err))
    finally:
        for process in processes:
            process.kill()  # one that hangs
            process.wait()
    return AtOnce(folder, results)


def _two_runs(early: Early, folder: Path) -> AtOnce:
    (folder / "meeting").mkdir()
    command = [sys.executable, "-c", TWO_RUNS, str(folder / "r")]
    return _at_once(early, folder, [[*command, f"run{k}", str(folder / "meeting")] for k in (0, 1)])


@pytest.fixture
def two_runs(early: Early) -> AtOnce:
    return early.result("two_runs", _two_runs)


def test_two_runs_at_once_leave_one_whole_report(two_runs: AtOnce) -> None:
    """Two processes run the report command into the same new folder at the same time."""
    out = two_runs.folder / "r"
    meeting = two_runs.folder / "meeting"
    results = two_runs.results
    assert sorted(p.name for p in meeting.iterdir()) == ["run0", "run1"]  # both drew at once
    names = [f"chart{i}.svg" for i in range(4)] + [f"table{i}.csv" for i in range(8)]
    names.append("index.md")
    for result in results:
        # The second run to reach the folder waits for the first, then replaces its report.
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert result.stdout.splitlines() == [f"wrote {out / name}" for name in names]
    listed = manifest(out)
    assert listed["complete"] is True
    files = listed["files"]
    assert files == names
    assert sorted(p.name for p in out.iterdir()) == sorted([*files, MANIFEST])  # no temporary
    contents = {name: (out / name).read_bytes() for name in names}
    tags = {data.split()[0] for data in contents.values()}
    assert len(tags) == 1, tags  # every file from the same run ...
    (tag,) = tags
    for name, data in contents.items():
        assert data == f"{tag.decode()} {name}\n".encode() * 4000, name  # ... and whole


#: A writer of small reports, tagged with its name, into one folder, again and again. Each
#: writer writes another set of names, so a mixed folder shows as files of two writers.
WRITER = """
import sys
from coderstats import report
out, tag, times = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = int(tag[1:])
names = [f"f{i:02d}.csv" for i in range(start, start + 12)] + ["index.md"]
report._report_files = lambda _scope: {name: f"{tag} {name}".encode() for name in names}
for _ in range(times):
    report.write_report(out)
"""


def _many_runs(early: Early, folder: Path) -> AtOnce:
    command = [sys.executable, "-c", WRITER, str(folder / "r")]
    return _at_once(early, folder, [[*command, f"w{k}", "25"] for k in range(3)])


@pytest.fixture
def many_runs(early: Early) -> AtOnce:
    return early.result("many_runs", _many_runs)


#: The runs at once start as the session starts (tests/conftest.py).
START_EARLY = {"two_runs": _two_runs, "many_runs": _many_runs}


def test_many_runs_at_once_never_mix_their_reports(many_runs: AtOnce) -> None:
    out = many_runs.folder / "r"
    for writer in many_runs.results:
        assert writer.returncode == 0, writer.stderr
    files = manifest(out)["files"]
    assert isinstance(files, list)
    assert sorted(p.name for p in out.iterdir()) == sorted([*files, MANIFEST])
    tags = {(out / name).read_text(encoding="utf-8").split()[0] for name in files}
    assert len(tags) == 1, tags  # every file from the same run
    (tag,) = tags
    start = int(tag[1:])
    assert files == [f"f{i:02d}.csv" for i in range(start, start + 12)] + ["index.md"]
