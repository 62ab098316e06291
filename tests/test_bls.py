"""coderstats.bls: OEWS and projections readers against the publisher files they read."""

from __future__ import annotations

import math
import shutil
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd
import pytest

from coderstats import bls
from coderstats.errors import DataIntegrityError, InvalidInputError

DATA = Path(__file__).parent / "data"
#: BLS OEWS national workbook, May 2023, as published (national_M2023_dl.xlsx).
OEWS_2023 = DATA / "national_M2023_dl.xlsx"
#: Header and the rows 11-0000, 11-1031 and 29-2071 of the May 2015 CSV export.
OEWS_2015_CUT = DATA / "national_M2015_dl_cut.csv"
#: Header, the first top-coded row (29-1211) and 29-9021, 29-2072 of the 2024-34 EP CSV.
EP_2024_CUT = DATA / "ep_EmploymentProjections_2024-34_cut.csv"

# The BLS figures of 29-2072 in the May 2023 national file (national_M2023_dl.xlsx).
MAY_2023_29_2072 = {
    "tot_emp": 185690.0,
    "emp_prse": 1.0,
    "h_mean": 25.81,
    "a_mean": 53690.0,
    "mean_prse": 0.4,
    "h_pct10": 16.87,
    "h_median": 23.45,
    "h_pct90": 37.41,
    "a_pct10": 35080.0,
    "a_pct25": 39620.0,
    "a_median": 48780.0,
    "a_pct75": 61960.0,
    "a_pct90": 77810.0,
}
# May median annual wage of the code that held medical coders, national files 2015-2025.
CODER_MEDIANS = {
    2015: ("29-2071", 37110.0),
    2016: ("29-2071", 38040.0),
    2017: ("29-2071", 39180.0),
    2018: ("29-2071", 40350.0),
    2019: ("29-2098", 42630.0),
    2020: ("29-2098", 44090.0),
    2021: ("29-2072", 46660.0),
    2022: ("29-2072", 47180.0),
    2023: ("29-2072", 48780.0),
    2024: ("29-2072", 50250.0),
    2025: ("29-2072", 51140.0),
}

