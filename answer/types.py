"""The shapes that flow out of the answer pipeline (the `ask --json` contract).

Why separate: the bot, the CLI, eval and the benchmarks all consume these, and the
JSON they print is read by tools outside the project, so it is defined once here.
Fields may be added; none may be renamed or dropped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Status = Literal["answered", "not_found", "out_of_scope", "clarify"]


@dataclass
class Citation:
    """One numbered source of an answer; `quote` is verbatim from the cited chunk."""

    n: int
    document: str
    title: str
    doc_numbers: list[str]
    locator: str
    quote: str
    chunk_id: str = ""
    language: str = ""
    source_url: str = ""
    # The cited document's own number ("1681/NQ-UBTVQH15"); "" for news. Labels use it,
    # never a number merely mentioned in the passage.
    document_number: str = ""

    @property
    def label(self) -> str:
        return self.document_number or self.document


@dataclass
class Answer:
    """What the pipeline returns for one question."""

    status: Status
    answer: str
    language: str
    citations: list[Citation] = field(default_factory=list)
    # Extra fields (never rename the ones above):
    route: str = "documents"  # "documents" | "address" | "smalltalk"
    standalone_question: str = ""
    data_version: str = ""
    candidates: list[str] = field(default_factory=list)  # for status == "clarify"
    timings_ms: dict[str, float] = field(default_factory=dict)
    # The reply in the user's language with [n] markers and no quotes; `answer` is built
    # from it and the citations by answer.render (one renderer per surface).
    body: str = ""

    def to_json(self) -> dict:
        """The `ask --json` object: the contract keys first, extras after."""
        data = asdict(self)
        ordered = {key: data.pop(key) for key in ("status", "answer", "language", "citations")}
        ordered.update(data)
        return ordered


@dataclass
class Turn:
    """One exchange kept as short per-chat history for follow-up questions."""

    question: str
    standalone_question: str
    answer: str
    status: str
