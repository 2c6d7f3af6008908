"""The bracketed trailer closing a section: ``【市委第一巡视组向市档案馆反馈巡视情况】``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xunshi_parser.fields.numerals import parse_number
from xunshi_parser.grammar import JOINED, joint_teams

if TYPE_CHECKING:
    import re

__all__ = ["read_trailer"]


def read_trailer(match: re.Match[str], written: str) -> dict[str, Any]:
    """Fields of a :data:`~xunshi_parser.grammar.TRAILER` match in canonical text, by their
    names in the records (``team_name``, ``team_number``, ``inspection``, ``target``,
    ``kind``); values are cut from ``written``, the text as written at the same offsets."""
    number, suffix, inspection = match.group("number", "suffix", "inspection")
    if match.string is written:
        # A text without variant characters is its own canonical form: the groups are the
        # values, read in one call.
        team, target, kind = match.group("team", "target", "kind")
    else:
        team_start, team_end = match.span("team")
        target_start, target_end = match.span("target")
        kind_start, kind_end = match.span("kind")
        team = written[team_start:team_end]
        target = written[target_start:target_end]
        kind = written[kind_start:kind_end]
    kind = kind.strip()
    team_number = parse_number(number or suffix or "") or None
    # Several teams: the number read is one of them only. (Most teams hold no conjunction: a
    # search for one in C rules them out at a third of the pattern's cost.)
    start, end = match.start("team"), match.start("inspection")
    if (
        team_number
        and JOINED.search(match.string, start, end)
        and joint_teams().search(match.string, start, end)
    ):
        team_number = None
    return {
        "team_name": team,
        "team_number": team_number,
        "inspection": inspection,
        "target": target,
        "kind": kind or None,
    }
