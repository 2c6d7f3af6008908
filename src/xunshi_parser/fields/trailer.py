"""The bracketed trailer closing a section: ``【市委第一巡视组向市档案馆反馈巡视情况】``,
or ``（市委第一巡视组向市档案馆反馈巡视情况）``."""

from __future__ import annotations

from typing import Final, NamedTuple

import regex

from xunshi_parser.fields.numerals import NUMBER, parse_number
from xunshi_parser.models import Inspection

__all__ = ["TRAILER", "TrailerFields", "read_trailer"]

_INSPECTION: Final = r"(?:巡视|巡察|巡視)"
_SPACE: Final = r"[^\S\n]{0,4}"
#: 市委第一巡视组, and 区委巡察一组 as district and county teams are often named.
_TEAM: Final = rf"[^【】（）()■\n]{{1,40}}?{_INSPECTION}(?:{NUMBER})?[组組]"
_WORDS: Final = rf"反[馈饋]{_INSPECTION}?情[况況]{_SPACE}"

#: A trailer anywhere in a section: in square brackets, or in round ones as some reprints
#: write it, closed by the partner of its opener. Bounded repetitions keep each attempt short;
#: the lookahead first asks for the ending within reach, so a bracket that opens no trailer
#: costs one short scan, not every way of splitting team and target.
TRAILER: Final = regex.compile(
    rf"(?:(?P<square>【)|[（(])(?=[^【】\n]{{0,140}}?{_WORDS}(?(square)】|[）)]))"
    rf"{_SPACE}(?P<team>{_TEAM}){_SPACE}向{_SPACE}(?P<target>[^【】■\n]{{1,80}}?){_SPACE}"
    rf"{_WORDS}(?(square)】|[）)])"
)
_TEAM_PARTS: Final = regex.compile(
    rf"(?:第(?P<number>{NUMBER}))?(?P<inspection>{_INSPECTION})(?P<suffix>{NUMBER})?[组組]$"
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
    number = None
    inspection: Inspection | None = None
    if parts:
        number = parse_number(parts.group("number") or parts.group("suffix") or "")
        inspection = "巡察" if parts.group("inspection") == "巡察" else "巡视"
    return TrailerFields(
        team_name=team,
        team_number=number or None,
        inspection=inspection,
        target=match.group("target"),
    )
