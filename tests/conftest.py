"""Shared test fixtures: clean environment, disposable data copy, the report, the notebooks,
and the slow runs started early.

No test reaches the network: pytest-socket (configured in pyproject.toml) lets sockets connect
to loopback addresses and Unix sockets only.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from coderstats import _data

if TYPE_CHECKING:
    from nbformat import NotebookNode

# --------------------------------------------------------------------------------------------
# Data: every test sees the shipped tables unless it asks for a disposable copy.
# --------------------------------------------------------------------------------------------


def clear_data_caches() -> None:
    """Forget every table and descriptor read so far (they are cached per process)."""
    _data._read_checked.cache_clear()
    _data._load_descriptor.cache_clear()


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@pytest.fixture(autouse=True)
def _shipped_data_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ignore a ``CODERSTATS_DATA`` set in the caller's shell: tests check the shipped data."""
    monkeypatch.delenv(_data.DATA_ENV, raising=False)


@pytest.fixture(scope="session")
def shipped_data_dir() -> Path:
    """The shipped data folder (the installed copy, or the checkout's ``data/``)."""
    saved = os.environ.pop(_data.DATA_ENV, None)
    try:
        return _data.data_dir()
    finally:
        if saved is not None:
            os.environ[_data.DATA_ENV] = saved


@pytest.fixture(scope="session", autouse=True)
def _shipped_data_untouched(shipped_data_dir: Path) -> Iterator[None]:
    """Fail the session if any test changed a byte of the shipped data folder."""
    before = _digests(shipped_data_dir)
    yield
    after = _digests(shipped_data_dir)
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    assert not changed, f"tests modified the shipped data in {shipped_data_dir}: {changed}"


@pytest.fixture
def data_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shipped_data_dir: Path
) -> Iterator[Path]:
    """A writable copy of the shipped data folder that coderstats reads instead.

    Sets ``CODERSTATS_DATA`` to the copy (subprocesses inherit it) and clears the table caches
    before and after, so an edited copy never leaks into another test.
    """
    dest = tmp_path / "data"
    shutil.copytree(shipped_data_dir, dest)
    monkeypatch.setenv(_data.DATA_ENV, str(dest))
    clear_data_caches()
    yield dest
    clear_data_caches()


