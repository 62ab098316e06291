"""coderstats._bls_build: the shipped BLS tables are what the build makes from the cuts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from coderstats import _bls_build, _data
from coderstats.errors import DataIntegrityError

DATA = Path(__file__).parent / "data"
TABLES = ["oews_national.csv", "oews_states.csv", "projections.csv", "cpi_u_monthly.csv"]

pytestmark = pytest.mark.skipif(
    not _bls_build.RAW.is_dir(), reason="not a source checkout: no data-raw/bls to build from"
)


def test_the_build_makes_the_shipped_tables_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _bls_build.main(["build", "--raw", str(_bls_build.RAW), "--data", str(tmp_path)]) == 0
    printed = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in printed) == sorted(TABLES)
    shipped = _data.data_dir()
    for name in TABLES:
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


def test_cutting_the_publisher_workbook_gives_the_stored_cut(tmp_path: Path) -> None:
    cut = _bls_build.cut_file(DATA / "national_M2023_dl.xlsx", tmp_path)
    assert cut == tmp_path / "oews" / "national_M2023_dl.csv"
    stored = _bls_build.RAW / "oews" / "national_M2023_dl.csv"
    assert cut.read_bytes() == stored.read_bytes()
    lines = cut.read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[8] for line in lines] == ["OCC_CODE", "29-2072", "29-9021"]


def test_a_new_edition_is_one_cut_and_one_build(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    for sub in ("oews", "projections", "cpi"):
        (raw / sub).mkdir(parents=True)
        for path in (_bls_build.RAW / sub).iterdir():
            (raw / sub / path.name).write_bytes(path.read_bytes())
    ep = (DATA / "ep_EmploymentProjections_2024-34_cut.csv").read_text(encoding="utf-8")
    newer = tmp_path / "ep_EmploymentProjections_2025-35.csv"
    newer.write_text(ep.replace("2024", "2025").replace("2034", "2035"), encoding="utf-8")
    _bls_build.cut_file(newer, raw)
    (tmp_path / "data").mkdir()
    _bls_build.build_tables(raw, tmp_path / "data")
    built = pd.read_csv(tmp_path / "data" / "projections.csv", dtype={"occ_code": str})
    assert built["edition"].iloc[-2:].tolist() == ["2025-35", "2025-35"]
    assert len(built) == len(pd.read_csv(_data.data_dir() / "projections.csv")) + 2


def test_october_2025_has_no_cpi_row() -> None:
    months = _bls_build.cpi_monthly()
    y2025 = months[months["year"] == 2025]
    assert y2025["month"].tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12]
    first = months.iloc[0]
    assert (first["year"], first["month"], first["cpi_u"]) == (2000, 1, 168.8)


def test_a_file_the_build_does_not_know(tmp_path: Path) -> None:
    odd = tmp_path / "wages.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataIntegrityError, match=r"not a file this build knows"):
        _bls_build.cut_file(odd, tmp_path)
