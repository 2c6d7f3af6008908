"""Entry points for bytes, files and HTML pages; each ends in :func:`parse`'s pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final

from xunshi_parser.io.decode import Errors, check_errors, check_size, decode, read_bytes
from xunshi_parser.io.sniff import declared_charset, looks_like_html
from xunshi_parser.parser import MAX_SECTIONS, check_surrogates, parse_text

if TYPE_CHECKING:
    from os import PathLike

    from xunshi_parser.models import Bulletin

__all__ = ["MAX_BYTES", "decode_and_parse", "parse_bytes", "parse_file", "parse_html"]

#: Files read as pages whatever their first bytes (.shtml and .shtm: server-side includes, common
#: on government sites).
HTML_SUFFIXES: Final = frozenset((".htm", ".html", ".shtml", ".shtm"))
#: Bulletins are tens of kilobytes and their pages a few hundred; far larger input is refused.
MAX_BYTES: Final = 20 * 1024 * 1024


def parse_bytes(
    data: bytes,
    *,
    encoding: str | None = None,
    errors: Errors = "strict",
    strict: bool = False,
    max_sections: int = MAX_SECTIONS,
    max_bytes: int = MAX_BYTES,
) -> Bulletin:
    """Decode ``data`` and parse it; an HTML page is recognised and parsed as one.

    The encoding is a byte-order mark's, else ``encoding``, else (for HTML) the page's declared
    charset, else detected among UTF-8, GB18030 and Big5. A binary file (a PDF, a Word file,
    an image, an archive) raises :class:`XunshiError` before any decoding. Undecodable bytes
    raise :class:`DecodeError` naming the byte offset, or with ``errors="replace"`` become
    U+FFFD, each run reported as the warning XS601; ``errors`` is ``"strict"`` or
    ``"replace"`` (else ``ValueError``). More than ``max_bytes`` raise
    :class:`InputTooLargeError`. See :func:`parse` for the rest.
    """
    errors = check_errors(errors)
    data = _as_bytes(data, "parse_bytes")
    _check_size(len(data), max_bytes)
    bulletin, _ = decode_and_parse(
        data,
        html=looks_like_html(data),
        encoding=encoding,
        errors=errors,
        strict=strict,
        max_sections=max_sections,
    )
    return bulletin


def decode_and_parse(
    data: bytes,
    *,
    html: bool,
    encoding: str | None,
    errors: Errors,
    strict: bool,
    max_sections: int,
) -> tuple[Bulletin, str]:
    """Decode ``data``, a page when ``html``, and parse it (see :func:`parse_bytes` and
    :func:`parse_html`); with the codec the bytes were decoded with. The size is the caller's
    to check."""
    if not html:
        decoded = decode(data, encoding=encoding, errors=errors)
        return parse_text(decoded.text, strict=strict, max_sections=max_sections), decoded.encoding
    decoded = decode(data, encoding=encoding, declared=declared_charset(data), errors=errors)
    return _parse_page(decoded.text, strict=strict, max_sections=max_sections), decoded.encoding


def _parse_page(html: str, *, strict: bool, max_sections: int) -> Bulletin:
    """The bulletin in the article of a decoded page, positions the page's."""
    # lxml is imported here and only here, so `import xunshi_parser` stays light.
    from xunshi_parser.io.html import extract_page  # noqa: PLC0415

    page = extract_page(html)
    return parse_text(
        page.text, strict=strict, max_sections=max_sections, page=page.facts, source=page.source
    )


def parse_file(
    path: str | PathLike[str],
    *,
    encoding: str | None = None,
    errors: Errors = "strict",
    strict: bool = False,
    max_sections: int = MAX_SECTIONS,
    max_bytes: int = MAX_BYTES,
) -> Bulletin:
    """Read the file at ``path`` as bytes and parse it as :func:`parse_bytes` does; a ``.htm``
    or ``.html`` file is parsed as HTML whatever its first bytes.

    ``OSError`` (a missing or unreadable file) propagates unchanged; a file larger than
    ``max_bytes`` is refused with its size, having read no more than that.
    """
    errors = check_errors(errors)
    data = read_bytes(path, max_bytes=max_bytes)
    parser = parse_html if Path(path).suffix.lower() in HTML_SUFFIXES else parse_bytes
    return parser(
        data,
        encoding=encoding,
        errors=errors,
        strict=strict,
        max_sections=max_sections,
        max_bytes=max_bytes,
    )


def parse_html(
    html: str | bytes,
    *,
    encoding: str | None = None,
    errors: Errors = "strict",
    strict: bool = False,
    max_sections: int = MAX_SECTIONS,
    max_bytes: int = MAX_BYTES,
) -> Bulletin:
    """Parse the bulletin in a news page: the article is found, navigation and the like ignored.

    ``Bulletin.text`` is the article's text, paragraphs separated by blank lines, a bold section
    header's headline ended by a line break. The title, publication date, source and editor
    come from the text when it has them, else from the page. Bytes are decoded as
    :func:`parse_bytes` decodes them (``encoding``, ``errors``), the page's declared charset
    tried before detection.
    """
    errors = check_errors(errors)
    if not isinstance(html, str):
        data = _as_bytes(html, "parse_html")
        _check_size(len(data), max_bytes)
        bulletin, _ = decode_and_parse(
            data,
            html=True,
            encoding=encoding,
            errors=errors,
            strict=strict,
            max_sections=max_sections,
        )
        return bulletin
    _check_size(len(html), max_bytes)
    # libxml2 stops at a lone surrogate and drops the rest of the page without a word.
    check_surrogates(html)
    return _parse_page(html, strict=strict, max_sections=max_sections)


def _as_bytes(data: object, function: str) -> bytes:
    if isinstance(data, bytes):
        return data
    if isinstance(data, bytearray | memoryview):
        return bytes(data)
    kind = type(data).__name__
    msg = f"{function}() takes bytes, not {kind}" + (
        "; use parse() for str" if kind == "str" else ""
    )
    raise TypeError(msg)


def _check_size(size: int, max_bytes: int) -> None:
    check_size(size, max_bytes)
