"""The report: every chart, comparison table and shipped table, with index.md, in one folder.

:func:`write_report` never destroys what it did not write. The folder carries a manifest,
``.coderstats-report.json``, naming the files the report wrote, and the rules are:

* a missing folder is created, an empty one is written into;
* a folder holding a manifest is an earlier report: the files it lists, and the files written
  now, are replaced; a file the report no longer writes is removed if the manifest lists it;
  anything else in the folder (a user's notes, a subfolder) is left alone;
* any other folder (files but no manifest) is refused, as is a path that is a file or a
  symbolic link to nothing; a symbolic link to a folder is written through, never replaced.

Every file is drawn in memory first, written to a temporary file beside its final name and
moved into place with :func:`os.replace` only when all of them are written, so a full disk
or a read-only folder leaves the earlier report as it was. Two runs into the same folder take
turns (an exclusive lock on the folder), so the folder always ends with one whole report.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coderstats import __version__
from coderstats._options import INDICATORS
from coderstats.errors import Hint, RateNotFoundError, ReportFolderError

if sys.platform != "win32":
    import fcntl

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MANIFEST", "REPORT_CURRENT_PAY", "latest_year", "write_report", "years"]

#: The current pay (USD a year, in the US) of the example reader of the report's payback
#: figures: the US retail worker of notebook 06. Anybody's own figure goes to
#: ``coderstats payback --current-pay``.
REPORT_CURRENT_PAY = 32_000

#: The file in a report folder that names the files the report wrote there.
MANIFEST = ".coderstats-report.json"

_VERDICTS = ("consistent", "mislabelled", "inconsistent", "not checkable")


def years(indicator: str = "private_consumption") -> range:
    """The years every source of the report covers, from the data.

    ECB rates and World Bank PPP factors (``indicator``) for every country of the guide's
    table (:func:`coderstats.compare.years`) and the BLS CPI-U (the payback figures).

    Examples
    --------
    >>> years(), years("gdp")
    (range(2015, 2025), range(2015, 2025))
    """
    from coderstats import compare
    from coderstats._options import choice
    from coderstats.reference import cpi

    indicator = choice(indicator, tuple(INDICATORS), "indicator")
    countries = compare.years(indicator=indicator)
    first_cpi = int(cpi.load_cpi()["year"].min())
    return range(max(countries[0], first_cpi), min(countries[-1], cpi.latest_year()) + 1)


def latest_year(indicator: str = "private_consumption") -> int:
    """The report's default year: the latest that every source covers (see :func:`years`)."""
    return years(indicator)[-1]


@dataclass(frozen=True)
class _Scope:
    """The year and PPP indicator of a report, checked."""

    year: int
    indicator: str

    @classmethod
    def of(cls, year: int | None, indicator: str) -> _Scope:
        from coderstats._options import whole_year

        covered = years(indicator)
        if year is None:
            return cls(covered[-1], indicator)
        year = whole_year(year)
        if year not in covered:
            msg = (
                f"no report for {year}: every source of the report (ECB rates and World Bank "
                f"PPP for each country of the guide, BLS CPI-U) covers {covered[0]}-{covered[-1]}"
            )
            hint = Hint("year", covered[-1], "for the latest year every source covers")
            raise RateNotFoundError(msg, hints=(hint,))
        return cls(year, indicator)


# --------------------------------------------------------------------------------------------
# What the report holds
# --------------------------------------------------------------------------------------------


def _report_tables() -> list[tuple[str, str, Callable[[], object]]]:
    """(file name, description, producer) for every shipped table the report writes."""
    from coderstats import datasets
    from coderstats.reference import cpi, rpp, worldbank

    return [
        (
            "salary_by_level.csv",
            "US pay by experience level (guide)",
            datasets.load_salary_by_level,
        ),
        (
            "regional_salaries.csv",
            "pay by country in local currency (guide)",
            datasets.load_regional_salaries,
        ),
        ("regional_notes.csv", "the guide's remarks per region", datasets.load_regional_notes),
        ("us_pay_ranges.csv", "other US pay ranges (guide)", datasets.load_us_pay_ranges),
        ("outlook.csv", "job outlook: guide and BLS 2023-33", datasets.load_outlook),
        ("education_paths.csv", "education paths (guide)", datasets.load_education_paths),
        (
            "ppp.csv",
            "World Bank PPP conversion factors, private consumption and GDP, 2015-2024",
            worldbank.load_ppp,
        ),
        ("cpi_u.csv", "BLS CPI-U annual averages, 2000-2025", cpi.load_cpi),
        ("rpp_states.csv", "BEA regional price parities by state, 2015-2023", rpp.load_rpp),
    ]


