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

if TYPE_CHECKING:
    from xunshi_parser.api import MAX_BYTES, parse_bytes, parse_file, parse_html
    from xunshi_parser.batch import iter_parse
    from xunshi_parser.errors import (
        BulletinError,
        DecodeError,
        InputTooLargeError,
        ReadError,
        XunshiError,
    )
    from xunshi_parser.export import (
        DiagnosticRow,
        EntryRow,
        FileRow,
        FindingRow,
        to_rows,
        write_csv,
        write_json,
        write_jsonl,
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

__version__ = "0.2.0"

__all__ = [
    "MAX_BYTES",
    "MAX_SECTIONS",
    "Bulletin",
    "BulletinError",
    "DecodeError",
    "Diagnostic",
    "DiagnosticRow",
    "Entry",
    "EntryRow",
    "Feedback",
    "FileRow",
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

#: Every name is imported on first use, from its module: ``import xunshi_parser`` costs nothing,
#: so the command line can install its Ctrl-C handling before the models load, and parsing
#: never pays for the exporters.
_LAZY: Final = {
    **dict.fromkeys(("MAX_BYTES", "parse_bytes", "parse_file", "parse_html"), "api"),
    **dict.fromkeys(("MAX_SECTIONS", "parse"), "parser"),
    **dict.fromkeys(
        ("BulletinError", "DecodeError", "InputTooLargeError", "ReadError", "XunshiError"),
        "errors",
    ),
    **dict.fromkeys(
        ("Bulletin", "Diagnostic", "Entry", "Feedback", "InspectionRound", "Span", "Unit"),
        "models",
    ),
    "Unplaced": "models",
    "iter_parse": "batch",
    **dict.fromkeys(
        (
            "DiagnosticRow",
            "EntryRow",
            "FileRow",
            "FindingRow",
            "to_rows",
            "write_csv",
            "write_json",
            "write_jsonl",
        ),
        "export",
    ),
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
