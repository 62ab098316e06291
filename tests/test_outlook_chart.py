"""The outlook chart drawn into the caller's axes: one panel per metric."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from coderstats import compare
from coderstats.errors import InvalidInputError
from coderstats.outlook_chart import outlook


def test_panels_go_into_the_callers_axes() -> None:
    fig = Figure(figsize=(10, 7), layout="constrained")
    given = fig.subplots(2, 2).ravel().tolist()
    drawn = outlook(ax=given)
    assert drawn == given
    metrics = compare.outlook_editions()["metric"].tolist()
    assert len(drawn) == len(metrics) == 4
    assert drawn[0].get_title(loc="left").startswith("Median pay\nfound in BLS May 2022")
    assert not fig.texts  # title, notes and sources are the caller's


def test_axes_that_do_not_fit_are_refused() -> None:
    fig = Figure()
    three = fig.subplots(1, 3).ravel().tolist()
    with pytest.raises(InvalidInputError, match="draws 4 panels, one per metric") as info:
        outlook(ax=three)
    assert [h.option for h in info.value.hints] == ["ax"]
    four = Figure().subplots(2, 2).ravel().tolist()
    with pytest.raises(InvalidInputError, match="whose size is its own"):
        outlook(ax=four, figsize=(8, 5))
    polar = [Figure().add_subplot(projection="polar") for _ in range(4)]
    with pytest.raises(InvalidInputError, match="plain x-y axes"):
        outlook(ax=polar)
