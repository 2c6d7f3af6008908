"""The ``xunshi`` command. The library never imports this module.

Exit status of ``parse``: 0 every file converted (warnings allowed); 1 a file failed or has an
error diagnostic (one summary line on stderr says which); 2 usage or I/O problems; 130
interrupted. ``validate``: 0 no error diagnostic; 1 an error (or, with ``--strict``, a warning)
or a file that is not a bulletin; 2 usage or I/O problems, or a file that cannot be read.

Only the standard library is imported at module level: the package loads inside :func:`main`,
under its Ctrl-C handling, so an interrupt during start-up exits cleanly too.
"""

from __future__ import annotations

import argparse
import atexit
import errno
import gc
import io
import os
import re
import shlex
import stat
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, TypedDict, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

    from xunshi_parser.batch import Converted, Errors
    from xunshi_parser.errors import XunshiError
    from xunshi_parser.models import Bulletin, Diagnostic

__all__ = ["main"]

T = TypeVar("T")

SAMPLE: Final = "beijing-2021-r13.txt"
EXIT_OK: Final = 0
EXIT_FAILED: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130  # 128 + SIGINT, as shells report it
#: ``xunshi parse -f``; ``table`` is for people, and the default on a terminal.
OUTPUTS: Final = ("json", "jsonl", "csv", "table")
TABLES: Final = ("entries", "findings", "files", "diagnostics")
#: Tables apply to these formats; ``--bom`` to CSV only.
TABULAR: Final = ("jsonl", "csv")
SIZE_UNITS: Final = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024**2, "mb": 1024**2}
SIZE_UNITS_G: Final = {"g": 1024**3, "gb": 1024**3}

PARSE_EXAMPLES = """examples:
  xunshi parse --sample                           the bundled sample (a table on a terminal)
  xunshi parse bulletin.txt page.html             two bulletins as a JSON array
  xunshi parse bulletins/ -f csv --bom -o out.csv one row per entry, for Excel
  xunshi parse bulletins/ -f csv --table files    one row per file: did it parse, how damaged
  xunshi parse 'data/**/*.html' -f csv --table findings -j 2 -o findings.csv
  cat bulletin.txt | xunshi parse - -f jsonl      standard input, one line per entry
"""
VALIDATE_EXAMPLES = """examples:
  xunshi validate bulletin.txt                    linter lines and a summary
  xunshi validate bulletins/ --strict             warnings fail too
  xunshi validate new.html -f json                diagnostics as JSON, for CI
"""
SHOW_EXAMPLES = """examples:
  xunshi show --sample                            the sample's text, every field in colour
  xunshi show bulletin.txt -o report.html         one page, every field marked, for a browser
  xunshi show bulletins/ -o report.html           several bulletins on one page, with contents
"""
SCHEMA_EXAMPLES = """examples:
  xunshi schema                                   the JSON Schema of 'xunshi parse' JSON
  xunshi schema --table findings                  of one row of '-f jsonl --table findings'
"""


