"""The sample bulletin rendered as users meet it in the wild, and the expected values to match.

Each rendering is a function of the sample's hand-written expected values: it lays the same
content out differently (line breaks, indents, punctuation, characters, encodings, HTML), and
maps the expected values the same way where the text is kept as written (traditional
characters, ASCII punctuation). Nothing here runs the parser.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from support import FIXTURES

Expected = dict[str, Any]


@cache
def expected() -> Expected:
    with (FIXTURES / "beijing-2021-r13.expected.json").open(encoding="utf-8") as file:
        data: Expected = json.load(file)
    return data


def trailer(entry: Expected) -> str:
    return f"【{entry['team_name']}向{entry['target']}反馈巡视情况】"


def header(entry: Expected) -> str:
    return f"■{entry['unit']}："


def flattened(data: Expected) -> str:
    sections = "".join(header(e) + e["headline"] + e["body"] + trailer(e) for e in data["entries"])
    return f"原标题：{data['title']}{data['lead']}{sections}责任编辑：{data['editor']}"


def one_per_line(data: Expected) -> str:
    lines = [f"原标题：{data['title']}", data["lead"]]
    lines += [header(e) + e["headline"] + e["body"] + trailer(e) for e in data["entries"]]
    return "\n".join([*lines, f"责任编辑：{data['editor']}", ""])


def portal_paragraphs(
    data: Expected, *, newline: str = "\n", indent: str = "", after_marker: str = ""
) -> str:
    blank = newline * 2
    parts = [data["title"], indent + data["lead"]]
    for e in data["entries"]:
        parts.append(f"{indent}■{after_marker}{e['unit']}：{e['headline']}")
        parts.append(indent + e["body"])
        parts.append(indent + trailer(e))
    parts.append(f"（责任编辑：{data['editor']}）")
    return blank.join(parts) + newline


def crlf_indented(data: Expected) -> str:
    return portal_paragraphs(data, newline="\r\n", indent="\u3000\u3000", after_marker="\u3000")


def nbsp_indented(data: Expected) -> str:
    return portal_paragraphs(data, indent="\xa0\xa0", after_marker="\xa0")


def half_width_colons(data: Expected) -> str:
    return flattened(data).replace("：", ":")


#: Reprint sites flatten these to ASCII and keep 。、“”.
ASCII_PUNCTUATION = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"})


def to_ascii_punctuation(value: str) -> str:
    return value.translate(ASCII_PUNCTUATION)


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("s2tw")


def to_traditional(value: str) -> str:
    return str(_converter().convert(value))


def map_strings(data: Any, mapping: Callable[[str], str]) -> Any:
    if isinstance(data, str):
        return mapping(data)
    if isinstance(data, list):
        return [map_strings(item, mapping) for item in data]
    if isinstance(data, dict):
        return {key: map_strings(value, mapping) for key, value in data.items()}
    return data


def as_written(mapping: Callable[[str], str]) -> Callable[[Expected], Expected]:
    """Expected values mapped like the text; the round's period and numbers are not text."""

    def mapped(data: Expected) -> Expected:
        result: Expected = map_strings(data, mapping)
        for key in ("period_start", "period_end"):
            result["round"][key] = data["round"][key]
        return result

    return mapped


HTML_HEAD = """<!DOCTYPE html>
<html><head><meta {charset}>
<title>{title}_北京纪检监察网</title>
<meta name="PubDate" content="2022-01-25 09:48">
<meta name="ContentSource" content="北京纪检监察网">
<style>.TRS_Editor p {{ text-indent: 2em }} /* ■样式：无 */</style>
<script>var nav = "■首页：巡视【市委第一巡视组向首页反馈巡视情况】";</script>
</head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li>■要闻：巡视巡察</li></ul></div>
<h1>{title}</h1>
<div class="info">时间：2022-01-25　来源：北京纪检监察网</div>
"""
HTML_TAIL = """<div class="editor">（责任编辑：{editor}）</div>
<div class="related"><h3>相关文章</h3><ul>
<li>■市委第二巡视组：向某单位反馈巡视情况【市委第二巡视组向某单位反馈巡视情况】</li>
</ul></div>
<!-- ■注释：不是正文 -->
<div class="footer">版权所有 ■ 北京纪检监察网</div>
</body></html>
"""


def _html_page(data: Expected, body: str, charset: str = 'charset="utf-8"') -> str:
    head = HTML_HEAD.format(charset=charset, title=data["title"])
    return head + body + HTML_TAIL.format(editor=data["editor"])


def html_bold_own_paragraph(data: Expected) -> str:
    paragraphs = [f"<p>{data['lead']}</p>"]
    for e in data["entries"]:
        paragraphs.append(f"<p><strong>{header(e)}{e['headline']}</strong></p>")
        paragraphs.append(f"<p>&nbsp;&nbsp;{e['body']}</p>")
        paragraphs.append(f"<p>{trailer(e)}</p>")
    body = "\n".join(paragraphs)
    return _html_page(data, f'<div class="TRS_Editor">\n{body}\n</div>\n')


def html_bold_inline_gb2312(data: Expected) -> bytes:
    sections = [
        f"<P><B>{header(e)}{e['headline']}</B>{e['body']}<BR>\n{trailer(e)}</P>"
        for e in data["entries"]
    ]
    body = "\n".join([f"<P>{data['lead']}</P>", *sections])
    page = _html_page(
        data,
        f'<div id="zoom" class="pages_content">{body}</div>\n',
        charset='http-equiv="Content-Type" content="text/html; charset=gb2312"',
    )
    return page.encode("gb18030")


