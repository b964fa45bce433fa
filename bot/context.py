"""The `context` every handler receives: python-telegram-bot's `CallbackContext`, typed.

Why a subclass (PTB's own `ContextTypes` idiom, see its `contexttypesbot.py` example):
handlers read the shared services and what the group −1 gate (`bot/gate.py`) settled
for this update — reply language, the question asked — as typed properties, instead of
each one fishing `bot_data["services"]` and re-reading the language in its opening. PTB
builds one context per update and hands the same object to every group, so what the
gate stores here is what the handler in group 0 reads.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.services import BotServices
from bot.state import StateStore


class HaicapContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self._lang: str | None = None
        self._chat_lang: str | None = None
        self._question: str | None = None

    @property
    def services(self) -> BotServices:
        """Settings, state store, rate limiter and answer engines (built in bot/app.py)."""
        return self.bot_data["services"]

    @property
    def state(self) -> StateStore:
        return self.services.state

    @property
    def lang(self) -> str:
        """The reply language for this update: the chat's /lang choice, else the user's
        Telegram language when supported, else Vietnamese."""
        if self._lang is None:
            raise RuntimeError("no reply language: the group −1 gate did not run")
        return self._lang

    @property
    def chat_lang(self) -> str | None:
        """The chat's explicit /lang choice; None lets the pipeline detect per question."""
        return self._chat_lang

    def set_languages(self, lang: str, chat_lang: str | None) -> None:
        self._lang, self._chat_lang = lang, chat_lang

    @property
    def question(self) -> str:
        """The question (or address) this update asks, checked and within the rate limit;
        set by the gate only for the handlers that answer questions."""
        if self._question is None:
            raise RuntimeError("no question: the gate reads one only for asking handlers")
        return self._question

    @question.setter
    def question(self, text: str) -> None:
        self._question = text


CONTEXT_TYPES = ContextTypes(context=HaicapContext)
