"""The article in a news page, as text with its paragraph and bold-header boundaries.

The only module that imports lxml; it is imported when an HTML page is parsed, never before.
Pages are parsed without network access or external entities; libxml2's own limits bound
nesting depth and attribute size, and the walk over the tree is iterative.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import regex
from lxml import etree
from lxml import html as lxml_html

from xunshi_parser.errors import XunshiError
from xunshi_parser.fields.lead import read_dateline
from xunshi_parser.page import PageFacts

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date

    from lxml.html import HtmlElement

__all__ = ["Page", "extract_page"]

#: Elements whose content is never article text.
_JUNK_TAGS: Final = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "nav", "header", "footer", "aside", "form", "button", "select", "textarea", "head",
)  # fmt: skip
#: class or id of page furniture: navigation, related articles, sharing, comments, footers.
_JUNK_NAMES: Final = regex.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|related|relate|xgwz|xgxw|xglj|"
    r"recommend|tuijian|share|fenxiang|comments?|pinglun|footer|foot|copyright|sidebar|"
    r"side|ad|ads|advert|hot|rank|tags?|pager|pagination)(?:$|[\s_-])",
    flags=regex.IGNORECASE,
)
#: class or id of the article container in the CMSs and portals bulletins are published on.
_ARTICLE_NAMES: Final = regex.compile(
    r"TRS_Editor|TRS_UEDITOR|rich_media_content|js_content|article[_-]?content|"
    r"article[_-]?body|artibody|content[_-]?text|text[_-]?content|main[_-]?text|"
    r"detail[_-]?content|news[_-]?content|pages?[_-]?content|xl[_-]?content|art[_-]?con|"
    r"^article$|^content$|^zoom$|^fontzoom$|^ozoom$",
    flags=regex.IGNORECASE,
)
_NAMES_REACH: Final = 200
_TITLE_REACH: Final = 300
_BLOCK_TAGS: Final = frozenset(
    (
        "p", "div", "section", "article", "blockquote", "li", "ul", "ol", "dl", "dt", "dd",
        "table", "tr", "td", "th", "tbody", "thead", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
        "center", "hr", "figure", "figcaption", "main",
    )
)  # fmt: skip
_BOLD_TAGS: Final = frozenset(("strong", "b"))
_MARKERS: Final = "■◆●▲□"
#: A section header and the start of a headline; ``end() - 1`` is the headline's first character.
_BOLD_HEADER: Final = regex.compile(rf"\s*[{_MARKERS}][^：:\n]{{1,80}}[：:]\s*\S")
_HTML_SPACE: Final = regex.compile(r"[ \t\r\n\f]+")
_XML_DECLARATION: Final = regex.compile(r"\A\s*<\?xml[^>]*>")
_TITLE_SUFFIX: Final = regex.compile(r"\s*(?:[_|｜]|\s[-—–]\s).*$")
_EDITOR: Final = regex.compile(
    r"(?:责任编辑|責任編輯)\s{0,4}[：:]\s{0,4}(?P<name>[^\s（）()【】\[\]|｜]{1,30})"
)
_DATE_METAS: Final = (
    "pubdate", "publishdate", "publish_date", "article:published_time", "og:release_date",
    "publishtime", "publish-time", "dc.date", "dc.date.issued", "date",
)  # fmt: skip
_SOURCE_METAS: Final = ("contentsource", "source", "og:site_name", "sitename")
_PAGE_DATELINE: Final = regex.compile(
    r"(?:(?:发布)?(?:时间|日期)|來源|来源|稿源)\s*[：:][^\n]{0,120}"
    r"|\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?[^\n]{0,40}(?:来源|來源)\s*[：:][^\n]{0,60}"
)
#: Markers inside any of these make a block the article rather than a densest-text guess.
_SECTION_HEADER: Final = regex.compile(rf"[{_MARKERS}][^：:\n]{{1,80}}[：:]")


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    facts: PageFacts


def extract_page(html: str) -> Page:
    """Find the article in ``html`` and render it as text; gather the page's own facts."""
    root = _document(html)
    facts_title = _page_title(root)
    published, source = _page_dateline(root)
    # Junk is skipped, never removed: editing the tree would re-validate its text, and lxml
    # refuses control characters it happily parsed.
    junk = {*root.iter(*_JUNK_TAGS), *_junk_by_name(root)}
    article = _article(root, junk)
    text = _render(article, junk)
    editor = _EDITOR.search(_text_of(root))
    return Page(
        text=text,
        facts=PageFacts(
            title=facts_title,
            published=published,
            source=source,
            editor=editor.group("name") if editor else None,
        ),
    )


def _document(html: str) -> HtmlElement:
    # lxml refuses str input that declares an encoding; the text is already decoded.
    html = _XML_DECLARATION.sub("", html, count=1)
    if not html.strip():
        raise XunshiError("the HTML page is empty")
    parser = lxml_html.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        recover=True,
        huge_tree=False,
        collect_ids=False,
    )
    try:
        root = lxml_html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise XunshiError(f"cannot parse the HTML page: {error}") from None
    for problem in parser.error_log:
        if problem.type_name == "ERR_RESOURCE_LIMIT":
            # libxml2 stops reading at its limits (nesting deeper than 256 levels); what lies
            # beyond would be lost without a word.
            raise XunshiError(
                f"the HTML page exceeds the parser's limits: {problem.message}",
                line=problem.line or None,
                column=problem.column or None,
            )
    if root is None:
        raise XunshiError("the HTML page holds no document")
    return root


