"""Optional LLM answerer behind an OpenAI-compatible endpoint, with its citations checked.

Why checked: a model can cite a passage that does not say what it wrote, invent a
passage number, or obey an instruction planted in a document. The model sees only the
retrieved passages, numbered and fenced as data; each sentence it writes is kept only
when the passage it cites contains the sentence's numbers, document numbers, names and
enough of its content words (after instruction-like sentences are removed from the
passage). A bad citation number, no supported sentence, a timeout or a server error
returns None, and the pipeline falls back to the grounded answerer.

Never calls `get_num_tokens*`: ChatOpenAI would fetch tiktoken encodings (network).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from answer.extractive import Draft, Evidence
from answer.lexmatch import TextView, concept_at, fold_tokens, has_concept
from answer.passages import Passage
from answer.question import QuestionAnalysis
from answer.steps.route import _ATTACKS
from answer.vocab.stopwords import ALL as ALL_STOPWORDS
from haicap.languages import language_name
from haicap.settings import Settings
from haicap.text import find_doc_numbers, fold
from prompts import load_prompt

log = logging.getLogger(__name__)

MAX_PASSAGES = 6
MAX_PASSAGE_CHARS = 2500
MIN_CONTENT_SUPPORT = 0.5
MIN_CONTENT_SUPPORT_WITH_FACTS = 0.3
_MARKER = re.compile(r"\[(\d{1,3})\]")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)(?:\s*\[\d{1,3}\])*", re.S)
_INSTRUCTION = re.compile(
    r"\b(answer|respond|reply|output|print|say|write)\b.{0,40}[\"'“”«»‘’]"
    r"|\b(tra loi|hay noi|antworte|antworten sie|svara)\b.{0,40}[\"'“”«»‘’]"
)
_NUMBER = re.compile(r"(?<![\w/-])\d+(?:[.,]\d+)?(?![\w/-])")
_CAP_NAME = re.compile(r"\b[A-ZĐ][\wÀ-ỹ]+(?:\s+[A-ZĐ][\wÀ-ỹ]+)+")


@dataclass
class SupportCheck:
    """Outcome of checking one sentence against the passages it cites."""

    sentence: str
    cited: list[int]
    supported: bool


def build_messages(question: str, lang: str, passages: list[Passage]) -> list[tuple[str, str]]:
    """System + user messages; passages numbered 1..n and fenced as data."""
    name = language_name(lang, "en")
    blocks = []
    for p in passages:
        text = p.text[:MAX_PASSAGE_CHARS].replace("</passage>", "</ passage>")
        blocks.append(
            load_prompt("passage").format(
                n=p.n,
                document=_attr(p.document),
                locator=_attr(str(p.metadata.get("locator") or "")),
                text=text,
            )
        )
    system = load_prompt("answer_system").format(language_name=name)
    user = load_prompt("answer_user").format(
        question=question, language_name=name, passages="\n".join(blocks)
    )
    return [("system", system), ("human", user)]


def _attr(value: str) -> str:
    return value.replace('"', "'").replace("<", "(").replace(">", ")")[:200]


def evidence_text(passage: Passage) -> str:
    """The passage without instruction-like sentences: planted commands support nothing."""
    kept = []
    for unit in passage.sentences:
        sentence = passage.text[unit.start : unit.end]
        folded = fold(sentence)
        if _ATTACKS.search(folded) or _INSTRUCTION.search(sentence.lower()):
            continue
        kept.append(sentence)
    return "\n".join(kept)


def _claim_parts(claim: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """Numbers, document numbers, capitalised names and content terms of a claim."""
    numbers = [n.replace(",", ".").split(".")[0] for n in _NUMBER.findall(claim)]
    docs = find_doc_numbers(claim, loose=True)
    names = _CAP_NAME.findall(claim)
    tokens = [t for t in fold_tokens(_MARKER.sub(" ", claim)) if not t.isdigit()]
    content: list[str] = []
    i = 0
    while i < len(tokens):
        hit = concept_at(tokens, i)
        if hit and (hit[1] > 1 or tokens[i] not in ALL_STOPWORDS):
            content.append("@" + hit[0])
            i += hit[1]
            continue
        if tokens[i] not in ALL_STOPWORDS and len(tokens[i]) > 2:
            content.append(tokens[i])
        i += 1
    return numbers, docs, names, content


def _content_hits(content: list[str], view: TextView) -> int:
    return sum(
        has_concept(view, term[1:]) if term.startswith("@") else view.has_form(term)
        for term in content
    )


def claim_supported(claim: str, evidence: str) -> bool:
    """Lexical support: the claim's facts are in the evidence and enough of its words."""
    numbers, docs, names, content = _claim_parts(claim)
    view = TextView.of(evidence)
    if not all(view.has_number(n) for n in numbers):
        return False
    folded_evidence = fold(evidence)
    if not all(fold(doc) in folded_evidence for doc in docs):
        return False
    for name in names:
        words = fold(name).split()
        present = sum(1 for w in words if f" {w} " in view.joined)
        if present * 2 < len(words):
            return False
    if not content:
        return False
    needed = MIN_CONTENT_SUPPORT_WITH_FACTS if (names or numbers) else MIN_CONTENT_SUPPORT
    return _content_hits(content, view) / len(content) >= needed


