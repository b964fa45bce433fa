"""Step 3: where a question goes — documents, the address resolver, smalltalk, or a refusal.

Why before retrieval: greetings and attacks ("ignore previous instructions…") need no
search and must never reach an answerer; off-topic requests (weather, poems, code) are
refused in the user's language; address questions have their own exact resolver.
"""

from __future__ import annotations

import re

from answer.state import PipelineState
from haicap.text import fold

# All patterns run on folded text (lower case, no diacritics, đ→d).
_ATTACKS = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instruction|instructions|prompt|"
    r"prompts|rules|guidelines|above|previous|prior|system)\b"
    r"|\bsystem prompt\b|\byou are now\b|\bact as\b|\bpretend (to be|you)\b|\bjailbreak\b"
    r"|\bdeveloper mode\b|\bdo anything now\b|\breveal (your|the) (prompt|instructions)\b"
    r"|\b(bo qua|phot lo|quen)\b.{0,40}\b(huong dan|chi dan|chi thi truoc|lenh|yeu cau|quy tac)\b"
    r"|\bignorier\w*\b|\bvergiss\w*\b.{0,40}\b(anweisung\w*|regeln|vorgaben)\b"
    r"|\bignorera\w*\b|\bglom\b.{0,40}\b(instruktion\w*|regler)\b"
)
_OFF_TOPIC_TASKS = re.compile(
    r"\b(write|compose|generate|make)\b.{0,30}\b(poem|poems|song|story|essay|joke|limerick|"
    r"haiku|code|script|program|function|email|letter)\b"
    r"|\b(poem|poetry|limerick|haiku|lyrics|recipe|joke)\b"
    r"|\b(viet|sang tac|lam)\b.{0,20}\b(bai tho|tho|truyen|bai hat|code|chuong trinh)\b"
    r"|\b(bai tho|truyen cuoi|cong thuc nau|bai hat)\b"
    r"|\b(gedicht|witz|rezept|liedtext|schreib\w*)\b"
    r"|\b(dikt|skamt|recept|skriv)\b"
    r"|\b(python|javascript|typescript|java|sql|html|css|regex|c\+\+|golang|rust code)\b"
    r"|\b(translate|dich sang|ubersetze\w*|oversatt\w*)\b"
)
_OFF_TOPIC_DOMAINS = re.compile(
    r"\b(thoi tiet|du bao thoi tiet|weather|forecast|wetter\w*|vader\w*|vadret|"
    r"nhiet do|temperature|temperatur)\b"
    r"|\b(bong da|football|soccer|fussball|fotboll|world cup|bundesliga)\b"
    r"|\b(gia vang|gold price|bitcoin|crypto\w*|chung khoan|stock price|aktienkurs|aktiekurs)\b"
    r"|\b(phim|movie|movies|kinofilm|film|ca si|singer|sanger\w*)\b"
    r"|\b(cats|dogs|kittens|puppies|katzen|hunde|katter|hundar)\b"
)
_MATH = re.compile(r"^[\d\s+\-*/^().,=?x]+$")

_GREETINGS = re.compile(
    r"^(xin chao|chao|chao ban|alo|hello|hi|hey|good (morning|afternoon|evening)|hallo|"
    r"guten (morgen|tag|abend)|moin|servus|hej|hallå|halla|tjena|god (morgon|dag|kvall))"
    r"(\s+\w+)?\s*[!.?]*$"
)
_THANKS = re.compile(
    r"^(cam on|cam on ban|thanks|thank you|thx|danke|danke schon|vielen dank|tack|tack sa "
    r"mycket)(\s+\w+)?\s*[!.]*$"
)
_HELP = re.compile(
    r"^/?(help|start|huong dan|tro giup|giup|giup toi|hilfe|hjalp)\s*[!?.]*$"
    r"|\b(ban (co the )?lam (duoc )?gi|what can you do|how do i use|was kannst du|"
    r"vad kan du)\b"
)


def classify(text: str) -> tuple[str, str]:
    """(route, detail): ("out_of_scope", "attack" | "task" | "topic"), ("smalltalk", …)."""
    folded = fold(text).strip()
    if _ATTACKS.search(folded):
        return "out_of_scope", "attack"
    if _GREETINGS.match(folded) or _THANKS.match(folded):
        return "smalltalk", "greeting"
    if _HELP.search(folded):
        return "smalltalk", "help"
    if _OFF_TOPIC_TASKS.search(folded):
        return "out_of_scope", "task"
    if _OFF_TOPIC_DOMAINS.search(folded) or _MATH.match(folded):
        return "out_of_scope", "topic"
    return "documents", ""


def _address_checker():
    """The address resolver's own test, when that part is installed."""
    try:
        from retrieval.address.answer import is_address_question
    except ImportError:
        return None
    return is_address_question


def route_step(state: PipelineState) -> PipelineState:
    with state.timed("route"):
        if state.route == "empty":
            return state
        route, detail = classify(state.text)
        if route == "documents" and state.standalone != state.text:
            route, detail = classify(state.standalone)
        if route == "documents":
            checker = _address_checker()
            if checker is not None and checker(state.standalone):
                route = "address"
        state.route = route
        state.smalltalk = detail
    return state
