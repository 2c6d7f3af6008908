"""HTML input: sniffing, charsets, article finding, and pages built to hurt."""

from __future__ import annotations

import ast
import time
from datetime import date
from pathlib import Path

import pytest

from renderings import expected, html_bold_inline_gb2312, html_bold_own_paragraph
from xunshi_parser import (
    BulletinError,
    DecodeError,
    InputTooLargeError,
    XunshiError,
    parse_bytes,
    parse_file,
    parse_html,
)
from xunshi_parser.grammar import DATE, fold
from xunshi_parser.io import decode_bytes
from xunshi_parser.io.html import extract_page
from xunshi_parser.io.sniff import declared_charset, looks_like_html

from support import FIXTURES

SECTION = "<p>■市档案馆：为民服务意识不强</p><p>档案工作有差距，为民服务意识不强。</p><p>【市委第一巡视组向市档案馆反馈巡视情况】</p>"


def page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("data", "is_html"),
    [
        (b"<!DOCTYPE html><html>", True),
        (b"\xef\xbb\xbf  <html lang='zh'>", True),
        (b"<!-- saved --> <HTML>", True),
        (b"<meta charset=gbk><p>", True),
        (b'<?xml version="1.0" encoding="UTF-8"?>\n<html>', True),
        (b"<script>var a = 1;</script><div>", True),
        (b"  <p>\xe2\x96\xa0", True),
        ("<html>".encode("utf-32"), True),
        ("<html>".encode("utf-16"), True),
        ("■市档案馆：为民<服务>".encode(), False),
        (b"", False),
    ],
)
def test_sniffing(data: bytes, is_html: bool) -> None:
    assert looks_like_html(data) is is_html