@pytest.fixture
def year_tables_built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the year tables indexed from now on (``YearTable.from_frame`` calls)."""
    from coderstats.reference import _core

    built: list[str] = []
    original = _core.YearTable.from_frame

    def spy(*args: Any, **kwargs: Any) -> _core.YearTable:
        built.append(str(kwargs["name"]))
        return original(*args, **kwargs)

    monkeypatch.setattr(_core.YearTable, "from_frame", spy)
    return built


@pytest.fixture
def edit_cell(data_copy: Path) -> Callable[[str, int, str, str], Path]:
    """Replace one cell of a table in the data copy, leaving every other byte alone.

    ``edit_cell(file, line, column, new)`` changes the cell of ``column`` on ``line`` (1 = the
    header) of ``file``; the row must be plain (no quoted cells before the edited one).
    """

    def edit(file: str, line: int, column: str, new: str) -> Path:
        path = data_copy / file
        lines = path.read_bytes().decode("utf-8").split("\n")
        header = lines[0].split(",")
        cells = lines[line - 1].split(",")
        cells[header.index(column)] = new
        lines[line - 1] = ",".join(cells)
        path.write_bytes("\n".join(lines).encode("utf-8"))
        return path

    return edit


# --------------------------------------------------------------------------------------------
# Slow runs started early. The report, the notebooks, the command runs of test_cli.py, the
# wheel and the runs at once of test_report.py are subprocesses and kernels: while one runs,
# this process waits. Started in two background threads as their tests are collected, they run
# beside the collection and the other tests here (the files whose tests wait for one run after
# the others), and a fixture that needs one takes its result, waiting only for what is left.
# --------------------------------------------------------------------------------------------

T = TypeVar("T")
#: A slow run: gets the session's Early and a new folder of its own, returns what its fixture
#: returns. It must not read os.environ or the working directory, which a test may be changing
#: meanwhile (it has ``early.environ``, and gives every subprocess its ``cwd``), nor touch
#: sys.stdout or other state of this process.
Job = Callable[["Early", Path], T]


class Early:
    """The session's slow runs, each started once: early in the background, or when needed.

    Two workers run the jobs started, the first waiting job by rank (then by start) first.
    """

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self.environ = dict(os.environ)  # as the session began
        self._tmp_path_factory = tmp_path_factory
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="early")
        self._started: dict[str, Future[Any]] = {}
        self._waiting: list[tuple[int, int, str, Job[Any], Path]] = []
        self._lock = threading.Lock()
        self._unwanted: set[str] = set()
        self._running = threading.local()
        self._stopping = threading.Event()

    def start(self, name: str, job: Job[Any]) -> None:
        """Start ``job`` in the background, for the fixture ``name`` (once)."""
        if name in self._started:
            return
        folder = self._folder(name)  # in this thread: mktemp is not thread-safe
        with self._lock:
            self._started[name] = Future()
            self._waiting.append((_rank(name), len(self._started), name, job, folder))
        self._pool.submit(self._run_next)

    def _run_next(self) -> None:
        """Run the first waiting job (each start submits one of these)."""
        with self._lock:
            if not self._waiting:
                return  # dropped
            entry = min(self._waiting, key=lambda waiting: waiting[:2])
            self._waiting.remove(entry)
        _, _, name, job, folder = entry
        future = self._started[name]
        if not future.set_running_or_notify_cancel():
            return
        self._running.name = name
        try:
            future.set_result(job(self, folder))
        except BaseException as exc:  # the fixture that takes the result raises it
            future.set_exception(exc)

    def keep_only(self, names: set[str]) -> None:
        """Drop the jobs not named (started for tests that were deselected since)."""
        with self._lock:
            self._unwanted |= self._started.keys() - names
            self._waiting = [entry for entry in self._waiting if entry[2] in names]

    def result(self, name: str, job: Job[T]) -> T:
        """What the fixture ``name`` returns: its early run's result, or ``job`` run now."""
        if name not in self._started or name in self._unwanted:
            return job(self, self._folder(name))
        result: T = self._started[name].result()
        return result

    def _folder(self, name: str) -> Path:
        return self._tmp_path_factory.mktemp(name.replace("/", "-"))

    def go_on(self) -> None:
        """Called by a job between its runs: stop if the session has ended (-x, Ctrl-C), or
        if no test of the session needs the job."""
        if self._stopping.is_set():
            raise RuntimeError("the test session ended")
        if getattr(self._running, "name", None) in self._unwanted:
            raise RuntimeError("no test of the session needs this run")

    def close(self) -> None:
        self._stopping.set()
        self._pool.shutdown(wait=True, cancel_futures=True)


#: Jobs of this file, by the fixture they serve; a test module may add its own as
#: ``START_EARLY = {fixture name: job}``. A fixture's runs may be split into parts, jobs named
#: ``fixture/part``, which the two workers share; the fixture takes each part's result.
_JOBS: dict[str, Job[Any]] = {}
#: Jobs that go first, in this order; the others follow in the order they were started (the
#: longest of a module first).
_FIRST = ("report", "runs", "executed_notebooks")
_EARLY = pytest.StashKey[Early]()


def _rank(job: str) -> int:
    return _FIRST.index(job) if job in _FIRST else len(_FIRST)


def _served(job: str) -> str:
    """The fixture a job serves (``fixture`` of ``fixture/part``)."""
    return job.partition("/")[0]


def _jobs(items: list[pytest.Item]) -> dict[str, Job[Any]]:
    """Every job of this file and of the modules of ``items``."""
    jobs: dict[str, Job[Any]] = {}
    for module in dict.fromkeys(getattr(item, "module", None) for item in items):
        jobs.update(getattr(module, "START_EARLY", {}))
    jobs.update(_JOBS)
    return jobs


