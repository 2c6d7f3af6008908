"""docs/dataset.md's "In pandas" and "In Datasette and the sqlite3 shell": every command runs.

Each runs as the page writes it, in a directory holding ``bulletins.db`` built from the sample
and its HTML page (as the page builds it), and prints the output the page shows:

* pandas: the section's python block, run in that directory, prints its text block;
* Datasette, in process (no socket): its test client lists the tables, runs the page's example
  queries, and finds the full-text indexes on its own (it looks for ``content="findings"``, as
  the store writes it); each ``$ datasette`` command of the page runs through Datasette's own
  command line (``--get`` answers one request and exits; the serving command is run with
  ``--get`` added);
* the sqlite3 shell: each ``$ sqlite3`` command prints what the page shows, and the page's
  example queries print their output blocks in the shell's default list mode.

Where the sqlite3 shell is missing, its tests skip with the reason; with ``CI`` set they fail
instead, since CI installs it (.ci/run) and must run them.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from test_store_docs import EXAMPLE, PAGE
from xunshi_parser.store import build

from support import FIXTURES, SAMPLE_PATH

TIMEOUT = 60.0


def section(title: str) -> str:
    text = PAGE.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def commands(text: str, program: str) -> list[tuple[list[str], str]]:
    """Each ``$ program ...`` line of the console blocks, split as a shell would, and the lines
    below it up to the next ``$`` line: its output."""
    found = []
    for block in blocks(text, "console"):
        for command in re.split(r"^(?=\$ )", block, flags=re.MULTILINE):
            if command.startswith(f"$ {program} "):
                line, _, output = command.partition("\n")
                found.append((shlex.split(line.removeprefix("$ ")), output))
    return found


TOOLS = section("In Datasette and the sqlite3 shell")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The directory the page's commands run in, holding bulletins.db."""
    directory = tmp_path_factory.mktemp("store")
    build(
        str(directory / "bulletins.db"),
        [str(SAMPLE_PATH), str(FIXTURES / "beijing-2021-r13.gb2312.html")],
    )
    return directory


def list_mode(rows: list[list[Any]]) -> str:
    """Rows as the sqlite3 shell's default list mode and the page's output blocks show them."""
    return "".join(
        "|".join("" if value is None else str(value) for value in row) + "\n" for row in rows
    )


# pandas