def _cite(cited: Sequence[dict[str, str]]) -> str:
    """The sources as one cell of index.md (no ``|``, which would split the cell)."""
    from coderstats.provenance import cite

    return cite(cited).replace("|", "/")


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _comparison_frames(scope: _Scope) -> dict[str, tuple[str, str, pd.DataFrame]]:
    """The comparison frames the charts draw: data name -> (file name, description, frame)."""
    from coderstats import compare
    from coderstats._chartkit import ppp_words

    year = scope.year
    return {
        "compare_countries": (
            f"countries_{year}.csv",
            f"pay per country and segment: local, market USD and PPP international $ "
            f"({year}, {ppp_words(scope.indicator)}), share of US pay, ranks, the guide's "
            "approx. USD beside the computed figure",
            compare.compare_countries(year=year, indicator=scope.indicator),
        ),
        "salary_ladder": (
            "salary_ladder.csv",
            "US pay by level with experience bands, step to the next level and yearly growth",
            compare.salary_ladder(),
        ),
        "outlook_summary": (
            "outlook_summary.csv",
            "the guide's outlook figures beside the BLS 2023-33 figures, and whether they agree",
            compare.outlook_summary(),
        ),
        "outlook_editions": (
            "outlook_editions.csv",
            "each outlook figure of the guide beside the BLS edition its label names, and the "
            "BLS edition and code it is found in (the outlook chart and the audit)",
            compare.outlook_editions(),
        ),
    }


def _career_frames(scope: _Scope | None = None) -> dict[str, pd.DataFrame]:
    """The career frames: the example reader's months and payback, and remote junior pay."""
    from coderstats import career, datasets
    from coderstats.provenance import cited

    scope = scope or _Scope.of(None, "private_consumption")
    year = scope.year
    junior = float(datasets.load_salary_by_level()["us_median"].iloc[0])
    countries = list(dict.fromkeys(datasets.load_regional_salaries()["iso3"]))
    remote = career.remote_pay(
        junior, "USD", lives_in=countries, year=year, indicator=scope.indicator
    )
    remote.attrs["sources"] = [*cited("salary_by_level"), *remote.attrs["sources"]]
    return {
        "cumulative_earnings": career.cumulative_earnings(
            current_pay=REPORT_CURRENT_PAY, year=year
        ),
        "payback": career.payback(current_pay=REPORT_CURRENT_PAY, year=year),
        "remote_pay": remote,
    }


class _Report:
    """The files of a report, name -> bytes, with their index entries and the HTML page."""

    def __init__(self, scope: _Scope) -> None:
        from coderstats.report_html import Page

        self.scope = scope
        self.files: dict[str, bytes] = {}
        self.entries: list[tuple[str, str, str]] = []
        self.page = Page(scope.year, scope.indicator)

    def add(self, name: str, data: bytes, description: str, cite: str) -> None:
        self.files[name] = data
        self.entries.append((name, description, cite))

    def chart(self, chart: Any, frame: pd.DataFrame) -> None:
        """Draw ``chart`` of ``frame`` as PNG and SVG, and put it on the page."""
        from coderstats import charts

        fig = chart.draw(table=frame)
        cite = _cite(frame.attrs["sources"])
        for fmt in ("png", "svg"):
            self.add(
                f"{chart.name}.{fmt}", charts.render(fig, fmt), f"chart: {chart.description}", cite
            )
        self.page.add_chart(
            chart.name,
            fig,
            self.files[f"{chart.name}.svg"],
            description=chart.description,
            cite=cite,
        )

    def table(self, name: str, description: str, frame: pd.DataFrame, cite: str) -> None:
        self.add(name, _csv(frame), description, cite)


def _bls_frames() -> dict[str, tuple[str, str, pd.DataFrame]]:
    """The frames of the BLS charts: data name -> (file name, description, frame)."""
    from coderstats import wages

    return {
        "wage_history": (
            "wage_history.csv",
            "BLS OEWS annual wage percentiles and mean of medical coders' code, May 2015-2025, "
            "nominal and in constant May 2025 dollars (CPI-U of May), code breaks marked",
            wages.wage_history(),
        ),
        "compare_states": (
            "states_2023.csv",
            "BLS OEWS May 2023 state mean wages of 29-2072, nominal and in national-average "
            "dollars with BEA RPP, ranked",
            wages.compare_states(year=2023),
        ),
    }


