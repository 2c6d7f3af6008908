"""HTML input: sniffing, charsets, article finding, and pages built to hurt."""

from __future__ import annotations

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
from xunshi_parser.io.sniff import declared_charset, looks_like_html

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
    with pytest.raises(InputTooLargeError, match="max_bytes=1000"):
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
    from support import FIXTURES

    stored = (FIXTURES / "beijing-2021-r13.gb2312.html").read_bytes()
    assert stored == html_bold_inline_gb2312(expected())


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
    assert [u.text for u in bulletin.unplaced] == ["（来源：某网）"]


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
