"""What a web page says about its article outside the article's text, as the page writes it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PageFacts"]


@dataclass(frozen=True, slots=True)
class PageFacts:
    """Facts taken from a page's markup, as raw text: the parser reads them, and uses each
    only where the article's own text is silent.

    ``datelines`` are texts that may name the publication date and the source, best first:
    date metas (``PubDate``, ``article:published_time`` ...) and JSON-LD ``datePublished``;
    ``<time>`` and ``itemprop`` elements marked as the publication date; WeChat's publish time
    shown, then its ``var ct``; other ``<time>`` elements outside page furniture; then the
    page's lines of publication facts (``时间：2022-01-25　来源：北京纪检监察网``), the article's
    first. A timestamp that names its UTC offset, or none at all (``var ct``), is given as its
    date in China, ``YYYY-MM-DD``; every other text as the page writes it. The date is the
    first one found reading them in order; the source is :attr:`source`, else the first one
    found in them, else :attr:`platform`.
    """

    #: The article's heading (the longest ``<h1>`` outside page furniture), ``og:title``, or
    #: the article's part of ``<title>``.
    title: str | None = None
    #: The name after 责任编辑：, on the page's own lines.
    editor: str | None = None
    #: A source meta (``ContentSource``, ``source``): who published the article.
    source: str | None = None
    #: The site or platform the page is on (``og:site_name``): a last resort for the source.
    platform: str | None = None
    datelines: tuple[str, ...] = ()
