"""BLS occupational wages (OEWS) and employment projections for the codes of medical coders.

Medical coders are SOC 29-2072 "Medical records specialists" since the 2018 SOC. Before it they
sat in 29-2071 "Medical records and health information technicians" (May 2015-2018), and in
May 2019-2020 the OEWS used the hybrid code 29-2098, which holds them together with other
occupations. 29-9021 (health information technologists and medical registrars) and its hybrid
predecessor 29-9098 sit beside them. :data:`CODER_LINE` names, for each code, whether it is the
code that held medical coders in its years.

Two kinds of readers:

- :func:`load_oews` and :func:`load_projections` without a path return the shipped tables
  (``data/oews_national.csv``, ``data/projections.csv``), built from the publisher files by
  ``python -m coderstats._bls_build``;
- with a path they read a publisher file: an OEWS national workbook ``national_M20XX_dl.xlsx``
  (or its CSV export) or an Employment Projections CSV, and return the same tidy frame.

The OEWS markers become flags, never numbers: ``*`` (wage not available), ``**`` (employment
not available) and ``#`` (wage at or above the top code) leave the cell empty and are named in
the row's ``markers`` column (``"h_pct90=#;a_pct90=#"``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from coderstats._data import read_resource
from coderstats._readers import bad_cell
from coderstats.errors import InvalidInputError

__all__ = [
    "CODER_LINE",
    "CODES",
    "MARKERS",
    "OEWS_NUMBERS",
    "SOC_VINTAGE",
    "load_oews",
    "load_oews_states",
    "load_projections",
    "soc_vintage",
]

#: Every code that held medical coders or sat beside them, May 2015-2025.
CODES: tuple[str, ...] = ("29-2071", "29-2098", "29-9098", "29-2072", "29-9021")
#: Whether the code is the one that held medical coders in the years it was used.
CODER_LINE: dict[str, bool] = {
    "29-2071": True,
    "29-2098": True,
    "29-9098": False,
    "29-2072": True,
    "29-9021": False,
}
#: The classification each code belongs to.
SOC_VINTAGE: dict[str, str] = {
    "29-2071": "SOC 2010",
    "29-2098": "SOC 2018 hybrid",
    "29-9098": "SOC 2018 hybrid",
    "29-2072": "SOC 2018",
    "29-9021": "SOC 2018",
}
#: The OEWS markers and what the BLS says they mean.
MARKERS: dict[str, str] = {
    "*": "wage estimate not available",
    "**": "employment estimate not available",
    "#": "wage at or above the top code",
}
#: The numeric columns of an OEWS national file, as the tidy frame names them.
OEWS_NUMBERS: tuple[str, ...] = (
    "tot_emp",
    "emp_prse",
    "h_mean",
    "a_mean",
    "mean_prse",
    *(f"h_{p}" for p in ("pct10", "pct25", "median", "pct75", "pct90")),
    *(f"a_{p}" for p in ("pct10", "pct25", "median", "pct75", "pct90")),
)
_OEWS_NEEDS = ("occ_code", "occ_title", *OEWS_NUMBERS)
_OEWS_HELP = (
    "Give a BLS OEWS national file (national_M20XX_dl.xlsx from the OEWS 'All data' "
    "downloads, or its CSV export) with its header row intact."
)
_EP_HELP = (
    "Give the BLS Employment Projections occupation CSV (columns 'Occupation Title', "
    "'Occupation Code', 'Employment 20XX', ..., 'Median Annual Wage 20XX') as downloaded."
)


# --------------------------------------------------------------------------------------------
# Cells of a publisher file


def _sheet_rows(path: Path) -> tuple[list[list[Any]], str]:
    """Rows of the workbook's data sheet (the first ``national*`` sheet, else the first)."""
    from python_calamine import CalamineWorkbook  # imported here: only the readers need it

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for a broken file
        raise bad_cell(
            str(path), None, None, None, f"is not a readable workbook ({exc})", _OEWS_HELP
        ) from exc
    names = list(book.sheet_names)
    sheet = next((n for n in names if n.lower().startswith("national")), names[0])
    return book.get_sheet_by_name(sheet).to_python(), sheet


