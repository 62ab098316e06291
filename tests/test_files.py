"""convert_file: Parquet or CSV of any size, batch by batch, written atomically."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from coderstats import convert
from coderstats.errors import InvalidAmountError, InvalidInputError
from coderstats.files import convert_file

pytest.importorskip("pyarrow")

PAY = pd.DataFrame(
    {
        "pay": [25_000.0, 30_000.0, 1.0e6, None, 40_000.0],
        "cur": ["GBP", "EUR", "INR", "GBP", "USD"],
        "yr": [2024, 2023, 2024, 2024, 2022],
    }
)


def _expected(frame: pd.DataFrame, **options: object) -> pd.DataFrame:
    out = convert(frame, amount="pay", currency="cur", year="yr", **options)  # type: ignore[arg-type]
    labels = [c for c in out.columns if isinstance(out[c].dtype, pd.CategoricalDtype)]
    return out.astype(dict.fromkeys(labels, object)).reset_index(drop=True)


def _read(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path).astype({"basis_market": object, "fallback_market": object})


def test_a_folder_of_parquet_and_csv_in_small_batches_gives_what_convert_gives(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    PAY.iloc[:3].to_parquet(folder / "a.parquet")
    PAY.iloc[3:].to_csv(folder / "b.csv", index=False)
    out = tmp_path / "out.parquet"
    rows = convert_file(folder, out, amount="pay", currency="cur", year="yr", batch_rows=2)
    assert rows == 5
    got = _read(out)
    pd.testing.assert_frame_equal(got, _expected(PAY), check_dtype=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.parquet"]


def test_an_error_names_the_file_and_the_row_and_leaves_no_file(tmp_path: Path) -> None:
    bad = PAY.assign(pay=[1.0, 2.0, 3.0, -4.0, 5.0])
    bad.to_parquet(tmp_path / "pay.parquet")
    with pytest.raises(InvalidAmountError, match=r"pay\.parquet: 1 of 2 rows .*labels 3\]"):
        convert_file(
            tmp_path / "pay.parquet",
            tmp_path / "out.parquet",
            amount="pay",
            currency="cur",
            year="yr",
            batch_rows=3,
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pay.parquet"]


def test_a_file_it_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    PAY.to_parquet(tmp_path / "pay.parquet")
    theirs = tmp_path / "theirs.parquet"
    PAY.to_parquet(theirs)
    before = theirs.read_bytes()
    with pytest.raises(InvalidInputError, match="exists and was not written by coderstats"):
        convert_file(tmp_path / "pay.parquet", theirs, amount="pay", currency="cur", year="yr")
    assert theirs.read_bytes() == before


def test_its_own_earlier_output_is_replaced(tmp_path: Path) -> None:
    PAY.to_parquet(tmp_path / "pay.parquet")
    out = tmp_path / "out.parquet"
    convert_file(tmp_path / "pay.parquet", out, amount="pay", currency="cur", year="yr")
    PAY.iloc[:2].to_parquet(tmp_path / "pay.parquet")
    assert convert_file(tmp_path / "pay.parquet", out, amount="pay", currency="cur", year="yr") == 2
    assert len(pd.read_parquet(out)) == 2


def test_coerced_rows_are_flagged(tmp_path: Path) -> None:
    bad = PAY.assign(cur=["GBP", "XXX", "INR", "GBP", "USD"])
    bad.to_csv(tmp_path / "pay.csv", index=False)
    out = tmp_path / "out.parquet"
    convert_file(
        tmp_path / "pay.csv", out, amount="pay", currency="cur", year="yr", errors="coerce"
    )
    problems = pd.read_parquet(out)["problem_market"].tolist()
    assert [bool(p) for p in problems] == [False, True, False, False, False]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("missing.parquet", "does not exist"), ("pay.txt", "not a Parquet or CSV file")],
)
def test_an_input_that_is_not_parquet_or_csv_is_refused(
    tmp_path: Path, name: str, expected: str
) -> None:
    (tmp_path / "pay.txt").write_text("pay\n1\n")
    with pytest.raises(InvalidInputError, match=expected):
        convert_file(tmp_path / name, tmp_path / "out.parquet", amount="pay", currency="USD")


def test_clean_batches_are_converted_inside_polars(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("polars")

    def no_pandas(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a clean batch went through pandas")

    PAY.to_parquet(tmp_path / "pay.parquet")
    out = tmp_path / "out.parquet"
    monkeypatch.setattr("coderstats.engine.polars_path.MIN_ROWS", 0)  # whatever the size
    monkeypatch.setattr("coderstats.conversion.convert", no_pandas)
    assert convert_file(tmp_path / "pay.parquet", out, amount="pay", currency="cur", year="yr") == 5
    monkeypatch.undo()
    pd.testing.assert_frame_equal(_read(out), _expected(PAY), check_dtype=False)


@pytest.mark.parametrize("name", ["pay.parquet", "pay.csv"])
def test_a_damaged_file_is_named_and_leaves_no_file(tmp_path: Path, name: str) -> None:
    if name.endswith(".csv"):
        (tmp_path / name).write_text("pay,cur,yr\n1.0,GBP,2024\n2.0,GBP,2024,extra\n")
    else:
        PAY.to_parquet(tmp_path / name)
        data = (tmp_path / name).read_bytes()
        (tmp_path / name).write_bytes(data[: len(data) // 2] + data[-8:])
    with pytest.raises(InvalidInputError, match=rf"{name}: cannot be read as"):
        convert_file(tmp_path / name, tmp_path / "out.parquet", amount="pay", currency="cur")
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_missing_column_is_named_with_the_file(tmp_path: Path) -> None:
    PAY.to_parquet(tmp_path / "pay.parquet")
    with pytest.raises(InvalidInputError, match=r"pay\.parquet: .*'salary'"):
        convert_file(
            tmp_path / "pay.parquet", tmp_path / "out.parquet", amount="salary", currency="cur"
        )
