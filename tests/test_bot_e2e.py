"""The real bot on python-telegram-bot's real polling loop against a fake Bot API.

Everything but the network is real: the Application from `bot.app`, the answer
pipeline over the ingested corpus (`corpus_settings`, built once per session), the
address resolver, the SQLite state store. Address expectations come from the
independent reference mapping in ../shared, never from the product's own data.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import re
import threading
from typing import Any

import aiohttp
import pytest

from bot.serve import WebhookConfig
from bot.state import StateStore
from haicap.settings import Settings
from haicap.text import fold
from tests.bot_support import (
    ADMIN,
    DOC_NUMBER,
    LEGAL_QUESTION,
    Recording,
    button,
    buttons_of,
    text_of,
)
from tests.fake_telegram import TOKEN, FakeTelegram, running_bot

pytestmark = pytest.mark.slow

# ------------------------------------------------------------------ tests
async def test_start_greets_in_the_users_language_with_three_examples(
    bot_settings: Settings, bot_pipeline: Any
) -> None:
    async with running_bot(bot_settings, bot_pipeline) as (fake, _app):
        await fake.send_text(1, "/start", language_code="vi")
        await fake.send_text(2, "/start", language_code="de")
        await fake.send_text(3, "/start", language_code="fr")
        vi, de, other = [(await fake.wait_for_messages(chat))[0] for chat in (1, 2, 3)]
    assert "Xin chào" in vi.params["text"] and "Hallo" in de.params["text"]
    assert "Xin chào" in other.params["text"]  # unsupported language → Vietnamese
    assert [b["callback_data"] for b in buttons_of(vi)] == ["ex:0", "ex:1", "ex:2"]
    assert len(fake.calls_of("setMyCommands")) == 4
    assert fake.calls_of("deleteWebhook")  # polling mode clears any webhook first


async def test_lang_command_switches_and_is_stored_per_chat(
    bot_settings: Settings, bot_pipeline: Any
) -> None:
    async with running_bot(bot_settings, bot_pipeline) as (fake, _app):
        await fake.send_text(5, "/lang sv")
        await fake.wait_for_messages(5, 1)
        await fake.send_text(5, "/help")
        await fake.send_text(5, "/lang xx")
        await fake.send_text(6, "/lang")
        await fake.wait_for_messages(5, 3)
        chooser = (await fake.wait_for_messages(6, 1))[0]
        await fake.push(fake.callback_update(6, chooser.params["_message_id"], "lang:en"))
        await fake.wait_for(lambda: fake.calls_of("editMessageText", chat_id=6), what="edit")
        await fake.send_text(6, "/about")
        about = (await fake.wait_for_messages(6, 2))[1]
    texts = fake.sent_texts(5)
    assert texts[0] == "Bytte till svenska."
    assert "Så använder du mig" in texts[1] and "@haicap_test_bot" in texts[1]
    assert "vi, en, de, sv" in texts[2]
    assert fake.calls_of("editMessageText", chat_id=6)[0].params["text"] == "Switched to English."
    assert "1 July 2025" in about.params["text"] and "Gemma Terms of Use" in about.params["text"]
    state = StateStore(bot_settings.state_url)
    assert (state.get_lang(5), state.get_lang(6)) == ("sv", "en")
    state.close()


async def test_address_question_gets_the_new_commune(
    bot_settings: Settings, bot_pipeline: Any, reference_address: tuple[str, str]
) -> None:
    question, expected = reference_address
    async with running_bot(bot_settings, bot_pipeline) as (fake, _app):
        await fake.send_text(10, question)
        reply = (await fake.wait_for_messages(10))[0]
        await fake.send_text(11, f"/where {question}")
        where_reply = (await fake.wait_for_messages(11))[0]
        await fake.send_text(11, "/where")
        usage = (await fake.wait_for_messages(11, 2))[1]
    assert fold(expected) in fold(text_of(reply)), text_of(reply)
    assert fold(expected) in fold(text_of(where_reply)), text_of(where_reply)
    assert "/where" in usage.params["text"]


async def test_legal_question_cites_and_sources_button_shows_quotes(
    bot_settings: Settings, bot_pipeline: Any
) -> None:
    expected = bot_pipeline.answer(LEGAL_QUESTION, history=[], lang=None)
    assert expected.citations, "the pipeline should cite for a resolution question"
    async with running_bot(bot_settings, bot_pipeline) as (fake, _app):
        await fake.send_text(20, LEGAL_QUESTION)
        reply = (await fake.wait_for_messages(20))[0]
        text = reply.params["text"]
        assert reply.params["parse_mode"] == "HTML"
        # numbered footnotes with document number (+ locator)
        assert re.search(r"\[1\] (<a [^>]*>)?<b>", text), text
        assert DOC_NUMBER.search(text_of(reply))
        assert "<blockquote>" not in text
        message_id = reply.params["_message_id"]
        await fake.push(fake.callback_update(20, message_id, button(reply, "src:")))
        await fake.wait_for(lambda: fake.calls_of("editMessageText", chat_id=20), what="edit")
        edited = fake.calls_of("editMessageText", chat_id=20)[0]
        assert edited.params["message_id"] == message_id
        for citation in expected.citations:
            if citation.quote.strip():
                assert html.escape(citation.quote.strip()) in edited.params["text"]
        assert button(edited, "hide:")
        await fake.push(fake.callback_update(20, message_id, button(edited, "hide:")))
        await fake.wait_for(
            lambda: len(fake.calls_of("editMessageText", chat_id=20)) >= 2, what="second edit"
        )
        restored = fake.calls_of("editMessageText", chat_id=20)[1]
    assert restored.params["text"] == text
    assert fake.messages[(20, message_id)]["text"] == text


async def test_vote_is_stored_with_question_answer_and_status(
    bot_settings: Settings, bot_pipeline: Any
) -> None:
    expected = bot_pipeline.answer(LEGAL_QUESTION, history=[], lang=None)
    assert expected.status == "answered"  # a resolution's own number: answerable
    async with running_bot(bot_settings, bot_pipeline) as (fake, _app):
        await fake.send_text(30, LEGAL_QUESTION)
        reply = (await fake.wait_for_messages(30))[0]
        await fake.push(
            fake.callback_update(30, reply.params["_message_id"], button(reply, "vote:"))
        )
        await fake.wait_for(
            lambda: fake.calls_of("editMessageReplyMarkup", chat_id=30), what="tick"
        )
        await fake.wait_for(lambda: fake.calls_of("answerCallbackQuery"), what="thanks")
    ticked = fake.calls_of("editMessageReplyMarkup", chat_id=30)[0]
    assert any(b["text"] == "👍 ✓" for b in buttons_of(ticked))
    state = StateStore(bot_settings.state_url)
    votes = state.votes()
    state.close()
    assert len(votes) == 1
    assert votes[0]["vote"] == 1 and votes[0]["user_id"] == 30
    assert votes[0]["question"] == LEGAL_QUESTION
    # exactly what the user was shown: the answer, its status and its sources
    assert votes[0]["status"] == "answered"
    assert votes[0]["answer"] == expected.answer
    cited = json.dumps(votes[0]["citations"], ensure_ascii=False)
    assert "1681/NQ-UBTVQH15" in cited
    assert fake.calls_of("answerCallbackQuery")[0].params.get("text")


async def test_example_button_and_follow_up_use_the_pipeline_with_history(
    bot_settings: Settings, bot_pipeline: Any
) -> None:
    recording = Recording(bot_pipeline)
    async with running_bot(bot_settings, recording) as (fake, _app):
        await fake.send_text(40, "/start")
        greeting = (await fake.wait_for_messages(40))[0]
        await fake.push(fake.callback_update(40, greeting.params["_message_id"], "ex:1"))
        answer = (await fake.wait_for_messages(40, 2))[1]
        await fake.send_text(40, "Nghị quyết đó có hiệu lực từ ngày nào?")
        await fake.wait_for_messages(40, 3)
    assert answer.params["text"].startswith("❓ <i>")  # the tapped question is echoed
    first, second = recording.calls
    assert "1681/NQ-UBTVQH15" in first["question"] and first["history"] == []
    assert len(second["history"]) == 1
    assert second["history"][0].question == first["question"]
    assert threading.get_ident() not in recording.threads  # never on the event loop


async def test_inline_mode_answers_address_lookups(
    bot_settings: Settings, bot_pipeline: Any, reference_address: tuple[str, str]
) -> None:
    question, expected = reference_address
    async with running_bot(bot_settings, bot_pipeline) as (fake, _app):
        await fake.push(fake.inline_update(50, question))
        await fake.push(fake.inline_update(51, "thời tiết hôm nay thế nào"))
        await fake.wait_for(
            lambda: len(fake.calls_of("answerInlineQuery")) >= 2, what="inline answers"
        )
    by_query = {call.params["inline_query_id"]: call for call in fake.calls_of("answerInlineQuery")}
    results = [call.params["results"] for call in by_query.values()]
    found = [r for r in results if r]
    assert len(found) == 1 and len(found[0]) == 1
    article = found[0][0]
    assert article["type"] == "article"
    assert fold(expected) in fold(html.unescape(article["input_message_content"]["message_text"]))
    empty = next(call for call in by_query.values() if not call.params["results"])
    assert empty.params.get("button")  # points the user to the chat


async def test_location_empty_huge_and_unsupported_messages_get_clear_replies(
    bot_settings: Settings, bot_pipeline: Any
) -> None:
    async with running_bot(bot_settings, bot_pipeline) as (fake, _app):
        await fake.push(fake.message_update(60, location=(10.78, 106.69), language_code="en"))
        await fake.wait_for_messages(60, 1)
        await fake.send_text(60, "\u200b \u200b", language_code="en")
        await fake.wait_for_messages(60, 2)
        await fake.send_text(60, "Phường 1 " * 500, language_code="en")
        await fake.wait_for_messages(60, 3)
        await fake.push(fake.message_update(60, sticker=True, language_code="en"))
        await fake.wait_for_messages(60, 4)
    location, empty, huge, sticker = fake.sent_texts(60)
    assert "coordinates" in location and "old address" in location
    assert "empty" in empty
    assert "too long" in huge and "4000" in huge
    assert "text messages" in sticker


async def test_rate_limit_replies_politely_once(bot_settings: Settings, bot_pipeline: Any) -> None:
    settings = bot_settings.model_copy(update={"rate_limit_per_minute": 2})
    async with running_bot(settings, bot_pipeline) as (fake, _app):
        for i in range(5):
            await fake.send_text(70, f"Phường {i + 1}, Quận 3, TP Hồ Chí Minh")
        await fake.send_text(70, "/help")  # commands are not limited; marks the end
        await fake.wait_for(
            lambda: any("/where" in t for t in fake.sent_texts(70)), what="help reply"
        )
        await fake.send_text(71, "Phường 1, Quận 3, TP Hồ Chí Minh")  # another user
        await fake.wait_for_messages(71)
    texts = fake.sent_texts(70)
    limited = [t for t in texts if "thử lại sau" in t]
    assert len(limited) == 1  # told once, not four times
    assert len(texts) == 2 + 1 + 1  # two answers, one notice, the help


async def test_flood_control_429_and_5xx_are_retried_until_delivered(
    bot_settings: Settings, bot_pipeline: Any
) -> None:
    async with running_bot(bot_settings, bot_pipeline) as (fake, app):
        fake.fail_next("sendMessage", status=429, retry_after=1)
        await fake.send_text(80, "/start")
        await fake.wait_for_messages(80)
        fake.fail_next("sendMessage", status=502, times=2)
        await fake.send_text(81, "/help")
        await fake.wait_for_messages(81)
        retries = app.bot_data["services"].retrier.retries
    first = fake.calls_of("sendMessage", chat_id=80)
    failed = [c for c in first if c.params.get("_failed") == 429]
    delivered = [c for c in first if "_failed" not in c.params]
    assert len(failed) == 1 and len(delivered) == 1
    assert delivered[0].at - failed[0].at >= 0.95  # waited retry_after
    assert (
        len([c for c in fake.calls_of("sendMessage", chat_id=81) if c.params.get("_failed")]) == 2
    )
    assert retries == 3


async def test_two_chats_at_once_neither_blocks_the_other(
    bot_settings: Settings, bot_pipeline: Any
) -> None:
    slow = Recording(bot_pipeline, delay_s=1.5)
    async with running_bot(bot_settings, slow) as (fake, _app):
        await fake.send_text(90, LEGAL_QUESTION)
        await fake.send_text(91, "Chỉ thị 45-CT/TW nói về điều gì?")
        await asyncio.sleep(0.2)
        await fake.send_text(92, "/start")
        greeting = (await fake.wait_for_messages(92))[0]
        first = (await fake.wait_for_messages(90))[0]
        second = (await fake.wait_for_messages(91))[0]
    # the greeting was served while both answers were still being computed …
    assert len(slow.spans) == 2
    assert greeting.at < min(end for _, end in slow.spans)
    assert greeting.at < first.at and greeting.at < second.at
    # … and both slow answers ran side by side: each started before the other ended
    (start_a, end_a), (start_b, end_b) = slow.spans
    assert start_b < end_a and start_a < end_b
    assert len(slow.threads) == 2
    # "typing…" was shown for the slow answers, and never for the instant greeting
    assert fake.calls_of("sendChatAction", chat_id=90, action="typing")
    assert not fake.calls_of("sendChatAction", chat_id=92)


class Padded(Recording):
    """The real answer, its text repeated past Telegram's limit (a very long answer)."""

    def answer(
        self, question: str, *, history: list, lang: str | None, prepared: Any = None
    ) -> Any:
        answer = super().answer(question, history=history, lang=lang, prepared=prepared)
        for field in ("answer", "body"):  # whichever the rendering reads
            paragraph = (getattr(answer, field, "") or "").strip()
            if paragraph:
                padded = "\n\n".join([paragraph] * (9000 // len(paragraph) + 1))
                setattr(answer, field, padded)
        return answer


async def test_a_long_answer_is_split_and_its_sources_still_expand(
    bot_settings: Settings, bot_pipeline: Any
) -> None:
    from bot.splitting import split_html

    async with running_bot(bot_settings, Padded(bot_pipeline)) as (fake, _app):
        await fake.send_text(140, LEGAL_QUESTION)
        await fake.wait_for(
            lambda: any(c.params.get("reply_markup") for c in fake.delivered(140)),
            what="the last part",
        )
        parts = fake.delivered(140)
        ids = [p.params["_message_id"] for p in parts]
        show = button(parts[-1], "src:")
        await fake.push(fake.callback_update(140, ids[-1], show))
        await fake.wait_for(lambda: fake.calls_of("answerCallbackQuery"), what="expanded")
        extras = fake.delivered(140)[len(parts) :]
        shown = [fake.messages[(140, i)]["text"] for i in ids] + [e.params["text"] for e in extras]
        hide = button(fake.calls_of("editMessageText", chat_id=140)[-1], "hide:")
        await fake.push(fake.callback_update(140, ids[-1], hide))
        await fake.wait_for(
            lambda: len(fake.calls_of("answerCallbackQuery")) >= 2, what="hidden again"
        )
    state = StateStore(bot_settings.state_url)
    record = state.get_answer(show.split(":", 1)[1])
    state.close()
    assert record is not None
    assert len(parts) >= 3
    for part in parts:
        assert len(part.params["text"]) <= 4096
        assert part.params["text"].count("<b>") == part.params["text"].count("</b>")
    keyboards = [bool(p.params.get("reply_markup")) for p in parts]
    assert keyboards == [False] * (len(parts) - 1) + [True]  # buttons on the last part only
    assert [p.params["text"] for p in parts] == split_html(record.collapsed)
    # expanded: the messages now read as the rendering with quotes, extra parts appended
    assert shown == split_html(record.expanded)
    assert "<blockquote>" in "".join(shown)
    # hidden again: the original texts back, the extra messages deleted
    assert [fake.messages[(140, i)]["text"] for i in ids] == split_html(record.collapsed)
    assert all((140, e.params["_message_id"]) not in fake.messages for e in extras)


class SlowDocuments(Recording):
    """Document questions take 2 s more (a saturated CPU); addresses stay instant."""

    def answer(
        self, question: str, *, history: list, lang: str | None, prepared: Any = None
    ) -> Any:
        from answer.lanes.address_question import is_address_question

        self.delay_s = 0.0 if is_address_question(question) else 2.0
        return super().answer(question, history=history, lang=lang, prepared=prepared)


async def test_address_questions_do_not_queue_behind_document_questions(
    bot_settings: Settings, bot_pipeline: Any, reference_address: tuple[str, str]
) -> None:
    from bot.services import PIPELINE_WORKERS

    question, expected = reference_address
    async with running_bot(bot_settings, SlowDocuments(bot_pipeline)) as (fake, _app):
        for chat in range(PIPELINE_WORKERS + 1):  # more than the document workers
            await fake.send_text(150 + chat, LEGAL_QUESTION)
        await asyncio.sleep(0.3)
        await fake.send_text(900, question)  # a chat id outside 150…150+workers
        address = (await fake.wait_for_messages(900))[0]
        documents = [(await fake.wait_for_messages(150 + c))[0] for c in range(PIPELINE_WORKERS)]
    assert fold(expected) in fold(text_of(address))
    # asked last, answered first: it did not wait for a document worker
    assert all(address.at < d.at for d in documents)


async def test_admin_commands_allowed_and_refused(
    bot_settings: Settings, bot_pipeline: Any, ingested_corpus: Any
) -> None:
    async with running_bot(bot_settings, bot_pipeline) as (fake, _app):
        await fake.send_text(ADMIN, LEGAL_QUESTION)
        await fake.wait_for_messages(ADMIN)
        await fake.send_text(ADMIN, "/stats", language_code="en")
        await fake.send_text(ADMIN, "/reindex", language_code="en")
        await fake.send_text(701, "/stats", language_code="en")
        await fake.send_text(701, "/reindex", language_code="en")
        await fake.wait_for_messages(ADMIN, 3)
        await fake.wait_for_messages(701, 2)
    _, stats_text, reindex_text = fake.sent_texts(ADMIN)
    assert "questions: 1" in stats_text and "pipeline: ready" in stats_text
    # reloaded from the store: every passage of the corpus counted, none lost
    assert reindex_text == f"Index reloaded: {ingested_corpus.report.total_chunks} passages."
    assert fake.sent_texts(701) == [
        "Sorry, this command is for administrators only.",
        "Sorry, this command is for administrators only.",
    ]


async def test_forget_deletes_the_users_messages_and_votes(
    bot_settings: Settings, bot_pipeline: Any
) -> None:
    async with running_bot(bot_settings, bot_pipeline) as (fake, _app):
        await fake.send_text(100, LEGAL_QUESTION, language_code="en")
        reply = (await fake.wait_for_messages(100))[0]
        await fake.push(
            fake.callback_update(100, reply.params["_message_id"], button(reply, "vote:"))
        )
        await fake.wait_for(lambda: fake.calls_of("answerCallbackQuery"), what="vote")
        await fake.send_text(101, LEGAL_QUESTION)  # someone else's data stays
        await fake.wait_for_messages(101)
        await fake.send_text(100, "/forget", language_code="en")
        done = (await fake.wait_for_messages(100, 2))[1]
        # the buttons of the forgotten answer no longer find it
        await fake.push(
            fake.callback_update(
                100, reply.params["_message_id"], button(reply, "src:"), language_code="en"
            )
        )
        await fake.wait_for(lambda: len(fake.calls_of("answerCallbackQuery")) >= 2, what="expired")
    assert done.params["text"] == "Deleted 1 stored messages and 1 votes of yours."
    state = StateStore(bot_settings.state_url)
    assert state.votes() == [] and state.recent_turns(100, 5, 3600) == []
    assert len(state.recent_turns(101, 5, 3600)) == 1
    state.close()
    assert "no longer stored" in fake.calls_of("answerCallbackQuery")[1].params["text"]


async def test_a_failing_update_gets_an_apology_and_the_bot_keeps_serving(
    bot_settings: Settings, bot_pipeline: Any, caplog: pytest.LogCaptureFixture
) -> None:
    broken = Recording(bot_pipeline, fail_on="BOOM")
    with caplog.at_level(logging.ERROR):
        async with running_bot(bot_settings, broken) as (fake, _app):
            await fake.send_text(110, "BOOM câu hỏi", language_code="en")
            apology = (await fake.wait_for_messages(110))[0]
            await fake.send_text(110, LEGAL_QUESTION, language_code="en")
            after = (await fake.wait_for_messages(110, 2))[1]
    assert "something went wrong" in apology.params["text"]
    assert "[1]" in after.params["text"]
    assert "simulated pipeline bug" in caplog.text and "Traceback" in caplog.text


async def test_store_unavailable_gives_a_clear_reply_and_addresses_still_work(
    bot_settings: Settings, reference_address: tuple[str, str], unused_tcp_port: int
) -> None:
    down = bot_settings.model_copy(
        update={"chroma_host": "127.0.0.1", "chroma_port": unused_tcp_port}
    )
    question, expected = reference_address
    async with running_bot(down, None) as (fake, app):
        await fake.send_text(120, "Chỉ thị 45-CT/TW nói về điều gì?", language_code="en")
        unavailable = (await fake.wait_for_messages(120))[0]
        await fake.send_text(120, f"/where {question}")
        where_reply = (await fake.wait_for_messages(120, 2))[1]
        await fake.send_text(120, question)
        typed = (await fake.wait_for_messages(120, 3))[2]
        status = app.bot_data["services"].answers.status
    assert "temporarily unavailable" in unavailable.params["text"]
    assert fold(expected) in fold(text_of(where_reply))
    assert fold(expected) in fold(text_of(typed))  # typed addresses fall back to the resolver
    assert status.startswith("unavailable")


async def test_token_never_reaches_the_logs(
    bot_settings: Settings, bot_pipeline: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from haicap.logsetup import configure_logging

    configure_logging("INFO")
    assert logging.getLogger("httpx").level == logging.WARNING
    # Force the worst case: httpx logging every URL (which contains the token).
    logging.getLogger("httpx").setLevel(logging.DEBUG)
    try:
        with caplog.at_level(logging.DEBUG):
            async with running_bot(bot_settings, bot_pipeline) as (fake, _app):
                fake.fail_next("sendMessage", status=429, retry_after=1)
                await fake.send_text(130, "/start")
                await fake.wait_for_messages(130)
                await fake.send_text(130, LEGAL_QUESTION)
                await fake.wait_for_messages(130, 2)
    finally:
        logging.getLogger("httpx").setLevel(logging.WARNING)
    assert "HTTP Request" in caplog.text  # httpx did log the URLs …
    assert TOKEN not in caplog.text  # … but never the token
    assert "[REDACTED]" in caplog.text
    formatted = "\n".join(logging.Formatter().format(r) for r in caplog.records)
    assert TOKEN not in formatted


async def test_wrong_token_is_rejected_at_start(bot_settings: Settings) -> None:
    from telegram.error import InvalidToken

    fake = await FakeTelegram().start()
    try:
        from pydantic import SecretStr

        from bot.app import build_application
        from bot.serve import serve

        settings = bot_settings.model_copy(
            update={
                "telegram_bot_token": SecretStr("999:wrong-token-abcdef"),
                "telegram_api_base_url": fake.base_url,
            }
        )
        app = build_application(settings)
        with pytest.raises(InvalidToken):
            await asyncio.wait_for(serve(app, asyncio.Event()), 20)
    finally:
        await fake.stop()


# ------------------------------------------------------------------ webhook mode
WEBHOOK_SECRET = "webhook-secret_0123456789"


async def test_webhook_rejects_a_wrong_secret_and_serves_the_right_one(
    bot_settings: Settings,
    bot_pipeline: Any,
    unused_tcp_port: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = bot_settings
    port = unused_tcp_port
    question = LEGAL_QUESTION
    expected = bot_pipeline.answer(question, history=[], lang=None)
    assert expected.status == "answered" and expected.citations
    hook = WebhookConfig(f"http://127.0.0.1:{port}/tg/hook", WEBHOOK_SECRET, "127.0.0.1", port)
    caplog.set_level(logging.DEBUG)
    async with running_bot(settings, bot_pipeline, webhook=hook) as (fake, _app):
        assert fake.webhook_url == hook.url and fake.webhook_secret == WEBHOOK_SECRET
        assert not fake.calls_of("getUpdates")  # no polling in webhook mode
        url = f"http://127.0.0.1:{port}/tg/hook"
        async with aiohttp.ClientSession() as session:

            async def post(update: dict, secret: str | None) -> int:
                headers = {"Content-Type": "application/json"}
                if secret is not None:
                    headers["X-Telegram-Bot-Api-Secret-Token"] = secret
                async with session.post(url, data=json.dumps(update), headers=headers) as r:
                    return r.status

            assert await post(fake.message_update(200, "/start"), "wrong-secret") == 403
            assert await post(fake.message_update(200, "/start"), None) == 403
            assert (
                await post(fake.message_update(201, "/start", language_code="sv"), WEBHOOK_SECRET)
                == 200
            )
            greeting = (await fake.wait_for_messages(201))[0]
            assert (
                await post(fake.message_update(201, question), WEBHOOK_SECRET)
                == 200
            )
            answer = (await fake.wait_for_messages(201, 2))[1]
    assert "Hej" in greeting.params["text"]
    # the real answer, cited, as the pipeline gives it (not an apology or a notice)
    reply = text_of(answer)
    assert "[1]" in reply and "1681/NQ-UBTVQH15" in reply, reply
    first = expected.citations[0]
    assert (first.document_number or first.doc_numbers[0]) in reply, reply
    shown = (getattr(expected, "body", "") or expected.answer).strip().splitlines()[0]
    assert shown in reply, reply
    assert fake.delivered(200) == []  # the forged updates were never processed
    assert "setWebhook" in caplog.text and WEBHOOK_SECRET not in caplog.text
