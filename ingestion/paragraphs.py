"""Plain text → clean paragraphs: hard wraps joined, glued words split, debris dropped.

Why: the Markdown legal texts wrap lines at ~72 characters, PDFs break every visual
line, while the news seeds put one paragraph per line. A paragraph is the unit of
chunking and of the "đoạn N" locator, so it must be found the same way in each.
Words glued by the conversion ("desPolitbüros", "phườngNgô", "Điều nàythành") break
lexical search; they are split only where a rule is sure.
"""

from __future__ import annotations

import re
import statistics

from haicap.text import fold, normalize
from ingestion.markdown import HARD_BREAK_MARK

# A line this long or longer is never a hard-wrapped line of running text.
_WRAP_MAX = 110
_SENTENCE_END = re.compile(r"[.:;!?…\"”»)]$")
_ITEM_START = re.compile(r"^(?:\d{1,3}\s*[.)]\s|[a-zđ]\)\s|[-–•+]\s|Điều\s+\d+|[IVXLC]+\s*[-.–]\s)")
_DASH_RUN = re.compile(r"(?:(?<=\s)|^)[-–=_]{3,}(?=\s|$)")
_SITE_DEBRIS = re.compile(
    r"\b(?:Kommentare?|Kommentarer|Comments?|Bình luận)\s*\(\d+\)", re.IGNORECASE
)

# Vietnamese syllables, folded (no diacritics): onset + rhyme. Used to split a glued
# token only when it is not a syllable itself and its parts are.
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
_NUCLEUS = (
    r"(?:uye|uya|uyu|uoi|uou|oai|oay|oeo|uay|ieu|yeu|uo|ua|ui|uy|uu|ue|ie|ye|ia|iu|"
    r"oa|oe|oi|oo|ai|ao|au|ay|eo|eu|a|e|i|o|u|y)"
)
_CODA = r"(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(rf"^{_ONSET}{_NUCLEUS}{_CODA}$")
# Words the conversion glues most often; a split must produce at least one of them,
# so ethnic-minority names written in one piece ("Đakrông", "Ayun") stay whole.
_GLUE_WORDS = frozenset(
    re.findall(
        r"\S+",
        """và các của thành xã phường một này toàn lại xếp trấn huyện tỉnh quận thị
    theo tại khoản điều phần có là với sau khi được mới gọi tên số thông qua ngày tháng
    năm như chính quyền nhân dân đơn vị hành cấp gồm từ đến trong những để""",
    )
)
# After a lone capital ("Bthành", "Avà") only these; "Bla", "Glai", "Kla" are names.
_STRONG_GLUE = frozenset(
    ("thành", "và", "của", "các", "xã", "phường", "sau", "thông", "ngày", "tỉnh", "như")
)
_LETTERS = re.compile(r"[^\W\d_]+")
_MAX_SEGMENT_WORD = 24


