"""A body's findings: its clauses between ，；。 (or , ;) outside quotes and brackets."""

from __future__ import annotations

from typing import Final

import regex

from xunshi_parser.fields.brackets import OPENERS

__all__ = ["split_findings"]

#: Longest quotation or bracketed aside kept whole; a longer or unclosed one is read as text,
#: its separators splitting as anywhere else. The bound keeps the scan linear.
MAX_GROUP: Final = 200
_GROUPS: Final = "|".join(
    f"{regex.escape(opener)}[^{regex.escape(closer)}]{{0,{MAX_GROUP}}}{regex.escape(closer)}"
    for opener, closer in OPENERS.items()
)
#: One clause: groups, a comma between digits (1,000), or anything but a separator. One
#: findall in C replaces a walk over the body in Python.
_CLAUSE: Final = regex.compile(rf"(?:{_GROUPS}|(?<=\d),(?=\d)|[^，；。;,])+")


def split_findings(body: str) -> list[str]:
    """The trimmed, non-empty clauses of ``body``.

    >>> split_findings("理论学习不够深入，对“管得住”向“管得好，用得好”转变不到位。")
    ['理论学习不够深入', '对“管得住”向“管得好，用得好”转变不到位']
    """
    clauses = (clause.strip() for clause in _CLAUSE.findall(body))
    return [clause for clause in clauses if clause]
