"""Question hints (province, document number) and the fusion formulas, without a model."""

from __future__ import annotations

import pytest

from retrieval.fusion import FUSIONS, Candidate, FusionConfig, fuse
from retrieval.query_hints import HintCatalog, chunk_doc_keys, doc_key

METADATAS = [
    {"province": "Cà Mau", "doc_number": "1655/NQ-UBTVQH15", "doc_numbers": "1655/NQ-UBTVQH15"},
    {"province": "Hà Nội", "doc_number": "1656/NQ-UBTVQH15", "doc_numbers": "202/2025/QH15"},
    {"province": "Thành phố Hồ Chí Minh", "doc_number": "1685/NQ-UBTVQH15"},
    {"province": "Sơn La", "doc_number": "1681/NQ-UBTVQH15"},
    {"province": "Thừa Thiên Huế"},
    {"province": "", "doc_numbers": "45-CT/TW;47-KH/BCĐ"},
]


@pytest.fixture(scope="module")
def catalog() -> HintCatalog:
    return HintCatalog.from_metadatas(METADATAS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("tinh ca mau co bao nhieu phuong", ("Cà Mau",)),
        ("Tỉnh Cà Mau có bao nhiêu xã?", ("Cà Mau",)),
        ("How many communes does Hanoi have?", ("Hà Nội",)),
        ("Wie viele Gemeinden hat Ha-Noi?", ("Hà Nội",)),
        ("phuong Ben Thanh o TP HCM", ("Thành phố Hồ Chí Minh",)),
        ("Son La och Ca Mau", ("Sơn La", "Cà Mau")),
        ("thua thien hue", ("Thừa Thiên Huế",)),
        ("What is the weather tomorrow?", ()),
        ("maucaso", ()),  # no partial-word matches
    ],
)
def test_province_detection(catalog, question, expected):
    assert set(catalog.analyse(question).provinces) == set(expected)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Nghị quyết 1681/NQ-UBTVQH15 quy định gì?", ("1681/nq-ubtvqh15",)),
        ("ket luan 45-ct/tw", ("45-ct/tw",)),
        ("Was sagt der Plan 47-KH/BCĐ?", ("47-kh/bcd",)),
        ("nghi quyet 1656 ve ha noi", ("1656/nq-ubtvqh15",)),  # bare number + doc word
        ("Resolution 1685 on Ho Chi Minh City", ("1685/nq-ubtvqh15",)),
        ("Ha Noi co 1656 nguoi", ()),  # a number without a document word
        ("tinh ca mau co 64 xa", ()),
    ],
)
def test_document_number_detection(catalog, question, expected):
    assert catalog.analyse(question).doc_keys == expected


def test_chunk_doc_keys_merge_own_and_cited_numbers():
    assert chunk_doc_keys(METADATAS[1]) == {"1656/nq-ubtvqh15", "202/2025/qh15"}
    assert chunk_doc_keys(METADATAS[5]) == {"45-ct/tw", "47-kh/bcd"}
    assert doc_key("47-KH/BCĐ") == "47-kh/bcd"


def _cands() -> list[Candidate]:
    # a: the cross-lingual dense hit with no word in common with the question;
    # b: a weak lexical-only match (a shared place name), far down the dense list;
    # c: both agree moderately.
    return [
        Candidate("a", dense_score=0.62, lexical_score=0.0, dense_rank=1, lexical_rank=None),
        Candidate("b", dense_score=0.31, lexical_score=9.0, dense_rank=30, lexical_rank=1),
        Candidate("c", dense_score=0.55, lexical_score=3.0, dense_rank=2, lexical_rank=2),
    ]


def _order(method: str, **kw) -> list[str]:
    cands = _cands()
    scores = fuse(cands, FusionConfig(method=method, **kw))
    return [c.chunk_id for _, c in sorted(zip(-scores, cands, strict=True), key=lambda x: x[0])]


def test_equal_rrf_lets_a_weak_lexical_hit_outrank_the_dense_hit():
    """The failure that ruled equal-weight RRF out: "b" beats the dense winner "a"."""
    order = _order("rrf")
    assert order.index("b") < order.index("a")


@pytest.mark.parametrize("method", ["weighted_rrf", "dense_boost", "convex"])
def test_weighted_fusions_keep_the_dense_hit_above_a_weak_lexical_hit(method):
    order = _order(method, lexical_weight=0.2)
    assert order.index("a") < order.index("b")


def test_lexical_weight_moves_the_balance():
    assert _order("convex", lexical_weight=0.0)[0] == "a"
    assert _order("convex", lexical_weight=1.0)[0] == "b"


def test_plain_orders():
    assert _order("dense") == ["a", "c", "b"]
    assert _order("lexical") == ["b", "c", "a"]


def test_unknown_fusion_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown fusion"):
        fuse(_cands(), FusionConfig(method="magic"))
    assert set(FUSIONS) >= {"rrf", "weighted_rrf", "dense_boost", "convex"}
    assert fuse([], FusionConfig()).size == 0


def test_lexical_weight_follows_the_question_language():
    cfg = FusionConfig("dense_boost", 0.5, foreign_lexical_weight=0.1)
    assert cfg.for_language("vi").lexical_weight == 0.5
    assert cfg.for_language("de").lexical_weight == 0.1
    assert cfg.for_language("sv").method == "dense_boost"
    plain = FusionConfig("convex", 0.3)
    assert plain.for_language("en") is plain
