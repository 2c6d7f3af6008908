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
from xunshi_parser.fields.trailer import TRAILER
from xunshi_parser.page import PageFacts
from xunshi_parser.scan import MARKERS

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date

    from lxml.html import HtmlElement

__all__ = ["Page", "extract_page"]

#: Elements whose content is never text: skipped everywhere, page facts included.
_HIDDEN_TAGS: Final = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "button", "select", "textarea", "head",
)  # fmt: skip
#: Page furniture by tag. (Not <form>: ASP.NET pages wrap everything in one.)
_FURNITURE_TAGS: Final = ("nav", "header", "footer", "aside")
#: class or id of page furniture: navigation, related articles, sharing, comments, footers.
#: Only unambiguous words: "hot", "tag", "side" or "foot" also name parts of real articles.
_FURNITURE_NAMES: Final = regex.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|related|relate|xgwz|xgxw|xglj|"
    r"recommend|tuijian|share|fenxiang|comments?|pinglun|footer|copyright|sidebar|"
    r"pager|pagination)(?:$|[\s_-])",
    flags=regex.IGNORECASE,
)
_CONTAINER_TAGS: Final = frozenset(("div", "section", "article", "main", "td", "body", "html"))
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
#: A section header or a trailer, in one text node.
_SECTION_PART: Final = regex.compile(rf"[{MARKERS}][^：:\n]{{1,80}}[：:]|{TRAILER.pattern}")
#: A section header and the start of a headline; ``end() - 1`` is the headline's first character.
_BOLD_HEADER: Final = regex.compile(rf"\s*[{MARKERS}][^：:\n]{{1,80}}[：:]\s*\S")
_HTML_SPACE: Final = regex.compile(r"[ \t\r\n\f]+")
_XML_DECLARATION: Final = regex.compile(r"\A\s*<\?xml[^>]*>")
#: What a site calls itself in a <title>: 北京纪检监察网, 新闻频道, 中央纪委国家监委网站.
_SITE_NAME: Final = regex.compile(r"(?:网|网站|網|網站|频道|頻道|平台|门户|客户端)$")
_TITLE_SEPARATORS: Final = regex.compile(r"_|\||｜|-{2,}|—+|\s[-–]\s|(?<=\p{Han})-(?=\p{Han})")
_EDITOR: Final = regex.compile(
    r"(?:责任编辑|責任編輯)[^\S\n]{0,4}[：:][^\S\n]{0,4}"
    r"(?P<name>[^\s（）()【】\[\]|｜]{1,30}?)(?=\s|$|[（）()【】\[\]|｜]|校对|审核|作者|来源|编辑)"
)
_DATE_METAS: Final = (
    "pubdate", "publishdate", "publish_date", "article:published_time", "og:release_date",
    "publishtime", "publish-time", "dc.date", "dc.date.issued", "date",
)  # fmt: skip
_SOURCE_METAS: Final = ("contentsource", "source")
_PLATFORM_METAS: Final = ("og:site_name", "sitename")
_PAGE_DATELINE: Final = regex.compile(
    r"(?:(?:发布)?(?:时间|日期)|來源|来源|稿源)\s*[：:][^\n]{0,120}"
    r"|\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?[^\n]{0,40}(?:来源|來源)\s*[：:][^\n]{0,60}"
)
#: Markers inside any of these make a block the article rather than a densest-text guess.
_SECTION_HEADER: Final = regex.compile(rf"[{MARKERS}][^：:\n]{{1,80}}[：:]")


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    facts: PageFacts


