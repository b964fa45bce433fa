"""The record that flows through the answer pipeline's runnables.

Why a mutable record: every step reads what earlier steps found (language, route,
standalone question, passages) and a step that already produced the final `Answer`
(smalltalk, refusal, address) makes the later ones pass it through untouched.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from answer.types import Answer, Turn


@dataclass
class PipelineState:
    question: str
    history: list[Turn] = field(default_factory=list)
    lang_hint: str | None = None
    text: str = ""  # normalised question
    lang: str = "vi"
    notes: list[str] = field(default_factory=list)  # said after the answer (truncation…)
    standalone: str = ""  # the follow-up rewritten as a full question
    # The router's lane (address | facts | documents | smalltalk | out_of_scope | empty,
    # or "pending" between its structural and semantic stages) and the whole decision
    # (plan of lanes to fall through, signals, confidence): decided once, read by all.
    route: str = "documents"
    route_detail: Any = None  # answer.router.RouteDecision
    smalltalk: str = ""  # greeting | help
    analysis: Any = None  # QuestionAnalysis
    passages: list[Any] = field(default_factory=list)  # list[Passage]
    draft: Any = None  # extractive.Draft or llm result
    answer: Answer | None = None  # set once the reply is decided
    answerer: str = "grounded"  # grounded | llm
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return self.answer is not None

    @contextmanager
    def timed(self, step: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            self.timings[step] = round(self.timings.get(step, 0.0) + elapsed, 2)
