"""The store's SQLite schema, and opening a file safely: refuse what is not ours, never
overwrite it, migrate older versions by number, refuse newer ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final
from urllib.request import pathname2url

from xunshi_parser.errors import XunshiError
from xunshi_parser.store.keys import place_of, unit_key

__all__ = [
    "APPLICATION_ID",
    "INDEX_PENDING",
    "MIGRATIONS",
    "SCHEMA",
    "SCHEMA_VERSION",
    "StoreError",
    "check_trigram",
    "connect",
    "has_trigram",
]

#: ``PRAGMA application_id``: 'XSHI'. A SQLite file with another id is someone else's.
APPLICATION_ID: Final = 0x58534849
#: ``PRAGMA user_version``. Bump it with every change of SCHEMA, and add the step from the
#: version before to MIGRATIONS.
SCHEMA_VERSION: Final = 3
#: How much of the file a search maps into memory (bytes).
_SEARCH_MMAP: Final = 1 << 30
#: The SQLite header every database file starts with.
_HEADER: Final = b"SQLite format 3\x00"

#: The full-text indexes of the findings and the headlines. External content: they index the
#: text of ``findings`` and ``entries`` without a copy of it. The table named in double quotes,
#: which is how Datasette recognises a table's index (it adds search to the table's page).
FULL_TEXT: Final = """
CREATE VIRTUAL TABLE findings_fts USING fts5(
    text, content="findings", content_rowid="id", tokenize="trigram"
);
CREATE VIRTUAL TABLE headlines_fts USING fts5(
    headline, content="entries", content_rowid="id", tokenize="trigram"
);
"""

#: What the full-text indexes hold: the findings and the entries (headlines) up to an id. The
#: indexes take the rows written since in batches (see ``Store.index_pending``): indexing
#: thousands of rows in one statement costs about a tenth of indexing each as it is written.
#: Search reads the rows above the mark with LIKE, so a search during a build, or after one was
#: interrupted, misses nothing. The store gives new rows ids above the mark, so "above the
#: mark" is "not indexed"; a deleted row at or below it leaves its index.
INDEXING: Final = """
CREATE TABLE indexed_upto (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    findings INTEGER NOT NULL,
    headlines INTEGER NOT NULL
);
INSERT INTO indexed_upto VALUES (1, 0, 0);
CREATE TRIGGER findings_deleted AFTER DELETE ON findings
WHEN old.id <= (SELECT findings FROM indexed_upto) BEGIN
    INSERT INTO findings_fts (findings_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER headlines_deleted AFTER DELETE ON entries
WHEN old.id <= (SELECT headlines FROM indexed_upto) BEGIN
    INSERT INTO headlines_fts (headlines_fts, rowid, headline)
    VALUES ('delete', old.id, old.headline);
END;
"""

#: Moves the rows above the mark into the full-text indexes; run in one transaction.
INDEX_PENDING: Final = """
INSERT INTO findings_fts (rowid, text)
SELECT id, text FROM findings WHERE id > (SELECT findings FROM indexed_upto);
INSERT INTO headlines_fts (rowid, headline)
SELECT id, headline FROM entries WHERE id > (SELECT headlines FROM indexed_upto);
UPDATE indexed_upto SET
    findings = max(findings, (SELECT coalesce(max(id), 0) FROM findings)),
    headlines = max(headlines, (SELECT coalesce(max(id), 0) FROM entries));
"""

#: Recomputes every entry's unit key with this version's rules (``xs_unit_key`` and
#: ``xs_place`` are :func:`~xunshi_parser.store.keys.unit_key` and
#: :func:`~xunshi_parser.store.keys.place_of`, registered on every connection that writes).
#: Part of every migration that changes those rules.
REKEY_UNITS: Final = """
UPDATE entries SET unit_key = xs_unit_key(
    unit, (SELECT xs_place(issuer) FROM bulletins WHERE bulletins.id = entries.bulletin_id)
);
"""

SCHEMA: Final = (
    """
CREATE TABLE bulletins (
    id INTEGER PRIMARY KEY,
    content_key TEXT NOT NULL UNIQUE,
    title TEXT,
    published TEXT,
    source TEXT,
    editor TEXT,
    issuer TEXT,
    term INTEGER,
    round INTEGER,
    inspection TEXT,
    kinds TEXT NOT NULL,
    unit_count INTEGER,
    period_start TEXT,
    period_end TEXT,
    duration_months REAL,
    common_problems TEXT NOT NULL,
    entry_count INTEGER NOT NULL,
    parsed_from INTEGER
);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT,
    format TEXT CHECK (format IN ('text', 'html')),
    encoding TEXT,
    bytes INTEGER,
    added_at TEXT NOT NULL,
    bulletin_id INTEGER REFERENCES bulletins(id) ON DELETE SET NULL,
    error_type TEXT,
    error TEXT,
    parsed_with TEXT,
    CHECK ((bulletin_id IS NULL) OR (error IS NULL))
);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    bulletin_id INTEGER NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,
    "index" INTEGER NOT NULL,
    unit TEXT NOT NULL,
    organizations TEXT NOT NULL,
    aliases TEXT NOT NULL,
    party_org TEXT,
    unit_key TEXT NOT NULL,
    headline TEXT NOT NULL,
    headline_source TEXT NOT NULL,
    body TEXT NOT NULL,
    team_name TEXT,
    team_number INTEGER,
    target TEXT,
    feedback_kind TEXT,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    UNIQUE (bulletin_id, "index")
);
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (entry_id, position)
);
CREATE TABLE diagnostics (
    id INTEGER PRIMARY KEY,
    bulletin_id INTEGER NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,
    entry_id INTEGER REFERENCES entries(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    "offset" INTEGER NOT NULL
);
CREATE INDEX entries_unit_key ON entries(unit_key);
CREATE INDEX diagnostics_code ON diagnostics(code);
CREATE INDEX diagnostics_bulletin ON diagnostics(bulletin_id);
CREATE INDEX diagnostics_entry ON diagnostics(entry_id);
CREATE INDEX bulletins_published ON bulletins(published);
CREATE INDEX bulletins_round ON bulletins(issuer, term, round);
CREATE INDEX sources_bulletin ON sources(bulletin_id);
"""
    + FULL_TEXT
    + INDEXING
)

#: Version → the SQL scripts that bring a store of that version to the next; a store is
#: migrated step by step, each step in one transaction.
MIGRATIONS: Final[dict[int, str]] = {
    # To 2: the full-text indexes take rows in batches, not by triggers one row at a time,
    # and name their tables as Datasette recognises them (so they are made again, and filled
    # at once); unit keys by UNIT_KEY_VERSION 2.
    1: """
DROP TRIGGER findings_indexed;
DROP TRIGGER findings_unindexed;
DROP TRIGGER headlines_indexed;
DROP TRIGGER headlines_unindexed;
DROP TABLE findings_fts;
DROP TABLE headlines_fts;
"""
    + FULL_TEXT
    + INDEXING
    + INDEX_PENDING
    + REKEY_UNITS,
    # To 3: each source records the version of xunshi-parser that read it, so a build with
    # another version parses it again (NULL: every source, once); unit keys by
    # UNIT_KEY_VERSION 3.
    2: "ALTER TABLE sources ADD COLUMN parsed_with TEXT;\n" + REKEY_UNITS,
}


class StoreError(XunshiError):
    """The database cannot be used: not SQLite, another schema, a newer version, no FTS5."""


def has_trigram() -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (SQLite 3.34 or later)."""
    try:
        connection = sqlite3.connect(":memory:")
        try:
            connection.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return True


def check_trigram() -> None:
    """Raise :class:`StoreError` when :func:`has_trigram` is false."""
    if not has_trigram():
        msg = (
            f"this SQLite ({sqlite3.sqlite_version}) has no FTS5 trigram tokenizer: the store "
            "needs SQLite 3.34 or later built with FTS5 (a newer Python, or pysqlite3)"
        )
        raise StoreError(msg)


def connect(path: str, *, create: bool = False, readonly: bool = False) -> sqlite3.Connection:
    """Open the store at ``path`` in autocommit mode (transactions are explicit), foreign keys
    on, WAL. With ``create``, a missing or empty file becomes a new store; a file that is not
    SQLite, a SQLite database of another schema, or a store of a newer version raises
    :class:`StoreError` and is left untouched."""
    check_trigram()
    file = Path(path)
    exists = file.exists()
    if exists and not file.is_file():
        raise StoreError(f"{path} is not a file")
    size = file.stat().st_size if exists else 0
    if not exists and not create:
        raise StoreError(f"{path}: no such store (build one with 'xunshi db build')")
    if size:
        with file.open("rb") as stream:
            if stream.read(len(_HEADER)) != _HEADER:
                raise StoreError(f"{path} is not a SQLite database: refusing to touch it")
    if readonly:
        uri = f"file:{pathname2url(str(file.resolve()))}?mode=ro"
        connection = sqlite3.connect(uri, uri=True, isolation_level=None)
        # A search reads rows all over the file: mapped, they are read without a system call
        # each (a fifth less time for 10,000 rows; docs/dataset.md).
        connection.execute(f"PRAGMA mmap_size = {_SEARCH_MMAP:d}")
    else:
        connection = sqlite3.connect(path, isolation_level=None)
    try:
        _check(connection, path, readonly=readonly)
    except BaseException:
        connection.close()
        raise
    return connection


def _check(connection: sqlite3.Connection, path: str, *, readonly: bool) -> None:
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA busy_timeout = 10000")
    # Each file of a build is a savepoint, whose journal of the pages it changed is kept in
    # memory rather than in a temporary file (a few hundred KiB at most).
    connection.execute("PRAGMA temp_store = MEMORY")
    application, version, tables = _identity(connection, path)
    if application == 0 and version == 0 and tables == 0:
        if readonly:
            raise StoreError(f"{path} is an empty database, not a store")
        if _create(connection):
            connection.execute("PRAGMA synchronous = NORMAL")
            return
        # Another process created it between the check and the write lock: check again.
        application, version, tables = _identity(connection, path)
    if application != APPLICATION_ID:
        msg = (
            f"{path} is a SQLite database of another schema (application_id {application}, "
            f"{tables} objects): refusing to touch it"
        )
        raise StoreError(msg)
    if version > SCHEMA_VERSION:
        msg = (
            f"{path} is a store of schema version {version}, newer than this xunshi-parser "
            f"knows ({SCHEMA_VERSION}): upgrade xunshi-parser"
        )
        raise StoreError(msg)
    if version < SCHEMA_VERSION:
        if readonly:
            raise StoreError(f"{path} is a store of schema version {version}: run 'db build'")
        _migrate(connection, path, version)
    if not readonly:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")


def _identity(connection: sqlite3.Connection, path: str) -> tuple[int, int, int]:
    """The file's application id, user version and number of schema objects."""
    try:
        application = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} is not a usable SQLite database: {error}") from error
    return application, version, tables


