"""The article in a news page, as text with its paragraph and bold-header boundaries.

The only module that imports lxml; it is imported when an HTML page is parsed, never before.
Pages are parsed without network access or external entities; libxml2's own limits bound
nesting depth and attribute size, and every walk over the tree is iterative.

The format's patterns come from :mod:`xunshi_parser.grammar` and match folded text; the page's
facts (title, editor, source, date carriers) are handed over as the page writes them, for the
parser to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from itertools import islice
from typing import TYPE_CHECKING, Final

from lxml import etree

from xunshi_parser.errors import XunshiError
from xunshi_parser.grammar import (
    DATE,
    EDITOR,
    HAN,
    MAX_DATELINE,
    MAX_HEADER_SPACE,
    MAX_HEADLINE,
    MAX_UNIT,
    SECTION_HEADER,
    SOURCE,
    TRAILER,
    dateline,
    find_trailers,
    fold,
    header_and_headline,
)
from xunshi_parser.page import LAST_SOURCELINE, PageFacts, SourceMap

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from lxml.etree import _Element as Element

__all__ = ["Page", "extract_page"]

#: Elements whose content is never text: skipped everywhere, page facts included.
_HIDDEN_TAGS: Final = frozenset(
    (
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
        "canvas", "button", "select", "textarea", "head",
    )
)  # fmt: skip
#: Page furniture by tag. (Not <form>: ASP.NET pages wrap everything in one.)
_FURNITURE_TAGS: Final = ("nav", "header", "footer", "aside")
#: class or id of page furniture: navigation, related articles, sharing, comments, footers.
#: Only unambiguous words: "hot", "tag", "side" or "foot" also name parts of real articles.
_FURNITURE_NAMES: Final = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|related|relate|xgwz|xgxw|xglj|"
    r"recommend|tuijian|share|fenxiang|comments?|pinglun|footer|copyright|sidebar|"
    r"pager|pagination)(?:$|[\s_-])",
    flags=re.IGNORECASE,
)
#: class or id of the columns and lists beside an article: no date, source or editor of the
#: article is read there. Words too common to name furniture for the article's search (an
#: article may sit in a "side" box), but a block holding the article is never one of these.
_ASIDE_NAMES: Final = re.compile(
    r"(?:^|[\s_-])(?:side|rank|paihang|friendlinks?|logo)(?:$|[\s_-])", flags=re.IGNORECASE
)
#: class or id of a page's left or right column, or of a list: beside the article when it
#: holds links (a menu, a list of articles, the hot ones), not otherwise: an info bar's halves
#: (info-right) and a list page's title block (list_title) hold the date and source.
_COLUMN_NAMES: Final = re.compile(
    r"(?:^|[\s_-])(?:left|right|list|hot|hots)(?:$|[\s_-])", re.IGNORECASE
)
_COLUMN_LINKS: Final = 3
#: class or id of an element holding the publication date alone, or its year (Xinhua's
#: <span class="year"><em>2022</em></span><span class="day"><em>01</em>/<em>25</em></span>).
_DATE_NAMES: Final = re.compile(
    r"(?:^|[\s_-])(?:date|time|pubtime|pub-time|pubdate|publishtime|publish-time|fbsj|fbrq|"
    r"riqi|shijian|year)(?:$|[\s_-])",
    flags=re.IGNORECASE,
)
#: A date alone, with its time of day: 2022-01-25, 2023年6月21日 10:30 (any colon: it is folded).
_BARE_DATE: Final = re.compile(
    rf"\s*(?:{DATE.pattern})日?(?:\s{{1,3}}\d{{1,2}}[^\w\s]\d{{2}}(?:[^\w\s]\d{{2}})?)?\s*"
)
#: How many elements a date written alone takes at most (Xinhua's: a <span> and an <em>).
_DATE_ELEMENTS: Final = 8
_MONTH_DAY: Final = re.compile(r"\s*(?P<m>\d{1,2})\s*/\s*(?P<d>\d{1,2})\s*")
#: List items: a list of other articles' titles, dates and excerpts is made of them.
_ITEMS: Final = frozenset(("li", "dt", "dd"))
#: Where a bare date is another article's: a link, a list item.
_LISTED: Final = _ITEMS | {"a"}
_CONTAINER_TAGS: Final = frozenset(("div", "section", "article", "main", "td", "body", "html"))
#: class or id of the article container in the CMSs and portals bulletins are published on.
_ARTICLE_NAMES: Final = re.compile(
    r"TRS_Editor|TRS_UEDITOR|rich_media_content|js_content|article[_-]?content|"
    r"article[_-]?body|artibody|content[_-]?text|text[_-]?content|main[_-]?text|"
    r"detail[_-]?content|news[_-]?content|pages?[_-]?content|xl[_-]?content|art[_-]?con|"
    r"^article$|^content$|^zoom$|^fontzoom$|^ozoom$",
    flags=re.IGNORECASE,
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
_HTML_SPACE: Final = re.compile(r"[ \t\r\n\f]+")
#: HTML whitespace holding a line break: where a text moves on to another source line.
_LINE_SPACE: Final = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")
_XML_DECLARATION: Final = re.compile(r"\A\s*<\?xml[^>]*>")
#: What a site calls itself in a <title>: 北京纪检监察网, 新闻频道, 中央纪委国家监委网站.
_SITE_NAME: Final = re.compile(r"(?:网|网站|網|網站|频道|頻道|平台|门户|客户端)$")
_TITLE_SEPARATORS: Final = re.compile(rf"_|\||｜|-{{2,}}|—+|\s[-–]\s|(?<=[{HAN}])-(?=[{HAN}])")

# --- Where a page keeps its facts ------------------------------------------------------------

#: Metas naming the publication date, best first: the common ones of htmldate's list, and
#: og:release_date. Not the modification dates (article:modified_time, lastmodified).
_DATE_METAS: Final = (
    "pubdate", "publishdate", "publish_date", "publish-date", "publishtime", "publish_time",
    "publish-time", "article:published_time", "og:article:published_time",
    "og:published_time", "og:release_date", "release_date",
    "datepublished", "date_published", "dc.date.issued", "dc.date.created", "dcterms.issued",
    "dcterms.created", "dc.date", "dcterms.date", "date",
)  # fmt: skip
_SOURCE_METAS: Final = ("contentsource", "source")
_PLATFORM_METAS: Final = ("og:site_name", "sitename")
_TITLE_METAS: Final = ("og:title", "twitter:title")
#: How much of an attribute or script a date is looked for in: real values are short.
_VALUE_REACH: Final = 100
_SCRIPT_REACH: Final = 1_000_000
#: JSON-LD's publication date; a regular expression, so broken JSON costs nothing more.
_JSON_LD_DATE: Final = re.compile(r'"datePublished"\s*:\s*"(?P<value>[^"\\]{4,100})"')
#: WeChat's publication time in a script: var ct = "1655718300" (seconds since 1970, UTC).
_WECHAT_CT: Final = re.compile(r"\bvar\s+ct\s*=\s*[\"']?(?P<seconds>\d{9,10})(?!\d)")
#: An ISO 8601 timestamp that names its offset from UTC.
_ISO_WITH_OFFSET: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})"
)
#: Publication dates are dates in China.
_CHINA: Final = timezone(timedelta(hours=8))
#: A <time> or itemprop element whose class names it the publication date.
_PUBLISHED_CLASS: Final = re.compile(r"publish|pubdate|entry-date|post-date", re.IGNORECASE)

#: The words a line of page facts holds, as pages write them: 时间/日期 (发布时间), 来源/稿源,
#: 作者, 编辑 (责任编辑). grammar.dateline and grammar.EDITOR match only lines holding one.
#: Every alternative opens with a literal, so a search skips to their first characters.
_FACT_WORD: Final = re.compile("时[间間]|時[间間]|日期|来源|來源|稿源|作者|编[辑輯]|編[辑輯]")
_STRING: Final = etree.XPath("string()", smart_strings=False)


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    facts: PageFacts
    #: Where each part of :attr:`text` stands in the page.
    source: SourceMap


def extract_page(html: str) -> Page:
    """Find the article in ``html`` and render it as text; gather the page's own facts."""
    html = _without_declaration(html)
    root = _document(html)
    marked = _Marked(root)
    hidden = _Ancestry(lambda element: element.tag in _HIDDEN_TAGS)
    furniture = _furniture(root, marked.named)
    article, widened_from = _article(root, marked.named, furniture, hidden)
    # Furniture around the article is not furniture; inside it, only when it holds no section
    # (a widened article brought in the sections it needs: its furniture is all skipped).
    furniture -= {article, *article.iterancestors()}
    if widened_from is not None:
        furniture -= {widened_from, *widened_from.iterancestors()}
    in_article = _Ancestry(lambda element: element is article)
    skipped = {
        element
        for element in furniture
        if in_article(element) and (widened_from is not None or not _holds_a_section(element))
    }
    # Nothing is removed from the tree, only skipped: editing it would re-validate its text,
    # and lxml refuses control characters it happily parsed.
    rendered = _render(article, skipped)
    text = rendered.finish()
    # The page's lines of facts: the article's, then those of the blocks around it that name
    # a fact. The rest of the page is never rendered.
    lines = _fact_lines(text)
    around = {article, *article.iterancestors()}
    asides = {
        element
        for element, names in marked.named
        if element not in around
        and not _ARTICLE_NAMES.search(names)
        and (
            _ASIDE_NAMES.search(names)
            or (_COLUMN_NAMES.search(names) and _holds_links(element, _COLUMN_LINKS))
        )
    }
    # A <header> is furniture to the article's search, but an article's header holds its date.
    asides |= {element for element in furniture if element.tag != "header"}
    for block in _fact_blocks(root, article, asides):
        lines += _fact_lines(_render(block, {article}).finish())
    beside = _Ancestry(
        lambda element: element in asides or element.tag in _HIDDEN_TAGS or element.tag in _LISTED
    )
    metas = _metas(root)
    return Page(
        text=text,
        source=SourceMap(html, text, rendered.offsets, rendered.lines),
        facts=PageFacts(
            title=_page_title(root, metas, furniture, hidden),
            editor=_editor(lines),
            source=_source_meta(metas),
            platform=_first_meta(metas, _PLATFORM_METAS),
            datelines=(
                *_structured_dates(root, metas, marked, _Ancestry(furniture.__contains__), hidden),
                *_datelines(lines),
                *_bare_dates(marked.named, beside),
            ),
        ),
    )


