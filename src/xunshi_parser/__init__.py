"""xunshi-parser: Chinese inspection-feedback bulletins (巡视/巡察反馈情况通报) as typed records.

>>> from xunshi_parser import parse
>>> bulletin = parse("■市档案馆：理论学习不够深入抓落实不够，理论学习不够深入。"
...                  "【市委第一巡视组向市档案馆反馈巡视情况】")
>>> bulletin.entries[0].headline, bulletin.entries[0].feedback.team_number
('理论学习不够深入', 1)
"""

from __future__ import annotations

from xunshi_parser.api import MAX_BYTES, parse_bytes, parse_file, parse_html
from xunshi_parser.batch import iter_parse
from xunshi_parser.errors import (
    BulletinError,
    DecodeError,
    InputTooLargeError,
    ReadError,
    XunshiError,
)
from xunshi_parser.export import EntryRow, FindingRow, to_rows, write_csv, write_json, write_jsonl
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

__version__ = "0.2.0"

__all__ = [
    "MAX_BYTES",
    "MAX_SECTIONS",
    "Bulletin",
    "BulletinError",
    "DecodeError",
    "Diagnostic",
    "Entry",
    "EntryRow",
    "Feedback",
    "FindingRow",
    "InputTooLargeError",
    "InspectionRound",
    "ReadError",
    "Span",
    "Unit",
    "Unplaced",
    "XunshiError",
    "__version__",
    "iter_parse",
    "parse",
    "parse_bytes",
    "parse_file",
    "parse_html",
    "to_rows",
    "write_csv",
    "write_json",
    "write_jsonl",
]
