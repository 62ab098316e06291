"""Countries: ISO codes and names, and the currency in force in a given year."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from coderstats import countries
from coderstats.countries import country_currencies, country_currency, country_name, iso3_codes
from coderstats.errors import InvalidInputError, RateNotFoundError, UnknownCountryError


@pytest.mark.parametrize(
    ("iso3", "currency"),
    [
        ("DEU", "EUR"),
        ("IND", "INR"),
        ("GBR", "GBP"),
        ("USA", "USD"),
        ("PHL", "PHP"),
        ("deu", "EUR"),
    ],
)
def test_country_currency(iso3: str, currency: str) -> None:
    assert country_currency(iso3, 2024) == currency


@pytest.mark.parametrize(
    ("iso3", "year", "currency"),
    [
        ("DEU", 1995, "DEM"),
        ("DEU", 2000, "EUR"),  # euro in force from 1999, notes from 2002
        ("HRV", 2022, "HRK"),
        ("HRV", 2023, "EUR"),
        ("LTU", 2014, "LTL"),
        ("LTU", 2015, "EUR"),
        ("USA", 2024, "USD"),
    ],
)
def test_country_currency_is_that_of_the_year(iso3: str, year: int, currency: str) -> None:
    assert country_currency(iso3, year) == currency
    assert country_currencies([iso3], [year]).tolist() == [currency]


def test_the_year_is_required_and_today_is_never_used() -> None:
    assert inspect.signature(country_currency).parameters["year"].default is inspect.Parameter.empty
    assert inspect.signature(country_currencies).parameters["years"].default is (
        inspect.Parameter.empty
    )
    with pytest.raises(TypeError):
        country_currency("HRV")  # type: ignore[call-arg]
    with pytest.raises(InvalidInputError, match="whole year"):
        country_currency("HRV", None)  # type: ignore[arg-type]
    assert "date.today" not in inspect.getsource(countries)


@pytest.mark.parametrize("bad", ["XYZ", "", None, 276, "DE"])
def test_country_currency_unknown(bad: object) -> None:
    with pytest.raises(UnknownCountryError, match="ISO 3166-1 alpha-3"):
        country_currency(bad, 2024)  # type: ignore[arg-type]


def test_country_currency_no_currency_that_year() -> None:
    with pytest.raises(RateNotFoundError, match="DEU"):
        country_currency("DEU", 1200)


@pytest.mark.parametrize(
    "year", [0, -1, 10_000, np.iinfo(np.int64).max, np.iinfo(np.int64).min, 2**80]
)
def test_years_outside_the_calendar_are_refused(year: int) -> None:
    with pytest.raises(RateNotFoundError, match=f"year {year} is outside the calendar"):
        country_currency("DEU", year)
    if -(2**63) <= year < 2**63:
        with pytest.raises(RateNotFoundError, match="outside the calendar"):
            country_currencies(["DEU", "DEU"], np.array([2024, year], dtype=np.int64))


def test_country_currencies_vectorised() -> None:
    got = country_currencies(["DEU", "deu", "IND", "GBR", "DEU"], [1995, 2024, 2024, 2024, 1995])
    assert got.tolist() == ["DEM", "EUR", "INR", "GBP", "DEM"]
    assert country_currencies(["PHL", "USA"], 2024).tolist() == ["PHP", "USD"]
    assert country_currencies("IND", [2015, 2024]).tolist() == ["INR", "INR"]
    assert country_currencies("LTU", [2014, 2015]).tolist() == ["LTL", "EUR"]
    with pytest.raises(UnknownCountryError, match="'ZZZ'"):
        country_currencies(["USA", "ZZZ"], [2024, 2024])
    with pytest.raises(UnknownCountryError, match="position 1"):
        country_currencies(["USA", None], [2024, 2024])
    with pytest.raises(InvalidInputError, match=r"differ in length \(3 and 2\)"):
        country_currencies(["USA", "GBR", "IND"], [2024, 2024])


def test_names_and_codes() -> None:
    assert country_name("ind") == "India"
    assert country_name(" DEU ") == "Germany"
    assert {"DEU", "IND", "USA"} <= iso3_codes()
    assert "EUU" not in iso3_codes()  # a World Bank aggregate, not a country
    with pytest.raises(UnknownCountryError, match="'XYZ'"):
        country_name("XYZ")
    with pytest.raises(UnknownCountryError, match="ISO 3166-1 alpha-3"):
        country_name("")