def is_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable (diacritics ignored)."""
    return bool(_SYLLABLE.match(fold(word)))


def _segment(word: str) -> list[str] | None:
    """Fewest syllables (≥ 2 letters each, one a glue word) that spell `word`."""
    n = len(word)
    # (pieces, -glue words, -glue letters, previous cut): fewest pieces, then most glue
    best: list[tuple[int, int, int, int] | None] = [None] * (n + 1)
    best[0] = (0, 0, 0, -1)
    for end in range(2, n + 1):
        for begin in range(max(0, end - 7), end - 1):
            if best[begin] is None:
                continue
            piece = word[begin:end]
            if begin and not piece[:1].islower() and not piece.islower():
                continue  # a capital inside the word is not a glued syllable
            if not is_syllable(piece):
                continue
            pieces, glue, letters, _ = best[begin]
            is_glue = piece.lower() in _GLUE_WORDS
            candidate = (pieces + 1, glue - is_glue, letters - len(piece) * is_glue, begin)
            if best[end] is None or candidate[:3] < best[end][:3]:
                best[end] = candidate
    if best[n] is None or best[n][1] == 0 or best[n][0] < 2:
        return None
    parts: list[str] = []
    end = n
    while end > 0:
        begin = best[end][3]
        parts.append(word[begin:end])
        end = begin
    return parts[::-1]


def _split_glued_syllables(word: str) -> str:
    """ "nàythành" → "này thành", "Uyênvàcácxã" → "Uyên và các xã", "CPngày" → "CP ngày"."""
    if len(word) < 3 or len(word) > _MAX_SEGMENT_WORD or is_syllable(word):
        return word
    capitals = next((i for i, ch in enumerate(word) if not ch.isupper()), len(word))
    acronym, rest = word[:capitals], word[capitals:]
    if capitals and rest[:1].islower() and rest.lower() in _STRONG_GLUE:
        return f"{acronym} {rest}"  # "Ủthành" → "Ủ thành", "Bthành" → "B thành"
    parts = _segment(word)
    if parts:
        return " ".join(parts)
    if capitals >= 2 and rest[:1].islower() and (rest_parts := _segment(rest)):
        return " ".join([acronym, *rest_parts])  # "MTTQVNtỉnhxã"
    return word


def _split_case_joins(token: str, vietnamese: bool) -> str:
    """ "desPolitbüros" → "des Politbüros", "phườngNgô" → "phường Ngô".

    Only lower→upper joins whose left part is a lower-case word (or, in Vietnamese,
    not a single syllable): "ĐamBri", "YouTube", "iPhone" stay as they are.
    """
    out: list[str] = []
    start = 0
    for index in range(1, len(token)):
        prev, cur = token[index - 1], token[index]
        if not (prev.islower() and cur.isupper()):
            continue
        left_run = re.search(r"[^\W\d_]+$", token[start:index])
        right_run = re.match(r"[^\W\d_]+", token[index:])
        if not left_run or not right_run:
            continue
        left, right = left_run.group(0), right_run.group(0)
        if len(right) < 2 or not right[1:].islower():
            continue
        if left.islower():
            ok = len(left) >= 2 or vietnamese
        else:
            ok = vietnamese and not is_syllable(left) and len(left) >= 4
        if ok:
            out.append(token[start:index])
            start = index
    out.append(token[start:])
    return " ".join(out)


def fix_glued_words(text: str, *, vietnamese: bool) -> str:
    """Conservative repairs of spaces the conversion lost."""
    tokens = text.split(" ")
    fixed = [_split_case_joins(t, vietnamese) if len(t) > 3 else t for t in tokens]
    text = " ".join(fixed)
    if not vietnamese:
        return text
    text = _LETTERS.sub(lambda m: _split_glued_syllables(m.group(0)), text)
    # "Sơn,phường" / "Trung(thành" / "Nguyên)thành" / "Hải 2thành"
    text = re.sub(r"(?<=[^\W\d_]),(?=[^\W\d_])", ", ", text)
    text = re.sub(r"(?<=[^\W\d_])\((?=[^\W\d_])", " (", text)
    text = re.sub(r"(?<=[^\W\d_])\)(?=[^\W\d_])", ") ", text)
    text = re.sub(r"(?<=\d)(?=(?:thành|và|của)\b)", " ", text)
    text = re.sub(r"^(\d{1,3})\.(?=[^\W\d_])", r"\1. ", text)  # "113.Sắp xếp"

    # "gồm67 xã": a Vietnamese word glued to a number ("km2" stays)
    def space_before_number(match: re.Match[str]) -> str:
        word = match.group(1)
        return f"{word} " if is_syllable(word) and not word.isascii() else word

    return re.sub(r"(?<![\w])([^\W\d_]+)(?=\d)", space_before_number, text)


def _wrap_width(lines: list[str]) -> int:
    lengths = [len(ln) for ln in lines if ln.strip()]
    if len(lengths) < 3:
        return 10**6  # too few lines to tell: one paragraph per line
    return int(statistics.quantiles(lengths, n=10)[-1])


def _ends_paragraph(line: str, width: int) -> bool:
    stripped = line.rstrip()
    return len(stripped) < 0.7 * width and bool(_SENTENCE_END.search(stripped))


def split_paragraphs(text: str, *, wrapped: bool | None = None) -> list[str]:
    """Paragraphs of raw (line-structured) text, with hard wraps joined.

    Hard-wrapped text (90% of lines ≤ 110 chars): a blank line ends a paragraph, and so
    does a short line ending a sentence when the next starts an item (PDF text has no
    blank lines). Otherwise every non-empty line is a paragraph (news: one per line).
    `wrapped` forces the decision (PDF text is always wrapped).
    """
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    width = _wrap_width(lines)
    paragraphs: list[str] = []
    if wrapped is False or (wrapped is None and width > _WRAP_MAX):
        for line in lines:
            paragraphs.extend(part for part in line.split(HARD_BREAK_MARK))
        return [p for p in (q.strip() for q in paragraphs) if p]
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for line in lines:
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if current and _ITEM_START.match(stripped) and _ends_paragraph(current[-1], width):
            flush()
        current.append(stripped)
    flush()
    # hard breaks inside a paragraph stay line breaks
    result: list[str] = []
    for paragraph in paragraphs:
        result.append("\n".join(p.strip() for p in paragraph.split(HARD_BREAK_MARK) if p.strip()))
    return [p for p in result if p]


def clean_paragraph(paragraph: str, *, vietnamese: bool) -> str:
    """Canonical text of one paragraph: NFC, one tone placement, debris gone."""
    text = _SITE_DEBRIS.sub("", paragraph)
    text = _DASH_RUN.sub("", text)
    lines = [
        normalize(fix_glued_words(normalize(line), vietnamese=vietnamese))
        for line in text.split("\n")
    ]
    return "\n".join(line for line in lines if line)