def html_wechat(data: Expected) -> str:
    sections = [
        f"<section><p><span><strong>{header(e)}{e['headline']}</strong></span></p>"
        f"<p><span>{e['body']}</span></p><p><span>{trailer(e)}</span></p></section>"
        for e in data["entries"]
    ]
    lead = f'<p><span style="font-size:15px">{data["lead"]}</span></p>'
    editor = f"<p><span>责任编辑：{data['editor']}</span></p>"
    body = "".join([lead, *sections, editor])
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<meta property="og:title" content="{data["title"]}"></head><body>'
        f'<div id="js_article"><h1 class="rich_media_title">{data["title"]}</h1>'
        f'<div class="rich_media_content" id="js_content">{body}</div></div>'
        '<div class="rich_media_tool">阅读 ■ 在看：10</div></body></html>'
    )


def html_no_container(data: Expected) -> str:
    paragraphs = "".join(
        f"<p>{header(e)}{e['headline']}{e['body']}{trailer(e)}</p>" for e in data["entries"]
    )
    return (
        f"<html><head><title>{data['title']} - 新闻频道</title></head><body>"
        "<div><p><a href='/a'>■热点：首页</a></p><p><a href='/b'>■推荐：要闻</a></p></div>"
        f"<div><p>原标题：{data['title']}</p><p>{data['lead']}</p>{paragraphs}"
        f"<p>责任编辑：{data['editor']}</p></div></body></html>"
    )


def hard_wrap(paragraphs: str, width: int, newline: str = "\n") -> tuple[str, list[int]]:
    """Every line of ``paragraphs`` cut into lines of ``width`` characters, as a PDF or an
    e-mail copy does: the breaks fall inside words, the last line of each paragraph is shorter
    (or exactly full). Returns the text and where each break it inserted starts."""
    lines: list[str] = []
    inserted: list[int] = []
    position = 0
    for line in paragraphs.splitlines():
        pieces = [line[start : start + width] for start in range(0, len(line), width)] or [""]
        for piece in pieces[:-1]:
            position += len(piece)
            inserted.append(position)
            position += len(newline)
        position += len(pieces[-1]) + len(newline)
        lines += pieces
    return newline.join(lines) + newline, inserted


def hard_wrapped(paragraphs: str, width: int, newline: str = "\n") -> str:
    return hard_wrap(paragraphs, width, newline)[0]


def wrapped_lines(width: int) -> Callable[[Expected], str]:
    """One section per line, then every line hard-wrapped: paragraphs end only in a shorter
    line."""
    return lambda data: hard_wrapped(one_per_line(data), width)


def wrapped_paragraphs(width: int) -> Callable[[Expected], str]:
    """Portal paragraphs (blank lines between, CRLF), every paragraph hard-wrapped."""
    return lambda data: hard_wrapped(portal_paragraphs(data), width, "\r\n")


def _same(data: Expected) -> Expected:
    return data


@dataclass(frozen=True)
class Rendering:
    name: str
    make: Callable[[Expected], str | bytes]
    expected: Callable[[Expected], Expected] = _same
    headline_source: str = "restatement"
    encoding: str | None = None  # what detection should find in the bytes, where checked
    html: bool = False


RENDERINGS = [
    Rendering("flattened", flattened),
    Rendering("one section per line", one_per_line),
    Rendering("portal paragraphs", portal_paragraphs, headline_source="line"),
    Rendering("CRLF and ideographic indents", crlf_indented, headline_source="line"),
    Rendering("no-break space indents", nbsp_indented, headline_source="line"),
    Rendering("half-width colons", half_width_colons),
    Rendering(
        "ASCII punctuation",
        lambda data: to_ascii_punctuation(flattened(data)),
        expected=as_written(to_ascii_punctuation),
    ),
    Rendering("GB18030 bytes", lambda data: flattened(data).encode("gb18030"), encoding="gb18030"),
    Rendering(
        "traditional characters",
        lambda data: to_traditional(flattened(data)),
        expected=as_written(to_traditional),
    ),
    Rendering(
        "Big5 bytes, traditional",
        lambda data: to_traditional(flattened(data)).encode("big5"),
        expected=as_written(to_traditional),
        encoding="big5hkscs",
    ),
    Rendering(
        "HTML, bold headline in its own paragraph",
        html_bold_own_paragraph,
        headline_source="line",
        html=True,
    ),
    Rendering(
        "HTML, bold inline, <br>, GB2312 page",
        html_bold_inline_gb2312,
        headline_source="line",
        html=True,
    ),
    Rendering("HTML, WeChat article", html_wechat, headline_source="line", html=True),
    Rendering("HTML, no container class", html_no_container, html=True),
]
#: Text cut at a fixed width, read as the text it was cut from.
WRAPPED_RENDERINGS = [
    *(Rendering(f"lines wrapped at {width}", wrapped_lines(width)) for width in range(20, 61)),
    *(
        Rendering(
            f"CRLF paragraphs wrapped at {width}", wrapped_paragraphs(width), headline_source="line"
        )
        for width in (20, 27, 33, 40, 47, 54, 60)
    ),
]
