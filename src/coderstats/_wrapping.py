"""Titles and footers wrapped when drawn, with a few measurements per line.

matplotlib wraps a text (``wrap=True``) by measuring the line again each time it adds a word:
a footer of 60 words costs hundreds of measurements, each a full text layout, and most of the
time a chart takes to draw. :class:`QuickWrap` breaks the lines at the same words (the longest
run of words that fits, at least one word a line) but guesses each break from the widths of
single characters, measured once per font and size, and checks the guess with one or two
measurements of the line itself.
"""

from __future__ import annotations

from typing import Any

from matplotlib.text import Text

__all__ = ["QuickWrap", "quick"]

#: Width in pixels of each character, per (renderer kind, font properties, dpi).
_widths: dict[tuple[str, Any, float], dict[str, float]] = {}


class QuickWrap(Text):
    """A text that wraps as matplotlib's does, measuring each line once or twice."""

    def _get_wrapped_text(self) -> str:
        if not self.get_wrap() or self.get_usetex():
            return super()._get_wrapped_text()  # type: ignore[no-any-return, misc]
        limit = float(self._get_wrap_line_width())  # type: ignore[attr-defined]
        lines: list[str] = []
        for given in self.get_text().split("\n"):
            words = given.split(" ")
            while words:
                take = self._fitting(words, limit)
                lines.append(" ".join(words[:take]))
                words = words[take:]
        return "\n".join(lines)

    def _fitting(self, words: list[str], limit: float) -> int:
        """How many of ``words`` (at least one) fit on a line ``limit`` pixels wide."""
        take = self._guess(words, limit)
        while take < len(words) and self._width(words[: take + 1]) <= limit:
            take += 1
        while take > 1 and self._width(words[:take]) > limit:
            take -= 1
        return take

    def _guess(self, words: list[str], limit: float) -> int:
        """The words that fit by the sum of their characters' widths (at least one)."""
        widths = self._character_widths()

        def of(ch: str) -> float:
            found = widths.get(ch)
            if found is None:
                found = widths[ch] = self._measure(ch)
            return found

        width, take = 0.0, 0
        for word in words:
            width += sum(of(ch) for ch in word)
            if take and width > limit:
                break
            take += 1
            width += of(" ")
        return max(take, 1)

    def _width(self, words: list[str]) -> float:
        return float(self._get_rendered_text_width(" ".join(words)))  # type: ignore[attr-defined]

    def _character_widths(self) -> dict[str, float]:
        figure = self.get_figure(root=True)
        dpi = float(figure.dpi) if figure is not None else 72.0
        kind = type(self._renderer).__name__  # type: ignore[attr-defined]
        return _widths.setdefault((kind, self.get_fontproperties(), dpi), {})

    def _measure(self, text: str) -> float:
        renderer = self._renderer  # type: ignore[attr-defined]
        width, _, _ = renderer.get_text_width_height_descent(
            text, self.get_fontproperties(), ismath=False
        )
        return float(width)


def quick(text: Text) -> Text:
    """``text`` (a plain Text, such as a figure or axes title) wrapped the quick way."""
    if type(text) is Text:
        text.__class__ = QuickWrap
    return text
