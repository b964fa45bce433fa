"""Retrieved chunks as passages: normalised text cut into sentences and clauses.

Why: quotes must be verbatim substrings of the chunk text (after `normalize`), so every
sentence is kept as a character span of that exact text; parsing is cached per chunk
because the same chunks come back for many questions.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from answer.lexmatch import TextView
from answer.vocab import words
from answer.vocab.provinces import province_names
from haicap.text import normalize

# Candidate sentence ends: paragraph breaks, a newline before a list item, a newline
# after closing punctuation, or ". " before a capital. Filtered below.
_BREAK = re.compile(
    r"\n[ \t]*\n"
    r"|\n(?=[ \t]*(?:\d{1,3}\\?\.|[a-zđ]\)|\\?-|•|\+)\s)"
    r"|(?<=[.!?…:|;])[ \t]*\n"
    r"|\n(?=[ \t]*[A-ZĐÀ-Ỹ\d„“«\"])"
    r"|(?<=[.!?…])[ \t]+(?=[\"„“«(\[]?[A-ZĐÀ-Ỹ0-9])"
)
_ABBREVIATIONS = words(
    "nr no tp tm st dr bzw vgl ca abs art ziff tel mr mrs ms ths ts gs pgs bs kl nq ct ngày "
    "nm jan feb mar apr jun jul aug sep sept oct okt nov dec dez u.a z.b d.h"
)
_LEAD = re.compile(r"(?:\s|\*\*|\\?-\s|•\s|\+\s|\|\s*|\d{1,3}\\?\.\s+|[a-zđ]\)\s+)+")
_TRAIL = re.compile(r"(?:\s|\*\*|\|)+$")
MAX_CLAUSE = 400


@dataclass
class Unit:
    """A sentence or clause: a span of the passage text and its folded view."""

    start: int
    end: int
    view: TextView
    sentence: int  # index of the sentence it belongs to


@dataclass
class Passage:
    """One retrieved chunk; `n` is its 1-based rank, `text` its normalised text."""

    n: int
    chunk_id: str
    text: str
    metadata: dict[str, Any]
    score: float = 0.0
    sentences: list[Unit] = field(default_factory=list)
    clauses: list[Unit] = field(default_factory=list)
    view: TextView | None = None
    context_view: TextView | None = None
    provinces: set[str] = field(default_factory=set)

    @property
    def language(self) -> str:
        return str(self.metadata.get("language") or "")

    @property
    def document(self) -> str:
        return str(self.metadata.get("document") or "")

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans, trimmed of list markers and markup, in text order."""
    cuts = [0]
    for m in _BREAK.finditer(text):
        if m.group(0).startswith(" ") or m.group(0).startswith("\t"):
            before = text[: m.start()].rstrip(".!?…")
            last_word = re.findall(r"[\w.]+$", before)
            word = last_word[0].lower() if last_word else ""
            # "14. Nationalen", "8. April": an ordinal, not a sentence end ("år 2025." is).
            if (word.isdigit() and len(word) <= 2) or word in _ABBREVIATIONS or len(word) == 1:
                continue
        cuts.append(m.end())
    cuts.append(len(text))
    spans: list[tuple[int, int]] = []
    for start, end in itertools.pairwise(cuts):
        lead = _LEAD.match(text, start, end)
        if lead:
            start = lead.end()
        trail = _TRAIL.search(text, start, end)
        if trail:
            end = trail.start()
        if end - start >= 8 and re.search(r"[^\W\d_]{2}", text[start:end]):
            spans.append((start, end))
    return spans


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A long sentence cut at semicolons (each clause of a list stands alone)."""
    if end - start <= 160 or ";" not in text[start:end]:
        return [(start, end)]
    spans = []
    cursor = start
    for m in re.finditer(r";\s*", text[start:end]):
        spans.append((cursor, start + m.start()))
        cursor = start + m.end()
    spans.append((cursor, end))
    return [(s, e) for s, e in spans if e - s >= 8]


def context_text(metadata: dict[str, Any]) -> str:
    """What the chunk is known to be about beyond its own words."""
    keys = ("title", "heading", "province", "doc_number", "doc_numbers", "issue_date",
            "locator", "issuer")  # fmt: skip
    return " ".join(str(metadata.get(k) or "") for k in keys)


_CACHE: OrderedDict[str, Passage] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 2048


def build_passage(n: int, chunk_id: str, text: str, metadata: dict, score: float) -> Passage:
    """Parse a chunk once (cached by id and text) and return it ranked as `n`."""
    text = normalize(text)
    key = f"{chunk_id}\x00{hash(text)}"
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
    if cached is None:
        cached = _parse(chunk_id, text, metadata)
        with _CACHE_LOCK:
            _CACHE[key] = cached
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return Passage(
        n=n,
        chunk_id=chunk_id,
        text=cached.text,
        metadata=dict(metadata),
        score=score,
        sentences=cached.sentences,
        clauses=cached.clauses,
        view=cached.view,
        context_view=cached.context_view,
        provinces=cached.provinces,
    )


def heading_line_end(text: str, metadata: dict) -> int:
    """Where the label line the chunker put above a chunk ends (0: none). Legal chunks
    always open with one ("Nghị quyết 60-NQ/TW — mục 5 (tiếp)"), other chunks when their
    first line is their section heading (ingestion/chunking.py)."""
    first_line = text.find("\n")
    if first_line <= 0:
        return 0
    heading = str(metadata.get("heading") or "").strip()
    if metadata.get("kind") == "legal" or (heading and text[:first_line].strip() == heading):
        return first_line
    return 0


def _split_at_heading(spans: list[tuple[int, int]], text: str, cut: int) -> list[tuple[int, int]]:
    """A sentence that runs on from the label line becomes the label and the document's
    own words after it: a quote never starts with a heading path the tool wrote."""
    if not cut:
        return spans
    out = []
    for start, end in spans:
        if start < cut < end:
            body = cut + len(text[cut:end]) - len(text[cut:end].lstrip())
            out.append((start, cut))
            if end - body >= 8:
                out.append((body, end))
        else:
            out.append((start, end))
    return out


def _parse(chunk_id: str, text: str, metadata: dict) -> Passage:
    sentences: list[Unit] = []
    clauses: list[Unit] = []
    spans = _split_at_heading(sentence_spans(text), text, heading_line_end(text, metadata))
    for index, (start, end) in enumerate(spans):
        sentences.append(Unit(start, end, TextView.of(text[start:end]), index))
        for c_start, c_end in clause_spans(text, start, end):
            clauses.append(Unit(c_start, c_end, TextView.of(text[c_start:c_end]), index))
    context = context_text(metadata)
    provinces = set(province_names(text)) | set(province_names(context))
    return Passage(
        n=0,
        chunk_id=chunk_id,
        text=text,
        metadata=dict(metadata),
        sentences=sentences,
        clauses=clauses,
        view=TextView.of(text),
        context_view=TextView.of(context),
        provinces=provinces,
    )


def from_documents(documents: list[Any]) -> list[Passage]:
    """LangChain `Document`s (metadata incl. chunk_id, score) → ranked passages."""
    passages = []
    for rank, doc in enumerate(documents, start=1):
        meta = dict(doc.metadata or {})
        chunk_id = str(meta.get("chunk_id") or getattr(doc, "id", "") or f"doc-{rank}")
        score = float(meta.get("score") or 0.0)
        passages.append(build_passage(rank, chunk_id, doc.page_content, meta, score))
    return passages
