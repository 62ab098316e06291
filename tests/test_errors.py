"""The errors' structured hints: worded for Python, kept whole through pickling."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

from coderstats import convert, convert_amount, errors


def test_errors_keep_their_hints_through_pickle() -> None:
    error = errors.CurrencyMismatchError("GBP is not INR", hints=(errors.Hint("to", "INR"),))
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), str(again), again.hints) == (type(error), str(error), error.hints)
    assert isinstance(again, ValueError)


def test_an_os_error_keeps_its_message() -> None:
    error = errors.ReportFolderError("folder holds other files", hints=(errors.Hint("out"),))
    assert str(error) == "folder holds other files; pass out="
    assert error.errno is None


def test_a_library_error_carries_the_options_that_fix_it() -> None:
    with pytest.raises(errors.RateNotFoundError) as info:
        convert_amount(1.0, "INR", date="2024-03-02")
    hints = info.value.hints
    assert [(h.option, h.value) for h in hints] == [
        ("missing", "previous"),
        ("missing", "interpolate"),
    ]
    assert str(info.value) == f"{info.value.problem} " + (
        "Pass missing='previous' to take the last earlier fixing, or pass "
        "missing='interpolate' to interpolate linearly between them."
    )


def test_a_frame_error_gathers_the_hints_of_its_rows() -> None:
    frame = pd.DataFrame({"pay": [1.0, 2.0, 3.0], "cur": ["GBP"] * 3, "yr": [2024, 1850, 1851]})
    with pytest.raises(errors.RateNotFoundError) as info:
        convert(frame, amount="pay", currency="cur", year="yr")
    assert [h.option for h in info.value.hints] == ["out_of_range", "errors"]
    assert info.value.problem.startswith("2 of 3 rows cannot be converted. [column 'yr'")
    assert str(info.value).endswith(
        "or pass errors='coerce' to convert the others and flag these in column 'problem_market'."
    )
