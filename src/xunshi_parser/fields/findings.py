"""A body's findings: its clauses between ，；。！？ and line breaks, outside quotes and
brackets."""

from __future__ import annotations

from typing import Final

from xunshi_parser.grammar import (
    DIGIT_COMMA,
    FINDING,
    FINDING_OPENER,
    FINDING_SEPARATORS,
    FINDINGS_INTRO_FIRST,
    findings_intro,
    fold,
)

__all__ = ["split_findings"]

#: Read as the comma is, by the split of a body with no quote or bracket.
_OTHER_SEPARATORS: Final = (*FINDING_SEPARATORS[1:], "\n", "\r")


def split_findings(written: str, canonical: str | None = None) -> list[str]:
    """The trimmed, non-empty clauses of a body, as written.

    ``canonical`` is the body folded (see :func:`xunshi_parser.grammar.fold`); it is folded
    here when not given.

    >>> split_findings("理论学习不够深入，对“管得住”向“管得好，用得好”转变不到位。")
    ['理论学习不够深入', '对“管得住”向“管得好，用得好”转变不到位']
    >>> split_findings("理论学习不够深入,抓落实不够")
    ['理论学习不够深入', '抓落实不够']
    """
    if canonical is None:
        canonical = fold(written)
    if canonical == written:
        if FINDING_OPENER.search(written) is None and DIGIT_COMMA.search(written) is None:
            # Many bodies hold no quote or bracket: the clauses are the pieces between
            # separators, and str.split finds them in a third of FINDING's time.
            # (A replace finding nothing costs less than asking first whether it will.)
            separated = written
            for separator in _OTHER_SEPARATORS:
                separated = separated.replace(separator, "，")
            clauses = separated.split("，")
        else:
            # Quotes and brackets keep their groups whole: one findall in C.
            clauses = FINDING.findall(written)
    else:
        clauses = [written[match.start() : match.end()] for match in FINDING.finditer(canonical)]
    findings = list(filter(None, map(str.strip, clauses)))
    # 巡视指出，… : the words introducing the findings are the body's, not a finding.
    if (
        findings
        and findings[0][0] in FINDINGS_INTRO_FIRST
        and findings_intro().fullmatch(fold(findings[0]))
    ):
        del findings[0]
    return findings
