"""Shared pieces of the retrieval benchmarks: corpus paths, ingestion, question sets.

Benchmarks (unlike the product) may read ../shared: it holds the corpus and the dev
questions. Nothing here is imported by product code.
"""

from __future__ import annotations

import os
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from answer.evaluation import EvalQuestion, load_questions  # noqa: E402
from haicap.settings import Settings  # noqa: E402
from haicap.text import clean_markdown_debris, fold, nfc, normalize  # noqa: E402

SHARED = Path(os.environ.get("HAICAP_SHARED_DIR", ROOT.parent / "shared"))


def corpus_files() -> list[Path]:
    """The evaluation corpus: the two seeds + the 35 legal texts (no licence file)."""
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    legal = sorted((SHARED / "corpus" / "legal").glob("*.md"))
    if not seeds or not legal:
        sys.exit(f"benchmark: corpus not found under {SHARED} (set HAICAP_SHARED_DIR)")
    return seeds + legal


DEV_SETS = ("dev_qa.jsonl", "dev_qa_public.jsonl")


def dev_questions() -> list[EvalQuestion]:
    """Both development sets, in one list (each question keeps its set, kind and lang)."""
    questions: list[EvalQuestion] = []
    for name in DEV_SETS:
        got, problems = load_questions(SHARED / "eval" / name)
        for problem in problems:
            print(problem, file=sys.stderr)
        questions.extend(got)
    return questions


def load_settings(tmp: Path, data_dir: str | None) -> Settings:
    """Settings for a load run in `tmp`: embedded store, own state file, no rate limit;
    the shared corpus is ingested first unless an ingested `data_dir` is given."""
    settings = Settings(
        HAICAP_DATA_DIR=data_dir or str(tmp / "data"),
        CHROMA_HOST="",
        HAICAP_STATE_URL=f"sqlite:///{tmp / 'state.sqlite'}",
        HAICAP_RATE_LIMIT_PER_MINUTE=0,
    )
    if data_dir is None:
        chunks, seconds = ingest_corpus(settings)
        print(f"ingested the shared corpus: {chunks} chunks in {seconds:.0f} s")
    return settings


def ingest_corpus(settings: Settings) -> tuple[int, float]:
    """haicap's own ingestion of the corpus; (chunks in the store, seconds)."""
    from ingestion.pipeline import ingest_paths

    started = time.perf_counter()
    report = ingest_paths(settings, [str(p) for p in corpus_files()], progress=False)
    return report.total_chunks, time.perf_counter() - started


# -- a generated question set, to tune fusion on more than the 15 dev questions -------

_COUNT = re.compile(
    r"Sau khi sắp xếp, (tỉnh|thành phố) ([^,]{2,25}?) có (\d+) đơn vị hành chính cấp xã"
)
_MERGE = re.compile(
    r"Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của ((?:xã|phường|thị trấn) [^.;:]{3,160}?)"
    r" thành (xã|phường|đặc khu) mới có tên gọi là (?:xã|phường|đặc khu) ([^.;,]{2,30}?)\s*[.;]"
)


@dataclass
class _Doc:
    number: str
    province: str
    text: str


def _legal_docs() -> list[_Doc]:
    docs = []
    for path in sorted((SHARED / "corpus" / "legal").glob("*_NQ-UBTVQH15.md")):
        text = clean_markdown_debris(nfc(path.read_text(encoding="utf-8")))
        text = re.sub(r"\s+", " ", text.replace("\\", ""))
        match = _COUNT.search(text)
        province = match.group(2) if match else ""
        docs.append(_Doc(path.name.split("_")[0], province, text))
    return docs


def generated_questions(seed: int = 7, merges_per_doc: int = 2) -> list[EvalQuestion]:
    """Questions built from the resolutions' own sentences, in the dev-set format.

    Per province: "how many commune-level units" in Vietnamese, unaccented Vietnamese,
    English, German and Swedish; and for `merges_per_doc` random merge clauses "which
    commune did A and B become", accented and unaccented. Answers are read from the
    text, so the set is as large as the corpus allows and never hand-tuned.
    """
    rng = random.Random(seed)
    questions: list[EvalQuestion] = []
    for doc in _legal_docs():
        count = _COUNT.search(doc.text)
        if count:
            kind, name, n = count.groups()
            unit = "tỉnh" if kind == "tỉnh" else "thành phố"
            vi = f"Sau sắp xếp, {unit} {name} có bao nhiêu đơn vị hành chính cấp xã?"
            for lang, question in (
                ("vi", vi),
                ("vi", fold(vi).replace("?", "")),
                ("en", f"How many commune-level units does {fold(name).title()} have now?"),
                ("de", f"Wie viele Gemeinden hat die Provinz {fold(name).title()} jetzt?"),
                ("sv", f"Hur många kommuner har provinsen {fold(name).title()} nu?"),
            ):
                questions.append(
                    EvalQuestion(f"g{doc.number}c{len(questions)}", question, lang, [n],
                                 [doc.number], True)
                )  # fmt: skip
        merges = [m for m in _MERGE.findall(doc.text) if "phần" not in m[0]]
        for olds, new_kind, new_name in rng.sample(merges, min(merges_per_doc, len(merges))):
            olds = re.sub(r"\s+", " ", olds).strip()
            vi = f"{olds[0].upper()}{olds[1:]} được sắp xếp thành {new_kind} nào?"
            # The naming phrase, so only the clause itself counts as a hit.
            fact = normalize(f"tên gọi là {new_kind} {new_name.strip()}")
            for lang, question in (("vi", vi), ("vi", fold(vi))):
                questions.append(
                    EvalQuestion(f"g{doc.number}m{len(questions)}", question, lang,
                                 [fact], [doc.number], True)
                )  # fmt: skip
    return questions
