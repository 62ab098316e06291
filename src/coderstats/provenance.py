"""Where the figures come from: the citations attached to frames, charts, audits and reports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from coderstats.datasets import sources

__all__ = ["cite", "cited", "ecb_cited"]


def cited(table: str, *, keep: Sequence[str] = ()) -> list[dict[str, str]]:
    """Publisher, title and vintage of a shipped table's sources.

    Parameters
    ----------
    table : str
        Name of a shipped table, as :func:`coderstats.sources` lists it (e.g. ``"ppp"``).
    keep : sequence of str
        Keep only the sources whose title contains one of these strings; all of the
        table's sources when none of them matches (or ``keep`` is empty).

    Returns
    -------
    list of dict
        One ``{"publisher", "title", "vintage"}`` per source, in the order of
        :func:`coderstats.sources`.

    Examples
    --------
    >>> [c["publisher"] for c in cited("outlook")]
    ['Himalayas', 'U.S. Bureau of Labor Statistics', 'U.S. Bureau of Labor Statistics']
    >>> [c["title"].split()[-1] for c in cited("ppp", keep=["PA.NUS.PPP"])]
    ['PA.NUS.PPP']
    >>> len(cited("ppp")), len(cited("ppp", keep=["no such title"]))
    (2, 2)
    """
    src = sources()
    rows = src[src["table"] == table]
    if keep:
        hit = np.zeros(len(rows), dtype=bool)
        for part in keep:
            hit |= rows["source_title"].str.contains(part, regex=False).to_numpy(dtype=bool)
        rows = rows[hit] if hit.any() else rows
    cols = ["publisher", "source_title", "vintage"]
    records = rows[cols].rename(columns={"source_title": "title"}).to_dict("records")
    return [{str(k): str(v) for k, v in rec.items()} for rec in records]


def ecb_cited(year: int) -> dict[str, str]:
    """The ECB reference rates behind a market-rate conversion, with the history's last fixing.

    Parameters
    ----------
    year : int
        The year whose annual mean the conversion uses.

    Returns
    -------
    dict
        ``{"publisher", "title", "vintage"}``: the ``ecb_rates`` source of
        :func:`coderstats.sources`, whose vintage names the last fixing of the bundled rate
        history (:func:`coderstats.reference.ecb.bounds`).

    Examples
    --------
    >>> ecb = ecb_cited(2024)
    >>> ecb["publisher"], ecb["title"]
    ('European Central Bank', 'euro foreign exchange reference rates, 2024 annual mean')
    >>> ecb["vintage"].startswith("eurofxref-hist to ")
    True
    """
    (record,) = cited("ecb_rates")
    return record | {"title": f"euro foreign exchange reference rates, {year} annual mean"}


def cite(records: Iterable[Mapping[str, str]]) -> str:
    """One line citing sources: ``publisher (vintage)``, each once, joined by ``"; "``.

    Parameters
    ----------
    records : iterable of mappings
        Sources with ``"publisher"`` and ``"vintage"`` keys, e.g. a comparison frame's
        ``attrs["sources"]``.

    Returns
    -------
    str
        The citations in order of first appearance, duplicates left out.

    Examples
    --------
    >>> cite([{"publisher": "World Bank", "vintage": "WDI 2025"},
    ...       {"publisher": "World Bank", "vintage": "WDI 2025"},
    ...       {"publisher": "European Central Bank", "vintage": "eurofxref-hist"}])
    'World Bank (WDI 2025); European Central Bank (eurofxref-hist)'
    """
    parts = [f"{r['publisher']} ({r['vintage']})" for r in records]
    return "; ".join(dict.fromkeys(parts))
