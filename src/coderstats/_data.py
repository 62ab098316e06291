"""Locate the shipped data folder and read its tables, checked against ``datapackage.json``.

The data package is the single description of every table: its fields, types and constraints,
its primary key, its sources and the sha256 of its file. :func:`read_resource` enforces that
description so that a hand-edited or corrupted CSV fails loudly (file, row, field) instead of
flowing into an analysis.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import secrets
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from coderstats._compat import as_text
from coderstats.errors import DataIntegrityError, DataNotFoundError

__all__ = [
    "atomic_write_bytes",
    "atomic_write_files",
    "atomic_write_text",
    "check_data",
    "data_dir",
    "datapackage",
    "read_resource",
    "resource_key",
    "resource_names",
    "sha256_of",
]

#: Environment variable that points coderstats at another copy of the data folder.
DATA_ENV = "CODERSTATS_DATA"
_DESCRIPTOR = "datapackage.json"


def _candidates() -> list[Path]:
    """Folders that may hold the data, in the order they are tried."""
    override = os.environ.get(DATA_ENV)
    if override:
        return [Path(override)]
    return list(_installed_and_checkout())


@lru_cache(maxsize=1)
def _installed_and_checkout() -> tuple[Path, Path]:
    # An installed wheel carries the tables inside the package (hatch force-include); a
    # source checkout (editable install) keeps them at the top of the repository.
    installed = Path(str(resources.files("coderstats") / "data"))
    return installed, Path(__file__).resolve().parents[2] / "data"


def data_dir() -> Path:
    """Return the folder holding ``datapackage.json`` and the tables.

    The installed copy is preferred; a source checkout's ``data/`` is the fallback. The
    ``CODERSTATS_DATA`` environment variable overrides both.

    Raises
    ------
    DataNotFoundError
        If no candidate folder holds ``datapackage.json``; the message lists where it looked.
    """
    tried = _candidates()
    for folder in tried:
        if (folder / _DESCRIPTOR).is_file():
            return folder
    where = ", ".join(str(p) for p in tried)
    msg = (
        f"coderstats data not found: no {_DESCRIPTOR} in {where}. Reinstall the package "
        f"(pip install coderstats) or set {DATA_ENV} to a folder holding the data package."
    )
    raise DataNotFoundError(msg)


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------------------------
# Writing files: never a half-written file in place of a whole one
# --------------------------------------------------------------------------------------------


def _temporary(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new hidden file beside ``path``, flushed to disk; return its path.

    The file gets the mode ``path`` has, or the usual mode of a new file (the umask applies).
    On any error the temporary is removed and the error re-raised.
    """
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # pragma: no cover - a clash of 32 random bits
            continue
        break
    try:
        with os.fdopen(fd, "wb") as fh:
            with contextlib.suppress(FileNotFoundError):
                os.fchmod(fh.fileno(), path.stat().st_mode & 0o7777)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def atomic_write_files(files: Mapping[Path, bytes]) -> list[Path]:
    """Write several files so that each is either its old content or its new one, whole.

    Every file is first written to a temporary file in its own folder (flushed and fsynced);
    only when all are written are they moved into place with :func:`os.replace`. An error while
    writing (a full disk, a read-only folder) leaves every target as it was and no temporary
    behind. Returns the paths written, in the order given.
    """
    written: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            written[path] = _temporary(path, data)
        for path, tmp in list(written.items()):
            tmp.replace(path)  # os.replace: atomic within one folder
            del written[path]
    finally:
        for tmp in written.values():
            tmp.unlink(missing_ok=True)
    return list(files)


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Replace ``path`` by ``data`` in one step: readers see the old file or the new one."""
    return atomic_write_files({Path(path): data})[0]


def atomic_write_text(path: Path, text: str) -> Path:
    """:func:`atomic_write_bytes` of ``text`` encoded as UTF-8 (line ends kept as given)."""
    return atomic_write_bytes(path, text.encode("utf-8"))


# --------------------------------------------------------------------------------------------
# The descriptor
# --------------------------------------------------------------------------------------------


def _shape_error(descriptor: object) -> str | None:
    """What makes a parsed ``datapackage.json`` unusable as this package's data package."""
    if not isinstance(descriptor, dict):
        return f"the top level is a JSON {type(descriptor).__name__}, not an object"
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return "it has no 'resources' list"
    for i, res in enumerate(resources):
        if not isinstance(res, dict):
            return f"resources[{i}] is not an object"
        problem = _resource_shape_error(res, f"resource {res.get('name', i)!r}")
        if problem is not None:
            return problem
    return None


