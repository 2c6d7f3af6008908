"""Splitting canonical text at separators that stand outside quotes and brackets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from xunshi_parser.grammar import LIST_BREAK, OPENERS

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["list_pieces"]

_CLOSERS: Final = frozenset(OPENERS.values())


def list_pieces(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the items of ``text``: pieces between 、 outside brackets.

    Only separators and bracket characters are visited, so the cost follows their number. An
    unclosed bracket protects to the end of the text.
    """
    if "、" not in text:  # one piece, whatever the brackets: most names
        yield 0, len(text)
        return
    expected: list[str] = []  # closers still awaited, innermost last
    awaited = dict.fromkeys(_CLOSERS, 0)  # how often each closer is in `expected`
    start = 0
    for match in LIST_BREAK.finditer(text):
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