def _early(config: pytest.Config) -> Early:
    """The session's Early, made when first needed."""
    if _EARLY not in config.stash:
        # What the tmp_path_factory fixture returns (pytest keeps it there), for a hook.
        factory: pytest.TempPathFactory = config._tmp_path_factory  # type: ignore[attr-defined]
        config.stash[_EARLY] = Early(factory)
    return config.stash[_EARLY]


def _may_deselect(config: pytest.Config) -> bool:
    """Whether tests may be deselected once collected (-k, -m, --deselect, --lf, --sw)."""
    options = ("collectonly", "keyword", "markexpr", "deselect", "lf", "stepwise")
    return any(config.getoption(option, None) for option in options)


def pytest_itemcollected(item: pytest.Item) -> None:
    """Start the jobs a test needs as soon as it is collected: they run while the other files
    are collected. Where tests may be deselected afterwards, they start when the tests to run
    are known (``early``), so as not to start a run no test needs."""
    if _may_deselect(item.config):
        return
    used = set(getattr(item, "fixturenames", ()))
    for name, job in _jobs([item]).items():
        if _served(name) in used:
            _early(item.config).start(name, job)


@pytest.fixture(scope="session", autouse=True)
def early(request: pytest.FixtureRequest) -> Iterator[Early]:
    """Start the jobs whose fixture a test of this session uses, before the first test runs,
    and drop those started for tests that are not run."""
    items = request.session.items
    used = {name for item in items for name in getattr(item, "fixturenames", ())}
    jobs = {name: job for name, job in _jobs(items).items() if _served(name) in used}
    runs = _early(request.config)
    runs.keep_only(set(jobs))
    for name, job in jobs.items():
        runs.start(name, job)
    yield runs
    runs.close()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stop the jobs of a session that ran no test (every test deselected, or an error)."""
    if _EARLY in session.config.stash:
        session.config.stash[_EARLY].close()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that read an early run (the installed script, ``make``, a notebook's kernel, a
    wheel built and installed) are end-to-end tests: marked ``e2e`` here, before ``-m`` selects.

    Tests marked ``late`` run after the others: they wait for an early run (the longest, or
    the only one their file needs).

    Before them, the files with a test that reads an early run's result run after the files
    with none (each file's tests together, in their order): this process runs tests meanwhile,
    rather than waiting for the runs as the session starts.
    """
    served = {_served(name) for name in _jobs(items)}
    for item in items:
        if served & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)

    def late(item: pytest.Item) -> bool:
        return item.get_closest_marker("late") is not None

    waits = {
        item.path
        for item in items
        if not late(item) and served & set(getattr(item, "fixturenames", ()))
    }

    def longest_first(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST.index(name) if name in LONGEST else len(LONGEST)

    items.sort(key=lambda item: (late(item), item.path in waits, longest_first(item)))


#: The test files that take longest, run first: pytest-xdist hands out whole files (--dist
#: loadfile), so that the workers finish together when the longest do not come last.
LONGEST = (
    "test_charts.py",
    "test_career_charts.py",
    "test_audit.py",
    "test_readers.py",
    "test_frames.py",
    "test_properties.py",
)


# --------------------------------------------------------------------------------------------
# The report, built once per session: the CLI, chart and report tests read the same folder.
# --------------------------------------------------------------------------------------------

SCRIPT = Path(sys.executable).parent / "coderstats"
MAKEFILE = Path(__file__).resolve().parents[1] / "Makefile"
#: What the ``report`` fixture puts into the folder between its two runs: a file and a folder
#: of a user's (None: a folder), and a damaged index.md, one of the report's own files.
USER_FILES: dict[str, bytes | None] = {"stale.csv": b"old\n", "sub": None}
DAMAGED_INDEX = b"an index the report wrote, to be replaced\n"


@dataclass
class ReportRuns:
    """Two runs of the report into the same folder, ``a/b/report`` of ``cwd``.

    The first runs the installed script, ``coderstats report --out a/b/report``, from ``cwd``;
    the second runs ``make report`` (the README's command, ``--out report/``) from ``a/b``.
    """

    out: Path  # the folder, after the second run
    stdout: str  # of the first run
    first: dict[str, bytes]  # tables and index of the first run
    parent: Path  # the folder the report sits in (a/b)
    cwd: Path  # where the first run ran
    second_stdout: str  # of the second run
    via_make: bool  # False when make is not installed: the second run is the script again
    user_files: dict[str, bytes | None]  # put into the folder between the runs (None: a folder)


def _report_runs(early: Early, here: Path) -> ReportRuns:
    assert SCRIPT.is_file(), f"{SCRIPT} not found; install the package with pip install -e ."
    env = {k: v for k, v in early.environ.items() if k != _data.DATA_ENV}

    def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        early.go_on()
        result = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=180, check=False
        )
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        assert result.stderr == "", (command, result.stderr)  # no warnings either
        return result

    first = run([str(SCRIPT), "report", "--out", "a/b/report"], here, env)
    out = here / "a" / "b" / "report"
    tables = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in {".csv", ".md"}}
    for name, content in USER_FILES.items():
        if content is None:
            (out / name).mkdir()
        else:
            (out / name).write_bytes(content)
    (out / "index.md").write_bytes(DAMAGED_INDEX)
    make = shutil.which("make", path=env.get("PATH"))
    if make is None:
        second = run([str(SCRIPT), "report", "--out", "report/"], out.parent, env)
    else:
        venv = SCRIPT.parent.parent
        # -o: use this virtual environment as it is (do not install into it). Without the
        # variables of an outer make (``make test``), which would change what make prints.
        command = [make, "-s", "--no-print-directory", "-f", str(MAKEFILE), f"VENV={venv}"]
        command += ["-o", str(venv / ".coderstats-runtime"), "report"]
        outer = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEFILES")
        second = run(command, out.parent, {k: v for k, v in env.items() if k not in outer})
    return ReportRuns(
        out=out,
        stdout=first.stdout,
        first=tables,
        parent=out.parent,
        cwd=here,
        second_stdout=second.stdout,
        via_make=make is not None,
        user_files=dict(USER_FILES),
    )


