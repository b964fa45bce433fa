"""Every setting haicap reads, from the environment and `.env` (see `.env.example`).

Why here: one typed place that every part (CLI, bot, retrieval, ingestion) shares, so a
setting has one name and one default. Secrets are `SecretStr` and never printed.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "google/embeddinggemma-300m"
DATA_VERSION = "2025-07-01"


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "haicap"


class Settings(BaseSettings):
    """haicap configuration; field names map to the upper-case environment names."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    # Storage
    data_dir: Path = Field(Path("data"), validation_alias="HAICAP_DATA_DIR")
    cache_dir: Path = Field(default_factory=_default_cache_dir, validation_alias="HAICAP_CACHE_DIR")

    # Embedding model
    embed_model: str = Field(DEFAULT_MODEL, validation_alias="HAICAP_EMBED_MODEL")
    embed_dim: int = Field(768, validation_alias="HAICAP_EMBED_DIM")
    embed_dtype: str = Field("bfloat16", validation_alias="HAICAP_EMBED_DTYPE")
    embed_batch_size: int = Field(16, validation_alias="HAICAP_EMBED_BATCH_SIZE")
    model_dir: Path | None = Field(None, validation_alias="HAICAP_MODEL_DIR")

    # Chroma server mode (embedded PersistentClient when host is empty)
    chroma_host: str = Field("", validation_alias="CHROMA_HOST")
    chroma_port: int = Field(8000, validation_alias="CHROMA_PORT")

    # Optional LLM answerer behind an OpenAI-compatible endpoint
    llm_base_url: str = Field("", validation_alias="HAICAP_LLM_BASE_URL")
    llm_model: str = Field("", validation_alias="HAICAP_LLM_MODEL")
    llm_api_key: SecretStr = Field(SecretStr(""), validation_alias="HAICAP_LLM_API_KEY")
    llm_timeout: float = Field(30.0, validation_alias="HAICAP_LLM_TIMEOUT")

    # Telegram
    telegram_bot_token: SecretStr = Field(SecretStr(""), validation_alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(
        "https://api.telegram.org/bot", validation_alias="TELEGRAM_API_BASE_URL"
    )
    telegram_webhook_url: str = Field("", validation_alias="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_secret: SecretStr = Field(
        SecretStr(""), validation_alias="TELEGRAM_WEBHOOK_SECRET"
    )
    telegram_webhook_listen: str = Field("127.0.0.1", validation_alias="TELEGRAM_WEBHOOK_LISTEN")
    telegram_webhook_port: int = Field(8443, validation_alias="TELEGRAM_WEBHOOK_PORT")
    admin_user_ids: str = Field("", validation_alias="ADMIN_USER_IDS")
    rate_limit_per_minute: int = Field(20, validation_alias="HAICAP_RATE_LIMIT_PER_MINUTE")

    # Shared state (feedback, rate limits, chat history): SQLite file in the data dir
    # unless a URL is given (postgresql://…).
    state_url: str = Field("", validation_alias=AliasChoices("HAICAP_STATE_URL", "DATABASE_URL"))
    history_ttl_days: int = Field(30, validation_alias="HAICAP_HISTORY_TTL_DAYS")

    log_level: str = Field("INFO", validation_alias="HAICAP_LOG_LEVEL")

    @property
    def models_dir(self) -> Path:
        """Where fetched models live; shared by every data dir."""
        return self.cache_dir / "models"

    @property
    def admin_ids(self) -> frozenset[int]:
        return frozenset(
            int(part) for part in self.admin_user_ids.replace(";", ",").split(",") if part.strip()
        )

    def with_data_dir(self, data_dir: str | Path | None) -> Settings:
        """A copy pointing at another data dir (the `--data-dir` flag wins)."""
        if data_dir is None:
            return self
        return self.model_copy(update={"data_dir": Path(data_dir)})


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
