"""The SQLite store: building, idempotence, one bulletin from many sources, crash safety,
safety with other files, search."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from renderings import expected, flattened, to_ascii_punctuation, to_traditional
from xunshi_parser.cli import main
from xunshi_parser.store import StoreError, build, search
from xunshi_parser.store import builder as build_module
from xunshi_parser.store import schema as schema_module

from support import FIXTURES, SAMPLE_PATH

HTML_PATH = FIXTURES / "beijing-2021-r13.gb2312.html"
TABLES = ("bulletins", "sources", "entries", "findings", "diagnostics")
SAMPLE_TEXT = SAMPLE_PATH.read_text(encoding="utf-8")


def write(folder: Path, name: str, content: str | bytes) -> str:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return str(path)


def round_variant(number: str) -> str:
    """The sample as the bulletin of another round: a different bulletin."""
    return SAMPLE_TEXT.replace("第十三轮", f"第{number}轮")


def dump(database: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(database) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()  # noqa: S608
            for table in TABLES
        }


def counts(database: Path) -> dict[str, int]:
    return {table: len(rows) for table, rows in dump(database).items()}


def check_consistent(database: Path) -> None:
    """Every bulletin whole: its entries all there, its findings indexed, no dangling row."""
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        partial = connection.execute(
            "SELECT b.id FROM bulletins AS b WHERE b.entry_count !="
            " (SELECT count(*) FROM entries AS e WHERE e.bulletin_id = b.id)"
        ).fetchall()
        assert partial == []
        no_findings = connection.execute(
            "SELECT e.id FROM entries AS e WHERE NOT EXISTS"
            " (SELECT 1 FROM findings AS f WHERE f.entry_id = e.id)"
        ).fetchall()
        assert no_findings == []
        orphans = connection.execute(
            "SELECT id FROM bulletins WHERE id NOT IN"
            " (SELECT bulletin_id FROM sources WHERE bulletin_id IS NOT NULL)"
        ).fetchall()
        assert orphans == []
        for table in ("findings_fts", "headlines_fts"):
            connection.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")  # noqa: S608


@pytest.fixture
def three(tmp_path: Path) -> list[str]:
    """The sample, its HTML page and its GB18030 copy."""
    gb18030 = write(tmp_path, "sample-gb18030.txt", SAMPLE_TEXT.encode("gb18030"))
    return [str(SAMPLE_PATH), str(HTML_PATH), gb18030]


def test_the_sample_its_page_and_a_gb18030_copy_are_one_bulletin(
    tmp_path: Path, three: list[str]
) -> None:
    database = tmp_path / "store.db"
    assert build(str(database), three) == {"added": 1, "joined": 2, "unchanged": 0}
    assert counts(database) == {
        "bulletins": 1,
        "sources": 3,
        "entries": 38,
        "findings": 234,
        "diagnostics": 1,
    }
    with sqlite3.connect(database) as connection:
        bulletin = connection.execute(
            "SELECT title, published, source, editor, issuer, term, round, inspection, kinds,"
            " unit_count, period_start, period_end, duration_months, entry_count FROM bulletins"
        ).fetchone()
        sources = connection.execute(
            "SELECT path, format, encoding, bytes, bulletin_id, error FROM sources ORDER BY id"
        ).fetchall()
        entry = connection.execute(
            'SELECT "index", unit, organizations, aliases, party_org, unit_key, headline, '
            'team_name, team_number, target FROM entries WHERE "index" = 3'
        ).fetchone()
        findings = connection.execute(
            "SELECT position, text FROM findings WHERE entry_id = (SELECT id FROM entries"
            ' WHERE "index" = 3) ORDER BY position LIMIT 3'
        ).fetchall()
        diagnostic = connection.execute(
            'SELECT code, severity, e."index", d.line FROM diagnostics AS d'
            " JOIN entries AS e ON e.id = d.entry_id"
        ).fetchone()
    # The TXT came first; the page filled in the date and the source the TXT lacks.
    assert bulletin == (
        "北京通报对市委办公厅等38家单位党组织巡视反馈情况",
        "2022-01-25",
        "北京纪检监察网",
        "王蒙",
        "北京市委",
        12,
        13,
        "巡视",
        '["常规巡视", "提级巡视", "专项巡视"]',
        38,
        "2021-10",
        "2021-12",
        2.5,
        38,
    )
    assert sources == [
        (str(SAMPLE_PATH), "text", "utf-8", SAMPLE_PATH.stat().st_size, 1, None),
        (str(HTML_PATH), "html", "gb18030", HTML_PATH.stat().st_size, 1, None),
        (three[2], "text", "gb18030", len(SAMPLE_TEXT.encode("gb18030")), 1, None),
    ]
    assert entry == (
        3,
        "市委办公厅（市档案局）",
        '["市委办公厅"]',
        '["市档案局"]',
        None,
        "北京市委办公厅",
        "统筹推动综合服务保障工作有欠缺",
        "市委第一巡视组",
        1,
        "市委办公厅（市档案局）",
    )
    assert findings == [
        (1, "推动工作从服务型向参谋型转变有欠缺"),
        (2, "聚焦首都发展"),
        (3, "服务市委决策作用发挥不够充分"),
    ]
    assert diagnostic[:3] == ("XS212", "info", 33)
    check_consistent(database)


def test_building_twice_changes_nothing(tmp_path: Path, three: list[str]) -> None:
    database = tmp_path / "store.db"
    build(str(database), three)
    before = dump(database)
    assert build(str(database), three) == {"unchanged": 3}
    assert build(str(database), list(reversed(three)), jobs=2) == {"unchanged": 3}
    assert dump(database) == before


def test_new_files_add_only_their_rows(tmp_path: Path, three: list[str]) -> None:
    database = tmp_path / "store.db"
    build(str(database), three[:1])
    before = dump(database)
    other = write(tmp_path, "round-14.txt", round_variant("十四"))
    assert build(str(database), [*three, other]) == {
        "added": 1,
        "joined": 2,
        "unchanged": 1,
    }
    after = dump(database)
    for table in ("entries", "findings", "diagnostics"):
        assert after[table][: len(before[table])] == before[table]
    assert counts(database) == {
        "bulletins": 2,
        "sources": 4,
        "entries": 76,
        "findings": 468,
        "diagnostics": 2,
    }
    check_consistent(database)


def test_a_changed_file_replaces_its_bulletins_rows(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    path = write(tmp_path, "bulletin.txt", SAMPLE_TEXT)
    build(str(database), [path])
    # A corrected finding: the same bulletin (same key), its rows replaced.
    Path(path).write_text(SAMPLE_TEXT.replace("聚焦首都发展", "聚焦首都高质量发展"), "utf-8")
    assert build(str(database), [path]) == {"replaced": 1, "unchanged": 0}
    assert [m.text for m in search(str(database), "聚焦首都高质量")] == ["聚焦首都高质量发展"]
    assert search(str(database), "聚焦首都发展") == []
    assert counts(database)["entries"] == 38
    # Another round's bulletin in the same file: the old bulletin goes with its rows.
    Path(path).write_text(round_variant("十四"), encoding="utf-8")
    assert build(str(database), [path]) == {"added": 1, "unchanged": 0}
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT round FROM bulletins").fetchall() == [(14,)]
    assert counts(database) == {
        "bulletins": 1,
        "sources": 1,
        "entries": 38,
        "findings": 234,
        "diagnostics": 1,
    }
    check_consistent(database)


def test_a_file_that_is_not_a_bulletin_is_a_failed_source(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    junk = write(tmp_path, "notes.txt", "会议纪要：今天讨论了三件事。")
    missing = str(tmp_path / "missing.txt")
    assert build(str(database), [junk, missing, str(SAMPLE_PATH)]) == {
        "failed": 2,
        "added": 1,
        "unchanged": 0,
    }
    with sqlite3.connect(database) as connection:
        failed = connection.execute(
            "SELECT path, format, bytes, bulletin_id, error_type, error FROM sources"
            " WHERE error IS NOT NULL ORDER BY id"
        ).fetchall()
    assert failed[0][:5] == (junk, "text", 42, None, "BulletinError")
    assert failed[0][5].startswith("no bulletin sections found")
    assert failed[1][:5] == (missing, None, None, None, "ReadError")
    assert "No such file" in failed[1][5]
    before = dump(database)
    # Built again: the two files fail as before (reported, nothing written).
    assert build(str(database), [junk, missing, str(SAMPLE_PATH)]) == {
        "failed": 2,
        "unchanged": 1,
    }
    assert dump(database) == before


def test_a_crash_mid_build_leaves_every_bulletin_whole_or_absent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "store.db"
    files = [
        write(tmp_path, f"round-{number}.txt", round_variant(number))
        for number in ("十一", "十二", "十三", "十四")
    ]
    original = build_module.Store._insert_rows
    calls = 0

    def crashing(self: build_module.Store, bulletin: int, record: build_module.Record) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            # Half the third bulletin's rows are written when the crash comes.
            self.connection.execute(
                'INSERT INTO entries (bulletin_id, "index", unit, organizations, aliases,'
                " unit_key, headline, headline_source, body, span_start, span_end)"
                " VALUES (?, 1, 'x', '[]', '[]', 'x', '', 'none', '', 0, 0)",
                (bulletin,),
            )
            raise KeyboardInterrupt
        original(self, bulletin, record)

    monkeypatch.setattr(build_module.Store, "_insert_rows", crashing)
    with pytest.raises(KeyboardInterrupt):
        build(str(database), files)
    assert counts(database) == {
        "bulletins": 2,
        "sources": 2,
        "entries": 76,
        "findings": 468,
        "diagnostics": 2,
    }
    check_consistent(database)
    monkeypatch.undo()
    # The next build finishes the job.
    assert build(str(database), files) == {"added": 2, "unchanged": 2}
    assert counts(database)["bulletins"] == 4
    check_consistent(database)


def test_five_renderings_give_one_key_and_another_bulletin_another(tmp_path: Path) -> None:
    data = expected()
    files = [
        str(SAMPLE_PATH),
        str(HTML_PATH),
        write(tmp_path, "gb18030.txt", SAMPLE_TEXT.encode("gb18030")),
        write(tmp_path, "traditional.txt", to_traditional(flattened(data))),
        write(tmp_path, "big5.txt", to_traditional(flattened(data)).encode("big5")),
        write(tmp_path, "ascii.txt", to_ascii_punctuation(flattened(data))),
    ]
    database = tmp_path / "store.db"
    outcomes = build(str(database), files)
    assert outcomes == {"added": 1, "joined": 5, "unchanged": 0}
    other = write(tmp_path, "other.txt", round_variant("十四"))
    assert build(str(database), [other])["added"] == 1
    with sqlite3.connect(database) as connection:
        keys = connection.execute(
            "SELECT b.content_key, count(s.id) FROM bulletins AS b"
            " JOIN sources AS s ON s.bulletin_id = b.id GROUP BY b.id ORDER BY b.id"
        ).fetchall()
    assert [sources for _, sources in keys] == [6, 1]
    assert keys[0][0] != keys[1][0]


def test_search_finds_sifeng_in_the_lao_ganbu_ju_section(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    build(str(database), [str(SAMPLE_PATH), str(HTML_PATH)])
    found = search(str(database), "四风")  # two characters: the LIKE scan
    assert [(m.entry, m.position, m.unit, m.text) for m in found] == [
        (15, 6, "市科委、中关村管委会党组", "“四风”和违反中央八项规定精神问题依然存在"),
        (25, 7, "首都医科大学附属北京朝阳医院党委", "“四风”和违反中央八项规定精神问题依然存在"),
        (36, 6, "市委老干部局（市委老干部联络室）", "“四风”问题依然存在"),
    ]
    match = found[2]
    assert (match.title, match.issuer, match.term, match.round, match.published) == (
        "北京通报对市委办公厅等38家单位党组织巡视反馈情况",
        "北京市委",
        12,
        13,
        "2022-01-25",
    )
    # Three characters and more: the trigram index, findings and headlines.
    assert [(m.kind, m.entry, m.text) for m in search(str(database), "内控管理")] == [
        ("headline", 36, "内控管理不够严格"),
        ("finding", 36, "内控管理不够严格"),
    ]
    assert [m.entry for m in search(str(database), "八项规定")] == [15, 25]


@pytest.mark.parametrize("query", ["%", "_", "%%", "\\", '"', "四风%", "x' OR 1=1 --", "\"'%_"])
def test_queries_are_taken_literally(tmp_path: Path, query: str) -> None:
    database = tmp_path / "store.db"
    build(str(database), [str(SAMPLE_PATH)])
    assert search(str(database), query) == []


def test_without_fts5_trigram_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "store.db"
    build(str(database), [str(SAMPLE_PATH)])
    monkeypatch.setattr(schema_module, "has_trigram", lambda: False)
    with pytest.raises(
        StoreError, match=r"no FTS5 trigram tokenizer: the store needs SQLite 3\.34"
    ):
        search(str(database), "四风")
    assert main(["search", str(database), "四风问题"]) == 2
    assert main(["db", "build", str(tmp_path / "new.db"), str(SAMPLE_PATH)]) == 2
    err = capsys.readouterr().err
    assert err.count("no FTS5 trigram tokenizer") == 2
    assert not (tmp_path / "new.db").exists()


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "notes.db"
    target.write_text("my notes, not a database\n", encoding="utf-8")
    with pytest.raises(StoreError, match="is not a SQLite database: refusing to touch it"):
        build(str(target), [str(SAMPLE_PATH)])
    assert main(["db", "build", str(target), str(SAMPLE_PATH)]) == 2
    assert main(["search", str(target), "四风"]) == 2
    assert "is not a SQLite database" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "my notes, not a database\n"


def test_a_database_of_another_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "other.db"
    with sqlite3.connect(target) as connection:
        connection.execute("CREATE TABLE bulletins (name TEXT)")
        connection.execute("INSERT INTO bulletins VALUES ('mine')")
    connection.close()
    before = target.read_bytes()
    with pytest.raises(StoreError, match="a SQLite database of another schema"):
        build(str(target), [str(SAMPLE_PATH)])
    with pytest.raises(StoreError, match="another schema"):
        search(str(target), "四风")
    assert target.read_bytes() == before


def test_a_store_of_a_newer_version_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    build(str(database), [str(SAMPLE_PATH)])
    with sqlite3.connect(database) as connection:
        connection.execute(f"PRAGMA user_version = {schema_module.SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(StoreError, match="newer than this xunshi-parser knows"):
        build(str(database), [str(SAMPLE_PATH)])


def test_search_works_while_a_build_holds_the_write_lock(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    build(str(database), [str(SAMPLE_PATH)])
    writer = sqlite3.connect(database, isolation_level=None)
    try:
        assert writer.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM findings")
        # The reader sees the last committed state, without waiting.
        assert len(search(str(database), "四风")) == 3
        writer.execute("ROLLBACK")
    finally:
        writer.close()


def test_db_build_and_search_on_the_command_line(
    tmp_path: Path, three: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    database = str(tmp_path / "store.db")
    assert main(["db", "build", database, *three, "-q"]) == 0
    assert capsys.readouterr().out == (
        f"3 files: 1 added, 2 joined, 0 replaced, 0 unchanged, 0 failed; {database} holds "
        "1 bulletin, 3 sources, 38 entries, 234 findings, 1 diagnostic\n"
    )
    assert main(["db", "build", database, *three, "-j", "2", "-q"]) == 0
    assert "0 added, 0 joined, 0 replaced, 3 unchanged, 0 failed" in capsys.readouterr().out
    junk = write(tmp_path, "junk.txt", "not a bulletin")
    assert main(["db", "build", database, junk, "-q"]) == 1
    captured = capsys.readouterr()
    assert f"{junk}: no bulletin sections found" in captured.err
    assert "(1 failed)" in captured.out

    assert main(["search", database, "四风", "-f", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert records[2] == {
        "kind": "finding",
        "text": "“四风”问题依然存在",
        "unit": "市委老干部局（市委老干部联络室）",
        "unit_key": "北京市委老干部局",
        "entry": 36,
        "position": 6,
        "title": "北京通报对市委办公厅等38家单位党组织巡视反馈情况",
        "issuer": "北京市委",
        "term": 12,
        "round": 13,
        "published": "2022-01-25",
        "bulletin": 1,
    }
    assert main(["search", database, "四风", "-f", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[0]
        == "kind,text,unit,unit_key,entry,position,title,issuer,term,round,published,bulletin"
    )
    assert lines[3] == (
        "finding,“四风”问题依然存在,市委老干部局（市委老干部联络室）,北京市委老干部局,36,6,"
        "北京通报对市委办公厅等38家单位党组织巡视反馈情况,北京市委,12,13,2022-01-25,1"
    )
    assert main(["search", database, "四风", "-f", "table"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[:2] == [
        "== 北京通报对市委办公厅等38家单位党组织巡视反馈情况",
        "   12届北京市委第13轮, 2022-01-25",
    ]
    assert "  36.6  市委老干部局（市委老干部联…   “四风”问题依然存在" in table
    assert main(["search", database, "不存在的问题", "-f", "csv"]) == 1
    assert main(["search", str(tmp_path / "missing.db"), "四风"]) == 2
    assert "no such store" in capsys.readouterr().err


def test_the_parsing_modules_never_import_the_store() -> None:
    from test_architecture import PACKAGE, imports_of

    for path in PACKAGE.glob("**/*.py"):
        if "store" in path.relative_to(PACKAGE).parts or path.name == "cli.py":
            continue
        assert not {name for name in imports_of(path) if name.startswith("xunshi_parser.store")}


# Regressions: a build's result does not depend on the order of builds or on files that
# have gone; failed files are tried again; file names that are not UTF-8.

BARE_TEXT = SAMPLE_TEXT.replace(
    "原标题：北京通报对市委办公厅等38家单位党组织巡视反馈情况", ""
).replace("责任编辑：王蒙", "")
FILLED_BY_PAGE = (
    "北京通报对市委办公厅等38家单位党组织巡视反馈情况",
    "2022-01-25",
    "北京纪检监察网",
    "王蒙",
)


def filled(database: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT title, published, source, editor FROM bulletins ORDER BY id"
        ).fetchall()
    connection.close()
    return rows


def parsed_from(database: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT s.path FROM bulletins AS b LEFT JOIN sources AS s ON s.id = b.parsed_from"
            " ORDER BY b.id"
        ).fetchall()
    connection.close()
    return rows


def test_a_changed_file_keeps_the_values_its_bulletins_other_sources_filled(
    tmp_path: Path,
) -> None:
    database = tmp_path / "store.db"
    bare = write(tmp_path, "b.txt", BARE_TEXT)
    build(str(database), [bare])
    assert filled(database) == [(None, None, None, None)]
    assert build(str(database), [str(HTML_PATH)]) == {"joined": 1, "unchanged": 0}
    assert filled(database) == [FILLED_BY_PAGE]
    Path(bare).write_text(BARE_TEXT + "\n", encoding="utf-8")
    assert build(str(database), [bare]) == {"replaced": 1, "unchanged": 0}
    assert filled(database) == [FILLED_BY_PAGE]
    assert parsed_from(database) == [(bare,)]
    # The same as building the two files at once, in that order.
    fresh = tmp_path / "fresh.db"
    build(str(fresh), [bare, str(HTML_PATH)])
    assert dump(fresh)["bulletins"][0][1:-1] == dump(database)["bulletins"][0][1:-1]
    check_consistent(database)


def test_a_value_only_the_old_bytes_gave_is_dropped(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    path = write(tmp_path, "b.txt", SAMPLE_TEXT)
    build(str(database), [path])
    assert filled(database)[0][3] == "王蒙"
    Path(path).write_text(SAMPLE_TEXT.replace("责任编辑：王蒙", ""), encoding="utf-8")
    assert build(str(database), [path]) == {"replaced": 1, "unchanged": 0}
    assert filled(database)[0][3] is None


def test_rows_are_parsed_again_from_the_source_that_remains(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    first = write(tmp_path, "first.txt", SAMPLE_TEXT.replace("聚焦首都发展", "聚焦首都的发展"))
    second = write(tmp_path, "second.txt", SAMPLE_TEXT)
    build(str(database), [first, second])
    assert parsed_from(database) == [(first,)]
    assert [m.text for m in search(str(database), "聚焦首都的")] == ["聚焦首都的发展"]
    # first.txt now holds another bulletin: the rows of the bulletin second.txt holds are
    # second.txt's, not what first.txt held.
    Path(first).write_text(round_variant("十四"), encoding="utf-8")
    assert build(str(database), [first, second]) == {"added": 1, "unchanged": 1}
    assert parsed_from(database) == [(second,), (first,)]
    assert search(str(database), "聚焦首都的") == []
    assert [m.text for m in search(str(database), "聚焦首都发")] == ["聚焦首都发展"] * 2
    check_consistent(database)


def test_rows_stay_with_no_pointer_when_the_remaining_source_cannot_be_read(
    tmp_path: Path,
) -> None:
    database = tmp_path / "store.db"
    first = write(tmp_path, "first.txt", SAMPLE_TEXT.replace("聚焦首都发展", "聚焦首都的发展"))
    second = write(tmp_path, "second.txt", SAMPLE_TEXT)
    build(str(database), [first, second])
    Path(second).unlink()
    Path(first).write_text(round_variant("十四"), encoding="utf-8")
    assert build(str(database), [first]) == {"added": 1, "unchanged": 0}
    assert parsed_from(database) == [(None,), (first,)]
    assert [m.text for m in search(str(database), "聚焦首都的")] == ["聚焦首都的发展"]
    assert counts(database)["bulletins"] == 2
    check_consistent(database)


def test_a_known_file_that_cannot_be_read_keeps_its_bulletin(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    path = write(tmp_path, "m.txt", SAMPLE_TEXT)
    build(str(database), [path])
    before = dump(database)
    Path(path).rename(tmp_path / "elsewhere.txt")
    assert build(str(database), [path]) == {"failed": 1, "unchanged": 0}
    assert dump(database) == before
    assert counts(database)["bulletins"] == 1
    assert main(["db", "build", str(database), path, "-q"]) == 1
    assert dump(database) == before
    # Back on disk with the same bytes: nothing to do.
    (tmp_path / "elsewhere.txt").rename(path)
    assert build(str(database), [path]) == {"unchanged": 1}


def test_a_failed_file_is_tried_again(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    broken = SAMPLE_TEXT.encode("utf-8")
    cut = broken.index("聚焦首都发展".encode())
    path = write(tmp_path, "broken.txt", broken[:cut] + b"\xff" + broken[cut:])
    assert build(str(database), [path], encoding="utf-8") == {"failed": 1, "unchanged": 0}
    # Tried again, failing as before: still a failure, not "unchanged" (and exit status 1).
    assert build(str(database), [path], encoding="utf-8") == {"failed": 1, "unchanged": 0}
    assert main(["db", "build", str(database), path, "-q", "--encoding", "utf-8"]) == 1
    assert build(str(database), [path], encoding="utf-8", errors="replace") == {
        "added": 1,
        "unchanged": 0,
    }
    with sqlite3.connect(database) as connection:
        source = connection.execute("SELECT bulletin_id, error_type, error FROM sources").fetchall()
    connection.close()
    assert source == [(1, None, None)]
    assert [m.text for m in search(str(database), "聚焦首都发")] == ["\ufffd聚焦首都发展"]
    assert build(str(database), [path], encoding="utf-8", errors="replace") == {"unchanged": 1}


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    import os

    database = tmp_path / "store.db"
    name = os.fsdecode(b"bad\xffname.txt")
    try:
        path = write(tmp_path, name, SAMPLE_TEXT)
    except (UnicodeEncodeError, OSError):
        pytest.skip("this file system takes no such name")
    missing = str(tmp_path / os.fsdecode(b"gone\xfe.txt"))
    assert build(str(database), [path, missing]) == {"added": 1, "failed": 1, "unchanged": 0}
    with sqlite3.connect(database) as connection:
        sources = connection.execute("SELECT path, error FROM sources ORDER BY id").fetchall()
    connection.close()
    assert sources[0] == (str(tmp_path / "bad\\xffname.txt"), None)
    assert sources[1][0] == str(tmp_path / "gone\\xfe.txt")
    assert "gone\\xfe.txt" in sources[1][1]
    assert build(str(database), [path, missing]) == {"failed": 1, "unchanged": 1}


def test_search_says_when_the_limit_cuts_the_matches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = str(tmp_path / "store.db")
    build(database, [str(SAMPLE_PATH)])
    assert main(["search", database, "四风", "-f", "csv", "--limit", "2"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 3
    assert "showing the first 2 matches; more match (--limit N for more)" in captured.err
    assert main(["search", database, "四风", "-f", "csv", "--limit", "3"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 4
    assert captured.err == ""


def test_a_store_created_by_another_process_first_is_used_not_created_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "store.db"
    database.touch()
    original = schema_module._create
    raced = False

    def racing(connection: sqlite3.Connection) -> bool:
        nonlocal raced
        if not raced:
            # Another build creates the store between the check and the write lock.
            raced = True
            other = sqlite3.connect(database, isolation_level=None)
            assert original(other)
            other.close()
        return original(connection)

    monkeypatch.setattr(schema_module, "_create", racing)
    assert build(str(database), [str(SAMPLE_PATH)]) == {"added": 1, "unchanged": 0}
    assert raced
    assert counts(database)["bulletins"] == 1


def test_a_source_records_the_encoding_the_decoder_used(tmp_path: Path) -> None:
    # A page declaring latin-1 but written in GB2312: the decoder does not trust a single-byte
    # charset and detects GB18030; the store says so, not what the page claims.
    page = (FIXTURES / "beijing-2021-r13.gb2312.html").read_bytes()
    lying = tmp_path / "page.html"
    lying.write_bytes(page.replace(b"charset=gb2312", b"charset=iso-8859-1"))
    database = tmp_path / "store.db"
    assert build(str(database), [str(lying), str(SAMPLE_PATH)]) == {
        "added": 1, "joined": 1, "unchanged": 0,
    }  # fmt: skip
    with sqlite3.connect(database) as connection:
        encodings = connection.execute("SELECT encoding FROM sources ORDER BY id").fetchall()
    assert encodings == [("gb18030",), ("utf-8",)]


def test_one_file_named_twice_is_one_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.txt", SAMPLE_TEXT)
    database = str(tmp_path / "store.db")
    assert main(["db", "build", database, "a.txt", "./a.txt", str(tmp_path / "a.txt"), "-q"]) == 0
    assert capsys.readouterr().out.startswith("1 file: 1 added, 0 joined, 0 replaced,")
    assert build(database, ["a.txt", "./a.txt"]) == {"unchanged": 1}


def test_options_may_stand_between_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = write(tmp_path, "first.txt", SAMPLE_TEXT)
    second = write(tmp_path, "second.txt", round_variant("十四"))
    database = str(tmp_path / "store.db")
    assert main(["db", "build", database, "-q", first, "-j", "1", second]) == 0
    assert capsys.readouterr().out.startswith("2 files: 2 added,")
    out = tmp_path / "out.jsonl"
    assert (
        main(["parse", first, "-q", second, "-f", "jsonl", "--table", "files", "-o", str(out)]) == 0
    )
    assert [json.loads(line)["path"] for line in out.read_text("utf-8").splitlines()] == [
        first,
        second,
    ]


@pytest.mark.parametrize(
    "arguments",
    [
        ["db", "-q", "build", "{db}", "{file}"],  # an option between db and build
        ["--bogus", "validate", "{file}"],  # an option before the command
        ["parse", "{file}", "--bogus", "{file}"],
    ],
)
def test_options_out_of_place_are_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    file = write(tmp_path, "a.txt", SAMPLE_TEXT)
    database = str(tmp_path / "store.db")
    with pytest.raises(SystemExit) as exit_:
        main([word.format(db=database, file=file) for word in arguments])
    assert exit_.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.txt"]