def read_cells(path: str | Path) -> tuple[list[str], list[list[Any]], list[int], str]:
    """Header, data rows, the line of each row and the sheet name of a workbook or CSV.

    A CSV is read as UTF-8 (a byte-order mark is dropped); a workbook through python-calamine.
    Cells keep their types: numbers of a workbook stay numbers, text stays text.
    """
    file = Path(path)
    if not file.is_file():
        raise bad_cell(str(file), None, None, None, "does not exist", "Check the path.")
    if file.suffix.lower() in {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}:
        rows, sheet = _sheet_rows(file)
        lines = list(range(2, len(rows) + 1))
    else:
        with file.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            rows, lines = [], []
            for row in reader:
                rows.append(list(row))
                lines.append(reader.line_num)
        lines = lines[1:]
        sheet = ""
    if not rows:
        raise bad_cell(str(file), None, None, None, "is empty", _OEWS_HELP)
    header = [str(c).strip() for c in rows[0]]
    return header, rows[1:], lines, sheet


def _columns(header: Sequence[str]) -> dict[str, int]:
    """Lower-cased column names to their first position (a repeated name keeps the first)."""
    found: dict[str, int] = {}
    for j, name in enumerate(header):
        found.setdefault(name.lower(), j)
    return found


def _code(cell: Any) -> str:
    """An occupation code as text: ``="29-2072"`` (a spreadsheet formula export) -> ``29-2072``."""
    return str(cell).strip().removeprefix("=").strip('"').strip()


def _number(cell: Any, where: tuple[str, int, str]) -> tuple[float, str]:
    """A numeric cell as ``(value, marker)``: a number and ``""``, or NaN and the marker."""
    if isinstance(cell, bool):
        raise bad_cell(*where, cell, "is not a number", _OEWS_HELP)
    if isinstance(cell, int | float):
        return float(cell), ""
    text = str(cell).strip()
    if text in MARKERS:
        return float("nan"), text
    try:
        return float(text.replace(",", "")), ""
    except ValueError:
        valid = ", ".join(f"{m!r} ({why})" for m, why in MARKERS.items())
        why = f"is neither a number nor a BLS marker ({valid})"
        raise bad_cell(*where, cell, why, _OEWS_HELP) from None


def soc_vintage(code: str, year: int) -> str:
    """The classification of a code: known for :data:`CODES`, else by the year of the file.

    OEWS used SOC 2010 to May 2018, a hybrid of SOC 2010 and 2018 in May 2019-2020 and SOC
    2018 from May 2021; the projections moved to 2018-based codes with the 2019-29 edition.

    Examples
    --------
    >>> soc_vintage("29-2098", 2019), soc_vintage("11-1031", 2015), soc_vintage("11-1031", 2024)
    ('SOC 2018 hybrid', 'SOC 2010', 'SOC 2018')
    """
    if code in SOC_VINTAGE:
        return SOC_VINTAGE[code]
    if year <= 2018:  # the last May year on SOC 2010
        return "SOC 2010"
    return "SOC 2018 hybrid" if year <= 2020 else "SOC 2018"


def _wanted(codes: Sequence[str]) -> set[str]:
    """The codes asked for, each checked to be a SOC code (``"29-2072"``)."""
    if isinstance(codes, str):
        codes = [codes]
    bad = [c for c in codes if not re.fullmatch(r"\d{2}-\d{4}", str(c))]
    if bad or not codes:
        msg = (
            f"codes {bad or list(codes)!r}: a SOC code is written as '29-2072'; give one or "
            f"more (the medical-records codes are {', '.join(CODES)})"
        )
        raise InvalidInputError(msg)
    return {str(c) for c in codes}


def _flag(cell: Any) -> bool:
    """The ANNUAL / HOURLY columns: ``TRUE`` where only that kind of wage is published."""
    return cell is True or str(cell).strip().upper() == "TRUE"


# --------------------------------------------------------------------------------------------
# OEWS national files


def _may_year(file: Path, sheet: str, year: int | None) -> int:
    if year is not None:
        return int(year)
    for text in (file.name, sheet):
        match = re.search(r"M(\d{4})", text)
        if match:
            return int(match.group(1))
    why = "names no May year (as national_M2023_dl.xlsx does)"
    raise bad_cell(str(file), None, None, None, why, "Pass the year: load_oews(path, year=2023).")


def _check_national(
    label: str, cols: dict[str, int], rows: list[list[Any]], lines: list[int]
) -> None:
    missing = [c for c in _OEWS_NEEDS if c not in cols]
    if missing:
        why = f"is not an OEWS national file: no column {', '.join(m.upper() for m in missing)}"
        raise bad_cell(label, 1, None, None, why, _OEWS_HELP)
    area = cols.get("area_title")
    if area is None:
        return
    for row, line in zip(rows, lines, strict=True):
        if len(row) > area and str(row[area]).strip() not in {"U.S.", ""}:
            why = "is an area of a state or metropolitan file, not 'U.S.' as in a national file"
            raise bad_cell(label, line, "AREA_TITLE", row[area], why, _OEWS_HELP)


