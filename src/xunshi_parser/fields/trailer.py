"""The bracketed trailer closing a section: ``【市委第一巡视组向市档案馆反馈巡视情况】``."""

from __future__ import annotations

from typing import Final, NamedTuple

import regex

from xunshi_parser.fields.numerals import NUMERAL_CHARS, parse_number
from xunshi_parser.models import Inspection

__all__ = ["TRAILER", "TrailerFields", "read_trailer"]

_INSPECTION: Final = r"(?:巡视|巡察|巡視)"
_SPACE: Final = r"[^\S\n]{0,4}"
_TEAM: Final = rf"[^【】■\n]{{1,40}}?{_INSPECTION}[组組]"

#: A trailer anywhere in a section. Bounded repetitions keep each attempt short, so a run of
#: unclosed brackets costs time in proportion to its length.
TRAILER: Final = regex.compile(
    rf"【{_SPACE}(?P<team>{_TEAM}){_SPACE}向{_SPACE}(?P<target>[^【】■\n]{{1,80}}?){_SPACE}"
    rf"反[馈饋]{_INSPECTION}?情[况況]{_SPACE}】"
)
_TEAM_PARTS: Final = regex.compile(
    rf"第(?P<number>[{NUMERAL_CHARS}]{{1,8}})(?P<inspection>{_INSPECTION})[组組]$"
    rf"|(?P<inspection>{_INSPECTION})[组組]$"
)


class TrailerFields(NamedTuple):
    team_name: str
    team_number: int | None
    inspection: Inspection | None
    target: str


def read_trailer(match: regex.Match[str]) -> TrailerFields:
    """Fields of a :data:`TRAILER` match."""
    team = match.group("team")
    parts = _TEAM_PARTS.search(team)
    number = parse_number(parts.group("number") or "") if parts else None
    inspection: Inspection | None = None
    if parts:
        inspection = "巡察" if parts.group("inspection") == "巡察" else "巡视"
    return TrailerFields(
        team_name=team,
        team_number=number or None,
        inspection=inspection,
        target=match.group("target"),
    )
