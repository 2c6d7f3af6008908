"""Bytes to text, without ever dropping or replacing a byte.

Encoding, in order: a byte-order mark; the caller's ``encoding=``; for HTML, the page's declared
charset; else detection by trial decoding. UTF-8 is tried first because text in any other
encoding almost never decodes as valid UTF-8. GB18030 (a superset of GB2312 and GBK) and Big5
both accept most byte pairs, so when both decode, the one whose text reads more like a bulletin
(■, 【】, 巡视, 反馈, 责任编辑, folded from their variants) wins. A general-purpose detector
would guess among dozens of encodings from statistics; here the document's grammar is a far
stronger signal, and decoding stays strict.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TYPE_CHECKING, Final

from xunshi_parser.errors import DecodeError
from xunshi_parser.grammar import BOMS, BULLETIN_TOKENS, fold
from xunshi_parser.positions import line_column

if TYPE_CHECKING:
    from os import PathLike

__all__ = ["decode_bytes", "detect_encoding", "normal_encoding", "read_bytes"]

#: Tried in this order after UTF-8; on a tie the first wins (mainland sources are the most common).
_CANDIDATES: Final = ("gb18030", "big5hkscs")
#: Labels that pages declare, mapped to the decoder browsers use for them (WHATWG Encoding).
_DECLARED_ALIASES: Final = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "chinese": "gb18030", "csgb2312": "gb18030", "euc-cn": "gb18030", "big5": "big5hkscs",
    "x-x-big5": "big5hkscs", "cn-big5": "big5hkscs", "csbig5": "big5hkscs",
}  # fmt: skip
#: Declared charsets that are taken at their word (when they decode the bytes).
_TRUSTED_DECLARATIONS: Final = frozenset(("utf-8", "gb18030", "gbk", "gb2312", "big5", "big5hkscs"))
#: Characters of each reading that are scored.
_SAMPLE_SIZE: Final = 64 * 1024
#: Non-ASCII characters of valid UTF-8 before a bad byte that show the text is UTF-8.
_UTF8_PROOF: Final = 8


def normal_encoding(label: str) -> str:
    """The codec to use for an encoding label; raises :class:`DecodeError` if unknown or not a
    text encoding (``base64``, ``rot13`` and the like are codecs, but not for text)."""
    if not isinstance(label, str):
        msg = f"an encoding is named by a str, not {type(label).__name__}"
        raise TypeError(msg)
    label = label.strip().lower()
    if label in _DECLARED_ALIASES:
        return _DECLARED_ALIASES[label]
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):
        raise DecodeError(f"unknown encoding {label!r}", encoding=label) from None
    if not getattr(info, "_is_text_encoding", True):
        raise DecodeError(f"{label!r} is not a text encoding", encoding=label)
    return info.name


def decode_bytes(data: bytes, *, encoding: str | None = None, declared: str | None = None) -> str:
    """Decode ``data``; a byte-order mark decides and is removed.

    Without one, ``encoding`` (the caller's) is used as given; ``declared`` (a page's charset)
    is used when it decodes the bytes, else detection takes over, since pages often declare
    the wrong charset. Undecodable bytes raise :class:`DecodeError` naming the byte offset of
    the first bad byte.
    """
    bom_length, from_bom = _bom(data)
    if from_bom is not None:
        if encoding is not None:
            normal_encoding(encoding)  # still report a misspelt name
        return _decode(data, bom_length, from_bom)
    if encoding is not None:
        return _decode(data, 0, normal_encoding(encoding))
    if declared is not None and (trusted := _trusted(declared)):
        try:
            return _decode(data, 0, trusted)
        except DecodeError:
            pass
    encoding, text = _detect(data)
    # Without a text, _decode raises the DecodeError that names the bad byte.
    return text if text is not None else _decode(data, 0, encoding)


def _trusted(declared: str) -> str | None:
    """The codec for a page's declared charset, if it is one worth trusting.

    Only UTF-8 and the Chinese encodings: a single-byte charset (latin1, windows-1252) decodes
    any bytes, so a wrong one would pass unnoticed. A page declaring UTF-16 or UTF-32 in its
    markup cannot be in that encoding (browsers read it as UTF-8).
    """
    try:
        name = normal_encoding(declared)
    except DecodeError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name if name in _TRUSTED_DECLARATIONS else None


def detect_encoding(data: bytes) -> str:
    """The encoding ``data`` most likely uses: UTF-8, GB18030 or Big5 (see the module docs).

    When nothing decodes all of it, the encoding that got furthest, so the error names the
    damaged byte of the likeliest reading.
    """
    return _detect(data)[0]


def _detect(data: bytes) -> tuple[str, str | None]:
    """The likeliest encoding and, when it decodes all of ``data``, the text it gives, so the
    bytes are not decoded once more to get it."""
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError as error:
        valid = data[: error.start].decode("utf-8")
        if sum(not char.isascii() for char in valid[-_UTF8_PROOF * 4 :]) >= _UTF8_PROOF:
            # Other encodings almost never form valid UTF-8 multi-byte sequences, so many of
            # them mean UTF-8 with a damaged byte (or a switch of encoding): report that byte.
            return "utf-8", None
        furthest = ("utf-8", error.start)
    readings: list[tuple[int, str, str]] = []
    for candidate in _CANDIDATES:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError as error:
            if error.start > furthest[1]:
                furthest = (candidate, error.start)
            continue
        score = len(BULLETIN_TOKENS.findall(fold(text[:_SAMPLE_SIZE])))
        readings.append((score, candidate, text))
    if not readings:
        return furthest[0], None
    best = max(score for score, _, _ in readings)
    return next((candidate, text) for score, candidate, text in readings if score == best)


def _bom(data: bytes) -> tuple[int, str | None]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return len(bom), encoding
    return 0, None


def _decode(data: bytes, skip: int, encoding: str) -> str:
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as error:
        offset = skip + error.start
        # Lines are counted in the text before the bad byte, which decodes: counting b"\n"
        # would be wrong for UTF-16 and UTF-32, whose characters may hold that byte.
        before = data[skip:offset].decode(encoding)
        line, column = line_column(before, len(before))
        raise DecodeError(
            f"cannot decode byte 0x{data[offset]:02x} at byte offset {offset} as {encoding}",
            line=line,
            column=column,
            offset=offset,
            encoding=encoding,
        ) from None
    except UnicodeError as error:
        # Codecs such as punycode and idna fail without saying where.
        raise DecodeError(f"cannot decode as {encoding}: {error}", encoding=encoding) from None


def read_bytes(path: str | PathLike[str], *, max_bytes: int) -> bytes:
    """The bytes of the file at ``path``, at most ``max_bytes + 1`` of them read.

    One byte more than allowed is read so the caller can tell the file is too large without
    reading all of it. ``OSError`` propagates.
    """
    with Path(path).open("rb") as file:
        return file.read(max_bytes + 1)