def _oews_row(
    row: list[Any], cols: dict[str, int], where: tuple[str, int], may_year: int
) -> dict[str, Any]:
    code = _code(row[cols["occ_code"]])
    out: dict[str, Any] = {
        "occ_code": code,
        "occ_title": str(row[cols["occ_title"]]).strip(),
        "soc_vintage": soc_vintage(code, may_year),
        "coder_line": CODER_LINE.get(code, False),
    }
    markers = []
    for name in OEWS_NUMBERS:
        value, marker = _number(row[cols[name]], (*where, name.upper()))
        out[name] = value
        if marker:
            markers.append(f"{name}={marker}")
    out["annual_only"] = _flag(row[cols["annual"]]) if "annual" in cols else False
    out["hourly_only"] = _flag(row[cols["hourly"]]) if "hourly" in cols else False
    out["markers"] = ";".join(markers)
    return out


def _oews_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=list(_OEWS_COLUMNS))
    frame["may_year"] = frame["may_year"].astype("Int64")
    for name in ("occ_code", "occ_title", "soc_vintage", "markers", "source_file"):
        frame[name] = frame[name].astype("str")
    for name in ("coder_line", "annual_only", "hourly_only"):
        frame[name] = frame[name].astype("boolean")
    for name in OEWS_NUMBERS:
        frame[name] = frame[name].astype("float64")
    return frame


_OEWS_COLUMNS = (
    "may_year",
    "occ_code",
    "occ_title",
    "soc_vintage",
    "coder_line",
    *OEWS_NUMBERS,
    "annual_only",
    "hourly_only",
    "markers",
    "source_file",
)


def load_oews(
    path: str | Path | None = None, *, year: int | None = None, codes: Sequence[str] = CODES
) -> pd.DataFrame:
    """OEWS national wages of the medical-records codes: shipped, or read from a BLS file.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A BLS OEWS national file, ``national_M20XX_dl.xlsx`` or its CSV export. Without it,
        the shipped table (May 2015-2025).
    year : int, optional
        The May year of the file; by default read from its name or sheet (``M2023``).
    codes : sequence of str
        The occupation codes to keep (default :data:`CODES`); a file keeps those it has.

    Returns
    -------
    pandas.DataFrame
        One row per May year and code:

        ==================  =======  ======================================================
        column              dtype    meaning
        ==================  =======  ======================================================
        may_year            Int64    the May reference month's year
        occ_code            str      SOC code (29-2071, 29-2098, 29-9098, 29-2072, 29-9021)
        occ_title           str      the title as the file prints it
        soc_vintage         str      ``SOC 2010``, ``SOC 2018 hybrid`` or ``SOC 2018``
        coder_line          boolean  the code held medical coders that year
        tot_emp             float64  employment (jobs)
        emp_prse            float64  relative standard error of employment, percent
        h_mean, a_mean      float64  mean wage, USD per hour / per year
        mean_prse           float64  relative standard error of the mean wage, percent
        h_pct10 ... h_pct90 float64  hourly percentiles 10, 25, median, 75, 90 (USD)
        a_pct10 ... a_pct90 float64  annual percentiles (USD; BLS: hourly x 2,080)
        annual_only         boolean  BLS published only annual wages (ANNUAL = TRUE)
        hourly_only         boolean  BLS published only hourly wages (HOURLY = TRUE)
        markers             str      the BLS markers of the row, ``field=marker;...``;
                                     the field's value is then empty
        source_file         str      the publisher file the row was read from
        ==================  =======  ======================================================

    Raises
    ------
    DataIntegrityError
        For a file that is not an OEWS national file (missing columns, a state or area
        file), a file without the requested codes, or a numeric cell that is neither a
        number nor a BLS marker; the message names the file, line and field.

    Examples
    --------
    >>> oews = load_oews()
    >>> row = oews[(oews["may_year"] == 2023) & (oews["occ_code"] == "29-2072")]
    >>> float(row["a_median"].item()), float(row["tot_emp"].item())
    (48780.0, 185690.0)
    """
    if path is None:
        frame = read_resource("oews_national")
        frame["markers"] = frame["markers"].fillna("")  # no marker: an empty text, as read
        return frame[frame["occ_code"].isin(sorted(_wanted(codes)))].reset_index(drop=True)
    file = Path(path)
    header, rows, lines, sheet = read_cells(file)
    may_year = _may_year(file, sheet, year)
    cols = _columns(header)
    _check_national(str(file), cols, rows, lines)
    wanted = _wanted(codes)
    records = []
    for row, line in zip(rows, lines, strict=True):
        if len(row) > cols["occ_code"] and _code(row[cols["occ_code"]]) in wanted:
            record = _oews_row(row, cols, (str(file), line), may_year)
            records.append({"may_year": may_year, **record, "source_file": file.name})
    if not records:
        why = f"holds none of the codes {', '.join(sorted(wanted))}"
        raise bad_cell(str(file), None, None, None, why, _OEWS_HELP)
    return _oews_frame(records)


