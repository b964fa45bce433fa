"""`haicap eval FILE.jsonl`: score the answer pipeline on a question set.

Why these metrics: officials need exact answers with checkable citations, so an answer
counts only when the expected fact is in its text AND it cites an expected source;
unanswerable questions must not be "answered"; and every quote must really be in the
chunk it cites — a fabricated quote is the worst failure, so it is checked verbatim
(after `haicap.text.normalize`) against the stored chunk.

`evaluate(pipeline, questions, store)` is the callable core (tests use it with any
object that has `.answer(question, *, history, lang)`); `run_eval` is the command.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from answer.types import Answer, Citation
from haicap.settings import Settings
from haicap.text import normalize
from retrieval.recall import contains_fact, from_source, percentile

# Ellipses and quotation marks that mark a trimmed quote without being part of it.
_QUOTE_EDGES = " \t\n\"'“”„«»‘’…"


@dataclass
class EvalQuestion:
    """One line of the eval set (format: ../shared/eval/README.md)."""

    id: str
    question: str
    lang: str = ""
    expect_any: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    answerable: bool = True
    kind: str = ""
    set: str = ""


class EvalSetError(ValueError):
    """The question file cannot be used at all (missing, empty)."""


def load_questions(path: str | Path) -> tuple[list[EvalQuestion], list[str]]:
    """Questions and one message per skipped line (bad JSON, no question)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise EvalSetError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalSetError(f"{path}: cannot read ({exc})") from None
    questions: list[EvalQuestion] = []
    problems: list[str] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict) or not str(row.get("question") or "").strip():
                raise ValueError("no question")
            answerable = bool(row.get("answerable", True))
            expect = [str(x) for x in row.get("expect_any") or []]
            if answerable and not expect:
                raise ValueError("answerable but no expect_any")
            questions.append(
                EvalQuestion(
                    id=str(row.get("id") or f"line{number}"),
                    question=str(row["question"]),
                    lang=str(row.get("lang") or ""),
                    expect_any=expect,
                    sources=[str(x) for x in row.get("sources") or []],
                    answerable=answerable,
                    kind=str(row.get("kind") or ""),
                    set=path.stem,
                )
            )
        except (ValueError, TypeError) as exc:
            problems.append(f"{path}:{number}: skipped ({exc})")
    if not questions:
        raise EvalSetError(f"{path}: no usable question")
    return questions, problems


# -- metric functions ------------------------------------------------------------


def fact_present(answer: Answer, q: EvalQuestion) -> bool:
    """The answer text contains one of the expected strings (NFC + casefold)."""
    return contains_fact(answer.answer, q.expect_any)


def cites_expected_source(answer: Answer, q: EvalQuestion) -> bool:
    """At least one citation's document name contains one of the expected sources."""
    return any(from_source(c.document, q.sources) for c in answer.citations)


def is_correct(answer: Answer, q: EvalQuestion) -> bool:
    """Answerable question: answered (a refusal that merely shows the closest passage is not
    an answer), the fact present AND an expected source cited."""
    return (
        q.answerable
        and answer.status == "answered"
        and fact_present(answer, q)
        and cites_expected_source(answer, q)
    )


def is_refusal(answer: Answer) -> bool:
    """Anything but "answered" (not_found, out_of_scope, clarify) withholds an answer."""
    return answer.status != "answered"


def quote_in_text(quote: str, text: str) -> bool:
    """The quote is verbatim in the text after normalisation; an empty quote is not.

    Leading/trailing ellipses and quotation marks (a trimmed quote) are ignored.
    """
    core = normalize(quote).strip(_QUOTE_EDGES)
    return bool(core) and core in normalize(text)