def _create(connection: sqlite3.Connection) -> bool:
    """Create the schema in an empty database; False (nothing done) when another process
    wrote to it before the write lock was taken."""
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("BEGIN IMMEDIATE")
    try:
        if connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]:
            connection.execute("ROLLBACK")
            return False
        for statement in statements(SCHEMA):
            connection.execute(statement)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return True


def _migrate(connection: sqlite3.Connection, path: str, version: int) -> None:
    # What the steps that recompute unit keys call (REKEY_UNITS).
    connection.create_function("xs_unit_key", 2, unit_key, deterministic=True)
    connection.create_function("xs_place", 1, place_of, deterministic=True)
    while version < SCHEMA_VERSION:
        connection.execute("BEGIN IMMEDIATE")
        # Read again under the write lock: another build may have migrated the store since.
        now = connection.execute("PRAGMA user_version").fetchone()[0]
        if now != version:
            connection.execute("ROLLBACK")
            if now < version:
                raise StoreError(f"{path}: its schema version went from {version} to {now}")
            version = now
            continue
        step = MIGRATIONS.get(version)
        if step is None:
            connection.execute("ROLLBACK")
            raise StoreError(f"{path}: no migration from schema version {version}")
        try:
            for statement in statements(step):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version + 1:d}")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        version += 1


def statements(script: str) -> list[str]:
    """``script`` split into complete statements (triggers hold semicolons)."""
    found: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            found.append(current.strip())
            current = ""
    return [statement for statement in found if statement]