_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _cell(ref: str, value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def write_xlsx(path: Path, rows: list[list[Any]], sheet: str = "national_M2023_dl") -> Path:
    """A one-sheet workbook holding ``rows`` (numbers as numbers, the rest as text)."""
    cols = [chr(ord("A") + i // 26 - 1) if i >= 26 else "" for i in range(64)]
    refs = [cols[i] + chr(ord("A") + i % 26) for i in range(64)]
    body = "".join(
        f'<row r="{r}">' + "".join(_cell(f"{refs[j]}{r}", v) for j, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PKG_NS}"><Relationship Id="rId1" Type="{_REL_NS}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_SHEET_NS}" xmlns:r="{_REL_NS}"><sheets><sheet '
            f'name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PKG_NS}"><Relationship Id="rId1" Type="{_REL_NS}/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_SHEET_NS}"><sheetData>{body}'
        "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)
    return path


def _publisher_rows(code: str = "29-2072") -> list[list[Any]]:
    """Header and one row of the May 2023 workbook, as python-calamine reads them."""
    header, rows, _, _ = bls.read_cells(OEWS_2023)
    return [list(header), next(r for r in rows if r[header.index("OCC_CODE")] == code)]


# --------------------------------------------------------------------------------------------
# OEWS national files


def test_the_publisher_workbook_reads_as_bls_prints_it() -> None:
    frame = bls.load_oews(OEWS_2023)
    assert frame["occ_code"].tolist() == ["29-2072", "29-9021"]
    row = frame.iloc[0]
    for field, value in MAY_2023_29_2072.items():
        assert row[field] == value, field
    assert row["may_year"] == 2023  # from the file name
    assert row["soc_vintage"] == "SOC 2018"
    assert bool(row["coder_line"])
    assert not bool(frame.iloc[1]["coder_line"])
    assert row["markers"] == ""
    assert row["source_file"] == "national_M2023_dl.xlsx"


def test_the_shipped_table_equals_the_publisher_workbook() -> None:
    shipped = bls.load_oews()
    may_2023 = shipped[shipped["may_year"] == 2023].reset_index(drop=True)
    read = bls.load_oews(OEWS_2023)
    cols = [c for c in read.columns if c != "source_file"]
    pd.testing.assert_frame_equal(may_2023[cols], read[cols])


def test_shipped_table_holds_every_may_year_and_the_code_of_coders() -> None:
    shipped = bls.load_oews()
    coders = shipped[shipped["coder_line"].astype(bool)]
    got = {int(y): (c, m) for y, c, m in coders[["may_year", "occ_code", "a_median"]].to_numpy()}
    assert got == CODER_MEDIANS
    beside = shipped[~shipped["coder_line"].astype(bool)]
    assert sorted(set(beside["occ_code"])) == ["29-9021", "29-9098"]
    assert dict(zip(shipped["occ_code"], shipped["soc_vintage"], strict=False)) == bls.SOC_VINTAGE
    assert shipped["tot_emp"].notna().all()
    assert (shipped["markers"] == "").all()


def test_a_csv_export_with_thousands_separators_and_markers() -> None:
    frame = bls.load_oews(OEWS_2015_CUT, year=2015, codes=["11-0000", "11-1031", "29-2071"])
    by_code = frame.set_index("occ_code")
    assert by_code.loc["11-0000", "tot_emp"] == 6_936_990.0
    assert by_code.loc["11-0000", "markers"] == "h_pct90=#;a_pct90=#"
    assert frame.loc[frame["occ_code"] == "11-0000", "a_pct90"].isna().all()
    assert by_code.loc["11-0000", "a_pct75"] == 143_950.0
    legislators = by_code.loc["11-1031"]
    hourly = ["h_mean", "h_pct10", "h_pct25", "h_median", "h_pct75", "h_pct90"]
    assert legislators["markers"] == ";".join(f"{f}=*" for f in hourly)
    assert legislators[hourly].isna().all()
    assert legislators["a_median"] == 20_500.0
    assert bool(legislators["annual_only"])
    assert not bool(legislators["hourly_only"])
    assert by_code.loc["29-2071", "a_median"] == 37_110.0
    assert by_code.loc["29-2071", "soc_vintage"] == "SOC 2010"


def test_every_marker_becomes_a_flag_in_a_workbook(tmp_path: Path) -> None:
    header, row = _publisher_rows()
    for marker in bls.MARKERS:
        edited = list(row)
        edited[header.index("TOT_EMP")] = marker
        edited[header.index("A_PCT90")] = marker
        path = write_xlsx(tmp_path / f"national_M2023_dl_{len(marker)}.xlsx", [header, edited])
        got = bls.load_oews(path).iloc[0]
        assert got["markers"] == f"tot_emp={marker};a_pct90={marker}"
        assert math.isnan(got["tot_emp"])
        assert math.isnan(got["a_pct90"])
        assert got["a_median"] == 48780.0


@pytest.mark.parametrize("value", ["n/a", "52k", "", True])
def test_a_numeric_cell_that_is_no_number_and_no_marker_is_refused(
    tmp_path: Path, value: Any
) -> None:
    header, row = _publisher_rows()
    row[header.index("A_MEDIAN")] = value
    path = write_xlsx(tmp_path / "national_M2023_dl.xlsx", [header, row])
    with pytest.raises(DataIntegrityError) as info:
        bls.load_oews(path)
    message = str(info.value)
    assert "national_M2023_dl.xlsx, line 2, field 'A_MEDIAN'" in message
    if isinstance(value, str):
        assert "neither a number nor a BLS marker" in message
        assert "'#' (wage at or above the top code)" in message


def test_a_file_that_is_not_an_oews_national_file(tmp_path: Path) -> None:
    with pytest.raises(DataIntegrityError, match=r"not an OEWS national file: no column OCC_CODE"):
        bls.load_oews(EP_2024_CUT, year=2024)
    header, row = _publisher_rows()
    state = list(row)
    state[header.index("AREA_TITLE")] = "Alabama"
    path = write_xlsx(tmp_path / "state_M2023_dl.xlsx", [header, state])
    with pytest.raises(DataIntegrityError, match=r"line 2, field 'AREA_TITLE': 'Alabama'"):
        bls.load_oews(path, year=2023)
    other = write_xlsx(tmp_path / "national_M2023_dl.xlsx", [header, _publisher_rows()[1]])
    with pytest.raises(DataIntegrityError, match=r"holds none of the codes 29-2071"):
        bls.load_oews(other, codes=["29-2071"])
    broken = tmp_path / "national_M2024_dl.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(DataIntegrityError, match=r"not a readable workbook"):
        bls.load_oews(broken)


def test_the_may_year_comes_from_the_name_or_the_argument(tmp_path: Path) -> None:
    copy = shutil.copy(OEWS_2023, tmp_path / "oews.xlsx")
    # The sheet is named national_M2023_dl: the year is found there.
    assert bls.load_oews(copy)["may_year"].unique().tolist() == [2023]
    plain = write_xlsx(tmp_path / "wages.xlsx", _publisher_rows(), sheet="data")
    with pytest.raises(DataIntegrityError, match=r"names no May year.*year=2023"):
        bls.load_oews(plain)
    assert bls.load_oews(plain, year=2023)["may_year"].tolist() == [2023]


def test_codes_are_checked() -> None:
    with pytest.raises(InvalidInputError, match=r"'292072'.*written as '29-2072'"):
        bls.load_oews(codes=["292072"])
    assert bls.load_oews(codes="29-9021")["may_year"].tolist() == [2021, 2022, 2023, 2024, 2025]
    with pytest.raises(DataIntegrityError, match=r"does not exist"):
        bls.load_oews(DATA / "national_M1999_dl.xlsx")


def test_the_may_2023_state_means() -> None:
    states = bls.load_oews_states()
    assert len(states) == 54  # 50 states, DC, Guam, Puerto Rico, Virgin Islands
    assert set(states["occ_code"]) == {"29-2072"}
    assert set(states["may_year"]) == {2023}
    alaska = states.set_index("area_title").loc["Alaska"]
    assert (alaska["h_mean"], alaska["a_mean"]) == (28.32, 58900.0)


# --------------------------------------------------------------------------------------------
# Employment Projections


def test_an_employment_projections_csv_reads_as_bls_prints_it() -> None:
    frame = bls.load_projections(EP_2024_CUT, codes=["29-2072", "29-9021", "29-1211"])
    row = frame.set_index("occ_code").loc["29-2072"]
    assert row["edition"] == "2024-34"
    assert (row["base_year"], row["target_year"], row["median_wage_year"]) == (2024, 2034, 2024)
    assert row["occ_title"] == "Medical records specialists"  # sample job titles left out
    figures = ["base_emp_thousands", "target_emp_thousands", "change_thousands", "pct_change"]
    coders = frame[frame["occ_code"] == "29-2072"]
    assert coders[figures].to_numpy().tolist() == [[194.8, 208.6, 13.8, 7.1]]
    assert (row["annual_openings_thousands"], row["median_wage"]) == (14.2, 50250.0)
    top = frame.set_index("occ_code").loc["29-1211"]
    assert (top["median_wage"], top["median_wage_flag"]) == (239200.0, ">=")
    assert top["soc_vintage"] == "SOC 2018"
    assert not bool(top["coder_line"])


def test_the_shipped_projections_equal_the_publisher_csv() -> None:
    shipped = bls.load_projections()
    read = bls.load_projections(EP_2024_CUT)
    edition = shipped[shipped["edition"] == "2024-34"].reset_index(drop=True)
    cols = [c for c in read.columns if c != "source_file"]
    pd.testing.assert_frame_equal(
        edition.sort_values("occ_code", ignore_index=True)[cols],
        read.sort_values("occ_code", ignore_index=True)[cols],
    )


def test_shipped_projections_hold_every_edition() -> None:
    shipped = bls.load_projections()
    editions = sorted(set(shipped["edition"]))
    assert editions == ["2016-26", "2018-28", "2019-29", "2020-30", "2021-31", "2022-32",
                        "2023-33", "2024-34"]  # fmt: skip
    archived = shipped[shipped["edition"] == "2018-28"].iloc[0]
    assert "archived" in archived["source"]
    assert "Handbook" in archived["source"]
    assert math.isnan(archived["annual_openings_thousands"])
    assert archived["note"]
    hybrid = shipped[shipped["edition"] == "2020-30"].set_index("occ_code")
    assert hybrid["annual_openings_thousands"].to_dict() == {"29-2098": 27.4, "29-9098": 6.9}


def test_a_file_that_is_not_a_projections_table(tmp_path: Path) -> None:
    with pytest.raises(DataIntegrityError, match=r"not a BLS Employment Projections table"):
        bls.load_projections(OEWS_2015_CUT)
    lines = EP_2024_CUT.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "ep.csv"
    bad.write_text("\n".join([lines[0], lines[-1].replace(",194.8,", ",n/a,")]) + "\n")
    with pytest.raises(DataIntegrityError, match=r"line 2, field 'base emp': 'n/a'"):
        bls.load_projections(bad)
    bad.write_text("\n".join(lines[:1]) + "\n")
    with pytest.raises(DataIntegrityError, match=r"holds none of the codes"):
        bls.load_projections(bad)
