"""Telling HTML from text from binary files, and a page's declared charset, from the first bytes
alone."""

from __future__ import annotations

import re
from typing import Final

from xunshi_parser.grammar import BOMS

__all__ = ["binary_kind", "declared_charset", "looks_like_html"]

_HEAD: Final = 4096
#: A bulletin's text never opens with markup; a page, a fragment or XHTML always does.
_HTML_START: Final = re.compile(rb"\A\s*<[!?a-zA-Z]")
_CHARSET: Final = re.compile(
    rb"<meta[^>]{0,400}?charset\s*=\s*[\"']?\s*(?P<charset>[a-z0-9_.:-]{1,40})",
    flags=re.IGNORECASE,
)


#: File signatures ("magic bytes") of the binary files people try instead of a bulletin's text,
#: with what to call them. Only signatures no text or page can open with: each starts with a
#: byte outside printable ASCII, or is long and specific (``%PDF-``, ``GIF89a``).
_MAGIC: Final = (
    (b"%PDF-", "a PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word .doc or other Microsoft Office file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
)
#: Zip archives, and the document formats that are zip archives, told apart by the names of the
#: members near the start (an Office file names its parts in the first local headers).
_ZIP: Final = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ZIP_KINDS: Final = (
    (b"word/", "a Word .docx file"),
    (b"xl/", "an Excel .xlsx file"),
    (b"ppt/", "a PowerPoint .pptx file"),
    (b"application/vnd.oasis.opendocument", "an OpenDocument file"),
    (b"application/epub+zip", "an EPUB book"),
)
_BZIP2: Final = re.compile(rb"\ABZh[1-9]1AY&SY")
_WEBP: Final = re.compile(rb"\ARIFF.{4}WEBP", flags=re.DOTALL)
#: Control bytes that text does not hold: all of C0 but tab, line feed, vertical tab, form feed,
#: carriage return and escape.
_CONTROL: Final = bytes(set(range(32)) - {9, 10, 11, 12, 13, 27})
#: In the first bytes, a share of NUL bytes above this (or of control bytes above
#: :data:`_CONTROL_SHARE`) is binary data. Text in UTF-8, GB18030 or Big5 holds no NUL byte;
#: UTF-16 and UTF-32 do, and are read when a byte-order mark or ``encoding=`` says so.
_NUL_SHARE: Final = 0.01
_CONTROL_SHARE: Final = 0.1


def binary_kind(data: bytes, *, wide: bool = False) -> str | None:
    """What ``data`` looks like if it is not text: ``"a PDF"``, ``"a PNG image"``, ...; ``None``
    for text. Decided from the first bytes alone: a file signature, else the share of NUL and
    other control bytes (``"binary data (...)"``), which is not looked at when ``wide``, for
    text known to be UTF-16 or UTF-32, whose characters hold NUL bytes.
    """
    head = data[:_HEAD]
    if head.startswith(_ZIP):
        return next((kind for name, kind in _ZIP_KINDS if name in head), "a zip archive")
    for magic, kind in _MAGIC:
        if head.startswith(magic) and (magic != b"BZh" or _BZIP2.match(head)):
            return kind
    if _WEBP.match(head):
        return "a WebP image"
    if wide or not head:
        return None
    nul = head.count(0)
    control = len(head) - len(head.translate(None, _CONTROL))
    if nul > len(head) * _NUL_SHARE or control > len(head) * _CONTROL_SHARE:
        return f"binary data: {control} of its first {len(head)} bytes are NUL or control bytes"
    return None


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