def _payback_entry(payback: pd.DataFrame) -> tuple[str, str]:
    description = (
        f"months until each education path pays back, gains at 5 and 10 years and NPV "
        f"(low/central/high), for an example reader paid {REPORT_CURRENT_PAY:,} USD a year "
        f"in the US, in {payback.attrs['unit']}; run coderstats payback for your own pay"
    )
    return description, _cite(payback.attrs["sources"])


def _audit(rep: _Report) -> pd.DataFrame:
    """The audit's CSV and summary into the report; the claims for the page."""
    from coderstats.audit import audit_guide
    from coderstats.datasets import sources

    src = sources()
    claims = audit_guide()
    guide = src.loc[src["table"] == "salary_by_level", ["publisher", "vintage"]].iloc[0]
    refs = [part.strip() for ref in claims["reference"] for part in ref.split(";")]
    checked = [ref for ref in dict.fromkeys(refs) if not ref.startswith("the guide")]
    audit_cite = _cite([{"publisher": guide["publisher"], "vintage": guide["vintage"]}])
    audit_cite = "; ".join([audit_cite, *checked]).replace("|", "/")
    rep.table(
        "audit.csv", "every checkable claim of the guide with its verdict", claims, audit_cite
    )
    summary = _audit_markdown(claims).encode("utf-8")
    rep.add("audit.md", summary, "the audit in short: verdicts and what does not hold", audit_cite)
    rep.page.add_table(
        "audit.csv",
        "Audit of the guide's claims",
        claims,
        ("claim", "verdict", "explanation"),
        cite=audit_cite,
        intro=_audit_markdown(claims).split("\n")[2],
    )
    return src


def _shipped_tables(rep: _Report, src: pd.DataFrame) -> None:
    import pandas as pd

    for name, description, producer in _report_tables():
        shipped = producer()
        assert isinstance(shipped, pd.DataFrame)
        table = name.removesuffix(".csv")
        cited = src.loc[src["table"] == table, ["publisher", "vintage"]]
        records = [
            {"publisher": str(p), "vintage": str(v)} for p, v in cited.itertuples(index=False)
        ]
        rep.table(name, description, shipped, _cite(records))


#: The tables of the page: data name -> (caption, columns shown).
_PAGE_TABLES = {
    "compare_countries": (
        "Pay per country: local, at market rates and at PPP",
        (
            "country",
            "segment",
            "currency",
            "low",
            "high",
            "market_usd_mid",
            "ppp_intd_mid",
            "share_of_us_market",
            "share_of_us_ppp",
        ),
    ),
    "salary_ladder": (
        "US pay by career level (the guide)",
        ("level", "experience_band", "us_median", "us_average", "step_median_pct"),
    ),
    "outlook_summary": (
        "Job outlook: the guide beside the BLS",
        (
            "metric",
            "unit",
            "guide_value",
            "guide_period",
            "bls_value",
            "bls_soc_code",
            "bls_period",
            "relative_difference",
            "agrees",
        ),
    ),
    "outlook_editions": (
        "Job outlook: each figure of the guide, the BLS edition its label names, and where it "
        "is found",
        (
            "metric",
            "guide_value",
            "guide_period",
            "bls_edition",
            "bls_value",
            "found_source",
            "found_code",
            "match",
            "verdict",
        ),
    ),
}


def _fill_report(rep: _Report) -> None:
    """Draw every chart and table of the report into ``rep``."""
    from coderstats import bls_charts, career_charts, charts

    frames = _comparison_frames(rep.scope)
    for chart in charts.CHARTS:
        rep.chart(chart, frames[chart.data][2])
    career = _career_frames(rep.scope)
    for chart in career_charts.CHARTS:
        rep.chart(chart, career[chart.data])
    bls = _bls_frames()
    for chart in bls_charts.CHARTS:
        rep.chart(chart, bls[chart.data][2])
    for data, (name, description, frame) in frames.items():
        cite = _cite(frame.attrs["sources"])
        rep.table(name, description, frame, cite)
        caption, columns = _PAGE_TABLES[data]
        rep.page.add_table(name, caption, frame, columns, cite=cite)
    for name, description, frame in bls.values():
        rep.table(name, description, frame, _cite(frame.attrs["sources"]))
    payback = career["payback"]
    description, cite = _payback_entry(payback)
    rep.table("career_payback.csv", description, payback, cite)
    columns = ("name", "scenario", "cost", "study_months", "payback_months", "gain_10y")
    rep.page.add_table(
        "career_payback.csv",
        "When each education path pays back",
        payback,
        columns,
        cite=cite,
        intro=description[:1].upper() + description[1:] + ".",
    )
    src = _audit(rep)
    _shipped_tables(rep, src)
    page = rep.page.render([*rep.entries, ("index.md", "the same list as text", "")], src)
    rep.add("index.html", page.encode("utf-8"), "the report as one page", "")


