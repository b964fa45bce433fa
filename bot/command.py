"""`haicap bot`: serve Telegram until SIGINT/SIGTERM.

Why the checks up front: without a token there is nothing to serve (exit 2 and point
to `haicap chat`); a webhook without its secret is refused before anything starts.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

from telegram.error import InvalidToken, NetworkError

from haicap.logsetup import configure_logging, register_secrets
from haicap.settings import Settings

log = logging.getLogger("bot")


def run_bot(args: argparse.Namespace, settings: Settings) -> int:
    token = settings.telegram_bot_token.get_secret_value()
    if not token:
        print(
            "haicap bot: TELEGRAM_BOT_TOKEN is not set, so there is no Telegram bot to serve.\n"
            "Set it (from @BotFather) in the environment or .env, or talk to the same "
            "pipeline in the terminal with `haicap chat`.",
            file=sys.stderr,
        )
        return 2
    register_secrets(settings)
    configure_logging(settings.log_level)

    from bot.serve import ConfigError, webhook_config

    try:
        webhook = webhook_config(settings)
    except ConfigError as exc:
        print(f"haicap bot: {exc}", file=sys.stderr)
        return 2
    try:
        load_builtin = bool(getattr(args, "load_builtin", False))
        return asyncio.run(_serve_until_signal(settings, webhook, load_builtin))
    except InvalidToken:
        log.error("Telegram rejected TELEGRAM_BOT_TOKEN (InvalidToken); check the token")
        return 1
    except NetworkError as exc:
        log.error(
            "cannot reach the Telegram Bot API at %s: %s", settings.telegram_api_base_url, exc
        )
        return 1


async def _serve_until_signal(settings: Settings, webhook: object, load_builtin: bool) -> int:
    from bot.app import build_application
    from bot.serve import serve

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    app = build_application(settings)
    loader = None
    if load_builtin:
        from bot.knowledge_loader import BuiltinLoader

        loader = BuiltinLoader(settings)
        app.bot_data["services"].loader = loader
        loader.start()
    try:
        await serve(app, stop, webhook)  # type: ignore[arg-type]
    finally:
        if loader is not None:
            await asyncio.to_thread(loader.stop)
    return 0