def verbatim_form(text: str) -> str:
    """NFC + collapsed whitespace: the only changes a «quote» may make to its source."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def quote_verbatim(quote: str, source: str) -> bool:
    """Each part of the quote (parts joined by an ellipsis) stands in the source as written."""
    parts = [verbatim_form(p).strip(_QUOTE_EDGES) for p in re.split(r"…|\.\.\.", quote)]
    parts = [p for p in parts if p]
    haystack = verbatim_form(source)
    return bool(parts) and all(p in haystack for p in parts)


class SourceDocuments:
    """The cited document's own text, read from the file it was ingested from.

    Why not the stored chunk: chunks carry a heading line the tool built and repaired
    text ("gồm67" → "gồm 67") for search; a «quote» must be the document's own words, so
    the strict check reads the source again (through the same loaders as ingestion).
    """

    def __init__(self, store: Any) -> None:
        self.store = store
        self._texts: dict[str, str | None] = {}

    def text_for(self, document: str) -> str | None:
        if document not in self._texts:
            self._texts[document] = self._load(document)
        return self._texts[document]

    def _load(self, document: str) -> str | None:
        from ingestion.loaders import SkipFile, load_file

        try:
            chunks = self.store.all_chunks(where={"document": document})
        except Exception:
            return None
        for chunk in chunks[:1]:
            path = Path(str(chunk.metadata.get("source_path") or ""))
            if path.is_file():
                try:
                    return load_file(path)[0].text
                except (OSError, SkipFile):
                    return None
        return None


class ChunkLookup:
    """Finds the text a citation points at: by chunk id, else by document + locator,
    else the whole cited document (address answers cite a clause, "Điều 1, khoản 2",
    that ingestion packed into a chunk located "Điều 1, khoản 1–3", and carry no id).
    """

    def __init__(self, store: Any) -> None:
        self.store = store
        self.sources = SourceDocuments(store)
        self._by_id: dict[str, str | None] = {}
        self._by_document: dict[str, list[Any]] = {}

    def text_for(self, citation: Citation) -> str | None:
        if citation.chunk_id:
            if citation.chunk_id not in self._by_id:
                chunks, _ = self.store.get([citation.chunk_id])
                self._by_id[citation.chunk_id] = chunks[0].text if chunks else None
            text = self._by_id[citation.chunk_id]
            if text is not None:
                return text
        if citation.document:
            chunks = self._document_chunks(citation.document)
            located = [c for c in chunks if c.metadata.get("locator") == citation.locator]
            if located and any(quote_in_text(citation.quote, c.text) for c in located):
                return next(c.text for c in located if quote_in_text(citation.quote, c.text))
            for chunk in chunks:  # a chunk of the cited document holding the quote
                if quote_in_text(citation.quote, chunk.text):
                    return chunk.text
            if chunks:
                return (located or chunks)[0].text
        return None

    def _document_chunks(self, document: str) -> list[Any]:
        if document not in self._by_document:
            self._by_document[document] = self.store.all_chunks(where={"document": document})
        return self._by_document[document]


@dataclass
class CitationCheck:
    n: int
    document: str
    chunk_id: str
    valid: bool
    reason: str = ""  # "" | "chunk not found" | "quote not in chunk" | "empty quote"


def check_citations(answer: Answer, lookup: ChunkLookup) -> list[CitationCheck]:
    """Every citation of an answer, with whether its quote is verbatim in its chunk."""
    checks: list[CitationCheck] = []
    for c in answer.citations:
        text = lookup.text_for(c)
        if text is None:
            valid, reason = False, "chunk not found"
        elif not normalize(c.quote).strip(_QUOTE_EDGES):
            valid, reason = False, "empty quote"
        else:
            # The chunk holds repaired text for search ("gồm67" → "gồm 67"); a quote taken
            # as written from the source file is valid too.
            source = lookup.sources.text_for(c.document) if c.document else None
            valid = quote_in_text(c.quote, text) or (
                source is not None and quote_verbatim(c.quote, source)
            )
            reason = "" if valid else "quote not in chunk"
        checks.append(CitationCheck(c.n, c.document, c.chunk_id, valid, reason))
    return checks


# -- the evaluation --------------------------------------------------------------


@dataclass
class EvalRow:
    id: str
    lang: str
    question: str
    answerable: bool
    status: str
    answer: str
    correct: bool
    fact_present: bool
    source_cited: bool
    refused: bool
    citations: int
    valid_citations: int
    invalid_citations: list[dict] = field(default_factory=list)
    cited_documents: list[str] = field(default_factory=list)
    latency_ms: float = 0.0
    error: str = ""
    kind: str = ""
    set: str = ""
    route: str = ""
    quotes: int = 0
    verbatim_quotes: int = 0  # quotes found as written in the cited source file
    not_verbatim: list[dict] = field(default_factory=list)


@dataclass
class EvalSummary:
    questions: int
    answerable: int
    unanswerable: int
    correct: int
    accuracy: float  # correct / answerable
    refused_unanswerable: int
    refusal_rate: float  # refused unanswerable / unanswerable
    answered_unanswerable: list[str]
    citations: int
    valid_citations: int
    citation_validity: float  # valid / all citations (1.0 when there are none)
    errors: int
    latency_p50_ms: float
    latency_p95_ms: float
    accuracy_by_lang: dict[str, float] = field(default_factory=dict)
    accuracy_by_kind: dict[str, float] = field(default_factory=dict)
    counts_by_lang: dict[str, list[int]] = field(default_factory=dict)  # [correct, total]
    counts_by_kind: dict[str, list[int]] = field(default_factory=dict)
    quotes: int = 0
    verbatim_quotes: int = 0


@dataclass
class EvalReport:
    summary: EvalSummary
    rows: list[EvalRow]
    retrieval: dict | None = None  # RecallReport.to_json() when measured

    def to_json(self) -> dict:
        return {
            "summary": asdict(self.summary),
            "retrieval": self.retrieval,
            "rows": [asdict(r) for r in self.rows],
        }


def check_verbatim(answer: Answer, sources: SourceDocuments | None) -> list[dict]:
    """Quotes that are not the cited document's own words (empty list: all verbatim)."""
    bad = []
    for c in answer.citations:
        if not c.quote.strip():
            continue
        text = sources.text_for(c.document) if sources is not None else None
        if text is None or not quote_verbatim(c.quote, text):
            reason = "source not readable" if text is None else "not in source"
            bad.append({"n": c.n, "document": c.document, "quote": c.quote[:200], "reason": reason})
    return bad


