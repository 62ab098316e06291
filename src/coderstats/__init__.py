"""coderstats: pay and job outlook of medical coders (SOC 29-2072).

Load the career guide's salary tables and the official reference figures, convert salaries at
dated ECB exchange rates, adjust for purchasing power (World Bank PPP) and inflation (BLS CPI-U),
and build comparison frames and charts.

Names are imported lazily: ``import coderstats`` reads no data and does not import pandas or
matplotlib until a function that needs them is used. The submodules load on first access
too: ``coderstats.charts`` (which imports matplotlib), ``coderstats.compare``,
``coderstats.audit``, ``coderstats.reference.ecb`` and the others.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from coderstats.errors import (
    CoderstatsError,
    CurrencyMismatchError,
    DataIntegrityError,
    DataNotFoundError,
    InvalidAmountError,
    InvalidInputError,
    RateNotFoundError,
    ReportFolderError,
    UnknownCountryError,
    UnknownCurrencyError,
)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from coderstats._coverage import coverage
    from coderstats.audit import audit_guide
    from coderstats.bls import load_oews, load_oews_states, load_projections
    from coderstats.career import cumulative_earnings, payback, remote_pay
    from coderstats.compare import compare_countries, outlook_summary, salary_ladder
    from coderstats.conversion import Conversion, convert, convert_amount
    from coderstats.countries import country_currency
    from coderstats.datasets import (
        LEVELS,
        load_education_paths,
        load_outlook,
        load_regional_notes,
        load_regional_salaries,
        load_salary_by_level,
        load_us_pay_ranges,
        sources,
    )
    from coderstats.reference.cpi import deflate, load_cpi, load_cpi_monthly
    from coderstats.reference.ecb import ExchangeRate, exchange_rate, load_ecb_rates
    from coderstats.reference.official import load_official_rates
    from coderstats.reference.rpp import load_rpp
    from coderstats.reference.worldbank import load_ppp
    from coderstats.wages import compare_states, wage_distribution, wage_history

_LAZY: dict[str, str] = {
    "audit_guide": "coderstats.audit",
    "cumulative_earnings": "coderstats.career",
    "payback": "coderstats.career",
    "remote_pay": "coderstats.career",
    "load_oews": "coderstats.bls",
    "load_oews_states": "coderstats.bls",
    "load_projections": "coderstats.bls",
    "compare_states": "coderstats.wages",
    "wage_distribution": "coderstats.wages",
    "wage_history": "coderstats.wages",
    "load_cpi_monthly": "coderstats.reference.cpi",
    "compare_countries": "coderstats.compare",
    "outlook_summary": "coderstats.compare",
    "salary_ladder": "coderstats.compare",
    "load_rpp": "coderstats.reference.rpp",
    "coverage": "coderstats._coverage",
    "load_official_rates": "coderstats.reference.official",
    "Conversion": "coderstats.conversion",
    "convert": "coderstats.conversion",
    "convert_amount": "coderstats.conversion",
    "ExchangeRate": "coderstats.reference.ecb",
    "exchange_rate": "coderstats.reference.ecb",
    "load_ecb_rates": "coderstats.reference.ecb",
    "deflate": "coderstats.reference.cpi",
    "load_cpi": "coderstats.reference.cpi",
    "country_currency": "coderstats.countries",
    "load_ppp": "coderstats.reference.worldbank",
    "LEVELS": "coderstats.datasets",
    "load_education_paths": "coderstats.datasets",
    "load_outlook": "coderstats.datasets",
    "load_regional_notes": "coderstats.datasets",
    "load_regional_salaries": "coderstats.datasets",
    "load_salary_by_level": "coderstats.datasets",
    "load_us_pay_ranges": "coderstats.datasets",
    "sources": "coderstats.datasets",
}

#: Submodules loaded on first attribute access (``coderstats.charts``).
_SUBMODULES = frozenset(
    {
        "audit",
        "career",
        "career_charts",
        "bls",
        "charts",
        "compare",
        "conversion",
        "countries",
        "datasets",
        "editions",
        "engine",
        "formatting",
        "provenance",
        "reference",
        "report",
        "units",
        "wages",
    }
)

__all__ = [
    "LEVELS",
    "CoderstatsError",
    "Conversion",
    "CurrencyMismatchError",
    "DataIntegrityError",
    "DataNotFoundError",
    "ExchangeRate",
    "InvalidAmountError",
    "InvalidInputError",
    "RateNotFoundError",
    "ReportFolderError",
    "UnknownCountryError",
    "UnknownCurrencyError",
    "__version__",
    "audit_guide",
    "compare_countries",
    "compare_states",
    "convert",
    "convert_amount",
    "country_currency",
    "coverage",
    "cumulative_earnings",
    "deflate",
    "exchange_rate",
    "load_cpi",
    "load_cpi_monthly",
    "load_ecb_rates",
    "load_education_paths",
    "load_oews",
    "load_oews_states",
    "load_official_rates",
    "load_outlook",
    "load_ppp",
    "load_projections",
    "load_regional_notes",
    "load_regional_salaries",
    "load_rpp",
    "load_salary_by_level",
    "load_us_pay_ranges",
    "outlook_summary",
    "payback",
    "remote_pay",
    "salary_ladder",
    "sources",
    "wage_distribution",
    "wage_history",
]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        # Importing a submodule binds it in this namespace, so this runs once per name.
        return importlib.import_module(f"{__name__}.{name}")
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'coderstats' has no attribute {name!r}; see coderstats.__all__"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | _SUBMODULES)
