"""What a web page says about its article outside the article's text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

__all__ = ["PageFacts"]


@dataclass(frozen=True, slots=True)
class PageFacts:
    """Facts taken from a page's markup; the parser uses each when the text lacks it."""

    title: str | None = None
    published: date | None = None
    source: str | None = None
    editor: str | None = None
