"""Searching a store: findings and headlines holding a piece of text."""

from __future__ import annotations

import sqlite3
from typing import Final, NamedTuple

from xunshi_parser.store.schema import connect

__all__ = ["MIN_TRIGRAM", "Match", "as_csv", "as_json", "as_table", "round_label", "search"]

#: The trigram index finds substrings of at least this many characters; shorter queries are
#: a LIKE scan.
MIN_TRIGRAM: Final = 3
_LIKE_ESCAPE: Final = str.maketrans({"\\": "\\\\", "%": "\\%", "_": "\\_"})


class Match(NamedTuple):
    """A finding or a headline holding the query, with where it stands."""

    kind: str  # "finding" or "headline"
    text: str
    unit: str
    unit_key: str
    entry: int
    position: int | None  # of a finding in its entry, 1-based; None for a headline
    title: str | None
    issuer: str | None
    term: int | None
    round: int | None
    published: str | None
    bulletin: int


_FINDINGS: Final = """SELECT 'finding', f.text, e.unit, e.unit_key, e."index" AS entry,
       f.position AS position, b.title, b.issuer, b.term, b.round, b.published AS published,
       b.id AS bulletin
FROM findings AS f JOIN entries AS e ON e.id = f.entry_id
JOIN bulletins AS b ON b.id = e.bulletin_id WHERE {where}"""
_HEADLINES: Final = """SELECT 'headline', e.headline, e.unit, e.unit_key, e."index" AS entry,
       NULL AS position, b.title, b.issuer, b.term, b.round, b.published AS published,
       b.id AS bulletin
FROM entries AS e JOIN bulletins AS b ON b.id = e.bulletin_id WHERE {where}"""
#: By date (undated last), bulletin, entry; a headline before its entry's findings.
_ORDER: Final = (
    ") ORDER BY published IS NULL, published, bulletin, entry, position IS NOT NULL, position"
    " LIMIT ?"
)


def _sql(query: str) -> tuple[str, list[str]]:
    if len(query) < MIN_TRIGRAM:
        pattern = "%" + query.translate(_LIKE_ESCAPE) + "%"
        findings = _FINDINGS.format(where="f.text LIKE ? ESCAPE '\\'")
        headlines = _HEADLINES.format(where="e.headline LIKE ? ESCAPE '\\'")
        return _compound(findings, headlines), [pattern, pattern]
    # The index, and the rows written since it last took them (above the mark of
    # indexed_upto, see Store.index_pending), which are few: those by xs_holds, which folds
    # case as the index does, so that a row is found the same before and after indexing.
    phrase = '"' + query.replace('"', '""') + '"'
    parts = (
        _FINDINGS.format(
            where="f.id IN (SELECT rowid FROM findings_fts WHERE findings_fts MATCH ?)"
        ),
        _FINDINGS.format(
            where="f.id > (SELECT findings FROM indexed_upto) AND xs_holds(f.text, ?)"
        ),
        _HEADLINES.format(
            where="e.id IN (SELECT rowid FROM headlines_fts WHERE headlines_fts MATCH ?)"
        ),
        _HEADLINES.format(
            where="e.id > (SELECT headlines FROM indexed_upto) AND xs_holds(e.headline, ?)"
        ),
    )
    return _compound(*parts), [phrase, query, phrase, query]


def _holds(text: str | None, query: str) -> bool:
    """Whether ``text`` holds ``query``, letters of any script in either case (the trigram
    index's ``case_sensitive 0``)."""
    return text is not None and query.lower() in text.lower()


def _compound(*parts: str) -> str:
    return f"SELECT * FROM ({' UNION ALL '.join(parts)}{_ORDER}"  # noqa: S608


def search(database: str | sqlite3.Connection, query: str, *, limit: int = 1000) -> list[Match]:
    """Findings and headlines holding ``query``, by publication date, bulletin, entry.

    From three characters the FTS5 trigram index answers (the rows not indexed yet are
    scanned, folding case as the index does: letters of any script); a shorter query scans
    with LIKE (its ``%`` and ``_`` taken literally; ASCII letters in either case).
    ``database`` is a path (opened read-only) or an open connection.
    """
    if not query:
        msg = "the query is empty"
        raise ValueError(msg)
    sql, parameters = _sql(query)
    given = isinstance(database, sqlite3.Connection)
    connection = (
        database if isinstance(database, sqlite3.Connection) else connect(database, readonly=True)
    )
    try:
        connection.create_function("xs_holds", 2, _holds, deterministic=True)
        rows = connection.execute(sql, (*parameters, limit)).fetchall()
    finally:
        if not given:
            connection.close()
    return [Match(*row) for row in rows]


#: Display columns of the unit in a table for people.
_UNIT_WIDTH: Final = 28


def round_label(match: Match) -> str:
    """十二届北京市委第13轮 style: what is known of the round."""
    term = f"{match.term}届" if match.term is not None else ""
    number = f"第{match.round}轮" if match.round is not None else ""
    return f"{term}{match.issuer or ''}{number}" or "(no round)"


def as_table(matches: list[Match]) -> str:
    """Matches for people: a heading per bulletin (title, round, date), then one line per
    match (entry, unit, the finding or headline); columns aligned for CJK widths."""
    from xunshi_parser.export import _fit  # noqa: PLC0415 - only for tables
    from xunshi_parser.printable import printable  # noqa: PLC0415

    lines: list[str] = []
    bulletin = None
    for match in matches:
        if match.bulletin != bulletin:
            bulletin = match.bulletin
            if lines:
                lines.append("")
            date = match.published or "undated"
            lines.append(f"== {printable(match.title or '(untitled)')}")
            lines.append(f"   {round_label(match)}, {date}")
        where = f"{match.entry}" + ("" if match.position is None else f".{match.position}")
        mark = "headline: " if match.kind == "headline" else ""
        unit = _fit(printable(match.unit), _UNIT_WIDTH)
        lines.append(f"{where:>6}  {unit}  {mark}{printable(match.text)}")
    return "".join(line + "\n" for line in lines)


def as_csv(matches: list[Match]) -> str:
    """A header row and one row per match; empty cells for None."""
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(Match._fields)
    writer.writerows(["" if value is None else value for value in match] for match in matches)
    return buffer.getvalue()


def as_json(matches: list[Match]) -> str:
    """A JSON array of objects, one per match."""
    import json  # noqa: PLC0415

    return json.dumps([match._asdict() for match in matches], ensure_ascii=False, indent=2) + "\n"
