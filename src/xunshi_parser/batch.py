"""Many inputs: expanding paths, and parsing them lazily, in order, in parallel if asked."""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from os import PathLike, fspath
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, NamedTuple, TypeVar

from xunshi_parser.api import HTML_SUFFIXES, MAX_BYTES, parse_bytes, parse_file
from xunshi_parser.errors import ReadError, XunshiError
from xunshi_parser.parser import MAX_SECTIONS

if TYPE_CHECKING:
    from concurrent.futures import Future

    from xunshi_parser.export import Output, Table
    from xunshi_parser.models import Bulletin

__all__ = [
    "BULLETIN_SUFFIXES",
    "STDIN",
    "Converted",
    "Errors",
    "convert_one",
    "expand_paths",
    "is_pattern",
    "iter_parse",
    "map_files",
    "parse_one",
]

STDIN: Final = "-"
#: What a folder is searched for, recursively.
BULLETIN_SUFFIXES: Final = frozenset((".txt", *HTML_SUFFIXES))
_GLOB_CHARACTERS: Final = frozenset("*?[")
#: Tasks in flight per worker: enough to keep workers busy, few enough to bound memory.
_WINDOW_PER_JOB: Final = 4
#: Files a task takes at most, once every worker is busy. With one file a task, passing files
#: and results between processes cost about as much as the second process saved
#: (docs/performance.md); with a few, far less.
_FILES_PER_TASK: Final = 8

Result = tuple[str, "Bulletin | XunshiError"]
Errors = Literal["strict", "replace"]
T = TypeVar("T")


class Converted(NamedTuple):
    """One file rendered for the command line: the text to write (rows or an error record),
    the failure if it could not be parsed, and the ``(code, severity)`` of each diagnostic."""

    path: str
    text: str
    failure: XunshiError | None
    diagnostics: tuple[tuple[str, str], ...]


def expand_paths(paths: str | PathLike[str] | Iterable[str | PathLike[str]]) -> Iterator[str]:
    """Files named by ``paths``: a file as is, a folder's bulletin files (recursively, sorted),
    a glob's matches (sorted), ``-`` for standard input. A name that matches nothing is yielded
    as is, so reading it reports the problem."""
    if isinstance(paths, str | PathLike):
        # One path given where several are expected: not a string's characters.
        paths = [paths]
    for name in paths:
        path = fspath(name)
        if path == STDIN:
            yield path
        elif Path(path).is_dir():
            found = (p for p in Path(path).rglob("*") if p.suffix.lower() in BULLETIN_SUFFIXES)
            # A dangling link is kept: reading it reports the problem rather than skipping it.
            yield from sorted(str(p) for p in found if p.is_file() or p.is_symlink())
        elif is_pattern(path):
            import glob  # noqa: PLC0415 - only for patterns

            # Path.glob takes no absolute patterns; glob.glob takes both.
            yield from sorted(glob.glob(path, recursive=True)) or [path]  # noqa: PTH207
        else:
            yield path


def is_pattern(path: str) -> bool:
    """Whether :func:`expand_paths` reads ``path`` as a glob: it names nothing and holds
    ``*``, ``?`` or ``[``."""
    return bool(_GLOB_CHARACTERS & set(path)) and not Path(path).exists()


def parse_one(
    path: str,
    strict: bool = False,
    encoding: str | None = None,
    *,
    errors: Errors = "strict",
    max_sections: int = MAX_SECTIONS,
    max_bytes: int = MAX_BYTES,
) -> Result:
    """Parse one file (``-``: standard input); a problem is returned, not raised."""
    try:
        if path == STDIN:
            # One byte over the limit is enough to refuse: never read all of a huge stream.
            data = sys.stdin.buffer.read(max_bytes + 1)
            return path, parse_bytes(
                data,
                strict=strict,
                encoding=encoding,
                errors=errors,
                max_sections=max_sections,
                max_bytes=max_bytes,
            )
        return path, parse_file(
            path,
            strict=strict,
            encoding=encoding,
            errors=errors,
            max_sections=max_sections,
            max_bytes=max_bytes,
        )
    except XunshiError as error:
        return path, error
    except OSError as error:
        return path, ReadError(f"cannot read {path}: {error.strerror or error}")


def iter_parse(
    paths: str | PathLike[str] | Iterable[str | PathLike[str]],
    *,
    jobs: int = 1,
    strict: bool = False,
    encoding: str | None = None,
    errors: Errors = "strict",
    max_sections: int = MAX_SECTIONS,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Result]:
    """Yield ``(path, Bulletin or XunshiError)`` for each file of ``expand_paths(paths)``.

    Lazily and in input order. With ``jobs > 1`` files are parsed in that many processes,
    with a bounded number in flight, so memory stays flat however many files there are.
    Unreadable files give a :class:`ReadError`. ``encoding``, ``errors``, ``strict``,
    ``max_sections`` and ``max_bytes`` are passed to :func:`parse_file` (and to
    :func:`parse_bytes` for standard input).
    """
    work = partial(
        parse_one,
        strict=strict,
        encoding=encoding,
        errors=errors,
        max_sections=max_sections,
        max_bytes=max_bytes,
    )
    return map_files(work, expand_paths(paths), jobs=jobs)


def convert_one(
    path: str,
    *,
    output: Output,
    table: Table,
    strict: bool = False,
    encoding: str | None = None,
    errors: Errors = "strict",
    max_sections: int = MAX_SECTIONS,
    max_bytes: int = MAX_BYTES,
) -> Converted:
    """Parse one file and render it in ``output``: a JSON object, JSONL or CSV rows, or a
    table for people; a file that fails gives its error record."""
    from xunshi_parser.export import render  # noqa: PLC0415 - rows only here

    path, result = parse_one(
        path, strict, encoding, errors=errors, max_sections=max_sections, max_bytes=max_bytes
    )
    text = render((path, result), output, table)
    if isinstance(result, XunshiError):
        return Converted(path, text, result, ())
    found = tuple((d.code, d.severity) for d in result.diagnostics)
    return Converted(path, text, None, found)


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process of the group: the parent stops the batch; workers saying
    # so too would only print tracebacks.
    import signal  # noqa: PLC0415 - only in workers

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def map_files(work: Callable[[str], T], files: Iterable[str], *, jobs: int) -> Iterator[T]:
    """``work(file)`` for each file, lazily and in order, in ``jobs`` processes if above one.

    ``work`` must pickle (a module-level function or a partial of one) when ``jobs > 1``.
    Standard input (``-``) is always read in this process, in its turn.
    """
    if jobs <= 1:
        yield from map(work, files)
        return
    # Imported here: a single-process run never pays for it.
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    window = jobs * _WINDOW_PER_JOB
    # The first tasks take one file each, so that a few files still go to every worker; then
    # up to _FILES_PER_TASK.
    started = 0
    pending: deque[Future[list[T]]] = deque()
    task: list[str] = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts) as pool:
        for path in files:
            if path == STDIN:
                if task:
                    pending.append(pool.submit(_each, work, task))
                    task = []
                while pending:
                    yield from pending.popleft().result()
                yield work(path)
                continue
            task.append(path)
            if len(task) < (1 if started < window else _FILES_PER_TASK):
                continue
            pending.append(pool.submit(_each, work, task))
            started += 1
            task = []
            if len(pending) >= window:
                yield from pending.popleft().result()
        if task:
            pending.append(pool.submit(_each, work, task))
        while pending:
            yield from pending.popleft().result()


def _each(work: Callable[[str], T], files: list[str]) -> list[T]:
    """One task of a worker: ``work`` on each of ``files``."""
    return [work(file) for file in files]
