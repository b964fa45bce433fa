"""Vietnamese normalisation: one canonical form for every comparison."""

from __future__ import annotations

import unicodedata

from haicap.text import (
    clean_markdown_debris,
    find_doc_numbers,
    fold,
    lexical_tokens,
    normalize,
    unify_tones,
)


def test_nfd_and_nfc_normalise_to_the_same_text() -> None:
    word = "Chiềng Lề"
    assert normalize(unicodedata.normalize("NFD", word)) == normalize(word)
    assert unicodedata.is_normalized("NFC", normalize(unicodedata.normalize("NFD", word)))


def test_old_and_new_tone_placement_unify() -> None:
    pairs = [("hoà", "hòa"), ("thuỷ", "thủy"), ("Thuỵ", "Thụy"), ("khoẻ", "khỏe"), ("HOÀ", "HÒA")]
    for old, new in pairs:
        assert unify_tones(old) == unify_tones(new) == new


def test_syllables_with_final_consonant_or_qu_are_untouched() -> None:
    for word in ["hoàng", "thuyền", "quý", "Quỳnh", "khoảng"]:
        assert unify_tones(word) == word


def test_fold_strips_diacritics_and_maps_d_stroke() -> None:
    assert fold("Đoàn Kết, ĐÀ NẴNG") == "doan ket, da nang"


def test_document_numbers_stay_whole_lexical_tokens() -> None:
    tokens = lexical_tokens("Nghị quyết 1681/NQ-UBTVQH15 và Kết luận 150-KL/TW, 203/2025/QH15")
    assert "1681/nq-ubtvqh15" in tokens
    assert "150-kl/tw" in tokens
    assert "203/2025/qh15" in tokens


def test_find_doc_numbers_strict_and_loose() -> None:
    text = "Số: 1681/NQ-UBTVQH15 … Quyết định 1450-QĐ/TU, Chỉ thị 45-CT/TW ngày 14"
    assert find_doc_numbers(text) == ["1681/NQ-UBTVQH15", "1450-QĐ/TU", "45-CT/TW"]
    assert find_doc_numbers("what does 150-kl/tw say") == []
    assert find_doc_numbers("what does 150-kl/tw say", loose=True) == ["150-KL/TW"]


def test_markdown_debris_is_cleaned() -> None:
    raw = "1\\. Sắp xếp **xã\nĐoàn Kết**.\n  ----------------------- ---------------\n"
    cleaned = clean_markdown_debris(raw)
    assert cleaned.startswith("1. Sắp xếp xã")
    assert "**" not in cleaned and "-----" not in cleaned


def test_document_numbers_typed_without_separators() -> None:
    """On a phone: "nq 60 tw", "kl150/tw", "1681 nq ubtvqh15" are the same documents."""
    assert find_doc_numbers("nq 60 tw quyet the nao", loose=True) == ["60-NQ/TW"]
    assert find_doc_numbers("kl150/tw yeu cau gi", loose=True) == ["150-KL/TW"]
    assert find_doc_numbers("1681 nq ubtvqh15 co hieu luc khi nao", loose=True) == [
        "1681/NQ-UBTVQH15"
    ]
    assert find_doc_numbers("nq 60 tw") == []  # only questions are read loosely
    assert find_doc_numbers("nhiệm kỳ 2026 - 2031, khóa XIII", loose=True) == []
