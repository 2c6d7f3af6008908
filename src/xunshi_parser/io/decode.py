"""Bytes to text, without ever dropping or replacing a byte."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TYPE_CHECKING, Final

from xunshi_parser.errors import DecodeError

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["decode_bytes", "read_file"]

#: Byte-order marks and the encodings they announce, longest first (UTF-32 LE starts like UTF-16).
_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DEFAULT: Final = "utf-8"


def decode_bytes(data: bytes, *, encoding: str | None = None) -> str:
    """Decode ``data``: a byte-order mark decides, else ``encoding``, else UTF-8.

    A byte-order mark is removed. Undecodable bytes raise :class:`DecodeError` naming the
    byte offset of the first bad byte, never a replacement character.
    """
    bom_length = 0
    detected = None
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            bom_length, detected = len(bom), bom_encoding
            break
    if encoding is not None:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise DecodeError(f"unknown encoding {encoding!r}", encoding=encoding) from None
        if detected is not None and _same_family(name, detected):
            chosen = detected  # the BOM also tells the byte order that "utf-16" leaves open
        else:
            bom_length, chosen = 0, name
    else:
        chosen = detected or _DEFAULT
    try:
        return data[bom_length:].decode(chosen)
    except UnicodeDecodeError as error:
        offset = bom_length + error.start
        line = data.count(b"\n", 0, offset) + 1
        raise DecodeError(
            f"cannot decode byte 0x{data[offset]:02x} at byte offset {offset} as {chosen}",
            line=line,
            offset=offset,
            encoding=chosen,
        ) from None


def _same_family(name: str, detected: str) -> bool:
    # A BOM is dropped when the caller's encoding is the one it marks ("utf-8-sig", "utf-16").
    return name.replace("-sig", "").split("-")[:2] == detected.split("-")[:2]


def read_file(path: str | PathLike[str], *, encoding: str | None = None) -> str:
    """Read and decode the file at ``path`` (see :func:`decode_bytes`)."""
    return decode_bytes(Path(path).read_bytes(), encoding=encoding)
