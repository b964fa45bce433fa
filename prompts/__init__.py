"""Prompt texts for the optional LLM answerer, kept as plain files beside this module.

Why files: prompts are reviewed and edited as text, not as Python strings; they ship
as package data and are read once.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=16)
def load_prompt(name: str) -> str:
    """The prompt `name` (file `prompts/<name>.txt`); KeyError-like FileNotFoundError if absent."""
    if "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"bad prompt name: {name!r}")
    return resources.files(__package__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
