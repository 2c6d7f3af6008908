"""xunshi-parser: Chinese inspection-feedback bulletins (巡视/巡察反馈情况通报) as typed records.

>>> from xunshi_parser import parse
>>> bulletin = parse("■市档案馆：理论学习不够深入抓落实不够，理论学习不够深入。"
...                  "【市委第一巡视组向市档案馆反馈巡视情况】")
>>> bulletin.entries[0].headline, bulletin.entries[0].feedback.team_number
('理论学习不够深入', 1)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Final

from xunshi_parser.api import MAX_BYTES, parse_bytes, parse_file, parse_html
from xunshi_parser.errors import (
    BulletinError,
    DecodeError,
    InputTooLargeError,
    ReadError,
    XunshiError,
)
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
    from xunshi_parser.batch import iter_parse
    from xunshi_parser.export import (
        EntryRow,
        FindingRow,
        to_rows,
        write_csv,
        write_json,
        write_jsonl,
    )

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

#: Names imported on first use, with their modules: parsing and validating need none of them, and
#: importing ``export`` costs a few milliseconds (its row model classes).
_LAZY: Final = {
    "iter_parse": "xunshi_parser.batch",
    "EntryRow": "xunshi_parser.export",
    "FindingRow": "xunshi_parser.export",
    "to_rows": "xunshi_parser.export",
    "write_csv": "xunshi_parser.export",
    "write_json": "xunshi_parser.export",
    "write_jsonl": "xunshi_parser.export",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
