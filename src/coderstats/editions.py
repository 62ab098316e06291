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
from coderstats.formatting import format_figure

__all__ = ["AGREEMENT_TOLERANCE", "GUIDE_CODES", "outlook_editions", "pin_outlook_claims"]

#: Relative difference within which a guide figure is said to agree with the BLS figure.
AGREEMENT_TOLERANCE = 0.01
#: The occupation each outlook figure of the guide is about: medical coders (29-2072), except
#: the new-jobs figure, which the guide gives for health information technologists and medical
#: registrars (29-9021).
GUIDE_CODES: dict[str, str] = {"employment_change": "29-9021"}
_CODERS = "29-2072"

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


# --------------------------------------------------------------------------------------------
# One story for the audit and the outlook chart

_MATCH_RANK = {"exact": 0, "inference: sum of two codes": 2}


def _start_year(edition: str) -> int:
    """``"May 2022"`` -> 2022, ``"2021-31"`` or ``"2022-2032"`` -> 2021 / 2022."""
    return int(edition.removeprefix("May ").split("-")[0])


def _labelled(metric: str, code: str, label: str) -> dict[str, Any]:
    """The BLS figure of ``metric`` for ``code`` in the edition nearest the guide's label."""
    if metric == "median_pay_annual":
        oews = load_oews()
        rows = oews[(oews["occ_code"] == code) & oews["a_median"].notna()]
        editions = [f"May {y}" for y in rows["may_year"].astype(int)]
        values, titles, source = rows["a_median"], rows["occ_title"], "OEWS {}"
    else:
        field, scale = _PROJECTION_FIELD[metric]
        ep = load_projections()
        rows = ep[(ep["occ_code"] == code) & ep[field].notna()]
        editions = rows["edition"].astype(str).tolist()
        values, titles = rows[field] * scale, rows["occ_title"]
        source = "Employment Projections {}"
    year = _start_year(label)
    i = min(range(len(editions)), key=lambda k: (abs(_start_year(editions[k]) - year), -k))
    return {
        "bls_source": source.format(editions[i]),
        "bls_edition": editions[i],
        "bls_occupation": str(titles.iloc[i]),
        "bls_value": float(values.iloc[i]),
    }


def _found(pins: pd.DataFrame, code: str, label: str, unit: str) -> dict[str, Any]:
    """The edition the guide's figure is found in: the best of its pins, and the others."""
    hits = pins[pins["match"].notna()]
    if hits.empty:
        return {"found_source": "", "found_code": "", "found_value": np.nan, "match": "",
                "also_found": ""}  # fmt: skip
    year = _start_year(label)
    order = sorted(
        range(len(hits)),
        key=lambda k: (
            _MATCH_RANK.get(str(hits["match"].iloc[k]), 1),
            str(hits["occ_code"].iloc[k]) != code,
            abs(_start_year(str(hits["edition"].iloc[k])) - year),
        ),
    )
    best: dict[Any, Any] = hits.iloc[order[0]].to_dict()
    rest = hits.iloc[order[1:]]
    also = [
        f"{source}, {occ}: {format_figure(value, unit)}"
        for source, occ, value in zip(
            rest["source"], rest["occ_code"], rest["bls_value"].astype(float), strict=True
        )
    ]
    return {
        "found_source": str(best["source"]),
        "found_code": str(best["occ_code"]),
        "found_value": float(best["bls_value"]),
        "match": str(best["match"]),
        "also_found": "; ".join(also),
    }


def outlook_editions() -> pd.DataFrame:
    """Each outlook figure of the guide beside the BLS figure of the edition it names.

    The one computation behind the outlook claims of :func:`coderstats.audit.audit_guide`
    and the chart :func:`coderstats.charts.outlook`: for each figure, the BLS figure of the
    same measure, for the occupation the guide's figure is about and the edition nearest the
    guide's own label (OEWS May year, Employment Projections edition), and the edition and
    code the figure is actually found in (:func:`pin_outlook_claims`).

    Returns
    -------
    pandas.DataFrame
        One row per outlook figure of the guide:

        ===================  ==================================================================
        column               meaning
        ===================  ==================================================================
        metric, unit         e.g. ``median_pay_annual``, ``USD per year``
        guide_value          as the guide states it
        guide_period         the guide's label (``May 2023``, ``2022-2032``)
        guide_wording        how the guide words it
        occ_code             the occupation the figure is about: 29-2072 (medical coders), or
                             29-9021 for the new-jobs figure (the guide's attribution)
        bls_source           the edition nearest the guide's label (``OEWS May 2023``,
                             ``Employment Projections 2022-32``)
        bls_edition          that edition alone (``May 2023``, ``2022-32``)
        bls_occupation       the BLS title of ``occ_code`` in that edition
        bls_value            the BLS figure, in the guide's unit
        relative_difference  guide_value / bls_value - 1
        agrees               within :data:`AGREEMENT_TOLERANCE`
        found_source         the edition the guide's figure is found in (empty: none)
        found_code           the code or sum of codes there (``29-2098 + 29-9098``)
        found_value          the figure there, in the guide's unit (NaN: none)
        match                ``exact``, ``rounded to a whole percent ...``, ``inference: sum
                             of two codes`` or empty
        also_found           the other editions and codes that match, ``"; "``-separated
        verdict              ``consistent`` (agrees with the edition it names),
                             ``mislabelled`` (a BLS figure of another edition or code) or
                             ``inconsistent`` (no edition or code held gives it)
        ===================  ==================================================================

        ``attrs["sources"]`` cites the guide and the BLS tables (publisher, title, vintage).

    Notes
    -----
    The found edition is the best match: exact before rounded before a sum of codes, then
    the guide's own occupation, then the edition nearest the guide's label.

    Examples
    --------
    >>> table = outlook_editions().set_index("metric")
    >>> table.loc["median_pay_annual", ["bls_source", "found_source", "verdict"]].tolist()
    ['OEWS May 2023', 'OEWS May 2022', 'mislabelled']
    >>> table["bls_value"].tolist(), table["found_value"].tolist()
    ([48780.0, 8.5, 15000.0, 6200.0], [47180.0, 6.6, 34300.0, nan])
    >>> table["verdict"].tolist()
    ['mislabelled', 'mislabelled', 'mislabelled', 'inconsistent']
    """
    from coderstats.provenance import cited

    outlook = load_outlook()
    guide = outlook[(outlook["source"] == "guide") & outlook["value"].notna()]
    pins = pin_outlook_claims()
    rows = []
    for record in guide.to_dict("records"):
        metric, label = str(record["metric"]), str(record["period"])
        code = GUIDE_CODES.get(metric, _CODERS)
        value = float(record["value"])
        bls = _labelled(metric, code, label)
        found = _found(pins[pins["metric"] == metric], code, label, str(record["unit"]))
        agrees = bool(abs(value / bls["bls_value"] - 1) <= AGREEMENT_TOLERANCE)
        verdict = "consistent" if agrees else "mislabelled" if found["match"] else "inconsistent"
        rows.append({"metric": metric, "unit": str(record["unit"]), "guide_value": value,
                     "guide_period": label, "guide_wording": str(record["wording"]),
                     "occ_code": code, **bls, "relative_difference": value / bls["bls_value"] - 1,
                     "agrees": agrees, **found, "verdict": verdict})  # fmt: skip
    out = pd.DataFrame(rows)
    out.attrs = {
        "sources": [
            *cited("outlook", keep=["career guide"]),
            *cited("oews_national"),
            *cited("projections"),
        ]
    }
    return out
