"""Tests of coderstats._readers: cuts of the real publisher files, damaged copies, truncations."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coderstats._readers import (
    ECB_HELP,
    WDI_HELP,
    bad_cell,
    read_ecb_csv,
    read_wdi_csv,
    read_wdi_metadata,
)
from coderstats.errors import DataIntegrityError

DATA = Path(__file__).parent / "data"
# European Central Bank, eurofxref-hist.csv: header and the 24 latest fixing days (LF).
ECB = (DATA / "eurofxref-hist-head.csv").read_bytes()
# World Bank WDI, PA.NUS.PRVT.PP bulk CSV: BOM, 4 preamble lines, header, 8 countries (CRLF).
WDI = (DATA / "API_PA.NUS.PRVT.PP_sample.csv").read_bytes()
# Its Metadata_Country file: header and the same 8 codes; AFG's note runs over 3 lines.
META = (DATA / "Metadata_Country_API_PA.NUS.PRVT.PP_sample.csv").read_bytes()
LABEL = "dir/publisher-file.csv"
Reader = Callable[[bytes, str], Any]
SETTINGS = settings(max_examples=150, deadline=None, database=None)


def _lines(raw: bytes) -> list[bytes]:
    """The lines of a fixture, each with its line break."""
    return raw.splitlines(keepends=True)


def _edit_line(raw: bytes, number: int, edit: Callable[[bytes], bytes]) -> bytes:
    lines = _lines(raw)
    lines[number - 1] = edit(lines[number - 1])
    return b"".join(lines)


def _line_ends(raw: bytes) -> list[int]:
    """Byte offset just after the trailing separator of each line that has one."""
    ends, start = [], 0
    for line in _lines(raw):
        body = line.rstrip(b"\r\n")
        if body.endswith(b","):
            ends.append(start + len(body))
        start += len(line)
    return ends


# --------------------------------------------------------------------------------------------
# The fixtures read as published


def test_ecb_fixture() -> None:
    days, codes, values = read_ecb_csv(ECB, LABEL)
    assert days.dtype == np.int64
    assert values.dtype == np.float64
    assert values.shape == (24, 41) == (len(days), len(codes))
    assert codes[:3] == ["USD", "JPY", "BGN"]
    assert "EUR" not in codes
    assert str(np.datetime64(int(days[0]), "D")) == "2026-10-30"
    assert (np.diff(days) < 0).all()  # newest first, as the ECB writes them
    assert values[0, :2].tolist() == [1.1172, 175.68]
    assert np.isnan(values[:, codes.index("CYP")]).all()  # N/A since the euro changeover


def test_wdi_fixture() -> None:
    out = read_wdi_csv(WDI, LABEL)
    assert set(out) == {
        "iso3",
        "country",
        "indicator_code",
        "year",
        "lcu_per_intl_dollar",
        "vintage",
    }
    assert out["vintage"] == "2022-07-20"
    assert out["iso3"].dtype == object
    assert out["year"].dtype == np.int64
    assert out["lcu_per_intl_dollar"].dtype == np.float64
    assert set(out["iso3"]) == {
        "ABW",
        "AFG",
        "DEU",
        "IND",
        "KOR",
        "USA",
        "ZAF",
    }  # not AFE: no value
    assert set(out["indicator_code"]) == {"PA.NUS.PRVT.PP"}
    value = dict(
        zip(zip(out["iso3"], out["year"], strict=True), out["lcu_per_intl_dollar"], strict=True)
    )
    assert value["DEU", 2021] == 0.780198
    assert value["USA", 2021] == 1.0
    assert value["KOR", 2021] == 995.388567
    # A quoted name with a comma in it stays one field.
    assert set(out["country"][out["iso3"] == "KOR"]) == {"Korea, Rep."}


def test_metadata_fixture() -> None:
    regions = read_wdi_metadata(META, LABEL)
    assert list(regions.items()) == [
        ("ABW", False),
        ("AFE", True),
        ("AFG", False),
        ("DEU", False),
        ("IND", False),
        ("KOR", False),
        ("USA", False),
        ("ZAF", False),
    ]


def test_wdi_with_another_indicator() -> None:
    official = WDI.replace(b'"PA.NUS.PRVT.PP"', b'"PA.NUS.FCRF"')
    with pytest.raises(DataIntegrityError, match=r"line 6, field 'Indicator Code'"):
        read_wdi_csv(official, LABEL)
    out = read_wdi_csv(official, LABEL, {"PA.NUS.FCRF": "official_rate"})
    ppp = read_wdi_csv(WDI, LABEL)
    assert set(out["indicator_code"]) == {"PA.NUS.FCRF"}
    assert np.array_equal(out["lcu_per_intl_dollar"], ppp["lcu_per_intl_dollar"])
    with pytest.raises(DataIntegrityError, match=r"indicator/PA\.NUS\.FCRF"):
        read_wdi_csv(official.replace(b'"2021"', b'"Y2021"'), LABEL, {"PA.NUS.FCRF": "x"})


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda raw: raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), id="CRLF"),
        pytest.param(lambda raw: raw.replace(b"\r\n", b"\n"), id="LF"),
        pytest.param(lambda raw: raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r"), id="CR"),
        pytest.param(lambda raw: raw.rstrip(b"\r\n"), id="no final line break"),
        pytest.param(
            lambda raw: b"\xef\xbb\xbf" + raw.removeprefix(b"\xef\xbb\xbf"), id="byte-order mark"
        ),
        pytest.param(lambda raw: raw.removeprefix(b"\xef\xbb\xbf"), id="no byte-order mark"),
    ],
)
def test_accepted_variants_read_the_same(change: Callable[[bytes], bytes]) -> None:
    _same_ecb(read_ecb_csv(change(ECB), LABEL), read_ecb_csv(ECB, LABEL))
    _same_dict(read_wdi_csv(change(WDI), LABEL), read_wdi_csv(WDI, LABEL))
    # The metadata notes keep their own line breaks (LF inside CRLF lines) in every variant.
    assert read_wdi_metadata(change(META), LABEL) == read_wdi_metadata(META, LABEL)


def test_blank_lines_are_skipped_and_counted() -> None:
    blank = _edit_line(ECB, 3, lambda line: b"\n" + line)
    _same_ecb(read_ecb_csv(blank, LABEL), read_ecb_csv(ECB, LABEL))
    broken = _edit_line(blank, 7, lambda line: line.replace(b"1.", b"abc", 1))
    with pytest.raises(DataIntegrityError, match=r"line 7, field 'USD': 'abc1"):
        read_ecb_csv(broken, LABEL)
    spaced = WDI.replace(b'\r\n\r\n"Country Name"', b'\r\n\r\n\r\n"Country Name"')
    _same_dict(read_wdi_csv(spaced, LABEL), read_wdi_csv(WDI, LABEL))
    with pytest.raises(DataIntegrityError, match=r"line 10, field '2021': 'x'"):
        read_wdi_csv(spaced.replace(b'"0.780198"', b'"x"'), LABEL)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_not_utf8_names_the_line_and_byte(bom: bytes) -> None:
    raw = bom + WDI.removeprefix(b"\xef\xbb\xbf").replace(b"Afgh", b"Af\xe4h")
    byte = raw.index(b"\xe4")
    pattern = rf"line 8: is not UTF-8 text \(invalid continuation byte at byte {byte} of the file\)"
    with pytest.raises(DataIntegrityError, match=pattern):
        read_wdi_csv(raw, LABEL)


def test_bad_cell_message() -> None:
    error = bad_cell("f.csv", 4, "USD", "-1", "is not a rate", "Fix it.")
    assert str(error) == "f.csv, line 4, field 'USD': '-1' is not a rate. Fix it."
    assert str(bad_cell("f.csv", 1, 3, None, "missing", "Fix it.")) == (
        "f.csv, line 1, field 3: missing. Fix it."
    )
    assert isinstance(error, ValueError)


def _same_ecb(got: tuple[Any, ...], want: tuple[Any, ...]) -> None:
    assert np.array_equal(got[0], want[0])
    assert got[1] == want[1]
    assert np.array_equal(got[2], want[2], equal_nan=True)


def _same_dict(got: dict[str, Any], want: dict[str, Any]) -> None:
    assert got.keys() == want.keys()
    for key, value in want.items():
        if isinstance(value, np.ndarray):
            assert got[key].dtype == value.dtype, key
            assert np.array_equal(got[key], value), key
        else:
            assert got[key] == value, key


# --------------------------------------------------------------------------------------------
# Damaged files: refused with the file, the line and the fix


def _cut(raw: bytes, keep: Callable[[bytes], int]) -> bytes:
    """The file cut inside its last line, keeping ``keep(last line)`` bytes of that line."""
    lines = _lines(raw)
    return b"".join(lines[:-1]) + lines[-1][: keep(lines[-1])]


ECB_LAST, WDI_LAST, META_LAST = len(_lines(ECB)), len(_lines(WDI)), 11

DAMAGE: list[tuple[str, Reader, bytes, int]] = [
    # ECB eurofxref-hist
    ("ecb cut in a number", read_ecb_csv, _cut(ECB, lambda s: s.index(b".") + 2), ECB_LAST),
    ("ecb cut in the last number", read_ecb_csv, _cut(ECB, lambda s: len(s) - 4), ECB_LAST),
    ("ecb cut before the separator", read_ecb_csv, _cut(ECB, lambda s: len(s) - 2), ECB_LAST),
    ("ecb cut after a comma", read_ecb_csv, _cut(ECB, lambda s: s.index(b",") + 1), ECB_LAST),
    ("ecb cut in the date", read_ecb_csv, _cut(ECB, lambda _s: 4), ECB_LAST),
    ("ecb field missing", read_ecb_csv, _edit_line(ECB, 10, lambda s: s.replace(b",", b"", 1)), 10),
    (
        "ecb field missing in the middle",
        read_ecb_csv,
        _edit_line(ECB, 9, lambda s: s.replace(b"N/A,", b"", 1)),
        9,
    ),
    (
        "ecb extra field",
        read_ecb_csv,
        _edit_line(ECB, 12, lambda s: s.replace(b",", b",1.5,", 1)),
        12,
    ),
    (
        "ecb no trailing separator",
        read_ecb_csv,
        _edit_line(ECB, 3, lambda s: s.replace(b",\n", b"\n")),
        3,
    ),
    (
        "ecb value after the separator",
        read_ecb_csv,
        _edit_line(ECB, 3, lambda s: s.replace(b",\n", b",7\n")),
        3,
    ),
    ("ecb header without separator", read_ecb_csv, ECB.replace(b"ZAR,\n", b"ZAR\n", 1), 1),
    (
        "ecb not utf-8",
        read_ecb_csv,
        _edit_line(ECB, 7, lambda s: s.replace(b"N/A", b"N/\xff", 1)),
        7,
    ),
    ("ecb nul byte", read_ecb_csv, _edit_line(ECB, 5, lambda s: s.replace(b".", b"\x00", 1)), 5),
    ("ecb binary junk", read_ecb_csv, _edit_line(ECB, 6, lambda s: b"\x1b\x07\x7f" + s), 6),
    (
        "ecb duplicate date",
        read_ecb_csv,
        _edit_line(ECB, 9, lambda s: _lines(ECB)[7][:10] + s[10:]),
        9,
    ),
    ("ecb abc rate", read_ecb_csv, _edit_line(ECB, 6, lambda s: s.replace(b",1.", b",abc", 1)), 6),
    (
        "ecb negative rate",
        read_ecb_csv,
        _edit_line(ECB, 4, lambda s: s.replace(b",1.", b",-1.", 1)),
        4,
    ),
    ("ecb empty file", read_ecb_csv, b"", 1),
    ("ecb header only", read_ecb_csv, _lines(ECB)[0], 1),
    ("ecb header not Date", read_ecb_csv, ECB.replace(b"Date,", b"Day,", 1), 1),
    ("ecb header not a code", read_ecb_csv, ECB.replace(b",JPY,", b",Yen,", 1), 1),
    ("ecb bad date", read_ecb_csv, _edit_line(ECB, 8, lambda s: s.replace(b"-10-", b"-13-", 1)), 8),
    # World Bank WDI bulk CSV
    ("wdi preamble altered", read_wdi_csv, WDI.replace(b"Data Source", b"Source"), 1),
    ("wdi date altered", read_wdi_csv, WDI.replace(b"2022-07-20", b"20 July 2022"), 3),
    ("wdi preamble line 2 not blank", read_wdi_csv, _edit_line(WDI, 2, lambda s: b'"x",' + s), 2),
    ("wdi cut in a number", read_wdi_csv, _cut(WDI, lambda s: s.rindex(b".") + 2), WDI_LAST),
    ("wdi cut after a comma", read_wdi_csv, _cut(WDI, lambda s: s.index(b",") + 1), WDI_LAST),
    ("wdi cut after a quote", read_wdi_csv, _cut(WDI, lambda s: len(s) - 3), WDI_LAST),
    ("wdi cut in the name", read_wdi_csv, _cut(WDI, lambda _s: 3), WDI_LAST),
    ("wdi year header", read_wdi_csv, WDI.replace(b'"1990"', b'"Y1990"', 1), 5),
    ("wdi header", read_wdi_csv, WDI.replace(b'"Country Name"', b'"Country"', 1), 5),
    (
        "wdi header without separator",
        read_wdi_csv,
        _edit_line(WDI, 5, lambda s: s.replace(b",\r\n", b"\r\n")),
        5,
    ),
    ("wdi value x", read_wdi_csv, WDI.replace(b'"0.780198"', b'"x"'), 9),
    ("wdi negative value", read_wdi_csv, WDI.replace(b'"0.780198"', b'"-0.780198"'), 9),
    ("wdi field missing", read_wdi_csv, _edit_line(WDI, 9, lambda s: s.replace(b'"",', b"", 1)), 9),
    (
        "wdi extra field",
        read_wdi_csv,
        _edit_line(WDI, 10, lambda s: s.replace(b",", b',"1",', 1)),
        10,
    ),
    (
        "wdi no trailing separator",
        read_wdi_csv,
        _edit_line(WDI, 7, lambda s: s.replace(b",\r\n", b"\r\n")),
        7,
    ),
    (
        "wdi not utf-8",
        read_wdi_csv,
        _edit_line(WDI, 8, lambda s: s.replace(b"Afgh", b"Af\xe4h")),
        8,
    ),
    (
        "wdi nul byte",
        read_wdi_csv,
        _edit_line(WDI, 7, lambda s: s.replace(b"Africa", b"Af\x00rica")),
        7,
    ),
    ("wdi country code", read_wdi_csv, WDI.replace(b'"DEU"', b'"de"'), 9),
    ("wdi repeated line", read_wdi_csv, WDI + _lines(WDI)[8], WDI_LAST + 1),
    ("wdi empty file", read_wdi_csv, b"", 1),
    ("wdi header only", read_wdi_csv, b"".join(_lines(WDI)[:5]), 5),
    # World Bank WDI country metadata
    ("meta cut in the last line", read_wdi_metadata, _cut(META, lambda _s: 8), META_LAST),
    (
        "meta cut before the separator",
        read_wdi_metadata,
        _cut(META, lambda s: len(s) - 3),
        META_LAST,
    ),
    ("meta cut in a note", read_wdi_metadata, META[: META.index(b"Afghanistan") - 200], 4),
    (
        "meta field missing",
        read_wdi_metadata,
        _edit_line(META, 7, lambda s: s.replace(b'"Europe & Central Asia",', b"")),
        7,
    ),
    ("meta no region", read_wdi_metadata, META.replace(b'"Region"', b'"Area"', 1), 1),
    ("meta empty file", read_wdi_metadata, b"", 1),
    ("meta header only", read_wdi_metadata, _lines(META)[0], 1),
]


@pytest.mark.parametrize(
    ("reader", "raw", "line"), [case[1:] for case in DAMAGE], ids=[case[0] for case in DAMAGE]
)
def test_damaged_file_is_refused(reader: Reader, raw: bytes, line: int) -> None:
    with pytest.raises(DataIntegrityError) as info:
        reader(raw, LABEL)
    message = str(info.value)
    assert re.match(rf"{re.escape(LABEL)}, line {line}[,:]", message)
    help_text = ECB_HELP if reader is read_ecb_csv else WDI_HELP
    assert message.endswith(help_text)


@pytest.mark.parametrize(
    ("reader", "raw"),
    [
        (read_ecb_csv, _cut(ECB, lambda s: s.index(b".") + 2)),
        (read_wdi_csv, _cut(WDI, lambda s: len(s) - 3)),
        (read_wdi_csv, _cut(WDI, lambda s: s.rindex(b".") + 2)),
        (read_wdi_metadata, _cut(META, lambda _s: 8)),
    ],
    ids=["ecb", "wdi after a quote", "wdi in a quoted number", "metadata"],
)
def test_truncation_is_named(reader: Reader, raw: bytes) -> None:
    with pytest.raises(DataIntegrityError, match="the file looks truncated; download it again"):
        reader(raw, LABEL)


def test_truncated_rate_is_not_read_as_a_shorter_one() -> None:
    last = _lines(ECB)[-1]
    cut = ECB[: len(ECB) - len(last)] + last[: last.index(b".") + 2]
    assert re.fullmatch(rb"\d{4}-\d{2}-\d{2},\d+\.\d", cut.splitlines()[-1])
    with pytest.raises(DataIntegrityError, match=rf"line {ECB_LAST}: ends without the trailing"):
        read_ecb_csv(cut, LABEL)


# --------------------------------------------------------------------------------------------
# Any truncation: refused, or exactly the complete lines


@functools.cache
def _whole(reader: Reader, raw: bytes) -> Any:
    """What ``reader`` reads from the whole of ``raw``: read once, for every truncation of it."""
    return reader(raw, LABEL)


def _complete(raw: bytes, cut: int, header_lines: int) -> tuple[int, bool]:
    """Data lines complete in ``raw[:cut]``, and whether the cut is at a line's end."""
    ends = _line_ends(raw)[header_lines:]
    done = sum(end <= cut for end in ends)
    rest = raw[:cut][ends[done - 1] :] if done else b"x"
    return done, done > 0 and rest.strip(b"\r\n") == b""


