"""Build the shipped World Bank tables of ``data/`` from the World Bank's own files.

    python data-raw/build_worldbank.py [FOLDER]

FOLDER holds the publisher files (default ``../shared/reference`` beside the repository):

- ``wb_ppp_private_consumption_PA.NUS.PRVT.PP_2015_2024.csv`` (WDI 2025-10-07),
- ``wb_ppp_gdp_PA.NUS.PPP_2015_2024.csv`` (WDI as retrieved 2026-03-05, ISO alpha-2 codes),
- ``wb_official_exchange_rate_PA.NUS.FCRF_2015_2024.csv`` (a 2026 WDI release),
- ``wdi/Metadata_Country_API_PA.NUS.PRVT.PP_DS2_en_csv_v2_14409.csv`` (income groups of
  July 2024),

each a long table (country, code, indicator, year, value) of the World Bank's figures. It
writes ``data/ppp.csv``, ``data/official_rates.csv`` and ``data/wb_countries.csv`` (each to a
temporary file moved into place); then run ``coderstats check-data --update-hashes``.

The currency of each figure is the unit the World Bank states it in, which is not always the
currency in force that year:

- PPP factors: WDI states a country's whole series in its current unit (the euro for Croatia
  back to 2015, the new leone for Sierra Leone), so every year gets the currency in force at
  the release date; Liberia's factors are in US dollars.
- Official exchange rates: the unit in force that year (kuna for Croatia until 2022), except
  that a redenomination is restated in the new unit (BYN, MRU, STN, SLE for every year);
  Venezuela's three years are in bolívares fuertes and Zimbabwe's in Zimbabwe dollars.

Zimbabwe's PPP factors are left out: against its official rates they imply a price level of
0.0002-0.0003, the mark of two different units.
"""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pycountry

from coderstats._data import atomic_write_files
from coderstats.countries import WDI_CODES, _alpha2, _currency_on

ROOT = Path(__file__).resolve().parents[1]
PPP_FILES = {
    "private_consumption": (
        "wb_ppp_private_consumption_PA.NUS.PRVT.PP_2015_2024.csv",
        "2025-10-07",
    ),
    "gdp": ("wb_ppp_gdp_PA.NUS.PPP_2015_2024.csv", "2026-03-05"),
}
CODES = {"private_consumption": "PA.NUS.PRVT.PP", "gdp": "PA.NUS.PPP"}
FCRF_FILE = "wb_official_exchange_rate_PA.NUS.FCRF_2015_2024.csv"
FCRF_VINTAGE = "2026"
META_FILE = "wdi/Metadata_Country_API_PA.NUS.PRVT.PP_DS2_en_csv_v2_14409.csv"
#: Units that the general rules above do not give (see the module's notes).
PPP_UNITS = {"LBR": "USD"}
FCRF_UNITS = {"VEN": "VEF", "ZWE": "ZWL"}
PPP_LEFT_OUT = {"ZWE"}
EURO_AREA = "EMU"


def _alpha3(alpha2: str) -> str:
    if alpha2 == WDI_CODES["XKX"][0]:
        return "XKX"
    found = pycountry.countries.get(alpha_2=alpha2)
    if found is None:
        msg = f"unknown ISO alpha-2 code {alpha2!r} in the GDP PPP file"
        raise SystemExit(msg)
    return str(found.alpha_3)


def _currency(iso3: str, day: date) -> str:
    alpha2 = _alpha2(iso3)
    found = None if alpha2 is None else _currency_on(alpha2, day)
    if found is None:
        msg = f"no currency on record for {iso3} on {day}"
        raise SystemExit(msg)
    return found


def countries(folder: Path) -> pd.DataFrame:
    meta = pd.read_csv(folder / META_FILE, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    frame = pd.DataFrame(
        {
            "iso3": meta["Country Code"],
            "country": meta["TableName"],
            "region": meta["Region"],
            "income_group": meta["IncomeGroup"],
            "is_aggregate": meta["Region"].eq("").map({True: "true", False: "false"}),
        }
    )
    return frame.sort_values("iso3").reset_index(drop=True)


def ppp(folder: Path, economies: set[str]) -> pd.DataFrame:
    parts = []
    for name, (file, vintage) in PPP_FILES.items():
        raw = pd.read_csv(folder / file, dtype=str, keep_default_na=False)
        iso3 = raw["iso3"] if "iso3" in raw else raw["iso2"].map(_alpha3)
        day = date.fromisoformat(vintage)
        part = pd.DataFrame(
            {
                "iso3": iso3,
                "country": raw["country_name"],
                "indicator_code": CODES[name],
                "indicator": name,
                "year": raw["year"].astype("int64"),
                "lcu_per_intl_dollar": raw["value_lcu_per_intl_dollar"],
                "currency": [PPP_UNITS.get(c) or _currency(c, day) for c in iso3],
                "vintage": vintage,
            }
        )
        parts.append(part[part["iso3"].isin(economies - PPP_LEFT_OUT)])
    frame = pd.concat(parts, ignore_index=True)
    order = frame["indicator"].map({name: i for i, name in enumerate(PPP_FILES)})
    return frame.assign(_o=order).sort_values(["_o", "iso3", "year"]).drop(columns="_o")


def _fcrf_unit(iso3: str, year: int) -> str:
    if iso3 == EURO_AREA:
        return "EUR"
    if iso3 in FCRF_UNITS:
        return FCRF_UNITS[iso3]
    then, now = _currency(iso3, date(year, 7, 1)), _currency(iso3, date(2024, 7, 1))
    alpha2 = _alpha2(iso3) or ""
    redenominated = then != now and then.startswith(alpha2) and now.startswith(alpha2)
    return now if redenominated else then


def official_rates(folder: Path, economies: set[str]) -> pd.DataFrame:
    raw = pd.read_csv(folder / FCRF_FILE, dtype=str, keep_default_na=False)
    raw = raw[raw["iso3"].isin(economies | {EURO_AREA})].astype({"year": "int64"})
    frame = pd.DataFrame(
        {
            "iso3": raw["iso3"],
            "country": raw["country_name"],
            "year": raw["year"],
            "lcu_per_usd": raw["value_lcu_per_usd_period_avg"],
            "currency": [_fcrf_unit(c, y) for c, y in zip(raw["iso3"], raw["year"], strict=True)],
            "vintage": FCRF_VINTAGE,
        }
    )
    return frame.sort_values(["iso3", "year"]).reset_index(drop=True)


def _csv(frame: pd.DataFrame) -> bytes:
    out = io.StringIO()
    frame.to_csv(out, index=False, lineterminator="\n")
    return out.getvalue().encode("utf-8")


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT.parent / "shared" / "reference"
    where = countries(folder)
    economies = set(where.loc[where["is_aggregate"] == "false", "iso3"])
    tables = {
        "wb_countries.csv": where,
        "ppp.csv": ppp(folder, economies),
        "official_rates.csv": official_rates(folder, economies),
    }
    atomic_write_files({ROOT / "data" / name: _csv(t) for name, t in tables.items()})
    for name, table in tables.items():
        sys.stdout.write(f"data/{name}: {len(table)} rows\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
