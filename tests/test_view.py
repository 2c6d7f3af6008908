"""The marked views of a bulletin (xunshi_parser.view), read back with lxml.

Every page is checked for the same promises: the text container reads exactly as
``Bulletin.text``, every section and every diagnostic is marked where it stands, and nothing of
the input becomes markup.
"""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from renderings import crlf_indented, hard_wrapped, one_per_line
from xunshi_parser import Bulletin, parse, parse_file
from xunshi_parser.view import TEXT_CLASS, render_html, render_terminal

from support import FIXTURES

FIRST_TRAILER = "【市委第一巡视组向市档案馆反馈巡视情况】"
HOSTILE = "<script>alert(1)</script>\"'</style>"
SGR = re.compile(r"\x1b\[[0-9;]*m")


def page_of(bulletin: Bulletin, label: str = "sample") -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(render_html([(label, bulletin)]))


def container(document: lxml_html.HtmlElement, number: int = 1) -> lxml_html.HtmlElement:
    element = document.get_element_by_id(f"b{number}-text")
    assert TEXT_CLASS in element.get("class").split()
    return element


def offset_of(root: lxml_html.HtmlElement, target: lxml_html.HtmlElement) -> int:
    """How many characters of ``root``'s text come before ``target`` opens."""
    assert target in root.iterdescendants()
    before = sum(len(text) for text in target.xpath("preceding::text()"))
    return before - sum(len(text) for text in root.xpath("preceding::text()"))


def assert_lossless(bulletin: Bulletin, document: lxml_html.HtmlElement, number: int = 1) -> None:
    assert container(document, number).text_content() == bulletin.text


def assert_sections_marked(
    bulletin: Bulletin, document: lxml_html.HtmlElement, number: int = 1, *, wrapped: bool = False
) -> None:
    """Each entry and each of its parts is an element with its class and id, at its span."""
    text = container(document, number)

    def part(ident: str, css: str) -> lxml_html.HtmlElement:
        element = document.get_element_by_id(ident)
        assert css in element.get("class").split(), ident
        assert element in text.iterdescendants(), ident
        return element

    def value(element: lxml_html.HtmlElement) -> str:
        content = element.text_content()
        return content.replace("\r\n", "").replace("\n", "") if wrapped else content

    for entry in bulletin.entries:
        ident = f"b{number}-s{entry.index}"
        section = part(ident, "entry")
        assert section.text_content() == entry.span.slice(bulletin.text)
        assert offset_of(text, section) == entry.span.start
        assert value(part(f"{ident}-unit", "unit")) == entry.unit.text
        if entry.headline:
            assert value(part(f"{ident}-headline", "headline")) == entry.headline
        else:
            assert not section.find_class("headline")
        assert part(f"{ident}-body", "body").text_content() == entry.body_span.slice(bulletin.text)
        findings = [
            value(part(f"{ident}-f{k}", "finding")) for k in range(1, 1 + len(entry.findings))
        ]
        assert findings == entry.findings
        assert len(section.find_class("finding")) == len(entry.findings)
        if entry.feedback is None:
            assert not section.find_class("trailer")
            continue
        assert part(f"{ident}-trailer", "trailer").text_content() == entry.feedback.span.slice(
            bulletin.text
        )
        assert value(part(f"{ident}-team", "team")) == entry.feedback.team_name
        assert value(part(f"{ident}-target", "target")) == entry.feedback.target
    rows = document.get_element_by_id(f"b{number}-sections").xpath(".//tbody/tr")
    assert len(rows) == len(bulletin.entries)
    for row, entry in zip(rows, bulletin.entries, strict=True):
        cells = [cell.text_content() for cell in row.xpath("td")]
        team = entry.feedback.team_name if entry.feedback else "(no trailer)"
        assert cells == [
            str(entry.index),
            entry.unit.text,
            entry.headline,
            str(len(entry.findings)),
            team,
        ]
        assert row.xpath("td/a/@href")[0] == f"#b{number}-s{entry.index}"


