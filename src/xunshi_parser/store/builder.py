"""Building a store: each file read and parsed (in worker processes if asked), then written in
a nested transaction of its own (a savepoint), so an interrupted build leaves every bulletin
whole or absent; the files written are committed together, a few times a second."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, Final, Literal, NamedTuple

from xunshi_parser import __version__
from xunshi_parser.api import HTML_SUFFIXES, MAX_BYTES, decode_and_parse
from xunshi_parser.batch import Errors, map_files
from xunshi_parser.errors import ReadError, XunshiError
from xunshi_parser.io.decode import read_bytes
from xunshi_parser.io.sniff import looks_like_html
from xunshi_parser.models import Bulletin
from xunshi_parser.parser import MAX_SECTIONS
from xunshi_parser.store.keys import bulletin_keys
from xunshi_parser.store.schema import INDEX_PENDING, connect, statements

__all__ = ["OUTCOMES", "Loaded", "Store", "build", "distinct_sources", "load"]

Outcome = Literal["added", "joined", "replaced", "unchanged", "failed"]
#: What :meth:`Store.add` reports for a file: a new bulletin; a new source of a bulletin the
#: store holds; a changed file whose bulletin's rows were replaced; nothing to do; a file that
#: is not a bulletin (recorded as a failed source).
OUTCOMES: Final = ("added", "joined", "replaced", "unchanged", "failed")
#: Bulletin columns a later source fills when the first left them empty (a TXT reprint has no
#: date; its HTML page has).
_FILLED: Final = ("title", "published", "source", "editor")
#: Seconds between commits of a build: the first file written this long after the last commit
#: commits. Each file is a nested transaction of its own (a savepoint), whole or absent whatever
#: happens; committing each on its own made the build a third slower (docs/dataset.md). A crash
#: loses the files written since the last commit, which the next build does again; Ctrl-C loses
#: none.
COMMIT_EVERY: Final = 0.25
#: Recorded with each source (``sources.parsed_with``): a build by another version of
#: xunshi-parser parses the source again, so a store's rows follow the parser that builds it.
PARSER_VERSION: Final = __version__
#: Findings written before the full-text index takes them (about 1,000 bulletins): the index
#: costs least in big batches, and a search reads the rows waiting by scanning them.
INDEX_BATCH: Final = 40_000

BulletinRow = tuple[Any, ...]
EntryRow = tuple[Any, ...]
DiagnosticRow = tuple[Any, ...]


class Record(NamedTuple):
    """A parsed bulletin as rows, plain data so that it pickles cheaply between processes."""

    content_key: str
    bulletin: BulletinRow
    entries: list[tuple[EntryRow, list[str]]]
    diagnostics: list[DiagnosticRow]


class Loaded(NamedTuple):
    """One file read and parsed: the source's facts, and its rows or its error."""

    path: str
    sha256: str | None
    size: int | None
    format: str | None
    encoding: str | None
    record: Record | None
    error_type: str | None = None
    error: str | None = None


_JSON: Final = json.JSONEncoder(ensure_ascii=False)
#: What JSON escapes in a string when it keeps Chinese unescaped (json.encoder's ESCAPE).
_JSON_ESCAPED: Final = re.compile(r'[\x00-\x1f"\\]')


def _dumps(values: list[str]) -> str:
    """A JSON array, Chinese unescaped, as ``json.dumps(values, ensure_ascii=False)``."""
    if not values:
        return "[]"
    joined = '", "'.join(values)
    # Names and problems rarely hold a quote, a backslash or a control character: then the
    # array is its strings quoted, without the encoder's cost per call.
    if _JSON_ESCAPED.search(joined) is None:
        return f'["{joined}"]'
    return _JSON.encode(values)


