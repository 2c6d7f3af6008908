"""Typed records of a parsed bulletin (pydantic v2, frozen, no extra fields).

Models know nothing of parsing: every field is set by the parser or by a user loading JSON.
All offsets are 0-based character offsets into :attr:`Bulletin.text`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveInt,
    field_validator,
    model_validator,
)

# The table of diagnostic codes is pure data (it imports nothing of this package), not parsing
# logic: Diagnostic takes its known codes from it.
from xunshi_parser.codes import BY_CODE, Severity

__all__ = [
    "Bulletin",
    "Diagnostic",
    "Entry",
    "Feedback",
    "HeadlineSource",
    "Inspection",
    "InspectionRound",
    "Severity",
    "Span",
    "Unit",
    "Unplaced",
]

HeadlineSource = Literal["line", "restatement", "none"]
Inspection = Literal["巡视", "巡察"]
YearMonth = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Record):
    """Half-open range ``[start, end)`` of character offsets into :attr:`Bulletin.text`."""

    start: NonNegativeInt = Field(description="Offset of the first character.")
    end: NonNegativeInt = Field(description="Offset just after the last character.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            msg = f"span end {self.end} is before its start {self.start}"
            raise ValueError(msg)
        return self

    def slice(self, text: str) -> str:
        """The text this span covers."""
        return text[self.start : self.end]


class Unit(_Record):
    """The inspected unit as named in a section header (``■市档案馆：``)."""

    text: str = Field(description="The unit exactly as written between the marker and the colon.")
    organizations: list[str] = Field(
        description="Organisations named, split at 、 outside brackets, aliases and party "
        "organisation removed."
    )
    aliases: list[str] = Field(
        description="Names in brackets: 市委办公厅（市档案局） gives 市档案局."
    )
    party_org: str | None = Field(
        description="Trailing party organisation (党组, 党委, 党工委, 党总支, 党支部, 分党组)."
    )
    span: Span = Field(description="Where the unit stands in the header.")


class Feedback(_Record):
    """The bracketed trailer: ``【市委第一巡视组向市档案馆反馈巡视情况】``."""

    team_name: str = Field(description="The inspection team as written, e.g. 市委第一巡视组.")
    team_number: PositiveInt | None = Field(description="The team's number: 第一 gives 1.")
    inspection: Inspection | None = Field(description="巡视 or 巡察, from the team name.")
    target: str = Field(description="The unit the team reported to, as the trailer writes it.")
    kind: str | None = Field(
        default=None,
        description="What was fed back, as written between 反馈 and 情况: 巡视, 巡察, "
        "巡视“回头看”, 专项巡视 ... (None for a bare 反馈情况).",
    )
    span: Span = Field(description="The whole trailer, brackets included.")


class Entry(_Record):
    """One section: ``■{unit}：{headline}{body}【{trailer}】``."""

    index: PositiveInt = Field(description="1-based position among the bulletin's sections.")
    unit: Unit = Field(description="The inspected unit named in the header.")
    headline: str = Field(description="The one-line summary after the colon ('' if not found).")
    headline_span: Span = Field(description="Where the headline stands.")
    headline_source: HeadlineSource = Field(
        description="How the headline was delimited: 'line' (it stands on its own line), "
        "'restatement' (glued to the body; found where the body restates it) or 'none'."
    )
    body: str = Field(description="The findings paragraph.")
    body_span: Span = Field(description="Where the body stands.")
    findings: list[str] = Field(
        description="The body split into clauses at ，；。！？ and line breaks, outside quotes "
        "and brackets."
    )
    feedback: Feedback | None = Field(description="The trailer, or None when it is missing.")
    span: Span = Field(description="From the marker to the end of the trailer.")


class InspectionRound(_Record):
    """What the lead paragraph says about the inspection round."""

    issuer: str | None = Field(description="Who inspected, e.g. 北京市委.")
    term: PositiveInt | None = Field(description="The issuer's term: 十二届 gives 12.")
    number: PositiveInt | None = Field(description="The round: 第十三轮 gives 13.")
    inspection: Inspection | None = Field(description="巡视 or 巡察.")
    kinds: list[str] = Field(description="Kinds of inspection: 常规巡视, 提级巡视, 专项巡视 ...")
    unit_count: NonNegativeInt | None = Field(description="How many units the lead announces.")
    period_start: YearMonth | None = Field(
        description="First month of the round, YYYY-MM (a period naming no year, 自3月至5月, "
        "takes the year of publication)."
    )
    period_end: YearMonth | None = Field(description="Last month, YYYY-MM (year carried over).")
    duration_months: float | None = Field(description="约2个半月 gives 2.5.")
    common_problems: list[str] = Field(description="The problems listed as 存在……、……等问题.")
    clues: str | None = Field(description="The sentence on what happened to problem clues.")


class Unplaced(_Record):
    """Text the parser could not assign to any field; reported, never dropped."""

    text: str = Field(description="The text, as written.")
    span: Span = Field(description="Where it stands.")


class Diagnostic(_Record):
    """A validation finding. ``code`` is stable API; the wording of ``message`` is not."""

    code: str = Field(
        description="Stable code: XS201 and the like, one of the table in docs/format.md.",
        # The schema lists the known codes; _known_code refuses others, as the schema does.
        json_schema_extra={"enum": list(BY_CODE)},
    )
    severity: Severity = Field(description="error, warning or info: fixed by the code.")
    message: str = Field(description="What is wrong, for people; the wording may change.")
    line: PositiveInt = Field(description="1-based line of the position.")
    column: PositiveInt = Field(description="1-based column (in characters) of the position.")
    offset: NonNegativeInt = Field(description="0-based character offset of the position.")
    entry: PositiveInt | None = Field(description="Index of the entry concerned, if any.")

    @field_validator("code")
    @classmethod
    def _known_code(cls, code: str) -> str:
        if code not in BY_CODE:
            msg = f"unknown diagnostic code {code!r}: not in the table of codes"
            raise ValueError(msg)
        return code

    @model_validator(mode="after")
    def _severity_of_the_code(self) -> Self:
        if self.severity != BY_CODE[self.code].severity:
            msg = f"{self.code} is of severity {BY_CODE[self.code].severity}, not {self.severity}"
            raise ValueError(msg)
        return self


class Bulletin(_Record):
    """A parsed bulletin. Every span points into :attr:`text`."""

    text: str = Field(description="The text that every offset refers to.")
    wrap_breaks: list[Span] = Field(
        default_factory=list,
        description="Line breaks read as no break, where the text was hard-wrapped at a fixed "
        "width (copied out of a PDF or an e-mail). Values leave them out; spans keep them.",
    )
    title: str | None = Field(description="The article's title.")
    title_span: Span | None = Field(
        description="The title line, its 原标题 label included (None when the title came from "
        "a page's <h1> or <title> rather than the text)."
    )
    published: date | None = Field(
        description="Publication date, from a dateline or the page, else from the editor line."
    )
    source: str | None = Field(description="The publishing outlet: 来源：北京纪检监察网.")
    dateline_span: Span | None = Field(
        description="The line giving the date and source (时间：2022-04-08　来源：…), if any; "
        "without one above the lead, a closing line naming the source (（来源：…）)."
    )
    lead: str | None = Field(description="The paragraph about the round, before the sections.")
    lead_span: Span | None = Field(description="Where the lead stands.")
    round: InspectionRound | None = Field(description="What the lead says about the round.")
    entries: list[Entry] = Field(description="One per section, in document order.")
    editor: str | None = Field(description="The responsible editor: 责任编辑：王蒙 gives 王蒙.")
    editor_span: Span | None = Field(
        description="The editor line, label and brackets included, and the fields after it "
        "(审核：…, 来源：…)."
    )
    unplaced: list[Unplaced] = Field(description="Text that belongs to no part, kept here.")
    diagnostics: list[Diagnostic] = Field(description="Validation findings, in document order.")

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics of severity ``error``."""
        return [d for d in self.diagnostics if d.severity == "error"]
