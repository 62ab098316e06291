"""World Bank PPP conversion factors: the shipped table, WDI bulk files, lookups, coverage."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coderstats._compat import TEXT
from coderstats.countries import country_currencies
from coderstats.errors import (
    DataIntegrityError,
    DataNotFoundError,
    InvalidInputError,
    RateNotFoundError,
    UnknownCountryError,
)
from coderstats.reference import _core, worldbank
from coderstats.reference.worldbank import (
    COLUMNS,
    DEFAULT_INDICATOR,
    INDICATORS,
    countries,
    coverage,
    load_ppp,
    ppp_factors,
    vintage,
    years,
)

COUNTRIES = [
    "USA",
    "CAN",
    "GBR",
    "DEU",
    "AUS",
    "IND",
    "PHL",
    "PAK",
    "FRA",
    "ESP",
    "ITA",
    "NLD",
    "IRL",
    "SWE",
    "NOR",
    "DNK",
    "FIN",
    "CHE",
    "POL",
    "NZL",
    "JPN",
    "MEX",
    "BRA",
    "ZAF",
    "SGP",
    "ARE",
]
YEARS = range(2015, 2025)
EURO = {"DEU", "FRA", "ESP", "ITA", "NLD", "IRL", "FIN"}
CURRENCY = {
    "USA": "USD",
    "CAN": "CAD",
    "GBR": "GBP",
    "AUS": "AUD",
    "IND": "INR",
    "PHL": "PHP",
    "PAK": "PKR",
    "SWE": "SEK",
    "NOR": "NOK",
    "DNK": "DKK",
    "CHE": "CHF",
    "POL": "PLN",
    "NZL": "NZD",
    "JPN": "JPY",
    "MEX": "MXN",
    "BRA": "BRL",
    "ZAF": "ZAR",
    "SGP": "SGD",
    "ARE": "AED",
} | dict.fromkeys(EURO, "EUR")

# World Bank WDI, LCU per international $, as published (PA.NUS.PRVT.PP: Last Updated
# 2025-10-07; PA.NUS.PPP: retrieved 2026-03-05).
PUBLISHED = [
    ("private_consumption", "GBR", 2024, 0.703495),
    ("private_consumption", "IND", 2024, 19.8969156536629),
    ("private_consumption", "DEU", 2024, 0.723818),
    ("private_consumption", "PHL", 2021, 20.7462368011475),
    ("private_consumption", "PAK", 2015, 31.081441539084),
    ("private_consumption", "JPN", 2015, 108.962803),
    ("private_consumption", "CHE", 2021, 1.244648),
    ("private_consumption", "BRA", 2024, 2.52449654597584),
    ("gdp", "GBR", 2024, 0.664153),
    ("gdp", "IND", 2024, 20.4219876045922),
    ("gdp", "DEU", 2024, 0.700862),
    ("gdp", "PHL", 2021, 19.37526512146),
    ("gdp", "PAK", 2015, 31.2534611756898),
    ("gdp", "JPN", 2024, 94.462599),
    ("gdp", "CHE", 2024, 0.948875),
    ("gdp", "MEX", 2021, 10.060857),
]

EXPECTED_DTYPES = {
    "iso3": TEXT,
    "country": TEXT,
    "indicator_code": TEXT,
    "indicator": TEXT,
    "year": "Int64",
    "lcu_per_intl_dollar": "float64",
    "currency": TEXT,
    "vintage": TEXT,
    "is_aggregate": "boolean",
}


# ---------------------------------------------------------------------------------------------
# The shipped table


def test_shipped_table_columns_and_dtypes() -> None:
    ppp = load_ppp()
    assert tuple(ppp.columns) == COLUMNS
    assert {c: str(t) for c, t in ppp.dtypes.items()} == EXPECTED_DTYPES
    assert len(ppp) == 3901
    assert not ppp.isna().any().any()
    assert not ppp["is_aggregate"].any()
    assert set(ppp["iso3"]).isdisjoint(worldbank.aggregates())


def test_shipped_table_covers_both_indicators_all_countries_all_years() -> None:
    ppp = load_ppp()
    have = set(zip(ppp["iso3"], ppp["indicator"], ppp["year"].astype(int), strict=True))
    wanted = {(c, i, y) for c in COUNTRIES for i in INDICATORS for y in YEARS}
    # The World Bank publishes every one of the guide's country-years in both indicators.
    assert wanted - have == set()
    economies = {c for c, _, _ in have}
    assert len(economies) == 206
    assert {"NGA", "KEN", "EGY", "VNM", "IDN", "COL", "XKX"} <= economies
    assert "ZWE" not in economies  # its factors and its exchange rates are in different units
    codes = dict(zip(ppp["indicator"], ppp["indicator_code"], strict=True))
    assert codes == {"private_consumption": "PA.NUS.PRVT.PP", "gdp": "PA.NUS.PPP"}
    vintages = dict(zip(ppp["indicator"], ppp["vintage"], strict=True))
    assert vintages == {"private_consumption": "2025-10-07", "gdp": "2026-03-05"}


@pytest.mark.parametrize(("indicator", "iso3", "year", "value"), PUBLISHED)
def test_shipped_figures_as_published(indicator: str, iso3: str, year: int, value: float) -> None:
    ppp = load_ppp(indicator=indicator)
    row = ppp[(ppp["iso3"] == iso3) & (ppp["year"] == year)]
    assert row["lcu_per_intl_dollar"].tolist() == [value]
    assert ppp_factors([iso3], [year], indicator=indicator).tolist() == [value]


def test_usa_is_exactly_one() -> None:
    for indicator in INDICATORS:
        assert ppp_factors(["USA"] * 10, list(YEARS), indicator=indicator).tolist() == [1.0] * 10


def test_currency_column_is_the_local_unit() -> None:
    ppp = load_ppp()
    guide = ppp[ppp["iso3"].isin(COUNTRIES)]
    assert dict(zip(guide["iso3"], guide["currency"], strict=True)) == CURRENCY
    again = country_currencies(guide["iso3"], guide["year"])
    assert (again == guide["currency"].to_numpy(dtype=object)).all()
    # WDI states a whole series in the current unit: Croatia in euros back to 2015, Sierra
    # Leone in new leones; Liberia's factors are in US dollars, Haiti's in gourdes.
    unit = {c: set(ppp.loc[ppp["iso3"] == c, "currency"]) for c in ("HRV", "SLE", "LBR", "HTI")}
    assert unit == {"HRV": {"EUR"}, "SLE": {"SLE"}, "LBR": {"USD"}, "HTI": {"HTG"}}


def test_indicator_filter() -> None:
    gdp = load_ppp(indicator="gdp")
    assert set(gdp["indicator_code"]) == {"PA.NUS.PPP"}
    assert len(gdp) == 1981
    assert load_ppp(indicator="PA.NUS.PRVT.PP").equals(load_ppp(indicator="private_consumption"))
    assert DEFAULT_INDICATOR == "private_consumption"


def test_unknown_indicator_lists_valid() -> None:
    with pytest.raises(ValueError, match=r"'consumption'.*private_consumption.*gdp"):
        load_ppp(indicator="consumption")
    with pytest.raises(ValueError, match=r"PA\.NUS\.PRVT\.PP"):
        ppp_factors(["USA"], [2024], indicator="ppp")


def test_each_call_returns_a_new_frame() -> None:
    first = load_ppp()
    first.loc[0, "lcu_per_intl_dollar"] = -1.0
    assert (load_ppp()["lcu_per_intl_dollar"] > 0).all()


# ---------------------------------------------------------------------------------------------
# International dollars


def test_pay_in_international_dollars_2024() -> None:
    gbr, ind = ppp_factors(["GBR", "IND"], [2024, 2024])
    assert round(25_000 / gbr) == 35_537
    assert round(300_000 / ind) == 15_078
    assert 25_000 / gbr == pytest.approx(35_536.855, abs=1e-3)
    assert 300_000 / ind == pytest.approx(15_077.714, abs=1e-3)


# ---------------------------------------------------------------------------------------------
# Vectorised lookup


def test_lookup_lower_case_broadcast_and_repeats() -> None:
    got = ppp_factors(["ind", "GBR", " deu ", "IND", "gbr"], 2024)
    assert got.dtype == np.float64
    assert got.tolist() == [19.8969156536629, 0.703495, 0.723818, 19.8969156536629, 0.703495]
    assert ppp_factors("GBR", [2024, 2024]).tolist() == [0.703495, 0.703495]
    assert ppp_factors("GBR", 2024).tolist() == [0.703495]


def test_lookup_accepts_pandas_inputs() -> None:
    iso = pd.Series(["GBR", "IND", "GBR"], dtype="category")
    year = pd.Series([2024, 2024, 2024], dtype="Int64")
    assert ppp_factors(iso, year).tolist() == [0.703495, 19.8969156536629, 0.703495]
    iso_str = pd.Series(["gbr", "ind"], dtype="str")
    assert ppp_factors(iso_str, np.array([2024, 2024])).tolist() == [0.703495, 19.8969156536629]
    assert ppp_factors(["DEU"], [2024.0]).tolist() == [0.723818]
    assert ppp_factors([], []).tolist() == []


def test_lookup_gdp_by_code() -> None:
    got = ppp_factors(["GBR"], [2024], indicator="PA.NUS.PPP")
    assert got.tolist() == [0.664153]


def test_unknown_country_names_value_available_and_fix() -> None:
    with pytest.raises(UnknownCountryError) as info:
        ppp_factors(["USA", "XYZ"], [2024, 2024])
    text = str(info.value)
    assert "'XYZ'" in text
    assert "206 economies have one (coderstats.coverage() lists them)" in text
    assert "load_ppp(path)" in text
    assert [h.option for h in info.value.hints] == ["table"]


@pytest.mark.parametrize(("code", "name"), [("WLD", "World"), ("EUU", "European Union")])
def test_an_aggregate_is_named_as_one(code: str, name: str) -> None:
    with pytest.raises(UnknownCountryError, match=rf"'{code}': it is a World Bank aggregate") as e:
        ppp_factors([code], [2024])
    assert f"({name}), not an economy" in str(e.value)
    assert e.value.hints == ()  # no table of PPP factors has one for an aggregate


@pytest.mark.parametrize("bad", [None, "", "   ", 840, float("nan")])
def test_missing_or_non_string_country(bad: object) -> None:
    with pytest.raises(UnknownCountryError, match="position 1"):
        ppp_factors(["USA", bad], [2024, 2024])


def test_scalar_none_country() -> None:
    with pytest.raises(UnknownCountryError, match="None"):
        ppp_factors(None, [2024])


def test_year_outside_data_states_years_available() -> None:
    with pytest.raises(RateNotFoundError, match=r"IND in 2030.*years available for IND: 2015-2024"):
        ppp_factors(["GBR", "IND"], [2024, 2030])
    with pytest.raises(RateNotFoundError, match="2015-2024"):
        ppp_factors(["DEU"], [2014], indicator="gdp")


@pytest.mark.parametrize("bad", [float("nan"), 2024.5, "soon", None])
def test_year_not_a_whole_number(bad: object) -> None:
    with pytest.raises(
        InvalidInputError, match=r"at position 1 is (not|a missing value).*whole year"
    ):
        ppp_factors(["USA", "USA"], [2024, bad])


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError, match=r"differ in length \(3 and 2\)"):
        ppp_factors(["USA", "GBR", "IND"], [2024, 2024])


def test_lookup_in_another_table_and_its_checks() -> None:
    ppp = load_ppp()
    table = ppp[ppp["iso3"] == "ARE"].iloc[[0, 1]].reset_index(drop=True)  # 2015-2016
    assert ppp_factors(["ARE"], [2016], table=table).tolist() == [2.81884687939118]
    with pytest.raises(RateNotFoundError, match="2015-2016"):
        ppp_factors(["ARE"], [2017], table=table)
    with pytest.raises(UnknownCountryError, match="Countries available: ARE\\."):
        ppp_factors(["GBR"], [2024], table=table)
    twice = pd.concat([table, table], ignore_index=True)
    with pytest.raises(DataIntegrityError, match=r"two values for ARE 2015 \(rows 0 and 2\)"):
        ppp_factors(["ARE"], [2015], table=twice)
    with pytest.raises(DataIntegrityError, match="lacks the columns"):
        ppp_factors(["ARE"], [2015], table=table.drop(columns="year"))
    holed = table.assign(lcu_per_intl_dollar=[np.nan, 2.8])
    with pytest.raises(DataIntegrityError, match="positive"):
        ppp_factors(["ARE"], [2015], table=holed)


LIMITS = np.iinfo(np.int64)


@pytest.mark.parametrize("year", [LIMITS.min, LIMITS.min + 1, -1, 0, 9999, 10**12, LIMITS.max])
def test_far_off_years_are_refused_not_wrapped(year: int) -> None:
    with pytest.raises(RateNotFoundError, match=rf"IND in {year};.*2015-2024") as info:
        ppp_factors(np.array(["GBR", "IND"], dtype=object), np.array([2024, year]))
    assert not isinstance(info.value, DataIntegrityError)
    table = load_ppp()
    with pytest.raises(RateNotFoundError, match=str(year)):
        ppp_factors(["IND"], [year], table=table)


def test_a_year_with_a_gap_is_refused() -> None:
    table = load_ppp()
    gap = table[~((table["iso3"] == "IND") & (table["year"] == 2020))]
    assert ppp_factors(["IND"], [2021], table=gap).tolist() == [ppp_factors(["IND"], [2021])[0]]
    with pytest.raises(RateNotFoundError, match=r"IND in 2020.*2015-2019, 2021-2024"):
        ppp_factors(["IND"], [2020], table=gap)


def test_the_first_bad_row_is_named() -> None:
    with pytest.raises(RateNotFoundError, match="GBR in 2030"):
        ppp_factors(["GBR", "XYZ"], [2030, 2024])
    with pytest.raises(UnknownCountryError, match="'XYZ'"):
        ppp_factors(["XYZ", "GBR"], [2024, 2030])


def test_coverage_and_vintage() -> None:
    cov = coverage()
    assert list(cov.columns) == ["key", "first_year", "last_year", "n_years"]
    assert cov.shape == (206, 4)
    assert set(COUNTRIES) <= set(cov["key"])
    assert cov[cov["key"] == "IND"].to_numpy().tolist() == [["IND", 2015, 2024, 10]]
    assert (cov.loc[cov["key"].isin(COUNTRIES), "n_years"] == 10).all()
    assert cov[cov["key"] == "SLE"].to_numpy().tolist() == [["SLE", 2015, 2024, 10]]
    assert coverage("gdp").shape == (201, 4)
    assert vintage() == "2025-10-07"
    assert vintage("PA.NUS.PPP") == "2026-03-05"
    short = load_ppp().query("iso3 in ['IND', 'GBR'] and year >= 2020")
    assert coverage(table=short).to_numpy().tolist() == [
        ["GBR", 2020, 2024, 5],
        ["IND", 2020, 2024, 5],
    ]
    assert vintage(table=short.drop(columns="vintage")) == "not stated"


def test_a_user_table_is_indexed_once(year_tables_built: list[str]) -> None:
    built = year_tables_built
    table = load_ppp()
    first = ppp_factors(["GBR"], [2024], table=table)
    second = ppp_factors(["IND", "GBR"], [2024, 2023], table=table)
    assert countries(table=table) == countries()
    assert years("IND", table=table) == list(YEARS)
    assert len(built) == 1
    ppp_factors(["GBR"], [2024], indicator="gdp", table=table)  # the other indicator: a new index
    assert len(built) == 2
    ppp_factors(["GBR"], [2024], table=table.copy())  # another frame: indexed in its turn
    assert len(built) == 3
    assert first.tolist() == [0.703495]
    assert second[1] == ppp_factors(["GBR"], [2023])[0]


def test_the_shipped_table_is_indexed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    ppp_factors(["GBR"], [2024])
    ppp_factors(["GBR"], [2024], indicator="gdp")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the shipped table was indexed again")

    monkeypatch.setattr(worldbank, "load_ppp", refuse)
    monkeypatch.setattr(_core.YearTable, "from_frame", refuse)
    assert ppp_factors(["GBR"], [2024]).tolist() == [0.703495]
    assert ppp_factors(["GBR"], [2024], indicator="gdp").tolist() == [0.664153]


def test_a_table_that_is_not_a_frame() -> None:
    with pytest.raises(InvalidInputError, match=r"DataFrame from load_ppp\(\), not a list"):
        ppp_factors(["GBR"], [2024], table=[1, 2])  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(
    picks=st.lists(
        st.tuples(st.sampled_from(COUNTRIES), st.sampled_from(list(YEARS)), st.booleans()),
        min_size=1,
        max_size=30,
    ),
    indicator=st.sampled_from(list(INDICATORS)),
)
def test_vectorised_lookup_matches_row_by_row(
    picks: list[tuple[str, int, bool]], indicator: str
) -> None:
    table = load_ppp(indicator=indicator).set_index(["iso3", "year"])["lcu_per_intl_dollar"]
    iso = [c.lower() if lower else c for c, _, lower in picks]
    yrs = [y for _, y, _ in picks]
    got = ppp_factors(iso, yrs, indicator=indicator)
    expected = [table.loc[(c, y)] for c, y, _ in picks]
    assert got.tolist() == expected


def test_countries_and_years() -> None:
    assert set(COUNTRIES) <= set(countries())
    assert set(COUNTRIES) <= set(countries("gdp"))
    assert (len(countries()), len(countries("gdp"))) == (206, 201)
    assert years("phl") == list(YEARS)
    assert years("PHL", indicator="gdp") == list(YEARS)
    with pytest.raises(UnknownCountryError, match="'ATA'"):
        years("ATA")


# ---------------------------------------------------------------------------------------------
# World Bank WDI bulk files

WDI_YEARS = ("2022", "2023", "2024")
CONSUMPTION = "PPP conversion factor, private consumption (LCU per international $)"
WDI_ROWS = [
    ["Germany", "DEU", CONSUMPTION, "PA.NUS.PRVT.PP", "0.75", "0.74", "0.723818"],
    ["European Union", "EUU", CONSUMPTION, "PA.NUS.PRVT.PP", "0.7", "", "0.69"],
    ["India", "IND", CONSUMPTION, "PA.NUS.PRVT.PP", "", "", "19.8969156536629"],
    ["Kosovo", "XKX", CONSUMPTION, "PA.NUS.PRVT.PP", "", "", "0.4"],
    ["World", "WLD", CONSUMPTION, "PA.NUS.PRVT.PP", "", "", ""],
]


def _quoted(cells: list[str] | tuple[str, ...]) -> str:
    return ",".join(f'"{c}"' for c in cells) + ","


def wdi_csv(
    rows: list[list[str]] | None = None,
    *,
    header: list[str] | None = None,
    updated: str = "2025-10-07",
    newline: str = "\n",
) -> bytes:
    """A WDI bulk CSV as the World Bank writes it: BOM, four preamble lines, quoted fields."""
    head = header or ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
    lines = [
        _quoted(["Data Source", "World Development Indicators"]),
        "",
        _quoted(["Last Updated Date", updated]),
        "",
        _quoted([*head, *WDI_YEARS] if header is None else head),
        *(_quoted(r) for r in (WDI_ROWS if rows is None else rows)),
    ]
    return ("\ufeff" + newline.join(lines) + newline).encode("utf-8")


def metadata_csv() -> bytes:
    lines = [
        _quoted(["Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName"]),
        _quoted(["DEU", "Europe & Central Asia", "High income", "", "Germany"]),
        _quoted(["EUU", "", "", "", "European Union"]),
        _quoted(["IND", "South Asia", "Lower middle income", "", "India"]),
        _quoted(["XKX", "Europe & Central Asia", "Upper middle income", "", "Kosovo"]),
        _quoted(["WLD", "", "", "", "World"]),
    ]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


NAME = "API_PA.NUS.PRVT.PP_DS2_en_csv_v2_5762.csv"


def test_wdi_csv_reads_like_the_shipped_table(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(wdi_csv())
    frame = load_ppp(path)
    assert tuple(frame.columns) == COLUMNS
    assert {c: str(t) for c, t in frame.dtypes.items()} == EXPECTED_DTYPES
    # Empty cells are dropped: 3 + 2 + 1 + 1 + 0 figures.
    assert len(frame) == 7
    assert not frame["lcu_per_intl_dollar"].isna().any()
    rows = frame.set_index(["iso3", "year"])
    assert rows.loc[("DEU", 2024), "lcu_per_intl_dollar"] == 0.723818
    assert rows.loc[("IND", 2024), "lcu_per_intl_dollar"] == 19.8969156536629
    assert rows.loc[("EUU", 2022), "lcu_per_intl_dollar"] == 0.7
    assert ("EUU", 2023) not in rows.index
    assert "WLD" not in set(frame["iso3"])
    # Without metadata beside the file, the shipped WDI metadata says what is an aggregate:
    # Kosovo (XKX) is an economy, the European Union is not.
    aggregate = dict(zip(frame["iso3"], frame["is_aggregate"], strict=True))
    assert aggregate == {"DEU": False, "EUU": True, "IND": False, "XKX": False}
    currency = dict(zip(frame["iso3"], frame["currency"], strict=True))
    assert currency["DEU"] == "EUR"
    assert currency["IND"] == "INR"
    # An aggregate has no currency (checked on the column: for the stubs, pd.isna of an untyped
    # cell is the DataFrame overload, and a float cell is never NA).
    assert frame.loc[frame["iso3"] == "EUU", "currency"].isna().all()
    assert set(frame["vintage"]) == {"2025-10-07"}
    assert set(frame["indicator"]) == {"private_consumption"}
    assert frame["iso3"].tolist() == ["DEU"] * 3 + ["EUU"] * 2 + ["IND", "XKX"]
    assert countries(table=frame) == ["DEU", "IND", "XKX"]
    assert ppp_factors(["deu", "EUU"], [2022, 2024], table=frame).tolist() == [0.75, 0.69]
    assert load_ppp(path, indicator="gdp").empty


def test_wdi_csv_without_bom_and_with_crlf(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(wdi_csv(newline="\r\n").removeprefix("\ufeff".encode()))
    assert len(load_ppp(path)) == 7


def test_wdi_csv_with_an_extra_blank_line_before_the_header(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(wdi_csv().replace(b'\n\n"Country Name"', b'\n\n\n"Country Name"'))
    frame = load_ppp(path)
    assert len(frame) == 7
    rows = [r[:] for r in WDI_ROWS]
    rows[0][4] = "x"
    path.write_bytes(wdi_csv(rows).replace(b'\n\n"Country Name"', b'\n\n\n"Country Name"'))
    with pytest.raises(DataIntegrityError, match="line 7, field '2022'"):
        load_ppp(path)


def test_wdi_zip_with_metadata(tmp_path: Path) -> None:
    path = tmp_path / "API_PA.NUS.PRVT.PP_DS2_en_csv_v2_5762.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(NAME, wdi_csv(newline="\r\n"))
        archive.writestr(f"Metadata_Country_{NAME}", metadata_csv())
        archive.writestr(f"Metadata_Indicator_{NAME}", b'\xef\xbb\xbf"INDICATOR_CODE",\r\n')
    frame = load_ppp(path)
    aggregate = dict(zip(frame["iso3"], frame["is_aggregate"], strict=True))
    # The metadata file knows Kosovo is a country and the EU an aggregate.
    assert aggregate == {"DEU": False, "EUU": True, "IND": False, "XKX": False}
    assert {c: str(t) for c, t in frame.dtypes.items()} == EXPECTED_DTYPES
    assert len(frame) == 7


def test_wdi_csv_with_metadata_beside_it(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(wdi_csv())
    (tmp_path / f"Metadata_Country_{NAME}").write_bytes(metadata_csv())
    frame = load_ppp(path)
    assert frame.loc[frame["iso3"] == "XKX", "is_aggregate"].tolist() == [False]


def _bad(tmp_path: Path, content: bytes) -> str:
    path = tmp_path / NAME
    path.write_bytes(content)
    with pytest.raises(DataIntegrityError) as info:
        load_ppp(path)
    text = str(info.value)
    assert NAME in text
    return text


def test_wdi_bad_preamble(tmp_path: Path) -> None:
    text = _bad(tmp_path, wdi_csv().replace(b"Data Source", b"Source"))
    assert "line 1" in text
    assert "'Data Source'" in text
    text = _bad(tmp_path, wdi_csv(updated="7 Oct 2025"))
    assert "line 3" in text
    assert "'Last Updated Date'" in text
    text = _bad(tmp_path, wdi_csv(updated="2025-13-45"))
    assert "line 3" in text


def test_wdi_bad_header(tmp_path: Path) -> None:
    header = ["Country", "Country Code", "Indicator Name", "Indicator Code", *WDI_YEARS]
    text = _bad(tmp_path, wdi_csv(header=header))
    assert "line 5" in text
    header = ["Country Name", "Country Code", "Indicator Name", "Indicator Code", "2022", "Y2023"]
    text = _bad(tmp_path, wdi_csv(header=header))
    assert "line 5, field 'Y2023'" in text


def test_wdi_bad_field_counts(tmp_path: Path) -> None:
    short = [r[:] for r in WDI_ROWS]
    short[1] = short[1][:5]
    text = _bad(tmp_path, wdi_csv(short))
    assert "line 7, field '2024'" in text
    assert "is missing" in text
    long = [r[:] for r in WDI_ROWS]
    long[2] = [*long[2], "1.0"]
    text = _bad(tmp_path, wdi_csv(long))
    assert "line 8" in text
    assert "is extra" in text


@pytest.mark.parametrize(
    ("row", "column", "value", "field"),
    [
        (0, 1, "de", "Country Code"),
        (0, 3, "NY.GDP.MKTP.CD", "Indicator Code"),
        (2, 6, "19,90", "2024"),
        (2, 5, "abc", "2023"),
        (0, 4, "-0.75", "2022"),
        (0, 4, "0", "2022"),
        (0, 4, "inf", "2022"),
    ],
)
def test_wdi_bad_cells(tmp_path: Path, row: int, column: int, value: str, field: str) -> None:
    rows = [r[:] for r in WDI_ROWS]
    rows[row][column] = value
    text = _bad(tmp_path, wdi_csv(rows))
    assert f"line {6 + row}, field '{field}'" in text
    assert repr(value) in text


def test_wdi_repeated_line(tmp_path: Path) -> None:
    text = _bad(tmp_path, wdi_csv([*WDI_ROWS, WDI_ROWS[0]]))
    assert "line 11, field 'Country Code'" in text
    assert "repeats" in text


def test_wdi_too_short_and_not_utf8(tmp_path: Path) -> None:
    assert "lines" in _bad(tmp_path, wdi_csv([]))
    text = _bad(tmp_path, wdi_csv().replace(b"Germany", b"Deutschl\xe4nder"))
    assert "line 6" in text
    assert "UTF-8" in text


def test_wdi_zip_without_data_file(tmp_path: Path) -> None:
    path = tmp_path / "download.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"Metadata_Country_{NAME}", metadata_csv())
    with pytest.raises(DataIntegrityError, match=r"download\.zip.*API_\*\.csv"):
        load_ppp(path)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(DataIntegrityError, match="not a readable zip"):
        load_ppp(broken)


def test_wdi_bad_metadata(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(wdi_csv())
    meta = tmp_path / f"Metadata_Country_{NAME}"
    meta.write_bytes(b'"Country Code","IncomeGroup",\n"DEU","High income",\n')
    with pytest.raises(DataIntegrityError, match=r"Metadata_Country_.*line 1, field 'Region'"):
        load_ppp(path)


def test_wdi_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataNotFoundError, match="does not exist"):
        load_ppp(tmp_path / "nothing.csv")


@pytest.mark.parametrize("cut", [1, 5, 20])
def test_a_truncated_wdi_file_is_refused_never_read(tmp_path: Path, cut: int) -> None:
    sample = Path(__file__).parent / "data" / "API_PA.NUS.PRVT.PP_sample.csv"
    raw = sample.read_bytes().rstrip(b"\r\n")
    path = tmp_path / sample.name
    path.write_bytes(raw[:-cut])  # the last country's line cut short
    last = raw.count(b"\n") + 1
    with pytest.raises(DataIntegrityError, match=rf"line {last}\b.*truncated"):
        load_ppp(path=path)


# ---------------------------------------------------------------------------------------------
# The shipped tables against rows cut from the publisher's files


def _publisher_cut() -> pd.DataFrame:
    cut = pd.read_csv(Path(__file__).parent / "data" / "wb_publisher_cut.csv", dtype=str)
    alpha3 = {"US": "USA", "GB": "GBR", "IN": "IND", "NG": "NGA", "HR": "HRV", "SL": "SLE"}
    alpha3 |= {"LR": "LBR", "HT": "HTI", "XK": "XKX", "AE": "ARE", "PK": "PAK", "BY": "BLR"}
    alpha3 |= {"KE": "KEN"}
    return cut.assign(iso3=cut["code"].map(lambda c: alpha3.get(c, c)))


def test_shipped_ppp_figures_are_the_publishers() -> None:
    cut = _publisher_cut()
    cut = cut[cut["indicator_code"] != "PA.NUS.FCRF"]
    shipped = pd.read_csv(
        Path(__file__).parents[1] / "data" / "ppp.csv", dtype=str, keep_default_na=False
    )
    got = shipped.set_index(["indicator_code", "iso3", "year"])["lcu_per_intl_dollar"]
    wanted = cut.set_index(["indicator_code", "iso3", "year"])["value"]
    assert len(wanted) == 258
    assert got.loc[wanted.index].tolist() == wanted.tolist()  # the same text, digit for digit


def test_shipped_official_rates_are_the_publishers() -> None:
    cut = _publisher_cut()
    cut = cut[cut["indicator_code"] == "PA.NUS.FCRF"]
    shipped = pd.read_csv(
        Path(__file__).parents[1] / "data" / "official_rates.csv", dtype=str, keep_default_na=False
    )
    got = shipped.set_index(["iso3", "year"])
    wanted = cut.set_index(["iso3", "year"])["value"]
    assert len(wanted) == 138
    assert got.loc[wanted.index, "lcu_per_usd"].tolist() == wanted.tolist()
    unit = got["currency"]
    # The unit of each figure: the kuna until Croatia took the euro; a redenomination
    # restated (new Belarusian roubles and leones back to 2015); the euro area's own row.
    assert unit.loc[("HRV", "2022")] == "HRK"
    assert unit.loc[("HRV", "2023")] == "EUR"
    assert set(unit.loc["BLR"]) == {"BYN"}
    assert set(unit.loc["SLE"]) == {"SLE"}
    assert set(unit.loc["EMU"]) == {"EUR"}
    assert set(unit.loc["HTI"]) == {"HTG"}


def test_years_after_the_last_release_only_when_asked() -> None:
    iso = np.array(["USA", "GBR", "IND"], dtype=object)
    used, note = worldbank.years_taken(iso, np.array([2030, 2026, 2020]), beyond="carry")
    assert used.tolist() == [2024, 2024, 2020]
    assert note.tolist() == ["", "PPP factor of 2024 carried forward to 2026", ""]
    used, note = worldbank.years_taken(iso, np.array([2010, 2026, 2020]))
    assert used.tolist() == [2015, 2026, 2020]  # the US factor is 1 in every year
    assert note.tolist() == ["", "", ""]


def test_the_unit_of_a_factor_is_the_tables() -> None:
    iso = np.array(["HRV", "HRV", "LBR", "DEU"], dtype=object)
    years = np.array([2015, 2024, 2020, 2020])
    assert worldbank.ppp_currencies(iso, years).tolist() == ["EUR", "EUR", "USD", "EUR"]
    # a frame without the column: the currency in force that year
    bare = load_ppp().drop(columns="currency")
    assert worldbank.ppp_currencies(iso, years, table=bare).tolist() == [
        "HRK",
        "EUR",
        "LRD",
        "EUR",
    ]
