"""How the store writes: the full-text indexes filled in batches above a mark, files as
savepoints committed together, a hard crash, and the migration from schema version 1."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from test_store import (
    HTML_PATH,
    SAMPLE_TEXT,
    check_consistent,
    counts,
    round_variant,
    write,
)
from xunshi_parser.store import Store, build, load, search
from xunshi_parser.store import builder as build_module
from xunshi_parser.store import keys as keys_module
from xunshi_parser.store import schema as schema_module

from support import SAMPLE_PATH

#: The sample's findings and headlines holding these, as the text reads (hand-checked):
#: 四风 is too short for the index (a LIKE scan); the others go through it.
SIFENG = ["“四风”和违反中央八项规定精神问题依然存在"] * 2 + ["“四风”问题依然存在"]
BAXIANG = ["“四风”和违反中央八项规定精神问题依然存在"] * 2


def marks(database: Path) -> tuple[int, int]:
    with sqlite3.connect(database) as connection:
        found = connection.execute("SELECT findings, headlines FROM indexed_upto").fetchone()
    connection.close()
    return found


def max_ids(database: Path) -> tuple[int, int]:
    with sqlite3.connect(database) as connection:
        found = connection.execute(
            "SELECT (SELECT max(id) FROM findings), (SELECT max(id) FROM entries)"
        ).fetchone()
    connection.close()
    return found


def indexed(database: Path, query: str) -> int:
    """Rows the findings index alone finds for ``query``."""
    with sqlite3.connect(database) as connection:
        found = connection.execute(
            "SELECT count(*) FROM findings_fts WHERE findings_fts MATCH ?", (f'"{query}"',)
        ).fetchone()[0]
    connection.close()
    return int(found)


def stop_before_indexing(store: Store) -> None:
    """What a build stopped before it indexed leaves: its files committed, above the mark."""
    store.commit()
    store.connection.close()


def test_a_build_leaves_every_row_indexed(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    build(str(database), [str(SAMPLE_PATH)])
    assert marks(database) == max_ids(database) == (234, 38)
    assert indexed(database, "八项规定") == 2
    check_consistent(database)


def test_rows_not_yet_indexed_are_searched_too(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    # A build stopped before it indexed: the rows are committed, above the mark.
    store = Store(str(database))
    assert store.add(load(str(SAMPLE_PATH))) == "added"
    stop_before_indexing(store)
    assert marks(database) == (0, 0)
    assert indexed(database, "八项规定") == 0
    assert [m.text for m in search(str(database), "八项规定")] == BAXIANG
    assert [m.text for m in search(str(database), "四风")] == SIFENG
    # The headline of 市委机构编制委员会办公室 (its body writes 科学化、规范化).
    headline = "科学化规范化"
    assert [m.kind for m in search(str(database), headline)] == ["headline"]
    # The next build, with nothing to add, indexes them: the same answers, from the index.
    assert build(str(database), [str(SAMPLE_PATH)]) == {"unchanged": 1}
    assert marks(database) == (234, 38)
    assert indexed(database, "八项规定") == 2
    assert [m.text for m in search(str(database), "八项规定")] == BAXIANG
    assert [m.kind for m in search(str(database), headline)] == ["headline"]
    check_consistent(database)


@pytest.mark.parametrize("indexed_first", [True, False])
def test_replaced_rows_leave_the_index_whether_or_not_they_were_in_it(
    tmp_path: Path, indexed_first: bool
) -> None:
    database = tmp_path / "store.db"
    path = write(tmp_path, "m.txt", SAMPLE_TEXT.replace("聚焦首都发展", "聚焦首都的发展"))
    other = write(tmp_path, "other.txt", round_variant("十四"))
    build(str(database), [other])
    if indexed_first:
        build(str(database), [path])
    else:
        # A build stopped before it indexed: the second bulletin's rows are above the mark.
        store = Store(str(database))
        store.add(load(path))
        stop_before_indexing(store)
    assert marks(database) == ((468, 76) if indexed_first else (234, 38))
    Path(path).write_text(SAMPLE_TEXT, encoding="utf-8")
    assert build(str(database), [other, path]) == {"replaced": 1, "unchanged": 1}
    # New rows take ids above every id the index ever held, so "above the mark" stays "not
    # indexed" even where the rows deleted had the highest ids; ids never indexed are free.
    top = (702, 114) if indexed_first else (468, 76)
    assert marks(database) == max_ids(database) == top
    assert search(str(database), "聚焦首都的") == []
    assert [m.text for m in search(str(database), "聚焦首都发")] == ["聚焦首都发展"] * 2
    check_consistent(database)


def test_files_are_committed_together_and_each_is_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "store.db"
    files = [write(tmp_path, f"r{n}.txt", round_variant(n)) for n in ("十一", "十二", "十三")]
    monkeypatch.setattr(build_module, "COMMIT_EVERY", 3600.0)
    store = Store(str(database))
    assert [store.add(load(file)) for file in files[:2]] == ["added", "added"]
    # Not committed yet: another connection sees nothing of them.
    assert counts(database)["bulletins"] == 0
    assert store.connection.in_transaction
    store.commit()
    assert counts(database)["bulletins"] == 2
    monkeypatch.setattr(build_module, "COMMIT_EVERY", 0.0)
    store.add(load(files[2]))
    assert not store.connection.in_transaction
    assert counts(database)["bulletins"] == 3
    store.close()
    check_consistent(database)


def test_a_failing_file_is_undone_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "store.db"
    files = [write(tmp_path, f"r{n}.txt", round_variant(n)) for n in ("十一", "十二")]
    monkeypatch.setattr(build_module, "COMMIT_EVERY", 3600.0)
    store = Store(str(database))
    store.add(load(files[0]))
    loaded = load(files[1])
    # A row the schema refuses, half-way through the second file's rows.
    assert loaded.record is not None
    entries = loaded.record.entries
    broken = loaded._replace(
        record=loaded.record._replace(entries=[entries[0], (entries[1][0][:1] + (None,) * 14, [])])
    )
    with pytest.raises(sqlite3.IntegrityError):
        store.add(broken)
    # The first file stays in the open transaction, whole; the second left nothing.
    store.close()
    assert counts(database) == {
        "bulletins": 1,
        "sources": 1,
        "entries": 38,
        "findings": 234,
        "diagnostics": 1,
    }
    check_consistent(database)


CRASHING_BUILD = textwrap.dedent(
    """
    import os, sys
    from xunshi_parser.store import builder

    builder.COMMIT_EVERY = float(sys.argv[2])
    original = builder.Store._insert_rows
    calls = 0

    def crashing(self, bulletin, record):
        global calls
        calls += 1
        if calls == 3:
            original(self, bulletin, record)
            os._exit(137)  # the process dies at once: no cleanup, no commit, no rollback
        original(self, bulletin, record)

    builder.Store._insert_rows = crashing
    builder.build(sys.argv[1], sys.argv[3:])
    """
)


@pytest.mark.parametrize(("commit_every", "survivors"), [(0.0, 2), (3600.0, 0)])
def test_a_process_killed_mid_build_leaves_every_bulletin_whole_or_absent(
    tmp_path: Path, commit_every: float, survivors: int
) -> None:
    database = tmp_path / "store.db"
    files = [
        write(tmp_path, f"round-{n}.txt", round_variant(n))
        for n in ("十一", "十二", "十三", "十四")
    ]
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_BUILD, str(database), str(commit_every), *files],
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.returncode == 137
    # Committed files are whole; the file being written and the files not committed are absent.
    assert counts(database)["bulletins"] == survivors
    assert counts(database)["entries"] == 38 * survivors
    check_consistent(database)
    assert build(str(database), files) == {"added": 4 - survivors, "unchanged": survivors}
    assert counts(database)["bulletins"] == 4
    check_consistent(database)


#: The full-text indexes of schema version 1 (the content table in single quotes, which
#: Datasette does not recognise), and its triggers, which indexed each row as it was written.
VERSION_1_INDEXES = """
CREATE VIRTUAL TABLE findings_fts USING fts5(
    text, content='findings', content_rowid='id', tokenize='trigram'
);
CREATE VIRTUAL TABLE headlines_fts USING fts5(
    headline, content='entries', content_rowid='id', tokenize='trigram'
);
INSERT INTO findings_fts(findings_fts) VALUES ('rebuild');
INSERT INTO headlines_fts(headlines_fts) VALUES ('rebuild');
CREATE TRIGGER findings_indexed AFTER INSERT ON findings BEGIN
    INSERT INTO findings_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER findings_unindexed AFTER DELETE ON findings BEGIN
    INSERT INTO findings_fts(findings_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER headlines_indexed AFTER INSERT ON entries BEGIN
    INSERT INTO headlines_fts(rowid, headline) VALUES (new.id, new.headline);
END;
CREATE TRIGGER headlines_unindexed AFTER DELETE ON entries BEGIN
    INSERT INTO headlines_fts(headlines_fts, rowid, headline)
    VALUES ('delete', old.id, old.headline);
END;
"""


def make_version_1(database: Path) -> None:
    """The sample's store as schema version 1 made it: every row indexed by triggers, unit
    keys by the rules of version 1 (which put 北京 before 首都医科大学附属北京朝阳医院, a unit
    that names the issuer's place inside it)."""
    build(str(database), [str(SAMPLE_PATH)])
    with sqlite3.connect(database, isolation_level=None) as connection:
        connection.execute("DROP TRIGGER findings_deleted")
        connection.execute("DROP TRIGGER headlines_deleted")
        connection.execute("DROP TABLE indexed_upto")
        connection.execute("DROP TABLE findings_fts")
        connection.execute("DROP TABLE headlines_fts")
        for statement in schema_module.statements(VERSION_1_INDEXES):
            connection.execute(statement)
        connection.execute(
            "UPDATE entries SET unit_key = '北京首都医科大学附属北京朝阳医院'"
            " WHERE unit = '首都医科大学附属北京朝阳医院党委'"
        )
        connection.execute("ALTER TABLE sources DROP COLUMN parsed_with")  # added by version 3
        connection.execute("PRAGMA user_version = 1")
    connection.close()


def make_version_2(database: Path, sources: list[str]) -> None:
    """A store of schema version 2: no record of the parser that read each source, unit keys
    by the rules of version 2 (which kept a section's number: 北京2.区卫健委)."""
    build(str(database), sources)
    with sqlite3.connect(database, isolation_level=None) as connection:
        connection.execute("ALTER TABLE sources DROP COLUMN parsed_with")
        connection.execute("UPDATE entries SET unit_key = '北京2.' || unit_key WHERE \"index\" = 1")
        connection.execute("PRAGMA user_version = 2")
    connection.close()


def test_a_store_of_version_1_is_migrated(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    make_version_1(database)
    # Version 3 records the parser of each source: the sample is read again, its rows replaced.
    assert build(str(database), [str(SAMPLE_PATH)]) == {"replaced": 1, "unchanged": 0}
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (3,)
        triggers = connection.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name"
        ).fetchall()
        indexes = [
            sql
            for (sql,) in connection.execute(
                "SELECT sql FROM sqlite_schema WHERE name IN ('findings_fts', 'headlines_fts')"
                " ORDER BY name"
            )
        ]
        key = connection.execute(
            "SELECT unit_key FROM entries WHERE unit = '首都医科大学附属北京朝阳医院党委'"
        ).fetchone()
    connection.close()
    assert triggers == [("findings_deleted",), ("headlines_deleted",)]
    assert 'content="findings"' in indexes[0]
    assert 'content="entries"' in indexes[1]
    assert key == ("首都医科大学附属北京朝阳医院",)
    # Version 1 had indexed every row, and the rows read again were indexed at the build's end:
    # the mark stands at the top.
    assert marks(database) == max_ids(database)
    assert (counts(database)["findings"], counts(database)["entries"]) == (234, 38)
    assert [m.text for m in search(str(database), "八项规定")] == BAXIANG
    # Writing after the migration: a new bulletin, indexed; a replaced one leaves the index.
    other = write(tmp_path, "other.txt", round_variant("十四"))
    assert build(str(database), [other]) == {"added": 1, "unchanged": 0}
    assert [m.text for m in search(str(database), "八项规定")] == BAXIANG * 2
    check_consistent(database)


def test_every_stored_unit_key_follows_the_rules_after_migration(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    make_version_1(database)
    schema_module.connect(str(database)).close()
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT e.unit, e.unit_key, b.issuer FROM entries AS e"
            " JOIN bulletins AS b ON b.id = e.bulletin_id"
        ).fetchall()
    connection.close()
    assert len(rows) == 38
    for unit, key, issuer in rows:
        assert key == keys_module.unit_key(unit, keys_module.place_of(issuer))


def test_ctrl_c_while_indexing_at_the_end_keeps_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "store.db"
    files = [write(tmp_path, f"r{n}.txt", round_variant(n)) for n in ("十一", "十二", "十三")]
    monkeypatch.setattr(build_module, "COMMIT_EVERY", 3600.0)

    def interrupted(script: str) -> list[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "statements", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(str(database), files)
    # Committed before the indexing began: all three, whole, searched without the index.
    assert counts(database)["bulletins"] == 3
    assert marks(database) == (0, 0)
    assert [m.text for m in search(str(database), "八项规定")] == BAXIANG * 3
    monkeypatch.undo()
    assert build(str(database), files) == {"unchanged": 3}
    assert marks(database) == max_ids(database)
    check_consistent(database)


def test_the_source_is_read_in_the_write_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another build cannot change a source between this build's reading and writing it."""
    database = tmp_path / "store.db"
    # Each add commits: the next opens the transaction itself.
    monkeypatch.setattr(build_module, "COMMIT_EVERY", 0.0)
    seen: list[bool] = []

    class Watched:
        def __init__(self, connection: sqlite3.Connection) -> None:
            self.connection = connection

        def execute(self, sql: str, *parameters: object) -> sqlite3.Cursor:
            if sql.startswith("SELECT id, sha256, bulletin_id, error, parsed_with FROM sources"):
                seen.append(self.connection.in_transaction)
            return self.connection.execute(sql, *parameters)

        def __getattr__(self, name: str) -> object:
            return getattr(self.connection, name)

    store = Store(str(database))
    store.connection = Watched(store.connection)  # type: ignore[assignment]
    store.add(load(str(SAMPLE_PATH)))
    store.add(load(str(tmp_path / "missing.txt")))
    store.close()
    assert seen == [True, True]


def test_files_failing_as_before_do_not_hold_the_commit_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "store.db"
    junk = write(tmp_path, "junk.txt", "not a bulletin")
    build(str(database), [junk])
    monkeypatch.setattr(build_module, "COMMIT_EVERY", 3600.0)
    store = Store(str(database))
    assert store.add(load(str(SAMPLE_PATH))) == "added"
    assert counts(database)["bulletins"] == 0  # not committed yet
    monkeypatch.setattr(build_module, "COMMIT_EVERY", 0.0)
    assert store.add(load(junk)) == "failed"
    # The commit came with the failing file: the bulletin before it is in the file.
    assert not store.connection.in_transaction
    assert counts(database)["bulletins"] == 1
    store.close()


def test_a_store_closed_in_its_with_block(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    with Store(str(database)) as store:
        store.add(load(str(SAMPLE_PATH)))
        store.close()
        store.close()
    assert counts(database)["bulletins"] == 1


def test_a_migration_done_by_another_build_meanwhile_is_not_done_again(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    make_version_1(database)
    schema_module.connect(str(database)).close()
    before = dump_schema(database)
    # This build read version 1 before the other migrated it: it reads the version again.
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        schema_module._migrate(connection, str(database), 1)
    finally:
        connection.close()
    assert dump_schema(database) == before
    check_consistent(database)


def dump_schema(database: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as connection:
        found = connection.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY name")
        rows = [*found.fetchall(), connection.execute("PRAGMA user_version").fetchone()]
    connection.close()
    return rows


@pytest.mark.parametrize("query", ["ｐｐｐ项目", "ＰＰＰ项目", "ppp项目", "PPP项目"])
def test_a_row_is_found_alike_before_and_after_indexing(tmp_path: Path, query: str) -> None:
    """The index folds the case of every script's letters; the scan of rows not yet indexed
    does the same (LIKE would fold ASCII only)."""
    database = tmp_path / "store.db"
    # A finding with full-width capitals (ＰＰＰ项目) and one with ASCII (PPP项目), written
    # and not indexed.
    text = SAMPLE_TEXT.replace("聚焦首都发展", "ＰＰＰ项目管理不规范").replace(
        "压力传导层层递减", "PPP项目推进缓慢"
    )
    path = write(tmp_path, "m.txt", text)
    store = Store(str(database))
    store.add(load(path))
    stop_before_indexing(store)
    before = [m.text for m in search(str(database), query)]
    build(str(database), [path])
    after = [m.text for m in search(str(database), query)]
    assert before == after
    # Full-width letters fold to full-width ones, ASCII to ASCII (no width folding).
    expected = ["ＰＰＰ项目管理不规范"] if query[0] in "ｐＰ" else ["PPP项目推进缓慢"]
    assert after == expected


@given(st.lists(st.text(alphabet='市委"\\\\\n\x01\x1f\x7f\u2028 a（）', max_size=6), max_size=4))
def test_json_arrays_as_json_writes_them(values: list[str]) -> None:
    assert build_module._dumps(values) == json.dumps(values, ensure_ascii=False)


def test_a_store_of_version_2_is_migrated_and_read_again(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    other = write(tmp_path, "other.txt", round_variant("十四"))
    make_version_2(database, [str(SAMPLE_PATH), other])
    assert build(str(database), [str(SAMPLE_PATH), other]) == {"replaced": 2, "unchanged": 0}
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (3,)
        parsers = connection.execute("SELECT DISTINCT parsed_with FROM sources").fetchall()
        keys = connection.execute(
            'SELECT unit_key FROM entries WHERE "index" = 1 ORDER BY id'
        ).fetchall()
    connection.close()
    assert parsers == [(build_module.PARSER_VERSION,)]
    assert keys == [("北京市档案馆",), ("北京市档案馆",)]
    assert counts(database)["bulletins"] == 2
    assert build(str(database), [str(SAMPLE_PATH), other]) == {"unchanged": 2}
    check_consistent(database)


def test_another_version_of_the_parser_reads_every_source_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "store.db"
    junk = write(tmp_path, "junk.txt", "not a bulletin")
    assert build(str(database), [str(SAMPLE_PATH), junk]) == {
        "added": 1,
        "failed": 1,
        "unchanged": 0,
    }
    assert build(str(database), [str(SAMPLE_PATH), junk]) == {"failed": 1, "unchanged": 1}
    monkeypatch.setattr(build_module, "PARSER_VERSION", "99.0")
    assert build(str(database), [str(SAMPLE_PATH), junk]) == {
        "replaced": 1,
        "failed": 1,
        "unchanged": 0,
    }
    assert build(str(database), [str(SAMPLE_PATH), junk]) == {"failed": 1, "unchanged": 1}
    with sqlite3.connect(database) as connection:
        parsers = connection.execute("SELECT path, parsed_with FROM sources ORDER BY id").fetchall()
    connection.close()
    assert [parser for _, parser in parsers] == ["99.0", "99.0"]
    assert counts(database)["bulletins"] == 1
    check_consistent(database)


def store_contents(database: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The bulletins (their own source by path) and entries of a store, without row ids."""
    with sqlite3.connect(database) as connection:
        bulletins = connection.execute(
            "SELECT b.content_key, b.title, b.published, b.source, b.editor, b.issuer,"
            " b.entry_count, s.path FROM bulletins AS b LEFT JOIN sources AS s"
            " ON s.id = b.parsed_from ORDER BY b.content_key"
        ).fetchall()
        entries = connection.execute(
            'SELECT b.content_key, e."index", e.unit, e.unit_key, e.headline, e.headline_source,'
            " e.body, e.span_start FROM entries AS e JOIN bulletins AS b ON b.id = e.bulletin_id"
            ' ORDER BY b.content_key, e."index"'
        ).fetchall()
    connection.close()
    return bulletins, entries


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_a_store_read_again_by_another_parser_is_the_store_it_would_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: tuple[int, int, int]
) -> None:
    """After an upgrade, every source is read again in the order given; the bulletin's rows
    still come from its own source, as a fresh build by the new version gives them."""
    gb18030 = write(tmp_path, "sample-gb18030.txt", SAMPLE_TEXT.encode("gb18030"))
    three = [str(SAMPLE_PATH), str(HTML_PATH), gb18030]
    upgraded, fresh = tmp_path / "upgraded.db", tmp_path / "fresh.db"
    build(str(upgraded), three)
    monkeypatch.setattr(build_module, "PARSER_VERSION", "99.0")
    again = build(str(upgraded), [three[k] for k in order])
    assert again == {"replaced": 1, "unchanged": 2}
    build(str(fresh), three)
    assert store_contents(upgraded) == store_contents(fresh)
    check_consistent(upgraded)


def test_a_source_leaving_takes_the_columns_it_filled(tmp_path: Path) -> None:
    """The page gave the TXT's bulletin its date and outlet; when the page changes to another
    round, they go with it, as a fresh build of the two files gives."""
    page = tmp_path / "page.html"
    page.write_bytes(HTML_PATH.read_bytes())
    files = [str(SAMPLE_PATH), str(page)]
    database, fresh = tmp_path / "store.db", tmp_path / "fresh.db"
    assert build(str(database), files) == {"added": 1, "joined": 1, "unchanged": 0}
    changed = HTML_PATH.read_bytes().decode("gb18030").replace("第十三轮", "第十四轮")
    page.write_bytes(changed.encode("gb18030"))
    assert build(str(database), files) == {"added": 1, "unchanged": 1}
    build(str(fresh), files)
    assert store_contents(database) == store_contents(fresh)
    with sqlite3.connect(database) as connection:
        txt = connection.execute(
            "SELECT b.published, b.source FROM bulletins AS b JOIN sources AS s"
            " ON s.bulletin_id = b.id WHERE s.path = ?",
            (str(SAMPLE_PATH),),
        ).fetchone()
    connection.close()
    assert txt == (None, None)
    check_consistent(database)
