"""The diagnostic codes, written once: each code's severity, meaning and position.

:mod:`xunshi_parser.diagnostics` raises by code and takes the severity from :data:`CODES`, so a
rule cannot give a code another one; the table of codes in ``docs/format.md`` is generated from
it (``python docs/generate.py``) and the JSON Schema of :class:`~xunshi_parser.models.Diagnostic`
lists its codes. Codes are stable API: a code is never reused for another meaning.

Pure data, at the bottom of the package next to :mod:`xunshi_parser.grammar`: it imports
nothing of this package, so the models can use it without importing any parsing logic.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final, Literal, NamedTuple

__all__ = ["BY_CODE", "CODES", "Code", "Severity"]

#: How bad a diagnostic is; the records' ``Diagnostic.severity`` takes its values from here.
Severity = Literal["error", "warning", "info"]


class Code(NamedTuple):
    """One diagnostic code. ``summary`` and ``position`` are Markdown, for the docs."""

    code: str
    severity: Severity
    summary: str
    position: str


#: Every code, in the order of the docs. Errors mean the text is damaged (``strict=True`` and
#: ``xunshi validate`` fail on them); warnings leave a usable record; infos are remarks.
CODES: Final[tuple[Code, ...]] = (
    Code(
        "XS101", "warning",
        "no lead paragraph, or the lead names no inspection round",
        "lead or first section",
    ),
    Code(
        "XS201", "error",
        "a section has no trailer `【…反馈巡视情况】`: the text was cut or damaged",
        "the section's marker",
    ),
    Code(
        "XS202", "warning",
        "a `■` inside a section starts no section header",
        "that marker",
    ),
    Code(
        "XS203", "error",
        "the text ends inside a section header (`■市机关事务管`, cut before its colon)",
        "that marker",
    ),
    Code(
        "XS211", "warning",
        "the trailer's target differs from the header's unit",
        "the trailer",
    ),
    Code(
        "XS212", "info",
        "the trailer's target differs from the header's unit, but one contains the other "
        "(`积水潭医院党委` / `北京积水潭医院党委`)",
        "the trailer",
    ),
    Code(
        "XS221", "warning",
        "team numbers go backwards (sections out of order or a typo)",
        "the trailer",
    ),
    Code(
        "XS231", "info",
        "the trailer feeds back a kind of inspection not among the known ones "
        "(`反馈巡视整治情况`)",
        "the trailer",
    ),
    Code(
        "XS301", "warning",
        "no headline: the body restates no prefix of the section, all of it is kept as body",
        "the body",
    ),
    Code(
        "XS302", "warning",
        "a section has no body",
        "where the body would be",
    ),
    Code(
        "XS401", "warning",
        "the number of sections differs from the count the lead announces",
        "the lead",
    ),
    Code(
        "XS501", "warning",
        "text the parser could not place, kept in `Bulletin.unplaced`",
        "the text",
    ),
    Code(
        "XS502", "error",
        "a section was lost to unplaced text: a section header or trailer stands outside any "
        "section (its marker deleted or damaged, or the line break before its number lost); a "
        "copy of the trailer just before it is XS501",
        "the header, else the trailer",
    ),
    Code(
        "XS503", "info",
        "a lone marker ends the article (an end-of-article mark): kept in `Bulletin.unplaced`",
        "that marker",
    ),
    Code(
        "XS504", "info",
        "page furniture ends the text (a copied WeChat or news page's `阅读原文`, `点赞`, "
        "`【打印】【关闭】`, `上一篇：…`): kept in `Bulletin.unplaced`, a piece per line",
        "the line",
    ),
    Code(
        "XS505", "info",
        "page numbers of a printed copy (`- 2 -`, `第2页 共5页`), each on a line of its own, "
        "left out of the values around them: each kept in `Bulletin.unplaced`, one remark for "
        "all",
        "the first",
    ),
    Code(
        "XS601", "warning",
        "bytes that did not decode were replaced by U+FFFD (`errors=\"replace\"`, "
        "`--encoding-errors replace`), or the text came with U+FFFD in it: text is lost there",
        "the first U+FFFD of each run",
    ),
)  # fmt: skip

#: Each code's entry in :data:`CODES`.
BY_CODE: Final[MappingProxyType[str, Code]] = MappingProxyType({c.code: c for c in CODES})
