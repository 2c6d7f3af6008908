"""A body's findings: its clauses between ，；。 outside quotes and brackets."""

from __future__ import annotations

from xunshi_parser.fields.brackets import clause_pieces

__all__ = ["split_findings"]


def split_findings(body: str) -> list[str]:
    """The trimmed, non-empty clauses of ``body``.

    >>> split_findings("理论学习不够深入，对“管得住”向“管得好，用得好”转变不到位。")
    ['理论学习不够深入', '对“管得住”向“管得好，用得好”转变不到位']
    """
    clauses = (body[start:end].strip() for start, end in clause_pieces(body))
    return [clause for clause in clauses if clause]
