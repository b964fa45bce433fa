"""haicap against the RAG a user would build instead, in one run, on the same corpus.

    .venv/bin/python benchmarks/compare_naive.py [--out benchmarks/results] [--cold]
        [--sample 300] [--fp32-store]

Naive RAG: files read as plain text, RecursiveCharacterTextSplitter(1000, 200),
`langchain_chroma.Chroma` dense-only with the same model (our GemmaEmbeddings), top-4,
answer = the best chunk. haicap: its own ingestion, hybrid retriever and (when
`answer.pipeline` exists) answer pipeline. Reported: recall@1/@5 and answer accuracy on
../shared/eval/dev_qa.jsonl (plus recall on a generated question set), warm latency per
question, ingestion time, and embedding throughput on a sample of haicap's chunks:
plain fp32 sentence-transformers (what one gets by default) vs. haicap's embedding
settings, timed in alternating rounds so both see the same machine load.

--cold   embed everything afresh (a temp embedding cache): honest ingestion times.
--fp32-store  also ingest the corpus with fp32 vectors and compare recall@5 with the
         default bf16 store (slow the first time: ~2,200 chunks at fp32 speed; cached).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import corpus_files, dev_questions, generated_questions, ingest_corpus

from answer.evaluation import load_questions
from haicap.settings import Settings
from retrieval.recall import contains_fact, from_source, percentile, retrieval_recall


def _settings(data_dir: Path, cache_dir: Path | None, **extra: Any) -> Settings:
    base = Settings(HAICAP_DATA_DIR=str(data_dir), CHROMA_HOST="", **extra)
    if cache_dir is None:
        return base
    # a fresh embedding cache, the installed model where it is
    from haicap.model_fetch import model_path

    model = base.model_dir or model_path(base.models_dir, base.embed_model)
    return base.model_copy(update={"cache_dir": cache_dir, "model_dir": model})


def cached_vectors(settings: Settings) -> int:
    """Vectors in the embedding cache for this model, to tell fresh work from cache hits."""
    from retrieval.embeddings import get_embeddings

    emb = get_embeddings(settings)
    if emb.cache is None:
        return 0
    with emb.cache._lock:
        row = emb.cache._db.execute(
            "SELECT COUNT(*) FROM vectors WHERE model=?", (emb.model_key,)
        ).fetchone()
    return int(row[0])


# -- the naive RAG -------------------------------------------------------------------


class NaiveRag:
    """What the LangChain tutorials build: split, embed, top-4, best chunk answers."""

    def __init__(self, embeddings: Any, persist_dir: Path) -> None:
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma

        self.db = Chroma(
            collection_name="naive",
            embedding_function=embeddings,
            persist_directory=str(persist_dir),
            client_settings=ChromaSettings(anonymized_telemetry=False),
            collection_metadata={"hnsw:space": "cosine"},
        )

    def ingest(self, files: list[Path]) -> tuple[int, float]:
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        started = time.perf_counter()
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        docs = splitter.split_documents(
            [
                Document(page_content=f.read_text(encoding="utf-8"), metadata={"document": f.name})
                for f in files
            ]
        )
        for start in range(0, len(docs), 2000):  # Chroma refuses > 5,461 per call
            self.db.add_documents(docs[start : start + 2000])
        return len(docs), time.perf_counter() - started

    def search(self, question: str, k: int) -> list[Any]:
        return self.db.similarity_search(question, k=k)

    def answer(self, question: str) -> Any:
        """The best of the top-4 chunks is the answer (no refusal, no citation choice)."""
        return self.search(question, 4)[0]


def _group(q: Any) -> tuple[str, str, str]:
    """(language, kind, set) of a question; dev_qa.jsonl has no kinds: "dev"."""
    return q.lang or "?", q.kind or "dev", getattr(q, "set", "") or "?"


def breakdown(outcomes: list[tuple[Any, bool]]) -> dict[str, dict[str, list[int]]]:
    """[correct, total] of answerable questions per language, kind and question set."""
    out: dict[str, dict[str, list[int]]] = {"lang": {}, "kind": {}, "set": {}}
    for q, ok in outcomes:
        if not q.answerable:
            continue
        for axis, key in zip(("lang", "kind", "set"), _group(q), strict=True):
            cell = out[axis].setdefault(key, [0, 0])
            cell[0] += int(ok)
            cell[1] += 1
    return out


def naive_answers(rag: NaiveRag, questions: list[Any]) -> dict[str, Any]:
    rag.answer("warm-up")
    latencies, correct, answerable, refused_unanswerable = [], 0, 0, 0
    outcomes: list[tuple[Any, bool]] = []
    for q in questions:
        started = time.perf_counter()
        best = rag.answer(q.question)
        latencies.append((time.perf_counter() - started) * 1000)
        if q.answerable:
            answerable += 1
            ok = contains_fact(best.page_content, q.expect_any) and from_source(
                best.metadata["document"], q.sources
            )
            correct += ok
            outcomes.append((q, bool(ok)))
    unanswerable = len(questions) - answerable
    return {
        "accuracy": correct / answerable,
        "correct": correct,
        "answerable": answerable,
        "refusal_rate": refused_unanswerable / unanswerable if unanswerable else 0.0,
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
        "breakdown": breakdown(outcomes),
    }


# -- haicap ---------------------------------------------------------------------------


def haicap_answers(settings: Settings, retriever: Any, questions: list[Any]) -> dict | None:
    try:
        from answer.pipeline import build_pipeline
    except ImportError as exc:
        print(f"answer pipeline not available ({exc}); retrieval figures only", file=sys.stderr)
        return None
    from answer.evaluation import evaluate

    retriever.engine.clear_query_cache()  # time real query embeddings, as the naive side
    report = evaluate(build_pipeline(settings), questions, retriever.store)
    s = report.summary
    by_id = {q.id: q for q in questions}
    return {
        "accuracy": s.accuracy,
        "correct": s.correct,
        "answerable": s.answerable,
        "refused_unanswerable": s.refused_unanswerable,
        "unanswerable": s.unanswerable,
        "quotes": s.quotes,
        "verbatim_quotes": s.verbatim_quotes,
        "breakdown": breakdown([(by_id[r.id], r.correct) for r in report.rows]),
        "routes": {r.id: r.route for r in report.rows},
        "refusal_rate": s.refusal_rate,
        "citation_validity": s.citation_validity,
        "latency_p50_ms": s.latency_p50_ms,
        "latency_p95_ms": s.latency_p95_ms,
        "wrong": [r.id for r in report.rows if r.answerable and not r.correct],
        "answered_unanswerable": s.answered_unanswerable,
    }


def paired_retrieval_latency(
    naive: NaiveRag, retriever: Any, questions: list[Any], rounds: int = 3
) -> dict[str, dict[str, float]]:
    """Per-question retrieval time of both systems, timed alternately (same load).

    Both embed the question afresh each time (haicap's query-vector cache is cleared);
    for haicap the part spent outside the query embedding is reported too.
    """
    naive_ms, haicap_ms, haicap_rest_ms = [], [], []
    for _ in range(rounds):
        for q in questions:
            started = time.perf_counter()
            naive.search(q.question, 4)
            naive_ms.append((time.perf_counter() - started) * 1000)
            retriever.engine.clear_query_cache()
            timings: dict[str, float] = {}
            started = time.perf_counter()
            retriever.search(q.question, 8, timings=timings)
            haicap_ms.append((time.perf_counter() - started) * 1000)
            haicap_rest_ms.append(timings["total_ms"] - timings["embed_ms"])

    def stats(values: list[float]) -> dict[str, float]:
        return {"p50_ms": percentile(values, 50), "p95_ms": percentile(values, 95)}

    return {
        "naive": stats(naive_ms),
        "haicap": stats(haicap_ms),
        "haicap_without_embedding": stats(haicap_rest_ms),
    }


# -- embedding throughput ----------------------------------------------------------------


def embedding_throughput(settings: Settings, texts: list[str], rounds: int = 3) -> dict:
    """Chunks/s: plain fp32 sentence-transformers vs haicap's settings, no cache.

    Rounds alternate the two on equal slices, so a busy machine slows both alike.
    """
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    from haicap.model_fetch import model_path
    from retrieval.embeddings import GemmaEmbeddings

    folder = settings.model_dir or model_path(settings.models_dir, settings.embed_model)
    plain = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    ours = GemmaEmbeddings(
        folder, dim=settings.embed_dim, dtype=settings.embed_dtype,
        batch_size=settings.embed_batch_size, cache=None,
    )  # fmt: skip
    plain.encode(["warm-up"], prompt_name="document")
    ours.embed_documents_array(["warm-up"])
    seconds = {"plain_fp32": 0.0, "haicap": 0.0}
    vectors: dict[str, list] = {"plain_fp32": [], "haicap": []}
    size = max(1, len(texts) // rounds)
    for r in range(rounds):
        part = texts[r * size : (r + 1) * size] if r < rounds - 1 else texts[r * size :]
        order = ["plain_fp32", "haicap"] if r % 2 == 0 else ["haicap", "plain_fp32"]
        for name in order:
            started = time.perf_counter()
            if name == "plain_fp32":
                out = plain.encode(part, prompt_name="document", normalize_embeddings=True)
            else:
                out = ours.embed_documents_array(part)
            seconds[name] += time.perf_counter() - started
            vectors[name].append(np.asarray(out, dtype=np.float32))
    a, b = (np.concatenate(vectors[n]) for n in ("plain_fp32", "haicap"))
    cosines = (a * b).sum(axis=1)
    return {
        "chunks": len(texts),
        "mean_chars": round(sum(map(len, texts)) / len(texts)),
        "plain_fp32_per_s": round(len(texts) / seconds["plain_fp32"], 2),
        "haicap_per_s": round(len(texts) / seconds["haicap"], 2),
        "speedup": round(seconds["plain_fp32"] / seconds["haicap"], 2),
        "haicap_config": f"{settings.embed_dtype}, batch {settings.embed_batch_size}, "
        "length-sorted",
        "cosine_fp32_vs_haicap_mean": round(float(cosines.mean()), 4),
        "cosine_fp32_vs_haicap_min": round(float(cosines.min()), 4),
        "torch_threads": torch.get_num_threads(),
    }


# -- report ------------------------------------------------------------------------------


def write_chart(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2))
    labels = ["recall@1", "recall@5", "gen recall@1", "gen recall@5", "accuracy"]
    systems = [("naive RAG", "naive", "#999999"), ("haicap", "haicap", "#3b7dd8")]
    width = 0.38
    for i, (name, key, color) in enumerate(systems):
        sys_ = result[key]
        values = [
            sys_["dev"]["recall@1"],
            sys_["dev"]["recall@5"],
            sys_["generated"]["recall@1"],
            sys_["generated"]["recall@5"],
            (sys_.get("answers") or {}).get("accuracy", float("nan")),
        ]
        xs = [x + (i - 0.5) * width for x in range(len(labels))]
        bars = axes[0].bar(xs, values, width, label=name, color=color)
        axes[0].bar_label(bars, labels=[f"{v:.2f}" for v in values], fontsize=7)
    axes[0].set_xticks(range(len(labels)), labels, fontsize=8)
    axes[0].set_ylim(0, 1.15)
    axes[0].legend()
    axes[0].set_title("quality (dev set; gen = generated set)")

    lat = [
        result["naive"]["retrieval_latency"]["p50_ms"],
        result["haicap"]["retrieval_latency"]["p50_ms"],
    ]
    bars = axes[1].bar(["naive top-4", "haicap hybrid"], lat, color=["#999999", "#3b7dd8"])
    axes[1].bar_label(bars, labels=[f"{v:.0f} ms" for v in lat])
    axes[1].set_title("warm retrieval p50 per question")

    tp = result["throughput"]
    rates = [tp["plain_fp32_per_s"], tp["haicap_per_s"]]
    bars = axes[2].bar(["plain fp32", tp["haicap_config"]], rates, color=["#999999", "#3b7dd8"])
    axes[2].bar_label(bars, labels=[f"{v:.1f}/s" for v in rates])
    axes[2].set_title(f"embedding throughput ({tp['chunks']} haicap chunks)")
    axes[2].tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def print_table(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="naive RAG vs haicap (same corpus, same model, same questions)")
    table.add_column("measure")
    table.add_column("naive RAG", justify="right")
    table.add_column("haicap", justify="right")
    n, h = result["naive"], result["haicap"]

    def pct(v: float | None) -> str:
        return "-" if v is None else f"{v:.1%}"

    rows = [
        ("chunks in store", n["chunks"], h["chunks"]),
        ("ingest time (s)", f"{n['ingest_s']:.0f}", f"{h['ingest_s']:.0f}"),
        (
            "… chunks embedded (not cached)",
            n.get("embedded_fresh", "?"),
            h.get("embedded_fresh", "?"),
        ),
        ("dev recall@1", pct(n["dev"]["recall@1"]), pct(h["dev"]["recall@1"])),
        ("dev recall@5", pct(n["dev"]["recall@5"]), pct(h["dev"]["recall@5"])),
        ("dev source recall@5", pct(n["dev"]["source_recall@5"]), pct(h["dev"]["source_recall@5"])),
        ("generated recall@1", pct(n["generated"]["recall@1"]), pct(h["generated"]["recall@1"])),
        ("generated recall@5", pct(n["generated"]["recall@5"]), pct(h["generated"]["recall@5"])),
        (
            "retrieval p50 / p95 (ms)",
            "{p50_ms:.0f} / {p95_ms:.0f}".format(**n["retrieval_latency"]),
            "{p50_ms:.0f} / {p95_ms:.0f}".format(**h["retrieval_latency"]),
        ),
        (
            "… of which not query embedding",
            "-",
            "{p50_ms:.1f} / {p95_ms:.1f}".format(**h["retrieval_latency_without_embedding"]),
        ),
    ]
    ans_n, ans_h = n.get("answers") or {}, h.get("answers") or {}
    rows += [
        ("answer accuracy (dev)", pct(ans_n.get("accuracy")), pct(ans_h.get("accuracy"))),
        ("refusal on unanswerable", pct(ans_n.get("refusal_rate")), pct(ans_h.get("refusal_rate"))),
        ("citation validity", "-", pct(ans_h.get("citation_validity"))),
        (
            "answer p50 / p95 (ms)",
            "{:.0f} / {:.0f}".format(ans_n["latency_p50_ms"], ans_n["latency_p95_ms"]),
            "{:.0f} / {:.0f}".format(ans_h["latency_p50_ms"], ans_h["latency_p95_ms"])
            if ans_h
            else "-",
        ),
    ]
    for row in rows:
        table.add_row(*(str(c) for c in row))
    console = Console()
    console.print(table)
    tp = result["throughput"]
    console.print(
        f"embedding throughput on {tp['chunks']} haicap chunks (~{tp['mean_chars']} chars): "
        f"plain fp32 {tp['plain_fp32_per_s']}/s → haicap ({tp['haicap_config']}) "
        f"{tp['haicap_per_s']}/s = ×{tp['speedup']}; vector cosine fp32 vs ours mean "
        f"{tp['cosine_fp32_vs_haicap_mean']} (min {tp['cosine_fp32_vs_haicap_min']})"
    )
    console.print(
        f"1-min load average: {result['load_average_at_start']:.1f} at start, "
        f"{result.get('load_average_at_end', float('nan')):.1f} at end (2 cores)"
    )
    if "fp32_store" in result:
        f = result["fp32_store"]
        console.print(
            f"recall@5 with fp32 vectors: dev {f['dev']['recall@5']:.1%}, generated "
            f"{f['generated']['recall@5']:.1%} (bf16: dev {h['dev']['recall@5']:.1%}, generated "
            f"{h['generated']['recall@5']:.1%})"
        )


def breakdown_markdown(result: dict) -> str:
    """The per-language and per-kind table (haicap vs naive RAG) for benchmarks/README.md."""
    n = (result["naive"].get("answers") or {}).get("breakdown") or {}
    h = (result["haicap"].get("answers") or {}).get("breakdown") or {}
    lines = []
    for axis, title in (("set", "question set"), ("lang", "language"), ("kind", "kind")):
        lines += [f"| {title} | haicap | naive RAG |", "|---|---|---|"]
        for key in sorted(set(h.get(axis, {})) | set(n.get(axis, {}))):
            hc, ht = h.get(axis, {}).get(key, [0, 0])
            nc, nt = n.get(axis, {}).get(key, [0, 0])
            lines.append(f"| {key} | {hc}/{ht} | {nc}/{nt} |")
        lines.append("")
    ah, an = result["haicap"].get("answers") or {}, result["naive"].get("answers") or {}
    if ah and an:
        lines.append(
            f"| all answerable | {ah['correct']}/{ah['answerable']} "
            f"({ah['accuracy']:.0%}) | {an['correct']}/{an['answerable']} ({an['accuracy']:.0%}) |"
        )
        lines.append(
            f"| unanswerable not answered | {ah['refused_unanswerable']}/{ah['unanswerable']} "
            f"| 0/{ah['unanswerable']} |"
        )
        lines.append(f"| quotes verbatim in source | {ah['verbatim_quotes']}/{ah['quotes']} | - |")
    return "\n".join(lines) + "\n"


def _recall_block(search: Any, questions: list[Any]) -> dict:
    report = retrieval_recall(search, questions)
    return {
        "recall@1": report.recall[1],
        "recall@5": report.recall[5],
        "source_recall@1": report.source_recall[1],
        "source_recall@5": report.source_recall[5],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    parser.add_argument("--cold", action="store_true", help="fresh embedding cache")
    parser.add_argument("--sample", type=int, default=300, help="chunks for the throughput test")
    parser.add_argument("--fp32-store", action="store_true", help="also measure fp32 recall")
    parser.add_argument("--keep", action="store_true", help="keep the temp data dirs")
    parser.add_argument(
        "--quick", action="store_true", help="answers only: no throughput, no paired latency"
    )
    parser.add_argument(
        "--questions", nargs="*", default=[], help="more question sets (JSON Lines) to answer"
    )
    args = parser.parse_args()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def save() -> None:  # after every stage, so a long run shows what it has so far
        (out / "compare_naive.json").write_text(json.dumps(result, indent=2), "utf-8")

    work = Path(tempfile.mkdtemp(prefix="haicap-bench-"))
    cache_dir = work / "cache" if args.cold else None
    settings = _settings(work / "haicap", cache_dir)
    files = corpus_files()
    dev, gen = dev_questions(), generated_questions()
    for extra in args.questions:
        got, problems = load_questions(Path(extra))
        for problem in problems:
            print(problem, file=sys.stderr)
        dev.extend(got)
    result: dict[str, Any] = {
        "corpus_files": len(files),
        "cold_cache": args.cold,
        "load_average_at_start": os.getloadavg()[0],  # other jobs slow the model a lot
    }
    try:
        print("haicap: ingesting …", file=sys.stderr)
        before = cached_vectors(settings)
        chunks, seconds = ingest_corpus(settings)
        fresh = cached_vectors(settings) - before
        from retrieval.hybrid import build_retriever

        retriever = build_retriever(settings, warm=True)
        result["haicap"] = {
            "chunks": chunks,
            "ingest_s": seconds,
            "embedded_fresh": fresh,  # the rest came from the embedding cache
            "dev": _recall_block(lambda q, k: retriever.search(q, k), dev),
            "generated": _recall_block(lambda q, k: retriever.search(q, k), gen),
        }
        result["haicap"]["answers"] = haicap_answers(settings, retriever, dev)
        save()

        print("naive RAG: ingesting …", file=sys.stderr)
        from retrieval.embeddings import get_embeddings

        naive = NaiveRag(get_embeddings(settings), work / "naive")
        before = cached_vectors(settings)
        n_chunks, n_seconds = naive.ingest(files)
        n_fresh = cached_vectors(settings) - before
        result["naive"] = {
            "chunks": n_chunks,
            "ingest_s": n_seconds,
            "embedded_fresh": n_fresh,
            "dev": _recall_block(naive.search, dev),
            "generated": _recall_block(naive.search, gen),
            "answers": naive_answers(naive, dev),
        }
        latency = paired_retrieval_latency(naive, retriever, dev, rounds=1 if args.quick else 3)
        result["naive"]["retrieval_latency"] = latency["naive"]
        result["haicap"]["retrieval_latency"] = latency["haicap"]
        result["haicap"]["retrieval_latency_without_embedding"] = latency[
            "haicap_without_embedding"
        ]
        save()

        texts = [c.text for c in retriever.store.all_chunks()]
        random.Random(0).shuffle(texts)
        sample = texts[: 24 if args.quick else args.sample]
        print(f"embedding throughput on {len(sample)} chunks …", file=sys.stderr)
        result["throughput"] = embedding_throughput(settings, sample, rounds=1 if args.quick else 3)
        save()

        if args.fp32_store:
            print("fp32 store: ingesting …", file=sys.stderr)
            fp32 = _settings(work / "fp32", cache_dir, HAICAP_EMBED_DTYPE="float32")
            ingest_corpus(fp32)
            r32 = build_retriever(fp32, warm=True)
            result["fp32_store"] = {
                "dev": _recall_block(lambda q, k: r32.search(q, k), dev),
                "generated": _recall_block(lambda q, k: r32.search(q, k), gen),
            }
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    result["load_average_at_end"] = os.getloadavg()[0]
    save()
    write_chart(result, out / "compare_naive.png")
    (out / "compare_naive_breakdown.md").write_text(breakdown_markdown(result), "utf-8")
    print_table(result)
    print(breakdown_markdown(result))
    print(f"written {out / 'compare_naive.json'} and {out / 'compare_naive.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
