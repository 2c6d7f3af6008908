"""The ``xunshi`` command. The library never imports this module.

Exit status: 0 done; 1 an input failed (not a bulletin, undecodable, or with ``validate`` an
error diagnostic, or a warning under ``--strict``); 2 usage or I/O problems.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import IO, Final, TypeVar

from xunshi_parser import Bulletin, Diagnostic, ReadError, XunshiError, __version__
from xunshi_parser.batch import STDIN, convert_one, expand_paths, iter_parse, map_files
from xunshi_parser.export import TABLES, EntryRow, FindingRow, Table, csv_header

__all__ = ["main"]

T = TypeVar("T")

SAMPLE: Final = "beijing-2021-r13.txt"
EXIT_OK: Final = 0
EXIT_FAILED: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130  # 128 + SIGINT, as shells report it


@dataclass(frozen=True)
class _Format:
    """How one output format wraps the chunks the workers render, one chunk per file."""

    opening: Callable[[argparse.Namespace, int], str]
    separator: str
    closing: Callable[[argparse.Namespace, int], str]


def _nothing(_options: argparse.Namespace, _files: int) -> str:
    return ""


#: The output formats of ``xunshi parse``: one table drives the option and the writing.
FORMATS: Final[dict[str, _Format]] = {
    # One file gives an object, several an array.
    "json": _Format(
        opening=lambda _, files: "" if files == 1 else "[\n",
        separator=",\n",
        closing=lambda _, files: "\n" if files == 1 else "\n]\n",
    ),
    "jsonl": _Format(opening=_nothing, separator="", closing=_nothing),
    "csv": _Format(
        opening=lambda options, _: csv_header(options.table, bom=options.bom),
        separator="",
        closing=_nothing,
    ),
}

PARSE_EXAMPLES = """examples:
  xunshi parse --sample                           the bundled sample bulletin as JSON
  xunshi parse bulletin.txt page.html             two bulletins as a JSON array
  xunshi parse bulletins/ -f csv --bom -o out.csv one row per entry, for Excel
  xunshi parse 'data/**/*.html' -f csv --table findings -j 2 -o findings.csv
  cat bulletin.txt | xunshi parse - -f jsonl      standard input, one line per entry
"""
VALIDATE_EXAMPLES = """examples:
  xunshi validate bulletin.txt                    linter lines and a summary
  xunshi validate bulletins/ --strict             warnings fail too
  xunshi validate new.html --format json          diagnostics as JSON, for CI
