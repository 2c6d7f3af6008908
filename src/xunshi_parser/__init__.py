"""xunshi-parser: Chinese inspection-feedback bulletins (巡视/巡察反馈情况通报) as typed records.

>>> from xunshi_parser import parse
>>> bulletin = parse("■市档案馆：理论学习不够深入抓落实不够，理论学习不够深入。"
...                  "【市委第一巡视组向市档案馆反馈巡视情况】")
>>> bulletin.entries[0].headline, bulletin.entries[0].feedback.team_number
('理论学习不够深入', 1)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xunshi_parser.errors import BulletinError, DecodeError, XunshiError
from xunshi_parser.io import decode_bytes, read_file
from xunshi_parser.models import (
    Bulletin,
    Diagnostic,
    Entry,
    Feedback,
    InspectionRound,
    Span,
    Unit,
    Unplaced,
)
from xunshi_parser.parser import MAX_SECTIONS, parse

if TYPE_CHECKING:
    from os import PathLike

__version__ = "0.1.0"

__all__ = [
    "MAX_SECTIONS",
    "Bulletin",
    "BulletinError",
    "DecodeError",
    "Diagnostic",
    "Entry",
    "Feedback",
    "InspectionRound",
    "Span",
    "Unit",
    "Unplaced",
    "XunshiError",
    "__version__",
    "parse",
    "parse_bytes",
    "parse_file",
]


def parse_bytes(
    data: bytes,
    *,
    encoding: str | None = None,
    strict: bool = False,
    max_sections: int = MAX_SECTIONS,
) -> Bulletin:
    """Decode ``data`` (UTF-8 unless a byte-order mark or ``encoding`` says otherwise) and parse.

    Undecodable bytes raise :class:`DecodeError` with the byte offset; see :func:`parse`.
    """
    text = decode_bytes(data, encoding=encoding)
    return parse(text, strict=strict, max_sections=max_sections)


def parse_file(
    path: str | PathLike[str],
    *,
    encoding: str | None = None,
    strict: bool = False,
    max_sections: int = MAX_SECTIONS,
) -> Bulletin:
    """Read the file at ``path`` as bytes, decode it and parse it (see :func:`parse_bytes`).

    ``OSError`` (a missing or unreadable file) propagates unchanged.
    """
    text = read_file(path, encoding=encoding)
    return parse(text, strict=strict, max_sections=max_sections)