def _resource_shape_error(res: dict[str, Any], where: str) -> str | None:
    """What makes one resource of the descriptor unusable: texts, lists, its schema."""
    for key in ("name", "path"):
        if not isinstance(res.get(key), str):
            return f"{where} has no {key!r} text"
    for key in ("licenses", "sources"):
        items = res.get(key, [])
        if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
            return f"{where}: {key!r} is not a list of objects"
    schema = res.get("schema")
    if not isinstance(schema, dict):
        return f"{where} has no 'schema' object"
    fields = schema.get("fields")
    if not isinstance(fields, list):
        return f"{where}: the schema's 'fields' is not a list"
    for j, field in enumerate(fields):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            return f"{where}: schema field {j} is not an object with a 'name'"
        if not isinstance(field.get("constraints", {}), dict):
            return f"{where}: the 'constraints' of field {field['name']!r} is not an object"
    return None


@lru_cache(maxsize=8)
def _load_descriptor(path: Path, text: str) -> dict[str, Any]:
    # Keyed on the content, not the mtime: an edit that keeps the size and lands within the
    # file system's timestamp granularity must not be served from the cache.
    try:
        descriptor: dict[str, Any] = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = (
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Restore the file from the package or the repository."
        )
        raise DataIntegrityError(msg) from exc
    problem = _shape_error(descriptor)
    if problem is not None:
        msg = (
            f"{path}: not a data package ({problem}). Restore the file from the package or "
            "the repository."
        )
        raise DataIntegrityError(msg)
    return descriptor


def datapackage() -> dict[str, Any]:
    """The parsed ``datapackage.json`` (a fresh copy; editing it changes nothing)."""
    return json.loads(json.dumps(_shared_descriptor()))  # type: ignore[no-any-return]


def _shared_descriptor() -> dict[str, Any]:
    """The parsed descriptor, shared between calls (never modify it).

    The file is read on every call and parsed only when its text changed (see
    :func:`_load_descriptor`).
    """
    path = data_dir() / _DESCRIPTOR
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        msg = (
            f"{path}: not UTF-8 text ({exc}). Restore the file from the package or the repository."
        )
        raise DataIntegrityError(msg) from exc
    return _load_descriptor(path, text)


def generation() -> tuple[str, int, int, int]:
    """Which version of the data folder is in use: its path and its descriptor's file stat.

    Cheap (two stats): results worked out from the shipped tables can be remembered under it.
    Changing a table means recording its new hash in ``datapackage.json``
    (``coderstats check-data --update-hashes``), which rewrites the descriptor and so changes
    this value.
    """
    override = os.environ.get(DATA_ENV)
    for folder in (override,) if override else _installed_and_checkout_text():
        try:  # plain strings and os.stat: this runs on every remembered conversion
            stat = os.stat(os.path.join(folder, _DESCRIPTOR))  # noqa: PTH116, PTH118
        except OSError:
            continue
        return folder, stat.st_ino, stat.st_mtime_ns, stat.st_size
    data_dir()  # raises the error that says where it looked
    raise AssertionError  # pragma: no cover - data_dir() found nothing either


@lru_cache(maxsize=1)
def _installed_and_checkout_text() -> tuple[str, ...]:
    return tuple(str(folder) for folder in _installed_and_checkout())


