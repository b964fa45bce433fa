"""Pandoc-Markdown debris → plain text: tables read column by column, escapes undone.

Why: the legal texts were converted from Word by pandoc. Their headers (issuer, number,
place and date) and signature blocks sit in two-column tables whose rows interleave
both columns on one line; read line by line, "ỦY BAN THƯỜNG VỤ" and "CỘNG HÒA XÃ HỘI…"
would be glued together and the document number lost. Escapes (``1\\.``, ``\\-``),
emphasis markers and rule lines would otherwise end up in every quote.
"""

from __future__ import annotations

import re

# A column rule of a pandoc simple/multiline table: dash runs separated by spaces.
_COLUMN_RULE = re.compile(r"^\s*-{3,}(?:\s+-{3,})+\s*$")
_FULL_RULE = re.compile(r"^\s*-{3,}\s*$")
_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_GRID_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MAX_TABLE_LINES = 400

_HARD_BREAK = re.compile(r"\\(\**)[ \t]*$", re.MULTILINE)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~>\"'<=$%&,:;?@^])")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_EMPHASIS = re.compile(r"\*+|(?<![\w])__|__(?![\w])")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_PIPES = re.compile(r"^\s*\|\s?|\s?\|\s*$", re.MULTILINE)
_DECORATION = re.compile(r"^[\s\-=_*~.·•]*$")
_ESCAPED_PLACEHOLDER = "\ue000{}\ue001"
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")

HARD_BREAK_MARK = "\u2028"  # kept through paragraph joining, then turned into "\n"


def _spans_from_rule(rule: str) -> list[int]:
    """Start offsets of the columns of a dash rule ("  ----- ------")."""
    return [m.start() for m in re.finditer(r"-+", rule)]


def _spans_from_border(border: str) -> list[int]:
    """Offsets of the '+' corners of a grid border ("+----+----+")."""
    return [i for i, ch in enumerate(border) if ch == "+"]


def _cut(line: str, starts: list[int]) -> list[str]:
    """Split a row at column starts, never inside a word that straddles a boundary."""
    cells: list[str] = []
    begin = 0
    for boundary in starts[1:]:
        cut = min(boundary, len(line))
        while 0 < cut < len(line) and not line[cut - 1].isspace() and not line[cut].isspace():
            cut -= 1
        if cut <= begin:
            cut = min(boundary, len(line))
        cells.append(line[begin:cut])
        begin = cut
    cells.append(line[begin:])
    return cells


def _cell_text(lines: list[str]) -> str:
    """A cell's wrapped lines joined into one line (hard breaks become spaces)."""
    joined = " ".join(_HARD_BREAK.sub(r"\1", ln).strip() for ln in lines if ln.strip())
    return joined.strip()


def _emit_rows(rows: list[list[list[str]]]) -> list[str]:
    """Cells row by row, each as its own paragraph."""
    out: list[str] = []
    for row in rows:
        for cell in row:
            text = _cell_text(cell)
            if text:
                out.extend([text, ""])
    return out


def _simple_table(lines: list[str], start: int) -> tuple[list[str], int] | None:
    """Read a headerless multiline table opened by a column rule at `start`."""
    starts = _spans_from_rule(lines[start])
    for end in range(start + 1, min(len(lines), start + _MAX_TABLE_LINES)):
        if _COLUMN_RULE.match(lines[end]) or _FULL_RULE.match(lines[end]):
            break
    else:
        return None
    rows: list[list[list[str]]] = []
    current: list[list[str]] = [[] for _ in starts]
    for line in lines[start + 1 : end]:
        if not line.strip():
            if any(current):
                rows.append(current)
            current = [[] for _ in starts]
            continue
        # the first column starts at the rule's first dash; text left of it belongs to it
        cells = _cut(line, [0, *starts[1:]])
        for index, cell in enumerate(cells):
            current[index].append(cell)
    if any(current):
        rows.append(current)
    return _emit_rows(rows), end + 1


def _grid_table(lines: list[str], start: int) -> tuple[list[str], int] | None:
    """Read a pandoc grid table (``+---+---+`` borders, ``|`` rows)."""
    corners = _spans_from_border(lines[start])
    rows: list[list[list[str]]] = []
    current: list[list[str]] = [[] for _ in corners[:-1]]
    end = start + 1
    while end < len(lines) and end < start + _MAX_TABLE_LINES:
        line = lines[end]
        if _GRID_BORDER.match(line):
            if any(current):
                rows.append(current)
            current = [[] for _ in corners[:-1]]
            end += 1
            continue
        if not _GRID_ROW.match(line):
            break
        for index in range(len(corners) - 1):
            current[index].append(line[corners[index] + 1 : corners[index + 1]])
        end += 1
    if any(current):
        rows.append(current)
    return _emit_rows(rows), end


def flatten_tables(text: str) -> str:
    """Replace pandoc simple/multiline and grid tables by their cells, row by row."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        parsed = None
        if _COLUMN_RULE.match(line):
            parsed = _simple_table(lines, index)
        elif _GRID_BORDER.match(line):
            parsed = _grid_table(lines, index)
        if parsed is None:
            out.append(line)
            index += 1
            continue
        cells, index = parsed
        out.extend(["", *cells])
    return "\n".join(out)


def strip_inline_markdown(text: str) -> str:
    """Undo escapes, emphasis, images, links, heading hashes and table pipes.

    A hard line break (a trailing backslash) becomes HARD_BREAK_MARK so the paragraph
    joiner keeps it as a line break.
    """
    text = _HARD_BREAK.sub(lambda m: m.group(1) + HARD_BREAK_MARK, text)
    escaped: list[str] = []

    def protect(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return _ESCAPED_PLACEHOLDER.format(len(escaped) - 1)

    text = _ESCAPE.sub(protect, text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = _HEADING.sub("", text)
    text = _PIPES.sub("", text)
    text = _PLACEHOLDER.sub(lambda m: escaped[int(m.group(1))], text)
    lines = ["" if _DECORATION.match(ln) else ln for ln in text.split("\n")]
    return "\n".join(lines)


def markdown_to_text(text: str) -> str:
    """Tables flattened, then inline debris removed; line structure otherwise kept."""
    return strip_inline_markdown(flatten_tables(text))