@SETTINGS
@given(cut=st.integers(min_value=0, max_value=len(ECB)))
def test_any_truncation_of_the_ecb_file(cut: int) -> None:
    days, codes, values = _whole(read_ecb_csv, ECB)
    done, at_end = _complete(ECB, cut, 1)
    try:
        got = read_ecb_csv(ECB[:cut], LABEL)
    except DataIntegrityError:
        assert not at_end, "a file cut at the end of a line must be read"
        return
    _same_ecb(got, (days[:done], codes, values[:done]))


@SETTINGS
@given(cut=st.integers(min_value=0, max_value=len(WDI)))
def test_any_truncation_of_the_wdi_file(cut: int) -> None:
    full = _whole(read_wdi_csv, WDI)
    # The preamble lines 1 and 3 and the header end with the separator too.
    done, at_end = _complete(WDI, cut, 3)
    try:
        got = read_wdi_csv(WDI[:cut], LABEL)
    except DataIntegrityError:
        assert not at_end, "a file cut at the end of a line must be read"
        return
    codes = [line.split(b'","')[1].decode() for line in _lines(WDI)[5 : 5 + done]]
    keep = np.isin(full["iso3"], codes)
    want = {k: v[keep] if isinstance(v, np.ndarray) else v for k, v in full.items()}
    _same_dict(got, want)


@SETTINGS
@given(cut=st.integers(min_value=0, max_value=len(META)))
def test_any_truncation_of_the_metadata_file(cut: int) -> None:
    full = list(_whole(read_wdi_metadata, META).items())
    # A record ends with ',' and CRLF; AFG's note holds bare LF line breaks, never CRLF.
    ends = [m.start() for m in re.finditer(rb"\r\n", META)][1:]
    done = sum(end <= cut for end in ends)
    at_end = done > 0 and META[ends[done - 1] : cut].strip(b"\r\n") == b""
    try:
        got = read_wdi_metadata(META[:cut], LABEL)
    except DataIntegrityError:
        assert not at_end, "a file cut at the end of a line must be read"
        return
    assert list(got.items()) == full[:done]
