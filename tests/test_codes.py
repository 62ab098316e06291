"""Factorising text columns of codes of one width: the same keys as hashing the strings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coderstats import convert
from coderstats.engine import codes
from coderstats.engine.codes import factorize_fixed_width

pytest.importorskip("pyarrow")


def _text(values: object) -> pd.Series:
    """A text column held by pyarrow (pandas 3's ``str``; on pandas 2, asked for by name)."""
    series = pd.Series(values, dtype="str")
    if getattr(series.dtype, "storage", None) != "pyarrow":
        series = pd.Series(values, dtype=pd.StringDtype("pyarrow"))
    return series


def _same_keys(series: pd.Series) -> None:
    """Each row's distinct value is its own: as pandas' factorize of the strings gives."""
    found = factorize_fixed_width(series)
    assert found is not None
    row_codes, texts = found
    assert sorted(texts) == sorted(set(series))
    assert texts[row_codes].tolist() == series.tolist()


@given(
    st.integers(1, 3).flatmap(
        lambda width: st.lists(
            st.text(alphabet=st.sampled_from("ABCXYZabz019é-'"), min_size=1, max_size=3).filter(
                lambda word: len(word.encode()) == width
            ),
            min_size=1,
            max_size=60,
        )
    )
)
@settings(max_examples=30, deadline=None)
def test_codes_of_one_width_give_the_strings_back(words: list[str]) -> None:
    _same_keys(_text(words))


@pytest.mark.parametrize("rows_per_place", [0, 10**9])  # hashing, and the dense table
def test_both_ways_of_numbering_agree(rows_per_place: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codes, "DENSE_ROWS_PER_PLACE", rows_per_place)
    rng = np.random.default_rng(3)
    picks = np.array(["USD", "EUR", "gbp", "INR", "ZZZ"], dtype=object)[rng.integers(0, 5, 5000)]
    series = _text(picks)
    _same_keys(series)
    _same_keys(series.iloc[1234:])  # a slice: the buffers start past the first row


@pytest.mark.parametrize(
    "values",
    [
        _text(["USD", None, "EUR"]),  # a missing value
        _text(["USD", "EURO"]),  # two widths
        _text(["EURO", "EURO"]),  # too wide
        pd.Series(["USD", "EUR"], dtype=object),  # not held by pyarrow
        pd.Series(["USD", "EUR"], dtype="category"),
        _text([]),
        _text(["US", "D", "EUR"]),  # the same bytes in all, other widths
    ],
    ids=["missing", "two-widths", "wide", "object", "category", "empty", "same-total"],
)
def test_other_columns_are_left_to_hashing(values: pd.Series) -> None:
    assert factorize_fixed_width(values) is None


def test_convert_gives_the_same_on_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(4)
    frame = pd.DataFrame(
        {
            "pay": rng.uniform(1_000, 90_000, 3000),
            "cur": np.array(["GBP", "EUR", "USD"], dtype=object)[rng.integers(0, 3, 3000)],
            "yr": rng.integers(2016, 2024, 3000),
        }
    ).assign(cur=lambda f: _text(f["cur"]))
    options = {"amount": "pay", "currency": "cur", "year": "yr"}
    fast = convert(frame, **options)  # type: ignore[arg-type]
    monkeypatch.setattr(codes, "MAX_BYTES", 0)  # every column hashed as strings
    slow = convert(frame, **options)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(
        fast.astype({"basis_market": str, "fallback_market": str}),
        slow.astype({"basis_market": str, "fallback_market": str}),
    )


@pytest.mark.parametrize("width", [1, 2, 3])
@pytest.mark.parametrize("rows", [1, 2, 3, 4, 7])
def test_short_columns_and_their_last_values(width: int, rows: int) -> None:
    # The last values are read from a padded copy (four bytes from their start would run
    # past the column's data); columns of a few rows are read that way whole.
    words = {1: ["A", "z", "9"], 2: ["AB", "é", "z0"], 3: ["USD", "gb1", "é-"]}[width]
    series = _text([words[i % len(words)] for i in range(rows)])
    _same_keys(series)
    if rows > 1:
        _same_keys(series.iloc[1:])


@pytest.mark.parametrize("rows_per_place", [0, 10**9])  # hashing, and the dense table
@pytest.mark.parametrize("layout", ["large_string", "string_view"])
def test_translating_codes_looks_each_value_up(
    rows_per_place: int, layout: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow as pa

    monkeypatch.setattr(codes, "DENSE_ROWS_PER_PLACE", rows_per_place)
    words = ["USD", "EUR", "GBP", "EUR", "é-"] * 40
    array = pa.array(words, type=getattr(pa, layout)())[3:]
    mapping = {"USD": 0, "EUR": 10, "GBP": 20, "é-": 30, "JPY": 40}
    found = codes.translate_arrow(array, mapping)
    assert found is not None
    assert found.tolist() == [mapping[word] for word in words[3:]]
    with pytest.raises(KeyError):
        codes.translate_arrow(array, {"USD": 0, "EUR": 10})
    assert codes.translate_arrow(pa.array(["USD", "EURO"], type=getattr(pa, layout)()), {}) is None
