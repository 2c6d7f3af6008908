"""Generated bulletins: a hypothesis strategy over the format's variation space.

:func:`bulletins` draws the content of a bulletin (the round, the units, headlines, findings,
teams and trailers), renders it in one of the layouts, punctuation styles, scripts and
encodings found in the wild, and hands back the text together with the records it wrote
(:class:`Generated`). Expected values come from what was written, never from the parser: every
field is built from pieces, each piece converted (traditional characters, ASCII punctuation)
on its own, and the text is the concatenation of the converted pieces, so the text and the
expected values agree by construction.

:func:`damaged` breaks a generated bulletin in one place and says which of the original
sections the damage cannot have touched; :func:`spliced` writes arbitrary text into generated
bulletins. :class:`Reached` counts how many examples got as far as each check.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import Any, Literal, get_args

from hypothesis import assume
from hypothesis import strategies as st

from xunshi_parser import Bulletin, XunshiError, parse, parse_bytes
from xunshi_parser.grammar import MARKER_VARIANTS

from support import assert_nothing_lost

Inspection = Literal["巡视", "巡察"]
Layout = Literal["flattened", "one per line", "portal paragraphs"]
Punctuation = Literal["full-width", "half-width colons", "ASCII"]
MARKER = "■"
#: Full-width punctuation, the common case, twice as likely as each of the others.
PUNCTUATION_STYLES: tuple[Punctuation, ...] = (
    "full-width",
    "full-width",
    "half-width colons",
    "ASCII",
)

# ---------------------------------------------------------------------------------------------
# Numbers as bulletins write them


_DIGITS = "〇一二三四五六七八九"


def chinese(number: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三, 20 → 二十, 38 → 三十八 (1 ≤ number < 100)."""
    if not 1 <= number < 100:
        raise ValueError(number)
    tens, ones = divmod(number, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def chinese_year(year: int) -> str:
    """2021 → 二〇二一, as years are written digit by digit."""
    return "".join(_DIGITS[int(digit)] for digit in str(year))


# ---------------------------------------------------------------------------------------------
# Vocabulary (simplified characters, full-width punctuation; converted when rendered)


@dataclass(frozen=True)
class Issuer:
    name: str  # 北京市委
    place: str  # 北京, as titles name it
    level: str  # 市, 省 or 区: the prefix of the units and of the teams (市委第一巡视组)
    outlet: str  # who publishes the bulletin
    inspection: Inspection


ISSUERS = (
    Issuer("北京市委", "北京", "市", "北京纪检监察网", "巡视"),
    Issuer("天津市委", "天津", "市", "天津纪检监察网", "巡视"),
    Issuer("上海市委", "上海", "市", "上海纪检监察网", "巡视"),
    Issuer("重庆市委", "重庆", "市", "重庆纪检监察网", "巡视"),
    Issuer("河北省委", "河北", "省", "河北纪检监察网", "巡视"),
    Issuer("浙江省委", "浙江", "省", "清廉浙江网", "巡视"),
    Issuer("广东省委", "广东", "省", "南粤清风网", "巡视"),
    Issuer("四川省委", "四川", "省", "廉洁四川网", "巡视"),
    Issuer("海淀区委", "海淀区", "区", "海淀区纪委监委", "巡察"),
    Issuer("朝阳区委", "朝阳区", "区", "朝阳区纪委监委", "巡察"),
    Issuer("和平区委", "和平区", "区", "和平区纪委监委", "巡察"),
    Issuer("黄浦区委", "黄浦区", "区", "黄浦区纪委监委", "巡察"),
)
#: Departments, written after the level prefix: 市 + 档案馆.
DEPARTMENTS = (
    "档案馆", "机关事务管理局", "卫生健康委", "医疗保障局", "审计局", "园林绿化局", "红十字会",
    "科委", "政务服务管理局", "民族宗教委", "农林科学院", "财政局", "教育委员会", "体育局",
    "统计局", "文化和旅游局", "交通委", "水务局", "应急管理局", "生态环境局", "司法局",
    "商务局", "住房城乡建设委", "市场监管局", "国资委", "退役军人事务局", "人大常委会机关",
    "政府办公厅", "归国华侨联合会", "委办公厅", "委宣传部", "委统战部", "委党校", "委政法委",
    "委组织部", "委台湾工作办公室", "委老干部局", "委机构编制委员会办公室",
)  # fmt: skip
#: Other names of a unit, in brackets after it: 市委办公厅（市档案局）.
ALIASES = (
    "档案局", "政府侨务办公室", "政府港澳办", "保密局", "机要局", "行政学院", "公务员局",
    "新闻出版局", "老干部联络室", "民族宗教委",
)  # fmt: skip
PARTY_ORGS = ("党组", "党委", "党工委")
#: Subjects of headlines and findings: a clause is a subject and a predicate.
SUBJECTS = (
    "理论学习", "档案收集", "资源建设", "干部队伍建设", "党风廉政建设", "内控管理", "风险防控",
    "医保基金监管", "意识形态工作", "基层党建工作", "选人用人工作", "财务管理", "巡视整改",
    "主体责任落实", "制度执行", "项目管理", "资金使用", "统筹谋划", "为民服务意识",
    "服务保障工作", "机构改革", "人才培养", "安全生产", "信息化建设", "宣传引导", "调查研究",
    "党员教育管理", "领导班子建设", "干部监督管理", "作风建设", "“三重一大”制度执行",
    "“四风”问题整治",
)  # fmt: skip
#: Predicates; a restatement may put 还 or 仍 before them.
PREDICATES = (
    "不够深入", "有差距", "不到位", "有短板", "不够有力", "有待加强", "力度不足", "不够严格",
    "存在薄弱环节", "不够充分", "推进迟缓", "落实不力", "有欠缺", "不够规范", "效果不明显",
    "抓得不紧", "不平衡", "意识不强",
)  # fmt: skip
#: Whole findings, never headlines: quotes and brackets (with a comma inside), enumerations
#: with 、, a comma between digits.
SPECIAL_FINDINGS = (
    "对重点岗位、重点项目廉政风险点查找不深不细",
    "落实“三重一大”制度不严格",
    "宗教工作由“管得住”向“管得好”转变不到位",
    "对“接诉即办，未诉先办”改革意义理解不深",
    "“四风”问题依然存在",
    "破解群众看病难、看病贵问题办法不多",
    "涉及资金1,200万元的项目未经集体决策",
    "对下属单位（含驻外机构，不含企业）监管不到位",
)
ADVERBS = ("还", "仍")
#: What comparing a headline with its restatement ignores (docs/format.md, Sections).
INSERTABLE = frozenset("、还還仍尚也 \t\u3000\xa0")
ROUND_KINDS: dict[Inspection, tuple[str, ...]] = {
    "巡视": ("常规巡视", "提级巡视", "专项巡视", "机动巡视"),
    "巡察": ("常规巡察", "专项巡察", "提级巡察", "交叉巡察"),
}
PROBLEMS = (
    ("贯彻落实中央决策部署和", "{level}", "委要求不到位"),
    ("全面从严治党主体责任落实不到位",),
    ("干部队伍建设力度不足",),
    ("党建工作有短板",),
    ("一些领域存在廉洁风险",),
    ("落实意识形态工作责任制不够有力",),
)
EDITORS = ("王蒙", "李明", "张洁", "刘畅", "陈静", "赵磊", "孙悦")
LEAD_OPENINGS = ("日前", "近日", "近期")

# ---------------------------------------------------------------------------------------------
# What a generated bulletin holds


@dataclass(frozen=True)
class ExpectedEntry:
    unit: str
    organizations: tuple[str, ...]
    aliases: tuple[str, ...]
    party_org: str | None
    headline: str
    body: str
    findings: tuple[str, ...]
    team_name: str
    team_number: int
    inspection: Inspection
    target: str
    kind: str | None  # between 反馈 and 情况, as written; None for a bare 反馈情况


@dataclass(frozen=True)
class ExpectedRound:
    issuer: str
    term: int | None
    number: int
    inspection: Inspection
    kinds: tuple[str, ...]
    unit_count: int
    period_start: str | None
    period_end: str | None
    duration_months: float | None
    common_problems: tuple[str, ...]
    clues: str


@dataclass(frozen=True)
class Style:
    layout: Layout
    newline: str
    indent: str  # before each paragraph of the lead and the sections
    after_marker: str  # ■\u3000市档案馆：
    punctuation: Punctuation
    traditional: bool
    wrap: int | None  # every paragraph cut into lines of exactly this many characters

    def features(self) -> list[str]:
        """What this style varies, for hypothesis's statistics (``event``)."""
        parts = [f"layout: {self.layout}", f"punctuation: {self.punctuation}"]
        if self.newline == "\r\n":
            parts.append("CRLF")
        if self.indent or self.after_marker:
            parts.append("ideographic indents")
        if self.traditional:
            parts.append("traditional")
        if self.wrap:
            parts.append("hard-wrapped")
        return parts


@dataclass(frozen=True)
class Generated:
    """A rendered bulletin and the records it was written from."""

    text: str
    encoding: str | None  # None: parse(text); else parse_bytes(text.encode(encoding))
    style: Style
    title: str | None
    published: date | None
    source: str | None
    editor: str | None
    round: ExpectedRound
    entries: tuple[ExpectedEntry, ...]
    headline_source: Literal["line", "restatement"]
    #: Each section from its marker to the end of its trailer, as offsets into ``text``
    #: (empty when the text is hard-wrapped: sections then span line breaks).
    section_spans: tuple[tuple[int, int], ...]

    def parse(self) -> Bulletin:
        if self.encoding is None:
            return parse(self.text)
        return parse_bytes(self.text.encode(self.encoding))


# ---------------------------------------------------------------------------------------------
# Content, before rendering: every string is a tuple of pieces, converted one by one


Pieces = tuple[str, ...]


@dataclass(frozen=True)
class _Unit:
    pieces: Pieces  # the whole name as written
    organizations: tuple[Pieces, ...]
    aliases: tuple[Pieces, ...]
    party_org: str | None


@dataclass(frozen=True)
class _Section:
    unit: _Unit
    headline: Pieces
    findings: tuple[Pieces, ...]
    separators: tuple[str, ...]  # after each finding; the last is 。
    team: Pieces
    team_number: int
    kind: Pieces  # () for a bare 反馈情况


@dataclass(frozen=True)
class _Content:
    issuer: Issuer
    term: int | None
    number: int
    opening: str
    kinds: tuple[str, ...]
    kinds_joiners: tuple[str, ...]
    unit_count: int
    count_written: str
    count_word: str  # 家 or 个
    period: Pieces | None
    period_months: tuple[str, str] | None
    duration: Pieces | None
    duration_months: float | None
    problems: tuple[Pieces, ...]
    sections: tuple[_Section, ...]
    title: Literal["label", "plain", "none"]
    dateline: Literal["none", "above title", "below title"]
    published: date
    editor: tuple[str, ...]  # names; () for no editor line
    editor_brackets: bool


@cache
def _opencc() -> Any:
    import opencc

    return opencc.OpenCC("s2t.json")


@cache
def to_traditional(piece: str) -> str:
    return str(_opencc().convert(piece))


_HALF_WIDTH_COLONS = str.maketrans({"：": ":"})
_ASCII = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"})


@dataclass(frozen=True)
class _Writer:
    """Writes pieces as the style renders them: traditional characters, ASCII punctuation."""

    traditional: bool
    punctuation: Punctuation

    def __call__(self, *pieces: str) -> str:
        return "".join(self.piece(piece) for piece in pieces)

    def piece(self, piece: str) -> str:
        if self.traditional:
            piece = to_traditional(piece)
        if self.punctuation == "half-width colons":
            return piece.translate(_HALF_WIDTH_COLONS)
        if self.punctuation == "ASCII":
            return piece.translate(_ASCII)
        return piece


def _plain(text: str) -> str:
    return "".join(char for char in text if char not in INSERTABLE)


def headline_is_restated(headline: str, body: str) -> bool:
    """Whether the glued ``headline + body`` splits at the headline under the documented rule.

    The rule (docs/format.md): the headline is the longest prefix, 4 to 80 characters, that
    appears again after itself, with 、 还 仍 尚 也 and spaces ignored, where one of its first
    restatements is a whole phrase (here: followed by the end or a separator). This checks that
    the generator wrote what the rule describes; it reads only the generated strings.
    """
    content = _plain(headline + body)
    length = len(_plain(headline))
    if not 4 <= length <= 80 or length > len(content) // 2:
        return False
    if headline[-1] in INSERTABLE or body[:1] in INSERTABLE:
        return False
    again = content.find(content[:length], length) >= 0
    longer = content.find(content[: length + 1], length + 1) >= 0
    # The generator follows each restatement with a separator (，；。): a whole phrase.
    at = content.find(content[:length], length)
    whole = at >= 0 and (at + length == len(content) or content[at + length] in "，；。")
    return again and not longer and whole


# ---------------------------------------------------------------------------------------------
# Strategies for the content


def _sometimes(draw: st.DrawFn, one_in: int) -> bool:
    """True once in ``one_in`` draws; shrinks to False, the plainer bulletin."""
    return draw(st.integers(1, one_in)) == one_in


@st.composite
def _unit(draw: st.DrawFn, level: str) -> _Unit:
    """市科委、中关村管委会党组; 市委办公厅（市档案局）; 市委统战部（市民族宗教委、市侨办）."""
    names = draw(st.lists(st.sampled_from(DEPARTMENTS), min_size=1, max_size=2, unique=True))
    pieces: list[str] = []
    all_aliases: list[Pieces] = []
    for position, name in enumerate(names):
        if position:
            pieces.append("、")
        pieces += [level, name]
        aliases = draw(st.lists(st.sampled_from(ALIASES), max_size=2, unique=True))
        if aliases and _sometimes(draw, 3):
            pieces.append("（")
            for index, alias in enumerate(aliases):
                pieces += (["、"] if index else []) + [level, alias]
                all_aliases.append((level, alias))
            pieces.append("）")
    party = draw(st.sampled_from((None, None, *PARTY_ORGS)))
    if party:
        pieces.append(party)
    return _Unit(
        pieces=tuple(pieces),
        organizations=tuple((level, name) for name in names),
        aliases=tuple(all_aliases),
        party_org=party,
    )


@st.composite
def _section(draw: st.DrawFn, issuer: Issuer, team_number: int, term: int | None) -> _Section:
    inspection = issuer.inspection
    unit = draw(_unit(issuer.level))
    clauses = draw(
        st.lists(
            st.tuples(st.sampled_from(SUBJECTS), st.sampled_from(PREDICATES)),
            min_size=1,
            max_size=6,
            unique_by=lambda clause: clause[0],
        )
    )
    # The first clause is the headline; its subject may be two subjects run together
    # (服务保障工作统筹谋划有差距), which the restatement may separate with 、.
    head_subject, head_predicate = clauses[0]
    subjects: tuple[str, ...] = (head_subject,)
    if _sometimes(draw, 4):
        second = draw(st.sampled_from([s for s in SUBJECTS if s not in dict(clauses)]))
        subjects = (head_subject, second)
    headline = (*subjects, head_predicate)
    restatement = draw(
        st.sampled_from(("exact", "adverb", "、" if len(subjects) == 2 else "exact"))
    )
    restated: Pieces = headline
    if restatement == "adverb":
        restated = (*subjects, draw(st.sampled_from(ADVERBS)), head_predicate)
    elif restatement == "、":
        restated = (subjects[0], "、", subjects[1], head_predicate)
    findings: list[Pieces] = [(subject, predicate) for subject, predicate in clauses[1:]]
    findings += [
        (special,)
        for special in draw(st.lists(st.sampled_from(SPECIAL_FINDINGS), max_size=2, unique=True))
    ]
    findings = draw(st.permutations(findings))
    findings.insert(draw(st.integers(0, len(findings))), restated)
    separators = [draw(st.sampled_from("，，，；。")) for _ in findings[:-1]] + ["。"]

    team_prefix: Pieces = (issuer.level, "委")
    if term is not None and _sometimes(draw, 6):
        team_prefix = (chinese(term), "届", *team_prefix)
    team = (*team_prefix, "第", chinese(team_number), inspection, "组")
    kind = draw(
        st.sampled_from(
            (
                (inspection,),
                (inspection,),
                (inspection,),
                (inspection,),
                (inspection, "“", "回头看", "”"),
                ("专项", inspection),
                (),
            )
        )
    )
    return _Section(
        unit=unit,
        headline=headline,
        findings=tuple(findings),
        separators=tuple(separators),
        team=team,
        team_number=team_number,
        kind=kind,
    )


@st.composite
def _period(
    draw: st.DrawFn,
) -> tuple[Pieces, tuple[str, str], Pieces | None, float | None]:
    year = draw(st.integers(2016, 2024))
    first = draw(st.integers(1, 12))
    duration = draw(st.sampled_from((1.0, 1.5, 2.0, 2.5, 3.0)))
    # 约2个半月 from 10月 to 12月, as in the sample; 11月 to 1月 runs into the next year.
    last_index = first + {1.0: 1, 1.5: 1, 2.0: 2, 2.5: 2, 3.0: 3}[duration]
    last_year, last = year + (last_index - 1) // 12, (last_index - 1) % 12 + 1
    style = draw(st.sampled_from(("arabic", "arabic", "arabic", "chinese")))
    written_year: Callable[[int], str] = chinese_year if style == "chinese" else str
    month: Callable[[int], str] = chinese if style == "chinese" else str
    pieces: Pieces = (written_year(year), "年", month(first), "月", "至")
    # The end year is written when it differs, except sometimes: 2021年11月至1月 wraps.
    if last_year != year and draw(st.booleans()):
        pieces += (written_year(last_year), "年")
    pieces += (month(last), "月")
    months = (f"{year:04d}-{first:02d}", f"{last_year:04d}-{last:02d}")
    if _sometimes(draw, 5):
        return pieces, months, None, None
    whole = int(duration)
    half = duration != whole
    if half and _sometimes(draw, 4):
        written: Pieces = (f"{duration:.1f}", "个月")
    else:
        number = draw(st.sampled_from((str(whole), "两" if whole == 2 else chinese(whole))))
        written = (number, "个半月" if half else "个月")
    return pieces, months, ("约", *written), duration


@st.composite
def _content(draw: st.DrawFn, *, min_sections: int = 1, max_sections: int = 5) -> _Content:
    issuer = draw(st.sampled_from(ISSUERS))
    term = draw(st.one_of(st.none(), st.integers(9, 13)))
    count = draw(st.integers(min_sections, max_sections))
    teams = sorted(draw(st.lists(st.integers(1, 20), min_size=count, max_size=count)))
    sections = tuple(draw(_section(issuer, number, term)) for number in teams)
    kinds = tuple(
        draw(st.lists(st.sampled_from(ROUND_KINDS[issuer.inspection]), max_size=3, unique=True))
    )
    joiners = tuple(draw(st.sampled_from("、、和")) for _ in kinds[1:])
    unit_count = draw(st.integers(1, 60)) if _sometimes(draw, 4) else count
    count_written = chinese(unit_count) if _sometimes(draw, 4) else str(unit_count)
    period = draw(st.one_of(st.none(), _period(), _period(), _period()))
    problems = draw(st.lists(st.sampled_from(PROBLEMS), min_size=1, max_size=4, unique=True))
    return _Content(
        issuer=issuer,
        term=term,
        number=draw(st.integers(1, 20)),
        opening=draw(st.sampled_from(LEAD_OPENINGS)),
        kinds=kinds,
        kinds_joiners=joiners,
        unit_count=unit_count,
        count_written=count_written,
        count_word=draw(st.sampled_from("家家家个")),
        period=period[0] if period else None,
        period_months=period[1] if period else None,
        duration=period[2] if period else None,
        duration_months=period[3] if period else None,
        problems=tuple(tuple(part.format(level=issuer.level) for part in p) for p in problems),
        sections=sections,
        title=draw(st.sampled_from(("label", "label", "plain", "none"))),
        dateline=draw(st.sampled_from(("none", "none", "above title", "below title"))),
        published=draw(st.dates(date(2016, 1, 1), date(2024, 12, 31))),
        editor=tuple(draw(st.lists(st.sampled_from(EDITORS), max_size=2, unique=True))),
        editor_brackets=draw(st.booleans()),
    )


# ---------------------------------------------------------------------------------------------
# Rendering


@dataclass(frozen=True)
class _Written:
    """The content written out in one style: the parts of the text and the expected values."""

    title_line: str | None
    title: str | None
    dateline: str | None
    lead: str
    headers: tuple[str, ...]  # ■ and unit and colon
    headlines: tuple[str, ...]
    bodies: tuple[str, ...]
    trailers: tuple[str, ...]
    editor_line: str | None
    round: ExpectedRound
    entries: tuple[ExpectedEntry, ...]
    editor: str | None
    source: str


def _lead_pieces(content: _Content) -> list[str]:
    """The lead up to its sentence on problem clues."""
    issuer = content.issuer
    inspection = issuer.inspection
    kinds_pieces: list[str] = []
    for index, kind in enumerate(content.kinds):
        kinds_pieces += ([content.kinds_joiners[index - 1]] if index else []) + [kind]
    term: Pieces = (chinese(content.term), "届") if content.term else ()
    pieces: list[str] = [content.opening, "，", issuer.outlet, "通报", *term, issuer.name]
    pieces += ["第", chinese(content.number), "轮", inspection, "对"]
    pieces += [*content.sections[0].unit.pieces, "等", content.count_written, content.count_word]
    pieces += ["单位党组织", *(["开展", *kinds_pieces] if kinds_pieces else [inspection])]
    pieces += ["反馈情况", "。"]
    if content.period:
        pieces += ["本轮", inspection, "自", *content.period]
        pieces += ["，", *content.duration] if content.duration else []
        pieces.append("。")
    pieces += ["通报显示", "，", str(content.unit_count), "家单位党组织存在"]
    for index, problem in enumerate(content.problems):
        pieces += (["、"] if index else []) + list(problem)
    return [*pieces, "等问题", "。"]


def _clue_pieces(issuer: Issuer) -> Pieces:
    inspection = issuer.inspection
    return (
        inspection, "期间", "，", inspection, "组在被", inspection, "单位收到反映一些领导干部的",
        "问题线索", "，", "已按规定转", issuer.level, "纪委监委", "、", issuer.level, "委组织部",
        "等有关方面处理", "。",
    )  # fmt: skip


def _write(content: _Content, style: Style) -> _Written:
    w = _Writer(style.traditional, style.punctuation)
    issuer = content.issuer
    inspection = issuer.inspection
    first_unit = content.sections[0].unit.pieces

    clue_pieces = _clue_pieces(issuer)
    lead = w(*_lead_pieces(content), *clue_pieces)

    title = w(issuer.place, "通报对", *first_unit, "等", content.count_written, "家")
    title += w("单位党组织", inspection, "反馈情况")
    title_line: str | None = None
    if content.title == "label" or (content.title == "plain" and style.layout == "flattened"):
        title_line = w("原标题", "：") + title
    elif content.title == "plain":
        title_line = title
    dateline = None
    if content.dateline != "none" and style.layout != "flattened":
        dateline = w("时间", "：", content.published.isoformat(), "\u3000", "来源", "：")
        dateline += w(issuer.outlet)
    editor_line = None
    if content.editor:
        editor_line = w("责任编辑", "：") + " ".join(w(name) for name in content.editor)
        if content.editor_brackets:
            editor_line = w("（") + editor_line + w("）")

    headers, headlines, bodies, trailers, entries = [], [], [], [], []
    for section in content.sections:
        unit = w(*section.unit.pieces)
        headline = w(*section.headline)
        findings = tuple(w(*finding) for finding in section.findings)
        body = "".join(
            finding + w(separator)
            for finding, separator in zip(findings, section.separators, strict=True)
        )
        team = w(*section.team)
        kind = w(*section.kind) if section.kind else None
        trailer = w("【") + team + w("向") + unit + w("反馈") + (kind or "") + w("情况", "】")
        headers.append(MARKER + style.after_marker + unit + w("："))
        headlines.append(headline)
        bodies.append(body)
        trailers.append(trailer)
        entries.append(
            ExpectedEntry(
                unit=unit,
                organizations=tuple(w(*name) for name in section.unit.organizations),
                aliases=tuple(w(*alias) for alias in section.unit.aliases),
                party_org=w(section.unit.party_org) if section.unit.party_org else None,
                headline=headline,
                body=body,
                findings=findings,
                team_name=team,
                team_number=section.team_number,
                inspection=issuer.inspection,
                target=unit,
                kind=kind,
            )
        )
    expected_round = ExpectedRound(
        issuer=w(issuer.name),
        term=content.term,
        number=content.number,
        inspection=inspection,
        kinds=tuple(w(kind) for kind in content.kinds),
        unit_count=content.unit_count,
        period_start=content.period_months[0] if content.period_months else None,
        period_end=content.period_months[1] if content.period_months else None,
        duration_months=content.duration_months,
        common_problems=tuple(w(*problem) for problem in content.problems),
        clues=w(*clue_pieces),
    )
    return _Written(
        title_line=title_line,
        title=title if title_line else None,
        dateline=dateline,
        lead=lead,
        headers=tuple(headers),
        headlines=tuple(headlines),
        bodies=tuple(bodies),
        trailers=tuple(trailers),
        editor_line=editor_line,
        round=expected_round,
        entries=tuple(entries),
        editor=" ".join(w(name) for name in content.editor) or None,
        source=w(issuer.outlet),
    )


def _paragraphs(written: _Written, content: _Content, style: Style) -> list[list[str]]:
    """The text as paragraphs (lines, in the flattened layout one), each a list of parts."""
    indent = style.indent
    preamble: list[list[str]] = []
    if written.dateline and content.dateline == "above title":
        preamble.append([written.dateline])
    if written.title_line:
        preamble.append([written.title_line])
    if written.dateline and content.dateline == "below title":
        preamble.append([written.dateline])
    sections = zip(
        written.headers, written.headlines, written.bodies, written.trailers, strict=True
    )
    if style.layout == "flattened":
        parts = [part for paragraph in preamble for part in paragraph] + [written.lead]
        for header, headline, body, trailer in sections:
            parts += [header, headline, body, trailer]
        parts += [written.editor_line] if written.editor_line else []
        return [parts]
    paragraphs = [*preamble, [indent + written.lead]]
    for header, headline, body, trailer in sections:
        if style.layout == "one per line":
            paragraphs.append([indent, header, headline, body, trailer])
        else:
            paragraphs += [[indent, header, headline], [indent, body], [indent, trailer]]
    if written.editor_line:
        paragraphs.append([written.editor_line])
    return paragraphs


def hard_wrap(paragraph: str, width: int, newline: str = "\n") -> str:
    """``paragraph`` cut into lines of ``width`` characters, the last one shorter or full."""
    return newline.join(paragraph[at : at + width] for at in range(0, len(paragraph), width))


def _wrap_width(paragraphs: list[str], width: int, layout: str) -> int:
    """The first width from ``width`` on (20 to 60, cyclically) that leaves every paragraph's
    last line shorter than the others, and no line but a paragraph's first starting or ending
    in a space (an indented line opens a paragraph; trailing spaces do not count), and that
    cuts enough lines to show it."""

    def fits(paragraph: str, candidate: int) -> bool:
        cuts = range(candidate, len(paragraph), candidate)
        return len(paragraph) % candidate != 0 and not any(
            paragraph[cut].isspace() or paragraph[cut - 1].isspace() for cut in cuts
        )

    def evident(candidate: int) -> bool:
        # What the parser needs to see a text as wrapped (xunshi_parser.wraps): at least three
        # full lines, and more than a third of the lines followed by another, as no line is
        # longer than the cut. With less, two equal lines may be chance.
        full = sum(len(paragraph) // candidate for paragraph in paragraphs)
        ends = len(paragraphs) - 1 if layout == "one per line" else 0
        return full >= 3 and 3 * full > full + ends

    for candidate in itertools.chain(range(width, 61), range(20, width)):
        if evident(candidate) and all(fits(paragraph, candidate) for paragraph in paragraphs):
            return candidate
    # Paragraphs with many spaces may leave no width: the text is then not wrapped.
    return 0


def _render(
    content: _Content, style: Style
) -> tuple[str, Style, _Written, tuple[tuple[int, int], ...]]:
    written = _write(content, style)
    paragraphs = _paragraphs(written, content, style)
    flat = ["".join(parts) for parts in paragraphs]
    separator = (
        ""
        if style.layout == "flattened"
        else style.newline * (2 if style.layout == "portal paragraphs" else 1)
    )
    end = "" if style.layout == "flattened" else style.newline
    if style.wrap:
        width = _wrap_width(flat, style.wrap, style.layout)
        style = replace(style, wrap=width or None)
    if style.wrap:
        wrapped = [hard_wrap(paragraph, style.wrap, style.newline) for paragraph in flat]
        return separator.join(wrapped) + end, style, written, ()
    text = separator.join(flat) + end
    # Where each section lies: from its marker to the end of its trailer.
    starts = [i for i, char in enumerate(text) if char == MARKER]
    spans = []
    for start, trailer in zip(starts, written.trailers, strict=True):
        spans.append((start, text.index(trailer, start) + len(trailer)))
    return text, style, written, tuple(spans)


@st.composite
def _style(draw: st.DrawFn, *, wrap: bool) -> Style:
    layout: Layout = draw(st.sampled_from(get_args(Layout)))
    lines = layout != "flattened"
    indented = lines and draw(st.booleans())
    return Style(
        layout=layout,
        newline=draw(st.sampled_from(("\n", "\r\n"))) if lines else "\n",
        indent="\u3000\u3000" if indented else "",
        after_marker="\u3000" if indented and draw(st.booleans()) else "",
        punctuation=draw(st.sampled_from(PUNCTUATION_STYLES)),
        traditional=_sometimes(draw, 3),
        wrap=draw(st.integers(20, 60)) if wrap and _sometimes(draw, 4) else None,
    )


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@st.composite
def bulletins(
    draw: st.DrawFn,
    *,
    wrap: bool = True,
    encode: bool = True,
    min_sections: int = 1,
    max_sections: int = 5,
) -> Generated:
    """A whole bulletin and the records it was written from.

    ``wrap=False`` leaves out hard-wrapped layouts, ``encode=False`` gives only ``str`` input.
    """
    content = draw(_content(min_sections=min_sections, max_sections=max_sections))
    style = draw(_style(wrap=wrap))
    text, style, written, spans = _render(content, style)
    # Rarely, two findings happen to restate more than the headline: not the bulletin meant.
    assume(all(map(headline_is_restated, written.headlines, written.bodies)))
    encoding = None
    if encode:
        # Big5 holds only traditional text (and not all of it: s2t writes 羣 衆 爲); first, as
        # the first choice is the likeliest.
        big5 = ["big5"] if _encodable(text, "big5") else []
        choices = [*big5, None, "utf-8", "gb18030"]
        encoding = draw(st.sampled_from(choices))
    return Generated(
        text=text,
        encoding=encoding,
        style=style,
        title=written.title,
        published=content.published if written.dateline else None,
        source=written.source if written.dateline else None,
        editor=written.editor,
        round=written.round,
        entries=written.entries,
        headline_source="line" if style.layout == "portal paragraphs" else "restatement",
        section_spans=spans,
    )


# ---------------------------------------------------------------------------------------------
# Damage


#: Junk for damage: the grammar's characters and anything else, but no other section marker:
#: a ◆ header may legitimately win the document's marker (docs/format.md) and move everything.
_OTHER_MARKERS = str.maketrans("", "", MARKER_VARIANTS)
STRUCTURE = '■【】[]：:，,。；;、“”"（）()\n\r \u3000\xa0\t责任编辑原标题日前巡视察组向反馈情况第一二十党组委'
JUNK = (
    st.one_of(
        st.text(alphabet=STRUCTURE, min_size=1, max_size=12),
        st.text(min_size=1, max_size=12),
    )
    .map(lambda junk: junk.translate(_OTHER_MARKERS))
    .filter(bool)
)

Damage = Literal[
    "delete section", "duplicate section", "swap sections", "delete marker", "cut", "insert junk"
]
DAMAGES: tuple[Damage, ...] = get_args(Damage)


@dataclass(frozen=True)
class Damaged:
    """A generated bulletin broken in one place.

    ``order`` lists, for each section the damaged text holds in document order, the index
    (0-based) of the original section it is; it is ``None`` when sections are matched by
    position instead (cuts and junk, at :attr:`at`).
    """

    original: Generated
    damage: Damage
    text: str
    order: tuple[int, ...] | None
    at: int  # where a cut or junk went, or the marker deleted
    junk: str


@st.composite
def damaged(draw: st.DrawFn) -> Damaged:
    """A generated bulletin (unwrapped, as ``str``) with one piece of damage."""
    original = draw(bulletins(wrap=False, encode=False, min_sections=2))
    text, spans = original.text, original.section_spans
    count = len(spans)
    damage = draw(st.sampled_from(DAMAGES))
    indices = list(range(count))
    at, junk = 0, ""
    order: list[int] | None
    if damage in ("delete section", "duplicate section", "delete marker"):
        i = draw(st.integers(0, count - 1))
        start, end = spans[i]
        order = [j for j in indices if j != i]
        if damage == "delete section":
            text = text[:start] + text[end:]
        elif damage == "duplicate section":
            separator = "" if original.style.layout == "flattened" else original.style.newline
            text = text[:end] + separator + text[start:end] + text[end:]
            order = [*indices[: i + 1], i, *indices[i + 1 :]]
        else:
            text = text[:start] + text[start + 1 :]
            at = start
    elif damage == "swap sections":
        i, j = sorted(
            draw(st.lists(st.integers(0, count - 1), min_size=2, max_size=2, unique=True))
        )
        (a, b), (c, d) = spans[i], spans[j]
        text = text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:]
        order = list(indices)
        order[i], order[j] = j, i
    else:
        at = draw(st.integers(0, len(text)))
        order = None
        if damage == "cut":
            # Counted from the end, as small draws are favoured: most cuts leave sections whole.
            at = len(text) - at
            text = text[:at]
        else:
            junk = draw(JUNK)
            text = text[:at] + junk + text[at:]
    return Damaged(
        original=original,
        damage=damage,
        text=text,
        order=tuple(order) if order is not None else None,
        at=at,
        junk=junk,
    )


@st.composite
def spliced(draw: st.DrawFn, junk: st.SearchStrategy[str]) -> str:
    """A generated bulletin with one to three pieces of ``junk`` inserted or written over it."""
    text = draw(bulletins(encode=False)).text
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + draw(st.sampled_from((0, 0, 3, 20))))))
        text = text[:start] + draw(junk) + text[end:]
    return text


