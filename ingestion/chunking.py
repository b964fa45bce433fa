"""Units → chunks of ~100–300 Gemma tokens, each with its context line and metadata.

Why: a merge clause must never be cut (it is the answer to "which commune is X in
now?"), yet a 50-token clause alone is a thin passage, so short neighbours inside the
same Điều are packed together and a long one is split at điểm / paragraph / sentence
boundaries. Every chunk starts with where it comes from ("Nghị quyết 1681/NQ-UBTVQH15
— Điều 1. …"), because the clause itself rarely names the document or the province.

Budgets are characters: measured with the embeddinggemma tokenizer, Vietnamese legal
text runs ~3.3-3.6 characters per token, German ~4.2, Swedish ~3.5; the budgets use
a little less, and a test checks the real counts on the corpus.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from haicap import languages
from haicap.text import find_doc_numbers
from ingestion.model import ParsedDocument, Unit
from retrieval.store import Chunk

MIN_TOKENS = 100
MAX_TOKENS = 280  # estimated; the real count stays under 300 (checked by a test)
_SENTENCE_SPLIT = re.compile(r"(?<=[.;:!?…])\s+(?=\S)")
_NUMBER_LABEL = re.compile(r"^(.*?)(\d+|[a-zđ])$")


def chars_per_token(language: str) -> float:
    """Text length per embedding token in `language` (3.3 for an unknown one)."""
    if not languages.is_supported(language):
        return 3.3
    return languages.get(language).chars_per_token


def _budget(language: str, tokens: int) -> int:
    return int(tokens * chars_per_token(language))


def document_slug(name: str) -> str:
    """A short id prefix from the file name: "1681_NQ-UBTVQH15.md" → "1681-nq-ubtvqh15"."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return (slug or "doc")[:40]


def chunk_id(document: str, index: int, text: str) -> str:
    digest = hashlib.sha1(f"{document}\x1f{index}\x1f{text}".encode()).hexdigest()[:16]
    return f"{document_slug(document)}-{digest}"


def _context_line(doc: ParsedDocument, unit: Unit, body: str) -> str:
    """ "Nghị quyết 1681/NQ-UBTVQH15 (tỉnh Sơn La) — Điều 2. Hiệu lực thi hành"."""
    if doc.kind != "legal":
        return unit.heading
    label = doc.label
    if doc.province_phrase and doc.province.lower() not in f"{unit.heading}\n{body}".lower():
        label = f"{label} ({doc.province_phrase})"
    return f"{label} — {unit.heading}" if unit.heading else label