def _without_declaration(html: str) -> str:
    """``html`` without its XML declaration, which lxml refuses in str input that is already
    decoded; the line breaks around it are kept, so lines are counted as in the page."""
    return _XML_DECLARATION.sub(lambda found: "\n" * found.group().count("\n"), html, count=1)


def _document(html: str) -> Element:
    if not html.strip():
        raise XunshiError("the HTML page is empty")
    # lxml's own parser, not lxml.html's: the latter looks up a Python class for every
    # element the walks touch, and nothing here needs its methods.
    parser = etree.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        recover=True,
        huge_tree=False,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(html, parser=parser)
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


class _Marked:
    """The elements whose attributes mark them, found in one pass over the tree: those with a
    class or an id (and <article>s), whose names tell furniture or an article container; those
    with an itemprop, and WeChat's publish time, which may carry the date."""

    def __init__(self, root: Element) -> None:
        self.named: list[tuple[Element, str]] = []
        self.itemprops: list[Element] = []
        self.publish_time: Element | None = None
        for element in root.iter():
            if not element.keys() and element.tag != "article":
                continue  # most elements have no attribute at all
            class_, id_ = element.get("class"), element.get("id")
            if class_ is not None or id_ is not None or element.tag == "article":
                names = f"{(class_ or '')[:_NAMES_REACH]} {(id_ or '')[:_NAMES_REACH]}"
                self.named.append((element, names))
                if id_ == "publish_time" and self.publish_time is None:
                    self.publish_time = element
            if element.get("itemprop") is not None and element.tag != "meta":
                self.itemprops.append(element)


