"""The bracketed trailer closing a section: ``【市委第一巡视组向市档案馆反馈巡视情况】``."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from xunshi_parser.fields.numerals import parse_number
from xunshi_parser.grammar import TEAM_PARTS

if TYPE_CHECKING:
    import re

__all__ = ["TrailerFields", "read_trailer"]


class TrailerFields(NamedTuple):
    team_name: str
    team_number: int | None
    inspection: str | None  # 巡视 or 巡察
    target: str
    kind: str | None


def read_trailer(match: re.Match[str], written: str) -> TrailerFields:
    """Fields of a :data:`~xunshi_parser.grammar.TRAILER` match in canonical text; values
    are cut from ``written``, the text as written at the same offsets."""
    team = match.group("team")
    parts = TEAM_PARTS.search(team)
    number = None
    inspection = None
    if parts:
        number = parse_number(parts.group("number") or parts.group("suffix") or "")
        inspection = parts.group("inspection")
    kind = written[match.start("kind") : match.end("kind")].strip()
    return TrailerFields(
        team_name=written[match.start("team") : match.end("team")],
        team_number=number or None,
        inspection=inspection,
        target=written[match.start("target") : match.end("target")],
        kind=kind or None,
    )