def score_answer(
    q: EvalQuestion,
    answer: Answer,
    lookup: ChunkLookup,
    latency_ms: float,
    sources: SourceDocuments | None = None,
):
    checks = check_citations(answer, lookup)
    quoted = [c for c in answer.citations if c.quote.strip()]
    not_verbatim = check_verbatim(answer, sources) if sources is not None else []
    return EvalRow(
        id=q.id,
        lang=q.lang,
        question=q.question,
        answerable=q.answerable,
        status=answer.status,
        answer=answer.answer,
        correct=is_correct(answer, q),
        fact_present=q.answerable and fact_present(answer, q),
        source_cited=q.answerable and cites_expected_source(answer, q),
        refused=is_refusal(answer),
        citations=len(checks),
        valid_citations=sum(c.valid for c in checks),
        invalid_citations=[asdict(c) for c in checks if not c.valid],
        cited_documents=[c.document for c in answer.citations],
        latency_ms=round(latency_ms, 1),
        kind=q.kind,
        set=q.set,
        route=getattr(answer, "route", ""),
        quotes=len(quoted),
        verbatim_quotes=len(quoted) - len(not_verbatim) if sources is not None else 0,
        not_verbatim=not_verbatim,
    )


def error_row(q: EvalQuestion, exc: BaseException, latency_ms: float) -> EvalRow:
    """A question the pipeline crashed on: wrong if answerable, not a refusal either."""
    return EvalRow(
        id=q.id,
        lang=q.lang,
        question=q.question,
        answerable=q.answerable,
        status="error",
        answer="",
        correct=False,
        fact_present=False,
        source_cited=False,
        refused=False,
        citations=0,
        valid_citations=0,
        latency_ms=round(latency_ms, 1),
        error=f"{type(exc).__name__}: {exc}",
        kind=q.kind,
        set=q.set,
    )


def summarise(rows: Sequence[EvalRow]) -> EvalSummary:
    answerable = [r for r in rows if r.answerable]
    unanswerable = [r for r in rows if not r.answerable]
    citations = sum(r.citations for r in rows)
    valid = sum(r.valid_citations for r in rows)
    latencies = [r.latency_ms for r in rows if not r.error]
    by_lang: dict[str, list[bool]] = {}
    by_kind: dict[str, list[bool]] = {}
    for r in answerable:
        by_lang.setdefault(r.lang or "?", []).append(r.correct)
        by_kind.setdefault(r.kind or "?", []).append(r.correct)
    return EvalSummary(
        questions=len(rows),
        answerable=len(answerable),
        unanswerable=len(unanswerable),
        correct=sum(r.correct for r in answerable),
        accuracy=_ratio(sum(r.correct for r in answerable), len(answerable)),
        refused_unanswerable=sum(r.refused for r in unanswerable),
        refusal_rate=_ratio(sum(r.refused for r in unanswerable), len(unanswerable)),
        answered_unanswerable=[r.id for r in unanswerable if not r.refused],
        citations=citations,
        valid_citations=valid,
        citation_validity=_ratio(valid, citations, empty=1.0),
        errors=sum(bool(r.error) for r in rows),
        latency_p50_ms=round(percentile(latencies, 50), 1),
        latency_p95_ms=round(percentile(latencies, 95), 1),
        accuracy_by_lang={k: _ratio(sum(v), len(v)) for k, v in sorted(by_lang.items())},
        accuracy_by_kind={k: _ratio(sum(v), len(v)) for k, v in sorted(by_kind.items())},
        counts_by_lang={k: [sum(v), len(v)] for k, v in sorted(by_lang.items())},
        counts_by_kind={k: [sum(v), len(v)] for k, v in sorted(by_kind.items())},
        quotes=sum(r.quotes for r in rows),
        verbatim_quotes=sum(r.verbatim_quotes for r in rows),
    )