def test_the_pandas_example_prints_what_the_page_shows(
    store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pandas as pd

    text = section("In pandas")
    [code] = blocks(text, "python")
    [shown] = blocks(text, "text")
    monkeypatch.chdir(store)
    names: dict[str, Any] = {}
    # The example sets a display option: the context puts it back for the other tests.
    with pd.option_context("display.unicode.east_asian_width", False):
        exec(compile(code, f"{PAGE}: In pandas", "exec"), names)  # noqa: S102 - the page's code
    assert capsys.readouterr().out == shown
    # The JSON columns read back as lists, one per entry.
    aliases = names["aliases"]
    assert len(aliases) == 38
    assert all(isinstance(value, list) for value in aliases)
    assert aliases[35] == ["市委老干部联络室"]
    assert "JSON columns (`organizations`, `aliases`, `kinds`, `common_problems`)" in text


# Datasette


def datasette_get(store: Path, *paths: str) -> list[Any]:
    """Datasette's answers to GET requests, through its in-process client."""
    from datasette.app import Datasette

    async def get() -> list[Any]:
        datasette = Datasette([str(store / "bulletins.db")])
        await datasette.invoke_startup()
        try:
            return [await datasette.client.get(path) for path in paths]
        finally:
            for database in datasette.databases.values():
                database.close()

    return asyncio.run(get())


def test_datasette_lists_the_tables_and_hides_the_indexes(store: Path) -> None:
    [response] = datasette_get(store, "/bulletins.json")
    assert response.status_code == 200
    tables = {table["name"]: table for table in response.json()["tables"]}
    shown = {name for name, table in tables.items() if not table["hidden"]}
    assert shown == {"bulletins", "sources", "entries", "findings", "diagnostics", "indexed_upto"}
    assert tables["findings_fts"]["hidden"]
    assert tables["headlines_fts"]["hidden"]
    assert "findings_fts_data" in tables
    assert "six tables of data" in TOOLS
    assert "among its hidden tables (`/bulletins?_show_hidden=1`)" in TOOLS
    [page] = datasette_get(store, "/bulletins?_show_hidden=1")
    assert 'href="/bulletins/findings_fts"' in page.text


def test_datasette_runs_the_example_queries(store: Path) -> None:
    examples = list(EXAMPLE.finditer(PAGE.read_text(encoding="utf-8")))
    assert len(examples) == 6
    paths = [
        "/bulletins.json?" + urlencode({"sql": example["sql"], "_shape": "array"})
        for example in examples
    ]
    responses = datasette_get(store, *paths)
    for example, response in zip(examples, responses, strict=True):
        assert response.status_code == 200, example["sql"]
        rows = [list(row.values()) for row in response.json()]
        assert list_mode(rows) == example["output"], example["sql"]


def test_datasette_finds_the_indexes_on_its_own(store: Path) -> None:
    with sqlite3.connect(store / "bulletins.db") as connection:
        schema = "".join(
            sql
            for (sql,) in connection.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")
        )
    connection.close()
    # What Datasette looks for (its detect_fts), as the store writes it.
    assert 'content="findings"' in schema
    assert 'content="entries"' in schema
    findings, entries, findings_page, entries_page = datasette_get(
        store,
        "/bulletins/findings.json?_search=八项规定&_shape=objects",
        "/bulletins/entries.json?_search=不够严格&_shape=objects",
        "/bulletins/findings",
        "/bulletins/entries",
    )
    assert findings.json()["filtered_table_rows_count"] == 2
    assert "findings_fts match" in findings.json()["query"]["sql"]
    assert [row["text"] for row in findings.json()["rows"]] == [
        "“四风”和违反中央八项规定精神问题依然存在"
    ] * 2
    assert [row["headline"] for row in entries.json()["rows"]] == ["内控管理不够严格"]
    assert 'name="_search"' in findings_page.text
    assert 'name="_search"' in entries_page.text
    assert "finds the full-text indexes of `findings` and `entries` on its own" in TOOLS


def run_datasette(store: Path, arguments: list[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """Datasette's command line, in process: --get serves one request with no socket."""
    from click.testing import CliRunner
    from datasette.cli import cli

    assert "--get" in arguments
    monkeypatch.chdir(store)
    result = CliRunner().invoke(cli, arguments, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_datasette_commands_print_what_the_page_shows(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = commands(TOOLS, "datasette")
    assert len(found) == 3
    [serve, _], *gets = found
    assert serve == ["datasette", "bulletins.db"]
    listed = json.loads(run_datasette(store, [*serve[1:], "--get", "/bulletins.json"], monkeypatch))
    assert {"bulletins", "entries", "findings", "findings_fts"} <= {
        table["name"] for table in listed["tables"]
    }
    for arguments, shown in gets:
        printed = run_datasette(store, arguments[1:], monkeypatch)
        # CSV rows end in CRLF, and --get adds a newline after the body.
        assert printed.replace("\r\n", "\n").removesuffix("\n") == shown, arguments


# The sqlite3 shell


@pytest.fixture(scope="module")
def sqlite3_shell() -> str:
    if found := shutil.which("sqlite3"):
        return found
    message = "the sqlite3 shell cannot be run here: no sqlite3 on PATH (apt-get install sqlite3)"
    print(message)  # noqa: T201 - the reason is wanted in the log, CI or not
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set: the shell test must run)")
    pytest.skip(message)


def run_shell(shell: str, store: Path, arguments: list[str], script: str = "") -> str:
    done = subprocess.run(
        [shell, *arguments],
        input=script,
        cwd=store,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, ""), arguments
    return done.stdout


def test_the_shell_commands_print_what_the_page_shows(sqlite3_shell: str, store: Path) -> None:
    found = commands(TOOLS, "sqlite3")
    assert found
    for arguments, shown in found:
        assert run_shell(sqlite3_shell, store, arguments[1:]) == shown, arguments


def test_the_shell_prints_the_example_queries_output(sqlite3_shell: str, store: Path) -> None:
    """The page's example queries, full-text search included, in the default list mode."""
    examples = list(EXAMPLE.finditer(PAGE.read_text(encoding="utf-8")))
    assert len(examples) == 6
    for example in examples:
        printed = run_shell(sqlite3_shell, store, ["bulletins.db"], example["sql"])
        assert printed == example["output"], example["sql"]