def _audit_markdown(claims: pd.DataFrame) -> str:
    """A short audit.md: counts per verdict, then every claim that is not consistent."""
    counts = claims["verdict"].value_counts()
    lines = [
        "# Audit of the guide's claims",
        "",
        f"{len(claims)} claims: "
        + ", ".join(f"{int(counts.get(v, 0))} {v}" for v in _VERDICTS)
        + ". The full table with references and computed values is in audit.csv.",
        "",
    ]
    for verdict in _VERDICTS[1:]:
        rows = claims[claims["verdict"] == verdict]
        if len(rows):
            lines += [f"## {verdict.capitalize()}", ""]
            lines += [
                f"- **{r.claim}**: {str(r.explanation).rstrip('.')}."
                for r in rows.itertuples(index=False)
            ]
            lines.append("")
    return "\n".join(lines)


def _index(rep: _Report) -> str:
    lines = [
        "# coderstats report",
        "",
        f"Charts and comparison tables from the shipped data; country figures for "
        f"{rep.scope.year} ({rep.scope.indicator.replace('_', ' ')} PPP). Open index.html "
        "for the whole report as one page.",
        f"Regenerate with `coderstats report --year {rep.scope.year} --indicator "
        f"{rep.scope.indicator} --out DIR`.",
        "",
        "| file | what it holds | sources |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {description} | {cite} |" for name, description, cite in rep.entries]
    return "\n".join([*lines, ""])


def _report_files(scope: _Scope) -> dict[str, bytes]:
    """Every file of the report, name -> bytes, in the order written; index.md last."""
    rep = _Report(scope)
    _fill_report(rep)
    rep.files["index.md"] = _index(rep).encode("utf-8")
    return rep.files


# --------------------------------------------------------------------------------------------
# The folder
# --------------------------------------------------------------------------------------------


def _plain_name(name: object) -> bool:
    """Whether a manifest entry is a file name inside the folder (no path, not the manifest)."""
    return (
        isinstance(name, str)
        and name not in ("", ".", "..", MANIFEST)
        and "/" not in name
        and "\\" not in name
        and "\0" not in name
    )


def _read_manifest(folder: Path) -> list[str] | None:
    """The files an earlier report wrote into ``folder``; None when it holds no manifest."""
    path = folder / MANIFEST
    if not path.exists() and not path.is_symlink():
        return None
    try:
        manifest: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problem = exc.strerror if isinstance(exc, OSError) else "not valid JSON"
        manifest = {"error": problem}
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if isinstance(files, list) and all(_plain_name(name) for name in files):
        return [str(name) for name in files]
    msg = (
        f"{folder} holds a damaged report manifest {MANIFEST}, so which files are the report's "
        "is not known; choose an empty or new folder, or delete the folder's old report files "
        f"and {MANIFEST} yourself"
    )
    raise ReportFolderError(msg)


