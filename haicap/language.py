"""Which of haicap's languages (vi, en, de, sv) a text is written in.

Why a home-made detector: four languages only, offline, and it must also catch
Vietnamese typed without diacritics on a phone ("tinh ca mau co bao nhieu phuong").
Ingestion labels every chunk with it and the answer layer uses it to pick the reply
language, so both must agree: one function, here.
"""

from __future__ import annotations

import re
import unicodedata

from haicap.text import fold

SUPPORTED = ("vi", "en", "de", "sv")
DEFAULT = "vi"


# Folded (no diacritics) function words and reform vocabulary. Words that are common
# in two of the languages ("de", "den", "in", "so") are left out or kept only where
# they are far more frequent.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "vi": _words(
        """va cua la cac nhung duoc khong cho voi nay trong mot nguoi theo tai ve da se
        thi nao bao nhieu gi sau khi xa phuong tinh huyen thanh pho nghi quyet dieu khoan
        ngay thang nam o dau toi hien moi cu truoc sap xep don vi hanh chinh cap nhap
        gom co ai nhu the sao phai tu ra vao len cung hay hoac ma neu vay day kia roi
        chu lai van ho tren duoi giua cach dan quoc hoi uy ban truong dang"""
    ),
    "en": _words(
        """the and of to in is are what which who whom how many much does do was were
        for on with by that this these from after before be it as at an a or have has
        did when where why will would can could should province provinces commune
        communes district new old into about under their its there been not"""
    ),
    "de": _words(
        """der die das und ist nicht ein eine einen einem eines des dem zu mit von im
        auf fur welche welcher welches wie was wer wo sich bei nach auch es wird
        werden sind hat haben oder als aus uber zum zur vom ich sie wir wurde wurden
        gemeinde gemeinden provinz bezirk neue neuen alte viele wieviele"""
    ),
    "sv": _words(
        """och att det som ett ar pa for med av till inte om har hur manga vad vem
        vilken vilka vilket efter fran jag var nar ocksa under ska kan sig vid detta
        denna dessa eller sin sina kommun kommuner provinsen provins nya gamla blev
        bildades finns"""
    ),
}

# Letters that only one of the four languages uses.
_VI_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")
_VI_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WORD = re.compile(r"[^\W\d_]+")


def _vietnamese_marks(word: str) -> bool:
    """True when a word carries a mark de/sv/en never use (ơ, đ, hook, dot below…)."""
    if any(ch in _VI_LETTERS for ch in word):
        return True
    decomposed = unicodedata.normalize("NFD", word)
    marks = {ch for ch in decomposed if unicodedata.combining(ch)}
    # Acute alone is too weak (café, é in Swedish names); grave/tilde/hook/dot are not.
    return bool(marks & (_VI_TONES - {"\u0301"}))


def detect_language(text: str) -> str:
    """Best guess among vi/en/de/sv; "vi" when there is nothing to go on."""
    words = _WORD.findall(unicodedata.normalize("NFC", text or ""))
    if not words:
        return DEFAULT
    scores = dict.fromkeys(SUPPORTED, 0.0)
    for word in words:
        folded = fold(word)
        lower = word.lower()
        if _vietnamese_marks(word):
            # A capitalised word is often a place name quoted inside another language.
            scores["vi"] += 0.3 if word[0].isupper() else 1.0
        if "å" in lower:
            scores["sv"] += 2
        if "ß" in lower or "ü" in lower:
            scores["de"] += 2
        if "ä" in lower or "ö" in lower:
            scores["de"] += 0.5
            scores["sv"] += 0.5
        for lang, words_of in _STOPWORDS.items():
            if folded in words_of:
                scores[lang] += 1
    best = max(SUPPORTED, key=lambda lang: (scores[lang], lang == DEFAULT))
    return best if scores[best] > 0 else DEFAULT