def _text_of(element: Element) -> str:
    return str(_STRING(element))


class _Ancestry:
    """Whether an element, or one of its ancestors, passes ``test``: each element is asked
    once, however many are asked about, so a deep page costs no more than a shallow one."""

    __slots__ = ("known", "test")

    def __init__(self, test: Callable[[Element], bool]) -> None:
        self.test = test
        self.known: dict[Element, bool] = {}

    def __call__(self, element: Element) -> bool:
        path: list[Element] = []  # elements that fail the test, their answer still unknown
        node: Element | None = element
        answer = False
        while node is not None:
            if (known := self.known.get(node)) is not None:
                answer = known
                break
            if self.test(node):
                answer = self.known[node] = True
                break
            path.append(node)
            node = node.getparent()
        for failed in path:
            self.known[failed] = answer
        return answer


def _furniture(root: Element, named: list[tuple[Element, str]]) -> set[Element]:
    by_name = {
        element
        for element, names in named
        if element.tag not in ("html", "body")
        and _FURNITURE_NAMES.search(names)
        and not _ARTICLE_NAMES.search(names)
    }
    return ({*root.iter(*_FURNITURE_TAGS)} | by_name) - {root}


def _holds_a_section(element: Element) -> bool:
    return TRAILER.search(fold(_text_of(element))) is not None


def _article(
    root: Element, named: list[tuple[Element, str]], furniture: set[Element], hidden: _Ancestry
) -> tuple[Element, Element | None]:
    """Where the bulletin is: the known container (or <article>) with the most complete
    sections, widened to hold the sections the page has outside it; else the smallest block
    holding every section; else the densest text block. With the container an article was
    widened from."""
    containers = [
        element
        for element, names in named
        if (element.tag == "article" or _ARTICLE_NAMES.search(names)) and not hidden(element)
    ]
    chosen: Element | None = None
    if len(containers) == 1:
        if _holds_a_section(containers[0]):
            chosen = containers[0]
    elif containers:
        scored = [(_container_score(container), container) for container in containers]
        score, best = max(scored, key=lambda pair: pair[0])
        if score[0]:
            chosen = best
    if chosen is not None:
        return _widened(root, chosen, furniture)
    holders, scores = _by_content(root, furniture)
    # A list item holding a link is another article's entry, with its excerpt (往期回顾): the
    # article is where the other sections are, if there are others.
    linked = _Ancestry(lambda element: element.tag in _ITEMS and element.find(".//a") is not None)
    holders = [holder for holder in holders if not linked(holder)] or holders
    if holders:
        return _enclosing_block(_common_ancestor(holders)), None
    if scores:
        return max(scores, key=scores.__getitem__), None
    body = root.find("body")
    return (body if body is not None else root), None


