"""The one reader of `--batch` files (`haicap ask`, `haicap where`): one line in, one out.

Why one reader: callers align answers with questions by position, so both commands must
agree on what a line is. `str.splitlines()` also breaks on \\r, \\x0b, \\x0c, \\x1c-\\x1e,
\\x85, U+2028 and U+2029, which shifted every later answer against its question, and a
strict decode rejected a whole batch for one bad byte. The rules here:

- a line ends at "\\n" only; every other control character is data;
- one "\\r" right before the "\\n" belongs to the line ending (files saved on Windows),
  any other "\\r" is data;
- a final line without "\\n" is a line; the empty string after a final "\\n" is not;
- a UTF-8 byte-order mark at the very start is dropped;
- bytes that are not UTF-8 are replaced (U+FFFD) in their line only, never the batch;
- blank lines are lines: each gets an answer (status `not_found`, see README).
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

STDIN = "-"


def split_lines(stream: BinaryIO) -> Iterator[str]:
    """Decoded lines of a binary stream, read lazily (a batch may be large)."""
    first = True
    for raw in stream:  # binary iteration splits on b"\n" only
        if first:
            raw = raw.removeprefix(codecs.BOM_UTF8)
            first = False
        if raw.endswith(b"\n"):
            raw = raw[:-1]
            if raw.endswith(b"\r"):
                raw = raw[:-1]
        yield raw.decode("utf-8", errors="replace")


def batch_lines(source: str | Path) -> Iterator[str]:
    """The lines of a batch file, or of stdin when `source` is "-".

    OSError (missing or unreadable file) is raised on opening, before any line is
    yielded, so a command can refuse the batch before printing anything.
    """
    if str(source) == STDIN:
        return split_lines(sys.stdin.buffer)
    handle = Path(source).open("rb")  # noqa: SIM115 (closed by _closing_lines)
    return _closing_lines(handle)


def _closing_lines(handle: BinaryIO) -> Iterator[str]:
    with handle:
        yield from split_lines(handle)
