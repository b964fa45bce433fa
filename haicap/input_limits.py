"""How much of a user's input haicap reads, and how much it echoes back.

Why: a question or address is a sentence, not a file. A 100,000-character input costs
seconds of matching for nothing and, echoed in full in `query`/`input`, floods the
caller's output. Over the limit the input is refused with a clear message (never
silently cut: an answer to half a question is worse than none), and every echo of a
user's text is cut to ECHO_CHARS with `input_truncated` saying so.
"""

from __future__ import annotations

# Telegram caps a message at 4,096 characters; no real question or address comes close.
MAX_INPUT_CHARS = 2000
# What a JSON reply repeats of the input (`input`, `query`).
ECHO_CHARS = 300


def too_long(text: str) -> bool:
    return len(text) > MAX_INPUT_CHARS


def too_long_message(text: str) -> str:
    return (
        f"Input too long ({len(text):,} characters; the limit is {MAX_INPUT_CHARS:,}). "
        "Ask one question, or give one address, per line. / Câu hỏi hoặc địa chỉ quá dài "
        f"({len(text):,} ký tự; tối đa {MAX_INPUT_CHARS:,})."
    )


def echo(text: str) -> str:
    """The input as repeated in a reply: whole, or its first ECHO_CHARS characters."""
    return text if len(text) <= ECHO_CHARS else text[:ECHO_CHARS]


def echo_fields(text: str) -> dict[str, object]:
    """The `input` field of a batch reply, and when cut, how long the input was."""
    if len(text) <= ECHO_CHARS:
        return {"input": text}
    return {"input": text[:ECHO_CHARS], "input_truncated": True, "input_chars": len(text)}