def load_oews_states() -> pd.DataFrame:
    """May 2023 state mean wages of medical records specialists (29-2072), as BLS publishes.

    Returns
    -------
    pandas.DataFrame
        Columns ``may_year`` (Int64), ``area_title`` (str, a state, DC, Guam, Puerto Rico or
        the Virgin Islands), ``occ_code`` (str), ``h_mean`` and ``a_mean`` (float64, USD
        per hour / per year), ``markers`` (str, as in :func:`load_oews`), ``source_file``.

    Notes
    -----
    **Means, not medians**: the only state figures the project holds are the hourly and annual
    mean wages of the BLS May 2023 state file; no employment, percentiles or RSEs.

    Examples
    --------
    >>> states = load_oews_states()
    >>> states.loc[states["area_title"] == "Alaska", "a_mean"].item()
    58900.0
    """
    frame = read_resource("oews_states")
    frame["markers"] = frame["markers"].fillna("")
    return frame


# --------------------------------------------------------------------------------------------
# Employment Projections


_EP_PATTERNS: dict[str, str] = {
    "occ_title": r"occupation title",
    "occ_code": r"(soc|occupation) code",
    "base_emp_thousands": r"employment (\d{4})( \(thousands\))?",
    "target_emp_thousands": r"employment (\d{4})( \(thousands\))?",
    "change_thousands": r"employment change, \d{4}-\d{4}( \(thousands\))?",
    "pct_change": r"employment (percent change, \d{4}-\d{4}|change, \d{4}-\d{4} \(percent\))",
    "annual_openings_thousands": r"occupational openings, \d{4}-\d{4} annual average.*",
    "median_wage": r"(median annual wage (\d{4})|(\d{4}) median annual wage)",
}
#: The wage flags of a projections table.
WAGE_FLAGS: dict[str, str] = {">=": "at or above the top code", "": "as published"}


def _ep_columns(label: str, header: list[str]) -> tuple[dict[str, int], int, int, int]:
    """Positions of the needed columns, the base and target years and the wage year."""
    found: dict[str, int] = {}
    for name, pattern in _EP_PATTERNS.items():
        hits = [j for j, h in enumerate(header) if re.fullmatch(pattern, h.strip(), re.I)]
        hits = [j for j in hits if j not in found.values()]
        if not hits:
            why = f"is not a BLS Employment Projections table: no column like {pattern!r}"
            raise bad_cell(label, 1, None, None, why, _EP_HELP)
        found[name] = hits[0]
    years = [
        int(y)
        for y in re.findall(
            r"\d{4}",
            " ".join(
                header[found[k]]
                for k in ("base_emp_thousands", "target_emp_thousands", "median_wage")
            ),
        )
    ]
    return found, years[0], years[1], years[2]


def _wage(cell: str, where: tuple[str, int, str]) -> tuple[float, str]:
    text = cell.strip()
    flag = ">=" if text.startswith(">=") else ""
    text = text.removeprefix(">=").replace(",", "").replace("$", "")
    if not text:
        return float("nan"), "not published"
    try:
        return float(text), flag
    except ValueError:
        raise bad_cell(*where, cell, "is not a wage", _EP_HELP) from None


