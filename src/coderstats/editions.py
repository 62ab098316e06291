"""Which BLS edition and code each of the guide's outlook figures comes from.

The guide's outlook figures ($47,180 median pay, 7 % growth, about 34,300 openings a year,
about 18,700 new jobs) carry its own labels ("May 2023", "2022-2032"). Here each is matched
against every OEWS May year and every Employment Projections edition the package holds, for
each code and for the sum of the two codes of one edition, so that a verdict can name the
edition the figure came from, and whether the match is exact, a rounding or an inference from
a sum.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from coderstats.bls import load_oews, load_projections
from coderstats.datasets import load_outlook

__all__ = ["pin_outlook_claims"]

#: The guide's outlook metrics, and the BLS column each is matched against.
_PROJECTION_FIELD = {
    "employment_pct_change": ("pct_change", 1.0),
    "annual_openings": ("annual_openings_thousands", 1000.0),
    "employment_change": ("change_thousands", 1000.0),
}


def _candidates_pay() -> list[dict[str, Any]]:
    """Every OEWS May median annual wage held, one per May year and code."""
    oews = load_oews()
    years = oews["may_year"].astype(int).tolist()
    codes = oews["occ_code"].astype(str).tolist()
    medians = oews["a_median"].astype(float).tolist()
    return [
        {"source": f"OEWS May {y}", "edition": f"May {y}", "occ_code": c, "bls_value": m}
        for y, c, m in zip(years, codes, medians, strict=True)
    ]


def _candidates_projection(field: str, scale: float) -> list[dict[str, Any]]:
    """Every edition's figure for each code, and the sum of the edition's two codes."""
    ep = load_projections()
    out = []
    for edition, rows in ep.groupby("edition", sort=True):
        values = rows[field].astype(float) * scale
        for code, value in zip(rows["occ_code"], values, strict=True):
            if not np.isnan(value):
                out.append({"edition": edition, "occ_code": code, "bls_value": float(value)})
        if len(rows) == 2 and values.notna().all() and field != "pct_change":
            codes = " + ".join(rows["occ_code"])
            out.append({"edition": edition, "occ_code": codes, "bls_value": float(values.sum())})
    for item in out:
        item["source"] = f"Employment Projections {item['edition']}"
    return out


def _kind(guide: float, candidate: dict[str, Any], metric: str) -> str | None:
    """How a BLS figure matches the guide's: exact, rounded, a sum (inference), or None."""
    value = candidate["bls_value"]
    summed = "+" in candidate["occ_code"]
    if abs(value - guide) < 1e-6:
        return "inference: sum of two codes" if summed else "exact"
    if metric == "employment_pct_change" and np.floor(value + 0.5) == guide:
        return "rounded to a whole percent, as the Handbook prints it"
    return None


def pin_outlook_claims() -> pd.DataFrame:
    """Each outlook figure of the guide against every BLS edition and code the package holds.

    Returns
    -------
    pandas.DataFrame
        One row per guide figure and matching edition (one row with ``match`` missing when
        nothing matches): ``metric``, ``guide_value``, ``guide_label`` (the period the guide
        names), ``source`` (``"OEWS May 2022"``, ``"Employment Projections 2021-31"``),
        ``edition``, ``occ_code`` (``"29-2098 + 29-9098"`` for a sum), ``bls_value`` (in the
        guide's unit: USD per year, percent, jobs), ``match`` (``"exact"``, ``"rounded to a
        whole percent ..."``, ``"inference: sum of two codes"``), ``label_agrees`` (whether
        the guide's period names that edition) and ``verdict``.

    Examples
    --------
    >>> pins = pin_outlook_claims()
    >>> pay = pins[pins["metric"] == "median_pay_annual"].iloc[0]
    >>> pay["source"], pay["occ_code"], pay["match"], bool(pay["label_agrees"])
    ('OEWS May 2022', '29-2072', 'exact', False)
    >>> pins.loc[pins["metric"] == "employment_change", "verdict"].item()
    'no edition or code held matches 18,700 (editions 2016-26 to 2024-34)'
    """
    outlook = load_outlook()
    guide = outlook[(outlook["source"] == "guide") & outlook["value"].notna()]
    rows = []
    claims = zip(
        guide["metric"].astype(str),
        guide["value"].astype(float),
        guide["period"].astype(str),
        strict=True,
    )
    for metric, value, label in claims:
        if metric == "median_pay_annual":
            candidates = _candidates_pay()
        else:
            candidates = _candidates_projection(*_PROJECTION_FIELD[metric])
        found = [(c, k) for c in candidates if (k := _kind(value, c, metric)) is not None]
        base = {"metric": metric, "guide_value": value, "guide_label": label}
        if not found:
            verdict = f"no edition or code held matches {value:,.0f} (editions 2016-26 to 2024-34)"
            rows.append({**base, "match": None, "label_agrees": False, "verdict": verdict})
        for cand, kind in found:
            agrees = _label_agrees(label, cand["edition"])
            rows.append({**base, **cand, "match": kind, "label_agrees": agrees,
                         "verdict": _verdict(value, cand, kind, label, agrees)})  # fmt: skip
    cols = ["metric", "guide_value", "guide_label", "source", "edition", "occ_code",
            "bls_value", "match", "label_agrees", "verdict"]  # fmt: skip
    return pd.DataFrame(rows).reindex(columns=cols)


def _label_agrees(label: str, edition: str) -> bool:
    """``"2022-2032"`` names edition ``"2022-32"``; ``"May 2023"`` names ``"May 2023"``."""
    if label.startswith("May"):
        return label == edition
    parts = label.split("-")
    return len(parts) == 2 and f"{parts[0]}-{parts[1][-2:]}" == edition


def _verdict(value: float, cand: dict[str, Any], kind: str, label: str, agrees: bool) -> str:
    where = f"{cand['source']}, {cand['occ_code']}"
    shown = f"{cand['bls_value']:,.1f}".removesuffix(".0")
    named = "as the guide labels it" if agrees else f"the guide labels it {label}"
    return f"{value:,.0f} matches {shown} in {where} ({kind}); {named}"