def _widened(
    root: Element, container: Element, furniture: set[Element]
) -> tuple[Element, Element | None]:
    """``container``, or the smallest block holding it and the trailers the page has outside
    it (outside furniture, hidden elements and links): a stray ``</div>`` closes a container
    early, and some CMSs split an article into two containers around an image. A trailer the
    container holds too is a copy (a print or mobile version), and trailers in a list item
    stay out (a related article's excerpt, not this article's section)."""
    body = root.find("body")
    page = body if body is not None else root
    # Cheap first: a page with no more trailer words than its container has nothing to widen;
    # then the trailers in the text around the container, less those of hidden elements and
    # furniture (a script, a related article's excerpt). Only a trailer left over is looked
    # for, in one walk.
    inside = _text_of(container)
    whole = _text_of(page)
    if whole.count("反") <= inside.count("反"):
        return container, None
    at = whole.find(inside)  # the container's text is one stretch of the page's
    if at < 0:
        return container, None
    left_over = _trailer_count(whole[:at]) + _trailer_count(whole[at + len(inside) :])
    if left_over <= 0:
        return container, None
    in_container = _Ancestry(lambda element: element is container)
    excluded = {*page.iter(*_HIDDEN_TAGS), *furniture} - {container, *container.iterancestors()}
    in_excluded = _Ancestry(excluded.__contains__)
    for element in excluded:
        parent = element.getparent()
        if (parent is None or not in_excluded(parent)) and not in_container(element):
            left_over -= _trailer_count(_text_of(element))  # the outermost ones only
    if left_over <= 0:
        return container, None
    known = {trailer.group() for trailer in find_trailers(fold(inside))}
    in_list_item = _Ancestry(lambda element: element.tag in _ITEMS)
    holders, _ = _by_content(root, furniture)
    outside = [
        holder
        for holder in holders
        if not in_container(holder)
        and not in_list_item(holder)
        and any(trailer.group() not in known for trailer in find_trailers(fold(_own_text(holder))))
    ]
    if not outside:
        return container, None
    return _enclosing_block(_common_ancestor([container, *outside])), container


def _enclosing_block(element: Element) -> Element:
    """``element``, or the nearest block above it that holds paragraphs: a lead beside a lone
    section comes along."""
    while element.tag not in _CONTAINER_TAGS and (parent := element.getparent()) is not None:
        element = parent
    return element


def _container_score(element: Element) -> tuple[int, int, int]:
    text = fold(_text_of(element))
    return len(TRAILER.findall(text)), len(SECTION_HEADER.findall(text)), len(text)


def _by_content(
    root: Element, furniture: set[Element]
) -> tuple[list[Element], dict[Element, float]]:
    """One walk outside hidden elements and furniture, for the two guesses by content:

    - the elements whose own text holds a section header or a trailer (links left out, as
      menus and link lists hold ■标题： headers too);
    - each block's paragraph text: paragraph text scores its parent, and half as much its
      grandparent, so paragraphs each wrapped in their own <div> still add up to the block
      that holds them all.
    """
    holders: list[Element] = []
    scores: dict[Element, float] = {}
    links = 0  # how many <a> are open
    walk = etree.iterwalk(root, events=("start", "end"))
    for event, element in walk:
        tag = element.tag
        skipped = tag in _HIDDEN_TAGS or element in furniture
        if event == "end":
            links -= tag == "a" and not skipped
            continue
        if skipped:
            walk.skip_subtree()
            continue
        if tag == "a":
            links += 1
        elif not links:
            own = fold(_own_text(element))
            if SECTION_HEADER.search(own) or TRAILER.search(own):
                holders.append(element)
        if tag in ("p", "br"):
            length = len((_text_of(element) if tag == "p" else element.tail or "").strip())
            parent = element.getparent()
            if parent is not None:
                scores[parent] = scores.get(parent, 0) + length
                grandparent = parent.getparent()
                if grandparent is not None:
                    scores[grandparent] = scores.get(grandparent, 0) + length / 2
    return holders, scores


def _trailer_count(text: str) -> int:
    return sum(1 for _ in find_trailers(fold(text))) if "反" in text else 0


def _own_text(element: Element) -> str:
    """The text of ``element`` outside its children."""
    return (element.text or "") + "".join(child.tail or "" for child in element)