def extract_page(html: str) -> Page:
    """Find the article in ``html`` and render it as text; gather the page's own facts."""
    root = _document(html)
    # Nothing is removed from the tree, only skipped: editing it would re-validate its text,
    # and lxml refuses control characters it happily parsed.
    hidden = set(root.iter(*_HIDDEN_TAGS))
    furniture = {*root.iter(*_FURNITURE_TAGS), *_furniture_by_name(root)} - {root}
    article = _article(root, hidden, furniture)
    # Furniture around the article is not furniture; inside it, only when it holds no section.
    furniture -= {article, *article.iterancestors()}
    furniture = {element for element in furniture if not _holds_a_section(element)}
    text = _render(article, hidden | furniture)
    # The rest of the page, for its facts: each part is walked once.
    page_text = text + "\n\n" + _render(root, hidden | {article})
    published, source = _page_dateline(root, page_text)
    editor = _EDITOR.search(page_text)
    return Page(
        text=text,
        facts=PageFacts(
            title=_page_title(root, hidden | furniture),
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


def _furniture_by_name(root: HtmlElement) -> Iterator[HtmlElement]:
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        names = _names(element)
        if _FURNITURE_NAMES.search(names) and not _ARTICLE_NAMES.search(names):
            yield element


def _inside(element: HtmlElement, elements: set[HtmlElement]) -> bool:
    return element in elements or any(ancestor in elements for ancestor in element.iterancestors())


def _holds_a_section(element: HtmlElement) -> bool:
    return bool(TRAILER.search(_text_of(element)))


def _article(
    root: HtmlElement, hidden: set[HtmlElement], furniture: set[HtmlElement]
) -> HtmlElement:
    """Where the bulletin is: the known container (or <article>) with the most complete
    sections; else the smallest block holding every section; else the densest text block."""
    containers = [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and (element.tag == "article" or _ARTICLE_NAMES.search(_names(element)))
        and not _inside(element, hidden)
    ]
    if containers:
        scored = [(_container_score(container), container) for container in containers]
        score, best = max(scored, key=lambda pair: pair[0])
        if score[0]:
            return best
    # Elements whose own text holds a section header or a trailer; links are left out, as
    # menus and link lists hold ■标题： headers too.
    holders = [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and element.tag != "a"
        and _SECTION_PART.search((element.text or "") + "".join(_own_texts(element)))
        and not _inside(element, hidden | furniture)
        and not any(ancestor.tag == "a" for ancestor in element.iterancestors())
    ]
    if holders:
        common = _common_ancestor(holders)
        # Up to a block that holds paragraphs, so a lead beside a lone section comes along.
        while common.tag not in _CONTAINER_TAGS and (parent := common.getparent()) is not None:
            common = parent
        return common
    return _densest_block(root, hidden | furniture)


def _own_texts(element: HtmlElement) -> Iterator[str]:
    """The text directly inside ``element``: its text and its children's tails."""
    for child in element:
        if child.tail:
            yield child.tail


def _common_ancestor(elements: list[HtmlElement]) -> HtmlElement:
    chain = [elements[0], *elements[0].iterancestors()]
    for element in elements[1:]:
        ancestors = {element, *element.iterancestors()}
        chain = [candidate for candidate in chain if candidate in ancestors]
    return chain[0]


def _container_score(element: HtmlElement) -> tuple[int, int, int]:
    text = _text_of(element)
    return len(TRAILER.findall(text)), len(_SECTION_HEADER.findall(text)), len(text)


def _densest_block(root: HtmlElement, skipped: set[HtmlElement]) -> HtmlElement:
    # Paragraph text scores its parent, and half as much its grandparent, so paragraphs each
    # wrapped in their own <div> still add up to the block that holds them all.
    scores: dict[HtmlElement, float] = {}
    for paragraph in root.iter("p", "br"):
        if _inside(paragraph, skipped):
            continue
        text = paragraph.text_content() if paragraph.tag == "p" else paragraph.tail or ""
        length = len(text.strip())
        parent = paragraph.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + length
            grandparent = parent.getparent()
            if grandparent is not None:
                scores[grandparent] = scores.get(grandparent, 0) + length / 2
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


def _page_title(root: HtmlElement, skipped: set[HtmlElement]) -> str | None:
    # The longest <h1> outside furniture: a site's logo is often an <h1> too, and shorter.
    headings = [
        _HTML_SPACE.sub(" ", heading.text_content()).strip()
        for heading in root.iter("h1")
        if not _inside(heading, skipped)
    ]
    if heading := max(headings, key=len, default=""):
        return heading
    og_title = _meta(root, ("og:title", "twitter:title"))
    if og_title:
        return og_title
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        # Cut short first: a title is a line. The longest part between separators is the
        # article's, whatever the site puts before or after it (…_北京纪检监察网, …--时政--人民网).
        parts = [
            part.strip()
            for part in _TITLE_SEPARATORS.split(title.text_content().strip()[:_TITLE_REACH])
        ]
        titles = [part for part in parts if part and not _SITE_NAME.search(part)]
        return max(titles, key=len, default=parts[0]) or None
    return None


def _page_dateline(root: HtmlElement, page_text: str) -> tuple[date | None, str | None]:
    published = None
    if dated := _meta(root, _DATE_METAS):
        published, _ = read_dateline(dated)
    source = _meta(root, _SOURCE_METAS)
    for line in page_text.splitlines():
        if published and source:
            break
        if _PAGE_DATELINE.search(line):
            line_date, line_source = read_dateline(line)
            published = published or line_date
            source = source or line_source
    # A platform's name is the last resort: 来源 on the page names the real publisher.
    return published, source or _meta(root, _PLATFORM_METAS)
