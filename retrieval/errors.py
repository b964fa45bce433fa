"""The failures the retrieval layer reports, as types the callers catch by name.

Why a module of their own: the answer path, the bot and the commands choose a reply
("temporarily unavailable", "run haicap models fetch") by catching these; defining them
here lets them do so without importing Chroma or the embedding model's code.
"""

from __future__ import annotations


class StoreUnavailable(RuntimeError):
    """The vector store cannot be reached or opened (server down, bad data dir)."""


class ModelNotInstalled(RuntimeError):
    """The embedding model has not been fetched and verified yet."""