def _common_ancestor(elements: list[Element]) -> Element:
    """The lowest element holding all of ``elements``: the highest of the points where each
    element's ancestors meet the first one's. Every element on the way is asked once."""
    chain = [elements[0], *elements[0].iterancestors()]
    meets = {element: height for height, element in enumerate(chain)}  # element → height met
    highest = 0
    for element in elements[1:]:
        path: list[Element] = []
        node: Element | None = element
        while node is not None and node not in meets:
            path.append(node)
            node = node.getparent()
        height = meets[node] if node is not None else len(chain) - 1
        for passed in path:
            meets[passed] = height
        highest = max(highest, height)
    return chain[highest]


#: What an element is to the rendering (see :func:`_render`).
_PLAIN, _BREAK, _BLOCK, _BOLD, _SKIPPED, _INSIDE_SKIPPED = range(6)
_KINDS: Final = {
    "br": _BREAK,
    **dict.fromkeys(_BLOCK_TAGS, _BLOCK),
    **dict.fromkeys(_BOLD_TAGS, _BOLD),
    **dict.fromkeys(_HIDDEN_TAGS, _SKIPPED),
}


#: Inline elements an editor's CSS may make bold (<span style="font-weight:bold">).
_STYLED_TAGS: Final = frozenset(("span", "font"))
_BOLD_STYLE: Final = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.IGNORECASE)


def _kind(element: Element) -> int:
    """What ``element`` is to the rendering, by its tag (tags are str: comments are not parsed),
    or bold by its style."""
    tag = element.tag
    if tag in _STYLED_TAGS:
        style = element.get("style")
        return _BOLD if style is not None and _BOLD_STYLE.search(style) else _PLAIN
    return _KINDS.get(tag, _PLAIN)


def _render(top: Element, junk: set[Element]) -> _Text:
    """The text of ``top``: blocks become paragraphs, <br> a line break, and a bold headline
    after a section header ends its line, since the bold ends the headline. Hidden elements and
    ``junk`` inside are skipped, their tails (the text after them) kept. Lines are stripped, a
    blank line ends a paragraph, and paragraphs are joined by one blank line.

    One pass of ``iter()`` in document order, where an element ends when the next one is not
    its child, as a stack of open elements tells: lxml's iterwalk costs twice as much, and this
    loop is most of the time an HTML page takes.

    Each text is given its source line: an element's text starts on the line libxml2 gives the
    element (that of its start tag's ``>``), and a tail where the text before it ended, the
    line breaks in the texts read since then counted. Line breaks that vanish from the tree
    (inside removed comments, or inside tags) are not counted, so a line may be too small
    until the next element sets it right; :class:`SourceMap` looks further down for the text.
    """
    text = _Text()
    stack: list[tuple[Element, int]] = []  # open elements and their kinds
    last_sourceline = LAST_SOURCELINE
    for element in top.iter():
        parent = element.getparent()
        while stack and stack[-1][0] is not parent:  # (top, the first, is never popped here)
            ended, kind = stack.pop()
            if kind != _INSIDE_SKIPPED:
                text.close(kind, ended.tail)
            elif tail := ended.tail:
                text.line += tail.count("\n")
        line: int | None = element.sourceline  # type: ignore[assignment]  # stubbed as ...
        if line is not None and (line < last_sourceline or line > text.line):
            text.line = line
        if stack and stack[-1][1] >= _SKIPPED:
            kind = _INSIDE_SKIPPED
        elif element in junk:
            kind = _SKIPPED
        else:
            kind = _kind(element)
        stack.append((element, kind))
        if kind < _SKIPPED:
            text.open(kind, element.text)
        elif own := element.text:
            text.line += own.count("\n")
    while stack:
        ended, kind = stack.pop()
        if kind != _INSIDE_SKIPPED:
            text.close(kind, ended.tail if ended is not top else None)
    return text


#: How much of a line opening with a section header its header and the headline's first
#: character can take: the marker, the unit and the colon with their spaces, and some room for
#: an indent. Only this much of a line is matched, however many runs the line gathers.
_HEADER_REACH: Final = 2 * (MAX_UNIT + 4 * MAX_HEADER_SPACE)
#: A line that ends at no bold: no section header opens it, or plain text follows its headline.
_NO_BOLD_END: Final = -1


