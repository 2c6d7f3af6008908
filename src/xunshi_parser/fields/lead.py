"""The text before the first section: the title and the lead paragraph about the round."""

from __future__ import annotations

from typing import Final, NamedTuple

import regex

from xunshi_parser.fields.brackets import list_pieces
from xunshi_parser.fields.numerals import NUMERAL_CHARS, parse_number
from xunshi_parser.models import Inspection

__all__ = ["Preamble", "RoundFields", "read_round", "split_preamble"]

_NUMBER: Final = f"[{NUMERAL_CHARS}]+"
_TITLE_LABEL: Final = regex.compile(r"\s*原?标题\s*[：:]|\s*原?標題\s*[：:]")
#: How a lead opens: 日前，… / 近日，… / 据…消息 / a date.
_LEAD_START: Final = regex.compile(
    r"(?:日前|近日|近期|近来|今天|今日|昨天|昨日)(?=[，,\s]|\p{Han})"
    r"|据[^，。,\n]{1,30}?(?:消息|报道|報道)"
    r"|\d{4}年\d{1,2}月\d{1,2}日"
    r"|(?<!\d)\d{1,2}月\d{1,2}日"
)
_LINE_BREAK: Final = regex.compile(r"\r\n|\r|\n")

_ROUND: Final = regex.compile(rf"第(?P<number>{_NUMBER})[轮輪](?P<inspection>巡视|巡察|巡視)")
#: What stands before 第N轮: 十二届北京市委 or, without a term, …通报北京市委.
_ROUND_ISSUER: Final = regex.compile(
    rf"(?:(?P<term>{_NUMBER})[届屆])?(?P<issuer>[^\P{{Han}}届屆]{{1,12}})$"
)
_ISSUER_REACH: Final = 24
#: Verbs that can stand before an issuer named without its term (通报北京市委第十三轮巡视).
_ISSUER_LEAD_IN: Final = regex.compile(r"^.*?(?:通报|通報|公布|发布|發布|开展|開展|对|對|了|的)")
_UNIT_COUNT: Final = regex.compile(rf"等(?P<count>{_NUMBER})(?:家|个|個)")
_KINDS: Final = regex.compile(
    r"开展了?(?P<kinds>[^，。,；;]{2,60}?(?:巡视|巡察|巡視))(?:的|工作)?(?:反[馈饋]|情[况況])"
)
_KIND_ITEM: Final = regex.compile(r"[^、和及与與]+")
_PERIOD: Final = regex.compile(
    r"(?P<y1>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月(?:\s*\d{1,2}\s*日)?\s*(?:至|到|—|－|-|～|~)\s*"
    r"(?:(?P<y2>\d{4})\s*年\s*)?(?P<m2>\d{1,2})\s*月"
)
_DURATION: Final = regex.compile(
    rf"(?P<count>{_NUMBER})(?:个|個)(?P<half>半)?月(?P<half_after>半)?"
)
_PROBLEMS: Final = regex.compile(r"存在(?P<list>[^。；;]{1,400}?)等(?:方面)?问题")
_CLUE_WORD: Final = "问题线索"


class Preamble(NamedTuple):
    """Offsets into the preamble text; a span is ``None`` when that part is absent.

    ``title_line`` includes the 原标题 label; ``title`` is the title itself.
    """

    title_line: tuple[int, int] | None
    title: tuple[int, int] | None
    lead: tuple[int, int] | None


