"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests of the real bot.

Why: there is no Telegram here, and the bot must be proven on python-telegram-bot's real
polling / webhook loop, so the network boundary (and only it) is replaced. The fake
implements exactly what haicap's bot uses, the way the real API behaves where PTB relies
on it: `getMe` with `is_bot` (401 for a wrong token), `getUpdates` honouring `offset`
with a real long-poll `timeout` that wakes on a new update and on shutdown, command
messages with `bot_command` entities, errors with `retry_after` on demand.

PTB sends string parameters raw and JSON-encodes everything else, so only the known
non-string parameters are JSON-decoded (`text` never is).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "123456:TEST-token-SECRET_abcdefghijklmnop"
BOT_ID = 123456
BOT_USERNAME = "haicap_test_bot"

# Parameters PTB sends JSON-encoded (non-str values); all others stay raw strings.
_JSON_PARAMS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "allowed_updates",
        "reply_markup",
        "results",
        "entities",
        "commands",
        "scope",
        "cache_time",
        "is_personal",
        "show_alert",
        "disable_notification",
        "protect_content",
        "link_preview_options",
        "reply_parameters",
        "drop_pending_updates",
        "max_connections",
        "button",
    }
)


@dataclass
class Call:
    """One request the bot made: method name and decoded parameters."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


@dataclass
class Failure:
    """An injected error for the next `times` calls of `method`."""

    method: str
    status: int
    times: int
    retry_after: int | None = None


@dataclass
class Delay:
    """Hold the next `times` calls of `method` for `seconds` (a stalled network):
    with `deliver` the call is then carried out (the client may have given up and
    retry: a duplicate), without it the call is dropped (it never reached Telegram)."""

    method: str
    seconds: float
    times: int
    deliver: bool


def _decode(params: dict[str, str]) -> dict[str, Any]:
    decoded: dict[str, Any] = {}
    for key, value in params.items():
        if key in _JSON_PARAMS:
            try:
                decoded[key] = json.loads(value)
            except ValueError:
                decoded[key] = value  # e.g. chat_id="@channel"
        else:
            decoded[key] = value
    return decoded


class FakeTelegram:
    """The fake server plus helpers to push updates and wait for the bot's replies."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self._delivered: dict[int, list[Call]] = {}  # chat id -> successful sendMessage
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}  # (chat, id) -> message
        self.webhook_url = ""
        self.webhook_secret = ""
        self.port = 0
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._callback_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._closing = asyncio.Event()
        self._failures: list[Failure] = []
        self._delays: list[Delay] = []
        self._runner: web.AppRunner | None = None

    # ---------------------------------------------------------------- lifecycle
    async def start(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        self._closing.set()
        async with self._changed:
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_BASE_URL would be (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    # ---------------------------------------------------------------- injection
    def fail_next(
        self, method: str, *, status: int = 429, times: int = 1, retry_after: int | None = 1
    ) -> None:
        """Answer the next `times` calls of `method` with an error (429 carries retry_after)."""
        self._failures.append(
            Failure(method, status, times, retry_after if status == 429 else None)
        )

    def delay_next(
        self, method: str, seconds: float, *, times: int = 1, deliver: bool = False
    ) -> None:
        """Stall the next `times` calls of `method` (see `Delay`), e.g. beyond the
        client's read timeout."""
        self._delays.append(Delay(method, seconds, times, deliver))

    def _take_delay(self, method: str) -> Delay | None:
        for delay in self._delays:
            if delay.method == method and delay.times > 0:
                delay.times -= 1
                return delay
        return None

    def _take_failure(self, method: str) -> Failure | None:
        for failure in self._failures:
            if failure.method == method and failure.times > 0:
                failure.times -= 1
                return failure
        return None

    # ---------------------------------------------------------------- updates
    @staticmethod
    def user(user_id: int, language_code: str | None = "vi", name: str = "Test") -> dict:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": name}
        if language_code:
            user["language_code"] = language_code
        return user

    def message_update(
        self,
        chat_id: int,
        text: str | None = None,
        *,
        user_id: int | None = None,
        language_code: str | None = "vi",
        location: tuple[float, float] | None = None,
        sticker: bool = False,
        photo: bool = False,
        voice: bool = False,
        chat_type: str = "private",
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A message update (private chat unless `chat_type` is "group"/"supergroup");
        a leading /command gets its bot_command entity; `reply_to` is the replied message."""
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        chat.update({"first_name": "Test"} if chat_type == "private" else {"title": "Test group"})
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self.user(user_id or chat_id, language_code),
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        if photo:
            message["photo"] = [
                {"file_id": "p1", "file_unique_id": "p1u", "width": 90, "height": 90}
            ]
        if voice:
            message["voice"] = {"file_id": "v1", "file_unique_id": "v1u", "duration": 2}
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if location is not None:
            message["location"] = {"latitude": location[0], "longitude": location[1]}
        if sticker:
            message["sticker"] = {
                "file_id": "s1",
                "file_unique_id": "s1u",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            }
        return {"update_id": next(self._update_ids), "message": message}

    def callback_update(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        language_code: str | None = "vi",
    ) -> dict[str, Any]:
        """A button tap on one of the bot's messages."""
        stored = self.messages.get((chat_id, message_id))
        message = (
            dict(stored)
            if stored
            else {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "text": "",
            }
        )
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": f"cq{next(self._callback_ids)}",
                "from": self.user(user_id or chat_id, language_code),
                "chat_instance": f"ci{chat_id}",
                "data": data,
                "message": message,
            },
        }

    def inline_update(
        self, user_id: int, query: str, *, language_code: str | None = "vi"
    ) -> dict[str, Any]:
        return {
            "update_id": next(self._update_ids),
            "inline_query": {
                "id": f"iq{next(self._callback_ids)}",
                "from": self.user(user_id, language_code),
                "query": query,
                "offset": "",
            },
        }

    async def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates and wake any long poll."""
        async with self._changed:
            self._updates.append(update)
            self._changed.notify_all()
        return update

    async def send_text(self, chat_id: int, text: str, **kwargs: Any) -> dict[str, Any]:
        return await self.push(self.message_update(chat_id, text, **kwargs))

    # ---------------------------------------------------------------- queries
    def calls_of(self, method: str, **match: Any) -> list[Call]:
        return [
            call
            for call in self.calls
            if call.method == method
            and all(call.params.get(key) == value for key, value in match.items())
        ]

    def delivered(self, chat_id: int) -> list[Call]:
        """sendMessage calls to chat_id that succeeded (injected failures left out)."""
        return list(self._delivered.get(chat_id, []))

    def sent_texts(self, chat_id: int) -> list[str]:
        return [call.params.get("text", "") for call in self.delivered(chat_id)]

    async def wait_for(
        self, predicate: Callable[[], Any], timeout: float = 30.0, what: str = "condition"
    ) -> Any:
        """Wait until predicate() is truthy (re-checked on every call the bot makes)."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                result = predicate()
                if result:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    methods = [c.method for c in self.calls[-15:]]
                    raise AssertionError(f"timed out waiting for {what}; last calls: {methods}")
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    continue

    async def wait_for_messages(
        self, chat_id: int, count: int = 1, timeout: float = 30.0
    ) -> list[Call]:
        """Wait for at least `count` delivered messages to chat_id (returns all of them)."""
        return await self.wait_for(
            lambda: calls if len(calls := self.delivered(chat_id)) >= count else None,
            timeout,
            f"{count} message(s) to chat {chat_id}",
        )

    # ---------------------------------------------------------------- server
    async def _params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, str] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                return dict(body or {})
            form = await request.post()
            raw.update({key: str(value) for key, value in form.items()})
        return _decode(raw)

    @staticmethod
    def _ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _error(status: int, description: str, **parameters: Any) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status)

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await self._params(request)
        failure = self._take_failure(method)
        if failure is not None:
            await self._record(method, params | {"_failed": failure.status})
            if failure.status == 429:
                return self._error(
                    429,
                    f"Too Many Requests: retry after {failure.retry_after}",
                    retry_after=failure.retry_after,
                )
            return self._error(failure.status, "Internal Server Error")
        delay = self._take_delay(method)
        if delay is not None:
            if not delay.deliver:
                await self._record(method, params | {"_failed": "timeout"})
            await asyncio.sleep(delay.seconds)  # the client times out meanwhile
            if not delay.deliver:
                return self._error(504, "Gateway Timeout")
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._error(404, "Not Found: method not found")
        if method != "getUpdates":
            await self._record(method, params)
        return await handler(params)

    async def _record(self, method: str, params: dict[str, Any]) -> None:
        async with self._changed:
            self.calls.append(Call(method, params))
            self._changed.notify_all()

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "haicap",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    async def _m_getMe(self, params: dict[str, Any]) -> web.Response:
        return self._ok(self._bot_user())

    async def _m_getUpdates(self, params: dict[str, Any]) -> web.Response:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        call = Call("getUpdates", dict(params))
        async with self._changed:
            self.calls.append(call)  # recorded on arrival: tests can see a poll waiting
            self._changed.notify_all()
            if offset:
                # Confirm (forget) everything below offset, as Telegram does.
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._closing.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    break
            batch = self._updates[:limit]
            call.params["_returned"] = len(batch)
        return self._ok(batch)

    def _new_message(self, params: dict[str, Any], text: str) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": self._bot_user(),
            "text": text,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.messages[(chat_id, message["message_id"])] = message
        return message

    async def _m_sendMessage(self, params: dict[str, Any]) -> web.Response:
        text = params.get("text", "")
        if not text.strip():
            return self._error(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            return self._error(400, "Bad Request: message is too long")
        message = self._new_message(params, text)
        # Remember which message id this call created, for tests that tap its buttons.
        call = next(c for c in reversed(self.calls) if c.params is params)
        async with self._changed:
            call.params["_message_id"] = message["message_id"]
            self._delivered.setdefault(message["chat"]["id"], []).append(call)
            self._changed.notify_all()
        return self._ok(message)

    async def _m_editMessageText(self, params: dict[str, Any]) -> web.Response:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            return self._error(400, "Bad Request: message to edit not found")
        text = params.get("text", "")
        if len(text) > 4096:
            return self._error(400, "Bad Request: MESSAGE_TOO_LONG")
        message = self.messages[key]
        if message.get("text") == text and message.get("reply_markup") == params.get(
            "reply_markup"
        ):
            return self._error(400, "Bad Request: message is not modified")
        message["text"] = text
        message["edit_date"] = int(time.time())
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        else:
            message.pop("reply_markup", None)
        return self._ok(message)

    async def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> web.Response:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            return self._error(400, "Bad Request: message to edit not found")
        message = self.messages[key]
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        return self._ok(message)

    async def _m_deleteMessage(self, params: dict[str, Any]) -> web.Response:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if self.messages.pop(key, None) is None:
            return self._error(400, "Bad Request: message to delete not found")
        return self._ok(True)

    async def _m_sendChatAction(self, params: dict[str, Any]) -> web.Response:
        return self._ok(True)

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> web.Response:
        return self._ok(True)

    async def _m_answerInlineQuery(self, params: dict[str, Any]) -> web.Response:
        return self._ok(True)

    async def _m_setWebhook(self, params: dict[str, Any]) -> web.Response:
        self.webhook_url = params.get("url", "")
        self.webhook_secret = params.get("secret_token", "")
        return self._ok(True)

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> web.Response:
        self.webhook_url = ""
        self.webhook_secret = ""
        return self._ok(True)

    async def _m_getWebhookInfo(self, params: dict[str, Any]) -> web.Response:
        return self._ok(
            {
                "url": self.webhook_url,
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
        )

    async def _m_setMyCommands(self, params: dict[str, Any]) -> web.Response:
        return self._ok(True)

    async def _m_setMyDescription(self, params: dict[str, Any]) -> web.Response:
        return self._ok(True)


@contextlib.asynccontextmanager
async def running_bot(
    settings: Any,
    pipeline: Any = None,
    *,
    webhook: Any = None,
    token: str = TOKEN,
) -> AsyncIterator[tuple[FakeTelegram, Any]]:
    """The real haicap Application served (polling or webhook) against a fresh fake."""
    from pydantic import SecretStr

    from bot.app import build_application
    from bot.serve import serve

    fake = await FakeTelegram(token).start()
    settings = settings.model_copy(
        update={"telegram_bot_token": SecretStr(token), "telegram_api_base_url": fake.base_url}
    )
    app = build_application(settings, pipeline)
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve(app, stop, webhook, ready=ready))
    try:
        ready_wait = asyncio.create_task(ready.wait())
        await asyncio.wait({task, ready_wait}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            ready_wait.cancel()
            task.result()  # raises what went wrong at start-up
            raise AssertionError("the bot stopped during start-up")
        if not ready.is_set():
            raise AssertionError("the bot did not start within 30 s")
        yield fake, app
    finally:
        stop.set()
        try:
            await asyncio.wait_for(task, 30)
        finally:
            await fake.stop()