def resource_names() -> list[str]:
    """Names of the tables in the data package, in descriptor order."""
    return [r["name"] for r in _shared_descriptor()["resources"]]


def _resource(name: str) -> dict[str, Any]:
    for res in _shared_descriptor()["resources"]:
        if res["name"] == name:
            return res  # type: ignore[no-any-return]
    valid = ", ".join(resource_names())
    msg = f"no table named {name!r} in the data package; valid names: {valid}"
    raise DataNotFoundError(msg)


def resource_key(name: str) -> tuple[str, str]:
    """``(data folder, recorded sha256)`` of a table: a cache key that changes with its content.

    :func:`read_resource` refuses a file whose bytes do not match the sha256 recorded in
    ``datapackage.json``, so two reads under the same key see the same table. Modules that
    index a table keep the index in a cache keyed on this pair instead of re-reading the file.

    Raises
    ------
    DataNotFoundError
        If the data folder or the table is missing from the data package.
    """
    folder = data_dir()
    return str(folder), str(_resource(name).get("hash", ""))


def read_resource(name: str, *, check_hash: bool = True) -> pd.DataFrame:
    """Read one table of the data package, validated and typed.

    Returns a new frame on every call. Integers become ``Int64``, numbers ``float64``,
    strings ``str``, booleans ``boolean``, dates ``datetime64``; missing cells stay missing.

    Raises
    ------
    DataIntegrityError
        If the file's sha256 differs from the descriptor or a cell breaks the schema; the
        message names the file, the row (line number in the file) and the field.
    DataNotFoundError
        If the data folder or the table's file is missing.
    """
    folder = data_dir()
    res = _resource(name)
    path = folder / res["path"]
    if not path.is_file():
        msg = (
            f"table {name!r}: file {path} is missing. Restore it from the package or the "
            "repository."
        )
        raise DataNotFoundError(msg)
    frame = _read_checked(path, path.read_bytes(), json.dumps(res), check_hash)
    return frame.copy(deep=True)


@lru_cache(maxsize=32)
def _read_checked(path: Path, raw: bytes, res_json: str, check_hash: bool) -> pd.DataFrame:
    # Keyed on the file's bytes (not its mtime) so that any edit is seen on the next read.
    res = json.loads(res_json)
    schema = res["schema"]
    frame = _parse(path, raw, schema)
    if check_hash:
        expected = str(res.get("hash", "")).removeprefix("sha256:")
        actual = hashlib.sha256(raw).hexdigest()
        if expected != actual:
            msg = (
                f"{path}: sha256 {actual} does not match {expected or '(none)'} recorded in "
                f"{_DESCRIPTOR}. If you edited the table on purpose, run `coderstats check-data "
                "--update-hashes`; otherwise restore the file."
            )
            raise DataIntegrityError(msg)
    return frame


_INT = re.compile(r"^[+-]?\d+$")
_YEAR = re.compile(r"^\d{4}$")
_BOOL = {"true": True, "false": False}


def _fail(path: Path, line: int, field: str, value: str, why: str) -> DataIntegrityError:
    return DataIntegrityError(
        f"{path.name}, row {line} (line {line} of {path}), field {field!r}: value {value!r} {why}. "
        "Fix the cell or restore the file from the package or the repository."
    )


