"""One router that decides a question's lane once; every later step reads the decision.

Lanes: `address` (an old address → its new unit), `facts` (counts, lists, unchanged
units, mergers, provinces, dates — computed from structured data), `documents` (prose
over the ingested texts), `smalltalk`, `out_of_scope`, `empty`. The decision carries a
plan — the lanes to try in order — so a lane that finds nothing hands the question on
(address → facts → documents; facts → documents) instead of ending in a dead end.

Why two stages: a pasted old address, a greeting or an attack is decided from structure
alone in microseconds (the bot's address lane never waits for the model); the rest is
decided by the semantic vote of the nearest labelled examples (semantic.py), which the
structural signals may veto ("names no address" can never be `address`). The question
vector computed here is the one retrieval reuses (retrieval/query_batcher.py remembers it).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from answer.router import signals
from answer.router.semantic import NearestExamples

log = logging.getLogger(__name__)
PENDING = "pending"  # the structural stage could not decide; the semantic one will
PLANS: dict[str, tuple[str, ...]] = {
    "address": ("address", "facts", "documents"),
    "facts": ("facts", "documents"),
    "documents": ("documents",),
    "smalltalk": ("smalltalk",),
    "out_of_scope": ("out_of_scope",),
    "empty": ("empty",),
}
# Below this share of the neighbours' vote for `facts`, a fact intent alone does not
# pull a question the examples call prose into the facts lane.
FACTS_PULL = 0.25
# Fact kinds about several units at once: the facts lane's, even when phrased like an
# address ("A và B được nhập thành xã nào?").
MULTI_UNIT_FACTS = frozenset({"old_units", "composition"})


@dataclass
class RouteDecision:
    """The lane, the order of lanes to fall through, and why (for logs and `ask --json`)."""

    lane: str
    plan: tuple[str, ...] = ()
    question: str = ""  # the text the lanes answer (an appended injection cut off)
    detail: str = ""  # greeting | help | attack | task | topic | address | …
    source: str = "structural"  # structural | semantic | fallback (model unavailable)
    confidence: float = 1.0
    scores: dict[str, float] = field(default_factory=dict)
    signals: dict[str, Any] = field(default_factory=dict)

    @property
    def decided(self) -> bool:
        return self.lane != PENDING

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["plan"] = list(self.plan)
        return data


Embed = Callable[[str], np.ndarray]
FactIntent = Callable[[str], str | None]


def _decision(lane: str, question: str, **extra: Any) -> RouteDecision:
    return RouteDecision(lane=lane, plan=PLANS.get(lane, ()), question=question, **extra)


class Router:
    """Structural signals first, then the nearest labelled examples."""

    def __init__(
        self,
        classifier: Callable[[], NearestExamples | None] | NearestExamples | None,
        embed: Embed | None,
        fact_intent: FactIntent | None = None,
        old_unit: Callable[[str], bool] | None = None,
        address_like: Callable[[str], bool] | None = None,
    ) -> None:
        self._classifier = classifier
        self._embed = embed
        self._fact_intent = fact_intent or (lambda _text: None)
        self._old_unit = old_unit or (lambda _text: False)
        self._address_like = address_like or signals.looks_like_address

    # -- stage 1: structure only (no model) -------------------------------------------
    def structural(self, text: str) -> RouteDecision:
        """Decide from structure when that is certain; else a PENDING decision."""
        if not re.search(r"\w", text or ""):
            return _decision("empty", "")
        split = signals.split_injection(text)
        question = split.question
        marks: dict[str, Any] = {"injection_removed": split.injected}
        if not re.search(r"\w", question):
            return _decision("out_of_scope", "", detail="attack", signals=marks)
        kind = signals.smalltalk_kind(question)
        if kind:
            return _decision("smalltalk", question, detail=kind, signals=marks)
        kind = signals.off_topic_kind(question)
        if kind:
            return _decision("out_of_scope", question, detail=kind, signals=marks)
        marks["fact_intent"] = fact = self._fact_intent(question)
        marks["fact_cue"] = signals.has_fact_cue(question)
        marks["address_like"] = self._address_like(question)
        marks["old_unit"] = marks["address_like"] and self._old_unit(question)
        marks["beyond_lookup"] = signals.asks_beyond_lookup(question)
        # Clearly an address: the resolver's test passes, the gazetteer finds the old
        # unit, and nothing asks for a count/list/date. A bare "list" intent is the
        # facts lane reading "… thuộc xã nào" ("which commune now") as a list.
        lookup = marks["old_unit"] and not marks["beyond_lookup"]
        if lookup and not marks["fact_cue"] and fact in (None, "list"):
            return _decision("address", question, detail="address", signals=marks)
        return RouteDecision(lane=PENDING, question=question, signals=marks)

    # -- stage 2: the semantic vote, vetoed by structure -------------------------------
    def decide(self, text: str, first: RouteDecision | None = None) -> RouteDecision:
        """The full decision; `first` is a structural decision already made for `text`."""
        first = first if first is not None else self.structural(text)
        if first.decided:
            return first
        question, marks = first.question, dict(first.signals)
        marks["domain"] = signals.names_place_or_document(question)
        if not marks.get("old_unit") and not marks.get("address_like"):
            marks["old_unit"] = self._old_unit(question)
        try:
            scores = self._vote(question)
        except (RuntimeError, OSError) as exc:  # model missing: structure alone decides
            log.warning("semantic routing unavailable (%s): %s", type(exc).__name__, exc)
            scores = None
        if scores is None:
            lane = "facts" if marks.get("fact_intent") else "documents"
            if marks.get("address_like") and not marks.get("beyond_lookup") and lane == "documents":
                lane = "address"
            return self._planned(lane, question, "fallback", 0.0, {}, marks)
        lane = self._vetted(next(iter(scores)), scores, marks)
        return self._planned(lane, question, "semantic", scores.get(lane, 0.0), scores, marks)

    def _vote(self, question: str) -> dict[str, float] | None:
        classifier = self._classifier() if callable(self._classifier) else self._classifier
        if classifier is None or self._embed is None:
            return None
        return classifier.scores(self._embed(question))

    @staticmethod
    def _vetted(lane: str, scores: dict[str, float], marks: dict[str, Any]) -> str:
        """Structure overrules the vote where it knows better: the address lane only
        for an address, several old units or a composition to the facts, a question
        naming the reform's places or texts never refused as off-topic. (A facts vote
        without a fact intent stays: the facts lane then hands it to the documents.)"""
        fact = marks.get("fact_intent")
        if lane == "address" and fact in MULTI_UNIT_FACTS:
            lane = "facts"
        if lane == "address" and not (marks.get("address_like") or marks.get("old_unit")):
            lane = "facts" if fact else "documents"  # names places, but is no address
        if lane == "address" and marks.get("beyond_lookup"):
            lane = "documents"  # who heads the unit, its population …: not its new name
        if lane in ("smalltalk", "out_of_scope") and marks.get("domain"):
            lane = "facts" if fact else "documents"  # the reform is the topic
        if (
            lane == "documents"
            and fact
            and (marks.get("fact_cue") or scores.get("facts", 0.0) >= FACTS_PULL)
        ):
            lane = "facts"
        return lane

    @staticmethod
    def _planned(
        lane: str,
        question: str,
        source: str,
        confidence: float,
        scores: dict[str, float],
        marks: dict[str, Any],
    ) -> RouteDecision:
        plan = PLANS[lane]
        if lane == "facts" and (marks.get("address_like") or marks.get("old_unit")):
            plan = ("facts", "address", "documents")
        return RouteDecision(
            lane=lane,
            plan=plan,
            question=question,
            detail=lane,
            source=source,
            confidence=round(float(confidence), 4),
            scores=scores,
            signals=marks,
        )