class _Text:
    """Text being rendered, line by line, and which runs of the current line are bold; and
    where each run starts in the text and in the page: ``offsets`` and ``lines``, ascending."""

    __slots__ = (
        "blank", "bold", "done", "ending", "headline", "length", "line", "lines", "offsets",
        "runs", "soft", "width",
    )  # fmt: skip

    def __init__(self) -> None:
        self.done: list[str] = []  # finished lines, each after its line or paragraph break
        self.length = 0  # the length of the finished lines and breaks
        #: The current line: texts, whether bold, and the source line each starts on.
        self.runs: list[tuple[str, bool, int]] = []
        self.width = 0  # the current line's length
        self.line = 1  # the source line the next text starts on
        self.offsets: list[int] = []  # where each run starts in the text ...
        self.lines: list[int] = []  # ... and its source line
        #: Where the current line's headline starts, once a header is found; or _NO_BOLD_END.
        self.headline: int | None = None
        self.blank = False  # whether a blank line came after the last finished line
        self.bold = 0  # how many bold elements are open
        #: Whether a bold headline closed: the line ends before the next plain text, so a
        #: headline split over bold runs (<b>为民服务意识</b><b>不强</b>) stays whole.
        self.ending = False
        #: A <br> inside a bold headline (<strong>■单位：为民服务<br>意识不强</strong>): how
        #: many runs came before it; it breaks the line only if the bold is not a headline.
        self.soft: int | None = None

    def open(self, kind: int, text: str | None) -> None:
        if kind == _BLOCK:
            if self.runs:
                self.end_line()
            self.blank = True
        elif kind == _BREAK:
            if self.bold and self.soft is None and self.runs and self.ends_bold_headline():
                self.soft = len(self.runs)
            else:
                self.end_line()
        elif kind == _BOLD:
            self.bold += 1
        if text:
            self.add(text)

    def close(self, kind: int, tail: str | None) -> None:
        if kind == _BLOCK:
            if self.runs:
                self.end_line()
            self.blank = True
        elif kind == _BOLD:
            self.bold -= 1
            if not self.bold and self.runs and self.ends_bold_headline():
                self.ending = True
                if self.soft is not None:
                    self.keep_or_split(self.soft)
        if tail:
            self.add(tail)

    def add(self, text: str) -> None:
        # HTML whitespace collapses to one space; most texts hold none but line breaks
        # before them (or nothing else).
        if "\n" in text:
            body = text.lstrip(" \t\r\n\f")
            if "\n" in body:
                self.add_lines(text)
                return
            if self.runs:
                self.runs.append((" ", self.bold > 0, self.line))
                self.width += 1
            self.line += text.count("\n", 0, len(text) - len(body))
            if not body:
                return
            text = body
        if "  " in text or "\t" in text or "\r" in text or "\f" in text:
            text = _HTML_SPACE.sub(" ", text)
        # self.run(text), inlined: this is the most common call of the rendering.
        if text == " " and not self.runs:
            return
        bold = self.bold > 0
        if self.ending and self.ends_before(text, bold):
            self.end_line()
            text = text.lstrip()
        self.runs.append((text, bold, self.line))
        self.width += len(text)
        if not bold and self.headline is not None and text.strip():
            self.headline = _NO_BOLD_END

    def add_lines(self, text: str) -> None:
        """A text over several source lines: one run for each line's part, so each has its
        line; the whitespace between them collapses to a run of one space."""
        start = 0
        for space in _LINE_SPACE.finditer(text):
            if space.start() > start:
                self.run(_HTML_SPACE.sub(" ", text[start : space.start()]))
            self.run(" ")
            self.line += text.count("\n", space.start(), space.end())
            start = space.end()
        if start < len(text):
            self.run(_HTML_SPACE.sub(" ", text[start:]))

    def run(self, text: str) -> None:
        if text == " " and not self.runs:
            return  # a space opening a line is stripped anyway
        bold = self.bold > 0
        if self.ending and self.ends_before(text, bold):
            self.end_line()
        self.runs.append((text, bold, self.line))
        self.width += len(text)
        if not bold and self.headline is not None and text.strip():
            self.headline = _NO_BOLD_END  # plain text after the headline's start

    def keep_or_split(self, soft: int) -> None:
        """At the close of a bold headline with a <br> inside, before run ``soft``: the break
        vanishes if the headline is one short phrase; else it ends the line, as a break does."""
        self.soft = None
        after = "".join([text for text, _, _ in self.runs[soft:]])
        headline = self.headline or 0
        if self.width - headline > MAX_HEADLINE or "。" in after:
            self.split(soft)

    def split(self, soft: int) -> None:
        """End the line before run ``soft``: the runs from there on start the next line."""
        rest = self.runs[soft:]
        self.runs = self.runs[:soft]
        self.soft = None
        self.end_line()
        self.runs = rest
        self.width = sum(len(text) for text, _, _ in rest)

    def ends_before(self, text: str, bold: bool) -> bool:
        """Whether a bold headline ends before ``text``: plain text after it is the body, and
        bold text that would make it longer than a headline can be starts a line of its own."""
        if not bold:
            return bool(text.strip())
        headline = self.headline or 0
        return self.width + len(text) - headline > MAX_HEADLINE

    def ends_bold_headline(self) -> bool:
        """Whether the line is a section header whose headline, after the colon, is all bold:
        the bold then ends the headline. Split runs (<b>■单位：</b><b>标题</b>), a marker or
        colon outside the bold all count; a bold word inside a body does not. Once found, the
        header is kept, and each run added after it checked as it comes."""
        if self.headline is None:
            self.headline = self._find_headline()
        return self.headline is not None and self.headline != _NO_BOLD_END

    def _find_headline(self) -> int | None:
        line = ""
        for text, _, _ in self.runs:
            line += text
            if len(line) >= _HEADER_REACH:
                break
        # Folding keeps offsets: the headline starts at the same place in the line.
        header = header_and_headline().match(fold(line[:_HEADER_REACH]))
        if not header:
            # A short line may still grow into a header: <b>■单位：</b><b>标题</b>.
            return _NO_BOLD_END if len(line) >= _HEADER_REACH else None
        headline = header.end() - 1
        offset = 0
        for text, bold, _ in self.runs:
            end = offset + len(text)
            if end > headline and not bold and text[max(0, headline - offset) :].strip():
                return _NO_BOLD_END
            offset = end
        return headline

    def end_line(self) -> None:
        if self.soft is not None:
            self.split(self.soft)
        runs = self.runs
        joined = runs[0][0] if len(runs) == 1 else "".join([text for text, _, _ in runs])
        line = joined.strip()
        self.runs = []
        self.width = 0
        self.headline = None
        self.ending = False
        if not line:
            self.blank = True
            return
        if self.done:
            self.done.append(separator := "\n\n" if self.blank else "\n")
            self.length += len(separator)
        start = self.length
        if len(runs) == 1:
            self.offsets.append(start)
            self.lines.append(runs[0][2])
        else:
            # Runs in the stripped indent start where the line does, those in the stripped
            # end where it ends.
            at = start - (len(joined) - len(joined.lstrip()) if joined[0].isspace() else 0)
            end = start + len(line)
            for text, _, source_line in runs:
                self.offsets.append(min(max(start, at), end))
                self.lines.append(source_line)
                at += len(text)
        self.done.append(line)
        self.length += len(line)
        self.blank = False

    def finish(self) -> str:
        if self.runs:
            self.end_line()
        return "".join(self.done)


