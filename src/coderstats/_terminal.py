"""The terminal the command line writes to: text it cannot show becomes an escape."""

from __future__ import annotations

import codecs
import io
import sys

__all__ = ["tolerant_output"]

_ESCAPE = "coderstats.escape"


def _escape(exc: UnicodeError) -> tuple[str | bytes, int]:
    """Encoding error handler: the bytes behind an undecodable name, else a ``\\u`` escape.

    A file name the locale could not decode reaches Python as surrogates (``surrogateescape``);
    they are written back as the bytes they stand for, so the name prints as the terminal
    shows it. Any other character the terminal cannot show becomes ``\\u2014`` and the like.
    """
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    char = exc.object[exc.start]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return bytes([code - 0xDC00]), exc.start + 1
    escape = (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )
    return escape, exc.start + 1


def tolerant_output() -> None:
    """Let stdout and stderr take any text, whatever the terminal's encoding.

    On a terminal that is not UTF-8 (``LC_ALL=C`` on an old system, ``PYTHONIOENCODING=ascii``)
    a character it cannot show, such as an em dash or the rupee sign, is written as an escape
    (``\\u2014``) instead of stopping the command with an error. Text the terminal can show
    is written as before: on a UTF-8 terminal, all of it.
    """
    codecs.register_error(_ESCAPE, _escape)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # the handler only sees what cannot be encoded
            stream.reconfigure(errors=_ESCAPE)