DB_BUILD_EXAMPLES = """examples:
  xunshi db build bulletins.db bulletins/         every bulletin file of a folder
  xunshi db build bulletins.db new/ -j 2          add new files; unchanged ones are skipped
  xunshi db build bulletins.db --sample           the bundled sample
"""
SEARCH_EXAMPLES = """examples:
  xunshi search bulletins.db 形式主义              a table on a terminal
  xunshi search bulletins.db 四风 -f csv -o x.csv  short queries scan every finding
  xunshi search bulletins.db 基层减负 -f json      JSON records
"""
SEARCH_OUTPUTS: Final = ("table", "csv", "json")


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(
        prog="xunshi",
        description="Parse inspection-feedback bulletins (巡视/巡察反馈情况通报) into records.",
        epilog="example: xunshi parse --sample",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from xunshi_parser import __version__  # noqa: PLC0415 - the package's __init__ is light

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser(
        "parse",
        help="convert bulletins to JSON, JSONL, CSV or a table for people",
        description="Parse bulletins (text or HTML files, folders, globs, - for stdin) and "
        "write them as JSON, JSONL or CSV, or as a table for people. Exit 0 when every file "
        "converted, 1 when a file failed or has an error diagnostic (a summary line on stderr "
        "says which), 2 for usage or I/O problems.",
        epilog=PARSE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _inputs(parse)
    parse.add_argument(
        "-f", "--format", choices=OUTPUTS, default=None,
        help="output format (default: table on a terminal, else json)",
    )  # fmt: skip
    parse.add_argument(
        "--table", choices=TABLES, default=None,
        help="rows of jsonl and csv: one per entry (default), finding, file or diagnostic",
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
    validate.add_argument(
        "-f", "--format", choices=("text", "json"), default="text", dest="report",
        help="linter lines (default) or JSON",
    )  # fmt: skip
    validate.add_argument("--strict", action="store_true", help="warnings fail too")

    show = commands.add_parser(
        "show",
        help="see a parse: the text with every part the parser found marked",
        description="Show bulletins as published, every part the parser found marked: with -o, "
        "one self-contained HTML page for a browser (several bulletins: one page with a "
        "contents list); else the text on the terminal, each field coloured (no colour when "
        "NO_COLOR is set or stdout is not a terminal). Exit 0 when every file parsed, 1 when "
        "one failed, 2 for usage or I/O problems.",
        epilog=SHOW_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _inputs(show)
    show.add_argument("-o", "--output", metavar="OUT", help="write one HTML page here")

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the output",
        description="Print the JSON Schema of a bulletin, or of one row of a table.",
        epilog=SCHEMA_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    schema.add_argument("--table", choices=TABLES, help="a row of this table instead")

    database = commands.add_parser(
        "db",
        help="build a SQLite dataset of many bulletins",
        description="Work with a SQLite store of bulletins (see docs/dataset.md).",
    )
    database_commands = database.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_build = database_commands.add_parser(
        "build",
        help="create or update the store DB from bulletin files",
        description="Create or update the SQLite store DB from bulletins: one bulletin per "
        "content however many files hold it, each file written whole or not at all, "
        "unchanged files skipped. A file that is not a bulletin is recorded as a failed "
        "source. Exit 0 when every file was stored, 1 when a file failed, 2 when DB cannot "
        "be used (not SQLite, another schema, a newer version) or for usage problems.",
        epilog=DB_BUILD_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    db_build.add_argument("database", metavar="DB", help="the store (created if missing)")
    _inputs(db_build)

    search = commands.add_parser(
        "search",
        help="find findings and headlines in a store",
        description="Print the findings and headlines of the store DB that hold QUERY, with "
        "unit, bulletin title, round and date. Queries of 3 characters or more use the "
        "trigram index; shorter ones a scan. Exit 0 when something was found, 1 when nothing "
        "was, 2 when DB cannot be used.",
        epilog=SEARCH_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    search.add_argument("database", metavar="DB", help="a store made by 'xunshi db build'")
    search.add_argument("query", metavar="QUERY", help="text to find (a substring)")
    search.add_argument(
        "-f", "--format", choices=SEARCH_OUTPUTS, default=None, dest="search_format",
        help="output format (default: table on a terminal, else csv)",
    )  # fmt: skip
    search.add_argument(
        "--limit", type=_positive, default=1000, metavar="N", help="at most N rows (1000)"
    )
    search.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    return parser, {
        "parse": parse,
        "validate": validate,
        "show": show,
        "schema": schema,
        "db": db_build,
        "search": search,
    }


def _inputs(command: argparse.ArgumentParser) -> None:
    command.add_argument("paths", nargs="*", metavar="PATH", help="file, folder, glob or -")
    command.add_argument("--sample", action="store_true", help="the bundled sample bulletin")
    command.add_argument("--encoding", help="decode every file with this encoding")
    command.add_argument(
        "--encoding-errors", choices=("strict", "replace"), default="strict",
        help="bytes that do not decode: fail the file (default), or replace them with U+FFFD "
        "and warn",
    )  # fmt: skip
    command.add_argument(
        "--max-bytes", type=_size, default=None, metavar="SIZE",
        help="refuse larger files; bytes, or with a unit: 50MB, 512KB (MB = 1,048,576 bytes; "
        "default 20MB)",
    )  # fmt: skip
    command.add_argument(
        "--max-sections", type=_positive, default=None, metavar="N",
        help="refuse a text with more sections (default 5000)",
    )  # fmt: skip
    command.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="processes")
    command.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def _size(text: str) -> int:
    """``--max-bytes``: a number of bytes, or with a unit K/KB, M/MB, G/GB (powers of 1024)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    units = SIZE_UNITS | SIZE_UNITS_G
    if match is None or match[2].lower() not in units:
        msg = f"not a size: {text!r} (give bytes, or a number with KB, MB or GB)"
        raise argparse.ArgumentTypeError(msg)
    size = int(float(match[1]) * units[match[2].lower()])
    if size < 1:
        msg = f"must be at least 1 byte, not {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return size


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        msg = f"must be a whole number of at least 1, not {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return number


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Everything past the standard library is imported in here, inside the ``try``: a Ctrl-C
    at any moment from now on, start-up included, ends with ``xunshi: interrupted`` and 130.
    """
    try:
        if argv is None:
            # This is the process's command line, and it ends with this function: at exit the
            # objects are frozen, so the collections the interpreter runs while shutting down
            # skip them (about 15 ms of a 150 ms ``xunshi validate``).
            atexit.register(gc.freeze)
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`xunshi parse … | head`): stop quietly, as other tools do, with
        # the status of an output that cannot be written.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_USAGE
    except _NoInputError as error:
        kinds = ".txt, .htm, .html, .shtml or .shtm file"
        print(f"xunshi: no {kinds} in {_printable(', '.join(error.args[0]))}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        # Standard output closed or full (`> /dev/full`): say so, without a traceback.
        print(f"xunshi: cannot write <stdout>: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        import signal  # noqa: PLC0415 - only now

        # A second Ctrl-C while saying so would print a traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # -o OUT is left untouched: its temporary file is removed on the way out.
        print("xunshi: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _arguments(
    argv: Sequence[str] | None,
) -> tuple[argparse.Namespace, dict[str, argparse.ArgumentParser]]:
    """The command line read, and each command's parser."""
    parser, commands = _parser()
    words = list(sys.argv[1:] if argv is None else argv)
    options, unread = parser.parse_known_args(words)
    if not unread:
        return options, commands
    # argparse reads a command's PATHs as one run, so 'parse a.txt -q b.txt' would refuse
    # b.txt: the command's own parser reads them with the options in between, when the words
    # begin with the command ('db build'); anything else is argparse's error.
    command = [options.command] + (["build"] if options.command == "db" else [])
    if not hasattr(options, "paths") or words[: len(command)] != command:
        parser.parse_args(words)
    rest = commands[options.command].parse_intermixed_args(words[len(command) :])
    return argparse.Namespace(**(vars(options) | vars(rest))), commands


def _main(argv: Sequence[str] | None) -> int:
    options, commands = _arguments(argv)
    usage = commands[options.command]
    if options.command in {"schema", "search"}:
        return _schema(options) if options.command == "schema" else _search(options)
    with ExitStack() as stack:
        paths = list(options.paths)
        options.sample_path = None
        if options.sample:
            sample = resources.files("xunshi_parser") / "data" / SAMPLE
            options.sample_path = str(stack.enter_context(resources.as_file(sample)))
            paths.append(options.sample_path)
        _check(options, paths, usage)
        if options.command == "parse":
            return _parse(options, paths)
        if options.command == "show":
            return _show(options, paths)
        if options.command == "db":
            return _db_build(options, paths)
        return _validate(options, paths)
    return EXIT_USAGE  # pragma: no cover - the with block always returns


def _check(options: argparse.Namespace, paths: list[str], usage: argparse.ArgumentParser) -> None:
    """Usage errors that argparse cannot see; each shows the subcommand's usage."""
    from xunshi_parser.errors import DecodeError  # noqa: PLC0415
    from xunshi_parser.io.decode import normal_encoding  # noqa: PLC0415

    if not paths:
        usage.error("give at least one PATH, or --sample")
    if options.jobs < 1:
        usage.error("-j/--jobs must be at least 1")
    if options.encoding is not None:
        try:
            normal_encoding(options.encoding)
        except DecodeError as error:
            usage.error(f"--encoding: {error.message}")
    if options.command == "show" and options.output == "":
        usage.error("-o/--output: give a file name")
    if options.command != "parse":
        return
    if options.output == "":
        usage.error("-o/--output: give a file name")
    if options.format is None:
        # A person at a terminal gets the table; pipes and files get JSON.
        options.format = "table" if options.output is None and _is_terminal(sys.stdout) else "json"
    if options.table is not None and options.format not in TABULAR:
        usage.error(f"--table applies to -f jsonl and -f csv, not -f {options.format}")
    if options.bom and options.format != "csv":
        usage.error(f"--bom applies to -f csv, not -f {options.format}")
    options.table = options.table or "entries"


class _Limits(TypedDict):
    strict: bool
    encoding: str | None
    errors: Errors
    max_sections: int
    max_bytes: int


def _limits(options: argparse.Namespace) -> _Limits:
    """The keywords the options give :func:`~xunshi_parser.batch.parse_one`."""
    from xunshi_parser.api import MAX_BYTES  # noqa: PLC0415
    from xunshi_parser.parser import MAX_SECTIONS  # noqa: PLC0415

    return _Limits(
        strict=options.command == "parse" and options.strict,
        encoding=options.encoding,
        errors=options.encoding_errors,
        max_sections=options.max_sections or MAX_SECTIONS,
        max_bytes=options.max_bytes or MAX_BYTES,
    )


def _printable(text: str) -> str:
    """``text`` with control characters escaped (NUL as ``\\x00``, a tab as ``\\t``): a file's
    bytes never reach the terminal or a log raw, and one message stays one line."""
    from xunshi_parser.printable import printable  # noqa: PLC0415

    return printable(text)


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


def _is_terminal(stream: IO[str] | None) -> bool:
    return stream is not None and stream.isatty()


class _Console:
    """The terminal around a run: a progress bar on stderr (when it is a terminal, for several
    files, without ``-q``), messages that never split it, and output lines written to a
    terminal stdout with the bar cleared first."""

    def __init__(self, bar: object = None) -> None:
        self.bar = bar
        self.shared = bar is not None and _is_terminal(sys.stdout)

    def say(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message, file=sys.stderr)  # type: ignore[attr-defined]
        else:
            print(message, file=sys.stderr)

    def write(self, sink: _Sink, text: str) -> None:
        if not self.shared:
            sink.write(text)
            return
        self.bar.clear()  # type: ignore[attr-defined]
        sink.write(text)
        sink.flush()
        self.bar.refresh()  # type: ignore[attr-defined]


def _progress(
    results: Iterator[T], options: argparse.Namespace, files: int
) -> tuple[Iterator[T], _Console]:
    """``results``, behind a progress bar on stderr when it is a terminal and several files,
    and the console to write through. In parallel runs, Ctrl-C is acted on between results."""
    if options.jobs > 1:
        results = _Interrupt().between(results)
    if files < 2 or options.quiet or not sys.stderr.isatty():
        return results, _Console()
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
    return iter(bar), _Console(bar)


def _files(paths: list[str]) -> list[str]:
    from xunshi_parser.batch import expand_paths  # noqa: PLC0415

    files = list(expand_paths(paths))
    if not files:
        raise _NoInputError(paths)
    return files


class _NoInputError(Exception):
    """No file to read: every PATH named an empty folder."""


def _one_object(options: argparse.Namespace) -> bool:
    """Whether ``-f json`` writes one object rather than an array: the command line names
    exactly one file (a PATH that is no folder and no glob, ``-``, or ``--sample`` alone).
    What a folder or a glob holds never changes the shape."""
    from xunshi_parser.batch import STDIN, is_pattern  # noqa: PLC0415

    named = [*options.paths, *([options.sample_path] if options.sample else [])]
    if len(named) != 1:
        return False
    path = named[0]
    return path == STDIN or not (Path(path).is_dir() or is_pattern(path))


@dataclass
class _Tally:
    """What a ``parse`` run met: failed files, and the diagnostics of the others."""

    files: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    damaged: list[str] = field(default_factory=list)
    warned: list[str] = field(default_factory=list)
    unreadable: int = 0

    def add(self, item: Converted) -> None:
        from xunshi_parser.errors import ReadError  # noqa: PLC0415

        self.files += 1
        if item.failure is not None:
            self.failed[type(item.failure).__name__] += 1
            self.unreadable += isinstance(item.failure, ReadError)
            self.damaged.append(item.path)
            return
        errors = [code for code, severity in item.diagnostics if severity == "error"]
        warnings = [code for code, severity in item.diagnostics if severity == "warning"]
        self.errors.update(errors)
        self.warnings.update(warnings)
        if errors:
            self.damaged.append(item.path)
        elif warnings:
            self.warned.append(item.path)

    @property
    def damage(self) -> bool:
        return bool(self.failed or self.errors)

    def summary(self, command: str) -> str | None:
        """One line for stderr, or None when no file failed and none has an error or a
        warning."""
        if not (self.damage or self.warnings):
            return None

        def counted(counts: Counter[str], word: str) -> str:
            total = sum(counts.values())
            codes = ", ".join(
                code if number == 1 else f"{code} x{number}"
                for code, number in sorted(counts.items())
            )
            return f"{total} {word}{'' if total == 1 else 's'} ({codes})"

        parts = []
        if self.failed:
            parts.append(f"{sum(self.failed.values())} failed ({', '.join(sorted(self.failed))})")
        if self.errors:
            with_errors = len(self.damaged) - sum(self.failed.values())
            files = f"{with_errors} file{'' if with_errors == 1 else 's'}"
            parts.append(f"{counted(self.errors, 'error')} in {files}")
        if self.warnings:
            parts.append(counted(self.warnings, "warning"))
        damaged = len(self.damaged)
        return (
            f"xunshi: {damaged} of {self.files} file{'' if self.files == 1 else 's'} "
            f"damaged: {'; '.join(parts)}; to see them: {command}"
        )


def _validate_command(options: argparse.Namespace, tally: _Tally) -> str:
    """The ``xunshi validate`` command that shows what ``parse`` found: the files concerned,
    if a few, else the PATHs as given; with the options that change what is read."""
    shown = [*tally.damaged, *tally.warned]
    if len(shown) > 3:
        shown = list(options.paths)
    names = ["--sample" if name == options.sample_path else name for name in shown]
    if options.sample and len(shown) == len(options.paths) and "--sample" not in names:
        names.append("--sample")
    words = ["xunshi", "validate", *names]
    if options.encoding:
        words += ["--encoding", options.encoding]
    if options.encoding_errors != "strict":
        words += ["--encoding-errors", options.encoding_errors]
    if options.max_bytes:
        words += ["--max-bytes", str(options.max_bytes)]
    if options.max_sections:
        words += ["--max-sections", str(options.max_sections)]
    return _printable(shlex.join(words))


def _parse(options: argparse.Namespace, paths: list[str]) -> int:
    from xunshi_parser.batch import convert_one, map_files  # noqa: PLC0415
    from xunshi_parser.export import csv_header  # noqa: PLC0415

    files = _files(paths)
    if options.output and (clash := _input_named(options.output, files)):
        print(f"xunshi: refusing to write over the input file {clash}", file=sys.stderr)
        return EXIT_USAGE
    single = options.format == "json" and _one_object(options)
    opening = {
        "json": "" if single else "[\n",
        "csv": csv_header(options.table, bom=options.bom),
    }.get(options.format, "")
    separator = ",\n" if options.format == "json" else ""
    closing = {"json": "\n" if single else "\n]\n"}.get(options.format, "")
    work = partial(convert_one, output=options.format, table=options.table, **_limits(options))
    tally = _Tally()
    held: list[str] = []  # the records of unreadable files, until a file could be read
    written = 0
    try:
        with _output(options.output) as out:
            converted = map_files(work, files, jobs=options.jobs)
            results, console = _progress(converted, options, len(files))
            for item in results:
                tally.add(item)
                if item.failure is not None:
                    console.say(f"xunshi: {_printable(item.path)}: {_printable(str(item.failure))}")
                held.append(item.text)
                if tally.unreadable == tally.files:
                    continue  # nothing read yet: OUT may still be left as it was
                for text in held:
                    console.write(out, (separator if written else opening) + text)
                    written += 1
                held.clear()
            if written:
                console.write(out, closing)
            else:
                out.discard()
    except BrokenPipeError:
        raise
    except OSError as error:
        where = options.output or "<stdout>"
        print(f"xunshi: cannot write {where}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    if (line := tally.summary(_validate_command(options, tally))) is not None:
        print(line, file=sys.stderr)
    if tally.unreadable == tally.files:
        return EXIT_USAGE
    return EXIT_FAILED if tally.damage else EXIT_OK


def _input_named(output: str, files: list[str]) -> str | None:
    from xunshi_parser.batch import STDIN  # noqa: PLC0415

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

    def flush(self) -> None:
        self.stream.flush()

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
        from xunshi_parser.errors import XunshiError  # noqa: PLC0415

        if isinstance(result, XunshiError):
            return cls(path, counts=Counter(error=1), failure=result)
        counts: Counter[str] = Counter(diagnostic.severity for diagnostic in result.diagnostics)
        return cls(path, len(result.entries), counts, list(result.diagnostics))

    def lines(self) -> list[str]:
        path = _printable(self.path)
        if self.failure is not None:
            error = self.failure
            where = f"{path}:{error.line}:{error.column or 1}" if error.line else path
            return [f"{where}: {type(error).__name__} error: {_printable(error.message)}"]
        return [
            f"{path}:{d.line}:{d.column}: {d.code} {d.severity}: {_printable(d.message)}"
            for d in self.diagnostics
        ]

    def as_json(self) -> dict[str, object]:
        from xunshi_parser.export import error_record  # noqa: PLC0415

        failure = None
        if self.failure is not None:
            failure = error_record(self.path, self.failure).error.model_dump()
        return {
            "path": self.path,
            "sections": self.sections,
            **{severity: self.counts[severity] for severity in SEVERITIES},
            "failure": failure,
            "diagnostics": [d.model_dump() for d in self.diagnostics],
        }


SEVERITIES: Final = ("error", "warning", "info")


def _show(options: argparse.Namespace, paths: list[str]) -> int:
    """``xunshi show``: one HTML page for every bulletin with ``-o``, else each on the terminal."""
    from xunshi_parser import view  # noqa: PLC0415
    from xunshi_parser.batch import map_files, parse_one  # noqa: PLC0415
    from xunshi_parser.models import Bulletin  # noqa: PLC0415

    files = _files(paths)
    if options.output and (clash := _input_named(options.output, files)):
        print(f"xunshi: refusing to write over the input file {clash}", file=sys.stderr)
        return EXIT_USAGE
    color = options.output is None and _is_terminal(sys.stdout) and not os.environ.get("NO_COLOR")
    shown: list[tuple[str, Bulletin]] = []
    failed = False
    try:
        with _output(options.output) as out:
            parsed = map_files(partial(parse_one, **_limits(options)), files, jobs=options.jobs)
            results, console = _progress(parsed, options, len(files))
            for path, result in results:
                name = _printable("--sample" if path == options.sample_path else path)
                if not isinstance(result, Bulletin):
                    console.say(f"xunshi: {name}: {_printable(str(result))}")
                    failed = True
                elif options.output is not None:
                    shown.append((name, result))
                else:
                    heading = f"== {name}\n" if len(files) > 1 else ""
                    shown_text = view.render_terminal(result, color=color).rstrip("\n")
                    console.write(out, f"{heading}{shown_text}\n")
            if options.output is not None:
                if shown:
                    console.write(out, view.render_html(shown))
                else:
                    out.discard()
    except BrokenPipeError:
        raise
    except OSError as error:
        where = options.output or "<stdout>"
        print(
            f"xunshi: cannot write {_printable(where)}: {error.strerror or error}", file=sys.stderr
        )
        return EXIT_USAGE
    return EXIT_FAILED if failed else EXIT_OK


def _validate(options: argparse.Namespace, paths: list[str]) -> int:
    from xunshi_parser.batch import map_files, parse_one  # noqa: PLC0415
    from xunshi_parser.errors import ReadError  # noqa: PLC0415

    files = _files(paths)
    reports = []
    totals: Counter[str] = Counter()
    sections = 0
    io_problem = failed = False
    with _output(None) as out:
        parsed = map_files(partial(parse_one, **_limits(options)), files, jobs=options.jobs)
        results, console = _progress(parsed, options, len(files))
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
                summary = _summary(report.sections, report.counts)
                lines = [*report.lines(), f"{_printable(path)}: {summary}"]
                console.write(out, "".join(line + "\n" for line in lines))
        if options.report == "json":
            import json  # noqa: PLC0415 - only for -f json

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
    import json  # noqa: PLC0415 - only here and in validate -f json

    from xunshi_parser.export import (  # noqa: PLC0415
        DiagnosticRow,
        EntryRow,
        ErrorRecord,
        FileRow,
        FindingRow,
    )
    from xunshi_parser.models import Bulletin  # noqa: PLC0415

    schema: dict[str, Any]
    if options.table is None:
        # A file of -f json: a bulletin with its path first, or the error record of a file
        # that failed; several files give an array of these.
        bulletin = Bulletin.model_json_schema(mode="serialization")
        error = ErrorRecord.model_json_schema(mode="serialization")
        bulletin["properties"] = {
            "path": {
                "description": "The file the bulletin was read from ('' if none).",
                "title": "Path",
                "type": "string",
            },
            **bulletin["properties"],
        }
        bulletin["required"] = ["path", *bulletin["required"]]
        definitions = {**bulletin.pop("$defs"), **error.pop("$defs")}
        definitions |= {"Bulletin": bulletin, "ErrorRecord": error}
        schema = {
            "description": "One file of 'xunshi parse -f json': its bulletin, or its error "
            "record if it failed. Several files give an array of these.",
            "anyOf": [{"$ref": "#/$defs/Bulletin"}, {"$ref": "#/$defs/ErrorRecord"}],
            "$defs": definitions,
        }
    else:
        models: dict[str, type[BaseModel]] = {
            "entries": EntryRow,
            "findings": FindingRow,
            "files": FileRow,
            "diagnostics": DiagnosticRow,
        }
        model = models[options.table]
        schema = model.model_json_schema(mode="serialization")
    with _output(None) as out:
        out.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _db_build(options: argparse.Namespace, paths: list[str]) -> int:
    """``xunshi db build DB PATH...``: each file parsed (in ``-j`` processes) and written in its
    own nested transaction; a summary line at the end."""
    import sqlite3  # noqa: PLC0415

    from xunshi_parser.batch import STDIN, map_files  # noqa: PLC0415
    from xunshi_parser.store import Store, StoreError, load  # noqa: PLC0415
    from xunshi_parser.store.builder import distinct_sources  # noqa: PLC0415

    files = distinct_sources(_files(paths))
    if STDIN in files:
        print("xunshi: db build reads files, not standard input (-)", file=sys.stderr)
        return EXIT_USAGE
    if clash := _input_named(options.database, files):
        print(f"xunshi: refusing to write over the input file {clash}", file=sys.stderr)
        return EXIT_USAGE
    limits = _limits(options)
    work = partial(
        load,
        encoding=limits["encoding"],
        errors=limits["errors"],
        max_sections=limits["max_sections"],
        max_bytes=limits["max_bytes"],
    )
    counts: Counter[str] = Counter()
    try:
        with Store(options.database, reader=work) as store:
            todo, counts["unchanged"] = store.pending(files)
            loaded = map_files(work, todo, jobs=options.jobs)
            results, console = _progress(loaded, options, len(todo))
            for item in results:
                outcome = store.add(item)
                counts[outcome] += 1
                if outcome == "failed":
                    console.say(f"xunshi: {_printable(item.path)}: {_printable(item.error or '')}")
            totals = store.totals()
    except StoreError as error:
        print(f"xunshi: {_printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except sqlite3.Error as error:
        print(f"xunshi: {_printable(options.database)}: {error}", file=sys.stderr)
        return EXIT_USAGE
    done = ", ".join(
        f"{counts[outcome]} {outcome}"
        for outcome in ("added", "joined", "replaced", "unchanged", "failed")
    )
    one = {"bulletins": "bulletin", "sources": "source", "entries": "entry"}
    one |= {"findings": "finding", "diagnostics": "diagnostic"}
    held = ", ".join(
        f"{totals[table]} {one[table] if totals[table] == 1 else table}"
        for table in ("bulletins", "sources", "entries", "findings", "diagnostics")
    )
    plural = "" if len(files) == 1 else "s"
    print(
        f"{len(files)} file{plural}: {done}; {_printable(options.database)} holds {held}"
        + (f" ({totals['failed']} failed)" if totals["failed"] else "")
    )
    return EXIT_FAILED if counts["failed"] else EXIT_OK


def _search(options: argparse.Namespace) -> int:
    """``xunshi search DB QUERY``: matches as a table, CSV or JSON."""
    import sqlite3  # noqa: PLC0415

    from xunshi_parser.store import StoreError, search  # noqa: PLC0415
    from xunshi_parser.store.search import as_csv, as_json, as_table  # noqa: PLC0415

    if not options.query:
        _parser()[1]["search"].error("QUERY is empty")
    output = options.search_format
    if output is None:
        output = "table" if options.output is None and _is_terminal(sys.stdout) else "csv"
    try:
        # One more than asked: tells whether the limit cut the matches.
        matches = search(options.database, options.query, limit=options.limit + 1)
    except StoreError as error:
        print(f"xunshi: {_printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except sqlite3.Error as error:
        print(f"xunshi: {_printable(options.database)}: {error}", file=sys.stderr)
        return EXIT_USAGE
    if len(matches) > options.limit:
        matches = matches[: options.limit]
        print(
            f"xunshi: showing the first {options.limit} matches; more match (--limit N for more)",
            file=sys.stderr,
        )
    render = {"table": as_table, "csv": as_csv, "json": as_json}[output]
    try:
        with _output(options.output) as out:
            out.write(render(matches))
    except BrokenPipeError:
        raise
    except OSError as error:
        where = options.output or "<stdout>"
        print(f"xunshi: cannot write {where}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    if not matches and output == "table":
        print(f"xunshi: nothing holds {_printable(options.query)!r}", file=sys.stderr)
    return EXIT_OK if matches else EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