def _listing(names: Sequence[str], most: int = 3) -> str:
    shown = ", ".join(sorted(names)[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _earlier_report(folder: Path) -> list[str]:
    """The files of the earlier report in ``folder`` ([] when it is missing or empty).

    Raises ReportFolderError if ``folder`` cannot hold the report: it is a file, a dangling
    symbolic link, or a folder with files that no report wrote.
    """
    if folder.is_symlink() and not folder.exists():
        target = folder.readlink()
        msg = (
            f"{folder} is a symbolic link to {target}, which does not exist; create that "
            "folder or choose another one"
        )
        raise ReportFolderError(msg)
    if not folder.exists():
        return []
    if not folder.is_dir():
        msg = f"{folder} exists and is not a folder; choose a folder path"
        raise ReportFolderError(msg)
    old = _read_manifest(folder)
    if old is not None:
        return old
    present = [entry.name for entry in folder.iterdir()]
    if present:
        msg = (
            f"{folder} already holds files that no coderstats report wrote "
            f"({_listing(present)}); choose an empty or new folder, or the folder of an "
            "earlier report"
        )
        raise ReportFolderError(msg)
    return []


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (waits for another report writing there)."""
    if sys.platform == "win32":  # pragma: no cover - no flock; runs are not serialised
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _manifest(names: Sequence[str], *, complete: bool) -> bytes:
    record = {
        "generator": "coderstats report",
        "version": __version__,
        "complete": complete,
        "files": list(names),
    }
    return (json.dumps(record, indent=2) + "\n").encode("utf-8")


def _replace(folder: Path, files: dict[str, bytes], old: Sequence[str]) -> None:
    """Put ``files`` into ``folder``, which holds the report files ``old``; nothing else moves.

    The manifest goes in first, naming the old files and the new ones, so that a run killed
    half-way leaves a folder whose every report file is still known as the report's; the
    final manifest, naming only the files written now, goes in last.
    """
    from coderstats._data import atomic_write_bytes, atomic_write_files

    blocked = [name for name in files if (folder / name).is_dir()]
    if blocked:
        msg = (
            f"{folder} holds a folder named {_listing(blocked)} where the report writes a "
            "file; move it away or choose another folder"
        )
        raise ReportFolderError(msg)
    every = list(dict.fromkeys([*files, *old]))
    staged = {folder / MANIFEST: _manifest(every, complete=False)}
    staged.update({folder / name: data for name, data in files.items()})
    atomic_write_files(staged)
    for name in old:
        path = folder / name
        if name not in files and (path.is_symlink() or path.is_file()):
            path.unlink(missing_ok=True)
    atomic_write_bytes(folder / MANIFEST, _manifest(list(files), complete=True))


@contextmanager
def _folder_errors(folder: Path, doing: str, advice: str) -> Iterator[None]:
    """Turn an OSError while ``doing`` something to ``folder`` into a one-line ReportFolderError."""
    try:
        yield
    except ReportFolderError:
        raise
    except OSError as exc:
        msg = f"{folder}: {doing} failed ({exc.strerror or exc}); {advice}"
        raise ReportFolderError(msg) from exc


def write_report(
    out_dir: str | Path, *, year: int | None = None, indicator: str = "private_consumption"
) -> list[Path]:
    """Write every chart (PNG, SVG), table (CSV), index.html and index.md into a folder.

    Parameters
    ----------
    out_dir : str or path
        The report folder: a new or empty folder, or the folder of an earlier report (see
        the module's description for what is replaced and what is left alone).
    year : int, optional
        Year of the country figures, exchange rates, PPP factors and payback dollars;
        default: the latest that every source covers (:func:`latest_year`).
    indicator : {"private_consumption", "gdp"}
        World Bank PPP indicator of the country figures.

    Returns
    -------
    list of pathlib.Path
        The files written (``out_dir / name``), in the order of index.md; index.md last.

    Raises
    ------
    InvalidInputError
        An unknown indicator or a year that is not a whole number.
    RateNotFoundError
        A year some source does not cover (the message gives the years they all cover).
    ReportFolderError
        If the folder cannot hold the report (a file, a dangling symbolic link, a folder with
        files no report wrote) or a write fails (no permission, a full disk). The folder keeps
        what it held before.
    """
    scope = _Scope.of(year, indicator)
    out = Path(out_dir).expanduser()
    # Refuse an unusable folder before the slow part too, not only after it. The lock waits
    # for a run writing there now, whose half-moved files would look like a stranger's.
    with _folder_errors(out, "reading the folder", "choose a folder you can read and write"):
        if out.is_dir():
            with _locked(out):
                _earlier_report(out)
        else:
            _earlier_report(out)
    files = _report_files(scope)
    with _folder_errors(out, "creating the folder", "choose a folder path you can write to"):
        out.mkdir(parents=True, exist_ok=True)
    unchanged = "its files are as they were. Choose a writable folder on a disk with free space"
    with _folder_errors(out, "writing the report", unchanged), _locked(out):
        old = _earlier_report(out)  # again: another run may have written meanwhile
        _replace(out, files, old)
    return [out / name for name in files]
