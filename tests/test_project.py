"""The project's own promises: the README's example runs, CI runs the README's test command."""

from __future__ import annotations

import doctest
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"


def setup_commands() -> list[str]:
    return re.findall(r"```sh\n(python3 -m venv[^\n]*)\n```", README.read_text(encoding="utf-8"))


def test_readme_has_exactly_two_setup_commands() -> None:
    commands = setup_commands()
    assert len(commands) == 2
    assert commands[0].endswith("xunshi parse --sample")
    assert commands[1].endswith("python -m pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci.splitlines()


def test_readme_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = README.read_text(encoding="utf-8")
    example = "\n".join(re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL))
    parser = doctest.DocTestParser()
    test = parser.get_doctest(example, {}, "README", str(README), 0)
    assert test.examples
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0


def test_module_doctests() -> None:
    import xunshi_parser
    from xunshi_parser.fields import findings, numerals, unit

    for module in (xunshi_parser, findings, numerals, unit):
        result = doctest.testmod(module)
        assert result.failed == 0
        assert result.attempted > 0, module.__name__


def test_changelog_names_this_version() -> None:
    import xunshi_parser

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{xunshi_parser.__version__}]" in changelog


def test_import_does_not_load_lxml() -> None:
    import subprocess
    import sys

    code = "import sys, xunshi_parser; print('lxml' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )  # fmt: skip
    assert done.stdout.strip() == "False"


def test_format_doc_lists_every_diagnostic_code() -> None:
    from xunshi_parser import diagnostics

    documented = set(
        re.findall(
            r"^\| (XS\d{3}) \|",
            (ROOT / "docs" / "format.md").read_text(encoding="utf-8"),
            flags=re.M,
        )
    )
    in_code = set(re.findall(r"^(XS\d{3})  ", diagnostics.__doc__ or "", flags=re.M))
    emitted = set(
        re.findall(r'Problem\("(XS\d{3})"', Path(diagnostics.__file__).read_text(encoding="utf-8"))
    )
    assert documented == in_code == emitted
