"""Every setting haicap reads, from the environment and `.env` (see `.env.example`).

Why here: one typed place that every part (CLI, bot, retrieval, ingestion) shares, so a
setting has one name and one default. Secrets are `SecretStr` and never printed.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "google/embeddinggemma-300m"
DATA_VERSION = "2025-07-01"
MIN_WEBHOOK_SECRET = 16
_WEBHOOK_SECRET = re.compile(rf"[A-Za-z0-9_-]{{{MIN_WEBHOOK_SECRET},256}}")
_USER_ID = re.compile(r"-?[0-9]{1,20}")


def _id_parts(value: str) -> list[str]:
    """ADMIN_USER_IDS split on "," or ";" (blank parts ignored)."""
    return [part for part in value.replace(";", ",").split(",") if part.strip()]


@lru_cache(maxsize=1)
def cpu_has_native_bf16() -> bool:
    """True when the CPU has bfloat16 instructions (Linux /proc/cpuinfo flags)."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return bool(re.search(r"\b(avx512_bf16|amx_bf16)\b", flags))


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "haicap"


class Settings(BaseSettings):
    """haicap configuration; field names map to the upper-case environment names."""

    # HAICAP_ENV_FILE names another settings file; empty means none (the tests set it so
    # a developer's `.env` never changes what they check).
    model_config = SettingsConfigDict(
        env_file=os.environ.get("HAICAP_ENV_FILE", ".env") or None,
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
        hide_input_in_errors=True,  # a validation error must never print a secret
    )

    # Storage
    data_dir: Path = Field(Path("data"), validation_alias="HAICAP_DATA_DIR")
    cache_dir: Path = Field(default_factory=_default_cache_dir, validation_alias="HAICAP_CACHE_DIR")

    # Embedding model
    embed_model: str = Field(DEFAULT_MODEL, validation_alias="HAICAP_EMBED_MODEL")
    embed_dim: int = Field(768, validation_alias="HAICAP_EMBED_DIM")
    # "auto": bfloat16 only where the CPU computes it natively (avx512_bf16 / amx_bf16),
    # else float32 — emulated bf16 measured 8.6x SLOWER than fp32 on an AVX2-only EPYC.
    embed_dtype: str = Field("auto", validation_alias="HAICAP_EMBED_DTYPE")
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

    # Folders (or files) of documents `haicap start` loads, separated by ":" (os.pathsep);
    # incremental, so a later start only adds what changed (ingestion/corpus.py).
    corpus: str = Field("", validation_alias="HAICAP_CORPUS")

    log_level: str = Field("INFO", validation_alias="HAICAP_LOG_LEVEL")

    @property
    def models_dir(self) -> Path:
        """Where fetched models live; shared by every data dir."""
        return self.cache_dir / "models"

    @field_validator("embed_dtype")
    @classmethod
    def _resolve_dtype(cls, value: str) -> str:
        value = (value or "auto").strip().lower()
        if value == "auto":
            return "bfloat16" if cpu_has_native_bf16() else "float32"
        if value not in ("bfloat16", "float32"):
            raise ValueError("HAICAP_EMBED_DTYPE must be auto, bfloat16 or float32")
        return value

    # --- checked at start, so a bad value is one clear message, not an error per use ---
    @field_validator("admin_user_ids")
    @classmethod
    def _admin_ids_are_numbers(cls, value: str) -> str:
        bad = [part.strip() for part in _id_parts(value) if not _USER_ID.fullmatch(part.strip())]
        if bad:
            raise ValueError(
                "ADMIN_USER_IDS must be Telegram user ids (whole numbers) separated by commas, "
                f"e.g. 123456789,987654321; not numbers: {', '.join(map(repr, bad[:5]))}"
            )
        return value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _webhook_secret_is_strong(cls, value: SecretStr) -> SecretStr:
        # Why a minimum: the secret is all that tells Telegram's posts from anyone's, and
        # log redaction must be able to hide it without hiding common words.
        secret = value.get_secret_value()
        if secret and not _WEBHOOK_SECRET.fullmatch(secret):
            raise ValueError(
                f"TELEGRAM_WEBHOOK_SECRET must be {MIN_WEBHOOK_SECRET}-256 characters of "
                f"A-Z a-z 0-9 _ - (Telegram's alphabet); the one set has {len(secret)} "
                "characters or others. Generate one, e.g. "
                '`python -c "import secrets; print(secrets.token_urlsafe(32))"`'
            )
        return value

    @property
    def admin_ids(self) -> frozenset[int]:
        return frozenset(int(part) for part in _id_parts(self.admin_user_ids) if part.strip())

    def with_data_dir(self, data_dir: str | Path | None) -> Settings:
        """A copy pointing at another data dir (the `--data-dir` flag wins)."""
        if data_dir is None:
            return self
        return self.model_copy(update={"data_dir": Path(data_dir)})


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
