"""A body's findings: its clauses between ，；。 (or , ;) outside quotes and brackets."""

from __future__ import annotations

import re
from typing import Final

from xunshi_parser.fields.brackets import OPENERS

__all__ = ["split_findings"]

#: Longest quotation or bracketed aside kept whole; a longer or unclosed one is read as text,
#: its separators splitting as anywhere else. The bound keeps the scan linear.
MAX_GROUP: Final = 200
_GROUPS: Final = "|".join(
    f"{re.escape(opener)}[^{re.escape(closer)}]{{0,{MAX_GROUP}}}{re.escape(closer)}"
    for opener, closer in OPENERS.items()
)
_OPENERS: Final = re.escape("".join(OPENERS))
#: One clause: runs of plain text, quoted or bracketed groups, a comma between digits (1,000),
#: or an opener that starts no group. One findall in C replaces a walk over the body in
#: Python; the standard library's engine runs this pattern about 1.6 times faster than regex's.
_CLAUSE: Final = re.compile(rf"(?:[^，；。;,{_OPENERS}]+|{_GROUPS}|(?<=\d),(?=\d)|[{_OPENERS}])+")


def split_findings(body: str) -> list[str]:
    """The trimmed, non-empty clauses of ``body``.

    >>> split_findings("理论学习不够深入，对“管得住”向“管得好，用得好”转变不到位。")
    ['理论学习不够深入', '对“管得住”向“管得好，用得好”转变不到位']
    """
    clauses = (clause.strip() for clause in _CLAUSE.findall(body))
    return [clause for clause in clauses if clause]
