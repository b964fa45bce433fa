"""What the address data describes, for `haicap status`.

Why this module holds only that now: it used to generate a page per new commune and
province (3,356 "built-in" documents) that were embedded into the store. Those pages
cost 22 minutes of embedding on a new machine and put project-written sentences inside
«» under a resolution's number. Unit facts are now computed from structured data
(gazetteer + parsed resolution clauses) and the pages are gone; data dirs that still
hold them lose them at the next start or ingest (ingestion/corpus.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from haicap.settings import Settings
from retrieval.address.corrections import load_corrections
from retrieval.address.gazetteer import get_gazetteer
from retrieval.address.legal_basis import recorded_documents
from retrieval.address.source_data import locate_source


def status_info(settings: Settings) -> dict[str, Any]:
    """What the address data describes, for `haicap status` (cheap: cached gazetteer)."""
    gaz = get_gazetteer(Path(settings.cache_dir), Path(settings.data_dir))
    recorded = recorded_documents(Path(settings.data_dir))
    return {
        "data_version": gaz.data_version,
        "base_version": "2025-07-01",
        "source": f"vietnamadminunits {locate_source().version} (MIT), "
        f"with {len(load_corrections())} corrections",
        "overlays": list(gaz.overlays),
        "counts": gaz.counts(),
        "resolutions_with_clauses": len(recorded),
        "clauses": sum(len(d.get("clauses", ())) for d in recorded.values()),
    }
