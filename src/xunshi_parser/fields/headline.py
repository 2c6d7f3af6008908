"""Where the headline glued to a section's body ends.

Glued text (``为民服务意识不强档案工作服务首都发展有差距，…``) carries no separator, but the
body restates its headline as a phrase of its own, sometimes with 、 added or an adverb such as
还 or 仍 inserted. The headline is therefore the longest prefix of the section that appears
again after itself, compared with those insertions ignored, where that restatement is a whole
phrase (not followed by more words). A headline on its own line needs none of this.
"""

from __future__ import annotations

from typing import NamedTuple

from xunshi_parser.grammar import (
    HEADLINE_INSERTABLE,
    LINE_BREAK,
    LIST_ITEM,
    MAX_HEADLINE,
    MAX_RESTATEMENTS,
    MIN_HEADLINE,
    OPENERS,
    RESTATEMENT_NAMED,
    SENTENCE_PUNCTUATION,
)

__all__ = ["HeadlineSplit", "split_headline"]


class HeadlineSplit(NamedTuple):
    """Offsets into the content: headline ``[0, headline_end)``, body from ``body_start``.

    ``source`` is how the headline was found: ``line``, ``restatement`` or ``none``.
    """

    headline_end: int
    body_start: int
    source: str


def split_headline(content: str) -> HeadlineSplit:
    """Split ``content``: the canonical text after the header's colon, trailer excluded,
    left-stripped."""
    # Most content is one paragraph: two membership tests cost less than a search.
    line_break = LINE_BREAK.search(content) if "\n" in content or "\r" in content else None
    if line_break and content[line_break.end() :].strip():
        first_line = content[: line_break.start()]
        # A line of sentences, or a list's first item, is the body's start, not a headline.
        # (A full stop closing it is allowed: 为民服务意识不强。)
        sentences = SENTENCE_PUNCTUATION.search(first_line.rstrip().rstrip("。."))
        if len(first_line) <= MAX_HEADLINE and not sentences and not LIST_ITEM.match(first_line):
            return HeadlineSplit(line_break.start(), line_break.end(), "line")
    end = _restated_prefix_end(content)
    if end is None:
        return HeadlineSplit(0, 0, "none")
    return HeadlineSplit(end, end, "restatement")


def _restated_prefix_end(content: str) -> int | None:
    # Compare on a copy with the insertable characters removed. (A str.replace per character
    # present costs a third of a regex substitution on a paragraph.)
    plain = content
    for char in HEADLINE_INSERTABLE:
        if char in plain:
            plain = plain.replace(char, "")
    # "plain[:k] occurs again at or after k" holds for every k up to the answer and for none
    # beyond, so a binary search needs only a handful of linear str.find calls.
    low, high = 0, min(MAX_HEADLINE, len(plain) // 2)
    while low < high:
        middle = (low + high + 1) // 2
        if plain.find(plain[:middle], middle) >= 0:
            low = middle
        else:
            high = middle - 1
    # The longest prefix found again may be a coincidence of wording (落实全面从严治党 of
    # 落实全面从严治党主体责任不到位 … 落实全面从严治党监督责任不到位): then there is no
    # headline. (A shorter prefix that is a whole phrase somewhere is no better a guess.)
    if low < MIN_HEADLINE or not _restated_as_a_phrase(content, plain, low):
        return None
    # Offsets agree when nothing was removed from the first ``low`` characters of the content,
    # which is exactly when the content starts with the headline: the headline holds no
    # insertable character, so one removed from that prefix breaks the match.
    if content.startswith(plain[:low]):
        return low
    return _kept_offset(content, low)


def _restated_as_a_phrase(content: str, plain: str, length: int) -> bool:
    """Whether one of the first :data:`MAX_RESTATEMENTS` restatements of ``plain[:length]``
    after itself is a whole phrase: followed, in ``content``, by the end or by a character
    that is not a letter, digit, Han character or opening bracket (、 and spaces included,
    which ``plain`` leaves out), or followed in ``plain`` by a name for it as a problem
    (:data:`RESTATEMENT_NAMED`)."""
    prefix = plain[:length]
    at = plain.find(prefix, length)
    for _ in range(MAX_RESTATEMENTS):
        if at < 0:
            return False
        end = at + length
        if end == len(plain) or _ends(plain[end]) or RESTATEMENT_NAMED.match(plain, end):
            return True
        # 、 or a space may stand before the next word in the content (…不强、作风不实…).
        if content is not plain and _ends(content[_kept_offset(content, end)]):
            return True
        at = plain.find(prefix, at + 1)
    return False


def _ends(following: str) -> bool:
    """Whether ``following`` ends the phrase before it: no letter, digit, Han character or
    opening bracket."""
    return not following.isalnum() and following not in OPENERS


def _kept_offset(content: str, kept: int) -> int:
    """Offset in ``content`` just after its first ``kept`` characters that are not insertable
    (the insertable ones are few: counting them in C costs less than reading each character)."""
    offset = kept
    while True:
        removed = sum(content.count(char, 0, offset) for char in HEADLINE_INSERTABLE)
        if kept + removed == offset:
            return offset
        offset = kept + removed