# ---------------------------------------------------------------------------------------------
# Counting


@dataclass
class Reached:
    """How many examples reached each check, so a test whose examples mostly stop before its
    checks fails instead of passing vacuously."""

    counts: Counter[str] = field(default_factory=Counter)

    def __call__(self, name: str) -> None:
        self.counts[name] += 1

    def require(self, name: str, fraction: float = 0.5, of: str = "examples") -> None:
        total = self.counts[of]
        assert total > 0, f"no examples ran: {dict(self.counts)}"
        assert self.counts[name] >= fraction * total, (
            f"only {self.counts[name]} of {total} examples reached {name!r} "
            f"(at least {fraction:.0%} must): {dict(self.counts)}"
        )


def without_spans(value: Any) -> Any:
    """A record dumped with every span and index removed, to compare sections that moved."""
    if isinstance(value, dict):
        return {
            key: without_spans(item)
            for key, item in value.items()
            if key != "index" and not key.endswith("span")
        }
    if isinstance(value, list):
        return [without_spans(item) for item in value]
    return value


def shifted(value: Any, by: int) -> Any:
    """A record dumped with every offset moved by ``by`` and indices removed."""
    if isinstance(value, dict):
        if set(value) == {"start", "end"}:
            return {key: offset + by for key, offset in value.items()}
        return {key: shifted(item, by) for key, item in value.items() if key != "index"}
    if isinstance(value, list):
        return [shifted(item, by) for item in value]
    return value


# ---------------------------------------------------------------------------------------------
# Invariants of any parse


LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def check_result(text: str) -> Bulletin | None:
    """Parse, allowing only XunshiError; check every invariant of a result."""
    try:
        bulletin = parse(text)
    except XunshiError:
        return None
    assert bulletin.text == text
    assert bulletin.entries
    assert [entry.index for entry in bulletin.entries] == list(range(1, len(bulletin.entries) + 1))
    assert_nothing_lost(bulletin)
    for diagnostic in bulletin.diagnostics:
        assert 0 <= diagnostic.offset <= len(text)
        before = text[: diagnostic.offset]
        assert diagnostic.line == len(LINE_BREAKS.findall(before)) + 1
        line_start = max((m.end() for m in LINE_BREAKS.finditer(before)), default=0)
        assert diagnostic.column == diagnostic.offset - line_start + 1
    return bulletin