"""
SCHEMA_EXAMPLES = """examples:
  xunshi schema                                   the JSON Schema of 'xunshi parse' JSON
  xunshi schema --table findings                  of one row of '-f jsonl --table findings'
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xunshi",
        description="Parse inspection-feedback bulletins (巡视/巡察反馈情况通报) into records.",
        epilog="example: xunshi parse --sample",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser(
        "parse",
        help="convert bulletins to JSON, JSONL or CSV",
        description="Parse bulletins (text or HTML files, folders, globs, - for stdin) and "
        "write them as JSON, JSONL or CSV.",
        epilog=PARSE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _inputs(parse)
    parse.add_argument("-f", "--format", choices=FORMATS, default="json", help="output format")
    parse.add_argument(
        "--table", choices=TABLES, default="entries",
        help="rows of jsonl and csv: one per entry (default) or one per finding",
    )  # fmt: skip
    parse.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    parse.add_argument("--bom", action="store_true", help="start CSV with a BOM (for Excel)")
    parse.add_argument("--strict", action="store_true", help="fail files with error diagnostics")

    validate = commands.add_parser(
        "validate",
        help="check bulletins and report diagnostics",
        description="Check bulletins; print 'path:line:col: CODE severity: message' lines and "
        "a summary. Exit 0 without errors, 1 with errors (or warnings under --strict), 2 for "
        "usage or I/O problems.",
        epilog=VALIDATE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _inputs(validate)
    validate.add_argument("--format", choices=("text", "json"), default="text", dest="report")
    validate.add_argument("--strict", action="store_true", help="warnings fail too")

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the output",
        description="Print the JSON Schema of a bulletin, or of one row of a table.",
        epilog=SCHEMA_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    schema.add_argument("--table", choices=TABLES, help="a row of this table instead")
    return parser


def _inputs(command: argparse.ArgumentParser) -> None:
    command.add_argument("paths", nargs="*", metavar="PATH", help="file, folder, glob or -")
    command.add_argument("--sample", action="store_true", help="the bundled sample bulletin")
    command.add_argument("--encoding", help="decode every file with this encoding")
    command.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="processes")
    command.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`xunshi parse … | head`): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except KeyboardInterrupt:
        # -o OUT is left untouched: its temporary file is removed on the way out.
        print("xunshi: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    options = parser.parse_args(argv)
    if options.command == "schema":
        return _schema(options)
    with ExitStack() as stack:
        paths = list(options.paths)
        if options.sample:
            sample = resources.files("xunshi_parser") / "data" / SAMPLE
            paths.append(str(stack.enter_context(resources.as_file(sample))))
        if not paths:
            parser.error(f"{options.command}: give at least one PATH, or --sample")
        if options.jobs < 1:
            parser.error("-j/--jobs must be at least 1")
        if options.command == "parse":
            return _parse(options, paths)
        return _validate(options, paths)
    return EXIT_USAGE  # pragma: no cover - the with block always returns


def _progress(results: Iterator[T], options: argparse.Namespace, files: int) -> Iterator[T]:
    """``results``, behind a progress bar on stderr when it is a terminal and several files."""
    if files < 2 or options.quiet or not sys.stderr.isatty():
        return results
    from tqdm import tqdm  # noqa: PLC0415 - only for interactive batches

    # A terminal that reports no size (some pseudo-terminals) would get no bar at all.
    size = os.get_terminal_size(sys.stderr.fileno())
    bar = tqdm(
        results,
        total=files,
        unit="file",
        file=sys.stderr,
        ncols=size.columns or 80,
        nrows=size.lines or 24,
    )
    return iter(bar)


def _parse(options: argparse.Namespace, paths: list[str]) -> int:
    files = list(expand_paths(paths))
    if options.output and (clash := _input_named(options.output, files)):
        print(f"xunshi: refusing to write over the input file {clash}", file=sys.stderr)
        return EXIT_USAGE
    output = FORMATS[options.format]
    work = partial(
        convert_one,
        output=options.format,
        table=options.table,
        strict=options.strict,
        encoding=options.encoding,
    )
    failures: list[XunshiError] = []
    try:
        with _output(options.output) as out:
            out.write(output.opening(options, len(files)))
            written = 0
            converted = map_files(work, files, jobs=options.jobs)
            for path, result in _progress(converted, options, len(files)):
                if isinstance(result, XunshiError):
                    _warn(f"xunshi: {path}: {result}")
                    failures.append(result)
                    continue
                out.write((output.separator if written else "") + result)
                written += 1
            out.write(output.closing(options, len(files)))
    except BrokenPipeError:
        raise
    except OSError as error:
        print(f"xunshi: cannot write {options.output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    if failures and all(isinstance(failure, ReadError) for failure in failures) and not written:
        return EXIT_USAGE
    return EXIT_FAILED if failures else EXIT_OK


def _warn(message: str) -> None:
    """A message on stderr that leaves a progress bar intact, if one is showing."""
    if "tqdm" in sys.modules:
        sys.modules["tqdm"].tqdm.write(message, file=sys.stderr)
    else:
        print(message, file=sys.stderr)


def _input_named(output: str, files: list[str]) -> str | None:
    target = Path(output)
    for path in files:
        if path != STDIN and target.exists() and Path(path).exists() and target.samefile(path):
            return path
    return None


@contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    """A text stream to ``path`` or stdout, UTF-8, no newline translation. A file is written
    under a temporary name and renamed at the end, so a crash never leaves half a file."""
    if path is None:
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            yield stream
        finally:
            stream.flush()
            stream.detach()
        return
    target = Path(path)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass
class _Report:
    """What ``validate`` found in one file."""

    path: str
    sections: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failure: XunshiError | None = None

    @classmethod
    def of(cls, path: str, result: Bulletin | XunshiError) -> _Report:
        if isinstance(result, XunshiError):
            return cls(path, counts=Counter(error=1), failure=result)
        counts: Counter[str] = Counter(diagnostic.severity for diagnostic in result.diagnostics)
        return cls(path, len(result.entries), counts, list(result.diagnostics))

    def lines(self) -> list[str]:
        if self.failure is not None:
            error = self.failure
            where = f"{self.path}:{error.line}:{error.column or 1}" if error.line else self.path
            return [f"{where}: {type(error).__name__} error: {error.message}"]
        return [
            f"{self.path}:{d.line}:{d.column}: {d.code} {d.severity}: {d.message}"
            for d in self.diagnostics
        ]

    def as_json(self) -> dict[str, object]:
        failure = None
        if self.failure is not None:
            error = self.failure
            failure = {
                "type": type(error).__name__,
                "message": error.message,
                "line": error.line,
                "column": error.column,
                "offset": error.offset,
            }
        return {
            "path": self.path,
            "sections": self.sections,
            **{severity: self.counts[severity] for severity in SEVERITIES},
            "failure": failure,
            "diagnostics": [d.model_dump() for d in self.diagnostics],
        }


SEVERITIES: Final = ("error", "warning", "info")


def _validate(options: argparse.Namespace, paths: list[str]) -> int:
    files = list(expand_paths(paths))
    reports = []
    totals: Counter[str] = Counter()
    sections = 0
    io_problem = failed = False
    with _output(None) as out:
        parsed = iter_parse(files, jobs=options.jobs, encoding=options.encoding)
        for path, result in _progress(parsed, options, len(files)):
            report = _Report.of(path, result)
            reports.append(report)
            totals += report.counts
            sections += report.sections
            io_problem |= isinstance(result, ReadError)
            failed |= report.counts["error"] > 0 or (
                options.strict and report.counts["warning"] > 0
            )
            if options.report == "text":
                out.writelines(line + "\n" for line in report.lines())
                out.write(f"{path}: {_summary(report.sections, report.counts)}\n")
        if options.report == "json":
            out.write(json.dumps([r.as_json() for r in reports], ensure_ascii=False, indent=2))
            out.write("\n")
        elif len(files) > 1:
            out.write(f"{len(files)} files: {_summary(sections, totals)}\n")
    if io_problem:
        return EXIT_USAGE
    return EXIT_FAILED if failed else EXIT_OK


def _summary(sections: int, counts: Counter[str]) -> str:
    def plural(number: int, word: str) -> str:
        return f"{number} {word}{'' if number == 1 else 's'}"

    return (
        f"{plural(sections, 'section')}, {plural(counts['error'], 'error')}, "
        f"{plural(counts['warning'], 'warning')}, {counts['info']} info"
    )


def _schema(options: argparse.Namespace) -> int:
    table: Table | None = options.table
    model = Bulletin if table is None else (FindingRow if table == "findings" else EntryRow)
    schema = model.model_json_schema(mode="serialization")
    sys.stdout.buffer.write(json.dumps(schema, ensure_ascii=False, indent=2).encode() + b"\n")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