def _ratio(part: int, whole: int, empty: float = 0.0) -> float:
    return round(part / whole, 4) if whole else empty


# Loads the model and the indexes through the documents route without being one of
# the timed questions (whose query vectors must not be cached by the warm-up).
WARM_UP_QUESTION = "Nghị quyết 1656/NQ-UBTVQH15 có hiệu lực từ ngày nào?"


def evaluate(
    pipeline: Any,
    questions: Sequence[EvalQuestion],
    store: Any,
    *,
    warm_up: bool = True,
    progress: Any = None,
) -> EvalReport:
    """Run every question through `pipeline.answer` and score it.

    `warm_up` first answers a fixed question outside the set, untimed, so model
    loading is not counted in the latency figures. One question failing never stops
    the others.
    """
    lookup = ChunkLookup(store)
    sources = SourceDocuments(store)
    if warm_up and questions:
        # A failure here is recorded properly by the timed run below.
        with contextlib.suppress(Exception):
            pipeline.answer(WARM_UP_QUESTION, history=[], lang=None)
    rows: list[EvalRow] = []
    for q in questions:
        started = time.perf_counter()
        try:
            answer = pipeline.answer(q.question, history=[], lang=None)
        except Exception as exc:
            rows.append(error_row(q, exc, (time.perf_counter() - started) * 1000))
        else:
            latency = (time.perf_counter() - started) * 1000
            rows.append(score_answer(q, answer, lookup, latency, sources))
        if progress is not None:
            progress(q, rows[-1])
    return EvalReport(summarise(rows), rows)


# -- output ----------------------------------------------------------------------