def assert_diagnostics_marked(
    bulletin: Bulletin, document: lxml_html.HtmlElement, number: int = 1
) -> None:
    """Each diagnostic has a marker at its offset in the text and a line in the list on top,
    linking to each other."""
    text = container(document, number)
    listed = document.get_element_by_id(f"b{number}-diagnostics").xpath(".//li")
    assert len(listed) == len(bulletin.diagnostics)
    for k, (diagnostic, item) in enumerate(zip(bulletin.diagnostics, listed, strict=True), 1):
        marker = document.get_element_by_id(f"b{number}-d{k}")
        assert marker in text.iterdescendants()
        assert marker.get("class").split() == ["diag", diagnostic.severity]
        assert marker.text_content() == ""  # its badge is drawn by CSS from data-label
        assert marker.get("data-label") == (
            f"{diagnostic.code} {diagnostic.severity}: {diagnostic.message}"
        )
        assert offset_of(text, marker) == diagnostic.offset
        assert marker.get("href") == f"#{item.get('id')}"
        assert item.xpath("a/@href") == [f"#b{number}-d{k}"]
        shown = item.text_content()
        assert f"{diagnostic.line}:{diagnostic.column}" in shown
        assert diagnostic.code in shown
        assert diagnostic.severity in shown
        assert diagnostic.message in shown


def assert_safe(page: str) -> None:
    document = lxml_html.document_fromstring(page)
    assert not document.xpath("//script")
    assert len(document.xpath("//style")) == 1
    csp = document.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert csp == ["default-src 'none'; style-src 'unsafe-inline'"]
    links = document.xpath("//@src | //@href")
    assert all(link.startswith("#") for link in links), links
    assert not document.xpath("//@*[starts-with(name(), 'on')]")


def test_sample_page_is_the_text_with_every_part_marked(sample: Bulletin) -> None:
    page = render_html([("tests/fixtures/beijing-2021-r13.txt", sample)])
    assert_safe(page)
    document = lxml_html.document_fromstring(page)
    assert_lossless(sample, document)
    assert_sections_marked(sample, document)
    assert_diagnostics_marked(sample, document)
    text = container(document)
    assert text.get_element_by_id("b1-title").text_content() == "原标题：" + sample.title
    assert text.get_element_by_id("b1-editor").text_content() == "责任编辑：王蒙"
    assert document.xpath("//title")[0].text == sample.title


def test_the_round_fields_are_marked_in_the_lead_with_their_values(sample: Bulletin) -> None:
    lead = container(page_of(sample)).get_element_by_id("b1-lead")
    assert lead.text_content() == sample.lead
    fields = [
        (element.get("class").split()[1], element.text_content(), element.get("title"))
        for element in lead.find_class("field")
    ]
    assert fields[:10] == [
        ("field-term", "十二届", "term: 12"),
        ("field-issuer", "北京市委", "issuer: 北京市委"),
        ("field-number", "第十三轮", "round: 13"),
        ("field-inspection", "巡视", "inspection: 巡视"),
        ("field-unit-count", "等38家", "unit count: 38"),
        ("field-kind", "常规巡视", "inspection kind: 常规巡视"),
        ("field-kind", "提级巡视", "inspection kind: 提级巡视"),
        ("field-kind", "专项巡视", "inspection kind: 专项巡视"),
        ("field-period", "2021年10月至12月", "period: 2021-10 to 2021-12"),
        ("field-duration", "2个半月", "duration: 2.5 months"),
    ]
    assert [value for kind, value, _ in fields if kind == "field-problem"] == (
        sample.round.common_problems
    )
    assert fields[-1][:2] == ("field-clues", sample.round.clues)