def check_reply(
    reply: str, passages: list[Passage], analysis: QuestionAnalysis | None = None
) -> tuple[list[SupportCheck], bool]:
    """Per-sentence support, and whether every cited number names a shown passage."""
    by_n = {p.n: p for p in passages}
    checks: list[SupportCheck] = []
    citations_valid = True
    for match in _SENTENCE.finditer(reply):
        sentence = match.group(0).strip()
        if not sentence:
            continue
        cited = [int(n) for n in _MARKER.findall(sentence)]
        if any(n not in by_n for n in cited):
            citations_valid = False
            checks.append(SupportCheck(sentence, cited, False))
            continue
        claim = _MARKER.sub("", sentence).strip()
        supported = bool(cited) and any(
            claim_supported(claim, evidence_text(by_n[n])) for n in cited
        )
        checks.append(SupportCheck(sentence, cited, supported))
    return checks, citations_valid


def _best_quote(passage: Passage, claim: str) -> tuple[int, int]:
    """The passage sentence that best supports the claim (its numbers count double)."""
    numbers, _, _, content = _claim_parts(claim)
    best, best_score = None, -1.0
    for unit in passage.sentences:
        sentence = passage.text[unit.start : unit.end]
        if _ATTACKS.search(fold(sentence)):
            continue
        score = 2 * sum(unit.view.has_number(n) for n in numbers)
        score += _content_hits(content, unit.view) - 0.001 * (unit.end - unit.start) / 100
        if score > best_score:
            best, best_score = unit, score
    if best is None:
        return 0, min(len(passage.text), 300)
    end = best.end if best.end - best.start <= 400 else best.start + 400
    while end < best.end and not passage.text[end - 1].isspace() and end > best.start + 1:
        end -= 1
    return best.start, end


class LLMAnswerer:
    """Calls the chat model and keeps only what the cited passages support."""

    def __init__(self, chat_model: Any, *, max_passages: int = MAX_PASSAGES) -> None:
        self.chat = chat_model
        self.max_passages = max_passages

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMAnswerer:
        from langchain_openai import ChatOpenAI

        chat = ChatOpenAI(
            base_url=settings.llm_base_url,
            model=settings.llm_model or "default",
            api_key=settings.llm_api_key.get_secret_value() or "unused",
            timeout=settings.llm_timeout,
            max_retries=0,
            temperature=0,
        )
        return cls(chat)

    def answer(
        self,
        question: str,
        lang: str,
        passages: list[Passage],
        analysis: QuestionAnalysis | None = None,
    ) -> Draft | None:
        """A checked draft, or None (→ the grounded answerer)."""
        shown = passages[: self.max_passages]
        if not shown:
            return None
        try:
            reply = self.chat.invoke(build_messages(question, lang, shown))
        except Exception as exc:  # timeout, connection refused, 5xx, bad JSON
            log.warning(
                "LLM answerer unavailable (%s); using the grounded answerer", type(exc).__name__
            )
            return None
        text = reply.content if isinstance(reply.content, str) else str(reply.content)
        return self.accept(text, shown, analysis)

    def accept(
        self, text: str, shown: list[Passage], analysis: QuestionAnalysis | None
    ) -> Draft | None:
        text = text.strip()
        if not text or text.upper().startswith("NOT_FOUND"):
            return None
        checks, citations_valid = check_reply(text, shown, analysis)
        if not citations_valid:
            log.info("LLM cited a passage that was not shown; falling back")
            return None
        kept = [c for c in checks if c.supported]
        if not kept:
            log.info("no LLM sentence was supported by its citation; falling back")
            return None
        by_n = {p.n: p for p in shown}
        order: list[int] = []
        for check in kept:
            for n in check.cited:
                if n not in order:
                    order.append(n)
        renumber = {old: new for new, old in enumerate(order, start=1)}
        sentences = [
            _MARKER.sub(lambda m: f"[{renumber[int(m.group(1))]}]", c.sentence) for c in kept
        ]
        evidence = []
        for old in order:
            claim = " ".join(_MARKER.sub("", c.sentence) for c in kept if old in c.cited)
            start, end = _best_quote(by_n[old], claim)
            evidence.append(Evidence(by_n[old], start, end, 1.0))
        return Draft(
            "answered",
            analysis.kind if analysis else "generic",
            evidence=evidence,
            text=" ".join(sentences),
        )
