"""Bytes to text: binary files refused, nothing dropped, nothing replaced unless asked.

Binary files (a PDF, a Word file, an image, an archive, data full of NUL bytes) are refused from
their first bytes, before any decoding is tried (:func:`~xunshi_parser.io.sniff.binary_kind`).

Encoding, in order: a byte-order mark; the caller's ``encoding=``; for HTML, the page's declared
charset; else detection by trial decoding. UTF-8 is tried first because text in any other
encoding almost never decodes as valid UTF-8. GB18030 (a superset of GB2312 and GBK) and Big5
both accept most byte pairs, so when both decode, the one whose text reads more like a bulletin
(■, 【】, 巡视, 反馈, 责任编辑, folded from their variants) wins. A general-purpose detector
would guess among dozens of encodings from statistics; here the document's grammar is a far
stronger signal.

Decoding is strict by default: a byte that does not decode raises :class:`DecodeError` naming
its offset. With ``errors="replace"`` each such byte (or run of bytes) becomes U+FFFD and the
rest is kept; the parser reports each run as the warning XS601. When no candidate decodes the
bytes cleanly, detection takes the likeliest reading: the one with the fewest replaced
characters, then the one with more of the bulletin's tokens, then the first of UTF-8, GB18030,
Big5 (a page's declared charset before them). A strict error names the byte of that reading,
so ``errors="replace"`` then decodes with the encoding the error named.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, NamedTuple

from xunshi_parser.errors import DecodeError, InputTooLargeError, XunshiError
from xunshi_parser.grammar import BOMS, bulletin_tokens, fold
from xunshi_parser.io.sniff import binary_kind
from xunshi_parser.positions import line_column

if TYPE_CHECKING:
    from collections.abc import Iterable
    from os import PathLike

__all__ = [
    "ERRORS",
    "Decoded",
    "Errors",
    "check_errors",
    "check_size",
    "decode",
    "decode_bytes",
    "detect_encoding",
    "normal_encoding",
    "read_bytes",
]

#: What to do with bytes that do not decode: raise :class:`DecodeError`, or replace them by U+FFFD.
Errors = Literal["strict", "replace"]
ERRORS: Final[tuple[Errors, ...]] = ("strict", "replace")
#: Sizes in messages are in MB of 1,048,576 bytes, as :data:`~xunshi_parser.api.MAX_BYTES` is.
_MB: Final = 1024 * 1024

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
#: Bulletin tokens in a clean reading that make it the text; with fewer, a reading with damaged
#: bytes that holds more tokens is the likelier.
_PLAUSIBLE: Final = 8
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


def check_errors(errors: object) -> Errors:
    """``errors`` itself if it is ``"strict"`` or ``"replace"``; else ``ValueError``, a caller's
    mistake (not a :class:`~xunshi_parser.errors.XunshiError`, which bad input raises)."""
    for known in ERRORS:
        if errors == known and isinstance(errors, str):
            return known
    msg = f'errors must be "strict" or "replace", not {errors!r}'
    raise ValueError(msg)


def check_size(size: int | None, max_bytes: int) -> None:
    """Refuse input of ``size`` bytes (``None``: unknown, but more than ``max_bytes``) with
    :class:`InputTooLargeError`, naming the limit, its keyword and the CLI's option."""
    if size is not None and size <= max_bytes:
        return
    if size is None:
        what = "input is"
        limit = _megabytes(max_bytes)
    elif (shown := _megabytes(size)) != (limit := _megabytes(max_bytes)):
        what = f"input of {shown} is"
    else:  # rounded to the limit: only bytes tell them apart
        what, limit = f"input of {size} bytes is", f"{max_bytes} bytes"
    raise InputTooLargeError(
        f"{what} larger than the limit of {limit} (raise it with max_bytes=, or --max-bytes in "
        "xunshi)",
        offset=max_bytes,
    )


def _megabytes(size: int) -> str:
    """``23.5 MB``, ``20 MB``; under a tenth of a MB, in bytes."""
    if size < _MB // 10:
        return f"{size} bytes"
    return f"{size / _MB:.1f}".removesuffix(".0") + " MB"


class Decoded(NamedTuple):
    text: str
    encoding: str  # the codec that gave ``text``


def decode_bytes(
    data: bytes,
    *,
    encoding: str | None = None,
    declared: str | None = None,
    errors: Errors = "strict",
) -> str:
    """Decode ``data``; a byte-order mark decides and is removed.

    Binary data (a PDF, an image, an archive...) raises :class:`XunshiError` before any
    decoding. Without a byte-order mark, ``encoding`` (the caller's) is used as given;
    ``declared`` (a page's charset) is used when it decodes the bytes, else detection takes
    over, since pages often declare the wrong charset. With ``errors="strict"`` undecodable
    bytes raise :class:`DecodeError` naming the byte offset of the first bad byte; with
    ``"replace"`` they become U+FFFD.
    """
    return decode(data, encoding=encoding, declared=declared, errors=errors).text


def decode(
    data: bytes,
    *,
    encoding: str | None = None,
    declared: str | None = None,
    errors: Errors = "strict",
) -> Decoded:
    """:func:`decode_bytes`, and which codec it decoded with: the one place that choice is
    made."""
    errors = check_errors(errors)
    bom_length, from_bom = _bom(data)
    codec = normal_encoding(encoding) if encoding is not None else None  # even a BOM's: misspelt
    _refuse_binary(data, from_bom or codec)
    if from_bom is not None:
        return Decoded(_decode(data, bom_length, from_bom, errors), from_bom)
    if codec is not None:
        return Decoded(_decode(data, 0, codec, errors), codec)
    trusted = _trusted(declared) if declared is not None else None
    if trusted is not None:
        try:
            return Decoded(_decode(data, 0, trusted, "strict"), trusted)
        except DecodeError:
            pass
    encoding, text = _detect(data, errors, first=trusted)
    # Without a text, _decode raises the DecodeError that names the bad byte.
    return Decoded(text if text is not None else _decode(data, 0, encoding, errors), encoding)