def damaged_text(sample_text: str) -> str:
    """The damaged example of docs/cli.md: the first trailer cut, the lead's count changed."""
    return sample_text.replace(FIRST_TRAILER, "", 1).replace("档案馆等38家", "档案馆等39家", 1)


def test_damaged_sample_shows_its_diagnostics_in_place(sample_text: str) -> None:
    bulletin = parse(damaged_text(sample_text))
    assert [d.code for d in bulletin.diagnostics] == ["XS401", "XS201", "XS212"]
    document = page_of(bulletin, "damaged.txt")
    assert_lossless(bulletin, document)
    assert_sections_marked(bulletin, document)
    assert_diagnostics_marked(bulletin, document)
    # The lead's count is marked with the value read, the one the warning is about.
    count = container(document).find_class("field-unit-count")
    assert [(e.text_content(), e.get("title")) for e in count] == [("等39家", "unit count: 39")]
    first_row = document.get_element_by_id("b1-sections").xpath(".//tbody/tr")[0]
    assert first_row.get("class") == "missing"


def test_hard_wrapped_text_shows_its_wrap_breaks(expected: dict[str, object]) -> None:
    bulletin = parse(hard_wrapped(one_per_line(expected), 33))
    assert len(bulletin.wrap_breaks) > 100
    document = page_of(bulletin)
    assert_lossless(bulletin, document)
    assert_sections_marked(bulletin, document, wrapped=True)
    assert_diagnostics_marked(bulletin, document)
    text = container(document)
    breaks = text.find_class("wrap")
    assert len(breaks) == len(bulletin.wrap_breaks)
    assert [offset_of(text, e) for e in breaks] == [w.start for w in bulletin.wrap_breaks]
    assert {e.text_content() for e in breaks} == {"\n"}
    fields = [e.text_content().replace("\n", "") for e in text.find_class("field")]
    assert "2021年10月至12月" in fields
    assert "等38家" in fields


def test_crlf_text_keeps_its_carriage_returns(expected: dict[str, object]) -> None:
    bulletin = parse(crlf_indented(expected))
    assert "\r\n" in bulletin.text
    page = render_html([("crlf.txt", bulletin)])
    assert "&#13;" in page  # a raw CR would be read as a line feed by any HTML parser
    document = lxml_html.document_fromstring(page)
    assert_lossless(bulletin, document)
    assert_sections_marked(bulletin, document)


def test_html_fixture_page() -> None:
    bulletin = parse_file(FIXTURES / "beijing-2021-r13.gb2312.html")
    document = page_of(bulletin, "beijing-2021-r13.gb2312.html")
    assert_lossless(bulletin, document)
    assert_sections_marked(bulletin, document)
    assert_diagnostics_marked(bulletin, document)
    assert len(bulletin.entries) == 38


def test_unplaced_text_is_marked(sample_text: str) -> None:
    bulletin = parse(sample_text.replace(FIRST_TRAILER, FIRST_TRAILER + "（来源：某网）", 1))
    assert [stray.text for stray in bulletin.unplaced] == ["（来源：某网）"]
    document = page_of(bulletin)
    assert_lossless(bulletin, document)
    assert_diagnostics_marked(bulletin, document)
    text = container(document)
    [stray] = text.find_class("unplaced")
    assert stray.text_content() == "（来源：某网）"
    assert offset_of(text, stray) == bulletin.unplaced[0].span.start


def hostile_bulletin() -> Bulletin:
    unit = f"市{HOSTILE}局"
    return parse(
        f"原标题：{HOSTILE}通报\n■{unit}：为民服务意识不强{HOSTILE}，理论学习不够深入。"
        f"【市委第一巡视组向{unit}反馈巡视情况】"
    )


