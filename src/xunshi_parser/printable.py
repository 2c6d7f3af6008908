"""Text for people: control characters escaped, so that input never reaches a terminal or a
log raw. Light on purpose: ``xunshi validate`` prints through it without loading the
exporters."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["printable"]

#: Control characters (C0, DEL, C1) shown escaped in text for people.
_CONTROLS: Final = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))} | {
    ord("\t"): "\\t",
    ord("\n"): "\\n",
    ord("\r"): "\\r",
}


def printable(text: str) -> str:
    """``text`` with control characters escaped (``\\x00``, ``\\t``, ``\\n``, ``\\x85``), so
    input never reaches a terminal or a log raw; a file name's bytes that are not UTF-8 (which
    Python holds as lone surrogates) are written ``\\xff`` too, as no UTF-8 output can hold
    them."""
    if _SURROGATE.search(text):
        try:
            raw = text.encode("utf-8", "surrogateescape")  # a file name's undecodable bytes
        except UnicodeEncodeError:
            raw = text.encode("utf-8", "surrogatepass")  # any other lone surrogate
        text = raw.decode("utf-8", "backslashreplace")
    return text.translate(_CONTROLS)


_SURROGATE: Final = re.compile("[\ud800-\udfff]")