# --- The page's facts ------------------------------------------------------------------------


def _fact_blocks(root: Element, article: Element, asides: set[Element]) -> list[Element]:
    """The blocks outside the article, hidden elements and ``asides`` (page furniture and the
    columns beside the article: a related article's date, a comment's editor) whose own text
    names a date, a source or an editor, in document order; a block inside another is
    rendered with it.

    One walk: a stack of the open blocks tells each text's block, and whether a block around
    it is taken already (then it is rendered with that one).
    """
    taken: list[tuple[int, Element]] = []  # blocks taken, each after the number of its start
    open_blocks: list[tuple[int, Element]] = []
    taken_open: int | None = None  # where the open block that is taken is in the stack

    def take() -> None:
        nonlocal taken_open
        if not open_blocks or taken_open is not None:
            return
        taken_open = len(open_blocks) - 1
        start, block = open_blocks[-1]
        while taken and taken[-1][0] > start:
            taken.pop()  # taken since this block started: inside it
        taken.append((start, block))

    walk = etree.iterwalk(root, events=("start", "end"))
    for number, (event, element) in enumerate(walk):
        if event == "end":
            if open_blocks and open_blocks[-1][1] is element:
                open_blocks.pop()
                if taken_open == len(open_blocks):
                    taken_open = None
            if (tail := element.tail) and _FACT_WORD.search(tail):
                take()  # a tail lies in the block around the element it follows
            continue
        if element is article or element.tag in _HIDDEN_TAGS or element in asides:
            walk.skip_subtree()  # its end still comes, for its tail
            continue
        if element.tag in _BLOCK_TAGS or element.tag in ("body", "html"):
            open_blocks.append((number, element))
        if (own := element.text) and _FACT_WORD.search(own):
            take()
    return [block for _, block in taken]


def _fact_lines(text: str) -> list[str]:
    """The lines of ``text`` that hold a word naming a fact, in order."""
    lines: list[str] = []
    end = 0
    for found in _FACT_WORD.finditer(text):
        if found.start() < end:
            continue  # on a line already taken
        start = text.rfind("\n", 0, found.start()) + 1
        end = text.find("\n", found.end())
        end = len(text) if end < 0 else end
        lines.append(text[start:end])
    return lines


