"""Reference sources (ECB rates, World Bank PPP, BLS CPI-U, BEA RPP): one module each, one protocol.

Every source module offers the same things: a loader of the shipped table (``load_*``), its
``vintage()`` and ``coverage()`` (which keys, which years), and a vectorised factor lookup
that takes a newer table of the same shape. The year-keyed sources share one core,
:class:`coderstats.reference._core.YearTable`: a table is indexed once (the shipped one per
process and content, a user's frame once per frame) into a dense key-by-year array.

The modules load on first access, so ``import coderstats.reference`` reads no data and does
not import pandas:

- :mod:`coderstats.reference.ecb`: euro foreign exchange reference rates (ECB);
- :mod:`coderstats.reference.worldbank`: PPP conversion factors (World Bank WDI);
- :mod:`coderstats.reference.cpi`: CPI-U annual averages (BLS) and constant dollars;
- :mod:`coderstats.reference.rpp`: regional price parities of US states (BEA).

:func:`coderstats.sources` lists the publisher, vintage and licence of every shipped table.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["cpi", "ecb", "official", "rpp", "worldbank"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    msg = f"module {__name__!r} has no attribute {name!r}; the sources are {', '.join(__all__)}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
