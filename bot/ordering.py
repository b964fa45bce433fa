"""Process updates concurrently across chats, in order within one chat.

Why: with PTB's default (one update at a time) a slow answer in one chat would stall
every other chat; with plain concurrency two quick messages from one user could be
answered out of order and mix up the follow-up history. A lock per chat gives both.
A chat that floods (more than MAX_WAITING_PER_CHAT queued) is not serialised further,
so it cannot occupy all concurrency slots; its surplus meets the rate limit at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_WAITING_PER_CHAT = 8


class ChatOrderedProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def initialize(self) -> None:
        """Nothing to allocate."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None or self._waiting.get(chat.id, 0) >= MAX_WAITING_PER_CHAT:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._waiting[chat.id] = self._waiting.get(chat.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[chat.id] -= 1
            if self._waiting[chat.id] == 0:
                del self._waiting[chat.id]
                self._locks.pop(chat.id, None)