def _names(element: HtmlElement) -> str:
    """class and id, cut short: real ones are short, and a huge attribute must cost nothing."""
    return (
        f"{(element.get('class') or '')[:_NAMES_REACH]} {(element.get('id') or '')[:_NAMES_REACH]}"
    )


def _junk_by_name(root: HtmlElement) -> Iterator[HtmlElement]:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        names = _names(element)
        if _JUNK_NAMES.search(names) and not _ARTICLE_NAMES.search(names):
            yield element


def _in_junk(element: HtmlElement, junk: set[HtmlElement]) -> bool:
    return element in junk or any(ancestor in junk for ancestor in element.iterancestors())


def _article(root: HtmlElement, junk: set[HtmlElement]) -> HtmlElement:
    """The known article container holding the most section headers, else the densest block."""
    containers = [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and (element.tag == "article" or _ARTICLE_NAMES.search(_names(element)))
        and not _in_junk(element, junk)
    ]
    if containers:
        return max(containers, key=_container_score)
    return _densest_block(root, junk)


def _container_score(element: HtmlElement) -> tuple[int, int]:
    text = _text_of(element)
    return len(_SECTION_HEADER.findall(text)), len(text)


def _densest_block(root: HtmlElement, junk: set[HtmlElement]) -> HtmlElement:
    scores: dict[HtmlElement, int] = {}
    for paragraph in root.iter("p", "br"):
        parent = paragraph.getparent()
        if parent is not None and not _in_junk(paragraph, junk):
            text = paragraph.text_content() if paragraph.tag == "p" else paragraph.tail or ""
            scores[parent] = scores.get(parent, 0) + len(text.strip())
    if scores:
        return max(scores, key=scores.__getitem__)
    body = root.find("body")
    return body if body is not None else root


class _Lines:
    """Text being rendered, and which characters of the current line are bold."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.line: list[tuple[str, bool]] = []  # the current line's runs: (text, bold)
        self.bold = 0  # how many bold elements are open

    def text(self, value: str | None) -> None:
        if value:
            value = _HTML_SPACE.sub(" ", value)
            self.pieces.append(value)
            self.line.append((value, self.bold > 0))

    def feed(self, breaks: str) -> None:
        self.pieces.append(breaks)
        self.line = []

    def ends_bold_headline(self) -> bool:
        """Whether the line is a section header whose headline, after the colon, is all bold:
        the bold then ends the headline. Split runs (<b>■单位：</b><b>标题</b>), a marker or
        colon outside the bold all count; a bold word inside a body does not."""
        line = "".join(text for text, _ in self.line)
        header = _BOLD_HEADER.match(line)
        if not header:
            return False
        headline_start = header.end() - 1
        offset = 0
        for text, bold in self.line:
            end = offset + len(text)
            if (
                end > headline_start
                and not bold
                and text[max(0, headline_start - offset) :].strip()
            ):
                return False
            offset = end
        return True


def _render(article: HtmlElement, junk: set[HtmlElement]) -> str:
    """The text of ``article``: blocks become paragraphs, <br> a line break, and a bold headline
    after a section header ends its line, since the bold ends the headline. Junk inside is
    skipped, its tail (the text after it) kept."""
    lines = _Lines()
    walk = etree.iterwalk(article, events=("start", "end"))
    for event, element in walk:
        tag = element.tag if isinstance(element.tag, str) else ""
        if element in junk:
            if event == "start":
                walk.skip_subtree()
            elif element is not article:
                lines.text(element.tail)
            continue
        if event == "start":
            if tag in _BLOCK_TAGS:
                lines.feed("\n\n")
            elif tag == "br":
                lines.feed("\n")
            elif tag in _BOLD_TAGS:
                lines.bold += 1
            lines.text(element.text)
            continue
        if tag in _BLOCK_TAGS:
            lines.feed("\n\n")
        elif tag in _BOLD_TAGS:
            lines.bold -= 1
            if lines.bold == 0 and lines.ends_bold_headline():
                lines.feed("\n")
        if element is not article:
            lines.text(element.tail)
    return _tidy("".join(lines.pieces))


def _tidy(text: str) -> str:
    """Lines stripped; a blank line ends a paragraph; paragraphs joined by one blank line."""
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        if line := line.strip():
            lines.append(line)
        elif lines:
            paragraphs.append("\n".join(lines))
            lines = []
    if lines:
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _text_of(element: HtmlElement) -> str:
    return str(element.text_content())


def _meta(root: HtmlElement, names: tuple[str, ...]) -> str | None:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").lower()
        content = (meta.get("content") or "").strip()
        if key in names and content and key not in found:
            found[key] = content
    return next((found[name] for name in names if name in found), None)


def _page_title(root: HtmlElement) -> str | None:
    heading = root.find(".//h1")
    if heading is not None and heading.text_content().strip():
        return _HTML_SPACE.sub(" ", heading.text_content()).strip()
    og_title = _meta(root, ("og:title", "twitter:title"))
    if og_title:
        return og_title
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        # Cut short first: a title is a line, and the suffix pattern must not scan a megabyte.
        return _TITLE_SUFFIX.sub("", title.text_content().strip()[:_TITLE_REACH]) or None
    return None


def _page_dateline(root: HtmlElement) -> tuple[date | None, str | None]:
    published, source = None, None
    dated = _meta(root, _DATE_METAS)
    if dated:
        published, _ = read_dateline(dated)
    source = _meta(root, _SOURCE_METAS)
    if published is None or source is None:
        for line in _text_of(root).splitlines():
            if _PAGE_DATELINE.search(line):
                line_date, line_source = read_dateline(line)
                published = published or line_date
                source = source or line_source
            if published and source:
                break
    return published, source
