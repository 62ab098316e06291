"""Build the shipped BLS tables from the cut of the publisher files kept in ``data-raw/bls``.

Two steps, each one command:

``python -m coderstats._bls_build cut FILE...``
    Cut publisher files (an OEWS national workbook or CSV export, the OEWS May 2023 state
    file, an Employment Projections CSV, the CPI-U monthly CSV) down to the rows of the
    medical-records codes (or, for CPI, the months from January 2000) and store the cut in
    ``data-raw/bls/``, every kept cell as the publisher file holds it.
``python -m coderstats._bls_build``
    Build ``data/oews_national.csv``, ``data/oews_states.csv``, ``data/projections.csv`` and
    ``data/cpi_u_monthly.csv`` from ``data-raw/bls/`` (``make data`` runs this and records the
    new hashes with ``coderstats check-data --update-hashes``).

A new edition is therefore: ``cut`` its file, then ``make data``.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from coderstats._data import atomic_write_files
from coderstats._readers import bad_cell
from coderstats.bls import (
    CODES,
    MARKERS,
    PROJECTION_COLUMNS,
    PROJECTION_COUNTS,
    PROJECTION_YEARS,
    load_oews,
    load_projections,
    read_cells,
)

__all__ = ["build_tables", "cut_file", "main"]

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data-raw" / "bls"
#: The archived Handbook figures of the 2018-28 edition, kept beside the projections cut.
OOH_ARCHIVED = "ooh_2018-28_archived_page.csv"
_CPI_START = "2000-01"


def _cell_text(cell: Any) -> str:
    """A cell as the CSV cut writes it: whole floats of a workbook without ``.0``."""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    return str(cell)


def _csv_bytes(rows: Iterable[Sequence[Any]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    for row in rows:
        writer.writerow([_cell_text(c) for c in row])
    return out.getvalue().encode("utf-8")


def _code_rows(path: Path, code_column: str) -> list[list[Any]]:
    """Header and the rows of :data:`~coderstats.bls.CODES` of a workbook or CSV."""
    header, rows, _, _ = read_cells(path)
    where = [j for j, h in enumerate(header) if h.lower() in {code_column, "soc code"}]
    if not where:
        raise bad_cell(str(path), 1, None, None, f"has no {code_column} column", "")
    j = where[0]
    keep = [r for r in rows if len(r) > j and str(r[j]).strip('=" ') in CODES]
    return [header, *keep]


def cut_file(path: str | Path, raw: Path = RAW) -> Path:
    """Cut one publisher file into ``raw``; return the path of the cut."""
    file = Path(path)
    name = file.name.lower()
    if name.startswith("national_m"):
        target = raw / "oews" / f"{file.stem}.csv"
        data = _csv_bytes(_code_rows(file, "occ_code"))
    elif name.startswith("state_m"):
        text = file.read_text(encoding="utf-8-sig")
        lines = text.splitlines()
        keep = [lines[0], *(line for line in lines[1:] if ";29-2072;" in line)]
        target = raw / "oews" / f"{file.stem}_29-2072.csv"
        data = ("\n".join(keep) + "\n").encode("utf-8")
    elif "employmentprojections" in name:
        target = raw / "projections" / f"{file.stem}.csv"
        data = _csv_bytes(_code_rows(file, "occupation code"))
    elif "cpi" in name:
        lines = file.read_text(encoding="utf-8").splitlines()
        keep = [lines[0], *(line for line in lines[1:] if line[:7] >= _CPI_START)]
        target = raw / "cpi" / f"{file.stem}_from_{_CPI_START}.csv"
        data = ("\n".join(keep) + "\n").encode("utf-8")
    else:
        why = (
            "is not a file this build knows (national_M*, state_M*, *EmploymentProjections*, *cpi*)"
        )
        raise bad_cell(str(file), None, None, None, why, "Rename it as BLS names it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_files({target: data})
    return target


# --------------------------------------------------------------------------------------------
# The tables


def _number_text(value: Any) -> str:
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _table_bytes(frame: pd.DataFrame) -> bytes:
    rows = [list(frame.columns)]
    rows += [[_number_text(v) for v in rec] for rec in frame.astype(object).itertuples(index=False)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def oews_national(raw: Path = RAW) -> pd.DataFrame:
    """Every OEWS national cut, May years ascending, codes in :data:`CODES` order."""
    frames = [load_oews(p) for p in sorted((raw / "oews").glob("national_M*.csv"))]
    frame = pd.concat(frames, ignore_index=True)
    order = {c: i for i, c in enumerate(CODES)}
    frame = frame.assign(_o=frame["occ_code"].map(order)).sort_values(["may_year", "_o"])
    return frame.drop(columns="_o").reset_index(drop=True)


def oews_states(raw: Path = RAW) -> pd.DataFrame:
    """The May 2023 state means of 29-2072 (the only state figures held)."""
    rows: list[dict[str, Any]] = []
    for path in sorted((raw / "oews").glob("state_M*_29-2072.csv")):
        year = int(re.search(r"M(\d{4})", path.name).group(1))  # type: ignore[union-attr]
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter=";")
            for rec in reader:
                rows.append(_state_row(rec, year, path, reader.line_num))
    return pd.DataFrame(rows)


def _state_row(rec: dict[str, str], year: int, path: Path, line: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "may_year": year,
        "area_title": rec["AREA_TITLE"].strip(),
        "occ_code": rec["OCC_CODE"],
        "occ_title": rec["OCC_TITLE"],
    }
    markers = []
    for field in ("H_MEAN", "A_MEAN"):
        text = rec[field].strip()
        if text in MARKERS:
            out[field.lower()] = float("nan")
            markers.append(f"{field.lower()}={text}")
            continue
        try:
            out[field.lower()] = float(text.replace(",", ""))
        except ValueError:
            raise bad_cell(str(path), line, field, text, "is not a wage", "") from None
    out["markers"] = ";".join(markers)
    out["source_file"] = path.name
    return out


def projections(raw: Path = RAW) -> pd.DataFrame:
    """Every projections edition cut, plus the archived Handbook figures of 2018-28."""
    folder = raw / "projections"
    frames = [load_projections(p) for p in sorted(folder.glob("*EmploymentProjections_*.csv"))]
    archived = pd.read_csv(folder / OOH_ARCHIVED, dtype=str, keep_default_na=False)
    for name in (*PROJECTION_COUNTS, "median_wage"):
        archived[name] = pd.to_numeric(archived[name].replace("", None)).astype("float64")
    for name in PROJECTION_YEARS:
        archived[name] = archived[name].astype("Int64")
    archived["coder_line"] = archived["coder_line"].eq("true").astype("boolean")
    frame = pd.concat([*frames, archived[list(PROJECTION_COLUMNS)]], ignore_index=True)
    return frame.sort_values(["base_year", "occ_code"]).reset_index(drop=True)


def cpi_monthly(raw: Path = RAW) -> pd.DataFrame:
    """CPI-U monthly index (CUUR0000SA0) from January 2000; months BLS did not publish absent."""
    (path,) = sorted((raw / "cpi").glob("*.csv"))
    src = pd.read_csv(path, dtype=str)
    dates = pd.to_datetime(src["Date"], format="%Y-%m-%d")
    return pd.DataFrame(
        {
            "year": dates.dt.year,
            "month": dates.dt.month,
            "series_id": "CUUR0000SA0",
            "cpi_u": src["Index"].astype(float),
        }
    )


def build_tables(raw: Path = RAW, data: Path = ROOT / "data") -> list[Path]:
    """Build the four BLS tables from ``raw`` into ``data``; return the files written."""
    tables = {
        "oews_national.csv": oews_national(raw),
        "oews_states.csv": oews_states(raw),
        "projections.csv": projections(raw),
        "cpi_u_monthly.csv": cpi_monthly(raw),
    }
    return atomic_write_files({data / n: _table_bytes(f) for n, f in tables.items()})


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``cut FILE...`` or, without arguments, build the tables."""
    parser = argparse.ArgumentParser(prog="python -m coderstats._bls_build")
    parser.add_argument("command", nargs="?", choices=["cut", "build"], default="build")
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--raw", type=Path, default=RAW)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args(argv)
    if args.command == "cut":
        for file in args.files:
            print(cut_file(file, args.raw))  # noqa: T201 - the command's report
        return 0
    for path in build_tables(args.raw, args.data):
        print(path)  # noqa: T201 - the command's report
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
