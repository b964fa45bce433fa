"""HAICAP_EMBED_DTYPE=auto picks bf16 only on CPUs that compute it natively.

Why: emulated bf16 measured 8.6x slower than fp32 on an AVX2-only CPU, so a fixed bf16
default turned a 10-minute first ingest into more than an hour on such machines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from haicap import settings as settings_module
from haicap.settings import Settings


@pytest.mark.parametrize(("native", "expected"), [(True, "bfloat16"), (False, "float32")])
def test_auto_follows_the_cpu(monkeypatch, native, expected):
    monkeypatch.setattr(settings_module, "cpu_has_native_bf16", lambda: native)
    assert Settings(HAICAP_EMBED_DTYPE="auto").embed_dtype == expected
    assert Settings(HAICAP_EMBED_DTYPE="").embed_dtype == expected


def test_explicit_dtype_wins_and_nonsense_is_refused(monkeypatch):
    monkeypatch.setattr(settings_module, "cpu_has_native_bf16", lambda: False)
    assert Settings(HAICAP_EMBED_DTYPE="bfloat16").embed_dtype == "bfloat16"
    assert Settings(HAICAP_EMBED_DTYPE="Float32").embed_dtype == "float32"
    with pytest.raises(ValidationError, match="auto, bfloat16 or float32"):
        Settings(HAICAP_EMBED_DTYPE="int8")


def test_cpu_flags_are_read_from_proc_cpuinfo():
    flags = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    settings_module.cpu_has_native_bf16.cache_clear()
    assert settings_module.cpu_has_native_bf16() == (
        " avx512_bf16" in flags or " amx_bf16" in flags
    )
