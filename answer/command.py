"""`haicap ask` and `haicap chat`: the answer pipeline on the command line.

Why thin: the pipeline does the work; here are only input handling (one question, a
batch file in JSON Lines, or a terminal conversation that also works with piped stdin)
and output (the JSON contract or a readable answer with footnotes).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import TextIO

from answer.types import Answer, Turn
from haicap import languages
from haicap.batch_lines import batch_lines
from haicap.input_limits import echo_fields, too_long, too_long_message
from haicap.settings import Settings

CHAT_HISTORY = 4


def _chat_text(key: str, reply_lang: str | None, **values: object) -> str:
    """A line of the terminal chat in the reply language (English while it is "auto")."""
    language = languages.find(reply_lang or languages.FOREIGN, languages.FOREIGN)
    return language.chat[key].format(**values)


def _valid_lang(lang: str | None) -> str | None:
    if lang is None:
        return None
    lang = lang.strip().lower()
    if not languages.is_supported(lang):
        raise ValueError(lang)
    return lang


def _print_answer(answer: Answer, as_json: bool, out: TextIO) -> None:
    if as_json:
        out.write(json.dumps(answer.to_json(), ensure_ascii=False) + "\n")
    else:
        from answer.steps.format import render_text

        out.write(render_text(answer) + "\n")
    out.flush()


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    """One question (argument), or `--batch FILE` (one per line, JSON Lines out)."""
    try:
        lang = _valid_lang(getattr(args, "lang", None))
    except ValueError:
        print(f"haicap ask: unsupported --lang {args.lang!r} (use {languages.code_list()})",
              file=sys.stderr)  # fmt: skip
        return 2
    batch = getattr(args, "batch", None)
    question = getattr(args, "question", None)
    if batch is None and question is None:
        print('haicap ask: give a question, e.g. haicap ask "…" --json, or --batch FILE',
              file=sys.stderr)  # fmt: skip
        return 2
    lines: Iterator[str] = iter(())
    if batch is not None:
        try:
            lines = batch_lines(batch)
        except OSError as exc:
            print(f"haicap ask: cannot read {batch}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    from answer.pipeline import build_pipeline

    pipeline = build_pipeline(settings)
    if batch is None:
        answer = _answer_line(pipeline, question or "", lang)
        _print_answer(answer, args.json, sys.stdout)
        return 1 if answer.route == "unavailable" else 0
    unavailable = False
    for line in lines:  # JSON Lines: exactly one object per input line, echoing it
        answer = _answer_line(pipeline, line, lang)
        unavailable = unavailable or answer.route == "unavailable"
        sys.stdout.write(
            json.dumps({**answer.to_json(), **echo_fields(line)}, ensure_ascii=False) + "\n"
        )
    sys.stdout.flush()
    return 1 if unavailable else 0


# What a blank line gets in a batch (no question, so no pipeline run).
_EMPTY_QUESTION = "Empty question. / Câu hỏi trống."


def _answer_line(pipeline, text: str, lang: str | None) -> Answer:
    """The pipeline's answer, except for blank or over-long input (`route` "input")."""
    if text.strip() and not too_long(text):
        return pipeline.answer(text, lang=lang)
    message = too_long_message(text) if text.strip() else _EMPTY_QUESTION
    return Answer(
        status="not_found", answer=message, body=message, language=lang or "en", route="input"
    )


def run_chat(args: argparse.Namespace, settings: Settings) -> int:
    """A conversation over stdin/stdout with per-session history for follow-ups."""
    try:
        lang = _valid_lang(getattr(args, "lang", None))
    except ValueError:
        print(f"haicap chat: unsupported --lang {args.lang!r} (use {languages.code_list()})",
              file=sys.stderr)  # fmt: skip
        return 2
    from answer.pipeline import build_pipeline

    pipeline = build_pipeline(settings)
    return chat_loop(pipeline, sys.stdin, sys.stdout, lang=lang)


def chat_loop(pipeline, stdin: TextIO, out: TextIO, *, lang: str | None = None) -> int:
    """Read questions line by line until EOF or /quit; commands start with "/"."""
    interactive = stdin.isatty() if hasattr(stdin, "isatty") else False
    history: list[Turn] = []
    if interactive:
        out.write(_chat_text("banner", lang) + "\n")
    while True:
        if interactive:
            out.write("> ")
            out.flush()
        line = stdin.readline()
        if not line:
            return 0
        text = line.strip()
        if not text:
            continue
        if text.lower() in ("/quit", "/exit", "/q"):
            return 0
        if text.lower().startswith("/lang"):
            value = text[5:].strip().lower()
            if value in ("", "auto"):
                lang = None
                out.write(_chat_text("lang_auto", lang) + "\n")
            elif languages.is_supported(value):
                lang = value
                out.write(_chat_text("lang_set", lang, lang=lang) + "\n")
            else:
                codes = languages.code_list()
                out.write(_chat_text("lang_bad", lang, lang=value, codes=codes) + "\n")
            out.flush()
            continue
        if text.lower() == "/reset":
            history.clear()
            out.write(_chat_text("reset", lang) + "\n")
            continue
        answer = pipeline.answer(text, history=history, lang=lang)
        _print_answer(answer, False, out)
        out.write("\n")
        history.append(pipeline.turn(text, answer))
        del history[:-CHAT_HISTORY]
