"""Reference sources (World Bank PPP, BLS CPI-U, BEA RPP), one module each, one protocol.

Every source module offers the same things: a loader of the shipped table (``load_*``), its
``vintage()`` and ``coverage()`` (which keys, which years), and a vectorised factor lookup
that takes a newer table of the same shape (``table=``). They share one core,
:class:`coderstats.sources._core.YearTable`: a table is indexed once (the shipped one per
process and content, a user's frame once per frame) into a dense key-by-year array.

The modules load on first access, so ``import coderstats.sources`` reads no data and does
not import pandas:

- :mod:`coderstats.sources.worldbank`: PPP conversion factors (World Bank WDI);
- :mod:`coderstats.sources.cpi`: CPI-U annual averages (BLS) and constant dollars;
- :mod:`coderstats.sources.rpp`: regional price parities of US states (BEA).

Python binds an imported subpackage to its parent's attribute of the same name, so
``coderstats.sources`` is this package as soon as any source is used. Called, the package
does what the function :func:`coderstats.datasets.sources` does (the table of every shipped
table's publisher, vintage, licence and file): ``coderstats.sources()`` keeps working.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["cpi", "rpp", "worldbank"]


class _CallablePackage(types.ModuleType):
    """This package, callable as :func:`coderstats.datasets.sources`."""

    def __call__(self) -> pd.DataFrame:
        """One row per shipped table: publisher, title, vintage, licence, file, sha256.

        Examples
        --------
        >>> import coderstats.sources
        >>> "cpi_u" in coderstats.sources()["table"].tolist()
        True
        """
        from coderstats.datasets import sources

        return sources()


sys.modules[__name__].__class__ = _CallablePackage


def __getattr__(name: str) -> Any:
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    msg = f"module {__name__!r} has no attribute {name!r}; the sources are {', '.join(__all__)}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
