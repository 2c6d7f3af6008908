"""Telling HTML from text, and a page's declared charset, from the first bytes alone."""

from __future__ import annotations

import re
from typing import Final

from xunshi_parser.grammar import BOMS

__all__ = ["declared_charset", "looks_like_html"]

_HEAD: Final = 4096
#: A bulletin's text never opens with markup; a page, a fragment or XHTML always does.
_HTML_START: Final = re.compile(rb"\A\s*<[!?a-zA-Z]")
_CHARSET: Final = re.compile(
    rb"<meta[^>]{0,400}?charset\s*=\s*[\"']?\s*(?P<charset>[a-z0-9_.:-]{1,40})",
    flags=re.IGNORECASE,
)


def looks_like_html(data: bytes | str) -> bool:
    """Whether the input opens with markup: ``<!DOCTYPE``, ``<?xml``, ``<html>``, ``<p>``..."""
    head = data[:_HEAD]
    if isinstance(head, str):
        head = head.encode("utf-8", "surrogatepass")
    for bom, encoding in BOMS:
        if head.startswith(bom):
            # Only to look at the markup: the text itself is decoded strictly elsewhere.
            head = head[len(bom) :].decode(encoding, "replace").encode("utf-8")
            break
    return _HTML_START.match(head) is not None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>`` or ``http-equiv``, if any."""
    found = _CHARSET.search(data[: _HEAD * 4])
    return found.group("charset").decode("ascii") if found else None
