"""What differs between the pandas releases coderstats supports (2.2 and later).

pandas 3 gives text columns the ``str`` dtype (missing cells NaN); pandas 2.2 and 2.3 keep
text in object columns, where ``astype(str)`` would turn a missing cell into the text
``'nan'``. Tables read by coderstats hold text the way the installed pandas does.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["PANDAS_3", "TEXT", "as_text"]

#: Whether the installed pandas is 3.0 or later.
PANDAS_3: bool = int(pd.__version__.split(".", 1)[0]) >= 3

#: The dtype of a text column: ``"str"`` on pandas 3, ``"object"`` before.
TEXT: str = "str" if PANDAS_3 else "object"


def as_text(series: pd.Series[Any]) -> pd.Series[Any]:
    """The values as text, missing cells kept missing (NaN), in the installed pandas' dtype."""
    if PANDAS_3:
        return series.astype("str")
    return series.astype(str).where(series.notna(), float("nan")).astype(object)
