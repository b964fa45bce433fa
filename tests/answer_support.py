"""Small synthetic passages and an in-memory retriever for the answer tests.

Why synthetic: unit tests of the answer steps must not depend on the embedding model
or on the real corpus (those are covered end to end); the texts imitate the chunk
format the ingestion produces (context line, then paragraphs) with invented figures,
so no test can pass by knowing the dev-set answers.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from answer.lexmatch import TextView
from haicap.text import fold

LEGAL_META = {
    "document": "9001_NQ-UBTVQH15.md",
    "title": "Nghị quyết về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Lai Châu năm 2025",
    "doc_number": "9001/NQ-UBTVQH15",
    "doc_numbers": "9001/NQ-UBTVQH15",
    "issue_date": "2025-06-16",
    "issuer": "Ủy ban Thường vụ Quốc hội",
    "language": "vi",
    "source_url": "",
    "kind": "legal",
    "province": "Lai Châu",
}

SYNTHETIC: list[tuple[str, str, dict[str, Any]]] = [
    (
        "legal-arr",
        "Nghị quyết 9001/NQ-UBTVQH15 (tỉnh Lai Châu) — Điều 1. Sắp xếp các đơn vị hành chính "
        "cấp xã của tỉnh Lai Châu\n"
        "7. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của các xã Nậm Tăm, Pa Vây Sử "
        "và Tà Mung thành xã mới có tên gọi là xã Mường Kim.\n"
        "8. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của các phường Đông Phong, Quyết "
        "Thắng và Tân Phong thành phường mới có tên gọi là phường Tân Phong.",
        {**LEGAL_META, "locator": "Điều 1, khoản 7–8", "heading": "Điều 1"},
    ),
    (
        "legal-count",
        "Nghị quyết 9001/NQ-UBTVQH15 (tỉnh Lai Châu) — Điều 1. Sắp xếp các đơn vị hành chính "
        "cấp xã của tỉnh Lai Châu\n"
        "41. Sau khi sắp xếp, tỉnh Lai Châu có 47 đơn vị hành chính cấp xã, gồm 43 xã và 04 "
        "phường; trong đó có 37 xã, 04 phường hình thành sau sắp xếp quy định tại Điều này và "
        "06 xã không thực hiện sắp xếp là các xã Mù Cả, Thu Lũm, Pa Ủ, Tà Tổng, Bum Nưa, Nậm Ban.",
        {**LEGAL_META, "locator": "Điều 1, khoản 41", "heading": "Điều 1"},
    ),
    (
        "legal-head",
        "Nghị quyết 9001/NQ-UBTVQH15\nỦY BAN THƯỜNG VỤ QUỐC HỘI\nSố: 9001/NQ-UBTVQH15\n"
        "Hà Nội, ngày 16 tháng 6 năm 2025\nNGHỊ QUYẾT\n"
        "VỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ HÀNH CHÍNH CẤP XÃ CỦA TỈNH LAI CHÂU NĂM 2025\n"
        "Căn cứ Nghị quyết số 202/2025/QH15 ngày 12 tháng 6 năm 2025 của Quốc hội về sắp xếp "
        "đơn vị hành chính cấp tỉnh;",
        {**LEGAL_META, "locator": "phần mở đầu", "heading": ""},
    ),
    (
        "legal-effect",
        "Nghị quyết 9001/NQ-UBTVQH15 (tỉnh Lai Châu) — Điều 2. Hiệu lực thi hành\n"
        "1. Nghị quyết này có hiệu lực thi hành từ ngày được thông qua.\n"
        "2. Chính quyền địa phương ở các đơn vị hành chính cấp xã hình thành sau sắp xếp chính "
        "thức hoạt động từ ngày 01 tháng 7 năm 2025.",
        {**LEGAL_META, "locator": "Điều 2, khoản 1–2", "heading": "Điều 2. Hiệu lực thi hành"},
    ),
    (
        "legal-end",
        "Nghị quyết 9001/NQ-UBTVQH15\n"
        "Nghị quyết này được Ủy ban Thường vụ Quốc hội thông qua ngày 16 tháng 6 năm 2025.\n"
        "TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI CHỦ TỊCH Lê Văn Thành",
        {**LEGAL_META, "locator": "phần kết", "heading": ""},
    ),
    (
        "news-de-2",
        "Die Provinz Dien Bien hat ein Projekt zur Umstrukturierung von 160 "
        "Verwaltungseinheiten auf Gemeindeebene in 52 Verwaltungseinheiten auf Gemeindeebene "
        "entwickelt, was einer Reduzierung um 67,5 % entspricht.",
        {
            "document": "de_dien-bien-test.txt",
            "title": "Die Provinz Dien Bien setzte die Richtlinie um",
            "doc_number": "",
            "doc_numbers": "",
            "issue_date": "",
            "issuer": "example.org",
            "language": "de",
            "source_url": "https://example.org/dien-bien",
            "kind": "news",
            "province": "",
            "locator": "đoạn 4",
            "heading": "",
        },
    ),
    (
        "news-de",
        "Die Provinz Dien Bien setzte die Richtlinie Nr. 52-CT/TW vom 3. März 2025 des "
        "Politbüros zur Vorbereitung der Parteitage auf allen Ebenen um.\n"
        "Genosse Tran Quoc Cuong, Sekretär des Provinzparteikomitees, leitete die Sitzung; "
        "Le Thanh Do, stellvertretender Vorsitzender des Volkskomitees der Provinz, berichtete "
        "über 17 unerledigte Aufgaben.\n"
        "Die Provinz startete die Bewegung „Grüne Dörfer für alle“ für den Zeitraum 2025–2027.",
        {
            "document": "de_dien-bien-test.txt",
            "title": "Die Provinz Dien Bien setzte die Richtlinie um",
            "doc_number": "",
            "doc_numbers": "52-CT/TW",
            "issue_date": "",
            "issuer": "example.org",
            "language": "de",
            "source_url": "https://example.org/dien-bien",
            "kind": "news",
            "province": "",
            "locator": "đoạn 1–3",
            "heading": "",
        },
    ),
]


def synthetic_documents() -> list[Document]:
    return [
        Document(page_content=text, metadata={**meta, "chunk_id": cid, "score": 1.0}, id=cid)
        for cid, text, meta in SYNTHETIC
    ]


class TinyRetriever(BaseRetriever):
    """Ranks documents by shared folded words: enough to exercise the pipeline."""

    documents: list[Document]
    k: int = 8
    calls: int = 0

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        self.calls += 1
        k = int(kwargs.get("k", self.k))
        words = set(TextView.of(query).tokens)
        scored = []
        for doc in self.documents:
            view = TextView.of(doc.page_content + " " + fold(str(doc.metadata.get("title"))))
            overlap = len(words & set(view.tokens))
            if overlap:
                scored.append((overlap, doc))
        scored.sort(key=lambda item: -item[0])
        return [doc for _, doc in scored[:k]]


class EmptyStore:
    def count(self) -> int:
        return 0


class EmptyRetriever(TinyRetriever):
    """A retriever over an empty store (exposes `.store` like the hybrid retriever)."""

    @property
    def store(self) -> EmptyStore:
        return EmptyStore()
