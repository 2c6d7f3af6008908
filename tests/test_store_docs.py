"""docs/dataset.md: every example query gives the output the page shows."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from xunshi_parser.store import build

from support import FIXTURES, SAMPLE_PATH

PAGE = Path(__file__).parent.parent / "docs" / "dataset.md"
EXAMPLE = re.compile(r"```sql\n(?P<sql>.*?)```\n\n```text\n(?P<output>.*?)```", re.DOTALL)


def test_the_example_queries_give_the_output_shown(tmp_path: Path) -> None:
    database = tmp_path / "bulletins.db"
    build(str(database), [str(SAMPLE_PATH), str(FIXTURES / "beijing-2021-r13.gb2312.html")])
    examples = list(EXAMPLE.finditer(PAGE.read_text(encoding="utf-8")))
    assert len(examples) == 6
    with sqlite3.connect(database) as connection:
        for example in examples:
            rows = connection.execute(example["sql"]).fetchall()
            shown = "".join(
                "|".join("" if value is None else str(value) for value in row) + "\n"
                for row in rows
            )
            assert shown == example["output"], example["sql"]
    connection.close()


def test_the_search_shown_is_what_the_command_prints(tmp_path: Path, capsys) -> None:
    from xunshi_parser.cli import main

    database = str(tmp_path / "bulletins.db")
    build(database, [str(SAMPLE_PATH), str(FIXTURES / "beijing-2021-r13.gb2312.html")])
    assert main(["search", database, "四风", "-f", "table"]) == 0
    printed = capsys.readouterr().out
    page = PAGE.read_text(encoding="utf-8")
    assert "$ xunshi search bulletins.db 四风 -f table\n" + printed in page