def load_projections(
    path: str | Path | None = None, *, codes: Sequence[str] = CODES
) -> pd.DataFrame:
    """BLS Employment Projections of the medical-records codes: shipped, or from a BLS CSV.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The Employment Projections occupation CSV of one edition (as downloaded). Without
        it, the shipped table: every edition 2016-26 to 2024-34 the project holds.
    codes : sequence of str
        The occupation codes to keep (default :data:`CODES`).

    Returns
    -------
    pandas.DataFrame
        One row per edition and code: ``edition`` (``"2024-34"``), ``base_year``,
        ``target_year`` (Int64), ``occ_code``, ``occ_title``, ``soc_vintage`` (str),
        ``coder_line`` (boolean), ``base_emp_thousands``, ``target_emp_thousands``,
        ``change_thousands`` (thousands of jobs, as BLS publishes), ``pct_change``
        (percent), ``annual_openings_thousands`` (average per year), ``median_wage`` (USD
        per year), ``median_wage_year`` (Int64, the May year of the wage the file carries),
        ``median_wage_flag`` (``""``, ``">="`` at or above the top code, ``"not
        published"``), ``source``, ``source_file`` and ``note`` (str).

    Raises
    ------
    DataIntegrityError
        For a file that is not an Employment Projections table, without the codes, or with
        a cell that is not a number; the message names the file, line and field.

    Examples
    --------
    >>> ep = load_projections()
    >>> row = ep[(ep["edition"] == "2024-34") & (ep["occ_code"] == "29-2072")]
    >>> float(row["pct_change"].item()), float(row["annual_openings_thousands"].item())
    (7.1, 14.2)
    """
    if path is None:
        frame = read_resource("projections")
        for name in ("median_wage_flag", "note"):
            frame[name] = frame[name].fillna("")  # none: an empty text, as read
        return frame[frame["occ_code"].isin(sorted(_wanted(codes)))].reset_index(drop=True)
    file = Path(path)
    header, rows, lines, _ = read_cells(file)
    found, base, target, wage_year = _ep_columns(str(file), header)
    wanted = _wanted(codes)
    records = []
    for row, line in zip(rows, lines, strict=True):
        if len(row) != len(header) or _code(row[found["occ_code"]]) not in wanted:
            continue
        records.append(_ep_row(row, found, (str(file), line), (base, target, wage_year)))
    if not records:
        why = f"holds none of the codes {', '.join(codes)}"
        raise bad_cell(str(file), None, None, None, why, _EP_HELP)
    frame = pd.DataFrame.from_records(records)
    frame["source"] = "BLS Employment Projections, occupation table"
    frame["source_file"] = file.name
    frame["note"] = ""
    return _ep_typed(frame)


def _ep_row(
    row: list[Any], found: dict[str, int], where: tuple[str, int], years: tuple[int, int, int]
) -> dict[str, Any]:
    code = _code(row[found["occ_code"]])
    base, target, wage_year = years
    out: dict[str, Any] = {
        "edition": f"{base}-{target % 100:02d}",
        "base_year": base,
        "target_year": target,
        "occ_code": code,
        "occ_title": re.split(r"\s+\*", str(row[found["occ_title"]]))[0].strip(),
        "soc_vintage": soc_vintage(code, base),
        "coder_line": CODER_LINE.get(code, False),
    }
    for name in PROJECTION_COUNTS:
        value, marker = _number(row[found[name]], (*where, header_name(name)))
        if marker:
            raise bad_cell(*where, header_name(name), row[found[name]], "is not a number", _EP_HELP)
        out[name] = value
    wage, flag = _wage(str(row[found["median_wage"]]), (*where, "median annual wage"))
    out.update(median_wage=wage, median_wage_year=wage_year, median_wage_flag=flag)
    return out


def header_name(name: str) -> str:
    """The field as a message names it: ``pct_change`` -> ``percent change``."""
    return name.removesuffix("_thousands").replace("_", " ").replace("pct", "percent")


PROJECTION_COLUMNS: tuple[str, ...] = (
    "edition",
    "base_year",
    "target_year",
    "occ_code",
    "occ_title",
    "soc_vintage",
    "coder_line",
    "base_emp_thousands",
    "target_emp_thousands",
    "change_thousands",
    "pct_change",
    "annual_openings_thousands",
    "median_wage",
    "median_wage_year",
    "median_wage_flag",
    "source",
    "source_file",
    "note",
)


#: The numbers of a projections row (employment in thousands, change, openings).
PROJECTION_COUNTS = (
    "base_emp_thousands",
    "target_emp_thousands",
    "change_thousands",
    "pct_change",
    "annual_openings_thousands",
)
#: The years of a projections row.
PROJECTION_YEARS = ("base_year", "target_year", "median_wage_year")


def _ep_typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[list(PROJECTION_COLUMNS)].copy()
    for name in PROJECTION_YEARS:
        frame[name] = frame[name].astype("Int64")
    frame["coder_line"] = frame["coder_line"].astype("boolean")
    for name in PROJECTION_COLUMNS:
        if frame[name].dtype == object:
            frame[name] = frame[name].astype("str")
    return frame.reset_index(drop=True)