def _sentences(text: str) -> list[str]:
    """Sentences, never cutting after a leading "11." or "a)" item number."""
    out: list[str] = []
    for part in _SENTENCE_SPLIT.split(text):
        if out and len(out[-1]) < 12:
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def _split_long(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters: at line breaks, sentences, then words."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    for separator in ("\n", "sentence", " "):
        parts = _sentences(text) if separator == "sentence" else text.split(separator)
        if len(parts) > 1:
            glue = " " if separator in ("sentence", " ") else "\n"
            current = ""
            for part in parts:
                candidate = f"{current}{glue}{part}" if current else part
                if len(candidate) <= limit or not current:
                    current = candidate
                else:
                    pieces.append(current)
                    current = part
            if current:
                pieces.append(current)
            return [q for p in pieces for q in _split_long(p, limit)]
    return [text[i : i + limit] for i in range(0, len(text), limit)]


def _combine_locators(locators: list[tuple[str, ...]]) -> str:
    """("Điều 1","khoản 1"),("Điều 1","khoản 2") → "Điều 1, khoản 1–2"."""
    unique: list[tuple[str, ...]] = []
    for locator in locators:
        if locator and locator not in unique:
            unique.append(locator)
    if not unique:
        return ""
    if len(unique) == 1:
        return ", ".join(unique[0])
    prefix: list[str] = []
    for level in zip(*unique, strict=False):
        if all(part == level[0] for part in level):
            prefix.append(level[0])
        else:
            break
    depth = len(prefix)
    labels = [loc[depth] for loc in unique if len(loc) > depth]
    if not labels:
        return ", ".join(prefix)
    first, last = labels[0], labels[-1]
    first_match, last_match = _NUMBER_LABEL.match(first), _NUMBER_LABEL.match(last)
    if first == last:
        tail = first
    elif first_match and last_match and first_match.group(1) == last_match.group(1):
        tail = f"{first}–{last_match.group(2)}"
    else:
        tail = f"{first} – {last}"
    return ", ".join([*prefix, tail])


def _pack(doc: ParsedDocument, units: list[Unit]) -> list[list[Unit]]:
    """Greedy packing of consecutive units with the same group, within the budgets."""
    low, high = _budget(doc.language, MIN_TOKENS), _budget(doc.language, MAX_TOKENS)
    groups: list[list[Unit]] = []
    current: list[Unit] = []
    size = 0
    for unit in units:
        context = len(_context_line(doc, unit, unit.text)) + 1
        cost = len(unit.text) + 1
        if current and (unit.group != current[0].group or size >= low or size + cost > high):
            groups.append(current)
            current, size = [], 0
        if not current:
            size = context
        current.append(unit)
        size += cost
    if current:
        groups.append(current)
    # a tiny tail joins its neighbour when both fit
    merged: list[list[Unit]] = []
    for group in groups:
        if merged and merged[-1][0].group == group[0].group:
            total = sum(len(u.text) + 1 for u in merged[-1] + group)
            total += len(_context_line(doc, merged[-1][0], ""))
            if sum(len(u.text) for u in group) < low // 3 and total <= high:
                merged[-1].extend(group)
                continue
        merged.append(group)
    return merged


def _fit_units(doc: ParsedDocument) -> list[Unit]:
    """Units small enough for one chunk; a long one is cut into continuation pieces."""
    high = _budget(doc.language, MAX_TOKENS)
    out: list[Unit] = []
    for unit in doc.units:
        room = high - len(_context_line(doc, unit, unit.text)) - 12
        if len(unit.text) <= room:
            out.append(unit)
            continue
        for number, piece in enumerate(_split_long(unit.text, max(room, 200))):
            heading = unit.heading
            if number and unit.locator and doc.kind == "legal":
                tail = unit.locator[-1]
                heading = f"{heading} — {tail} (tiếp)" if heading else f"{tail} (tiếp)"
            out.append(Unit(piece, unit.locator, heading, unit.group))
    return out


def build_chunks(
    doc: ParsedDocument, *, source_path: str, file_sha: str, extra: dict[str, Any] | None = None
) -> list[Chunk]:
    """Chunks with stable ids and the metadata documented on `retrieval.store.Chunk`."""
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for group in _pack(doc, _fit_units(doc)):
        body = "\n".join(unit.text for unit in group)
        context = _context_line(doc, group[0], body)
        text = f"{context}\n{body}" if context else body
        # A passage repeated within the document is stored once: a file of 50,000
        # identical lines was 1,251 identical chunks to embed, store and rank.
        key = " ".join(text.split())
        if key in seen:
            continue
        seen.add(key)
        index = len(chunks)  # positions of the kept chunks stay consecutive
        numbers = find_doc_numbers(text)
        if doc.doc_number and doc.doc_number not in numbers:
            numbers.insert(0, doc.doc_number)
        metadata: dict[str, Any] = {
            "document": doc.name,
            "title": doc.title,
            "source_path": source_path,
            "doc_numbers": ";".join(numbers),
            "doc_number": doc.doc_number,
            "issue_date": doc.issue_date,
            "issuer": doc.issuer,
            "language": doc.language,
            "source_url": doc.source_url,
            "locator": _combine_locators([unit.locator for unit in group]),
            "heading": group[0].heading,
            "kind": doc.kind,
            "province": doc.province,
            "chunk_index": index,
            "file_sha": file_sha,
        }
        for key, value in (extra or {}).items():
            if key not in metadata or not metadata[key]:
                metadata[key] = value
        chunks.append(Chunk(chunk_id(doc.name, index, text), text, metadata))
    return chunks
