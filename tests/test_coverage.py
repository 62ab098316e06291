"""coderstats.coverage(): what every shipped source holds, as one frame."""

from __future__ import annotations

import pytest

import coderstats
from coderstats.errors import UnknownCountryError, UnknownCurrencyError


def test_one_row_per_source_and_key() -> None:
    cov = coderstats.coverage()
    assert list(cov.columns) == [
        "source",
        "kind",
        "key",
        "first_year",
        "last_year",
        "n_years",
        "vintage",
    ]
    assert not cov.duplicated(["source", "key"]).any()
    assert set(cov["kind"]) == {"currency", "country", "state", "series"}
    ppp = cov[cov["source"].str.startswith("World Bank PPP, private")]
    assert len(ppp) == 206
    assert {"NGA", "KEN", "EGY", "VNM", "IDN", "COL", "XKX"} <= set(ppp["key"])
    currencies = set(cov.loc[cov["kind"] == "currency", "key"])
    assert len(currencies) == 158
    assert {"AED", "PKR", "NGN", "XOF", "GBP"} <= currencies


def test_filters() -> None:
    gbp = coderstats.coverage(currency="gbp")
    assert gbp["source"].tolist() == [
        "ECB euro reference rates (daily)",
        "World Bank official exchange rates (annual averages)",
    ]
    assert gbp["first_year"].tolist() == [1999, 2015]
    assert coderstats.coverage(country="IND")["n_years"].tolist() == [10, 10]
    with pytest.raises(UnknownCountryError, match="no source holds country 'WLD'") as info:
        coderstats.coverage(country="WLD")
    assert [h.option for h in info.value.hints] == ["country"]
    with pytest.raises(UnknownCurrencyError, match="'XYZ'"):
        coderstats.coverage(currency="XYZ")