@pytest.fixture(scope="session")
def report(early: Early) -> ReportRuns:
    """Run the report twice into the same folder, whose parents did not exist at first.

    Between the runs a file and a subfolder of a user's are put into the folder and its
    index.md is damaged, so the second run shows that files the report did not write are kept
    and the report's own files are replaced. The second run is ``make report`` where make is
    installed, which also shows that the Makefile's target does the same. Tests only read the
    result.
    """
    return early.result("report", _report_runs)


_JOBS["report"] = _report_runs


# --------------------------------------------------------------------------------------------
# The notebooks, each executed once per session: one test per notebook checks that it ran, the
# figure checks read the outputs of the same run.
# --------------------------------------------------------------------------------------------

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
#: Seconds a notebook cell may take.
CELL_TIMEOUT = 60


@dataclass
class ExecutedNotebook:
    """A notebook after running it top to bottom in a fresh kernel, in the notebooks folder."""

    notebook: NotebookNode  # with the outputs of the cells that ran
    error: str | None  # why it stopped, or None when every cell ran


def _execute_notebooks(early: Early, _: Path) -> dict[str, ExecutedNotebook]:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    env = {k: v for k, v in early.environ.items() if k != _data.DATA_ENV}  # the shipped data

    async def execute(path: Path) -> ExecutedNotebook:
        notebook: NotebookNode = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
        client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3")
        try:
            await client.async_execute(cwd=str(NOTEBOOK_DIR), env=env)
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
            return ExecutedNotebook(notebook, f"{type(exc).__name__}: {exc}")
        return ExecutedNotebook(notebook, None)

    executed = {}
    for path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        early.go_on()
        # A loop of its own, closed after each notebook (in any thread).
        executed[path.name] = asyncio.run(execute(path))
    return executed


@pytest.fixture(scope="session")
def executed_notebooks(early: Early) -> dict[str, ExecutedNotebook]:
    """Every notebook of notebooks/ executed once (nbclient, a new python3 kernel each), by name.

    A notebook that fails or times out is kept with its error, for its own test to report;
    the committed files are only read.
    """
    return early.result("executed_notebooks", _execute_notebooks)


_JOBS["executed_notebooks"] = _execute_notebooks