def test_hostile_text_is_shown_as_text_and_runs_nothing() -> None:
    bulletin = hostile_bulletin()
    [entry] = bulletin.entries
    assert HOSTILE in entry.unit.text
    assert any(HOSTILE in finding for finding in entry.findings)
    page = render_html([(f"{HOSTILE}.txt", bulletin)], title=HOSTILE)
    assert "<script" not in page
    assert "</style>" not in page.replace("</style>\n</head>", "", 1)
    assert_safe(page)
    document = lxml_html.document_fromstring(page)
    assert_lossless(bulletin, document)
    assert_sections_marked(bulletin, document)
    assert document.xpath("//title")[0].text == HOSTILE
    unit = document.get_element_by_id("b1-s1-unit")
    assert HOSTILE in unit.get("title")
    assert HOSTILE in document.get_element_by_id("b1-sections").text_content()
    assert HOSTILE in document.xpath("//h2")[0].text_content()


def test_several_bulletins_make_one_page_with_contents(sample: Bulletin, sample_text: str) -> None:
    damaged = parse(damaged_text(sample_text))
    page = render_html([("a.txt", sample), ("damaged.txt", damaged)])
    assert_safe(page)
    document = lxml_html.document_fromstring(page)
    for number, bulletin in enumerate((sample, damaged), start=1):
        assert_lossless(bulletin, document, number)
        assert_sections_marked(bulletin, document, number)
        assert_diagnostics_marked(bulletin, document, number)
    contents = document.xpath('//nav[@class="contents"]//a/@href')
    assert contents == ["#b1", "#b2"]
    ids = document.xpath("//@id")
    assert len(ids) == len(set(ids))
    assert document.get_element_by_id("b2-d2").get("data-label").startswith("XS201 error")
    assert document.xpath("//title")[0].text == "xunshi show: 2 bulletins"


def test_render_html_needs_a_bulletin() -> None:
    with pytest.raises(ValueError, match="at least one"):
        render_html([])


def test_terminal_without_colour_is_the_text_and_the_diagnostics(sample_text: str) -> None:
    bulletin = parse(damaged_text(sample_text))
    shown = render_terminal(bulletin, color=False)
    assert "\x1b" not in shown
    legend, rest = shown.split("\n", 1)
    assert legend.startswith("legend:")
    assert rest.startswith(bulletin.text)
    assert rest[len(bulletin.text) :].split("\n") == [
        "",
        "",
        "38 sections, 1 error, 1 warning, 1 info",
        *(f"{d.line}:{d.column}: {d.code} {d.severity}: {d.message}" for d in bulletin.diagnostics),
        "",
    ]


def test_terminal_colours_are_only_added(sample_text: str) -> None:
    bulletin = parse(damaged_text(sample_text))
    coloured = render_terminal(bulletin, color=True)
    plain = render_terminal(bulletin, color=False)
    assert SGR.search(coloured)
    assert SGR.sub("", coloured).split("\n", 1)[1] == plain.split("\n", 1)[1]
    # Each part has its colour: the unit of the first section, blue and bold.
    assert "\x1b[1;34m市档案馆\x1b[0m" in coloured


def test_terminal_shows_control_characters_as_pictures() -> None:
    bulletin = parse(
        "■市档案馆：为民服务意识不强\x1b[2J\x07，理论学习不够深入。【市委第一巡视组向市档案馆反馈巡视情况】"
    )
    for color in (False, True):
        shown = render_terminal(bulletin, color=color)
        assert "\x07" not in shown
        assert "␛[2J␇" in shown
        assert "\x1b[2J" not in shown


def test_a_nul_is_shown_as_its_picture_one_character_for_one() -> None:
    # No HTML can hold U+0000: it stands as ␀ in a mark of its own, so offsets do not shift.
    text = (
        "■市档案馆：理论\x00学习不够深入理论学习不够深入。【市委第一巡视组向市档案馆反馈巡视情况】"
    )
    bulletin = parse(text)
    document = page_of(bulletin)
    shown = container(document).text_content()
    assert shown == text.replace("\x00", "␀")
    marks = [e for e in document.iter() if "nul" in (e.get("class") or "").split()]
    assert len(marks) == 1
