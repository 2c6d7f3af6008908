"""Numbers written in Arabic, full-width or Chinese numerals (十三, 两, 二〇二一)."""

from __future__ import annotations

from typing import Final

__all__ = ["NUMBER", "NUMERAL_CHARS", "parse_number"]

_DIGITS: Final = {
    "〇": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "兩": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7,
    "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_UNITS: Final = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}

#: Every character a number may be written with, for building patterns.
NUMERAL_CHARS: Final = "0-9０-９" + "".join(_DIGITS) + "".join(_UNITS)
#: A number in a pattern. Bounded: an unbounded run would let a megabyte of digits cost
#: quadratic time wherever the pattern is tried.
NUMBER: Final = f"[{NUMERAL_CHARS}]{{1,8}}"


def parse_number(text: str) -> int | None:
    """Value of ``text`` as a whole number, or ``None`` when it is not one.

    >>> parse_number("十三"), parse_number("二十一"), parse_number("两"), parse_number("38")
    (13, 21, 2, 38)
    """
    if not text:
        return None
    if text.isdecimal():
        # int() understands full-width digits too.
        return int(text)
    if all(char in _DIGITS for char in text):
        # Digit by digit, as years are written: 二〇二一.
        value = 0
        for char in text:
            value = value * 10 + _DIGITS[char]
        return value
    return _positional(text)


def _positional(text: str) -> int | None:
    total = 0
    pending: int | None = None
    last_unit = 10_000
    for char in text:
        if char in _DIGITS:
            if _DIGITS[char] == 0:
                # 零 only holds a place, as in 一百零五.
                continue
            if pending is not None:
                return None
            pending = _DIGITS[char]
        elif char in _UNITS:
            unit = _UNITS[char]
            if unit >= last_unit:
                return None
            total += (1 if pending is None else pending) * unit
            pending = None
            last_unit = unit
        else:
            return None
    return total + (pending or 0)
