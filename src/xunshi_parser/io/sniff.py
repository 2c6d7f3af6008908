"""Telling HTML from text, and a page's declared charset, from the first bytes alone."""

from __future__ import annotations

from typing import Final

import regex

__all__ = ["declared_charset", "looks_like_html"]

_HEAD: Final = 4096
_HTML_START: Final = regex.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    flags=regex.IGNORECASE | regex.DOTALL,
)
_CHARSET: Final = regex.compile(
    rb"<meta[^>]{0,400}?charset\s*=\s*[\"']?\s*(?P<charset>[a-z0-9_.:-]{1,40})",
    flags=regex.IGNORECASE,
)


def looks_like_html(data: bytes | str) -> bool:
    """Whether the input starts like an HTML document (a doctype, <html>, <head>, <meta>...)."""
    head = data[:_HEAD]
    if isinstance(head, str):
        head = head.encode("utf-8", "surrogatepass")
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Only to look at the markup: the text itself is decoded strictly elsewhere.
        head = head.decode("utf-16", "replace").encode("utf-8")
    return _HTML_START.match(head) is not None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>`` or ``http-equiv``, if any."""
    found = _CHARSET.search(data[: _HEAD * 4])
    return found.group("charset").decode("ascii") if found else None
