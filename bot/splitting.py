"""Split Telegram HTML into messages of at most 4,096 characters, never inside a tag.

Why: Telegram rejects longer texts, and a cut inside `<b>` or `&amp;` makes the whole
message fail to parse. Cuts prefer a paragraph break, then a line break, then a space;
tags open at a cut are closed at the end of one part and reopened at the start of
the next, so every part is well-formed on its own. Lengths are counted in UTF-16 code
units over the raw HTML (Telegram counts UTF-16 after parsing, so this is safe).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TELEGRAM_LIMIT = 4096

_TOKEN = re.compile(r"<[^<>]*>|&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);|[^<&]|[<&]")
_EMPTY_PAIR = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?></\1>")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")

# Break kinds, best first; a break must leave a part at least this full to be chosen.
_PARAGRAPH, _LINE, _SPACE = 3, 2, 1
_MIN_FILL = 0.3


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (astral characters such as emoji count twice)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


@dataclass(frozen=True)
class _Atom:
    text: str
    kind: str  # "open" | "close" | "void" | "char" (a text character or an entity)
    name: str = ""


def _atoms(html: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for match in _TOKEN.finditer(html):
        token = match.group(0)
        if token.startswith("<") and len(token) > 1:
            name_match = _TAG_NAME.match(token)
            name = name_match.group(1).lower() if name_match else ""
            if token.startswith("</"):
                atoms.append(_Atom(token, "close", name))
            elif token.endswith("/>") or not name:
                atoms.append(_Atom(token, "void", name))
            else:
                atoms.append(_Atom(token, "open", name))
        else:
            atoms.append(_Atom(token, "char"))
    return atoms


def _closing(stack: list[_Atom]) -> str:
    return "".join(f"</{atom.name}>" for atom in reversed(stack))


def _apply(stack: list[_Atom], atom: _Atom) -> list[_Atom]:
    if atom.kind == "open":
        return [*stack, atom]
    if atom.kind == "close":
        for index in range(len(stack) - 1, -1, -1):
            if stack[index].name == atom.name:
                return stack[:index] + stack[index + 1 :]
    return stack


def _break_at(atoms: list[_Atom], pos: int) -> tuple[int, int]:
    """(kind, whitespace atoms consumed) for a cut before atoms[pos]; kind 0 = hard cut."""
    if pos >= len(atoms) or atoms[pos].kind != "char":
        return 0, 0
    if atoms[pos].text == "\n":
        if pos + 1 < len(atoms) and atoms[pos + 1].text == "\n":
            return _PARAGRAPH, 2
        return _LINE, 1
    if atoms[pos].text == " ":
        return _SPACE, 1
    return 0, 0


def _drop_empty_tags(html: str) -> str:
    """Remove `<b></b>`-style pairs a cut can leave behind (repeatedly, for nesting)."""
    while True:
        trimmed = _EMPTY_PAIR.sub("", html)
        if trimmed == html:
            return html
        html = trimmed


def visible_text(html: str) -> str:
    """The text without tags (entities kept as written): for emptiness checks and tests."""
    return "".join(a.text for a in _atoms(html) if a.kind == "char")


def split_html(html: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Well-formed parts of at most `limit` UTF-16 units each; blank parts are dropped."""
    if utf16_len(html) <= limit:
        return [html] if visible_text(html).strip() else []
    atoms = _atoms(html)
    parts: list[str] = []
    stack: list[_Atom] = []
    start = 0
    while start < len(atoms):
        prefix = "".join(atom.text for atom in stack)
        budget = limit - utf16_len(prefix)
        used = 0
        current = list(stack)
        best: dict[int, tuple[int, list[_Atom], int]] = {}  # kind -> (pos, stack, consumed)
        last = (start, current, 0)
        pos = start
        while pos < len(atoms):
            atom = atoms[pos]
            after = _apply(current, atom)
            cost = utf16_len(atom.text)
            if used + cost + utf16_len(_closing(after)) > budget and pos > start:
                break
            used += cost
            current = after
            pos += 1
            kind, consumed = _break_at(atoms, pos)
            best[kind] = last = (pos, current, consumed)
        if pos >= len(atoms):
            cut, cut_stack, consumed = pos, current, 0
        else:
            cut, cut_stack, consumed = last
            for kind in (_PARAGRAPH, _LINE, _SPACE):
                if kind in best:
                    candidate = best[kind]
                    filled = sum(utf16_len(a.text) for a in atoms[start : candidate[0]])
                    if filled >= budget * _MIN_FILL:
                        cut, cut_stack, consumed = candidate
                        break
        body = "".join(atom.text for atom in atoms[start:cut])
        part = _drop_empty_tags(prefix + body + _closing(cut_stack)).strip(" \n")
        if visible_text(part).strip():
            parts.append(part)
        stack = cut_stack
        start = cut + consumed
        while start < len(atoms) and atoms[start].kind == "char" and atoms[start].text in " \n":
            start += 1  # a part never starts with blank lines
    return parts