def write_chart(report: EvalReport, path: Path, title: str) -> None:
    """Bar chart of the headline rates + per-question latency (PNG, no display)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    s = report.summary
    labels = ["accuracy", "refusal\n(unanswerable)", "citation\nvalidity"]
    values = [s.accuracy, s.refusal_rate, s.citation_validity]
    if report.retrieval:
        for name, key in (("recall@1", "@1"), ("recall@5", "@5")):
            if key in report.retrieval.get("recall", {}):
                labels.append(name)
                values.append(report.retrieval["recall"][key])
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    bars = left.bar(labels, values, color="#3b7dd8")
    left.bar_label(bars, labels=[f"{v:.0%}" for v in values])
    left.set_ylim(0, 1.12)
    left.set_title(f"{title}: {s.questions} questions")
    ids = [r.id for r in report.rows]
    colors = [
        "#2e9e5b" if (r.correct or (not r.answerable and r.refused)) else "#d9534f"
        for r in report.rows
    ]
    right.bar(ids, [r.latency_ms for r in report.rows], color=colors)
    right.axhline(s.latency_p50_ms, color="grey", linestyle="--", label="p50")
    right.axhline(s.latency_p95_ms, color="black", linestyle=":", label="p95")
    right.set_ylabel("ms (warm)")
    right.set_title("latency per question (green = correct)")
    right.tick_params(axis="x", labelrotation=90, labelsize=7)
    right.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def print_table(report: EvalReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 140))
    table = Table(title="haicap eval", show_lines=False)
    for col in ("id", "lang", "kind", "route", "status", "result", "quotes ok", "ms", "answer"):
        table.add_column(col, overflow="fold", max_width=60 if col == "answer" else None)
    for r in report.rows:
        if r.error:
            result = "[red]error[/red]"
        elif r.answerable:
            result = (
                "[green]correct[/green]"
                if r.correct
                else (
                    "[red]wrong[/red]"
                    + ("" if r.fact_present else " (no fact)")
                    + ("" if r.source_cited else " (no source)")
                )
            )
        else:
            result = "[green]refused[/green]" if r.refused else "[red]answered[/red]"
        table.add_row(
            r.id,
            r.lang,
            r.kind,
            r.route,
            r.status,
            result,
            f"{r.verbatim_quotes}/{r.quotes}",
            f"{r.latency_ms:.0f}",
            (r.error or r.answer).replace("\n", " ")[:120],
        )
    console.print(table)
    s = report.summary
    console.print(
        f"accuracy {s.correct}/{s.answerable} = {s.accuracy:.0%} · refusal "
        f"{s.refused_unanswerable}/{s.unanswerable} = {s.refusal_rate:.0%} · citation validity "
        f"{s.valid_citations}/{s.citations} = {s.citation_validity:.0%} · latency p50 "
        f"{s.latency_p50_ms:.0f} ms, p95 {s.latency_p95_ms:.0f} ms · errors {s.errors}"
    )
    console.print(
        f"quotes verbatim in their source file: {s.verbatim_quotes}/{s.quotes}"
        + " · by language: "
        + ", ".join(f"{k} {c}/{n}" for k, (c, n) in s.counts_by_lang.items())
        + " · by kind: "
        + ", ".join(f"{k} {c}/{n}" for k, (c, n) in s.counts_by_kind.items())
    )
    if report.retrieval:
        rec, src = report.retrieval["recall"], report.retrieval["source_recall"]
        console.print(
            "retrieval: "
            + " · ".join(f"recall{k} {v:.0%}" for k, v in rec.items())
            + " · "
            + " · ".join(f"source_recall{k} {v:.0%}" for k, v in src.items())
        )


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    """The `haicap eval` command: JSON report + PNG chart in --out, table or JSON out."""
    files = args.file if isinstance(args.file, list) else [args.file]
    questions, problems = [], []
    try:
        for file in files:
            got, skipped = load_questions(file)
            questions.extend(got)
            problems.extend(skipped)
    except EvalSetError as exc:
        print(f"haicap eval: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"haicap eval: {problem}", file=sys.stderr)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"haicap eval: cannot create --out {out}: {exc}", file=sys.stderr)
        return 2

    from retrieval.errors import ModelNotInstalled
    from retrieval.hybrid import build_retriever
    from retrieval.recall import retrieval_recall
    from retrieval.store import StoreUnavailable

    retrieval_only = bool(getattr(args, "retrieval_only", False))
    try:
        retriever = build_retriever(settings, warm=True)
        if retriever.store.count() == 0:
            print("haicap eval: the store is empty; run `haicap ingest` first", file=sys.stderr)
            return 1  # an error, not usage (README: exit codes)
        recall = retrieval_recall(lambda q, k: retriever.search(q, k), questions)
        if retrieval_only:
            report = EvalReport(summarise([]), [], recall.to_json())
        else:
            from answer.pipeline import build_pipeline

            pipeline = build_pipeline(settings)
            retriever.engine.clear_query_cache()  # time real query embeddings
            report = evaluate(pipeline, questions, retriever.store, progress=_progress(args))
            report.retrieval = recall.to_json()
    except (ModelNotInstalled, StoreUnavailable) as exc:
        print(f"haicap eval: {exc}", file=sys.stderr)
        return 1

    stem = "+".join(Path(f).stem for f in files)
    json_path = out / f"eval-{stem}.json"
    png_path = out / f"eval-{stem}.png"
    json_path.write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=2), "utf-8")
    if not retrieval_only:
        write_chart(report, png_path, stem)
    if getattr(args, "json", False):
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        if not retrieval_only:
            print_table(report)
        else:
            _print_recall(report.retrieval or {})
        print(f"report: {json_path}" + ("" if retrieval_only else f", chart: {png_path}"))
    return 0


def _progress(args: argparse.Namespace) -> Any:
    if getattr(args, "json", False):
        return None

    def show(q: EvalQuestion, row: EvalRow) -> None:
        print(f"  {q.id}: {row.status} ({row.latency_ms:.0f} ms)", file=sys.stderr)

    return show


def _print_recall(recall: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="retrieval recall (answerable questions)")
    for col in ("id", "first source rank", "first fact rank", "ms", "question"):
        table.add_column(col, overflow="fold")
    for row in recall.get("rows", []):
        table.add_row(
            row["id"],
            str(row["first_source_rank"] or "-"),
            str(row["first_hit_rank"] or "-"),
            f"{row['latency_ms']:.0f}",
            row["question"][:80],
        )
    console = Console()
    console.print(table)
    console.print(
        " · ".join(f"recall{k} {v:.0%}" for k, v in recall["recall"].items())
        + " · "
        + " · ".join(f"source_recall{k} {v:.0%}" for k, v in recall["source_recall"].items())
        + f" · retrieval p50 {recall['latency_p50_ms']:.0f} ms"
    )
