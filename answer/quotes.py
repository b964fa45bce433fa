"""Map a span of a stored chunk back to the source document's own words.

Why: chunks are built for search — a heading path the tool wrote on their first line,
repaired text ("gồm67" → "gồm 67", "uỷ" → "ủy", emphasis marks dropped). A «quote» must
be the document as it stands (NFC and whitespace aside), so the answerer selects the
evidence in the chunk and this module finds the same words in the source file: both
sides are compared on their letters and digits only (folded), and the quote is cut from
the source at the matching characters.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from pathlib import Path
from typing import Any

from haicap.text import fold

_CACHE_SIZE = 64
_cache: OrderedDict[tuple[str, str], LooseText | None] = OrderedDict()
_lock = threading.Lock()


def verbatim_form(text: str) -> str:
    """NFC + collapsed whitespace: the only changes a «quote» may make to its source."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


class LooseText:
    """A text and its key (folded letters and digits) with each key char's position."""

    def __init__(self, text: str) -> None:
        self.text = text
        keys: list[str] = []
        positions: list[int] = []
        for index, char in enumerate(text):
            for k in fold(char):
                if k.isalnum():
                    keys.append(k)
                    positions.append(index)
        self.key = "".join(keys)
        self.positions = positions

    def find(self, words: str, near: float = 0.0) -> tuple[int, int] | None:
        """(start, end) in `text` of the letters and digits of `words`; the occurrence
        nearest the relative position `near` (0..1) when there are several."""
        probe = LooseText(words)
        if not probe.key:
            return None
        hits = [m.start() for m in re.finditer(re.escape(probe.key), self.key)]
        if not hits:
            return None
        target = near * len(self.key)
        at = min(hits, key=lambda h: abs(h - target))
        start = self.positions[at]
        end = self.positions[at + len(probe.key) - 1] + 1
        return self._widen(start, end, words)

    def _widen(self, start: int, end: int, words: str) -> tuple[int, int]:
        """Take in the punctuation the chunk span has at its edges ("8 %", "„Bildung“")."""
        tail = [c for c in re.search(r"[^\w]*$", words).group(0) if not c.isspace()]
        head = [c for c in re.match(r"[^\w]*", words).group(0) if not c.isspace()]
        for char in tail:
            probe = end
            while probe < len(self.text) and self.text[probe] in " *_\\":
                probe += 1
            if probe < len(self.text) and self.text[probe] == char:
                end = probe + 1
        for char in reversed(head):
            probe = start - 1
            while probe >= 0 and self.text[probe] in " *_\\":
                probe -= 1
            if probe >= 0 and self.text[probe] == char:
                start = probe
        return start, end


def source_of(metadata: dict[str, Any]) -> LooseText | None:
    """The cited document's text as the loaders read it (what `eval` checks quotes
    against), cached per file version; None when the file cannot be read."""
    path = str(metadata.get("source_path") or "")
    if not path:
        return None
    key = (path, str(metadata.get("file_sha") or ""))
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    loose = _load(Path(path))
    with _lock:
        _cache[key] = loose
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return loose


def _load(path: Path) -> LooseText | None:
    from ingestion.loaders import SkipFile, load_file

    try:
        if not path.is_file():
            return None
        return LooseText(verbatim_form(load_file(path)[0].text))
    except (OSError, SkipFile, ValueError):
        return None


def original_words(words: str, metadata: dict[str, Any], near: float = 0.0) -> str | None:
    """`words` (a span of a chunk) as the source document writes them, or None when the
    source is readable and does not hold them (a heading the tool built).

    When the source file is not readable (an ingested file since moved), the chunk's
    own words are returned: they are then the best evidence there is.
    """
    source = source_of(metadata)
    if source is None:
        return verbatim_form(words)
    span = source.find(words, near)
    if span is None:
        return None
    return source.text[span[0] : span[1]].strip()
