"""Citations: one line per set of sources, a shipped table's sources, the ECB rates' vintage."""

from __future__ import annotations

import ast
from pathlib import Path

from coderstats import compare
from coderstats.compare import compare_countries, outlook_summary, salary_ladder
from coderstats.datasets import sources
from coderstats.provenance import cite, cited, ecb_cited
from coderstats.reference import ecb

SRC = Path(__file__).resolve().parents[1] / "src" / "coderstats"


def test_cite_dedupes_in_order() -> None:
    records = [
        {"publisher": "B", "vintage": "2"},
        {"publisher": "A", "vintage": "1", "title": "ignored"},
        {"publisher": "B", "vintage": "2"},
    ]
    assert cite(records) == "B (2); A (1)"
    assert cite([]) == ""


def test_cite_keeps_one_publisher_with_two_vintages() -> None:
    records = [{"publisher": "A", "vintage": "1"}, {"publisher": "A", "vintage": "2"}]
    assert cite(iter(records)) == "A (1); A (2)"


def test_cited_gives_publisher_title_and_vintage_as_the_data_package_records_them() -> None:
    src = sources()
    for table in src["table"].unique():
        records = cited(str(table))
        rows = src[src["table"] == table]
        assert [r["publisher"] for r in records] == rows["publisher"].tolist()
        assert [r["title"] for r in records] == rows["source_title"].tolist()
        assert [r["vintage"] for r in records] == rows["vintage"].tolist()
        assert all(set(r) == {"publisher", "title", "vintage"} for r in records)


def test_cited_keeps_the_sources_whose_title_matches() -> None:
    (gdp,) = cited("ppp", keep=["PA.NUS.PPP"])
    assert gdp["publisher"] == "World Bank"
    assert "PA.NUS.PPP" in gdp["title"]
    both = cited("outlook", keep=["career guide", "Employment Projections"])
    assert len(both) == 2
    assert "Occupational Outlook Handbook" not in cite(both)


def test_cited_keeps_every_source_when_nothing_matches() -> None:
    assert cited("ppp", keep=["no such title"]) == cited("ppp")
    assert cited("no such table") == []


def test_ecb_cited_names_the_last_fixing_of_the_bundled_history() -> None:
    last = ecb.bounds("USD")[1]
    assert ecb_cited(2023) == {
        "publisher": "European Central Bank",
        "title": "euro foreign exchange reference rates, 2023 annual mean",
        "vintage": f"eurofxref-hist to {last.isoformat()}",
    }


def test_frames_cite_through_provenance() -> None:
    countries = compare_countries(year=2024)
    assert countries.attrs["sources"] == [
        *cited("regional_salaries"),
        ecb_cited(2024),
        *cited("ppp", keep=["PA.NUS.PRVT.PP"]),
    ]
    assert salary_ladder().attrs["sources"] == cited("salary_by_level")
    assert outlook_summary().attrs["sources"] == cited(
        "outlook", keep=["career guide", "Employment Projections"]
    )


def test_compare_no_longer_offers_citation_or_money_helpers() -> None:
    assert "cite" not in compare.__all__
    assert "format_money" not in compare.__all__


def _imports(module: str) -> list[tuple[str, str]]:
    """(module, name) of every ``from coderstats... import name`` in a module of the package."""
    tree = ast.parse((SRC / f"{module}.py").read_text(encoding="utf-8"))
    return [
        (node.module or "", alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("coderstats")
        for alias in node.names
    ]


def test_citations_and_money_are_imported_from_their_own_modules_by_public_names() -> None:
    homes = {
        "cite": "coderstats.provenance",
        "cited": "coderstats.provenance",
        "ecb_cited": "coderstats.provenance",
        "format_money": "coderstats.formatting",
        "format_range": "coderstats.formatting",
        "format_figure": "coderstats.formatting",
        "compact_money": "coderstats.formatting",
    }
    # The private helpers these replaced, imported across modules before.
    private = {"_cited", "_ecb_cited", "_money"}
    for module in ("audit", "charts", "compare", "report"):
        for source, name in _imports(module):
            assert name not in private, (module, source, name)
            if name in homes:
                assert source == homes[name], (module, source, name)