def _split_rows(path: Path, text: str) -> tuple[list[list[str]], list[int]]:
    """CSV records and the line each starts on (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    starts: list[int] = []
    line = 1
    try:
        for row in reader:
            rows.append(row)
            starts.append(line)
            line = reader.line_num + 1
    except csv.Error as exc:
        msg = f"{path}, line {reader.line_num}: not a readable CSV ({exc}); restore the file."
        raise DataIntegrityError(msg) from exc
    if not rows:
        msg = f"{path}: the file is empty; restore it from the package or the repository."
        raise DataIntegrityError(msg)
    return rows, starts


def _parse(path: Path, raw: bytes, schema: dict[str, Any]) -> pd.DataFrame:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = f"{path}: not UTF-8 text ({exc}); restore the file."
        raise DataIntegrityError(msg) from exc
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    rows, starts = _split_rows(path, text)
    header = rows[0]
    if header != names:
        msg = (
            f"{path}, row 1 (header): columns {header} differ from the schema's {names}. "
            "Restore the header or update datapackage.json."
        )
        raise DataIntegrityError(msg)
    # A stray or missing comma would otherwise shift or pad cells silently.
    widths = np.fromiter(map(len, rows), int, len(rows))
    wrong = np.flatnonzero(widths != len(names))
    if wrong.size:
        i = int(wrong[0])
        msg = (
            f"{path.name}, row {starts[i]} (line {starts[i]} of {path}): "
            + ("the row is blank" if widths[i] == 0 else f"{widths[i]} cells")
            + f" where the header has {len(names)} ({', '.join(names)}). Fix the row (a "
            "thousands separator or a stray comma?) or restore the file."
        )
        raise DataIntegrityError(msg)
    cells = np.array(rows[1:], dtype=object).reshape(len(rows) - 1, len(names))
    missing_tokens = set(schema.get("missingValues", [""]))
    lines = np.array(starts[1:], dtype=int)
    out: dict[str, Any] = {}
    for j, field in enumerate(fields):
        fname = field["name"]
        col = cells[:, j]
        is_missing = np.fromiter((v in missing_tokens for v in col), bool, len(col))
        cons = field.get("constraints", {})
        if cons.get("required") and is_missing.any():
            i = int(np.argmax(is_missing))
            raise _fail(path, int(lines[i]), fname, str(col[i]), "is missing but required")
        out[fname] = _typed(path, fname, field, col, is_missing, lines)
        _check_constraints(path, fname, field, col, out[fname], is_missing, lines)
    frame = pd.DataFrame(out)
    key = schema.get("primaryKey")
    if key:
        keys = [key] if isinstance(key, str) else list(key)
        dup = frame.duplicated(subset=keys, keep="first").to_numpy()
        if dup.any():
            i = int(np.argmax(dup))
            value = ", ".join(str(cells[i, names.index(k)]) for k in keys)
            raise _fail(path, int(lines[i]), "+".join(keys), value, "repeats the primary key")
    return frame


def _typed(
    path: Path,
    fname: str,
    field: dict[str, Any],
    col: np.ndarray[Any, Any],
    is_missing: np.ndarray[Any, Any],
    lines: np.ndarray[Any, Any],
) -> pd.Series[Any]:
    kind = field.get("type", "string")
    present = ~is_missing
    if kind in ("integer", "year"):
        pattern = _INT if kind == "integer" else _YEAR
        bad = present & ~np.fromiter((bool(pattern.match(v)) for v in col), bool, len(col))
        if bad.any():
            i = int(np.argmax(bad))
            raise _fail(path, int(lines[i]), fname, str(col[i]), f"is not a valid {kind}")
        values = [int(v) if ok else None for v, ok in zip(col, present, strict=True)]
        return pd.Series(values, dtype="Int64")
    if kind == "number":
        values_f = np.full(len(col), np.nan)
        for k in np.flatnonzero(present):
            try:
                values_f[k] = float(col[k])
            except ValueError:
                raise _fail(path, int(lines[k]), fname, str(col[k]), "is not a number") from None
            if not np.isfinite(values_f[k]):
                raise _fail(path, int(lines[k]), fname, str(col[k]), "is not a finite number")
        return pd.Series(values_f, dtype="float64")
    if kind == "boolean":
        bad = present & ~np.fromiter((v in _BOOL for v in col), bool, len(col))
        if bad.any():
            i = int(np.argmax(bad))
            raise _fail(path, int(lines[i]), fname, str(col[i]), "is not true or false")
        return pd.Series(
            [_BOOL[v] if ok else None for v, ok in zip(col, present, strict=True)],
            dtype="boolean",
        )
    masked = pd.Series(col, dtype=object).where(present)  # missing cells become NaN
    if kind == "date":
        parsed = pd.to_datetime(masked, errors="coerce")
        bad = present & parsed.isna().to_numpy()
        if bad.any():
            i = int(np.argmax(bad))
            raise _fail(path, int(lines[i]), fname, str(col[i]), "is not an ISO date")
        return parsed
    return as_text(masked)


def _check_constraints(
    path: Path,
    fname: str,
    field: dict[str, Any],
    col: np.ndarray[Any, Any],
    typed: pd.Series[Any],
    is_missing: np.ndarray[Any, Any],
    lines: np.ndarray[Any, Any],
) -> None:
    cons = field.get("constraints", {})
    present = ~is_missing
    if "enum" in cons:
        allowed = {str(v) for v in cons["enum"]}
        bad = present & ~np.fromiter((v in allowed for v in col), bool, len(col))
        if bad.any():
            i = int(np.argmax(bad))
            valid = ", ".join(sorted(allowed))
            raise _fail(path, int(lines[i]), fname, str(col[i]), f"is not one of: {valid}")
    if "pattern" in cons:
        rx = re.compile(cons["pattern"])
        bad = present & ~np.fromiter((bool(rx.fullmatch(v)) for v in col), bool, len(col))
        if bad.any():
            i = int(np.argmax(bad))
            why = f"does not match the pattern {cons['pattern']}"
            raise _fail(path, int(lines[i]), fname, str(col[i]), why)
    # Text columns are "str" on pandas 3 and object on pandas 2.2/2.3.
    text = pd.api.types.is_string_dtype(typed.dtype) or typed.dtype == object
    numeric = None if text else typed.to_numpy(dtype="float64", na_value=np.nan)
    for bound, op, word in (("minimum", np.less, "below"), ("maximum", np.greater, "above")):
        if bound in cons and numeric is not None:
            bad = present & op(
                numeric, float(cons[bound]), where=present, out=np.zeros_like(present)
            )
            if bad.any():
                i = int(np.argmax(bad))
                why = f"is {word} the {bound} {cons[bound]}"
                raise _fail(path, int(lines[i]), fname, str(col[i]), why)
    if cons.get("unique"):
        dup = pd.Series(col).where(present).duplicated(keep="first").to_numpy() & present
        if dup.any():
            i = int(np.argmax(dup))
            raise _fail(path, int(lines[i]), fname, str(col[i]), "repeats a unique value")


def check_data(*, update_hashes: bool = False) -> list[str]:
    """Validate every table of the data package; optionally record new sha256 hashes.

    With ``update_hashes=True`` each table is first checked against its schema, then its
    current sha256 is written into ``datapackage.json`` (use this after editing a table on
    purpose). Returns one line per table saying what was checked.

    Raises
    ------
    DataIntegrityError
        The first table that fails its schema (or, without ``update_hashes``, its hash).
    """
    folder = data_dir()
    report: list[str] = []
    descriptor_path = folder / _DESCRIPTOR
    descriptor = datapackage()
    changed = False
    for res in descriptor["resources"]:
        name = res["name"]
        frame = read_resource(name, check_hash=not update_hashes)
        digest = sha256_of(folder / res["path"])
        if update_hashes and res.get("hash") != f"sha256:{digest}":
            res["hash"] = f"sha256:{digest}"
            res["bytes"] = (folder / res["path"]).stat().st_size
            changed = True
            report.append(f"{name}: {len(frame)} rows valid; hash updated to sha256:{digest}")
        else:
            report.append(f"{name}: {len(frame)} rows valid; sha256 matches")
    if changed:
        atomic_write_text(
            descriptor_path, json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
        )
    return report