def record_of(bulletin: Bulletin) -> Record:
    """The rows of ``bulletin``."""
    round_ = bulletin.round
    key, unit_keys = bulletin_keys(bulletin)
    row: BulletinRow = (
        bulletin.title,
        bulletin.published.isoformat() if bulletin.published is not None else None,
        bulletin.source,
        bulletin.editor,
        round_.issuer if round_ else None,
        round_.term if round_ else None,
        round_.number if round_ else None,
        round_.inspection if round_ else None,
        _dumps(round_.kinds if round_ else []),
        round_.unit_count if round_ else None,
        round_.period_start if round_ else None,
        round_.period_end if round_ else None,
        round_.duration_months if round_ else None,
        _dumps(round_.common_problems if round_ else []),
        len(bulletin.entries),
    )
    entries = []
    for entry, unit_key in zip(bulletin.entries, unit_keys, strict=True):
        feedback = entry.feedback
        unit = entry.unit
        entries.append(
            (
                (
                    entry.index,
                    unit.text,
                    _dumps(unit.organizations),
                    _dumps(unit.aliases),
                    unit.party_org,
                    unit_key,
                    entry.headline,
                    entry.headline_source,
                    entry.body,
                    feedback.team_name if feedback else None,
                    feedback.team_number if feedback else None,
                    feedback.target if feedback else None,
                    feedback.kind if feedback else None,
                    entry.span.start,
                    entry.span.end,
                ),
                list(entry.findings),
            )
        )
    diagnostics = [
        (d.entry, d.code, d.severity, d.message, d.line, d.column, d.offset)
        for d in bulletin.diagnostics
    ]
    return Record(key, row, entries, diagnostics)


def load(
    path: str,
    *,
    encoding: str | None = None,
    errors: Errors = "strict",
    max_sections: int = MAX_SECTIONS,
    max_bytes: int = MAX_BYTES,
) -> Loaded:
    """Read and parse the file at ``path``; every problem is returned, none raised."""
    try:
        data = read_bytes(path, max_bytes=max_bytes)
    except XunshiError as error:
        return Loaded(path, None, None, None, None, None, type(error).__name__, str(error))
    except OSError as error:
        message = str(ReadError(f"cannot read {path}: {error.strerror or error}"))
        return Loaded(path, None, None, None, None, None, "ReadError", message)
    digest = hashlib.sha256(data).hexdigest()
    html = Path(path).suffix.lower() in HTML_SUFFIXES or looks_like_html(data)
    kind = "html" if html else "text"
    try:
        bulletin, codec = decode_and_parse(
            data,
            html=html,
            encoding=encoding,
            errors=errors,
            strict=False,
            max_sections=max_sections,
        )
        record = record_of(bulletin)
    except XunshiError as error:
        return Loaded(path, digest, len(data), kind, None, None, type(error).__name__, str(error))
    return Loaded(path, digest, len(data), kind, codec, record)