def _metas(root: Element) -> dict[str, str]:
    """Each meta's content by its name, property or itemprop (lower case); the first wins."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in found:
            found[key] = content
    return found


def _first_meta(metas: dict[str, str], names: Iterable[str]) -> str | None:
    return next((metas[name] for name in names if name in metas), None)


def _source_meta(metas: dict[str, str]) -> str | None:
    """A source meta's value; one written with its label (来源：人民网) read as a line's."""
    value = _first_meta(metas, _SOURCE_METAS)
    if value is None:
        return None
    if found := SOURCE.match(fold(value)):
        return value[found.start("source") : found.end("source")]
    return value


def _page_title(
    root: Element, metas: dict[str, str], furniture: set[Element], hidden: _Ancestry
) -> str | None:
    # The longest <h1> outside furniture that is not the site's name: a site's logo is often
    # an <h1> too. Furniture that holds a section is not furniture.
    in_furniture = _Ancestry(lambda element: element in furniture and not _holds_a_section(element))
    headings = [
        written
        for heading in root.iter("h1")
        if not hidden(heading)
        and not in_furniture(heading)
        and not _SITE_NAME.search(written := _HTML_SPACE.sub(" ", _text_of(heading)).strip())
    ]
    if heading := max(headings, key=len, default=""):
        return heading
    if og_title := _first_meta(metas, _TITLE_METAS):
        return og_title
    title = root.find(".//title")
    if title is not None and (written := _text_of(title).strip()):
        # Cut short first: a title is a line. The longest part between separators is the
        # article's, whatever the site puts before or after it (…_北京纪检监察网, …--时政--人民网).
        parts = [part.strip() for part in _TITLE_SEPARATORS.split(written[:_TITLE_REACH])]
        titles = [part for part in parts if part and not _SITE_NAME.search(part)]
        return max(titles, key=len, default=parts[0]) or None
    return None


def _editor(lines: list[str]) -> str | None:
    for line in lines:
        if editor := EDITOR.search(fold(line)):
            # Folding keeps offsets: the name as the page writes it.
            return line[editor.start("name") : editor.end("name")]
    return None


def _structured_dates(
    root: Element,
    metas: dict[str, str],
    marked: _Marked,
    in_furniture: _Ancestry,
    hidden: _Ancestry,
) -> list[str]:
    """Date carriers in the markup, best first: metas, JSON-LD, <time> and itemprop elements
    that name the publication date, WeChat's publish time and its ``var ct``, then any other
    <time> outside furniture."""
    dates = [_date_text(metas[name]) for name in _DATE_METAS if name in metas]
    scripted: list[str] = []
    for script in root.iter("script"):
        code = (script.text or "")[:_SCRIPT_REACH]
        if "ld+json" in (script.get("type") or "").lower():
            if found := _JSON_LD_DATE.search(code):
                dates.append(_date_text(found.group("value")))
        elif not scripted and "ct" in code and (found := _WECHAT_CT.search(code)):
            seconds = int(found.group("seconds"))
            scripted.append(datetime.fromtimestamp(seconds, _CHINA).date().isoformat())
    published: list[str] = []
    others: list[str] = []
    for element in dict.fromkeys((*marked.itemprops, *root.iter("time"))):
        itemprop = (element.get("itemprop") or "").lower()
        if (itemprop and itemprop != "datepublished") or hidden(element):
            continue
        if in_furniture(element):
            continue  # a related article's date
        value = element.get("datetime") or element.get("content") or _text_of(element)
        if not (value := value.strip()):
            continue
        if (
            itemprop
            or element.get("pubdate") is not None
            or _PUBLISHED_CLASS.search(element.get("class") or "")
        ):
            published.append(_date_text(value))
        else:
            others.append(_date_text(value))
    if marked.publish_time is not None and (written := _text_of(marked.publish_time).strip()):
        published.append(written[:_VALUE_REACH])
    return [*dates, *published, *scripted, *others]


def _date_text(value: str) -> str:
    """A date carrier's value as written; a timestamp with a UTC offset as its date in China."""
    value = value.strip()[:_VALUE_REACH]
    if _ISO_WITH_OFFSET.fullmatch(value):
        try:
            return datetime.fromisoformat(value).astimezone(_CHINA).date().isoformat()
        except ValueError:
            return value
    return value


def _holds_links(element: Element, count: int) -> bool:
    return sum(1 for _ in islice(element.iter("a"), count)) >= count


def _bare_dates(named: list[tuple[Element, str]], beside: _Ancestry) -> list[str]:
    """The dates of elements named as the date that hold nothing else (<p class="date">,
    <span class="time">), and Xinhua's year and day, in document order; not those beside the
    article (``beside``), nor in links and list items, which date other articles."""
    found: list[str] = []
    for element, names in named:
        if not _DATE_NAMES.search(names) or beside(element):
            continue
        if next(islice(element.iter(), _DATE_ELEMENTS, None), None) is not None:
            continue  # a block named "time" holding more than a date: its text is not read
        written = _text_of(element)[:_VALUE_REACH]
        if _BARE_DATE.fullmatch(fold(written)):
            found.append(written.strip())
        elif (
            (year := written.strip()).isdigit()
            and len(year) == 4
            and (day := element.getnext()) is not None
            and (month_day := _MONTH_DAY.fullmatch(_text_of(day)[:_VALUE_REACH]))
        ):
            found.append(f"{year}-{month_day['m']}-{month_day['d']}")
    return found


def _datelines(lines: list[str]) -> list[str]:
    """The lines of publication facts that name a date or a source, in order."""
    return [
        line.strip()
        for line in lines
        if len(line) <= MAX_DATELINE
        and dateline().search(folded := fold(line))
        and (DATE.search(folded) or SOURCE.search(folded))
    ]