def _refuse_binary(data: bytes, codec: str | None) -> None:
    wide = codec is not None and codec.replace("_", "-").startswith(("utf-16", "utf-32"))
    kind = binary_kind(data, wide=wide)
    if kind is None:
        return
    hint = ""
    if kind.startswith("binary data") and 0 in data[:4096]:
        hint = "; UTF-16 or UTF-32 text without a byte-order mark needs encoding= (--encoding)"
    raise XunshiError(f"not a text or HTML file (looks like {kind}){hint}")


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

    When nothing decodes all of it, the likeliest reading's: the one with the fewest
    characters replaced, then the most bulletin tokens; a strict error names its damaged byte.
    """
    return _detect(data, "strict")[0]


def _detect(data: bytes, errors: Errors, first: str | None = None) -> tuple[str, str | None]:
    """The likeliest encoding and, when it decodes all of ``data`` (or ``errors`` is
    ``"replace"``), the text it gives, so the bytes are not decoded once more to get it.

    ``first`` (a page's declared charset, which did not decode cleanly) comes first among the
    readings of damaged bytes."""
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError as error:
        valid = data[: error.start].decode("utf-8")
        if sum(not char.isascii() for char in valid[-_UTF8_PROOF * 4 :]) >= _UTF8_PROOF:
            # Other encodings almost never form valid UTF-8 multi-byte sequences, so many of
            # them mean UTF-8 with a damaged byte (or a switch of encoding): report that byte.
            return "utf-8", data.decode("utf-8", "replace") if errors == "replace" else None
    readings: list[tuple[int, str, str]] = []
    failed = [first] if first else []
    failed.append("utf-8")
    for candidate in _CANDIDATES:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            failed.append(candidate)
            continue
        readings.append((_score(text), candidate, text))
    damaged = None
    if readings:
        best = max(score for score, _, _ in readings)
        clean = next((candidate, text) for score, candidate, text in readings if score == best)
        if best >= _PLAUSIBLE:
            return clean
        # GB18030 accepts most byte pairs: Big5 with one damaged byte often "decodes" as
        # GB18030 without an error, and only the tokens tell the garbage from the text.
        damaged = _likeliest(data, dict.fromkeys(failed))
        if damaged[2] <= best:
            return clean
    encoding, text, _ = damaged or _likeliest(data, dict.fromkeys(failed))
    return encoding, text if errors == "replace" else None


def _likeliest(data: bytes, candidates: Iterable[str]) -> tuple[str, str, int]:
    """Of ``data``'s readings with damaged bytes replaced, the one with the fewest replacement
    characters, then the most bulletin tokens, then the first; its text and its tokens."""
    best: tuple[tuple[int, int], str, str] | None = None
    for candidate in candidates:
        text = data.decode(candidate, "replace")
        key = (text.count("\ufffd"), -_score(text))
        if best is None or key < best[0]:
            best = (key, candidate, text)
    assert best is not None  # noqa: S101 - there is always UTF-8
    return best[1], best[2], -best[0][1]


def _score(text: str) -> int:
    return len(bulletin_tokens().findall(fold(text[:_SAMPLE_SIZE])))


def _bom(data: bytes) -> tuple[int, str | None]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return len(bom), encoding
    return 0, None


def _decode(data: bytes, skip: int, encoding: str, errors: Errors) -> str:
    try:
        return data[skip:].decode(encoding, errors)
    except UnicodeDecodeError as error:
        offset = skip + error.start
        # Lines are counted in the text before the bad byte, which decodes: counting b"\n"
        # would be wrong for UTF-16 and UTF-32, whose characters may hold that byte.
        before = data[skip:offset].decode(encoding)
        line, column = line_column(before, len(before))
        raise DecodeError(
            f"cannot decode byte 0x{data[offset]:02x} at byte offset {offset} as {encoding}; "
            'decode with errors="replace" (xunshi: --encoding-errors replace) to keep the rest',
            line=line,
            column=column,
            offset=offset,
            encoding=encoding,
        ) from None
    except UnicodeError as error:
        # Codecs such as punycode and idna fail without saying where.
        raise DecodeError(f"cannot decode as {encoding}: {error}", encoding=encoding) from None


def read_bytes(path: str | PathLike[str], *, max_bytes: int) -> bytes:
    """The bytes of the file at ``path``; :class:`InputTooLargeError` if it holds more than
    ``max_bytes``, with the file's size when the system knows it (not for a pipe).

    At most ``max_bytes + 1`` bytes are read: one more than allowed tells the file is too
    large without reading all of it. ``OSError`` propagates.
    """
    with Path(path).open("rb") as file:
        status = os.fstat(file.fileno())
        # Reading a regular file's size (and one byte more, which tells a file that grew since)
        # spares allocating max_bytes for every small file: a third of a bulletin's read.
        expected = status.st_size if stat.S_ISREG(status.st_mode) else max_bytes
        data = file.read(min(expected, max_bytes) + 1)
        if expected < len(data) <= max_bytes:
            data += file.read(max_bytes + 1 - len(data))
        if len(data) > max_bytes:
            size = os.fstat(file.fileno()).st_size
            check_size(size if size > max_bytes else None, max_bytes)
        return data
