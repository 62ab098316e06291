"""The command line's text renderings of result frames, one function per command."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["audit_text", "compare_text", "coverage_text", "payback_text", "sources_text"]


def compare_text(frame: pd.DataFrame) -> str:
    """The comparison as an aligned text table with a heading and its sources."""
    import pandas as pd

    from coderstats.formatting import format_money
    from coderstats.provenance import cite

    def money(values: pd.Series) -> list[str]:
        return [format_money(v) for v in values.to_numpy(dtype=float)]

    shown = pd.DataFrame(
        {
            "country": frame["country"],
            "segment": frame["segment"],
            "local (per year)": [
                f"{cur} {lo}-{hi}"
                for cur, lo, hi in zip(
                    frame["currency"], money(frame["low"]), money(frame["high"]), strict=True
                )
            ],
        }
    )
    labels = {"market": "market USD", "ppp": "PPP int$"}
    prefixes = {"market": "market_usd", "ppp": "ppp_intd"}
    for b in frame.attrs["bases"]:
        lows = money(frame[f"{prefixes[b]}_low"])
        highs = money(frame[f"{prefixes[b]}_high"])
        shown[labels[b]] = [f"{lo}-{hi}" for lo, hi in zip(lows, highs, strict=True)]
        shown[f"{b} share"] = [f"{s:.0%}" for s in frame[f"share_of_us_{b}"].to_numpy(float)]
        shown[f"{b} rank"] = frame[f"rank_{b}"].astype(str)
    year = frame.attrs["year"]
    reference = frame.attrs["us_reference_usd"]
    head = (
        f"Medical coder pay by country, {year}, per year. Shares are of the US reference, "
        f"the {frame.attrs['us_reference']}: {reference:,.0f} USD."
    )
    sources = "Sources: " + cite(frame.attrs["sources"])
    return "\n".join([head, "", shown.to_string(index=False), "", sources])


def audit_text(claims: pd.DataFrame) -> str:
    """Each claim: verdict, id and claim, then the explanation and the reference, indented."""
    return "\n".join(
        f"[{row.verdict}] {row.claim_id}: {row.claim}\n    {row.explanation}\n"
        f"    reference: {row.reference}"
        for row in claims.itertuples(index=False)
    )


# --------------------------------------------------------------------------------------------
# payback
# --------------------------------------------------------------------------------------------


def payback_text(frame: pd.DataFrame) -> str:
    """The scenarios as an aligned table, with the unit, the reader's pay and the sources."""
    from coderstats.formatting import format_money
    from coderstats.provenance import cite

    attrs, pay = frame.attrs, frame.attrs["current_pay"]
    shown = frame[["name", "scenario", "study_months", "payback_months"]].round({"study_months": 1})
    shown["payback_months"] = shown["payback_months"].astype("string").fillna("beyond horizon")
    for column in ("cost", "gain_5y", "gain_10y", "npv"):
        shown[column] = [format_money(v) for v in frame[column].to_numpy(float)]
    head = (
        f"Payback against staying put at {format_money(pay['amount'])} {pay['currency']} a year; "
        f"amounts in {attrs['unit']}, horizon {attrs['horizon_years']} years."
    )
    sources = "Sources: " + cite(attrs["sources"])
    return "\n".join([head, "", shown.to_string(index=False), "", sources])


# --------------------------------------------------------------------------------------------
# sources, check-data
# --------------------------------------------------------------------------------------------


def sources_text(frame: pd.DataFrame) -> str:
    """One line per source: table, publisher, title and vintage."""
    return "\n".join(
        f"{row.table}: {row.publisher} — {row.source_title} ({row.vintage})"
        for row in frame.itertuples(index=False)
    )


def coverage_text(frame: pd.DataFrame) -> str:
    """One line per source and key: the years it covers."""
    return "\n".join(
        f"{row.source}: {row.key} {row.first_year}-{row.last_year}"
        for row in frame.itertuples(index=False)
    )
