"""The ``xunshi`` command. The library never imports this module.

Exit status: 0 done; 1 an input failed (not a bulletin, undecodable, or with ``validate`` an
error diagnostic, or a warning under ``--strict``); 2 usage or I/O problems.
"""

from __future__ import annotations

import argparse
import atexit
import errno
import gc
import io
import os
import stat
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

from xunshi_parser import Bulletin, DecodeError, Diagnostic, ReadError, XunshiError, __version__
from xunshi_parser.batch import STDIN, convert_one, expand_paths, iter_parse, map_files
from xunshi_parser.export import TABLES, EntryRow, FindingRow, Table, csv_header
from xunshi_parser.io.decode import normal_encoding

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
    if argv is None:
        # This is the process's command line, and it ends with this function: at exit the
        # objects are frozen, so the collections the interpreter runs while shutting down skip
        # them (about 15 ms of a 150 ms ``xunshi validate``).
        atexit.register(gc.freeze)
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`xunshi parse … | head`): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except _NoInputError as error:
        print(f"xunshi: no .txt, .htm or .html file in {', '.join(error.args[0])}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        # Standard output closed or full (`> /dev/full`): say so, without a traceback.
        print(f"xunshi: cannot write <stdout>: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
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
        if options.encoding is not None:
            try:
                normal_encoding(options.encoding)
            except DecodeError as error:
                parser.error(f"--encoding: {error.message}")
        if getattr(options, "output", None) == "":
            parser.error("-o/--output: give a file name")
        if options.command == "parse":
            return _parse(options, paths)
        return _validate(options, paths)
    return EXIT_USAGE  # pragma: no cover - the with block always returns


class _Interrupt:
    """A SIGINT handler for parallel runs: the first Ctrl-C is noted and acted on between two
    results, so no KeyboardInterrupt lands inside the process pool's machinery (where it can
    leave a lock held and the pool hanging); a second one interrupts at once."""

    def __init__(self) -> None:
        self.requested = False

    def __call__(self, signum: int, frame: object) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True

    def between(self, results: Iterator[T]) -> Iterator[T]:
        import signal  # noqa: PLC0415 - only for parallel runs

        previous = signal.signal(signal.SIGINT, self)
        try:
            for result in results:
                yield result
                if self.requested:
                    raise KeyboardInterrupt
        finally:
            signal.signal(signal.SIGINT, previous)
            close = getattr(results, "close", None)
            if close is not None:
                close()  # shut the pool down now, not whenever the generator is collected


def _progress(
    results: Iterator[T], options: argparse.Namespace, files: int
) -> tuple[Iterator[T], Callable[[str], None]]:
    """``results``, behind a progress bar on stderr when it is a terminal and several files,
    and how to print a message without breaking the bar. In parallel runs, Ctrl-C is acted on
    between results."""
    if options.jobs > 1:
        results = _Interrupt().between(results)
    if files < 2 or options.quiet or not sys.stderr.isatty():
        return results, _say
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
    return iter(bar), partial(bar.write, file=sys.stderr)


def _files(paths: list[str]) -> list[str]:
    files = list(expand_paths(paths))
    if not files:
        raise _NoInputError(paths)
    return files


class _NoInputError(Exception):
    """No file to read: every PATH named an empty folder."""


def _parse(options: argparse.Namespace, paths: list[str]) -> int:
    files = _files(paths)
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
    written = 0
    try:
        with _output(options.output) as out:
            converted = map_files(work, files, jobs=options.jobs)
            results, say = _progress(converted, options, len(files))
            for path, result in results:
                if isinstance(result, XunshiError):
                    say(f"xunshi: {path}: {result}")
                    failures.append(result)
                    continue
                out.write(output.separator if written else output.opening(options, len(files)))
                out.write(result)
                written += 1
            if written:
                out.write(output.closing(options, len(files)))
            else:
                out.discard()
    except BrokenPipeError:
        raise
    except OSError as error:
        where = options.output or "<stdout>"
        print(f"xunshi: cannot write {where}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    if failures and all(isinstance(failure, ReadError) for failure in failures) and not written:
        return EXIT_USAGE
    return EXIT_FAILED if failures else EXIT_OK


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _input_named(output: str, files: list[str]) -> str | None:
    target = Path(output)
    for path in files:
        if path != STDIN and target.exists() and Path(path).exists() and target.samefile(path):
            return path
    return None


class _Sink:
    """Where ``parse`` writes: stdout, or a file that is replaced only when the run produced
    something (see :func:`_output`)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.keep = True

    def write(self, text: str) -> None:
        self.stream.write(text)

    def writelines(self, lines: Iterator[str]) -> None:
        self.stream.writelines(lines)

    def discard(self) -> None:
        """Nothing worth keeping was written: leave an existing OUT as it was."""
        self.keep = False


@contextmanager
def _output(path: str | None) -> Iterator[_Sink]:
    """A UTF-8 text sink, no newline translation, to stdout or ``path``.

    A regular file (or one to be created) is written under a temporary name beside it and
    renamed at the end, so a crash never leaves half a file; it gets the replaced file's mode,
    or the one the umask gives a new file. Through a symbolic link, the file it points to is
    replaced. Anything else (a device, a pipe) is written in place.
    """
    if path is None:
        if sys.stdout is None:
            raise OSError(errno.EBADF, "standard output is closed")
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            yield _Sink(stream)
        finally:
            try:
                stream.flush()
            finally:
                stream.detach()
        return
    target = Path(path).resolve()
    if target.exists() and not target.is_file():
        with target.open("w", encoding="utf-8", newline="") as stream:
            yield _Sink(stream)
        return
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else _new_file_mode()
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            sink = _Sink(stream)
            yield sink
        if sink.keep:
            Path(temporary).chmod(mode)
            Path(temporary).replace(target)
        else:
            Path(temporary).unlink()
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _new_file_mode() -> int:
    # The umask can only be read by setting it; this process is the command line alone.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


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
    files = _files(paths)
    reports = []
    totals: Counter[str] = Counter()
    sections = 0
    io_problem = failed = False
    with _output(None) as out:
        parsed = iter_parse(files, jobs=options.jobs, encoding=options.encoding)
        results, _ = _progress(parsed, options, len(files))
        for path, result in results:
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
            import json  # noqa: PLC0415 - only for --format json

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
    import json  # noqa: PLC0415 - only here and in validate --format json

    table: Table | None = options.table
    model = Bulletin if table is None else (FindingRow if table == "findings" else EntryRow)
    schema = model.model_json_schema(mode="serialization")
    with _output(None) as out:
        out.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