@pytest.mark.parametrize(
    ("data", "charset"),
    [
        (b'<meta charset="gb2312">', "gb2312"),
        (b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=GBK'>", "GBK"),
        (b"<meta charset=big5>", "big5"),
        (b"<p>charset=utf-8</p>", None),
    ],
)
def test_declared_charset(data: bytes, charset: str | None) -> None:
    assert declared_charset(data) == charset


def test_parse_file_sniffs_html(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(html_bold_inline_gb2312(expected()))
    bulletin = parse_file(path)
    assert len(bulletin.entries) == 38
    assert bulletin.entries[0].headline == "为民服务意识不强"
    assert parse_bytes(path.read_bytes()) == bulletin


def test_str_and_bytes_give_the_same_bulletin() -> None:
    html = html_bold_own_paragraph(expected())
    assert parse_html(html) == parse_html(html.encode("utf-8"))


def test_wrong_declared_charset_falls_back_to_detection() -> None:
    html = page(SECTION, head='<meta charset="utf-8">').encode("gb18030")
    assert parse_html(html).entries[0].unit.text == "市档案馆"


def test_encoding_argument_overrides_the_page() -> None:
    html = page(SECTION, head='<meta charset="big5">').encode("utf-8")
    assert parse_html(html, encoding="utf-8").entries[0].unit.text == "市档案馆"


def test_entities_and_nbsp() -> None:
    body = SECTION.replace("档案工作", "&nbsp;&#26723;&#x6848;工作&amp;")
    bulletin = parse_html(page(body))
    assert bulletin.entries[0].body == "档案工作&有差距，为民服务意识不强。"


def test_headline_in_bold_with_body_following_inline() -> None:
    body = (
        "<p><strong>■市档案馆：为民服务意识不强</strong>档案工作有差距，理论学习不深。<br>"
        "【市委第一巡视组向市档案馆反馈巡视情况】</p>"
    )
    entry = parse_html(page(body)).entries[0]
    assert entry.headline == "为民服务意识不强"  # no restatement needed: the bold is the truth
    assert entry.headline_source == "line"
    assert entry.body == "档案工作有差距，理论学习不深。"


def test_bold_unit_only_falls_back_to_restatement() -> None:
    body = (
        "<p><b>■市档案馆：</b>为民服务意识不强档案工作有差距，为民服务意识不强。"
        "【市委第一巡视组向市档案馆反馈巡视情况】</p>"
    )
    entry = parse_html(page(body)).entries[0]
    assert entry.headline == "为民服务意识不强"
    assert entry.headline_source == "restatement"


def test_page_without_a_bulletin() -> None:
    with pytest.raises(BulletinError, match="no bulletin sections"):
        parse_html(page("<p>■要闻：市委召开会议</p><nav>■首页：巡视</nav>"))


def test_title_from_title_tag_minus_site_suffix() -> None:
    html = f"<html><head><title>某某反馈情况_北京纪检监察网</title></head><body>{SECTION}</body></html>"
    assert parse_html(html).title == "某某反馈情况"


@pytest.mark.parametrize("html", ["", "   ", "\x00"])
def test_empty_pages(html: str) -> None:
    with pytest.raises(XunshiError):
        parse_html(html)


def test_undecodable_page_names_the_offset() -> None:
    html = page(SECTION).encode("utf-8")
    at = html.index(b"<p>")
    broken = html[:at] + b"\xff" + html[at:]
    with pytest.raises(DecodeError) as caught:
        parse_html(broken, encoding="utf-8")
    assert caught.value.offset == at


def test_size_limit() -> None:
    with pytest.raises(InputTooLargeError, match=r"limit of 1000 bytes \(raise it with max_bytes="):
        parse_html(b"<html>" + b" " * 2000, max_bytes=1000)
    with pytest.raises(InputTooLargeError):
        parse_bytes(b"x" * 2000, max_bytes=1000)


def test_size_limit_on_files(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(InputTooLargeError):
        parse_file(path, max_bytes=1000)


def test_deep_nesting() -> None:
    html = page("<div>" * 100_000 + SECTION + "</div>" * 100_000)
    started = time.perf_counter()
    with pytest.raises(XunshiError, match="exceeds the parser's limits: Excessive depth") as caught:
        parse_html(html)
    assert caught.value.line == 1
    # Not a benchmark: a bound far above any healthy run, to catch a hang.
    assert time.perf_counter() - started < 60


def test_moderate_nesting_is_read() -> None:
    html = page("<div>" * 200 + SECTION + "</div>" * 200)
    assert parse_html(html).entries[0].unit.text == "市档案馆"


def test_huge_attribute() -> None:
    html = page(f'<div class="{"x" * 10_000_000}">{SECTION}</div>')
    bulletin = parse_html(html, max_bytes=50_000_000)
    assert bulletin.entries[0].unit.text == "市档案馆"


def test_external_entities_are_not_loaded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    html = (
        f'<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]>'
        f"<html><body>{SECTION}<p>&x;</p></body></html>"
    )
    bulletin = parse_html(html)
    assert "SECRET" not in bulletin.text
    assert bulletin.entries[0].unit.text == "市档案馆"


def test_html_fixture_is_the_rendering() -> None:
    # The page the benchmark reads is this rendering, written once; keep the two in step.
    stored = (FIXTURES / "beijing-2021-r13.gb2312.html").read_bytes()
    assert stored == html_bold_inline_gb2312(expected())


def test_many_bold_runs_on_one_line() -> None:
    # Each bold end asks whether its line is a section header with an all-bold headline; the
    # answer is kept for the line, not worked out again over the whole line each time.
    html = page("<p><b>■市档案馆：</b>" + "<b>为民</b>" * 60_000 + "不强</p>" + SECTION)
    started = time.perf_counter()
    text = extract_page(html).text
    assert time.perf_counter() - started < 60  # quadratic, this took minutes
    # The bold runs after the header are its headline, up to the longest a headline can be
    # (80 characters: 40 runs of 为民); the rest is one line of body.
    assert text.startswith("■市档案馆：" + "为民" * 40 + "\n为民为民")
    assert "为民不强\n\n■市档案馆" in text


def test_internal_entity_expansion_is_not_performed() -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    html = f"<!DOCTYPE html [{laughs}]><html><body>{SECTION}<p>&l9;</p></body></html>"
    started = time.perf_counter()
    bulletin = parse_html(html)
    assert time.perf_counter() - started < 60
    assert bulletin.entries[0].unit.text == "市档案馆"
    assert "lollol" not in bulletin.text


def test_control_characters_next_to_skipped_elements() -> None:
    # Found by atheris: removing <nav> from the tree made lxml re-validate the text after it.
    html = f"<html><body><div><nav>菜单</nav>\x01\x02 after<div class='TRS_Editor'>{SECTION}</div></div></body></html>"
    bulletin = parse_html(html)
    assert bulletin.entries[0].unit.text == "市档案馆"
    assert "菜单" not in bulletin.text


def test_text_after_junk_inside_the_article_is_kept() -> None:
    html = page(
        f"<div class='TRS_Editor'>{SECTION}<div class='share'>分享到</div><p>（来源：某网）</p></div>"
    )
    bulletin = parse_html(html)
    assert "分享到" not in bulletin.text
    # Kept, as the closing line naming the source.
    assert bulletin.dateline_span is not None
    assert bulletin.dateline_span.slice(bulletin.text) == "（来源：某网）"
    assert (bulletin.source, bulletin.unplaced) == ("某网", [])


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252", "latin1", "utf-16"])
def test_untrustworthy_declared_charsets_are_ignored(charset: str) -> None:
    html = page(SECTION, head=f'<meta charset="{charset}">').encode("utf-8")
    assert parse_html(html).entries[0].unit.text == "市档案馆"
    gb = page(SECTION, head=f'<meta charset="{charset}">').encode("gb18030")
    assert parse_html(gb).entries[0].unit.text == "市档案馆"


def test_xhtml_with_an_xml_prolog(tmp_path: Path) -> None:
    html = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<html><body><div class="TRS_Editor">'
        + SECTION
        + "</div></body></html>"
    )
    bulletin = parse_bytes(html.encode())
    assert bulletin.entries[0].headline == "为民服务意识不强"
    assert bulletin.unplaced == []


def test_html_suffix_decides(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "■市档案馆：<b>为民服务意识不强</b>档案工作有差距。【市委第一巡视组向市档案馆反馈巡视情况】",
        encoding="utf-8",
    )
    entry = parse_file(path).entries[0]
    assert entry.headline == "为民服务意识不强"
    assert entry.headline_source == "line"


TRAILER = "【市委第一巡视组向市档案馆反馈巡视情况】"


@pytest.mark.parametrize(
    ("body", "headline", "source"),
    [
        (
            f"<p><strong>■市档案馆：</strong><strong>为民服务意识不强</strong>档案工作有差距。{TRAILER}</p>",
            "为民服务意识不强",
            "line",
        ),
        (
            f"<p>■<strong>市档案馆：为民服务意识不强</strong>档案工作有差距。{TRAILER}</p>",
            "为民服务意识不强",
            "line",
        ),
        (
            f"<p><strong>■市档案馆</strong>：<strong>为民服务意识不强</strong>档案工作有差距。{TRAILER}</p>",
            "为民服务意识不强",
            "line",
        ),
        (
            f"<p><strong>■市档案馆：为民服务意识不强。</strong></p><p>档案工作有差距。</p><p>{TRAILER}</p>",
            "为民服务意识不强。",
            "line",
        ),
        # A bold word inside the body is emphasis, not the end of a headline.
        (
            f"<p>■市档案馆：为民服务意识不强档案<b>工作</b>有差距，为民服务意识不强。{TRAILER}</p>",
            "为民服务意识不强",
            "restatement",
        ),
    ],
)
def test_bold_headline_forms(body: str, headline: str, source: str) -> None:
    entry = parse_html(f"<html><body>{body}</body></html>").entries[0]
    assert (entry.headline, entry.headline_source) == (headline, source)
    assert entry.body.startswith("档案工作")


# --- article choice and page facts (from review) -------------------------------------------

ARTICLE = f"<p>日前，北京纪检监察网通报巡视反馈情况。</p>{SECTION}"


@pytest.mark.parametrize(
    "html",
    [
        f'<html><body><form id="form1"><div class="TRS_Editor">{ARTICLE}</div></form></body></html>',
        f'<html><body class="page has-sidebar"><div class="TRS_Editor">{ARTICLE}</div></body></html>',
        f'<html><body><div class="main-side"><article>{ARTICLE}</article></div></body></html>',
        f'<html><body><div id="share-content"><div>{ARTICLE}</div></div></body></html>',
        # Teaser cards are <article>s too; the bulletin sits in an unknown container.
        f'<html><body><article><a>别的新闻</a></article><div class="post_body">{ARTICLE}</div></body></html>',
        # Each paragraph in its own <section>, no known class.
        f"<html><body><div><section>{ARTICLE}</section><section><p>另起一段。</p></section></div></body></html>",
        # Only <div> lines.
        (
            "<html><body><div>首页 要闻</div><div><div>日前，北京纪检监察网通报巡视反馈情况。</div>"
            "<div>■市档案馆：为民服务意识不强</div><div>档案工作有差距，为民服务意识不强。</div>"
            "<div>【市委第一巡视组向市档案馆反馈巡视情况】</div></div><div>版权所有</div></body></html>"
        ),
    ],
)
def test_the_article_is_found(html: str) -> None:
    bulletin = parse_html(html)
    assert [e.unit.text for e in bulletin.entries] == ["市档案馆"]
    assert bulletin.lead == "日前，北京纪检监察网通报巡视反馈情况。"
    assert bulletin.unplaced == []


def test_furniture_names_inside_the_article_keep_sections() -> None:
    html = (
        '<html><body><div class="TRS_Editor"><p class="tag">日前，北京纪检监察网通报巡视反馈情况。</p>'
        '<p><span class="hot">■市档案馆：</span>为民服务意识不强档案工作有差距，为民服务意识不强。'
        "【市委第一巡视组向市档案馆反馈巡视情况】</p>"
        '<div class="share">■分享：微信</div></div></body></html>'
    )
    bulletin = parse_html(html)
    assert [e.unit.text for e in bulletin.entries] == ["市档案馆"]
    assert bulletin.lead == "日前，北京纪检监察网通报巡视反馈情况。"
    assert "分享" not in bulletin.text


@pytest.mark.parametrize(
    ("title", "expected_title"),
    [
        ("某某反馈情况_北京纪检监察网", "某某反馈情况"),
        ("北京通报巡视反馈情况--时政--人民网", "北京通报巡视反馈情况"),
        ("北京通报巡视反馈情况-新华网", "北京通报巡视反馈情况"),
        ("北京通报巡视反馈情况——中央纪委国家监委网站", "北京通报巡视反馈情况"),
        (
            "“不忘初心”_北京通报对市委办公厅等单位巡视反馈情况_北京纪检监察网",
            "北京通报对市委办公厅等单位巡视反馈情况",
        ),
    ],
)
def test_title_tag_suffixes(title: str, expected_title: str) -> None:
    html = f"<html><head><title>{title}</title></head><body>{SECTION}</body></html>"
    assert parse_html(html).title == expected_title


def test_the_longest_h1_outside_furniture_is_the_title() -> None:
    html = (
        '<html><body><header><h1>北京纪检监察网首页导航栏</h1></header><div class="top"><h1>北京纪检监察网</h1></div>'
        f'<h1>北京通报巡视反馈情况</h1><div class="TRS_Editor">{SECTION}</div></body></html>'
    )
    assert parse_html(html).title == "北京通报巡视反馈情况"


@pytest.mark.parametrize(
    ("footer", "editor"),
    [
        ("<span>责任编辑：王蒙</span><span>校对：李四</span>", "王蒙"),
        ("<div>责任编辑：王蒙</div><div>相关文章</div>", "王蒙"),
        ('<script>var a="责任编辑：脚本";</script><div>（责任编辑：王蒙）</div>', "王蒙"),
    ],
)
def test_editor_from_the_page(footer: str, editor: str) -> None:
    html = f'<html><body><div class="TRS_Editor">{SECTION}</div>{footer}</body></html>'
    assert parse_html(html).editor == editor


def test_source_ends_at_the_next_field_and_beats_the_platform() -> None:
    html = (
        '<html><head><meta property="og:site_name" content="微信公众平台"></head><body>'
        f'<div class="info">2022-01-25 来源：北京纪检监察网作者：张三</div><div class="rich_media_content">{SECTION}</div></body></html>'
    )
    bulletin = parse_html(html)
    assert bulletin.source == "北京纪检监察网"
    assert bulletin.published == date(2022, 1, 25)


def test_the_extractor_reads_the_format_from_the_grammar_alone() -> None:
    # The arrows of issue 8: the HTML layer sits beside the parser, not on top of it.
    import xunshi_parser.io.html as html_module
    import xunshi_parser.io.sniff as sniff_module

    for module in (html_module, sniff_module):
        tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        ours = {name for name in imported if name and name.startswith("xunshi_parser")}
        assert ours <= {"xunshi_parser.errors", "xunshi_parser.grammar", "xunshi_parser.page"}


# --- page facts: raw text for the parser to read -------------------------------------------


def first_date(datelines: tuple[str, ...]) -> date | None:
    """The date the parser reads from a page: the first one found reading datelines in order."""
    for line in datelines:
        if found := DATE.search(fold(line)):
            try:
                return date(*(int(found.group(part)) for part in ("y", "m", "d")))
            except ValueError:
                continue
    return None


#: Small hand-written pages, each dating its article its own way. Not under fixtures/: the
#: folder examples in the docs convert that folder.
PAGES = Path(__file__).parent / "pages"


def fixture_page(name: str) -> tuple[bytes, str]:
    data = (FIXTURES / name if (FIXTURES / name).exists() else PAGES / name).read_bytes()
    return data, decode_bytes(data, declared=declared_charset(data))


def test_page_facts_are_the_text_the_page_writes() -> None:
    facts = extract_page(fixture_page("beijing-2021-r13.gb2312.html")[1]).facts
    assert facts.title == expected()["title"]
    assert facts.editor == expected()["editor"]
    assert facts.source == "北京纪检监察网"  # <meta name="ContentSource">
    assert facts.platform is None
    # The date meta first, then the page's line of facts, both as written.
    assert facts.datelines == ("2022-01-25 09:48", "时间：2022-01-25\u3000来源：北京纪检监察网")


def test_the_platform_is_apart_from_the_source() -> None:
    head = '<meta property="og:site_name" content="微信公众平台">'
    facts = extract_page(page(SECTION, head=head)).facts
    assert (facts.source, facts.platform) == (None, "微信公众平台")
    assert parse_html(page(SECTION, head=head)).source == "微信公众平台"  # the last resort


# --- publication dates: our own rules, checked against htmldate ----------------------------
#
# htmldate is not used at run time. On the fixture page it would fit (0.1-0.4 ms, as the date
# meta ends its search, beside 2.3 ms for parse_html), but on a page without one its extensive
# search takes 1-7 ms, as long as parse_html or longer, and then guesses (2021-01-01, from
# "2021年10月" in the lead of the undated renderings); its import takes ~100 ms and four more
# dependencies, its first use of dateparser ~300 ms; and it reads neither WeChat's var ct nor
# the source. So the rules are ours (io/html.py), and every HTML fixture is compared with
# htmldate here.

#: Every HTML fixture and the date it was published, read by hand from its markup.
DATED_PAGES = {
    "beijing-2021-r13.gb2312.html": date(2022, 1, 25),  # meta PubDate, and a 时间： line
    "page-wechat-publish-time.html": date(2022, 6, 20),  # <em id="publish_time">, var ct
    "page-wechat-ct-only.html": date(2022, 6, 20),  # var ct only: 07:30 in China, 23:30 UTC
    "page-time-datetime.html": date(2023, 3, 15),  # the byline's <time datetime>
    "page-json-ld.html": date(2021, 11, 30),  # JSON-LD datePublished, not dateModified
    "page-meta-published-time.html": date(2020, 8, 27),  # article:published_time
    "page-visible-dateline.html": date(2021, 9, 10),  # only 发布时间：… on the page
}
#: Where htmldate answers otherwise (extensive search or not), and why.
HTMLDATE_DIFFERS: dict[tuple[str, bool], str | None] = {
    # htmldate does not read WeChat's script variable.
    ("page-wechat-ct-only.html", False): None,
    ("page-wechat-ct-only.html", True): None,
    # Without extensive search htmldate takes the oldest <time>: a related article's.
    ("page-time-datetime.html", False): "2023-01-10",
}


def test_every_html_fixture_has_its_date() -> None:
    pages = [*FIXTURES.glob("*.html"), *PAGES.glob("*.html")]
    assert {path.name for path in pages} == set(DATED_PAGES)


@pytest.mark.parametrize(("name", "published"), DATED_PAGES.items())
def test_date_carriers_on_the_page(name: str, published: date) -> None:
    assert first_date(extract_page(fixture_page(name)[1]).facts.datelines) == published


@pytest.mark.parametrize(("name", "published"), DATED_PAGES.items())
def test_dated_pages_end_to_end(name: str, published: date) -> None:
    bulletin = parse_html(fixture_page(name)[0])
    assert bulletin.published == published
    assert len(bulletin.entries) >= 3
    assert not [d for d in bulletin.diagnostics if d.severity != "info"]


@pytest.mark.parametrize("extensive", [False, True], ids=["fast", "extensive"])
@pytest.mark.parametrize(("name", "published"), DATED_PAGES.items())
def test_dates_agree_with_htmldate(name: str, published: date, extensive: bool) -> None:
    htmldate = pytest.importorskip(
        "htmldate", reason="htmldate is not installed (pip install '.[test]')"
    )
    html = fixture_page(name)[1]  # a string: htmldate fetches nothing
    theirs = htmldate.find_date(
        html, original_date=True, outputformat="%Y-%m-%d", extensive_search=extensive
    )
    assert theirs == HTMLDATE_DIFFERS.get((name, extensive), published.isoformat())


CARRIERS = {
    "meta pubdate": ('<meta name="pubdate" content="2022-06-20 17:45">', ""),
    "meta publishdate": ('<meta name="PublishDate" content="2022/06/20">', ""),
    "article:published_time": (
        '<meta property="article:published_time" content="2022-06-20T17:45:00+08:00">',
        "",
    ),
    "og:release_date": ('<meta property="og:release_date" content="2022-06-20">', ""),
    "dc.date": ('<meta name="DC.date" content="2022-06-20">', ""),
    "meta itemprop": ('<meta itemprop="datePublished" content="2022-06-20">', ""),
    "time datetime": ("", '<time datetime="2022-06-20T17:45">6月20日</time>'),
    "time pubdate": ("", "<time pubdate>2022-06-20</time>"),
    "itemprop element": ("", '<span itemprop="datePublished" content="2022-06-20">昨天</span>'),
    "JSON-LD": (
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2022-06-20T17:45:00+08:00"}</script>'
        ),
        "",
    ),
    "visible 发布时间": ("", "<div>发布时间：2022年06月20日 17:45</div>"),
    "traditional 發佈時間": ("", "<div>發佈時間：2022-06-20</div>"),
    "WeChat publish_time": ("", '<em id="publish_time">2022-06-20 17:45</em>'),
    "WeChat var ct": ("", '<script>var ct = "1655718300";</script>'),
    "WeChat var ct, a number": ("", "<script>var ct = 1655718300 * 1;</script>"),
}


@pytest.mark.parametrize(("head", "before"), CARRIERS.values(), ids=CARRIERS.keys())
def test_date_carriers(head: str, before: str) -> None:
    html = page(f"{before}<div class='TRS_Editor'>{SECTION}</div>", head=head)
    assert first_date(extract_page(html).facts.datelines) == date(2022, 6, 20)
    assert parse_html(html).published == date(2022, 6, 20)


@pytest.mark.parametrize(
    ("head", "body", "published"),
    [
        # A meta comes before the page's lines.
        ('<meta name="pubdate" content="2022-06-20">', "<div>时间：2021-01-02</div>", "2022-06-20"),
        # The publication date, not the modification date.
        (
            (
                '<meta property="article:modified_time" content="2022-07-01">'
                '<meta property="article:published_time" content="2022-06-20">'
            ),
            "",
            "2022-06-20",
        ),
        (
            (
                '<script type="application/ld+json">{"dateModified": "2022-07-01", '
                '"datePublished": "2022-06-20"}</script>'
            ),
            "",
            "2022-06-20",
        ),
        # A related article's <time> is furniture; a <time> marked as the publication's wins.
        (
            "",
            (
                '<div class="related"><time datetime="2021-01-02">1月2日</time></div>'
                '<time datetime="2021-05-06">5月6日</time>'
                '<time pubdate datetime="2022-06-20">今天</time>'
            ),
            "2022-06-20",
        ),
        # A timestamp with its offset from UTC is dated in China; one without is as written.
        ('<meta property="article:published_time" content="2022-06-19T20:00:00Z">', "", "2022-06-20"),
        ('<meta property="article:published_time" content="2022-06-19T23:30:00">', "", "2022-06-19"),
        # WeChat: the time shown, else the script's seconds; a relative time shown is no date.
        (
            "",
            '<em id="publish_time">昨天</em><script>var ct = "1655681400";</script>',
            "2022-06-20",
        ),
        # No carrier at all.
        ("", "<div>点击：1024</div>", None),
    ],
    ids=[
        "meta first", "not modified", "json-ld not modified", "related time", "utc",
        "no offset", "wechat relative", "none",
    ],
)  # fmt: skip
def test_date_precedence(head: str, body: str, published: str | None) -> None:
    html = page(f"{body}<div class='TRS_Editor'>{SECTION}</div>", head=head)
    found = first_date(extract_page(html).facts.datelines)
    assert (found.isoformat() if found else None) == published
    bulletin = parse_html(html)
    assert (bulletin.published.isoformat() if bulletin.published else None) == published


def test_the_source_comes_from_a_line_beside_the_date_carrier() -> None:
    bulletin = parse_html(fixture_page("page-time-datetime.html")[0])
    assert (bulletin.published, bulletin.source) == (date(2023, 3, 15), "北京纪检监察网")


def test_lines_of_facts_split_over_elements() -> None:
    # The label and its value in separate elements still make one line.
    html = page(
        "<div class='info'><span>来源：</span><a href='/'>北京纪检监察网</a>"
        "<span>发布时间：</span><span>2022-06-20</span></div>"
        f"<div class='TRS_Editor'>{SECTION}</div><p><b>责任编辑：</b><span>王蒙</span></p>"
    )
    bulletin = parse_html(html)
    assert (bulletin.published, bulletin.source, bulletin.editor) == (
        date(2022, 6, 20),
        "北京纪检监察网",
        "王蒙",
    )


def test_a_lead_above_the_sections_is_no_title_when_the_page_has_one() -> None:
    """The page's <h1> is the title; the text's first line, a paragraph, is the lead."""
    html = (
        '<html><body><h1>北京通报巡视反馈情况</h1><div class="TRS_Editor">'
        "<p>十二届北京市委第十三轮巡视对市档案馆开展了常规巡视。</p>"
        "<p>■市档案馆：理论学习不够深入，抓落实不够。【市委第一巡视组向市档案馆反馈巡视情况】</p>"
        "</div></body></html>"
    )
    bulletin = parse_html(html)
    assert bulletin.title == "北京通报巡视反馈情况"
    assert bulletin.lead == "十二届北京市委第十三轮巡视对市档案馆开展了常规巡视。"
    assert bulletin.round is not None
    assert (bulletin.round.issuer, bulletin.round.term, bulletin.round.number) == (
        "北京市委",
        12,
        13,
    )