def split_preamble(text: str) -> Preamble:
    """Where the title and the lead lie in ``text``, the text before the first section.

    The title runs from an optional 原标题 label to the end of its line or to where the lead
    opens, whichever comes first, since reprints often glue the two together.
    """
    label = _TITLE_LABEL.match(text)
    line_start = label.start() + len(label.group()) - len(label.group().lstrip()) if label else 0
    title_start = label.end() if label else 0
    while title_start < len(text) and text[title_start].isspace():
        title_start += 1

    line_break = _LINE_BREAK.search(text, title_start)
    line_end = line_break.start() if line_break else len(text)
    lead_start = _LEAD_START.search(text, title_start, line_end)
    if lead_start and lead_start.start() > title_start:
        title_end = lead_start.start()
    elif line_break or label:
        title_end = line_end
    else:
        # One line that opens like a lead, or no marker at all: all lead, no title.
        title_end = title_start
    title_end = title_start + len(text[title_start:title_end].rstrip())

    title = (title_start, title_end) if title_end > title_start else None
    title_line = ((line_start if label else title_start), title_end) if title else None
    if label and not title:
        title_line = (line_start, label.end())

    rest_start = title_line[1] if title_line else 0
    lead_text = text[rest_start:]
    stripped = lead_text.strip()
    lead = None
    if stripped:
        lead_begin = rest_start + len(lead_text) - len(lead_text.lstrip())
        lead = (lead_begin, lead_begin + len(stripped))
    return Preamble(title_line, title, lead)


class RoundFields(NamedTuple):
    issuer: str | None
    term: int | None
    number: int | None
    inspection: Inspection | None
    kinds: list[str]
    unit_count: int | None
    period_start: str | None
    period_end: str | None
    duration_months: float | None
    common_problems: list[str]
    clues: str | None


def read_round(lead: str) -> RoundFields:
    """What the lead says about the inspection round; each value ``None`` or empty if absent."""
    issuer = None
    term = number = None
    inspection: Inspection | None = None
    if found := _ROUND.search(lead):
        number = parse_number(found.group("number"))
        before = _ROUND_ISSUER.search(lead, max(0, found.start() - _ISSUER_REACH), found.start())
        if before:
            term = parse_number(before.group("term") or "")
            issuer = before.group("issuer")
            if not before.group("term"):
                issuer = _ISSUER_LEAD_IN.sub("", issuer) or issuer
        inspection = "巡察" if found.group("inspection") == "巡察" else "巡视"

    count = _UNIT_COUNT.search(lead)
    kinds: list[str] = []
    if found_kinds := _KINDS.search(lead):
        kinds = [item.strip() for item in _KIND_ITEM.findall(found_kinds.group("kinds"))]
    period_start, period_end = _period(lead)
    problems: list[str] = []
    if found_problems := _PROBLEMS.search(lead):
        items = found_problems.group("list")
        problems = [items[start:end].strip() for start, end in list_pieces(items)]
    return RoundFields(
        issuer=issuer,
        term=term or None,
        number=number or None,
        inspection=inspection,
        kinds=[kind for kind in kinds if kind],
        unit_count=parse_number(count.group("count")) if count else None,
        period_start=period_start,
        period_end=period_end,
        duration_months=_duration(lead),
        common_problems=[problem for problem in problems if problem],
        clues=_sentence_with(lead, _CLUE_WORD),
    )


def _period(lead: str) -> tuple[str | None, str | None]:
    found = _PERIOD.search(lead)
    if not found:
        return None, None
    first_month, last_month = int(found.group("m1")), int(found.group("m2"))
    if not (1 <= first_month <= 12 and 1 <= last_month <= 12):
        return None, None
    first_year = int(found.group("y1"))
    # The end omits its year when it is the start's, unless the months wrap into the next year.
    last_year = int(found.group("y2") or first_year + (last_month < first_month))
    return f"{first_year:04d}-{first_month:02d}", f"{last_year:04d}-{last_month:02d}"


def _duration(lead: str) -> float | None:
    found = _DURATION.search(lead)
    if not found:
        return None
    months = parse_number(found.group("count"))
    if months is None:
        return None
    return months + (0.5 if found.group("half") or found.group("half_after") else 0.0)


def _sentence_with(lead: str, word: str) -> str | None:
    at = lead.find(word)
    if at < 0:
        return None
    start = lead.rfind("。", 0, at) + 1
    end = lead.find("。", at)
    return lead[start : len(lead) if end < 0 else end + 1].strip()