def _text(text: str) -> str:
    """``text`` as SQLite can store it: bytes a file name held that are not UTF-8 (surrogate
    escapes) written as ``\\xff``, any other lone surrogate as ``\\udcff``."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def source_path(path: str) -> str:
    """How a source's path is stored: absolute, links not resolved, bytes that are not UTF-8
    written as ``\\xff``."""
    return _text(os.path.abspath(path))  # noqa: PTH100 - Path.absolute keeps '..'


def distinct_sources(files: Iterable[str]) -> list[str]:
    """``files`` without the later names of a file already named (``a.txt`` and ``./a.txt``
    are one source)."""
    seen: set[str] = set()
    kept = []
    for file in files:
        path = source_path(file)
        if path not in seen:
            seen.add(path)
            kept.append(file)
    return kept


class Store:
    """An open store. :meth:`pending` tells which files need parsing, :meth:`add` writes one.

    Use it in a ``with`` block, or call :meth:`close`: the files added are committed together
    (see :meth:`add`), the last of them only by :meth:`commit` or :meth:`close`, which also
    indexes them; until then they are not in the file, and the store holds SQLite's write
    lock. On an exception, a ``with`` block commits the files written and does not index."""

    def __init__(
        self, path: str, *, create: bool = True, reader: Callable[[str], Loaded] = load
    ) -> None:
        self.path = path
        self.connection = connect(path, create=create)
        #: How a source is read again when its bulletin needs its values (see _others).
        self.reader = reader
        self._known: dict[str, tuple[str | None, str | None, str | None]] | None = None
        self._unindexed = 0
        self._group_started = 0.0
        self._closed = False

    def close(self) -> None:
        """Commit the files written, index them, and close (closed: nothing)."""
        if self._closed:
            return
        try:
            # Committed first: the files stay whatever happens to the indexing.
            self.commit()
            self.index_pending()
        finally:
            self._closed = True
            self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self.close()
        elif not self._closed:
            # Interrupted (Ctrl-C) or failed: the files written are whole, and stay; the
            # error on its way out says more than one from committing them.
            with suppress(sqlite3.Error):
                self.commit()
            self._closed = True
            self.connection.close()

    def commit(self) -> None:
        """Commit the files written since the last commit."""
        if self.connection.in_transaction:
            self.connection.execute("COMMIT")

    def _begin(self) -> None:
        """Open the build's transaction, unless it is open."""
        if not self.connection.in_transaction:
            self.connection.execute("BEGIN IMMEDIATE")
            self._group_started = time.monotonic()

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        """A nested transaction in the build's open one (begun here if none is): whole or
        undone, Ctrl-C included; committed with the others by :meth:`commit`."""
        connection = self.connection
        self._begin()
        connection.execute("SAVEPOINT one")
        try:
            yield
        except BaseException:
            if connection.in_transaction:  # SQLite ends it itself on some errors (disk full)
                connection.execute("ROLLBACK TO one")
                connection.execute("RELEASE one")
            raise
        connection.execute("RELEASE one")

    def index_pending(self) -> None:
        """Move the rows written since the last call (or by an interrupted build) into the
        full-text index, and commit."""
        with self._savepoint():
            for statement in statements(INDEX_PENDING):
                self.connection.execute(statement)
        self.commit()
        self._unindexed = 0

    def totals(self) -> dict[str, int]:
        """Rows in each table, and the failed sources."""
        counted = {
            table: self.connection.execute(
                f"SELECT count(*) FROM {table}"  # noqa: S608 - fixed names
            ).fetchone()[0]
            for table in ("bulletins", "sources", "entries", "findings", "diagnostics")
        }
        counted["failed"] = self.connection.execute(
            "SELECT count(*) FROM sources WHERE error IS NOT NULL"
        ).fetchone()[0]
        return counted

    def _sources(self) -> dict[str, tuple[str | None, str | None, str | None]]:
        if self._known is None:
            rows = self.connection.execute("SELECT path, sha256, error, parsed_with FROM sources")
            self._known = {path: (sha256, error, parser) for path, sha256, error, parser in rows}
        return self._known

    def pending(self, files: Iterable[str]) -> tuple[list[str], int]:
        """The files whose bytes the store does not hold yet (new or changed paths, failed
        reads), and how many are unchanged. Known paths are hashed here; new ones are not.
        A source whose last attempt failed is always tried again (the input options may
        differ), and so is one another version of xunshi-parser read (:data:`PARSER_VERSION`)."""
        known = self._sources()
        todo: list[str] = []
        unchanged = 0
        for file in files:
            stored, error, parser = known.get(source_path(file), (None, None, None))
            if stored is not None and error is None and parser == PARSER_VERSION:
                try:
                    digest = hashlib.sha256(Path(file).read_bytes()).hexdigest()
                except OSError:
                    digest = None
                if digest == stored:
                    unchanged += 1
                    continue
            todo.append(file)
        return todo, unchanged

    def add(self, loaded: Loaded) -> Outcome:
        """Write one file's source and rows in a nested transaction of its own (a savepoint):
        whole or absent, whatever happens. Files are committed together: by the first
        :meth:`add` at least :data:`COMMIT_EVERY` seconds after the last commit, by
        :meth:`commit`, and on closing. Until then the store holds SQLite's write lock."""
        path = source_path(loaded.path)
        error = _text(loaded.error) if loaded.error is not None else None
        self._begin()
        outcome = self._add(path, loaded._replace(path=path, error=error))
        if self._unindexed >= INDEX_BATCH:
            self.index_pending()
        elif time.monotonic() - self._group_started >= COMMIT_EVERY:
            self.commit()
        return outcome

    def _add(self, path: str, loaded: Loaded) -> Outcome:
        # Read in the write transaction: another build cannot change the row before this one
        # writes.
        row = self.connection.execute(
            "SELECT id, sha256, bulletin_id, error, parsed_with FROM sources WHERE path = ?",
            (path,),
        ).fetchone()
        if row is not None and (row[1], row[3], row[4]) == (
            loaded.sha256,
            loaded.error,
            PARSER_VERSION,
        ):
            # The same bytes as stored, read by this version: a bulletin unchanged, or a file
            # failing as before.
            return "unchanged" if loaded.error is None else "failed"
        if row is not None and row[2] is not None and loaded.sha256 is None:
            # A known source that cannot be read now (removed, unreadable, too big): its
            # bulletin and rows stay as they were.
            return "failed"
        with self._savepoint():
            outcome = self._write(path, loaded, row)
        if self._known is not None:
            self._known[path] = (loaded.sha256, loaded.error, PARSER_VERSION)
        return outcome

    def _write(self, path: str, loaded: Loaded, old: tuple[Any, ...] | None) -> Outcome:
        connection = self.connection
        old_bulletin = old[2] if old is not None else None
        record = loaded.record
        bulletin: int | None = None
        outcome: Outcome = "failed"
        if record is not None:
            found = connection.execute(
                "SELECT id FROM bulletins WHERE content_key = ?", (record.content_key,)
            ).fetchone()
            if found is None:
                bulletin = self._insert_bulletin(record)
                outcome = "added"
            elif found[0] == old_bulletin:
                assert old is not None  # noqa: S101 - old_bulletin comes from it
                bulletin = found[0]
                if old[1] == loaded.sha256 and self._parsed_from(bulletin) not in (None, old[0]):
                    # The same bytes, read again by another version of the parser: the rows
                    # come from the bulletin's own source (read again in its turn, whatever the
                    # order), this one fills only what they lack, as when it joined.
                    self._fill(bulletin, record)
                    outcome = "unchanged"
                else:
                    self._replace(bulletin, record, old[0])
                    outcome = "replaced"
            else:
                bulletin = found[0]
                self._fill(bulletin, record)
                outcome = "joined"
        connection.execute(
            "INSERT INTO sources (path, sha256, format, encoding, bytes, added_at, bulletin_id,"
            " error_type, error, parsed_with) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256,"
            " format = excluded.format, encoding = excluded.encoding, bytes = excluded.bytes,"
            " added_at = excluded.added_at, bulletin_id = excluded.bulletin_id,"
            " error_type = excluded.error_type, error = excluded.error,"
            " parsed_with = excluded.parsed_with",
            (
                path,
                loaded.sha256,
                loaded.format,
                loaded.encoding,
                loaded.size,
                datetime.now(UTC).isoformat(timespec="seconds"),
                bulletin,
                loaded.error_type,
                loaded.error,
                PARSER_VERSION,
            ),
        )
        source = connection.execute("SELECT id FROM sources WHERE path = ?", (path,)).fetchone()[0]
        if outcome in {"added", "replaced"}:
            connection.execute(
                "UPDATE bulletins SET parsed_from = ? WHERE id = ?", (source, bulletin)
            )
        if old_bulletin is not None and old_bulletin != bulletin:
            self._leave(old_bulletin, source)
        return outcome

    def _parsed_from(self, bulletin: int) -> int | None:
        found: int | None = self.connection.execute(
            "SELECT parsed_from FROM bulletins WHERE id = ?", (bulletin,)
        ).fetchone()[0]
        return found

    def _fill(self, bulletin: int, record: Record) -> None:
        """Fill the columns ``bulletin`` lacks (:data:`_FILLED`) from ``record``."""
        filled = ", ".join(f"{name} = coalesce({name}, ?)" for name in _FILLED)
        values = [record.bulletin[_BULLETIN_COLUMNS.index(name)] for name in _FILLED]
        self.connection.execute(
            f"UPDATE bulletins SET {filled} WHERE id = ?",  # noqa: S608 - fixed names
            (*values, bulletin),
        )

    def _leave(self, bulletin: int, source: int) -> None:
        """``source`` no longer holds ``bulletin``: delete it if no source holds it; if its
        rows came from ``source``, parse them again from another (the first, by id, whose file
        still has the bytes stored); when none can be, the rows stay and ``parsed_from`` is
        NULL. Else the columns ``source`` filled are filled again from the sources left."""
        connection = self.connection
        parsed_from, key = connection.execute(
            "SELECT parsed_from, content_key FROM bulletins WHERE id = ?", (bulletin,)
        ).fetchone()
        others = connection.execute(
            "SELECT id, path, sha256 FROM sources WHERE bulletin_id = ? ORDER BY id", (bulletin,)
        ).fetchall()
        if not others:
            connection.execute("DELETE FROM bulletins WHERE id = ?", (bulletin,))
            return
        if parsed_from != source:
            # The rows stay, but the columns ``source`` filled go with it: the bulletin's own
            # source is read again and the columns filled from the sources that remain.
            for other, path, sha256 in others:
                if other == parsed_from and (record := self._read_again(path, sha256, key)):
                    self._replace(bulletin, record, other)
            return
        for other, path, sha256 in others:
            record = self._read_again(path, sha256, key)
            if record is not None:
                self._replace(bulletin, record, other)
                connection.execute(
                    "UPDATE bulletins SET parsed_from = ? WHERE id = ?", (other, bulletin)
                )
                return
        connection.execute("UPDATE bulletins SET parsed_from = NULL WHERE id = ?", (bulletin,))

    def _read_again(self, path: str, sha256: str | None, key: str) -> Record | None:
        """The rows of the stored source at ``path``, when its file still holds the bytes
        stored and the bulletin of ``key``; else None."""
        try:
            loaded = self.reader(path)
        except Exception:  # noqa: BLE001 - a reader that fails is a source not read
            return None
        record = loaded.record
        if loaded.sha256 != sha256 or record is None or record.content_key != key:
            return None
        return record

    def _replace(self, bulletin: int, record: Record, source: int) -> None:
        """Replace ``bulletin``'s rows with ``record`` (the parse of ``source``), then fill its
        empty columns from the bulletin's other sources, first by id first, as a build of
        them in that order would: values do not depend on the order of builds. A value no
        other source gives is dropped, unless a source that could have given it cannot be
        read again: then the value stored stays."""
        connection = self.connection
        names = ", ".join(_FILLED)
        before = connection.execute(
            f"SELECT {names} FROM bulletins WHERE id = ?",  # noqa: S608 - fixed names
            (bulletin,),
        ).fetchone()
        key = connection.execute(
            "SELECT content_key FROM bulletins WHERE id = ?", (bulletin,)
        ).fetchone()[0]
        connection.execute("DELETE FROM entries WHERE bulletin_id = ?", (bulletin,))
        connection.execute("DELETE FROM diagnostics WHERE bulletin_id = ?", (bulletin,))
        values = dict(zip(_BULLETIN_COLUMNS, record.bulletin, strict=True))
        missing = [
            number
            for number, name in enumerate(_FILLED)
            if values[name] is None and before[number] is not None
        ]
        if missing:
            others = connection.execute(
                "SELECT path, sha256 FROM sources WHERE bulletin_id = ? AND id != ? ORDER BY id",
                (bulletin, source),
            ).fetchall()
            unread = False
            for path, sha256 in others:
                if all(values[_FILLED[number]] is not None for number in missing):
                    break
                other = self._read_again(path, sha256, key)
                if other is None:
                    unread = True
                    continue
                given = dict(zip(_BULLETIN_COLUMNS, other.bulletin, strict=True))
                for number in missing:
                    name = _FILLED[number]
                    if values[name] is None:
                        values[name] = given[name]
            if unread:
                for number in missing:
                    name = _FILLED[number]
                    if values[name] is None:
                        values[name] = before[number]
        columns = ", ".join(f"{name} = ?" for name in _BULLETIN_COLUMNS)
        connection.execute(
            f"UPDATE bulletins SET {columns} WHERE id = ?",  # noqa: S608 - fixed names
            (*(values[name] for name in _BULLETIN_COLUMNS), bulletin),
        )
        self._insert_rows(bulletin, record)

    def _insert_bulletin(self, record: Record) -> int:
        columns = ", ".join(("content_key", *_BULLETIN_COLUMNS))
        marks = ", ".join("?" * (len(_BULLETIN_COLUMNS) + 1))
        cursor = self.connection.execute(
            f"INSERT INTO bulletins ({columns}) VALUES ({marks})",  # noqa: S608 - fixed names
            (record.content_key, *record.bulletin),
        )
        bulletin = cursor.lastrowid
        assert bulletin is not None  # noqa: S101 - an INSERT sets it
        self._insert_rows(bulletin, record)
        return bulletin

    def _insert_rows(self, bulletin: int, record: Record) -> None:
        connection = self.connection
        # The write lock is held (BEGIN IMMEDIATE): ids can be given, so rows go in by
        # executemany rather than one statement per entry. New ids stand above what the
        # full-text indexes hold (indexed_upto), even where the rows last indexed are deleted.
        first, first_finding = connection.execute(
            "SELECT max(headlines, (SELECT coalesce(max(id), 0) FROM entries)) + 1,"
            " max(findings, (SELECT coalesce(max(id), 0) FROM findings)) + 1 FROM indexed_upto"
        ).fetchone()
        ids = {entry[0]: first + number for number, (entry, _) in enumerate(record.entries)}
        connection.executemany(
            'INSERT INTO entries (id, bulletin_id, "index", unit, organizations, aliases,'
            " party_org, unit_key, headline, headline_source, body, team_name, team_number,"
            " target, feedback_kind, span_start, span_end)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(ids[entry[0]], bulletin, *entry) for entry, _ in record.entries],
        )
        rows = [
            (ids[entry[0]], position, text)
            for entry, findings in record.entries
            for position, text in enumerate(findings, 1)
        ]
        connection.executemany(
            "INSERT INTO findings (id, entry_id, position, text) VALUES (?, ?, ?, ?)",
            [(first_finding + number, *row) for number, row in enumerate(rows)],
        )
        self._unindexed += len(rows)
        if not record.diagnostics:
            return
        connection.executemany(
            "INSERT INTO diagnostics (bulletin_id, entry_id, code, severity, message, line,"
            ' "column", "offset") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            [
                (bulletin, ids.get(diagnostic[0]), *diagnostic[1:])
                for diagnostic in record.diagnostics
            ],
        )


_BULLETIN_COLUMNS: Final = (
    "title",
    "published",
    "source",
    "editor",
    "issuer",
    "term",
    "round",
    "inspection",
    "kinds",
    "unit_count",
    "period_start",
    "period_end",
    "duration_months",
    "common_problems",
    "entry_count",
)


def build(
    database: str,
    files: Iterable[str],
    *,
    jobs: int = 1,
    encoding: str | None = None,
    errors: Errors = "strict",
    max_sections: int = MAX_SECTIONS,
    max_bytes: int = MAX_BYTES,
) -> Counter[str]:
    """Create or update the store at ``database`` from ``files``; returns how many files had
    each outcome (see :data:`OUTCOMES`)."""
    counts: Counter[str] = Counter()
    work = partial(
        load, encoding=encoding, errors=errors, max_sections=max_sections, max_bytes=max_bytes
    )
    with Store(database, reader=work) as store:
        todo, counts["unchanged"] = store.pending(distinct_sources(files))
        for loaded in map_files(work, todo, jobs=jobs):
            counts[store.add(loaded)] += 1
    return counts
