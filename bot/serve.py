"""Run the application until asked to stop: long polling, or webhook with a secret.

Why not `run_polling()`: it owns the event loop and signal handling, so it cannot run
inside tests; this is the same initialize → start → stop sequence, usable both from
`haicap bot` (with SIGINT/SIGTERM setting the stop event) and in-process from tests.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, on_shutdown, on_startup
from haicap.logsetup import redact_secrets
from haicap.settings import Settings

log = logging.getLogger(__name__)

POLL_TIMEOUT_S = 10
BOOTSTRAP_RETRIES = 5


@dataclass(frozen=True)
class WebhookConfig:
    url: str
    secret: str
    listen: str
    port: int

    @property
    def url_path(self) -> str:
        return urlsplit(self.url).path.lstrip("/")


class ConfigError(ValueError):
    """The Telegram settings cannot work (e.g. a webhook without its secret)."""


def webhook_config(settings: Settings) -> WebhookConfig | None:
    """None for long polling; a webhook requires TELEGRAM_WEBHOOK_SECRET (refused otherwise)."""
    url = settings.telegram_webhook_url.strip()
    if not url:
        return None
    secret = settings.telegram_webhook_secret.get_secret_value()
    if not secret:
        raise ConfigError(
            "TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is not: refusing to "
            "start a webhook anyone could post fake updates to. Set a random secret "
            "(1-256 characters of A-Z a-z 0-9 _ -)."
        )
    if not urlsplit(url).scheme.startswith("http"):
        raise ConfigError(f"TELEGRAM_WEBHOOK_URL must be an http(s) URL, got {url!r}")
    return WebhookConfig(
        url, secret, settings.telegram_webhook_listen, settings.telegram_webhook_port
    )


async def serve(
    app: Application,
    stop: asyncio.Event,
    webhook: WebhookConfig | None = None,
    *,
    ready: asyncio.Event | None = None,
) -> None:
    """Serve updates until `stop` is set, then shut down cleanly (pending work finishes)."""
    try:
        await app.initialize()
        await on_startup(app)
        updater = app.updater
        assert updater is not None
        if webhook is None:
            await updater.start_polling(
                timeout=POLL_TIMEOUT_S,
                bootstrap_retries=BOOTSTRAP_RETRIES,
                allowed_updates=ALLOWED_UPDATES,
            )
            log.info("long polling as @%s", app.bot.username)
        else:
            redact_secrets(webhook.secret)  # PTB logs setWebhook's parameters at DEBUG
            await updater.start_webhook(
                listen=webhook.listen,
                port=webhook.port,
                url_path=webhook.url_path,
                webhook_url=webhook.url,
                secret_token=webhook.secret,
                bootstrap_retries=BOOTSTRAP_RETRIES,
                allowed_updates=ALLOWED_UPDATES,
            )
            log.info(
                "webhook for @%s on %s:%d/%s",
                app.bot.username,
                webhook.listen,
                webhook.port,
                webhook.url_path,
            )
        await app.start()
        if ready is not None:
            ready.set()
        await stop.wait()
        log.info("stopping")
    finally:
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await on_shutdown(app)
        await app.shutdown()  # a no-op when initialize() failed
        log.info("stopped")
