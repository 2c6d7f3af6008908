"""Numbers written in Arabic or Chinese numerals (十三, 两, 二〇二一), in canonical text."""

from __future__ import annotations

from functools import lru_cache

from xunshi_parser.grammar import DIGIT_VALUES, UNIT_VALUES

__all__ = ["parse_number"]


@lru_cache(maxsize=256)
def parse_number(text: str) -> int | None:
    """Value of ``text`` as a whole number, or ``None`` when it is not one.

    Cached: a bulletin writes the same few numbers (第一, 巡察二组) again and again.

    >>> parse_number("十三"), parse_number("二十一"), parse_number("两"), parse_number("38")
    (13, 21, 2, 38)
    """
    if not text:
        return None
    if text.isdecimal():
        # int() understands full-width digits too.
        return int(text)
    if all(char in DIGIT_VALUES for char in text):
        # Digit by digit, as years are written: 二〇二一.
        value = 0
        for char in text:
            value = value * 10 + DIGIT_VALUES[char]
        return value
    return _positional(text)


def _positional(text: str) -> int | None:
    total = 0
    pending: int | None = None
    last_unit = 10_000
    for char in text:
        if char in DIGIT_VALUES:
            if DIGIT_VALUES[char] == 0:
                # 零 only holds a place, as in 一百零五.
                continue
            if pending is not None:
                return None
            pending = DIGIT_VALUES[char]
        elif char in UNIT_VALUES:
            unit = UNIT_VALUES[char]
            if unit >= last_unit:
                return None
            total += (1 if pending is None else pending) * unit
            pending = None
            last_unit = unit
        else:
            return None
    return total + (pending or 0)
