"""The one place the Telegram Application is built and its handlers registered.

Why here: polling, webhook mode and the tests all run exactly this application, so what
is wired (handlers, retries, concurrency, defaults) cannot differ between them.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import asked, buttons, handlers, inline
from bot.context import CONTEXT_TYPES, HaicapContext
from bot.gate import Gate
from bot.i18n import DEFAULT_LANGUAGE, command_menus
from bot.ordering import ChatOrderedProcessor
from bot.ratelimit import RateLimiter
from bot.retry import RetryingLimiter
from bot.services import AnswerPipeline, AnswerService, BotServices
from bot.state import StateStore
from haicap.logsetup import register_secrets
from haicap.settings import Settings

log = logging.getLogger(__name__)

PURGE_EVERY_S = 6 * 3600


def file_base_url(base_url: str) -> str:
    """…/bot → …/file/bot (Telegram's and the local Bot API server's layout)."""
    parts = urlsplit(base_url)
    path = parts.path.rstrip("/")
    path = path[: -len("/bot")] + "/file/bot" if path.endswith("/bot") else "/file/bot"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


BOT_API_CONNECTIONS = 32
BOT_API_POOL_TIMEOUT_S = 30.0


def build_application(settings: Settings, pipeline: AnswerPipeline | None = None) -> Application:
    """The bot: handlers, retrying sender, per-chat ordering, shared services.

    `pipeline` is built lazily from the store when not given (tests pass one shared
    instance so the model loads once per process).
    """
    token = settings.telegram_bot_token.get_secret_value()
    if not token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    register_secrets(settings)
    retrier = RetryingLimiter()
    application = (
        Application.builder()
        .token(token)
        .context_types(CONTEXT_TYPES)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(file_base_url(settings.telegram_api_base_url))
        .rate_limiter(retrier)
        .concurrent_updates(ChatOrderedProcessor(256))
        # httpx scans its whole pool for every queued request: PTB's default of 256
        # connections made that scan the event loop's biggest CPU cost at 200 chats
        # (benchmarks/load.py, py-spy). 32 connections with a patient pool timeout send
        # as fast, and the Bot API takes ~30 messages/s per bot anyway.
        .connection_pool_size(BOT_API_CONNECTIONS)
        .pool_timeout(BOT_API_POOL_TIMEOUT_S)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .build()
    )
    state = StateStore.from_settings(settings)
    application.bot_data["services"] = BotServices(
        settings=settings,
        state=state,
        answers=AnswerService(settings, pipeline),
        # hits in the shared state store: the limit holds across webhook workers
        limiter=RateLimiter(settings.rate_limit_per_minute, store=state),
        retrier=retrier,
    )
    _register(application)
    return application


# The handlers that answer questions, each with the reader of its question: the gate
# checks that question and applies the rate limit before the handler runs. Every other
# handler (commands, language and source buttons, votes) is not rate-limited.
ASKING = {
    handlers.question: asked.typed_question,
    handlers.where: asked.where_address,
    buttons.example_chosen: asked.example_question,
    buttons.candidate_chosen: asked.candidate_question,
    inline.inline_query: asked.inline_text,
}
GATE_GROUP = -1


def _register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, Gate(ASKING)), group=GATE_GROUP)
    commands = {
        "start": handlers.start,
        "help": handlers.help_command,
        "about": handlers.about,
        "lang": handlers.lang_command,
        "where": handlers.where,
        "forget": handlers.forget,
        "stats": handlers.stats,
        "reindex": handlers.reindex,
    }
    for name, callback in commands.items():
        app.add_handler(CommandHandler(name, callback))
    callbacks = {
        r"^ex:": buttons.example_chosen,
        r"^lang:": buttons.language_chosen,
        r"^cand:": buttons.candidate_chosen,
        r"^(src|hide):": buttons.sources_toggled,
        r"^vote:": buttons.voted,
    }
    for pattern, callback in callbacks.items():
        app.add_handler(CallbackQueryHandler(callback, pattern=pattern))
    app.add_handler(InlineQueryHandler(inline.inline_query))
    app.add_handler(MessageHandler(filters.LOCATION | filters.VENUE, handlers.location))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.question))
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL,
            handlers.unsupported,
        )
    )
    app.add_error_handler(handlers.on_error)


async def on_startup(app: Application) -> None:
    """Menu commands per language, history retention, model warm-up in the background."""
    services: BotServices = app.bot_data["services"]
    for lang, descriptions in command_menus():
        commands = [BotCommand(name, text) for name, text in descriptions.items()]
        default = lang == DEFAULT_LANGUAGE  # Telegram's menu for every other language
        await app.bot.set_my_commands(commands, language_code=None if default else lang)
    max_age = services.settings.history_ttl_days * 86400.0
    await services.state.run(services.state.purge_history, max_age)
    if app.job_queue is not None:
        app.job_queue.run_repeating(_purge_job, interval=PURGE_EVERY_S, first=PURGE_EVERY_S)
    services.spawn(services.answers.warm_up())


async def _purge_job(context: HaicapContext) -> None:
    services = context.services
    max_age = services.settings.history_ttl_days * 86400.0
    removed = await services.state.run(services.state.purge_history, max_age)
    log.info("history retention: removed %d old rows", removed)


async def on_shutdown(app: Application) -> None:
    """Stop background work and close the state store."""
    services: BotServices = app.bot_data["services"]
    for task in list(services.background):
        task.cancel()
    services.answers.close()
    services.state.close()


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
