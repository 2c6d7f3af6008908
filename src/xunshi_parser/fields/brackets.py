"""Splitting text at separators that stand outside quotes and brackets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import regex

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["OPENERS", "clause_pieces", "list_pieces"]

#: Opening quote or bracket → its closing partner.
OPENERS: Final = {
    "（": "）", "(": ")", "“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "【": "】",
    "〔": "〕", "[": "]",
}  # fmt: skip
_CLOSERS: Final = frozenset(OPENERS.values())
_NESTING: Final = "".join(regex.escape(char) for char in (*OPENERS, *_CLOSERS))
#: ，；。 and the ASCII , ; of reprints that flatten punctuation (a comma between digits, as in
#: 1,000, is a thousands separator).
_CLAUSE_BREAKS: Final = regex.compile(f"[{_NESTING}，；。;]|(?<!\\d),|,(?!\\d)")
_LIST_BREAKS: Final = regex.compile(f"[{_NESTING}、]")


def clause_pieces(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the clauses of ``text``: pieces between ，；。,; outside brackets."""
    return _pieces(text, _CLAUSE_BREAKS)


def list_pieces(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the items of ``text``: pieces between 、 outside brackets."""
    return _pieces(text, _LIST_BREAKS)


def _pieces(text: str, breaks: regex.Pattern[str]) -> Iterator[tuple[int, int]]:
    # Only separators and bracket characters are visited, so the cost follows their number.
    expected: list[str] = []  # closers still awaited, innermost last
    awaited = dict.fromkeys(_CLOSERS, 0)  # how often each closer is in `expected`
    start = 0
    for match in breaks.finditer(text):
        char = match.group()
        if char in OPENERS:
            closer = OPENERS[char]
            expected.append(closer)
            awaited[closer] += 1
        elif char in awaited:
            if awaited[char]:
                # Unwind to the partner, so one missing closer inside does not stick.
                while (closer := expected.pop()) != char:
                    awaited[closer] -= 1
                awaited[char] -= 1
        elif not expected:
            yield start, match.start()
            start = match.end()
    yield start, len(text)
