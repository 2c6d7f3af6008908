"""The bracketed trailer closing a section: ``【市委第一巡视组向市档案馆反馈巡视情况】``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xunshi_parser.fields.numerals import parse_number

if TYPE_CHECKING:
    import re

__all__ = ["read_trailer"]


def read_trailer(match: re.Match[str], written: str) -> dict[str, Any]:
    """Fields of a :data:`~xunshi_parser.grammar.TRAILER` match in canonical text, by their
    names in the records (``team_name``, ``team_number``, ``inspection``, ``target``,
    ``kind``); values are cut from ``written``, the text as written at the same offsets."""
    number = parse_number(match.group("number") or match.group("suffix") or "")
    kind_start, kind_end = match.span("kind")
    kind = written[kind_start:kind_end].strip()
    team_start, team_end = match.span("team")
    target_start, target_end = match.span("target")
    return {
        "team_name": written[team_start:team_end],
        "team_number": number or None,
        "inspection": match.group("inspection"),
        "target": written[target_start:target_end],
        "kind": kind or None,
    }
